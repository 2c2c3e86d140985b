//! The person view and reassigning a seat: who may see what a person holds, what it lists,
//! and a seat handed on in one step (never free in between, never counted twice).

use crate::assign::futures_join_all;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

const VS_PRO: &str = "Visual Studio Professional subscription";

fn names(body: &serde_json::Value) -> Vec<String> {
    body["holdings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

/// Up to `n` other active users of `user_id`'s company, by id.
async fn colleagues(app: &TestApp, user_id: i64, n: usize) -> Vec<i64> {
    use sqlx::Row;
    let company = app
        .scalar(&format!(
            "SELECT company_id FROM users WHERE id = {user_id}"
        ))
        .await;
    sqlx::query(&format!(
        "SELECT id FROM users WHERE company_id = {company} AND active = 1 AND id <> {user_id} ORDER BY id LIMIT {n}"
    ))
    .fetch_all(app.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get::<i64, _>(0).unwrap())
    .collect()
}

#[tokio::test]
async fn an_admin_sees_everything_a_person_holds_and_anyone_else_only_themselves() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    let grace = app.user_id(GA).await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);

    let seen = app
        .call("get_person", json!({"user_id": kim}), Some(&ga))
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(seen.body["user"]["email"], EMPLOYEE);
    assert_eq!(names(&seen.body), [VS_PRO]);
    assert_eq!(seen.body["marketing_contact"], false);
    // The Global admin holds the demo's Azure DevOps users (a cloud subscription they own).
    let own = app
        .call("get_person", json!({"user_id": grace}), Some(&ga))
        .await;
    assert!(
        names(&own.body)
            .iter()
            .any(|n| n.starts_with("Azure DevOps")),
        "{:?}",
        names(&own.body)
    );
    assert!(!names(&own.body).contains(&VS_PRO.to_string()));

    // The marketing contact is said.
    let set = app
        .call("set_marketing_contact", json!({"form": {"user_id": kim, "alternate_email": "mkt@agency.example", "phone": "+82 10 1234 5678", "preferred_language": "en-US"}}), Some(&ga))
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let seen = app
        .call("get_person", json!({"user_id": kim}), Some(&ga))
        .await;
    assert_eq!(seen.body["marketing_contact"], true);

    // An MPN partner admin sees anyone; an employee themselves, and nobody else.
    let mpa = app.sign_in(MPA).await;
    let by_mpa = app
        .call("get_person", json!({"user_id": kim}), Some(&mpa))
        .await;
    assert_eq!(by_mpa.status, StatusCode::OK);
    assert_eq!(names(&by_mpa.body), [VS_PRO]);
    let employee = app.sign_in(EMPLOYEE).await;
    let self_view = app
        .call("get_person", json!({"user_id": kim}), Some(&employee))
        .await;
    assert_eq!(self_view.status, StatusCode::OK, "{}", self_view.body);
    assert_eq!(names(&self_view.body), [VS_PRO]);
    let other = app
        .call("get_person", json!({"user_id": grace}), Some(&employee))
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.body);
    assert!(
        other.body.get("holdings").is_none(),
        "nothing of it in the refusal"
    );
    // Another company's admin finds no such person.
    let fabrikam = app.sign_in(OTHER_GA).await;
    let foreign = app
        .call("get_person", json!({"user_id": kim}), Some(&fabrikam))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_seat_is_handed_on_in_one_step_to_someone_who_may_hold_it() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    let mia = app.user_id(MPA).await;
    app.call(
        "assign_seat",
        json!({"benefit_id": vs, "user_id": kim}),
        Some(&ga),
    )
    .await;
    let used = |body: &serde_json::Value| body["used"].as_i64().unwrap();
    let holders = |body: &serde_json::Value| -> Vec<i64> {
        body["assignees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["user_id"].as_i64().unwrap())
            .collect()
    };
    let emails_before = app.scalar("SELECT COUNT(*) FROM emails").await;

    let moved = app
        .call(
            "reassign_seat",
            json!({"benefit_id": vs, "from_user_id": kim, "to_user_id": mia}),
            Some(&ga),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(holders(&moved.body), [mia]);
    assert_eq!(
        used(&moved.body),
        1,
        "the seat was handed on, not freed and taken"
    );
    // Both are told; the trail has both halves, about each of them.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails").await,
        emails_before + 2
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'seat_removed' AND subject_user_id = {kim} AND benefit_id = {vs}")).await,
        1
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'seat_assigned' AND subject_user_id = {mia} AND benefit_id = {vs}")).await,
        1
    );

    // Refusals change nothing: from someone who holds no seat, to someone who holds one
    // already, to the holder themselves, to a deactivated person.
    let grace = app.user_id(GA).await;
    let from_nobody = app
        .call(
            "reassign_seat",
            json!({"benefit_id": vs, "from_user_id": kim, "to_user_id": grace}),
            Some(&ga),
        )
        .await;
    assert_eq!(
        from_nobody.status,
        StatusCode::NOT_FOUND,
        "{}",
        from_nobody.body
    );
    app.call(
        "assign_seat",
        json!({"benefit_id": vs, "user_id": kim}),
        Some(&ga),
    )
    .await;
    let to_holder = app
        .call(
            "reassign_seat",
            json!({"benefit_id": vs, "from_user_id": kim, "to_user_id": mia}),
            Some(&ga),
        )
        .await;
    assert_eq!(to_holder.status, StatusCode::CONFLICT, "{}", to_holder.body);
    let same = app
        .call(
            "reassign_seat",
            json!({"benefit_id": vs, "from_user_id": kim, "to_user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(
        same.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        same.body
    );
    assert_eq!(same.body["field"], "user");
    let gone = app
        .scalar("SELECT id FROM users WHERE active = 0 AND company_id = (SELECT company_id FROM users WHERE email = 'ga@contoso.example') LIMIT 1")
        .await;
    let to_gone = app
        .call(
            "reassign_seat",
            json!({"benefit_id": vs, "from_user_id": kim, "to_user_id": gone}),
            Some(&ga),
        )
        .await;
    assert_eq!(
        to_gone.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        to_gone.body
    );
    let row = app
        .scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
        .await;
    assert_eq!(row, 2, "kim and mia each hold one, as before the refusals");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs}"
        ))
        .await,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_seat_handed_to_ten_people_at_once_goes_to_exactly_one() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    app.call(
        "assign_seat",
        json!({"benefit_id": vs, "user_id": kim}),
        Some(&ga),
    )
    .await;
    let candidates = colleagues(&app, kim, 10).await;
    assert_eq!(candidates.len(), 10);
    let calls = candidates.iter().map(|&to| {
        app.call(
            "reassign_seat",
            json!({"benefit_id": vs, "from_user_id": kim, "to_user_id": to}),
            Some(&ga),
        )
    });
    let answers = futures_join_all(calls).await;
    let won: Vec<_> = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    assert!(
        answers
            .iter()
            .all(|a| a.status == StatusCode::OK || a.status == StatusCode::NOT_FOUND),
        "the others find the seat gone, none an internal error: {:?}",
        answers
            .iter()
            .map(|a| (a.status, a.body.clone()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs}"
        ))
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_seat_handed_on_is_never_free_for_an_assign_racing_it() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let vs = app.benefit_id(&ga, "VisualStudio", VS_PRO).await;
    let kim = app.user_id(EMPLOYEE).await;
    // One seat, held: a reassignment that freed it for a moment would let an assign in.
    app.exec(&format!("UPDATE benefits SET quantity = 1 WHERE id = {vs}"))
        .await;
    let held = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": kim}),
            Some(&ga),
        )
        .await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.body);
    let people = colleagues(&app, kim, 12).await;
    let mut holder = kim;
    for round in 0..6 {
        let next = people[round * 2];
        let intruder = people[round * 2 + 1];
        let reassign = app.call(
            "reassign_seat",
            json!({"benefit_id": vs, "from_user_id": holder, "to_user_id": next}),
            Some(&ga),
        );
        let assign = app.call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": intruder}),
            Some(&ga),
        );
        let (moved, intruded) = tokio::join!(reassign, assign);
        assert_eq!(
            moved.status,
            StatusCode::OK,
            "round {round}: {}",
            moved.body
        );
        assert_eq!(
            intruded.status,
            StatusCode::CONFLICT,
            "round {round}: the seat was never free: {}",
            intruded.body
        );
        holder = next;
        assert_eq!(
            app.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
                .await,
            1
        );
        assert_eq!(
            app.scalar(&format!(
                "SELECT user_id FROM benefit_assignments WHERE benefit_id = {vs}"
            ))
            .await,
            holder
        );
    }
}
