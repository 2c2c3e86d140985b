//! Two panels about benefits ending: the company's expiry reminders (Account settings, Global
//! admins) and the person's own calendar feed of expiry dates (Your account).

use crate::api::reminders::{
    get_calendar_feed, get_reminder_days, renew_calendar_feed, revoke_calendar_feed,
    set_reminder_days, CalendarLink,
};
use crate::domain::reminders::reminder_days_form;
use crate::i18n::Key;
use crate::ui::components::{use_toasts, CopyButton, ErrorAlert, TextField};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The thresholds at which Global admins are told a benefit is ending.
#[component]
pub fn ReminderSettings() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let days = RwSignal::new(String::new());
    let load_error = RwSignal::new(None);
    let load = move || {
        spawn_local(async move {
            match get_reminder_days().await {
                Ok(text) => {
                    load_error.set(None);
                    days.set(text);
                }
                Err(e) => load_error.set(Some(e)),
            }
        })
    };
    load();
    let form = FormState::new(
        move || reminder_days_form(&days.get()),
        move || set_reminder_days(days.get_untracked()),
        move |saved: String| {
            days.set(saved);
            toasts.push(i18n.t(Key::RemindersSaved).to_string());
        },
    );
    let busy = form.busy();
    view! {
        <section class="panel" aria-labelledby="reminders-title">
            <h2 id="reminders-title">{move || i18n.t(Key::RemindersTitle)}</h2>
            <p class="panel__text">{move || i18n.t(Key::RemindersLede)}</p>
            {move || load_error.get().map(|e| view! { <ErrorAlert error=e on_retry=Callback::new(move |_| load())/> })}
            <form on:submit=move |ev| { ev.prevent_default(); form.submit(); } novalidate class="form-narrow">
                {move || form.error().get().map(|e| view! {
                    <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
                })}
                <TextField id="reminder-days" label=Signal::derive(move || i18n.t(Key::RemindersDaysLabel).to_string())
                    value=days error=form.text_error("reminder_days", days, true) required=true
                    hint=Signal::derive(move || Some(i18n.t(Key::RemindersDaysHint).to_string()))/>
                <button type="submit" class="button button--primary" aria-disabled=move || busy.get().then_some("true")>
                    {move || if busy.get() { i18n.t(Key::RemindersSaving) } else { i18n.t(Key::RemindersSave) }}
                </button>
            </form>
        </section>
    }
}

/// The person's calendar address: made, shown once, renewed or revoked here.
#[component]
pub fn CalendarFeedPanel() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    // When the current feed was made (None: no feed); unknown until loaded.
    let since = RwSignal::new(None::<Option<i64>>);
    let fresh = RwSignal::new(None::<CalendarLink>);
    let load_error = RwSignal::new(None);
    let load = move || {
        spawn_local(async move {
            match get_calendar_feed().await {
                Ok(feed) => {
                    load_error.set(None);
                    since.set(Some(feed.created_at));
                }
                Err(e) => load_error.set(Some(e)),
            }
        })
    };
    load();
    let renew = FormState::unchecked(renew_calendar_feed, move |link: CalendarLink| {
        since.set(Some(Some(link.created_at)));
        fresh.set(Some(link));
    });
    let revoke = FormState::unchecked(revoke_calendar_feed, move |_| {
        since.set(Some(None));
        fresh.set(None);
        toasts.push(i18n.t(Key::CalendarRevoked).to_string());
    });
    let (renewing, revoking) = (renew.busy(), revoke.busy());
    let has_feed = move || since.get().flatten().is_some();
    view! {
        <section class="panel" aria-labelledby="calendar-title">
            <h2 id="calendar-title">{move || i18n.t(Key::CalendarTitle)}</h2>
            <p class="panel__text">{move || i18n.t(Key::CalendarLede)}</p>
            {move || load_error.get().map(|e| view! { <ErrorAlert error=e on_retry=Callback::new(move |_| load())/> })}
            {move || renew.error().get().or_else(|| revoke.error().get()).map(|e| view! {
                <div class="alert alert--error" role="alert"><p class="alert__text">{e.message(i18n.lang())}</p></div>
            })}
            {move || match since.get() {
                // Just made: the address below says all there is to say.
                _ if fresh.with(Option::is_some) => None,
                None => None,
                Some(None) => Some(view! { <p class="panel__text">{i18n.t(Key::CalendarNone)}</p> }.into_any()),
                Some(Some(at)) => Some(view! {
                    <p class="panel__text">{i18n.tf(Key::CalendarSince, &[("date", &crate::ui::time::local_date_time(i18n.lang(), at))])}</p>
                }.into_any()),
            }}
            {move || fresh.get().map(|link| view! {
                <div class="calendar-link">
                    <p class="panel__text" id="calendar-new-link">{i18n.t(Key::CalendarNewLink)}</p>
                    <input class="field__input calendar-link__url" type="text" readonly value=link.url.clone() aria-labelledby="calendar-new-link"/>
                    <CopyButton value=link.url what=i18n.t(Key::CalendarWhat)/>
                </div>
            })}
            <div class="panel__actions">
                <button type="button" class="button button--primary" on:click=move |_| { renew.submit(); }
                    aria-disabled=move || renewing.get().then_some("true")>
                    {move || if has_feed() { i18n.t(Key::CalendarRenew) } else { i18n.t(Key::CalendarMake) }}
                </button>
                <Show when=has_feed>
                    <button type="button" class="button button--secondary" on:click=move |_| { revoke.submit(); }
                        aria-disabled=move || revoking.get().then_some("true")>
                        {move || i18n.t(Key::CalendarRevoke)}
                    </button>
                </Show>
            </div>
        </section>
    }
}
