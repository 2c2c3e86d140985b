//! Go-to-market: the company's marketing contact, and activating a benefit in a type open to
//! the company's partner level (refused until a contact exists).

use super::audit::{self, On};
use super::auth::Caller;
use super::benefits::{ensure_usable, load_one};
use super::{authorized, internal, invalid, jobs, lang, mail, now};
use crate::domain::audit::AuditAction;
use crate::domain::auth::Person;
use crate::domain::benefits::BenefitRow;
use crate::domain::forms::ContactForm;
use crate::domain::marketing::{ContactDetails, MarketingContact};
use crate::domain::notifications::Topic;
use crate::domain::{Action, Category, GtmType, PartnerLevel};
use crate::error::AppError;
use crate::i18n::{t, tf, Key};
use sqlx::AnyConnection;

async fn load_contact(
    conn: &mut AnyConnection,
    company_id: i64,
) -> Result<Option<MarketingContact>, AppError> {
    #[derive(sqlx::FromRow)]
    struct ContactRecord {
        user_id: i64,
        name: String,
        email: String,
        alternate_email: String,
        phone: String,
        preferred_language: String,
        updated_at: i64,
    }
    Ok(sqlx::query_as::<_, ContactRecord>(
        "SELECT m.user_id, u.name, u.email, m.alternate_email, COALESCE(m.phone_display, m.phone) AS phone,
                m.preferred_language, m.updated_at
           FROM marketing_contacts m JOIN users u ON u.id = m.user_id WHERE m.company_id = $1",
    )
    .bind(company_id)
    .fetch_optional(conn)
    .await?
    .map(|r| MarketingContact {
        user_id: r.user_id,
        person: Person {
            name: r.name,
            email: r.email,
        },
        details: Some(ContactDetails {
            alternate_email: r.alternate_email,
            phone: r.phone,
        }),
        preferred_language: r.preferred_language,
        updated_at: r.updated_at,
    }))
}

/// Anyone of the company may see who the contact is; how to reach them privately only as the
/// permission table allows.
pub async fn get_contact() -> Result<Option<MarketingContact>, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(load_contact(&mut conn, c.company_id)
        .await?
        .map(|contact| contact.shaped_for(c.roles, c.user_id)))
}

pub async fn set_contact(form: ContactForm) -> Result<MarketingContact, AppError> {
    let (c, state) = authorized(Action::ManageGoToMarket).await?;
    let mut tx = state.db.write(c.company_id).await?;
    let company_email: String =
        sqlx::query_scalar("SELECT account_email FROM companies WHERE id = $1")
            .bind(c.company_id)
            .fetch_one(&mut *tx)
            .await?;
    let contact = form.parse(&company_email).map_err(|p| invalid(&p))?;
    let known = sqlx::query_scalar::<_, i64>(
        "SELECT 1 FROM users WHERE id = $1 AND company_id = $2 AND active = 1",
    )
    .bind(contact.user_id)
    .bind(c.company_id)
    .fetch_optional(&mut *tx)
    .await?
    .is_some();
    if !known {
        return Err(AppError::invalid(
            "user",
            t(lang(), Key::ErrUserNotInCompany),
        ));
    }
    let at = now();
    sqlx::query(
        "INSERT INTO marketing_contacts (company_id, user_id, alternate_email, phone, phone_display, preferred_language, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (company_id) DO UPDATE SET user_id = excluded.user_id, alternate_email = excluded.alternate_email,
           phone = excluded.phone, phone_display = excluded.phone_display, preferred_language = excluded.preferred_language,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(c.company_id)
    .bind(contact.user_id)
    .bind(contact.alternate_email.as_str())
    .bind(contact.phone.as_str())
    // Shown as the person typed it (it parsed, so it holds nothing but a phone number);
    // stored normalised beside it for anything that dials or compares.
    .bind(form.phone.trim())
    .bind(&contact.preferred_language)
    .bind(c.user_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let saved = load_contact(&mut tx, c.company_id)
        .await?
        .ok_or_else(|| internal("marketing contact vanished after upsert"))?;
    let l = lang();
    mail::queue(
        &mut tx,
        mail::Outgoing {
            company_id: c.company_id,
            to: contact.alternate_email.as_str(),
            user_id: Some(contact.user_id),
            topic: Topic::GoToMarket,
            subject: t(l, Key::EmailContactSubject),
            body: &tf(l, Key::EmailContactBody, &[("name", &saved.person.name)]),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::MarketingContactSet,
        On::user(contact.user_id),
        Some(&saved.person.email),
    )
    .await?;
    tx.commit().await?;
    Ok(saved.shaped_for(c.roles, c.user_id))
}

async fn company_level(conn: &mut AnyConnection, c: &Caller) -> Result<PartnerLevel, AppError> {
    let code: String = sqlx::query_scalar("SELECT partner_level FROM companies WHERE id = $1")
        .bind(c.company_id)
        .fetch_one(conn)
        .await?;
    PartnerLevel::from_code(&code).ok_or_else(|| internal(format_args!("partner level {code:?}")))
}

pub async fn activate(benefit_id: i64, gtm_type: GtmType) -> Result<BenefitRow, AppError> {
    let (c, state) = authorized(Action::ManageGoToMarket).await?;
    let row = load_one(&state.db.pool, &c, benefit_id).await?;
    if row.category != Category::GoToMarket {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrWrongCategory,
            &[("benefit", &row.name)],
        )));
    }
    ensure_usable(&row)?;

    let mut tx = state.db.write(c.company_id).await?;
    let level = company_level(&mut tx, &c).await?;
    if !level.gtm_types().contains(&gtm_type) {
        return Err(AppError::invalid(
            "gtm_type",
            tf(
                lang(),
                Key::ErrGtmTypeNotOpen,
                &[("type", gtm_type.label()), ("level", level.label())],
            ),
        ));
    }
    let Some(contact) = load_contact(&mut tx, c.company_id).await? else {
        return Err(AppError::conflict(t(lang(), Key::ErrNeedsMarketingContact)));
    };
    // Loaded on the server for the server: it holds the details (only answers are shaped).
    let contact_email = contact
        .details
        .as_ref()
        .map(|d| d.alternate_email.clone())
        .ok_or_else(|| internal("marketing contact loaded without its details"))?;
    let at = now();
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO gtm_activations (company_id, benefit_id, type_code, status, requested_by, requested_at)
         VALUES ($1, $2, $3, 'pending', $4, $5) ON CONFLICT (benefit_id, type_code) DO NOTHING RETURNING id",
    )
    .bind(c.company_id)
    .bind(benefit_id)
    .bind(gtm_type.code())
    .bind(c.user_id)
    .bind(at)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(activation_id) = inserted else {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrGtmAlreadyRequested,
            &[("type", gtm_type.label()), ("benefit", &row.name)],
        )));
    };
    // Each type requested uses one of the benefit's quantity, like a seat: one conditional
    // update whose row count says whether one was left (two admins at once cannot both take
    // the last one), and the database's CHECK (used <= quantity) refuses it too.
    let taken = sqlx::query(
        "UPDATE benefits SET used = used + 1, status = CASE WHEN status = 'not_activated' THEN 'pending' ELSE status END
          WHERE id = $1 AND company_id = $2 AND used < quantity",
    )
    .bind(benefit_id)
    .bind(c.company_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        return Err(AppError::conflict(tf(
            lang(),
            Key::ErrGtmAllUsed,
            &[
                ("benefit", &row.name),
                ("quantity", &row.quantity.to_string()),
            ],
        )));
    }
    let l = lang();
    mail::queue(
        &mut tx,
        mail::Outgoing {
            company_id: c.company_id,
            to: &contact_email,
            user_id: Some(contact.user_id),
            topic: Topic::GoToMarket,
            subject: &tf(
                l,
                Key::EmailGtmSubject,
                &[("benefit", &row.name), ("type", gtm_type.label())],
            ),
            body: &tf(
                l,
                Key::EmailGtmBody,
                &[
                    ("name", &contact.person.name),
                    ("benefit", &row.name),
                    ("type", gtm_type.label()),
                ],
            ),
        },
    )
    .await?;
    jobs::schedule(
        &mut tx,
        &state,
        jobs::JobKind::ActivateGtm,
        c.company_id,
        activation_id,
        l,
    )
    .await?;
    audit::record(
        &mut tx,
        &c,
        AuditAction::GtmRequested,
        On::benefit(benefit_id),
        Some(gtm_type.code()),
    )
    .await?;
    tx.commit().await?;
    load_one(&state.db.pool, &c, benefit_id).await
}
