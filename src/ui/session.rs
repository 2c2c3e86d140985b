//! Who is signed in, as the client knows it. The server never trusts this: it is only used to
//! choose what to show.

use crate::api::auth::Me;
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
