//! Code loaded on demand. The sign-in page and the shell are in the first module; each other
//! page lives in a chunk of its own that the browser fetches the first time it is shown.
//!
//! A page becomes a chunk by `on_demand!`. In release builds (`trunk build --release`) that is
//! a `wasm_split` point: trunk's post_build hook (scripts/split-wasm.sh) cuts the linked module
//! at these functions with `wasm-split-cli`, and every function reachable only from one of them
//! moves into its chunk. In debug builds (the designer's `trunk serve` loop, which runs no
//! split step) the same function is an ordinary `async fn`, so nothing else changes.
//!
//! A chunk that fails to load (offline, or the app was updated and the old chunk is gone)
//! must not take the app down: the points are `fallible`, and [`OnDemand`] shows a readable
//! error with "Try again" (a failed load is not cached, so it really tries again) and
//! "Reload the page" (a new deployment needs the new index).

use crate::i18n::Key;
use crate::ui::components::Loading;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// A chunk could not be fetched or instantiated. The browser console has the details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// `on_demand!(fn name in chunk => view! { ... })` defines
/// `async fn name() -> Result<AnyView, ChunkError>` whose body is compiled into `chunk`.
/// `on_demand!(fn name, preload_name in chunk => ...)` also defines
/// `async fn preload_name() -> Result<(), SplitLoaderError>`, which only fetches the chunk (on
/// hover or focus of a link, so the click finds it there).
macro_rules! on_demand {
    ($vis:vis fn $name:ident in $chunk:ident => $body:expr) => {
        #[cfg(not(debug_assertions))]
        #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
        $vis fn $name() -> ::core::result::Result<::leptos::prelude::AnyView, $crate::ui::lazy::ChunkError> {
            ::core::result::Result::Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        #[cfg(debug_assertions)]
        $vis async fn $name() -> ::core::result::Result<::leptos::prelude::AnyView, $crate::ui::lazy::ChunkError> {
            ::core::result::Result::Ok(::leptos::prelude::IntoAny::into_any($body))
        }
    };
    ($vis:vis fn $name:ident, $preload:ident in $chunk:ident => $body:expr) => {
        #[cfg(not(debug_assertions))]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            fallible,
            preload($vis $preload),
            wasm_split_path = ::leptos::wasm_split
        )]
        $vis fn $name() -> ::core::result::Result<::leptos::prelude::AnyView, $crate::ui::lazy::ChunkError> {
            ::core::result::Result::Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        #[cfg(debug_assertions)]
        $vis async fn $name() -> ::core::result::Result<::leptos::prelude::AnyView, $crate::ui::lazy::ChunkError> {
            ::core::result::Result::Ok(::leptos::prelude::IntoAny::into_any($body))
        }

        #[cfg(debug_assertions)]
        $vis async fn $preload() -> ::core::result::Result<(), ::leptos::wasm_split::SplitLoaderError> {
            ::core::result::Result::Ok(())
        }
    };
}
pub(crate) use on_demand;

/// Shows what `load` brings once its chunk is there: a loading line meanwhile, and on failure
/// an alert with "Try again" and "Reload the page".
#[component]
pub fn OnDemand<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    let i18n = use_i18n();
    let attempt = RwSignal::new(0u32);
    let loading = Signal::derive(move || i18n.t(Key::Loading).to_string());
    view! {
        <Suspense fallback=move || view! { <Loading label=loading/> }>
            {move || {
                attempt.track();
                Suspend::new(SendWrapper::new(async move {
                    match load().await {
                        Ok(view) => view,
                        Err(ChunkError) => view! { <ChunkFailed attempt/> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

#[component]
fn ChunkFailed(attempt: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <div class="alert alert--error" role="alert">
            <p class="alert__text">{move || i18n.t(Key::ChunkFailed)}</p>
            <div class="alert__actions">
                <button type="button" class="button button--secondary" on:click=move |_| attempt.update(|n| *n += 1)>
                    {move || i18n.t(Key::TryAgain)}
                </button>
                <button type="button" class="button button--secondary" on:click=reload>
                    {move || i18n.t(Key::ReloadPage)}
                </button>
            </div>
        </div>
    }
}
