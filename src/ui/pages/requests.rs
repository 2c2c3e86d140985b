//! Service requests: cancellations and advisory-hours requests, filterable by status.

use crate::api::assign::ServiceRequestRow;
use crate::api::packages::list_service_requests;
use crate::domain::format;
use crate::error::AppError;
use crate::i18n::{t, Key, Lang};
use crate::ui::components::{ErrorAlert, Loading, SelectField};
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

pub fn request_status_label(lang: Lang, code: &str) -> &'static str {
    t(
        lang,
        match code {
            "open" => Key::RequestOpen,
            "in_progress" => Key::RequestInProgress,
            "resolved" => Key::RequestResolved,
            "refunded" => Key::RequestRefunded,
            _ => Key::RequestRejected,
        },
    )
}

fn kind_label(lang: Lang, code: &str) -> &'static str {
    t(
        lang,
        if code == "cancellation" {
            Key::KindCancellation
        } else {
            Key::KindAdvisory
        },
    )
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Result<Vec<ServiceRequestRow>, AppError>>);
    Effect::new(move |_| {
        let filter = status.get();
        rows.set(None);
        spawn_local(async move {
            rows.set(Some(
                list_service_requests((!filter.is_empty()).then_some(filter)).await,
            ));
        });
    });
    let options = Signal::derive(move || {
        let lang = i18n.lang();
        std::iter::once((String::new(), t(lang, Key::AllStatuses).to_string()))
            .chain(
                ["open", "in_progress", "resolved", "refunded", "rejected"]
                    .map(|s| (s.to_string(), request_status_label(lang, s).to_string())),
            )
            .collect()
    });
    view! {
        <h1>{move || i18n.t(Key::NavRequests)}</h1>
        <p class="page-lede">{move || i18n.t(Key::RequestsLede)}</p>
        <div class="toolbar">
            <SelectField id="request-status" label=Signal::derive(move || i18n.t(Key::ColStatus).to_string()) value=status options/>
        </div>
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
                            let kind = r.kind.clone();
                            let st = r.status.clone();
                            view! {
                                <tr>
                                    <th scope="row" class="case-number">{r.case_number.clone()}</th>
                                    <td data-label=move || i18n.t(Key::RequestType)>{move || kind_label(i18n.lang(), &kind)}</td>
                                    <td data-label=move || i18n.t(Key::RequestTitle)>{r.title.clone()}
                                        {r.resolution.clone().filter(|s| !s.is_empty()).map(|s| view! { <span class="field__hint">" — "{s}</span> })}</td>
                                    <td data-label=move || i18n.t(Key::ColStatus)>{move || request_status_label(i18n.lang(), &st)}</td>
                                    <td data-label=move || i18n.t(Key::FiledBy)>{r.filed_by.clone()}</td>
                                    <td data-label=move || i18n.t(Key::Created)>{move || format::date_time(i18n.lang(), r.created_at)}</td>
                                    <td data-label=move || i18n.t(Key::Updated)>{move || format::date_time(i18n.lang(), r.updated_at)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
    }
}
