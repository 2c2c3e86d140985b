//! The dialog and its parts. A page writes a dialog's structure, not its markup:
//!
//! ```ignore
//! <Dialog open id title>
//!     <DialogForm form submit=… busy_label=…>   // or <DialogBody> for a question
//!         <TextField …/>                        // the fields
//!     </DialogForm>                              // + the form's error + Cancel and submit
//! </Dialog>
//! ```
//!
//! The parts share the dialog's open state through a private context, so Cancel closes the
//! dialog it is in without being told which.

use super::ErrorAlert;
use crate::i18n::Key;
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the parts of one dialog share.
#[derive(Clone, Copy)]
struct DialogContext {
    open: RwSignal<bool>,
}

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
    provide_context(DialogContext { open });
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

/// The content of a dialog that asks rather than collects: text (children), then its
/// [`DialogActions`].
#[component]
pub fn DialogBody(children: Children) -> impl IntoView {
    view! { <div class="dialog__form">{children()}</div> }
}

/// A dialog's form: its fields (children), then the form's error, then Cancel and the primary
/// button, which submits the form (see [`FormState`]).
#[component]
pub fn DialogForm(
    form: FormState,
    /// The primary button's text ("Assign user").
    #[prop(into)]
    submit: Signal<String>,
    /// Its text while the form is on its way ("Assigning…"); unchanged when not given.
    #[prop(optional, into)]
    busy_label: MaybeProp<String>,
    /// The safe choice's text when "Cancel" would be unclear ("Keep the package").
    #[prop(optional, into)]
    cancel: MaybeProp<String>,
    children: Children,
) -> impl IntoView {
    let busy = form.busy();
    let label = Signal::derive(move || match busy_label.get() {
        Some(b) if busy.get() => b,
        _ => submit.get(),
    });
    view! {
        <form class="dialog__form" on:submit=move |ev| { ev.prevent_default(); form.submit(); } novalidate>
            {children()}
            {move || form.error().get().map(|e| view! { <ErrorAlert error=e/> })}
            <DialogActions primary=label busy cancel/>
        </form>
    }
}

/// The row of buttons at the foot of a dialog: Cancel (closes it), then the primary action.
#[component]
pub fn DialogActions(
    /// The primary button's text: the action's own name, never a bare "OK".
    #[prop(into)]
    primary: Signal<String>,
    /// What the primary button does; without it, it submits the form it is in.
    #[prop(optional)]
    on_primary: Option<Callback<()>>,
    /// Marks the primary button unavailable while its action is on its way.
    #[prop(optional, into)]
    busy: MaybeProp<bool>,
    /// The safe choice's text, "Cancel" unless given.
    #[prop(optional, into)]
    cancel: MaybeProp<String>,
    /// Focus the safe choice as the dialog opens, so Enter or Escape never does an
    /// irreversible thing.
    #[prop(optional)]
    focus_cancel: bool,
    /// Focus the primary button as the dialog opens (a dialog with no field to fill).
    #[prop(optional)]
    focus_primary: bool,
    /// Only the primary button (a dialog that reports something done).
    #[prop(optional)]
    no_cancel: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = expect_context::<DialogContext>().open;
    let kind = if on_primary.is_some() {
        "button"
    } else {
        "submit"
    };
    view! {
        <div class="dialog__actions">
            {(!no_cancel).then(|| view! {
                <button type="button" class="button button--secondary" autofocus=focus_cancel on:click=move |_| open.set(false)>
                    {move || cancel.get().unwrap_or_else(|| i18n.t(Key::Cancel).to_string())}
                </button>
            })}
            <button
                type=kind
                class="button button--primary"
                autofocus=focus_primary
                aria-disabled=move || busy.get().unwrap_or(false).then_some("true")
                on:click=move |_| {
                    if let Some(press) = on_primary {
                        press.run(());
                    }
                }
            >
                {move || primary.get()}
            </button>
        </div>
    }
}

/// Focuses the `autofocus` field of the open dialog, unless a field in it has the focus
/// already. For content that arrives after the dialog opened (a form loaded on demand):
/// `showModal()` focused what was there then, the close button.
pub fn focus_arrived_field() {
    request_animation_frame(|| {
        let doc = document();
        let in_field = doc.active_element().is_some_and(|e| {
            e.closest("dialog[open] :is(input, select, textarea)")
                .ok()
                .flatten()
                .is_some()
        });
        if in_field {
            return;
        }
        if let Some(field) = doc
            .query_selector("dialog[open] [autofocus]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = field.focus();
        }
    });
}
