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
