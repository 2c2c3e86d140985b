//! Generates the message catalogue from `locales/en.json` and `locales/ko.json`: a `Key` enum with
//! one variant per message (so a typo is a compile error) and one lookup function per language.
//! A key missing from Korean falls back to English here; the unit test
//! `i18n::tests::catalogues_have_the_same_keys` is what fails in that case.
//!
//! Texts only the server words (email subjects and bodies, CSV headers, conflict messages, the
//! calendar feed) are left out of the browser client: a key that no file outside `src/server/`
//! names is compiled only with the `ssr` feature. The first module carries every English text,
//! so each such text would otherwise cost the sign-in page bytes it never shows.

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

/// The `Key::…` variants named by the client's code: every `.rs` file under `src/` but
/// `src/server/`.
fn named_by_client(dir: &std::path::Path, out: &mut std::collections::BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if !path.ends_with("src/server") {
                named_by_client(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split("Key::").skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                out.insert(name);
            }
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src");
    let en = load("en");
    let ko = load("ko");
    let mut client = std::collections::BTreeSet::new();
    named_by_client(std::path::Path::new("src"), &mut client);
    // The arm of one text: compiled into the client only if the client names the key.
    let arm = |out: &mut String, k: &str, text: &str| {
        if !client.contains(&variant(k)) {
            out.push_str("        #[cfg(feature = \"ssr\")]\n");
        }
        writeln!(out, "        Key::{} => {:?},", variant(k), text).unwrap();
    };
    let rest = "        #[cfg(not(feature = \"ssr\"))]\n        #[allow(unreachable_patterns)]\n        _ => \"\",\n";
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
        arm(&mut out, k, v);
    }
    out.push_str(rest);
    out.push_str("    }\n}\n\nfn ko(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in &en {
        arm(&mut out, k, ko.get(k).unwrap_or(v));
    }
    out.push_str(rest);
    out.push_str("    }\n}\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    std::fs::write(dest, out).unwrap();
}
