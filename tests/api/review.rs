//! The soft spots the second review (2026-12-07) found, each walked over HTTP as it was found.
//! (What colleagues may read about each other: `permissions.rs`, which covers fields too.)

use crate::helpers::*;
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::json;

/// `count` wrong sign-ins sent at once, each for its own unknown email from its own address
/// (`10.<net>.x.y`, trusted through `X-Forwarded-For`, so the throttle never answers instead).
/// Each task answers the status, the `Retry-After` header and the body.
fn wrong_sign_ins(
    app: &TestApp,
    count: usize,
    net: u32,
) -> Vec<tokio::task::JoinHandle<(StatusCode, Option<String>, serde_json::Value)>> {
    (0..count)
        .map(|i| {
            let http = app.http.clone();
            let url = format!("{}/api/sign_in", app.base);
            tokio::spawn(async move {
                let res = http
                    .post(url)
                    .header("x-forwarded-for", format!("10.{net}.{}.{}", i / 250, i % 250 + 1))
                    .json(&json!({"email": format!("nobody{net}.{i}@contoso.example"), "password": "wrong guess"}))
                    .send()
                    .await
                    .unwrap();
                let status = res.status();
                let retry = res
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_string());
                let body: serde_json::Value = res.json().await.unwrap();
                (status, retry, body)
            })
        })
        .collect()
}

/// Password checks are bounded: a storm of wrong sign-ins from many addresses gets a place in
/// a short queue or, at once, a typed 503 with `Retry-After`, while a signed-in person is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_sign_ins_is_queued_or_told_to_come_back_and_signed_in_people_are_served() {
    let app = TestApp::spawn_with(&[("PB_CLIENT_IP_HEADER", "X-Forwarded-For")]).await;
    let ga = app.sign_in(GA).await;
    let before = app.running.state.passwords.checks();
    // Four times what the queue holds on this machine, however many cores it has.
    let storm_size = 4 * app.running.state.passwords.capacity() + 20;
    // A storm is launched all at once; on a very busy machine its requests might still trickle
    // in slowly enough to fit the queue, so up to five storms are sent until one overflows it.
    let (mut refused, mut checked, mut served) = (0u64, 0u64, 0);
    for round in 0..5u32 {
        let storm = wrong_sign_ins(&app, storm_size, round);
        // Meanwhile, for as long as it lasts, a signed-in person's calls and /healthz answer.
        while storm.iter().any(|t| !t.is_finished()) {
            let me = app.call("me", json!({}), Some(&ga)).await;
            assert_eq!(me.status, StatusCode::OK, "{}", me.body);
            assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
            served += 1;
        }
        for task in storm {
            let (status, retry, body) = task.await.unwrap();
            match status {
                StatusCode::UNAUTHORIZED => checked += 1,
                StatusCode::SERVICE_UNAVAILABLE => {
                    refused += 1;
                    assert_eq!(body["kind"], "busy", "{body}");
                    assert_eq!(retry.as_deref(), Some("1"), "told when to come back");
                }
                other => panic!("unexpected {other}: {body}"),
            }
        }
        if refused > 0 {
            break;
        }
    }
    assert!(
        refused > 0,
        "{storm_size} at once overflow the queue: {checked} checked"
    );
    assert!(checked > 0, "some were checked");
    assert!(
        served > 0,
        "the signed-in person called while a storm was on"
    );
    assert_eq!(
        app.running.state.passwords.checks() - before,
        checked,
        "a refused sign-in runs no password check"
    );
}

/// `/api/` refuses requests past its concurrency limit at once (typed 503, nothing done), and
/// stops one past its time limit with a typed 504 that does not claim nothing was done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_requests_past_the_limits_get_typed_answers() {
    let app = TestApp::spawn_with(&[
        ("PB_API_CONCURRENCY", "2"),
        ("PB_CLIENT_IP_HEADER", "X-Forwarded-For"),
    ])
    .await;
    // Sign-ins take an argon2 check each: twelve at once cannot all fit in two places. (Up to
    // five bursts, in case a very busy machine lets a burst trickle in.)
    let mut shed = 0;
    for round in 0..5u32 {
        let tasks = wrong_sign_ins(&app, 12, 100 + round);
        for t in tasks {
            let (status, _, body) = t.await.unwrap();
            if status == StatusCode::SERVICE_UNAVAILABLE {
                assert_eq!(body["kind"], "busy", "{body}");
                shed += 1;
            } else {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
            }
        }
        if shed > 0 {
            break;
        }
    }
    assert!(shed > 0, "twelve at once past a limit of two");

    let slow = app.restart_with(&[("PB_REQUEST_TIMEOUT_MS", "1")]).await;
    let a = slow
        .call(
            "sign_in",
            json!({"email": GA, "password": "wrong guess"}),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::GATEWAY_TIMEOUT, "{}", a.body);
    assert_eq!(a.kind(), "timed_out");
    assert!(
        !a.headers.contains_key("retry-after"),
        "not told to simply retry"
    );
    // What the page then tells the person (the client words a typed error by its kind).
    let told: partner_benefits::error::AppError = serde_json::from_value(a.body.clone()).unwrap();
    assert!(
        told.to_string().contains("may or may not have been done"),
        "{told}"
    );
    // Pages and /healthz are outside the limits.
    assert_eq!(slow.get("/healthz").await.status(), StatusCode::OK);
}

/// Every failing sign-in runs exactly one password check, whatever the account: an unknown
/// email, an invited account, a wrong password and a deactivated account cost the same work.
/// (The wall-clock comparison is in the benchmark: `make bench`, "sign-in failures".)
#[tokio::test]
async fn every_failing_sign_in_runs_exactly_one_password_check() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Invited", "email": "invited.count@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let a = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let david = app.user_id("david.miller@contoso.example").await;
    let off = app
        .call(
            "set_active",
            json!({"user_id": david, "active": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    for (what, email, password) in [
        ("unknown email", "nobody@nowhere.example", "x"),
        ("invited account", "invited.count@contoso.example", "x"),
        ("wrong password", GA, "not the password"),
        (
            "deactivated account",
            "david.miller@contoso.example",
            DEMO_PASSWORD,
        ),
    ] {
        let before = app.running.state.passwords.checks();
        let a = app
            .call(
                "sign_in",
                json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{what}: {}", a.body);
        assert_eq!(
            app.running.state.passwords.checks() - before,
            1,
            "{what}: one password check"
        );
    }
}

/// Global admins of ten companies who add a person's address as an invited account (no
/// password) cannot push that person's real account out of their own sign-in.
#[tokio::test]
async fn ten_invited_accounts_elsewhere_cannot_lock_a_person_out() {
    let app = TestApp::spawn().await;
    for i in 0..10 {
        // Named to sort before Contoso, where the real account is.
        app.exec(&format!(
            "INSERT INTO companies (name, partner_level, account_email, created_at)
             VALUES ('Aardvark {i}', 'silver', 'partner{i}@aardvark.example', 0)"
        ))
        .await;
        app.exec(&format!(
            "INSERT INTO users (company_id, email, name, password_hash, is_global_admin, created_at, invited_at)
             SELECT id, 'ga@contoso.example', 'Grace', '', 1, 0, 0 FROM companies WHERE name = 'Aardvark {i}'"
        ))
        .await;
    }
    let a = app
        .call(
            "sign_in",
            json!({"email": GA, "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        a.body["SignedIn"]["company_name"], "Contoso Ltd",
        "{}",
        a.body
    );
}

/// An invited Global admin who never signed in is not "another Global admin": the only one who
/// can sign in may not step down, and the list of whom to ask shows only those who can.
#[tokio::test]
async fn the_last_global_admin_who_can_sign_in_cannot_step_down_behind_an_invited_one() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "New Admin", "email": "new.admin@contoso.example", "roles": {"global_admin": true, "mpn_partner_admin": false}});
    let a = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let me = app.user_id(GA).await;
    let step_down = app
        .call(
            "set_roles",
            json!({"user_id": me, "roles": {"global_admin": false, "mpn_partner_admin": true}}),
            Some(&ga),
        )
        .await;
    assert_eq!(step_down.status, StatusCode::CONFLICT, "{}", step_down.body);
    let deactivate = app
        .call(
            "set_active",
            json!({"user_id": me, "active": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(
        deactivate.status,
        StatusCode::CONFLICT,
        "{}",
        deactivate.body
    );
    let who = app.call("me", json!({}), Some(&ga)).await;
    let admins: Vec<&str> = who.body["global_admins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    assert_eq!(admins, [GA], "only admins who can sign in are named");
}

/// Deactivating a person ends their open invitation: reactivated, they need a new one.
#[tokio::test]
async fn an_invitation_does_not_outlive_deactivation() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Leaving Soon", "email": "leaving@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let added = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let id = added.body["id"].as_i64().unwrap();
    app.eventually(
        "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
        1,
        10,
    )
    .await;
    let token = token_in(&relay.messages()[0].body);
    for active in [false, true] {
        let a = app
            .call(
                "set_active",
                json!({"user_id": id, "active": active}),
                Some(&ga),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    let accept = json!({"token": token, "password": "violet kettle harbour", "password_again": "violet kettle harbour"});
    let old = app.call("accept_invitation", accept, None).await;
    assert_eq!(old.status, StatusCode::CONFLICT, "{}", old.body);
    let resent = app
        .call("resend_invitation", json!({"user_id": id}), Some(&ga))
        .await;
    assert_eq!(
        resent.status,
        StatusCode::OK,
        "a new one can be sent: {}",
        resent.body
    );
}

/// A new calendar feed for the caller: its path (`/calendar/<secret>.ics`).
async fn new_feed(app: &TestApp, cookie: &str) -> String {
    let a = app
        .call("renew_calendar_feed", json!({}), Some(cookie))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let url = a.body["url"].as_str().unwrap();
    url[url.find("/calendar/").expect("a calendar address")..].to_string()
}

/// "Sign out everywhere" and a password change end the calendar feed's address too.
#[tokio::test]
async fn signing_out_everywhere_or_a_new_password_ends_the_calendar_feed() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let feed = new_feed(&app, &ga).await;
    assert_eq!(app.get(&feed).await.status(), StatusCode::OK);
    let out = app.call("sign_out_everywhere", json!({}), Some(&ga)).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.body);
    assert_eq!(
        app.get(&feed).await.status(),
        StatusCode::NOT_FOUND,
        "signed out everywhere"
    );

    let ga = app.sign_in(GA).await;
    let feed = new_feed(&app, &ga).await;
    assert_eq!(app.get(&feed).await.status(), StatusCode::OK);
    let changed = app
        .call("change_password", json!({"current_password": DEMO_PASSWORD, "password": "a brand new passphrase", "password_again": "a brand new passphrase"}), Some(&ga))
        .await;
    // This browser keeps a new session; every other ended.
    let ga = session_cookie(&changed.headers).expect("a new session for this browser");
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(
        app.get(&feed).await.status(),
        StatusCode::NOT_FOUND,
        "a new password"
    );

    // Deactivated, then reactivated: the old address stays dead.
    let employee = app.sign_in(EMPLOYEE).await;
    let feed = new_feed(&app, &employee).await;
    assert_eq!(app.get(&feed).await.status(), StatusCode::OK);
    let evan = app.user_id(EMPLOYEE).await;
    for active in [false, true] {
        let a = app
            .call(
                "set_active",
                json!({"user_id": evan, "active": active}),
                Some(&ga),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    assert_eq!(
        app.get(&feed).await.status(),
        StatusCode::NOT_FOUND,
        "deactivated once"
    );
}

/// The workshop's pages are never indexed, and `PB_GALLERY=0` turns them off.
#[tokio::test]
async fn the_workshop_is_noindex_and_can_be_turned_off() {
    let app = TestApp::spawn().await;
    for path in ["/gallery", "/gallery/status-badge/one?frame=x"] {
        let page = app.get(path).await;
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert!(
            page.headers()["x-robots-tag"]
                .to_str()
                .unwrap()
                .contains("noindex"),
            "{path}"
        );
    }
    assert!(app
        .get("/benefits")
        .await
        .headers()
        .get("x-robots-tag")
        .is_none());
    let off = app.restart_with(&[("PB_GALLERY", "0")]).await;
    for path in ["/gallery", "/gallery/status-badge/one?frame=x"] {
        assert_eq!(
            off.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(off.get("/benefits").await.status(), StatusCode::OK);
}

/// A data key file others may read is refused, with the way to fix it.
#[tokio::test]
async fn a_key_file_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    let dir = app.dir().to_path_buf();
    // The suite's servers keep their key in this file on both databases (`test_config`).
    let key = dir.join("data.key");
    let db = database_for(&dir).await;
    app.running.stop().await;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let config = test_config(&db, &dir.join("dist"), &[]);
    let refused = partner_benefits::server::http::start(config).await;
    let message = refused
        .err()
        .expect("the server refuses to start")
        .to_string();
    assert!(message.contains("chmod 600"), "{message}");
}
