//! The server binary (`--features ssr`) or the browser client (`--features csr`, built by trunk).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use partner_benefits::server::{config::Config, http};
    use tracing_subscriber::EnvFilter;

    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("PB_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.is_empty() {
        std::process::exit(partner_benefits::server::ops::run(&config, &args).await);
    }
    let running = match http::start(config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("could not start: {e}");
            std::process::exit(1);
        }
    };
    // Tests and scripts wait for this exact line.
    println!("listening on http://{}", running.addr);
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("shutting down"),
        _ = running.handle => {}
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // Panic messages in the console for the designer's debug build (`trunk serve`). The
    // release client aborts on a panic before any hook could run (`panic=immediate-abort`,
    // scripts/tools.sh), so there the hook would only be bytes on the first load.
    #[cfg(all(feature = "csr", debug_assertions))]
    console_error_panic_hook::set_once();
    // A Korean reader's texts are a chunk of their own in release builds: fetch them before
    // the first paint, so the page never flashes English (it starts in English if they can't
    // be fetched).
    // (wasm-bindgen's executor: Leptos' own starts with the mount.)
    #[cfg(feature = "csr")]
    wasm_bindgen_futures::spawn_local(async {
        use partner_benefits::ui::{dom, dom::first_paint, i18n};
        i18n::ready(i18n::preferred()).await;
        if first_paint::present() {
            first_paint::painted().await;
        }
        // The first render in a task of its own, not in the one that started the module: on
        // a slow phone each is then short enough not to hold up a tap (total blocking time).
        dom::next_task().await;
        leptos::mount::mount_to_body(partner_benefits::ui::App);
    });
}
