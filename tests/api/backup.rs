//! Backups (issue 31, its SQLite part): a copy written while the server serves, restored into
//! a new server with the same data key: every table as it was, licence keys still open.

use crate::helpers::*;
use partner_benefits::server::ops::backup;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_backup_made_while_serving_restores_into_a_new_server_with_its_rows_and_keys() {
    let app = TestApp::spawn().await;
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("test.db");
    if app.on_postgres() {
        // No home-made dump: the command says which tool to use, and writes nothing.
        let refused = backup(&app.running.state.db, &file).await.unwrap_err();
        assert!(refused.contains("pg_dump"), "{refused}");
        assert!(!file.exists());
        return;
    }
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Software", "Windows Server 2025 Datacenter")
        .await;
    let keys = |answer: &Answer| answer.body["keys"].clone();
    let before = app
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);

    let made = backup(&app.running.state.db, &file).await.unwrap();
    assert!(made.contains("integrity ok"), "{made}");
    // Never over a file that is there.
    let again = backup(&app.running.state.db, &file).await.unwrap_err();
    assert!(again.contains("exists"), "{again}");

    // Every table of the original, row for row in number, in the copy.
    use sqlx::sqlite::SqliteConnectOptions;
    let open = |path: std::path::PathBuf| async move {
        sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
            .await
            .unwrap()
    };
    let (original, copy) = (
        open(app.dir().join("test.db")).await,
        open(file.clone()).await,
    );
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&original)
    .await
    .unwrap();
    assert!(tables.len() > 10, "{tables:?}");
    for table in &tables {
        let count = format!("SELECT COUNT(*) FROM \"{table}\"");
        let want: i64 = sqlx::query_scalar(&count)
            .fetch_one(&original)
            .await
            .unwrap();
        let got: i64 = sqlx::query_scalar(&count).fetch_one(&copy).await.unwrap();
        assert_eq!(got, want, "{table}");
    }
    let sealed = "SELECT key_value FROM product_keys ORDER BY id";
    let want: Vec<String> = sqlx::query_scalar(sealed)
        .fetch_all(&original)
        .await
        .unwrap();
    let got: Vec<String> = sqlx::query_scalar(sealed).fetch_all(&copy).await.unwrap();
    assert_eq!(got, want);
    assert!(!got.is_empty());
    original.close().await;
    copy.close().await;

    // Restored: the copy in place of a database, with the same data key, in a new server.
    std::fs::copy(app.dir().join("data.key"), out.path().join("data.key")).unwrap();
    let restored = TestApp::spawn_in(out, &[]).await;
    let ga = restored.sign_in(GA).await;
    let after = restored
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.body);
    assert_eq!(
        keys(&after),
        keys(&before),
        "the licence keys open with the same data key"
    );
}
