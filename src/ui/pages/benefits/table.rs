//! The benefit table of a category: one row per benefit, expanded in place to show its
//! details and what can be done with it in its category (each category's panel lives in its
//! own module: software, cloud, seats, technical, marketing).
//!
//! The expanded part is a chunk of its own ([`DETAILS`]): most of what this page can do (keys,
//! downloads, seats, requests, marketing, their dialogs) is only needed once a row is opened,
//! so the table paints without it. It is fetched when a pointer or the keyboard first reaches a
//! row, so it is usually there by the time the row is opened; if not, the opened row says it is
//! loading until it is.

use super::cloud::CloudActivation;
use super::downloads::ProductDownloads;
use super::marketing::GtmPanel;
use super::seats::SeatsPanel;
use super::software::KeysPanel;
use super::technical::TechnicalPanel;
use crate::api::benefits::BenefitRow;
use crate::domain::{format, Category, CloudKind};
use crate::i18n::Key;
use crate::ui::components::{ExpandButton, StatusBadge};
use crate::ui::i18n::use_i18n;
use crate::ui::lazy::{more, on_demand, OnDemandPart};
use crate::ui::router::use_query_map;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The rows shown, in the order given. Each row keeps its view while it stays in the list
/// (keyed by id): a search or a new order moves an expanded row, open dialog and all, rather
/// than building it again.
#[component]
pub fn BenefitTable(#[prop(into)] rows: Signal<Vec<RwSignal<BenefitRow>>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="benefit-table">
            <caption class="visually-hidden">{move || i18n.t(Key::TableCaption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t(Key::ColName)}</th>
                    <th scope="col">{move || i18n.t(Key::ColPackage)}</th>
                    <th scope="col">{move || i18n.t(Key::ColQuantity)}</th>
                    <th scope="col">{move || i18n.t(Key::ColStatus)}</th>
                    <th scope="col">{move || i18n.t(Key::ColExpires)}</th>
                    <th scope="col"><span class="visually-hidden">{move || i18n.t(Key::ColDetails)}</span></th>
                </tr>
            </thead>
            <For each=move || rows.get() key=|row| row.with_untracked(|r| r.id) let:row>
                <BenefitRowView row/>
            </For>
        </table>
    }
}

/// One benefit: its summary row and, when expanded, its details in place below it.
#[component]
fn BenefitRowView(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.with_untracked(|r| r.id);
    // `?open=<id>` (links from the Packages page) opens this row and brings it into view.
    let opened = use_query_map().with_untracked(|q| q.get("open")) == Some(id.to_string());
    let expanded = RwSignal::new(opened);
    if opened {
        request_animation_frame(move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("benefit-{id}")))
            {
                el.scroll_into_view();
            }
        });
    }
    let detail_id = format!("benefit-{id}-details");
    let name = row.with_untracked(|r| r.name.clone());
    let quantity = move || {
        let lang = i18n.lang();
        row.with(|r| {
            let total = r.unit.quantity_label(lang, r.quantity);
            if r.used > 0 {
                i18n.tf(
                    Key::QuantityUsed,
                    &[("total", &total), ("used", &format::thousands(r.used))],
                )
            } else {
                total
            }
        })
    };
    view! {
        <tbody
            class="benefit"
            class:benefit--expanded=move || expanded.get()
            id=format!("benefit-{id}")
            on:pointerenter=|_| DETAILS.prefetch()
            on:focusin=|_| DETAILS.prefetch()
        >
            <tr class="benefit__summary" on:click=move |ev: leptos::ev::MouseEvent| {
                // Anywhere on the row's header opens it, as the chevron does; a click on a
                // control inside it (the chevron itself, a link) is that control's.
                let on_control = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("button, a, input, select, textarea").ok().flatten())
                    .is_some();
                if !on_control {
                    expanded.update(|e| *e = !*e);
                }
            }>
                <th scope="row" class="benefit__name">{name.clone()}</th>
                <td class="benefit__package" data-label=move || i18n.t(Key::ColPackage)>{move || row.with(|r| r.package_name.clone())}</td>
                <td class="benefit__quantity" data-label=move || i18n.t(Key::ColQuantity)>{quantity}</td>
                <td class="benefit__status" data-label=move || i18n.t(Key::ColStatus)><StatusBadge status=Signal::derive(move || row.with(|r| r.status))/></td>
                <td class="benefit__expires" data-label=move || i18n.t(Key::ColExpires)>{move || format::date(i18n.lang(), row.with(|r| r.expires_on))}</td>
                <td class="benefit__toggle">
                    <ExpandButton expanded controls=detail_id.clone() subject=name.clone()/>
                </td>
            </tr>
            <tr class="benefit__details" id=detail_id hidden=move || !expanded.get()>
                <td colspan="6">
                    <Show when=move || expanded.get()>
                        <OnDemandPart part=DETAILS given=row/>
                    </Show>
                </td>
            </tr>
        </tbody>
    }
}

on_demand!(const DETAILS in benefit_details, with more() => |row: RwSignal<BenefitRow>| view! { <BenefitDetails row/> });

/// What an expanded row shows: the facts, then its category's panel, then its downloads.
#[component]
fn BenefitDetails(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let r = row.get_untracked();
    let body = match (r.category, r.cloud_kind) {
        (Category::Cloud, Some(CloudKind::Usage)) => view! { <CloudActivation row/> }.into_any(),
        (Category::VisualStudio, _) => view! { <SeatsPanel row/> }.into_any(),
        (Category::Technical, _) => view! { <TechnicalPanel row/> }.into_any(),
        (Category::GoToMarket, _) => view! { <GtmPanel row/> }.into_any(),
        _ if r.has_keys() => view! { <KeysPanel row_signal=row/> }.into_any(),
        _ => ().into_any(),
    };
    let downloads = (r.download_count > 0)
        .then(|| view! { <ProductDownloads benefit_id=r.id product=r.name.clone()/> });
    let fact = move |key: Key, value: Signal<String>| {
        view! { <div><dt>{move || i18n.t(key)}</dt><dd>{move || value.get()}</dd></div> }
    };
    // The row already shows the package, the quantity and the expiry; seats and technical
    // benefits say what is used in their own section. Only what is new is said here.
    let counts = !matches!(r.category, Category::VisualStudio | Category::Technical);
    view! {
        <div class="details">
            {counts.then(|| view! {
                <dl class="details__facts">
                    {fact(Key::Used, Signal::derive(move || row.with(|r| format::thousands(r.used))))}
                    {fact(Key::Remaining, Signal::derive(move || row.with(|r| format::thousands(r.remaining()))))}
                </dl>
            })}
            {body}
            {downloads}
        </div>
    }
}
