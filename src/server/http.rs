//! The HTTP surface: server functions under `/api/`, the built client for everything else.

use super::{config::Config, crypto, db, mail, seed, AppState};
use crate::error::AppError;
use crate::i18n::{t, Key};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use leptos::prelude::provide_context;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// A typed error as an HTTP response, in the same JSON shape server functions use, so the
/// client decodes it like any other error.
fn error_response(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json_body(&e);
    let mut res = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    set_retry_after(&mut res, &e);
    res
}

/// `Retry-After` on an answer that asks to wait (a throttled sign-in, a busy server).
fn set_retry_after(res: &mut Response, e: &AppError) {
    if let Some(secs) = e.retry_after_secs() {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
}

/// The answer for a request the `/api/` limits stopped (`PB_API_CONCURRENCY`,
/// `PB_REQUEST_TIMEOUT_MS`): over the concurrency limit, refused before it ran (a typed 503
/// with `Retry-After`: nothing was done), or stopped past the time limit (a typed 504: what it
/// asked may or may not have been done, so it says so rather than "try again"). A request stuck
/// behind a database that does not answer must not hold its connection and memory forever;
/// pages, static files and `/healthz` are outside these limits and answer meanwhile.
async fn api_limit_response(err: tower::BoxError) -> Response {
    if err.is::<tower::timeout::error::Elapsed>() {
        tracing::warn!("a server function ran past the request timeout");
        error_response(AppError::TimedOut)
    } else if err.is::<tower::load_shed::error::Overloaded>() {
        tracing::warn!("server functions at their concurrency limit: refused a request");
        error_response(AppError::Busy {
            retry_after_secs: super::passwords::RETRY_AFTER_SECS,
        })
    } else {
        error_response(super::internal(format_args!("api layer: {err}")))
    }
}

fn serde_json_body(e: &AppError) -> String {
    use leptos::server_fn::error::FromServerFnError;
    String::from_utf8_lossy(&e.ser()).into_owned()
}

/// Server functions have no CSRF protection of their own: refuse any mutating request a browser
/// marks as coming from another site, or (for browsers without Fetch Metadata) whose Origin is
/// not this host. Non-browser clients send neither header and are judged by their session alone.
async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD && is_cross_site(&req) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site request");
        return error_response(AppError::CrossSite);
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `none` is a user-typed navigation; `same-site` is a sibling subdomain: not us.
        return !matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or("");
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("");
            origin == "null" || origin_host != host.to_str().unwrap_or("")
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The paths of every registered server function, read once.
fn registered(path: &str) -> bool {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    PATHS
        .get_or_init(|| {
            leptos::server_fn::axum::server_fn_paths()
                .map(|(path, _)| path.to_string())
                .collect()
        })
        .contains(path)
}

/// A refusal made before any server function runs, in the typed error shape, worded in the
/// caller's language and with `status`.
fn refuse(status: StatusCode, headers: &axum::http::HeaderMap, key: Key) -> Response {
    let e = match status {
        StatusCode::NOT_FOUND => AppError::NotFound,
        _ => AppError::invalid("request", t(super::lang_of(headers), key)),
    };
    let mut res = error_response(e);
    *res.status_mut() = status;
    res
}

/// Runs a server function. What reaches the framework is a POST of JSON to a registered
/// function: anything else is refused here, in the typed shape and without framework text.
/// Every failure, the application's own and the framework's (an argument that does not
/// decode, say), leaves as a typed `AppError` body; this is the one place that gives it the
/// HTTP status its kind means, instead of the framework's blanket 500.
async fn server_fns(State(state): State<AppState>, req: Request<Body>) -> Response {
    use leptos::server_fn::error::FromServerFnError;
    if req.method() != Method::POST {
        let mut res = refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            req.headers(),
            Key::ErrRequestUnreadable,
        );
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return res;
    }
    if !registered(req.uri().path()) {
        return refuse(
            StatusCode::NOT_FOUND,
            req.headers(),
            Key::ErrRequestUnreadable,
        );
    }
    let is_json_body = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json_body {
        // The decoders would take a form post too, which a browser sends cross-site unasked.
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            req.headers(),
            Key::ErrRequestNotJson,
        );
    }
    let mut res =
        leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), req)
            .await
            .into_response();
    // The framework's marker of an error response: the typed body already says it all.
    res.headers_mut().remove("serverfnerror");
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if res.status().is_success() || !is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return error_response(super::internal("unreadable error body"));
    };
    let error = AppError::de(bytes.clone());
    if let Ok(status) = StatusCode::from_u16(error.status()) {
        parts.status = status;
    }
    let mut res = Response::from_parts(parts, Body::from(bytes));
    set_retry_after(&mut res, &error);
    res
}

/// Whether an answer is a page (`index.html`, filled in by `first_paint`).
fn is_page(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// Hashed assets never change under their name: cache them for a year. `index.html` (served for
/// every client route too) and the few files copied under their own name (the workshop's
/// `gallery.css` and `axe.min.js`) must be revalidated so a deploy is picked up at once.
async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = has_content_hash(req.uri().path());
    let mut res = next.run(req).await;
    let dictionary_copy = res
        .headers()
        .get(header::CONTENT_ENCODING)
        .is_some_and(|e| e == "dcb");
    let value = if is_page(&res) || !res.status().is_success() || !hashed {
        "no-cache"
    } else if dictionary_copy {
        // Only a browser holding the dictionary can read it: no shared cache may keep it for
        // others (one that varies on Accept-Encoding alone would).
        "private, max-age=31536000, immutable"
    } else {
        "public, max-age=31536000, immutable"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// The hashes of the inline scripts of the built page (trunk writes one inline module that
/// loads the wasm): the Content-Security-Policy allows exactly these, not `unsafe-inline`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let body = &body_and_more[..close];
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

/// The security headers: `(on every answer, on pages only)`.
///
/// The page's policy fits the app: its own scripts, styles and wasm (`wasm-unsafe-eval`
/// compiles the module; no `unsafe-eval`), calls only to itself, never framed, no plugins, and
/// no powerful features but writing to the clipboard (the copy buttons). The policy, framing,
/// opener and feature headers act only on a document, so they go only with pages: on each of
/// the dozens of wasm chunks, scripts and API answers they were 560 bytes that did nothing
/// (a sixth of a small chunk's transfer). `nosniff`, the resource policy, the referrer policy
/// and HSTS (only when the cookies are `Secure`, i.e. served over TLS) go with every answer.
type Headers = Vec<(header::HeaderName, HeaderValue)>;

fn security_headers(index_html: &str, secure: bool) -> (Headers, Headers) {
    let (every, page): (Headers, Headers) = all_security_headers(index_html, secure)
        .into_iter()
        .partition(|(name, _)| {
            [
                header::X_CONTENT_TYPE_OPTIONS,
                header::REFERRER_POLICY,
                header::STRICT_TRANSPORT_SECURITY,
                header::HeaderName::from_static("cross-origin-resource-policy"),
            ]
            .contains(name)
        });
    (every, page)
}

/// A file name trunk or the split step gave a content hash: `app-e209d429b33e98a7.css`.
pub fn has_content_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        // wasm-bindgen names the main module `<name>-<hash>_bg.wasm`.
        let hash = hash.strip_suffix("_bg").unwrap_or(hash);
        // Ours are 16 hex digits; trunk's are a u64 in hex without leading zeros, so one in 16
        // is 15 digits (`app-59925d165abecc8.css`) and fewer now and then: taken for copied
        // files, they were sent `no-cache` and asked for again on the same page.
        (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// A story of the designers' gallery in its frame (`/gallery/<component>/<state>?frame=…`, a
/// story that exists): the one page this origin may frame, and only itself (the workshop shows
/// its stories in `<iframe>`s). It shows sample data only and calls no server function, so
/// there is nothing in it to trick a click into.
pub fn is_story_frame(uri: &axum::http::Uri) -> bool {
    let mut parts = uri.path().trim_start_matches('/').split('/');
    let is_story = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("gallery"), Some(component), Some(state), None) => {
            crate::ui::pages::gallery::stories::Story::find(component, state).is_some()
        }
        _ => false,
    };
    is_story
        && uri
            .query()
            .is_some_and(|q| q.split('&').any(|pair| pair.starts_with("frame=")))
}

/// The designers' workshop: `/gallery` and everything under it.
pub fn is_gallery(path: &str) -> bool {
    path == "/gallery" || path.starts_with("/gallery/")
}

/// The workshop's pages are never indexed (`X-Robots-Tag: noindex`): they show sample data
/// that must not turn up in a search as if it were this site's. With `PB_GALLERY=0` they are
/// not served at all.
async fn gallery_rules(State(enabled): State<bool>, req: Request, next: Next) -> Response {
    if !is_gallery(req.uri().path()) {
        return next.run(req).await;
    }
    if !enabled {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut res = next.run(req).await;
    res.headers_mut().insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    res
}

/// The page headers, with framing by this origin allowed (see [`is_story_frame`]).
fn framable(page: &[(header::HeaderName, HeaderValue)]) -> Headers {
    page.iter()
        .map(|(name, value)| {
            let value = if *name == header::CONTENT_SECURITY_POLICY {
                let policy = value.to_str().unwrap_or_default();
                HeaderValue::from_str(
                    &policy.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
                )
                .expect("the policy is ASCII")
            } else if *name == header::X_FRAME_OPTIONS {
                HeaderValue::from_static("SAMEORIGIN")
            } else {
                value.clone()
            };
            (name.clone(), value)
        })
        .collect()
}

fn all_security_headers(index_html: &str, secure: bool) -> Headers {
    let scripts = inline_script_hashes(index_html).join(" ");
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).expect("the policy is ASCII"),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), \
                 microphone=(), payment=(), usb=(), clipboard-write=(self)",
            ),
        ),
    ];
    if secure {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    headers
}

/// A calendar app fetching a person's feed of expiry dates. The secret in the address is the
/// credential (calendar apps send no cookie); anything that is not a live feed's is a plain 404,
/// the same for a wrong, a revoked and a malformed secret. The address is never logged.
async fn calendar_feed(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match super::reminders::calendar(&state, token).await {
        Ok(Some(text)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, no-store"),
                (
                    header::CONTENT_DISPOSITION,
                    "inline; filename=\"partner-benefits.ics\"",
                ),
            ],
            text,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => error_response(super::internal(format_args!("calendar feed: {e}"))),
    }
}

pub fn router(state: AppState) -> Router {
    let dist = state.config.dist.clone();
    let feeds = Router::new()
        .route("/calendar/{file}", axum::routing::get(calendar_feed))
        .with_state(state.clone())
        .layer(CompressionLayer::new().br(true).gzip(true));
    let secure = state.config.secure_cookies;
    let state_gallery = state.config.gallery;
    let assets = super::assets::Assets::load(&dist);
    let limits = tower::ServiceBuilder::new()
        .layer(axum::error_handling::HandleErrorLayer::new(
            api_limit_response,
        ))
        .load_shed()
        .concurrency_limit(state.config.api_concurrency)
        .timeout(std::time::Duration::from_millis(
            state.config.request_timeout_ms,
        ));
    let api = Router::new()
        .route("/api/{*fn_name}", any(server_fns))
        .layer(limits)
        .layer(middleware::from_fn(refuse_cross_site))
        // Answers are per user and some hold secrets (keys): never store them anywhere.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
        // API answers are made per request, so they are compressed per request; static files
        // never are (see `assets`).
        .layer(CompressionLayer::new().br(true).gzip(true));
    // The policy allows the built page's inline script by its hash (read once, with the files).
    let (every, page) = security_headers(assets.index_html(), secure);
    let client = Router::new()
        // For load balancers: answers while the process serves, without touching the database.
        .route("/healthz", axum::routing::get(|| async { "ok" }))
        .fallback(super::assets::serve)
        .with_state(assets)
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn_with_state(state_gallery, gallery_rules));
    let framable_page = framable(&page);
    let headers = Arc::new((every, page, framable_page));
    api.merge(feeds)
        .merge(client)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let headers = headers.clone();
            let story_frame = is_story_frame(req.uri());
            async move {
                let mut res = next.run(req).await;
                let (every, page, framable_page) = &*headers;
                let extra = match (is_page(&res), story_frame) {
                    (false, _) => &[][..],
                    (true, false) => &page[..],
                    (true, true) => &framable_page[..],
                };
                for (name, value) in every.iter().chain(extra) {
                    res.headers_mut().insert(name.clone(), value.clone());
                }
                res
            }
        }))
        .layer(CatchPanicLayer::custom(|_panic| {
            error_response(super::internal("a request handler panicked"))
        }))
}

/// The data key: `PB_DATA_KEY`, or the key file (created on first start, mode 0600). The flag
/// says a key file was created just now.
pub fn sealer(config: &Config) -> Result<(crypto::Sealer, bool), String> {
    let (current, created) = match &config.data_key {
        Some(key) => (
            crypto::parse_key(&key.0).ok_or("PB_DATA_KEY: expected 64 hex digits")?,
            false,
        ),
        None => crypto::load_or_create_key_file(&config.data_key_file)?,
    };
    let previous: Vec<[u8; 32]> = config
        .previous_data_keys
        .iter()
        .filter_map(|k| crypto::parse_key(&k.0))
        .collect();
    Ok((crypto::Sealer::new(current, &previous), created))
}

/// Opens (creating and migrating) the database, seals any licence key stored before keys were
/// encrypted, and, if configured, loads the demo data into it when it is empty.
pub async fn open_database(
    config: &Config,
    (sealer, key_created): &(crypto::Sealer, bool),
) -> Result<db::Db, Box<dyn std::error::Error + Send + Sync>> {
    let db = db::Db::open(&config.database, config.database_connections).await?;
    let pool = &db.pool;
    if *key_created && db::holds_sealed_values(pool).await? {
        // A lost key file must not be quietly replaced: the values it sealed would never open.
        let _ = std::fs::remove_file(&config.data_key_file);
        return Err(format!(
            "the data key file {} was missing, but the database holds values sealed with a data key: restore the key file (or set PB_DATA_KEY)",
            config.data_key_file.display()
        )
        .into());
    }
    let resealed = db::reseal(pool, sealer).await?;
    if resealed > 0 {
        tracing::info!(resealed, "sealed values with the current data key (stored before encryption at rest, or under a previous key)");
    }
    if config.demo_data {
        let hash = super::auth::hash_password(crate::DEMO_PASSWORD).map_err(|e| e.to_string())?;
        if seed::seed_if_empty(&db, sealer, super::now(), &hash).await? {
            tracing::info!("loaded the demo data into an empty database");
        }
    }
    Ok(db)
}

/// A server that is up and listening, with its background worker.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    pub handle: tokio::task::JoinHandle<()>,
    pub worker: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops serving and working and closes the database, as a process exit would.
    pub async fn stop(self) {
        self.handle.abort();
        self.worker.abort();
        let _ = self.handle.await;
        let _ = self.worker.await;
        self.state.db.pool.close().await;
    }
}

/// Opens the database (migrating it), loads the demo data into an empty one, binds and serves.
/// Tests call this with port 0.
pub async fn start(config: Config) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    let sealer = sealer(&config)?;
    let mailer = match &config.smtp_url {
        Some(url) => Some(mail::Transport::from_url(&url.0)?),
        None => None,
    };
    let db = open_database(&config, &sealer).await?;
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built client here: run `trunk build` (pages will 404)");
    }
    let state = AppState {
        db,
        config: Arc::new(config.clone()),
        sealer: Arc::new(sealer.0),
        mailer,
        passwords: Arc::new(super::passwords::PasswordWork::for_this_machine()),
    };
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let handle = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    let worker = super::jobs::spawn(state.clone());
    Ok(Running {
        addr,
        state,
        handle,
        worker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_the_build_hashes_is_seen_as_hashed_and_the_copied_files_are_not() {
        for hashed in [
            "/partner-benefits-4b347e28236bfc88_bg.wasm",
            "/partner-benefits-4b347e28236bfc88.js",
            "/app-e209d429b33e98a7.css",
            "/app-e209d429b33e98a7.css.br",
            "/split_benefits_page-a7b44c5ecd0c8e93.wasm",
            "/__wasm_split-7c7d4b1c967e253d.js",
            "/chunk_common-79ffc6253a9d073a.wasm",
            "/app-59925d165abecc8.css",
            "/first-94ffea500e6bc9.css",
        ] {
            assert!(has_content_hash(hashed), "{hashed}");
        }
        for copied in [
            "/gallery.css",
            "/axe.min.js",
            "/index.html",
            "/benefits/software",
            "/a-short.js",
            "/first-94ffea50.css",
        ] {
            assert!(!has_content_hash(copied), "{copied}");
        }
    }

    #[test]
    fn only_a_story_that_exists_is_a_story_frame() {
        let frame = |u: &str| is_story_frame(&u.parse().unwrap());
        assert!(frame("/gallery/status-badge/one?frame=en-light-fill"));
        assert!(frame(
            "/gallery/benefit-row/software-expanded?lang=ko&frame=x&open=9001"
        ));
        assert!(!frame("/gallery/status-badge/one"));
        assert!(!frame("/gallery/status-badge/lost?frame=x"));
        assert!(!frame("/gallery/status-badge/one/x?frame=x"));
        assert!(!frame("/gallery?frame=x"));
        assert!(!frame("/benefits/software?frame=x"));
    }
}
