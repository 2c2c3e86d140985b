//! What an expanded benefit row shows: keys and downloads for software, activation for cloud,
//! a read-only summary for the categories whose actions are not built yet.

use crate::api::benefits::{activate_cloud, get_keys, BenefitRow, Download, RevealedKeys};
use crate::domain::benefit::language_label;
use crate::domain::{format, Action, BenefitStatus, Category, CloudKind, Os};
use crate::error::AppError;
use crate::ui::components::CopyButton;
use crate::ui::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn BenefitDetails(row: RwSignal<BenefitRow>) -> impl IntoView {
    let r = row.get_untracked();
    let body = match (r.category, r.cloud_kind) {
        (Category::Cloud, Some(CloudKind::Usage)) => view! { <CloudActivation row/> }.into_any(),
        _ if r.has_keys() => view! { <KeysPanel row=r.clone()/> }.into_any(),
        _ => ().into_any(),
    };
    let downloads = (!r.downloads.is_empty())
        .then(|| view! { <DownloadPicker downloads=r.downloads.clone() product=r.name.clone()/> });
    view! {
        <div class="details">
            <dl class="details__facts">
                <div><dt>"Package"</dt><dd>{r.package_name.clone()}</dd></div>
                <div><dt>"Quantity"</dt><dd>{r.unit.quantity_label(r.quantity)}</dd></div>
                <div><dt>"Used"</dt><dd>{format::thousands(r.used)}</dd></div>
                <div><dt>"Remaining"</dt><dd>{format::thousands(r.quantity - r.used)}</dd></div>
                <div><dt>"Expires"</dt><dd>{format::date_en(r.expires_on)}</dd></div>
            </dl>
            {body}
            {downloads}
            {matches!(r.category, Category::VisualStudio | Category::Technical | Category::GoToMarket).then(|| view! {
                <p class="details__note">"Assigning people to this benefit is not available on this page yet."</p>
            })}
        </div>
    }
}

/// Why the signed-in user may not do `action`, naming who in their company can.
fn denial(action: Action) -> Option<String> {
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
        action.denial_reason()
    } else {
        format!(
            "{} Your company's Global admins: {admins}.",
            action.denial_reason()
        )
    })
}

fn unusable_reason(row: &BenefitRow) -> Option<String> {
    match row.status {
        BenefitStatus::Expired => Some(format!(
            "This benefit expired on {}.",
            format::date_en(row.expires_on)
        )),
        BenefitStatus::Cancelled => Some("This benefit was cancelled.".into()),
        _ => None,
    }
}

/// Get keys: reveals the product keys and special instructions (recorded on the server).
#[component]
fn KeysPanel(row: BenefitRow) -> impl IntoView {
    let id = row.id;
    let blocked = denial(Action::GetKeys).or_else(|| unusable_reason(&row));
    let keys = RwSignal::new(None::<RevealedKeys>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let note_id = format!("benefit-{id}-keys-note");
    let disabled = blocked.is_some();
    let reveal = move |_| {
        if disabled || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match get_keys(id).await {
                Ok(k) => keys.set(Some(k)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="details__section" aria-label="Product keys">
            <h3 class="details__heading">"Product keys"</h3>
            <Show
                when=move || keys.with(Option::is_some)
                fallback=move || view! {
                    <div class="keys__reveal">
                        <button
                            type="button"
                            class="button button--primary"
                            aria-disabled=disabled.then_some("true")
                            aria-describedby=note_id.clone()
                            on:click=reveal
                        >
                            {move || if busy.get() { "Getting keys…" } else { "Get keys" }}
                        </button>
                        <p id=note_id.clone() class="details__hint" class:details__hint--blocked=disabled>
                            {blocked.clone().unwrap_or_else(|| {
                                format!("Shows {} and the special instructions. Revealing keys is recorded with your name and the time.",
                                    if row.key_count == 1 { "the key".to_string() } else { format!("{} keys", row.key_count) })
                            })}
                        </p>
                    </div>
                }
            >
                {move || keys.get().map(|k| view! { <KeyList keys=k/> })}
            </Show>
            {move || error.get().map(|e| view! { <div class="alert alert--error" role="alert"><p class="alert__text">{e.to_string()}</p></div> })}
        </section>
    }
}

#[component]
fn KeyList(keys: RevealedKeys) -> impl IntoView {
    view! {
        <ul class="keys" aria-label="Revealed product keys">
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
                <h4 class="instructions__title">"Special instructions"</h4>
                <p>{text}</p>
            </div>
        })}
    }
}

/// Language, then OS type, then the matching download links.
#[component]
fn DownloadPicker(downloads: Vec<Download>, product: String) -> impl IntoView {
    let downloads = StoredValue::new(downloads);
    let mut languages: Vec<String> =
        downloads.with_value(|d| d.iter().map(|d| d.language.clone()).collect());
    languages.sort();
    languages.dedup();
    let initial = preferred_language(&languages);
    let language = RwSignal::new(initial);
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
        <section class="details__section" aria-label=format!("Downloads for {product}")>
            <h3 class="details__heading">"Downloads"</h3>
            <div class="download-picker">
                <div class="field">
                    <label for=lang_id.clone()>"Language"</label>
                    <select id=lang_id on:change=move |ev| language.set(event_target_value(&ev))>
                        {languages.into_iter().map(|l| {
                            let selected = l == language.get_untracked();
                            view! { <option value=l.clone() selected=selected>{language_label(&l)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=os_id.clone()>"OS type"</label>
                    <select id=os_id on:change=move |ev| os.set(Os::from_code(&event_target_value(&ev)))>
                        {move || oses.get().into_iter().map(|o| view! {
                            <option value=o.code() selected=move || os.get() == Some(o)>{o.label()}</option>
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

/// The browser's language if a download exists in it, else US English, else the first.
fn preferred_language(available: &[String]) -> String {
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

/// Usage-based cloud: activated by assigning it to yourself; then managed in the Azure portal.
#[component]
fn CloudActivation(row: RwSignal<BenefitRow>) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let blocked = {
        let r = row.get_untracked();
        denial(Action::AssignUsers).or_else(|| unusable_reason(&r))
    };
    let disabled = blocked.is_some();
    let activate = move |_| {
        if disabled || busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let id = row.with_untracked(|r| r.id);
        spawn_local(async move {
            match activate_cloud(id).await {
                Ok(updated) => row.set(updated),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let note_id = format!("benefit-{}-activate-note", row.with_untracked(|r| r.id));
    view! {
        <section class="details__section" aria-label="Activation">
            <h3 class="details__heading">"Subscription"</h3>
            {move || {
                let r = row.get();
                if r.status == BenefitStatus::Active {
                    let who = r.activated_by.as_ref().map(|p| p.name.clone()).unwrap_or_else(|| "an admin".into());
                    let when = r.activated_at.map(|t| format!(" on {}", format::date_en(crate::domain::Date::from_unix(t)))).unwrap_or_default();
                    view! {
                        <p>{format!("Active. Assigned to {who}{when}.")}</p>
                        {r.portal_url.clone().map(|url| view! {
                            <a class="button button--secondary" href=url target="_blank" rel="noopener noreferrer">
                                "Manage in the Azure portal"<span class="visually-hidden">" (opens in a new tab)"</span>
                            </a>
                        })}
                    }.into_any()
                } else {
                    let blocked = blocked.clone();
                    view! {
                        <button
                            type="button"
                            class="button button--primary"
                            aria-disabled=disabled.then_some("true")
                            aria-describedby=note_id.clone()
                            on:click=activate
                        >
                            {move || if busy.get() { "Activating…" } else { "Assign to me and activate" }}
                        </button>
                        <p id=note_id.clone() class="details__hint" class:details__hint--blocked=disabled>
                            {blocked.unwrap_or_else(|| "Usage-based subscriptions are activated by assigning yourself as the user. You then manage it in the Azure portal.".into())}
                        </p>
                    }.into_any()
                }
            }}
            {move || error.get().map(|e| view! { <div class="alert alert--error" role="alert"><p class="alert__text">{e.to_string()}</p></div> })}
        </section>
    }
}
