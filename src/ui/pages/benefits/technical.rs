//! Technical benefits: assign one (Pending, then Access ID and Contract ID), and use it: open
//! a support incident, or request advisory hours. Every dialog validates with the same domain
//! functions the server runs.

use super::advisory::AdvisoryRequestForm;
use super::common::{assigned_line, unusable_reason};
use crate::api::assign::assign_technical;
use crate::api::benefits::BenefitRow;
use crate::api::requests::request_support_incident;
use crate::api::users::UserRow;
use crate::domain::email::{alternate_email, not_the_users_own};
use crate::domain::forms::{IncidentForm, TechnicalAssignForm};
use crate::domain::{Action, BenefitStatus, Unit};
use crate::error::{AppError, FieldError};
use crate::i18n::Key;
use crate::ui::components::{
    field_error, use_toasts, CopyButton, Dialog, ErrorAlert, GuardedButton, TextField,
};
use crate::ui::form::idempotency_key;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::users::UserPicker;
use crate::ui::session::{company_email, denial};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A technical benefit: assign (Pending), then Access ID, Contract ID and what remains.
#[component]
pub(super) fn TechnicalPanel(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.with_untracked(|r| r.id);
    let assign_open = RwSignal::new(false);
    let request_open = RwSignal::new(false);
    let incident_open = RwSignal::new(false);
    let blocked = Signal::derive(move || {
        denial(i18n.lang(), Action::AssignUsers)
            .or_else(|| row.with(|r| unusable_reason(i18n.lang(), r)))
    });
    view! {
        <section class="details__section" aria-labelledby=format!("benefit-{id}-tech-heading")>
            <h2 class="details__heading" id=format!("benefit-{id}-tech-heading")>{move || i18n.t(Key::Assignment)}</h2>
            {move || {
                let r = row.get();
                let lang = i18n.lang();
                let holder = r.assignees.first().cloned();
                match r.status {
                    BenefitStatus::NotActivated => view! {
                        <GuardedButton
                            id=format!("benefit-{id}-assign")
                            label=Signal::derive(move || i18n.t(Key::AssignUser).to_string())
                            blocked=blocked
                            hint=Signal::derive(move || Some(i18n.t(Key::AssignTechnicalHint).to_string()))
                            on_press=Callback::new(move |_| assign_open.set(true))
                        />
                    }.into_any(),
                    BenefitStatus::Pending => view! {
                        <p>
                            {holder.map(|h| assigned_line(lang, &h.name, Some(h.assigned_at)))}" "
                            {crate::i18n::t(lang, Key::PendingExplained)}
                        </p>
                    }.into_any(),
                    _ => view! {
                        {holder.map(|h| view! { <p>{assigned_line(lang, &h.name, Some(h.assigned_at))}</p> })}
                        <dl class="details__facts">
                            {r.access_id.clone().map(|v| view! {
                                <div><dt>{crate::i18n::t(lang, Key::AccessId)}</dt><dd><code>{v.clone()}</code>" "<CopyButton value=v what=crate::i18n::t(lang, Key::AccessId)/></dd></div>
                            })}
                            {r.contract_id.clone().map(|v| view! {
                                <div><dt>{crate::i18n::t(lang, Key::ContractId)}</dt><dd><code>{v.clone()}</code>" "<CopyButton value=v what=crate::i18n::t(lang, Key::ContractId)/></dd></div>
                            })}
                            <div><dt>{crate::i18n::t(lang, Key::Remaining)}</dt><dd>{r.unit.quantity_label(lang, r.remaining())}</dd></div>
                        </dl>
                    }.into_any(),
                }
            }}
            <Show when=move || row.with(|r| r.unit == Unit::Hours && r.status == BenefitStatus::Active)>
                <button type="button" class="button button--primary" on:click=move |_| request_open.set(true)>
                    {move || i18n.t(Key::RequestAdvisoryHours)}
                </button>
            </Show>
            <Show when=move || row.with(|r| r.unit == Unit::Incidents && r.status == BenefitStatus::Active)>
                <GuardedButton
                    id=format!("benefit-{id}-incident")
                    label=Signal::derive(move || i18n.t(Key::OpenIncident).to_string())
                    blocked=Signal::derive(move || row.with(|r| (r.remaining() == 0).then(|| i18n.tf(Key::ErrNoIncidentsLeft, &[("benefit", &r.name)]))))
                    hint=Signal::derive(move || Some(i18n.t(Key::OpenIncidentHint).to_string()))
                    on_press=Callback::new(move |_| incident_open.set(true))
                />
            </Show>
            <Dialog open=incident_open id=format!("incident-dialog-{id}") title=Signal::derive(move || i18n.t(Key::OpenIncident).to_string())>
                <IncidentRequestForm row open=incident_open/>
            </Dialog>
            <Dialog open=assign_open id=format!("tech-dialog-{id}") title=Signal::derive(move || i18n.tf(Key::AssignTechnicalTitle, &[("benefit", &row.with(|r| r.name.clone()))]))>
                <TechnicalForm row open=assign_open/>
            </Dialog>
            <Dialog open=request_open id=format!("advisory-dialog-{id}") title=Signal::derive(move || i18n.t(Key::RequestAdvisoryHours).to_string())>
                <AdvisoryRequestForm row open=request_open/>
            </Dialog>
        </section>
    }
}

#[component]
fn TechnicalForm(row: RwSignal<BenefitRow>, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = row.with_untracked(|r| r.id);
    let company = company_email();
    let picked = RwSignal::new(None::<UserRow>);
    let alternate = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let user_error = RwSignal::new(None::<String>);
    let server_alt_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    // As you type: the same rule the server applies. "Required" waits for a submit attempt.
    let alt_problem = {
        let company = company.clone();
        Memo::new(move |_| {
            alternate_email(&alternate.get(), &company)
                .and_then(|e| match picked.get() {
                    Some(u) => not_the_users_own(&e, &u.email),
                    None => Ok(()),
                })
                .err()
        })
    };
    let alt_error = Signal::derive(move || {
        server_alt_error.get().or_else(|| {
            let typed = !alternate.with(|a| a.trim().is_empty());
            alt_problem
                .get()
                .filter(|_| typed || submitted.get())
                .map(|p| p.message(i18n.lang()))
        })
    });
    Effect::new(move |_| {
        picked.track();
        user_error.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        server_alt_error.set(None);
        let form = TechnicalAssignForm {
            user_id: picked.get_untracked().map(|u| u.id),
            alternate_email: alternate.get_untracked(),
        };
        if let Err(p) = form.parse(&company) {
            user_error.set(p.get("user").map(|p| p.message(i18n.lang())));
            return;
        }
        if alt_problem.get_untracked().is_some() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let name = picked.get_untracked().map(|u| u.name).unwrap_or_default();
        spawn_local(async move {
            match assign_technical(id, form).await {
                Ok(updated) => {
                    row.set(updated);
                    // Close first: a toast shown while the modal is open sits under it, unannounced.
                    open.set(false);
                    toasts.push(i18n.tf(Key::TechnicalAssigned, &[("name", &name)]));
                }
                Err(e @ AppError::Invalid { .. }) => {
                    server_alt_error.set(e.field_message("alternate_email").map(str::to_string));
                    user_error.set(e.field_message("user").map(str::to_string));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="dialog__form" on:submit=submit novalidate>
            <UserPicker id=format!("tech-user-{id}") label=Signal::derive(move || i18n.t(Key::User).to_string())
                selected=picked error=user_error autofocus=true/>
            <TextField id=format!("tech-alt-{id}") label=Signal::derive(move || i18n.t(Key::AlternateEmail).to_string())
                value=alternate error=alt_error kind="email" autocomplete="email" inputmode="email" required=true
                hint=Signal::derive(move || Some(i18n.t(Key::AlternateEmailHint).to_string()))
                on_input=Callback::new(move |_| server_alt_error.set(None))/>
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
            <div class="dialog__actions">
                <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>{move || i18n.t(Key::Cancel)}</button>
                <button type="submit" class="button button--primary" aria-disabled=move || busy.get().then_some("true")>{move || if busy.get() { i18n.t(Key::Assigning) } else { i18n.t(Key::AssignUser) }}</button>
            </div>
        </form>
    }
}

/// Open a product support incident: every field checked as typed by the rule the server uses,
/// one incident taken when it is filed.
#[component]
fn IncidentRequestForm(row: RwSignal<BenefitRow>, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = row.with_untracked(|r| r.id);
    let key = idempotency_key();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let server_error = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let form = move || IncidentForm {
        title: title.get(),
        description: description.get(),
        product: product.get(),
        contact_phone: phone.get(),
    };
    let problems = Memo::new(move |_| form().parse().err());
    let problem = move |field: &'static str, typed: RwSignal<String>| {
        field_error(field, Some(typed), submitted, server_error, problems)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        server_error.set(Vec::new());
        if problems.with_untracked(Option::is_some) || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let key = key.clone();
        spawn_local(async move {
            match request_support_incident(id, form(), key).await {
                Ok(sr) => {
                    row.update(|r| r.used += 1);
                    open.set(false);
                    toasts.push(i18n.tf(Key::IncidentOpened, &[("case", &sr.case_number)]));
                }
                Err(AppError::Invalid { problems }) => server_error.set(problems),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let label = move |k: Key| Signal::derive(move || i18n.t(k).to_string());
    view! {
        <form class="dialog__form" on:submit=submit novalidate>
            <TextField id=format!("incident-{id}-title") label=label(Key::RequestTitle) value=title error=problem("title", title) required=true autofocus=true/>
            <TextField id=format!("incident-{id}-product") label=label(Key::Product) value=product error=problem("product", product) required=true/>
            <TextField id=format!("incident-{id}-description") label=label(Key::Description) value=description error=problem("description", description) multiline=true required=true/>
            <TextField id=format!("incident-{id}-phone") label=label(Key::ContactPhone) value=phone error=problem("contact_phone", phone)
                kind="tel" autocomplete="tel" required=true hint=Signal::derive(move || Some(i18n.t(Key::PhoneHint).to_string()))/>
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
            <div class="dialog__actions">
                <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>{move || i18n.t(Key::Cancel)}</button>
                <button type="submit" class="button button--primary" aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { i18n.t(Key::OpeningIncident) } else { i18n.t(Key::OpenIncident) }}
                </button>
            </div>
        </form>
    }
}
