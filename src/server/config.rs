//! Configuration from environment variables, each with a default that works for a developer.
//! The README lists them.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `PB_ADDR`: where to listen. Default `127.0.0.1:3000`.
    pub addr: SocketAddr,
    /// `PB_DATABASE`: a file path selects SQLite (the embedded default,
    /// `data/partner-benefits.db`); `postgres://user:pass@host:5432/db` selects PostgreSQL, for
    /// several servers sharing one database.
    pub database: Database,
    /// `PB_DATABASE_CONNECTIONS`: the most connections this server opens. Default 8 on SQLite
    /// (one writer at a time anyway), 16 on PostgreSQL.
    pub database_connections: u32,
    /// `PB_DIST`: the built client (trunk's output). Default `dist`.
    pub dist: PathBuf,
    /// `PB_DEMO_DATA`: load the demo companies (Global admins with a published password) into
    /// an empty database. Default off: a deployment starts empty; `make run` and `make dev`
    /// turn it on.
    pub demo_data: bool,
    /// Whether the session cookie is `Secure` (with the `__Host-` prefix) and HSTS is sent:
    /// whenever `PB_PUBLIC_URL` is `https://`. `PB_SECURE_COOKIES=1` also turns it on, for a
    /// TLS front whose public address is set elsewhere.
    pub secure_cookies: bool,
    /// `PB_GALLERY`: serve the designers' component workshop at `/gallery` (sample data only,
    /// never indexed). Default on; `0` answers 404 there, for a deployment that does not want it.
    pub gallery: bool,
    /// `PB_API_CONCURRENCY`: how many server-function requests this server works on at once;
    /// more are refused at once with a typed 503. Default 64 per core, at least 128.
    pub api_concurrency: usize,
    /// `PB_REQUEST_TIMEOUT_MS`: how long a server function may run before it is stopped and
    /// answered with a typed 504. Default 30000.
    pub request_timeout_ms: u64,
    /// `PB_SESSION_HOURS`: how long a session lasts. Default 12.
    pub session_hours: i64,
    /// `PB_ACTIVATION_DELAY_SECS`: how long a requested activation stays Pending ("can take
    /// several days"). Default 3 days; the demo and the tests use seconds.
    pub activation_delay_secs: i64,
    /// `PB_JOB_POLL_MS`: how often the background worker looks for due work. Default 1000.
    pub job_poll_ms: u64,
    /// `PB_JOB_HOLD_MS`: for drills and tests only: how long the worker holds a job it has
    /// claimed before doing it, a window in which to kill the server. Default 0.
    pub job_hold_ms: u64,
    /// `PB_REMINDER_SWEEP_SECS`: how often the worker looks for benefits whose expiry reminder is
    /// due. Default 3600; 0 sends none (tests that count emails, or a deployment where another
    /// set of servers sends them). Every server may sweep: each reminder still goes once.
    pub reminder_sweep_secs: i64,
    /// `PB_SMTP_URL`: where emails go, e.g. `smtps://user:pass@mail.example:465` (implicit TLS),
    /// `smtp://user:pass@mail.example:587?tls=required` (STARTTLS), `smtp://127.0.0.1:25` (a
    /// local relay, no TLS), or `file:///var/spool/partner-benefits` (one `.eml` file per email,
    /// for development). Unset: emails are only stored (and listed on Notifications).
    pub smtp_url: Option<Secret>,
    /// `PB_EMAIL_RETRY_SECS`: the first pause before an email that failed is tried again; each
    /// further try waits twice as long. Default 60.
    pub email_retry_secs: i64,
    /// `PB_DATA_KEY`: the data key (64 hex digits) that encrypts licence keys and queued secrets.
    /// Unset: read from `PB_DATA_KEY_FILE`, created on first start.
    pub data_key: Option<Secret>,
    /// `PB_DATA_KEY_FILE`: where the data key lives when `PB_DATA_KEY` is unset. Default
    /// `data.key` beside the SQLite file. On PostgreSQL one of the two must be set: servers
    /// sharing a database must share its key, so none may make up its own.
    pub data_key_file: PathBuf,
    /// `PB_DATA_KEY_PREVIOUS`: keys being rotated out (64 hex digits each, comma-separated):
    /// values they sealed still open until `rotate-data-key` re-seals them.
    pub previous_data_keys: Vec<Secret>,
    /// `PB_CLIENT_IP_HEADER`: the header a reverse proxy puts the client's address in (e.g.
    /// `X-Forwarded-For`, rightmost entry used). Honoured only from `PB_TRUSTED_PROXIES`.
    pub client_ip_header: Option<String>,
    /// `PB_TRUSTED_PROXIES`: comma-separated addresses of the proxies allowed to set that
    /// header. Default `127.0.0.1,::1`.
    pub trusted_proxies: Vec<IpAddr>,
    /// `PB_SMTP_FROM`: the sender address. Default `no-reply@partnerbenefits.example`.
    pub smtp_from: String,
    /// `PB_PUBLIC_URL`: the address people open, for links in emails. Default `http://<PB_ADDR>`.
    pub public_url: String,
}

/// Which database, chosen by the form of `PB_DATABASE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// The embedded default: one file, nothing to install, one server.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (it may carry a password, hence `Secret`): several servers, one database.
    Postgres(Secret),
}

impl Database {
    pub fn parse(value: &str) -> Database {
        let v = value.trim();
        if v.starts_with("postgres://") || v.starts_with("postgresql://") {
            Database::Postgres(Secret(v.to_string()))
        } else {
            Database::Sqlite(PathBuf::from(v.strip_prefix("sqlite://").unwrap_or(v)))
        }
    }
}

/// A setting that holds a secret (a key, a password in a URL): never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Plain SMTP is fine to a relay on this machine, or when STARTTLS is required; anything else
/// would send emails (sign-up links) and the relay password across a network in clear.
fn plain_smtp_is_safe(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("smtp://") else {
        return true;
    };
    let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
    if query.split('&').any(|p| p == "tls=required") {
        return true;
    }
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port
        .trim_end_matches('/')
        .rsplit_once(':')
        .filter(|(h, p)| !h.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        .map_or(host_port, |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let flag = |k: &str, default: bool| -> Result<bool, ConfigError> {
            match get(k).as_deref().map(str::trim) {
                None | Some("") => Ok(default),
                Some("1" | "true" | "yes" | "on") => Ok(true),
                Some("0" | "false" | "no" | "off") => Ok(false),
                Some(v) => Err(ConfigError(format!("{k}={v:?}: expected 1 or 0"))),
            }
        };
        let addr_text = get("PB_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr_text.parse().map_err(|_| {
            ConfigError(format!(
                "PB_ADDR={addr_text:?}: expected host:port, e.g. 127.0.0.1:3000"
            ))
        })?;
        let session_hours = match get("PB_SESSION_HOURS") {
            None => 12,
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|h| (1..=24 * 30).contains(h))
                .ok_or_else(|| ConfigError(format!("PB_SESSION_HOURS={v:?}: expected 1 to 720")))?,
        };
        let number = |k: &str,
                      default: i64,
                      range: std::ops::RangeInclusive<i64>|
         -> Result<i64, ConfigError> {
            match get(k) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| range.contains(n))
                    .ok_or_else(|| {
                        ConfigError(format!(
                            "{k}={v:?}: expected a number from {} to {}",
                            range.start(),
                            range.end()
                        ))
                    }),
            }
        };
        let public_url = get("PB_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_string();
        let database = Database::parse(
            &get("PB_DATABASE")
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| "data/partner-benefits.db".into()),
        );
        let data_key = get("PB_DATA_KEY").filter(|s| !s.trim().is_empty());
        let data_key_file = match (get("PB_DATA_KEY_FILE").filter(|s| !s.trim().is_empty()), &database) {
            (Some(file), _) => PathBuf::from(file),
            (None, Database::Sqlite(path)) => path.with_file_name("data.key"),
            (None, Database::Postgres(_)) if data_key.is_some() => PathBuf::new(),
            (None, Database::Postgres(_)) => {
                return Err(ConfigError(
                    "PB_DATABASE is PostgreSQL: set PB_DATA_KEY (or PB_DATA_KEY_FILE) to the same data key on every server".into(),
                ))
            }
        };
        let database_connections = number(
            "PB_DATABASE_CONNECTIONS",
            match database {
                Database::Sqlite(_) => 8,
                Database::Postgres(_) => 16,
            },
            1..=1000,
        )? as u32;
        let previous_data_keys: Vec<String> = get("PB_DATA_KEY_PREVIOUS")
            .unwrap_or_default()
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        for (name, key) in data_key.iter().map(|k| ("PB_DATA_KEY", k)).chain(
            previous_data_keys
                .iter()
                .map(|k| ("PB_DATA_KEY_PREVIOUS", k)),
        ) {
            if super::crypto::parse_key(key).is_none() {
                return Err(ConfigError(format!("{name}: expected 64 hex digits")));
            }
        }
        let trusted_proxies = get("PB_TRUSTED_PROXIES")
            .unwrap_or_else(|| "127.0.0.1,::1".into())
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpAddr>().map_err(|_| {
                    ConfigError(format!("PB_TRUSTED_PROXIES: {s:?} is not an IP address"))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let smtp_url = get("PB_SMTP_URL").filter(|s| !s.trim().is_empty());
        if let Some(url) = &smtp_url {
            if !["smtp://", "smtps://", "file://"]
                .iter()
                .any(|scheme| url.starts_with(scheme))
            {
                return Err(ConfigError(
                    "PB_SMTP_URL: expected smtp://, smtps:// or file://".into(),
                ));
            }
            if !plain_smtp_is_safe(url) {
                return Err(ConfigError(
                    "PB_SMTP_URL: plain smtp:// to another host would carry the password and sign-up links in clear: use smtps://, or add ?tls=required (STARTTLS)".into(),
                ));
            }
        }
        Ok(Config {
            addr,
            database,
            database_connections,
            dist: get("PB_DIST").unwrap_or_else(|| "dist".into()).into(),
            demo_data: flag("PB_DEMO_DATA", false)?,
            secure_cookies: public_url.starts_with("https://") || flag("PB_SECURE_COOKIES", false)?,
            gallery: flag("PB_GALLERY", true)?,
            api_concurrency: number(
                "PB_API_CONCURRENCY",
                {
                    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
                    (64 * cores).max(128) as i64
                },
                1..=100_000,
            )? as usize,
            request_timeout_ms: number("PB_REQUEST_TIMEOUT_MS", 30_000, 1..=600_000)? as u64,
            session_hours,
            activation_delay_secs: number(
                "PB_ACTIVATION_DELAY_SECS",
                3 * 24 * 3600,
                0..=90 * 24 * 3600,
            )?,
            job_poll_ms: number("PB_JOB_POLL_MS", 1000, 10..=60_000)? as u64,
            job_hold_ms: number("PB_JOB_HOLD_MS", 0, 0..=600_000)? as u64,
            reminder_sweep_secs: number("PB_REMINDER_SWEEP_SECS", 3600, 0..=7 * 24 * 3600)?,
            smtp_url: smtp_url.map(Secret),
            email_retry_secs: number("PB_EMAIL_RETRY_SECS", 60, 1..=86_400)?,
            data_key: data_key.map(Secret),
            data_key_file,
            previous_data_keys: previous_data_keys.into_iter().map(Secret).collect(),
            client_ip_header: get("PB_CLIENT_IP_HEADER").filter(|s| !s.trim().is_empty()),
            trusted_proxies,
            smtp_from: get("PB_SMTP_FROM")
                .unwrap_or_else(|| "no-reply@partnerbenefits.example".into()),
            public_url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_suit_a_developer() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert!(
            !c.demo_data,
            "a deployment's empty database gets no demo accounts"
        );
        assert!(!c.secure_cookies);
        assert_eq!(c.session_hours, 12);
        assert_eq!(c.activation_delay_secs, 259_200);
        assert_eq!(c.smtp_url, None);
        let with_key =
            Config::from_lookup(|k| (k == "PB_DATA_KEY").then(|| "ab".repeat(32))).unwrap();
        assert!(
            !format!("{with_key:?}").contains("abab"),
            "Debug never shows the key"
        );
        assert_eq!(c.data_key_file, PathBuf::from("data/data.key"));
        assert_eq!(c.client_ip_header, None);
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
    }

    #[test]
    fn an_https_public_address_makes_the_cookie_secure_without_a_second_setting() {
        let https = Config::from_lookup(|k| {
            (k == "PB_PUBLIC_URL").then(|| "https://benefits.example.com".to_string())
        })
        .unwrap();
        assert!(https.secure_cookies);
        let http = Config::from_lookup(|k| {
            (k == "PB_PUBLIC_URL").then(|| "http://127.0.0.1:3000".to_string())
        })
        .unwrap();
        assert!(!http.secure_cookies);
        let demo = Config::from_lookup(|k| (k == "PB_DEMO_DATA").then(|| "1".to_string())).unwrap();
        assert!(demo.demo_data);
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let e =
            Config::from_lookup(|k| (k == "PB_ADDR").then(|| "nowhere".to_string())).unwrap_err();
        assert!(e.0.contains("PB_ADDR"));
        let e = Config::from_lookup(|k| (k == "PB_DEMO_DATA").then(|| "maybe".to_string()))
            .unwrap_err();
        assert!(e.0.contains("PB_DEMO_DATA"));
        let e =
            Config::from_lookup(|k| (k == "PB_DATA_KEY").then(|| "abc".to_string())).unwrap_err();
        assert!(
            e.0.contains("PB_DATA_KEY") && !e.0.contains("abc"),
            "{}",
            e.0
        );
        let e = Config::from_lookup(|k| (k == "PB_SMTP_URL").then(|| "ftp://x".to_string()))
            .unwrap_err();
        assert!(e.0.contains("PB_SMTP_URL"));
        let e = Config::from_lookup(|k| {
            (k == "PB_SMTP_URL").then(|| "smtp://user:secret@mail.example:587".to_string())
        })
        .unwrap_err();
        assert!(
            e.0.contains("tls=required") && !e.0.contains("secret"),
            "{}",
            e.0
        );
    }

    #[test]
    fn plain_smtp_only_to_this_machine_or_with_starttls_required() {
        assert!(plain_smtp_is_safe("smtp://127.0.0.1:2525"));
        assert!(plain_smtp_is_safe("smtp://localhost"));
        assert!(plain_smtp_is_safe("smtp://u:p@[::1]:25"));
        assert!(plain_smtp_is_safe(
            "smtp://u:p@mail.example:587?tls=required"
        ));
        assert!(plain_smtp_is_safe("smtps://u:p@mail.example:465"));
        assert!(!plain_smtp_is_safe("smtp://mail.example:25"));
        assert!(!plain_smtp_is_safe(
            "smtp://u:p@mail.example:587?tls=opportunistic"
        ));
        assert!(!plain_smtp_is_safe("smtp://127.0.0.1.evil.example:25"));
    }
}
