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

/// Seals every licence key not sealed with the current data key: keys stored before encryption
/// at rest existed, and (during a rotation) keys sealed with a previous key. One transaction.
/// Returns how many were sealed.
pub async fn seal_clear_keys(pool: &SqlitePool, sealer: &Sealer) -> Result<usize, sqlx::Error> {
    let rows: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, benefit_id, key_value FROM product_keys")
            .fetch_all(pool)
            .await?;
    let stale: Vec<_> = rows
        .into_iter()
        .filter(|(_, _, v)| !sealer.is_current(v))
        .collect();
    if stale.is_empty() {
        return Ok(0);
    }
    let mut tx = pool.begin().await?;
    let mut sealed = 0;
    for (id, benefit_id, value) in stale {
        let bound = product_key_binding(benefit_id);
        let clear = if Sealer::is_sealed(&value) {
            match sealer.open(&value, &bound) {
                Ok(clear) => clear,
                Err(e) => {
                    // Sealed by a key this server was not given: leave it, say so.
                    tracing::error!(key_id = id, error = %e, "licence key sealed with an unknown data key");
                    continue;
                }
            }
        } else {
            value
        };
        sqlx::query("UPDATE product_keys SET key_value = ? WHERE id = ?")
            .bind(sealer.seal(&clear, &bound))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sealed += 1;
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
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
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
