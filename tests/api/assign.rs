use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

const VS_PRO: &str = "Visual Studio Professional subscription";

#[tokio::test]
async fn a_global_admin_assigns_a_seat_and_removes_it() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;

    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["used"], 1);
    assert_eq!(a.body["assignees"][0]["email"], EMPLOYEE);
    // An email tells the person.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM emails WHERE to_address = '{EMPLOYEE}'"
        ))
        .await,
        1
    );

    let twice = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(
        twice.status,
        StatusCode::CONFLICT,
        "the same user cannot hold two seats"
    );

    let r = app
        .call(
            "remove_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["used"], 0);
    assert!(r.body["assignees"].as_array().unwrap().is_empty());
    let again = app
        .call(
            "remove_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_companys_user_cannot_be_given_a_seat() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let stranger = app.user_id("employee@fabrikam.example").await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": stranger}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "user");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM benefit_assignments WHERE user_id IN (SELECT id FROM users WHERE email LIKE '%fabrikam%')").await, 0);
}

/// 10 free seats, 60 admins clicking Assign for 60 different people at the same moment.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn seats_are_never_over_assigned_under_concurrency() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let company: i64 = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    partner_benefits::server::seed::add_bulk_users(&app.running.state.db, company, 60, 0)
        .await
        .unwrap();
    let users: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE company_id = $1 AND active = 1 ORDER BY id DESC LIMIT 60",
    )
    .bind(company)
    .fetch_all(app.pool())
    .await
    .unwrap();
    assert_eq!(users.len(), 60);

    let calls = users.iter().map(|u| {
        app.call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": u}),
            Some(&ga),
        )
    });
    let answers = futures_join_all(calls).await;

    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let full: Vec<_> = answers
        .iter()
        .filter(|a| a.status == StatusCode::CONFLICT)
        .collect();
    assert_eq!(ok, 10, "exactly the free seats were filled");
    assert_eq!(
        full.len(),
        50,
        "everyone else was told there is no free seat"
    );
    assert!(
        full.iter().all(|a| a.body["message"]
            .as_str()
            .unwrap()
            .starts_with("No free seat")),
        "{}",
        full[0].body
    );
    assert!(answers
        .iter()
        .all(|a| a.status != StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs}"
        ))
        .await,
        10
    );
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        10
    );
}

/// One person, one seat: twenty assignments of the same person at once give them one seat and
/// use one, whichever arrives first; the rest are told they already hold it.
#[tokio::test]
async fn the_same_person_assigned_twenty_times_at_once_holds_one_seat() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let before = app
        .scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
        .await;
    let person = app.user_id(EMPLOYEE).await;
    let answers = futures_join_all((0..20).map(|_| {
        app.call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": person}),
            Some(&ga),
        )
    }))
    .await;
    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "one seat for one person");
    assert!(
        answers
            .iter()
            .filter(|a| a.status != StatusCode::OK)
            .all(|a| a.status == StatusCode::CONFLICT),
        "the others are conflicts, never an internal error"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs} AND user_id = {person}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        before + 1
    );
}

/// `join_all` without a futures dependency: spawn each on the runtime and await them in order.
pub async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future,
{
    // The calls borrow `app`, so they cannot be spawned as 'static tasks; poll them together.
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = futures.map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if results[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => results[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn the_company_email_as_alternate_is_refused_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let tech = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    let kim = app.user_id(EMPLOYEE).await;
    for disguise in ["partner@contoso.example", "  PARTNER@Contoso.Example "] {
        let a = app
            .call(
                "assign_technical",
                json!({"benefit_id": tech, "form": {"user_id": kim, "alternate_email": disguise}}),
                Some(&ga),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{disguise}");
        assert_eq!(a.body["field"], "alternate_email");
        assert!(a.body["message"]
            .as_str()
            .unwrap()
            .contains("Partner Center account email"));
    }
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {tech}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT status = 'not_activated' FROM benefits WHERE id = {tech}"
        ))
        .await,
        1
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM emails").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM jobs").await, 0);
}

#[tokio::test]
async fn errors_are_worded_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let tech = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    let kim = app.user_id(EMPLOYEE).await;
    let korean = format!("{ga}; pb_lang=ko");
    let a = app
        .call("assign_technical", json!({"benefit_id": tech, "form": {"user_id": kim, "alternate_email": "partner@contoso.example"}}), Some(&korean))
        .await;
    assert_eq!(a.body["field"], "alternate_email");
    let message = a.body["message"].as_str().unwrap();
    assert!(
        message.chars().any(|c| ('가'..='힣').contains(&c)),
        "Korean: {message}"
    );
}

#[tokio::test]
async fn assigning_a_technical_benefit_makes_it_pending_and_emails_both_addresses() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let tech = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    let kim = app.user_id(EMPLOYEE).await;
    let a = app
        .call("assign_technical", json!({"benefit_id": tech, "form": {"user_id": kim, "alternate_email": "evan.support@outlook.example"}}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["status"], "Pending");
    assert_eq!(
        a.body["assignees"][0]["details"]["alternate_email"],
        "evan.support@outlook.example"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM emails WHERE to_address IN ('evan.support@outlook.example', 'employee@contoso.example')").await, 2);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM jobs WHERE target_id = {tech} AND done_at IS NULL"
        ))
        .await,
        1
    );

    let again = app
        .call("assign_technical", json!({"benefit_id": tech, "form": {"user_id": kim, "alternate_email": "evan.support@outlook.example"}}), Some(&ga))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

const PRESALES: &str = "Technical presales and deployment services";

fn advisory(hours: &str) -> serde_json::Value {
    json!({
        "title": "Landing zone review",
        "description": "Review our Azure landing zone design before go-live.",
        "phase": "design",
        "product": "Microsoft Azure",
        "hours": hours,
        "contact_phone": "+82 2 1234 5678",
        "time_zone": "Asia/Seoul"
    })
}

#[tokio::test]
async fn any_user_requests_advisory_hours_and_gets_a_case_number_once() {
    let app = TestApp::spawn().await;
    let emp = app.sign_in(EMPLOYEE).await;
    let id = app.benefit_id(&emp, "Technical", PRESALES).await;
    let before = app
        .scalar(&format!("SELECT used FROM benefits WHERE id = {id}"))
        .await;
    let args =
        json!({"benefit_id": id, "form": advisory("4"), "idempotency_key": "k-0123456789abcdef"});
    let a = app
        .call("request_advisory_hours", args.clone(), Some(&emp))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let case = a.body["case_number"].as_str().unwrap().to_string();
    assert_eq!(case.len(), 13);
    assert_eq!(a.body["kind"], "advisory_hours");
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {id}"))
            .await,
        before + 4
    );
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM emails WHERE to_address = '{EMPLOYEE}' AND subject LIKE '%{case}%'")).await, 1);

    // A double click or a retry with the same key files nothing new.
    let replay = app.call("request_advisory_hours", args, Some(&emp)).await;
    assert_eq!(replay.body["case_number"], case.as_str());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM service_requests").await, 1);
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {id}"))
            .await,
        before + 4
    );
}

#[tokio::test]
async fn hours_beyond_what_remains_are_refused() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let id = app.benefit_id(&ga, "Technical", PRESALES).await;
    let remaining = app
        .scalar(&format!(
            "SELECT quantity - used FROM benefits WHERE id = {id}"
        ))
        .await;
    let a = app
        .call("request_advisory_hours", json!({"benefit_id": id, "form": advisory(&(remaining + 1).to_string()), "idempotency_key": "k-too-many-hours"}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body["field"], "hours");
    assert_eq!(a.body["message"], format!("Only {remaining} hours remain."));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM service_requests").await, 0);
}

#[tokio::test]
async fn hours_cannot_be_requested_from_a_benefit_that_is_not_active() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Technical", "Partner advisory hours")
        .await;
    let a = app
        .call(
            "request_advisory_hours",
            json!({"benefit_id": id, "form": advisory("2"), "idempotency_key": "k-not-active-yet"}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
}

#[tokio::test]
async fn who_holds_what_exports_as_csv_by_category_or_all() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);

    let export = |category: serde_json::Value| {
        let app = &app;
        let ga = ga.clone();
        async move {
            let a = app
                .call(
                    "export_assignments",
                    json!({"category": category, "byte_order_mark": false}),
                    Some(&ga),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
            let text = a.body["content"].as_str().unwrap().to_string();
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            (a.body["file_name"].as_str().unwrap().to_string(), rows)
        }
    };
    let (name, seats) = export(json!("VisualStudio")).await;
    assert!(name.starts_with("assignments-visual-studio-"), "{name}");
    assert_eq!(seats.len(), 1, "{seats:?}");
    let seat = &seats[0];
    assert_eq!(&seat[0], "Visual Studio subscriptions");
    assert_eq!(&seat[1], VS_PRO);
    assert_eq!(&seat[3], "Evan Employee");
    assert_eq!(&seat[4], EMPLOYEE);
    assert_eq!(&seat[6], "Active");
    assert_eq!(&seat[8], "Grace Admin");

    // All categories: the seat and the demo's cloud subscription owner.
    let (_, all) = export(serde_json::Value::Null).await;
    assert!(all.len() > seats.len(), "{all:?}");
    assert!(all.iter().any(|r| &r[0] == "Cloud"), "{all:?}");
}

#[tokio::test]
async fn seats_of_deactivated_users_are_released_in_one_call_and_holders_show_their_last_sign_in() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let evan = app.user_id(EMPLOYEE).await;
    let minho = app.user_id(MPA).await;
    for user in [evan, minho] {
        let a = app
            .call(
                "assign_seat",
                json!({"benefit_id": vs, "user_id": user}),
                Some(&ga),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    // Minho signed in earlier in this test; Evan never did.
    app.sign_in(MPA).await;
    let rows = app
        .call(
            "list_benefits",
            json!({"category": "VisualStudio"}),
            Some(&ga),
        )
        .await;
    let row = rows
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == vs)
        .unwrap()
        .clone();
    let holder = |email: &str| {
        row["assignees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["email"] == email)
            .unwrap()
            .clone()
    };
    assert!(holder(MPA)["details"]["last_sign_in_at"].as_i64().unwrap() > 1_700_000_000);
    assert!(
        holder(EMPLOYEE)["details"].is_object(),
        "an admin reads the details"
    );
    assert!(holder(EMPLOYEE)["details"]["last_sign_in_at"].is_null());

    let off = app
        .call(
            "set_active",
            json!({"user_id": evan, "active": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    let r = app
        .call(
            "release_deactivated_seats",
            json!({"benefit_id": vs}),
            Some(&ga),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["used"], 1, "Evan's seat is free, Minho keeps his");
    let holders: Vec<&str> = r.body["assignees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(holders, [MPA]);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'seat_removed' AND subject_user_id = {evan} AND benefit_id = {vs}"
        ))
        .await,
        1
    );
    // Nothing left to release: the same answer, nothing changes.
    let again = app
        .call(
            "release_deactivated_seats",
            json!({"benefit_id": vs}),
            Some(&ga),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["used"], 1);
}

async fn bulk(
    app: &TestApp,
    cookie: &str,
    endpoint: &str,
    args: serde_json::Value,
) -> crate::helpers::Answer {
    app.call(endpoint, args, Some(cookie)).await
}

#[tokio::test]
async fn a_bulk_preview_says_what_each_line_would_do_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let minho = app.user_id(MPA).await;
    let david = app.user_id("david.miller@contoso.example").await;
    let held = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": minho}),
            Some(&ga),
        )
        .await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.body);
    let off = app
        .call(
            "set_active",
            json!({"user_id": david, "active": false}),
            Some(&ga),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    // Two seats, one taken: one free.
    app.exec(&format!("UPDATE benefits SET quantity = 2 WHERE id = {vs}"))
        .await;
    let list = "Email\nemployee@contoso.example\nmpa@contoso.example\nstranger@contoso.example\ndavid.miller@contoso.example\nEMPLOYEE@contoso.example\nnot-an-email\nsarah.johnson@contoso.example\n";
    let p = bulk(
        &app,
        &ga,
        "preview_bulk_assign",
        json!({"benefit_id": vs, "list": list}),
    )
    .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(p.body["free"], 1);
    let outcomes: Vec<String> = p.body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| match &l["outcome"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Object(o) => o.keys().next().unwrap().clone(),
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "WillAssign",
            "AlreadyHolds",
            "NotAUser",
            "Deactivated",
            "Duplicate",
            "NotAnEmail",
            "NoFreeSeat"
        ]
    );
    assert_eq!(
        p.body["lines"][0]["line"], 2,
        "lines are counted as the editor counts them"
    );
    assert_eq!(p.body["lines"][4]["outcome"]["Duplicate"]["of_line"], 2);
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        1,
        "a preview changes nothing"
    );
}

#[tokio::test]
async fn all_or_nothing_changes_nothing_when_a_line_fails_and_valid_only_assigns_the_rest() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let list = "employee@contoso.example\nsarah.johnson@contoso.example\nnobody@contoso.example\n";
    let refused = bulk(
        &app,
        &ga,
        "apply_bulk_assign",
        json!({"benefit_id": vs, "list": list, "mode": "AllOrNothing"}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body["message"]
        .as_str()
        .unwrap()
        .contains("nothing was assigned"));
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        0
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs}"
        ))
        .await,
        0
    );

    let done = bulk(
        &app,
        &ga,
        "apply_bulk_assign",
        json!({"benefit_id": vs, "list": list, "mode": "ValidOnly"}),
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.body["assigned"], 2);
    assert_eq!(done.body["left_out"], 1);
    assert_eq!(done.body["row"]["used"], 2);
    let holders: Vec<&str> = done.body["row"]["assignees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["email"].as_str().unwrap())
        .collect();
    assert_eq!(holders, [EMPLOYEE, "sarah.johnson@contoso.example"]);
    // As a single assign would: each is told, and the trail has each.
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'seat_assigned' AND benefit_id = {vs}")).await,
        2
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM emails WHERE to_address = 'sarah.johnson@contoso.example'"
        )
        .await,
        1
    );
    // A list that is all good goes through all or nothing.
    let rest = bulk(
        &app,
        &ga,
        "apply_bulk_assign",
        json!({"benefit_id": vs, "list": "mpa@contoso.example", "mode": "AllOrNothing"}),
    )
    .await;
    assert_eq!(rest.status, StatusCode::OK, "{}", rest.body);
    assert_eq!(rest.body["row"]["used"], 3);
}

#[tokio::test]
async fn an_empty_or_overlong_list_is_the_fields_problem_and_an_employee_is_refused() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let long = "someone@contoso.example\n".repeat(1001);
    for list in ["  \n ", long.as_str()] {
        let a = bulk(
            &app,
            &ga,
            "preview_bulk_assign",
            json!({"benefit_id": vs, "list": list}),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
        assert_eq!(a.body["problems"][0]["field"], "list");
    }
    let employee = app.sign_in(EMPLOYEE).await;
    let a = bulk(
        &app,
        &employee,
        "apply_bulk_assign",
        json!({"benefit_id": vs, "list": EMPLOYEE, "mode": "ValidOnly"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        0
    );
}

#[tokio::test]
async fn a_bulk_assign_racing_single_assigns_never_over_assigns() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let company: i64 = app
        .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
        .await;
    partner_benefits::server::seed::add_bulk_users(&app.running.state.db, company, 30, 0)
        .await
        .unwrap();
    let people: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, email FROM users WHERE company_id = $1 AND active = 1 ORDER BY id DESC LIMIT 30",
    )
    .bind(company)
    .fetch_all(app.pool())
    .await
    .unwrap();
    // The list asks for 8 of them; 8 others are assigned one by one at the same time, and
    // 4 people are in both. 10 seats.
    let list: Vec<&str> = people[..8].iter().map(|(_, e)| e.as_str()).collect();
    let list = list.join("\n");
    let singles = people[4..12].iter().map(|(id, _)| {
        app.call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": id}),
            Some(&ga),
        )
    });
    let bulk_call = app.call(
        "apply_bulk_assign",
        json!({"benefit_id": vs, "list": list, "mode": "ValidOnly"}),
        Some(&ga),
    );
    let (bulk_answer, single_answers) = tokio::join!(bulk_call, futures_join_all(singles));
    assert_eq!(bulk_answer.status, StatusCode::OK, "{}", bulk_answer.body);
    for a in &single_answers {
        assert!(
            a.status == StatusCode::OK || a.status == StatusCode::CONFLICT,
            "{} {}",
            a.status,
            a.body
        );
    }
    let used = app
        .scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
        .await;
    let rows = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs}"
        ))
        .await;
    assert_eq!(used, rows, "the count matches the holders");
    assert!(used <= 10, "never more than the seats: {used}");
    // 12 different people asked for 10 seats: every seat is taken.
    assert_eq!(used, 10);
    let singles_ok = single_answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert_eq!(
        bulk_answer.body["assigned"].as_u64().unwrap() as usize + singles_ok,
        10
    );
}
