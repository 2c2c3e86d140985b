//! English and Korean. Every piece of UI text and every message is a [`Key`] into the catalogues
//! in `locales/` (generated into code by `build.rs`), looked up for a [`Lang`]. Pure code: the
//! server uses it too, to word validation messages in the caller's language.

use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// BCP 47 tag, for `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// "ko", "ko-KR", "KO_kr" → Korean; anything else we do not have → None.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ko") {
            Some(Lang::Ko)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first language of an `Accept-Language` header that we have.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|part| Lang::from_tag(part.split(';').next().unwrap_or("")))
            .next()
            .unwrap_or_default()
    }
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::En => en(key),
        Lang::Ko => korean(key),
    }
}

/// A part of a language's texts as a function: what the release client loads as a chunk of
/// its own (`ui::i18n`). English's first part, the sign-in page's, is in the first module.
pub type Catalogue = fn(Key) -> &'static str;

/// The parts a language's texts come in (see `build.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextPart {
    /// What the sign-in page, the root, the components and the domain name.
    First,
    /// What only the pages behind sign-in name, some page one lands on among them, fetched
    /// with the app.
    App,
    /// What only the other pages and parts behind sign-in name, fetched with them.
    More,
}

/// The catalogue of `lang`'s `part`, for the client to fetch from a split point: in the release
/// client each is reached only through this, from its own split point, so a reader downloads
/// only their language's, and a part only once it is wanted. Always inlined: each split point
/// names one constant pair, so it refers to that one function; a shared copy of this match
/// would pull all six into one module.
#[inline(always)]
pub fn catalogue(lang: Lang, part: TextPart) -> Catalogue {
    match (lang, part) {
        (Lang::En, TextPart::First) => en,
        (Lang::En, TextPart::App) => en_app,
        (Lang::En, TextPart::More) => en_more,
        (Lang::Ko, TextPart::First) => ko_first,
        (Lang::Ko, TextPart::App) => ko_app,
        (Lang::Ko, TextPart::More) => ko_more,
    }
}

// The release client (wasm, split into chunks): each part once its chunk is installed. The
// client waits for a language's parts before showing it (`ui::i18n::ready`); until then a
// Korean text falls back to English and an English text of the app's parts is empty (nothing
// names one before what waits for its part: the app, or `ui::lazy::more`).
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
mod installed {
    use super::{Catalogue, Key, Lang, TextPart};
    use std::sync::OnceLock;

    static KOREAN_FIRST: OnceLock<Catalogue> = OnceLock::new();
    static KOREAN_APP: OnceLock<Catalogue> = OnceLock::new();
    static ENGLISH_APP: OnceLock<Catalogue> = OnceLock::new();
    static KOREAN_MORE: OnceLock<Catalogue> = OnceLock::new();
    static ENGLISH_MORE: OnceLock<Catalogue> = OnceLock::new();

    fn slot(lang: Lang, part: TextPart) -> Option<&'static OnceLock<Catalogue>> {
        match (lang, part) {
            (Lang::En, TextPart::First) => None,
            (Lang::En, TextPart::App) => Some(&ENGLISH_APP),
            (Lang::En, TextPart::More) => Some(&ENGLISH_MORE),
            (Lang::Ko, TextPart::First) => Some(&KOREAN_FIRST),
            (Lang::Ko, TextPart::App) => Some(&KOREAN_APP),
            (Lang::Ko, TextPart::More) => Some(&KOREAN_MORE),
        }
    }

    pub fn install(lang: Lang, part: TextPart, catalogue: Catalogue) {
        if let Some(slot) = slot(lang, part) {
            let _ = slot.set(catalogue);
        }
    }

    pub fn has(lang: Lang, part: TextPart) -> bool {
        slot(lang, part).is_none_or(|slot| slot.get().is_some())
    }

    /// The text in `part`, "" if that part is not there or holds no such key.
    pub fn text(lang: Lang, part: TextPart, key: Key) -> &'static str {
        slot(lang, part)
            .and_then(|slot| slot.get())
            .map_or("", |catalogue| catalogue(key))
    }
}

/// Installs a part brought by its chunk (release client only).
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
pub fn install(lang: Lang, part: TextPart, catalogue: Catalogue) {
    installed::install(lang, part, catalogue);
}

/// Whether `lang`'s `part` is there (always, but in the release client before its chunk).
pub fn has(lang: Lang, part: TextPart) -> bool {
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    return installed::has(lang, part);
    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    {
        let _ = (lang, part);
        true
    }
}

/// The text of `key` in `lang`'s `part`: "" if that part holds no such key or, in the release
/// client, is not there yet.
fn part_text(lang: Lang, part: TextPart, key: Key) -> &'static str {
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    return installed::text(lang, part, key);
    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    catalogue(lang, part)(key)
}

/// Korean: the part that holds the key (each answers "" for the others' keys); English while
/// none is there (the release client waits for them before showing Korean).
fn korean(key: Key) -> &'static str {
    [TextPart::First, TextPart::App, TextPart::More]
        .into_iter()
        .map(|part| part_text(Lang::Ko, part, key))
        .find(|text| !text.is_empty())
        .unwrap_or_else(|| en(key))
}

/// The English texts `en` does not hold: the app's part, else the rest's.
fn en_rest(key: Key) -> &'static str {
    match part_text(Lang::En, TextPart::App, key) {
        "" => part_text(Lang::En, TextPart::More, key),
        text => text,
    }
}

/// The text of `key` with `{name}` placeholders filled in, and each count's plural form
/// chosen by `lang`'s rule (see [`fill_in`]).
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    fill_in(lang, t(lang, key), args)
}

/// Fills a template by English's plural rule (an address pattern of the catalogue, which holds
/// no plural forms).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    fill_in(Lang::En, template, args)
}

/// The plural category of a count as written, by the CLDR rules of the two languages: English
/// has "one" (exactly 1) and "other"; Korean has only "other" (it counts with counters, "1석",
/// "25개", and never inflects the noun).
pub fn plural_category(lang: Lang, count: &str) -> &'static str {
    match lang {
        Lang::En if count == "1" => "one",
        _ => "other",
    }
}

/// Fills `{name}` placeholders in one pass over the template: a value is copied as it is and
/// never read again, so a value holding `{link}` (a name someone typed) cannot be expanded
/// into the link the next argument carries. A placeholder without a value stays as written.
///
/// The one plural mechanism of every count: `{count, plural, one {# seat} other {# seats}}`
/// (ICU MessageFormat's form) picks the branch of the count's [`plural_category`] in `lang`,
/// or an exact `=N` branch first, and writes the count where the branch has `#`. A branch may
/// hold other placeholders. A message without a count's noun (Korean, "{count}석") needs none.
pub fn fill_in(lang: Lang, template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    fill_into(&mut out, lang, template, args, None);
    out
}

fn fill_into(
    out: &mut String,
    lang: Lang,
    template: &str,
    args: &[(&str, &str)],
    hash: Option<&str>,
) {
    let value = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '#']) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if rest[at..].starts_with('#') {
            out.push_str(hash.unwrap_or("#"));
            rest = after;
            continue;
        }
        let Some(close) = matching_brace(&rest[at..]) else {
            out.push('{');
            rest = after;
            continue;
        };
        let inner = &rest[at + 1..at + close];
        let filled = match inner.split_once(',') {
            None => value(inner).map(|v| out.push_str(v)),
            Some((name, forms)) => forms
                .trim_start()
                .strip_prefix("plural,")
                .zip(value(name.trim()))
                .and_then(|(forms, count)| Some((plural_branch(lang, forms, count)?, count)))
                .map(|(branch, count)| fill_into(out, lang, branch, args, Some(count))),
        };
        if filled.is_none() {
            out.push_str(&rest[at..=at + close]);
        }
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
}

/// A plural form's `selector {text}` pairs, in the order written; stops at anything else.
fn plural_branches(forms: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = forms;
    std::iter::from_fn(move || {
        let open = rest.find('{')?;
        let close = open + matching_brace(&rest[open..])?;
        let branch = (rest[..open].trim(), &rest[open + 1..close]);
        rest = &rest[close + 1..];
        Some(branch)
    })
}

/// The branch for `count`: an exact `=N` first, else its [`plural_category`], else `other`;
/// None without an `other` (not a plural form: left as written).
fn plural_branch<'a>(lang: Lang, forms: &'a str, count: &str) -> Option<&'a str> {
    let category = plural_category(lang, count);
    let (mut exact, mut matched, mut other) = (None, None, None);
    for (selector, text) in plural_branches(forms) {
        if selector.strip_prefix('=') == Some(count) {
            exact = exact.or(Some(text));
        }
        if selector == category {
            matched = matched.or(Some(text));
        }
        if selector == "other" {
            other = other.or(Some(text));
        }
    }
    other?;
    exact.or(matched).or(other)
}

/// The offset of the brace closing the one `text` starts with.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn parse_json(text: &str) -> BTreeMap<String, String> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn catalogues_have_the_same_keys() {
        let en = parse_json(include_str!("../../locales/en.json"));
        let ko = parse_json(include_str!("../../locales/ko.json"));
        let only_en: Vec<_> = en.keys().filter(|k| !ko.contains_key(*k)).collect();
        let only_ko: Vec<_> = ko.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty(), "keys missing from ko.json: {only_en:?}");
        assert!(only_ko.is_empty(), "keys missing from en.json: {only_ko:?}");
    }

    /// The `{name}` placeholders of a message, those in plural forms and their branches
    /// included. A brace that does not open or close a placeholder of lower-case letters and
    /// underscores, or a plural form without an `other` branch, is an error: `tf` could not
    /// fill it.
    fn placeholders(text: &str) -> Result<BTreeSet<&str>, String> {
        let mut names = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(format!("a '}}' without a '{{' in {text:?}"));
            }
            let after = &rest[open + 1..];
            let form = matching_brace(&rest[open..]).and_then(|close| {
                let (name, forms) = rest[open + 1..open + close].split_once(',')?;
                let forms = forms.trim_start().strip_prefix("plural,")?;
                Some((name.trim(), forms, open + close + 1))
            });
            if let Some((name, forms, end)) = form {
                names.insert(name);
                let mut has_other = false;
                for (selector, branch) in plural_branches(forms) {
                    let known = ["zero", "one", "two", "few", "many", "other"].contains(&selector)
                        || selector
                            .strip_prefix('=')
                            .is_some_and(|n| n.parse::<u64>().is_ok());
                    if !known {
                        return Err(format!("an unknown plural branch {selector:?} in {text:?}"));
                    }
                    has_other |= selector == "other";
                    names.extend(placeholders(branch)?);
                }
                if !has_other {
                    return Err(format!("a plural form without `other` in {text:?}"));
                }
                rest = &rest[end..];
                continue;
            }
            let close = after
                .find('}')
                .ok_or_else(|| format!("an unclosed '{{' in {text:?}"))?;
            let name = &after[..close];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return Err(format!("a malformed placeholder {{{name}}} in {text:?}"));
            }
            names.insert(name);
            rest = &after[close + 1..];
        }
        Ok(names)
    }

    #[test]
    fn a_count_takes_the_plural_form_of_its_language() {
        let seats = "Assign {count, plural, one {# seat} other {# seats}}";
        assert_eq!(fill_in(Lang::En, seats, &[("count", "1")]), "Assign 1 seat");
        assert_eq!(
            fill_in(Lang::En, seats, &[("count", "0")]),
            "Assign 0 seats"
        );
        assert_eq!(
            fill_in(Lang::En, seats, &[("count", "21")]),
            "Assign 21 seats"
        );
        assert_eq!(
            fill_in(Lang::En, seats, &[("count", "1,000")]),
            "Assign 1,000 seats"
        );
        // Korean has only "other"; an exact branch still wins.
        assert_eq!(
            fill_in(Lang::Ko, seats, &[("count", "1")]),
            "Assign 1 seats"
        );
        let exact = "{n, plural, =1 {하나} other {#개}}";
        assert_eq!(fill_in(Lang::Ko, exact, &[("n", "1")]), "하나");
        assert_eq!(fill_in(Lang::Ko, exact, &[("n", "3")]), "3개");
        // A branch holds other placeholders; values are never read as templates.
        let nested = "{q, plural, one {your only {benefit}} other {# of {benefit}}} left";
        assert_eq!(
            fill_in(Lang::En, nested, &[("q", "1"), ("benefit", "{q} #")]),
            "your only {q} # left"
        );
        assert_eq!(
            fill_in(Lang::En, nested, &[("q", "4"), ("benefit", "Webinar")]),
            "4 of Webinar left"
        );
        // Without its count the form stays as written; '#' outside a branch is plain text.
        assert_eq!(fill_in(Lang::En, nested, &[]), nested);
        assert_eq!(fill_in(Lang::En, "case #{n}", &[("n", "7")]), "case #7");
        // A form without an `other` branch is not a plural form.
        assert_eq!(
            fill_in(Lang::En, "{n, plural, one {x}}", &[("n", "1")]),
            "{n, plural, one {x}}"
        );
    }

    /// Every count next to a noun in the English catalogue goes through a plural form: the
    /// walk found "Assign 1 seats" and "All 1 of … are already in use".
    #[test]
    fn every_counted_noun_has_its_plural_form() {
        let en = parse_json(include_str!("../../locales/en.json"));
        let nouns = [
            "seat",
            "seats",
            "line",
            "lines",
            "day",
            "days",
            "hour",
            "hours",
            "license",
            "licenses",
            "key",
            "keys",
            "incident",
            "incidents",
            "campaign",
            "campaigns",
            "character",
            "characters",
            "people",
            "person",
            "activations",
            "advisory",
            "try",
            "tries",
            "entry",
            "entries",
            "benefit",
            "benefits",
            "user",
            "users",
            "request",
            "requests",
            "package",
            "packages",
            "email",
            "emails",
            "case",
            "cases",
        ];
        let counts = [
            "count",
            "quantity",
            "days",
            "hours",
            "seats",
            "free",
            "assigned",
            "left",
            "lines",
            "assign",
            "remaining",
            "used",
            "max",
            "min",
            "total",
            "shown",
            "n",
            "tries",
            "attempts",
        ];
        let mut bare = Vec::new();
        for (key, text) in &en {
            let mut rest = text.as_str();
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                if let Some(close) = matching_brace(&rest[open..]) {
                    if rest[open..open + close].contains(", plural,") {
                        rest = &rest[open + close + 1..];
                        continue;
                    }
                }
                let Some(close) = after.find('}') else { break };
                let next = after[close + 1..].split_whitespace().next().unwrap_or("");
                let word = next.trim_matches(|c: char| !c.is_alphabetic());
                let counted = counts.contains(&&after[..close]);
                if counted && after[close + 1..].starts_with(' ') && nouns.contains(&word) {
                    bare.push(format!("{key}: {{{}}} {word}", &after[..close]));
                }
                rest = &after[close + 1..];
            }
        }
        assert!(bare.is_empty(), "counts without a plural form: {bare:#?}");
    }

    #[test]
    fn the_placeholder_reader_finds_names_and_refuses_stray_braces() {
        let found = placeholders("{date}에 {name} 님에게 {name}").unwrap();
        assert_eq!(found.into_iter().collect::<Vec<_>>(), ["date", "name"]);
        assert!(placeholders("no placeholders").unwrap().is_empty());
        for bad in ["{open", "close}", "{}", "{Name}", "{a b}"] {
            assert!(placeholders(bad).is_err(), "{bad:?}");
        }
    }

    /// Every key of both catalogues (the `Key` enum is generated one variant per key of
    /// `en.json`, so this is every `Key` in both languages): each `{name}` in the English text is
    /// in the Korean one and each in the Korean text is in the English one.
    #[test]
    fn every_placeholder_is_in_both_languages() {
        let en = parse_json(include_str!("../../locales/en.json"));
        let ko = parse_json(include_str!("../../locales/ko.json"));
        let mut with_placeholders = 0;
        for key in en.keys().chain(ko.keys()).collect::<BTreeSet<_>>() {
            let (Some(en_text), Some(ko_text)) = (en.get(key), ko.get(key)) else {
                continue; // `catalogues_have_the_same_keys` reports these.
            };
            let in_en = placeholders(en_text).unwrap_or_else(|e| panic!("en {key}: {e}"));
            let in_ko = placeholders(ko_text).unwrap_or_else(|e| panic!("ko {key}: {e}"));
            let missing_in_ko: Vec<_> = in_en.difference(&in_ko).collect();
            let missing_in_en: Vec<_> = in_ko.difference(&in_en).collect();
            assert!(
                missing_in_ko.is_empty(),
                "{key}: Korean lacks {missing_in_ko:?}"
            );
            assert!(
                missing_in_en.is_empty(),
                "{key}: English lacks {missing_in_en:?}"
            );
            if !in_en.is_empty() {
                with_placeholders += 1;
            }
        }
        // Not vacuous: the catalogues do have messages with placeholders.
        assert!(
            with_placeholders > 50,
            "only {with_placeholders} messages with placeholders were seen"
        );
    }

    #[test]
    fn no_message_is_empty() {
        for text in [
            include_str!("../../locales/en.json"),
            include_str!("../../locales/ko.json"),
        ] {
            for (k, v) in parse_json(text) {
                assert!(!v.trim().is_empty(), "{k} is empty");
            }
        }
    }

    #[test]
    fn languages_are_chosen_from_tags_and_headers() {
        assert_eq!(Lang::from_tag("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(
            Lang::from_accept_language("fr-FR,ko;q=0.8,en;q=0.5"),
            Lang::Ko
        );
        assert_eq!(Lang::from_accept_language(""), Lang::En);
    }

    #[test]
    fn each_language_answers_from_each_of_its_parts() {
        // The sign-in page's words are in the first part, a landing page's (Benefits) in the
        // app's, another page's (Packages) in the rest (build.rs); each part answers "" for the
        // others' keys, and `t` asks them all.
        // Through an alias: build.rs places a key by the files that write `Key::` before it,
        // and this test must not move the pages' words into the first part.
        use Key as K;
        assert_eq!(t(Lang::Ko, K::SignIn), "로그인");
        assert_eq!(
            t(Lang::Ko, K::EmptyCategoryText),
            "회사에서 이 혜택이 포함된 멤버십 패키지를 구매하면 바로 여기에 표시됩니다."
        );
        assert_eq!(t(Lang::Ko, K::YourPackages), "구매한 패키지");
        assert_eq!(t(Lang::En, K::SignIn), "Sign in");
        assert_eq!(t(Lang::En, K::EmptyCategoryText), "Benefits appear here as soon as your company buys a membership package that includes them.");
        assert_eq!(t(Lang::En, K::YourPackages), "Your packages");
        for lang in Lang::ALL {
            let part = |part, key| catalogue(lang, part)(key);
            assert_eq!(part(TextPart::App, K::SignIn), "");
            assert_eq!(part(TextPart::More, K::SignIn), "");
            assert_eq!(part(TextPart::More, K::EmptyCategoryText), "");
            assert_eq!(part(TextPart::App, K::YourPackages), "");
            assert_ne!(part(TextPart::More, K::YourPackages), "");
        }
        assert_eq!(catalogue(Lang::Ko, TextPart::First)(K::YourPackages), "");
        assert_eq!(
            catalogue(Lang::Ko, TextPart::First)(K::EmptyCategoryText),
            ""
        );
    }

    #[test]
    fn a_value_is_never_read_as_a_template() {
        // A name typed as "{link}" stays that text: before, the next argument filled it in.
        assert_eq!(
            fill(
                "Hello {name}, open {link}",
                &[("name", "{link}"), ("link", "SECRET")]
            ),
            "Hello {link}, open SECRET"
        );
        assert_eq!(fill("{a}{b}", &[("b", "{a}"), ("a", "{b}")]), "{b}{a}");
        // Unknown and unclosed placeholders stay as written; braces in values are plain text.
        assert_eq!(fill("{x} {y", &[("x", "}{")]), "}{ {y");
        assert_eq!(fill("{unknown}", &[]), "{unknown}");
        assert_eq!(fill("", &[("a", "b")]), "");
    }

    proptest::proptest! {
        /// Whatever the values hold, each placeholder becomes exactly its value.
        #[test]
        fn any_values_fill_exactly_their_placeholders(a in "\\PC{0,12}", b in "[{}a-z]{0,12}") {
            let filled = fill("<{a}|{b}>", &[("a", &a), ("b", &b)]);
            proptest::prop_assert_eq!(filled, format!("<{a}|{b}>"));
        }
    }

    #[test]
    fn tf_fills_a_real_placeholder_in_both_languages() {
        // "Assigned to {name} on {date}." / "{date}에 {name} 님에게 할당되었습니다."
        let key = Key::AssignedToOn;
        for lang in Lang::ALL {
            let raw = t(lang, key);
            assert!(
                raw.contains("{name}") && raw.contains("{date}"),
                "{lang:?}: {raw:?}"
            );
            let filled = tf(
                lang,
                key,
                &[("name", "Grace Admin"), ("date", "Mar 3, 2027")],
            );
            assert!(
                filled.contains("Grace Admin") && filled.contains("Mar 3, 2027"),
                "{lang:?}: {filled:?}"
            );
            assert!(
                !filled.contains('{') && !filled.contains('}'),
                "{lang:?}: {filled:?}"
            );

            // One value fills only its own placeholder.
            let half = tf(lang, key, &[("name", "Grace Admin")]);
            assert!(
                half.contains("Grace Admin") && !half.contains("{name}") && half.contains("{date}"),
                "{lang:?}: {half:?}"
            );
            // A name the message does not have changes nothing.
            assert_eq!(tf(lang, key, &[("nam", "Grace Admin")]), raw);
        }
        assert_eq!(
            tf(
                Lang::En,
                key,
                &[("name", "Grace Admin"), ("date", "Mar 3, 2027")]
            ),
            "Assigned to Grace Admin on Mar 3, 2027."
        );
    }
}
