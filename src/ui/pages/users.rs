//! Account settings → Users: search the company's users, add one (they get an invitation),
//! change roles, deactivate or reactivate. Only a Global admin may change anything; everyone
//! else sees the list and who their Global admins are.

use crate::api::assign::export_assignments;
use crate::api::users::{
    add_user, export_users, resend_invitation, search_users, set_active, set_roles, UserListView,
    UserRow, UserSort, UserStatusFilter,
};
use crate::domain::forms::NewUserForm;
use crate::domain::{Action, Category, Roles};
use crate::error::AppError;
use crate::i18n::{t, Key};
use crate::ui::components::{
    use_toasts, CheckboxField, ConfirmDialog, Dialog, DialogForm, EmailText, ErrorAlert, ExportCsv,
    ListTools, Loading, PageHeading, Picker, PickerItem, PickerSearch, SearchPage, SelectField,
    TextField,
};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::person::PersonLink;
use crate::ui::router::NavigateOptions;
use crate::ui::router::{use_navigate, use_query_map};
use crate::ui::session::denial;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The address of Users showing `view`.
fn href(view: &UserListView) -> String {
    match view.to_query() {
        q if q.is_empty() => "/settings/users".to_string(),
        q => format!("/settings/users?{q}"),
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::ui::session::Session::use_context();
    // The directory (roles, invited, deactivated) is for admins: anyone else is told so at the
    // top, with who can, and reaches what they hold themselves; no list, no controls.
    if !session
        .me()
        .is_some_and(|me| Action::SearchPeople.allowed(me.roles))
    {
        let own = session
            .me()
            .map(|me| crate::domain::person::href(me.user_id));
        return view! {
            <PageHeading lang=i18n.0 title=Key::NavAccountSettings lede=Key::UsersLede/>
            <p class="details__hint details__hint--blocked">{move || denial(i18n.lang(), Action::SearchPeople)}</p>
            {own.map(|href| view! { <p><a href=href>{move || i18n.t(Key::OverviewHeld)}</a></p> })}
        }
        .into_any();
    }
    // What the address bar says the list shows (`?q=…&status=…&sort=…`): a link or a reload
    // keeps it; the controls follow it, and put what they are set to back there.
    let address = use_query_map();
    let view = Memo::new(move |_| address.with(|q| UserListView::from_query(|n| q.get(n))));
    let start = view.get_untracked();
    let query = RwSignal::new(start.search.clone());
    let status = RwSignal::new(start.status.slug().to_string());
    let sort = RwSignal::new(start.sort.slug().to_string());
    let navigate = use_navigate();
    // The search this page last put in the address: the box follows the address only when it
    // says something else (Back, a link), never while someone types.
    let written = StoredValue::new(start.search.clone());
    let show = move |next: UserListView| {
        if next != view.get_untracked() {
            written.set_value(next.search.clone());
            navigate(
                &href(&next),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                },
            );
        }
    };
    let users = RwSignal::new(Vec::<UserRow>::new());
    let has_more = RwSignal::new(false);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<AppError>);
    let generation = StoredValue::new(0u64);
    // `?add=<email>`: open Add user with that address, for a person a bulk assign found
    // missing (an admin who may not add people just sees the list).
    let prefill = address.with_untracked(|q| q.get("add"));
    let adding =
        RwSignal::new(prefill.is_some() && denial(i18n.lang(), Action::ManageUsers).is_none());
    let blocked = Signal::derive(move || denial(i18n.lang(), Action::ManageUsers));
    let may_manage = move || blocked.with(Option::is_none);
    let may_export = move || {
        session
            .me()
            .is_some_and(|me| Action::ExportData.allowed(me.roles))
    };

    let load = move |offset: u32| {
        let ticket = generation.get_value() + 1;
        generation.set_value(ticket);
        loading.set(true);
        let asked = view.get_untracked();
        spawn_local(async move {
            let answer = search_users(asked, offset).await;
            if generation.try_get_value() != Some(ticket) {
                return;
            }
            loading.set(false);
            match answer {
                Ok(page) => {
                    error.set(None);
                    has_more.set(page.has_more);
                    if offset == 0 {
                        users.set(page.users);
                    } else {
                        users.update(|u| u.extend(page.users));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    // The list follows the address (and the controls follow it too: Back, a pasted link).
    Effect::new(move |_| {
        let v = view.get();
        if written.with_value(|w| crate::domain::list_view::clipped(w) != v.search) {
            written.set_value(v.search.clone());
            query.set(v.search.clone());
        }
        status.set(v.status.slug().to_string());
        sort.set(v.sort.slug().to_string());
        load(0);
    });
    let on_search = {
        let show = show.clone();
        Callback::new(move |typed: String| {
            show(UserListView {
                search: typed,
                ..view.get_untracked()
            })
        })
    };
    // A select changed: its choice goes to the address.
    Effect::new(move |_| {
        let chosen = UserListView {
            status: UserStatusFilter::from_slug(&status.get()).unwrap_or_default(),
            sort: UserSort::from_slug(&sort.get()).unwrap_or_default(),
            ..view.get_untracked()
        };
        show(chosen);
    });
    let shown_options = Signal::derive(move || {
        let lang = i18n.lang();
        UserStatusFilter::ALL
            .iter()
            .map(|s| (s.slug().to_string(), s.label(lang).to_string()))
            .collect::<Vec<_>>()
    });
    let sort_options = Signal::derive(move || {
        let lang = i18n.lang();
        UserSort::ALL
            .iter()
            .map(|s| (s.slug().to_string(), s.label(lang).to_string()))
            .collect::<Vec<_>>()
    });
    let count = Signal::derive(move || {
        (!loading.get()).then(|| {
            let n = users.with(Vec::len).to_string();
            if has_more.get() {
                i18n.tf(Key::UsersCountMore, &[("count", &n)])
            } else {
                i18n.tf(Key::UsersCount, &[("count", &n)])
            }
        })
    });
    let replace = move |updated: UserRow| {
        users.update(|list| {
            if let Some(u) = list.iter_mut().find(|u| u.id == updated.id) {
                *u = updated;
            }
        })
    };

    view! {
        // The menu's name is the page's name; the list is its users.
        <PageHeading lang=i18n.0 title=Key::NavAccountSettings lede=Key::UsersLede/>
        {move || blocked.get().map(|b| view! { <p class="details__hint details__hint--blocked">{b}</p> })}
        <ListTools
            id="users"
            label=Signal::derive(move || i18n.t(Key::UsersTitle).to_string())
            search_label=Signal::derive(move || i18n.t(Key::SearchUsers).to_string())
            search=query
            on_search
            count
        >
            <SelectField id="users-status" label=Signal::derive(move || i18n.t(Key::ListUsersShow).to_string()) value=status options=shown_options/>
            <SelectField id="users-sort" label=Signal::derive(move || i18n.t(Key::ListSort).to_string()) value=sort options=sort_options/>
        </ListTools>
        <Show when=may_manage>
            <div class="toolbar">
                <button type="button" class="button button--primary" on:click=move |_| adding.set(true)>{move || i18n.t(Key::AddUser)}</button>
            </div>
        </Show>
        <Show when=may_export>
            <ExportCsv id="users-export" label=Signal::derive(move || i18n.t(Key::ExportUsers).to_string()) export=|bom: bool| export_users(bom)/>
            <ExportAssignments/>
        </Show>
        {move || error.get().map(|e| view! { <ErrorAlert error=e on_retry=Callback::new(move |_| load(0))/> })}
        <table class="data-table users-table">
            <caption class="visually-hidden">{move || i18n.t(Key::UsersTitle)}</caption>
            <thead>
                <tr>
                    <th scope="col">{move || i18n.t(Key::ColName)}</th>
                    <th scope="col">{move || i18n.t(Key::Email)}</th>
                    <th scope="col">{move || i18n.t(Key::Roles)}</th>
                    <th scope="col">{move || i18n.t(Key::ColStatus)}</th>
                    <th scope="col"><span class="visually-hidden">{move || i18n.t(Key::Actions)}</span></th>
                </tr>
            </thead>
            <tbody>
                <For each=move || users.get() key=|u| (u.id, u.roles.global_admin, u.roles.mpn_partner_admin, u.active) let:user>
                    <UserRowView user=user may_manage=may_manage() on_change=Callback::new(replace)/>
                </For>
            </tbody>
        </table>
        <Show when=move || loading.get()>
            <Loading label=Signal::derive(move || i18n.t(Key::LoadingUsers).to_string())/>
        </Show>
        <Show when=move || !loading.get() && users.with(Vec::is_empty)>
            <p class="empty">{move || i18n.t(Key::PickerNoMatch)}</p>
        </Show>
        <Show when=move || has_more.get() && !loading.get()>
            <button type="button" class="button button--secondary" on:click=move |_| load(users.with_untracked(Vec::len) as u32)>
                {move || i18n.t(Key::PickerMore)}
            </button>
        </Show>
        // Company-wide settings after the people (the page's main business).
        <Show when=move || denial(i18n.lang(), Action::ManageReminders).is_none()>
            <super::reminders::ReminderSettings/>
        </Show>
        <Dialog open=adding id="add-user-dialog" title=Signal::derive(move || i18n.t(Key::AddUser).to_string())>
            <AddUserForm open=adding on_added=Callback::new(move |u: UserRow| show_added(view.get_untracked(), users, u)) email=prefill.clone().unwrap_or_default()/>
        </Dialog>
    }
    .into_any()
}

/// A person just added, where the list's order puts them (not on top), if its filter shows them.
fn show_added(view: UserListView, users: RwSignal<Vec<UserRow>>, added: UserRow) {
    if !view.status.keeps(added.active, added.invited) {
        return;
    }
    let key = move |r: &UserRow| match view.sort {
        UserSort::Name => (r.name.to_lowercase(), r.id),
        UserSort::Email => (r.email.to_lowercase(), r.id),
    };
    users.update(|list| {
        let at = list.partition_point(|r| key(r) < key(&added));
        list.insert(at, added);
    });
}

#[component]
fn UserRowView(user: UserRow, may_manage: bool, on_change: Callback<UserRow>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let editing = RwSignal::new(false);
    let id = user.id;
    let name = user.name.clone();
    let active = user.active;
    let confirm_deactivate = RwSignal::new(false);
    let name_for_confirm = name.clone();
    let activation = FormState::unchecked(
        move || set_active(id, !active),
        move |u: UserRow| {
            toasts.push(i18n.tf(
                if u.active {
                    Key::UserReactivated
                } else {
                    Key::UserDeactivated
                },
                &[("name", &name)],
            ));
            on_change.run(u);
        },
    );
    let toggle_active = move || {
        activation.submit();
    };
    let email = user.email.clone();
    let invitation = FormState::unchecked(
        move || resend_invitation(id),
        move |_: UserRow| toasts.push(i18n.tf(Key::InvitationResent, &[("email", &email)])),
    );
    let resending = invitation.busy();
    let resend = move |_| {
        invitation.submit();
    };
    // The row's one alert: what the last of its actions was refused for.
    let error = Signal::derive(move || {
        activation
            .error()
            .get()
            .or_else(|| invitation.error().get())
    });
    let invited = user.invited && active;
    let roles = user.roles;
    // The company's only Global admin who can sign in, looking at their own row: stepping down
    // or deactivating would leave nobody. Said on the buttons, before any dialog (the server
    // refuses it anyway).
    let session = crate::ui::session::Session::use_context();
    let last_admin = move || {
        session.me().is_some_and(|me| {
            me.user_id == id && active && me.roles.global_admin && me.global_admins.len() <= 1
        })
    };
    let last_admin_note = format!("last-admin-{id}");
    let status = move || {
        if !active {
            i18n.t(Key::Deactivated)
        } else if user.invited {
            i18n.t(Key::Invited)
        } else {
            i18n.t(Key::StatusActive)
        }
    };
    let who = user.name.clone();
    let who2 = user.name.clone();
    view! {
        <tr class:users-table__inactive=!active>
            <th scope="row"><PersonLink user_id=id name=user.name.clone()/></th>
            <td data-label=move || i18n.t(Key::Email)><EmailText email=user.email.clone()/></td>
            <td data-label=move || i18n.t(Key::Roles)>{move || roles.label(i18n.lang())}</td>
            <td data-label=move || i18n.t(Key::ColStatus)>{status}</td>
            <td class="users-table__actions">
                {may_manage.then(|| view! {
                    <button type="button" class="button button--small button--secondary"
                        aria-label=move || i18n.tf(Key::EditRolesOf, &[("name", &who)])
                        on:click=move |_| editing.set(true)>{move || i18n.t(Key::EditRoles)}</button>
                    <button type="button" class="button button--small button--secondary"
                        aria-label=move || i18n.tf(if active { Key::DeactivateWho } else { Key::ReactivateWho }, &[("name", &who2)])
                        aria-disabled=move || last_admin().then_some("true")
                        aria-describedby=move || last_admin().then(|| last_admin_note.clone())
                        // Deactivating signs them out everywhere: asked first. Reactivating is
                        // undone by the same button.
                        on:click=move |_| if last_admin() {} else if active { confirm_deactivate.set(true) } else { toggle_active() }>{move || i18n.t(if active { Key::Deactivate } else { Key::Reactivate })}</button>
                    {move || last_admin().then(|| view! {
                        <p id=format!("last-admin-{id}") class="details__hint details__hint--blocked">{move || i18n.t(Key::LastGlobalAdminHint)}</p>
                    })}
                })}
                {(may_manage && invited).then(|| view! {
                    <button type="button" class="button button--small button--secondary"
                        aria-disabled=move || resending.get().then_some("true")
                        on:click=resend>{move || i18n.t(if resending.get() { Key::ResendingInvitation } else { Key::ResendInvitation })}</button>
                })}
                {move || error.get().map(|e| view! { <ErrorAlert error=e/> })}
                <ConfirmDialog
                    open=confirm_deactivate
                    id=format!("deactivate-dialog-{id}")
                    title=Signal::derive({ let n = name_for_confirm.clone(); move || i18n.tf(Key::ConfirmDeactivateTitle, &[("name", &n)]) })
                    text=Signal::derive({ let n = name_for_confirm.clone(); move || i18n.tf(Key::ConfirmDeactivateText, &[("name", &n)]) })
                    confirm=Signal::derive(move || i18n.t(Key::Deactivate).to_string())
                    on_confirm=Callback::new(move |_| toggle_active())
                />
                // Whose roles: the title names the person, as the button that opened it does.
                <Dialog open=editing id=format!("roles-dialog-{id}") title=Signal::derive({ let n = name_for_confirm.clone(); move || i18n.tf(Key::EditRolesOf, &[("name", &n)]) })>
                    <RolesForm user_id=id name=name_for_confirm.clone() roles last_admin=last_admin() open=editing on_change/>
                </Dialog>
            </td>
        </tr>
    }
}

#[component]
fn RolesForm(
    user_id: i64,
    name: String,
    roles: Roles,
    /// The company's only Global admin who can sign in: they may not step down.
    last_admin: bool,
    open: RwSignal<bool>,
    on_change: Callback<UserRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let global = RwSignal::new(roles.global_admin);
    let mpn = RwSignal::new(roles.mpn_partner_admin);
    // Any mix of the two roles is valid: nothing to check before the server.
    let form = FormState::unchecked(
        move || {
            set_roles(
                user_id,
                Roles {
                    global_admin: global.get_untracked(),
                    mpn_partner_admin: mpn.get_untracked(),
                },
            )
        },
        move |u: UserRow| {
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            toasts.push(i18n.tf(
                Key::RolesSaved,
                &[("name", &name), ("roles", &u.roles.label(i18n.lang()))],
            ));
            on_change.run(u);
        },
    );
    view! {
        <DialogForm form submit=Signal::derive(move || i18n.t(Key::Save).to_string())>
            <fieldset class="fieldset">
                <legend>{move || i18n.t(Key::Roles)}</legend>
                <CheckboxField id=format!("roles-{user_id}-ga") label=Signal::derive(move || i18n.t(Key::RoleGlobalAdmin).to_string()) checked=global
                    locked=Signal::derive(move || last_admin.then(|| i18n.t(Key::LastGlobalAdminHint).to_string()))/>
                <CheckboxField id=format!("roles-{user_id}-mpn") label=Signal::derive(move || i18n.t(Key::RoleMpnPartnerAdmin).to_string()) checked=mpn/>
            </fieldset>
        </DialogForm>
    }
}

#[component]
fn AddUserForm(
    open: RwSignal<bool>,
    on_added: Callback<UserRow>,
    /// The address to start from (a bulk assign's "not a user" line links here with it).
    #[prop(optional)]
    email: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(email.unwrap_or_default());
    let global = RwSignal::new(false);
    let mpn = RwSignal::new(false);
    let typed = move || NewUserForm {
        name: name.get(),
        email: email.get(),
        roles: Roles {
            global_admin: global.get(),
            mpn_partner_admin: mpn.get(),
        },
    };
    // An address outside the company's domain (another company's admin, a typo) is asked
    // about before anyone is added: ticked, it goes ahead.
    let company = crate::ui::session::company_email();
    let outside_ok = RwSignal::new(false);
    let outside = Memo::new(move |_| crate::domain::email::outside_company(&email.get(), &company));
    let form = FormState::new(
        move || {
            let unconfirmed = outside.get().filter(|_| !outside_ok.get()).map(|domain| {
                crate::domain::problem::FieldProblem {
                    field: "outside",
                    problem: crate::domain::problem::Problem::OutsideCompanyDomain { domain },
                }
            });
            match (typed().parse(), unconfirmed) {
                (parsed, None) => parsed,
                (Ok(_), Some(p)) => Err(crate::domain::problem::Problems(vec![p])),
                (Err(mut problems), Some(p)) => {
                    problems.0.push(p);
                    Err(problems)
                }
            }
        },
        move || add_user(typed()),
        move |u: UserRow| {
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            toasts.push(i18n.tf(Key::UserAdded, &[("name", &u.name), ("email", &u.email)]));
            on_added.run(u);
        },
    );
    let outside_error = form.choice_error("outside", outside_ok);
    view! {
        <DialogForm form submit=Signal::derive(move || i18n.t(Key::AddUser).to_string())
            busy_label=Signal::derive(move || Some(i18n.t(Key::Adding).to_string()))>
            <TextField id="new-user-name" label=Signal::derive(move || i18n.t(Key::ColName).to_string()) value=name error=form.text_error("name", name, true)
                autocomplete="off" required=true autofocus=true/>
            <TextField id="new-user-email" label=Signal::derive(move || i18n.t(Key::Email).to_string()) value=email error=form.text_error("email", email, true)
                kind="email" inputmode="email" autocomplete="off" required=true
                hint=Signal::derive(move || Some(i18n.t(Key::InviteHint).to_string()))/>
            {move || outside.get().map(|domain| view! {
                <div class="field" class:field--invalid=move || outside_error.with(Option::is_some)>
                    <CheckboxField id="new-user-outside" label=Signal::derive(move || i18n.tf(Key::AddOutsideDomain, &[("domain", &domain)])) checked=outside_ok/>
                    <p class="field__error" aria-live="polite">{move || outside_error.get()}</p>
                </div>
            })}
            <fieldset class="fieldset">
                <legend>{move || i18n.t(Key::Roles)}</legend>
                <CheckboxField id="new-user-ga" label=Signal::derive(move || i18n.t(Key::RoleGlobalAdmin).to_string()) checked=global/>
                <CheckboxField id="new-user-mpn" label=Signal::derive(move || i18n.t(Key::RoleMpnPartnerAdmin).to_string()) checked=mpn/>
            </fieldset>
        </DialogForm>
    }
}

/// A person in the picker: their name fills the input, the option shows name and email.
impl PickerItem for UserRow {
    fn id(&self) -> i64 {
        self.id
    }
    fn text(&self) -> String {
        self.name.clone()
    }
    fn option_view(&self) -> AnyView {
        view! {
            <span class="picker__name">{self.name.clone()}</span>
            <span class="picker__email"><EmailText email=self.email.clone()/></span>
        }
        .into_any()
    }
}

/// The picker's source in the app: the company's active users from the server.
pub fn company_users() -> PickerSearch<UserRow> {
    PickerSearch::new(|query, offset| async move {
        search_users(UserListView::search(query), offset)
            .await
            .map(|page| SearchPage {
                items: page.users,
                has_more: page.has_more,
            })
    })
}

/// Picks one of the company's people, for the dialogs that hand something to someone; when the
/// person is not listed, it points here, to Account settings, to add them.
#[component]
pub fn UserPicker(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    selected: RwSignal<Option<UserRow>>,
    /// Where people come from: the company's users unless given (the gallery's sample list).
    #[prop(optional)]
    search: Option<PickerSearch<UserRow>>,
    #[prop(optional, into)] error: MaybeProp<String>,
    #[prop(optional)] autofocus: bool,
    #[prop(optional, into)] unavailable: Option<Signal<Vec<i64>>>,
    #[prop(optional, into)] unavailable_note: MaybeProp<String>,
    /// Starts with its list open (see `Picker`).
    #[prop(optional)]
    start_open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Picker
            id label selected
            search=search.unwrap_or_else(company_users)
            no_match=Signal::derive(move || i18n.t(Key::PickerNoMatch).to_string())
            shown=Callback::new(move |n: usize| i18n.tf(Key::PickerCount, &[("count", &n.to_string())]))
            error autofocus unavailable unavailable_note start_open
        >
            <p class="field__hint picker__add">
                {move || i18n.t(Key::PickerNotListed)}" "
                <a href="/settings/users">{move || i18n.t(Key::PickerAddInSettings)}</a>
            </p>
        </Picker>
    }
}

/// Who holds what, as CSV: one category's assignments, or every category's. Here, beside the
/// people, rather than on Benefits: the Benefits page is the first load after sign-in.
#[component]
fn ExportAssignments() -> impl IntoView {
    let i18n = use_i18n();
    let scope = RwSignal::new(String::new());
    let options = Signal::derive(move || {
        let lang = i18n.lang();
        std::iter::once((String::new(), t(lang, Key::ExportAllCategories).to_string()))
            .chain(
                Category::ALL
                    .iter()
                    .map(|c| (c.code().to_string(), c.label(lang).to_string())),
            )
            .collect::<Vec<_>>()
    });
    let export = move |bom: bool| {
        let category = scope.with_untracked(|s| Category::from_code(s));
        export_assignments(category, bom)
    };
    view! {
        <ExportCsv id="assignments-export" label=Signal::derive(move || i18n.t(Key::ExportAssignments).to_string()) export>
            <SelectField id="assignments-scope" label=Signal::derive(move || i18n.t(Key::ExportScope).to_string()) value=scope options/>
        </ExportCsv>
    }
}
