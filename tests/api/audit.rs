//! The audit trail over HTTP: what each change records, the filters, paging, the company
//! boundary, the CSV export, and a database that refuses to alter the record.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const VS_PRO: &str = "Visual Studio Professional subscription";

fn filter(person: Option<i64>, benefit: Option<i64>, action: &str, from: &str, to: &str) -> Value {
    json!({"person": person, "benefit": benefit, "action": action, "from": from, "to": to})
}

fn any() -> Value {
    filter(None, None, "", "", "")
}

async fn list(app: &TestApp, cookie: &str, f: Value, page: u32) -> Value {
    let a = app
        .call(
            "list_audit",
            json!({"filter": f, "page": page, "offset_minutes": 540}),
            Some(cookie),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.body
}

#[tokio::test]
async fn an_assignment_is_recorded_with_who_what_and_to_whom() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    let me = app.user_id(GA).await;
    for endpoint in ["assign_seat", "remove_seat"] {
        let a = app
            .call(
                endpoint,
                json!({"benefit_id": vs, "user_id": kim}),
                Some(&ga),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }

    // Filtered by the person it was done to and the benefit: both, newest first.
    let page = list(&app, &ga, filter(Some(kim), Some(vs), "", "", ""), 0).await;
    let entries = page["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["SeatRemoved", "SeatAssigned"], "{page}");
    assert_eq!(page["total"], 2);
    assert_eq!(page["person"]["email"], EMPLOYEE);
    // The person alone: the demo's history of them too (added as a user).
    let theirs = list(&app, &ga, filter(Some(kim), None, "", "", ""), 0).await;
    assert_eq!(theirs["entries"][2]["action"], "UserAdded", "{theirs}");
    let assigned = &entries[1];
    assert_eq!(assigned["actor"]["id"], me);
    assert_eq!(assigned["subject"]["id"], kim);
    assert_eq!(assigned["benefit"]["id"], vs);
    assert_eq!(assigned["benefit"]["name"], VS_PRO);
    assert_eq!(assigned["benefit"]["category"], "VisualStudio");

    // The same entries by the one who did them, by benefit, by action.
    let by_actor = list(&app, &ga, filter(Some(me), Some(vs), "", "", ""), 0).await;
    assert_eq!(by_actor["total"], 2);
    let removed = list(&app, &ga, filter(None, Some(vs), "seat_removed", "", ""), 0).await;
    assert_eq!(removed["total"], 1);
    assert_eq!(removed["entries"][0]["action"], "SeatRemoved");
}

#[tokio::test]
async fn the_date_range_is_the_readers_days_and_bad_filters_are_explained_at_once() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let company = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    // 2026-12-01T15:30:00Z is 2026-12-02 00:30 in Seoul (the reader, UTC+9).
    app.exec(&format!(
        "INSERT INTO audit_events (company_id, action, detail, at) VALUES ({company}, 'request_rejected', 'seoul-day', 1796139000)"
    ))
    .await;
    let day = list(
        &app,
        &ga,
        filter(None, None, "request_rejected", "2026-12-02", "2026-12-02"),
        0,
    )
    .await;
    let details: Vec<&str> = day["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["detail"].as_str())
        .collect();
    assert_eq!(details, ["seoul-day"], "{day}");
    let before = list(
        &app,
        &ga,
        filter(None, None, "request_rejected", "2026-12-01", "2026-12-01"),
        0,
    )
    .await;
    assert!(!before.to_string().contains("seoul-day"));

    let bad = app
        .call(
            "list_audit",
            json!({"filter": filter(None, None, "drop_tables", "2026-02-30", "2026-01-01"), "page": 0, "offset_minutes": 0}),
            Some(&ga),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let fields: Vec<&str> = bad.body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["from", "action"]);
}

#[tokio::test]
async fn the_trail_pages_fifty_at_a_time_newest_first() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let company = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    for i in 0..120 {
        app.exec(&format!(
            "INSERT INTO audit_events (company_id, action, detail, at) VALUES ({company}, 'request_resolved', 'case-{i:03}', {})",
            1_700_000_000 + i
        ))
        .await;
    }
    let f = filter(None, None, "request_resolved", "", "");
    let first = list(&app, &ga, f.clone(), 0).await;
    let third = list(&app, &ga, f.clone(), 2).await;
    assert_eq!(first["total"], 120);
    assert_eq!(first["entries"].as_array().unwrap().len(), 50);
    assert_eq!(first["entries"][0]["detail"], "case-119");
    assert_eq!(third["entries"].as_array().unwrap().len(), 20);
    assert_eq!(third["entries"][19]["detail"], "case-000");
}

#[tokio::test]
async fn another_companys_trail_and_people_stay_out_of_reach() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let other = app.sign_in(OTHER_GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);

    let theirs = list(&app, &other, any(), 0).await;
    assert!(!theirs.to_string().contains(EMPLOYEE), "{theirs}");
    // Contoso's person in Fabrikam's filter: not found, rather than an empty page that says
    // the person exists.
    let probe = app
        .call(
            "list_audit",
            json!({"filter": filter(Some(kim), None, "", "", ""), "page": 0, "offset_minutes": 0}),
            Some(&other),
        )
        .await;
    assert_eq!(probe.status, StatusCode::NOT_FOUND, "{}", probe.body);
    let benefits = app
        .call("list_audit_benefits", json!({}), Some(&other))
        .await;
    assert!(!benefits.body.to_string().contains(&format!("\"id\":{vs},")));
    let export = app
        .call(
            "export_audit",
            json!({"filter": any(), "offset_minutes": 0, "byte_order_mark": false}),
            Some(&other),
        )
        .await;
    assert!(!export.body["content"].as_str().unwrap().contains(EMPLOYEE));
}

#[tokio::test]
async fn the_export_is_rfc_4180_csv_that_a_spreadsheet_cannot_run() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let company = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    app.exec(&format!(
        "INSERT INTO audit_events (company_id, action, detail, at) VALUES ({company}, 'package_purchased', '=cmd|''/C calc''!A0, \"quoted\"', 1796169600)"
    ))
    .await;
    let a = app
        .call(
            "export_audit",
            json!({"filter": filter(None, None, "package_purchased", "", ""), "offset_minutes": 0, "byte_order_mark": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body["file_name"].as_str().unwrap().ends_with(".csv"));
    let content = a.body["content"].as_str().unwrap();
    let text = content
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark first");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "Time (UTC)");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ours = rows
        .iter()
        .find(|r| r[8].contains("calc"))
        .expect("the entry is exported");
    assert_eq!(&ours[0], "2026-12-02T00:00:00Z");
    assert_eq!(&ours[1], "Partner Benefits (automatic)");
    assert_eq!(&ours[4], "package_purchased");
    assert_eq!(&ours[8], "'=cmd|'/C calc'!A0, \"quoted\"");

    // In Korean, without the mark.
    let ko = app
        .call_with(
            "export_audit",
            json!({"filter": any(), "offset_minutes": 0, "byte_order_mark": false}),
            Some(&ga),
            &[("accept-language", "ko-KR")],
        )
        .await;
    let content = ko.body["content"].as_str().unwrap();
    assert!(content.starts_with("시간(UTC),"), "{content}");
}

#[tokio::test]
async fn the_database_refuses_to_alter_or_remove_an_entry() {
    let app = TestApp::spawn().await;
    let company = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    app.exec(&format!(
        "INSERT INTO audit_events (company_id, action, detail, at) VALUES ({company}, 'user_added', 'kept', 1)"
    ))
    .await;
    let before = app.scalar("SELECT COUNT(*) FROM audit_events").await;
    for sql in [
        "UPDATE audit_events SET detail = 'changed' WHERE detail = 'kept'".to_string(),
        "DELETE FROM audit_events WHERE detail = 'kept'".to_string(),
        "DELETE FROM audit_events".to_string(),
    ] {
        let refused = sqlx::query(&sql).execute(app.pool()).await;
        let message = refused.expect_err(&sql).to_string();
        assert!(message.contains("append-only"), "{sql}: {message}");
    }
    if app.on_postgres() {
        let refused = sqlx::query("TRUNCATE audit_events CASCADE")
            .execute(app.pool())
            .await;
        assert!(refused
            .expect_err("truncate")
            .to_string()
            .contains("append-only"));
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events").await,
        before
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE detail = 'kept'")
            .await,
        1
    );
}

/// Issue 28: a request's entries say which request (its case) and, for a cancellation, which
/// package; a withdrawn request's entry was empty.
#[tokio::test]
async fn a_request_is_named_in_the_trail_by_its_case_and_a_cancellation_by_its_package() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let package = app
        .scalar("SELECT id FROM packages WHERE name = 'Gold Application Development competency'")
        .await;
    let filed = app
        .call(
            "request_cancellation",
            json!({"package_id": package, "reason": "Bought twice"}),
            Some(&ga),
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let case = filed.body["case_number"].as_str().unwrap().to_string();
    let withdrawn = app
        .call(
            "withdraw_service_request",
            json!({"id": filed.body["id"]}),
            Some(&ga),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    let page = list(&app, &ga, any(), 0).await;
    let detail_of = |action: &str| {
        page["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("no {action} in {page}"))["detail"]
            .as_str()
            .unwrap_or_else(|| panic!("{action} has no detail: {page}"))
            .to_string()
    };
    let named = format!("Gold Application Development competency · {case}");
    assert_eq!(detail_of("CancellationRequested"), named);
    assert_eq!(detail_of("RequestWithdrawn"), named);

    // An incident: its case, and no package (it is about a benefit, in its own column).
    let incidents = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    app.exec(&format!(
        "UPDATE benefits SET status = 'active' WHERE id = {incidents}"
    ))
    .await;
    let opened = app
        .call(
            "request_support_incident",
            json!({"benefit_id": incidents, "idempotency_key": "audit-incident-1",
                   "form": {"title": "Outage", "description": "Fails over in a loop",
                            "product": "SQL Server", "contact_phone": "+82 2 1234 5678"}}),
            Some(&ga),
        )
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let page = list(&app, &ga, any(), 0).await;
    let incident = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "IncidentOpened")
        .unwrap_or_else(|| panic!("no IncidentOpened in {page}"));
    assert_eq!(incident["detail"], opened.body["case_number"]);
    assert_eq!(incident["benefit"]["id"], incidents);

    // Another company's entry whose detail reads like this company's case is not joined to it:
    // the package is named only within the company.
    let other_company = app
        .scalar("SELECT company_id FROM users WHERE email = 'ga@fabrikam.example'")
        .await;
    app.exec(&format!(
        "INSERT INTO audit_events (company_id, user_id, action, detail, at)
         VALUES ({other_company}, NULL, 'request_withdrawn', '{case}', 1)"
    ))
    .await;
    let other = app.sign_in(OTHER_GA).await;
    let theirs = list(&app, &other, any(), 0).await;
    let entry = theirs["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "RequestWithdrawn")
        .unwrap_or_else(|| panic!("no RequestWithdrawn in {theirs}"));
    assert_eq!(entry["detail"], case.as_str(), "{theirs}");
}
