//! The designer's loop (`make dev`), debug builds only: the released client has none of this.
//! `scripts/dev-styles.mjs` rebuilds the stylesheets when `style/` changes and says so on port
//! 8081; the page then swaps its stylesheets in place, without a wasm rebuild or a reload (an
//! open dialog stays open, a gallery story keeps its controls).

/// Listens for stylesheet changes. Every page does, a gallery story's frame included.
#[cfg(all(target_family = "wasm", debug_assertions))]
pub fn follow_style_changes() {
    use wasm_bindgen::prelude::*;
    let Some(window) = web_sys::window() else {
        return;
    };
    let host = window.location().hostname().unwrap_or_default();
    let Ok(source) = web_sys::EventSource::new(&format!("http://{host}:8081/events")) else {
        return;
    };
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|_| swap_stylesheets());
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // No watcher there (the page came from the server on :3000, say): one try, not a retry
    // every few seconds for the page's life.
    let closer = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| closer.close());
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // These live as long as the page.
    on_message.forget();
    on_error.forget();
    std::mem::forget(source);
}

#[cfg(not(all(target_family = "wasm", debug_assertions)))]
pub fn follow_style_changes() {}

/// Each stylesheet fetched anew beside the old one, which goes once the new one applies: no
/// moment without styles.
#[cfg(all(target_family = "wasm", debug_assertions))]
fn swap_stylesheets() {
    use wasm_bindgen::prelude::*;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(links) = doc.query_selector_all("link[rel=stylesheet]") else {
        return;
    };
    let stamp = js_sys::Date::now() as u64;
    for i in 0..links.length() {
        // A disabled link (the app's stylesheet before the app) fires no load: left as it is,
        // it is fetched fresh when it is enabled.
        let Some(old) = links
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlLinkElement>().ok())
            .filter(|l| !l.disabled())
        else {
            continue;
        };
        let href = old.href();
        let base = href.split('?').next().unwrap_or(&href).to_string();
        let Some(new) = old
            .clone_node()
            .ok()
            .and_then(|n| n.dyn_into::<web_sys::HtmlLinkElement>().ok())
        else {
            continue;
        };
        new.set_href(&format!("{base}?v={stamp}"));
        let gone = old.clone();
        let on_load = Closure::once_into_js(move || gone.remove());
        new.set_onload(Some(on_load.unchecked_ref()));
        let _ = old.after_with_node_1(&new);
    }
}
