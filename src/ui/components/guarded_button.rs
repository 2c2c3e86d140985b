use leptos::prelude::*;

/// A primary action that may be unavailable: still focusable and announced, greyed, with the
/// reason beside it (`aria-describedby`), and doing nothing when pressed.
#[component]
pub fn GuardedButton(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    /// Why it is unavailable, or None.
    #[prop(into)]
    blocked: Signal<Option<String>>,
    /// What it does when available; shown beside it.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    on_press: Callback<()>,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let note_id = format!("{id}-note");
    let class = if secondary {
        "button button--secondary"
    } else {
        "button button--primary"
    };
    view! {
        <div class="guarded">
            <button
                type="button"
                id=id
                class=class
                aria-disabled=move || blocked.with(Option::is_some).then_some("true")
                aria-describedby=note_id.clone()
                on:click=move |_| {
                    if blocked.with_untracked(Option::is_none) {
                        on_press.run(());
                    }
                }
            >
                {move || label.get()}
            </button>
            <p id=note_id class="details__hint" class:details__hint--blocked=move || blocked.with(Option::is_some)>
                {move || blocked.get().or_else(|| hint.get())}
            </p>
        </div>
    }
}
