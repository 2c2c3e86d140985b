//! The app's router: which page an address shows, and moving between addresses without loading
//! anything.
//!
//! Why our own and not `leptos_router`: the app needs little of it (a table of paths with
//! `:name` segments, the query, links and Back), and `leptos_router` was a quarter of the app
//! chunk every signed-in page loads (about 17 KB brotli, 36 KB with the code only it reached),
//! against the 180 KB budget of the Benefits page. The names follow `leptos_router`'s
//! (`use_navigate`, `use_params_map`, `use_query_map`, `use_location`), so a page reads the same.
//!
//! What it does, as a browser user expects of links:
//! - a click on a link to a page of this app (same origin, no modifier key, no `target`, no
//!   `download`, not `rel="external"`) becomes a new history entry and the page changes in place;
//!   a link that only names a fragment of the page it is on is left to the browser (the skip
//!   link); anything else is an ordinary link;
//! - Back and Forward (`popstate`) show the address they come to;
//! - a new page starts at the top (or at its fragment); a page that only changes its own query
//!   (a list's search) asks not to scroll.

use crate::ui::dom::{set_address, Address as HistoryStep};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Names and values: a path's `:name` segments (as they are in the path: ours are slugs and
/// numbers) or an address query (decoded once, as the browser's `URLSearchParams` does).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The first value of `key` (a key is repeated only in an address edited by hand).
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Every pair, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

/// A page of the app: the path it answers (`/benefits/:category`) and how it is built.
pub struct Route {
    pub path: &'static str,
    pub view: fn() -> AnyView,
}

/// The `:name` segments of `path` if it is one `pattern` answers, else nothing. One trailing
/// slash is allowed; an empty segment is not (`//packages`, `/benefits//software` are no page:
/// `routes::heading_of`, which the server's first paint uses, reads paths the same way). A
/// `:name` takes one whole segment.
pub fn matches(pattern: &str, path: &str) -> Option<ParamsMap> {
    let segments = |p: &str| -> Option<Vec<String>> {
        let p = p.strip_prefix('/')?;
        let p = p.strip_suffix('/').unwrap_or(p);
        if p.is_empty() {
            return Some(Vec::new());
        }
        p.split('/')
            .map(|s| (!s.is_empty()).then(|| s.to_string()))
            .collect()
    };
    let (want, have) = (segments(pattern)?, segments(path)?);
    if want.len() != have.len() {
        return None;
    }
    let mut params = Vec::new();
    for (w, h) in want.iter().zip(have) {
        match w.strip_prefix(':') {
            Some(name) => params.push((name.to_string(), h)),
            None if *w == h => {}
            None => return None,
        }
    }
    Some(ParamsMap(params))
}

/// Where the app is: the path, the query (with its `?`, or empty) and the fragment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Address {
    path: String,
    search: String,
    hash: String,
}

impl Address {
    fn now() -> Address {
        let location = window().location();
        Address {
            path: location.pathname().unwrap_or_else(|_| "/".into()),
            search: location.search().unwrap_or_default(),
            hash: location.hash().unwrap_or_default(),
        }
    }
}

/// What the router shares with the pages below it.
#[derive(Clone, Copy)]
struct RouterContext {
    address: RwSignal<Address>,
    location: Location,
}

fn context() -> RouterContext {
    expect_context::<RouterContext>()
}

/// What the router gives the page it shows: its own `:name` segments and query, which keep
/// their last values once the address has moved to another page (the page is about to go, and
/// must not meanwhile read the next page's segments as its own).
#[derive(Clone, Copy)]
struct PageAddress {
    params: Memo<ParamsMap>,
    query: Memo<ParamsMap>,
}

/// The address, for what follows it (the menu's current page).
#[derive(Clone, Copy)]
pub struct Location {
    pub pathname: Memo<String>,
}

pub fn use_location() -> Location {
    context().location
}

/// The current page's `:name` segments.
pub fn use_params_map() -> Memo<ParamsMap> {
    expect_context::<PageAddress>().params
}

/// The address query, decoded.
pub fn use_query_map() -> Memo<ParamsMap> {
    expect_context::<PageAddress>().query
}

/// How to move.
#[derive(Clone, Copy, Debug)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one.
    pub replace: bool,
    /// Start at the top of the page (or at the address's fragment).
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            replace: false,
            scroll: true,
        }
    }
}

/// Moves to an address of this app (absolute, or relative to the current one).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + Send + Sync + 'static {
    let ctx = context();
    move |href: &str, options: NavigateOptions| go(ctx, href, options)
}

thread_local! {
    /// Set by a move to another page, taken by the next page heading drawn.
    static PAGE_CHANGED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the page now being drawn was reached by moving from another page (and forget it).
pub fn take_page_changed() -> bool {
    PAGE_CHANGED.with(|c| c.replace(false))
}

fn go(ctx: RouterContext, href: &str, options: NavigateOptions) {
    let w = window();
    let location = w.location();
    let Ok(here) = location.href() else { return };
    let Ok(url) = web_sys::Url::new_with_base(href, &here) else {
        return;
    };
    if Some(url.origin()) != location.origin().ok() {
        // Not this app: an ordinary page load.
        let _ = location.set_href(href);
        return;
    }
    let to = Address {
        path: url.pathname(),
        search: url.search(),
        hash: url.hash(),
    };
    let target = format!("{}{}{}", to.path, to.search, to.hash);
    // The same address again is not a new step back.
    let again = ctx.address.try_with_untracked(|a| *a == to) == Some(true);
    // A person following a link to another page: its heading takes the keyboard focus when it
    // is drawn (`PageHeading`), rather than the top of the document (a dozen header and menu
    // stops again). Not for a list's own changes (no scroll) nor a redirect (replace).
    let other_page = ctx.address.try_with_untracked(|a| a.path != to.path) == Some(true);
    if options.scroll && !options.replace && other_page {
        PAGE_CHANGED.with(|c| c.set(true));
    }
    set_address(
        &target,
        if options.replace || again {
            HistoryStep::Replace
        } else {
            HistoryStep::Push
        },
    );
    let hash = to.hash.clone();
    // The router is gone (signed out meanwhile): nothing to show.
    if ctx.address.try_set(to).is_some() {
        return;
    }
    if options.scroll {
        w.scroll_to_with_x_and_y(0.0, 0.0);
        // A fragment is looked for once the new page is drawn (Leptos renders the change on the
        // next microtask; a page in a chunk not yet fetched has only its loading line then).
        let id = hash
            .strip_prefix('#')
            .filter(|id| !id.is_empty())
            .and_then(|id| js_sys::decode_uri_component(id).ok())
            .and_then(|id| id.as_string());
        if let Some(id) = id {
            request_animation_frame(move || {
                if let Some(el) = document().get_element_by_id(&id) {
                    el.scroll_into_view();
                }
            });
        }
    }
}

/// The address a click on a link goes to, if the router should take it (see the module).
fn followed_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let link = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    let external = link
        .get_attribute("rel")
        .is_some_and(|r| r.split_ascii_whitespace().any(|t| t == "external"));
    let elsewhere = link
        .get_attribute("target")
        .is_some_and(|t| !t.is_empty() && t != "_self");
    if external || elsewhere || link.has_attribute("download") {
        return None;
    }
    let location = window().location();
    if Some(link.origin()) != location.origin().ok() {
        return None;
    }
    let same_page = Some(link.pathname()) == location.pathname().ok()
        && Some(link.search()) == location.search().ok();
    if same_page && !link.hash().is_empty() {
        // A fragment of this page: the browser scrolls to it and moves focus there.
        return None;
    }
    Some(format!(
        "{}{}{}",
        link.pathname(),
        link.search(),
        link.hash()
    ))
}

/// The query of an address (`?a=1&b=2`, or without the `?`), decoded as the browser does.
pub fn query_pairs(search: &str) -> ParamsMap {
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(search) else {
        return ParamsMap::default();
    };
    let mut pairs = Vec::new();
    let entries = js_sys::try_iter(&params).ok().flatten();
    for entry in entries.into_iter().flatten().flatten() {
        let entry: js_sys::Array = entry.unchecked_into();
        if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            pairs.push((k, v));
        }
    }
    ParamsMap(pairs)
}

/// Shows the first of `routes` whose path answers the address, else `fallback`. A page stays
/// while only its `:name` segments or its query change (a category tab, a list's search): it
/// reads them from `use_params_map` and `use_query_map`.
#[component]
pub fn Router(routes: &'static [Route], fallback: fn() -> AnyView) -> impl IntoView {
    let address = RwSignal::new(Address::now());
    let matched = Memo::new(move |_| {
        address.with(|a| {
            routes
                .iter()
                .enumerate()
                .find_map(|(i, r)| matches(r.path, &a.path).map(|p| (i, p)))
        })
    });
    let ctx = RouterContext {
        address,
        location: Location {
            pathname: Memo::new(move |_| address.with(|a| a.path.clone())),
        },
    };
    provide_context(ctx);

    let clicks = window_event_listener(ev::click, move |ev| {
        if let Some(href) = followed_link(&ev) {
            ev.prevent_default();
            go(ctx, &href, NavigateOptions::default());
        }
    });
    let back = window_event_listener(ev::popstate, move |_| address.set(Address::now()));
    on_cleanup(move || {
        clicks.remove();
        back.remove();
    });

    let page = Memo::new(move |_| matched.with(|m| m.as_ref().map(|(i, _)| *i)));
    move || {
        let shown = page.get();
        // This page's segments and query, followed while it is the one shown.
        let here = move || page.get() == shown;
        provide_context(PageAddress {
            params: Memo::new(move |last: Option<&ParamsMap>| match matched.get() {
                Some((_, p)) if here() => p,
                _ => last.cloned().unwrap_or_default(),
            }),
            query: Memo::new(move |last: Option<&ParamsMap>| {
                if here() || last.is_none() {
                    address.with(|a| query_pairs(&a.search))
                } else {
                    last.cloned().unwrap_or_default()
                }
            }),
        });
        match shown {
            Some(i) => (routes[i].view)(),
            None => fallback(),
        }
    }
}

/// Sends the visitor on to `path`, in place of the address that led here (Back does not
/// return to an address that would only send them on again).
#[component]
pub fn Redirect(#[prop(into)] path: String) -> impl IntoView {
    let navigate = use_navigate();
    // After this render: the router is not asked to change page from inside its own render.
    Effect::new(move |_| {
        navigate(
            &path,
            NavigateOptions {
                replace: true,
                scroll: true,
            },
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(m: &ParamsMap) -> Vec<(&str, &str)> {
        m.pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn a_path_matches_its_pattern_and_names_its_segments() {
        let m = matches("/benefits/:category", "/benefits/software").unwrap();
        assert_eq!(pairs(&m), [("category", "software")]);
        assert_eq!(m.get("category").as_deref(), Some("software"));
        assert_eq!(m.get("other"), None);
        let m = matches("/gallery/:component/:state", "/gallery/button/primary/").unwrap();
        assert_eq!(pairs(&m), [("component", "button"), ("state", "primary")]);
        assert_eq!(pairs(&matches("/", "/").unwrap()), []);
        assert!(matches("/packages", "/packages/").is_some());
    }

    #[test]
    fn a_path_of_another_shape_does_not_match() {
        assert_eq!(matches("/benefits/:category", "/benefits"), None);
        assert_eq!(matches("/benefits/:category", "/benefits/software/1"), None);
        assert_eq!(matches("/packages", "/package"), None);
        assert_eq!(matches("/", "/overview"), None);
        assert_eq!(matches("/settings/users/:id", "/settings/people/4"), None);
    }

    #[test]
    fn an_empty_segment_is_no_page_as_for_the_servers_first_paint() {
        assert_eq!(matches("/packages", "//packages"), None);
        assert_eq!(matches("/packages", "/packages//"), None);
        assert_eq!(matches("/benefits/:category", "/benefits//software"), None);
        assert_eq!(matches("/benefits/:category", "/benefits/"), None);
        assert_eq!(matches("/", ""), None);
        for path in ["/packages", "/packages/", "//packages", "/packages//"] {
            assert_eq!(
                matches("/packages", path).is_some(),
                crate::ui::routes::heading_of(path).is_some(),
                "{path}: the router and the first paint agree"
            );
        }
    }
}
