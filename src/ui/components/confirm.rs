//! Asks before an action that cannot be undone in one click, naming what will happen. The safe
//! choice (Cancel) has the focus, so Enter or Escape never does the irreversible thing.

use super::Dialog;
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
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
    let i18n = use_i18n();
    view! {
        <Dialog open id title>
            <div class="dialog__form">
                <p>{move || text.get()}</p>
                <div class="dialog__actions">
                    <button type="button" class="button button--secondary" autofocus on:click=move |_| open.set(false)>
                        {move || i18n.t(Key::Cancel)}
                    </button>
                    <button type="button" class="button button--primary" on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }>
                        {move || confirm.get()}
                    </button>
                </div>
            </div>
        </Dialog>
    }
}
