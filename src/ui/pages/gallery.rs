//! The component gallery, for UI designers: every component in every state, with sample data
//! and no server, in both themes and both languages (switch at the top). Open `/gallery` in
//! the hot-reloading loop (`make dev`) and edit `style/` or `src/ui/components/`.

use super::benefits::downloads::DownloadsCache;
use super::benefits::table::BenefitTable;
use super::users::UserPicker;
use crate::api::benefits::{Assignee, BenefitRow, Download};
use crate::api::users::UserRow;
use crate::domain::email::alternate_email;
use crate::domain::{BenefitStatus, Category, Date, Os, Problem, Roles, Unit};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::Preferences;
use crate::ui::components::{
    use_toasts, CheckboxField, CopyButton, Dialog, DialogActions, DialogBody, DialogForm,
    ErrorAlert, ExpandButton, GuardedButton, Loading, PickerSearch, SearchPage, SelectField,
    StatusBadge, TextField,
};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;

const PEOPLE: &[(&str, &str)] = &[
    ("Grace Admin", "ga@contoso.example"),
    ("Kim Min-jun", "minjun.kim@contoso.example"),
    ("Lee Seo-yeon", "seoyeon.lee@contoso.example"),
    ("Sarah Johnson", "sarah.johnson@contoso.example"),
    ("Park Ji-ho", "jiho.park@contoso.example"),
    ("Evan Employee", "employee@contoso.example"),
];

/// A form that sends nothing and closes its dialog: the gallery has no server.
fn sample_form(open: RwSignal<bool>) -> FormState {
    FormState::unchecked(
        || async { Ok::<(), AppError>(()) },
        move |()| open.set(false),
    )
}

/// The picker's sample source: filters the list above in memory, a short page at a time.
fn sample_people() -> PickerSearch<UserRow> {
    PickerSearch::new(|query: String, offset: u32| async move {
        let q = query.to_lowercase();
        let matching: Vec<UserRow> = PEOPLE
            .iter()
            .enumerate()
            .filter(|(_, (n, e))| n.to_lowercase().contains(&q) || e.contains(&q))
            .map(|(i, (n, e))| UserRow {
                id: i as i64 + 1,
                name: n.to_string(),
                email: e.to_string(),
                roles: Roles::EMPLOYEE,
                active: true,
                invited: false,
            })
            .collect();
        let page: Vec<UserRow> = matching
            .iter()
            .skip(offset as usize)
            .take(4)
            .cloned()
            .collect();
        Ok::<_, AppError>(SearchPage {
            has_more: matching.len() > offset as usize + page.len(),
            items: page,
        })
    })
}

/// The sample software row's files: what `list_downloads` would answer for it.
fn sample_downloads() -> Vec<Download> {
    ["en-US", "ko-KR"]
        .iter()
        .flat_map(|l| {
            [Os::Win64, Os::Linux].map(|os| Download {
                language: l.to_string(),
                os,
                file_name: format!("{}_sample_product_{}.iso", l.to_lowercase(), os.code()),
                size_bytes: 4_812_345_678,
                sha256: "3f786850e387550fdab836ed7e6dc881de23001b".repeat(2)[..64].to_string(),
                url: "#".into(),
            })
        })
        .collect()
}

fn sample_row(
    id: i64,
    category: Category,
    name: &str,
    status: BenefitStatus,
    unit: Unit,
    quantity: i64,
    used: i64,
) -> BenefitRow {
    BenefitRow {
        id,
        category,
        cloud_kind: None,
        name: name.into(),
        package_id: 1,
        package_name: "Gold Cloud Platform competency".into(),
        quantity,
        unit,
        used,
        status,
        expires_on: Date::parse("2027-05-09").expect("a valid date"),
        key_count: if category == Category::Software { 2 } else { 0 },
        portal_url: None,
        activated_by: None,
        activated_at: None,
        download_count: if category == Category::Software { 4 } else { 0 },
        assignees: if used > 0 {
            vec![Assignee {
                user_id: 2,
                name: "Kim Min-jun".into(),
                email: "minjun.kim@contoso.example".into(),
                assigned_at: 1_790_000_000,
                alternate_email: None,
                active: true,
                last_sign_in_at: Some(1_795_000_000),
            }]
        } else {
            Vec::new()
        },
        access_id: None,
        contract_id: None,
        gtm: Vec::new(),
        refund_days_left: None,
    }
}

#[component]
fn Specimen(#[prop(into)] title: String, children: Children) -> impl IntoView {
    let name = title.clone();
    view! {
        <section class="gallery__specimen" aria-label=name>
            <h2 class="gallery__title">{title}</h2>
            <div class="gallery__body">{children()}</div>
        </section>
    }
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let collapsed = RwSignal::new(false);
    let expanded = RwSignal::new(true);
    let empty = RwSignal::new(String::new());
    let hinted = RwSignal::new("kim@contoso.example".to_string());
    let wrong = RwSignal::new("partner@contoso.example".to_string());
    let choice = RwSignal::new("design".to_string());
    let checked = RwSignal::new(true);
    let picked = RwSignal::new(None::<UserRow>);
    let dialog = RwSignal::new(false);
    let invalid_dialog = RwSignal::new(false);
    let dialog_email = RwSignal::new("partner@contoso.example".to_string());
    let wrong_error = Signal::derive(move || {
        alternate_email(&wrong.get(), "partner@contoso.example")
            .err()
            .map(|p| p.message(i18n.lang()))
    });
    let dialog_error = Signal::derive(move || {
        alternate_email(&dialog_email.get(), "partner@contoso.example")
            .err()
            .map(|p| p.message(i18n.lang()))
    });
    let rows = vec![
        sample_row(
            9001,
            Category::Software,
            "Windows Server 2025 Datacenter",
            BenefitStatus::NotActivated,
            Unit::Licenses,
            16,
            0,
        ),
        sample_row(
            9002,
            Category::VisualStudio,
            "Visual Studio Enterprise subscription",
            BenefitStatus::Active,
            Unit::Seats,
            25,
            1,
        ),
        sample_row(
            9003,
            Category::Technical,
            "Partner advisory hours",
            BenefitStatus::Pending,
            Unit::Hours,
            50,
            0,
        ),
        sample_row(
            9004,
            Category::Cloud,
            "Azure credits: USD 3,500 per year",
            BenefitStatus::Expired,
            Unit::Credit,
            3500,
            0,
        ),
        sample_row(
            9005,
            Category::GoToMarket,
            "Customer case study",
            BenefitStatus::Cancelled,
            Unit::Campaigns,
            1,
            0,
        ),
    ];
    let row_signals: Vec<RwSignal<_>> = rows.into_iter().map(RwSignal::new).collect();
    // No server here: the software row's files are already in this page's cache.
    DownloadsCache::provide_filled([(9001, sample_downloads())]);
    let phases = Signal::derive(|| {
        vec![
            ("presales".into(), "Presales".into()),
            ("design".into(), "Design".into()),
        ]
    });
    let label = move |k: Key| Signal::derive(move || i18n.t(k).to_string());
    view! {
        <main id="main" class="gallery">
            <h1>{move || i18n.t(Key::GalleryTitle)}</h1>
            <p class="page-lede">{move || i18n.t(Key::GalleryLede)}</p>
            <Preferences/>

            <Specimen title="StatusBadge">
                <div class="gallery__row">
                    {[BenefitStatus::NotActivated, BenefitStatus::Pending, BenefitStatus::Active, BenefitStatus::Expired, BenefitStatus::Cancelled]
                        .map(|s| view! { <StatusBadge status=s/> }).collect_view()}
                </div>
            </Specimen>

            <Specimen title="ExpandButton">
                <div class="gallery__row">
                    <ExpandButton expanded=collapsed controls="gallery-target-a" subject="Collapsed row"/>
                    <ExpandButton expanded=expanded controls="gallery-target-b" subject="Expanded row"/>
                    <span id="gallery-target-a" hidden=move || !collapsed.get()>"Details of the collapsed row"</span>
                    <span id="gallery-target-b" hidden=move || !expanded.get()>"Details of the expanded row"</span>
                </div>
            </Specimen>

            <Specimen title="Benefit rows (ExpandableRow)">
                <BenefitTable rows=row_signals/>
            </Specimen>

            <Specimen title="Buttons and GuardedButton">
                <div class="gallery__row">
                    <button type="button" class="button button--primary">"Primary"</button>
                    <button type="button" class="button button--secondary">"Secondary"</button>
                    <button type="button" class="button button--small">"Small"</button>
                </div>
                <GuardedButton id="gallery-guard-ok" label=label(Key::AssignUser) blocked=Signal::derive(|| None::<String>)
                    hint=Signal::derive(move || Some(i18n.t(Key::AssignSeatHint).to_string())) on_press=Callback::new(|_| ())/>
                <GuardedButton id="gallery-guard-no" label=label(Key::GetKeys)
                    blocked=Signal::derive(move || Some(crate::domain::Action::GetKeys.denial_reason(i18n.lang())))
                    on_press=Callback::new(|_| ())/>
            </Specimen>

            <Specimen title="Fields">
                <TextField id="gallery-empty" label=label(Key::RequestTitle) value=empty required=true/>
                <TextField id="gallery-hint" label=label(Key::AlternateEmail) value=hinted kind="email"
                    hint=Signal::derive(move || Some(i18n.t(Key::AlternateEmailHint).to_string()))/>
                <TextField id="gallery-error" label=label(Key::AlternateEmail) value=wrong kind="email" error=wrong_error/>
                <TextField id="gallery-multi" label=label(Key::RequestDescription) value=RwSignal::new("Two lines\nof text".to_string()) multiline=true/>
                <SelectField id="gallery-select" label=label(Key::Phase) value=choice options=phases/>
                <SelectField id="gallery-select-error" label=label(Key::TimeZone) value=RwSignal::new(String::new()) options=Signal::derive(Vec::new)
                    placeholder=Signal::derive(move || Some(i18n.t(Key::Choose).to_string()))
                    error=Signal::derive(move || Some(Problem::Required.message(i18n.lang())))/>
                <CheckboxField id="gallery-check" label=label(Key::RoleGlobalAdmin) checked=checked/>
            </Specimen>

            <Specimen title="UserPicker">
                <UserPicker id="gallery-picker" label=label(Key::User) selected=picked search=sample_people()/>
                <UserPicker id="gallery-picker-error" label=label(Key::User) selected=RwSignal::new(None) search=sample_people()
                    error=Signal::derive(move || Some(Problem::Required.message(i18n.lang())))/>
            </Specimen>

            <Specimen title="CopyButton">
                <div class="gallery__row"><code>"CPM9J-KTW84-J3C96-6Q94X-MGMPC"</code><CopyButton value="CPM9J-KTW84-J3C96-6Q94X-MGMPC" what="MAK"/></div>
            </Specimen>

            <Specimen title="Dialogs">
                <div class="gallery__row">
                    <button type="button" class="button button--secondary" on:click=move |_| dialog.set(true)>"Open dialog"</button>
                    <button type="button" class="button button--secondary" on:click=move |_| invalid_dialog.set(true)>"Open dialog with errors"</button>
                </div>
                <Dialog open=dialog id="gallery-dialog" title=label(Key::AssignUser)>
                    <DialogForm form=sample_form(dialog) submit=label(Key::AssignUser)>
                        <UserPicker id="gallery-dialog-picker" label=label(Key::User) selected=RwSignal::new(None) search=sample_people() autofocus=true/>
                    </DialogForm>
                </Dialog>
                <Dialog open=invalid_dialog id="gallery-dialog-invalid" title=label(Key::MarketingContact)>
                    <DialogBody>
                        <TextField id="gallery-dialog-email" label=label(Key::AlternateEmail) value=dialog_email error=dialog_error autofocus=true/>
                        <ErrorAlert error=AppError::conflict(i18n.t(Key::ErrNeedsMarketingContact))/>
                        <DialogActions primary=label(Key::AssignUser)/>
                    </DialogBody>
                </Dialog>
            </Specimen>

            <Specimen title="Empty, loading and error states">
                <div class="empty">
                    <p class="empty__title">{move || i18n.tf(Key::EmptyCategoryTitle, &[("category", Category::Cloud.label(i18n.lang()))])}</p>
                    <p>{move || i18n.t(Key::EmptyCategoryText)}</p>
                </div>
                <Loading label=label(Key::Loading)/>
                <ErrorAlert error=AppError::Unreachable on_retry=Callback::new(|_| ())/>
                <ErrorAlert error=AppError::Internal { reference: "ab12cd34".into() }/>
            </Specimen>

            <Specimen title="Toasts">
                <button type="button" class="button button--secondary" on:click=move |_| toasts.push(i18n.tf(Key::SeatAssigned, &[("name", "Kim Min-jun")]))>
                    "Show a toast"
                </button>
            </Specimen>
        </main>
    }
}
