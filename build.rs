//! Generates the message catalogue from `locales/en.json` and `locales/ko.json`: a `Key` enum with
//! one variant per message (so a typo is a compile error) and one lookup function per language.
//! A key missing from Korean falls back to English here; the unit test
//! `i18n::tests::catalogues_have_the_same_keys` is what fails in that case.

use std::collections::BTreeMap;
use std::fmt::Write;

fn load(lang: &str) -> BTreeMap<String, String> {
    let path = format!("locales/{lang}.json");
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn variant(key: &str) -> String {
    key.split(['_', '.'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let en = load("en");
    let ko = load("ko");
    let mut out = String::new();
    out.push_str("/// One variant per message in `locales/en.json`.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum Key {\n");
    for k in en.keys() {
        writeln!(out, "    {},", variant(k)).unwrap();
    }
    out.push_str("}\n\nimpl Key {\n    pub fn id(self) -> &'static str {\n        match self {\n");
    for k in en.keys() {
        writeln!(out, "            Key::{} => {:?},", variant(k), k).unwrap();
    }
    out.push_str("        }\n    }\n}\n\nfn en(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in &en {
        writeln!(out, "        Key::{} => {:?},", variant(k), v).unwrap();
    }
    out.push_str("    }\n}\n\nfn ko(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in &en {
        let text = ko.get(k).unwrap_or(v);
        writeln!(out, "        Key::{} => {:?},", variant(k), text).unwrap();
    }
    out.push_str("    }\n}\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    std::fs::write(dest, out).unwrap();
}
