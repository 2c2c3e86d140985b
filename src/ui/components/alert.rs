use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

/// A readable error with an optional retry. Announced to screen readers as it appears.
#[component]
pub fn ErrorAlert(
    #[prop(into)] error: Signal<AppError>,
    /// Shown as a "Try again" button when given.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="alert alert--error" role="alert">
            <p class="alert__text">{move || error.get().message(i18n.lang())}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="button button--secondary" on:click=move |_| retry.run(())>
                    {move || i18n.t(Key::TryAgain)}
                </button>
            })}
        </div>
    }
}

/// A loading placeholder that screen readers announce politely.
#[component]
pub fn Loading(#[prop(into)] label: Signal<String>) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="loading__spinner" aria-hidden="true"></span>
            <span>{move || label.get()}</span>
        </div>
    }
}
