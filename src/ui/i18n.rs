//! The chosen language on the client: first the one remembered from last time, else the
//! browser's, switchable from the header at any time. It is mirrored into `<html lang>` (for
//! screen readers and fonts) and a `pb_lang` cookie, so the server words its messages in it too.

use crate::i18n::{t, tf, Key, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

const STORAGE_KEY: &str = "pb.lang";

#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    /// Creates the context in the language the browser remembers or prefers, if its texts
    /// are there (see [`ready`]), else in English.
    pub fn provide() -> I18n {
        let initial = Some(preferred())
            .filter(|l| *l == Lang::En || crate::i18n::has_korean())
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

    /// Shows the page in `lang` without remembering it (a gallery frame: the designer's own
    /// choice, in the same browser's storage, stays as it is).
    pub async fn show(self, lang: Lang) {
        if ready(lang).await {
            self.0.set(lang);
            set_attribute(lang);
        }
    }

    /// Switches language once its texts are there. If the Korean chunk cannot be fetched,
    /// the page stays in the language it is in.
    pub fn set(self, lang: Lang) {
        spawn_local(async move {
            if ready(lang).await {
                self.0.set(lang);
                apply(lang);
                if let Some(s) = storage() {
                    let _ = s.set_item(STORAGE_KEY, lang.tag());
                }
            }
        });
    }
}

/// The language remembered from last time, else the first of the browser's languages that we
/// have, else English: the server's rule for `Accept-Language` (`server::lang_of`), so the page
/// it sends and the client agree.
pub fn preferred() -> Lang {
    stored()
        .or_else(|| {
            let navigator = web_sys::window()?.navigator();
            navigator
                .languages()
                .iter()
                .filter_map(|l| l.as_string())
                .find_map(|l| Lang::from_tag(&l))
        })
        .unwrap_or_default()
}

/// Makes `lang`'s texts available: English is in the first module; in the release client the
/// Korean catalogue (about 28 KB, 7 KB compressed) is a chunk of its own, fetched once by the
/// people who read Korean. False if it could not be fetched.
pub async fn ready(lang: Lang) -> bool {
    if lang == Lang::En || crate::i18n::has_korean() {
        return true;
    }
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    {
        match korean_texts().await {
            Ok(catalogue) => {
                crate::i18n::install_korean(catalogue);
                return true;
            }
            Err(crate::ui::lazy::ChunkError) => return false,
        }
    }
    #[allow(unreachable_code)]
    true
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
#[leptos::wasm_split::wasm_split(korean_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn korean_texts() -> Result<fn(Key) -> &'static str, crate::ui::lazy::ChunkError> {
    Ok(crate::i18n::korean_catalogue())
}

/// Makes the English texts of the signed-in app available: in the release client they are a
/// chunk of their own (see `build.rs`), fetched alongside the app's (`ui::app::APP`).
pub async fn app_texts() -> Result<(), crate::ui::lazy::ChunkError> {
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    crate::i18n::install_english_app(english_app_texts().await?);
    Ok(())
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
#[leptos::wasm_split::wasm_split(english_app_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn english_app_texts() -> Result<fn(Key) -> &'static str, crate::ui::lazy::ChunkError> {
    Ok(crate::i18n::english_app_catalogue())
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
    set_attribute(lang);
    crate::ui::dom::remember_in_cookie("pb_lang", lang.tag());
}

fn set_attribute(lang: Lang) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.tag());
    }
}
