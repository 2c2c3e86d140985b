//! What an expanded benefit row shows: the facts, then what can be done with it in its
//! category (keys and downloads, activation, seats, assignment, go-to-market types).

use super::assign::{SeatsPanel, TechnicalPanel};
use super::downloads::ProductDownloads;
use super::marketing::GtmPanel;
use crate::api::benefits::{activate_cloud, get_keys, BenefitRow, Download, RevealedKeys};
use crate::domain::benefits::language_label;
use crate::domain::{format, Action, BenefitStatus, Category, CloudKind, Date, Os};
use crate::error::AppError;
use crate::i18n::{t, tf, Key, Lang};
use crate::ui::components::{ConfirmDialog, CopyButton, Dialog, ErrorAlert};
use crate::ui::i18n::use_i18n;
use crate::ui::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn BenefitDetails(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let r = row.get_untracked();
    let body = match (r.category, r.cloud_kind) {
        (Category::Cloud, Some(CloudKind::Usage)) => view! { <CloudActivation row/> }.into_any(),
        (Category::VisualStudio, _) => view! { <SeatsPanel row/> }.into_any(),
        (Category::Technical, _) => view! { <TechnicalPanel row/> }.into_any(),
        (Category::GoToMarket, _) => view! { <GtmPanel row/> }.into_any(),
        _ if r.has_keys() => view! { <KeysPanel row_signal=row/> }.into_any(),
        _ => ().into_any(),
    };
    let downloads = (r.download_count > 0)
        .then(|| view! { <ProductDownloads benefit_id=r.id product=r.name.clone()/> });
    let fact = move |key: Key, value: Signal<String>| {
        view! { <div><dt>{move || i18n.t(key)}</dt><dd>{move || value.get()}</dd></div> }
    };
    // The row already shows the package, the quantity and the expiry; seats and technical
    // benefits say what is used in their own section. Only what is new is said here.
    let counts = !matches!(r.category, Category::VisualStudio | Category::Technical);
    view! {
        <div class="details">
            {counts.then(|| view! {
                <dl class="details__facts">
                    {fact(Key::Used, Signal::derive(move || row.with(|r| format::thousands(r.used))))}
                    {fact(Key::Remaining, Signal::derive(move || row.with(|r| format::thousands(r.remaining()))))}
                </dl>
            })}
            {body}
            {downloads}
        </div>
    }
}

/// Why the signed-in user may not do `action`, naming who in their company can; None if they may.
pub fn denial(lang: Lang, action: Action) -> Option<String> {
    let me = Session::use_context().me()?;
    if action.allowed(me.roles) {
        return None;
    }
    let admins = me
        .global_admins
        .iter()
        .map(|p| format!("{} ({})", p.name, p.email))
        .collect::<Vec<_>>()
        .join(", ");
    Some(if admins.is_empty() {
        action.denial_reason(lang)
    } else {
        format!(
            "{} {}",
            action.denial_reason(lang),
            tf(lang, Key::YourGlobalAdmins, &[("admins", &admins)])
        )
    })
}

/// Why a benefit can no longer be used, if it cannot.
pub fn unusable_reason(lang: Lang, row: &BenefitRow) -> Option<String> {
    match row.status {
        BenefitStatus::Expired => Some(tf(
            lang,
            Key::ErrExpired,
            &[
                ("benefit", &row.name),
                ("date", &format::date(lang, row.expires_on)),
            ],
        )),
        BenefitStatus::Cancelled => Some(tf(lang, Key::ErrCancelled, &[("benefit", &row.name)])),
        _ => None,
    }
}

/// A primary action that may be unavailable: still focusable and announced, greyed, with the
/// reason beside it (`aria-describedby`), and doing nothing when pressed.
#[component]
pub fn GuardedButton(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    /// Why it is unavailable, or None.
    #[prop(into)]
    blocked: Signal<Option<String>>,
    /// What it does when available; shown beside it.
    #[prop(optional, into)]
    hint: MaybeProp<String>,
    on_press: Callback<()>,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let note_id = format!("{id}-note");
    let class = if secondary {
        "button button--secondary"
    } else {
        "button button--primary"
    };
    view! {
        <div class="guarded">
            <button
                type="button"
                id=id
                class=class
                aria-disabled=move || blocked.with(Option::is_some).then_some("true")
                aria-describedby=note_id.clone()
                on:click=move |_| {
                    if blocked.with_untracked(Option::is_none) {
                        on_press.run(());
                    }
                }
            >
                {move || label.get()}
            </button>
            <p id=note_id class="details__hint" class:details__hint--blocked=move || blocked.with(Option::is_some)>
                {move || blocked.get().or_else(|| hint.get())}
            </p>
        </div>
    }
}

/// Get keys: reveals the product keys and special instructions (recorded on the server).
#[component]
fn KeysPanel(row_signal: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let row = row_signal.get_untracked();
    let id = row.id;
    let keys = RwSignal::new(None::<RevealedKeys>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
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
    let fetch = move |confirm: bool| {
        if busy.get_untracked() || unusable {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match get_keys(id, confirm).await {
                Ok(k) => {
                    // Revealing activates it: the row's status and count change at once.
                    row_signal.set(k.row.clone());
                    keys.set(Some(k));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // While the package can still be refunded, revealing keys forfeits that: ask first.
    let reveal = Callback::new(move |_| {
        if refund_days.is_some() {
            warning.set(true);
        } else {
            fetch(false);
        }
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
                        hint=Signal::derive(move || Some(if count == 1 { i18n.t(Key::GetKeysHintOne).to_string() } else { i18n.tf(Key::GetKeysHint, &[("count", &count.to_string())]) }))
                        on_press=reveal
                    />
                }
            >
                {move || keys.get().map(|k| view! { <KeyList keys=k/> })}
            </Show>
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
            <Dialog open=warning id=format!("forfeit-dialog-{id}") title=Signal::derive(move || i18n.t(Key::ForfeitTitle).to_string())>
                <div class="dialog__form">
                    <p>{
                        let package = package.clone();
                        move || i18n.tf(Key::ForfeitText, &[("package", &package), ("days", &refund_days.unwrap_or(0).to_string())])
                    }</p>
                    <div class="dialog__actions">
                        <button type="button" class="button button--secondary" autofocus on:click=move |_| warning.set(false)>{move || i18n.t(Key::KeepRefund)}</button>
                        <button type="button" class="button button--primary" on:click=move |_| { warning.set(false); fetch(true); }>{move || i18n.t(Key::RevealAnyway)}</button>
                    </div>
                </div>
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
pub fn DownloadPicker(downloads: Vec<Download>, product: String) -> impl IntoView {
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

/// "Assigned to Grace Admin on Mar 3, 2027."
pub fn assigned_line(lang: Lang, name: &str, at: Option<i64>) -> String {
    match at {
        Some(at) => tf(
            lang,
            Key::AssignedToOn,
            &[
                ("name", name),
                ("date", &format::date(lang, Date::from_unix(at))),
            ],
        ),
        None => tf(lang, Key::AssignedTo, &[("name", name)]),
    }
}

/// Usage-based cloud: activated by assigning it to yourself; then managed in the Azure portal.
#[component]
fn CloudActivation(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let id = row.with_untracked(|r| r.id);
    let blocked = Signal::derive(move || {
        denial(i18n.lang(), Action::AssignUsers)
            .or_else(|| row.with(|r| unusable_reason(i18n.lang(), r)))
    });
    // Owning a subscription cannot be handed back in one click: asked first.
    let confirm = RwSignal::new(false);
    let activate = Callback::new(move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match activate_cloud(id).await {
                Ok(updated) => row.set(updated),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
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
            {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
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
