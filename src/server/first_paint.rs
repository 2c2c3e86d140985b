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
//!   the designers' `/gallery`) get no card.
//!
//! Every variant (2 languages × 3 themes × with or without the card) is made and compressed
//! once at start, like the files of `dist/`: a request picks one and sends bytes in memory.

use super::cookie;
use crate::i18n::Lang;
use crate::ui::pages::sign_in::SignInFrame;
use axum::http::HeaderMap;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// The visitor's theme choice, as the client stores it (`ui::theme`): `None` follows the system.
const THEMES: [Option<&str>; 3] = [None, Some("light"), Some("dark")];

/// What the page is filled in with for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Variant {
    pub lang: Lang,
    pub theme: Option<&'static str>,
    pub sign_in: bool,
}

impl Variant {
    /// Every variant, for making them all at start.
    pub fn all() -> impl Iterator<Item = Variant> {
        Lang::ALL.into_iter().flat_map(|lang| {
            THEMES.into_iter().flat_map(move |theme| {
                [false, true].map(|sign_in| Variant {
                    lang,
                    theme,
                    sign_in,
                })
            })
        })
    }

    /// The variant for a request of the page at `path`.
    pub fn of(path: &str, headers: &HeaderMap) -> Variant {
        let theme = cookie(headers, "pb_theme")
            .and_then(|code| THEMES.into_iter().flatten().find(|t| *t == code));
        let signed_out = cookie(headers, crate::server::auth::SESSION_COOKIE)
            .or_else(|| cookie(headers, crate::server::auth::SECURE_SESSION_COOKIE))
            .is_none();
        Variant {
            lang: super::lang_of(headers),
            theme,
            sign_in: signed_out && !crate::ui::app::opens_without_session(path),
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
    let card = if variant.sign_in {
        sign_in_card(variant.lang)
    } else {
        String::new()
    };
    let mut page = String::with_capacity(template.len() + attributes.len() + card.len());
    page.push_str(&template[..html_at]);
    page.push_str("<html");
    page.push_str(&attributes);
    page.push_str(&template[html_end..body_at]);
    page.push_str(&card);
    page.push_str(&template[body_at..]);
    page
}

/// The sign-in card without its form, as the sign-in page renders it.
fn sign_in_card(lang: Lang) -> String {
    let owner = Owner::new();
    owner.with(|| view! { <SignInFrame lang=Signal::stored(lang) first_paint=true/> }.to_html())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{header, HeaderValue};

    const TEMPLATE: &str = "<!DOCTYPE html><html lang=en><head><title>Partner Benefits</title><script type=module>import x from '/a.js'</script></head><body></body></html>";

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
                sign_in: true
            }
        );
        let page = render(TEMPLATE, v);
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"ko\"><head>"));
        assert!(page.contains("class=\"sign-in__card\""));
        assert!(page.contains(crate::i18n::t(Lang::Ko, crate::i18n::Key::SignInLede)));
        assert!(page.contains("data-first-paint"));
        assert!(page.ends_with("</body></html>"));
        // The inline script, which the policy allows by its hash, is untouched.
        assert!(page.contains("<script type=module>import x from '/a.js'</script>"));
    }

    #[test]
    fn a_session_cookie_gets_no_card_but_keeps_language_and_theme() {
        let v = Variant::of(
            "/packages",
            &headers("pb_lang=ko; pb_session=abc; pb_theme=dark", "en"),
        );
        assert_eq!(
            v,
            Variant {
                lang: Lang::Ko,
                theme: Some("dark"),
                sign_in: false
            }
        );
        let page = render(TEMPLATE, v);
        assert!(page.contains("<html lang=\"ko\" data-theme=\"dark\">"));
        assert!(page.contains("<body></body>"));
    }

    #[test]
    fn pages_open_without_a_session_get_no_card_and_unknown_themes_are_ignored() {
        for path in ["/welcome", "/welcome/", "/gallery"] {
            assert!(
                !Variant::of(path, &headers("pb_theme=neon", "")).sign_in,
                "{path}"
            );
        }
        assert_eq!(Variant::of("/", &headers("pb_theme=neon", "")).theme, None);
        assert!(Variant::of("/sign-in", &headers("", "")).sign_in);
    }

    #[test]
    fn every_variant_is_distinct_and_a_template_without_a_body_is_left_alone() {
        let pages: std::collections::HashSet<String> =
            Variant::all().map(|v| render(TEMPLATE, v)).collect();
        assert_eq!(pages.len(), 12);
        assert_eq!(
            render("<p>hi</p>", Variant::of("/", &headers("", ""))),
            "<p>hi</p>"
        );
    }
}
