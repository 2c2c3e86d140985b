//! The application root: the session, the routes, and the shell around signed-in pages.

use super::pages::{benefits::BenefitsPage, sign_in::SignInPage};
use super::session::{Session, SessionState};
use crate::api::auth::{current_user, sign_out};
use crate::domain::Category;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let session = Session(RwSignal::new(SessionState::Checking));
    provide_context(session);
    // Does the cookie still hold a session? Anything but a user means "show sign-in".
    spawn_local(async move {
        session.0.set(match current_user().await {
            Ok(me) => SessionState::SignedIn(me),
            Err(_) => SessionState::SignedOut,
        });
    });

    view! {
        <Router>
            <Routes fallback=|| view! { <Shell><NotFound/></Shell> }>
                <Route path=path!("/sign-in") view=SignInPage/>
                <Route path=path!("/") view=|| view! { <Redirect path=default_page()/> }/>
                <Route path=path!("/benefits") view=|| view! { <Redirect path=default_page()/> }/>
                <Route path=path!("/benefits/:category") view=|| view! { <Shell><BenefitsPage/></Shell> }/>
            </Routes>
        </Router>
    }
}

fn default_page() -> String {
    format!("/benefits/{}", Category::Software.slug())
}

/// The frame of every signed-in page: skip link, header, the left-hand menu (a drawer on
/// phones) and the page itself. Sends a signed-out visitor to sign in, remembering where to.
#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = Session::use_context();
    let location = use_location();
    let menu_open = RwSignal::new(false);
    // Close the drawer whenever the page changes.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });

    move || match session.0.get() {
        SessionState::Checking => view! { <div class="boot" aria-busy="true"></div> }.into_any(),
        SessionState::SignedOut => {
            let next = location.pathname.get_untracked();
            view! { <Redirect path=format!("/sign-in?next={}", encode_path(&next))/> }.into_any()
        }
        SessionState::SignedIn(me) => {
            let children = children.clone();
            view! {
                <a class="skip-link" href="#main">"Skip to content"</a>
                <header class="app-header">
                    <button
                        type="button"
                        class="app-header__menu"
                        aria-controls="app-nav"
                        aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                        on:click=move |_| menu_open.update(|o| *o = !*o)
                    >
                        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                            <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                        </svg>
                        <span class="visually-hidden">"Menu"</span>
                    </button>
                    <span class="app-header__brand">"Partner Benefits"</span>
                    <span class="app-header__company">
                        {me.company_name.clone()}
                        <span class="app-header__level">{me.partner_level.clone()}</span>
                    </span>
                    <UserMenu name=me.name.clone() role=me.roles.label()/>
                </header>
                <div class="app-body">
                    <nav
                        id="app-nav"
                        class="app-nav"
                        class:app-nav--open=move || menu_open.get()
                        aria-label="Main"
                    >
                        <ul>
                            <li>
                                <a
                                    href="/benefits/software"
                                    class="app-nav__link"
                                    aria-current=move || location.pathname.get().starts_with("/benefits").then_some("page")
                                >
                                    "Benefits"
                                </a>
                            </li>
                        </ul>
                    </nav>
                    <div
                        class="app-nav__scrim"
                        class:app-nav__scrim--open=move || menu_open.get()
                        aria-hidden="true"
                        on:click=move |_| menu_open.set(false)
                    ></div>
                    <main id="main" class="app-main" tabindex="-1">{children()}</main>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn UserMenu(name: String, role: &'static str) -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<AppError>);
    let sign_out_click = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match sign_out().await {
                // Already signed out on the server is as good as signing out now.
                Ok(()) | Err(AppError::NotSignedIn) => {
                    session.0.set(SessionState::SignedOut);
                    navigate("/sign-in", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="user-menu">
            <span class="user-menu__who">
                <span class="user-menu__name">{name}</span>
                <span class="user-menu__role">{role}</span>
            </span>
            <button type="button" class="button button--secondary" on:click=sign_out_click>"Sign out"</button>
            {move || error.get().map(|e| view! { <span class="user-menu__error" role="alert">{e.to_string()}</span> })}
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address. "<a href="/benefits/software">"Go to your benefits"</a>"."</p>
    }
}

/// Percent-encodes a path for a query parameter (only what can appear in our paths).
pub fn encode_path(p: &str) -> String {
    p.chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '/' => c.to_string(),
            c => {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect()
}
