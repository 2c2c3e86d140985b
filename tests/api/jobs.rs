use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

async fn assign(app: &TestApp) -> i64 {
    let ga = app.sign_in(GA).await;
    let tech = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    let kim = app.user_id(EMPLOYEE).await;
    let a = app
        .call("assign_technical", json!({"benefit_id": tech, "form": {"user_id": kim, "alternate_email": "evan.support@outlook.example"}}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    tech
}

#[tokio::test]
async fn pending_becomes_active_after_the_delay() {
    let app = TestApp::spawn_with(&[("PB_ACTIVATION_DELAY_SECS", "1")]).await;
    let tech = assign(&app).await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT status = 'pending' FROM benefits WHERE id = {tech}"
        ))
        .await,
        1
    );
    let active = app
        .eventually(
            &format!("SELECT status = 'active' FROM benefits WHERE id = {tech}"),
            1,
            10,
        )
        .await;
    assert_eq!(active, 1, "activated by the background job");

    let ga = app.sign_in(GA).await;
    let list = app
        .call("list_benefits", json!({"category": "Technical"}), Some(&ga))
        .await;
    let row = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == tech)
        .unwrap()
        .clone();
    assert_eq!(row["status"], "Active");
    assert!(row["access_id"].as_str().unwrap().starts_with("PA-"));
    assert_eq!(row["contract_id"].as_str().unwrap().len(), 10);
    // The person hears about it at both addresses.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE subject LIKE '%is active'")
            .await,
        2
    );
}

#[tokio::test]
async fn a_restart_before_the_job_is_due_still_activates_exactly_once() {
    let app = TestApp::spawn_with(&[("PB_ACTIVATION_DELAY_SECS", "2")]).await;
    let tech = assign(&app).await;
    // The server goes down with the job pending and comes back up.
    let app = app.restart().await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT status = 'pending' FROM benefits WHERE id = {tech}"
        ))
        .await,
        1
    );
    let active = app
        .eventually(
            &format!("SELECT status = 'active' FROM benefits WHERE id = {tech}"),
            1,
            10,
        )
        .await;
    assert_eq!(active, 1);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'technical_activated'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM jobs WHERE done_at IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE subject LIKE '%is active'")
            .await,
        2
    );
}

#[tokio::test]
async fn two_workers_on_one_database_activate_once() {
    let app = TestApp::spawn_with(&[("PB_ACTIVATION_DELAY_SECS", "1")]).await;
    let tech = assign(&app).await;
    let twin = app.twin().await;
    let active = app
        .eventually(
            &format!("SELECT status = 'active' FROM benefits WHERE id = {tech}"),
            1,
            10,
        )
        .await;
    assert_eq!(active, 1);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'technical_activated'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE subject LIKE '%is active'")
            .await,
        2
    );
    twin.stop().await;
}
