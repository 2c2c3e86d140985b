//! What each row says after each action, decided by the one rule (`domain::benefits::standing`)
//! and answered at once, without a reload.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn row(app: &TestApp, cookie: &str, category: &str, id: i64) -> Value {
    let list = app
        .call("list_benefits", json!({"category": category}), Some(cookie))
        .await;
    list.body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone()
}

#[tokio::test]
async fn get_keys_activates_software_and_license_cloud_and_answers_the_new_row() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let m365 = app
        .benefit_id(&ga, "Cloud", "Dynamics 365 Sales Enterprise")
        .await;
    let before = row(&app, &ga, "Cloud", m365).await;
    assert_eq!(before["status"], "NotActivated");
    assert_eq!(before["used"], 0);
    let keys = app
        .call(
            "get_keys",
            json!({"benefit_id": m365, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(keys.status, StatusCode::OK, "{}", keys.body);
    assert_eq!(
        keys.body["row"]["status"], "Active",
        "the answer carries the row as it stands"
    );
    // Revealing records who and when; it claims no licence used.
    assert_eq!(keys.body["row"]["used"], 0, "{}", keys.body["row"]);
    assert_eq!(keys.body["row"]["keys_revealed"], true);
    let after = row(&app, &ga, "Cloud", m365).await;
    assert_eq!(after["status"], "Active");
    assert_eq!(after["used"], 0);
    // The Overview reads the same fact: the product is no longer under "Keys never revealed".
    let overview = app.call("get_overview", json!({}), Some(&ga)).await;
    let unrevealed: Vec<i64> = overview.body["keys_unrevealed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["benefit_id"].as_i64().unwrap())
        .collect();
    assert!(!unrevealed.contains(&m365), "{unrevealed:?}");
    // A product the demo shows as activated long ago (Microsoft 365 E3) agrees everywhere too:
    // active, its recorded use (not every licence), and its keys revealed.
    let e3 = app.benefit_id(&ga, "Cloud", "Microsoft 365 E3").await;
    let e3_row = row(&app, &ga, "Cloud", e3).await;
    assert_eq!(e3_row["status"], "Active");
    assert_eq!(e3_row["used"], 18);
    assert_eq!(e3_row["keys_revealed"], true);
    assert!(!unrevealed.contains(&e3), "{unrevealed:?}");
}

#[tokio::test]
async fn a_visual_studio_subscription_is_active_while_anyone_holds_a_seat() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app
        .benefit_id(&ga, "VisualStudio", "Visual Studio Enterprise subscription")
        .await;
    let employee = app.user_id(EMPLOYEE).await;
    let start = row(&app, &ga, "VisualStudio", vs).await;
    assert_eq!(start["status"], "NotActivated", "{start}");
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": employee}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.body["status"], "Active", "{}", a.body);
    assert_eq!(a.body["used"], 1);
    assert_eq!(
        row(&app, &ga, "VisualStudio", vs).await["status"],
        "Active",
        "and after a reload"
    );
    // The holder hears of the removal.
    let r = app
        .call(
            "remove_seat",
            json!({"benefit_id": vs, "user_id": employee}),
            Some(&ga),
        )
        .await;
    assert_eq!(r.body["status"], "NotActivated");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM emails WHERE user_id = {employee} AND topic = 'seat' AND subject LIKE '%was removed'"))
            .await,
        1
    );
}

#[tokio::test]
async fn a_deactivated_holder_still_holds_the_seat_and_the_row_says_so() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app
        .benefit_id(&ga, "VisualStudio", "Visual Studio Enterprise subscription")
        .await;
    let employee = app.user_id(EMPLOYEE).await;
    app.call(
        "assign_seat",
        json!({"benefit_id": vs, "user_id": employee}),
        Some(&ga),
    )
    .await;
    app.call(
        "set_active",
        json!({"user_id": employee, "active": false}),
        Some(&ga),
    )
    .await;
    let r = row(&app, &ga, "VisualStudio", vs).await;
    let holder = r["assignees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user_id"] == employee)
        .unwrap();
    assert_eq!(holder["details"]["active"], false);
}

/// A go-to-market benefit of quantity 1, two types requested at the same moment by two
/// admins: exactly one is accepted, and the row counts it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_go_to_market_quantity_holds_under_a_race() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let ga = app.sign_in(GA).await;
    let mpa = app.sign_in(MPA).await;
    let id = app
        .benefit_id(&ga, "GoToMarket", "Marketing services: Gold Core")
        .await;
    let employee = app.user_id(EMPLOYEE).await;
    let contact = app
        .call(
            "set_marketing_contact",
            json!({"form": {"user_id": employee, "alternate_email": "mkt@agency.example", "phone": "+82 10 1234 5678", "preferred_language": "en-US"}}),
            Some(&ga),
        )
        .await;
    assert_eq!(contact.status, StatusCode::OK);
    let mut tasks = Vec::new();
    for (cookie, gtm_type) in [(ga.clone(), "GoldCore"), (mpa.clone(), "SilverCore")] {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            app.call(
                "activate_gtm",
                json!({"benefit_id": id, "gtm_type": gtm_type}),
                Some(&cookie),
            )
            .await
            .status
            .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, vec![200, 409], "exactly one of the two");
    // The type that lost is refused for the quantity, not for being requested already.
    let won: String =
        sqlx::query_scalar("SELECT type_code FROM gtm_activations WHERE benefit_id = $1")
            .bind(id)
            .fetch_one(app.pool())
            .await
            .unwrap();
    let lost = if won == "gold_core" {
        "SilverCore"
    } else {
        "GoldCore"
    };
    let again = app
        .call(
            "activate_gtm",
            json!({"benefit_id": id, "gtm_type": lost}),
            Some(&ga),
        )
        .await;
    assert!(
        again.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("already in use"),
        "{}",
        again.body
    );
    let r = row(&app, &ga, "GoToMarket", id).await;
    assert_eq!(r["used"], 1);
    assert_eq!(r["status"], "Pending");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM gtm_activations WHERE benefit_id = {id}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn support_identifiers_are_for_the_holder_and_admins_only() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let tech = app
        .benefit_id(
            &ga,
            "Technical",
            "Technical presales and deployment services",
        )
        .await;
    assert!(
        row(&app, &ga, "Technical", tech).await["access_id"].is_string(),
        "an admin sees them"
    );
    let mpa = app.sign_in(MPA).await;
    assert!(row(&app, &mpa, "Technical", tech).await["access_id"].is_string());
    // An employee who does not hold it does not.
    let employee = app.sign_in(EMPLOYEE).await;
    let seen = row(&app, &employee, "Technical", tech).await;
    assert!(seen["access_id"].is_null(), "{seen}");
    assert!(seen["contract_id"].is_null());
    // Once they hold it, they do.
    let employee_id = app.user_id(EMPLOYEE).await;
    app.exec(&format!(
        "INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at, alternate_email)
         SELECT company_id, id, {employee_id}, {employee_id}, 0, 'evan@outlook.example' FROM benefits WHERE id = {tech}"
    ))
    .await;
    let held = row(&app, &employee, "Technical", tech).await;
    assert!(held["access_id"].is_string(), "{held}");
}

#[tokio::test]
async fn the_users_own_email_is_refused_as_the_alternate() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let benefit = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    let employee = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "assign_technical",
            json!({"benefit_id": benefit, "form": {"user_id": employee, "alternate_email": "Employee@Contoso.example"}}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["field"], "alternate_email");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {benefit}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn the_contact_phone_comes_back_as_typed_and_is_stored_normalised() {
    let app = TestApp::spawn().await;
    let mpa = app.sign_in(MPA).await;
    let employee = app.user_id(EMPLOYEE).await;
    let saved = app
        .call(
            "set_marketing_contact",
            json!({"form": {"user_id": employee, "alternate_email": "mkt@agency.example", "phone": " +1 (206) 555-0100 ", "preferred_language": "en-US"}}),
            Some(&mpa),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.body["details"]["phone"], "+1 (206) 555-0100");
    let read = app
        .call("get_marketing_contact", json!({}), Some(&mpa))
        .await;
    assert_eq!(read.body["details"]["phone"], "+1 (206) 555-0100");
    let stored: String = sqlx::query_scalar("SELECT phone FROM marketing_contacts")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(stored, "+12065550100");
}
