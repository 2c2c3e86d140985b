use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Copies `value` to the clipboard with one click and says so (politely, for screen readers).
#[component]
pub fn CopyButton(
    /// The text to copy.
    #[prop(into)]
    value: String,
    /// What is copied, for the accessible name: "Copy {what}".
    #[prop(into)]
    what: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(CopyState::Idle);
    let copy = move |_| {
        let value = value.clone();
        spawn_local(async move {
            let ok = write_clipboard(&value).await;
            state.set(if ok {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            // "Copied" is news for a moment, not a state: it clears (a failure stays).
            if ok {
                set_timeout(
                    move || {
                        if state.try_get_untracked() == Some(CopyState::Copied) {
                            state.set(CopyState::Idle);
                        }
                    },
                    std::time::Duration::from_millis(2500),
                );
            }
        });
    };
    view! {
        <span class="copy">
            <button
                type="button"
                class="button button--small"
                aria-label=move || i18n.tf(Key::CopyWhat, &[("what", &what)])
                on:click=copy
            >
                {move || i18n.t(Key::Copy)}
            </button>
            <span class="copy__feedback" class:copy__feedback--error=move || state.get() == CopyState::Failed aria-live="polite">
                {move || match state.get() {
                    CopyState::Idle => "",
                    CopyState::Copied => i18n.t(Key::Copied),
                    CopyState::Failed => i18n.t(Key::CopyBlocked),
                }}
            </span>
        </span>
    }
}

/// `navigator.clipboard.writeText`, which only exists in secure contexts (https, localhost).
async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
