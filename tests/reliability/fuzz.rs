//! Every registered server function receives at least [`PER_FUNCTION`] generated bodies from
//! each kind of caller (nobody, an employee, an MPN partner admin, a Global admin, another
//! company's Global admin): wrong shapes, missing and extra fields, boundary numbers, long and
//! odd Unicode strings, and bytes that are not JSON at all. Every answer must be below 500 and,
//! when it is an error, the typed shape; the server must still answer afterwards.

use crate::helpers::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

const PER_FUNCTION: usize = 2000;
const ROLES: [Option<&str>; 5] = [None, Some(EMPLOYEE), Some(MPA), Some(GA), Some(OTHER_GA)];

/// A well-formed body per function: what the mutations start from. A function registered
/// without one here fails the test, so new functions are fuzzed too.
fn example(endpoint: &str) -> Option<Value> {
    let user_form = json!({"name": "Kim Min-jun", "email": "kim.minjun@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    let advisory = json!({"title": "Review", "description": "Architecture review", "phase": "design", "product": "Azure",
                          "hours": "1", "contact_phone": "+82 2 1234 5678", "time_zone": "Asia/Seoul"});
    Some(match endpoint {
        "sign_in" => json!({"email": GA, "password": "guess", "company_id": null}),
        "sign_out" | "sign_out_everywhere" | "me" | "get_marketing_contact" | "list_packages" => {
            json!({})
        }
        "accept_invitation" => {
            json!({"token": "00", "password": "long enough phrase", "password_again": "long enough phrase"})
        }
        "change_password" => {
            json!({"current_password": "nope", "password": "long enough phrase", "password_again": "long enough phrase"})
        }
        "list_benefits" => json!({"category": "Software"}),
        "get_keys" => json!({"benefit_id": 1, "confirm_forfeit": false}),
        "list_downloads" => json!({"benefit_id": 3}),
        "activate_cloud" => json!({"benefit_id": 5}),
        "search_users" => json!({"view": {"search": "kim"}, "offset": 0}),
        "add_user" => json!({"form": user_form}),
        "resend_invitation" => json!({"user_id": 7}),
        "set_roles" => {
            json!({"user_id": 7, "roles": {"global_admin": false, "mpn_partner_admin": true}})
        }
        "set_active" => json!({"user_id": 7, "active": true}),
        "assign_seat" | "remove_seat" => json!({"benefit_id": 9, "user_id": 7}),
        "reassign_seat" => json!({"benefit_id": 9, "from_user_id": 7, "to_user_id": 8}),
        "get_person" => json!({"user_id": 7}),
        "assign_technical" => {
            json!({"benefit_id": 12, "form": {"user_id": 7, "alternate_email": "evan@outlook.example"}})
        }
        "request_advisory_hours" => {
            json!({"benefit_id": 13, "form": advisory, "idempotency_key": "fuzz-key-0001"})
        }
        "set_marketing_contact" => {
            json!({"form": {"user_id": 7, "alternate_email": "mkt@agency.example", "phone": "+82 10 1234 5678", "preferred_language": "en-US"}})
        }
        "activate_gtm" => json!({"benefit_id": 20, "gtm_type": "GoldCore"}),
        "list_emails" => json!({"offset": 0}),
        "purchase_package" => json!({"code": "action_pack", "idempotency_key": "fuzz-buy-0001"}),
        "request_cancellation" => json!({"package_id": 2, "reason": "Bought by mistake"}),
        "list_service_requests" => json!({"status": null}),
        "get_service_request" | "withdraw_service_request" => json!({"id": 1}),
        "request_support_incident" => {
            json!({"benefit_id": 12, "idempotency_key": "fuzz-incident-1",
            "form": {"title": "Outage", "description": "Fails over", "product": "SQL Server", "contact_phone": "+82 2 1234 5678"}})
        }
        "list_audit" => {
            json!({"filter": {"person": 7, "benefit": 9, "action": "seat_assigned", "from": "2026-01-01", "to": "2026-12-31"},
                   "page": 0, "offset_minutes": 540})
        }
        "export_audit" => {
            json!({"filter": {"person": null, "benefit": null, "action": "", "from": "", "to": ""},
                   "offset_minutes": -300, "byte_order_mark": true})
        }
        "list_audit_benefits" => json!({}),
        "export_users" => json!({"byte_order_mark": false}),
        "export_assignments" => json!({"category": "Software", "byte_order_mark": false}),
        "export_service_requests" => json!({"status": "open", "byte_order_mark": true}),
        "preview_bulk_assign" => {
            json!({"benefit_id": 9, "list": "kim.minjun@contoso.example\nevan@contoso.example"})
        }
        "apply_bulk_assign" => {
            json!({"benefit_id": 9, "list": "kim.minjun@contoso.example", "mode": "ValidOnly"})
        }
        "release_deactivated_seats" => json!({"benefit_id": 9}),
        "set_reminder_days" => json!({"days": "60, 30, 7"}),
        "get_reminder_days"
        | "get_calendar_feed"
        | "renew_calendar_feed"
        | "revoke_calendar_feed"
        | "get_overview" => json!({}),
        _ => return None,
    })
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn odd_string(rng: &mut Rng) -> String {
    let pieces = [
        "",
        " ",
        "\u{0}",
        "\u{202E}evil",
        "\u{200B}",
        "💥🧨",
        "김민준",
        "e\u{301}",
        "'; DROP TABLE users; --",
        "\" OR 1=1 --",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "%00",
        "\\",
        "\"",
        "NEAR(a b)",
        "*",
        "ga@contoso.example",
        "partner+x@contoso.example",
        "+82 10 1234 5678",
        "presales",
        "GoldCore",
        "Software",
        "action_pack",
        "\r\nX-Injected: 1",
        "\u{FEFF}",
        "𝕏",
        "\u{10FFFF}",
        "null",
        "1e309",
    ];
    match rng.below(6) {
        0 => "x".repeat(rng.below(70_000)),
        1 => "가".repeat(rng.below(5_000)),
        2 => (0..rng.below(40))
            .map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'))
            .collect(),
        _ => (0..1 + rng.below(3)).map(|_| *rng.pick(&pieces)).collect(),
    }
}

fn odd_number(rng: &mut Rng) -> Value {
    let numbers = [
        json!(0),
        json!(-1),
        json!(1),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1e308),
        json!(-0.0),
        json!(0.5),
        json!(9007199254740993u64),
        json!(2147483648u64),
        json!(-2147483649i64),
    ];
    rng.pick(&numbers).clone()
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 4 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => odd_number(rng),
        3 => Value::String(odd_string(rng)),
        4 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                let key = rng
                    .pick(&[
                        "form",
                        "user_id",
                        "benefit_id",
                        "email",
                        "query",
                        "roles",
                        "x",
                        "",
                    ])
                    .to_string();
                m.insert(key, random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// Replaces one leaf somewhere in `v` with a random value of another type or an odd value of
/// the same type.
fn mutate_leaf(rng: &mut Rng, v: &mut Value) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            let key = m.keys().nth(rng.below(m.len())).unwrap().clone();
            let child = m.get_mut(&key).unwrap();
            if rng.below(3) == 0 {
                *child = random_value(rng, 1);
            } else {
                mutate_leaf(rng, child);
            }
        }
        Value::String(_) => *v = Value::String(odd_string(rng)),
        Value::Number(_) => *v = odd_number(rng),
        _ => *v = random_value(rng, 1),
    }
}

/// One generated body, as bytes (some are not JSON at all).
fn body(rng: &mut Rng, example: &Value) -> Vec<u8> {
    let mut v = example.clone();
    match rng.below(8) {
        0 => v = random_value(rng, 0),
        1 => {
            if let Value::Object(m) = &mut v {
                if !m.is_empty() {
                    let key = m.keys().nth(rng.below(m.len())).unwrap().clone();
                    m.remove(&key);
                }
            }
        }
        2 => {
            if let Value::Object(m) = &mut v {
                m.insert(
                    odd_string(rng).chars().take(20).collect(),
                    random_value(rng, 1),
                );
            }
        }
        3 => {
            let text = v.to_string();
            let cut = rng.below(text.len().max(1));
            let mut bytes = text.into_bytes();
            bytes.truncate(cut);
            if rng.below(2) == 0 {
                bytes.extend_from_slice(&[0xff, 0xfe, 0x00, b'"']);
            }
            return bytes;
        }
        4 => return br#"{"query": "\ud800", "offset": 0}"#.to_vec(),
        _ => {
            for _ in 0..1 + rng.below(3) {
                mutate_leaf(rng, &mut v);
            }
        }
    }
    v.to_string().into_bytes()
}

#[derive(Default, Clone)]
struct Tally {
    sent: usize,
    ok: usize,
    client_errors: usize,
    /// Time spent waiting for this function's answers, all callers together: where the run's
    /// minutes go.
    busy: std::time::Duration,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_function_survives_garbage_from_every_caller() {
    let functions: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_string())
        .collect();
    let missing: Vec<&String> = functions.iter().filter(|f| example(f).is_none()).collect();
    assert!(missing.is_empty(), "no fuzz example for {missing:?}");
    let tallies: Arc<Mutex<BTreeMap<String, Tally>>> = Arc::default();
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    let started = std::time::Instant::now();
    let role = |r: usize| fuzz_role(r, functions.clone(), tallies.clone(), failures.clone());
    // Concurrently (one task, so the borrows of the test helpers need not be `Send`).
    tokio::join!(role(0), role(1), role(2), role(3), role(4));
    report(&tallies, &failures, started);
}

async fn fuzz_role(
    r: usize,
    functions: Vec<String>,
    tallies: Arc<Mutex<BTreeMap<String, Tally>>>,
    failures: Arc<Mutex<Vec<String>>>,
) {
    let role = ROLES[r];
    {
        {
            // One server per caller, so one caller's garbage cannot change another's rights.
            let app = TestApp::spawn().await;
            let mut cookie = match role {
                Some(email) => Some(app.sign_in(email).await),
                None => None,
            };
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (r as u64 + 1));
            for f in &functions {
                let example = example(f).unwrap();
                for _ in 0..PER_FUNCTION {
                    let bytes = body(&mut rng, &example);
                    let mut req = app
                        .http
                        .post(format!("{}/api/{f}", app.base))
                        .header("content-type", "application/json")
                        .body(bytes.clone());
                    if let Some(c) = &cookie {
                        req = req.header("cookie", c);
                    }
                    let asked = std::time::Instant::now();
                    let res = req.send().await.expect("the server answers");
                    let status = res.status().as_u16();
                    let text = res.text().await.unwrap_or_default();
                    {
                        let mut t = tallies.lock().unwrap();
                        let t = t.entry(f.clone()).or_default();
                        t.busy += asked.elapsed();
                        t.sent += 1;
                        if status < 300 {
                            t.ok += 1;
                        } else if status < 500 {
                            t.client_errors += 1;
                        }
                    }
                    let typed = status < 300
                        || serde_json::from_str::<Value>(&text)
                            .is_ok_and(|v| v["kind"].is_string());
                    if status >= 500 || !typed {
                        let mut fl = failures.lock().unwrap();
                        if fl.len() < 30 {
                            fl.push(format!(
                                "{f} as {}: {status} {} <- {}",
                                role.unwrap_or("anonymous"),
                                text.chars().take(200).collect::<String>(),
                                String::from_utf8_lossy(&bytes)
                                    .chars()
                                    .take(200)
                                    .collect::<String>()
                            ));
                        }
                    }
                    if let (401, Some(email)) = (status, role) {
                        // Garbage signed this caller out (sign_out, set_active, set_roles…): put
                        // the account back as it was and sign in again, so the role stays fuzzed.
                        let (ga, mpa) = (email == GA || email == OTHER_GA, email == MPA);
                        app.exec(&format!(
                            "UPDATE users SET active = 1, is_global_admin = {}, is_mpn_partner_admin = {}, password_hash = (SELECT password_hash FROM users WHERE email = '{EMPLOYEE}') WHERE email = '{email}'",
                            ga as i32, mpa as i32
                        ))
                        .await;
                        app.exec("DELETE FROM sign_in_throttle").await;
                        cookie = Some(app.sign_in(email).await);
                    }
                }
            }
            let alive = app.call("me", json!({}), cookie.as_deref()).await;
            assert!(alive.status.as_u16() < 500, "the server still answers");
            app.running.stop().await;
        }
    }
}

fn report(
    tallies: &Mutex<BTreeMap<String, Tally>>,
    failures: &Mutex<Vec<String>>,
    started: std::time::Instant,
) {
    let tallies = tallies.lock().unwrap();
    println!(
        "fuzz: {} requests in {:.0} s",
        tallies.values().map(|t| t.sent).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "{:<24} {:>8} {:>8} {:>8} {:>6} {:>8}",
        "function", "bodies", "2xx", "4xx", "5xx", "busy s"
    );
    for (f, t) in tallies.iter() {
        println!(
            "{f:<24} {:>8} {:>8} {:>8} {:>6} {:>8.1}",
            t.sent,
            t.ok,
            t.client_errors,
            t.sent - t.ok - t.client_errors,
            t.busy.as_secs_f64()
        );
        assert!(
            t.sent >= PER_FUNCTION * ROLES.len(),
            "{f}: only {} bodies",
            t.sent
        );
    }
    let failures = failures.lock().unwrap();
    assert!(
        failures.is_empty(),
        "{} answers were 5xx or untyped:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
