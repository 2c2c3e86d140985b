//! The person view (`/settings/users/<id>`): everything one person of the company holds, from
//! Users or from a seat holder's name. A Global admin removes a seat or hands it to someone
//! else right here; other benefits link to their row, where they are managed.

use crate::api::assign::{reassign_seat, remove_seat};
use crate::api::benefits::BenefitRow;
use crate::api::person::{get_person, PersonView};
use crate::api::users::UserRow;
use crate::domain::person::{href, may_view};
use crate::domain::{format, Action, Category, Date, Problem};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{
    use_toasts, ConfirmDialog, Dialog, DialogForm, EmailText, ErrorAlert, Loading, StatusBadge,
};
use crate::ui::form::{problem, FormState};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::users::UserPicker;
use crate::ui::router::use_params_map;
use crate::ui::session::denial;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A person's name as a link to everything they hold, for whoever may see that (an admin, or
/// the person themselves); plain text for anyone else. With `sentence`, the link says "See
/// everything <name> holds" (beside a line that already names them), and is left out for
/// anyone who may not follow it.
#[component]
pub fn PersonLink(
    user_id: i64,
    #[prop(into)] name: String,
    #[prop(optional)] sentence: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::ui::session::Session::use_context();
    let may = session
        .me()
        .is_some_and(|me| may_view(me.roles, me.user_id, user_id));
    match (may, sentence) {
        (true, true) => view! {
            <a class="person-link" href=href(user_id)>{move || i18n.tf(Key::OpenPerson, &[("name", &name)])}</a>
        }
        .into_any(),
        (true, false) => view! { <a class="person-link" href=href(user_id)>{name}</a> }.into_any(),
        (false, true) => ().into_any(),
        (false, false) => view! { <span>{name}</span> }.into_any(),
    }
}

/// A seat being removed or handed on: the row, and whose it is.
#[derive(Clone)]
struct Seat {
    benefit: BenefitRow,
    holder: (i64, String),
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let person = RwSignal::new(None::<Result<PersonView, AppError>>);
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    // Asked again after a change here, so what is shown is what the server holds. Only the
    // answer to the latest question is shown (two changes in a row may answer out of order).
    let latest = StoredValue::new(0u64);
    let reload = move |after_change: bool| {
        let asked = id.get_untracked();
        let Some(ticket) = latest.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        spawn_local(async move {
            let got = match asked {
                Some(id) => get_person(id).await,
                None => Err(AppError::NotFound),
            };
            if latest.try_get_value() == Some(ticket) {
                person.try_set(Some(got));
                if after_change {
                    // The button that was pressed went with the view it was in: focus goes to
                    // the list it changed.
                    request_animation_frame(|| crate::ui::dom::focus("person-holdings-heading"));
                }
            }
        });
    };
    Effect::new(move |_| {
        id.track();
        person.set(None);
        reload(false);
    });
    view! {
        <p class="back-link"><a href="/settings/users">{move || i18n.t(Key::BackToUsers)}</a></p>
        {move || match person.get() {
            None => view! { <Loading label=Signal::derive(move || i18n.t(Key::Loading).to_string())/> }.into_any(),
            Some(Err(e)) => view! {
                <h1>{move || i18n.t(Key::PersonTitle)}</h1>
                <ErrorAlert error=e/>
            }.into_any(),
            Some(Ok(p)) => view! { <Person person=p on_change=Callback::new(move |_| reload(true))/> }.into_any(),
        }}
    }
}

#[component]
fn Person(person: PersonView, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let user = person.user.clone();
    let may_assign = move || denial(i18n.lang(), Action::AssignUsers).is_none();
    let fact =
        move |k: Key, v: AnyView| view! { <div><dt>{move || i18n.t(k)}</dt><dd>{v}</dd></div> };
    let status = if !user.active {
        Key::Deactivated
    } else if user.invited {
        Key::Invited
    } else {
        Key::StatusActive
    };
    let roles = user.roles;
    let last = person.last_sign_in_at;
    let seen = move || match last {
        Some(at) => format::date(i18n.lang(), Date::from_unix(at)),
        None => i18n.t(Key::NeverSignedIn).to_string(),
    };

    // Remove: asked first, then done.
    let to_remove = RwSignal::new(None::<Seat>);
    let confirm_open = RwSignal::new(false);
    let removal = FormState::unchecked(
        move || {
            let (benefit, holder) = to_remove
                .with_untracked(|s| s.as_ref().map_or((0, 0), |s| (s.benefit.id, s.holder.0)));
            remove_seat(benefit, holder)
        },
        move |_: BenefitRow| {
            if let Some(s) = to_remove.get_untracked() {
                toasts.push(i18n.tf(Key::SeatRemoved, &[("name", &s.holder.1)]));
            }
            on_change.run(());
        },
    );
    // Reassign: a dialog with the picker.
    let to_reassign = RwSignal::new(None::<Seat>);
    let reassign_open = RwSignal::new(false);

    let holdings = person.holdings.clone();
    let held_nothing = holdings.is_empty();
    let holder = (user.id, user.name.clone());
    view! {
        <h1>{user.name.clone()}</h1>
        <p class="page-lede">{move || i18n.t(Key::PersonLede)}</p>
        <dl class="details__facts person__facts">
            {fact(Key::Email, view! { <EmailText email=user.email.clone()/> }.into_any())}
            {fact(Key::Roles, view! { {move || roles.label(i18n.lang())} }.into_any())}
            {fact(Key::ColStatus, view! { {move || i18n.t(status)} }.into_any())}
            {fact(Key::PersonLastSignIn, view! { {seen} }.into_any())}
        </dl>
        {person.marketing_contact.then(|| view! {
            <p class="panel__text">
                {move || i18n.t(Key::PersonMarketingContact)}" "
                <a href=format!("/benefits/{}", Category::GoToMarket.slug())>{move || i18n.t(Key::CategoryGoToMarket)}</a>
            </p>
        })}
        <section class="person__holdings" aria-labelledby="person-holdings-heading">
            <h2 id="person-holdings-heading" tabindex="-1">{move || i18n.t(Key::PersonHoldings)}</h2>
            {held_nothing.then(|| view! { <p class="empty">{move || i18n.t(Key::PersonHoldsNothing)}</p> })}
            <ul class="holdings">
                {holdings.into_iter().map(|row| {
                    let seat = Seat { benefit: row.clone(), holder: holder.clone() };
                    let seat_for_remove = seat.clone();
                    // A seat of a subscription that ended cannot be handed on (the server says
                    // so too); it can still be removed.
                    let is_seat = row.category == Category::VisualStudio;
                    let usable = row.status.usable();
                    let name = row.name.clone();
                    let (aria_remove, aria_reassign) = (name.clone(), name.clone());
                    let who = holder.1.clone();
                    let who2 = holder.1.clone();
                    let status = row.status;
                    let expires = row.expires_on;
                    let category = row.category;
                    view! {
                        <li class="holding">
                            <div class="holding__what">
                                <a class="holding__name" href=format!("/benefits/{}?open={}", row.category.slug(), row.id)>{row.name.clone()}</a>
                                <span class="holding__meta">
                                    {move || category.label(i18n.lang())}" · "
                                    {move || i18n.tf(Key::ExpiresOn, &[("date", &format::date(i18n.lang(), expires))])}
                                </span>
                            </div>
                            <StatusBadge status=status/>
                            {(is_seat && may_assign()).then(|| view! {
                                <div class="holding__actions">
                                    {usable.then(|| view! {
                                        <button type="button" class="button button--small button--secondary"
                                            aria-label=move || i18n.tf(Key::ReassignWho, &[("name", &who), ("benefit", &aria_reassign)])
                                            on:click={ let seat = seat.clone(); move |_| { to_reassign.set(Some(seat.clone())); reassign_open.set(true); } }>
                                            {move || i18n.t(Key::Reassign)}
                                        </button>
                                    })}
                                    <button type="button" class="button button--small button--secondary"
                                        aria-label=move || i18n.tf(Key::RemoveSeatOf, &[("name", &who2), ("benefit", &aria_remove)])
                                        aria-disabled=move || removal.busy().get().then_some("true")
                                        on:click=move |_| { to_remove.set(Some(seat_for_remove.clone())); confirm_open.set(true); }>
                                        {move || i18n.t(Key::Remove)}
                                    </button>
                                </div>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        {move || removal.error().get().map(|e| view! { <ErrorAlert error=e/> })}
        <ConfirmDialog
            open=confirm_open
            id="person-remove-dialog"
            title=Signal::derive(move || i18n.t(Key::ConfirmRemoveSeatTitle).to_string())
            text=Signal::derive(move || to_remove.with(|s| s.as_ref().map(|s| i18n.tf(Key::ConfirmRemoveSeatText, &[("name", &s.holder.1), ("benefit", &s.benefit.name)])).unwrap_or_default()))
            confirm=Signal::derive(move || i18n.t(Key::RemoveSeat).to_string())
            on_confirm=Callback::new(move |_| { removal.submit(); })
        />
        <Dialog open=reassign_open id="person-reassign-dialog"
            title=Signal::derive(move || to_reassign.with(|s| s.as_ref().map(|s| i18n.tf(Key::ReassignTitle, &[("benefit", &s.benefit.name)])).unwrap_or_default()))>
            {move || to_reassign.get().map(|seat| view! { <ReassignForm seat open=reassign_open on_change/> })}
        </Dialog>
    }
}

/// Who gets the seat: any active person of the company who holds none of it yet.
#[component]
fn ReassignForm(seat: Seat, open: RwSignal<bool>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let picked = RwSignal::new(None::<UserRow>);
    let benefit = seat.benefit.id;
    let from = seat.holder.0;
    let holders: Vec<i64> = seat.benefit.assignees.iter().map(|a| a.user_id).collect();
    let benefit_name = seat.benefit.name.clone();
    let form = FormState::new(
        move || {
            picked
                .get()
                .ok_or_else(|| problem("user", Problem::Required))
        },
        move || {
            let to = picked.get_untracked().map(|u| u.id).unwrap_or_default();
            reassign_seat(benefit, from, to)
        },
        move |_: BenefitRow| {
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            let name = picked.get_untracked().map(|u| u.name).unwrap_or_default();
            toasts.push(i18n.tf(
                Key::SeatReassigned,
                &[("benefit", &benefit_name), ("name", &name)],
            ));
            on_change.run(());
        },
    );
    let text = i18n.tf(Key::ReassignText, &[("name", &seat.holder.1)]);
    view! {
        <DialogForm form submit=Signal::derive(move || i18n.t(Key::Reassign).to_string())
            busy_label=Signal::derive(move || Some(i18n.t(Key::Reassigning).to_string()))>
            <p>{text}</p>
            <UserPicker id=format!("reassign-user-{benefit}") label=Signal::derive(move || i18n.t(Key::ReassignTo).to_string())
                selected=picked error=form.choice_error("user", picked) autofocus=true
                unavailable=Signal::derive(move || holders.clone()) unavailable_note=Signal::derive(move || Some(i18n.t(Key::HoldsASeat).to_string()))/>
        </DialogForm>
    }
}
