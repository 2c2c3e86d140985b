//! The holes the probe of 2026-12-01 found, each walked as an attacker would, over HTTP.

use crate::helpers::*;
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Every string value of a JSON answer, flattened, to look for a secret anywhere in it.
fn text_of(v: &Value) -> String {
    v.to_string()
}

/// Bytes of the database and its WAL, to look for a secret at rest.
/// Everything the database holds: on SQLite the file and its WAL, byte for byte; on PostgreSQL
/// (whose files the test does not own) every row of every table, as text.
async fn database_bytes(app: &TestApp) -> Vec<u8> {
    if app.on_postgres() {
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_all(app.pool())
        .await
        .unwrap();
        let mut bytes = Vec::new();
        for table in tables {
            let text: String = sqlx::query_scalar(&format!(
                "SELECT COALESCE(string_agg(t::text, E'\\n'), '') FROM {table} t"
            ))
            .fetch_one(app.pool())
            .await
            .unwrap();
            bytes.extend(text.into_bytes());
        }
        return bytes;
    }
    app.exec("PRAGMA wal_checkpoint(TRUNCATE)").await;
    let db = app.dir().join("test.db");
    let mut bytes = std::fs::read(&db).unwrap();
    if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The escalation chain, step by step: a Global admin adds a Global admin; an MPN partner admin
/// reads Notifications and every other list; the one-time link appears in none of them, nor in
/// the database; only the mail transport got it (and it works, so the test looked at a real
/// link); and the MPN partner admin cannot promote themselves.
#[tokio::test]
async fn an_mpn_partner_admin_cannot_become_global_admin_through_an_invitation() {
    let relay = FakeRelay::start().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_URL", relay.url.as_str())]).await;
    let ga = app.sign_in(GA).await;
    let mpa = app.sign_in(MPA).await;
    let form = json!({"name": "New Boss", "email": "new.boss@contoso.example", "roles": {"global_admin": true, "mpn_partner_admin": false}});
    let added = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    app.eventually(
        "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
        1,
        10,
    )
    .await;
    let delivered = relay.messages();
    assert_eq!(delivered.len(), 1);
    let token = token_in(&delivered[0].body);
    assert_eq!(token.len(), 64);

    let mut answers = vec![added.body.clone()];
    for (who, cookie) in [("MPN admin", &mpa), ("Global admin", &ga)] {
        let list = app
            .call("list_emails", json!({"offset": 0}), Some(cookie))
            .await;
        assert_eq!(list.status, StatusCode::OK, "{who}");
        answers.push(list.body.clone());
        let invitations: Vec<&Value> = list.body["emails"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["topic"] == "Invitation")
            .collect();
        if who == "MPN admin" {
            assert!(
                invitations.is_empty(),
                "an MPN partner admin reads no one else's invitation"
            );
        } else {
            assert_eq!(invitations.len(), 1, "a Global admin sees that it was sent");
            let body = invitations[0]["body"].as_str().unwrap();
            assert!(!body.contains("token="), "redacted: {body}");
        }
        for (endpoint, args) in [
            (
                "search_users",
                json!({"view": {"search": "boss", "status": "all"}, "offset": 0}),
            ),
            ("me", json!({})),
            ("list_service_requests", json!({"status": null})),
        ] {
            answers.push(app.call(endpoint, args, Some(cookie)).await.body);
        }
    }
    for answer in &answers {
        assert!(
            !text_of(answer).contains(&token),
            "the token leaked in {answer}"
        );
    }
    assert!(
        !contains(&database_bytes(&app).await, &token),
        "the token is not in the database file in clear"
    );

    // Without the link, the MPN partner admin cannot act as the new account or promote
    // themselves.
    let promote = app
        .call(
            "set_roles",
            json!({"user_id": app.user_id(MPA).await, "roles": {"global_admin": true, "mpn_partner_admin": true}}),
            Some(&mpa),
        )
        .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);

    // The link the transport got is the real one: it works, once.
    let accept = app
        .call("accept_invitation", json!({"token": token, "password": "violet kettle harbour", "password_again": "violet kettle harbour"}), None)
        .await;
    assert_eq!(accept.status, StatusCode::OK, "{}", accept.body);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE sealed_body IS NOT NULL")
            .await,
        0,
        "once sent, the sealed copy is wiped"
    );
}

/// Notifications as the roles table says: employees their own, MPN partner admins go-to-market
/// ones and their own, Global admins all.
#[tokio::test]
async fn each_role_reads_only_the_notifications_the_roles_table_gives_it() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let employee_id = app.user_id(EMPLOYEE).await;
    let vs = app
        .benefit_id(
            &ga,
            "VisualStudio",
            "Visual Studio Professional subscription",
        )
        .await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": employee_id}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let form = json!({"name": "Someone", "email": "someone@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    app.call("add_user", json!({"form": form}), Some(&ga)).await;

    let topics = |answer: &Answer| -> Vec<(String, String)> {
        answer.body["emails"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["topic"].as_str().unwrap().to_string(),
                    e["to"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // The MPN partner admin names the employee marketing contact: a go-to-market email.
    let mpa = app.sign_in(MPA).await;
    let contact = app
        .call(
            "set_marketing_contact",
            json!({"form": {"user_id": employee_id, "alternate_email": "mkt@agency.example", "phone": "+82 10 1234 5678", "preferred_language": "en-US"}}),
            Some(&mpa),
        )
        .await;
    assert_eq!(contact.status, StatusCode::OK, "{}", contact.body);

    let employee = app.sign_in(EMPLOYEE).await;
    let theirs = topics(
        &app.call("list_emails", json!({"offset": 0}), Some(&employee))
            .await,
    );
    assert!(theirs.iter().any(|(t, _)| t == "Seat"), "{theirs:?}");
    assert!(
        theirs.iter().any(|(t, _)| t == "GoToMarket"),
        "addressed to them: {theirs:?}"
    );
    assert!(!theirs.iter().any(|(t, _)| t == "Invitation"), "{theirs:?}");

    let mpa_sees = topics(
        &app.call("list_emails", json!({"offset": 0}), Some(&mpa))
            .await,
    );
    assert_eq!(
        mpa_sees,
        vec![("GoToMarket".to_string(), "mkt@agency.example".to_string())],
        "go-to-market only, not the seat or the invitation"
    );
    let all = topics(
        &app.call("list_emails", json!({"offset": 0}), Some(&ga))
            .await,
    );
    let company_total = app
        .scalar("SELECT COUNT(*) FROM emails WHERE company_id = (SELECT company_id FROM users WHERE email = 'ga@contoso.example')")
        .await;
    assert_eq!(
        all.len() as i64,
        company_total,
        "a Global admin reads every email of the company"
    );
    assert!(all.iter().any(|(t, _)| t == "Invitation"));
}

/// One address at two companies: adding it answers exactly as adding a new address does, and
/// the person picks the company at sign-in.
#[tokio::test]
async fn an_address_of_another_company_reveals_nothing_and_can_belong_to_both() {
    let app = TestApp::spawn().await;
    let fabrikam = app.sign_in(OTHER_GA).await;
    let add = |email: &str| json!({"form": {"name": "Evan Consultant", "email": email, "roles": {"global_admin": false, "mpn_partner_admin": false}}});
    let existing_elsewhere = app.call("add_user", add(EMPLOYEE), Some(&fabrikam)).await;
    let nowhere = app
        .call(
            "add_user",
            add("nobody.yet@contoso.example"),
            Some(&fabrikam),
        )
        .await;
    assert_eq!(
        existing_elsewhere.status,
        StatusCode::OK,
        "{}",
        existing_elsewhere.body
    );
    assert_eq!(existing_elsewhere.status, nowhere.status);
    let shape = |v: &Value| -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = v
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "id" | "email"))
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        fields.sort();
        fields
    };
    assert_eq!(
        shape(&existing_elsewhere.body),
        shape(&nowhere.body),
        "the same answer"
    );
    // Within a company an address is still taken once.
    let again = app.call("add_user", add(EMPLOYEE), Some(&fabrikam)).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.body["field"], "email");

    // The person sets the same password at Fabrikam (as accepting the invitation would).
    app.exec(&format!(
        "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE id = {}) WHERE email = '{EMPLOYEE}'",
        app.user_id(EMPLOYEE).await
    ))
    .await;
    let first = app
        .call(
            "sign_in",
            json!({"email": EMPLOYEE, "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let choices = first.body["ChooseCompany"]
        .as_array()
        .expect("asked which company");
    let names: Vec<&str> = choices
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        session_cookie(&first.headers).is_none(),
        "no session until one is chosen"
    );
    let fabrikam_id = app
        .scalar("SELECT id FROM companies WHERE account_email LIKE '%fabrikam%'")
        .await;
    let chosen = app
        .call(
            "sign_in",
            json!({"email": EMPLOYEE, "password": DEMO_PASSWORD, "company_id": fabrikam_id}),
            None,
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK);
    assert!(chosen.body["SignedIn"]["company_name"]
        .as_str()
        .unwrap()
        .contains("Fabrikam"));
    // A company id the password does not open is not a way in, nor a way around the choice.
    let wrong = app
        .call(
            "sign_in",
            json!({"email": GA, "password": DEMO_PASSWORD, "company_id": fabrikam_id}),
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn search_survives_nul_bytes_quotes_and_query_syntax() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    for q in [
        "kim\u{0}",
        "\u{0}",
        "\"",
        "a\" OR \"b",
        "NEAR(x y)",
        "*",
        "^grace",
        "\u{202E}",
    ] {
        let a = app
            .call(
                "search_users",
                json!({"view": {"search": q}, "offset": 0}),
                Some(&ga),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{q:?}: {}", a.body);
    }
}

/// A stranger's wrong passwords slow the stranger down, not the account's owner; one address
/// trying many accounts is stopped; and the counts hold across two servers on one database.
#[tokio::test]
async fn the_throttle_stops_the_guesser_not_the_owner_on_every_server() {
    let settings = [("PB_CLIENT_IP_HEADER", "X-Forwarded-For")];
    let app = TestApp::spawn_with(&settings).await;
    let twin = app.twin().await;
    let twin_base = format!("http://{}", twin.addr);
    let attacker = [("x-forwarded-for", "203.0.113.9")];
    let wrong = json!({"email": GA, "password": "guess"});
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            app.call_with("sign_in", wrong.clone(), None, &attacker)
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(
        &statuses[..5],
        &[401; 5],
        "a few honest mistakes are free: {statuses:?}"
    );
    assert!(
        statuses[5..].contains(&429),
        "then the guesser waits: {statuses:?}"
    );
    // The other server knows.
    let there = app
        .http
        .post(format!("{twin_base}/api/sign_in"))
        .header("x-forwarded-for", "203.0.113.9")
        .json(&json!({"email": GA, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        there.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "shared through the database"
    );
    // The owner, from their own address, signs in at once, on either server.
    let owner = app
        .call_with(
            "sign_in",
            json!({"email": GA, "password": DEMO_PASSWORD}),
            None,
            &[("x-forwarded-for", "192.0.2.50")],
        )
        .await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);

    // Spraying: one address, a different account each time.
    let sprayer = [("x-forwarded-for", "203.0.113.77")];
    let mut last = 0;
    for i in 0..60 {
        last = app
            .call_with(
                "sign_in",
                json!({"email": format!("user{i}@contoso.example"), "password": "guess"}),
                None,
                &sprayer,
            )
            .await
            .status
            .as_u16();
    }
    assert_eq!(last, 429, "one address is limited across accounts");
    twin.stop().await;

    // A client that is not a trusted proxy cannot pick its address: a new forged
    // X-Forwarded-For each time changes nothing, the peer's own address is what counts.
    let untrusted = TestApp::spawn_with(&[
        ("PB_CLIENT_IP_HEADER", "X-Forwarded-For"),
        ("PB_TRUSTED_PROXIES", "10.9.9.9"),
    ])
    .await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        let forged = format!("198.18.0.{i}");
        statuses.push(
            untrusted
                .call_with(
                    "sign_in",
                    wrong.clone(),
                    None,
                    &[("x-forwarded-for", &forged)],
                )
                .await
                .status
                .as_u16(),
        );
    }
    assert!(
        statuses[5..].contains(&429),
        "forged addresses are ignored: {statuses:?}"
    );
}

/// A burst of parallel guesses for one account from one address: only the free tries are
/// checked, the rest are refused before any password work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_parallel_guesses_gets_only_the_free_tries() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let mut tasks = Vec::new();
    for _ in 0..30 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let res = app
                .http
                .post(format!("{}/api/sign_in", app.base))
                .json(&json!({"email": MPA, "password": "guess"}))
                .send()
                .await
                .unwrap();
            res.status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let unauthorized = statuses.iter().filter(|s| **s == 401).count();
    // The rest are refused without a check: by the throttle (429) or, when the password
    // checks' queue is full, told to come back (503).
    let refused = statuses.iter().filter(|s| matches!(**s, 429 | 503)).count();
    assert_eq!(
        unauthorized,
        partner_benefits::server::throttle::FREE_FAILURES as usize,
        "{statuses:?}"
    );
    assert_eq!(refused, 30 - unauthorized, "{statuses:?}");
    // With more places than free tries (every machine of two cores or more), the throttle
    // itself refused some: the free tries are the throttle's count, not the queue's size.
    if app.running.state.passwords.capacity()
        > partner_benefits::server::throttle::FREE_FAILURES as usize
    {
        assert!(
            statuses.contains(&429),
            "the throttle refused some: {statuses:?}"
        );
    }
}

#[tokio::test]
async fn names_with_invisible_or_reordering_characters_are_refused_and_others_are_composed() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    for name in ["Kim\u{200B}Min", "\u{202E}nimdA", "Eve\u{2066}"] {
        let form = json!({"name": name, "email": "hidden@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
        let a = app.call("add_user", json!({"form": form}), Some(&ga)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        assert_eq!(a.body["field"], "name");
    }
    let form = json!({"name": "  Jose\u{301} Kim ", "email": "jose@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let a = app.call("add_user", json!({"form": form}), Some(&ga)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body["name"], "Jos\u{e9} Kim", "trimmed and stored in NFC");
    // A free-text reason refuses direction overrides too, beside its field.
    let package = app
        .scalar("SELECT id FROM packages WHERE name = 'Gold Application Development competency'")
        .await;
    let cancel = app
        .call(
            "request_cancellation",
            json!({"package_id": package, "reason": "refund \u{202E}"}),
            Some(&ga),
        )
        .await;
    assert_eq!(
        cancel.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        cancel.body
    );
    assert_eq!(cancel.body["field"], "reason");
}

#[tokio::test]
async fn a_tagged_company_address_is_refused_as_an_alternate_email_by_the_server() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let benefit = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    let employee = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "assign_technical",
            json!({"benefit_id": benefit, "form": {"user_id": employee, "alternate_email": "partner+support@contoso.example"}}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_eq!(a.body["field"], "alternate_email");
    assert!(
        a.body["message"].as_str().unwrap().contains("+tag"),
        "{}",
        a.body
    );
    let contact = app
        .call(
            "set_marketing_contact",
            json!({"form": {"user_id": employee, "alternate_email": "PARTNER+mkt@contoso.example", "phone": "+82 10 1234 5678", "preferred_language": "en-US"}}),
            Some(&ga),
        )
        .await;
    assert_eq!(contact.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(contact.body["field"], "alternate_email");
}

#[tokio::test]
async fn only_a_gallery_story_frame_may_be_framed_and_only_by_this_origin() {
    let app = TestApp::spawn().await;
    let headers_of = |path: &'static str| {
        let http = app.http.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let res = http.get(url).send().await.unwrap();
            let csp = res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_string();
            let xfo = res.headers()["x-frame-options"]
                .to_str()
                .unwrap()
                .to_string();
            (csp, xfo)
        }
    };
    let (csp, xfo) = headers_of("/gallery/status-badge/one?frame=en-light-fill&lang=en").await;
    assert!(csp.contains("frame-ancestors 'self'"), "{csp}");
    assert!(!csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(xfo, "SAMEORIGIN");
    // Everything else, the workshop itself and a look-alike address included, is never framed.
    for path in [
        "/",
        "/benefits/software?frame=1",
        "/gallery",
        "/gallery/status-badge/one",
        "/gallery/status-badge/one?notframe=1",
        "/galleryx/a/b?frame=1",
        // Only a story that exists, at its own address.
        "/gallery/status-badge/lost?frame=1",
        "/gallery/status-badge/one/more?frame=1",
    ] {
        let (csp, xfo) = headers_of(path).await;
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(xfo, "DENY", "{path}");
    }
}

#[tokio::test]
async fn pages_carry_a_policy_that_fits_the_app_and_every_answer_nosniff() {
    let app = TestApp::spawn().await;
    let page = app.get("/").await;
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        csp.contains("'sha256-"),
        "the inline module is allowed by its hash: {csp}"
    );
    assert_eq!(page.headers()["cross-origin-opener-policy"], "same-origin");
    assert!(page.headers()["permissions-policy"]
        .to_str()
        .unwrap()
        .contains("camera=()"));
    assert!(
        page.headers().get("strict-transport-security").is_none(),
        "no HSTS over plain HTTP"
    );
    // Answers that are not pages carry what acts on them, not the document-only policies.
    let api = app.call("me", json!({}), None).await;
    assert_eq!(api.headers["x-content-type-options"], "nosniff");
    assert_eq!(api.headers["cross-origin-resource-policy"], "same-origin");
    assert!(!api.headers.contains_key("content-security-policy"));
    let script = app.get("/app-0123456789abcdef.js").await;
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(script.headers()["x-content-type-options"], "nosniff");
    assert!(!script.headers().contains_key("permissions-policy"));

    // Served at an https address: Secure cookies and HSTS follow from that one setting.
    let tls = TestApp::spawn_with(&[("PB_PUBLIC_URL", "https://benefits.example.com")]).await;
    let page = tls.get("/").await;
    assert!(page.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .contains("max-age="));
    let signed = tls
        .call(
            "sign_in",
            json!({"email": GA, "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    let cookie = signed.headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-pb_session=") && cookie.contains("Secure"),
        "{cookie}"
    );
}

#[tokio::test]
async fn the_api_takes_only_json_and_says_nothing_of_the_framework() {
    let app = TestApp::spawn().await;
    let form = app
        .http
        .post(format!("{}/api/sign_in", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=ga%40contoso.example&password=x")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = form.json().await.unwrap();
    assert_eq!(body["kind"], "invalid");

    let unknown = app.call("no_such_function", json!({}), None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.kind(), "not_found");

    let ga = app.sign_in(GA).await;
    for (endpoint, args) in [
        ("get_keys", json!({"benefit_id": "seven"})),
        ("get_keys", json!([1, 2, 3])),
        ("add_user", json!({"form": 5})),
        ("set_roles", json!({})),
    ] {
        let a = app.call(endpoint, args, Some(&ga)).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{endpoint}: {}",
            a.body
        );
        let text = a.body.to_string();
        for framework in ["struct", "expected", "GetKeys", "serde", "missing field"] {
            assert!(!text.contains(framework), "{endpoint}: {text}");
        }
        assert!(!a.headers.contains_key("serverfnerror"));
    }
    let get = app.get("/api/me").await;
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn signing_out_everywhere_and_changing_the_password_end_every_session() {
    let app = TestApp::spawn().await;
    let phone = app.sign_in(EMPLOYEE).await;
    let laptop = app.sign_in(EMPLOYEE).await;
    let out = app
        .call("sign_out_everywhere", json!({}), Some(&phone))
        .await;
    assert_eq!(out.status, StatusCode::OK);
    for cookie in [&phone, &laptop] {
        assert_eq!(
            app.call("me", json!({}), Some(cookie)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }

    let phone = app.sign_in(EMPLOYEE).await;
    let laptop = app.sign_in(EMPLOYEE).await;
    let wrong = app
        .call("change_password", json!({"current_password": "nope", "password": "a new long passphrase", "password_again": "a new long passphrase"}), Some(&laptop))
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["field"], "current_password");
    let changed = app
        .call("change_password", json!({"current_password": DEMO_PASSWORD, "password": "a new long passphrase", "password_again": "a new long passphrase"}), Some(&laptop))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let fresh = session_cookie(&changed.headers).expect("this browser gets a new session");
    assert_eq!(
        app.call("me", json!({}), Some(&phone)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call("me", json!({}), Some(&laptop)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call("me", json!({}), Some(&fresh)).await.status,
        StatusCode::OK
    );
    let old = app
        .call(
            "sign_in",
            json!({"email": EMPLOYEE, "password": DEMO_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
}

/// Licence keys are encrypted at rest with a key kept outside the database (created 0600, as
/// is the database), still revealed in clear to who may get them, and survive a key rotation.
#[tokio::test]
async fn licence_keys_are_encrypted_at_rest_and_survive_a_key_rotation() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let benefit = app
        .benefit_id(&ga, "Software", "Windows Server 2025 Datacenter")
        .await;
    let keys = app
        .call(
            "get_keys",
            json!({"benefit_id": benefit, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(keys.status, StatusCode::OK, "{}", keys.body);
    let first = keys.body["keys"][0]["value"].as_str().unwrap().to_string();
    assert!(first.len() > 10);
    assert!(
        !contains(&database_bytes(&app).await, &first),
        "no key in clear in the database file"
    );
    let mode = |p: std::path::PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(app.dir().join("data.key")), 0o600);
    if !app.on_postgres() {
        assert_eq!(mode(app.dir().join("test.db")), 0o600);
    }

    // Rotation: the file's key becomes the previous one, a new key the current one.
    let old_key = std::fs::read_to_string(app.dir().join("data.key")).unwrap();
    let new_key = "5a".repeat(32);
    let app = app
        .restart_with(&[
            ("PB_DATA_KEY", &new_key),
            ("PB_DATA_KEY_PREVIOUS", old_key.trim()),
        ])
        .await;
    let ga = app.sign_in(GA).await;
    let again = app
        .call(
            "get_keys",
            json!({"benefit_id": benefit, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(again.body["keys"][0]["value"], first.as_str());
    // Every key is now sealed with the new key, so the old one can go.
    let app = app.restart_with(&[("PB_DATA_KEY", &new_key)]).await;
    let ga = app.sign_in(GA).await;
    let without_old = app
        .call(
            "get_keys",
            json!({"benefit_id": benefit, "confirm_forfeit": true}),
            Some(&ga),
        )
        .await;
    assert_eq!(without_old.body["keys"][0]["value"], first.as_str());
}

#[tokio::test]
async fn sign_in_problems_are_worded_in_korean_for_a_korean_page() {
    let app = TestApp::spawn().await;
    let ko = [("cookie", "pb_lang=ko")];
    let bad_email = app
        .call_with(
            "sign_in",
            json!({"email": "not-an-email", "password": "x"}),
            None,
            &ko,
        )
        .await;
    assert_eq!(bad_email.body["field"], "email");
    let message = bad_email.body["message"].as_str().unwrap();
    assert!(
        message
            .chars()
            .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
        "{message}"
    );
    let no_password = app
        .call_with("sign_in", json!({"email": GA, "password": ""}), None, &ko)
        .await;
    let message = no_password.body["message"].as_str().unwrap();
    assert!(
        message
            .chars()
            .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
        "{message}"
    );
    let unreadable = app
        .call_with("get_keys", json!({"benefit_id": "x"}), None, &ko)
        .await;
    let message = unreadable.body["message"].as_str().unwrap_or("");
    assert!(
        message
            .chars()
            .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
        "{}",
        unreadable.body
    );
}
