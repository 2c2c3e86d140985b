//! Software: Get keys (the product keys and special instructions) and the downloads picker.

use crate::api::benefits::{get_keys, BenefitRow, Download, RevealedKeys};
use crate::domain::benefits::language_label;
use crate::domain::{format, Action, Os};
use crate::i18n::{Key, Lang};
use crate::ui::components::{
    CopyButton, Dialog, DialogActions, DialogBody, ErrorAlert, GuardedButton,
};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::session::denial;
use leptos::prelude::*;

use super::common::unusable_reason;

/// Get keys: reveals the product keys and special instructions (recorded on the server).
#[component]
pub(super) fn KeysPanel(row_signal: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let row = row_signal.get_untracked();
    let id = row.id;
    let keys = RwSignal::new(None::<RevealedKeys>);
    let unusable = unusable_reason(Lang::En, &row).is_some();
    let row_for_reason = row.clone();
    let blocked = Signal::derive(move || {
        denial(i18n.lang(), Action::GetKeys)
            .or_else(|| unusable_reason(i18n.lang(), &row_for_reason))
    });
    let count = row.key_count;
    let refund_days = row.refund_days_left;
    let package = row.package_name.clone();
    let warning = RwSignal::new(false);
    // Whether the person said yes to giving up the refund.
    let forfeit = StoredValue::new(false);
    let request = FormState::unchecked(
        move || get_keys(id, forfeit.get_value()),
        move |k: RevealedKeys| {
            // Revealing activates it: the row's status and count change at once.
            row_signal.set(k.row.clone());
            keys.set(Some(k));
        },
    );
    let busy = request.busy();
    let fetch = move |confirm: bool| {
        if !unusable {
            forfeit.set_value(confirm);
            request.submit();
        }
    };
    // While the package can still be refunded, revealing keys forfeits that: ask first.
    let reveal = Callback::new(move |_| {
        if refund_days.is_some() {
            warning.set(true);
        } else {
            fetch(false);
        }
    });
    let forfeit_text = Signal::derive(move || {
        i18n.tf(
            Key::ForfeitText,
            &[
                ("package", &package),
                ("days", &refund_days.unwrap_or(0).to_string()),
            ],
        )
    });
    view! {
        <section class="details__section" aria-labelledby=format!("benefit-{id}-keys-heading")>
            <h2 class="details__heading" id=format!("benefit-{id}-keys-heading")>{move || i18n.t(Key::ProductKeys)}</h2>
            <Show
                when=move || keys.with(Option::is_some)
                fallback=move || view! {
                    <GuardedButton
                        id=format!("benefit-{id}-get-keys")
                        label=Signal::derive(move || if busy.get() { i18n.t(Key::GettingKeys).to_string() } else { i18n.t(Key::GetKeys).to_string() })
                        blocked=blocked
                        hint=Signal::derive(move || Some(i18n.tf(Key::GetKeysHint, &[("count", &count.to_string())])))
                        on_press=reveal
                    />
                }
            >
                {move || keys.get().map(|k| view! { <KeyList keys=k/> })}
            </Show>
            {move || request.error().get().map(|e| view! { <ErrorAlert error=e/> })}
            <Dialog open=warning id=format!("forfeit-dialog-{id}") title=Signal::derive(move || i18n.t(Key::ForfeitTitle).to_string())>
                <DialogBody>
                    <p>{move || forfeit_text.get()}</p>
                    // Keeping the refund is the safe choice: it has the focus.
                    <DialogActions
                        cancel=Signal::derive(move || i18n.t(Key::KeepRefund).to_string())
                        focus_cancel=true
                        primary=Signal::derive(move || i18n.t(Key::RevealAnyway).to_string())
                        on_primary=Callback::new(move |_| { warning.set(false); fetch(true); })
                    />
                </DialogBody>
            </Dialog>
        </section>
    }
}

#[component]
fn KeyList(keys: RevealedKeys) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="keys" aria-label=move || i18n.t(Key::RevealedKeys)>
            {keys.keys.into_iter().map(|k| view! {
                <li class="keys__item">
                    <span class="keys__label">{k.label.clone()}</span>
                    <code class="keys__value">{k.value.clone()}</code>
                    <CopyButton value=k.value what=k.label/>
                </li>
            }).collect_view()}
        </ul>
        {keys.instructions.map(|text| view! {
            <div class="instructions">
                <h3 class="instructions__title">{move || i18n.t(Key::SpecialInstructions)}</h3>
                <p>{text}</p>
            </div>
        })}
    }
}

/// Language, then OS type, then the matching download links.
#[component]
pub(super) fn DownloadPicker(downloads: Vec<Download>, product: String) -> impl IntoView {
    let i18n = use_i18n();
    let downloads = StoredValue::new(downloads);
    let mut languages: Vec<String> =
        downloads.with_value(|d| d.iter().map(|d| d.language.clone()).collect());
    languages.sort();
    languages.dedup();
    let language = RwSignal::new(preferred_language(&languages, i18n.0.get_untracked()));
    let oses = Memo::new(move |_| {
        let lang = language.get();
        let mut v: Vec<Os> = downloads.with_value(|d| {
            d.iter()
                .filter(|d| d.language == lang)
                .map(|d| d.os)
                .collect()
        });
        v.sort();
        v.dedup();
        v
    });
    let os = RwSignal::new(oses.get_untracked().first().copied());
    // A language without the chosen OS falls back to its first OS.
    Effect::new(move |_| {
        let available = oses.get();
        if os.get_untracked().is_none_or(|o| !available.contains(&o)) {
            os.set(available.first().copied());
        }
    });
    let matching = move || {
        let (lang, os) = (language.get(), os.get());
        downloads.with_value(|d| {
            d.iter()
                .filter(|d| d.language == lang && Some(d.os) == os)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let base = format!("dl-{}", product.bytes().map(|b| b as u32).sum::<u32>());
    let lang_id = format!("{base}-language");
    let os_id = format!("{base}-os");
    view! {
        <section class="details__section" aria-label=move || i18n.tf(Key::DownloadsFor, &[("product", &product)])>
            <h2 class="details__heading">{move || i18n.t(Key::Downloads)}</h2>
            <div class="download-picker">
                <div class="field">
                    <label for=lang_id.clone()>{move || i18n.t(Key::Language)}</label>
                    <select id=lang_id on:change=move |ev| language.set(event_target_value(&ev))>
                        {languages.into_iter().map(|l| {
                            let selected = l == language.get_untracked();
                            view! { <option value=l.clone() selected=selected>{language_label(&l)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=os_id.clone()>{move || i18n.t(Key::OsType)}</label>
                    <select id=os_id on:change=move |ev| os.set(Os::from_code(&event_target_value(&ev)))>
                        {move || oses.get().into_iter().map(|o| view! {
                            <option value=o.code() selected=move || os.get() == Some(o)>{move || o.label(i18n.lang())}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <ul class="downloads" aria-live="polite">
                {move || matching().into_iter().map(|d| view! {
                    <li class="downloads__item">
                        <a class="downloads__link" href=d.url.clone() download=d.file_name.clone()>{d.file_name.clone()}</a>
                        <span class="downloads__size">{format::bytes(d.size_bytes)}</span>
                        <span class="downloads__hash">"SHA-256 "<code>{d.sha256.clone()}</code></span>
                        {d.is_placeholder().then(|| view! {
                            <span class="downloads__note">{move || i18n.t(Key::DownloadPlaceholder)}</span>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The page's language if a download exists in it, then the browser's, else US English, else
/// the first.
fn preferred_language(available: &[String], ui: Lang) -> String {
    if let Some(l) = available
        .iter()
        .find(|l| ui != Lang::En && Lang::from_tag(l) == Some(ui))
    {
        return l.clone();
    }
    let browser = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    let primary = browser.split('-').next().unwrap_or("").to_ascii_lowercase();
    available
        .iter()
        .find(|l| l.eq_ignore_ascii_case(&browser))
        .or_else(|| {
            available
                .iter()
                .find(|l| !primary.is_empty() && l.to_ascii_lowercase().starts_with(&primary))
        })
        .or_else(|| available.iter().find(|l| *l == "en-US"))
        .or(available.first())
        .cloned()
        .unwrap_or_default()
}
