use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use crate::ui::lazy::{more, on_demand, OnDemandPart};
use leptos::prelude::*;
use std::time::Duration;

/// Short confirmations ("Seat assigned to Kim Min-jun") shown at the bottom of the screen for a
/// few seconds and announced politely to screen readers.
#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Vec<(u64, String)>>);

impl Toasts {
    pub fn provide() -> Toasts {
        let t = Toasts(RwSignal::new(Vec::new()));
        provide_context(t);
        t
    }

    pub fn push(self, message: String) {
        let id = self
            .0
            .with_untracked(|v| v.iter().map(|(i, _)| *i).max().unwrap_or(0) + 1);
        // Dismissed six seconds after it is drawn (`ToastList`), not after this: its chunk may
        // still be on its way.
        self.0.update(|v| v.push((id, message)));
    }

    pub fn dismiss(self, id: u64) {
        self.0.update(|v| v.retain(|(i, _)| *i != id));
    }
}

pub fn use_toasts() -> Toasts {
    use_context::<Toasts>().unwrap_or_else(Toasts::provide)
}

/// Where toasts appear; put one in the page shell. The region is there from the start (a
/// screen reader announces what later appears in it); the code that draws toasts is a chunk
/// of its own, fetched with the first toast, so no page's first load carries it.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let any = Memo::new(move |_| toasts.0.with(|t| !t.is_empty()));
    // Drawn while there are toasts: if the chunk could not be fetched, nothing shows (a toast
    // confirms something done; an error here would read as the action's) and the next toast
    // asks again.
    view! {
        <div class="toasts" role="status" aria-live="polite">
            {move || any.get().then(|| view! { <OnDemandPart part=TOAST_LIST given=toasts quiet=true/> })}
        </div>
    }
}

// With the toasts' styles (more.css): the empty region above needs none.
on_demand!(const TOAST_LIST in toast_list, with more() => |toasts: Toasts| view! { <ToastList toasts/> });

#[component]
fn ToastList(toasts: Toasts) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <For each=move || toasts.0.get() key=|(id, _)| *id let:toast>
            {
                let id = toast.0;
                set_timeout(move || toasts.dismiss(id), Duration::from_secs(6));
            }
            <div class="toast">
                <span class="toast__text">{toast.1.clone()}</span>
                <button
                    type="button"
                    class="toast__close"
                    aria-label=move || i18n.t(Key::Dismiss)
                    on:click=move |_| toasts.dismiss(toast.0)
                >
                    "×"
                </button>
            </div>
        </For>
    }
}
