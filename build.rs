//! Generates the message catalogue from `locales/en.json` and `locales/ko.json`: a `Key` enum with
//! one variant per message (so a typo is a compile error) and one lookup function per language.
//! A key missing from Korean falls back to English here; the unit test
//! `i18n::tests::catalogues_have_the_same_keys` is what fails in that case.
//!
//! Texts only the server words (email subjects and bodies, CSV headers, conflict messages, the
//! calendar feed) are left out of the browser client: a key that no file outside `src/server/`
//! names is compiled only with the `ssr` feature. Texts named only by the pages behind
//! sign-in (`src/ui/pages/` but the sign-in page, and their router) are a function of their
//! own per language, `en_app` and `ko_app`, which the release client loads as a chunk with the
//! app's, in the reader's language, and those only the pages past the ones a person lands on
//! name, `en_more` and `ko_more`, loaded with those pages' styles (`ui::lazy::more`). The first
//! module keeps only the English texts the sign-in
//! page, the root, the components and the domain name, so a new page's texts cost the sign-in
//! page nothing. The Korean ones of those are a function too, `ko_first`, a chunk a Korean
//! reader's client fetches before its first paint.

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

/// What a file says of where its texts are shown: a domain module whose words only pages past
/// the first load show (and the server) says so with this line, and its keys go with the rest
/// (`ui::lazy::more`) instead of the first module. The audit trail's action names: ~0.4 KB of
/// every first load.
const SHOWN_WITH_THE_REST: &str =
    "//! i18n: its texts are shown only with the rest (ui::lazy::more).";

/// A file under `src/`: its path, the `Key::…` variants it names, and whether it says its texts
/// are shown only with the rest.
type Named = (String, std::collections::BTreeSet<String>, bool);

/// The `Key::…` variants each `.rs` file under `src/` names, by path.
fn named(dir: &std::path::Path, out: &mut Vec<Named>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            named(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let keys = text
                .split("Key::")
                .skip(1)
                .map(|piece| {
                    piece
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .collect()
                })
                .collect();
            let with_rest = text.lines().any(|l| l.trim() == SHOWN_WITH_THE_REST);
            out.push((path.to_string_lossy().replace('\\', "/"), keys, with_rest));
        }
    }
}

/// Where a text is compiled in the client.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    /// The first module: named by the sign-in page, the root, components or the domain.
    First,
    /// The texts of the signed-in app, a chunk per language fetched alongside the app's: named
    /// only by the pages behind sign-in and their router, at least once by a page one lands on.
    App,
    /// The rest of the app's texts, a chunk per language fetched alongside the rest of the
    /// styles (`ui::lazy::more`): named only by the pages and parts that wait for it.
    More,
    /// Nowhere: only the server names it.
    Server,
}

fn place(key: &str, files: &[Named]) -> Place {
    let by: Vec<&str> = files
        .iter()
        .filter(|(_, keys, _)| keys.contains(key))
        .map(|(path, _, _)| path.as_str())
        .filter(|path| !path.starts_with("src/server/"))
        .collect();
    let with_rest = |path: &str| files.iter().any(|(p, _, rest)| *rest && p == path);
    let behind_sign_in = |path: &str| {
        (path.starts_with("src/ui/pages/") && path != "src/ui/pages/sign_in.rs")
            || path == "src/ui/routes.rs"
            || with_rest(path)
    };
    // Behind sign-in, the router and the pages one lands on draw without `ui::lazy::more`: the
    // Overview, Benefits' table (an expanded row's inside waits for it) and the welcome page.
    // Every other page and part is shown once `more` is there.
    let landing = |path: &str| {
        [
            "src/ui/routes.rs",
            "src/ui/pages/overview.rs",
            "src/ui/pages/welcome.rs",
            "src/ui/pages/benefits/mod.rs",
            "src/ui/pages/benefits/table.rs",
            "src/ui/pages/benefits/list_view.rs",
            "src/ui/pages/benefits/common.rs",
        ]
        .contains(&path)
    };
    if by.is_empty() {
        Place::Server
    } else if by.iter().all(|path| behind_sign_in(path) && !landing(path)) {
        Place::More
    } else if by.iter().all(|path| behind_sign_in(path)) {
        Place::App
    } else {
        Place::First
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src");
    let en = load("en");
    let ko = load("ko");
    let mut files = Vec::new();
    named(std::path::Path::new("src"), &mut files);
    let places: BTreeMap<&String, Place> =
        en.keys().map(|k| (k, place(&variant(k), &files))).collect();
    // The arm of one text; one only the server names is compiled into the server only.
    let arm = |out: &mut String, k: &str, text: &str| {
        if places[&k.to_string()] == Place::Server {
            out.push_str("        #[cfg(feature = \"ssr\")]\n");
        }
        writeln!(out, "        Key::{} => {:?},", variant(k), text).unwrap();
    };
    let rest = "        #[allow(unreachable_patterns)]\n        _ => \"\",\n";
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
    // English: the first module's texts here, the rest in `en_app` and `en_more` (see
    // `i18n::en_rest`).
    out.push_str("        }\n    }\n}\n\nfn en(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in en.iter().filter(|(k, _)| places[k] == Place::First) {
        arm(&mut out, k, v);
    }
    out.push_str("        _ => en_rest(key),\n    }\n}\n\n");
    out.push_str(
        "/// The English texts of the signed-in app (and, in the server, the server's own).\n",
    );
    out.push_str("fn en_app(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in en
        .iter()
        .filter(|(k, _)| matches!(places[k], Place::App | Place::Server))
    {
        arm(&mut out, k, v);
    }
    out.push_str(rest);
    out.push_str("    }\n}\n\nfn en_more(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in en.iter().filter(|(k, _)| places[k] == Place::More) {
        arm(&mut out, k, v);
    }
    out.push_str(rest);
    // Korean in the same three parts, none in the first module (a Korean reader's client
    // fetches the first part before its first paint, the second with the app, the third with
    // `ui::lazy::more`): "" for a key of another part (no message is empty:
    // `i18n::tests::no_message_is_empty`).
    out.push_str("    }\n}\n\nfn ko_first(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in en.iter().filter(|(k, _)| places[k] == Place::First) {
        arm(&mut out, k, ko.get(k).unwrap_or(v));
    }
    out.push_str(rest);
    out.push_str("    }\n}\n\nfn ko_app(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in en
        .iter()
        .filter(|(k, _)| matches!(places[k], Place::App | Place::Server))
    {
        arm(&mut out, k, ko.get(k).unwrap_or(v));
    }
    out.push_str(rest);
    out.push_str("    }\n}\n\nfn ko_more(key: Key) -> &'static str {\n    match key {\n");
    for (k, v) in en.iter().filter(|(k, _)| places[k] == Place::More) {
        arm(&mut out, k, ko.get(k).unwrap_or(v));
    }
    out.push_str(rest);
    out.push_str("    }\n}\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("messages.rs");
    std::fs::write(dest, out).unwrap();
}
