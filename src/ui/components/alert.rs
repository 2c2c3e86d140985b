use crate::error::AppError;
use leptos::prelude::*;

/// A readable error with an optional retry. Announced to screen readers as it appears.
#[component]
pub fn ErrorAlert(
    error: AppError,
    /// Shown as a "Try again" button when given.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="alert alert--error" role="alert">
            <p class="alert__text">{error.to_string()}</p>
            {on_retry.map(|retry| view! {
                <button type="button" class="button button--secondary" on:click=move |_| retry.run(())>
                    "Try again"
                </button>
            })}
        </div>
    }
}

/// A loading placeholder that screen readers announce politely.
#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="loading__spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}
