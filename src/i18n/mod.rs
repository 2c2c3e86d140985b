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

/// The Korean catalogue as a function, for the client to load it as a chunk of its own: in
/// the release client `ko` is reached only through this, from a split point
/// (`ui::i18n::ready`), so English readers never download the Korean texts.
pub fn korean_catalogue() -> fn(Key) -> &'static str {
    ko
}

// The release client (wasm, split into chunks): Korean texts once their chunk is installed;
// English until then (the client waits for it before showing Korean, see `ui::i18n::ready`).
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
static KOREAN: std::sync::OnceLock<fn(Key) -> &'static str> = std::sync::OnceLock::new();

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
fn korean(key: Key) -> &'static str {
    KOREAN.get().map_or_else(|| en(key), |ko| ko(key))
}

/// Installs the Korean catalogue brought by its chunk (release client only).
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
pub fn install_korean(catalogue: fn(Key) -> &'static str) {
    let _ = KOREAN.set(catalogue);
}

/// Whether Korean texts are there (always, but in the release client before its chunk).
pub fn has_korean() -> bool {
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    return KOREAN.get().is_some();
    #[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
    true
}

#[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
fn korean(key: Key) -> &'static str {
    ko(key)
}

/// The English texts of the signed-in app as a function, for the client to load them as a
/// chunk of their own alongside the app's (`ui::app::APP`): the sign-in page needs only its
/// own texts, so the others stay out of the first module.
pub fn english_app_catalogue() -> fn(Key) -> &'static str {
    en_app
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
static ENGLISH_APP: std::sync::OnceLock<fn(Key) -> &'static str> = std::sync::OnceLock::new();

/// The English texts `en` does not hold. In the release client, empty until their chunk is
/// installed; nothing names them before then: they belong to pages of the app chunk, which is
/// built only once both chunks are there.
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
fn en_rest(key: Key) -> &'static str {
    ENGLISH_APP.get().map_or("", |app| app(key))
}

#[cfg(not(all(target_family = "wasm", not(debug_assertions))))]
fn en_rest(key: Key) -> &'static str {
    en_app(key)
}

/// Installs the English texts of the app brought by their chunk (release client only).
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
pub fn install_english_app(catalogue: fn(Key) -> &'static str) {
    let _ = ENGLISH_APP.set(catalogue);
}

/// The text of `key` with `{name}` placeholders filled in.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    let mut text = t(lang, key).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn catalogue(text: &str) -> BTreeMap<String, String> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn catalogues_have_the_same_keys() {
        let en = catalogue(include_str!("../../locales/en.json"));
        let ko = catalogue(include_str!("../../locales/ko.json"));
        let only_en: Vec<_> = en.keys().filter(|k| !ko.contains_key(*k)).collect();
        let only_ko: Vec<_> = ko.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty(), "keys missing from ko.json: {only_en:?}");
        assert!(only_ko.is_empty(), "keys missing from en.json: {only_ko:?}");
    }

    /// The `{name}` placeholders of a message. A brace that does not open or close a
    /// placeholder of lower-case letters and underscores is an error: `tf` could not fill it.
    fn placeholders(text: &str) -> Result<BTreeSet<&str>, String> {
        let mut names = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(format!("a '}}' without a '{{' in {text:?}"));
            }
            let after = &rest[open + 1..];
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
        let en = catalogue(include_str!("../../locales/en.json"));
        let ko = catalogue(include_str!("../../locales/ko.json"));
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
            for (k, v) in catalogue(text) {
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
