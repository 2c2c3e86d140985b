//! The sign-in page. The email is checked in the browser with the server's own parser; a wrong
//! password gets only "email or password is not correct", never which.

use crate::api::auth::{sign_in, CompanyChoice, SignInOutcome};
use crate::domain::Email;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::app::Preferences;
use crate::ui::components::TextField;
use crate::ui::dom::focus;
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
    // Set when one password opens accounts at several companies: the person picks one.
    let choices = RwSignal::new(Vec::<CompanyChoice>::new());
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

    let attempt = {
        let navigate = navigate.clone();
        move |email: String, company_id: Option<i64>| {
            busy.set(true);
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = sign_in(email, password.get_untracked(), company_id).await;
                busy.set(false);
                match result {
                    Ok(SignInOutcome::SignedIn(me)) => {
                        choices.set(Vec::new());
                        session.0.set(SessionState::SignedIn(me));
                        navigate(&next(), Default::default());
                    }
                    Ok(SignInOutcome::ChooseCompany(list)) => {
                        choices.set(list);
                        request_animation_frame(focus_first_choice);
                    }
                    Err(AppError::Invalid { problems }) => {
                        let said = |f: &str| {
                            problems
                                .iter()
                                .find(|p| p.field == f)
                                .map(|p| p.message.clone())
                        };
                        email_error.set(said("email"));
                        password_error.set(said("password"));
                    }
                    Err(e) => {
                        choices.set(Vec::new());
                        password.set(String::new());
                        form_error.set(Some(e));
                    }
                }
            });
        }
    };

    let submit = {
        let attempt = attempt.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            choices.set(Vec::new());
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
            attempt(parsed.to_string(), None);
        }
    };
    let choose = Callback::new(move |company_id: i64| {
        if !busy.get_untracked() {
            attempt(email.get_untracked(), Some(company_id));
        }
    });

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
                <Show when=move || !choices.with(Vec::is_empty)>
                    <section class="sign-in__choices" aria-labelledby="sign-in-choose">
                        <h2 id="sign-in-choose" class="sign-in__choose">{move || i18n.t(Key::SignInChooseCompany)}</h2>
                        <ul class="sign-in__choice-list">
                            {move || choices.get().into_iter().map(|c| {
                                let id = c.company_id;
                                view! {
                                    <li>
                                        <button type="button" class="button button--secondary button--block sign-in__choice" on:click=move |_| choose.run(id)>
                                            {move || i18n.tf(Key::SignInToCompany, &[("company", &c.name)])}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                </Show>
                <Preferences/>
            </div>
        </main>
    }
}

fn focus_first_choice() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".sign-in__choice").ok().flatten())
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
