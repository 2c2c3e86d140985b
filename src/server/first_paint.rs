//! The page as the server sends it: the built `index.html`, filled in per visitor before it
//! leaves, so the first paint is already the right page.
//!
//! The client is a wasm app. Until its main module has arrived and run (about a second on a
//! mid-range phone), a bare `index.html` shows nothing at all. The server knows enough to
//! do better without rendering the app:
//! - `<html lang>` from the `pb_lang` cookie the client keeps (else `Accept-Language`), so a
//!   screen reader and the fonts start in the right language;
//! - `data-theme` from the `pb_theme` cookie, so a dark choice never flashes light;
//! - for a visitor without a session, who will see the sign-in page, the sign-in card with its
//!   heading (product, "Sign in", what the product is for) in their language. It is the
//!   client's own component ([`SignInFrame`]) rendered to HTML here, so the markup is one; the
//!   sign-in page replaces it with the same card plus the form, and nothing on screen moves.
//!   Pages a visitor without a session can open besides sign-in (the invitation's `/welcome`,
//!   the designers' `/gallery`) get no card;
//! - for a visitor with a session cookie at a page whose heading is known from its address
//!   (`routes::heading_of`), the frame of that page ([`ShellFrame`]): the header and the
//!   page's title and lede, where the client puts them, with a link of its own to the app's
//!   stylesheet (the frame needs it). The client's page replaces it as its heading renders. The cookie
//!   is not checked here: an ended session shows the heading for a moment, then sign-in,
//!   and the heading is no secret.
//!
//! Every variant (2 languages × 3 themes × nothing, the card or one of 6 frames) is made and
//! compressed once at start, like the files of `dist/`: a request picks one and sends bytes in
//! memory.

use super::cookie;
use crate::i18n::{Key, Lang};
use crate::ui::pages::sign_in::SignInFrame;
use crate::ui::routes::{heading_of, ShellFrame, HEADINGS};
use axum::http::HeaderMap;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// The visitor's theme choice, as the client stores it (`ui::theme`): `None` follows the system.
const THEMES: [Option<&str>; 3] = [None, Some("light"), Some("dark")];

/// What the server paints before the client has arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Paint {
    /// Nothing: the client paints the page (`/welcome`, `/gallery`, a service request,
    /// `/sign-in` with a session cookie, an address with no route).
    Nothing,
    /// The sign-in card, for a visitor without a session.
    SignIn,
    /// The frame of a signed-in page with this title and lede.
    Page(Key, Key),
}

/// What the page is filled in with for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    pub lang: Lang,
    pub theme: Option<&'static str>,
    pub paint: Paint,
}

impl Variant {
    /// Every variant, for making them all at start.
    pub fn all() -> impl Iterator<Item = Variant> {
        let paints = [Paint::Nothing, Paint::SignIn]
            .into_iter()
            .chain(HEADINGS.map(|(title, lede)| Paint::Page(title, lede)));
        Lang::ALL.into_iter().flat_map(move |lang| {
            let paints = paints.clone();
            THEMES.into_iter().flat_map(move |theme| {
                paints
                    .clone()
                    .map(move |paint| Variant { lang, theme, paint })
            })
        })
    }

    /// The variant for a request of the page at `path`.
    pub fn of(path: &str, headers: &HeaderMap) -> Variant {
        let theme = cookie(headers, "pb_theme")
            .and_then(|code| THEMES.into_iter().flatten().find(|t| *t == code));
        let session = cookie(headers, crate::server::auth::SESSION_COOKIE)
            .or_else(|| cookie(headers, crate::server::auth::SECURE_SESSION_COOKIE))
            .is_some();
        let paint = if crate::ui::app::opens_without_session(path) {
            Paint::Nothing
        } else if !session {
            Paint::SignIn
        } else {
            heading_of(path).map_or(Paint::Nothing, |(title, lede)| Paint::Page(title, lede))
        };
        Variant {
            lang: super::lang_of(headers),
            theme,
            paint,
        }
    }
}

/// `template` (the built `index.html`) filled in for `variant`. A template without `<html` or
/// `<body>` (a hand-made `dist/`) is returned as it is.
pub fn render(template: &str, variant: Variant) -> String {
    let Some(html_at) = template.find("<html") else {
        return template.to_string();
    };
    let Some(body_at) = template.find("<body>").map(|at| at + "<body>".len()) else {
        return template.to_string();
    };
    let html_end = html_at + template[html_at..].find('>').unwrap_or(0);
    let mut attributes = format!(" lang=\"{}\"", variant.lang.tag());
    if let Some(theme) = variant.theme {
        attributes.push_str(&format!(" data-theme=\"{theme}\""));
    }
    let owner = Owner::new();
    let (paint, head) = owner.with(|| match variant.paint {
        Paint::Nothing => (String::new(), template[html_end..body_at].to_string()),
        Paint::SignIn => (
            view! { <SignInFrame lang=Signal::stored(variant.lang) first_paint=true/> }.to_html(),
            without_preloads(&template[html_end..body_at]),
        ),
        Paint::Page(title, lede) => (
            view! { <ShellFrame lang=variant.lang title lede/> }.to_html(),
            with_app_styles(&without_preloads(&template[html_end..body_at])),
        ),
    });
    let mut page = String::with_capacity(template.len() + attributes.len() + paint.len());
    page.push_str(&template[..html_at]);
    page.push_str("<html");
    page.push_str(&attributes);
    page.push_str(&head);
    page.push_str(&paint);
    page.push_str(&template[body_at..]);
    page
}

/// `head` without trunk's preloads of the glue and the wasm: on a page the server paints, the
/// code is asked for after that paint (scripts/paint-first.mjs), so the first module does not
/// share a phone's bandwidth with the stylesheets the paint waits for.
fn without_preloads(head: &str) -> String {
    let mut out = String::with_capacity(head.len());
    let mut rest = head;
    while let Some(at) = rest.find("<link") {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        out.push_str(&rest[..at]);
        let preload = [
            "rel=preload",
            "rel=modulepreload",
            "rel=\"preload\"",
            "rel=\"modulepreload\"",
        ]
        .iter()
        .any(|rel| tag.contains(rel));
        if !preload {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `head` with the app's stylesheet linked for the frame: `index.html` links it `disabled`, so
/// the sign-in page does not wait for it, and the client enables that link when the app
/// comes (`ui::lazy::app_styles`, which learns from it whether the file came). The frame
/// needs it for its first paint, so it gets a link of its own, removed with the frame.
fn with_app_styles(head: &str) -> String {
    let Some(at) = head
        .find("id=app-styles")
        .or_else(|| head.find("id=\"app-styles\""))
    else {
        return head.to_string();
    };
    let start = head[..at].rfind('<').unwrap_or(0);
    let end = at + head[at..].find('>').map_or(0, |e| e + 1);
    let href = head[start..end]
        .split_whitespace()
        .find_map(|attribute| attribute.strip_prefix("href="))
        .map(|v| v.trim_end_matches('>').trim_matches('"'));
    match href {
        Some(href) => format!(
            "{}<link href=\"{href}\" rel=stylesheet data-first-paint>{}",
            &head[..end],
            &head[end..]
        ),
        None => head.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{header, HeaderValue};

    const TEMPLATE: &str = "<!DOCTYPE html><html lang=en><head><title>Partner Benefits</title><script type=module>import x from '/a.js'</script><link href=/first.css rel=stylesheet><link disabled href=/app.css id=app-styles rel=stylesheet><link crossorigin href=/a.js rel=modulepreload><link as=fetch crossorigin href=/a_bg.wasm rel=preload type=application/wasm></head><body></body></html>";

    fn headers(cookie: &str, accept_language: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if !cookie.is_empty() {
            h.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        }
        if !accept_language.is_empty() {
            h.insert(
                header::ACCEPT_LANGUAGE,
                HeaderValue::from_str(accept_language).unwrap(),
            );
        }
        h
    }

    #[test]
    fn a_visitor_without_a_session_gets_the_sign_in_card_in_their_language() {
        let v = Variant::of("/benefits/software", &headers("", "ko-KR,ko;q=0.9"));
        assert_eq!(
            v,
            Variant {
                lang: Lang::Ko,
                theme: None,
                paint: Paint::SignIn
            }
        );
        let page = render(TEMPLATE, v);
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"ko\"><head>"));
        assert!(page.contains("class=\"sign-in__card\""));
        assert!(page.contains(crate::i18n::t(Lang::Ko, crate::i18n::Key::SignInLede)));
        assert!(page.contains("data-first-paint=\"sign-in\""));
        assert!(page.ends_with("</body></html>"));
        // The sign-in page does not wait for the app's stylesheet, nor share the line with
        // the code before its paint.
        assert!(page.contains("<link disabled href=/app.css id=app-styles rel=stylesheet>"));
        assert!(!page.contains("preload"));
        assert!(page.contains("<link href=/first.css rel=stylesheet>"));
        // The inline script, which the policy allows by its hash, is untouched.
        assert!(page.contains("<script type=module>import x from '/a.js'</script>"));
    }

    #[test]
    fn a_session_cookie_gets_the_frame_of_its_page_with_language_theme_and_the_app_styles() {
        let v = Variant::of(
            "/packages",
            &headers("pb_lang=ko; pb_session=abc; pb_theme=dark", "en"),
        );
        assert_eq!(
            v,
            Variant {
                lang: Lang::Ko,
                theme: Some("dark"),
                paint: Paint::Page(Key::NavPackages, Key::PackagesLede)
            }
        );
        let page = render(TEMPLATE, v);
        assert!(page.contains("<html lang=\"ko\" data-theme=\"dark\">"));
        assert!(page.contains(
            "<link disabled href=/app.css id=app-styles rel=stylesheet><link href=\"/app.css\" rel=stylesheet data-first-paint>"
        ));
        assert!(page.contains("<header data-first-paint=\"page\" class=\"app-header\">"));
        assert!(page.contains(&format!(
            "<h1 tabindex=\"-1\">{}</h1>",
            crate::i18n::t(Lang::Ko, Key::NavPackages)
        )));
        assert!(page.contains(crate::i18n::t(Lang::Ko, Key::PackagesLede)));
        assert!(!page.contains("sign-in__card"));
        assert!(!page.contains("preload"));
    }

    #[test]
    fn a_session_cookie_at_a_page_without_a_known_heading_gets_no_paint() {
        for path in [
            "/sign-in",
            "/service-requests/12",
            "/nowhere",
            "//packages",
            "/packages//",
            "/settings//users",
            "/benefits//software",
            "/benefits/software/more",
        ] {
            let v = Variant::of(path, &headers("pb_session=abc", ""));
            assert_eq!(v.paint, Paint::Nothing, "{path}");
            let page = render(TEMPLATE, v);
            assert!(page.contains("<body></body>"), "{path}");
            assert!(page.contains(" disabled href=/app.css"), "{path}");
            // Nothing painted: the code is the first paint, so it comes as early as it can.
            assert!(
                page.contains("rel=modulepreload") && page.contains("rel=preload"),
                "{path}"
            );
        }
        // One trailing slash is the same page to the router; `/benefits` goes to Benefits, `/`
        // to the Overview.
        for path in ["/benefits/cloud/", "/benefits", "/benefits/"] {
            assert_eq!(
                Variant::of(path, &headers("pb_session=abc", "")).paint,
                Paint::Page(Key::NavBenefits, Key::BenefitsLede),
                "{path}"
            );
        }
        assert_eq!(
            Variant::of("/", &headers("pb_session=abc", "")).paint,
            Paint::Page(Key::NavOverview, Key::OverviewLede)
        );
    }

    #[test]
    fn pages_open_without_a_session_get_no_card_and_unknown_themes_are_ignored() {
        for path in ["/welcome", "/welcome/", "/gallery"] {
            for cookie in ["pb_theme=neon", "pb_session=abc"] {
                assert_eq!(
                    Variant::of(path, &headers(cookie, "")).paint,
                    Paint::Nothing,
                    "{path} {cookie}"
                );
            }
        }
        assert_eq!(Variant::of("/", &headers("pb_theme=neon", "")).theme, None);
        assert_eq!(
            Variant::of("/sign-in", &headers("", "")).paint,
            Paint::SignIn
        );
    }

    #[test]
    fn every_variant_is_distinct_and_a_template_without_a_body_is_left_alone() {
        let pages: std::collections::HashSet<String> =
            Variant::all().map(|v| render(TEMPLATE, v)).collect();
        assert_eq!(pages.len(), 2 * 3 * (2 + HEADINGS.len()));
        assert_eq!(
            render("<p>hi</p>", Variant::of("/", &headers("", ""))),
            "<p>hi</p>"
        );
    }
}
