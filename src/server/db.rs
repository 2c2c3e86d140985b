//! The SQLite connection pool: WAL so readers never wait for the writer, `synchronous = FULL`
//! so a committed assignment survives a power cut, foreign keys on, a busy timeout so a
//! writer waits for the lock instead of failing, and `secure_delete` so a deleted or re-sealed
//! value does not linger in free pages. The file is created readable by its owner only.

use super::crypto::Sealer;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

pub async fn connect(path: &Path) -> Result<SqlitePool, sqlx::Error> {
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
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    rebuild_users(&pool).await?;
    Ok(pool)
}

/// Whether anything in the database was sealed with a data key.
pub async fn holds_sealed_values(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM product_keys WHERE key_value LIKE 'v1.%')
             OR EXISTS (SELECT 1 FROM emails WHERE sealed_body IS NOT NULL)",
    )
    .fetch_one(pool)
    .await
}

/// Seals with the current data key every sealed value that is not: licence keys stored before
/// encryption at rest existed, and (during a rotation) licence keys and queued emails sealed
/// with a previous key. One transaction. Returns how many were sealed.
pub async fn reseal(pool: &SqlitePool, sealer: &Sealer) -> Result<usize, sqlx::Error> {
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
        ("UPDATE product_keys SET key_value = ? WHERE id = ?", keys),
        ("UPDATE emails SET sealed_body = ? WHERE id = ?", emails),
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
