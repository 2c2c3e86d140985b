//! Packages: what the company bought, whether each can still be cancelled for a refund (days
//! left, or why not), cancellation requests, and buying from the catalogue.

use crate::api::packages::CANCELLATION_REASON_MAX;
use crate::api::packages::{
    list_packages, purchase_package, request_cancellation, PackageRow, PackageStatus,
};
use crate::domain::problem::optional_text;
use crate::domain::refund::explain;
use crate::domain::{catalogue, format, Action, Date};
use crate::error::AppError;
use crate::i18n::{t, Key, Lang};
use crate::ui::components::{use_toasts, Dialog, ErrorAlert, GuardedButton, Loading, TextField};
use crate::ui::form::idempotency_key;
use crate::ui::i18n::use_i18n;
use crate::ui::session::denial;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn status_label(lang: Lang, s: PackageStatus) -> &'static str {
    t(
        lang,
        match s {
            PackageStatus::Active => Key::StatusActive,
            PackageStatus::Expired => Key::StatusExpired,
            PackageStatus::CancellationRequested => Key::CancellationRequested,
            PackageStatus::Cancelled => Key::StatusCancelled,
        },
    )
}

#[component]
pub fn PackagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let packages = RwSignal::new(None::<Result<Vec<PackageRow>, AppError>>);
    let load = move || {
        spawn_local(async move {
            packages.set(Some(list_packages().await));
        })
    };
    load();
    let added = Callback::new(move |p: PackageRow| {
        packages.update(|list| {
            if let Some(Ok(list)) = list {
                if !list.iter().any(|x| x.id == p.id) {
                    list.insert(0, p);
                }
            }
        })
    });
    let changed = Callback::new(move |p: PackageRow| {
        packages.update(|list| {
            if let Some(Ok(list)) = list {
                if let Some(x) = list.iter_mut().find(|x| x.id == p.id) {
                    *x = p;
                }
            }
        })
    });
    view! {
        <h1>{move || i18n.t(Key::NavPackages)}</h1>
        <p class="page-lede">{move || i18n.t(Key::PackagesLede)}</p>
        <section aria-labelledby="owned-heading">
            <h2 id="owned-heading">{move || i18n.t(Key::YourPackages)}</h2>
            {move || match packages.get() {
                None => view! { <Loading label=Signal::derive(move || i18n.t(Key::Loading).to_string())/> }.into_any(),
                Some(Err(e)) => view! { <ErrorAlert error=e on_retry=Callback::new(move |_| load())/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || i18n.t(Key::NoPackages)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="packages">
                        {list.into_iter().map(|p| view! { <PackageCard package=p on_change=changed/> }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </section>
        <section aria-labelledby="catalogue-heading">
            <h2 id="catalogue-heading">{move || i18n.t(Key::BuyPackage)}</h2>
            <p class="page-lede">{move || i18n.t(Key::BuyLede)}</p>
            <div class="catalogue">
                {catalogue::CATALOGUE.iter().map(|item| view! { <CatalogueCard code=item.code on_bought=added/> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn PackageCard(package: PackageRow, on_change: Callback<PackageRow>) -> impl IntoView {
    let i18n = use_i18n();
    let p = StoredValue::new(package);
    let id = p.with_value(|p| p.id);
    let cancelling = RwSignal::new(false);
    let blocked = Signal::derive(move || {
        let lang = i18n.lang();
        denial(lang, Action::RequestCancellation).or_else(|| {
            p.with_value(|p| match p.status {
                // The refund line above says the rest; the button only says why it is greyed.
                PackageStatus::Cancelled | PackageStatus::CancellationRequested => {
                    Some(status_label(lang, p.status).to_string())
                }
                _ if !p.eligibility.is_refundable() => Some(explain(lang, &p.eligibility)),
                _ => None,
            })
        })
    });
    // What the refund line says follows the package's state first: a cancelled package is not
    // "30 days left", and one just filed for cancellation says so, not "already".
    let refund = move || {
        p.with_value(|p| {
            let lang = i18n.lang();
            match p.status {
                PackageStatus::Cancelled => t(lang, Key::RefundDone).to_string(),
                PackageStatus::CancellationRequested => i18n.tf(
                    Key::CancellationRequestedCase,
                    &[("case", p.cancellation_case.as_deref().unwrap_or(""))],
                ),
                PackageStatus::Expired => t(lang, Key::RefundExpired).to_string(),
                PackageStatus::Active => explain(lang, &p.eligibility),
            }
        })
    };
    view! {
        <article class="package" aria-labelledby=format!("package-{id}-name")>
            <h3 class="package__name" id=format!("package-{id}-name")>{p.with_value(|p| p.name.clone())}</h3>
            <dl class="details__facts">
                <div><dt>{move || i18n.t(Key::Purchased)}</dt><dd>{move || p.with_value(|p| i18n.tf(Key::PurchasedOnBy, &[
                    ("date", &format::date(i18n.lang(), Date::from_unix(p.purchased_at))), ("name", &p.purchased_by)]))}</dd></div>
                <div><dt>{move || i18n.t(Key::Price)}</dt><dd>{move || p.with_value(|p| format::money(i18n.lang(), p.price_cents, &p.currency))}</dd></div>
                <div><dt>{move || i18n.t(Key::ColStatus)}</dt><dd>{move || p.with_value(|p| status_label(i18n.lang(), p.status))}</dd></div>
                <div><dt>{move || i18n.t(Key::ColExpires)}</dt><dd>{move || p.with_value(|p| format::date(i18n.lang(), p.expires_on))}</dd></div>
            </dl>
            <p class="package__refund" class:package__refund--open=move || p.with_value(|p| p.eligibility.is_refundable() && p.status == PackageStatus::Active)>
                <strong>{move || i18n.t(Key::Refund)}": "</strong>{refund}
            </p>
            <details class="package__benefits">
                <summary>{move || p.with_value(|p| i18n.tf(Key::BenefitsGranted, &[("count", &p.benefits.len().to_string())]))}</summary>
                <ul>
                    {p.with_value(|p| p.benefits.clone()).into_iter().map(|b| view! {
                        <li><a href=format!("/benefits/{}?open={}", b.category.slug(), b.id)>{b.name}</a>
                            " · "{move || b.category.label(i18n.lang())}</li>
                    }).collect_view()}
                </ul>
            </details>
            <GuardedButton
                id=format!("package-{id}-cancel")
                secondary=true
                label=Signal::derive(move || i18n.t(Key::RequestCancellation).to_string())
                blocked=blocked
                on_press=Callback::new(move |_| cancelling.set(true))
            />
            <Dialog open=cancelling id=format!("cancel-dialog-{id}") title=Signal::derive(move || i18n.t(Key::RequestCancellation).to_string())>
                <CancelForm package=p.get_value() open=cancelling on_change/>
            </Dialog>
        </article>
    }
}

#[component]
fn CancelForm(
    package: PackageRow,
    open: RwSignal<bool>,
    on_change: Callback<PackageRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let name = package.name.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        // The server's own rule, checked here first.
        reason_error.set(
            optional_text(&reason.get_untracked(), CANCELLATION_REASON_MAX)
                .err()
                .map(|p| p.message(i18n.lang())),
        );
        if reason_error.get_untracked().is_some() {
            return;
        }
        busy.set(true);
        let mut updated = package.clone();
        spawn_local(async move {
            match request_cancellation(updated.id, reason.get_untracked()).await {
                Ok(sr) => {
                    // Close first: a toast shown while the modal is open sits under it, unannounced.
                    open.set(false);
                    toasts.push(i18n.tf(Key::CancellationFiled, &[("case", &sr.case_number)]));
                    updated.status = PackageStatus::CancellationRequested;
                    updated.cancellation_case = Some(sr.case_number);
                    on_change.run(updated);
                }
                Err(e) if e.field_message("reason").is_some() => {
                    reason_error.set(e.field_message("reason").map(str::to_string))
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="dialog__form" on:submit=submit novalidate>
            <p>{move || i18n.tf(Key::CancelExplained, &[("package", &name)])}</p>
            <TextField id="cancel-reason" label=Signal::derive(move || i18n.t(Key::Reason).to_string()) value=reason error=reason_error multiline=true autofocus=true/>
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
            <div class="dialog__actions">
                <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>{move || i18n.t(Key::Cancel)}</button>
                <button type="submit" class="button button--primary" aria-disabled=move || busy.get().then_some("true")>{move || if busy.get() { i18n.t(Key::Submitting) } else { i18n.t(Key::RequestCancellation) }}</button>
            </div>
        </form>
    }
}

#[component]
fn CatalogueCard(code: &'static str, on_bought: Callback<PackageRow>) -> impl IntoView {
    let i18n = use_i18n();
    let item = catalogue::find(code).expect("catalogue codes are static");
    let buying = RwSignal::new(false);
    view! {
        <article class="catalogue__item" aria-labelledby=format!("cat-{code}")>
            <h3 id=format!("cat-{code}") class="package__name">{item.name}</h3>
            <p class="catalogue__price">{move || format::money(i18n.lang(), item.price_cents, item.currency)}" · "{move || i18n.t(Key::PerYear)}</p>
            <ul class="catalogue__benefits">
                {item.benefits.iter().map(|b| view! { <li>{b.name}</li> }).collect_view()}
            </ul>
            <button type="button" class="button button--primary" aria-label=move || i18n.tf(Key::BuyWhat, &[("package", item.name)])
                on:click=move |_| buying.set(true)>{move || i18n.t(Key::Buy)}</button>
            <Dialog open=buying id=format!("buy-dialog-{code}") title=Signal::derive(move || i18n.tf(Key::BuyWhat, &[("package", item.name)]))>
                <BuyForm code open=buying on_bought/>
            </Dialog>
        </article>
    }
}

#[component]
fn BuyForm(
    code: &'static str,
    open: RwSignal<bool>,
    on_bought: Callback<PackageRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let item = catalogue::find(code).expect("catalogue codes are static");
    // One key per opened dialog: pressing Buy twice buys once.
    let key = idempotency_key();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let buy = move |_| {
        busy.set(true);
        error.set(None);
        let key = key.clone();
        spawn_local(async move {
            match purchase_package(code.to_string(), key).await {
                Ok(p) => {
                    // Close first: a toast shown while the modal is open sits under it, unannounced.
                    open.set(false);
                    toasts.push(i18n.tf(Key::Bought, &[("package", &p.name)]));
                    on_bought.run(p);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="dialog__form">
            <p>{move || i18n.tf(Key::BuyExplained, &[("package", item.name), ("price", &format::money(i18n.lang(), item.price_cents, item.currency))])}</p>
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
            <div class="dialog__actions">
                <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>{move || i18n.t(Key::Cancel)}</button>
                <button type="button" class="button button--primary" autofocus on:click=buy aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { i18n.t(Key::Buying) } else { i18n.t(Key::BuyPackage) }}
                </button>
            </div>
        </div>
    }
}
