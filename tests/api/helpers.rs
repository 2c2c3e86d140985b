use partner_benefits::server::config::Config;
use partner_benefits::server::http::{start, Running};
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::{json, Value};

pub struct TestApp {
    pub base: String,
    pub running: Running,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
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

/// The configuration of a test server: a free port, the given files, demo data, quick jobs.
pub fn test_config(db: &std::path::Path, dist: &std::path::Path, extra: &[(&str, &str)]) -> Config {
    let db = db.display().to_string();
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
            "PB_DIST" => Some(dist.clone()),
            "PB_ACTIVATION_DELAY_SECS" => Some("3600".into()),
            "PB_JOB_POLL_MS" => Some("50".into()),
            _ => None,
        }
    })
    .expect("test configuration is valid")
}

impl TestApp {
    /// A server on a free port over a new SQLite file holding the demo data, with a built
    /// client stand-in in `dist/` so static serving can be checked too.
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!DOCTYPE html><title>Partner Benefits</title>",
        )
        .unwrap();
        std::fs::write(
            dist.join("app-0123456789abcdef.js"),
            "console.log('x');".repeat(200),
        )
        .unwrap();
        let db = dir.path().join("test.db");
        let config = test_config(&db, &dist, &[]);
        let running = start(config).await.expect("server starts");
        TestApp {
            base: format!("http://{}", running.addr),
            running,
            http: reqwest::Client::builder().build().unwrap(),
            _dir: dir,
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

    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.running.state.pool)
            .await
            .unwrap()
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
