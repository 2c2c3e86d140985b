use crate::helpers::*;
use partner_benefits::server::packages::{resolve, Outcome};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn packages(app: &TestApp, cookie: &str) -> Vec<Value> {
    let a = app.call("list_packages", json!({}), Some(cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.body.as_array().unwrap().clone()
}

fn named<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no package {name}"))
}

#[tokio::test]
async fn a_purchase_grants_its_benefits_at_once_and_a_repeat_buys_nothing_more() {
    let app = TestApp::spawn().await;
    let emp = app.sign_in(EMPLOYEE).await;
    let args = json!({"code": "silver_cloud", "idempotency_key": "buy-0123456789"});
    let a = app.call("purchase_package", args.clone(), Some(&emp)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["name"], "Silver Cloud Platform competency");
    assert_eq!(a.body["status"], "Active");
    assert_eq!(a.body["purchased_by"], "Evan Employee");
    assert_eq!(a.body["eligibility"]["Refundable"]["days_left"], 30);
    let today = partner_benefits::domain::Date::from_unix(partner_benefits::server::now());
    assert_eq!(a.body["expires_on"], today.add_years(1).to_string());

    // Its benefits are on the Benefits page straight away.
    let sw = app
        .call("list_benefits", json!({"category": "Software"}), Some(&emp))
        .await;
    let sql = sw
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "SQL Server 2025 Standard")
        .unwrap()
        .clone();
    assert_eq!(sql["package_name"], "Silver Cloud Platform competency");
    assert_eq!(sql["refund_days_left"], 30);
    assert!(sql["key_count"].as_i64().unwrap() >= 2);
    assert!(sql["download_count"].as_i64().unwrap() > 0);
    let files = app
        .call(
            "list_downloads",
            json!({"benefit_id": sql["id"]}),
            Some(&emp),
        )
        .await;
    let files = files.body.as_array().unwrap();
    assert!(files
        .iter()
        .any(|d| d["language"] == "ko-KR" && d["os"] == "Linux"));
    // The demo catalogue's files are placeholders, and say so: an address that cannot resolve,
    // and the same stand-in checksum for the same file as the demo data's, not random bytes.
    for d in files {
        let file: partner_benefits::domain::benefits::Download =
            serde_json::from_value(d.clone()).unwrap();
        assert!(file.is_placeholder(), "{}", file.url);
        assert_eq!(
            file.sha256,
            partner_benefits::server::seed::placeholder_sha256(&file.file_name)
        );
    }

    // The same request again (a double click, a retry): the same package, not a second one.
    let again = app.call("purchase_package", args, Some(&emp)).await;
    assert_eq!(again.body["id"], a.body["id"]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM packages WHERE name = 'Silver Cloud Platform competency'")
            .await,
        1
    );
    let other = app
        .call(
            "purchase_package",
            json!({"code": "gold_cloud", "idempotency_key": "buy-0123456789"}),
            Some(&emp),
        )
        .await;
    assert_eq!(
        other.status,
        StatusCode::CONFLICT,
        "the key belongs to another purchase"
    );
    let unknown = app
        .call(
            "purchase_package",
            json!({"code": "platinum", "idempotency_key": "buy-abcdefghij"}),
            Some(&emp),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_simultaneous_submissions_of_one_purchase_create_one_package() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let args = json!({"code": "action_pack", "idempotency_key": "double-click-1"});
    let (a, b) = tokio::join!(
        app.call("purchase_package", args.clone(), Some(&ga)),
        app.call("purchase_package", args.clone(), Some(&ga))
    );
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(a.body["id"], b.body["id"]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM packages WHERE idempotency_key = 'double-click-1'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_page_shows_days_left_or_why_not() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let list = packages(&app, &ga).await;
    assert_eq!(
        named(&list, "Gold Application Development competency")["eligibility"]["Refundable"]
            ["days_left"],
        18
    );
    assert!(
        named(&list, "Gold Cloud Platform competency")["eligibility"]["WindowClosed"].is_object()
    );
}

#[tokio::test]
async fn cancellation_is_refused_after_the_window_and_to_an_employee() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let list = packages(&app, &ga).await;
    let old = named(&list, "Gold Cloud Platform competency")["id"].clone();
    let late = app
        .call(
            "request_cancellation",
            json!({"package_id": old, "reason": ""}),
            Some(&ga),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(
        late.body["message"]
            .as_str()
            .unwrap()
            .starts_with("No longer refundable: the 30 days ended on"),
        "{}",
        late.body
    );

    let emp = app.sign_in(EMPLOYEE).await;
    let recent = named(&list, "Gold Application Development competency")["id"].clone();
    let refused = app
        .call(
            "request_cancellation",
            json!({"package_id": recent, "reason": ""}),
            Some(&emp),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM service_requests").await, 0);
}

#[tokio::test]
async fn revealing_a_key_needs_confirmation_and_then_forfeits_the_refund() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Software", "Visio Professional 2024")
        .await;
    let unconfirmed = app
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(unconfirmed.status, StatusCode::CONFLICT);
    let reveals = format!("SELECT COUNT(*) FROM key_reveals WHERE benefit_id = {id}");
    assert_eq!(app.scalar(&reveals).await, 0);
    let confirmed = app
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);

    let list = packages(&app, &ga).await;
    let pkg = named(&list, "Gold Application Development competency");
    let why = &pkg["eligibility"]["Forfeited"];
    assert_eq!(why["benefit"], "Visio Professional 2024");
    assert_eq!(why["by"], "Grace Admin");
    let refused = app
        .call(
            "request_cancellation",
            json!({"package_id": pkg["id"], "reason": ""}),
            Some(&ga),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("Grace Admin"),
        "{}",
        refused.body
    );
    // Getting the keys activated the software benefit.
    let sw = app
        .call("list_benefits", json!({"category": "Software"}), Some(&ga))
        .await;
    let visio = sw
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(visio["status"], "Active");
    assert!(visio["refund_days_left"].is_null());
}

#[tokio::test]
async fn a_refunded_cancellation_cancels_the_package_its_benefits_and_releases_seats() {
    let app = TestApp::spawn_with(&[("PB_ACTIVATION_DELAY_SECS", "3600")]).await;
    let ga = app.sign_in(GA).await;
    let bought = app
        .call(
            "purchase_package",
            json!({"code": "silver_cloud", "idempotency_key": "refund-test-1"}),
            Some(&ga),
        )
        .await;
    let package_id = bought.body["id"].as_i64().unwrap();
    let benefit = |name: &str| {
        format!("SELECT id FROM benefits WHERE package_id = {package_id} AND name = '{name}'")
    };
    let vs = app
        .scalar(&benefit("Visual Studio Enterprise subscription"))
        .await;
    let tech = app.scalar(&benefit("Product support incidents")).await;
    let sql = app.scalar(&benefit("SQL Server 2025 Standard")).await;
    let kim = app.user_id(EMPLOYEE).await;
    assert_eq!(
        app.call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga)
        )
        .await
        .status,
        StatusCode::OK
    );
    let t = app.call("assign_technical", json!({"benefit_id": tech, "form": {"user_id": kim, "alternate_email": "evan@outlook.example"}}), Some(&ga)).await;
    assert_eq!(t.status, StatusCode::OK);

    let filed = app
        .call(
            "request_cancellation",
            json!({"package_id": package_id, "reason": "Bought the wrong level"}),
            Some(&ga),
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    assert_eq!(filed.body["kind"], "cancellation");
    assert_eq!(filed.body["status"], "open");
    let case = filed.body["case_number"].as_str().unwrap().to_string();
    let twice = app
        .call(
            "request_cancellation",
            json!({"package_id": package_id, "reason": ""}),
            Some(&ga),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let list = packages(&app, &ga).await;
    assert_eq!(
        named(&list, "Silver Cloud Platform competency")["status"],
        "CancellationRequested"
    );

    // The operator approves the refund.
    resolve(
        &app.running.state.db,
        &case,
        Outcome::Refunded,
        "Refund issued",
    )
    .await
    .unwrap();
    assert!(
        resolve(&app.running.state.db, &case, Outcome::Refunded, "")
            .await
            .is_err(),
        "resolved once"
    );

    let list = packages(&app, &ga).await;
    assert_eq!(
        named(&list, "Silver Cloud Platform competency")["status"],
        "Cancelled"
    );
    for category in [
        "Software",
        "Cloud",
        "VisualStudio",
        "Technical",
        "GoToMarket",
    ] {
        let rows = app
            .call("list_benefits", json!({"category": category}), Some(&ga))
            .await;
        for r in rows
            .body
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["package_id"] == package_id)
        {
            assert_eq!(r["status"], "Cancelled", "{}", r["name"]);
            assert!(
                r["assignees"].as_array().unwrap().is_empty(),
                "{} released",
                r["name"]
            );
        }
    }
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        0
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM jobs WHERE target_id = {tech} AND done_at IS NULL"
        ))
        .await,
        0
    );
    let keys = app
        .call(
            "get_keys",
            json!({"benefit_id": sql, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(
        keys.status,
        StatusCode::CONFLICT,
        "a cancelled benefit can no longer be used"
    );
    let seat = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(seat.status, StatusCode::CONFLICT);

    // The person sees the request's new status.
    let refunded = app
        .call(
            "list_service_requests",
            json!({"status": "refunded"}),
            Some(&ga),
        )
        .await;
    assert_eq!(refunded.body[0]["case_number"], case.as_str());
    assert_eq!(refunded.body[0]["resolution"], "Refund issued");
    assert_eq!(
        refunded.body[0]["about"],
        "Silver Cloud Platform competency"
    );
    let open = app
        .call(
            "list_service_requests",
            json!({"status": "open"}),
            Some(&ga),
        )
        .await;
    assert!(open.body.as_array().unwrap().is_empty());
    let bad = app
        .call(
            "list_service_requests",
            json!({"status": "lost"}),
            Some(&ga),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
