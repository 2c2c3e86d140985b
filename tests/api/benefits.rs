use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn lists_show_the_callers_company_only_and_never_carry_keys() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let a = app
        .call("list_benefits", json!({"category": "Software"}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let rows = a.body.as_array().unwrap();
    assert!(
        rows.len() >= 6,
        "Contoso has at least six software products"
    );
    assert!(rows.iter().all(|r| r["category"] == "Software"));
    assert!(rows
        .iter()
        .any(|r| r["name"] == "Windows Server 2025 Datacenter"));
    assert!(
        rows.iter()
            .all(|r| r["name"] != "Windows Server 2025 Standard"),
        "Fabrikam's product leaked"
    );
    assert_eq!(a.headers.get("cache-control").unwrap(), "no-store");

    // No key value appears anywhere in the list.
    let keys: Vec<String> = sqlx::query_scalar("SELECT key_value FROM product_keys")
        .fetch_all(app.pool())
        .await
        .unwrap();
    let text = a.body.to_string();
    assert!(keys.iter().all(|k| !text.contains(k.as_str())));
}

#[tokio::test]
async fn a_global_admin_gets_keys_and_the_reveal_is_recorded() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Software", "Windows Server 2025 Datacenter")
        .await;
    let a = app
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body["keys"].as_array().unwrap().len() >= 2);
    assert!(a.body["instructions"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    assert_eq!(a.headers.get("cache-control").unwrap(), "no-store");
    let reveals = app
        .scalar(&format!("SELECT COUNT(*) FROM key_reveals r JOIN users u ON u.id = r.user_id WHERE r.benefit_id = {id} AND u.email = '{GA}'"))
        .await;
    assert_eq!(reveals, 1);
}

#[tokio::test]
async fn an_mpn_partner_admin_may_get_keys_too() {
    let app = TestApp::spawn().await;
    let mpa = app.sign_in(MPA).await;
    let id = app
        .benefit_id(&mpa, "Software", "SQL Server 2025 Enterprise")
        .await;
    let a = app
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": true}),
            Some(&mpa),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

#[tokio::test]
async fn an_employee_is_refused_get_keys_with_a_reason_and_nothing_is_recorded() {
    let app = TestApp::spawn().await;
    let emp = app.sign_in(EMPLOYEE).await;
    let id = app
        .benefit_id(&emp, "Software", "Windows Server 2025 Datacenter")
        .await;
    let a = app
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": false}),
            Some(&emp),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.kind(), "forbidden");
    assert_eq!(a.body["action"], "GetKeys");
    assert!(a.body.get("keys").is_none());
    // Nothing recorded for it (the demo's own reveals of other products are there).
    let reveals = format!("SELECT COUNT(*) FROM key_reveals WHERE benefit_id = {id}");
    assert_eq!(app.scalar(&reveals).await, 0);
}

#[tokio::test]
async fn another_companys_benefit_id_answers_not_found() {
    let app = TestApp::spawn().await;
    let contoso = app.sign_in(GA).await;
    let fabrikam = app.sign_in(OTHER_GA).await;
    let contoso_product = app
        .benefit_id(&contoso, "Software", "Windows Server 2025 Datacenter")
        .await;
    let contoso_cloud = app
        .benefit_id(&contoso, "Cloud", "Azure credits: USD 3,500 per year")
        .await;
    for (endpoint, id) in [
        ("get_keys", contoso_product),
        ("activate_cloud", contoso_cloud),
    ] {
        let a = app
            .call(
                endpoint,
                json!({"benefit_id": id, "confirm_forfeit": true}),
                Some(&fabrikam),
            )
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{endpoint}: {}", a.body);
        assert_eq!(a.kind(), "not_found");
    }
    // Same answer as an id that does not exist at all: nothing to learn from it.
    let missing = app
        .call(
            "get_keys",
            json!({"benefit_id": 999_999, "confirm_forfeit": false}),
            Some(&fabrikam),
        )
        .await;
    assert_eq!(missing.kind(), "not_found");
    let reveals = format!("SELECT COUNT(*) FROM key_reveals WHERE benefit_id = {contoso_product}");
    assert_eq!(app.scalar(&reveals).await, 0);
}

#[tokio::test]
async fn a_global_admin_activates_a_usage_based_cloud_subscription_once() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Cloud", "Azure credits: USD 3,500 per year")
        .await;
    let a = app
        .call("activate_cloud", json!({"benefit_id": id}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["status"], "Active");
    assert_eq!(a.body["activated_by"]["email"], GA);
    assert!(a.body["portal_url"]
        .as_str()
        .unwrap()
        .starts_with("https://portal.azure.com"));

    let again = app
        .call("activate_cloud", json!({"benefit_id": id}), Some(&ga))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.kind(), "conflict");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {id}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn only_a_global_admin_activates_cloud_subscriptions() {
    let app = TestApp::spawn().await;
    for who in [MPA, EMPLOYEE] {
        let c = app.sign_in(who).await;
        let id = app
            .benefit_id(&c, "Cloud", "Azure credits: USD 3,500 per year")
            .await;
        let a = app
            .call("activate_cloud", json!({"benefit_id": id}), Some(&c))
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(a.body["action"], "AssignUsers");
    }
}

#[tokio::test]
async fn a_license_based_cloud_subscription_reveals_keys_and_a_benefit_without_keys_says_so() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let m365 = app.benefit_id(&ga, "Cloud", "Microsoft 365 E3").await;
    assert_eq!(
        app.call(
            "get_keys",
            json!({"benefit_id": m365, "confirm_forfeit": false}),
            Some(&ga)
        )
        .await
        .status,
        StatusCode::OK
    );
    let azure = app
        .benefit_id(&ga, "Cloud", "Azure credits: USD 3,500 per year")
        .await;
    let a = app
        .call(
            "get_keys",
            json!({"benefit_id": azure, "confirm_forfeit": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_expired_benefit_shows_expired_and_its_keys_stay_hidden() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Software", "Windows 11 Enterprise")
        .await;
    sqlx::query("UPDATE benefits SET expires_on = '2020-01-01' WHERE id = $1")
        .bind(id)
        .execute(app.pool())
        .await
        .unwrap();
    let list = app
        .call("list_benefits", json!({"category": "Software"}), Some(&ga))
        .await;
    let row = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["status"], "Expired");
    let a = app
        .call(
            "get_keys",
            json!({"benefit_id": id, "confirm_forfeit": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.body["message"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn every_category_lists_for_every_role() {
    let app = TestApp::spawn().await;
    for who in [GA, MPA, EMPLOYEE, OTHER_GA] {
        let c = app.sign_in(who).await;
        for category in [
            "Software",
            "Cloud",
            "VisualStudio",
            "Technical",
            "GoToMarket",
        ] {
            let a = app
                .call("list_benefits", json!({"category": category}), Some(&c))
                .await;
            assert_eq!(a.status, StatusCode::OK, "{who} {category}: {}", a.body);
            assert!(
                !a.body.as_array().unwrap().is_empty(),
                "{who} has {category} benefits"
            );
        }
    }
}

#[tokio::test]
async fn the_software_list_carries_a_count_of_downloads_but_not_the_files() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let a = app
        .call("list_benefits", json!({"category": "Software"}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    for row in a.body.as_array().unwrap() {
        assert!(
            row.get("downloads").is_none(),
            "{}: files in the list",
            row["name"]
        );
        let id = row["id"].as_i64().unwrap();
        let stored = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM downloads WHERE benefit_id = {id}"
            ))
            .await;
        assert!(stored > 0, "{} has files", row["name"]);
        assert_eq!(row["download_count"], stored, "{}", row["name"]);
    }
    // Nothing of any file (links, checksums) is in the list.
    let text = a.body.to_string();
    assert!(!text.contains("download.partnerbenefits.example"));
    assert!(!text.contains("sha256"));
}

#[tokio::test]
async fn list_downloads_answers_the_products_files_for_its_pickers() {
    let app = TestApp::spawn().await;
    let emp = app.sign_in(EMPLOYEE).await;
    let id = app
        .benefit_id(&emp, "Software", "SQL Server 2025 Enterprise")
        .await;
    let a = app
        .call("list_downloads", json!({"benefit_id": id}), Some(&emp))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let files = a.body.as_array().unwrap();
    assert_eq!(
        files.len() as i64,
        app.scalar(&format!(
            "SELECT COUNT(*) FROM downloads WHERE benefit_id = {id}"
        ))
        .await
    );
    let linux_ko = files
        .iter()
        .find(|d| d["language"] == "ko-KR" && d["os"] == "Linux")
        .expect("a Korean Linux file");
    assert!(linux_ko["url"].as_str().unwrap().contains("/ko-KR/"));
    assert!(linux_ko["file_name"].as_str().unwrap().contains("linux"));
    assert_eq!(linux_ko["sha256"].as_str().unwrap().len(), 64);
    assert!(linux_ko["size_bytes"].as_u64().unwrap() > 0);
    // In picker order: by language, then OS.
    let order: Vec<(String, String)> = files
        .iter()
        .map(|d| (d["language"].to_string(), d["os"].to_string()))
        .collect();
    assert!(order.windows(2).all(|w| w[0].0 <= w[1].0));

    // A benefit of the caller's company without files answers an empty list, not an error.
    let azure = app
        .benefit_id(&emp, "Cloud", "Azure credits: USD 3,500 per year")
        .await;
    let none = app
        .call("list_downloads", json!({"benefit_id": azure}), Some(&emp))
        .await;
    assert_eq!(none.status, StatusCode::OK, "{}", none.body);
    assert_eq!(none.body, json!([]));
}

#[tokio::test]
async fn another_companys_product_has_no_downloads_to_list_just_as_a_missing_one() {
    let app = TestApp::spawn().await;
    let contoso = app.sign_in(GA).await;
    let fabrikam = app.sign_in(OTHER_GA).await;
    let contoso_product = app
        .benefit_id(&contoso, "Software", "Windows Server 2025 Datacenter")
        .await;
    let theirs = app
        .call(
            "list_downloads",
            json!({"benefit_id": contoso_product}),
            Some(&fabrikam),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.body);
    assert_eq!(theirs.kind(), "not_found");
    let missing = app
        .call(
            "list_downloads",
            json!({"benefit_id": 999_999}),
            Some(&fabrikam),
        )
        .await;
    // Same answer, byte for byte: nothing to learn about other companies' ids.
    assert_eq!(missing.status, theirs.status);
    assert_eq!(missing.body, theirs.body);
}

#[tokio::test]
async fn every_signed_in_role_may_list_downloads_as_it_may_view_benefits() {
    // The right is ViewBenefits, which every role holds (`domain::access`), so no
    // signed-in caller of the company is refused; the matrix in permissions.rs holds the rest.
    let app = TestApp::spawn().await;
    for who in [EMPLOYEE, MPA, GA] {
        let c = app.sign_in(who).await;
        let id = app
            .benefit_id(&c, "Software", "Windows 11 Enterprise")
            .await;
        let a = app
            .call("list_downloads", json!({"benefit_id": id}), Some(&c))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{who}: {}", a.body);
        assert!(!a.body.as_array().unwrap().is_empty(), "{who}");
    }
}

#[tokio::test]
async fn list_downloads_without_a_session_answers_not_signed_in() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Software", "Windows Server 2025 Datacenter")
        .await;
    let a = app
        .call("list_downloads", json!({"benefit_id": id}), None)
        .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    assert_eq!(a.kind(), "not_signed_in");
    assert!(a.body.get("url").is_none() && !a.body.is_array());
}
