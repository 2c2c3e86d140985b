//! The Benefits page: five category tabs, each addressable by URL, and the category's rows.
//!
//! One module per category, named as on the server (`server::benefits`, `server::assign`,
//! `server::marketing`): what an expanded row offers lives with its category, the table and
//! row that host it in `table`.

mod advisory;
// A request's detail (the requests page) names the phase in the same words as the form.
pub(crate) use advisory::phase_label;
mod cloud;
mod common;
pub mod downloads;
mod list_view;
mod marketing;
mod seats;
mod software;
pub mod table;
mod technical;

use crate::api::benefits::{list_benefits, BenefitRow};
use crate::domain::{BenefitStatus, Category};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{ErrorAlert, Loading, PageHeading};
use crate::ui::i18n::use_i18n;
use crate::ui::lazy::OnDemandPart;
use crate::ui::router::{use_navigate, use_params_map};
use leptos::leptos_dom::helpers::{set_interval_with_handle, IntervalHandle};
use leptos::prelude::*;
use leptos::task::spawn_local;
use list_view::BenefitList;
use marketing::{ContactContext, CONTACT_PANEL};
use wasm_bindgen::JsCast;

#[component]
pub fn BenefitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let category = Memo::new(move |_| {
        params
            .read()
            .get("category")
            .as_deref()
            .and_then(Category::from_slug)
    });

    view! {
        <PageHeading lang=i18n.0 title=Key::NavBenefits lede=Key::BenefitsLede/>
        <CategoryTabs current=category/>
        {move || match category.get() {
            Some(c) => view! {
                <section class="tab-panel" role="tabpanel" id="benefits-panel" aria-labelledby=format!("tab-{}", c.slug())>
                    <CategoryRows category=c/>
                </section>
            }.into_any(),
            None => view! {
                <div class="alert alert--error" role="alert">
                    <p class="alert__text">{move || i18n.t(Key::NoSuchCategory)}</p>
                </div>
            }.into_any(),
        }}
    }
}

/// The tablist. Tabs are links (each category has its own URL); arrow keys, Home and End move
/// between them as the WAI-ARIA tabs pattern expects, and only the current tab is in the tab order.
#[component]
fn CategoryTabs(current: Memo<Option<Category>>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let all = Category::ALL;
        let i = current
            .get_untracked()
            .and_then(|c| all.iter().position(|x| *x == c))
            .unwrap_or(0);
        let target = match ev.key().as_str() {
            "ArrowRight" => all[(i + 1) % all.len()],
            "ArrowLeft" => all[(i + all.len() - 1) % all.len()],
            "Home" => all[0],
            "End" => all[all.len() - 1],
            _ => return,
        };
        ev.prevent_default();
        navigate(&format!("/benefits/{}", target.slug()), Default::default());
        if let Some(el) = tab_of(target) {
            let _ = el.focus();
        }
    };
    // On a phone the tabs scroll sideways: keep the current one in view, or a page opened on a
    // later category would show only the first tabs. Only the strip scrolls, never the page (a
    // scroll position the browser restored stays); `.tabs` is its tabs' offset parent.
    Effect::new(move |_| {
        let Some(c) = current.get() else {
            return;
        };
        let Some((tab, strip)) =
            tab_of(c).and_then(|tab| Some((tab.clone(), tab.parent_element()?)))
        else {
            return;
        };
        let (left, width, shown) = (tab.offset_left(), tab.offset_width(), strip.client_width());
        let scrolled = strip.scroll_left();
        if left < scrolled || left + width > scrolled + shown {
            strip.set_scroll_left(left - (shown - width) / 2);
        }
    });
    view! {
        <div class="tabs" role="tablist" aria-label=move || i18n.t(Key::TabsLabel) on:keydown=on_keydown>
            {Category::ALL.iter().map(|&c| {
                let selected = move || current.get() == Some(c);
                view! {
                    <a
                        class="tabs__tab"
                        role="tab"
                        id=format!("tab-{}", c.slug())
                        href=format!("/benefits/{}", c.slug())
                        aria-selected=move || if selected() { "true" } else { "false" }
                        aria-controls="benefits-panel"
                        tabindex=move || if selected() { "0" } else { "-1" }
                    >
                        {move || c.label(i18n.lang())}
                    </a>
                }
            }).collect_view()}
        </div>
    }
}

/// A category's tab as drawn by [`CategoryTabs`] (`id="tab-<slug>"`).
fn tab_of(category: Category) -> Option<web_sys::HtmlElement> {
    document()
        .get_element_by_id(&format!("tab-{}", category.slug()))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// How often a category with a Pending row asks again, so Pending turns Active on screen when
/// it happens.
const POLL_WHILE_PENDING: std::time::Duration = std::time::Duration::from_secs(5);

#[component]
fn CategoryRows(category: Category) -> impl IntoView {
    let i18n = use_i18n();
    // Each row is its own signal, so a refresh updates rows in place: an expanded row stays
    // expanded, a dialog stays open.
    let rows = RwSignal::new(None::<Result<Vec<RwSignal<BenefitRow>>, AppError>>);
    // Each load has a number; an answer that is not the latest is dropped (a slow poll must not
    // overwrite a newer answer), and one that arrives after the page is gone finds its signals
    // disposed and does nothing.
    let latest = StoredValue::new(0u64);
    let load = move || {
        let Some(ticket) = latest.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        spawn_local(async move {
            let fresh = list_benefits(category).await;
            if latest.try_get_value() != Some(ticket) {
                return;
            }
            let Some(current) = rows.try_with_untracked(|r| match r {
                Some(Ok(list)) => Some(list.clone()),
                _ => None,
            }) else {
                return;
            };
            match (fresh, current) {
                (Ok(list), Some(current))
                    if list.len() == current.len()
                        && list.iter().zip(&current).all(|(new, old)| {
                            old.try_with_untracked(|o| o.id == new.id) == Some(true)
                        }) =>
                {
                    for (new, old) in list.into_iter().zip(current) {
                        if old.try_with_untracked(|o| *o != new) == Some(true) {
                            old.try_set(new);
                        }
                    }
                }
                (Ok(list), _) => {
                    rows.try_set(Some(Ok(list.into_iter().map(RwSignal::new).collect())));
                }
                // A failed refresh keeps what is on screen; a failed first load says so.
                (Err(e), None) => {
                    rows.try_set(Some(Err(e)));
                }
                (Err(_), Some(_)) => {}
            }
        })
    };
    load();
    let retry = Callback::new(move |_| {
        rows.set(None);
        load();
    });
    let pending = Memo::new(move |_| {
        rows.with(|r| match r {
            Some(Ok(list)) => list.iter().any(|row| {
                row.with(|r| {
                    r.status == BenefitStatus::Pending
                        || r.gtm.iter().any(|g| g.status == BenefitStatus::Pending)
                })
            }),
            _ => false,
        })
    });
    let poll = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        if let Some(h) = poll.get_value() {
            h.clear();
        }
        poll.set_value(
            pending
                .get()
                .then(|| set_interval_with_handle(load, POLL_WHILE_PENDING).ok())
                .flatten(),
        );
    });
    on_cleanup(move || {
        if let Some(h) = poll.try_get_value().flatten() {
            h.clear();
        }
    });
    // Go-to-market rows need to know whether a marketing contact exists.
    let contact = (category == Category::GoToMarket).then(ContactContext::provide);
    view! {
        {contact.map(|c| view! { <OnDemandPart part=CONTACT_PANEL given=c/> })}
        {move || match rows.get() {
            None => view! {
                <Loading label=Signal::derive(move || i18n.tf(Key::LoadingCategory, &[("category", category.label(i18n.lang()))]))/>
            }.into_any(),
            Some(Err(e)) => view! { <ErrorAlert error=e on_retry=retry/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! {
                <div class="empty">
                    <p class="empty__title">{move || i18n.tf(Key::EmptyCategoryTitle, &[("category", category.label(i18n.lang()))])}</p>
                    <p>{move || i18n.t(Key::EmptyCategoryText)}</p>
                </div>
            }.into_any(),
            Some(Ok(list)) => view! { <BenefitList category rows=list/> }.into_any(),
        }}
    }
}
