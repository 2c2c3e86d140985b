//! The outbox over real SMTP (lettre) against a fake relay on loopback.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn with_an_smtp_relay_configured_emails_are_delivered_and_marked_sent() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Hana Lim", "email": "hana.lim@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    assert_eq!(
        app.call("add_user", json!({"form": form}), Some(&ga))
            .await
            .status,
        StatusCode::OK
    );
    let sent = app
        .eventually(
            "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
            1,
            10,
        )
        .await;
    assert_eq!(sent, 1);
    let messages = relay.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].rcpt, "hana.lim@contoso.example");
    assert!(
        messages[0].body.contains("/welcome?token="),
        "the mail transport gets the deliverable link: {}",
        messages[0].body
    );
    assert!(
        messages[0].raw.contains("Message-ID: <email-"),
        "a fixed Message-ID: {}",
        messages[0].raw
    );
}

#[tokio::test]
async fn without_a_relay_emails_are_stored_and_listed_for_admins() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Hana Lim", "email": "hana.lim@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    app.call("add_user", json!({"form": form}), Some(&ga)).await;
    let list = app
        .call("list_emails", json!({"offset": 0}), Some(&ga))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let first = &list.body["emails"][0];
    assert_eq!(first["to"], "hana.lim@contoso.example");
    assert_eq!(first["delivery"], "Recorded");
    assert!(first["sent_at"].is_null());
    let other = app.sign_in(OTHER_GA).await;
    let theirs = app
        .call("list_emails", json!({"offset": 0}), Some(&other))
        .await;
    assert!(
        theirs.body["emails"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["to"] != "hana.lim@contoso.example"),
        "another company sees none of them"
    );
}

/// Four emails, the second refused for good by the relay: it is marked failed at once, the
/// others are delivered (the queue does not stall behind it).
#[tokio::test]
async fn a_permanently_refused_email_fails_alone_and_the_queue_moves_on() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let ga = app.sign_in(GA).await;
    for who in ["first", "reject.second", "third", "fourth"] {
        let form = json!({"name": "Person", "email": format!("{who}@contoso.example"), "roles": {"global_admin": false, "mpn_partner_admin": false}});
        let a = app.call("add_user", json!({"form": form}), Some(&ga)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    assert_eq!(
        app.eventually(
            "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL",
            4,
            15
        )
        .await,
        4
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE failed_at IS NOT NULL AND to_address = 'reject.second@contoso.example' AND attempts = 1 AND sealed_body IS NULL").await,
        1,
        "refused for good: failed after one try, its sealed link wiped"
    );
    let rcpts: Vec<String> = relay.messages().into_iter().map(|m| m.rcpt).collect();
    assert_eq!(rcpts.len(), 3, "{rcpts:?}");
    let list = app
        .call("list_emails", json!({"offset": 0}), Some(&ga))
        .await;
    let failed = list.body["emails"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to"] == "reject.second@contoso.example")
        .unwrap();
    assert_eq!(
        failed["delivery"], "Failed",
        "Notifications shows it failed"
    );
}

/// A relay that answers "try later" twice: the email is retried with backoff, then sent once.
#[tokio::test]
async fn a_temporarily_refused_email_is_retried_then_sent_once() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[
        ("PB_SMTP_URL", relay.url.as_str()),
        ("PB_EMAIL_RETRY_SECS", "1"),
    ])
    .await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Busy", "email": "busy2.lee@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(
        app.eventually(
            "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
            1,
            20
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT attempts FROM emails WHERE to_address = 'busy2.lee@contoso.example'")
            .await,
        3,
        "two refusals, then accepted"
    );
    assert_eq!(relay.messages().len(), 1, "delivered exactly once");
}

/// A relay that never accepts: the email is tried MAX_ATTEMPTS times with growing pauses, then
/// marked failed, and its sealed link wiped.
#[tokio::test]
async fn an_email_that_keeps_failing_is_given_up_after_the_last_try() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[
        ("PB_SMTP_URL", relay.url.as_str()),
        ("PB_EMAIL_RETRY_SECS", "1"),
    ])
    .await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Never", "email": "busy9.never@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    app.call("add_user", json!({"form": form}), Some(&ga)).await;
    let max = partner_benefits::server::mail::MAX_ATTEMPTS;
    assert_eq!(
        app.eventually(
            "SELECT COUNT(*) FROM emails WHERE failed_at IS NOT NULL",
            1,
            40
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT attempts FROM emails WHERE to_address = 'busy9.never@contoso.example'")
            .await,
        max
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE sealed_body IS NOT NULL")
            .await,
        0
    );
    assert!(relay.messages().is_empty());
}

/// An email another server claimed and then died holding: nobody touches it while the lease
/// lasts; once it expires, this server sends it, once.
#[tokio::test]
async fn an_email_left_by_a_dead_server_is_sent_after_its_lease_expires() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    app.exec(&format!(
        "INSERT INTO emails (company_id, to_address, topic, subject, body, created_at, next_attempt_at, attempts, lease_until)
         VALUES (1, 'orphan@contoso.example', 'account', 'Hello', 'Body', {now}, {now}, 1, {})",
        (now + 3) * 1_000_000
    ))
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(
        relay.messages().is_empty(),
        "not while another server holds it"
    );
    assert_eq!(
        app.eventually(
            "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
            1,
            10
        )
        .await,
        1
    );
    assert_eq!(relay.messages().len(), 1);
    assert_eq!(
        app.scalar("SELECT attempts FROM emails WHERE to_address = 'orphan@contoso.example'")
            .await,
        2
    );
}
