//! The few places the UI touches the page's DOM directly.

use wasm_bindgen::JsCast;

/// Moves the keyboard focus to the element with `id`, if it is there.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Resolves in a later task of the browser's event loop (a zero timeout): work after it is not
/// part of the task that is running now, so neither is long enough to hold up input.
pub async fn next_task() {
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

/// Has the browser save `content` as a file named `name` (a download made in the page: the
/// export's text came from a server function, with the session and the cross-site checks of
/// every other call). False when the browser refused.
pub fn save_file(name: &str, mime: &str, content: &str) -> bool {
    let saved = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let link = document
            .create_element("a")
            .ok()?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .ok()?;
        link.set_href(&url);
        link.set_download(name);
        link.click();
        // Released later, not now: some browsers read the address after the click returned.
        leptos::prelude::set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(60),
        );
        Some(())
    };
    saved().is_some()
}

/// Keeps a display preference (language, theme) in a cookie for a year, so the server sends
/// the next page already in it (`server::first_paint`) and words its messages in it.
pub fn remember_in_cookie(name: &str, value: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(html_doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
        let _ = html_doc.set_cookie(&format!(
            "{name}={value}; Path=/; SameSite=Strict; Max-Age=31536000"
        ));
    }
}

/// How an address goes into the history: a new entry, or in place of the current one.
pub enum Address {
    Push,
    Replace,
}

/// Sets the address bar without loading anything: `ui::app` before the app starts (the router
/// in the app chunk reads the address when it starts), the router for its own moves.
pub fn set_address(url: &str, how: Address) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let null = wasm_bindgen::JsValue::NULL;
    let _ = match how {
        Address::Push => history.push_state_with_url(&null, "", Some(url)),
        Address::Replace => history.replace_state_with_url(&null, "", Some(url)),
    };
}

/// Resolves once a stylesheet's `<link>` has loaded, and fails once it failed to: the one way
/// the app's stylesheet (`lazy::app_styles`) and the workshop's (`gallery_styles`) are awaited.
/// Listen before the fetch starts (before the link is enabled or added), or the event may
/// have come already.
pub fn link_settled(link: &web_sys::EventTarget) -> wasm_bindgen_futures::JsFuture {
    let outcome = js_sys::Promise::new(&mut |resolve, reject| {
        let once = web_sys::AddEventListenerOptions::new();
        once.set_once(true);
        let _ = link.add_event_listener_with_callback_and_add_event_listener_options(
            "load", &resolve, &once,
        );
        let _ = link.add_event_listener_with_callback_and_add_event_listener_options(
            "error", &reject, &once,
        );
    });
    wasm_bindgen_futures::JsFuture::from(outcome)
}

/// What the server put into the page as its first paint (`server::first_paint`), shown until
/// the client renders the page itself: the sign-in card for a visitor without a session, or
/// the frame of a signed-in page (header, the page's heading) for one with a session cookie.
pub mod first_paint {
    /// Resolves once the browser has painted the server's first paint and reported it (its
    /// first contentful paint is on record), or after ten frames at most. The client waits for
    /// it before drawing over it, so it is the page's first and largest paint even when the
    /// client arrives first (a fast network, a cached module): one removed before its paint
    /// was reported would not count, and the page appears in the same place a frame later
    /// anyway.
    pub async fn painted() {
        let Some(window) = web_sys::window() else {
            return;
        };
        for _ in 0..10 {
            let reported = window
                .performance()
                .is_some_and(|p| p.get_entries_by_name("first-contentful-paint").length() > 0);
            if reported {
                return;
            }
            let frame = js_sys::Promise::new(&mut |resolve, _| {
                let _ = window.request_animation_frame(&resolve);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
        }
    }

    fn find(selector: &str) -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .is_some()
    }

    /// Whether the server painted anything.
    pub fn present() -> bool {
        find("[data-first-paint]")
    }

    /// Whether the server sent its sign-in card: it does only for a request that carried no
    /// session cookie, so there is no session to ask the server about.
    pub fn sign_in_card() -> bool {
        find("[data-first-paint=sign-in]")
    }

    /// Removes the server's first paint: called by whatever replaces it (the sign-in page, a
    /// page's heading), in the same task as it renders, so the browser never paints the page
    /// without it or with two. Rendered on the server (into the first paint itself), nothing.
    pub fn take() {
        if !cfg!(target_arch = "wasm32") {
            return;
        }
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        while let Ok(Some(el)) = doc.query_selector("[data-first-paint]") {
            el.remove();
        }
    }
}
