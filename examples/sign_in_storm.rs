//! The sign-in storm, for `scripts/bench.sh`: what 400 wrong sign-ins from 400 addresses at
//! once do to a running server (the second review measured 80 MB → 7.5 GB resident and
//! `/healthz` at 1.7 s before password checks were bounded), and how long each kind of failing
//! sign-in takes (they should cost the same: the API suite counts the password checks each
//! runs, this prints the wall clock).
//!
//! The server must trust `X-Forwarded-For` from this machine (`PB_CLIENT_IP_HEADER`) and hold
//! the demo data. Prints figures; fails only if the server cannot be reached.
//!
//! `cargo run --features ssr --example sign_in_storm -- http://127.0.0.1:3000 <server pid>`

use serde_json::json;
use std::time::{Duration, Instant};

const STORM: usize = 400;
const DEMO_PASSWORD: &str = "demo-pass-2026";

/// The server's resident memory now and at its peak (kB), from `/proc`.
fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    format!(
        "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} requests)",
        percentile(&ms, 0.5),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(f64::NAN),
        ms.len()
    )
}

async fn sign_in(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
    from: &str,
) -> reqwest::Response {
    http.post(format!("{base}/api/sign_in"))
        .header("x-forwarded-for", from)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("the server answers")
}

/// The median time of `n` failing sign-ins, each from its own address (so the throttle never
/// answers instead).
async fn median_failure_ms(
    http: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
    n: usize,
    net: u8,
) -> f64 {
    let mut times = Vec::new();
    for i in 0..n {
        let started = Instant::now();
        sign_in(
            http,
            base,
            email,
            password,
            &format!("10.{net}.0.{}", i + 1),
        )
        .await;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    percentile(&times, 0.5)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(base), Some(pid)) = (args.get(1), args.get(2).and_then(|p| p.parse::<u32>().ok()))
    else {
        eprintln!("usage: sign_in_storm <base url> <server pid>");
        std::process::exit(2);
    };
    let base = base.trim_end_matches('/').to_string();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(STORM)
        .build()
        .unwrap();

    // A signed-in person, and an invited account (no password yet) for the timing.
    let res = sign_in(
        &http,
        &base,
        "ga@contoso.example",
        DEMO_PASSWORD,
        "10.9.9.9",
    )
    .await;
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.contains("pb_session="))
        .and_then(|v| v.split(';').next())
        .expect("the demo Global admin signs in")
        .to_string();
    let invited = format!("storm.invited.{}@contoso.example", std::process::id());
    http.post(format!("{base}/api/add_user"))
        .header("cookie", &cookie)
        .json(&json!({"form": {"name": "Storm Invited", "email": invited, "roles": {"global_admin": false, "mpn_partner_admin": false}}}))
        .send()
        .await
        .expect("add_user answers");

    println!("sign-in failures, median of 9 each (one password check each; should match):");
    for (what, email, password, net) in [
        (
            "wrong password",
            "ga@contoso.example",
            "not the password",
            1,
        ),
        ("unknown email", "nobody@nowhere.example", "x", 2),
        ("invited account", invited.as_str(), "x", 3),
    ] {
        let ms = median_failure_ms(&http, &base, email, password, 9, net).await;
        println!("  {what:<16} {ms:>7.1} ms");
    }

    let (rss_before, _) = memory_kb(pid);
    let started = Instant::now();
    let storm: Vec<_> = (0..STORM)
        .map(|i| {
            let http = http.clone();
            let base = base.clone();
            tokio::spawn(async move {
                let from = format!("172.16.{}.{}", i / 250, i % 250 + 1);
                let t = Instant::now();
                let status = sign_in(
                    &http,
                    &base,
                    &format!("nobody{i}@contoso.example"),
                    "wrong",
                    &from,
                )
                .await
                .status()
                .as_u16();
                (status, t.elapsed().as_secs_f64() * 1000.0)
            })
        })
        .collect();

    // While it lasts: /healthz and a signed-in person's call, and the server's memory.
    let mut health = Vec::new();
    let mut signed_in = Vec::new();
    let mut peak_rss = rss_before;
    while storm.iter().any(|t| !t.is_finished()) {
        let t = Instant::now();
        let ok = http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ok {
            health.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let t = Instant::now();
        let me = http
            .post(format!("{base}/api/me"))
            .header("cookie", &cookie)
            .json(&json!({}))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        if me == 200 {
            signed_in.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        peak_rss = peak_rss.max(memory_kb(pid).0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut statuses = std::collections::BTreeMap::new();
    let mut answered = Vec::new();
    for t in storm {
        let (status, ms) = t.await.unwrap();
        *statuses.entry(status).or_insert(0) += 1;
        answered.push(ms);
    }
    let elapsed = started.elapsed();
    let (_, hwm) = memory_kb(pid);
    println!(
        "{STORM} wrong sign-ins from {STORM} addresses at once: done in {:.2} s; answers {statuses:?} (401 checked, 503 told to come back)",
        elapsed.as_secs_f64()
    );
    println!("  the storm's answers: {}", summary(answered));
    println!(
        "  server memory: {:.0} MB before, {:.0} MB at the peak seen (VmHWM {:.0} MB since start)",
        rss_before as f64 / 1024.0,
        peak_rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    println!("  /healthz meanwhile: {}", summary(health));
    println!(
        "  a signed-in person's call (me) meanwhile: {}",
        summary(signed_in)
    );
}
