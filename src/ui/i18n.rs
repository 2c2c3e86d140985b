//! The chosen language on the client: first the one remembered from last time, else the
//! browser's, switchable from the header at any time. It is mirrored into `<html lang>` (for
//! screen readers and fonts) and a `pb_lang` cookie, so the server words its messages in it too.

use crate::i18n::{t, tf, Key, Lang};
use leptos::prelude::*;

const STORAGE_KEY: &str = "pb.lang";

#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    /// Creates the context from what the browser remembers or prefers.
    pub fn provide() -> I18n {
        let initial = stored()
            .or_else(|| {
                web_sys::window()
                    .and_then(|w| w.navigator().language())
                    .and_then(|l| Lang::from_tag(&l))
            })
            .unwrap_or_default();
        let i18n = I18n(RwSignal::new(initial));
        apply(initial);
        provide_context(i18n);
        i18n
    }

    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// The text of `key` in the current language (tracked: re-renders on a switch).
    pub fn t(self, key: Key) -> &'static str {
        t(self.0.get(), key)
    }

    pub fn tf(self, key: Key, args: &[(&str, &str)]) -> String {
        tf(self.0.get(), key, args)
    }

    pub fn set(self, lang: Lang) {
        self.0.set(lang);
        apply(lang);
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.tag());
        }
    }
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(I18n::provide)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored() -> Option<Lang> {
    Lang::from_tag(&storage()?.get_item(STORAGE_KEY).ok()??)
}

fn apply(lang: Lang) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("lang", lang.tag());
    }
    if let Ok(html_doc) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDocument>(doc) {
        let _ = html_doc.set_cookie(&format!(
            "pb_lang={}; Path=/; SameSite=Strict; Max-Age=31536000",
            lang.tag()
        ));
    }
}
