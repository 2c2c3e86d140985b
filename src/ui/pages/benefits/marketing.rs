//! Go-to-market: the company's marketing contact (Add, Update, Change) at the top of the tab,
//! and each benefit's types with Activate, refused until a contact exists.

use super::common::unusable_reason;
use crate::api::benefits::BenefitRow;
use crate::api::marketing::{
    activate_gtm, get_marketing_contact, set_marketing_contact, MarketingContact,
};
use crate::api::users::UserRow;
use crate::domain::benefits::language_label;
use crate::domain::forms::{ContactForm, CONTACT_LANGUAGES};
use crate::domain::{format, Action, BenefitStatus, GtmType, Roles};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{
    focus_arrived_field, use_toasts, ConfirmDialog, Dialog, DialogForm, ErrorAlert, GuardedButton,
    SelectField, StatusBadge, TextField,
};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use crate::ui::lazy::{more, on_demand, OnDemandPart};
use crate::ui::pages::users::UserPicker;
use crate::ui::session::{company_email, denial};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The marketing contact, shared by the panel and the go-to-market rows of the tab.
#[derive(Clone, Copy)]
pub struct ContactContext {
    pub contact: RwSignal<Option<MarketingContact>>,
    pub loaded: RwSignal<bool>,
    /// Asked for already (and not failed): the panel and each row ask, the first one fetches.
    requested: RwSignal<bool>,
    pub error: RwSignal<Option<AppError>>,
}

impl ContactContext {
    /// The tab's context, empty: the panel ([`CONTACT_PANEL`]) asks for the contact when it
    /// shows, so the code that reads it is in the panel's chunk, not in the page.
    pub fn provide() -> ContactContext {
        let ctx = ContactContext {
            contact: RwSignal::new(None),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            requested: RwSignal::new(false),
        };
        provide_context(ctx);
        ctx
    }

    /// Fetches the contact unless it is fetched or on its way: called by the panel and by each
    /// go-to-market row (either may be drawn first, and the panel's chunk may have failed).
    fn ensure_fetched(self) {
        if self.requested.get_untracked() {
            return;
        }
        self.requested.set(true);
        spawn_local(async move {
            match get_marketing_contact().await {
                Ok(c) => {
                    let _ = self.contact.try_set(c);
                    let _ = self.error.try_set(None);
                    let _ = self.loaded.try_set(true);
                }
                Err(e) => {
                    let _ = self.error.try_set(Some(e));
                    // Asked again by the next part drawn.
                    let _ = self.requested.try_set(false);
                }
            }
        });
    }
}

// The panel (with its dialog and the form's prefetch) is only drawn on the go-to-market tab:
// it lives in the chunk of the rows' actions, which that tab fetches for its form anyway, so
// the Benefits page's first load (the Software tab) carries none of it.
on_demand!(pub const CONTACT_PANEL in benefit_details, with more() => |contact: ContactContext| view! { <MarketingContactPanel contact/> });

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Add,
    Update,
    Change,
}

#[component]
fn MarketingContactPanel(contact: ContactContext) -> impl IntoView {
    let i18n = use_i18n();
    contact.ensure_fetched();
    let open = RwSignal::new(false);
    let mode = RwSignal::new(Mode::Add);
    let blocked = Signal::derive(move || denial(i18n.lang(), Action::ManageGoToMarket));
    // The form is fetched with the rows' actions (see CONTACT_FORM): ahead of time for someone
    // who may use it, so the dialog opens at once.
    if blocked.get_untracked().is_none() {
        CONTACT_FORM.prefetch();
    }
    // The dialog's frame is drawn here, its styles come with the form (more.css): it opens
    // once they apply (at once when the prefetch above brought them; if they failed, it opens
    // anyway and the form inside says so, with Try again).
    let start = move |m: Mode| {
        Callback::new(move |_| {
            mode.set(m);
            leptos::task::spawn_local(async move {
                let _ = more().await;
                let _ = open.try_set(true);
            });
        })
    };
    view! {
        <section class="contact-panel" aria-labelledby="contact-heading">
            <h2 id="contact-heading" class="contact-panel__title">{move || i18n.t(Key::MarketingContact)}</h2>
            {move || contact.error.get().map(|e| view! { <ErrorAlert error=e/> })}
            {move || match contact.contact.get() {
                Some(c) => view! {
                    <dl class="details__facts">
                        <div><dt>{move || i18n.t(Key::User)}</dt><dd>{c.person.name.clone()}" ("{c.person.email.clone()}")"</dd></div>
                        {c.details.clone().map(|d| view! {
                            <div><dt>{move || i18n.t(Key::AlternateEmail)}</dt><dd>{d.alternate_email}</dd></div>
                            <div><dt>{move || i18n.t(Key::ContactPhone)}</dt><dd>{d.phone}</dd></div>
                        })}
                        <div><dt>{move || i18n.t(Key::PreferredLanguage)}</dt><dd>{language_label(&c.preferred_language)}</dd></div>
                    </dl>
                    <div class="contact-panel__actions">
                        <GuardedButton id="contact-update" secondary=true label=Signal::derive(move || i18n.t(Key::ContactEditDetails).to_string()) blocked=blocked on_press=start(Mode::Update)/>
                        <GuardedButton id="contact-change" secondary=true label=Signal::derive(move || i18n.t(Key::ContactChangePerson).to_string()) blocked=blocked on_press=start(Mode::Change)/>
                    </div>
                }.into_any(),
                None if contact.loaded.get() => view! {
                    <p>{move || i18n.t(Key::NoMarketingContact)}</p>
                    <GuardedButton id="contact-add" label=Signal::derive(move || i18n.t(Key::Add).to_string()) blocked=blocked on_press=start(Mode::Add)/>
                }.into_any(),
                None => ().into_any(),
            }}
            <Dialog open id="contact-dialog" title=Signal::derive(move || i18n.t(match mode.get() {
                Mode::Add => Key::ContactTitleAdd,
                Mode::Update => Key::ContactTitleEdit,
                Mode::Change => Key::ContactTitleChange,
            }).to_string())>
                <OnDemandPart part=CONTACT_FORM given=(contact, open, mode.get_untracked())/>
            </Dialog>
        </section>
    }
}

// The form, with the user picker, is code the Benefits page does not need until someone adds or
// changes the contact: it lives in the chunk of the rows' actions (`benefit_details`, where the
// seat dialogs' picker is already), not in the page every admin and employee loads.
on_demand!(const CONTACT_FORM in benefit_details, with more() => |given: (ContactContext, RwSignal<bool>, Mode)| {
    let (contact, open, mode) = given;
    // Opened before this chunk came (the prefetch had not finished): its first field is
    // focused now.
    focus_arrived_field();
    view! { <ContactFormView contact open mode/> }
});

/// What an edit of the contact's details changed, as the form's field labels.
fn changed_details(before: &MarketingContact, after: &MarketingContact) -> Vec<Key> {
    let (b, a) = (before.details.as_ref(), after.details.as_ref());
    let mut changed = Vec::new();
    if b.map(|d| &d.alternate_email) != a.map(|d| &d.alternate_email) {
        changed.push(Key::ContactChangedAlternateEmail);
    }
    if b.map(|d| &d.phone) != a.map(|d| &d.phone) {
        changed.push(Key::ContactChangedPhone);
    }
    if before.preferred_language != after.preferred_language {
        changed.push(Key::ContactChangedLanguage);
    }
    changed
}

#[component]
fn ContactFormView(contact: ContactContext, open: RwSignal<bool>, mode: Mode) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let company = company_email();
    // The address it must differ from, shown beside the field rather than only named.
    let company_hint = company.clone();
    let current = contact.contact.get_untracked();
    // Update keeps the person and edits the details; Change picks someone else.
    let keep = if mode == Mode::Update {
        current.clone()
    } else {
        None
    };
    let picked = RwSignal::new(keep.as_ref().map(|c| UserRow {
        id: c.user_id,
        name: c.person.name.clone(),
        email: c.person.email.clone(),
        roles: Roles::EMPLOYEE,
        active: true,
        invited: false,
    }));
    let alternate = RwSignal::new(
        keep.as_ref()
            .and_then(|c| c.details.as_ref())
            .map(|d| d.alternate_email.clone())
            .unwrap_or_default(),
    );
    let phone = RwSignal::new(
        keep.as_ref()
            .and_then(|c| c.details.as_ref())
            .map(|d| d.phone.clone())
            .unwrap_or_default(),
    );
    let language = RwSignal::new(
        keep.as_ref()
            .map(|c| c.preferred_language.clone())
            .unwrap_or_else(|| {
                if i18n.lang() == crate::i18n::Lang::Ko {
                    "ko-KR".into()
                } else {
                    "en-US".into()
                }
            }),
    );
    let typed = move || ContactForm {
        user_id: picked.get().map(|u| u.id),
        alternate_email: alternate.get(),
        phone: phone.get(),
        preferred_language: language.get(),
    };
    let form = FormState::new(
        move || typed().parse(&company),
        move || set_marketing_contact(typed()),
        move |saved: MarketingContact| {
            // Close first: a toast shown while the modal is open sits under it, unannounced.
            open.set(false);
            let name = saved.person.name.as_str();
            toasts.push(match (mode, current.as_ref()) {
                // The same person's details: say what changed, not who the contact now is.
                (Mode::Update, Some(before)) => {
                    let changed = changed_details(before, &saved)
                        .into_iter()
                        .map(|k| i18n.t(k).to_string())
                        .collect::<Vec<_>>();
                    if changed.is_empty() {
                        i18n.tf(Key::ContactUnchanged, &[("name", name)])
                    } else {
                        i18n.tf(
                            Key::ContactDetailsSaved,
                            &[("name", name), ("changes", &changed.join(", "))],
                        )
                    }
                }
                _ => i18n.tf(Key::ContactSaved, &[("name", name)]),
            });
            contact.contact.set(Some(saved));
        },
    );
    let languages = Signal::derive(|| {
        CONTACT_LANGUAGES
            .iter()
            .map(|l| (l.to_string(), language_label(l)))
            .collect()
    });
    let label = move |k: Key| Signal::derive(move || i18n.t(k).to_string());
    let submit = Signal::derive(move || {
        i18n.t(match mode {
            Mode::Update => Key::SaveChanges,
            // The product's own word for giving a person the role (PRODUCT.md).
            _ => Key::AssignUser,
        })
        .to_string()
    });
    view! {
        <DialogForm form submit busy_label=Signal::derive(move || Some(i18n.t(Key::Saving).to_string()))>
            // Editing details keeps the person; adding or changing picks one.
            {match (mode, keep.clone()) {
                (Mode::Update, Some(c)) => view! {
                    <p class="contact-form__person"><strong>{move || i18n.t(Key::User)}": "</strong>{c.person.name.clone()}" ("{c.person.email.clone()}")"</p>
                }.into_any(),
                _ => view! {
                    <UserPicker id="contact-user" label=label(Key::User) selected=picked
                        error=form.choice_error("user", picked) autofocus=true/>
                }.into_any(),
            }}
            <TextField id="contact-alternate" label=label(Key::AlternateEmail) value=alternate error=form.text_error("alternate_email", alternate, true)
                kind="email" autocomplete="email" inputmode="email" required=true autofocus=mode == Mode::Update
                hint=Signal::derive(move || Some(i18n.tf(Key::AlternateEmailHint, &[("company", &company_hint)])))/>
            <TextField id="contact-phone" label=label(Key::ContactPhone) value=phone error=form.text_error("phone", phone, true)
                kind="tel" autocomplete="tel" required=true hint=Signal::derive(move || Some(i18n.t(Key::PhoneHint).to_string()))/>
            <SelectField id="contact-language" label=label(Key::PreferredLanguage) value=language options=languages error=form.choice_error("preferred_language", language)/>
        </DialogForm>
    }
}

/// The types open to the company's level, each with its status and Activate.
#[component]
pub(super) fn GtmPanel(row: RwSignal<BenefitRow>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let contact = use_context::<ContactContext>();
    if let Some(c) = contact {
        c.ensure_fetched();
    }
    let id = row.with_untracked(|r| r.id);
    // Activating uses one of the benefit's quantity for good: asked first.
    let to_activate = RwSignal::new(None::<GtmType>);
    let confirm_open = RwSignal::new(false);
    // The type sent: the one asked about may change while the answer is on its way.
    let sent = RwSignal::new(None::<GtmType>);
    let request = FormState::unchecked(
        move || async move {
            match sent.get_untracked() {
                Some(t) => activate_gtm(id, t).await,
                None => Err(AppError::NotFound),
            }
        },
        move |updated| {
            row.set(updated);
            if let Some(t) = sent.get_untracked() {
                toasts.push(i18n.tf(Key::GtmRequested, &[("type", t.label())]));
            }
        },
    );
    let busy = request.busy();
    let activate = move |t: GtmType| {
        if !busy.get_untracked() {
            sent.set(Some(t));
            request.submit();
        }
    };
    view! {
        <section class="details__section" aria-labelledby=format!("benefit-{id}-gtm-heading")>
            <h2 class="details__heading" id=format!("benefit-{id}-gtm-heading")>{move || i18n.t(Key::GtmTypes)}</h2>
            <ul class="gtm-types">
                <For each=move || row.get().gtm key=|g| (g.gtm_type, g.status) let:g>
                    {
                        let t = g.gtm_type;
                        let blocked = Signal::derive(move || {
                            let lang = i18n.lang();
                            denial(lang, Action::ManageGoToMarket)
                                .or_else(|| row.with(|r| unusable_reason(lang, r)))
                                // Known to be missing (while it is on its way, the server still refuses without one).
                                .or_else(|| contact.and_then(|c| (c.loaded.get() && c.contact.with(Option::is_none)).then(|| i18n.t(Key::ErrNeedsMarketingContact).to_string())))
                                // The same count the server enforces: each type requested uses one.
                                .or_else(|| row.with(|r| (r.remaining() == 0).then(|| i18n.tf(Key::ErrGtmAllUsed, &[("benefit", &r.name), ("quantity", &r.quantity.to_string())]))))
                        });
                        view! {
                            <li class="gtm-types__item">
                                <span class="gtm-types__name">{t.label()}</span>
                                <StatusBadge status=g.status/>
                                {g.expires_on.map(|e| view! { <span class="gtm-types__expires">{move || i18n.tf(Key::UsableUntil, &[("date", &format::date(i18n.lang(), e))])}</span> })}
                                {(g.status == BenefitStatus::NotActivated).then(|| view! {
                                    <GuardedButton
                                        id=format!("benefit-{id}-activate-{}", t.code())
                                        label=Signal::derive(move || if busy.get() { i18n.t(Key::Activating).to_string() } else { i18n.tf(Key::ActivateType, &[("type", t.label())]) })
                                        blocked=blocked
                                        on_press=Callback::new(move |_| { to_activate.set(Some(t)); confirm_open.set(true); })
                                    />
                                })}
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || request.error().get().map(|e| view! { <ErrorAlert error=e/> })}
            <ConfirmDialog
                open=confirm_open
                id=format!("activate-gtm-dialog-{id}")
                title=Signal::derive(move || i18n.tf(Key::ConfirmActivateTitle, &[("type", to_activate.get().map(|t| t.label()).unwrap_or(""))]))
                text=Signal::derive(move || row.with(|r| i18n.tf(Key::ConfirmActivateText, &[("quantity", &r.quantity.to_string()), ("benefit", &r.name)])))
                confirm=Signal::derive(move || i18n.tf(Key::ActivateType, &[("type", to_activate.get().map(|t| t.label()).unwrap_or(""))]))
                on_confirm=Callback::new(move |_| {
                    if let Some(t) = to_activate.get_untracked() {
                        activate(t);
                    }
                })
            />
        </section>
    }
}
