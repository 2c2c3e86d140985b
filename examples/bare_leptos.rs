//! The framework's floor, for `scripts/bench-client.sh`: the least a Leptos 0.8 client-side
//! app with a router ships. Two routes (a counter and a hello page) and a link between them,
//! built exactly like the product's client (release profile, trunk, wasm-opt -Oz, minify) from
//! `bench/bare/index.html`, and served by the product's own server (`PB_DIST`). It uses nothing
//! of the product: whatever the product's pages weigh beyond this is the product's own.
//!
//! Built only with `--features csr` (`required-features`), by trunk:
//! `trunk --config bench/bare/Trunk.toml build --release`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0u32);
    view! {
        <h1>"Counter"</h1>
        <button on:click=move |_| set_count.update(|n| *n += 1)>"Clicked " {count} " times"</button>
        <p><A href="/hello">"Say hello"</A></p>
    }
}

#[component]
fn Hello() -> impl IntoView {
    view! {
        <h1>"Hello"</h1>
        <p><A href="/">"Back to the counter"</A></p>
    }
}

#[component]
fn BareApp() -> impl IntoView {
    view! {
        <Router>
            <main>
                <Routes fallback=|| view! { <p>"Not found"</p> }>
                    <Route path=path!("/") view=Counter/>
                    <Route path=path!("/hello") view=Hello/>
                </Routes>
            </main>
        </Router>
    }
}

fn main() {
    leptos::mount::mount_to_body(BareApp);
}
