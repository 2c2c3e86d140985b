//! Who is signed in, as the client knows it. The server never trusts this: it is only used to
//! choose what to show.

use crate::api::auth::Me;
use crate::domain::Action;
use crate::i18n::{tf, Key, Lang};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    /// Asking the server whether the cookie still holds a session.
    Checking,
    SignedOut,
    SignedIn(Me),
}

#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>);

impl Session {
    pub fn use_context() -> Session {
        expect_context::<Session>()
    }

    /// The signed-in user; pages under the shell are only rendered when there is one.
    pub fn me(self) -> Option<Me> {
        match self.0.get() {
            SessionState::SignedIn(me) => Some(me),
            _ => None,
        }
    }
}

/// Why the signed-in user may not do `action`, naming who in their company can; None if they may.
/// Every page greys its buttons by this, so a refusal never comes as a surprise.
pub fn denial(lang: Lang, action: Action) -> Option<String> {
    let me = Session::use_context().me()?;
    if action.allowed(me.roles) {
        return None;
    }
    let admins = me
        .global_admins
        .iter()
        .map(|p| format!("{} ({})", p.name, p.email))
        .collect::<Vec<_>>()
        .join(", ");
    Some(if admins.is_empty() {
        action.denial_reason(lang)
    } else {
        format!(
            "{} {}",
            action.denial_reason(lang),
            tf(lang, Key::YourGlobalAdmins, &[("admins", &admins)])
        )
    })
}

/// The company's Partner Center account email (alternate emails must differ from it).
pub fn company_email() -> String {
    Session::use_context()
        .me()
        .map(|m| m.company_email)
        .unwrap_or_default()
}
