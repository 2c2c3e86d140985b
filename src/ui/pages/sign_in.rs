//! The sign-in page. The email is checked in the browser with the server's own parser; the
//! password check says only "email or password is not correct", never which.

use crate::api::auth::sign_in;
use crate::domain::Email;
use crate::error::AppError;
use crate::ui::session::{Session, SessionState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);

    // Only our own paths: an attacker's link must not bounce a fresh sign-in elsewhere.
    let next = move || {
        query
            .read_untracked()
            .get("next")
            .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/sign-in"))
            .unwrap_or_else(|| "/benefits/software".to_string())
    };

    // Already signed in (e.g. a reload of /sign-in): go on.
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if matches!(session.0.get(), SessionState::SignedIn(_)) {
                navigate(&next(), Default::default());
            }
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        form_error.set(None);
        let parsed = Email::parse(&email.get_untracked());
        email_error.set(parsed.as_ref().err().map(|e| e.to_string()));
        password_error.set(
            password
                .get_untracked()
                .is_empty()
                .then(|| "Enter your password.".to_string()),
        );
        let Ok(parsed) = parsed else {
            focus("sign-in-email");
            return;
        };
        if password_error.get_untracked().is_some() {
            focus("sign-in-password");
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = sign_in(parsed.to_string(), password.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(me) => {
                    session.0.set(SessionState::SignedIn(me));
                    navigate(&next(), Default::default());
                }
                Err(AppError::Invalid { field, message }) if field == "email" => {
                    email_error.set(Some(message))
                }
                Err(AppError::Invalid { field, message }) if field == "password" => {
                    password_error.set(Some(message))
                }
                Err(e) => {
                    password.set(String::new());
                    form_error.set(Some(e));
                }
            }
        });
    };

    view! {
        <main id="main" class="sign-in">
            <div class="sign-in__card">
                <p class="sign-in__brand">"Partner Benefits"</p>
                <h1>"Sign in"</h1>
                <p class="sign-in__lede">"Manage the membership benefits your company bought and hand them to your people."</p>
                <form on:submit=submit novalidate>
                    {move || form_error.get().map(|e| view! {
                        <div class="alert alert--error" role="alert"><p class="alert__text">{e.to_string()}</p></div>
                    })}
                    <div class="field">
                        <label for="sign-in-email">"Email"</label>
                        <input
                            id="sign-in-email"
                            type="email"
                            name="email"
                            autocomplete="username"
                            inputmode="email"
                            required
                            prop:value=move || email.get()
                            on:input=move |ev| email.set(event_target_value(&ev))
                            aria-invalid=move || email_error.get().is_some().then_some("true")
                            aria-describedby=move || email_error.get().is_some().then_some("sign-in-email-error")
                        />
                        {move || email_error.get().map(|m| view! { <p id="sign-in-email-error" class="field__error">{m}</p> })}
                    </div>
                    <div class="field">
                        <label for="sign-in-password">"Password"</label>
                        <input
                            id="sign-in-password"
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            required
                            prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev))
                            aria-invalid=move || password_error.get().is_some().then_some("true")
                            aria-describedby=move || password_error.get().is_some().then_some("sign-in-password-error")
                        />
                        {move || password_error.get().map(|m| view! { <p id="sign-in-password-error" class="field__error">{m}</p> })}
                    </div>
                    <button type="submit" class="button button--primary button--block" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </form>
            </div>
        </main>
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
