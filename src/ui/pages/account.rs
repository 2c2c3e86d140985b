//! Your account: change your password (every other session ends), or sign out on every device.

use crate::api::auth::{change_password, sign_out_everywhere};
use crate::domain::forms::new_password;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{use_toasts, TextField};
use crate::ui::i18n::use_i18n;
use crate::ui::session::{Session, SessionState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_context();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let current_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let again_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let leaving = RwSignal::new(false);
    let leave_error = RwSignal::new(None::<AppError>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang = i18n.0.get_untracked();
        form_error.set(None);
        // Every problem of the form at once, each beside its field.
        let checked = new_password(&password.get_untracked(), &again.get_untracked());
        let problems = checked.as_ref().err();
        current_error.set(
            current
                .get_untracked()
                .is_empty()
                .then(|| i18n.t(Key::EnterPassword).to_string()),
        );
        password_error.set(
            problems
                .and_then(|p| p.get("password"))
                .map(|p| p.message(lang)),
        );
        again_error.set(
            problems
                .and_then(|p| p.get("password_again"))
                .map(|p| p.message(lang)),
        );
        if checked.is_err() || current_error.get_untracked().is_some() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match change_password(
                current.get_untracked(),
                password.get_untracked(),
                again.get_untracked(),
            )
            .await
            {
                Ok(()) => {
                    current.set(String::new());
                    password.set(String::new());
                    again.set(String::new());
                    toasts.push(i18n.t(Key::PasswordChanged).to_string());
                }
                Err(e @ AppError::Invalid { .. }) => {
                    let said = |f: &str| e.field_message(f).map(str::to_string);
                    current_error.set(said("current_password"));
                    password_error.set(said("password"));
                    again_error.set(said("password_again"));
                }
                Err(e) => form_error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let leave = move |_| {
        if leaving.get_untracked() {
            return;
        }
        leaving.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match sign_out_everywhere().await {
                Ok(()) | Err(AppError::NotSignedIn) => {
                    session.0.set(SessionState::SignedOut);
                    navigate("/sign-in", Default::default());
                }
                Err(e) => leave_error.set(Some(e)),
            }
            leaving.set(false);
        });
    };

    view! {
        <h1>{move || i18n.t(Key::NavYourAccount)}</h1>
        <p class="page-lede">{move || i18n.t(Key::AccountLede)}</p>
        <section class="panel" aria-labelledby="change-password-title">
            <h2 id="change-password-title">{move || i18n.t(Key::ChangePassword)}</h2>
            <form on:submit=submit novalidate class="form-narrow">
                {move || form_error.get().map(|e| view! {
                    <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
                })}
                <TextField id="account-current-password" label=Signal::derive(move || i18n.t(Key::CurrentPassword).to_string())
                    value=current error=current_error kind="password" autocomplete="current-password" required=true/>
                <TextField id="account-new-password" label=Signal::derive(move || i18n.t(Key::NewPassword).to_string())
                    value=password error=password_error kind="password" autocomplete="new-password" required=true
                    hint=Signal::derive(move || Some(i18n.t(Key::PasswordHint).to_string()))/>
                <TextField id="account-new-password-again" label=Signal::derive(move || i18n.t(Key::PasswordAgain).to_string())
                    value=again error=again_error kind="password" autocomplete="new-password" required=true/>
                <button type="submit" class="button button--primary" aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { i18n.t(Key::ChangingPassword) } else { i18n.t(Key::ChangePassword) }}
                </button>
            </form>
        </section>
        <section class="panel" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{move || i18n.t(Key::Sessions)}</h2>
            <p>{move || i18n.t(Key::SignOutEverywhereLede)}</p>
            {move || leave_error.get().map(|e| view! {
                <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
            })}
            <button type="button" class="button button--secondary" on:click=leave aria-disabled=move || leaving.get().then_some("true")>
                {move || if leaving.get() { i18n.t(Key::SigningOutEverywhere) } else { i18n.t(Key::SignOutEverywhere) }}
            </button>
        </section>
    }
}
