//! Your account: change your password (every other session ends), sign out on every device,
//! and your calendar feed of expiry dates.

use crate::api::auth::{change_password, sign_out_everywhere};
use crate::domain::forms::change_password_form;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{use_toasts, PageHeading, TextField};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::session::{Session, SessionState};
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_context();
    let toasts = use_toasts();
    let boot = crate::ui::app::Boot::use_context();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let form = FormState::new(
        // Every problem of the form at once, each beside its field: the server's own rule.
        move || change_password_form(&current.get(), &password.get(), &again.get()),
        move || {
            change_password(
                current.get_untracked(),
                password.get_untracked(),
                again.get_untracked(),
            )
        },
        move |()| {
            current.set(String::new());
            password.set(String::new());
            again.set(String::new());
            toasts.push(i18n.t(Key::PasswordChanged).to_string());
        },
    );
    // Passwords are checked on submit, not as typed: a first character is not "too short" yet.
    let problem =
        move |field: &'static str, value: RwSignal<String>| form.text_error(field, value, false);
    let busy = form.busy();

    let sign_out = FormState::unchecked(
        // Already signed out on the server is as good as signing out now.
        || async {
            match sign_out_everywhere().await {
                Err(AppError::NotSignedIn) => Ok(()),
                other => other,
            }
        },
        move |()| {
            boot.sign_in(None);
            session.0.set(SessionState::SignedOut);
        },
    );
    let leaving = sign_out.busy();
    let leave_error = sign_out.error();
    let leave = move |_| {
        sign_out.submit();
    };

    view! {
        <PageHeading lang=i18n.0 title=Key::NavYourAccount lede=Key::AccountLede/>
        <section class="panel" aria-labelledby="change-password-title">
            <h2 id="change-password-title">{move || i18n.t(Key::ChangePassword)}</h2>
            <form on:submit=move |ev| { ev.prevent_default(); form.submit(); } novalidate class="form-narrow">
                {move || form.error().get().map(|e| view! {
                    <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
                })}
                <TextField id="account-current-password" label=Signal::derive(move || i18n.t(Key::CurrentPassword).to_string())
                    value=current error=problem("current_password", current) kind="password" autocomplete="current-password" required=true/>
                <TextField id="account-new-password" label=Signal::derive(move || i18n.t(Key::NewPassword).to_string())
                    value=password error=problem("password", password) kind="password" autocomplete="new-password" required=true
                    hint=Signal::derive(move || Some(i18n.t(Key::PasswordHint).to_string()))/>
                <TextField id="account-new-password-again" label=Signal::derive(move || i18n.t(Key::PasswordAgain).to_string())
                    value=again error=problem("password_again", again) kind="password" autocomplete="new-password" required=true/>
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
        <super::reminders::CalendarFeedPanel/>
    }
}
