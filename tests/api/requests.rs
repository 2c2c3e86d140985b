//! Service requests beyond filing: support incidents, the detail with its history, withdrawal.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn incident(n: u32) -> Value {
    json!({"title": format!("Outage {n}"), "description": "SQL Server fails over in a loop.", "product": "SQL Server 2025", "contact_phone": "+82 2 1234 5678"})
}

#[tokio::test]
async fn an_incident_takes_one_and_withdrawing_gives_it_back_with_the_history_kept() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let benefit = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    app.exec(&format!(
        "UPDATE benefits SET status = 'active', quantity = 2, used = 1 WHERE id = {benefit}"
    ))
    .await;
    let employee = app.sign_in(EMPLOYEE).await;
    let bad = app
        .call("request_support_incident", json!({"benefit_id": benefit, "idempotency_key": "incident-key-0", "form": {"title": "", "description": "", "product": "", "contact_phone": "x"}}), Some(&employee))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let filed = app
        .call("request_support_incident", json!({"benefit_id": benefit, "idempotency_key": "incident-key-1", "form": incident(1)}), Some(&employee))
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    assert_eq!(filed.body["kind"], "support_incident");
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {benefit}"))
            .await,
        2
    );
    // None left: the next is refused, and the same submission again is the same request.
    let none = app
        .call("request_support_incident", json!({"benefit_id": benefit, "idempotency_key": "incident-key-2", "form": incident(2)}), Some(&employee))
        .await;
    assert_eq!(none.status, StatusCode::CONFLICT);
    let replay = app
        .call("request_support_incident", json!({"benefit_id": benefit, "idempotency_key": "incident-key-1", "form": incident(1)}), Some(&employee))
        .await;
    assert_eq!(replay.body["id"], filed.body["id"]);

    let id = filed.body["id"].as_i64().unwrap();
    let detail = app
        .call("get_service_request", json!({"id": id}), Some(&employee))
        .await;
    assert_eq!(detail.body["may_withdraw"], true);
    assert_eq!(detail.body["product"], "SQL Server 2025");
    // The phone as it was typed (issue 28), not the stored "+82212345678".
    assert_eq!(detail.body["contact_phone"], "+82 2 1234 5678");
    // Someone else's request: an MPN partner admin may read it, not withdraw it.
    let mpa = app.sign_in(MPA).await;
    let seen = app
        .call("get_service_request", json!({"id": id}), Some(&mpa))
        .await;
    assert_eq!(seen.body["may_withdraw"], false);
    assert_eq!(
        seen.body["description"], "SQL Server fails over in a loop.",
        "an admin reads it all"
    );
    // A co-worker sees that it exists and where it stands, not what was asked or the phone.
    let coworker: String = sqlx::query_scalar(
        "SELECT email FROM users WHERE company_id = (SELECT company_id FROM users WHERE email = 'employee@contoso.example' ORDER BY id LIMIT 1)
            AND is_global_admin = 0 AND is_mpn_partner_admin = 0 AND active = 1 AND password_hash <> ''
            AND email <> 'employee@contoso.example' ORDER BY id LIMIT 1",
    )
    .fetch_one(app.pool())
    .await
    .unwrap();
    let theirs = app.sign_in(&coworker).await;
    let glimpse = app
        .call("get_service_request", json!({"id": id}), Some(&theirs))
        .await;
    assert_eq!(glimpse.status, StatusCode::OK);
    assert_eq!(glimpse.body["description"], "");
    assert!(glimpse.body["contact_phone"].is_null());
    assert_eq!(glimpse.body["may_withdraw"], false);
    let refused = app
        .call("withdraw_service_request", json!({"id": id}), Some(&mpa))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let other = app.sign_in(OTHER_GA).await;
    assert_eq!(
        app.call("get_service_request", json!({"id": id}), Some(&other))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let withdrawn = app
        .call(
            "withdraw_service_request",
            json!({"id": id}),
            Some(&employee),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    assert_eq!(withdrawn.body["request"]["status"], "withdrawn");
    let steps: Vec<&str> = withdrawn.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, vec!["open", "withdrawn"]);
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {benefit}"))
            .await,
        1,
        "the incident is free again"
    );
    let again = app
        .call(
            "withdraw_service_request",
            json!({"id": id}),
            Some(&employee),
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "once closed, it stays closed"
    );
}

#[tokio::test]
async fn a_resolution_by_the_operator_appears_in_the_history() {
    let app = TestApp::spawn().await;
    let mpa = app.sign_in(MPA).await;
    let package = app
        .scalar("SELECT id FROM packages WHERE name = 'Gold Application Development competency'")
        .await;
    let filed = app
        .call(
            "request_cancellation",
            json!({"package_id": package, "reason": "Bought twice"}),
            Some(&mpa),
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let case = filed.body["case_number"].as_str().unwrap().to_string();
    let msg = partner_benefits::server::packages::resolve(
        &app.running.state.db,
        &case,
        partner_benefits::server::packages::Outcome::Rejected,
        "Outside the terms",
    )
    .await
    .unwrap();
    assert!(!msg.is_empty());
    let detail = app
        .call(
            "get_service_request",
            json!({"id": filed.body["id"]}),
            Some(&mpa),
        )
        .await;
    let last = detail.body["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["status"], "rejected");
    assert_eq!(last["note"], "Outside the terms");
    assert!(last["by"].is_null(), "the operator, not a user");
}

#[tokio::test]
async fn a_withdrawn_or_rejected_advisory_request_gives_its_hours_back() {
    let app = TestApp::spawn().await;
    let employee = app.sign_in(EMPLOYEE).await;
    let benefit = app
        .benefit_id(
            &employee,
            "Technical",
            "Technical presales and deployment services",
        )
        .await;
    let sql = format!("SELECT used FROM benefits WHERE id = {benefit}");
    let before = app.scalar(&sql).await;
    let form = json!({"title": "Review", "description": "Architecture review", "phase": "design", "product": "Azure",
                      "hours": "3", "contact_phone": "+82 2 1234 5678", "time_zone": "Asia/Seoul"});
    let mut ids = Vec::new();
    for key in ["hours-key-0001", "hours-key-0002"] {
        let filed = app
            .call(
                "request_advisory_hours",
                json!({"benefit_id": benefit, "form": form, "idempotency_key": key}),
                Some(&employee),
            )
            .await;
        assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
        ids.push((
            filed.body["id"].as_i64().unwrap(),
            filed.body["case_number"].as_str().unwrap().to_string(),
        ));
    }
    assert_eq!(app.scalar(&sql).await, before + 6);
    let withdrawn = app
        .call(
            "withdraw_service_request",
            json!({"id": ids[0].0}),
            Some(&employee),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK);
    assert_eq!(app.scalar(&sql).await, before + 3);
    partner_benefits::server::packages::resolve(
        &app.running.state.db,
        &ids[1].1,
        partner_benefits::server::packages::Outcome::Rejected,
        "No capacity",
    )
    .await
    .unwrap();
    assert_eq!(
        app.scalar(&sql).await,
        before,
        "a rejected request gives its hours back too"
    );
}

#[tokio::test]
async fn an_admin_exports_the_requests_of_one_status_as_csv() {
    let app = TestApp::spawn().await;
    let mpa = app.sign_in(MPA).await;
    let company = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    let filer = app.user_id(EMPLOYEE).await;
    for (n, status, title) in [(1, "open", "@SUM(A1:A9)"), (2, "resolved", "Done already")] {
        app.exec(&format!("INSERT INTO service_requests (company_id, case_number, kind, status, title, filed_by, created_at, updated_at) VALUES ({company}, 'export-{n}', 'advisory_hours', '{status}', '{title}', {filer}, 1796169600, 1796173200)")).await;
    }
    let a = app
        .call(
            "export_service_requests",
            json!({"status": "open", "byte_order_mark": false}),
            Some(&mpa),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let content = a.body["content"].as_str().unwrap();
    let mut reader = csv::Reader::from_reader(content.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "Case number");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ours = rows
        .iter()
        .find(|r| &r[0] == "export-1")
        .expect("the open request");
    assert_eq!(&ours[2], "'@SUM(A1:A9)");
    assert_eq!(&ours[3], "Open");
    assert_eq!(&ours[4], "Evan Employee");
    assert_eq!(&ours[5], "2026-12-02T00:00:00Z");
    assert_eq!(&ours[6], "2026-12-02T01:00:00Z");
    assert!(rows.iter().all(|r| &r[3] == "Open"), "only open ones");

    let employee = app.sign_in(EMPLOYEE).await;
    let refused = app
        .call(
            "export_service_requests",
            json!({"status": null, "byte_order_mark": false}),
            Some(&employee),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
