//! Notifications: the emails the product sent, as far as the reader may see them (a Global
//! admin every one of the company, an MPN partner admin go-to-market ones and their own, anyone
//! else their own), with where each stands: recorded only, queued, sent or failed.

use crate::api::notifications::{list_emails, EmailRow};
use crate::domain::notifications::Delivery;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{ErrorAlert, Loading, PageHeading};
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let emails = RwSignal::new(Vec::<EmailRow>::new());
    let has_more = RwSignal::new(false);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    let load = move |offset: u32| {
        loading.set(true);
        spawn_local(async move {
            match list_emails(offset).await {
                Ok(page) => {
                    has_more.set(page.has_more);
                    emails.update(|e| e.extend(page.emails));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    load(0);
    view! {
        <PageHeading lang=i18n.0 title=Key::NavNotifications lede=Key::NotificationsLede/>
        {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
        <ul class="emails">
            <For each=move || emails.get() key=|e| e.id let:email>
                <li class="emails__item">
                    <details>
                        <summary>
                            <span class="emails__subject">{email.subject.clone()}</span>
                            <span class="emails__meta">
                                {move || i18n.tf(Key::EmailTo, &[("to", &email.to)])}" · "
                                {move || crate::ui::time::local_date_time(i18n.lang(), email.created_at)}" · "
                                {move || match email.delivery {
                                    Delivery::Sent => i18n.t(Key::EmailSent).to_string(),
                                    Delivery::Recorded => i18n.t(Key::EmailStored).to_string(),
                                    Delivery::Queued => i18n.t(Key::EmailQueued).to_string(),
                                    Delivery::Failed => i18n.tf(Key::EmailFailed, &[("tries", &email.attempts.to_string())]),
                                    Delivery::Withdrawn => i18n.t(Key::EmailWithdrawn).to_string(),
                                }}
                            </span>
                        </summary>
                        <pre class="emails__body">{email.body.clone()}</pre>
                    </details>
                </li>
            </For>
        </ul>
        <Show when=move || loading.get()>
            <Loading label=Signal::derive(move || i18n.t(Key::Loading).to_string())/>
        </Show>
        <Show when=move || !loading.get() && emails.with(Vec::is_empty) && error.with(Option::is_none)>
            <p class="empty">{move || i18n.t(Key::NoEmails)}</p>
        </Show>
        <Show when=move || has_more.get() && !loading.get()>
            <button type="button" class="button button--secondary" on:click=move |_| load(emails.with_untracked(Vec::len) as u32)>
                {move || i18n.t(Key::PickerMore)}
            </button>
        </Show>
    }
}
