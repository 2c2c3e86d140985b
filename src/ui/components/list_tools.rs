//! The controls above a list: a search box and the list's own selects (whom or what it shows,
//! its order), grouped as a search landmark, and a line saying how many rows are shown, which
//! a screen reader announces when it changes.

use super::TextField;
use leptos::prelude::*;
use std::time::Duration;

/// How long typing pauses before the list follows it: a list redrawn at every keystroke jumps
/// under the reader's eyes, and a server list would be asked once per letter.
const TYPING_PAUSE: Duration = Duration::from_millis(200);

#[component]
pub fn ListTools(
    /// Prefix of the controls' ids (`<id>-search`).
    #[prop(into)]
    id: String,
    /// The landmark's name ("Search and sort Software").
    #[prop(into)]
    label: Signal<String>,
    #[prop(into)] search_label: Signal<String>,
    search: RwSignal<String>,
    /// Called with what the search box holds once typing pauses.
    on_search: Callback<String>,
    /// "3 of 12 shown"; nothing while there is nothing to count.
    #[prop(into)]
    count: Signal<Option<String>>,
    /// The list's selects.
    children: Children,
) -> impl IntoView {
    let typed = Callback::new(move |_| {
        let Some(now) = search.try_get_untracked() else {
            return;
        };
        set_timeout(
            move || {
                // Still the same words, and the list still there.
                if search.try_get_untracked().as_ref() == Some(&now) {
                    on_search.run(now);
                }
            },
            TYPING_PAUSE,
        );
    });
    view! {
        <div class="list-tools" role="search" aria-label=move || label.get()>
            <TextField id=format!("{id}-search") kind="search" label=search_label value=search on_input=typed/>
            {children()}
        </div>
        <p class="list-tools__count" role="status">{move || count.get()}</p>
    }
}
