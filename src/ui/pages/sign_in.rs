//! The sign-in page. The email is checked in the browser with the server's own parser; a wrong
//! password gets only "email or password is not correct", never which.

use crate::api::auth::sign_in;
use crate::domain::Email;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::app::Preferences;
use crate::ui::components::TextField;
use crate::ui::i18n::use_i18n;
use crate::ui::session::{Session, SessionState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where to go after signing in: only our own paths, so a crafted link cannot bounce a fresh
/// sign-in to another site.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/sign-in"))
        .unwrap_or_else(|| "/benefits/software".to_string())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_context();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let next = move || safe_next(query.read_untracked().get("next"));

    // Already signed in (a reload of /sign-in, say): go on.
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
        let lang = i18n.0.get_untracked();
        form_error.set(None);
        let parsed = Email::parse(&email.get_untracked());
        email_error.set(parsed.as_ref().err().map(|e| e.message(lang)));
        password_error.set(
            password
                .get_untracked()
                .is_empty()
                .then(|| crate::i18n::t(lang, Key::EnterPassword).to_string()),
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
                <p class="sign-in__brand">{move || i18n.t(Key::ProductName)}</p>
                <h1>{move || i18n.t(Key::SignIn)}</h1>
                <p class="sign-in__lede">{move || i18n.t(Key::SignInLede)}</p>
                <form on:submit=submit novalidate>
                    {move || form_error.get().map(|e| view! {
                        <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
                    })}
                    <TextField
                        id="sign-in-email"
                        label=Signal::derive(move || i18n.t(Key::Email).to_string())
                        value=email
                        error=email_error
                        kind="email"
                        autocomplete="username"
                        inputmode="email"
                        required=true
                    />
                    <TextField
                        id="sign-in-password"
                        label=Signal::derive(move || i18n.t(Key::Password).to_string())
                        value=password
                        error=password_error
                        kind="password"
                        autocomplete="current-password"
                        required=true
                    />
                    <button type="submit" class="button button--primary button--block" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { i18n.t(Key::SigningIn) } else { i18n.t(Key::SignIn) }}
                    </button>
                </form>
                <Preferences/>
            </div>
        </main>
    }
}

pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
