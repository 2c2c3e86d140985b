//! The Overview: what needs a decision soon, each item a link to its row on Benefits or
//! Packages. Admins see the company's; anyone else sees what they hold.

use crate::api::overview::{get_overview, Item, Overview};
use crate::domain::format;
use crate::error::AppError;
use crate::i18n::{Key, Lang};
use crate::ui::components::{ErrorAlert, Loading, PageHeading};
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn row_href(item: &Item) -> String {
    format!(
        "/benefits/{}?open={}",
        item.category.slug(),
        item.benefit_id
    )
}

/// "Ends in 12 days (2027-01-14)"; today and tomorrow said as such.
fn ends(lang: Lang, item: &Item) -> String {
    let date = format::date(lang, item.expires_on);
    let days = item.count.to_string();
    match item.count {
        0 => crate::i18n::tf(lang, Key::OverviewEndsToday, &[("date", &date)]),
        1 => crate::i18n::tf(lang, Key::OverviewEndsTomorrow, &[("date", &date)]),
        _ => crate::i18n::tf(
            lang,
            Key::OverviewEndsIn,
            &[("days", &days), ("date", &date)],
        ),
    }
}

/// One list of the overview: a titled section with a link per item, or nothing when empty.
#[component]
fn Section(
    id: &'static str,
    title: Key,
    /// (link, name, what about it)
    items: Vec<(String, String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    (!items.is_empty()).then(|| {
        view! {
            <section class="panel overview__section" aria-labelledby=id>
                <h2 id=id>{move || i18n.t(title)}</h2>
                <ul class="overview__list">
                    {items.into_iter().map(|(href, name, note)| view! {
                        <li class="overview__item">
                            <a href=href>{name}</a>
                            <span class="overview__note">{note}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = RwSignal::new(None::<Overview>);
    let error = RwSignal::new(None::<AppError>);
    let load = move || {
        spawn_local(async move {
            match get_overview().await {
                Ok(o) => {
                    error.set(None);
                    overview.set(Some(o));
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    load();
    // An admin decides for the company; anyone else sees what they hold (not "decisions").
    let admin = crate::ui::session::Session::use_context()
        .me()
        .is_some_and(|me| me.roles.is_admin());
    let lede = if admin {
        Key::OverviewLede
    } else {
        Key::OverviewLedeOwn
    };
    view! {
        <PageHeading lang=i18n.0 title=Key::NavOverview lede/>
        {move || error.get().map(|e| view! { <ErrorAlert error=e on_retry=Callback::new(move |_| load())/> })}
        {move || match overview.get() {
            None if error.with(Option::is_none) => Some(view! {
                <Loading label=Signal::derive(move || i18n.t(Key::OverviewLoading).to_string())/>
            }.into_any()),
            None => None,
            Some(o) => Some(sections(i18n.lang(), o).into_any()),
        }}
    }
}

fn sections(lang: Lang, o: Overview) -> impl IntoView {
    let t = |key| crate::i18n::t(lang, key).to_string();
    let tf = |key, args: &[(&str, &str)]| crate::i18n::tf(lang, key, args);
    let benefit = |i: &Item, note: String| (row_href(i), i.name.clone(), note);
    let quiet = o.is_quiet();
    let contact = o.marketing_contact_missing.then(|| {
        view! {
            <div class="alert overview__contact" role="note">
                <p class="alert__text">
                    {t(Key::OverviewNoMarketingContact)}" "
                    <a href=format!("/benefits/{}", crate::domain::Category::GoToMarket.slug())>{t(Key::OverviewSetMarketingContact)}</a>
                </p>
            </div>
        }
    });
    let refundable = o
        .refundable
        .iter()
        .map(|p| {
            (
                format!("/packages#package-{}-name", p.package_id),
                p.name.clone(),
                tf(
                    Key::OverviewRefundableFor,
                    &[("days", &p.days_left.to_string())],
                ),
            )
        })
        .collect();
    // Within 30, 60 and 90 days: what is most urgent comes first, each in its own list.
    let within = |low: i64, high: i64| -> Vec<_> {
        o.expiring
            .iter()
            .filter(|i| i.count > low && i.count <= high || (low == 0 && i.count == 0))
            .map(|i| benefit(i, ends(lang, i)))
            .collect()
    };
    let (expiring_30, expiring_60, expiring_90) = (within(0, 30), within(30, 60), within(60, 90));
    let free_seats = o
        .free_seats
        .iter()
        .map(|i| {
            benefit(
                i,
                tf(
                    Key::OverviewFree,
                    &[("count", &i.unit.quantity_label(lang, i.count))],
                ),
            )
        })
        .collect();
    let keys = o
        .keys_unrevealed
        .iter()
        .map(|i| {
            benefit(
                i,
                tf(
                    Key::OverviewKeysNeverRevealed,
                    &[("count", &i.count.to_string())],
                ),
            )
        })
        .collect();
    let support = o
        .support_left
        .iter()
        .map(|i| {
            benefit(
                i,
                tf(
                    Key::OverviewRemaining,
                    &[("count", &i.unit.quantity_label(lang, i.count))],
                ),
            )
        })
        .collect();
    let pending = o
        .pending
        .iter()
        .map(|p| {
            let note = match p.expected_at {
                Some(at) => tf(
                    Key::OverviewExpectedBy,
                    &[("date", &crate::ui::time::local_date_time(lang, at))],
                ),
                None => t(Key::StatusPending),
            };
            benefit(&p.item, note)
        })
        .collect();
    let held = o.held.iter().map(|i| benefit(i, ends(lang, i))).collect();
    view! {
        {quiet.then(|| view! { <p class="empty">{t(if o.company_wide { Key::OverviewQuiet } else { Key::OverviewNothingHeld })}</p> })}
        {contact}
        // Nothing to show: the sentence above says so, with no empty card under it.
        {(!quiet).then(|| view! { <div class="overview">
            <Section id="overview-refundable" title=Key::OverviewRefundable items=refundable/>
            <Section id="overview-expiring-30" title=Key::OverviewExpiring30 items=expiring_30/>
            <Section id="overview-expiring-60" title=Key::OverviewExpiring60 items=expiring_60/>
            <Section id="overview-expiring-90" title=Key::OverviewExpiring90 items=expiring_90/>
            <Section id="overview-pending" title=Key::OverviewPending items=pending/>
            <Section id="overview-free-seats" title=Key::OverviewFreeSeats items=free_seats/>
            <Section id="overview-keys" title=Key::OverviewKeys items=keys/>
            <Section id="overview-support" title=Key::OverviewSupport items=support/>
            <Section id="overview-held" title=Key::OverviewHeld items=held/>
        </div> })}
    }
}
