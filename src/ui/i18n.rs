//! The chosen language on the client: first the one remembered from last time, else the
//! browser's, switchable from the header at any time. It is mirrored into `<html lang>` (for
//! screen readers and fonts) and a `pb_lang` cookie, so the server words its messages in it too.

use crate::i18n::{t, tf, Key, Lang, TextPart};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::atomic::{AtomicBool, Ordering};

const STORAGE_KEY: &str = "pb.lang";

#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    /// Creates the context in the language the browser remembers or prefers, if its texts
    /// are there (see [`ready`]), else in English.
    pub fn provide() -> I18n {
        let initial = Some(preferred())
            .filter(|l| crate::i18n::has(*l, TextPart::First))
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

    /// Switches language once its texts are there. If a chunk of them cannot be fetched, the
    /// page stays in the language it is in.
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

/// Whether the app's texts are wanted (the app chunk has asked for them), and the rest of them
/// (a page past the landing ones has): then a switch of language fetches that language's
/// parts too, not only its first.
static APP_WANTED: AtomicBool = AtomicBool::new(false);
static MORE_WANTED: AtomicBool = AtomicBool::new(false);

/// Fetches `lang`'s `part` if it is wanted (true if not wanted, or there).
async fn if_wanted(wanted: &AtomicBool, lang: Lang, part: TextPart) -> bool {
    !wanted.load(Ordering::Relaxed) || fetch(lang, part).await
}

/// Makes `lang`'s texts available: its first part (English's is in the first module; in the
/// release client the Korean one is a chunk, fetched once by the people who read Korean) and
/// the app's parts that are wanted. False if a chunk could not be fetched.
pub async fn ready(lang: Lang) -> bool {
    let (first, app, more) = futures::future::join3(
        fetch(lang, TextPart::First),
        if_wanted(&APP_WANTED, lang, TextPart::App),
        if_wanted(&MORE_WANTED, lang, TextPart::More),
    )
    .await;
    // A part may have been asked for while this waited, in the language shown until now: then
    // this language's is needed too before the switch (at once if there).
    first
        && app
        && more
        && if_wanted(&APP_WANTED, lang, TextPart::App).await
        && if_wanted(&MORE_WANTED, lang, TextPart::More).await
}

/// Makes the texts of the signed-in app available in the language shown (the reader's: a
/// Korean reader never fetches the English ones), alongside the app's chunk (`ui::app::APP`).
pub async fn app_texts() -> Result<(), crate::ui::lazy::ChunkError> {
    wanted_texts(&APP_WANTED, TextPart::App).await
}

/// The rest of the app's texts, likewise, alongside the pages and parts that name them
/// (`ui::lazy::more`).
pub async fn more_texts() -> Result<(), crate::ui::lazy::ChunkError> {
    wanted_texts(&MORE_WANTED, TextPart::More).await
}

async fn wanted_texts(
    wanted: &AtomicBool,
    part: TextPart,
) -> Result<(), crate::ui::lazy::ChunkError> {
    wanted.store(true, Ordering::Relaxed);
    if fetch(shown(), part).await {
        Ok(())
    } else {
        Err(crate::ui::lazy::ChunkError)
    }
}

/// Fetches and installs `lang`'s `part` unless it is there. False if its chunk could not be
/// fetched (a failure is not remembered: the next call tries again).
async fn fetch(lang: Lang, part: TextPart) -> bool {
    if crate::i18n::has(lang, part) {
        return true;
    }
    #[cfg(all(target_family = "wasm", not(debug_assertions)))]
    {
        let catalogue = match (lang, part) {
            (Lang::Ko, TextPart::First) => korean_first_texts().await,
            (Lang::Ko, TextPart::App) => korean_app_texts().await,
            (Lang::En, TextPart::App) => english_app_texts().await,
            (Lang::Ko, TextPart::More) => korean_more_texts().await,
            (Lang::En, TextPart::More) => english_more_texts().await,
            // In the first module: `has` answered above.
            (Lang::En, TextPart::First) => return true,
        };
        match catalogue {
            Ok(catalogue) => crate::i18n::install(lang, part, catalogue),
            Err(crate::ui::lazy::ChunkError) => return false,
        }
    }
    true
}

// One split point per part, each naming its catalogue alone (so each is a chunk of its own).
#[cfg(all(target_family = "wasm", not(debug_assertions)))]
#[leptos::wasm_split::wasm_split(korean_first_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn korean_first_texts() -> Result<crate::i18n::Catalogue, crate::ui::lazy::ChunkError> {
    Ok(crate::i18n::catalogue(Lang::Ko, TextPart::First))
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
#[leptos::wasm_split::wasm_split(korean_app_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn korean_app_texts() -> Result<crate::i18n::Catalogue, crate::ui::lazy::ChunkError> {
    Ok(crate::i18n::catalogue(Lang::Ko, TextPart::App))
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
#[leptos::wasm_split::wasm_split(english_app_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn english_app_texts() -> Result<crate::i18n::Catalogue, crate::ui::lazy::ChunkError> {
    Ok(crate::i18n::catalogue(Lang::En, TextPart::App))
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
#[leptos::wasm_split::wasm_split(korean_more_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn korean_more_texts() -> Result<crate::i18n::Catalogue, crate::ui::lazy::ChunkError> {
    Ok(crate::i18n::catalogue(Lang::Ko, TextPart::More))
}

#[cfg(all(target_family = "wasm", not(debug_assertions)))]
#[leptos::wasm_split::wasm_split(english_more_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn english_more_texts() -> Result<crate::i18n::Catalogue, crate::ui::lazy::ChunkError> {
    Ok(crate::i18n::catalogue(Lang::En, TextPart::More))
}

/// The language the page is shown in: `<html lang>`, which the server sets for the first
/// paint and the client keeps true (`apply`, `set_attribute`).
fn shown() -> Lang {
    html()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

fn html() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
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
    if let Some(html) = html() {
        let _ = html.set_attribute("lang", lang.tag());
    }
}
