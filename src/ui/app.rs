//! The application root, in the first module: language, theme, the session, and which of two
//! things the page shows. The sign-in page is in this module, so a visitor who is not signed
//! in gets it with the least to download. Everything else (the router, the shell around
//! signed-in pages, every page: `ui::routes`) is the chunk [`APP`], fetched once someone is
//! signed in or opens a page that needs no session, and ahead of time as soon as they start
//! typing in the sign-in form.

use super::dom::{set_address, Address};
use super::i18n::I18n;
use super::lazy::{on_demand, OnDemand};
use super::pages::sign_in::SignInPage;
use super::routes::AppRoutes;
use super::session::{Session, SessionState};
use super::theme::ThemeChoice;
use crate::api::auth::current_user;
use leptos::prelude::*;
use leptos::task::spawn_local;

// With its stylesheet and its texts (in the language shown): the sign-in page needs only the
// first stylesheet (index.html) and its own texts.
on_demand!(pub const APP in app_chunk, with app_needs() => view! { <AppRoutes/> });

async fn app_needs() -> Result<(), super::lazy::ChunkError> {
    // Both to their end, even if one fails: a failed stylesheet marks itself for "Try again".
    let (styles, texts) =
        futures::future::join(super::lazy::app_styles(), super::i18n::app_texts()).await;
    styles.and(texts)
}

/// What the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    /// Asking the server whether the cookie holds a session (the server's first paint stays).
    Checking,
    SignIn,
    App,
}

/// Switches between the sign-in page and the app, keeping the address bar true.
#[derive(Clone, Copy)]
pub struct Boot(RwSignal<Stage>);

impl Boot {
    pub fn use_context() -> Boot {
        expect_context::<Boot>()
    }

    /// Shows the sign-in page at `/sign-in`, remembering `next`, the page to come back to:
    /// when the session ended, when someone signs out, or at a link to `/sign-in`.
    pub fn sign_in(self, next: Option<String>) {
        // At `/sign-in` already, the address (and its `next`) stays as it is.
        if !pathname().starts_with("/sign-in") {
            let url = match next.filter(|n| n != "/") {
                Some(next) => format!("/sign-in?next={}", encode_path(&next)),
                None => "/sign-in".to_string(),
            };
            set_address(&url, Address::Replace);
        }
        self.0.set(Stage::SignIn);
    }

    /// Opens the app at `path` (signed in just now): a new entry in the history, as a link.
    pub fn enter(self, path: &str) {
        if self.0.get_untracked() == Stage::App {
            return;
        }
        set_address(path, Address::Push);
        self.0.set(Stage::App);
    }
}

#[component]
pub fn App() -> impl IntoView {
    super::dev::follow_style_changes();
    I18n::provide();
    ThemeChoice::provide();
    let session = Session(RwSignal::new(SessionState::Checking));
    provide_context(session);
    let path = pathname();
    let stage = RwSignal::new(first_stage(&path));
    // Where to come back to after signing in: the page with its query (a list's search, the
    // row a reminder's link opens).
    let here = address();
    let boot = Boot(stage);
    provide_context(boot);
    if super::dom::first_paint::sign_in_card() {
        // The request carried no session cookie (the server's sign-in card says so): sign in,
        // without asking the server first.
        session.0.set(SessionState::SignedOut);
        boot.sign_in(Some(here));
        return view_of(stage).into_any();
    }
    // The designers' gallery shows sample data only, the same whoever opens it: it never asks
    // who is signed in (its stories then look alike for everyone, and its screenshots compare).
    if first_segment(&path) == "gallery" {
        session.0.set(SessionState::SignedOut);
        return view_of(stage).into_any();
    }
    // Does the cookie still hold a session? Anything but a user means "show sign-in".
    spawn_local(async move {
        let signed_in = match current_user().await {
            Ok(me) => SessionState::SignedIn(me),
            Err(_) => SessionState::SignedOut,
        };
        let known = matches!(signed_in, SessionState::SignedIn(_));
        session.0.set(signed_in);
        if stage.get_untracked() == Stage::Checking {
            if known {
                stage.set(Stage::App);
            } else {
                boot.sign_in(Some(here));
            }
        }
    });

    view_of(stage).into_any()
}

fn view_of(stage: RwSignal<Stage>) -> impl IntoView {
    move || match stage.get() {
        Stage::Checking => view! { <div class="boot" aria-busy="true"></div> }.into_any(),
        Stage::SignIn => view! { <SignInPage/> }.into_any(),
        Stage::App => view! { <OnDemand page=APP alone=true/> }.into_any(),
    }
}

/// Where a fresh page load starts: `/sign-in` at once; the two pages that need no session
/// (an invitation's welcome, the designers' gallery) in the app at once; anything else once
/// the session is known.
fn first_stage(path: &str) -> Stage {
    if first_segment(path) == "sign-in" {
        Stage::SignIn
    } else if opens_without_session(path) {
        Stage::App
    } else {
        Stage::Checking
    }
}

/// The pages a visitor without a session can open: an invitation's welcome and the designers'
/// gallery. Everyone else without one is sent to sign in. The server's first paint follows
/// the same rule (`server::first_paint`).
pub fn opens_without_session(path: &str) -> bool {
    matches!(first_segment(path), "welcome" | "gallery")
}

fn first_segment(path: &str) -> &str {
    path.trim_start_matches('/').split('/').next().unwrap_or("")
}

/// The path with its query, as the address bar has it.
pub fn address() -> String {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    pathname() + &search
}

fn pathname() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_string())
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
