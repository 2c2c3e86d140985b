use crate::domain::BenefitStatus;
use leptos::prelude::*;

/// A benefit's status as a label with a shape, never by colour alone.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<BenefitStatus>) -> impl IntoView {
    let glyph = move || match status.get() {
        BenefitStatus::Active => "●",
        BenefitStatus::Pending => "◐",
        BenefitStatus::NotActivated => "○",
        BenefitStatus::Expired => "◌",
        BenefitStatus::Cancelled => "⊘",
    };
    view! {
        <span class=move || format!("status-badge status-badge--{}", status.get().code())>
            <span class="status-badge__glyph" aria-hidden="true">{glyph}</span>
            {move || status.get().label()}
        </span>
    }
}
