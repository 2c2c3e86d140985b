//! Two real server processes (the `partner-benefits` binary), each on its own free port, against
//! ONE PostgreSQL database: what a deployment behind a load balancer relies on, proved over real
//! HTTP.
//!
//! - `a_seat_race_split_across_two_servers_fills_exactly_the_free_seats`
//! - `a_session_made_on_one_server_works_and_ends_on_the_other`
//! - `the_sign_in_throttle_counts_across_both_servers`
//! - `each_job_is_claimed_by_exactly_one_of_two_workers`
//! - `a_server_killed_holding_a_job_lets_the_other_finish_it_once`
//!
//! Each test makes a fresh database (`pb_servers_<test>_<random>`) on the cluster named by
//! `PB_TEST_POSTGRES` (a URL whose user may create databases; `scripts/tools.sh`'s
//! `start_postgres` starts a throwaway one and sets it). Without it each test prints a line
//! saying it needs PostgreSQL and passes without checking anything.
//!
//! The four tests that have two servers from the start launch both processes at the same moment
//! on the empty database, so they also prove that concurrent start-up is safe: sqlx's migrator
//! takes an advisory lock (one migrates, the other finds it done) and the demo data loads under
//! an advisory lock of its own (one seeds, the other finds companies): the demo holds its two
//! companies once, not twice. (The kill test starts B only after A is dead, on purpose.)
//!
//! Run: `source scripts/tools.sh && start_postgres fast`, then
//! `cargo test --features ssr --test servers -- --test-threads=1`.

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use helpers::{session_cookie, Answer, EMPLOYEE, GA};
use partner_benefits::server::throttle::FREE_FAILURES;
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::{Connection, Executor, PgPool};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_partner-benefits");
/// Both servers of a test share this data key, as servers sharing a database must.
const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const CONTOSO_ACCOUNT: &str = "partner@contoso.example";
const VS_PRO: &str = "Visual Studio Professional subscription";
const SUPPORT: &str = "Product support incidents";

/// One server process. Killed (SIGKILL) when dropped, so a failing test leaves no process
/// behind; if the test is failing, the tail of its log is printed first.
struct Server {
    name: &'static str,
    child: Child,
    base: String,
    log: PathBuf,
}

impl Server {
    /// `kill -9`: the process gets no chance to close anything.
    fn kill(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(30).collect();
            eprintln!("--- server {} log (last lines) ---", self.name);
            for line in tail.into_iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

/// A launched process that has not yet said where it listens.
struct Launching {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

/// One test's world: a fresh database, a folder (the stub client, the servers' logs), a direct
/// connection pool for checking what the database holds, and an HTTP client.
struct Fixture {
    admin: String,
    name: String,
    url: String,
    dir: tempfile::TempDir,
    db: PgPool,
    http: reqwest::Client,
    started: Instant,
}

impl Fixture {
    /// A fresh database for the test `tag`, or None (and a line saying why) without PostgreSQL.
    async fn new(tag: &str) -> Option<Fixture> {
        let Some(admin) = helpers::postgres() else {
            // Straight to the stderr file, past the test harness's capture: seen in every run.
            use std::io::Write;
            writeln!(
                std::io::stderr(),
                "servers::{tag}: SKIPPED, needs PostgreSQL: set PB_TEST_POSTGRES to a superuser URL \
                 (source scripts/tools.sh && start_postgres fast)"
            )
            .ok();
            return None;
        };
        let started = Instant::now();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        let name = format!(
            "pb_servers_{tag}_{:012x}",
            (nanos ^ ((std::process::id() as u64) << 40)) & 0xffff_ffff_ffff
        );
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("PB_TEST_POSTGRES answers");
        conn.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("a test database can be created");
        conn.close().await.ok();
        let (base, _) = admin
            .rsplit_once('/')
            .expect("PB_TEST_POSTGRES ends with /database");
        let url = format!("{base}/{name}");
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!DOCTYPE html><title>Partner Benefits</title>",
        )
        .unwrap();
        let db = sqlx::postgres::PgPoolOptions::new()
            .max_connections(4)
            .connect(&url)
            .await
            .expect("the test database opens");
        Some(Fixture {
            admin,
            name,
            url,
            dir,
            db,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            started,
        })
    }

    /// The binary with exactly the settings a server of this test gets: nothing inherited from
    /// the environment the tests run in, `extra` on top.
    fn command(&self, extra: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("PB_ADDR", "127.0.0.1:0")
            .env("PB_DATABASE", &self.url)
            .env("PB_DATA_KEY", KEY)
            .env("PB_DIST", self.dir.path().join("dist"))
            .env("PB_DEMO_DATA", "1")
            .env("PB_DATABASE_CONNECTIONS", "16")
            .env("PB_ACTIVATION_DELAY_SECS", "3600")
            .env("PB_JOB_POLL_MS", "50")
            .env("PB_LOG", "warn,sqlx=error");
        for (k, v) in extra {
            cmd.env(k, v);
        }
        cmd
    }

    /// Starts a server process; `ready` waits for it to listen.
    fn launch(&self, name: &'static str, extra: &[(&str, &str)]) -> Launching {
        let log = self.dir.path().join(format!("{name}.log"));
        let child = self
            .command(extra)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("the server binary starts");
        Launching { name, child, log }
    }

    /// Waits (up to a minute) for the `listening on http://ADDR` line the binary prints.
    fn ready(&self, mut l: Launching) -> Server {
        let stdout = l.child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            for line in lines.by_ref() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("listening on ") {
                    tx.send(addr.trim().to_string()).ok();
                    break;
                }
            }
            // Keep draining what it prints, so a full pipe never blocks it.
            for _ in lines {}
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(base) => Server {
                name: l.name,
                child: l.child,
                base,
                log: l.log,
            },
            Err(_) => {
                l.child.kill().ok();
                l.child.wait().ok();
                let log = std::fs::read_to_string(&l.log).unwrap_or_default();
                panic!("server {} never said where it listens:\n{log}", l.name);
            }
        }
    }

    /// One server, on its own.
    fn start(&self, name: &'static str, extra: &[(&str, &str)]) -> Server {
        let l = self.launch(name, extra);
        self.ready(l)
    }

    /// Two servers launched at the same moment on the still empty database (see the top of the
    /// file); checks the demo data was loaded once.
    async fn start_two(&self, extra: &[(&str, &str)]) -> (Server, Server) {
        let (a, b) = (self.launch("A", extra), self.launch("B", extra));
        let (a, b) = (self.ready(a), self.ready(b));
        assert_ne!(a.base, b.base, "two ports");
        assert_eq!(
            self.scalar("SELECT COUNT(*) FROM companies").await,
            2,
            "the demo data loaded once, though both servers started on an empty database"
        );
        assert_eq!(
            self.scalar("SELECT COUNT(*) - COUNT(DISTINCT (company_id, lower(email))) FROM users")
                .await,
            0
        );
        (a, b)
    }

    /// The operator command `partner-benefits seed-users <company> <n>`, with a server's settings.
    fn seed_users(&self, company_account: &str, n: usize) {
        let out = self
            .command(&[])
            .args(["seed-users", company_account, &n.to_string()])
            .output()
            .expect("the operator command runs");
        assert!(
            out.status.success(),
            "seed-users: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("added {n} users")
        );
    }

    /// A number the database answers.
    async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&self.db)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// Waits until `sql` answers `expected`, for up to `secs`; returns the last answer.
    async fn eventually(&self, sql: &str, expected: i64, secs: u64) -> i64 {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.scalar(sql).await;
            if got == expected || Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// POSTs JSON to a server function of `server`, with an optional session cookie.
    async fn call(&self, server: &Server, f: &str, args: Value, cookie: Option<&str>) -> Answer {
        call(&self.http, &server.base, f, args, cookie).await
    }

    /// Signs in on `server` and returns the `name=value` cookie to send back.
    async fn sign_in(&self, server: &Server, email: &str) -> String {
        let a = self
            .call(
                server,
                "sign_in",
                json!({"email": email, "password": DEMO_PASSWORD}),
                None,
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "sign-in as {email} on {}: {}",
            server.name,
            a.body
        );
        session_cookie(&a.headers).expect("sign-in sets a session cookie")
    }

    /// The ids of the caller's benefits named `name` in `category`, as the real list answers.
    async fn benefit_ids(
        &self,
        server: &Server,
        cookie: &str,
        category: &str,
        name: &str,
    ) -> Vec<(i64, String)> {
        let a = self
            .call(
                server,
                "list_benefits",
                json!({"category": category}),
                Some(cookie),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        a.body
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["name"] == name)
            .map(|r| {
                (
                    r["id"].as_i64().unwrap(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Stops the servers and drops the database. (A failing test skips this: its servers are
    /// killed by `Drop`, its database stays for a look; the test cluster is thrown away anyway.)
    async fn finish(self, servers: Vec<Server>) {
        drop(servers);
        self.db.close().await;
        let mut conn = sqlx::PgConnection::connect(&self.admin).await.unwrap();
        conn.execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str())
            .await
            .unwrap();
        conn.close().await.ok();
        println!(
            "servers: {} took {:.1} s",
            self.name,
            self.started.elapsed().as_secs_f64()
        );
    }
}

async fn call(
    http: &reqwest::Client,
    base: &str,
    f: &str,
    args: Value,
    cookie: Option<&str>,
) -> Answer {
    let mut req = http.post(format!("{base}/api/{f}")).json(&args);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.expect("the request reaches the server");
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    Answer {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    }
}

/// 60 new people, more than the free seats of one Visual Studio subscription; 60 Assign clicks
/// at the same moment, every other one sent to the other server. Both servers check capacity
/// inside a transaction that locks the company's row in the shared database, so exactly the
/// free seats are filled, whichever server took each request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_race_split_across_two_servers_fills_exactly_the_free_seats() {
    let Some(fx) = Fixture::new("seats").await else {
        return;
    };
    let (a, b) = fx.start_two(&[]).await;
    const PEOPLE: usize = 60;
    fx.seed_users(CONTOSO_ACCOUNT, PEOPLE);
    let cookies = [fx.sign_in(&a, GA).await, fx.sign_in(&b, GA).await];
    let vs = fx
        .benefit_ids(&a, &cookies[0], "VisualStudio", VS_PRO)
        .await[0]
        .0;
    let company = fx
        .scalar(&format!("SELECT company_id FROM benefits WHERE id = {vs}"))
        .await;
    let quantity = fx
        .scalar(&format!("SELECT quantity FROM benefits WHERE id = {vs}"))
        .await;
    let free = quantity
        - fx.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await;
    let users: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE company_id = $1 AND active = 1 ORDER BY id DESC LIMIT $2",
    )
    .bind(company)
    .bind(PEOPLE as i64)
    .fetch_all(&fx.db)
    .await
    .unwrap();
    assert_eq!(users.len(), PEOPLE);
    assert!(
        free > 1 && (free as usize) < PEOPLE / 2,
        "more people than free seats on each server: {free} free"
    );

    // Warm both servers' connection pools first, so neither wins the race merely because the
    // other is still opening connections to the database.
    let warm: Vec<_> = (0..32)
        .map(|i| {
            let (http, base, cookie) = (
                fx.http.clone(),
                [&a.base, &b.base][i % 2].clone(),
                cookies[i % 2].clone(),
            );
            tokio::spawn(async move {
                call(&http, &base, "me", json!({}), Some(&cookie))
                    .await
                    .status
            })
        })
        .collect();
    for w in warm {
        assert_eq!(w.await.unwrap(), StatusCode::OK);
    }

    let tasks: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, &user)| {
            let (http, base, cookie) = (
                fx.http.clone(),
                [&a.base, &b.base][i % 2].clone(),
                cookies[i % 2].clone(),
            );
            tokio::spawn(async move {
                let answer = call(
                    &http,
                    &base,
                    "assign_seat",
                    json!({"benefit_id": vs, "user_id": user}),
                    Some(&cookie),
                )
                .await;
                (i % 2, user, answer)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }

    let mut seated: Vec<i64> = Vec::new();
    let mut by_server = [0usize; 2];
    for (server, user, a) in &answers {
        match a.status {
            StatusCode::OK => {
                seated.push(*user);
                by_server[*server] += 1;
            }
            StatusCode::CONFLICT => {
                assert_eq!(a.kind(), "conflict", "{}", a.body);
                assert!(
                    a.body["message"]
                        .as_str()
                        .unwrap_or("")
                        .starts_with("No free seat"),
                    "a typed 'no free seat' conflict: {}",
                    a.body
                );
            }
            other => panic!(
                "assign_seat for user {user} on server {}: {other} {}",
                ["A", "B"][*server],
                a.body
            ),
        }
    }
    assert_eq!(
        seated.len() as i64,
        free,
        "exactly the free seats were filled (A {}, B {})",
        by_server[0],
        by_server[1]
    );
    // The database agrees: the count, the counter, and the very people who were told yes.
    assert_eq!(
        fx.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {vs}"
        ))
        .await,
        quantity
    );
    assert_eq!(
        fx.scalar(&format!("SELECT used FROM benefits WHERE id = {vs}"))
            .await,
        quantity
    );
    let mut held: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT user_id FROM benefit_assignments WHERE benefit_id = {vs} AND user_id = ANY($1)"
    ))
    .bind(&users)
    .fetch_all(&fx.db)
    .await
    .unwrap();
    held.sort_unstable();
    seated.sort_unstable();
    assert_eq!(
        held, seated,
        "the people told yes hold the seats, no one else"
    );
    assert_eq!(
        fx.scalar(&format!(
            "SELECT COUNT(*) FROM emails WHERE topic = 'seat' AND user_id IN ({})",
            users
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ))
        .await,
        free,
        "one seat email per seat given"
    );
    println!(
        "seats: {PEOPLE} concurrent assignments for {free} free seats: A gave {}, B gave {}, {} told no free seat",
        by_server[0],
        by_server[1],
        PEOPLE - seated.len()
    );
    fx.finish(vec![a, b]).await;
}

/// Sessions live in the shared database, not in a server's memory: signed in on A, the cookie
/// works on B; signed out on B, A refuses it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_made_on_one_server_works_and_ends_on_the_other() {
    let Some(fx) = Fixture::new("sessions").await else {
        return;
    };
    let (a, b) = fx.start_two(&[]).await;
    let cookie = fx.sign_in(&a, GA).await;

    let me = fx.call(&b, "me", json!({}), Some(&cookie)).await;
    assert_eq!(
        me.status,
        StatusCode::OK,
        "B knows A's session: {}",
        me.body
    );
    assert_eq!(me.body["email"], GA);
    let vs = fx.benefit_ids(&b, &cookie, "VisualStudio", VS_PRO).await;
    assert_eq!(vs.len(), 1, "B lists the caller's company's benefits");
    // And the way back: a session made on B works on A.
    let other = fx.sign_in(&b, EMPLOYEE).await;
    let me = fx.call(&a, "me", json!({}), Some(&other)).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["email"], EMPLOYEE);

    let out = fx.call(&b, "sign_out", json!({}), Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.body);
    for server in [&a, &b] {
        let me = fx.call(server, "me", json!({}), Some(&cookie)).await;
        assert_eq!(
            me.status,
            StatusCode::UNAUTHORIZED,
            "server {} refuses a session ended on B: {}",
            server.name,
            me.body
        );
        assert_eq!(me.kind(), "not_signed_in");
        let list = fx
            .call(
                server,
                "list_benefits",
                json!({"category": "VisualStudio"}),
                Some(&cookie),
            )
            .await;
        assert_eq!(list.kind(), "not_signed_in", "{}", list.body);
    }
    // Signing out one session leaves the other person's alone, on both servers.
    for server in [&a, &b] {
        let me = fx.call(server, "me", json!({}), Some(&other)).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    }
    fx.finish(vec![a, b]).await;
}

/// Wrong passwords for one account from one address, alternated between A and B: the counter is
/// in the shared database, so after FREE_FAILURES failures in all (3 on A, 2 on B: below the
/// limit on each alone) both servers answer "too many attempts", even to the right password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_throttle_counts_across_both_servers() {
    let Some(fx) = Fixture::new("throttle").await else {
        return;
    };
    let (a, b) = fx.start_two(&[]).await;
    let servers = [&a, &b];
    for i in 0..FREE_FAILURES as usize {
        let s = servers[i % 2];
        let w = fx
            .call(
                s,
                "sign_in",
                json!({"email": GA, "password": "not-the-password"}),
                None,
            )
            .await;
        assert_eq!(
            w.status,
            StatusCode::UNAUTHORIZED,
            "free try {} on {}: {}",
            i + 1,
            s.name,
            w.body
        );
        assert_eq!(w.kind(), "bad_credentials");
    }
    // The next tries, on both servers (B first: it has seen only 2 failures itself), the right
    // password last: all refused, typed, with a wait to show. The first block lasts 5 s; these
    // four requests need no password check and take milliseconds.
    for (s, password) in [
        (&b, "not-the-password"),
        (&a, "not-the-password"),
        (&b, DEMO_PASSWORD),
        (&a, DEMO_PASSWORD),
    ] {
        let w = fx
            .call(
                s,
                "sign_in",
                json!({"email": GA, "password": password}),
                None,
            )
            .await;
        assert_eq!(
            w.status,
            StatusCode::TOO_MANY_REQUESTS,
            "server {} counts the other's failures too: {}",
            s.name,
            w.body
        );
        assert_eq!(w.kind(), "too_many_attempts");
        let wait = w.body["retry_after_secs"].as_u64().unwrap_or(0);
        assert!((1..=5).contains(&wait), "{}", w.body);
        assert!(session_cookie(&w.headers).is_none());
    }
    // Another account from the same address is not blocked by this one's pair counter.
    let other = fx.sign_in(&b, EMPLOYEE).await;
    assert!(!other.is_empty());
    fx.finish(vec![a, b]).await;
}

/// The technical benefits pending activation of one company: the seeded one plus `extra` bought
/// (`purchase_package`, half on each server). Returns their ids, all NotActivated.
async fn support_benefits(fx: &Fixture, servers: [&Server; 2], extra: usize) -> Vec<i64> {
    let ga = [
        fx.sign_in(servers[0], GA).await,
        fx.sign_in(servers[1], GA).await,
    ];
    for i in 0..extra {
        let p = fx
            .call(
                servers[i % 2],
                "purchase_package",
                json!({"code": "gold_cloud", "idempotency_key": format!("servers-buy-{i:04}")}),
                Some(&ga[i % 2]),
            )
            .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    }
    let ids: Vec<i64> = fx
        .benefit_ids(servers[0], &ga[0], "Technical", SUPPORT)
        .await
        .into_iter()
        .filter(|(_, status)| status == "NotActivated")
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids.len(), extra + 1, "{ids:?}");
    ids
}

/// Asks for the activation of `benefit` on `server` (it turns Pending, a job is scheduled).
async fn request_activation(fx: &Fixture, server: &Server, cookie: &str, benefit: i64) {
    let kim: i64 = fx
        .scalar(&format!(
            "SELECT id FROM users WHERE email = '{EMPLOYEE}' ORDER BY id LIMIT 1"
        ))
        .await;
    let a = fx
        .call(
            server,
            "assign_technical",
            json!({"benefit_id": benefit, "form": {"user_id": kim, "alternate_email": "evan.support@outlook.example"}}),
            Some(cookie),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body["status"], "Pending");
}

/// A benefit activated exactly once: active, one job (done), one `technical_activated` event,
/// and exactly one "is active" email to each of the two addresses, naming its access id.
async fn assert_activated_once(fx: &Fixture, benefit: i64) {
    let status: String = sqlx::query_scalar("SELECT status FROM benefits WHERE id = $1")
        .bind(benefit)
        .fetch_one(&fx.db)
        .await
        .unwrap();
    assert_eq!(status, "active", "benefit {benefit}");
    assert_eq!(
        fx.scalar(&format!("SELECT COUNT(*) FROM jobs WHERE target_id = {benefit} AND kind = 'activate_technical' AND done_at IS NOT NULL")).await,
        1,
        "benefit {benefit}: one job, done"
    );
    assert_eq!(
        fx.scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'technical_activated' AND benefit_id = {benefit}")).await,
        1,
        "benefit {benefit} activated once"
    );
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT e.to_address FROM emails e JOIN benefits b ON b.id = $1
          WHERE e.topic = 'technical' AND e.subject LIKE '%is active'
            AND e.body LIKE '%' || b.access_id || '%' ORDER BY e.to_address",
    )
    .bind(benefit)
    .fetch_all(&fx.db)
    .await
    .unwrap();
    assert_eq!(
        emails,
        [EMPLOYEE, "evan.support@outlook.example"],
        "benefit {benefit}: one activation email per address"
    );
}

/// Both servers' workers poll the same jobs table every 20 ms; six activations fall due within
/// the same second or two. Each job is claimed with `FOR UPDATE SKIP LOCKED` inside the
/// transaction that does it, so a worker that finds a job taken skips to the next: each benefit
/// activates exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_job_is_claimed_by_exactly_one_of_two_workers() {
    let Some(fx) = Fixture::new("jobs").await else {
        return;
    };
    let (a, b) = fx
        .start_two(&[("PB_ACTIVATION_DELAY_SECS", "1"), ("PB_JOB_POLL_MS", "20")])
        .await;
    let benefits = support_benefits(&fx, [&a, &b], 5).await;
    let ga = [fx.sign_in(&a, GA).await, fx.sign_in(&b, GA).await];
    for (i, &benefit) in benefits.iter().enumerate() {
        request_activation(&fx, [&a, &b][i % 2], &ga[i % 2], benefit).await;
    }
    let list = benefits
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let n = benefits.len() as i64;
    let active = fx
        .eventually(
            &format!("SELECT COUNT(*) FROM benefits WHERE id IN ({list}) AND status = 'active'"),
            n,
            20,
        )
        .await;
    assert_eq!(active, n, "every activation ran");
    // Time for a second run of any job to show, had one been claimed twice.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for &benefit in &benefits {
        assert_activated_once(&fx, benefit).await;
    }
    assert_eq!(
        fx.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'technical_activated'")
            .await,
        n
    );
    assert_eq!(
        fx.scalar(
            "SELECT COUNT(*) FROM emails WHERE topic = 'technical' AND subject LIKE '%is active'"
        )
        .await,
        2 * n
    );
    println!("jobs: {n} activations, two workers, each activated once");
    fx.finish(vec![a, b]).await;
}

/// A claims the due job and holds it (PB_JOB_HOLD_MS) inside its transaction; A is killed with
/// SIGKILL; B, started afterwards, finishes the job, once, and A has left no trace.
///
/// Why the lease ends at once: A's claim is a row lock (`SELECT … FOR UPDATE SKIP LOCKED`, then
/// `UPDATE jobs SET done_at`) held by A's open transaction on A's connection. When the process
/// dies, the kernel closes its sockets; the PostgreSQL backend serving that connection reads
/// end-of-file, aborts the transaction (the `done_at` it wrote is rolled back) and exits,
/// releasing the row lock. Nothing waits for a timeout (`idle_in_transaction_session_timeout`,
/// 60 s, is only for a server that hangs alive), so the job is due and unlocked again for B.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_holding_a_job_lets_the_other_finish_it_once() {
    let Some(fx) = Fixture::new("kill").await else {
        return;
    };
    let mut a = fx.start(
        "A",
        &[
            ("PB_ACTIVATION_DELAY_SECS", "1"),
            ("PB_JOB_POLL_MS", "20"),
            ("PB_JOB_HOLD_MS", "3000"),
        ],
    );
    let ga = fx.sign_in(&a, GA).await;
    let benefit = fx.benefit_ids(&a, &ga, "Technical", SUPPORT).await[0].0;
    request_activation(&fx, &a, &ga, benefit).await;
    let job = fx
        .scalar(&format!(
            "SELECT id FROM jobs WHERE target_id = {benefit} AND kind = 'activate_technical'"
        ))
        .await;

    // Wait until A's worker holds the job: its session sits idle inside the transaction whose
    // last statement was the claim's UPDATE. (Or until the claim shows as committed: a worker
    // that marked the job done before doing it, which the checks below refuse.)
    const HOLDER: &str = "SELECT COALESCE(MAX(pid), 0)::int8 FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle in transaction'
          AND query LIKE 'UPDATE jobs SET done_at%'";
    let marked_done = format!("SELECT COUNT(*) FROM jobs WHERE id = {job} AND done_at IS NOT NULL");
    let deadline = Instant::now() + Duration::from_secs(10);
    let holder = loop {
        let pid = fx.scalar(HOLDER).await;
        if pid != 0 {
            break Some(pid);
        }
        if fx.scalar(&marked_done).await != 0 {
            break None;
        }
        assert!(Instant::now() < deadline, "A never claimed the job");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    if let Some(pid) = holder {
        // Held: another claimant cannot lock the row.
        let mut probe = fx.db.begin().await.unwrap();
        let locked = sqlx::query("SELECT id FROM jobs WHERE id = $1 FOR UPDATE SKIP LOCKED")
            .bind(job)
            .fetch_optional(&mut *probe)
            .await
            .unwrap();
        probe.rollback().await.unwrap();
        assert!(
            locked.is_none(),
            "A (backend {pid}) holds the job's row lock"
        );
    }

    a.kill();
    let killed = Instant::now();
    // The lease ends at once: A's backend goes, and the row can be locked again.
    if let Some(pid) = holder {
        let gone = fx
            .eventually(
                &format!("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = {pid}"),
                0,
                5,
            )
            .await;
        assert_eq!(gone, 0, "A's backend ended with A's connection");
    }
    let released = killed.elapsed();
    let mut probe = fx.db.begin().await.unwrap();
    let free = sqlx::query("SELECT id FROM jobs WHERE id = $1 FOR UPDATE NOWAIT")
        .bind(job)
        .fetch_optional(&mut *probe)
        .await
        .expect("the job's row is unlocked");
    probe.rollback().await.unwrap();
    assert!(free.is_some());
    // A did nothing: its claim rolled back, nothing activated, no email.
    assert_eq!(
        fx.scalar(&marked_done).await,
        0,
        "A's claim died with A: the job is to do again"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM benefits WHERE id = $1")
        .bind(benefit)
        .fetch_one(&fx.db)
        .await
        .unwrap();
    assert_eq!(status, "pending");
    assert_eq!(
        fx.scalar("SELECT COUNT(*) FROM emails WHERE subject LIKE '%is active'")
            .await,
        0
    );
    assert_eq!(
        fx.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'technical_activated'")
            .await,
        0
    );

    let b = fx.start("B", &[("PB_JOB_POLL_MS", "20")]);
    let active = fx
        .eventually(
            &format!("SELECT COUNT(*) FROM benefits WHERE id = {benefit} AND status = 'active'"),
            1,
            10,
        )
        .await;
    assert_eq!(active, 1, "B finished the job A was holding");
    let finished = killed.elapsed();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_activated_once(&fx, benefit).await;
    println!(
        "kill: A killed holding job {job}; its lock was gone after {} ms, B (started after the kill) finished the job {} ms after it",
        released.as_millis(),
        finished.as_millis()
    );
    fx.finish(vec![a, b]).await;
}
