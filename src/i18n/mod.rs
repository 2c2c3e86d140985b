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
        Lang::Ko => ko(key),
    }
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
    use std::collections::BTreeMap;

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

    #[test]
    fn placeholders_match_between_languages() {
        let en = catalogue(include_str!("../../locales/en.json"));
        let ko = catalogue(include_str!("../../locales/ko.json"));
        let names = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for (k, e) in &en {
            if let Some(kt) = ko.get(k) {
                assert_eq!(names(e), names(kt), "placeholders of {k}");
            }
        }
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
    fn placeholders_are_filled() {
        assert_eq!(
            tf(Lang::En, Key::TabsLabel, &[]),
            t(Lang::En, Key::TabsLabel)
        );
    }
}
