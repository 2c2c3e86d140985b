//! Sign-in, sessions and "who is calling". Every server function except sign-in starts with
//! [`caller`]: the company and the roles come from the session row, never from arguments.

use super::invalid;
use super::lang;
use super::{internal, now, random_hex, state, AppState};
use crate::domain::auth::{CompanyChoice, Me, Person, SignInOutcome};
use crate::domain::{PartnerLevel, Roles};
use crate::error::AppError;
use crate::i18n::{t, Key};
use leptos::prelude::*;

pub const SESSION_COOKIE: &str = "pb_session";
/// Its name with `Secure` cookies (see `session_cookie_name`).
pub const SECURE_SESSION_COOKIE: &str = "__Host-pb_session";

/// The authenticated user behind a request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: i64,
    pub company_id: i64,
    pub roles: Roles,
}

pub use super::passwords::hash_password;

/// The cookie's name: with `Secure` cookies, the `__Host-` prefix makes the browser refuse it
/// from a sibling subdomain or over plain HTTP.
fn session_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session token from the request's Cookie header.
fn session_token(state: &AppState) -> Option<String> {
    let name = session_cookie_name(state);
    let parts = use_context::<::http::request::Parts>()?;
    super::cookie(&parts.headers, name)
        .map(str::to_string)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The client's address: the TCP peer, or, when the peer is a trusted proxy and
/// `PB_CLIENT_IP_HEADER` is set, the rightmost address that header carries (the one the proxy
/// itself added; anything left of it was written by the client and proves nothing).
pub fn client_addr(config: &super::config::Config) -> Option<std::net::IpAddr> {
    let parts = use_context::<::http::request::Parts>()?;
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())?;
    let Some(header) = config.client_ip_header.as_deref() else {
        return Some(peer);
    };
    if !config.trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    // Only the rightmost entry: if it does not parse, fall back to the peer, never to an
    // entry further left.
    let forwarded = parts
        .headers
        .get_all(header)
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|s| s.trim().parse::<std::net::IpAddr>().ok());
    Some(forwarded.unwrap_or(peer))
}

fn set_cookie(value: &str) {
    if let Some(opts) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = ::http::HeaderValue::from_str(value) {
            opts.append_header(::http::header::SET_COOKIE, v);
        }
    }
}

impl From<&Caller> for super::audit::Actor {
    fn from(c: &Caller) -> super::audit::Actor {
        super::audit::Actor::Person {
            company_id: c.company_id,
            user_id: c.user_id,
        }
    }
}

/// Who is calling, from the session cookie. `NotSignedIn` when there is no live session or the
/// user was deactivated.
pub async fn caller() -> Result<Caller, AppError> {
    let state = state()?;
    let token = session_token(&state).ok_or(AppError::NotSignedIn)?;
    let (user_id, company_id, global_admin, mpn_partner_admin): (i64, i64, i64, i64) =
        sqlx::query_as(
            "SELECT u.id, u.company_id, u.is_global_admin, u.is_mpn_partner_admin
               FROM sessions s JOIN users u ON u.id = s.user_id
              WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
        )
        .bind(token_hash(&token))
        .bind(now())
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotSignedIn)?;
    Ok(Caller {
        user_id,
        company_id,
        roles: Roles {
            global_admin: global_admin != 0,
            mpn_partner_admin: mpn_partner_admin != 0,
        },
    })
}

/// One person may hold an account at several companies under one email. How many accounts a
/// sign-in checks at most (each costs one argon2 verification).
const MAX_ACCOUNTS_PER_EMAIL: i64 = 10;

pub async fn sign_in(
    email: String,
    password: String,
    company_id: Option<i64>,
) -> Result<SignInOutcome, AppError> {
    let state = state()?;
    // Both fields' problems at once, by the rule the sign-in form checks as you type.
    let email = crate::domain::forms::sign_in_form(&email, &password).map_err(|p| invalid(&p))?;
    if password.len() > 1024 {
        // argon2 would happily hash megabytes; refuse before doing the work.
        return Err(AppError::BadCredentials);
    }
    // A place among the password checks first: when they are all taken, a typed 503 before
    // anything is done or counted (see `passwords`). The place is held through the throttle's
    // write and the account query too (a few milliseconds against argon2's tens), so a refusal
    // never leaves a counted attempt behind.
    let checks = state.passwords.admit()?;
    let at = now();
    let address = client_addr(&state.config)
        .map(super::throttle::address_key)
        .unwrap_or_else(|| "unknown".into());
    let attempt = super::throttle::Attempt::new(&email.normalized(), &address);
    // Counted before the work, so a burst of parallel guesses cannot outrun the count.
    if let Err(retry_after_secs) = attempt.begin(&state.db.pool, at).await? {
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }

    let accounts: Vec<Account> = sqlx::query_as(
        "SELECT u.id, u.company_id, c.name AS company, u.password_hash
           FROM users u JOIN companies c ON c.id = u.company_id
          WHERE lower(u.email) = lower($1) AND u.active = 1 AND u.password_hash <> ''
          ORDER BY c.name, u.id LIMIT $2",
    )
    .bind(email.as_str())
    .bind(MAX_ACCOUNTS_PER_EMAIL)
    .fetch_all(&state.db.pool)
    .await?;
    // Only accounts with a password are candidates, in the query itself: before, the limit
    // took ten accounts and then dropped those without one, so Global admins of ten companies
    // who invited this address pushed the real account out. At least one check is always
    // made: an unknown email, an invited account (no password yet) and a wrong password cost
    // the same, and an account another company's admin creates for this address changes
    // nothing either.
    let mut matches = Vec::new();
    if accounts.is_empty() {
        checks.verify(&password, "").await?;
    }
    for account in &accounts {
        if checks.verify(&password, &account.password_hash).await? {
            matches.push(account);
        }
    }
    drop(checks);
    // The company asked for narrows the choice, never widens it.
    if let Some(wanted) = company_id {
        matches.retain(|a| a.company_id == wanted);
    }
    let user_id = match matches.as_slice() {
        [] => {
            tracing::info!("sign-in failed");
            return Err(AppError::BadCredentials);
        }
        [only] => only.id,
        several => {
            // The password opens several accounts, so this is their owner: ask which company.
            attempt.succeeded(&state.db.pool).await?;
            return Ok(SignInOutcome::ChooseCompany(
                several
                    .iter()
                    .map(|a| CompanyChoice {
                        company_id: a.company_id,
                        name: a.company.clone(),
                    })
                    .collect(),
            ));
        }
    };
    attempt.succeeded(&state.db.pool).await?;
    start_session(&state, user_id).await?;
    Ok(SignInOutcome::SignedIn(load_me(&state, user_id).await?))
}

/// An account a sign-in may open.
#[derive(sqlx::FromRow)]
struct Account {
    id: i64,
    company_id: i64,
    company: String,
    password_hash: String,
}

/// A fresh 256-bit session token for `user_id`, set as the cookie; only its hash is stored.
pub async fn start_session(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let at = now();
    let token = random_hex(32);
    let expires = at + state.config.session_hours * 3600;
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2")
        .bind(user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(at)
    .bind(expires)
    .execute(&mut *tx)
    .await?;
    // For the seats they hold: an admin sees who has not used theirs in a while.
    sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE id = $2")
        .bind(at)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    set_cookie(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        session_cookie_name(state),
        state.config.session_hours * 3600,
        secure_attr(state)
    ));
    Ok(())
}

/// Hashes a secret token for storage (sessions, invitations, throttle keys).
pub use super::crypto::token_hash;

pub async fn sign_out() -> Result<(), AppError> {
    let state = state()?;
    caller().await?;
    if let Some(token) = session_token(&state) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash(&token))
            .execute(&state.db.pool)
            .await?;
    }
    clear_cookie(&state);
    Ok(())
}

/// Ends every session of the caller, on every device (a lost phone, a shared computer), and
/// the address of their calendar feed: whoever had the phone may have had that too. A new
/// feed address can be made on the Reminders page.
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let state = state()?;
    let c = caller().await?;
    let mut tx = state.db.pool.begin().await?;
    end_access(&mut tx, c.user_id).await?;
    tx.commit().await?;
    clear_cookie(&state);
    Ok(())
}

/// Changes the caller's password after checking the current one. Every session of the user
/// ends (whoever knew the old password is signed out); this browser gets a fresh one.
pub async fn change_password(
    current: String,
    password: String,
    password_again: String,
) -> Result<(), AppError> {
    let state = state()?;
    let c = caller().await?;
    let password = crate::domain::forms::change_password_form(&current, &password, &password_again)
        .map_err(|p| invalid(&p))?;
    if current.len() > 1024 {
        return Err(AppError::invalid(
            "current_password",
            t(lang(), Key::EnterPassword),
        ));
    }
    let checks = state.passwords.admit()?;
    let at = now();
    let address = client_addr(&state.config)
        .map(super::throttle::address_key)
        .unwrap_or_else(|| "unknown".into());
    let attempt = super::throttle::Attempt::new(&format!("user:{}", c.user_id), &address);
    if let Err(retry_after_secs) = attempt.begin(&state.db.pool, at).await? {
        return Err(AppError::TooManyAttempts { retry_after_secs });
    }
    let phc: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(c.user_id)
        .fetch_one(&state.db.pool)
        .await?;
    if !checks.verify(&current, &phc).await? {
        return Err(AppError::invalid(
            "current_password",
            t(lang(), Key::ErrCurrentPasswordWrong),
        ));
    }
    attempt.succeeded(&state.db.pool).await?;
    let hash = checks.hash(&password).await?;
    drop(checks);
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(c.user_id)
        .execute(&mut *tx)
        .await?;
    end_access(&mut tx, c.user_id).await?;
    super::audit::record(
        &mut tx,
        &c,
        crate::domain::audit::AuditAction::PasswordChanged,
        super::audit::On::user(c.user_id),
        None,
    )
    .await?;
    tx.commit().await?;
    start_session(&state, c.user_id).await
}

/// Ends everything that lets `user_id` in without their password: every session and their
/// calendar feed's secret address. Signing out everywhere, a password change and deactivation
/// all mean "whoever held these must not keep them".
pub async fn end_access(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn clear_cookie(state: &AppState) {
    set_cookie(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        session_cookie_name(state),
        secure_attr(state)
    ));
}

fn secure_attr(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    }
}

pub async fn me() -> Result<Me, AppError> {
    let c = match caller().await {
        Ok(c) => c,
        // The cookie's session has ended (it expired, was signed out elsewhere, its user was
        // deactivated): the cookie goes too, or every page would be painted as signed in
        // (`first_paint`) only to turn into sign-in.
        Err(AppError::NotSignedIn) => {
            clear_cookie(&state()?);
            return Err(AppError::NotSignedIn);
        }
        Err(e) => return Err(e),
    };
    load_me(&state()?, c.user_id).await
}

pub async fn load_me(state: &AppState, user_id: i64) -> Result<Me, AppError> {
    #[derive(sqlx::FromRow)]
    struct MeRecord {
        name: String,
        email: String,
        is_global_admin: i64,
        is_mpn_partner_admin: i64,
        company_id: i64,
        company_name: String,
        partner_level: String,
        account_email: String,
    }
    let me: MeRecord = sqlx::query_as(
        "SELECT u.name, u.email, u.is_global_admin, u.is_mpn_partner_admin, c.id AS company_id,
                c.name AS company_name, c.partner_level, c.account_email
           FROM users u JOIN companies c ON c.id = u.company_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(&state.db.pool)
    .await?;
    let global_admins = global_admins(&state.db.pool, me.company_id).await?;
    Ok(Me {
        user_id,
        name: me.name,
        email: me.email,
        roles: Roles {
            global_admin: me.is_global_admin != 0,
            mpn_partner_admin: me.is_mpn_partner_admin != 0,
        },
        company_name: me.company_name,
        partner_level: PartnerLevel::from_code(&me.partner_level)
            .ok_or_else(|| internal(format_args!("partner level {:?}", me.partner_level)))?,
        company_email: me.account_email,
        global_admins,
    })
}

/// A person who can sign in (as a condition on `users u`): active and with a password. An
/// invited account (no password yet) is nobody to ask and no admin to keep.
pub const CAN_SIGN_IN: &str = "u.active = 1 AND u.password_hash <> ''";

/// The company's Global admins who can sign in, by name: who to ask when an action is not
/// yours.
pub async fn global_admins(pool: &sqlx::AnyPool, company_id: i64) -> Result<Vec<Person>, AppError> {
    #[derive(sqlx::FromRow)]
    struct PersonRecord {
        name: String,
        email: String,
    }
    Ok(sqlx::query_as::<_, PersonRecord>(&format!(
        "SELECT u.name, u.email FROM users u WHERE u.company_id = $1 AND u.is_global_admin = 1 AND {CAN_SIGN_IN} ORDER BY u.name"
    ))
    .bind(company_id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Person {
        name: r.name,
        email: r.email,
    })
    .collect())
}
