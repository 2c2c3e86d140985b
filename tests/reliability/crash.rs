//! The real server binary under a write load (purchases, advisory requests, seat assignments
//! and removals, technical activations), killed with SIGKILL at a random moment, restarted,
//! checked, again and again (`PB_CRASH_CYCLES`, default 200). After every kill:
//! - `PRAGMA integrity_check` is ok;
//! - every write the server acknowledged is there (purchases and requests by their idempotency
//!   key; each person's seat is as last acknowledged, or as the request in flight left it);
//! - no seat is over-assigned and every seat count matches its assignments;
//! - every acknowledged activation has its job, no activation ran twice, and the emails add up
//!   exactly (two per technical assignment, two per activation: none lost, none twice).
//!
//! At the end every acknowledged activation completes.

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_partner-benefits");
const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct Server {
    child: Child,
    base: String,
}

fn start(dir: &Path) -> Server {
    let mut child = Command::new(BIN)
        .env("PB_ADDR", "127.0.0.1:0")
        .env("PB_DATABASE", dir.join("crash.db"))
        .env("PB_DIST", dir.join("dist"))
        .env("PB_DATA_KEY", KEY)
        .env("PB_DEMO_DATA", "1")
        .env("PB_ACTIVATION_DELAY_SECS", "1")
        .env("PB_JOB_POLL_MS", "20")
        .env("PB_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server prints where it listens")
            .unwrap();
        if let Some(addr) = line.strip_prefix("listening on ") {
            break addr.trim().to_string();
        }
    };
    // Keep draining what it prints, so a full pipe never blocks it.
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

/// A tiny deterministic generator: the seed is printed, so a failing run can be repeated.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Default)]
struct Ledger {
    purchases: Vec<String>,
    requests: Vec<String>,
    /// user id → (acknowledged holder of a seat?, the change in flight when the server died).
    seats: HashMap<i64, (bool, Option<bool>)>,
    technical: Vec<i64>,
    acknowledged: u64,
}

async fn call(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    f: &str,
    args: Value,
) -> Option<(StatusCode, Value)> {
    let res = http
        .post(format!("{base}/api/{f}"))
        .header("cookie", cookie)
        .json(&args)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .ok()?;
    let status = res.status();
    let body = res.json().await.unwrap_or(Value::Null);
    Some((status, body))
}

async fn open(db: &Path) -> sqlx::SqliteConnection {
    SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .expect("the database opens")
}

async fn scalar(conn: &mut sqlx::SqliteConnection, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(conn).await.unwrap()
}

/// The load one cycle puts on the server until it dies: four clients at once.
async fn load(
    base: String,
    cookie: String,
    ledger: Arc<Mutex<Ledger>>,
    vs: i64,
    users: Vec<i64>,
    employee: i64,
    seed: u64,
) {
    let http = reqwest::Client::new();
    let buyer = {
        let (http, base, cookie, ledger) =
            (http.clone(), base.clone(), cookie.clone(), ledger.clone());
        async move {
            for i in 0.. {
                let key = format!("crash-buy-{seed}-{i}");
                let code = ["action_pack", "silver_cloud", "gold_cloud"][i % 3];
                match call(
                    &http,
                    &base,
                    &cookie,
                    "purchase_package",
                    json!({"code": code, "idempotency_key": key}),
                )
                .await
                {
                    Some((StatusCode::OK, _)) => {
                        let mut l = ledger.lock().unwrap();
                        l.purchases.push(key);
                        l.acknowledged += 1;
                    }
                    Some(_) => {}
                    None => return,
                }
            }
        }
    };
    let requester = {
        let (http, base, cookie, ledger) =
            (http.clone(), base.clone(), cookie.clone(), ledger.clone());
        async move {
            for i in 0.. {
                let Some((_, list)) = call(
                    &http,
                    &base,
                    &cookie,
                    "list_benefits",
                    json!({"category": "Technical"}),
                )
                .await
                else {
                    return;
                };
                let Some(benefit) = list.as_array().and_then(|rows| {
                    rows.iter().find(|r| {
                        r["unit"] == "Hours"
                            && r["status"] == "Active"
                            && r["quantity"].as_i64() > r["used"].as_i64()
                    })
                }) else {
                    return;
                };
                let key = format!("crash-hours-{seed}-{i}");
                let form = json!({"title": "Review", "description": "Architecture review", "phase": "design", "product": "Azure",
                                  "hours": "1", "contact_phone": "+82 2 1234 5678", "time_zone": "Asia/Seoul"});
                match call(
                    &http,
                    &base,
                    &cookie,
                    "request_advisory_hours",
                    json!({"benefit_id": benefit["id"], "form": form, "idempotency_key": key}),
                )
                .await
                {
                    Some((StatusCode::OK, _)) => {
                        let mut l = ledger.lock().unwrap();
                        l.requests.push(key);
                        l.acknowledged += 1;
                    }
                    Some(_) => {}
                    None => return,
                }
            }
        }
    };
    let seats = {
        let (http, base, cookie, ledger) =
            (http.clone(), base.clone(), cookie.clone(), ledger.clone());
        async move {
            let mut rng = Rng(seed | 1);
            loop {
                let user = users[rng.below(users.len() as u64) as usize];
                let want = {
                    let mut l = ledger.lock().unwrap();
                    let entry = l.seats.entry(user).or_insert((false, None));
                    entry.1 = Some(!entry.0);
                    !entry.0
                };
                let f = if want { "assign_seat" } else { "remove_seat" };
                match call(
                    &http,
                    &base,
                    &cookie,
                    f,
                    json!({"benefit_id": vs, "user_id": user}),
                )
                .await
                {
                    Some((status, _)) => {
                        let mut l = ledger.lock().unwrap();
                        let entry = l.seats.get_mut(&user).unwrap();
                        if status == StatusCode::OK {
                            *entry = (want, None);
                            l.acknowledged += 1;
                        } else {
                            // Refused (no free seat): nothing changed.
                            entry.1 = None;
                        }
                    }
                    None => return,
                }
            }
        }
    };
    let activator = {
        let (http, base, cookie, ledger) =
            (http.clone(), base.clone(), cookie.clone(), ledger.clone());
        async move {
            loop {
                let Some((_, list)) = call(
                    &http,
                    &base,
                    &cookie,
                    "list_benefits",
                    json!({"category": "Technical"}),
                )
                .await
                else {
                    return;
                };
                let Some(benefit) = list.as_array().and_then(|rows| {
                    rows.iter()
                        .find(|r| r["status"] == "NotActivated" && r["unit"] != "Hours")
                        .cloned()
                }) else {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                let form =
                    json!({"user_id": employee, "alternate_email": "evan.support@outlook.example"});
                match call(
                    &http,
                    &base,
                    &cookie,
                    "assign_technical",
                    json!({"benefit_id": benefit["id"], "form": form}),
                )
                .await
                {
                    Some((StatusCode::OK, _)) => {
                        let mut l = ledger.lock().unwrap();
                        l.technical.push(benefit["id"].as_i64().unwrap());
                        l.acknowledged += 1;
                    }
                    Some(_) => tokio::time::sleep(Duration::from_millis(5)).await,
                    None => return,
                }
            }
        }
    };
    tokio::join!(buyer, requester, seats, activator);
}

struct Baseline {
    technical_emails: i64,
    technical_assignments: i64,
    activations: i64,
}

const TECHNICAL_EMAILS: &str = "SELECT COUNT(*) FROM emails WHERE topic = 'technical'";
const TECHNICAL_ASSIGNMENTS: &str = "SELECT COUNT(*) FROM benefit_assignments a JOIN benefits b ON b.id = a.benefit_id WHERE b.category = 'technical'";
const ACTIVATIONS: &str = "SELECT COUNT(*) FROM audit_events WHERE action = 'technical_activated'";

/// Every invariant, on the database as the killed server left it. Returns the lost writes.
async fn check(db: &Path, ledger: &mut Ledger, base: &Baseline, cycle: usize) -> u64 {
    let mut conn = open(db).await;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(integrity, "ok", "cycle {cycle}");
    let mut lost = 0;
    for key in &ledger.purchases {
        let n = scalar(
            &mut conn,
            &format!("SELECT COUNT(*) FROM packages WHERE idempotency_key = '{key}'"),
        )
        .await;
        assert!(n <= 1, "cycle {cycle}: purchase {key} twice");
        lost += (n == 0) as u64;
    }
    for key in &ledger.requests {
        let n = scalar(
            &mut conn,
            &format!("SELECT COUNT(*) FROM service_requests WHERE idempotency_key = '{key}'"),
        )
        .await;
        assert!(n <= 1, "cycle {cycle}: request {key} twice");
        lost += (n == 0) as u64;
    }
    let over = scalar(&mut conn, "SELECT COUNT(*) FROM benefits b WHERE b.category = 'visual_studio' AND (b.used > b.quantity OR b.used <> (SELECT COUNT(*) FROM benefit_assignments a WHERE a.benefit_id = b.id))").await;
    assert_eq!(
        over, 0,
        "cycle {cycle}: a seat count disagrees with its assignments"
    );
    let hours = scalar(
        &mut conn,
        "SELECT COUNT(*) FROM benefits b WHERE b.unit = 'hours' AND b.used > b.quantity",
    )
    .await;
    assert_eq!(hours, 0, "cycle {cycle}: hours over-used");
    let vs: i64 = scalar(&mut conn, "SELECT id FROM benefits WHERE name = 'Visual Studio Professional subscription' AND company_id = 1 ORDER BY id LIMIT 1").await;
    for (user, (acked, in_flight)) in ledger.seats.iter_mut() {
        let holds = scalar(&mut conn, &format!("SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs} AND user_id = {user}")).await == 1;
        if holds != *acked && Some(holds) != *in_flight {
            lost += 1;
        }
        *acked = holds;
        *in_flight = None;
    }
    for benefit in &ledger.technical {
        let status: String = sqlx::query_scalar("SELECT status FROM benefits WHERE id = ?")
            .bind(benefit)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let jobs = scalar(&mut conn, &format!("SELECT COUNT(*) FROM jobs WHERE kind = 'activate_technical' AND target_id = {benefit}")).await;
        let done = scalar(&mut conn, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'technical_activated' AND benefit_id = {benefit}")).await;
        assert!(
            done <= 1,
            "cycle {cycle}: benefit {benefit} activated {done} times"
        );
        if !matches!(status.as_str(), "pending" | "active") || jobs != 1 {
            lost += 1;
        }
    }
    let emails = scalar(&mut conn, TECHNICAL_EMAILS).await - base.technical_emails;
    let assigned = scalar(&mut conn, TECHNICAL_ASSIGNMENTS).await - base.technical_assignments;
    let activated = scalar(&mut conn, ACTIVATIONS).await - base.activations;
    assert_eq!(
        emails,
        2 * assigned + 2 * activated,
        "cycle {cycle}: emails do not add up (lost or sent twice)"
    );
    conn.close().await.ok();
    lost
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_killed_under_load_loses_nothing_it_acknowledged() {
    let cycles: usize = std::env::var("PB_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed = std::env::var("PB_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    let db: PathBuf = dir.path().join("crash.db");
    let http = reqwest::Client::new();

    // First start: the demo data, a session that outlives every restart, the people and seats.
    let mut server = start(dir.path());
    let signed = http
        .post(format!("{}/api/sign_in", server.base))
        .json(&json!({"email": crate::helpers::GA, "password": partner_benefits::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    let cookie = crate::helpers::session_cookie(signed.headers()).unwrap();
    let mut conn = open(&db).await;
    let vs = scalar(&mut conn, "SELECT id FROM benefits WHERE name = 'Visual Studio Professional subscription' AND company_id = 1 ORDER BY id LIMIT 1").await;
    let users: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE company_id = 1 AND active = 1 ORDER BY id LIMIT 14",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let employee = scalar(
        &mut conn,
        "SELECT id FROM users WHERE email = 'employee@contoso.example' AND company_id = 1",
    )
    .await;
    let base = Baseline {
        technical_emails: scalar(&mut conn, TECHNICAL_EMAILS).await,
        technical_assignments: scalar(&mut conn, TECHNICAL_ASSIGNMENTS).await,
        activations: scalar(&mut conn, ACTIVATIONS).await,
    };
    // Start from the seats the database holds.
    let mut first = Ledger::default();
    for user in &users {
        let holds = scalar(&mut conn, &format!("SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs} AND user_id = {user}")).await == 1;
        first.seats.insert(*user, (holds, None));
    }
    conn.close().await.ok();
    let ledger = Arc::new(Mutex::new(first));
    let mut rng = Rng(seed);
    let mut lost = 0;
    let started = Instant::now();
    for cycle in 0..cycles {
        let run = tokio::spawn(load(
            server.base.clone(),
            cookie.clone(),
            ledger.clone(),
            vs,
            users.clone(),
            employee,
            seed.wrapping_add(cycle as u64),
        ));
        tokio::time::sleep(Duration::from_millis(20 + rng.below(300))).await;
        server.child.kill().expect("SIGKILL");
        server.child.wait().unwrap();
        run.await.unwrap();
        let mut l = std::mem::take(&mut *ledger.lock().unwrap());
        lost += check(&db, &mut l, &base, cycle).await;
        *ledger.lock().unwrap() = l;
        server = start(dir.path());
    }
    // Let the last server finish every acknowledged activation.
    let technical = ledger.lock().unwrap().technical.clone();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut pending = usize::MAX;
    while Instant::now() < deadline {
        let mut conn = open(&db).await;
        let mut left = 0;
        for b in &technical {
            let active = scalar(
                &mut conn,
                &format!("SELECT COUNT(*) FROM benefits WHERE id = {b} AND status = 'active'"),
            )
            .await;
            left += (active == 0) as usize;
        }
        conn.close().await.ok();
        pending = left;
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.child.kill().ok();
    server.child.wait().ok();
    let mut final_ledger = std::mem::take(&mut *ledger.lock().unwrap());
    lost += check(&db, &mut final_ledger, &base, cycles).await;
    let l = final_ledger;
    println!(
        "crash: {cycles} kill -9 cycles in {:.0} s (seed {seed}): {} acknowledged writes ({} purchases, {} advisory requests, {} seat changes, {} activations requested), {lost} lost, integrity ok every cycle, {} activations never completed",
        started.elapsed().as_secs_f64(),
        l.acknowledged,
        l.purchases.len(),
        l.requests.len(),
        l.acknowledged as usize - l.purchases.len() - l.requests.len() - l.technical.len(),
        l.technical.len(),
        pending,
    );
    assert_eq!(lost, 0, "acknowledged writes lost");
    assert_eq!(pending, 0, "every acknowledged activation completes");
    assert!(
        l.acknowledged > cycles as u64,
        "the load did write ({} acknowledged)",
        l.acknowledged
    );
}
