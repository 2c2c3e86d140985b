//! Advisory hours: a request against the technical benefit's remaining hours.

use crate::api::benefits::BenefitRow;
use crate::api::requests::{request_advisory_hours, ServiceRequestRow};
use crate::domain::forms::{AdvisoryForm, Phase, TIME_ZONES};
use crate::i18n::{Key, Lang};
use crate::ui::components::{use_toasts, DialogActions, DialogForm, SelectField, TextField};
use crate::ui::form::{idempotency_key, FormState};
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

/// A phase in words (the form's choices, a request's detail).
pub(crate) fn phase_label(lang: Lang, p: Phase) -> &'static str {
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
pub(super) fn AdvisoryRequestForm(
    row: RwSignal<BenefitRow>,
    open: RwSignal<bool>,
) -> impl IntoView {
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
    let filed = RwSignal::new(None::<ServiceRequestRow>);
    let typed = move || AdvisoryForm {
        title: title.get(),
        description: description.get(),
        phase: phase.get(),
        product: product.get(),
        hours: hours.get(),
        contact_phone: phone.get(),
        time_zone: zone.get(),
    };
    let remaining = move || row.with(|r| r.remaining());
    let form = FormState::new(
        move || typed().parse(remaining()),
        move || request_advisory_hours(id, typed(), key.clone()),
        move |sr: ServiceRequestRow| {
            let used = sr.hours.unwrap_or(0);
            row.update(|r| r.used += used);
            toasts.push(i18n.tf(Key::RequestFiled, &[("case", &sr.case_number)]));
            // The dialog stays open to show the case number.
            filed.set(Some(sr));
        },
    );
    // Problems show after the first submit, or as you type in fields that have content.
    let problem =
        move |field: &'static str, value: RwSignal<String>| form.text_error(field, value, true);
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
                    <DialogActions primary=label(Key::Done) no_cancel=true focus_primary=true on_primary=Callback::new(move |_| open.set(false))/>
                </div>
            }
        >
            <DialogForm form submit=label(Key::SubmitRequest) busy_label=Signal::derive(move || Some(i18n.t(Key::Submitting).to_string()))>
                <p class="field__hint">{move || i18n.tf(Key::HoursRemaining, &[("hours", &remaining().to_string())])}</p>
                <TextField id=format!("adv-title-{id}") label=label(Key::RequestTitle) value=title error=problem("title", title) required=true autofocus=true/>
                <TextField id=format!("adv-description-{id}") label=label(Key::RequestDescription) value=description error=problem("description", description) multiline=true required=true/>
                <SelectField id=format!("adv-phase-{id}") label=label(Key::Phase) value=phase options=phases placeholder=choose error=problem("phase", phase)/>
                <TextField id=format!("adv-product-{id}") label=label(Key::Product) value=product error=problem("product", product) required=true/>
                <TextField id=format!("adv-hours-{id}") label=label(Key::Hours) value=hours error=problem("hours", hours) kind="number" inputmode="numeric" required=true/>
                <TextField id=format!("adv-phone-{id}") label=label(Key::ContactPhone) value=phone error=problem("contact_phone", phone) kind="tel" autocomplete="tel" required=true
                    hint=Signal::derive(move || Some(i18n.t(Key::PhoneHint).to_string()))/>
                <SelectField id=format!("adv-zone-{id}") label=label(Key::TimeZone) value=zone options=zones placeholder=choose error=problem("time_zone", zone)/>
            </DialogForm>
        </Show>
    }
}
