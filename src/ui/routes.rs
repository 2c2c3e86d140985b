//! Everything but the sign-in page: the router, the shell around signed-in pages and every
//! page, loaded as one chunk (`ui::app::APP`) once someone is signed in or opens a page that
//! needs no session. Each page is a further chunk of its own.

use super::app::Boot;
use super::components::{PageHeading, Preferences, ToastRegion, Toasts};
use super::i18n::use_i18n;
use super::lazy::{more, on_demand, OnDemand};
use super::pages::{
    account::AccountPage,
    audit::AuditPage,
    benefits::downloads::DownloadsCache,
    benefits::BenefitsPage,
    gallery::GalleryPage,
    notifications::NotificationsPage,
    overview::OverviewPage,
    packages::PackagesPage,
    person::PersonPage,
    requests::{RequestDetailPage, RequestsPage},
    users::UsersPage,
    welcome::WelcomePage,
};
use super::router::{use_location, use_query_map, Redirect, Route, Router};
use super::session::{Session, SessionState};
use crate::api::auth::sign_out;
use crate::domain::{Action, Category};
use crate::error::AppError;
use crate::i18n::{t, Key, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The router and its pages. `/sign-in` is not among them: a link or a redirect there hands
/// the page back to the first module's sign-in page.
#[component]
pub fn AppRoutes() -> impl IntoView {
    Toasts::provide();
    DownloadsCache::provide(Session::use_context());
    view! {
        <Router routes=ROUTES fallback=|| view! { <Shell><NotFound/></Shell> }.into_any()/>
        <ToastRegion/>
    }
}

/// Every page of the app, the first whose path answers the address shown.
#[rustfmt::skip]
const ROUTES: &[Route] = &[
    Route { path: "/sign-in", view: || view! { <ToSignIn/> }.into_any() },
    Route { path: "/welcome", view: || view! { <OnDemand page=WELCOME/> }.into_any() },
    Route { path: "/gallery", view: || view! { <OnDemand page=GALLERY/> }.into_any() },
    Route { path: "/gallery/:component/:state", view: || view! { <OnDemand page=GALLERY/> }.into_any() },
    Route { path: "/", view: || view! { <Redirect path=default_page()/> }.into_any() },
    Route { path: "/benefits", view: || view! { <Redirect path=format!("/benefits/{}", Category::Software.slug())/> }.into_any() },
    Route { path: "/benefits/:category", view: || view! { <Shell><OnDemand page=BENEFITS/></Shell> }.into_any() },
    // Addresses people type from the menu's words send on to their pages.
    Route { path: "/settings", view: || view! { <Redirect path="/settings/users".to_string()/> }.into_any() },
    Route { path: "/users", view: || view! { <Redirect path="/settings/users".to_string()/> }.into_any() },
    Route { path: "/requests", view: || view! { <Redirect path="/service-requests".to_string()/> }.into_any() },
    Route { path: "/packages", view: || view! { <Shell><OnDemand page=PACKAGES/></Shell> }.into_any() },
    Route { path: "/service-requests", view: || view! { <Shell><OnDemand page=REQUESTS/></Shell> }.into_any() },
    Route { path: "/service-requests/:id", view: || view! { <Shell><OnDemand page=REQUEST_DETAIL/></Shell> }.into_any() },
    Route { path: "/settings/users", view: || view! { <Shell><OnDemand page=USERS/></Shell> }.into_any() },
    Route { path: "/settings/users/:id", view: || view! { <Shell><OnDemand page=PERSON/></Shell> }.into_any() },
    Route { path: "/notifications", view: || view! { <Shell><OnDemand page=NOTIFICATIONS/></Shell> }.into_any() },
    Route { path: "/account", view: || view! { <Shell><OnDemand page=ACCOUNT/></Shell> }.into_any() },
    Route { path: "/audit", view: || view! { <Shell><OnDemand page=AUDIT/></Shell> }.into_any() },
    Route { path: "/overview", view: || view! { <Shell><OnDemand page=OVERVIEW/></Shell> }.into_any() },
];

/// `/sign-in` reached inside the app (a password change ends every session, say): the sign-in
/// page takes over, with the `next` the link carried.
#[component]
fn ToSignIn() -> impl IntoView {
    let boot = Boot::use_context();
    let next = use_query_map().with_untracked(|q| q.get("next"));
    // After this render: the router is not torn down from inside its own render.
    Effect::new(move |_| boot.sign_in(next.clone()));
}

// Each page but sign-in is a chunk of its own, fetched the first time it is shown (and
// ahead of time when a menu link is pointed at or focused). The two service-request pages
// share one chunk: the list links to the detail. Pages past the ones a person lands on
// (Overview, Benefits, welcome) bring the rest of the styles and texts with them (`more`).
on_demand!(const WELCOME in welcome_page => view! { <WelcomePage/> });
on_demand!(const GALLERY in gallery_page, with more() => view! { <GalleryPage/> });
on_demand!(const BENEFITS in benefits_page => view! { <BenefitsPage/> });
on_demand!(const PACKAGES in packages_page, with more() => view! { <PackagesPage/> });
on_demand!(const REQUESTS in requests_page, with more() => view! { <RequestsPage/> });
on_demand!(const REQUEST_DETAIL in requests_page, with more() => view! { <RequestDetailPage/> });
on_demand!(const USERS in users_page, with more() => view! { <UsersPage/> });
on_demand!(const PERSON in person_page, with more() => view! { <PersonPage/> });
on_demand!(const NOTIFICATIONS in notifications_page, with more() => view! { <NotificationsPage/> });
on_demand!(const ACCOUNT in account_page, with more() => view! { <AccountPage/> });
on_demand!(const AUDIT in audit_page, with more() => view! { <AuditPage/> });
on_demand!(const OVERVIEW in overview_page => view! { <OverviewPage/> });

/// Where a signed-in person lands: the Overview (what needs a decision soon).
fn default_page() -> String {
    "/overview".to_string()
}

/// The frame of every signed-in page: skip link, header, the left-hand menu (a drawer on
/// phones) and the page itself. Sends a signed-out visitor to sign in, remembering where to.
#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = Session::use_context();
    let boot = Boot::use_context();
    let i18n = use_i18n();
    let location = use_location();
    let menu_open = RwSignal::new(false);
    // Close the drawer whenever the page changes.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    let current = move |prefix: &'static str| {
        move || {
            location
                .pathname
                .get()
                .starts_with(prefix)
                .then_some("page")
        }
    };

    move || match session.0.get() {
        SessionState::Checking => view! { <div class="boot" aria-busy="true"></div> }.into_any(),
        SessionState::SignedOut => {
            // The session ended (it expired, or was ended elsewhere): sign in again, then
            // come back here.
            let next = super::app::address();
            Effect::new(move |_| boot.sign_in(Some(next.clone())));
            view! { <div class="boot" aria-busy="true"></div> }.into_any()
        }
        SessionState::SignedIn(me) => {
            // The frame of a signed-in page stays until the page's heading replaces it
            // (`PageHeading`), so the page never flashes a loading line. (A sign-in card never
            // reaches here: with one, `App` goes straight to the sign-in page.)
            let children = children.clone();
            let roles = me.roles;
            view! {
                <a class="skip-link" href="#main">{move || i18n.t(Key::SkipToContent)}</a>
                <header class="app-header">
                    <button
                        type="button"
                        class="app-header__menu"
                        aria-controls="app-nav"
                        aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                        on:click=move |_| menu_open.update(|o| *o = !*o)
                    >
                        {menu_icon()}
                        <span class="visually-hidden">{move || i18n.t(Key::Menu)}</span>
                    </button>
                    <span class="app-header__brand">{move || i18n.t(Key::ProductName)}</span>
                    <span class="app-header__company">
                        {me.company_name.clone()}
                        <span class="app-header__level">{me.partner_level.label()}</span>
                    </span>
                    <Preferences/>
                    <UserMenu name=me.name.clone() role=Signal::derive(move || roles.label(i18n.lang()))/>
                </header>
                <div class="app-body">
                    <nav
                        id="app-nav"
                        class="app-nav"
                        class:app-nav--open=move || menu_open.get()
                        aria-label=move || i18n.t(Key::NavLabel)
                    >
                        <ul>
                            {MENU.iter().filter(|link| link.needs.is_none_or(|a| a.allowed(roles))).map(|link| {
                                let (page, label) = (link.page, link.label);
                                view! {
                                    <li><a href=link.href class="app-nav__link" on:pointerenter=move |_| page.prefetch() on:focus=move |_| page.prefetch() aria-current=current(link.section)>{move || i18n.t(label)}</a></li>
                                }
                            }).collect_view()}
                        </ul>
                        // Phones: who is signed in, language and theme live here, in the menu,
                        // so the header keeps to one compact bar (the wide header shows them).
                        <div class="app-nav__account">
                            <p class="app-nav__who">
                                <span class="app-nav__name">{me.name.clone()}</span>
                                <span class="app-nav__role">{move || roles.label(i18n.lang())}</span>
                            </p>
                            <Preferences place="-menu"/>
                        </div>
                    </nav>
                    <div
                        class="app-nav__scrim"
                        class:app-nav__scrim--open=move || menu_open.get()
                        aria-hidden="true"
                        on:click=move |_| menu_open.set(false)
                    ></div>
                    <main id="main" class="app-main" tabindex="-1">{children()}</main>
                </div>
            }
            .into_any()
        }
    }
}

/// A link of the menu: where it goes, the start of the addresses it stands for (it is marked
/// current on them), its name, its page's chunk (fetched when the link is pointed at or
/// focused, so the click finds it there) and what a person must be allowed to see it.
struct MenuLink {
    href: &'static str,
    section: &'static str,
    label: Key,
    page: super::lazy::Page,
    needs: Option<Action>,
}

/// The menu, in order. One table drawn by one link view: as eight views written out, the
/// menu was eight copies of the same code in the app chunk.
#[rustfmt::skip]
const MENU: [MenuLink; 8] = [
    MenuLink { href: "/overview", section: "/overview", label: Key::NavOverview, page: OVERVIEW, needs: None },
    MenuLink { href: "/benefits/software", section: "/benefits", label: Key::NavBenefits, page: BENEFITS, needs: None },
    MenuLink { href: "/packages", section: "/packages", label: Key::NavPackages, page: PACKAGES, needs: None },
    MenuLink { href: "/service-requests", section: "/service-requests", label: Key::NavRequests, page: REQUESTS, needs: None },
    MenuLink { href: "/settings/users", section: "/settings", label: Key::NavAccountSettings, page: USERS, needs: None },
    MenuLink { href: "/notifications", section: "/notifications", label: Key::NavNotifications, page: NOTIFICATIONS, needs: Some(Action::ViewNotifications) },
    MenuLink { href: "/audit", section: "/audit", label: Key::NavAudit, page: AUDIT, needs: Some(Action::ViewAuditTrail) },
    MenuLink { href: "/account", section: "/account", label: Key::NavYourAccount, page: ACCOUNT, needs: None },
];

/// The header's menu button's three lines.
fn menu_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
        </svg>
    }
}

/// The heading (title, lede) of each signed-in page that has one known from its address
/// alone: what the server paints before the client arrives ([`ShellFrame`]). A service
/// request's page is titled by the request, so it is not here.
pub const HEADINGS: [(Key, Key); 8] = [
    (Key::NavBenefits, Key::BenefitsLede),
    (Key::NavPackages, Key::PackagesLede),
    (Key::NavRequests, Key::RequestsLede),
    (Key::NavAccountSettings, Key::UsersLede),
    (Key::NavNotifications, Key::NotificationsLede),
    (Key::NavYourAccount, Key::AccountLede),
    (Key::NavAudit, Key::AuditLede),
    (Key::NavOverview, Key::OverviewLede),
];

/// The heading of the page at `path`, as its route above renders it, if it is in [`HEADINGS`].
/// Matches as the router does: one trailing `/` at most and no empty segment (`//packages`
/// is no route, so it gets no frame). `/` redirects to the Overview and `/benefits` to a
/// Benefits tab, whose headings they are.
pub fn heading_of(path: &str) -> Option<(Key, Key)> {
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.is_empty() {
        return Some(HEADINGS[7]);
    }
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    let index = match segments.as_slice() {
        ["benefits"] | ["benefits", _] => 0,
        ["packages"] => 1,
        ["service-requests"] => 2,
        ["settings", "users"] => 3,
        ["notifications"] => 4,
        ["account"] => 5,
        ["audit"] => 6,
        ["overview"] => 7,
        _ => return None,
    };
    Some(HEADINGS[index])
}

/// A signed-in page as the server paints it before the client has arrived
/// (`server::first_paint`): the [`Shell`]'s header with the menu button and the product name,
/// the menu's column, and the page's [`PageHeading`], each where the shell and the page put
/// theirs. Who is signed in, the menu's links and the page's content need the session, so
/// they come with the client. Inert: the menu button is disabled until the real one replaces it.
#[component]
pub fn ShellFrame(lang: Lang, title: Key, lede: Key) -> impl IntoView {
    view! {
        <header class="app-header" data-first-paint="page">
            <button type="button" class="app-header__menu" disabled>
                {menu_icon()}
                <span class="visually-hidden">{t(lang, Key::Menu)}</span>
            </button>
            <span class="app-header__brand">{t(lang, Key::ProductName)}</span>
        </header>
        <div class="app-body" data-first-paint="page">
            <div class="app-nav"></div>
            <main class="app-main">
                <PageHeading lang=Signal::stored(lang) title lede/>
            </main>
        </div>
    }
}

#[component]
fn UserMenu(name: String, #[prop(into)] role: Signal<String>) -> impl IntoView {
    let session = Session::use_context();
    let boot = Boot::use_context();
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let sign_out_click = move |_| {
        spawn_local(async move {
            match sign_out().await {
                // Already signed out on the server is as good as signing out now.
                Ok(()) | Err(AppError::NotSignedIn) => {
                    // The sign-in page first: the shell goes with the router, so it does not
                    // also react to the session ending.
                    boot.sign_in(None);
                    session.0.set(SessionState::SignedOut);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="user-menu">
            <span class="user-menu__who">
                <span class="user-menu__name">{name}</span>
                <span class="user-menu__role">{move || role.get()}</span>
            </span>
            <button type="button" class="button button--secondary" on:click=sign_out_click>{move || i18n.t(Key::SignOut)}</button>
            {move || error.get().map(|e| view! { <span class="user-menu__error" role="alert">{e.message(i18n.lang())}</span> })}
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    // The server paints a frame only at addresses with a route (`heading_of`); should the two
    // ever disagree, this page must not stay hidden behind it.
    crate::ui::dom::first_paint::take();
    view! {
        <h1>{move || i18n.t(Key::NotFoundTitle)}</h1>
        <p>{move || i18n.t(Key::NotFoundText)}" "<a href="/benefits/software">{move || i18n.t(Key::NotFoundLink)}</a></p>
    }
}
