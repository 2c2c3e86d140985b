use crate::helpers::*;
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn sign_in_with_the_right_password_returns_the_user_and_a_strict_httponly_cookie() {
    let app = TestApp::spawn().await;
    let a = app
        .call(
            "sign_in",
            json!({"email": GA, "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let me = &a.body["SignedIn"];
    assert_eq!(me["name"], "Grace Admin");
    assert_eq!(me["company_name"], "Contoso Ltd");
    assert_eq!(me["roles"]["global_admin"], true);
    let raw = a.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(raw.contains("HttpOnly"), "{raw}");
    assert!(raw.contains("SameSite=Strict"), "{raw}");
    assert!(!raw.contains("Secure"), "not over TLS in the test: {raw}");

    let cookie = session_cookie(&a.headers).unwrap();
    let me = app.call("me", json!({}), Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], GA);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_generic_answer() {
    let app = TestApp::spawn().await;
    let wrong_password = app
        .call("sign_in", json!({"email": GA, "password": "not-it"}), None)
        .await;
    let unknown_email = app
        .call(
            "sign_in",
            json!({"email": "nobody@contoso.example", "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.kind(), "bad_credentials");
    assert_eq!(wrong_password.body, unknown_email.body);
    assert_eq!(unknown_email.status, StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&wrong_password.headers).is_none());
}

#[tokio::test]
async fn a_malformed_email_is_an_invalid_field_not_a_sign_in_attempt() {
    let app = TestApp::spawn().await;
    let a = app
        .call(
            "sign_in",
            json!({"email": "ga.contoso.example", "password": "x"}),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.kind(), "invalid");
    assert_eq!(a.body["field"], "email");
}

#[tokio::test]
async fn a_deactivated_user_cannot_sign_in() {
    let app = TestApp::spawn().await;
    sqlx::query("UPDATE users SET active = 0 WHERE email = $1")
        .bind(EMPLOYEE)
        .execute(app.pool())
        .await
        .unwrap();
    let a = app
        .call(
            "sign_in",
            json!({"email": EMPLOYEE, "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(a.kind(), "bad_credentials");
}

#[tokio::test]
async fn every_function_but_sign_in_refuses_a_caller_without_a_session() {
    let app = TestApp::spawn().await;
    let calls = [
        ("me", json!({})),
        ("sign_out", json!({})),
        ("list_benefits", json!({"category": "Software"})),
        (
            "get_keys",
            json!({"benefit_id": 1, "confirm_forfeit": false}),
        ),
        ("activate_cloud", json!({"benefit_id": 1})),
    ];
    for (endpoint, args) in calls {
        for cookie in [
            None,
            Some("pb_session=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"),
        ] {
            let a = app.call(endpoint, args.clone(), cookie).await;
            assert_eq!(
                a.status,
                StatusCode::UNAUTHORIZED,
                "{endpoint} with {cookie:?}: {}",
                a.body
            );
            assert_eq!(a.kind(), "not_signed_in", "{endpoint}");
        }
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let cookie = app.sign_in(GA).await;
    let out = app.call("sign_out", json!({}), Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::OK);
    let raw = out.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(raw.contains("Max-Age=0"), "{raw}");
    // The old cookie no longer works even if the browser kept it.
    let me = app.call("me", json!({}), Some(&cookie)).await;
    assert_eq!(me.kind(), "not_signed_in");
}

#[tokio::test]
async fn asking_who_is_signed_in_with_an_ended_session_clears_its_cookie() {
    let app = TestApp::spawn().await;
    let cookie = app.sign_in(GA).await;
    // Ended elsewhere (another device signed out, the session expired): the browser still
    // sends the cookie, which would have the server paint every page as signed in.
    app.exec("DELETE FROM sessions").await;
    let me = app.call("me", json!({}), Some(&cookie)).await;
    assert_eq!(me.kind(), "not_signed_in");
    let raw = me
        .headers
        .get("set-cookie")
        .expect("the ended cookie is cleared")
        .to_str()
        .unwrap();
    let name = cookie.split('=').next().unwrap();
    assert!(raw.starts_with(&format!("{name}=;")), "{raw}");
    assert!(raw.contains("Max-Age=0"), "{raw}");
    // A live session keeps its cookie.
    let live = app.sign_in(GA).await;
    let me = app.call("me", json!({}), Some(&live)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert!(me.headers.get("set-cookie").is_none());
}

#[tokio::test]
async fn repeated_wrong_passwords_from_one_address_are_slowed_down() {
    let app = TestApp::spawn().await;
    for _ in 0..partner_benefits::server::throttle::FREE_FAILURES {
        let a = app
            .call("sign_in", json!({"email": MPA, "password": "guess"}), None)
            .await;
        assert_eq!(a.kind(), "bad_credentials");
    }
    // From this address, this account now waits (another address would not: see
    // security::the_throttle_stops_the_guesser_not_the_owner_on_every_server).
    let a = app
        .call(
            "sign_in",
            json!({"email": MPA, "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.kind(), "too_many_attempts");
    assert!(a.body["retry_after_secs"].as_u64().unwrap() >= 1);
}
