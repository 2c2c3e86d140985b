//! Code loaded on demand. The sign-in page is in the first module; the router and the shell
//! are the app chunk (`ui::app::APP`); each other page lives in a chunk of its own that the
//! browser fetches the first time it is shown, and so can a part of a page (an expanded
//! benefit row), fetched the first time it is wanted.
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
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A chunk could not be fetched or instantiated. The browser console has the details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Builds a part's view from what it is given: a function that lives in the part's chunk.
pub type Build<A = ()> = fn(A) -> AnyView;

/// Fetching a chunk: the part's builder, or why not.
pub type Fetching<A = ()> = Pin<Box<dyn Future<Output = Result<Build<A>, ChunkError>>>>;

/// A part of the interface loaded on demand, as `on_demand!` defines it: a page (given
/// nothing), or a part of a page given what it shows (an expanded benefit row, given the row).
pub struct Part<A: 'static = ()> {
    /// The part's builder, once its chunk has been fetched (so a second use renders at once).
    pub cached: fn() -> Option<Build<A>>,
    /// Fetches the chunk (once; a failure is not remembered) and answers the builder.
    pub load: fn() -> Fetching<A>,
}

// By hand: a derive would ask `A: Copy`, and the fields are function pointers whatever `A` is.
impl<A> Clone for Part<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for Part<A> {}

/// A whole page: given nothing.
pub type Page = Part<()>;

/// `on_demand!(pub const NAME in chunk => view! { ... })` defines a [`Page`] whose view is
/// built by code compiled into `chunk` (pages naming the same chunk share it);
/// `on_demand!(pub const NAME in chunk => |arg: Type| view! { ... })` a [`Part`] given a `Type`.
///
/// The split point answers the part's *builder*, not a built view: [`OnDemand`] then builds it
/// synchronously inside an ordinary reactive closure, exactly as if it had never been split,
/// so the part's signals live and die in the same owner as before (a view built inside a
/// `Suspend` outlived its owner on sign-out and read disposed signals).
macro_rules! on_demand {
    // A part given something: these rules come first, as a closure is also an expression.
    ($vis:vis const $name:ident in $chunk:ident => |$a:ident: $arg:ty| $body:expr) => {
        $crate::ui::lazy::on_demand!($vis const $name in $chunk, with ::core::future::ready(::core::result::Result::<(), $crate::ui::lazy::ChunkError>::Ok(())) => |$a: $arg| $body);
    };
    ($vis:vis const $name:ident in $chunk:ident, with $also:expr => |$a:ident: $arg:ty| $body:expr) => {
        $vis const $name: $crate::ui::lazy::Part<$arg> = {
            static BUILT: ::std::sync::OnceLock<$crate::ui::lazy::Build<$arg>> = ::std::sync::OnceLock::new();

            fn build($a: $arg) -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any($body)
            }

            // The split point, named by the chunk (its span makes the linker symbol unique).
            #[cfg(not(debug_assertions))]
            #[::leptos::wasm_split::wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)]
            fn $chunk() -> ::core::result::Result<$crate::ui::lazy::Build<$arg>, $crate::ui::lazy::ChunkError> {
                ::core::result::Result::Ok(build)
            }

            #[cfg(debug_assertions)]
            async fn $chunk() -> ::core::result::Result<$crate::ui::lazy::Build<$arg>, $crate::ui::lazy::ChunkError> {
                ::core::result::Result::Ok(build)
            }

            fn cached() -> ::core::option::Option<$crate::ui::lazy::Build<$arg>> {
                BUILT.get().copied()
            }

            fn load() -> $crate::ui::lazy::Fetching<$arg> {
                ::std::boxed::Box::pin(async {
                    // Side by side: the chunk and what the part also needs, each to its end
                    // (one that failed must still record it, for "Try again" to start over).
                    let (build, also) = ::futures::future::join($chunk(), $also).await;
                    also?;
                    let build = build?;
                    let _ = BUILT.set(build);
                    ::core::result::Result::Ok(build)
                })
            }

            $crate::ui::lazy::Part { cached, load }
        };
    };
    ($vis:vis const $name:ident in $chunk:ident => $body:expr) => {
        $crate::ui::lazy::on_demand!($vis const $name in $chunk, with ::core::future::ready(::core::result::Result::<(), $crate::ui::lazy::ChunkError>::Ok(())) => |_page: ()| $body);
    };
    // `with` starts something else the page needs (its stylesheet) alongside the chunk.
    ($vis:vis const $name:ident in $chunk:ident, with $also:expr => $body:expr) => {
        $crate::ui::lazy::on_demand!($vis const $name in $chunk, with $also => |_page: ()| $body);
    };
}
pub(crate) use on_demand;

impl<A> Part<A> {
    /// Fetches the chunk ahead of time (on hover or focus of a link or a row, so the click
    /// finds it there). A failure is ignored here: the part shows it, with a retry, when shown.
    pub fn prefetch(self) {
        if (self.cached)().is_none() {
            spawn_local(async move {
                let _ = (self.load)().await;
            });
        }
    }
}

/// The stylesheet of the shell and the pages one lands on (the Overview, Benefits and its
/// rows): `<link id="app-styles" disabled>` in `index.html`. The app chunk waits for it, so
/// the app never paints unstyled. (The frame of a signed-in page the server paints links the
/// same file again, `server::first_paint`: this link then finds it in the browser's cache,
/// or, if the frame's fetch failed, fetches it anew and says so if it fails again.)
pub fn app_styles() -> impl Future<Output = Result<(), ChunkError>> {
    enable_styles("app-styles")
}

/// What everything past the Benefits table (the other pages, an expanded row, dialogs, the
/// user picker, toasts) needs besides its chunk, side by side: the rest of the styles
/// (`<link id="more-styles" disabled>`) and of the texts (`ui::i18n::more_texts`). Each chunk
/// that draws those waits for it alongside itself (`on_demand!(… , with more() …)`), so a
/// Benefits page's first load goes without their bytes (they come with the first of those:
/// a row first pointed at, the go-to-market tab's panel, another page, the first toast).
pub async fn more() -> Result<(), ChunkError> {
    let (styles, texts) =
        futures::future::join(enable_styles("more-styles"), crate::ui::i18n::more_texts()).await;
    styles.and(texts)
}

/// Enables the disabled stylesheet `<link id=…>` (a disabled stylesheet is not even fetched,
/// so the pages before it do not wait for it) and answers once it applies. Loaded already, or
/// no such link (the stylesheet is not split off): nothing to wait for. If it failed before, a
/// fresh copy of the link fetches again.
fn enable_styles(id: &str) -> impl Future<Output = Result<(), ChunkError>> {
    use wasm_bindgen::JsCast;
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlLinkElement>().ok())
        .filter(|link| link.sheet().is_none());
    let link = link.map(|link| {
        if !link.has_attribute("data-failed") {
            return link;
        }
        match link
            .clone_node()
            .ok()
            .and_then(|n| n.dyn_into::<web_sys::HtmlLinkElement>().ok())
        {
            Some(copy) => {
                let _ = copy.remove_attribute("data-failed");
                let _ = link.replace_with_with_node_1(&copy);
                copy
            }
            None => link,
        }
    });
    let loaded = link.as_ref().map(|link| {
        // Listening first: enabling it starts the fetch.
        let settled = crate::ui::dom::link_settled(link);
        link.set_disabled(false);
        settled
    });
    async move {
        match (link, loaded) {
            (Some(link), Some(loaded)) => loaded.await.map(|_| ()).map_err(|_| {
                let _ = link.set_attribute("data-failed", "");
                ChunkError
            }),
            _ => Ok(()),
        }
    }
}

/// Shows `page` once its chunk is there: a loading line meanwhile, and on failure an alert
/// with "Try again" and "Reload the page".
#[component]
pub fn OnDemand(
    page: Page,
    /// Nothing frames it (the app itself, before the shell and its `<main>`): a failure is a
    /// page of its own, a card in a `<main>` as the sign-in page's.
    #[prop(optional)]
    alone: bool,
) -> impl IntoView {
    shown(page, (), if alone { Place::Alone } else { Place::Page })
}

/// Where a part loaded on demand is shown, which decides what its failure looks like.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Inside a page: an alert where it would be.
    Part,
    /// The same, showing nothing while it is fetched, nor if it could not be (what it shows
    /// can do without it: toasts). It is fetched again when drawn again.
    QuietPart,
    /// As a page in the shell's `<main>`: a heading and the alert.
    Page,
    /// With no frame around it: the heading and the alert in a `<main>` of their own.
    Alone,
}

/// Shows `part`, built from `given`, once its chunk is there; meanwhile and on failure, the
/// same as [`OnDemand`] inside the page.
#[component]
pub fn OnDemandPart<A>(
    part: Part<A>,
    given: A,
    /// Nothing while it is fetched (inside a live region, a loading line would be announced),
    /// nor if it could not be.
    #[prop(optional)]
    quiet: bool,
) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
{
    shown(
        part,
        given,
        if quiet { Place::QuietPart } else { Place::Part },
    )
}

fn shown<A>(part: Part<A>, given: A, place: Place) -> impl IntoView
where
    A: Clone + Send + Sync + 'static,
{
    // Only these two closures know `A`: the rest (its state, the loading line, the failure)
    // is compiled once for every part, not once per part's type (1 KB less per first load).
    let ready = (part.cached)().is_some();
    let build = move || (part.cached)().map(|build| build(given.clone()));
    let load = move || -> Arrival { Box::pin(async move { (part.load)().await.map(|_| ()) }) };
    shown_any(ready, Arc::new(build), Arc::new(load), place)
}

/// A chunk's fetch, whatever its part is given: done, or why not.
type Arrival = Pin<Box<dyn Future<Output = Result<(), ChunkError>>>>;

/// What [`shown`] does, for any part: `build` draws it once its chunk is there (`ready`: it
/// is already).
fn shown_any(
    ready: bool,
    build: Arc<dyn Fn() -> Option<AnyView> + Send + Sync>,
    load: Arc<dyn Fn() -> Arrival + Send + Sync>,
    place: Place,
) -> AnyView {
    let i18n = use_i18n();
    // Some: fetched (Ok) or failed; None: being fetched.
    let state = RwSignal::new(ready.then_some(Ok(())));
    let load = StoredValue::new(load);
    let fetch = move || {
        let Some(arrival) = load.try_with_value(|load| load()) else {
            return;
        };
        spawn_local(async move {
            let loaded = arrival.await;
            // The person may have moved on meanwhile; then there is nothing left to show.
            let _ = state.try_set(Some(loaded));
        })
    };
    if !ready {
        fetch();
    }
    let retry = move || {
        state.set(None);
        fetch();
    };
    let loading = Signal::derive(move || i18n.t(Key::Loading).to_string());
    (move || match state.get() {
        None | Some(Err(ChunkError)) if place == Place::QuietPart => ().into_any(),
        None => view! { <Loading label=loading/> }.into_any(),
        // Fetched: the builder is there (a chunk answers it before `load` ends).
        Some(Ok(())) => build().unwrap_or_else(|| ().into_any()),
        Some(Err(ChunkError)) => view! { <ChunkFailed retry place/> }.into_any(),
    })
    .into_any()
}

#[component]
fn ChunkFailed(retry: impl Fn() + Copy + 'static, place: Place) -> impl IntoView {
    let i18n = use_i18n();
    if matches!(place, Place::Page | Place::Alone) {
        // This is the page now: the server's frame of it (a heading that will not come) goes.
        crate::ui::dom::first_paint::take();
    }
    let reload = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    let alert = view! {
        <div class="alert alert--error" role="alert">
            <p class="alert__text">{move || i18n.t(Key::ChunkFailed)}</p>
            <div class="alert__actions">
                <button type="button" class="button button--secondary" on:click=move |_| retry()>
                    {move || i18n.t(Key::TryAgain)}
                </button>
                <button type="button" class="button button--secondary" on:click=reload>
                    {move || i18n.t(Key::ReloadPage)}
                </button>
            </div>
        </div>
    };
    // The page's own heading never came: this is the page now.
    let heading = move || view! { <h1>{move || i18n.t(Key::ChunkFailedTitle)}</h1> };
    match place {
        Place::Part | Place::QuietPart => alert.into_any(),
        Place::Page => view! { {heading()} {alert} }.into_any(),
        Place::Alone => view! {
            <main id="main" class="sign-in">
                <div class="sign-in__card">{heading()} {alert}</div>
            </main>
        }
        .into_any(),
    }
}
