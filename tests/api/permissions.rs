//! The permission matrix: every server function the server registers, called over HTTP by
//! each kind of caller, against the expected answer. A new server function without a row here
//! fails `every_registered_function_has_a_row`.

use crate::helpers::*;
use partner_benefits::DEMO_PASSWORD;
use serde_json::{json, Value};

/// Who calls: nobody, an employee, an MPN partner admin, a Global admin (all of Contoso, which
/// owns the data in the arguments), and Fabrikam's Global admin.
const CALLERS: [Option<&str>; 5] = [None, Some(EMPLOYEE), Some(MPA), Some(GA), Some(OTHER_GA)];

const ANON: u16 = 401;
const OK: u16 = 200;
const NO: u16 = 403;
const MISSING: u16 = 404;

struct Row {
    endpoint: &'static str,
    /// [anonymous, employee, MPN partner admin, Global admin, other company's Global admin]
    expected: [u16; 5],
}

const MATRIX: &[Row] = &[
    Row {
        endpoint: "sign_in",
        expected: [OK, OK, OK, OK, OK],
    },
    Row {
        endpoint: "accept_invitation",
        expected: [409, 409, 409, 409, 409],
    },
    Row {
        endpoint: "sign_out",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "me",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "list_benefits",
        expected: [ANON, OK, OK, OK, OK],
    },
    // Whoever may view a benefit may see its files; another company's product is not found.
    Row {
        endpoint: "list_downloads",
        expected: [ANON, OK, OK, OK, MISSING],
    },
    Row {
        endpoint: "get_keys",
        expected: [ANON, NO, OK, OK, MISSING],
    },
    Row {
        endpoint: "activate_cloud",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    // The directory (roles, invited, deactivated) is for those who pick people: admins.
    Row {
        endpoint: "search_users",
        expected: [ANON, NO, OK, OK, OK],
    },
    // Fabrikam's admin adds a user to Fabrikam: allowed.
    Row {
        endpoint: "add_user",
        expected: [ANON, NO, NO, OK, OK],
    },
    Row {
        endpoint: "set_roles",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "set_active",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "assign_seat",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "remove_seat",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    // Handed from the employee to the MPN partner admin: a Global admin's to do.
    Row {
        endpoint: "reassign_seat",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    // The MPN partner admin's holdings: an admin sees anyone of the company, an employee only
    // themselves, another company nobody.
    Row {
        endpoint: "get_person",
        expected: [ANON, NO, OK, OK, MISSING],
    },
    Row {
        endpoint: "preview_bulk_assign",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "apply_bulk_assign",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "release_deactivated_seats",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "assign_technical",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "request_advisory_hours",
        expected: [ANON, OK, OK, OK, MISSING],
    },
    Row {
        endpoint: "get_marketing_contact",
        expected: [ANON, OK, OK, OK, OK],
    },
    // Fabrikam's admin may manage contacts, but Contoso's employee is not one of theirs.
    Row {
        endpoint: "set_marketing_contact",
        expected: [ANON, NO, OK, OK, 422],
    },
    Row {
        endpoint: "activate_gtm",
        expected: [ANON, NO, OK, OK, MISSING],
    },
    Row {
        endpoint: "list_packages",
        expected: [ANON, OK, OK, OK, OK],
    },
    // Anyone may buy, for their own company.
    Row {
        endpoint: "purchase_package",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "request_cancellation",
        expected: [ANON, NO, OK, OK, MISSING],
    },
    Row {
        endpoint: "list_service_requests",
        expected: [ANON, OK, OK, OK, OK],
    },
    // Everyone may open Notifications; what each reads is filtered (tests/api/security.rs).
    Row {
        endpoint: "list_emails",
        expected: [ANON, OK, OK, OK, OK],
    },
    // Admins read their own company's trail (Fabrikam's admin reads Fabrikam's).
    Row {
        endpoint: "list_audit",
        expected: [ANON, NO, OK, OK, OK],
    },
    Row {
        endpoint: "list_audit_benefits",
        expected: [ANON, NO, OK, OK, OK],
    },
    Row {
        endpoint: "export_audit",
        expected: [ANON, NO, OK, OK, OK],
    },
    // Admins take their own company's data out (Fabrikam's admin, Fabrikam's).
    Row {
        endpoint: "export_users",
        expected: [ANON, NO, OK, OK, OK],
    },
    Row {
        endpoint: "export_assignments",
        expected: [ANON, NO, OK, OK, OK],
    },
    Row {
        endpoint: "export_service_requests",
        expected: [ANON, NO, OK, OK, OK],
    },
    // Everyone has an overview: admins the company's, anyone else their own.
    Row {
        endpoint: "get_overview",
        expected: [ANON, OK, OK, OK, OK],
    },
    // The company's reminder thresholds: its Global admins (Fabrikam's, Fabrikam's own).
    Row {
        endpoint: "get_reminder_days",
        expected: [ANON, NO, NO, OK, OK],
    },
    Row {
        endpoint: "set_reminder_days",
        expected: [ANON, NO, NO, OK, OK],
    },
    // Everyone has their own calendar feed.
    Row {
        endpoint: "get_calendar_feed",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "renew_calendar_feed",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "revoke_calendar_feed",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "sign_out_everywhere",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "change_password",
        expected: [ANON, OK, OK, OK, OK],
    },
    Row {
        endpoint: "resend_invitation",
        expected: [ANON, NO, NO, OK, MISSING],
    },
    Row {
        endpoint: "get_service_request",
        expected: [ANON, OK, OK, OK, MISSING],
    },
    // The employee filed it; an MPN partner admin may not withdraw someone else's.
    Row {
        endpoint: "withdraw_service_request",
        expected: [ANON, OK, 409, OK, MISSING],
    },
    Row {
        endpoint: "request_support_incident",
        expected: [ANON, OK, OK, OK, MISSING],
    },
];

/// Prepares the state a call needs and returns its arguments (ids of Contoso's things).
async fn arguments(app: &TestApp, endpoint: &str, n: usize) -> Value {
    let benefit = |name: &str| {
        format!("SELECT id FROM benefits WHERE name = '{name}' AND company_id = (SELECT id FROM companies WHERE name = 'Contoso Ltd')")
    };
    let employee = app.user_id(EMPLOYEE).await;
    match endpoint {
        "sign_in" => json!({"email": GA, "password": DEMO_PASSWORD}),
        "accept_invitation" => {
            json!({"token": "no-such-invitation", "password": "long enough phrase", "password_again": "long enough phrase"})
        }
        "sign_out" | "sign_out_everywhere" | "me" | "get_marketing_contact" => json!({}),
        "list_benefits" => json!({"category": "Software"}),
        "list_downloads" => {
            json!({"benefit_id": app.scalar(&benefit("Windows Server 2025 Datacenter")).await})
        }
        "get_keys" => {
            json!({"benefit_id": app.scalar(&benefit("Windows Server 2025 Datacenter")).await, "confirm_forfeit": false})
        }
        "activate_cloud" => {
            json!({"benefit_id": app.scalar(&benefit("Azure credits: USD 3,500 per year")).await})
        }
        "search_users" => json!({"view": {"search": ""}, "offset": 0}),
        "add_user" => {
            json!({"form": {"name": "New Person", "email": format!("new.person.{n}@example.org"), "roles": {"global_admin": false, "mpn_partner_admin": false}}})
        }
        "set_roles" => {
            json!({"user_id": employee, "roles": {"global_admin": false, "mpn_partner_admin": true}})
        }
        "set_active" => json!({"user_id": employee, "active": false}),
        "assign_seat" => {
            json!({"benefit_id": app.scalar(&benefit("Visual Studio Professional subscription")).await, "user_id": employee})
        }
        "preview_bulk_assign" => {
            json!({"benefit_id": app.scalar(&benefit("Visual Studio Professional subscription")).await, "list": "employee@contoso.example"})
        }
        "apply_bulk_assign" => {
            json!({"benefit_id": app.scalar(&benefit("Visual Studio Professional subscription")).await, "list": "employee@contoso.example", "mode": "ValidOnly"})
        }
        "release_deactivated_seats" => {
            json!({"benefit_id": app.scalar(&benefit("Visual Studio Professional subscription")).await})
        }
        "remove_seat" => {
            let vs = app
                .scalar(&benefit("Visual Studio Professional subscription"))
                .await;
            let company = app
                .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
                .await;
            app.exec(&format!("INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at) VALUES ({company}, {vs}, {employee}, {employee}, 0)")).await;
            app.exec(&format!("UPDATE benefits SET used = 1 WHERE id = {vs}"))
                .await;
            json!({"benefit_id": vs, "user_id": employee})
        }
        "reassign_seat" => {
            let vs = app
                .scalar(&benefit("Visual Studio Professional subscription"))
                .await;
            let company = app
                .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
                .await;
            app.exec(&format!("INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at) VALUES ({company}, {vs}, {employee}, {employee}, 0)")).await;
            app.exec(&format!("UPDATE benefits SET used = 1 WHERE id = {vs}"))
                .await;
            json!({"benefit_id": vs, "from_user_id": employee, "to_user_id": app.user_id(MPA).await})
        }
        "get_person" => json!({"user_id": app.user_id(MPA).await}),
        "assign_technical" => {
            json!({"benefit_id": app.scalar(&benefit("Product support incidents")).await,
                                     "form": {"user_id": employee, "alternate_email": "evan@outlook.example"}})
        }
        "request_advisory_hours" => json!({
            "benefit_id": app.scalar(&benefit("Technical presales and deployment services")).await,
            "form": {"title": "Review", "description": "Architecture review", "phase": "design", "product": "Azure",
                     "hours": "1", "contact_phone": "+82 2 1234 5678", "time_zone": "Asia/Seoul"},
            "idempotency_key": format!("matrix-key-{n:04}")
        }),
        "set_marketing_contact" => {
            json!({"form": {"user_id": employee, "alternate_email": "mkt@agency.example", "phone": "+82 10 1234 5678", "preferred_language": "en-US"}})
        }
        "activate_gtm" => {
            let company = app
                .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
                .await;
            app.exec(&format!("INSERT INTO marketing_contacts (company_id, user_id, alternate_email, phone, preferred_language, updated_by, updated_at) VALUES ({company}, {employee}, 'mkt@agency.example', '+821012345678', 'en-US', {employee}, 0)")).await;
            json!({"benefit_id": app.scalar(&benefit("Marketing services: Gold Core")).await, "gtm_type": "GoldCore"})
        }
        "list_emails" => json!({"offset": 0}),
        "list_audit" => {
            json!({"filter": {"person": null, "benefit": null, "action": "", "from": "", "to": ""}, "page": 0, "offset_minutes": 0})
        }
        "list_audit_benefits" => json!({}),
        "export_users" => json!({"byte_order_mark": true}),
        "export_assignments" => json!({"category": null, "byte_order_mark": false}),
        "export_service_requests" => json!({"status": null, "byte_order_mark": false}),
        "export_audit" => {
            json!({"filter": {"person": null, "benefit": null, "action": "", "from": "", "to": ""}, "offset_minutes": 0, "byte_order_mark": false})
        }
        "get_service_request" | "withdraw_service_request" => {
            let company = app
                .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
                .await;
            app.exec(&format!("INSERT INTO service_requests (company_id, case_number, kind, status, title, filed_by, created_at, updated_at) VALUES ({company}, 'matrix-{n}', 'advisory_hours', 'open', 'Review', {employee}, 0, 0)")).await;
            json!({"id": app.scalar(&format!("SELECT id FROM service_requests WHERE case_number = 'matrix-{n}'")).await})
        }
        "request_support_incident" => {
            let incidents = app.scalar(&benefit("Product support incidents")).await;
            app.exec(&format!(
                "UPDATE benefits SET status = 'active' WHERE id = {incidents}"
            ))
            .await;
            json!({"benefit_id": incidents, "idempotency_key": format!("matrix-incident-{n:04}"),
                   "form": {"title": "Outage", "description": "Fails over in a loop", "product": "SQL Server", "contact_phone": "+82 2 1234 5678"}})
        }
        "change_password" => {
            json!({"current_password": DEMO_PASSWORD, "password": "a brand new passphrase", "password_again": "a brand new passphrase"})
        }
        "resend_invitation" => {
            let company = app
                .scalar("SELECT id FROM companies WHERE name = 'Contoso Ltd'")
                .await;
            app.exec(&format!("INSERT INTO users (company_id, email, name, password_hash, created_at, invited_at) VALUES ({company}, 'invited.{n}@contoso.example', 'Invited Person', '', 0, 0)")).await;
            json!({"user_id": app.user_id(&format!("invited.{n}@contoso.example")).await})
        }
        "list_packages" => json!({}),
        "purchase_package" => {
            json!({"code": "action_pack", "idempotency_key": format!("matrix-buy-{n:04}")})
        }
        "request_cancellation" => json!({
            "package_id": app.scalar("SELECT id FROM packages WHERE name = 'Gold Application Development competency'").await,
            "reason": "Bought by mistake"
        }),
        "list_service_requests" => json!({"status": null}),
        "set_reminder_days" => json!({"days": "45, 10"}),
        "get_reminder_days"
        | "get_calendar_feed"
        | "renew_calendar_feed"
        | "revoke_calendar_feed"
        | "get_overview" => json!({}),
        other => panic!("no arguments for {other}: add it to the matrix"),
    }
}

#[tokio::test]
async fn every_registered_function_has_a_row() {
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    assert!(registered.len() >= MATRIX.len());
    for name in &registered {
        assert!(
            MATRIX.iter().any(|r| r.endpoint == name),
            "server function {name} has no row in the permission matrix"
        );
    }
    for row in MATRIX {
        assert!(
            registered.iter().any(|n| n == row.endpoint),
            "matrix row {} is not a registered function",
            row.endpoint
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_function_answers_each_caller_as_the_roles_table_says() {
    let mut failures = Vec::new();
    let mut n = 0;
    for row in MATRIX {
        for (caller, expected) in CALLERS.iter().zip(row.expected) {
            n += 1;
            // A fresh company state per call, so one caller's success cannot change the next answer.
            let app = TestApp::spawn().await;
            let cookie = match caller {
                Some(email) => Some(app.sign_in(email).await),
                None => None,
            };
            let args = arguments(&app, row.endpoint, n).await;
            let answer = app.call(row.endpoint, args, cookie.as_deref()).await;
            if answer.status.as_u16() != expected {
                failures.push(format!(
                    "{} as {}: expected {expected}, got {} {}",
                    row.endpoint,
                    caller.unwrap_or("anonymous"),
                    answer.status.as_u16(),
                    answer.body
                ));
            }
            app.running.stop().await;
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Fields, not only calls: what each answer open to every employee carries about colleagues.
/// A holder's alternate email, last sign-in and account status, and the marketing contact's
/// personal email and phone, reach admins and the person themselves only (the domain's
/// `PersonalDetail` table); the directory search is refused to an employee with a typed 403.
#[tokio::test]
async fn answers_carry_a_colleagues_personal_details_only_to_admins_and_themselves() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let david = app.user_id("david.miller@contoso.example").await;
    let yuna = app.user_id("yuna.choi@contoso.example").await;
    let employee = app.user_id(EMPLOYEE).await;
    // A technical benefit held by David (with a personal address), a seat held by the
    // employee, a marketing contact (Yu-na) with a phone and a personal address.
    let tech = app
        .benefit_id(&ga, "Technical", "Product support incidents")
        .await;
    let a = app
        .call("assign_technical", json!({"benefit_id": tech, "form": {"user_id": david, "alternate_email": "david.home@outlook.example"}}), Some(&ga))
        .await;
    assert_eq!(a.status.as_u16(), OK, "{}", a.body);
    let vs = app
        .benefit_id(&ga, "VisualStudio", "Visual Studio Enterprise subscription")
        .await;
    let a = app
        .call(
            "assign_seat",
            json!({"benefit_id": vs, "user_id": employee}),
            Some(&ga),
        )
        .await;
    assert_eq!(a.status.as_u16(), OK, "{}", a.body);
    let a = app
        .call("set_marketing_contact", json!({"form": {"user_id": yuna, "alternate_email": "yuna.home@outlook.example", "phone": "+82 10 9876 5432", "preferred_language": "ko-KR"}}), Some(&ga))
        .await;
    assert_eq!(a.status.as_u16(), OK, "{}", a.body);

    let mut seen_others = 0;
    let mut seen_own = 0;
    for (who, email) in [
        ("employee", EMPLOYEE),
        ("MPN partner admin", MPA),
        ("Global admin", GA),
        ("the contact", "yuna.choi@contoso.example"),
    ] {
        let me = app.user_id(email).await;
        let admin = email == GA || email == MPA;
        let cookie = app.sign_in(email).await;
        let everything = serde_json::to_string(
            &app.call(
                "list_benefits",
                json!({"category": "Technical"}),
                Some(&cookie),
            )
            .await
            .body,
        )
        .unwrap()
            + &serde_json::to_string(
                &app.call(
                    "list_benefits",
                    json!({"category": "VisualStudio"}),
                    Some(&cookie),
                )
                .await
                .body,
            )
            .unwrap();
        for category in [
            "Software",
            "Cloud",
            "VisualStudio",
            "Technical",
            "GoToMarket",
        ] {
            let rows = app
                .call(
                    "list_benefits",
                    json!({"category": category}),
                    Some(&cookie),
                )
                .await;
            assert_eq!(rows.status.as_u16(), OK, "{who}: {}", rows.body);
            for holder in rows
                .body
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|r| r["assignees"].as_array().unwrap())
            {
                let own = holder["user_id"].as_i64() == Some(me);
                assert!(
                    holder["name"].is_string() && holder["email"].is_string(),
                    "{who}: {holder}"
                );
                assert_eq!(
                    holder["details"].is_object(),
                    admin || own,
                    "{who} reading {}: {holder}",
                    holder["email"]
                );
                if own {
                    seen_own += 1
                } else {
                    seen_others += 1
                }
            }
        }
        // Nothing of the details anywhere in the text of the answers, whatever their shape:
        // the benefit lists and the Overview (made from the same rows).
        let overview = app.call("get_overview", json!({}), Some(&cookie)).await;
        assert_eq!(overview.status.as_u16(), OK, "{who}: {}", overview.body);
        let everything = everything + &overview.body.to_string();
        assert_eq!(
            everything.contains("david.home@outlook.example"),
            admin,
            "{who}: David's personal address"
        );
        // The person view: an admin anyone's, anyone else only their own.
        let david_view = app
            .call("get_person", json!({"user_id": david}), Some(&cookie))
            .await;
        assert_eq!(
            david_view.status.as_u16(),
            if admin { OK } else { NO },
            "{who}: {}",
            david_view.body
        );

        let contact = app
            .call("get_marketing_contact", json!({}), Some(&cookie))
            .await;
        assert_eq!(contact.status.as_u16(), OK, "{who}: {}", contact.body);
        assert_eq!(
            contact.body["person"]["name"], "Choi Yu-na",
            "{who}: anyone sees who the contact is"
        );
        let private = contact.body.to_string();
        let may = admin || me == yuna;
        assert_eq!(contact.body["details"].is_object(), may, "{who}: {private}");
        assert_eq!(
            private.contains("yuna.home@outlook.example"),
            may,
            "{who}: {private}"
        );
        assert_eq!(private.contains("9876"), may, "{who}: {private}");

        let search = app
            .call(
                "search_users",
                json!({"view": {"search": "", "status": "all", "sort": "name"}, "offset": 0}),
                Some(&cookie),
            )
            .await;
        if admin {
            assert_eq!(search.status.as_u16(), OK, "{who}: {}", search.body);
        } else {
            assert_eq!(search.status.as_u16(), NO, "{who}: {}", search.body);
            assert_eq!(search.kind(), "forbidden");
            assert_eq!(search.body["action"], "SearchPeople");
        }
    }
    assert!(
        seen_others > 3 && seen_own > 0,
        "the check saw holders: {seen_others} others, {seen_own} own"
    );
}
