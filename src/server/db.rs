//! The database: SQLite (one file, the embedded default) or PostgreSQL (several servers, one
//! database), chosen by `PB_DATABASE`. Both are reached through one `sqlx::AnyPool`, so every
//! store function is written once; the SQL is the common dialect of both (`$1` placeholders,
//! `RETURNING`, `ON CONFLICT`, integers for flags and instants), and the few places where they
//! must differ (full-text search, claiming work, locking) ask `Backend`.
//!
//! SQLite: WAL so readers never wait for the writer, `synchronous = FULL` so a committed
//! assignment survives a power cut, foreign keys on, a busy timeout so a writer waits for the
//! lock instead of failing, and `secure_delete` so a deleted or re-sealed value does not linger
//! in free pages. The file is created readable by its owner only.
//!
//! PostgreSQL: migrations take sqlx's advisory lock, so servers starting together migrate once.

use super::config::Database;
use super::crypto::Sealer;
use sqlx::any::AnyPoolOptions;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::AnyConnection;
use sqlx::{AnyPool, Executor, SqlitePool};
use std::path::Path;
use std::time::Duration;

/// A connection of either database.
pub type Conn = AnyConnection;
/// A transaction of either database.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Which database a pool talks to, for the few statements that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The pool and what it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Opens the database, creating and migrating it first.
    pub async fn open(database: &Database, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        match database {
            Database::Sqlite(path) => {
                prepare_sqlite(path).await?;
                let url = format!("sqlite://{}", url_path(path));
                let pool = AnyPoolOptions::new()
                    .max_connections(max_connections)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;
                                 PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?;
                Ok(Db {
                    pool,
                    backend: Backend::Sqlite,
                })
            }
            Database::Postgres(url) => {
                {
                    let pool = PgPoolOptions::new()
                        .max_connections(1)
                        .connect(&url.0)
                        .await?;
                    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
                    pool.close().await;
                }
                let pool = AnyPoolOptions::new()
                    .max_connections(max_connections)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // A server that hangs inside a transaction (holding a claimed job
                            // or a company's lock) lets go after this long; one that dies lets
                            // go at once, when its connection drops.
                            conn.execute("SET idle_in_transaction_session_timeout = '60s'")
                                .await?;
                            Ok(())
                        })
                    })
                    .connect(&url.0)
                    .await?;
                Ok(Db {
                    pool,
                    backend: Backend::Postgres,
                })
            }
        }
    }

    /// A transaction for a change that reads before it writes, inside one company: seat
    /// capacity, the last Global admin, a request's status. On SQLite, `BEGIN IMMEDIATE` takes
    /// the database's write lock up front, so such transactions queue instead of interleaving.
    /// On PostgreSQL the company's row is locked (`FOR UPDATE`) instead: changes within one
    /// company queue, different companies do not wait for each other. The conditional updates
    /// inside are still checked by their row counts, so neither lock is the only guard.
    pub async fn write(&self, company_id: i64) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT id FROM companies WHERE id = $1 FOR UPDATE")
                    .bind(company_id)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// A transaction that takes SQLite's write lock up front (nothing on PostgreSQL, whose
    /// statements lock what they touch): for work that spans companies, such as a job.
    pub async fn begin_immediate(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }
}

/// A stored code that does not parse (a status, a kind, a date) is a bug or a bad migration,
/// not the caller's problem: a decode error, which reaches the person as an internal error
/// with a reference. The one place every store maps an unknown code.
pub fn stored<T>(value: Option<T>, what: &str, code: &str) -> Result<T, sqlx::Error> {
    value.ok_or_else(|| sqlx::Error::Decode(format!("unknown {what} code {code:?}").into()))
}

/// A path as the path part of a `sqlite://` URL.
fn url_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// Creates the SQLite file (mode 0600), turns on WAL (a property of the file), migrates it and
/// runs the one-time table rebuild, through a native connection that closes afterwards.
async fn prepare_sqlite(path: &Path) -> Result<(), sqlx::Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    // SQLite gives its -wal and -shm files the database file's mode: create it 0600 first.
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(sqlx::Error::Io)?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .pragma("secure_delete", "ON");
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    rebuild_users(&pool).await?;
    pool.close().await;
    Ok(())
}

/// Whether anything in the database was sealed with a data key.
pub async fn holds_sealed_values(pool: &AnyPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM product_keys WHERE key_value LIKE 'v1.%')
             OR EXISTS (SELECT 1 FROM emails WHERE sealed_body IS NOT NULL) THEN 1 ELSE 0 END",
    )
    .fetch_one(pool)
    .await
    .map(|n: i64| n != 0)
}

/// Seals with the current data key every sealed value that is not: licence keys stored before
/// encryption at rest existed, and (during a rotation) licence keys and queued emails sealed
/// with a previous key. One transaction. Returns how many were sealed.
pub async fn reseal(pool: &AnyPool, sealer: &Sealer) -> Result<usize, sqlx::Error> {
    // (row id, value, what the value is bound to)
    let keys: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, key_value, 'product_key:' || benefit_id FROM product_keys")
            .fetch_all(pool)
            .await?;
    let emails: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, sealed_body, 'email_to:' || to_address FROM emails WHERE sealed_body IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    let stale = |rows: Vec<(i64, String, String)>| -> Vec<(i64, String, String)> {
        rows.into_iter()
            .filter(|(_, v, _)| !sealer.is_current(v))
            .collect()
    };
    let (keys, emails) = (stale(keys), stale(emails));
    if keys.is_empty() && emails.is_empty() {
        return Ok(0);
    }
    let mut tx = pool.begin().await?;
    let mut sealed = 0;
    for (sql, rows) in [
        ("UPDATE product_keys SET key_value = $1 WHERE id = $2", keys),
        ("UPDATE emails SET sealed_body = $1 WHERE id = $2", emails),
    ] {
        for (id, value, bound) in rows {
            let clear = if Sealer::is_sealed(&value) {
                match sealer.open(&value, &bound) {
                    Ok(clear) => clear,
                    Err(e) => {
                        // Sealed by a key this server was not given: leave it, say so.
                        tracing::error!(row = id, error = %e, "a value sealed with an unknown data key");
                        continue;
                    }
                }
            } else {
                value
            };
            sqlx::query(sql)
                .bind(sealer.seal(&clear, &bound))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sealed += 1;
        }
    }
    tx.commit().await?;
    Ok(sealed)
}

/// What a licence key's ciphertext is bound to: it opens only in its own benefit.
pub fn product_key_binding(benefit_id: i64) -> String {
    format!("product_key:{benefit_id}")
}

/// Makes an email address unique per company instead of across the deployment (see
/// `rebuild_users.sql`). SQLite drops a column constraint only by rebuilding the table, with
/// foreign keys off, which it ignores inside a transaction, so this cannot be a migration file
/// (sqlx runs those in one). Runs once: afterwards the table declares the per-company key.
async fn rebuild_users(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    const DONE: &str = "UNIQUE (company_id, email)";
    let sql: String =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
            .fetch_one(pool)
            .await?;
    if sql.contains(DONE) {
        return Ok(());
    }
    let mut conn = pool.acquire().await?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let result = async {
        // IMMEDIATE: two servers starting at once queue here instead of failing later.
        let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
        // Another server may have done it meanwhile.
        let sql: String = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'",
        )
        .fetch_one(&mut *tx)
        .await?;
        if !sql.contains(DONE) {
            sqlx::raw_sql(include_str!("rebuild_users.sql"))
                .execute(&mut *tx)
                .await?;
            let broken: Vec<(String,)> =
                sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                    .fetch_all(&mut *tx)
                    .await?;
            if !broken.is_empty() {
                return Err(sqlx::Error::Protocol(format!(
                    "rebuilding users would break foreign keys in {broken:?}"
                )));
            }
            // The search index still points at the same rows (ids are kept): prove it.
            sqlx::query("INSERT INTO users_fts (users_fts) VALUES ('integrity-check')")
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }
    .await;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    result
}
