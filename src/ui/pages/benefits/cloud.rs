//! Cloud subscriptions: a usage-based one is activated by assigning it to yourself, then
//! managed in the Azure portal.

use super::common::{assigned_line, unusable_reason};
use crate::api::benefits::{activate_cloud, BenefitRow};
use crate::domain::{Action, BenefitStatus};
use crate::i18n::{t, Key};
use crate::ui::components::{ConfirmDialog, ErrorAlert, GuardedButton};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::session::denial;
use leptos::prelude::*;

/// Usage-based cloud: activated by assigning it to yourself; then managed in the Azure portal.
#[component]
pub(super) fn CloudActivation(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.with_untracked(|r| r.id);
    let blocked = Signal::derive(move || {
        denial(i18n.lang(), Action::AssignUsers)
            .or_else(|| row.with(|r| unusable_reason(i18n.lang(), r)))
    });
    // Owning a subscription cannot be handed back in one click: asked first.
    let confirm = RwSignal::new(false);
    let request = FormState::unchecked(move || activate_cloud(id), move |updated| row.set(updated));
    let busy = request.busy();
    let activate = Callback::new(move |_| {
        request.submit();
    });
    view! {
        <section class="details__section" aria-labelledby=format!("benefit-{id}-sub-heading")>
            <h2 class="details__heading" id=format!("benefit-{id}-sub-heading")>{move || i18n.t(Key::Subscription)}</h2>
            {move || {
                let r = row.get();
                let lang = i18n.lang();
                if r.status == BenefitStatus::Active {
                    let who = r.activated_by.as_ref().map(|p| p.name.clone()).unwrap_or_default();
                    view! {
                        <p>{t(lang, Key::StatusActive)}". "{assigned_line(lang, &who, r.activated_at)}</p>
                        {r.portal_url.clone().map(|url| view! {
                            <a class="button button--secondary" href=url target="_blank" rel="noopener noreferrer">
                                {t(lang, Key::ManageInAzure)}<span class="visually-hidden">" "{t(lang, Key::OpensNewTab)}</span>
                            </a>
                        })}
                    }.into_any()
                } else {
                    view! {
                        <GuardedButton
                            id=format!("benefit-{id}-activate")
                            label=Signal::derive(move || if busy.get() { i18n.t(Key::Activating).to_string() } else { i18n.t(Key::AssignToMe).to_string() })
                            blocked=blocked
                            hint=Signal::derive(move || Some(i18n.t(Key::AssignToMeHint).to_string()))
                            on_press=Callback::new(move |_| confirm.set(true))
                        />
                    }.into_any()
                }
            }}
            {move || request.error().get().map(|e| view! { <ErrorAlert error=e/> })}
            <ConfirmDialog
                open=confirm
                id=format!("activate-cloud-dialog-{id}")
                title=Signal::derive(move || i18n.t(Key::ConfirmCloudTitle).to_string())
                text=Signal::derive(move || row.with(|r| i18n.tf(Key::ConfirmCloudText, &[("benefit", &r.name)])))
                confirm=Signal::derive(move || i18n.t(Key::AssignToMe).to_string())
                on_confirm=activate
            />
        </section>
    }
}
