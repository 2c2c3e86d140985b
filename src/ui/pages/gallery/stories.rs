//! Every story of the workshop: one component (or one section of a page built from them) in
//! one state, at `/gallery/<component>/<state>`, with the props a designer would change as
//! controls (see `args`). Sample data only: a story never calls the server, and its dates and
//! names are fixed, so its screenshots compare from one run to the next.

use super::args::{Args, Control};
use crate::api::benefits::{Assignee, BenefitRow, Download, GtmState, HolderDetails};
use crate::api::users::UserRow;
use crate::domain::email::alternate_email;
use crate::domain::export::CsvFile;
use crate::domain::list_view::UserStatusFilter;
use crate::domain::{
    Action, BenefitStatus, Category, CloudKind, Date, Os, PartnerLevel, Problem, Roles, Unit,
};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{
    CheckboxField, ConfirmDialog, CopyButton, Dialog, DialogActions, DialogBody, DialogForm,
    EmailText, ErrorAlert, ExpandButton, ExportCsv, GuardedButton, ListTools, Loading, PageHeading,
    PickerSearch, Preferences, SearchPage, SelectField, StatusBadge, TextField, ToastRegion,
    Toasts,
};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::benefits::downloads::DownloadsCache;
use crate::ui::pages::benefits::table::BenefitTable;
use crate::ui::pages::sign_in::SignInFrame;
use crate::ui::pages::users::UserPicker;
use leptos::prelude::*;

/// One component in one state.
pub struct Story {
    /// The component's slug in the address.
    pub component: &'static str,
    /// The state's slug in the address.
    pub state: &'static str,
    /// The component's name, as the code calls it.
    pub title: &'static str,
    pub controls: &'static [Control],
    /// Added to the frame's address (`open=9001` opens a benefit row).
    pub address: &'static str,
    /// A whole page's frame, with its own landmarks and heading: the story is not wrapped in
    /// a `<main>` of its own.
    pub whole_page: bool,
    pub render: fn(&Args) -> AnyView,
}

/// A story with nothing added to its frame's address.
const fn story(
    component: &'static str,
    state: &'static str,
    title: &'static str,
    controls: &'static [Control],
    render: fn(&Args) -> AnyView,
) -> Story {
    Story {
        component,
        state,
        title,
        controls,
        address: "",
        whole_page: false,
        render,
    }
}

impl Story {
    /// The story with `address` added to its frame's (`open=9001` opens a benefit row).
    const fn opened(self, address: &'static str) -> Story {
        Story { address, ..self }
    }

    /// The story is a whole page's frame (see `whole_page`).
    const fn page(self) -> Story {
        Story {
            whole_page: true,
            ..self
        }
    }
}

/// A story is its address.
impl PartialEq for Story {
    fn eq(&self, other: &Story) -> bool {
        self.component == other.component && self.state == other.state
    }
}

impl Story {
    pub fn path(&self) -> String {
        format!("/gallery/{}/{}", self.component, self.state)
    }

    /// The story at `component`/`state`, if there is one.
    pub fn find(component: &str, state: &str) -> Option<&'static Story> {
        all().find(|s| s.component == component && s.state == state)
    }
}

const LONG_EN: &str =
    "Windows Server 2025 Datacenter with Software Assurance, every language pack and media";
const LONG_KO: &str =
    "클라우드 플랫폼 역량 골드 등급 파트너를 위한 윈도우 서버 데이터센터 영구 라이선스";
const NAMES: &[&str] = &["Windows Server 2025 Datacenter", LONG_EN, LONG_KO];
const PERSON_NAMES: &[&str] = &[
    "Kim Min-jun",
    "Sarah Johnson",
    "김민준",
    "Maximiliana Featherstonehaugh-Worthington",
];
const MESSAGES: &[&str] = &[
    "This benefit was cancelled while you were looking at it.",
    "구매를 취소할 수 없습니다. 환불 기간이 지났습니다.",
];

const STATUSES: &[(&str, &str)] = &[
    ("not_activated", "Not activated"),
    ("pending", "Pending"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
];

/// A benefit row's controls, with this category's sample values as defaults.
const fn row_controls(
    name: &'static str,
    quantity: &'static str,
    used: &'static str,
    status: &'static str,
) -> [Control; 4] {
    [
        Control::text("name", "Name", name).with_presets(NAMES),
        Control::number("quantity", "Quantity", 0, 100_000, quantity),
        Control::number("used", "Used", 0, 100_000, used),
        Control::choice("status", "Status", STATUSES, status),
    ]
}

const ROW_CONTROLS: &[Control] =
    &row_controls("Windows Server 2025 Datacenter", "16", "0", "not_activated");
const SEAT_CONTROLS: &[Control] =
    &row_controls("Visual Studio Enterprise subscription", "25", "3", "active");
const CLOUD_CONTROLS: &[Control] = &row_controls(
    "Azure credits: USD 3,500 per year",
    "3500",
    "0",
    "not_activated",
);
const TECH_CONTROLS: &[Control] = &row_controls("Partner advisory hours", "50", "0", "active");
const GTM_CONTROLS: &[Control] = &row_controls("Customer case study", "2", "0", "active");

macro_rules! row_stories {
    // Each category's row twice: as the list shows it, and opened (by `?open=<id>`, as a link
    // from the Packages page opens it).
    ($($component:literal, $title:literal, $controls:ident, $render:ident, $open:literal;)+) => {
        &[$(
            story("benefit-row", $component, $title, $controls, $render),
            story("benefit-row", concat!($component, "-expanded"), $title, $controls, $render).opened($open),
        )+]
    };
}

/// Every story, in the order of the index (a table: one story a line).
#[rustfmt::skip]
pub static STORIES: &[&[Story]] = &[
    &[
        story("status-badge", "every-status", "StatusBadge", &[], every_status),
        story("status-badge", "one", "StatusBadge", &[Control::choice("status", "Status", STATUSES, "pending")], one_status),
        story("button", "variants", "Buttons", BUTTON_CONTROLS, buttons),
        story("guarded-button", "allowed", "GuardedButton", GUARD_CONTROLS, guard_allowed),
        story("guarded-button", "blocked", "GuardedButton", GUARD_CONTROLS, guard_blocked),
        story("expand-button", "collapsed", "ExpandButton", EXPAND_CONTROLS, expand_collapsed),
        story("expand-button", "expanded", "ExpandButton", EXPAND_CONTROLS, expand_expanded),
        story("text-field", "empty", "TextField", TEXT_EMPTY, text_field),
        story("text-field", "hint", "TextField", TEXT_HINT, text_field),
        story("text-field", "error", "TextField", TEXT_ERROR, text_field),
        story("text-field", "multiline", "TextField", TEXT_MULTI, text_field),
        story("select-field", "chosen", "SelectField", &[], select_chosen),
        story("select-field", "error", "SelectField", ERROR_CONTROLS, select_error),
        story("checkbox-field", "checked", "CheckboxField", CHECK_CONTROLS, checkbox),
        story("user-picker", "results", "UserPicker", &[], picker_results),
        story("user-picker", "none", "UserPicker", &[], picker_none),
        story("user-picker", "loading", "UserPicker", &[], picker_loading),
        story("user-picker", "error", "UserPicker", ERROR_CONTROLS, picker_error),
        story("copy-button", "key", "CopyButton", COPY_CONTROLS, copy_button),
        story("email-text", "long", "EmailText", EMAIL_CONTROLS, email_text),
        story("list-tools", "matches", "ListTools", LIST_CONTROLS, list_tools),
        story("list-tools", "no-match", "ListTools", LIST_NONE, list_tools),
        story("export-csv", "ready", "ExportCsv", EXPORT_CONTROLS, export_csv),
        story("page-heading", "benefits", "PageHeading", &[], page_heading),
        story("preferences", "header", "Preferences", &[], preferences),
        story("sign-in", "card", "SignInFrame", &[], sign_in_card).page(),
    ],
    &[
        story("dialog", "assign-seat", "Dialog with a form", &[], dialog_form),
        story("dialog", "invalid", "Dialog with a form", DIALOG_INVALID, dialog_invalid),
        story("dialog", "server-error", "Dialog with a form", DIALOG_SERVER, dialog_server_error),
        story("confirm-dialog", "activate-cloud", "ConfirmDialog", CONFIRM_CONTROLS, confirm_dialog),
        story("toast", "assigned", "Toast", TOAST_CONTROLS, toast),
        story("error-alert", "unreachable", "ErrorAlert", &[], alert_unreachable),
        story("error-alert", "conflict", "ErrorAlert", ALERT_CONTROLS, alert_conflict),
        story("error-alert", "internal", "ErrorAlert", &[], alert_internal),
        story("loading", "spinner", "Loading", &[], loading),
        story("empty-state", "category", "Empty state", &[Control::choice("category", "Category", CATEGORIES, "cloud")], empty_state),
    ],
    row_stories!(
        "software", "Benefit row: software", ROW_CONTROLS, software_row, "open=9001";
        "cloud", "Benefit row: cloud", CLOUD_CONTROLS, cloud_row, "open=9004";
        "visual-studio", "Benefit row: Visual Studio", SEAT_CONTROLS, seats_row, "open=9002";
        "technical", "Benefit row: technical", TECH_CONTROLS, technical_row, "open=9003";
        "go-to-market", "Benefit row: go-to-market", GTM_CONTROLS, gtm_row, "open=9005";
    ),
];

/// Every story, flattened, in index order.
pub fn all() -> impl Iterator<Item = &'static Story> {
    STORIES.iter().flat_map(|group| group.iter())
}

const BUTTON_CONTROLS: &[Control] = &[
    Control::text("label", "Label", "Assign a user").with_presets(&[
        "OK",
        "사용자 할당",
        "Request the activation of this benefit now",
    ]),
    Control::toggle("disabled", "Disabled", false),
];
const GUARD_CONTROLS: &[Control] = &[
    Control::text("label", "Label", "Get keys")
        .with_presets(&["키 받기", "Assign a user to every free seat"]),
    Control::text(
        "reason",
        "Why it is blocked",
        "Only Global admins and Licensing admins can do this.",
    ),
];
const EXPAND_CONTROLS: &[Control] =
    &[Control::text("subject", "Row", "Windows Server 2025 Datacenter").with_presets(NAMES)];
const TEXT_EMPTY: &[Control] = &[
    Control::text("label", "Label", "Title"),
    Control::text("value", "Value", ""),
    Control::text("hint", "Hint", ""),
    Control::text("error", "Error", ""),
    Control::toggle("required", "Required", true),
    Control::toggle("multiline", "Several lines", false),
];
const TEXT_HINT: &[Control] = &[
    Control::text("label", "Label", "Alternate email"),
    Control::text("value", "Value", "kim@contoso.example"),
    Control::text(
        "hint",
        "Hint",
        "Where the marketing team writes; not your company's address.",
    ),
    Control::text("error", "Error", ""),
    Control::toggle("required", "Required", false),
    Control::toggle("multiline", "Several lines", false),
];
const TEXT_ERROR: &[Control] = &[
    Control::text("label", "Label", "Alternate email"),
    Control::text("value", "Value", "partner@contoso.example"),
    Control::text("hint", "Hint", ""),
    Control::text("error", "Error", "Use an address outside your company.").with_presets(MESSAGES),
    Control::toggle("required", "Required", true),
    Control::toggle("multiline", "Several lines", false),
];
const TEXT_MULTI: &[Control] = &[
    Control::text("label", "Label", "Description"),
    Control::text(
        "value",
        "Value",
        "The activation email never arrived.\nWe checked the spam folder.",
    ),
    Control::text("hint", "Hint", ""),
    Control::text("error", "Error", ""),
    Control::toggle("required", "Required", false),
    Control::toggle("multiline", "Several lines", true),
];
const ERROR_CONTROLS: &[Control] =
    &[Control::text("error", "Error", "Choose one.").with_presets(MESSAGES)];
const CHECK_CONTROLS: &[Control] = &[
    Control::text("label", "Label", "Global admin").with_presets(&[
        "전역 관리자",
        "Receives every reminder about benefits that expire",
    ]),
    Control::toggle("checked", "Checked", true),
];
const COPY_CONTROLS: &[Control] = &[Control::text(
    "value",
    "Value",
    "CPM9J-KTW84-J3C96-6Q94X-MGMPC",
)];
const EXPORT_CONTROLS: &[Control] =
    &[Control::text("label", "Button", "").with_presets(&["Export assignments", "할당 내보내기"])];
const EMAIL_CONTROLS: &[Control] = &[Control::text(
    "email",
    "Email",
    "maximiliana.featherstonehaugh-worthington@contoso-international.example",
)];
const LIST_CONTROLS: &[Control] = &[
    Control::text("search", "Search", "kim"),
    Control::number("count", "Shown", 0, 10_000, "3"),
];
const LIST_NONE: &[Control] = &[
    Control::text("search", "Search", "nobody"),
    Control::number("count", "Shown", 0, 10_000, "0"),
];
const DIALOG_INVALID: &[Control] = &[Control::text(
    "email",
    "Alternate email",
    "partner@contoso.example",
)];
const DIALOG_SERVER: &[Control] = &[Control::text(
    "message",
    "Server's message",
    "A marketing contact is needed first.",
)
.with_presets(MESSAGES)];
const CONFIRM_CONTROLS: &[Control] =
    &[Control::text("name", "Benefit", "Windows Server 2025 Datacenter").with_presets(NAMES)];
const TOAST_CONTROLS: &[Control] =
    &[Control::text("name", "Person", "Kim Min-jun").with_presets(PERSON_NAMES)];
const ALERT_CONTROLS: &[Control] = &[Control::text(
    "message",
    "Message",
    "This benefit was cancelled while you were looking at it.",
)
.with_presets(MESSAGES)];
const CATEGORIES: &[(&str, &str)] = &[
    ("software", "Software"),
    ("cloud", "Cloud"),
    ("visual_studio", "Visual Studio"),
    ("technical", "Technical"),
    ("go_to_market", "Go-to-market"),
];

/// The people the sample pickers find.
const PEOPLE: &[(&str, &str)] = &[
    ("Grace Admin", "ga@contoso.example"),
    ("Kim Min-jun", "minjun.kim@contoso.example"),
    ("Lee Seo-yeon", "seoyeon.lee@contoso.example"),
    ("Sarah Johnson", "sarah.johnson@contoso.example"),
    ("Park Ji-ho", "jiho.park@contoso.example"),
    ("Evan Employee", "employee@contoso.example"),
];

fn label(key: Key) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || i18n.t(key).to_string())
}

fn text(value: &str) -> Signal<String> {
    Signal::stored(value.to_string())
}

fn status_of(args: &Args) -> BenefitStatus {
    BenefitStatus::from_code(args.text("status")).unwrap_or(BenefitStatus::Active)
}

/// A form that sends nothing and closes its dialog: a story has no server.
fn sample_form(open: RwSignal<bool>) -> FormState {
    FormState::unchecked(
        || async { Ok::<(), AppError>(()) },
        move |()| open.set(false),
    )
}

fn person(i: usize) -> UserRow {
    let (name, email) = PEOPLE[i % PEOPLE.len()];
    UserRow {
        id: i as i64 + 1,
        name: name.to_string(),
        email: email.to_string(),
        roles: Roles::EMPLOYEE,
        active: true,
        invited: false,
    }
}

/// The picker's sample source: filters the people above in memory, four at a time.
fn sample_people() -> PickerSearch<UserRow> {
    PickerSearch::new(|query: String, offset: u32| async move {
        let q = query.to_lowercase();
        let matching: Vec<UserRow> = (0..PEOPLE.len())
            .map(person)
            .filter(|p| p.name.to_lowercase().contains(&q) || p.email.contains(&q))
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

fn every_status(_: &Args) -> AnyView {
    view! {
        <div class="story__row">
            {BenefitStatus::ALL.iter().map(|s| view! { <StatusBadge status=*s/> }).collect_view()}
        </div>
    }
    .into_any()
}

fn one_status(args: &Args) -> AnyView {
    view! { <StatusBadge status=status_of(args)/> }.into_any()
}

fn buttons(args: &Args) -> AnyView {
    let label = args.text("label").to_string();
    let disabled = args.flag("disabled");
    view! {
        <div class="story__row">
            <button type="button" class="button button--primary" disabled=disabled>{label.clone()}</button>
            <button type="button" class="button button--secondary" disabled=disabled>{label.clone()}</button>
            <button type="button" class="button button--small" disabled=disabled>{label}</button>
        </div>
    }
    .into_any()
}

fn guard_allowed(args: &Args) -> AnyView {
    let i18n = use_i18n();
    view! {
        <GuardedButton id="story-guard" label=text(args.text("label")) blocked=Signal::derive(|| None::<String>)
            hint=Signal::derive(move || Some(i18n.t(Key::AssignSeatHint).to_string())) on_press=Callback::new(|_| ())/>
    }
    .into_any()
}

fn guard_blocked(args: &Args) -> AnyView {
    let i18n = use_i18n();
    // The reason a person reads is the domain's, in the frame's language, unless the control
    // changes it.
    let reason = args.optional("reason");
    let blocked = Signal::derive(move || {
        Some(match &reason {
            Some(r) if r != GUARD_CONTROLS[1].default => r.clone(),
            _ => Action::GetKeys.denial_reason(i18n.lang()),
        })
    });
    view! {
        <GuardedButton id="story-guard" label=text(args.text("label")) blocked on_press=Callback::new(|_| ())/>
    }
    .into_any()
}

fn expand(args: &Args, open: bool) -> AnyView {
    let expanded = RwSignal::new(open);
    view! {
        <div class="story__row">
            <ExpandButton expanded controls="story-target" subject=args.text("subject").to_string()/>
            <span id="story-target" hidden=move || !expanded.get()>{args.text("subject").to_string()}</span>
        </div>
    }
    .into_any()
}

fn expand_collapsed(args: &Args) -> AnyView {
    expand(args, false)
}

fn expand_expanded(args: &Args) -> AnyView {
    expand(args, true)
}

fn text_field(args: &Args) -> AnyView {
    let value = RwSignal::new(args.text("value").to_string());
    view! {
        <TextField id="story-field" label=text(args.text("label")) value
            hint=args.optional("hint") error=args.optional("error")
            required=args.flag("required") multiline=args.flag("multiline")/>
    }
    .into_any()
}

fn phases() -> Signal<Vec<(String, String)>> {
    Signal::derive(|| {
        vec![
            ("presales".to_string(), "Presales".to_string()),
            ("design".to_string(), "Design".to_string()),
        ]
    })
}

fn select_chosen(_: &Args) -> AnyView {
    view! { <SelectField id="story-select" label=label(Key::Phase) value=RwSignal::new("design".to_string()) options=phases()/> }
        .into_any()
}

fn select_error(args: &Args) -> AnyView {
    let i18n = use_i18n();
    view! {
        <SelectField id="story-select" label=label(Key::TimeZone) value=RwSignal::new(String::new()) options=Signal::derive(Vec::new)
            placeholder=Signal::derive(move || Some(i18n.t(Key::Choose).to_string()))
            error=problem_or(args, Problem::Required)/>
    }
    .into_any()
}

/// The error control's text, or the domain's own message for `problem` in the frame's
/// language while the control holds its default.
fn problem_or(args: &Args, problem: Problem) -> Signal<Option<String>> {
    let i18n = use_i18n();
    let given = args
        .optional("error")
        .filter(|e| e != ERROR_CONTROLS[0].default);
    Signal::derive(move || {
        Some(
            given
                .clone()
                .unwrap_or_else(|| problem.message(i18n.lang())),
        )
    })
}

fn checkbox(args: &Args) -> AnyView {
    view! { <CheckboxField id="story-check" label=text(args.text("label")) checked=RwSignal::new(args.flag("checked"))/> }
        .into_any()
}

fn picker(search: PickerSearch<UserRow>, error: Option<Signal<Option<String>>>) -> AnyView {
    view! {
        <div class="story__picker">
            <UserPicker id="story-picker" label=label(Key::User) selected=RwSignal::new(None) search start_open=true
                error=error.unwrap_or_else(|| Signal::derive(|| None))/>
        </div>
    }
    .into_any()
}

fn picker_results(_: &Args) -> AnyView {
    picker(sample_people(), None)
}

fn picker_none(_: &Args) -> AnyView {
    picker(
        PickerSearch::new(|_: String, _: u32| async {
            Ok::<_, AppError>(SearchPage {
                items: Vec::new(),
                has_more: false,
            })
        }),
        None,
    )
}

fn picker_loading(_: &Args) -> AnyView {
    // An answer that never comes: the picker stays at "Searching…".
    picker(
        PickerSearch::new(|_: String, _: u32| {
            std::future::pending::<Result<SearchPage<UserRow>, AppError>>()
        }),
        None,
    )
}

fn picker_error(args: &Args) -> AnyView {
    picker(
        PickerSearch::new(|_: String, _: u32| async {
            Err::<SearchPage<UserRow>, _>(AppError::Unreachable)
        }),
        Some(problem_or(args, Problem::Required)),
    )
}

fn copy_button(args: &Args) -> AnyView {
    let value = args.text("value").to_string();
    view! { <div class="story__row"><code>{value.clone()}</code><CopyButton value what="MAK"/></div> }.into_any()
}

fn email_text(args: &Args) -> AnyView {
    view! { <p class="story__narrow"><EmailText email=args.text("email").to_string()/></p> }
        .into_any()
}

fn list_tools(args: &Args) -> AnyView {
    let i18n = use_i18n();
    let search = RwSignal::new(args.text("search").to_string());
    let count = args.number("count");
    let status = RwSignal::new(UserStatusFilter::Current.slug().to_string());
    let statuses = Signal::derive(move || {
        UserStatusFilter::ALL
            .iter()
            .map(|s| (s.slug().to_string(), s.label(i18n.lang()).to_string()))
            .collect::<Vec<_>>()
    });
    view! {
        <ListTools id="story-list" label=label(Key::UsersTitle) search_label=label(Key::SearchUsers) search on_search=Callback::new(|_| ())
            count=Signal::derive(move || Some(i18n.tf(Key::ListCount, &[("shown", &count.to_string()), ("total", "120")])))>
            <SelectField id="story-list-status" label=label(Key::ListUsersShow) value=status options=statuses/>
        </ListTools>
    }
    .into_any()
}

fn export_csv(args: &Args) -> AnyView {
    // The file the button saves: made here, as the server would answer it.
    let export = |bom: bool| async move {
        Ok::<_, AppError>(CsvFile {
            file_name: "assignments-2026-12-01.csv".into(),
            content: format!(
                "{}name,email\r\nKim Min-jun,minjun.kim@contoso.example\r\n",
                if bom { "\u{feff}" } else { "" }
            ),
        })
    };
    view! { <ExportCsv id="story-export" label=args.optional("label") export/> }.into_any()
}

fn sign_in_card(_: &Args) -> AnyView {
    let i18n = use_i18n();
    let email = RwSignal::new("partner@contoso.example".to_string());
    view! {
        <SignInFrame lang=Signal::derive(move || i18n.lang())>
            <TextField id="story-email" label=label(Key::Email) value=email kind="email"/>
            <TextField id="story-password" label=label(Key::Password) value=RwSignal::new(String::new()) kind="password"/>
            <button type="button" class="button button--primary">{move || i18n.t(Key::SignIn)}</button>
        </SignInFrame>
    }
    .into_any()
}

fn page_heading(_: &Args) -> AnyView {
    let i18n = use_i18n();
    view! { <PageHeading lang=Signal::derive(move || i18n.lang()) title=Key::NavBenefits lede=Key::BenefitsLede/> }.into_any()
}

fn preferences(_: &Args) -> AnyView {
    view! { <Preferences/> }.into_any()
}

fn dialog_form(_: &Args) -> AnyView {
    let open = RwSignal::new(true);
    view! {
        <Dialog open id="story-dialog" title=label(Key::AssignUser)>
            <DialogForm form=sample_form(open) submit=label(Key::AssignUser)>
                <UserPicker id="story-dialog-picker" label=label(Key::User) selected=RwSignal::new(None) search=sample_people()/>
            </DialogForm>
        </Dialog>
    }
    .into_any()
}

fn dialog_invalid(args: &Args) -> AnyView {
    let i18n = use_i18n();
    let open = RwSignal::new(true);
    let email = RwSignal::new(args.text("email").to_string());
    let error = Signal::derive(move || {
        alternate_email(&email.get(), "partner@contoso.example")
            .err()
            .map(|p| p.message(i18n.lang()))
    });
    view! {
        <Dialog open id="story-dialog" title=label(Key::MarketingContact)>
            <DialogBody>
                <TextField id="story-dialog-email" label=label(Key::AlternateEmail) value=email error/>
                <DialogActions primary=label(Key::Save)/>
            </DialogBody>
        </Dialog>
    }
    .into_any()
}

fn dialog_server_error(args: &Args) -> AnyView {
    let open = RwSignal::new(true);
    let error = Signal::stored(AppError::conflict(args.text("message").to_string()));
    view! {
        <Dialog open id="story-dialog" title=label(Key::AssignUser)>
            <DialogBody>
                <UserPicker id="story-dialog-picker" label=label(Key::User) selected=RwSignal::new(Some(person(1))) search=sample_people()/>
                <ErrorAlert error/>
                <DialogActions primary=label(Key::AssignUser)/>
            </DialogBody>
        </Dialog>
    }
    .into_any()
}

fn confirm_dialog(args: &Args) -> AnyView {
    let i18n = use_i18n();
    let name = args.text("name").to_string();
    view! {
        <ConfirmDialog open=RwSignal::new(true) id="story-confirm" title=label(Key::ConfirmCloudTitle)
            text=Signal::derive(move || i18n.tf(Key::ConfirmCloudText, &[("benefit", &name)]))
            confirm=label(Key::AssignToMe) on_confirm=Callback::new(|_| ())/>
    }
    .into_any()
}

fn toast(args: &Args) -> AnyView {
    let i18n = use_i18n();
    // A region of the story's own, so the workshop's toasts do not mix in.
    let toasts = Toasts::provide();
    let name = args.text("name").to_string();
    let show = move || toasts.push(i18n.tf(Key::SeatAssigned, &[("name", &name)]));
    show();
    view! {
        <button type="button" class="button button--secondary" on:click=move |_| show()>"Show the toast again"</button>
        <ToastRegion/>
    }
    .into_any()
}

fn alert_unreachable(_: &Args) -> AnyView {
    view! { <ErrorAlert error=AppError::Unreachable on_retry=Callback::new(|_| ())/> }.into_any()
}

fn alert_conflict(args: &Args) -> AnyView {
    view! { <ErrorAlert error=AppError::conflict(args.text("message").to_string())/> }.into_any()
}

fn alert_internal(_: &Args) -> AnyView {
    view! { <ErrorAlert error=AppError::Internal { reference: "ab12cd34".into() }/> }.into_any()
}

fn loading(_: &Args) -> AnyView {
    view! { <Loading label=label(Key::Loading)/> }.into_any()
}

fn empty_state(args: &Args) -> AnyView {
    let i18n = use_i18n();
    let category = Category::from_code(args.text("category")).unwrap_or(Category::Cloud);
    view! {
        <div class="empty">
            <p class="empty__title">{move || i18n.tf(Key::EmptyCategoryTitle, &[("category", category.label(i18n.lang()))])}</p>
            <p>{move || i18n.t(Key::EmptyCategoryText)}</p>
        </div>
    }
    .into_any()
}

/// A benefit as `list_benefits` would answer it, from the story's controls.
fn sample_row(args: &Args, id: i64, category: Category, unit: Unit) -> BenefitRow {
    let quantity = args.number("quantity");
    let used = args.number("used").min(quantity);
    BenefitRow {
        id,
        category,
        cloud_kind: (category == Category::Cloud).then_some(CloudKind::Usage),
        name: args.text("name").to_string(),
        package_id: 1,
        package_name: "Gold Cloud Platform competency".into(),
        quantity,
        unit,
        used,
        status: status_of(args),
        expires_on: Date::parse("2027-05-09").expect("a valid date"),
        key_count: if category == Category::Software { 2 } else { 0 },
        portal_url: None,
        activated_by: None,
        activated_at: None,
        download_count: if category == Category::Software { 4 } else { 0 },
        // At most 200 holders drawn: "Used" goes to 100,000 (as Quantity does) to try the
        // counts, and a list that long would only slow the designer's page.
        assignees: (0..used.min(200) as usize)
            .map(|i| {
                let p = person(i + 1);
                Assignee {
                    user_id: p.id,
                    name: p.name,
                    email: p.email,
                    assigned_at: 1_790_000_000 + i as i64 * 86_400,
                    details: Some(HolderDetails {
                        alternate_email: None,
                        active: true,
                        last_sign_in_at: Some(1_795_000_000),
                    }),
                }
            })
            .collect(),
        access_id: None,
        contract_id: None,
        // A Gold company's types, the first `used` of them active: the opened story shows
        // what the page shows (never an empty "Available types").
        gtm: if category == Category::GoToMarket {
            PartnerLevel::Gold
                .gtm_types()
                .iter()
                .enumerate()
                .map(|(i, &gtm_type)| GtmState {
                    gtm_type,
                    status: if (i as i64) < used {
                        BenefitStatus::Active
                    } else {
                        BenefitStatus::NotActivated
                    },
                    expires_on: ((i as i64) < used)
                        .then(|| Date::parse("2027-05-09").expect("a valid date")),
                })
                .collect()
        } else {
            Vec::new()
        },
        refund_days_left: None,
        keys_revealed: false,
    }
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

fn table(row: BenefitRow) -> AnyView {
    view! { <BenefitTable rows=vec![RwSignal::new(row)]/> }.into_any()
}

fn software_row(args: &Args) -> AnyView {
    // No server here: the row's files are already in the cache.
    DownloadsCache::provide_filled([(9001, sample_downloads())]);
    table(sample_row(args, 9001, Category::Software, Unit::Licenses))
}

fn seats_row(args: &Args) -> AnyView {
    table(sample_row(args, 9002, Category::VisualStudio, Unit::Seats))
}

fn technical_row(args: &Args) -> AnyView {
    table(sample_row(args, 9003, Category::Technical, Unit::Hours))
}

fn cloud_row(args: &Args) -> AnyView {
    table(sample_row(args, 9004, Category::Cloud, Unit::Credit))
}

fn gtm_row(args: &Args) -> AnyView {
    table(sample_row(
        args,
        9005,
        Category::GoToMarket,
        Unit::Campaigns,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::frames::RESERVED;
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_story_has_its_own_address_and_controls_that_fit() {
        let mut seen = HashSet::new();
        for story in all() {
            assert!(seen.insert(story.path()), "{} twice", story.path());
            let slug = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            };
            assert!(
                slug(story.component) && slug(story.state),
                "{}",
                story.path()
            );
            let mut names = HashSet::new();
            for control in story.controls {
                assert!(
                    !RESERVED.contains(&control.name),
                    "{} uses {}",
                    story.path(),
                    control.name
                );
                assert!(
                    names.insert(control.name),
                    "{} has {} twice",
                    story.path(),
                    control.name
                );
                // A default the control itself would refuse would never show.
                assert_eq!(
                    control.accept(control.default),
                    control.default,
                    "{} {}",
                    story.path(),
                    control.name
                );
            }
            assert_eq!(
                Story::find(story.component, story.state).map(Story::path),
                Some(story.path())
            );
        }
        assert!(seen.len() >= 40, "{} stories", seen.len());
    }
}
