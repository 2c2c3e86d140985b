//! Visual Studio seats: who holds one (with Remove), and Assign user.

use super::common::unusable_reason;
use crate::api::assign::{
    apply_bulk_assign, assign_seat, preview_bulk_assign, release_deactivated_seats, remove_seat,
};
use crate::api::benefits::BenefitRow;
use crate::api::users::UserRow;
use crate::domain::bulk::{list_field, BulkMode, BulkOutcome, BulkPreview, BulkResult};
use crate::domain::problem::Problems;
use crate::domain::{format, Action, Date, Problem};
use crate::i18n::Key;
use crate::ui::components::{
    use_toasts, ConfirmDialog, Dialog, DialogForm, EmailText, ErrorAlert, GuardedButton, TextField,
};
use crate::ui::form::{problem, FormState};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::person::PersonLink;
use crate::ui::pages::users::UserPicker;
use crate::ui::session::denial;
use leptos::prelude::*;

/// Seats used and free, who holds them (with Remove), and Assign user.
#[component]
pub(super) fn SeatsPanel(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = row.with_untracked(|r| r.id);
    let dialog_open = RwSignal::new(false);
    let bulk_open = RwSignal::new(false);
    let may_assign = move || denial(i18n.lang(), Action::AssignUsers);
    let blocked = Signal::derive(move || {
        may_assign()
            .or_else(|| row.with(|r| unusable_reason(i18n.lang(), r)))
            .or_else(|| {
                row.with(|r| {
                    (r.remaining() == 0).then(|| i18n.t(Key::AllSeatsAssigned).to_string())
                })
            })
    });
    // Whose seat is being removed right now (the button says so meanwhile), and whose removal
    // is waiting for a yes.
    let sent = RwSignal::new(None::<(i64, String)>);
    let to_remove = RwSignal::new(None::<(i64, String)>);
    let confirm_open = RwSignal::new(false);
    let removal = FormState::unchecked(
        move || remove_seat(id, sent.with_untracked(|s| s.as_ref().map_or(0, |s| s.0))),
        move |updated| {
            row.set(updated);
            let name = sent.with_untracked(|s| s.as_ref().map(|s| s.1.clone()).unwrap_or_default());
            toasts.push(i18n.tf(Key::SeatRemoved, &[("name", &name)]));
            // The Remove button is gone with the seat: focus goes on to Assign user.
            request_animation_frame(move || crate::ui::dom::focus(&format!("benefit-{id}-assign")));
        },
    );
    // The seats of people who left, freed in one click.
    let release = FormState::unchecked(
        move || release_deactivated_seats(id),
        move |updated: BenefitRow| {
            let freed = row.with_untracked(|r| r.used) - updated.used;
            row.set(updated);
            toasts.push(i18n.tf(Key::SeatsReleased, &[("count", &freed.max(0).to_string())]));
        },
    );
    let busy = removal.busy();
    let removing = Signal::derive(move || {
        busy.get()
            .then(|| sent.with(|s| s.as_ref().map(|s| s.0)))
            .flatten()
    });
    let remove = move |user: (i64, String)| {
        if !busy.get_untracked() {
            sent.set(Some(user));
            removal.submit();
        }
    };
    view! {
        <section class="details__section" aria-labelledby=format!("benefit-{id}-seats-heading")>
            <h2 class="details__heading" id=format!("benefit-{id}-seats-heading")>{move || i18n.t(Key::Seats)}</h2>
            <p class="seats__summary">
                {move || row.with(|r| i18n.tf(Key::SeatsSummary, &[
                    ("used", &r.used.to_string()), ("free", &r.remaining().to_string()), ("total", &r.quantity.to_string())
                ]))}
            </p>
            <Show when=move || row.with(|r| !r.assignees.is_empty())>
                <ul class="assignees" aria-label=move || i18n.t(Key::AssignedUsers)>
                    <For each=move || row.get().assignees key=|a| a.user_id let:a>
                        {
                            let who = (a.user_id, a.name.clone());
                            let label_name = a.name.clone();
                            let removable = may_assign().is_none();
                            view! {
                                <li class="assignees__item">
                                    <span class="assignees__name">
                                        <PersonLink user_id=a.user_id name=a.name.clone()/>
                                        {a.deactivated().then(|| view! { <span class="assignees__flag">{move || i18n.t(Key::DeactivatedHolder)}</span> })}
                                    </span>
                                    <span class="assignees__email"><EmailText email=a.email.clone()/></span>
                                    <span class="assignees__date">
                                        <span class="visually-hidden">{move || i18n.t(Key::AssignedOn)}" "</span>
                                        {move || format::date(i18n.lang(), Date::from_unix(a.assigned_at))}
                                    </span>
                                    {a.details.as_ref().map(|d| {
                                        let last = d.last_sign_in_at;
                                        view! {
                                            <span class="assignees__seen">
                                                {move || match last {
                                                    Some(at) => i18n.tf(Key::LastSignedIn, &[("date", &format::date(i18n.lang(), Date::from_unix(at)))]),
                                                    None => i18n.t(Key::NeverSignedIn).to_string(),
                                                }}
                                            </span>
                                        }
                                    })}
                                    {removable.then(|| view! {
                                        <button
                                            type="button"
                                            class="button button--small button--secondary"
                                            aria-label=move || i18n.tf(Key::RemoveWho, &[("name", &label_name)])
                                            aria-disabled=move || removing.get().is_some().then_some("true")
                                            on:click={ let who = who.clone(); move |_| { to_remove.set(Some(who.clone())); confirm_open.set(true); } }
                                        >
                                            {move || if removing.get() == Some(a.user_id) { i18n.t(Key::Removing) } else { i18n.t(Key::Remove) }}
                                        </button>
                                    })}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            {move || {
                let gone = row.with(|r| r.assignees.iter().filter(|a| a.deactivated()).count());
                (gone > 0 && may_assign().is_none()).then(|| view! {
                    <div class="seats__release">
                        <button type="button" class="button button--secondary" disabled=move || release.busy().get() on:click=move |_| { release.submit(); }>
                            {move || i18n.tf(Key::ReleaseDeactivatedSeats, &[("count", &gone.to_string())])}
                        </button>
                        <p class="field__hint">{move || i18n.t(Key::ReleaseDeactivatedHint)}</p>
                    </div>
                })
            }}
            {move || release.error().get().map(|e| view! { <ErrorAlert error=e/> })}
            <GuardedButton
                id=format!("benefit-{id}-assign")
                label=Signal::derive(move || i18n.t(Key::AssignUser).to_string())
                blocked=blocked
                hint=Signal::derive(move || Some(i18n.t(Key::AssignSeatHint).to_string()))
                on_press=Callback::new(move |_| dialog_open.set(true))
            />
            {move || blocked.with(Option::is_none).then(|| view! {
                <button type="button" class="button button--secondary seats__bulk" on:click=move |_| bulk_open.set(true)>
                    {move || i18n.t(Key::BulkAssignOpen)}
                </button>
            })}
            {move || removal.error().get().map(|e| view! { <ErrorAlert error=e/> })}
            <ConfirmDialog
                open=confirm_open
                id=format!("remove-seat-dialog-{id}")
                title=Signal::derive(move || i18n.t(Key::ConfirmRemoveSeatTitle).to_string())
                text=Signal::derive(move || {
                    let name = to_remove.with(|w| w.as_ref().map(|w| w.1.clone()).unwrap_or_default());
                    row.with(|r| i18n.tf(Key::ConfirmRemoveSeatText, &[("name", &name), ("benefit", &r.name)]))
                })
                confirm=Signal::derive(move || i18n.t(Key::RemoveSeat).to_string())
                on_confirm=Callback::new(move |_| {
                    if let Some(who) = to_remove.get_untracked() {
                        remove(who);
                    }
                })
            />
            <Dialog open=bulk_open id=format!("bulk-dialog-{id}") title=Signal::derive(move || i18n.tf(Key::BulkAssignTitle, &[("benefit", &row.with(|r| r.name.clone()))]))>
                <BulkAssignForm row open=bulk_open/>
            </Dialog>
            <Dialog open=dialog_open id=format!("seat-dialog-{id}") title=Signal::derive(move || i18n.tf(Key::AssignSeatTitle, &[("benefit", &row.with(|r| r.name.clone()))]))>
                <SeatForm row open=dialog_open/>
            </Dialog>
        </section>
    }
}

#[component]
fn SeatForm(row: RwSignal<BenefitRow>, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let picked = RwSignal::new(None::<UserRow>);
    let id = row.with_untracked(|r| r.id);
    let holders = Signal::derive(move || {
        row.with(|r| r.assignees.iter().map(|a| a.user_id).collect::<Vec<_>>())
    });
    let form = FormState::new(
        move || {
            picked
                .get()
                .ok_or_else(|| problem("user", Problem::Required))
        },
        move || {
            let user = picked.get_untracked().map(|u| u.id).unwrap_or_default();
            assign_seat(id, user)
        },
        move |updated| {
            row.set(updated);
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            let name = picked.get_untracked().map(|u| u.name).unwrap_or_default();
            toasts.push(i18n.tf(Key::SeatAssigned, &[("name", &name)]));
        },
    );
    view! {
        <DialogForm form submit=Signal::derive(move || i18n.t(Key::AssignUser).to_string())
            busy_label=Signal::derive(move || Some(i18n.t(Key::Assigning).to_string()))>
            <UserPicker id=format!("seat-user-{id}") label=Signal::derive(move || i18n.t(Key::User).to_string())
                selected=picked error=form.choice_error("user", picked) autofocus=true
                unavailable=holders unavailable_note=Signal::derive(move || Some(i18n.t(Key::HoldsASeat).to_string()))/>
        </DialogForm>
    }
}

/// The list's two steps in one form: the first submit checks it (what each line would do,
/// from the server, nothing changed), the second assigns the seats; editing the list after
/// the check asks for a new one.
#[derive(Clone)]
enum BulkStep {
    Checked(String, BulkPreview),
    Assigned(Box<BulkResult>),
}

#[component]
fn BulkAssignForm(row: RwSignal<BenefitRow>, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = row.with_untracked(|r| r.id);
    let list = RwSignal::new(String::new());
    let mode = RwSignal::new(BulkMode::ValidOnly);
    // The server's check, with the text it checked.
    let checked = RwSignal::new(None::<(String, BulkPreview)>);
    let fresh = Memo::new(move |_| {
        checked.with(|c| match c {
            Some((text, p)) if list.with(|l| l == text) => Some(p.clone()),
            _ => None,
        })
    });
    let form = FormState::new(
        move || {
            let lines = list_field(&list.get()).map_err(|p| problem("list", p))?;
            // Checked, and nothing in it can be assigned: say so before anyone tries.
            if fresh.with(|p| p.as_ref().is_some_and(|p| p.assigning() == 0)) {
                return Err::<_, Problems>(problem("list", Problem::NothingToAssign));
            }
            Ok(lines)
        },
        move || {
            let text = list.get_untracked();
            let apply = fresh.with_untracked(Option::is_some);
            let how = mode.get_untracked();
            async move {
                if apply {
                    apply_bulk_assign(id, text, how)
                        .await
                        .map(|r| BulkStep::Assigned(Box::new(r)))
                } else {
                    preview_bulk_assign(id, text.clone())
                        .await
                        .map(|p| BulkStep::Checked(text, p))
                }
            }
        },
        move |step: BulkStep| match step {
            BulkStep::Checked(text, p) => checked.set(Some((text, p))),
            BulkStep::Assigned(done) => {
                let done = *done;
                row.set(done.row);
                open.set(false);
                toasts.push(i18n.tf(
                    Key::BulkDone,
                    &[
                        ("assigned", &done.assigned.to_string()),
                        ("left", &done.left_out.to_string()),
                    ],
                ));
            }
        },
    );
    let submit = Signal::derive(move || match fresh.get() {
        Some(p) => i18n.tf(Key::BulkAssignN, &[("count", &p.assigning().to_string())]),
        None => i18n.t(Key::BulkCheck).to_string(),
    });
    let busy_label = Signal::derive(move || {
        Some(
            if fresh.with(Option::is_some) {
                i18n.t(Key::BulkAssigning)
            } else {
                i18n.t(Key::BulkChecking)
            }
            .to_string(),
        )
    });
    // A file's text goes into the list, where it can still be read and edited.
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                if let Some(text) = text.as_string() {
                    list.set(text);
                }
            }
        });
    };
    view! {
        <DialogForm form submit busy_label>
            <TextField id=format!("bulk-list-{id}") label=Signal::derive(move || i18n.t(Key::BulkList).to_string())
                value=list multiline=true autofocus=true
                hint=Signal::derive(move || Some(i18n.t(Key::BulkListHint).to_string()))
                error=form.text_error("list", list, false)/>
            <div class="field">
                <label for=format!("bulk-file-{id}")>{move || i18n.t(Key::BulkFile)}</label>
                <input id=format!("bulk-file-{id}") type="file" accept=".csv,.txt,text/csv,text/plain" on:change=on_file/>
            </div>
            {move || fresh.get().map(|p| view! { <BulkPreviewTable preview=p mode/> })}
        </DialogForm>
    }
}

/// What each line would do, and what to do with the lines that cannot be assigned.
#[component]
fn BulkPreviewTable(preview: BulkPreview, mode: RwSignal<BulkMode>) -> impl IntoView {
    let i18n = use_i18n();
    let summary = i18n.tf(
        Key::BulkSummary,
        &[
            ("assign", &preview.assigning().to_string()),
            ("lines", &preview.lines.len().to_string()),
            ("free", &preview.free.to_string()),
        ],
    );
    let choice = move |value: BulkMode, key: Key| {
        view! {
            <label class="bulk__choice">
                <input type="radio" name="bulk-mode" prop:checked=move || mode.get() == value on:change=move |_| mode.set(value)/>
                {move || i18n.t(key)}
            </label>
        }
    };
    view! {
        <p class="bulk__summary" role="status">{summary}</p>
        <fieldset class="bulk__mode">
            <legend>{move || i18n.t(Key::BulkMode)}</legend>
            {choice(BulkMode::ValidOnly, Key::BulkModeValidOnly)}
            {choice(BulkMode::AllOrNothing, Key::BulkModeAllOrNothing)}
        </fieldset>
        <div class="bulk__lines">
            <table class="data-table bulk-table">
                <caption class="visually-hidden">{move || i18n.t(Key::BulkPreviewLabel)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Key::BulkColLine)}</th>
                        <th scope="col">{move || i18n.t(Key::Email)}</th>
                        <th scope="col">{move || i18n.t(Key::BulkColResult)}</th>
                    </tr>
                </thead>
                <tbody>
                    {preview.lines.into_iter().map(|l| {
                        let ok = l.outcome.assigns();
                        let input = l.input.clone();
                        view! {
                            <tr class:bulk-table__skip=!ok>
                                <th scope="row">{l.line}</th>
                                <td data-label=move || i18n.t(Key::Email)>{l.input}</td>
                                <td data-label=move || i18n.t(Key::BulkColResult)>{outcome_text(l.outcome, input)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A line's outcome in words; someone who is not a user yet comes with where to add them.
fn outcome_text(outcome: BulkOutcome, input: String) -> impl IntoView {
    let i18n = use_i18n();
    match outcome {
        BulkOutcome::WillAssign { name, .. } => {
            view! { <span class="bulk__ok">{move || i18n.tf(Key::BulkWillAssign, &[("name", &name)])}</span> }.into_any()
        }
        BulkOutcome::AlreadyHolds { name } => view! { <span>{move || i18n.tf(Key::BulkAlreadyHolds, &[("name", &name)])}</span> }.into_any(),
        BulkOutcome::NotAUser => view! {
            <span>{move || i18n.t(Key::BulkNotAUser)}" "
                <a href=format!("/settings/users?add={}", format::query_escape(&input))>{move || i18n.t(Key::BulkInvite)}</a>
            </span>
        }.into_any(),
        BulkOutcome::Deactivated { name } => view! { <span>{move || i18n.tf(Key::BulkDeactivated, &[("name", &name)])}</span> }.into_any(),
        BulkOutcome::NoFreeSeat { name } => view! { <span>{move || i18n.tf(Key::BulkNoFreeSeat, &[("name", &name)])}</span> }.into_any(),
        BulkOutcome::Duplicate { of_line } => view! { <span>{move || i18n.tf(Key::BulkDuplicate, &[("line", &of_line.to_string())])}</span> }.into_any(),
        BulkOutcome::NotAnEmail(problem) => view! { <span>{move || problem.message(i18n.lang())}</span> }.into_any(),
    }
}
