//! A database made by the previous version (migrations up to 0004) opened by this one: keys
//! stored in clear get sealed, an invitation link stored in clear is redacted and its
//! invitation ended, addresses become unique per company, search still works. And the data
//! key's life: a lost key file is refused, a rotation is confirmed by the operator command.

use crate::helpers::*;
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;

async fn old_database(dir: &std::path::Path) {
    let mut migrator = sqlx::migrate!("./migrations/sqlite");
    migrator.migrations = std::borrow::Cow::Owned(
        migrator
            .migrations
            .iter()
            .filter(|m| m.version <= 4)
            .cloned()
            .collect(),
    );
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    std::fs::write(
        dir.join("dist/index.html"),
        "<!DOCTYPE html><title>x</title>",
    )
    .unwrap();
    let mut conn = SqliteConnectOptions::new()
        .filename(dir.join("test.db"))
        .create_if_missing(true)
        .foreign_keys(true)
        .connect()
        .await
        .unwrap();
    migrator.run_direct(&mut conn).await.unwrap();
    let hash = partner_benefits::server::auth::hash_password(DEMO_PASSWORD).unwrap();
    for sql in [
        "INSERT INTO companies (id, name, partner_level, account_email, created_at) VALUES (1, 'Old Co', 'gold', 'partner@old.example', 0), (2, 'Other Co', 'silver', 'partner@other.example', 0)".to_string(),
        format!("INSERT INTO users (id, company_id, email, name, password_hash, is_global_admin, created_at) VALUES (1, 1, 'boss@old.example', 'Bo Boss', '{hash}', 1, 0), (2, 2, 'admin@other.example', 'Ada Admin', '{hash}', 1, 0)"),
        "INSERT INTO users (id, company_id, email, name, password_hash, created_at, invited_at) VALUES (3, 1, 'new.hire@old.example', 'Nina Hire', '', 0, 0)".to_string(),
        "INSERT INTO packages (id, company_id, name, purchased_at, price_cents, expires_on) VALUES (1, 1, 'Gold', 0, 100, '2099-01-01')".to_string(),
        "INSERT INTO benefits (id, company_id, package_id, category, name, quantity, unit, expires_on) VALUES (1, 1, 1, 'software', 'Windows Server', 16, 'licenses', '2099-01-01')".to_string(),
        "INSERT INTO product_keys (benefit_id, label, key_value) VALUES (1, 'MAK', 'OLDCL-EARKE-Y1234-56789-ABCDE')".to_string(),
        "INSERT INTO invitations (token_hash, user_id, created_at, expires_at) VALUES ('abc', 3, 0, 9999999999)".to_string(),
        "INSERT INTO emails (company_id, to_address, subject, body, created_at) VALUES (1, 'new.hire@old.example', 'Welcome', 'Set your password: http://x/welcome?token=0123456789abcdef', 0)".to_string(),
    ] {
        sqlx::query(&sql).execute(&mut conn).await.unwrap();
    }
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .unwrap();
}

fn file_contains(path: &std::path::Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_database_of_the_previous_version_is_upgraded_safely() {
    let dir = tempfile::tempdir().unwrap();
    old_database(dir.path()).await;
    assert!(
        file_contains(&dir.path().join("test.db"), "OLDCL-EARKE"),
        "the old file held the key in clear"
    );
    let app = TestApp::spawn_in(dir, &[("PB_DEMO_DATA", "0")]).await;

    // The key is sealed now, and still revealed to who may get it.
    let boss = app.sign_in("boss@old.example").await;
    let keys = app
        .call(
            "get_keys",
            json!({"benefit_id": 1, "confirm_forfeit": true}),
            Some(&boss),
        )
        .await;
    assert_eq!(keys.status, StatusCode::OK, "{}", keys.body);
    assert_eq!(
        keys.body["keys"][0]["value"],
        "OLDCL-EARKE-Y1234-56789-ABCDE"
    );
    app.exec("PRAGMA wal_checkpoint(TRUNCATE)").await;
    assert!(
        !file_contains(&app.dir().join("test.db"), "OLDCL-EARKE"),
        "no key in clear any more"
    );

    // The old invitation email is redacted and its link no longer works.
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM emails")
        .fetch_all(app.pool())
        .await
        .unwrap();
    assert!(bodies.iter().all(|b| !b.contains("token=")), "{bodies:?}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM invitations WHERE expires_at > 0")
            .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE user_id = 3 AND topic = 'invitation'")
            .await,
        1,
        "the old email now belongs to its recipient"
    );

    // Addresses are unique per company: the other company may add the same address.
    let other = app.sign_in("admin@other.example").await;
    let form = json!({"name": "Bo Boss", "email": "boss@old.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let added = app
        .call("add_user", json!({"form": form}), Some(&other))
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    // The search index survived the rebuild.
    let found = app
        .call(
            "search_users",
            json!({"view": {"search": "nina"}, "offset": 0}),
            Some(&boss),
        )
        .await;
    assert_eq!(
        found.body["users"][0]["email"], "new.hire@old.example",
        "{}",
        found.body
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM pragma_foreign_key_check")
            .await,
        0
    );
}

#[tokio::test]
async fn a_lost_key_file_is_refused_not_replaced() {
    let app = TestApp::spawn().await;
    let dir = app.dir().to_path_buf();
    let key = dir.join("data.key");
    let db = database_for(&dir).await;
    app.running.stop().await;
    std::fs::remove_file(&key).unwrap();
    let config = test_config(&db, &dir.join("dist"), &[]);
    let refused = partner_benefits::server::http::start(config).await;
    let message = refused
        .err()
        .expect("the server refuses to start")
        .to_string();
    assert!(message.contains("data key file"), "{message}");
    assert!(
        !key.exists(),
        "no new key left behind to be trusted next time"
    );
}

#[tokio::test]
async fn the_operator_command_confirms_a_rotation() {
    let app = TestApp::spawn().await;
    let dir = app.dir().to_path_buf();
    let old_key = std::fs::read_to_string(dir.join("data.key")).unwrap();
    let new_key = "6b".repeat(32);
    let db = database_for(&dir).await;
    let rotating = test_config(
        &db,
        &dir.join("dist"),
        &[
            ("PB_DATA_KEY", &new_key),
            ("PB_DATA_KEY_PREVIOUS", old_key.trim()),
        ],
    );
    let code =
        partner_benefits::server::ops::run(&rotating, &["rotate-data-key".to_string()]).await;
    assert_eq!(code, 0, "everything re-sealed with the new key");
    let without_new = test_config(&db, &dir.join("dist"), &[("PB_DATA_KEY", &"7c".repeat(32))]);
    let code =
        partner_benefits::server::ops::run(&without_new, &["rotate-data-key".to_string()]).await;
    assert_eq!(code, 2, "a key that sealed nothing here is reported");
    drop(app);
}
