//! Account settings → Users: search, add (with an invitation), roles, deactivation. A company
//! always keeps at least one active Global admin: the check and the change happen in one
//! `Db::write` transaction (serialised per company on both databases) so two admins demoting
//! each other cannot both succeed.

use super::audit::{self, On};
use super::auth::{load_me, start_session, token_hash, Caller};
use super::db::Backend;
use super::{authorized, internal, invalid, lang, mail, now, random_hex, state};
use crate::domain::audit::AuditAction;
use crate::domain::auth::Me;
use crate::domain::forms::{new_password, NewUserForm};
use crate::domain::list_view::{UserListView, UserSort, UserStatusFilter};
use crate::domain::notifications::Topic;
use crate::domain::problem::{FieldProblem, Problem, Problems};
use crate::domain::users::{UserPage, UserRow, PAGE_SIZE};
use crate::domain::{Action, Roles};
use crate::error::AppError;
use crate::i18n::{t, tf, Key};
use sqlx::AnyConnection;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

const USER_COLUMNS: &str =
    "u.id, u.name, u.email, u.is_global_admin, u.is_mpn_partner_admin, u.active,
     CASE WHEN u.password_hash = '' THEN 1 ELSE 0 END AS invited";

/// A user as stored (flags are 0/1 integers in both databases).
#[derive(sqlx::FromRow)]
struct UserRecord {
    id: i64,
    name: String,
    email: String,
    is_global_admin: i64,
    is_mpn_partner_admin: i64,
    active: i64,
    invited: i64,
}

impl From<UserRecord> for UserRow {
    fn from(r: UserRecord) -> UserRow {
        UserRow {
            id: r.id,
            name: r.name,
            email: r.email,
            roles: Roles {
                global_admin: r.is_global_admin != 0,
                mpn_partner_admin: r.is_mpn_partner_admin != 0,
            },
            active: r.active != 0,
            invited: r.invited != 0,
        }
    }
}

/// The words typed into a search, each kept to the characters the SQLite tokenizer indexes
/// (letters, digits and `@.-_`, as `users_fts` declares), at most six. The one place typed
/// text is cut down before it meets any query syntax: no quote, operator, wildcard, control
/// character or NUL survives.
fn search_terms(input: &str) -> Vec<String> {
    input
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '-' | '_'))
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .take(6)
        .collect()
}

/// Turns typed words into an FTS5 query (SQLite): every word must start a word of the name or
/// email. Each term is quoted.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = search_terms(input)
        .into_iter()
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The same search on PostgreSQL: every typed word must start a word of the name or email, as
/// a `to_tsquery` of prefix terms (`'park':* & 'ji':*`) answered by the full-text index
/// `users_search`. Each term is quoted; it holds no quote (see `search_terms`).
fn tsquery(input: &str) -> Option<String> {
    let terms: Vec<String> = search_terms(input)
        .into_iter()
        .map(|w| format!("'{}':*", w.to_lowercase()))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" & "))
}

/// Every user of the company, deactivated ones included, as CSV in name order (admins: the
/// list people keep in spreadsheets of who works here).
pub async fn export(byte_order_mark: bool) -> Result<crate::domain::export::CsvFile, AppError> {
    let (c, state) = authorized(Action::ExportData).await?;
    #[derive(sqlx::FromRow)]
    struct Exported {
        #[sqlx(flatten)]
        user: UserRecord,
        created_at: i64,
    }
    use futures::TryStreamExt;
    let l = lang();
    let header = [
        t(l, Key::ColName),
        t(l, Key::Email),
        t(l, Key::Roles),
        t(l, Key::ColStatus),
        t(l, Key::CsvAddedUtc),
    ];
    let mut file = super::export::CsvWriter::new(&header, byte_order_mark).map_err(internal)?;
    // Read a row at a time into the file, at most the cap every export has.
    let sql = format!(
        "SELECT {USER_COLUMNS}, u.created_at FROM users u WHERE u.company_id = $1
          ORDER BY lower(u.name), u.id LIMIT $2"
    );
    let mut rows = sqlx::query_as::<_, Exported>(&sql)
        .bind(c.company_id)
        .bind(i64::from(crate::domain::export::EXPORT_MAX_ROWS))
        .fetch(&state.db.pool);
    while let Some(r) = rows.try_next().await? {
        let created_at = r.created_at;
        let u = UserRow::from(r.user);
        let status = if !u.active {
            Key::Deactivated
        } else if u.invited {
            Key::Invited
        } else {
            Key::StatusActive
        };
        file.row([
            u.name,
            u.email,
            u.roles.label(l),
            t(l, status).to_string(),
            super::export::utc_time(created_at),
        ])
        .map_err(internal)?;
    }
    file.finish("users").map_err(internal)
}

/// A page of the company's users as `view` asks: its search, whom it shows, its order. The
/// directory (roles, invited, deactivated) is for admins, who pick people for seats and the
/// marketing contact; an employee is refused.
pub async fn search(view: UserListView, offset: u32) -> Result<UserPage, AppError> {
    let (c, state) = authorized(Action::SearchPeople).await?;
    let db = state.db;
    let limit = PAGE_SIZE as i64 + 1;
    let offset = offset.min(100_000) as i64;
    let query = view.clipped_search();
    // Said in the SQL rather than bound, so each form reads its own index in name order
    // (`users_company_active_order` or `users_company_order`) instead of sorting. The same
    // rule as `UserStatusFilter::keeps`, which the API tests hold each form to.
    let active = match view.status {
        UserStatusFilter::Current => "AND u.active = 1",
        UserStatusFilter::Active => "AND u.active = 1 AND u.password_hash <> ''",
        UserStatusFilter::Invited => "AND u.active = 1 AND u.password_hash = ''",
        UserStatusFilter::Deactivated => "AND u.active = 0",
        UserStatusFilter::All => "",
    };
    let order = match view.sort {
        UserSort::Name => "ORDER BY lower(u.name), u.id",
        UserSort::Email => "ORDER BY lower(u.email), u.id",
    };
    let rows: Vec<UserRecord> = match (db.backend, fts_query(&query)) {
        (_, None) => {
            sqlx::query_as(&format!(
                "SELECT {USER_COLUMNS} FROM users u
                  WHERE u.company_id = $1 {active}
                  {order} LIMIT $2 OFFSET $3"
            ))
            .bind(c.company_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(&db.pool)
            .await?
        }
        (Backend::Sqlite, Some(fts)) => {
            sqlx::query_as(&format!(
                // CROSS JOIN keeps the full-text index the outer loop: otherwise SQLite may
                // walk the name-ordered index and run the MATCH once per user (the benchmark
                // caught that: seconds instead of a millisecond with 10,000 users).
                "SELECT {USER_COLUMNS} FROM users_fts f CROSS JOIN users u ON u.id = f.rowid
                  WHERE users_fts MATCH $1 AND u.company_id = $2 {active}
                  {order} LIMIT $3 OFFSET $4"
            ))
            .bind(fts)
            .bind(c.company_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(&db.pool)
            .await?
        }
        (Backend::Postgres, Some(_)) => {
            sqlx::query_as(&format!(
                // The matches first, through the full-text index, then their page in name
                // order. MATERIALIZED keeps that order: a prepared statement's generic plan
                // cannot see the words and may otherwise walk every user in name order,
                // computing each one's text vector (the benchmark measured 49 ms for "park ji").
                "WITH hits AS MATERIALIZED (
                     SELECT id FROM users
                      WHERE to_tsvector('simple', name || ' ' || email) @@ to_tsquery('simple', $4))
                 SELECT {USER_COLUMNS} FROM hits h JOIN users u ON u.id = h.id
                  WHERE u.company_id = $1 {active}
                  {order} LIMIT $2 OFFSET $3"
            ))
            .bind(c.company_id)
            .bind(limit)
            .bind(offset)
            .bind(tsquery(&query))
            .fetch_all(&db.pool)
            .await?
        }
    };
    let has_more = rows.len() > PAGE_SIZE;
    Ok(UserPage {
        users: rows
            .into_iter()
            .take(PAGE_SIZE)
            .map(UserRow::from)
            .collect(),
        has_more,
    })
}

pub(super) async fn load_user(
    conn: &mut AnyConnection,
    c: &Caller,
    user_id: i64,
) -> Result<UserRow, AppError> {
    sqlx::query_as::<_, UserRecord>(&format!(
        "SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.company_id = $2"
    ))
    .bind(user_id)
    .bind(c.company_id)
    .fetch_optional(conn)
    .await?
    .map(UserRow::from)
    .ok_or(AppError::NotFound)
}

fn last_admin_error() -> AppError {
    AppError::conflict(t(lang(), Key::ErrLastGlobalAdmin))
}

/// Would the company still have a Global admin who can sign in if `user_id` stopped being one?
/// Only admins who can sign in count (active, with a password): an invited Global admin who
/// never set one is nobody to turn to, and counting them once let the only real Global admin
/// step down and leave the company without one.
async fn another_global_admin(
    conn: &mut AnyConnection,
    company_id: i64,
    user_id: i64,
) -> Result<bool, AppError> {
    let others: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM users u WHERE u.company_id = $1 AND u.is_global_admin = 1 AND {} AND u.id <> $2",
        super::auth::CAN_SIGN_IN
    ))
    .bind(company_id)
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok(others > 0)
}

pub async fn add(form: NewUserForm) -> Result<UserRow, AppError> {
    let (c, state) = authorized(Action::ManageUsers).await?;
    let new = form.parse().map_err(|p| invalid(&p))?;
    let at = now();
    let mut tx = state.db.write(c.company_id).await?;
    // Within the company only: whether another company has this address is none of the
    // caller's business, and must not stop them from adding it.
    let taken = sqlx::query_scalar::<_, i64>(
        "SELECT 1 FROM users WHERE company_id = $1 AND lower(email) = lower($2)",
    )
    .bind(c.company_id)
    .bind(new.email.as_str())
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if taken {
        return Err(invalid(&Problems(vec![FieldProblem {
            field: "email",
            problem: Problem::EmailTaken,
        }])));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (company_id, email, name, password_hash, is_global_admin, is_mpn_partner_admin, created_at, invited_at)
         VALUES ($1, $2, $3, '', $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.company_id)
    .bind(new.email.as_str())
    .bind(&new.name)
    .bind(i64::from(new.roles.global_admin))
    .bind(i64::from(new.roles.mpn_partner_admin))
    .bind(at)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let row = load_user(&mut tx, &c, id).await?;
    invite(&mut tx, &state, &c, &row).await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::UserAdded,
        On::user(id),
        Some(new.email.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Sends a fresh invitation to a user who has not set a password yet (the first was lost, or
/// expired); earlier links stop working. Global admins only.
pub async fn resend_invitation(user_id: i64) -> Result<UserRow, AppError> {
    let (c, state) = authorized(Action::ManageUsers).await?;
    let mut tx = state.db.write(c.company_id).await?;
    let row = load_user(&mut tx, &c, user_id).await?;
    if !row.invited || !row.active {
        return Err(AppError::conflict(t(lang(), Key::ErrNotInvited)));
    }
    sqlx::query("UPDATE invitations SET expires_at = 0 WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    mail::withdraw_invitations(&mut tx, user_id).await?;
    invite(&mut tx, &state, &c, &row).await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::InvitationResent,
        On::user(user_id),
        Some(&row.email),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Creates a one-time invitation for `user` and queues its email. The token exists in clear
/// only here and in the sealed copy the mail transport opens: the database keeps its hash,
/// and the copy anyone can read on Notifications says the link was sent, not what it is.
async fn invite(
    conn: &mut AnyConnection,
    state: &super::AppState,
    c: &Caller,
    user: &UserRow,
) -> Result<(), AppError> {
    let at = now();
    let token = random_hex(32);
    sqlx::query(
        "INSERT INTO invitations (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user.id)
    .bind(at)
    .bind(at + INVITATION_DAYS * 86_400)
    .execute(&mut *conn)
    .await?;
    let company: String = sqlx::query_scalar("SELECT name FROM companies WHERE id = $1")
        .bind(c.company_id)
        .fetch_one(&mut *conn)
        .await?;
    let l = lang();
    let days = INVITATION_DAYS.to_string();
    let body_with = |link: &str| {
        tf(
            l,
            Key::EmailInviteBody,
            &[
                ("name", &user.name),
                ("company", &company),
                ("link", link),
                ("days", &days),
            ],
        )
    };
    let link = format!("{}/welcome?token={token}", state.config.public_url);
    mail::queue_with_secret(
        conn,
        &state.sealer,
        mail::Outgoing {
            company_id: c.company_id,
            to: &user.email,
            user_id: Some(user.id),
            topic: Topic::Invitation,
            subject: &tf(l, Key::EmailInviteSubject, &[("company", &company)]),
            body: &body_with(t(l, Key::EmailLinkRedacted)),
        },
        &body_with(&link),
    )
    .await?;
    Ok(())
}

pub async fn set_roles(user_id: i64, roles: Roles) -> Result<UserRow, AppError> {
    let (c, state) = authorized(Action::ManageUsers).await?;
    let mut tx = state.db.write(c.company_id).await?;
    let before = load_user(&mut tx, &c, user_id).await?;
    if before.roles.global_admin
        && before.active
        && !roles.global_admin
        && !another_global_admin(&mut tx, c.company_id, user_id).await?
    {
        return Err(last_admin_error());
    }
    sqlx::query("UPDATE users SET is_global_admin = $1, is_mpn_partner_admin = $2 WHERE id = $3 AND company_id = $4")
        .bind(i64::from(roles.global_admin))
        .bind(i64::from(roles.mpn_partner_admin))
        .bind(user_id)
        .bind(c.company_id)
        .execute(&mut *tx)
        .await?;
    if before.roles != roles {
        // Roles changed: their sessions end, so no page keeps acting on the old rights.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND user_id <> $2")
            .bind(user_id)
            .bind(c.user_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            &c,
            AuditAction::RolesChanged,
            On::user(user_id),
            // In the product's first language: the trail is a record, not a page to translate.
            Some(&format!(
                "{}: {} → {}",
                before.email,
                before.roles.label(crate::i18n::Lang::En),
                roles.label(crate::i18n::Lang::En)
            )),
        )
        .await?;
    }
    let row = load_user(&mut tx, &c, user_id).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn set_active(user_id: i64, active: bool) -> Result<UserRow, AppError> {
    let (c, state) = authorized(Action::ManageUsers).await?;
    let mut tx = state.db.write(c.company_id).await?;
    let before = load_user(&mut tx, &c, user_id).await?;
    if !active
        && before.active
        && before.roles.global_admin
        && !another_global_admin(&mut tx, c.company_id, user_id).await?
    {
        return Err(last_admin_error());
    }
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2 AND company_id = $3")
        .bind(i64::from(active))
        .bind(user_id)
        .bind(c.company_id)
        .execute(&mut *tx)
        .await?;
    if !active {
        super::auth::end_access(&mut tx, user_id).await?;
        // An open invitation ends too: reactivating someone who never signed in takes a new
        // one (Resend invitation), not the link they had before they were let go.
        sqlx::query("UPDATE invitations SET expires_at = 0 WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        mail::withdraw_invitations(&mut tx, user_id).await?;
    }
    if before.active != active {
        audit::record(
            &mut tx,
            &c,
            if active {
                AuditAction::UserReactivated
            } else {
                AuditAction::UserDeactivated
            },
            On::user(user_id),
            Some(&before.email),
        )
        .await?;
    }
    let row = load_user(&mut tx, &c, user_id).await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn accept_invitation(
    token: String,
    password: String,
    password_again: String,
) -> Result<Me, AppError> {
    let state = state()?;
    let password = new_password(&password, &password_again).map_err(|p| invalid(&p))?;
    let at = now();
    let invitation: Option<(i64, i64)> = sqlx::query_as(
        "SELECT i.user_id, u.company_id FROM invitations i JOIN users u ON u.id = i.user_id
          WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND u.active = 1",
    )
    .bind(token_hash(token.trim()))
    .bind(at)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(invitation) = invitation else {
        return Err(AppError::conflict(t(lang(), Key::ErrInvitationInvalid)));
    };
    let (user_id, company_id) = invitation;
    let hash = state.passwords.admit()?.hash(&password).await?;
    let mut tx = state.db.write(company_id).await?;
    let used =
        sqlx::query("UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $3")
            .bind(at)
            .bind(token_hash(token.trim()))
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if used != 1 {
        return Err(AppError::conflict(t(lang(), Key::ErrInvitationInvalid)));
    }
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    // A password set: any session made with an earlier one ends.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    start_session(&state, user_id).await?;
    load_me(&state, user_id).await
}

#[cfg(test)]
mod tests {
    use super::fts_query;
    use proptest::prelude::*;

    /// The users table's full-text index as the migrations declare it, in memory.
    fn fts_db() -> (tokio::runtime::Runtime, sqlx::SqlitePool) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let pool = rt.block_on(async {
            let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
            sqlx::query("CREATE VIRTUAL TABLE users_fts USING fts5(name, email, tokenize = \"unicode61 tokenchars '@.-_'\")")
                .execute(&pool).await.unwrap();
            sqlx::query("INSERT INTO users_fts (rowid, name, email) VALUES (1, 'Kim Min-jun', 'kim.minjun@contoso.example'), (2, '이서연', 'seoyeon@contoso.example')")
                .execute(&pool).await.unwrap();
            pool
        });
        (rt, pool)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Whatever is typed (NUL, quotes, operators, any Unicode), the query SQLite gets is
        /// valid: search never fails with a syntax error (the 500 the probe found).
        #[test]
        fn any_typed_text_makes_a_valid_query(input in "\\PC{0,40}|[\\x00-\\x7f]{0,40}|[\"*:^(){}+\\-NEARORAND \\x00]{0,20}") {
            let (rt, pool) = fts_db();
            if let Some(q) = fts_query(&input) {
                let result: Result<Vec<i64>, _> = rt.block_on(
                    sqlx::query_scalar("SELECT rowid FROM users_fts WHERE users_fts MATCH $1").bind(&q).fetch_all(&pool),
                );
                prop_assert!(result.is_ok(), "{:?} -> {:?}: {:?}", input, q, result.err());
            }
        }
    }

    #[test]
    fn a_nul_byte_or_quotes_cannot_break_the_query() {
        let (rt, pool) = fts_db();
        for input in [
            "kim\0",
            "\0",
            "\"",
            "kim\" OR \"",
            "NEAR(kim",
            "*",
            "^kim",
            "서연",
        ] {
            if let Some(q) = fts_query(input) {
                let hits: Vec<i64> = rt
                    .block_on(
                        sqlx::query_scalar("SELECT rowid FROM users_fts WHERE users_fts MATCH $1")
                            .bind(&q)
                            .fetch_all(&pool),
                    )
                    .unwrap_or_else(|e| panic!("{input:?} -> {q:?}: {e}"));
                if matches!(input, "kim\0" | "^kim") {
                    assert_eq!(hits, vec![1], "{input:?}");
                }
            }
        }
    }

    #[test]
    fn postgres_gets_quoted_prefix_terms() {
        assert_eq!(super::tsquery("  "), None);
        assert_eq!(
            super::tsquery("Park ji").as_deref(),
            Some("'park':* & 'ji':*")
        );
        assert_eq!(
            super::tsquery("o'brien \\'x").as_deref(),
            Some("'obrien':* & 'x':*")
        );
    }

    #[test]
    fn typed_words_become_prefix_terms_and_quotes_cannot_escape() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("kim min").as_deref(), Some(r#""kim"* "min"*"#));
        assert_eq!(
            fts_query(r#"a" OR "b"#).as_deref(),
            Some(r#""a"* "OR"* "b"*"#)
        );
        assert_eq!(fts_query("kim\0").as_deref(), Some(r#""kim"*"#));
        assert_eq!(fts_query("\0 \" *"), None);
        assert_eq!(
            fts_query("sarah.johnson@contoso").as_deref(),
            Some(r#""sarah.johnson@contoso"*"#)
        );
    }
}
