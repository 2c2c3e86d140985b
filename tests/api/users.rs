use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_picker_finds_people_by_any_word_prefix_within_the_company_only() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let a = app
        .call(
            "search_users",
            json!({"view": {"search": "gra"}, "offset": 0}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["users"][0]["email"], GA);
    let by_email = app
        .call(
            "search_users",
            json!({"view": {"search": "employee@"}, "offset": 0}),
            Some(&ga),
        )
        .await;
    let emails: Vec<&str> = by_email.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, vec![EMPLOYEE], "Fabrikam's employee@ is not listed");
    // Quotes and operators are just text.
    let odd = app
        .call(
            "search_users",
            json!({"view": {"search": "\" OR * NEAR("}, "offset": 0}),
            Some(&ga),
        )
        .await;
    assert_eq!(odd.status, StatusCode::OK, "{}", odd.body);
}

#[tokio::test]
async fn results_come_a_page_at_a_time() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let first = app
        .call(
            "search_users",
            json!({"view": {"search": ""}, "offset": 0}),
            Some(&ga),
        )
        .await;
    assert_eq!(first.body["users"].as_array().unwrap().len(), 20);
    assert_eq!(first.body["has_more"], true);
    let second = app
        .call(
            "search_users",
            json!({"view": {"search": ""}, "offset": 20}),
            Some(&ga),
        )
        .await;
    let a: Vec<_> = first.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].clone())
        .collect();
    assert!(second.body["users"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| !a.contains(&u["id"])));
    // Deactivated people only when asked for.
    let all = app
        .call(
            "search_users",
            json!({"view": {"search": "daniel", "status": "all"}, "offset": 0}),
            Some(&ga),
        )
        .await;
    let active = app
        .call(
            "search_users",
            json!({"view": {"search": "daniel"}, "offset": 0}),
            Some(&ga),
        )
        .await;
    assert!(
        all.body["users"].as_array().unwrap().len()
            > active.body["users"].as_array().unwrap().len()
    );
}

/// Every user a list of `view` shows, page after page.
async fn every_page(app: &TestApp, who: &str, view: serde_json::Value) -> Vec<serde_json::Value> {
    let mut users = Vec::new();
    loop {
        let page = app
            .call(
                "search_users",
                json!({"view": view, "offset": users.len()}),
                Some(who),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        users.extend(page.body["users"].as_array().unwrap().iter().cloned());
        if page.body["has_more"] != true {
            return users;
        }
    }
}

#[tokio::test]
async fn each_status_shows_whom_it_names_and_each_order_holds_across_pages() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let ga = app.sign_in(GA).await;
    // Someone invited who has not signed in yet, besides the demo's deactivated people.
    let form = json!({"name": "Aaron Invited", "email": "aaron.invited@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let added = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);

    let ids = |users: &[serde_json::Value]| -> std::collections::BTreeSet<i64> {
        users.iter().map(|u| u["id"].as_i64().unwrap()).collect()
    };
    let all = every_page(&app, &ga, json!({"status": "all"})).await;
    let flags = |u: &serde_json::Value| (u["active"] == true, u["invited"] == true);
    let mut shown = std::collections::BTreeMap::new();
    for status in ["current", "active", "invited", "deactivated"] {
        let users = every_page(&app, &ga, json!({"status": status})).await;
        // Exactly the people of the whole list the status names.
        let expected: Vec<i64> = all
            .iter()
            .filter(|u| {
                let (active, invited) = flags(u);
                match status {
                    "current" => active,
                    "active" => active && !invited,
                    "invited" => active && invited,
                    _ => !active,
                }
            })
            .map(|u| u["id"].as_i64().unwrap())
            .collect();
        assert!(!expected.is_empty(), "the demo has {status} users");
        assert_eq!(ids(&users), expected.into_iter().collect(), "{status}");
        shown.insert(status, ids(&users));
    }
    assert!(shown["invited"].contains(&added.body["id"].as_i64().unwrap()));
    assert_eq!(
        shown["active"].len() + shown["invited"].len(),
        shown["current"].len()
    );
    assert_eq!(
        shown["current"].len() + shown["deactivated"].len(),
        all.len()
    );

    // Orders: by name (the default) and by email, unbroken from one page to the next.
    let names: Vec<String> = all
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(all.len() > 20, "more than a page to order");
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by name: {names:?}");
    let by_email = every_page(&app, &ga, json!({"status": "all", "sort": "email"})).await;
    let emails: Vec<&str> = by_email
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(
        emails.windows(2).all(|w| w[0] <= w[1]),
        "by email: {emails:?}"
    );
    assert_eq!(ids(&by_email), ids(&all));
    // A search narrows within the status and keeps the order. (Orders are compared as Rust
    // compares strings: the test cluster's collation is C, as SQLite's; a server with another
    // collation orders names as its database does.)
    let parks = every_page(
        &app,
        &ga,
        json!({"search": "park", "status": "all", "sort": "email"}),
    )
    .await;
    assert!(!parks.is_empty());
    let park_emails: Vec<&str> = parks.iter().map(|u| u["email"].as_str().unwrap()).collect();
    assert!(
        park_emails.windows(2).all(|w| w[0] <= w[1]),
        "by email: {park_emails:?}"
    );
    assert!(parks.iter().all(|u| {
        let text = format!("{} {}", u["name"], u["email"]).to_lowercase();
        text.contains("park")
    }));
    // A value the server does not know is refused, not guessed.
    let odd = app
        .call(
            "search_users",
            json!({"view": {"status": "fired"}, "offset": 0}),
            Some(&ga),
        )
        .await;
    assert!(odd.status.is_client_error(), "{}", odd.status);
}

#[tokio::test]
async fn a_global_admin_adds_a_user_who_accepts_the_invitation_and_signs_in() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Yuna Han", "email": "yuna.han@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": true}});
    let a = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["invited"], true);
    assert_eq!(a.body["roles"]["mpn_partner_admin"], true);

    let dup = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(dup.body["field"], "email");

    // The invitation email, as the mail server got it, carries the link with the token.
    app.eventually(
        "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
        1,
        10,
    )
    .await;
    let token = token_in(&relay.messages()[0].body);
    let short = app
        .call(
            "accept_invitation",
            json!({"token": token, "password": "short", "password_again": "short"}),
            None,
        )
        .await;
    assert_eq!(short.body["field"], "password");
    let ok = app
        .call("accept_invitation", json!({"token": token, "password": "violet kettle harbour", "password_again": "violet kettle harbour"}), None)
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(session_cookie(&ok.headers).is_some());
    let reuse = app
        .call("accept_invitation", json!({"token": token, "password": "another long phrase", "password_again": "another long phrase"}), None)
        .await;
    assert_eq!(
        reuse.status,
        StatusCode::CONFLICT,
        "an invitation works once"
    );
    let signed = app
        .call(
            "sign_in",
            json!({"email": "yuna.han@contoso.example", "password": "violet kettle harbour"}),
            None,
        )
        .await;
    assert_eq!(signed.status, StatusCode::OK);
}

#[tokio::test]
async fn the_last_active_global_admin_cannot_be_demoted_or_deactivated() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let me = app.user_id(GA).await;
    let demote = app
        .call(
            "set_roles",
            json!({"user_id": me, "roles": {"global_admin": false, "mpn_partner_admin": true}}),
            Some(&ga),
        )
        .await;
    assert_eq!(demote.status, StatusCode::CONFLICT, "{}", demote.body);
    let off = app
        .call(
            "set_active",
            json!({"user_id": me, "active": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(off.status, StatusCode::CONFLICT);
    assert_eq!(
        app.scalar(&format!(
            "SELECT is_global_admin * active FROM users WHERE id = {me}"
        ))
        .await,
        1
    );

    // With a second Global admin, the first may step down.
    let mpa = app.user_id(MPA).await;
    let promote = app
        .call(
            "set_roles",
            json!({"user_id": mpa, "roles": {"global_admin": true, "mpn_partner_admin": true}}),
            Some(&ga),
        )
        .await;
    assert_eq!(promote.status, StatusCode::OK);
    let step_down = app
        .call(
            "set_roles",
            json!({"user_id": me, "roles": {"global_admin": false, "mpn_partner_admin": false}}),
            Some(&ga),
        )
        .await;
    assert_eq!(step_down.status, StatusCode::OK, "{}", step_down.body);
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_and_changing_roles_takes_effect_at_once() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let emp = app.sign_in(EMPLOYEE).await;
    let id = app.user_id(EMPLOYEE).await;
    let off = app
        .call(
            "set_active",
            json!({"user_id": id, "active": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK);
    assert_eq!(
        app.call("me", json!({}), Some(&emp)).await.kind(),
        "not_signed_in"
    );
    let back = app
        .call(
            "set_active",
            json!({"user_id": id, "active": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(back.body["active"], true);
}

#[tokio::test]
async fn only_a_global_admin_manages_users() {
    let app = TestApp::spawn().await;
    let mpa = app.sign_in(MPA).await;
    let id = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "set_roles",
            json!({"user_id": id, "roles": {"global_admin": true, "mpn_partner_admin": false}}),
            Some(&mpa),
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.body["action"], "ManageUsers");
    assert_eq!(
        app.scalar(&format!(
            "SELECT is_global_admin FROM users WHERE id = {id}"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn a_resent_invitation_replaces_the_first_link() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Min Seo", "email": "min.seo@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let added = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    let id = added.body["id"].as_i64().unwrap();
    // The first link arrived (and was lost, say) before the admin sends another.
    app.eventually(
        "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
        1,
        10,
    )
    .await;
    let again = app
        .call("resend_invitation", json!({"user_id": id}), Some(&ga))
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    app.eventually(
        "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
        2,
        10,
    )
    .await;
    let sent = relay.messages();
    assert_eq!(sent.len(), 2);
    let (first, second) = (token_in(&sent[0].body), token_in(&sent[1].body));
    assert_ne!(first, second);
    let accept = |token: String| json!({"token": token, "password": "violet kettle harbour", "password_again": "violet kettle harbour"});
    let old = app.call("accept_invitation", accept(first), None).await;
    assert_eq!(
        old.status,
        StatusCode::CONFLICT,
        "the first link no longer works"
    );
    let new = app.call("accept_invitation", accept(second), None).await;
    assert_eq!(new.status, StatusCode::OK, "{}", new.body);
    let done = app
        .call("resend_invitation", json!({"user_id": id}), Some(&ga))
        .await;
    assert_eq!(
        done.status,
        StatusCode::CONFLICT,
        "nothing to resend once a password is set"
    );
}

/// A resend while the first invitation is still waiting to go out withdraws it: only the new
/// link is ever delivered, and Notifications says why the first was not.
#[tokio::test]
async fn a_resend_withdraws_an_invitation_still_waiting() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Jae Park", "email": "jae.park@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let added = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    let id = added.body["id"].as_i64().unwrap();
    app.call("resend_invitation", json!({"user_id": id}), Some(&ga))
        .await;
    let list = app
        .call("list_emails", json!({"offset": 0}), Some(&ga))
        .await;
    let deliveries: Vec<&str> = list.body["emails"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to"] == "jae.park@contoso.example")
        .map(|e| e["delivery"].as_str().unwrap())
        .collect();
    assert_eq!(deliveries, vec!["Recorded", "Withdrawn"], "newest first");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM emails WHERE withdrawn_at IS NOT NULL AND sealed_body IS NULL"
        )
        .await,
        1
    );
}

/// Two Global admins each stepping down at the same moment: each alone would be allowed (the
/// other remains), together they would leave none. Exactly one succeeds, every round, on both
/// databases (SQLite's write lock, PostgreSQL's company row lock).
#[tokio::test]
async fn two_global_admins_stepping_down_at_once_leave_one() {
    let owned = TestApp::spawn().await;
    let app = &owned;
    let ga_id = app.user_id(GA).await;
    let mpa_id = app.user_id(MPA).await;
    let admin = json!({"global_admin": true, "mpn_partner_admin": true});
    let plain = json!({"global_admin": false, "mpn_partner_admin": false});
    for round in 0..5 {
        // Whoever is still a Global admin makes the other one again.
        let (keeper, other_id) = if app
            .scalar(&format!(
                "SELECT is_global_admin FROM users WHERE id = {ga_id}"
            ))
            .await
            == 1
        {
            (GA, mpa_id)
        } else {
            (MPA, ga_id)
        };
        let k = app.sign_in(keeper).await;
        let promoted = app
            .call(
                "set_roles",
                json!({"user_id": other_id, "roles": admin}),
                Some(&k),
            )
            .await;
        assert_eq!(promoted.status, StatusCode::OK, "{}", promoted.body);
        let ga = app.sign_in(GA).await;
        let mpa = app.sign_in(MPA).await;
        let answers =
            crate::assign::futures_join_all([(ga_id, ga), (mpa_id, mpa)].into_iter().map(
                |(id, cookie)| {
                    let plain = plain.clone();
                    async move {
                        app.call(
                            "set_roles",
                            json!({"user_id": id, "roles": plain}),
                            Some(&cookie),
                        )
                        .await
                    }
                },
            ))
            .await;
        let ok = answers
            .iter()
            .filter(|a| a.status == StatusCode::OK)
            .count();
        let refused: Vec<_> = answers
            .iter()
            .filter(|a| a.status == StatusCode::CONFLICT)
            .collect();
        assert_eq!(ok, 1, "round {round}: exactly one steps down");
        assert_eq!(
            refused.len(),
            1,
            "round {round}: the other is told it is the last"
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM users WHERE id IN ({ga_id}, {mpa_id}) AND is_global_admin = 1 AND active = 1"
            ))
            .await,
            1,
            "round {round}: one Global admin is left"
        );
    }
}

#[tokio::test]
async fn a_global_admin_exports_every_user_of_the_company_as_csv() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let company = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    // A name made to run as a formula in a spreadsheet, and a deactivated user.
    app.exec(&format!("INSERT INTO users (company_id, email, name, password_hash, active, created_at) VALUES ({company}, 'formula@contoso.example', '=1+2', 'x', 0, 1796169600)")).await;
    let a = app
        .call("export_users", json!({"byte_order_mark": false}), Some(&ga))
        .await;
    assert_eq!(a.status, reqwest::StatusCode::OK, "{}", a.body);
    assert!(a.body["file_name"].as_str().unwrap().starts_with("users-"));
    let content = a.body["content"].as_str().unwrap();
    assert!(!content.starts_with('\u{feff}'));
    let mut reader = csv::Reader::from_reader(content.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["Name", "Email", "Roles", "Status", "Added (UTC)"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let total = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM users WHERE company_id = {company}"
        ))
        .await;
    assert_eq!(rows.len() as i64, total, "every user, deactivated ones too");
    let formula = rows
        .iter()
        .find(|r| &r[1] == "formula@contoso.example")
        .unwrap();
    assert_eq!(&formula[0], "'=1+2");
    assert_eq!(&formula[3], "Deactivated");
    assert_eq!(&formula[4], "2026-12-02T00:00:00Z");
    let grace = rows.iter().find(|r| &r[1] == GA).unwrap();
    assert_eq!(&grace[2], "Global admin");
    assert!(!content.contains("fabrikam"), "only the caller's company");
}
