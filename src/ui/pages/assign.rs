//! Handing benefits to people from an expanded row: Visual Studio seats, technical benefits
//! and advisory hours. Every dialog validates with the same domain functions the server runs.

use super::benefit_details::{assigned_line, denial, unusable_reason, GuardedButton};
use crate::api::assign::{assign_seat, assign_technical, remove_seat};
use crate::api::benefits::BenefitRow;
use crate::api::requests::{request_advisory_hours, request_support_incident, ServiceRequestRow};
use crate::api::users::{search_users, UserRow};
use crate::domain::email::{alternate_email, not_the_users_own};
use crate::domain::forms::{AdvisoryForm, IncidentForm, Phase, TechnicalAssignForm, TIME_ZONES};
use crate::domain::{format, Action, BenefitStatus, Date, Problem, Unit};
use crate::error::AppError;
use crate::i18n::{Key, Lang};
use crate::ui::components::{
    field_error, use_toasts, ConfirmDialog, CopyButton, Dialog, EmailText, ErrorAlert, SelectField,
    TextField, UserPicker, UserSearch,
};
use crate::ui::i18n::use_i18n;
use crate::ui::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The picker's source in the app: the company's active users from the server.
pub fn company_users() -> UserSearch {
    UserSearch::new(|query, offset| search_users(query, offset, false))
}

fn company_email() -> String {
    Session::use_context()
        .me()
        .map(|m| m.company_email)
        .unwrap_or_default()
}

/// A fresh key per opened form: a double click or a retry files one request, not two.
pub fn idempotency_key() -> String {
    (0..4)
        .map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32))
        .collect::<Vec<_>>()
        .join("-")
}

/// Seats used and free, who holds them (with Remove), and Assign user.
#[component]
pub fn SeatsPanel(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = row.with_untracked(|r| r.id);
    let dialog_open = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let may_assign = move || denial(i18n.lang(), Action::AssignUsers);
    let blocked = Signal::derive(move || {
        may_assign()
            .or_else(|| row.with(|r| unusable_reason(i18n.lang(), r)))
            .or_else(|| {
                row.with(|r| {
                    (r.remaining() == 0).then(|| i18n.t(Key::AllSeatsAssigned).to_string())
                })
            })
    });
    // Whose seat is being removed right now (the button says so meanwhile), and whose removal
    // is waiting for a yes.
    let removing = RwSignal::new(None::<i64>);
    let to_remove = RwSignal::new(None::<(i64, String)>);
    let confirm_open = RwSignal::new(false);
    let remove = move |user: (i64, String)| {
        if removing.get_untracked().is_some() {
            return;
        }
        removing.set(Some(user.0));
        error.set(None);
        spawn_local(async move {
            match remove_seat(id, user.0).await {
                Ok(updated) => {
                    row.set(updated);
                    toasts.push(i18n.tf(Key::SeatRemoved, &[("name", &user.1)]));
                    // The Remove button is gone with the seat: focus goes on to Assign user.
                    request_animation_frame(move || {
                        crate::ui::pages::sign_in::focus(&format!("benefit-{id}-assign"))
                    });
                }
                Err(e) => error.set(Some(e)),
            }
            removing.set(None);
        });
    };
    view! {
        <section class="details__section" aria-labelledby=format!("benefit-{id}-seats-heading")>
            <h2 class="details__heading" id=format!("benefit-{id}-seats-heading")>{move || i18n.t(Key::Seats)}</h2>
            <p class="seats__summary">
                {move || row.with(|r| i18n.tf(Key::SeatsSummary, &[
                    ("used", &r.used.to_string()), ("free", &r.remaining().to_string()), ("total", &r.quantity.to_string())
                ]))}
            </p>
            <Show when=move || row.with(|r| !r.assignees.is_empty())>
                <ul class="assignees" aria-label=move || i18n.t(Key::AssignedUsers)>
                    <For each=move || row.get().assignees key=|a| a.user_id let:a>
                        {
                            let who = (a.user_id, a.name.clone());
                            let label_name = a.name.clone();
                            let removable = may_assign().is_none();
                            view! {
                                <li class="assignees__item">
                                    <span class="assignees__name">
                                        {a.name.clone()}
                                        {(!a.active).then(|| view! { <span class="assignees__flag">{move || i18n.t(Key::DeactivatedHolder)}</span> })}
                                    </span>
                                    <span class="assignees__email"><EmailText email=a.email.clone()/></span>
                                    <span class="assignees__date">
                                        <span class="visually-hidden">{move || i18n.t(Key::AssignedOn)}" "</span>
                                        {move || format::date(i18n.lang(), Date::from_unix(a.assigned_at))}
                                    </span>
                                    {removable.then(|| view! {
                                        <button
                                            type="button"
                                            class="button button--small button--secondary"
                                            aria-label=move || i18n.tf(Key::RemoveWho, &[("name", &label_name)])
                                            aria-disabled=move || removing.get().is_some().then_some("true")
                                            on:click={ let who = who.clone(); move |_| { to_remove.set(Some(who.clone())); confirm_open.set(true); } }
                                        >
                                            {move || if removing.get() == Some(a.user_id) { i18n.t(Key::Removing) } else { i18n.t(Key::Remove) }}
                                        </button>
                                    })}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <GuardedButton
                id=format!("benefit-{id}-assign")
                label=Signal::derive(move || i18n.t(Key::AssignUser).to_string())
                blocked=blocked
                hint=Signal::derive(move || Some(i18n.t(Key::AssignSeatHint).to_string()))
                on_press=Callback::new(move |_| dialog_open.set(true))
            />
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
            <ConfirmDialog
                open=confirm_open
                id=format!("remove-seat-dialog-{id}")
                title=Signal::derive(move || i18n.t(Key::ConfirmRemoveSeatTitle).to_string())
                text=Signal::derive(move || {
                    let name = to_remove.with(|w| w.as_ref().map(|w| w.1.clone()).unwrap_or_default());
                    row.with(|r| i18n.tf(Key::ConfirmRemoveSeatText, &[("name", &name), ("benefit", &r.name)]))
                })
                confirm=Signal::derive(move || i18n.t(Key::RemoveSeat).to_string())
                on_confirm=Callback::new(move |_| {
                    if let Some(who) = to_remove.get_untracked() {
                        remove(who);
                    }
                })
            />
            <Dialog open=dialog_open id=format!("seat-dialog-{id}") title=Signal::derive(move || i18n.tf(Key::AssignSeatTitle, &[("benefit", &row.with(|r| r.name.clone()))]))>
                <SeatForm row open=dialog_open/>
            </Dialog>
        </section>
    }
}

#[component]
fn SeatForm(row: RwSignal<BenefitRow>, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let picked = RwSignal::new(None::<UserRow>);
    let user_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let id = row.with_untracked(|r| r.id);
    // A new pick clears the last pick's problem ("required", "already holds one").
    Effect::new(move |_| {
        picked.track();
        user_error.set(None);
    });
    let holders = Signal::derive(move || {
        row.with(|r| r.assignees.iter().map(|a| a.user_id).collect::<Vec<_>>())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user) = picked.get_untracked() else {
            user_error.set(Some(Problem::Required.message(i18n.lang())));
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match assign_seat(id, user.id).await {
                Ok(updated) => {
                    row.set(updated);
                    // Close first: a toast shown while the modal is open sits under it, unannounced.
                    open.set(false);
                    toasts.push(i18n.tf(Key::SeatAssigned, &[("name", &user.name)]));
                }
                Err(AppError::Invalid { field, message }) if field == "user" => {
                    user_error.set(Some(message))
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="dialog__form" on:submit=submit novalidate>
            <UserPicker id=format!("seat-user-{id}") label=Signal::derive(move || i18n.t(Key::User).to_string())
                selected=picked search=company_users() error=user_error autofocus=true
                unavailable=holders unavailable_note=Signal::derive(move || Some(i18n.t(Key::HoldsASeat).to_string()))/>
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
            <div class="dialog__actions">
                <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>{move || i18n.t(Key::Cancel)}</button>
                <button type="submit" class="button button--primary" aria-disabled=move || busy.get().then_some("true")>{move || if busy.get() { i18n.t(Key::Assigning) } else { i18n.t(Key::AssignUser) }}</button>
            </div>
        </form>
    }
}

/// A technical benefit: assign (Pending), then Access ID, Contract ID and what remains.
#[component]
pub fn TechnicalPanel(row: RwSignal<BenefitRow>) -> impl IntoView {
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
                Err(AppError::Invalid { field, message }) if field == "alternate_email" => {
                    server_alt_error.set(Some(message))
                }
                Err(AppError::Invalid { field, message }) if field == "user" => {
                    user_error.set(Some(message))
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="dialog__form" on:submit=submit novalidate>
            <UserPicker id=format!("tech-user-{id}") label=Signal::derive(move || i18n.t(Key::User).to_string())
                selected=picked search=company_users() error=user_error autofocus=true/>
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

fn phase_label(lang: Lang, p: Phase) -> &'static str {
    crate::i18n::t(
        lang,
        match p {
            Phase::Presales => Key::PhasePresales,
            Phase::Design => Key::PhaseDesign,
            Phase::Deployment => Key::PhaseDeployment,
            Phase::AppDevelopment => Key::PhaseAppDevelopment,
        },
    )
}

#[component]
fn AdvisoryRequestForm(row: RwSignal<BenefitRow>, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = row.with_untracked(|r| r.id);
    let key = idempotency_key();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let phase = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let hours = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let zone = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let server_error = RwSignal::new(None::<(String, String)>);
    let error = RwSignal::new(None::<AppError>);
    let filed = RwSignal::new(None::<ServiceRequestRow>);
    let busy = RwSignal::new(false);
    let form = move || AdvisoryForm {
        title: title.get(),
        description: description.get(),
        phase: phase.get(),
        product: product.get(),
        hours: hours.get(),
        contact_phone: phone.get(),
        time_zone: zone.get(),
    };
    let remaining = move || row.with(|r| r.remaining());
    // Problems shown after the first submit, or as you type in fields that have content.
    let problems = Memo::new(move |_| form().parse(remaining()).err());
    let problem = move |field: &'static str, typed: RwSignal<String>| {
        field_error(field, Some(typed), submitted, server_error, problems)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        server_error.set(None);
        if problems.with_untracked(Option::is_some) || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let key = key.clone();
        spawn_local(async move {
            match request_advisory_hours(id, form(), key).await {
                Ok(sr) => {
                    let used = sr.hours.unwrap_or(0);
                    row.update(|r| r.used += used);
                    toasts.push(i18n.tf(Key::RequestFiled, &[("case", &sr.case_number)]));
                    filed.set(Some(sr));
                }
                Err(AppError::Invalid { field, message }) => {
                    server_error.set(Some((field, message)))
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let phases = Signal::derive(move || {
        Phase::ALL
            .iter()
            .map(|p| {
                (
                    p.code().to_string(),
                    phase_label(i18n.lang(), *p).to_string(),
                )
            })
            .collect()
    });
    let zones = Signal::derive(|| {
        TIME_ZONES
            .iter()
            .map(|z| (z.to_string(), z.replace('_', " ")))
            .collect()
    });
    let choose = Signal::derive(move || Some(i18n.t(Key::Choose).to_string()));
    let label = move |k: Key| Signal::derive(move || i18n.t(k).to_string());
    view! {
        <Show
            when=move || filed.with(Option::is_none)
            fallback=move || view! {
                <div class="dialog__done" role="status">
                    <p class="dialog__done-title">{move || i18n.t(Key::RequestFiledTitle)}</p>
                    <p>{move || i18n.t(Key::CaseNumber)}": "<strong class="case-number">{move || filed.get().map(|f| f.case_number)}</strong></p>
                    <p>{move || i18n.t(Key::RequestFiledText)}</p>
                    <div class="dialog__actions">
                        <button type="button" class="button button--primary" on:click=move |_| open.set(false) autofocus>{move || i18n.t(Key::Done)}</button>
                    </div>
                </div>
            }
        >
            <form class="dialog__form" on:submit=submit.clone() novalidate>
                <p class="field__hint">{move || i18n.tf(Key::HoursRemaining, &[("hours", &remaining().to_string())])}</p>
                <TextField id=format!("adv-title-{id}") label=label(Key::RequestTitle) value=title error=problem("title", title) required=true autofocus=true/>
                <TextField id=format!("adv-description-{id}") label=label(Key::RequestDescription) value=description error=problem("description", description) multiline=true required=true/>
                <SelectField id=format!("adv-phase-{id}") label=label(Key::Phase) value=phase options=phases placeholder=choose error=problem("phase", phase)/>
                <TextField id=format!("adv-product-{id}") label=label(Key::Product) value=product error=problem("product", product) required=true/>
                <TextField id=format!("adv-hours-{id}") label=label(Key::Hours) value=hours error=problem("hours", hours) kind="number" inputmode="numeric" required=true/>
                <TextField id=format!("adv-phone-{id}") label=label(Key::ContactPhone) value=phone error=problem("contact_phone", phone) kind="tel" autocomplete="tel" required=true
                    hint=Signal::derive(move || Some(i18n.t(Key::PhoneHint).to_string()))/>
                <SelectField id=format!("adv-zone-{id}") label=label(Key::TimeZone) value=zone options=zones placeholder=choose error=problem("time_zone", zone)/>
                {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
                <div class="dialog__actions">
                    <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="button button--primary" aria-disabled=move || busy.get().then_some("true")>{move || if busy.get() { i18n.t(Key::Submitting) } else { i18n.t(Key::SubmitRequest) }}</button>
                </div>
            </form>
        </Show>
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
    let server_error = RwSignal::new(None::<(String, String)>);
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
        server_error.set(None);
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
                Err(AppError::Invalid { field, message }) => {
                    server_error.set(Some((field, message)))
                }
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
