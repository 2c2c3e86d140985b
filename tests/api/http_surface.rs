use crate::helpers::*;
use partner_benefits::DEMO_PASSWORD;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_cross_site_post_is_refused_before_it_runs() {
    let app = TestApp::spawn().await;
    let args = json!({"email": GA, "password": DEMO_PASSWORD});
    let a = app
        .call_with(
            "sign_in",
            args.clone(),
            None,
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert_eq!(a.kind(), "cross_site");
    assert!(session_cookie(&a.headers).is_none());

    // Without Fetch Metadata, a foreign Origin is refused too.
    let a = app
        .call_with(
            "sign_in",
            args.clone(),
            None,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(a.kind(), "cross_site");

    // A signed-in user's cookie does not help a forged request.
    let ga = app.sign_in(GA).await;
    let id = app
        .benefit_id(&ga, "Cloud", "Azure credits: USD 3,500 per year")
        .await;
    let a = app
        .call_with(
            "activate_cloud",
            json!({"benefit_id": id}),
            Some(&ga),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
    assert_eq!(a.kind(), "cross_site");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM benefit_assignments WHERE benefit_id = {id}"
        ))
        .await,
        0
    );

    // The page's own requests pass.
    let a = app
        .call_with("sign_in", args, None, &[("sec-fetch-site", "same-origin")])
        .await;
    assert_eq!(a.status, StatusCode::OK);
    let host = app.base.trim_start_matches("http://").to_string();
    let a = app
        .call_with(
            "me",
            json!({}),
            Some(&ga),
            &[("origin", &app.base), ("host", &host)],
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

#[tokio::test]
async fn server_functions_are_not_reachable_by_get() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/me").await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn malformed_arguments_are_a_clear_error_not_a_crash() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let a = app
        .call("list_benefits", json!({"category": "Nonsense"}), Some(&ga))
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert_ne!(a.kind(), "", "a typed error body: {}", a.body);
    let text = a.body.to_string();
    assert!(!text.contains("sqlx") && !text.contains("SELECT"), "{text}");
}

#[tokio::test]
async fn client_routes_get_the_page_uncached_and_assets_are_cached_and_compressed() {
    let app = TestApp::spawn().await;
    let page = app.get("/benefits/cloud").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers().get("cache-control").unwrap(), "no-cache");
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("<title>Partner Benefits</title>"));

    let asset = app
        .http
        .get(format!("{}/app-0123456789abcdef.js", app.base))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK);
    assert_eq!(
        asset.headers().get("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.headers().get("content-encoding").unwrap(), "br");

    // A file without a content hash in its name may change under it: revalidated each time.
    let unhashed = app.get("/gallery.css").await;
    assert_eq!(unhashed.status(), StatusCode::OK);
    assert_eq!(unhashed.headers().get("cache-control").unwrap(), "no-cache");
}

/// The build's compressed copies are what goes out, byte for byte (the server compresses no
/// static file per request); the encoding follows `Accept-Encoding`; a client route gets the
/// page, a missing file a 404, and a revalidation a 304.
#[tokio::test]
async fn static_files_go_out_as_the_build_compressed_them() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let wasm: Vec<u8> = (0..20_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect();
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), &wasm).unwrap();
    // Copies made at a quality the server would never pick itself: if these exact bytes come
    // back, they were read from disk, not made for the request.
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 1, 22);
        w.write_all(&wasm).unwrap();
    }
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm.br"), &br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&wasm).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm.gz"), &gz).unwrap();
    let app = TestApp::spawn_in(dir, &[]).await;
    let get = |path: &str, encoding: &str| {
        app.http
            .get(format!("{}{path}", app.base))
            .header("accept-encoding", encoding)
            .send()
    };

    let a = get("/app-0123456789abcdef_bg.wasm", "gzip, deflate, br")
        .await
        .unwrap();
    assert_eq!(a.status(), StatusCode::OK);
    assert_eq!(a.headers()["content-encoding"], "br");
    assert_eq!(a.headers()["content-type"], "application/wasm");
    assert_eq!(a.headers()["vary"], "accept-encoding");
    let etag = a.headers()["etag"].clone();
    assert_eq!(
        a.bytes().await.unwrap().as_ref(),
        &br[..],
        "the build's brotli copy"
    );

    let a = get("/app-0123456789abcdef_bg.wasm", "gzip").await.unwrap();
    assert_eq!(a.headers()["content-encoding"], "gzip");
    assert_eq!(
        a.bytes().await.unwrap().as_ref(),
        &gz[..],
        "the build's gzip copy"
    );

    let a = get("/app-0123456789abcdef_bg.wasm", "identity")
        .await
        .unwrap();
    assert!(a.headers().get("content-encoding").is_none());
    assert_eq!(a.bytes().await.unwrap().as_ref(), &wasm[..]);

    let a = app
        .http
        .get(format!("{}/app-0123456789abcdef_bg.wasm", app.base))
        .header("accept-encoding", "br")
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(a.status(), StatusCode::NOT_MODIFIED);

    let page = get("/service-requests/42", "br").await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-cache");
    let missing = get("/app-ffffffffffffffff.js", "br").await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let health = get("/healthz", "br").await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text().await.unwrap(), "ok");
}
