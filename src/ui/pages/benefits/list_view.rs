//! A category's rows as the address asks (`?q=…&status=…&sort=…`): searched, kept by status,
//! sorted, by the same `domain::list_view::BenefitListView` the tests hold to its rules. The
//! browser has every row of the category already, so it filters them itself, at once, and a
//! link or a reload shows the same list.

use super::table::BenefitTable;
use crate::api::benefits::BenefitRow;
use crate::domain::list_view::{clipped, BenefitListView, BenefitSort};
use crate::domain::{BenefitStatus, Category};
use crate::i18n::Key;
use crate::ui::components::{ListTools, SelectField};
use crate::ui::i18n::use_i18n;
use crate::ui::router::NavigateOptions;
use crate::ui::router::{use_navigate, use_query_map};
use leptos::prelude::*;

/// The address of `category` showing `view`.
fn href(category: Category, view: &BenefitListView) -> String {
    match view.to_query() {
        q if q.is_empty() => format!("/benefits/{}", category.slug()),
        q => format!("/benefits/{}?{q}", category.slug()),
    }
}

#[component]
pub fn BenefitList(category: Category, rows: Vec<RwSignal<BenefitRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let address = use_query_map();
    let view = Memo::new(move |_| address.with(|q| BenefitListView::from_query(|n| q.get(n))));
    let start = view.get_untracked();
    let search = RwSignal::new(start.search.clone());
    let status = RwSignal::new(
        start
            .status
            .map(|s| s.code().to_string())
            .unwrap_or_default(),
    );
    let sort = RwSignal::new(start.sort.slug().to_string());
    let navigate = use_navigate();
    // The search this page last put in the address: the box is set from the address only
    // when the address says something else (Back, a link), never while someone types.
    let written = StoredValue::new(start.search.clone());
    // The controls put what they are set to in the address; the list follows the address.
    let show = move |next: BenefitListView| {
        if next != view.get_untracked() {
            written.set_value(next.search.clone());
            navigate(
                &href(category, &next),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                },
            );
        }
    };
    // Back, or a link followed within the page: the controls say what is applied.
    Effect::new(move |_| {
        let v = view.get();
        if written.with_value(|w| clipped(w) != v.search) {
            written.set_value(v.search.clone());
            search.set(v.search.clone());
        }
        status.set(v.status.map(|s| s.code().to_string()).unwrap_or_default());
        sort.set(v.sort.slug().to_string());
    });
    let on_search = {
        let show = show.clone();
        Callback::new(move |typed: String| {
            show(BenefitListView {
                search: typed,
                ..view.get_untracked()
            })
        })
    };
    {
        let show = show.clone();
        Effect::new(move |_| {
            show(BenefitListView {
                status: BenefitStatus::from_code(&status.get()),
                sort: BenefitSort::from_slug(&sort.get()).unwrap_or_default(),
                ..view.get_untracked()
            })
        });
    }
    let total = rows.len();
    let all = StoredValue::new(rows);
    // Each row is read (and tracked): a refresh that changes a row's status or expiry moves it.
    let shown = Memo::new(move |_| {
        let v = view.get();
        all.with_value(|rows| v.apply(rows.iter().map(|r| (*r, r.get()))))
    });
    let status_options = Signal::derive(move || {
        let lang = i18n.lang();
        let chosen = BenefitStatus::from_code(&status.get());
        // The statuses this category has (and the one asked for, even if it has none now).
        let present: Vec<BenefitStatus> = all.with_value(|rows| {
            BenefitStatus::ALL
                .iter()
                .copied()
                .filter(|s| Some(*s) == chosen || rows.iter().any(|r| r.with(|r| r.status == *s)))
                .collect()
        });
        std::iter::once((String::new(), i18n.t(Key::ListStatusAll).to_string()))
            .chain(
                present
                    .into_iter()
                    .map(|s| (s.code().to_string(), s.label(lang).to_string())),
            )
            .collect::<Vec<_>>()
    });
    let sort_options = Signal::derive(move || {
        let lang = i18n.lang();
        BenefitSort::ALL
            .iter()
            .map(|s| (s.slug().to_string(), s.label(lang).to_string()))
            .collect::<Vec<_>>()
    });
    let count = Signal::derive(move || {
        view.with(BenefitListView::filters).then(|| {
            i18n.tf(
                Key::ListCount,
                &[
                    ("shown", &shown.with(Vec::len).to_string()),
                    ("total", &total.to_string()),
                ],
            )
        })
    });
    let clear = {
        let show = show.clone();
        move |_| {
            search.set(String::new());
            written.set_value(String::new());
            show(BenefitListView {
                sort: view.get_untracked().sort,
                ..Default::default()
            });
        }
    };
    let id = format!("list-{}", category.slug());
    view! {
        <ListTools
            id=id.clone()
            label=Signal::derive(move || i18n.tf(Key::ListToolsLabel, &[("category", category.label(i18n.lang()))]))
            search_label=Signal::derive(move || i18n.t(Key::ListSearchBenefits).to_string())
            search
            on_search
            count
        >
            <SelectField id=format!("{id}-status") label=Signal::derive(move || i18n.t(Key::ListStatus).to_string()) value=status options=status_options/>
            <SelectField id=format!("{id}-sort") label=Signal::derive(move || i18n.t(Key::ListSort).to_string()) value=sort options=sort_options/>
        </ListTools>
        <Show
            when=move || shown.with(|s| !s.is_empty())
            fallback=move || view! {
                <div class="empty">
                    <p class="empty__title">{move || i18n.t(Key::ListNoMatchTitle)}</p>
                    <p>{move || i18n.tf(Key::ListNoMatchText, &[("category", category.label(i18n.lang()))])}</p>
                    <button type="button" class="button button--secondary" on:click=clear.clone()>{move || i18n.t(Key::ListClear)}</button>
                </div>
            }
        >
            <BenefitTable rows=shown/>
        </Show>
    }
}
