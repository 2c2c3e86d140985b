//! The Overview over HTTP: its numbers agree with the Benefits and Packages lists, it changes
//! as the company acts (keys revealed, a seat handed out), an employee sees only what they
//! hold, and nothing of another company shows.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const VS_PRO: &str = "Visual Studio Professional subscription";

async fn overview(app: &TestApp, cookie: &str) -> Value {
    let a = app.call("get_overview", json!({}), Some(cookie)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.body
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["benefit_id"]
                .as_i64()
                .or(i["item"]["benefit_id"].as_i64())
                .unwrap()
        })
        .collect()
}

fn count_of(list: &Value, id: i64) -> Option<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .find(|i| i["benefit_id"] == id)
        .map(|i| i["count"].as_i64().unwrap())
}

#[tokio::test]
async fn an_admins_overview_agrees_with_the_lists_and_follows_what_happens() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let o = overview(&app, &ga).await;
    assert_eq!(o["company_wide"], true);

    // Free seats: as the Visual Studio list counts them.
    let vs = app
        .call(
            "list_benefits",
            json!({"category": "VisualStudio"}),
            Some(&ga),
        )
        .await;
    for r in vs.body.as_array().unwrap() {
        let free = r["quantity"].as_i64().unwrap() - r["used"].as_i64().unwrap();
        let usable = r["status"] != "Expired" && r["status"] != "Cancelled";
        let id = r["id"].as_i64().unwrap();
        assert_eq!(
            count_of(&o["free_seats"], id),
            (usable && free > 0).then_some(free),
            "{}",
            r["name"]
        );
    }
    // Refundable packages: those the Packages page says are, with the same days.
    let packages = app.call("list_packages", json!({}), Some(&ga)).await;
    let refundable: Vec<(i64, i64)> = packages
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            let days = p["eligibility"]["Refundable"]["days_left"].as_i64()?;
            Some((p["id"].as_i64().unwrap(), days))
        })
        .collect();
    let mut listed: Vec<(i64, i64)> = o["refundable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["package_id"].as_i64().unwrap(),
                p["days_left"].as_i64().unwrap(),
            )
        })
        .collect();
    listed.sort();
    let mut expected = refundable.clone();
    expected.sort();
    assert_eq!(listed, expected);

    // Revealing a product's keys takes it off "keys never revealed".
    let software = app
        .call("list_benefits", json!({"category": "Software"}), Some(&ga))
        .await;
    let first_with_keys = software
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["key_count"].as_i64().unwrap() > 0
                && ids(&o["keys_unrevealed"]).contains(&r["id"].as_i64().unwrap())
        })
        .expect("a product whose keys nobody revealed")["id"]
        .as_i64()
        .unwrap();
    let keys = app
        .call(
            "get_keys",
            json!({"benefit_id": first_with_keys, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(keys.status, StatusCode::OK, "{}", keys.body);
    let after = overview(&app, &ga).await;
    assert!(!ids(&after["keys_unrevealed"]).contains(&first_with_keys));
    // The answer never carries a key (the clear values, as Get keys just showed them).
    let revealed: Vec<&str> = keys.body["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["value"].as_str().unwrap())
        .collect();
    assert!(!revealed.is_empty());
    let text = after.to_string();
    assert!(revealed.iter().all(|k| !text.contains(k)));

    // A seat handed out: one fewer free.
    let vs_pro = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let before = count_of(&after["free_seats"], vs_pro).expect("free Professional seats");
    let kim = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs_pro, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let later = overview(&app, &ga).await;
    assert_eq!(
        count_of(&later["free_seats"], vs_pro).unwrap_or(0),
        before - 1
    );

    // A benefit ending in 10 days is listed with its days left; the marketing contact is
    // missing until one is set.
    app.exec(&format!(
        "UPDATE benefits SET expires_on = '{}' WHERE id = {vs_pro}",
        partner_benefits::domain::Date::from_unix(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64
        )
        .add_days(10)
    ))
    .await;
    let soon = overview(&app, &ga).await;
    assert_eq!(count_of(&soon["expiring"], vs_pro), Some(10));
    let contact: i64 = app
        .scalar("SELECT COUNT(*) FROM marketing_contacts m JOIN companies c ON c.id = m.company_id WHERE c.name = 'Contoso Ltd'")
        .await;
    assert_eq!(soon["marketing_contact_missing"], contact == 0);
}

#[tokio::test]
async fn an_employee_sees_what_they_hold_and_nothing_of_the_company() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let employee = app.sign_in(EMPLOYEE).await;
    let vs_pro = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    app.exec(&format!(
        "DELETE FROM benefit_assignments WHERE benefit_id = {vs_pro} AND user_id = {kim}"
    ))
    .await;
    let before = overview(&app, &employee).await;
    assert_eq!(before["company_wide"], false);
    assert!(!ids(&before["held"]).contains(&vs_pro));
    for list in [
        "refundable",
        "expiring",
        "free_seats",
        "keys_unrevealed",
        "support_left",
        "pending",
    ] {
        assert_eq!(before[list], json!([]), "{list}");
    }
    assert_eq!(before["marketing_contact_missing"], false);
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs_pro, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let after = overview(&app, &employee).await;
    assert!(ids(&after["held"]).contains(&vs_pro));

    // Fabrikam's admin: nothing of Contoso's.
    let other = app.sign_in(OTHER_GA).await;
    let theirs = overview(&app, &other).await;
    let contoso: Vec<i64> = sqlx::query_scalar(
        "SELECT b.id FROM benefits b JOIN companies c ON c.id = b.company_id WHERE c.name = 'Contoso Ltd'",
    )
    .fetch_all(app.pool())
    .await
    .unwrap();
    let mut shown = Vec::new();
    for list in [
        "expiring",
        "free_seats",
        "keys_unrevealed",
        "support_left",
        "pending",
        "held",
    ] {
        shown.extend(ids(&theirs[list]));
    }
    assert!(
        !shown.is_empty(),
        "Fabrikam's overview lists its own benefits: {theirs}"
    );
    assert!(shown.iter().all(|id| !contoso.contains(id)), "{theirs}");
}
