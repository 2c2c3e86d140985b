//! Everything that only runs on the server: configuration, the database, sessions, the HTTP
//! router and the implementations behind the server functions in `crate::api`.

pub mod assets;
pub mod assign;
pub mod audit;
pub mod auth;
pub mod benefits;
pub mod config;
pub mod crypto;
pub mod db;
pub mod export;
pub mod first_paint;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod marketing;
pub mod notifications;
pub mod ops;
pub mod overview;
pub mod packages;
pub mod passwords;
pub mod person;
pub mod refunds;
pub mod reminders;
pub mod requests;
pub mod seed;
pub mod throttle;
pub mod users;

use crate::error::AppError;
use leptos::prelude::*;
use std::sync::Arc;

/// Shared by every request; provided to server functions as Leptos context.
#[derive(Clone)]
pub struct AppState {
    /// The database (SQLite or PostgreSQL) and which of the two it is.
    pub db: db::Db,
    pub config: Arc<config::Config>,
    /// Encrypts licence keys and queued secrets (the data key never lives in the database).
    pub sealer: Arc<crypto::Sealer>,
    /// Where emails go; `None` when they are only recorded.
    pub mailer: Option<mail::Transport>,
    /// argon2 runs, bounded (a worker per core and a short queue): see `passwords`.
    pub passwords: Arc<passwords::PasswordWork>,
}

/// The preamble of every server function that acts for a signed-in person: who is calling
/// (from the session, never from the request's arguments), refused unless their roles allow
/// `action`, and this server's state.
pub async fn authorized(
    action: crate::domain::Action,
) -> Result<(auth::Caller, AppState), AppError> {
    let c = auth::caller().await?;
    crate::domain::access::authorize(c.roles, action)
        .map_err(|action| AppError::Forbidden { action })?;
    Ok((c, state()?))
}

/// The state of this request's server. Missing only if the router was wired wrongly.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

/// Logs an internal failure with a fresh reference and returns the generic error carrying it:
/// the person sees the reference, only the log sees the cause.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    let reference = random_hex(4);
    tracing::error!(%reference, %cause, "internal error");
    AppError::Internal { reference }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> AppError {
        internal(format_args!("database: {e}"))
    }
}

/// The caller's language: the `pb_lang` cookie the page sets, else `Accept-Language`.
pub fn lang() -> crate::i18n::Lang {
    match use_context::<::http::request::Parts>() {
        Some(parts) => lang_of(&parts.headers),
        None => crate::i18n::Lang::En,
    }
}

/// The value of the cookie `name` in a request's headers, if it is there and not empty.
pub fn cookie<'a>(headers: &'a ::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// The language a request asks for, from its headers (for answers made outside a server
/// function, such as a refused request).
pub fn lang_of(headers: &::http::HeaderMap) -> crate::i18n::Lang {
    use crate::i18n::Lang;
    let from_cookie = cookie(headers, "pb_lang").and_then(Lang::from_tag);
    from_cookie.unwrap_or_else(|| {
        headers
            .get(::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default()
    })
}

/// Every problem of a form, as the typed error, worded in the caller's language: the form
/// shows each beside its field at once, rather than one per attempt.
pub fn invalid(problems: &crate::domain::problem::Problems) -> AppError {
    invalid_in(problems, lang())
}

/// [`invalid`] in a given language (the caller's, in a server function).
pub fn invalid_in(
    problems: &crate::domain::problem::Problems,
    lang: crate::i18n::Lang,
) -> AppError {
    if problems.is_empty() {
        return AppError::invalid(
            "request",
            crate::i18n::t(lang, crate::i18n::Key::ErrRequestUnreadable),
        );
    }
    AppError::Invalid {
        problems: problems
            .0
            .iter()
            .map(|p| crate::error::FieldError {
                field: p.field.to_string(),
                message: p.problem.message(lang),
            })
            .collect(),
    }
}

/// `n` random decimal digits (for case numbers and support identifiers, not secrets).
pub fn random_digits(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::getrandom(&mut buf).expect("the OS random source is available");
    buf.iter().map(|b| char::from(b'0' + b % 10)).collect()
}

/// `n` random bytes from the OS, hex-encoded.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::getrandom(&mut buf).expect("the OS random source is available");
    hex(&buf)
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::IncidentForm;
    use crate::i18n::Lang;

    #[test]
    fn every_problem_of_a_form_becomes_one_field_error_each_in_the_callers_language() {
        let form = IncidentForm {
            title: String::new(),
            description: "It crashes.".into(),
            product: "Azure".into(),
            contact_phone: "010".into(),
        };
        let problems = form.parse().unwrap_err();
        let e = invalid_in(&problems, Lang::Ko);
        let fields: Vec<&str> = e.field_errors().iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["title", "contact_phone"]);
        for (p, want) in e.field_errors().iter().zip(&problems.0) {
            assert_eq!(p.message, want.problem.message(Lang::Ko));
        }
    }
}
