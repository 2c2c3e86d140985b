use partner_benefits::server::config::Config;
use partner_benefits::server::http::{start, Running};
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::{json, Value};

pub struct TestApp {
    pub base: String,
    pub running: Running,
    pub http: reqwest::Client,
    extra: Vec<(&'static str, String)>,
    dir: tempfile::TempDir,
}

/// An answer: the status and the JSON body (Null when the body is not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    /// The `kind` of a typed error.
    pub fn kind(&self) -> &str {
        self.body["kind"].as_str().unwrap_or("")
    }
}

/// The PostgreSQL server the suite runs against, when it does: `PB_TEST_POSTGRES`, a URL whose
/// user may create databases (scripts/test.sh starts a throwaway cluster and sets it). Unset:
/// every test runs on SQLite files.
pub fn postgres() -> Option<String> {
    std::env::var("PB_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// The database a test server in `dir` uses: `dir/test.db`, or on PostgreSQL a fresh database
/// made for this directory (its URL kept in `dir/postgres-url`, so a restart or a twin server
/// finds the same one).
pub async fn database_for(dir: &std::path::Path) -> String {
    let kept = dir.join("postgres-url");
    if let Ok(url) = std::fs::read_to_string(&kept) {
        return url;
    }
    match postgres() {
        // A directory that already holds a SQLite file (an upgrade test) stays on SQLite.
        Some(admin) if !dir.join("test.db").exists() => {
            use sqlx::{Connection, Executor};
            let name = format!(
                "pb_test_{}",
                dir.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
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
            std::fs::write(&kept, &url).unwrap();
            url
        }
        _ => dir.join("test.db").display().to_string(),
    }
}

/// The configuration of a test server: a free port, the given files, demo data, quick jobs.
pub fn test_config(db: &str, dist: &std::path::Path, extra: &[(&str, &str)]) -> Config {
    let db = db.to_string();
    let key_file = std::path::Path::new(dist)
        .parent()
        .map(|d| d.join("data.key").display().to_string())
        .unwrap_or_default();
    let dist = dist.display().to_string();
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(move |k| {
        if let Some((_, v)) = extra.iter().find(|(name, _)| name == k) {
            return Some(v.clone());
        }
        match k {
            "PB_ADDR" => Some("127.0.0.1:0".into()),
            "PB_DATABASE" => Some(db.clone()),
            // Beside the database on SQLite anyway; PostgreSQL needs it said.
            "PB_DATA_KEY_FILE" => Some(key_file.clone()),
            "PB_DATABASE_CONNECTIONS" => Some("6".into()),
            "PB_DIST" => Some(dist.clone()),
            // The binary starts empty by default; the suite works on the demo companies.
            "PB_DEMO_DATA" => Some("1".into()),
            "PB_ACTIVATION_DELAY_SECS" => Some("3600".into()),
            "PB_JOB_POLL_MS" => Some("50".into()),
            // Off unless a test asks: the demo data has benefits near their end, and other
            // tests count emails.
            "PB_REMINDER_SWEEP_SECS" => Some("0".into()),
            _ => None,
        }
    })
    .expect("test configuration is valid")
}

impl TestApp {
    /// A server on a free port over a new SQLite file holding the demo data, with a built
    /// client stand-in in `dist/` so static serving can be checked too.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(&[]).await
    }

    /// The same, with extra settings (e.g. `PB_ACTIVATION_DELAY_SECS`).
    pub async fn spawn_with(extra: &[(&'static str, &str)]) -> TestApp {
        TestApp::spawn_in(tempfile::tempdir().unwrap(), extra).await
    }

    /// A server over whatever `dir` already holds (`test.db`, say, made by an older version).
    pub async fn spawn_in(dir: tempfile::TempDir, extra: &[(&'static str, &str)]) -> TestApp {
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!DOCTYPE html><title>Partner Benefits</title><script type=\"module\">import init from '/app.js'; await init();</script>",
        )
        .unwrap();
        std::fs::write(
            dist.join("app-0123456789abcdef.js"),
            "console.log('x');".repeat(200),
        )
        .unwrap();
        // A file copied under its own name, as the workshop's stylesheet is.
        std::fs::write(dist.join("gallery.css"), ".story { padding: 1rem; }").unwrap();
        let extra: Vec<(&'static str, String)> =
            extra.iter().map(|(k, v)| (*k, v.to_string())).collect();
        let running = TestApp::start(&dir, &extra).await;
        TestApp {
            base: format!("http://{}", running.addr),
            running,
            http: reqwest::Client::builder().build().unwrap(),
            extra,
            dir,
        }
    }

    async fn start(dir: &tempfile::TempDir, extra: &[(&'static str, String)]) -> Running {
        let pairs: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let config = test_config(
            &database_for(dir.path()).await,
            &dir.path().join("dist"),
            &pairs,
        );
        start(config).await.expect("server starts")
    }

    /// Stops the server as a process exit would, and starts a new one on the same database.
    pub async fn restart(self) -> TestApp {
        let TestApp {
            running,
            http,
            extra,
            dir,
            ..
        } = self;
        running.stop().await;
        let running = TestApp::start(&dir, &extra).await;
        TestApp {
            base: format!("http://{}", running.addr),
            running,
            http,
            extra,
            dir,
        }
    }

    /// Stops the server and starts a new one on the same database with these settings instead.
    pub async fn restart_with(self, extra: &[(&'static str, &str)]) -> TestApp {
        let mut app = self;
        app.extra = extra.iter().map(|(k, v)| (*k, v.to_string())).collect();
        app.restart().await
    }

    /// The folder holding the database, the data key and `dist/`.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A second server on the same database at the same time (two workers racing).
    pub async fn twin(&self) -> Running {
        TestApp::start(&self.dir, &self.extra).await
    }

    pub fn pool(&self) -> &sqlx::AnyPool {
        &self.running.state.db.pool
    }

    /// Whether this server runs on PostgreSQL.
    pub fn on_postgres(&self) -> bool {
        self.running.state.db.backend == partner_benefits::server::db::Backend::Postgres
    }

    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql).execute(self.pool()).await.unwrap();
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        // The demo account (the oldest) when an address is at several companies.
        sqlx::query_scalar(
            "SELECT id FROM users WHERE lower(email) = lower($1) ORDER BY id LIMIT 1",
        )
        .bind(email)
        .fetch_one(self.pool())
        .await
        .unwrap()
    }

    /// Waits until `sql` (a COUNT or a 0/1 check) answers `expected`, for up to `secs`.
    pub async fn eventually(&self, sql: &str, expected: i64, secs: u64) -> i64 {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let got = self.scalar(sql).await;
            if got == expected || std::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// POSTs JSON to a server function, with an optional session cookie and extra headers.
    pub async fn call_with(
        &self,
        endpoint: &str,
        args: Value,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut req = self
            .http
            .post(format!("{}/api/{endpoint}", self.base))
            .json(&args);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = req.send().await.expect("request reaches the server");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    /// A plain GET of `path` (a page or a static file), as a browser's first request sends it.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn call(&self, endpoint: &str, args: Value, cookie: Option<&str>) -> Answer {
        self.call_with(endpoint, args, cookie, &[]).await
    }

    /// Signs in and returns the `name=value` cookie to send back.
    pub async fn sign_in(&self, email: &str) -> String {
        let a = self
            .call(
                "sign_in",
                json!({"email": email, "password": DEMO_PASSWORD}),
                None,
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "sign-in as {email}: {}", a.body);
        session_cookie(&a.headers).expect("sign-in sets a session cookie")
    }

    /// The id of the caller's benefit with this name, from the real list function.
    pub async fn benefit_id(&self, cookie: &str, category: &str, name: &str) -> i64 {
        let a = self
            .call("list_benefits", json!({"category": category}), Some(cookie))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        a.body
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no benefit {name:?} in {category}"))["id"]
            .as_i64()
            .unwrap()
    }

    /// A number the database answers; a condition (`x = y`, `EXISTS`) counts as 1 or 0, as
    /// SQLite answers it and PostgreSQL's booleans do not.
    pub async fn scalar(&self, sql: &str) -> i64 {
        use sqlx::Row;
        let row = sqlx::query(sql).fetch_one(self.pool()).await.unwrap();
        row.try_get::<i64, _>(0)
            .or_else(|_| row.try_get::<bool, _>(0).map(i64::from))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

pub fn session_cookie(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("pb_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

pub const GA: &str = "ga@contoso.example";
pub const MPA: &str = "mpa@contoso.example";
pub const EMPLOYEE: &str = "employee@contoso.example";
pub const OTHER_GA: &str = "ga@fabrikam.example";

/// One message a fake relay accepted.
#[derive(Clone, Debug)]
pub struct Relayed {
    pub rcpt: String,
    /// The whole DATA section as sent.
    pub raw: String,
    /// The body, decoded from base64.
    pub body: String,
}

/// An SMTP server on loopback that accepts what it is sent, except: a recipient whose address
/// starts with `reject.` is refused for good (550); one starting with `busyN.` is told to try
/// later (451) N times, then accepted.
pub struct FakeRelay {
    pub url: String,
    messages: std::sync::Arc<std::sync::Mutex<Vec<Relayed>>>,
}

impl FakeRelay {
    pub async fn start() -> FakeRelay {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let busy = std::sync::Arc::new(std::sync::Mutex::new(std::collections::HashMap::<
            String,
            u32,
        >::new()));
        let seen = messages.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let seen = seen.clone();
                let busy = busy.clone();
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut lines = BufReader::new(read).lines();
                    write.write_all(b"220 fake ESMTP\r\n").await.ok();
                    let mut rcpt = String::new();
                    let mut data: Option<String> = None;
                    while let Ok(Some(line)) = lines.next_line().await {
                        if let Some(buf) = data.as_mut() {
                            if line == "." {
                                let raw = data.take().unwrap();
                                seen.lock().unwrap().push(Relayed {
                                    rcpt: rcpt.clone(),
                                    body: decode_body(&raw),
                                    raw,
                                });
                                write.write_all(b"250 queued\r\n").await.ok();
                            } else {
                                buf.push_str(&line);
                                buf.push('\n');
                            }
                            continue;
                        }
                        let upper = line.to_ascii_uppercase();
                        let reply: String =
                            if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                                "250-fake\r\n250 8BITMIME\r\n".into()
                            } else if upper.starts_with("RCPT TO:") {
                                rcpt = line[8..]
                                    .trim()
                                    .trim_start_matches('<')
                                    .split('>')
                                    .next()
                                    .unwrap_or("")
                                    .to_string();
                                if rcpt.starts_with("reject.") {
                                    "550 5.1.1 no such mailbox\r\n".into()
                                } else if let Some(n) = rcpt
                                    .strip_prefix("busy")
                                    .and_then(|r| r.chars().next())
                                    .and_then(|c| c.to_digit(10))
                                {
                                    let mut b = busy.lock().unwrap();
                                    let tries = b.entry(rcpt.clone()).or_insert(0);
                                    *tries += 1;
                                    if *tries <= n {
                                        "451 4.3.0 try again later\r\n".into()
                                    } else {
                                        "250 ok\r\n".into()
                                    }
                                } else {
                                    "250 ok\r\n".into()
                                }
                            } else if upper == "DATA" {
                                data = Some(String::new());
                                "354 go ahead\r\n".into()
                            } else if upper == "QUIT" {
                                write.write_all(b"221 bye\r\n").await.ok();
                                break;
                            } else {
                                "250 ok\r\n".into()
                            };
                        write.write_all(reply.as_bytes()).await.ok();
                    }
                });
            }
        });
        FakeRelay { url, messages }
    }

    pub fn messages(&self) -> Vec<Relayed> {
        self.messages.lock().unwrap().clone()
    }
}

fn decode_body(raw: &str) -> String {
    use base64::Engine;
    let body: String = raw
        .split_once("\n\n")
        .map(|(_, b)| b)
        .unwrap_or("")
        .lines()
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// The token of the sign-up link in a delivered invitation.
pub fn token_in(body: &str) -> String {
    body.split("token=")
        .nth(1)
        .expect("a sign-up link")
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}
