use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A modal dialog on the native `<dialog>` element: `showModal()` makes the rest of the page
/// inert (focus stays inside), Escape closes it, and focus returns to the control that opened
/// it. Its content is built each time it opens, so every opening starts fresh. On phones the
/// stylesheet turns it into a full-screen sheet. Give the first field `autofocus`.
#[component]
pub fn Dialog(
    /// Open or closed; closing from inside (Escape, the close button) sets it to false.
    open: RwSignal<bool>,
    /// The heading, which also names the dialog for screen readers.
    #[prop(into)]
    title: Signal<String>,
    /// A unique id for the heading.
    #[prop(into)]
    id: String,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        if open.get() {
            if !el.open() {
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(active);
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    let on_close = move |_| {
        open.set(false);
        if let Some(o) = opener.get_value() {
            let _ = o.focus();
        }
    };
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog node_ref=node class="dialog" aria-labelledby=labelled_by on:close=on_close>
            <div class="dialog__header">
                <h2 id=title_id class="dialog__title">{move || title.get()}</h2>
                <button
                    type="button"
                    class="dialog__close"
                    aria-label=move || i18n.t(Key::Close)
                    on:click=move |_| open.set(false)
                >
                    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
                        <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                    </svg>
                </button>
            </div>
            <div class="dialog__body">
                <Show when=move || open.get()>{children()}</Show>
            </div>
        </dialog>
    }
}
