//! Packages: what the company bought, whether each can still be cancelled for a refund (days
//! left, or why not), cancellation requests, and buying from the catalogue.

use crate::api::packages::CANCELLATION_REASON_MAX;
use crate::api::packages::{
    list_packages, purchase_package, request_cancellation, CaseRef, PackageRow, PackageStatus,
};
use crate::api::requests::ServiceRequestRow;
use crate::domain::catalogue::{BenefitTemplate, Per};
use crate::domain::problem::optional_text;
use crate::domain::refund::explain;
use crate::domain::{catalogue, format, Action, Date, Unit};
use crate::error::AppError;
use crate::i18n::{t, tf, Key, Lang};
use crate::ui::components::{
    use_toasts, Dialog, DialogActions, DialogBody, DialogForm, ErrorAlert, GuardedButton, Loading,
    PageHeading, TextField,
};
use crate::ui::form::{idempotency_key, problem, FormState};
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
        <PageHeading lang=i18n.0 title=Key::NavPackages lede=Key::PackagesLede/>
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
        // Once the owned packages are known: drawn before, the catalogue would be pushed down
        // the page as they arrive, under a reader's eyes (and finger).
        <Show when=move || packages.with(Option::is_some)>
            <section aria-labelledby="catalogue-heading">
                <h2 id="catalogue-heading">{move || i18n.t(Key::BuyPackage)}</h2>
                <p class="page-lede">{move || i18n.t(Key::BuyLede)}</p>
                <div class="catalogue">
                    {catalogue::CATALOGUE.iter().map(|item| view! { <CatalogueCard code=item.code on_bought=added/> }).collect_view()}
                </div>
            </section>
        </Show>
    }
}

#[component]
fn PackageCard(package: PackageRow, on_change: Callback<PackageRow>) -> impl IntoView {
    let i18n = use_i18n();
    let p = StoredValue::new(package);
    let id = p.with_value(|p| p.id);
    let cancelling = RwSignal::new(false);
    // Each thing is said once: the status in its row, why there is no refund in the refund
    // line. The button is there only while a cancellation can be asked for, greyed only for
    // someone whose role may not (it says who may).
    let cancellable =
        p.with_value(|p| p.status == PackageStatus::Active && p.eligibility.is_refundable());
    let blocked = Signal::derive(move || denial(i18n.lang(), Action::RequestCancellation));
    // What the refund line says follows the package's state first: a cancelled package is not
    // "30 days left", and one just filed for cancellation says so, not "already".
    let refund = move || {
        p.with_value(|p| {
            let lang = i18n.lang();
            match p.status {
                PackageStatus::Cancelled => t(lang, Key::RefundDone).to_string(),
                // Said with the case, linked below.
                PackageStatus::CancellationRequested => String::new(),
                PackageStatus::Expired => t(lang, Key::RefundExpired).to_string(),
                PackageStatus::Active => explain(lang, &p.eligibility),
            }
        })
    };
    // "Being decided in case <link>. The outcome comes …": the case links to its request.
    let case = p.with_value(|p| p.cancellation.clone());
    let case_line = case.map(|case| {
        let parts = move || {
            let text = t(i18n.lang(), Key::CancellationRequestedCase);
            let (before, after) = text.split_once("{case}").unwrap_or((text, ""));
            (before, after)
        };
        view! {
            {move || parts().0}
            <a href=format!("/service-requests/{}", case.id)>{case.number.clone()}</a>
            {move || parts().1}
        }
    });
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
                <strong>{move || i18n.t(Key::Refund)}": "</strong>{refund}{case_line}
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
            {cancellable.then(|| view! {
                <GuardedButton
                    id=format!("package-{id}-cancel")
                    secondary=true
                    label=Signal::derive(move || i18n.t(Key::RequestCancellation).to_string())
                    blocked=blocked
                    on_press=Callback::new(move |_| cancelling.set(true))
                />
            })}
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
    let name = package.name.clone();
    let id = package.id;
    let form = FormState::new(
        // The server's own rule, checked here first.
        move || {
            reason
                .with(|r| optional_text(r, CANCELLATION_REASON_MAX))
                .map_err(|p| problem("reason", p))
        },
        move || request_cancellation(id, reason.get_untracked()),
        move |sr: ServiceRequestRow| {
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            toasts.push(i18n.tf(Key::CancellationFiled, &[("case", &sr.case_number)]));
            let mut updated = package.clone();
            updated.status = PackageStatus::CancellationRequested;
            updated.cancellation = Some(CaseRef {
                id: sr.id,
                number: sr.case_number,
            });
            on_change.run(updated);
        },
    );
    view! {
        // "Cancel" beside "Request cancellation" reads as either: the safe choice says what it keeps.
        <DialogForm form submit=Signal::derive(move || i18n.t(Key::RequestCancellation).to_string())
            busy_label=Signal::derive(move || Some(i18n.t(Key::Submitting).to_string()))
            cancel=Signal::derive(move || Some(i18n.t(Key::KeepThePackage).to_string()))>
            <p>{move || i18n.tf(Key::CancelExplained, &[("package", &name)])}</p>
            <TextField id="cancel-reason" label=Signal::derive(move || i18n.t(Key::Reason).to_string()) value=reason
                error=form.text_error("reason", reason, true) multiline=true autofocus=true/>
        </DialogForm>
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
                {item.benefits.iter().map(|b| view! { <li>{move || catalogue_line(i18n.lang(), b)}</li> }).collect_view()}
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
    let form = FormState::unchecked(
        move || purchase_package(code.to_string(), key.clone()),
        move |p: PackageRow| {
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            toasts.push(i18n.tf(Key::Bought, &[("package", &p.name)]));
            on_bought.run(p);
        },
    );
    // A question, not a form to fill: Buy has the focus and the price is said in full.
    view! {
        <DialogBody>
            <p>{move || i18n.tf(Key::BuyExplained, &[("package", item.name), ("price", &format::money(i18n.lang(), item.price_cents, item.currency))])}</p>
            {move || form.error().get().map(|e| view! { <ErrorAlert error=e/> })}
            <DialogActions
                primary=Signal::derive(move || i18n.t(if form.busy().get() { Key::Buying } else { Key::BuyPackage }).to_string())
                busy=form.busy()
                focus_primary=true
                on_primary=Callback::new(move |_| { form.submit(); })
            />
        </DialogBody>
    }
}

/// The line a catalogue card shows for a benefit, in the reader's language: the product's name
/// and how much comes with it ("Visual Studio Professional subscription · 3 seats"), or for
/// credits the amount and how often ("Azure credits: USD 100 a month"). (Here, not in the
/// domain: its words then travel with this page's texts, not with the first load's.)
fn catalogue_line(lang: Lang, b: &BenefitTemplate) -> String {
    let amount = b.unit.quantity_label(lang, b.quantity);
    match (b.unit, b.per) {
        (Unit::Credit, Some(per)) => tf(
            lang,
            match per {
                Per::Month => Key::CatalogueCreditsMonthly,
                Per::Year => Key::CatalogueCreditsYearly,
            },
            &[("amount", &amount)],
        ),
        _ => format!("{} · {amount}", b.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_lines_are_in_the_readers_language() {
        let action_pack = catalogue::find("action_pack").unwrap();
        let lines = |lang| {
            action_pack
                .benefits
                .iter()
                .map(|b| catalogue_line(lang, b))
                .collect::<Vec<_>>()
        };
        let en = lines(Lang::En);
        assert!(
            en.contains(&"Azure credits: USD 100 a month".to_string()),
            "{en:?}"
        );
        assert!(
            en.contains(&"Visual Studio Professional subscription · 3 seats".to_string()),
            "{en:?}"
        );
        let ko = lines(Lang::Ko);
        assert!(
            ko.contains(&"Azure 크레딧: 매월 USD 100".to_string()),
            "{ko:?}"
        );
        assert!(
            ko.iter()
                .all(|l| !l.contains("per month") && !l.contains("seats")),
            "{ko:?}"
        );
    }
}
