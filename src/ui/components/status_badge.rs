use crate::domain::BenefitStatus;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

/// A benefit's status as a label with a shape, never by colour alone.
#[component]
pub fn StatusBadge(#[prop(into)] status: Signal<BenefitStatus>) -> impl IntoView {
    let i18n = use_i18n();
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
            {move || status.get().label(i18n.lang())}
        </span>
    }
}
