//! The page an invited user lands on: choose a password, and you are signed in.

use crate::api::auth::accept_invitation;
use crate::domain::forms::new_password;
use crate::i18n::Key;
use crate::ui::components::TextField;
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::router::{use_navigate, use_query_map};
use crate::ui::session::{Session, SessionState};
use leptos::prelude::*;

#[component]
pub fn WelcomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_context();
    let navigate = use_navigate();
    let query = use_query_map();
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let form = FormState::new(
        move || new_password(&password.get(), &again.get()),
        move || {
            let token = query.read_untracked().get("token").unwrap_or_default();
            accept_invitation(token, password.get_untracked(), again.get_untracked())
        },
        move |me| {
            session.0.set(SessionState::SignedIn(me));
            navigate("/overview", Default::default());
        },
    );
    // Passwords are checked on submit, not as typed: a first character is not "too short" yet.
    let problem =
        move |field: &'static str, value: RwSignal<String>| form.text_error(field, value, false);

    view! {
        <main id="main" class="sign-in">
            <div class="sign-in__card">
                <p class="sign-in__brand">{move || i18n.t(Key::ProductName)}</p>
                <h1>{move || i18n.t(Key::WelcomeTitle)}</h1>
                <p class="sign-in__lede">{move || i18n.t(Key::WelcomeLede)}</p>
                <form on:submit=move |ev| { ev.prevent_default(); form.submit(); } novalidate>
                    {move || form.error().get().map(|e| view! {
                        <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
                    })}
                    <TextField id="welcome-password" label=Signal::derive(move || i18n.t(Key::NewPassword).to_string())
                        value=password error=problem("password", password) kind="password" autocomplete="new-password" required=true autofocus=true
                        hint=Signal::derive(move || Some(i18n.t(Key::PasswordHint).to_string()))/>
                    <TextField id="welcome-password-again" label=Signal::derive(move || i18n.t(Key::PasswordAgain).to_string())
                        value=again error=problem("password_again", again) kind="password" autocomplete="new-password" required=true/>
                    <button type="submit" class="button button--primary button--block">{move || i18n.t(Key::SetPasswordAndSignIn)}</button>
                </form>
            </div>
        </main>
    }
}
