//! The audit trail, for admins: who did what to the company's benefits and people, newest
//! first, filtered by person, benefit, action and dates, a page at a time, and exported as
//! CSV. The filter and the page live in the address bar, so a link or a reload keeps them;
//! the form is parsed by the same domain code as the server's (`AuditFilterForm::parse`).

use crate::api::audit::{
    export_audit, list_audit, list_audit_benefits, AuditBenefit, AuditEntry, AuditFilterForm,
    AuditPage as Page, AUDIT_PAGE_SIZE,
};
use crate::api::users::{search_users, UserListView, UserRow, UserStatusFilter};
use crate::domain::audit::AuditAction;
use crate::domain::problem::Problems;
use crate::error::AppError;
use crate::i18n::{t, Key};
use crate::ui::components::{ErrorAlert, ExportCsv, Loading, PageHeading};
use crate::ui::components::{Picker, PickerSearch, SearchPage, SelectField, TextField};
use crate::ui::i18n::use_i18n;
use crate::ui::router::{use_navigate, use_query_map};
use crate::ui::time::local_date_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The reader's time zone now (minutes east of UTC): the server counts the filter's days as
/// theirs.
fn offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Everyone who ever was a user of the company, deactivated people included: the trail
/// remembers them.
fn everyone() -> PickerSearch<UserRow> {
    PickerSearch::new(|query, offset| async move {
        search_users(
            UserListView {
                status: UserStatusFilter::All,
                ..UserListView::search(query)
            },
            offset,
        )
        .await
        .map(|page| SearchPage {
            items: page.users,
            has_more: page.has_more,
        })
    })
}

/// The address of the trail with this filter, at this page (from 1).
fn href(filter: &AuditFilterForm, page: u32) -> String {
    let query = filter.to_query(page);
    if query.is_empty() {
        "/audit".to_string()
    } else {
        format!("/audit?{query}")
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    // Someone who may not read the trail (an address typed, a link followed) is told so at
    // the top, with who can; no filters, no export, no request that can only be refused.
    let session = crate::ui::session::Session::use_context();
    if !session
        .me()
        .is_some_and(|me| crate::domain::Action::ViewAuditTrail.allowed(me.roles))
    {
        return view! {
            <PageHeading lang=i18n.0 title=Key::NavAudit lede=Key::AuditLede/>
            <p class="details__hint details__hint--blocked">{move || crate::ui::session::denial(i18n.lang(), crate::domain::Action::ViewAuditTrail)}</p>
        }
        .into_any();
    }
    let query = use_query_map();
    // What the address bar says: the filter applied and the page shown (from 1).
    let applied = Memo::new(move |_| query.with(|q| AuditFilterForm::from_query(|n| q.get(n))));
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()))
            .unwrap_or(1)
            .max(1)
    });
    let answer = RwSignal::new(None::<Result<Page, AppError>>);
    // Only the answer for the address shown last is kept.
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (filter, page) = (applied.get(), page.get());
        // A filter that does not parse is explained beside its fields; not worth a request.
        if filter.parse().is_err() {
            answer.set(None);
            return;
        }
        answer.set(None);
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        spawn_local(async move {
            let got = list_audit(filter, page - 1, offset_minutes()).await;
            if latest.try_get_value() == Some(ticket) {
                answer.try_set(Some(got));
            }
        });
    });
    view! {
        <PageHeading lang=i18n.0 title=Key::NavAudit lede=Key::AuditLede/>
        <Filters applied answer/>
        <ExportCsv id="audit-export" export=move |bom: bool| export_audit(applied.get_untracked(), offset_minutes(), bom)/>
        {move || match answer.get() {
            None if applied.with(|f| f.parse().is_err()) => ().into_any(),
            None => view! { <Loading label=Signal::derive(move || i18n.t(Key::Loading).to_string())/> }.into_any(),
            Some(Err(e)) => view! { <ErrorAlert error=e/> }.into_any(),
            Some(Ok(p)) if p.entries.is_empty() => view! { <p class="empty">{move || i18n.t(Key::AuditEmpty)}</p> }.into_any(),
            Some(Ok(p)) => view! { <Entries entries=p.entries applied/><Pager total=p.total page applied/> }.into_any(),
        }}
    }
    .into_any()
}

/// The filter form: person, benefit, action, from, to. Filled from the address bar, and put
/// back there when applied.
#[component]
fn Filters(
    applied: Memo<AuditFilterForm>,
    answer: RwSignal<Option<Result<Page, AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let person = RwSignal::new(None::<UserRow>);
    // Filled from the address bar at once, so the first render already shows the filter.
    let start = applied.get_untracked();
    let benefit = RwSignal::new(start.benefit.map(|b| b.to_string()).unwrap_or_default());
    let action = RwSignal::new(start.action.clone());
    let from = RwSignal::new(start.from.clone());
    let to = RwSignal::new(start.to.clone());
    let submitted = RwSignal::new(false);
    // The picker shows whom the address names once the server has said who that is; it is
    // made again then, as its text is its own.
    let picker_key = RwSignal::new(0u32);
    Effect::new(move |_| {
        let f = applied.get();
        benefit.set(f.benefit.map(|b| b.to_string()).unwrap_or_default());
        action.set(f.action.clone());
        from.set(f.from.clone());
        to.set(f.to.clone());
        // A filter from the address that does not parse shows its problems at once.
        submitted.set(f.parse().is_err());
        if f.person.is_none() && person.with_untracked(Option::is_some) {
            person.set(None);
            picker_key.update(|k| *k += 1);
        }
    });
    Effect::new(move |_| {
        let named = answer.with(|a| match a {
            Some(Ok(p)) => p.person.clone(),
            _ => None,
        });
        if let Some(p) = named {
            if person.with_untracked(|s| s.as_ref().map(|s| s.id)) != Some(p.id) {
                // Only the name and email show: the picker's row for them.
                person.set(Some(UserRow {
                    id: p.id,
                    name: p.name,
                    email: p.email,
                    roles: Default::default(),
                    active: true,
                    invited: false,
                }));
                picker_key.update(|k| *k += 1);
            }
        }
    });
    let form = Memo::new(move |_| AuditFilterForm {
        person: person.with(|p| p.as_ref().map(|p| p.id)),
        benefit: benefit.with(|b| b.parse().ok()),
        action: action.get(),
        from: from.get(),
        to: to.get(),
    });
    let problems = Memo::new(move |_| form.with(|f| f.parse().err()).unwrap_or_default());
    let error = move |field: &'static str| {
        Signal::derive(move || {
            if !submitted.get() {
                return None;
            }
            problems.with(|p: &Problems| p.get(field).map(|p| p.message(i18n.lang())))
        })
    };
    let benefits = RwSignal::new(Vec::<AuditBenefit>::new());
    spawn_local(async move {
        // Without the list the filter offers "All benefits" only; the page says why it failed.
        if let Ok(list) = list_audit_benefits().await {
            benefits.try_set(list);
        }
    });
    let benefit_options = Signal::derive(move || {
        let lang = i18n.lang();
        std::iter::once((String::new(), t(lang, Key::AuditAllBenefits).to_string()))
            .chain(
                benefits
                    .get()
                    .into_iter()
                    .map(|b| (b.id.to_string(), b.name)),
            )
            .collect::<Vec<_>>()
    });
    let action_options = Signal::derive(move || {
        let lang = i18n.lang();
        std::iter::once((String::new(), t(lang, Key::AuditAllActions).to_string()))
            .chain(AuditAction::ALL.map(|a| (a.code().to_string(), t(lang, a.label()).to_string())))
            .collect::<Vec<_>>()
    });
    let label = move |key: Key| Signal::derive(move || i18n.t(key).to_string());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        if problems.with_untracked(Problems::is_empty) {
            navigate(&href(&form.get_untracked(), 1), Default::default());
        }
    };
    view! {
        <form class="audit-filters" on:submit=on_submit novalidate aria-label=move || i18n.t(Key::AuditFilters)>
            {move || {
                picker_key.track();
                view! {
                    <Picker
                        id="audit-person"
                        label=label(Key::AuditPerson)
                        selected=person
                        search=everyone()
                        no_match=Signal::derive(move || i18n.t(Key::PickerNoMatch).to_string())
                        shown=Callback::new(move |n: usize| i18n.tf(Key::PickerCount, &[("count", &n.to_string())]))
                    >
                        <p class="field__hint">{move || i18n.t(Key::AuditPersonHint)}</p>
                    </Picker>
                }
            }}
            <SelectField id="audit-benefit" label=label(Key::AuditBenefit) value=benefit options=benefit_options/>
            <SelectField id="audit-action" label=label(Key::AuditAction) value=action options=action_options error=error("action")/>
            <TextField id="audit-from" label=label(Key::AuditFrom) value=from kind="date" error=error("from")/>
            <TextField id="audit-to" label=label(Key::AuditTo) value=to kind="date" error=error("to")/>
            <div class="audit-filters__actions">
                <button type="submit" class="button">{move || i18n.t(Key::AuditApply)}</button>
                <a class="button button--secondary" href="/audit">{move || i18n.t(Key::AuditClear)}</a>
            </div>
        </form>
    }
}

/// The entries as a table (a list of cards on a phone).
#[component]
fn Entries(entries: Vec<AuditEntry>, applied: Memo<AuditFilterForm>) -> impl IntoView {
    let i18n = use_i18n();
    // A name narrows the trail to that person.
    let person_link = move |id: i64, name: String| {
        let filter = AuditFilterForm {
            person: Some(id),
            ..applied.get_untracked()
        };
        let title = name.clone();
        view! {
            <a href=href(&filter, 1) title=move || i18n.tf(Key::AuditOnlyPerson, &[("name", &title)])>{name}</a>
        }
    };
    view! {
        <table class="data-table audit-table">
            <caption class="visually-hidden">{move || i18n.t(Key::NavAudit)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t(Key::AuditWhen)}</th>
                    <th scope="col">{move || i18n.t(Key::AuditWho)}</th>
                    <th scope="col">{move || i18n.t(Key::AuditAction)}</th>
                    <th scope="col">{move || i18n.t(Key::AuditOn)}</th>
                    <th scope="col">{move || i18n.t(Key::AuditDetail)}</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|e| {
                    let action = e.action;
                    view! {
                        <tr>
                            <th scope="row">{move || local_date_time(i18n.lang(), e.at)}</th>
                            <td data-label=move || i18n.t(Key::AuditWho)>
                                {match e.actor {
                                    Some(p) => person_link(p.id, p.name).into_any(),
                                    None => view! { <span class="audit-table__system">{move || i18n.t(Key::AuditSystem)}</span> }.into_any(),
                                }}
                            </td>
                            <td data-label=move || i18n.t(Key::AuditAction)>{move || i18n.t(action.label())}</td>
                            <td data-label=move || i18n.t(Key::AuditOn)>
                                {e.benefit.map(|b| view! {
                                    <a href=format!("/benefits/{}?open={}", b.category.slug(), b.id)>{b.name}</a>
                                })}
                                {e.subject.map(|p| view! { <span class="audit-table__person">{person_link(p.id, p.name)}</span> })}
                            </td>
                            <td data-label=move || i18n.t(Key::AuditDetail) class="audit-table__detail">{e.detail}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Which entries these are, and links to the pages before and after.
#[component]
fn Pager(total: u64, page: Memo<u32>, applied: Memo<AuditFilterForm>) -> impl IntoView {
    let i18n = use_i18n();
    let size = u64::from(AUDIT_PAGE_SIZE);
    let pages = total.div_ceil(size).max(1) as u32;
    let showing = move || {
        let p = u64::from(page.get());
        let first = (p - 1) * size + 1;
        let last = (p * size).min(total);
        i18n.tf(
            Key::AuditShowing,
            &[
                ("first", &first.to_string()),
                ("last", &last.to_string()),
                ("total", &total.to_string()),
            ],
        )
    };
    view! {
        <nav class="pager" aria-label=move || i18n.t(Key::AuditPages)>
            <p class="pager__status" aria-live="polite">{showing}</p>
            {move || (page.get() > 1).then(|| view! {
                <a class="button button--secondary" rel="prev" href=href(&applied.get(), page.get() - 1)>{move || i18n.t(Key::AuditPrevious)}</a>
            })}
            {move || (page.get() < pages).then(|| view! {
                <a class="button button--secondary" rel="next" href=href(&applied.get(), page.get() + 1)>{move || i18n.t(Key::AuditNext)}</a>
            })}
        </nav>
    }
}
