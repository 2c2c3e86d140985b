//! The language and theme pickers.

use super::SelectField;
use crate::i18n::{Key, Lang};
use crate::ui::i18n::use_i18n;
use crate::ui::theme::{use_theme, Theme};
use leptos::prelude::*;

/// Language and theme pickers, in the header (the menu drawer on phones) and on the sign-in
/// page. `place` keeps the ids of two instances on one page apart.
#[component]
pub fn Preferences(#[prop(optional)] place: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let theme = use_theme();
    let lang_value = RwSignal::new(i18n.lang().tag().to_string());
    let theme_value = RwSignal::new(theme.0.get_untracked().code().to_string());
    Effect::new(move |_| {
        if let Some(l) = Lang::from_tag(&lang_value.get()) {
            if l != i18n.0.get_untracked() {
                i18n.set(l);
            }
        }
    });
    Effect::new(move |_| theme.set(Theme::from_code(&theme_value.get())));
    let langs = Signal::derive(|| {
        Lang::ALL
            .iter()
            .map(|l| (l.tag().to_string(), l.native_name().to_string()))
            .collect()
    });
    let themes = Signal::derive(move || {
        [
            (Theme::System, Key::ThemeSystem),
            (Theme::Light, Key::ThemeLight),
            (Theme::Dark, Key::ThemeDark),
        ]
        .into_iter()
        .map(|(t, k)| (t.code().to_string(), i18n.t(k).to_string()))
        .collect()
    });
    view! {
        <div class="preferences">
            <SelectField id=format!("pref-language{place}") label=Signal::derive(move || i18n.t(Key::Language).to_string()) value=lang_value options=langs/>
            <SelectField id=format!("pref-theme{place}") label=Signal::derive(move || i18n.t(Key::Theme).to_string()) value=theme_value options=themes/>
        </div>
    }
}
