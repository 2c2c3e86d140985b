//! Sign-in, sessions and "who is calling". Every server function except sign-in starts with
//! [`caller`]: the company and the roles come from the session row, never from arguments.

use super::{internal, now, random_hex, state, AppState};
use crate::api::auth::{Me, Person};
use crate::domain::{Email, PartnerLevel, Roles};
use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use leptos::prelude::*;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const SESSION_COOKIE: &str = "pb_session";

/// The authenticated user behind a request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: i64,
    pub company_id: i64,
    pub roles: Roles,
}

/// Hashes a password with argon2id and the crate's defaults (OWASP's minimum).
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(internal)
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A valid hash of a random password, verified against when the email is unknown so that a
/// wrong email takes as long as a wrong password.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&random_hex(16)).unwrap_or_default())
}

/// The session token from the request's Cookie header.
fn session_token() -> Option<String> {
    let parts = use_context::<::http::request::Parts>()?;
    parts
        .headers
        .get_all(::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn client_addr() -> String {
    use_context::<::http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn set_cookie(value: &str) {
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = ::http::HeaderValue::from_str(value) {
            opts.append_header(::http::header::SET_COOKIE, v);
        }
    }
}

/// Who is calling, from the session cookie. `NotSignedIn` when there is no live session or the
/// user was deactivated.
pub async fn caller() -> Result<Caller, AppError> {
    let state = state()?;
    let token = session_token().ok_or(AppError::NotSignedIn)?;
    let row = sqlx::query(
        "SELECT u.id, u.company_id, u.is_global_admin, u.is_mpn_partner_admin
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1",
    )
    .bind(token_hash(&token))
    .bind(now())
    .fetch_optional(&state.pool)
    .await?
    .ok_or(AppError::NotSignedIn)?;
    Ok(Caller {
        user_id: row.get(0),
        company_id: row.get(1),
        roles: Roles {
            global_admin: row.get(2),
            mpn_partner_admin: row.get(3),
        },
    })
}

pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    let state = state()?;
    let email = Email::parse(&email).map_err(|e| AppError::invalid("email", e))?;
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter your password."));
    }
    if password.len() > 1024 {
        // argon2 would happily hash megabytes; refuse before doing the work.
        return Err(AppError::BadCredentials);
    }
    let at = now();
    let keys = [
        format!("email:{}", email.normalized()),
        format!("addr:{}", client_addr()),
    ];
    if let Some(retry_after_secs) = state.sign_in_limiter.blocked(&keys, at) {
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }

    let user = sqlx::query("SELECT id, password_hash FROM users WHERE email = ? AND active = 1")
        .bind(email.as_str())
        .fetch_optional(&state.pool)
        .await?;
    let (user_id, phc) = match &user {
        Some(row) => (Some(row.get::<i64, _>(0)), row.get::<String, _>(1)),
        None => (None, dummy_hash().to_string()),
    };
    // Hashing takes tens of milliseconds of CPU: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(internal)?;
    let user_id = match (ok, user_id) {
        (true, Some(id)) => id,
        _ => {
            state.sign_in_limiter.record_failure(&keys, at);
            tracing::info!(email = %email, "sign-in failed");
            return Err(AppError::BadCredentials);
        }
    };
    state.sign_in_limiter.clear(&keys[0]);

    start_session(&state, user_id).await?;
    load_me(&state, user_id).await
}

/// A fresh 256-bit session token for `user_id`, set as the cookie; only its hash is stored.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let at = now();
    let token = random_hex(32);
    let expires = at + state.config.session_hours * 3600;
    let mut tx = state.pool.begin().await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?")
        .bind(user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(at)
    .bind(expires)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    set_cookie(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        state.config.session_hours * 3600
    ));
    Ok(())
}

/// Hashes a secret token for storage (sessions, invitations).
/// Hashes a secret token for storage (sessions, invitations).
pub fn token_hash(token: &str) -> String {
    super::hex(&Sha256::digest(token.as_bytes()))
}

pub async fn sign_out() -> Result<(), AppError> {
    let state = state()?;
    caller().await?;
    if let Some(token) = session_token() {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash(&token))
            .execute(&state.pool)
            .await?;
    }
    set_cookie(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
    ));
    Ok(())
}

pub async fn me() -> Result<Me, AppError> {
    let c = caller().await?;
    load_me(&state()?, c.user_id).await
}

pub async fn load_me(state: &AppState, user_id: i64) -> Result<Me, AppError> {
    let row = sqlx::query(
        "SELECT u.name, u.email, u.is_global_admin, u.is_mpn_partner_admin, c.name, c.partner_level, c.id, c.account_email
           FROM users u JOIN companies c ON c.id = u.company_id WHERE u.id = ?",
    )
    .bind(user_id)
    .fetch_one(&state.pool)
    .await?;
    let company_id: i64 = row.get(6);
    let global_admins = sqlx::query(
        "SELECT name, email FROM users WHERE company_id = ? AND is_global_admin = 1 AND active = 1 ORDER BY name",
    )
    .bind(company_id)
    .fetch_all(&state.pool)
    .await?
    .into_iter()
    .map(|r| Person {
        name: r.get(0),
        email: r.get(1),
    })
    .collect();
    let level: String = row.get(5);
    Ok(Me {
        user_id,
        name: row.get(0),
        email: row.get(1),
        roles: Roles {
            global_admin: row.get(2),
            mpn_partner_admin: row.get(3),
        },
        company_name: row.get(4),
        partner_level: PartnerLevel::from_code(&level)
            .ok_or_else(|| internal(format_args!("partner level {level:?}")))?,
        company_email: row.get(7),
        global_admins,
    })
}
