use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

/// The down arrow at the far right of a row: a real button that says what it controls and
/// whether that is open (`aria-expanded`), operable with Enter and Space like any button.
#[component]
pub fn ExpandButton(
    /// Open or closed; the button flips it.
    expanded: RwSignal<bool>,
    /// The id of the region it shows and hides.
    #[prop(into)]
    controls: String,
    /// What is expanded, for the accessible name: "Details for {subject}".
    #[prop(into)]
    subject: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="expand-button"
            aria-expanded=move || if expanded.get() { "true" } else { "false" }
            aria-controls=controls
            aria-label=move || i18n.tf(Key::DetailsFor, &[("subject", &subject)])
            on:click=move |_| expanded.update(|e| *e = !*e)
        >
            <svg class="expand-button__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
                <path d="M5 7.5l5 5 5-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
            </svg>
        </button>
    }
}
