use crate::helpers::*;
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_cross_site_post_is_refused_before_it_runs() {
    let app = TestApp::spawn().await;
    let args = json!({"email": GA, "password": DEMO_PASSWORD});
    let a = app
        .call_with(
            "sign_in",
            args.clone(),
            None,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.kind(), "cross_site");
    assert!(session_cookie(&a.headers).is_none());

    // Without Fetch Metadata, a foreign Origin is refused too.
    let a = app
        .call_with(
            "sign_in",
            args.clone(),
            None,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(a.kind(), "cross_site");

    // A signed-in user's cookie does not help a forged request.
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Cloud", "Azure credits: USD 3,500 per year")
        .await;
    let a = app
        .call_with(
            "activate_cloud",
            json!({"benefit_id": id}),
            Some(&ga),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(a.kind(), "cross_site");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {id}"
        ))
        .await,
        0
    );

    // The page's own requests pass.
    let a = app
        .call_with("sign_in", args, None, &[("sec-fetch-site", "same-origin")])
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let host = app.base.trim_start_matches("http://").to_string();
    let a = app
        .call_with(
            "me",
            json!({}),
            Some(&ga),
            &[("origin", &app.base), ("host", &host)],
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

#[tokio::test]
async fn server_functions_are_not_reachable_by_get() {
    let app = TestApp::spawn().await;
    let res = app
        .http
        .get(format!("{}/api/me", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn malformed_arguments_are_a_clear_error_not_a_crash() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let a = app
        .call("list_benefits", json!({"category": "Nonsense"}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_ne!(a.kind(), "", "a typed error body: {}", a.body);
    let text = a.body.to_string();
    assert!(!text.contains("sqlx") && !text.contains("SELECT"), "{text}");
}

#[tokio::test]
async fn client_routes_get_the_page_uncached_and_assets_are_cached_and_compressed() {
    let app = TestApp::spawn().await;
    let page = app
        .http
        .get(format!("{}/benefits/cloud", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers().get("cache-control").unwrap(), "no-cache");
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("<title>Partner Benefits</title>"));

    let asset = app
        .http
        .get(format!("{}/app-0123456789abcdef.js", app.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(
        asset.headers().get("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.headers().get("content-encoding").unwrap(), "br");
}
