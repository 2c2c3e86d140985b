//! Service requests: cancellations and advisory-hours requests, filterable by status.

use crate::api::requests::{
    export_service_requests, get_service_request, list_service_requests, withdraw_service_request,
    ServiceRequestDetail, ServiceRequestRow,
};
use crate::domain::forms::Phase;
use crate::domain::requests::{RequestKind, RequestStatus};
use crate::domain::Action;
use crate::error::AppError;
use crate::i18n::{t, Key};
use crate::ui::components::{use_toasts, ConfirmDialog, PageHeading};
use crate::ui::components::{ErrorAlert, ExportCsv, Loading, SelectField};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::router::use_params_map;
use crate::ui::time::local_date_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Result<Vec<ServiceRequestRow>, AppError>>);
    // Only the answer for the filter chosen last is shown.
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let filter = status.get();
        rows.set(None);
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        spawn_local(async move {
            let answer = list_service_requests((!filter.is_empty()).then_some(filter)).await;
            if latest.try_get_value() == Some(ticket) {
                rows.try_set(Some(answer));
            }
        });
    });
    let session = crate::ui::session::Session::use_context();
    let may_export = move || {
        session
            .me()
            .is_some_and(|me| Action::ExportData.allowed(me.roles))
    };
    let options = Signal::derive(move || {
        let lang = i18n.lang();
        std::iter::once((String::new(), t(lang, Key::AllStatuses).to_string()))
            .chain(RequestStatus::ALL.map(|s| (s.code().to_string(), s.label(lang).to_string())))
            .collect()
    });
    view! {
        <PageHeading lang=i18n.0 title=Key::NavRequests lede=Key::RequestsLede/>
        <div class="toolbar">
            <SelectField id="request-status" label=Signal::derive(move || i18n.t(Key::ColStatus).to_string()) value=status options/>
        </div>
        <Show when=may_export>
            <ExportCsv id="requests-export" label=Signal::derive(move || i18n.t(Key::ExportRequests).to_string())
                export=move |bom: bool| export_service_requests(status.with_untracked(|s| (!s.is_empty()).then(|| s.clone())), bom)/>
        </Show>
        {move || match rows.get() {
            None => view! { <Loading label=Signal::derive(move || i18n.t(Key::Loading).to_string())/> }.into_any(),
            Some(Err(e)) => view! { <ErrorAlert error=e/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{move || i18n.t(Key::NoRequests)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="data-table requests-table">
                    <caption class="visually-hidden">{move || i18n.t(Key::NavRequests)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || i18n.t(Key::CaseNumber)}</th>
                            <th scope="col">{move || i18n.t(Key::RequestType)}</th>
                            <th scope="col">{move || i18n.t(Key::RequestTitle)}</th>
                            <th scope="col">{move || i18n.t(Key::ColStatus)}</th>
                            <th scope="col">{move || i18n.t(Key::FiledBy)}</th>
                            <th scope="col">{move || i18n.t(Key::Created)}</th>
                            <th scope="col">{move || i18n.t(Key::Updated)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|r| {
                            let (kind, st) = (r.kind, r.status);
                            view! {
                                <tr>
                                    <th scope="row" class="case-number"><a href=format!("/service-requests/{}", r.id)>{r.case_number.clone()}</a></th>
                                    <td data-label=move || i18n.t(Key::RequestType)>{move || kind.label(i18n.lang())}</td>
                                    <td data-label=move || i18n.t(Key::RequestTitle)>{let row = r.clone(); move || row.title_in(i18n.lang())}
                                        {r.resolution.clone().filter(|s| !s.is_empty()).map(|s| view! { <span class="field__hint">" — "{s}</span> })}</td>
                                    <td data-label=move || i18n.t(Key::ColStatus)>{move || st.label(i18n.lang())}</td>
                                    <td data-label=move || i18n.t(Key::FiledBy)>{r.filed_by.clone()}</td>
                                    <td data-label=move || i18n.t(Key::Created)>{move || local_date_time(i18n.lang(), r.created_at)}</td>
                                    <td data-label=move || i18n.t(Key::Updated)>{move || local_date_time(i18n.lang(), r.updated_at)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}

/// One request: what was asked, why, every status since (with who and when, in the viewer's
/// time zone), and Withdraw while it is open.
#[component]
pub fn RequestDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let params = use_params_map();
    let detail = RwSignal::new(None::<Result<ServiceRequestDetail, AppError>>);
    Effect::new(move |_| {
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok());
        detail.set(None);
        spawn_local(async move {
            detail.set(Some(match id {
                Some(id) => get_service_request(id).await,
                None => Err(AppError::NotFound),
            }));
        });
    });
    let confirm = RwSignal::new(false);
    let request = FormState::unchecked(
        move || {
            let id = detail.with_untracked(|d| match d {
                Some(Ok(d)) => d.request.id,
                _ => 0,
            });
            withdraw_service_request(id)
        },
        move |updated: ServiceRequestDetail| {
            toasts.push(i18n.tf(
                Key::RequestWithdrawnToast,
                &[("case", &updated.request.case_number)],
            ));
            detail.set(Some(Ok(updated)));
        },
    );
    let busy = request.busy();
    let error = request.error();
    let withdraw = Callback::new(move |_| {
        if detail.with_untracked(|d| matches!(d, Some(Ok(_)))) {
            request.submit();
        }
    });
    view! {
        <p class="back-link"><a href="/service-requests">{move || i18n.t(Key::BackToRequests)}</a></p>
        {move || match detail.get() {
            None => view! { <Loading label=Signal::derive(move || i18n.t(Key::Loading).to_string())/> }.into_any(),
            Some(Err(e)) => view! { <ErrorAlert error=e/> }.into_any(),
            Some(Ok(d)) => {
                let r = d.request.clone();
                let case = r.case_number.clone();
                let fact = move |k: Key, v: String| view! { <div><dt>{move || i18n.t(k)}</dt><dd>{v}</dd></div> };
                let lang = i18n.lang();
                view! {
                    <h1>{format!("{} · {}", r.case_number, r.title_in(lang))}</h1>
                    <p class="page-lede">{move || i18n.t(Key::RequestDetailLede)}" "{move || i18n.t(Key::YourTime)}</p>
                    <dl class="details__facts">
                        {fact(Key::RequestType, r.kind.label(lang).to_string())}
                        {fact(Key::ColStatus, r.status.label(lang).to_string())}
                        {fact(Key::FiledBy, r.filed_by.clone())}
                        {fact(Key::Created, local_date_time(lang, r.created_at))}
                        {r.about.clone().map(|a| fact(Key::RequestAbout, a))}
                        {r.hours.filter(|_| r.kind == RequestKind::AdvisoryHours).map(|h| fact(Key::Hours, h.to_string()))}
                        {d.product.clone().map(|p| fact(Key::Product, p))}
                        // The phase in words; a code this page does not know is left out, never shown.
                        {d.phase.as_deref().and_then(Phase::from_code).map(|p| fact(Key::Phase, crate::ui::pages::benefits::phase_label(lang, p).to_string()))}
                        {d.contact_phone.clone().map(|p| fact(Key::ContactPhone, p))}
                        {d.time_zone.clone().map(|z| fact(Key::TimeZone, z))}
                    </dl>
                    {(!d.description.is_empty()).then(|| view! {
                        <section class="panel" aria-labelledby="request-description">
                            <h2 id="request-description">{move || i18n.t(Key::Description)}</h2>
                            <p class="request__description">{d.description.clone()}</p>
                        </section>
                    })}
                    <section class="panel" aria-labelledby="request-history">
                        <h2 id="request-history">{move || i18n.t(Key::History)}</h2>
                        <ol class="history">
                            {d.history.clone().into_iter().map(|e| view! {
                                <li class="history__item">
                                    <strong>{e.status.label(lang)}</strong>
                                    " · "{local_date_time(lang, e.at)}
                                    " · "{e.by.clone().unwrap_or_else(|| t(lang, Key::ByPartnerBenefits).to_string())}
                                    {e.note.clone().map(|n| view! { <p class="history__note">{n}</p> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                    {d.may_withdraw.then(|| view! {
                        <button type="button" class="button button--secondary" aria-disabled=move || busy.get().then_some("true")
                            on:click=move |_| if !busy.get_untracked() { confirm.set(true) }>
                            {move || if busy.get() { i18n.t(Key::Withdrawing) } else { i18n.t(Key::Withdraw) }}
                        </button>
                    })}
                    {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
                    <ConfirmDialog
                        open=confirm
                        id="withdraw-dialog"
                        title=Signal::derive(move || i18n.t(Key::ConfirmWithdrawTitle).to_string())
                        text=Signal::derive({
                            let case = case.clone();
                            // What withdrawing gives back, in the words of this kind of request.
                            let key = match r.kind {
                                RequestKind::AdvisoryHours => Key::ConfirmWithdrawAdvisory,
                                RequestKind::SupportIncident => Key::ConfirmWithdrawIncident,
                                RequestKind::Cancellation => Key::ConfirmWithdrawCancellation,
                            };
                            move || i18n.tf(key, &[("case", &case)])
                        })
                        confirm=Signal::derive(move || i18n.t(Key::Withdraw).to_string())
                        on_confirm=withdraw
                    />
                }.into_any()
            }
        }}
    }
}
