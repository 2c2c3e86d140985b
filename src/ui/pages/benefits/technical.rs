//! Technical benefits: assign one (Pending, then Access ID and Contract ID), and use it: open
//! a support incident, or request advisory hours. Every dialog validates with the same domain
//! functions the server runs.

use super::advisory::AdvisoryRequestForm;
use super::common::{assigned_line, unusable_reason};
use crate::api::assign::assign_technical;
use crate::api::benefits::BenefitRow;
use crate::api::requests::{request_support_incident, ServiceRequestRow};
use crate::api::users::UserRow;
use crate::domain::email::not_the_users_own;
use crate::domain::forms::{IncidentForm, TechnicalAssignForm};
use crate::domain::{Action, BenefitStatus, Unit};
use crate::i18n::Key;
use crate::ui::components::{use_toasts, CopyButton, Dialog, DialogForm, GuardedButton, TextField};
use crate::ui::form::{idempotency_key, problem, FormState};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::person::PersonLink;
use crate::ui::pages::users::UserPicker;
use crate::ui::session::{company_email, denial};
use leptos::prelude::*;

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
                        {holder.map(|h| view! {
                            <p>
                                {assigned_line(lang, &h.name, Some(h.assigned_at))}" "
                                <PersonLink user_id=h.user_id name=h.name.clone() sentence=true/>
                            </p>
                        })}
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
    // The address it must differ from, shown beside the field rather than only named.
    let company_hint = company.clone();
    let picked = RwSignal::new(None::<UserRow>);
    let alternate = RwSignal::new(String::new());
    let typed = move || TechnicalAssignForm {
        user_id: picked.get().map(|u| u.id),
        alternate_email: alternate.get(),
    };
    let form = FormState::new(
        // The server's rule: the form's parse, then (once it knows the person) the alternate
        // email must not be the person's own.
        move || {
            let picked_email = picked.with(|p| p.as_ref().map(|u| u.email.clone()));
            let (user, alternate) = typed().parse(&company)?;
            match picked_email.map(|own| not_the_users_own(&alternate, &own)) {
                Some(Err(p)) => Err(problem("alternate_email", p)),
                _ => Ok((user, alternate)),
            }
        },
        move || assign_technical(id, typed()),
        move |updated| {
            row.set(updated);
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            let name = picked.get_untracked().map(|u| u.name).unwrap_or_default();
            toasts.push(i18n.tf(Key::TechnicalAssigned, &[("name", &name)]));
        },
    );
    view! {
        <DialogForm form submit=Signal::derive(move || i18n.t(Key::AssignUser).to_string())
            busy_label=Signal::derive(move || Some(i18n.t(Key::Assigning).to_string()))>
            <UserPicker id=format!("tech-user-{id}") label=Signal::derive(move || i18n.t(Key::User).to_string())
                selected=picked error=form.choice_error("user", picked) autofocus=true/>
            <TextField id=format!("tech-alt-{id}") label=Signal::derive(move || i18n.t(Key::AlternateEmail).to_string())
                value=alternate error=form.text_error("alternate_email", alternate, true) kind="email" autocomplete="email" inputmode="email" required=true
                hint=Signal::derive(move || Some(i18n.tf(Key::AlternateEmailHint, &[("company", &company_hint)])))/>
        </DialogForm>
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
    let typed = move || IncidentForm {
        title: title.get(),
        description: description.get(),
        product: product.get(),
        contact_phone: phone.get(),
    };
    let form = FormState::new(
        move || typed().parse(),
        move || request_support_incident(id, typed(), key.clone()),
        move |sr: ServiceRequestRow| {
            row.update(|r| r.used += 1);
            open.set(false);
            toasts.push(i18n.tf(Key::IncidentOpened, &[("case", &sr.case_number)]));
        },
    );
    let label = move |k: Key| Signal::derive(move || i18n.t(k).to_string());
    view! {
        <DialogForm form submit=label(Key::OpenIncident) busy_label=Signal::derive(move || Some(i18n.t(Key::OpeningIncident).to_string()))>
            <TextField id=format!("incident-{id}-title") label=label(Key::RequestTitle) value=title error=form.text_error("title", title, true) required=true autofocus=true/>
            <TextField id=format!("incident-{id}-product") label=label(Key::Product) value=product error=form.text_error("product", product, true) required=true/>
            <TextField id=format!("incident-{id}-description") label=label(Key::Description) value=description error=form.text_error("description", description, true) multiline=true required=true/>
            <TextField id=format!("incident-{id}-phone") label=label(Key::ContactPhone) value=phone error=form.text_error("contact_phone", phone, true)
                kind="tel" autocomplete="tel" required=true hint=Signal::derive(move || Some(i18n.t(Key::PhoneHint).to_string()))/>
        </DialogForm>
    }
}
