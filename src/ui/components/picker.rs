use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// What a picker offers: anything with an identity, a text for the input once picked, and the
/// content of its option in the list. The picker knows nothing else about it.
pub trait PickerItem: Clone + Send + Sync + 'static {
    /// Stable identity: what `unavailable` lists.
    fn id(&self) -> i64;
    /// What the input shows once this one is picked.
    fn text(&self) -> String;
    /// The option's content in the list.
    fn option_view(&self) -> AnyView;
}

/// One page of results.
pub struct SearchPage<T> {
    pub items: Vec<T>,
    pub has_more: bool,
}

type SearchFuture<T> = Pin<Box<dyn Future<Output = Result<SearchPage<T>, AppError>>>>;

/// Where the picker gets its items from: a server function in the app, a list in memory in the
/// component gallery. `(query, offset)` → one page.
pub struct PickerSearch<T>(pub Arc<dyn Fn(String, u32) -> SearchFuture<T> + Send + Sync>);

// Not derived: the derive would ask for `T: Clone`, which the `Arc` does not need.
impl<T> Clone for PickerSearch<T> {
    fn clone(&self) -> Self {
        PickerSearch(self.0.clone())
    }
}

impl<T> PickerSearch<T> {
    pub fn new<F, Fut>(f: F) -> PickerSearch<T>
    where
        F: Fn(String, u32) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<SearchPage<T>, AppError>> + 'static,
    {
        PickerSearch(Arc::new(move |q, o| Box::pin(f(q, o))))
    }
}

/// A type-ahead picker (WAI-ARIA combobox with a listbox popup): type part of a name, move
/// through results with the arrow keys, Enter or a click picks, Escape closes the list. Results
/// come a page at a time, so it stays fast with 10,000 items. `children`, if given, are shown
/// below it (where to find what is not listed, say).
#[component]
pub fn Picker<T: PickerItem>(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    /// The picked item.
    selected: RwSignal<Option<T>>,
    search: PickerSearch<T>,
    /// Said when nothing matches.
    #[prop(into)]
    no_match: Signal<String>,
    /// Says how many results are shown.
    shown: Callback<usize, String>,
    #[prop(optional, into)] error: MaybeProp<String>,
    #[prop(optional)] autofocus: bool,
    /// Items that cannot be picked here (people who already hold a seat, say), with why:
    /// marked in the results before anyone tries.
    #[prop(optional_no_strip)]
    unavailable: Option<Signal<Vec<i64>>>,
    #[prop(optional, into)] unavailable_note: MaybeProp<String>,
    /// Starts with its list open and the first page asked for, as after a click: how the
    /// gallery's stories show the results, nothing found, loading and failure.
    #[prop(optional)]
    start_open: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let is_unavailable = move |id: i64| unavailable.is_some_and(|u| u.with(|u| u.contains(&id)));
    let i18n = use_i18n();
    let text = RwSignal::new(
        selected
            .get_untracked()
            .map(|u| u.text())
            .unwrap_or_default(),
    );
    let results = RwSignal::new(Vec::<T>::new());
    let has_more = RwSignal::new(false);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let loading = RwSignal::new(false);
    let failure = RwSignal::new(None::<AppError>);
    // Every search gets a number; answers to older searches are dropped.
    let generation = StoredValue::new(0u64);
    let search = StoredValue::new(search);

    let run = move |query: String, offset: u32| {
        let ticket = generation.get_value() + 1;
        generation.set_value(ticket);
        loading.set(true);
        let fetch = search.with_value(|s| (s.0)(query, offset));
        spawn_local(async move {
            let answer = fetch.await;
            if generation.get_value() != ticket {
                return;
            }
            loading.set(false);
            match answer {
                Ok(page) => {
                    failure.set(None);
                    has_more.set(page.has_more);
                    if offset == 0 {
                        results.set(page.items);
                        active.set(None);
                    } else {
                        results.update(|r| r.extend(page.items));
                    }
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    if start_open {
        open.set(true);
        run(String::new(), 0);
    }

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        selected.set(None);
        open.set(true);
        let ticket = generation.get_value();
        // Wait for a pause in typing before asking the server.
        set_timeout(
            move || {
                if generation.get_value() == ticket && text.get_untracked() == value {
                    run(value, 0);
                }
            },
            Duration::from_millis(150),
        );
    };

    let choose = move |item: T| {
        if is_unavailable(item.id()) {
            return;
        }
        text.set(item.text());
        selected.set(Some(item));
        open.set(false);
        active.set(None);
    };

    let listbox_id = format!("{id}-listbox");
    let option_id = {
        let id = id.clone();
        move |i: usize| format!("{id}-option-{i}")
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if !open.get_untracked() {
                    open.set(true);
                    if n == 0 {
                        run(text.get_untracked(), 0);
                    }
                }
                if n > 0 {
                    let next = active.get_untracked().map_or(0, |a| a + 1);
                    if next >= n && has_more.get_untracked() {
                        // Arrowing past the last result fetches the next page.
                        run(text.get_untracked(), n as u32);
                    }
                    active.set(Some(next.min(n - 1)));
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                if n > 0 {
                    active.set(Some(
                        active
                            .get_untracked()
                            .map_or(n - 1, |a| a.saturating_sub(1)),
                    ));
                }
            }
            "Enter" => {
                if let Some(a) = active.get_untracked().filter(|_| open.get_untracked()) {
                    ev.prevent_default();
                    if let Some(item) = results.with_untracked(|r| r.get(a).cloned()) {
                        choose(item);
                    }
                }
            }
            // Close the list, not the dialog around it.
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                ev.stop_propagation();
                open.set(false);
            }
            _ => {}
        }
    };
    // Focus fetches the first page (alphabetically) so people are offered the moment the
    // field is touched or arrowed into, before any typing; typing narrows it. (Not opened by
    // focus alone: a dialog focuses the picker as it opens, and the list would cover its
    // buttons.)
    let on_focus = move |_| {
        if results.with_untracked(Vec::is_empty) {
            run(text.get_untracked(), 0);
        }
    };
    let on_click = move |_| {
        if selected.with_untracked(Option::is_none) {
            open.set(true);
        }
    };
    let has_error = move || error.get().is_some();
    let error_id = format!("{id}-error");
    let describe = error_id.clone();
    let active_descendant = {
        let option_id = option_id.clone();
        move || active.get().filter(|_| open.get()).map(&option_id)
    };
    let listbox_for_attr = listbox_id.clone();
    // Keep the highlighted option in view as the arrow keys move it.
    {
        let option_id = option_id.clone();
        Effect::new(move |_| {
            if let Some(i) = active.get() {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&option_id(i)))
                {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        });
    }

    view! {
        <div class="picker" class:field--invalid=has_error>
            <label for=id.clone() class="picker__label">{move || label.get()}</label>
            <input
                id=id.clone()
                class="picker__input"
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=listbox_for_attr
                aria-activedescendant=active_descendant
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || has_error().then(|| describe.clone())
                autofocus=autofocus
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
                on:focus=on_focus
                on:click=on_click
                on:blur=move |_| open.set(false)
            />
            <div class="picker__popup" hidden=move || !open.get()>
                <ul id=listbox_id class="picker__list" role="listbox" aria-label=move || label.get()>
                    {move || results.get().into_iter().enumerate().map(|(i, item)| {
                        let taken = is_unavailable(item.id());
                        let content = item.option_view();
                        view! {
                            <li
                                id=option_id(i)
                                class="picker__option"
                                class:picker__option--active=move || active.get() == Some(i)
                                class:picker__option--unavailable=taken
                                role="option"
                                aria-disabled=taken.then_some("true")
                                aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                // mousedown, not click: it comes before the input's blur.
                                on:mousedown=move |ev| { ev.prevent_default(); choose(item.clone()); }
                            >
                                {content}
                                {taken.then(|| view! { <span class="picker__note">{move || unavailable_note.get()}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="picker__status" aria-live="polite">
                    {move || {
                        if let Some(e) = failure.get() {
                            e.message(i18n.lang())
                        } else if loading.get() {
                            i18n.t(Key::PickerSearching).to_string()
                        } else if results.with(Vec::is_empty) {
                            no_match.get()
                        } else {
                            shown.run(results.with(Vec::len))
                        }
                    }}
                </div>
                <Show when=move || has_more.get()>
                    <button
                        type="button"
                        class="button button--small picker__more"
                        // Not in the tab order: tabbing would blur the input and close the list;
                        // arrowing past the last result loads more anyway.
                        tabindex="-1"
                        on:mousedown=move |ev| {
                            ev.prevent_default();
                            run(text.get_untracked(), results.with_untracked(Vec::len) as u32);
                        }
                    >
                        {move || i18n.t(Key::PickerMore)}
                    </button>
                </Show>
            </div>
            <p id=error_id class="field__error" aria-live="polite">{move || error.get()}</p>
            {children.map(|c| c())}
        </div>
    }
}
