//! The sign-in page. The email is checked in the browser with the server's own parser; a wrong
//! password gets only "email or password is not correct", never which.

use crate::api::auth::{sign_in, CompanyChoice, SignInOutcome};
use crate::domain::forms::sign_in_form;
use crate::domain::Email;
use crate::i18n::{t, Key, Lang};
use crate::ui::app::{Boot, APP};
use crate::ui::components::{Preferences, TextField};
use crate::ui::dom::{first_paint, focus};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::session::{Session, SessionState};
use leptos::prelude::*;

/// Where to go after signing in: only our own paths, so a crafted link cannot bounce a fresh
/// sign-in to another site.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/sign-in"))
        .unwrap_or_else(|| "/overview".to_string())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_context();
    let boot = Boot::use_context();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    // Set when one password opens accounts at several companies: the person picks one.
    let choices = RwSignal::new(Vec::<CompanyChoice>::new());
    let company = RwSignal::new(None::<i64>);
    // (This page is in the first module, without the router: the address bar is read directly.)
    let next = StoredValue::new(safe_next(query_param("next")));

    // Signed in (just now, or already: a reload of /sign-in, say): go on.
    Effect::new(move |_| {
        if matches!(session.0.get(), SessionState::SignedIn(_)) {
            boot.enter(&next.read_value());
        }
    });

    let form = FormState::new(
        // The server's own parser for the email; the password only has to be there.
        move || sign_in_form(&email.get(), &password.get()),
        move || {
            // What the person typed, as the parser normalised it.
            let typed = email.get_untracked();
            let parsed = Email::parse(&typed).map(|e| e.to_string()).unwrap_or(typed);
            sign_in(parsed, password.get_untracked(), company.get_untracked())
        },
        move |outcome| match outcome {
            SignInOutcome::SignedIn(me) => {
                choices.set(Vec::new());
                // The effect above goes on to the page.
                session.0.set(SessionState::SignedIn(me));
            }
            SignInOutcome::ChooseCompany(list) => {
                choices.set(list);
                request_animation_frame(focus_first_choice);
            }
        },
    );
    // A refused sign-in (wrong password, too many attempts) starts over: the list of companies
    // goes, and so does the password that was not accepted.
    Effect::new(move |_| {
        if form.error().with(Option::is_some) {
            choices.set(Vec::new());
            password.set(String::new());
        }
    });
    // Checked on submit only, as a sign-in form is expected to.
    let email_error = form.text_error("email", email, false);
    let password_error = form.text_error("password", password, false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        choices.set(Vec::new());
        company.set(None);
        if !form.submit() {
            // The first field with a problem gets the focus.
            if form.has_problem("email") {
                focus("sign-in-email");
            } else if form.has_problem("password") {
                focus("sign-in-password");
            }
        }
    };
    let choose = Callback::new(move |company_id: i64| {
        if !form.busy().get_untracked() {
            company.set(Some(company_id));
            form.send_now();
        }
    });

    // The server sent this card, without the form, as the page's first paint: this page
    // takes its place (the same markup, so nothing moves).
    first_paint::take();
    view! {
        <SignInFrame lang=Signal::derive(move || i18n.lang())>
            // Someone typing here is about to sign in: fetch the app meanwhile.
            <form on:submit=submit on:input=|_| APP.prefetch() novalidate>
                {move || form.error().get().map(|e| view! {
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
                <button type="submit" class="button button--primary button--block" aria-disabled=move || form.busy().get().then_some("true")>
                    {move || if form.busy().get() { i18n.t(Key::SigningIn) } else { i18n.t(Key::SignIn) }}
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
        </SignInFrame>
    }
}

/// The sign-in card: the product, the title and what the product is for, then `children`
/// (the form). The server renders it without children into the page it sends
/// (`server::first_paint`), marked `first_paint`, so a visitor reads it before the client has
/// arrived; the page's own copy replaces it.
#[component]
pub fn SignInFrame(
    #[prop(into)] lang: Signal<Lang>,
    #[prop(optional)] first_paint: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <main id="main" class="sign-in" data-first-paint=first_paint.then_some("sign-in")>
            <div class="sign-in__card">
                <p class="sign-in__brand">{move || t(lang.get(), Key::ProductName)}</p>
                <h1>{move || t(lang.get(), Key::SignIn)}</h1>
                <p class="sign-in__lede">{move || t(lang.get(), Key::SignInLede)}</p>
                {children.map(|c| c())}
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

/// A parameter of the address's query, decoded.
fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}
