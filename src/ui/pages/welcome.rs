//! The page an invited user lands on: choose a password, and you are signed in.

use crate::api::auth::accept_invitation;
use crate::domain::forms::new_password;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::TextField;
use crate::ui::i18n::use_i18n;
use crate::ui::session::{Session, SessionState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn WelcomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_context();
    let navigate = use_navigate();
    let query = use_query_map();
    let password = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let again_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let lang = i18n.0.get_untracked();
        form_error.set(None);
        let checked = new_password(&password.get_untracked(), &again.get_untracked());
        let problems = checked.as_ref().err();
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
        if checked.is_err() {
            return;
        }
        busy.set(true);
        let token = query.read_untracked().get("token").unwrap_or_default();
        let navigate = navigate.clone();
        spawn_local(async move {
            match accept_invitation(token, password.get_untracked(), again.get_untracked()).await {
                Ok(me) => {
                    session.0.set(SessionState::SignedIn(me));
                    navigate("/benefits/software", Default::default());
                }
                Err(e @ AppError::Invalid { .. }) => {
                    password_error.set(e.field_message("password").map(str::to_string));
                    again_error.set(e.field_message("password_again").map(str::to_string));
                }
                Err(e) => form_error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    view! {
        <main id="main" class="sign-in">
            <div class="sign-in__card">
                <p class="sign-in__brand">{move || i18n.t(Key::ProductName)}</p>
                <h1>{move || i18n.t(Key::WelcomeTitle)}</h1>
                <p class="sign-in__lede">{move || i18n.t(Key::WelcomeLede)}</p>
                <form on:submit=submit novalidate>
                    {move || form_error.get().map(|e| view! {
                        <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
                    })}
                    <TextField id="welcome-password" label=Signal::derive(move || i18n.t(Key::NewPassword).to_string())
                        value=password error=password_error kind="password" autocomplete="new-password" required=true autofocus=true
                        hint=Signal::derive(move || Some(i18n.t(Key::PasswordHint).to_string()))/>
                    <TextField id="welcome-password-again" label=Signal::derive(move || i18n.t(Key::PasswordAgain).to_string())
                        value=again error=again_error kind="password" autocomplete="new-password" required=true/>
                    <button type="submit" class="button button--primary button--block">{move || i18n.t(Key::SetPasswordAndSignIn)}</button>
                </form>
            </div>
        </main>
    }
}
