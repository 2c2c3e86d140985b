//! Asks before an action that cannot be undone in one click, naming what will happen. The safe
//! choice (Cancel) has the focus, so Enter or Escape never does the irreversible thing.

use super::{Dialog, DialogActions, DialogBody};
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] id: String,
    #[prop(into)] title: Signal<String>,
    /// What will happen, in full.
    #[prop(into)]
    text: Signal<String>,
    /// The action's own name ("Remove seat"), never a bare "OK".
    #[prop(into)]
    confirm: Signal<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <Dialog open id title>
            <DialogBody>
                <p>{move || text.get()}</p>
                <DialogActions
                    primary=confirm
                    focus_cancel=true
                    on_primary=Callback::new(move |_| {
                        open.set(false);
                        on_confirm.run(());
                    })
                />
            </DialogBody>
        </Dialog>
    }
}
