//! Operator commands of the server binary, run on the server's machine against its database
//! (there is deliberately no HTTP endpoint for them):
//!
//! ```text
//! partner-benefits seed-users <company-account-email> <count>
//! partner-benefits resolve-request <case-number> <in_progress|resolved|refunded|rejected> [note]
//! partner-benefits rotate-data-key
//! partner-benefits migrate
//! partner-benefits backup <file>
//! ```

use super::config::Config;
use super::now;

const USAGE: &str = "usage:
  partner-benefits                                         serve (see README for PB_* settings)
  partner-benefits seed-users <company-account-email> <n>  add n directory users to a company
  partner-benefits resolve-request <case> <outcome> [note]  set a service request to in_progress,
                                                           resolved, refunded or rejected; refunding
                                                           a cancellation cancels its package
  partner-benefits rotate-data-key                         re-encrypt every licence key with
                                                           PB_DATA_KEY (old keys in
                                                           PB_DATA_KEY_PREVIOUS)
  partner-benefits migrate                                 create or upgrade the database
                                                           (PB_DATABASE) and exit: the deploy
                                                           step before servers of a new version
                                                           start
  partner-benefits backup <file>                           write a consistent copy of the SQLite
                                                           database while servers run (PostgreSQL:
                                                           pg_dump, see README)";

/// Runs one command; returns the process exit code.
pub async fn run(config: &Config, args: &[String]) -> i32 {
    match run_inner(config, args).await {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(message) => {
            eprintln!("{message}");
            2
        }
    }
}

async fn run_inner(config: &Config, args: &[String]) -> Result<String, String> {
    let sealer = super::http::sealer(config)?;
    let db = super::http::open_database(config, &sealer)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let pool = &db.pool;
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["seed-users", company, count] => {
            let count: usize = count
                .parse()
                .map_err(|_| format!("not a number: {count}\n{USAGE}"))?;
            let company_id: i64 = sqlx::query_scalar(
                "SELECT id FROM companies WHERE lower(account_email) = lower($1)",
            )
            .bind(company)
            .fetch_optional(pool)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("no company with account email {company}"))?;
            let added = super::seed::add_bulk_users(&db, company_id, count, now())
                .await
                .map_err(|e| e.to_string())?;
            Ok(format!("added {added} users"))
        }
        ["resolve-request", case, outcome, note @ ..] => {
            let outcome = super::packages::Outcome::parse(outcome)
                .ok_or_else(|| format!("unknown outcome {outcome}\n{USAGE}"))?;
            super::packages::resolve(&db, case, outcome, &note.join(" ")).await
        }
        ["rotate-data-key"] => {
            // Opening the database already re-sealed whatever the current key did not seal;
            // this reports what is left that no configured key opens.
            let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM product_keys")
                .fetch_one(pool)
                .await
                .map_err(|e| e.to_string())?;
            let rows: Vec<String> = sqlx::query_scalar(
                "SELECT key_value FROM product_keys UNION ALL SELECT sealed_body FROM emails WHERE sealed_body IS NOT NULL",
            )
            .fetch_all(pool)
            .await
            .map_err(|e| e.to_string())?;
            let stale = rows.iter().filter(|v| !sealer.0.is_current(v)).count();
            if stale > 0 {
                return Err(format!(
                    "{stale} sealed values (of {left} licence keys and the queued emails) are sealed with a key not in PB_DATA_KEY_PREVIOUS"
                ));
            }
            Ok(format!(
                "all {left} licence keys and every queued email are sealed with data key {}; the previous key can be removed",
                sealer.0.key_id()
            ))
        }
        ["migrate"] => {
            // Opening the database above already ran every migration (on PostgreSQL under an
            // advisory lock, so a server starting meanwhile waits instead of migrating twice).
            let backend = match db.backend {
                super::db::Backend::Sqlite => "SQLite",
                super::db::Backend::Postgres => "PostgreSQL",
            };
            Ok(format!(
                "the {backend} database is migrated to this version"
            ))
        }
        ["backup", file] => backup(&db, std::path::Path::new(file)).await,
        ["help" | "--help" | "-h"] => Ok(USAGE.to_string()),
        _ => Err(USAGE.to_string()),
    }
}

/// Writes a consistent copy of a SQLite database to `file` while servers keep serving: SQLite's
/// `VACUUM INTO` reads one snapshot (a read transaction; writers go on meanwhile) and writes a
/// compact database file. The copy is then opened and checked (`PRAGMA integrity_check`, and
/// the same tables as the original). Restoring is copying it back in place with the servers
/// stopped (README, "Backups"); the data key must go with it, or the licence keys in it stay
/// sealed. PostgreSQL has its own tools (`pg_dump`, point-in-time recovery): no home-made dump.
/// A SQLite database's tables, by name: the copy must have the original's.
const TABLE_NAMES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";

pub async fn backup(db: &super::db::Db, file: &std::path::Path) -> Result<String, String> {
    if db.backend == super::db::Backend::Postgres {
        return Err(
            "PostgreSQL is backed up with its own tools: pg_dump -Fc (or base backups \
                    and WAL archiving for point-in-time recovery), see README, \"Backups\""
                .into(),
        );
    }
    if file.exists() {
        return Err(format!(
            "{} exists: a backup never overwrites a file",
            file.display()
        ));
    }
    let target = file
        .to_str()
        .ok_or_else(|| format!("{}: not a UTF-8 path", file.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&db.pool)
        .await
        .map_err(|e| format!("backup to {target}: {e}"))?;
    let copy = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(file)
            .read_only(true),
    )
    .await
    .map_err(|e| format!("the copy {target} does not open: {e}"))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await
        .map_err(|e| format!("checking {target}: {e}"))?;
    let copied: Vec<String> = sqlx::query_scalar(TABLE_NAMES)
        .fetch_all(&copy)
        .await
        .map_err(|e| e.to_string())?;
    copy.close().await;
    let original: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&db.pool)
            .await
            .map_err(|e| e.to_string())?;
    if check != "ok" || copied != original {
        let _ = std::fs::remove_file(file);
        return Err(format!(
            "the copy failed its check ({check}; {} of {} tables): removed",
            copied.len(),
            original.len()
        ));
    }
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "backed up to {target}: {bytes} bytes, {} tables, integrity ok",
        copied.len()
    ))
}
