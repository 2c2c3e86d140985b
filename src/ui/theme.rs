//! Light, dark, or following the system: `data-theme` on `<html>` picks the token set in
//! `style/tokens.css`; without it the system setting decides. Remembered in localStorage.

use leptos::prelude::*;

const STORAGE_KEY: &str = "pb.theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_code(s: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.code() == s)
            .unwrap_or(Theme::System)
    }
}

#[derive(Clone, Copy)]
pub struct ThemeChoice(pub RwSignal<Theme>);

impl ThemeChoice {
    pub fn provide() -> ThemeChoice {
        let stored = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .map(|s| Theme::from_code(&s))
            .unwrap_or(Theme::System);
        apply(stored);
        let choice = ThemeChoice(RwSignal::new(stored));
        provide_context(choice);
        choice
    }

    pub fn set(self, theme: Theme) {
        self.0.set(theme);
        apply(theme);
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, theme.code());
        }
    }
}

/// Shows the page in `theme` without remembering it (a gallery frame: the designer's own
/// choice, in the same browser's storage and cookie, stays as it is).
pub fn show(theme: Theme) {
    set_attribute(theme);
}

pub fn use_theme() -> ThemeChoice {
    use_context::<ThemeChoice>().unwrap_or_else(ThemeChoice::provide)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn apply(theme: Theme) {
    set_attribute(theme);
    crate::ui::dom::remember_in_cookie("pb_theme", theme.code());
}

fn set_attribute(theme: Theme) {
    let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::System => html.remove_attribute("data-theme"),
        t => html.set_attribute("data-theme", t.code()),
    };
}
