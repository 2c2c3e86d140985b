//! The HTTP surface: server functions under `/api/`, the built client for everything else.

use super::{config::Config, db, rate_limit::Limiter, seed, AppState};
use crate::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use leptos::prelude::provide_context;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// A typed error as an HTTP response, in the same JSON shape server functions use, so the
/// client decodes it like any other error.
fn error_response(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json_body(&e);
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
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

/// Runs a server function. Every failure, the application's own and the framework's (an
/// argument that does not decode, say), leaves as a typed `AppError` body; this is the one
/// place that gives it the HTTP status its kind means, instead of the framework's blanket 500.
async fn server_fns(State(state): State<AppState>, req: Request<Body>) -> Response {
    use leptos::server_fn::error::FromServerFnError;
    let res =
        leptos_axum::handle_server_fns_with_context(move || provide_context(state.clone()), req)
            .await
            .into_response();
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
    if let Ok(status) = StatusCode::from_u16(AppError::de(bytes.clone()).status()) {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Hashed assets never change under their name: cache them for a year. `index.html` (served for
/// every client route too) must be revalidated so a deploy is picked up at once.
async fn cache_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if is_html || !res.status().is_success() {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

pub fn router(state: AppState) -> Router {
    let dist = state.config.dist.clone();
    let client = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    let api = Router::new()
        .route("/api/{*fn_name}", post(server_fns))
        .layer(middleware::from_fn(refuse_cross_site))
        // Answers are per user and some hold secrets (keys): never store them anywhere.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state);
    let client = Router::new()
        .fallback_service(client)
        .layer(middleware::from_fn(cache_headers));
    api.merge(client)
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CatchPanicLayer::custom(|_panic| {
            error_response(super::internal("a request handler panicked"))
        }))
}

/// Opens (creating and migrating) the database and, if configured, loads the demo data into
/// it when it is empty.
pub async fn open_database(
    config: &Config,
) -> Result<sqlx::SqlitePool, Box<dyn std::error::Error + Send + Sync>> {
    let pool = db::connect(&config.database).await?;
    if config.demo_data {
        let hash = super::auth::hash_password(crate::DEMO_PASSWORD).map_err(|e| e.to_string())?;
        if seed::seed_if_empty(&pool, super::now(), &hash).await? {
            tracing::info!("loaded the demo data into an empty database");
        }
    }
    Ok(pool)
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
        self.state.pool.close().await;
    }
}

/// Opens the database (migrating it), loads the demo data into an empty one, binds and serves.
/// Tests call this with port 0.
pub async fn start(config: Config) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    let pool = open_database(&config).await?;
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built client here: run `trunk build` (pages will 404)");
    }
    let state = AppState {
        pool,
        config: Arc::new(config.clone()),
        sign_in_limiter: Arc::new(Limiter::new(10, 15 * 60)),
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
