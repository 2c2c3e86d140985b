use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

fn contact(user_id: i64, alternate: &str) -> serde_json::Value {
    json!({"form": {"user_id": user_id, "alternate_email": alternate, "phone": "+82 10 1234 5678", "preferred_language": "ko-KR"}})
}

#[tokio::test]
async fn activation_needs_a_marketing_contact_then_goes_pending_then_active_with_an_expiry() {
    let app = TestApp::spawn_with(&[("PB_ACTIVATION_DELAY_SECS", "1")]).await;
    let mpa = app.sign_in(MPA).await;
    let id = app
        .benefit_id(&mpa, "GoToMarket", "Marketing services: Gold Core")
        .await;

    let early = app
        .call(
            "activate_gtm",
            json!({"benefit_id": id, "gtm_type": "GoldCore"}),
            Some(&mpa),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert!(early.body["message"]
        .as_str()
        .unwrap()
        .contains("marketing contact"));

    let kim = app.user_id(EMPLOYEE).await;
    let same = app
        .call(
            "set_marketing_contact",
            contact(kim, "Partner@Contoso.example"),
            Some(&mpa),
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(same.body["field"], "alternate_email");
    let bad_phone = app
        .call("set_marketing_contact", json!({"form": {"user_id": kim, "alternate_email": "mkt@contoso-agency.example", "phone": "010-1234-5678", "preferred_language": "ko-KR"}}), Some(&mpa))
        .await;
    assert_eq!(bad_phone.body["field"], "phone");
    let set = app
        .call(
            "set_marketing_contact",
            contact(kim, "mkt@contoso-agency.example"),
            Some(&mpa),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    // Shown as typed; stored normalised (standing::the_contact_phone_comes_back_as_typed…).
    assert_eq!(set.body["details"]["phone"], "+82 10 1234 5678");
    let got = app
        .call("get_marketing_contact", json!({}), Some(&mpa))
        .await;
    assert_eq!(got.body["person"]["email"], EMPLOYEE);

    // Action Pack Core is not open to a Gold partner.
    let wrong = app
        .call(
            "activate_gtm",
            json!({"benefit_id": id, "gtm_type": "ActionPackCore"}),
            Some(&mpa),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);

    let a = app
        .call(
            "activate_gtm",
            json!({"benefit_id": id, "gtm_type": "GoldCore"}),
            Some(&mpa),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["status"], "Pending");
    let gold = a.body["gtm"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["gtm_type"] == "GoldCore")
        .unwrap()
        .clone();
    assert_eq!(gold["status"], "Pending");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE to_address = 'mkt@contoso-agency.example'")
            .await,
        2
    );

    let twice = app
        .call(
            "activate_gtm",
            json!({"benefit_id": id, "gtm_type": "GoldCore"}),
            Some(&mpa),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let active = app.eventually(&format!("SELECT COUNT(*) FROM gtm_activations WHERE benefit_id = {id} AND status = 'active'"), 1, 10).await;
    assert_eq!(active, 1);
    let list = app
        .call(
            "list_benefits",
            json!({"category": "GoToMarket"}),
            Some(&mpa),
        )
        .await;
    let row = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["status"], "Active");
    let gold = row["gtm"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["gtm_type"] == "GoldCore")
        .unwrap()
        .clone();
    assert_eq!(gold["status"], "Active");
    assert!(gold["expires_on"].as_str().is_some(), "{gold}");
}

#[tokio::test]
async fn an_employee_cannot_manage_go_to_market() {
    let app = TestApp::spawn().await;
    let emp = app.sign_in(EMPLOYEE).await;
    let kim = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "set_marketing_contact",
            contact(kim, "mkt@contoso-agency.example"),
            Some(&emp),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.body["action"], "ManageGoToMarket");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM marketing_contacts").await,
        0
    );
}

#[tokio::test]
async fn a_contact_with_two_bad_fields_gets_both_back_each_with_its_field_in_the_callers_language()
{
    let app = TestApp::spawn().await;
    let mpa = app.sign_in(MPA).await;
    let kim = app.user_id(EMPLOYEE).await;
    let form = json!({"form": {"user_id": kim, "alternate_email": "partner@contoso.example", "phone": "010-1234-5678", "preferred_language": "ko-KR"}});

    let a = app
        .call_with(
            "set_marketing_contact",
            form,
            Some(&mpa),
            &[("accept-language", "ko-KR")],
        )
        .await;

    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["kind"], "invalid");
    let problems = a.body["problems"].as_array().expect("every problem listed");
    let fields: Vec<&str> = problems
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["alternate_email", "phone"], "{}", a.body);
    for p in problems {
        let message = p["message"].as_str().unwrap();
        assert!(
            message.chars().any(|c| ('가'..='힣').contains(&c)),
            "worded in Korean: {message}"
        );
    }
    // The first problem is still `field` and `message`, for callers that read only those.
    assert_eq!(a.body["field"], "alternate_email");
    assert_eq!(a.body["message"], problems[0]["message"]);
    // Nothing was saved.
    let got = app
        .call("get_marketing_contact", json!({}), Some(&mpa))
        .await;
    assert_eq!(got.body, serde_json::Value::Null);
}
