//! Expiry reminders (each benefit and threshold told once, however many servers sweep) and the
//! calendar feed (RFC 5545 read back by an independent parser, what each person may see, a
//! secret that is stored hashed and stops working when revoked or renewed).

use crate::helpers::*;
use partner_benefits::domain::Date;
use partner_benefits::server::reminders::sweep;
use reqwest::StatusCode;
use serde_json::json;

const VS_PRO: &str = "Visual Studio Professional subscription";

fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    Date::from_unix(secs)
}

/// Contoso's benefits all end far away, except `benefit`, which ends in `days`.
async fn only_one_ending(app: &TestApp, benefit: i64, days: i64) {
    let far = today().add_days(2000);
    app.exec(&format!("UPDATE benefits SET expires_on = '{far}'"))
        .await;
    let ends = today().add_days(days);
    app.exec(&format!(
        "UPDATE benefits SET expires_on = '{ends}' WHERE id = {benefit}"
    ))
    .await;
}

async fn contoso_global_admins(app: &TestApp) -> i64 {
    app.scalar(
        "SELECT COUNT(*) FROM users u JOIN companies c ON c.id = u.company_id
          WHERE c.name = 'Contoso Ltd' AND u.is_global_admin = 1 AND u.active = 1",
    )
    .await
}

async fn reminder_emails(app: &TestApp, benefit: i64) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM emails WHERE topic = 'expiry' AND body LIKE '%open={benefit}%'"
    ))
    .await
}

#[tokio::test]
async fn two_servers_sweeping_at_once_tell_each_global_admin_once() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    only_one_ending(&app, vs, 20).await;
    let twin = app.twin().await;
    for _ in 0..5 {
        let (a, b) = tokio::join!(sweep(&app.running.state), sweep(&twin.state));
        a.unwrap();
        b.unwrap();
    }
    let admins = contoso_global_admins(&app).await;
    assert!(admins >= 1);
    assert_eq!(reminder_emails(&app, vs).await, admins);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM expiry_reminders WHERE benefit_id = {vs} AND threshold_days = 30"
        ))
        .await,
        1
    );
    // Each email is addressed to an active Global admin, and readable on their Notifications.
    let listed = app
        .call("list_emails", json!({"offset": 0}), Some(&ga))
        .await;
    let mine: Vec<_> = listed.body["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["topic"] == "Expiry")
        .collect();
    assert_eq!(mine.len() as i64, admins, "{}", listed.body);
    let subject = mine[0]["subject"].as_str().unwrap();
    assert!(
        subject.contains(VS_PRO) && subject.contains("20"),
        "{subject}"
    );
    // Recorded as the product's doing, on the benefit.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'expiry_reminder_sent' AND benefit_id = {vs} AND user_id IS NULL"
        ))
        .await,
        1
    );
    twin.stop().await;
}

#[tokio::test]
async fn the_workers_send_reminders_by_themselves() {
    // The worker's own loop, on two servers at once, with the sweep every second.
    let app = TestApp::spawn_with(&[("PB_REMINDER_SWEEP_SECS", "1")]).await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    only_one_ending(&app, vs, 6).await;
    let twin = app.twin().await;
    let admins = contoso_global_admins(&app).await;
    let sql =
        format!("SELECT COUNT(*) FROM emails WHERE topic = 'expiry' AND body LIKE '%open={vs}%'");
    assert_eq!(app.eventually(&sql, admins, 20).await, admins);
    // A few more sweeps by both: still once.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(reminder_emails(&app, vs).await, admins);
    twin.stop().await;
}

#[tokio::test]
async fn each_threshold_is_told_once_and_only_the_nearest_crossed() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let admins = contoso_global_admins(&app).await;
    let state = &app.running.state;

    // 90 days away: nothing yet.
    only_one_ending(&app, vs, 90).await;
    assert_eq!(sweep(state).await.unwrap(), 0);
    // Within 60 and 30 at once (say it was just bought): one reminder, the 30-day one.
    only_one_ending(&app, vs, 25).await;
    assert_eq!(sweep(state).await.unwrap(), 1);
    assert_eq!(sweep(state).await.unwrap(), 0);
    assert_eq!(reminder_emails(&app, vs).await, admins);
    // Later, within 7: the next one.
    only_one_ending(&app, vs, 7).await;
    assert_eq!(sweep(state).await.unwrap(), 1);
    assert_eq!(sweep(state).await.unwrap(), 0);
    assert_eq!(reminder_emails(&app, vs).await, 2 * admins);
    let told: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT CAST(threshold_days AS BIGINT) FROM expiry_reminders WHERE benefit_id = {vs} ORDER BY threshold_days DESC"
    ))
    .fetch_all(app.pool())
    .await
    .unwrap();
    assert_eq!(told, [30, 7]);
    // Ended, or cancelled: never told.
    only_one_ending(&app, vs, -1).await;
    app.exec(&format!(
        "DELETE FROM expiry_reminders WHERE benefit_id = {vs}"
    ))
    .await;
    assert_eq!(sweep(state).await.unwrap(), 0);
    only_one_ending(&app, vs, 3).await;
    app.exec(&format!(
        "UPDATE benefits SET status = 'cancelled' WHERE id = {vs}"
    ))
    .await;
    assert_eq!(sweep(state).await.unwrap(), 0);
}

#[tokio::test]
async fn a_company_chooses_its_thresholds_and_bad_ones_are_refused_beside_the_field() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let got = app.call("get_reminder_days", json!({}), Some(&ga)).await;
    assert_eq!(got.body, "60, 30, 7");
    for bad in ["", "0", "400", "7, x", "1 2 3 4 5 6"] {
        let a = app
            .call("set_reminder_days", json!({"days": bad}), Some(&ga))
            .await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}: {}",
            a.body
        );
        assert_eq!(
            a.body["problems"][0]["field"], "reminder_days",
            "{}",
            a.body
        );
    }
    let set = app
        .call("set_reminder_days", json!({"days": "14 90 14"}), Some(&ga))
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(set.body, "90, 14");
    assert_eq!(
        app.call("get_reminder_days", json!({}), Some(&ga))
            .await
            .body,
        "90, 14"
    );
    // Fabrikam keeps its own.
    let other = app.sign_in(OTHER_GA).await;
    assert_eq!(
        app.call("get_reminder_days", json!({}), Some(&other))
            .await
            .body,
        "60, 30, 7"
    );
    // The new thresholds drive the sweep: 20 days left is within 90, not within 14.
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    only_one_ending(&app, vs, 20).await;
    assert_eq!(sweep(&app.running.state).await.unwrap(), 1);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM expiry_reminders WHERE benefit_id = {vs} AND threshold_days = 90"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'reminders_changed'")
            .await,
        1
    );
}

/// Makes the caller a feed and returns its path (`/calendar/<secret>.ics`).
async fn new_feed(app: &TestApp, cookie: &str) -> String {
    let a = app
        .call("renew_calendar_feed", json!({}), Some(cookie))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let url = a.body["url"].as_str().unwrap();
    let path = &url[url.find("/calendar/").expect("a calendar address")..];
    assert!(path.ends_with(".ics"), "{url}");
    path.to_string()
}

async fn fetch(app: &TestApp, path: &str) -> reqwest::Response {
    app.http
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap()
}

/// Each event's (DTSTART, DTEND) as the `ical` crate reads them, as dates.
fn spans(text: &str) -> Vec<(Date, Date)> {
    let calendar = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .next()
        .expect("one calendar")
        .expect("the feed parses");
    let date = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        let v = e
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| panic!("{name} in every event"));
        Date::parse(&format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..8])).expect("a date")
    };
    calendar
        .events
        .iter()
        .map(|e| (date(e, "DTSTART"), date(e, "DTEND")))
        .collect()
}

/// The events of a feed, read by the `ical` crate: (UID, SUMMARY, DTSTART, its VALUE).
fn events(text: &str) -> Vec<(String, String, String, String)> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("the feed parses");
    assert!(calendars.next().is_none(), "exactly one calendar");
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} in every event"))
            .clone()
    };
    calendar
        .events
        .iter()
        .map(|e| {
            let start = prop(e, "DTSTART");
            let kind = start
                .params
                .unwrap_or_default()
                .into_iter()
                .find(|(k, _)| k == "VALUE")
                .map(|(_, v)| v.join(","))
                .unwrap_or_default();
            prop(e, "DTSTAMP");
            (
                prop(e, "UID").value.unwrap(),
                prop(e, "SUMMARY").value.unwrap(),
                start.value.unwrap(),
                kind,
            )
        })
        .collect()
}

#[tokio::test]
async fn the_calendar_feed_parses_and_holds_what_each_person_may_see() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let path = new_feed(&app, &ga).await;
    let res = fetch(&app, &path).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let text = res.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(text.contains("\r\nVERSION:2.0\r\n") && text.contains("\r\nPRODID:"));
    let all = events(&text);
    let since = today().add_days(-365);
    let expected = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM benefits b JOIN packages p ON p.id = b.package_id JOIN companies c ON c.id = b.company_id
              WHERE c.name = 'Contoso Ltd' AND b.status <> 'cancelled' AND p.status <> 'cancelled' AND b.expires_on >= '{since}'"
        ))
        .await;
    assert!(expected > 3);
    assert_eq!(all.len() as i64, expected);
    // All-day events on the benefit's last day, one per benefit, named after it.
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let ends: String =
        sqlx::query_scalar(&format!("SELECT expires_on FROM benefits WHERE id = {vs}"))
            .fetch_one(app.pool())
            .await
            .unwrap();
    let ev = all
        .iter()
        .find(|e| e.0.starts_with(&format!("benefit-{vs}-expiry@")))
        .expect("the Visual Studio benefit's event");
    assert_eq!(ev.1, format!("{VS_PRO} ends"));
    assert_eq!(ev.2, ends.replace('-', ""));
    assert_eq!(ev.3, "DATE");
    // RFC 5545: an all-day event's DTEND is exclusive, the day after its last day.
    let spans = spans(&text);
    assert_eq!(spans.len(), all.len());
    for (start, end) in spans {
        assert_eq!(end, start.add_days(1), "one whole day from {start}");
    }
    let mut uids: Vec<&String> = all.iter().map(|e| &e.0).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), all.len());

    // An employee's feed: what they hold, nothing else.
    let employee = app.sign_in(EMPLOYEE).await;
    let kim = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let theirs = events(
        &fetch(&app, &new_feed(&app, &employee).await)
            .await
            .text()
            .await
            .unwrap(),
    );
    let held = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments a JOIN benefits b ON b.id = a.benefit_id
              WHERE a.user_id = {kim} AND b.status <> 'cancelled' AND b.expires_on >= '{since}'"
        ))
        .await;
    assert!(held >= 1);
    assert_eq!(theirs.len() as i64, held);
    assert!(theirs
        .iter()
        .any(|e| e.0.starts_with(&format!("benefit-{vs}-"))));

    // Fabrikam's admin sees Fabrikam's, not one of Contoso's.
    let other = app.sign_in(OTHER_GA).await;
    let fabrikam = fetch(&app, &new_feed(&app, &other).await)
        .await
        .text()
        .await
        .unwrap();
    assert!(!fabrikam.contains(&format!("benefit-{vs}-expiry")));
}

#[tokio::test]
async fn a_feed_secret_is_stored_hashed_shown_once_and_dies_when_revoked_or_renewed() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let none = app.call("get_calendar_feed", json!({}), Some(&ga)).await;
    assert_eq!(none.body, json!({"created_at": null}));
    let first = new_feed(&app, &ga).await;
    let secret = first
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics")
        .to_string();
    assert_eq!(secret.len(), 64);
    // Listed without its address; stored only as a hash.
    let status = app.call("get_calendar_feed", json!({}), Some(&ga)).await;
    assert!(status.body["created_at"].is_i64(), "{}", status.body);
    assert!(!status.body.to_string().contains(&secret));
    let hash = partner_benefits::server::crypto::token_hash(&secret);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '{hash}'"
        ))
        .await,
        1
    );
    // Nowhere in clear: not the feed's row, not the audit trail, not an email.
    assert_eq!(
        app.scalar(&format!(
            "SELECT (SELECT COUNT(*) FROM calendar_feeds WHERE token_hash LIKE '%{secret}%' OR lang LIKE '%{secret}%')
                  + (SELECT COUNT(*) FROM audit_events WHERE COALESCE(detail, '') LIKE '%{secret}%')
                  + (SELECT COUNT(*) FROM emails WHERE body LIKE '%{secret}%' OR subject LIKE '%{secret}%')"
        ))
        .await,
        0
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM calendar_feeds").await, 1);
    assert_eq!(fetch(&app, &first).await.status(), StatusCode::OK);

    // Renewed: the old address is dead, the new one works.
    let second = new_feed(&app, &ga).await;
    assert_ne!(first, second);
    assert_eq!(fetch(&app, &first).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(fetch(&app, &second).await.status(), StatusCode::OK);
    // Wrong, malformed: the same plain 404.
    let wrong = format!("/calendar/{}.ics", "0".repeat(64));
    for path in [wrong.as_str(), "/calendar/x.ics", "/calendar/%00"] {
        assert_eq!(
            fetch(&app, path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // Revoked: dead, and said so.
    let gone = app.call("revoke_calendar_feed", json!({}), Some(&ga)).await;
    assert_eq!(gone.body, json!({"created_at": null}));
    assert_eq!(fetch(&app, &second).await.status(), StatusCode::NOT_FOUND);

    // A deactivated person's feed stops too.
    let employee = app.sign_in(EMPLOYEE).await;
    let theirs = new_feed(&app, &employee).await;
    assert_eq!(fetch(&app, &theirs).await.status(), StatusCode::OK);
    let kim = app.user_id(EMPLOYEE).await;
    let off = app
        .call(
            "set_active",
            json!({"user_id": kim, "active": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert_eq!(fetch(&app, &theirs).await.status(), StatusCode::NOT_FOUND);
}
