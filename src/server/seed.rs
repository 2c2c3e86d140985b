//! Demo data: two partner companies, the packages they bought and every kind of benefit those
//! packages grant, so a fresh deployment shows a realistic portal straight away.
//!
//! The content is `data/demo.json`, compiled into the binary (a deployment needs no extra file).
//! This module parses and checks it, then loads it: each package through the code a purchase
//! uses (`packages::provision`), so a demo package holds the same rows a bought one would; then
//! what a fresh purchase does not have (activations, holders, support identifiers) through the
//! small steps below.
//!
//! All instants in the file are "days ago", resolved against `now` when it is loaded, so refund
//! windows and expiry dates stay meaningful whenever the demo is loaded. Product keys, file
//! sizes and checksums come from small pure functions: every load produces the same values
//! (stable screenshots and tests) and no real key ever ships with the code.

use super::crypto::Sealer;
use super::db::{Backend, Db};
use super::packages::{provision, Download, Grant, Provision};
use crate::domain::audit::AuditAction;
use crate::domain::date::SECONDS_PER_DAY;
use crate::domain::{BenefitStatus, Category, CloudKind, Email, Os, PartnerLevel, Unit};
use serde::Deserialize;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// The demo, in the binary so that a deployment needs nothing next to it.
const DEMO_JSON: &str = include_str!("../../data/demo.json");

/// Loads the demo data when the database holds no company at all (never over real data).
/// Returns Ok(true) when it seeded. Everything is inserted in ONE transaction.
///
/// Every demo user gets the same `password_hash`: the demo has one shared password, so that
/// anyone trying it can sign in as any role.
pub async fn seed_if_empty(
    db: &Db,
    sealer: &Sealer,
    now: i64,
    password_hash: &str,
) -> Result<bool, sqlx::Error> {
    // Servers starting together on an empty PostgreSQL: the first seeds, the rest find it done
    // (the advisory lock holds until this transaction ends).
    let mut tx = db.begin_immediate().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(7340291)")
            .execute(&mut *tx)
            .await?;
    }

    // Checked inside the transaction: the check and the inserts stand or fall together.
    let companies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM companies")
        .fetch_one(&mut *tx)
        .await?;
    if companies > 0 {
        // Dropping `tx` rolls back the (read-only) transaction.
        return Ok(false);
    }

    // Parsed only now: a database that already holds companies never depends on the file.
    // (A broken file cannot reach a release: the tests below parse the same text.)
    let demo = parse(DEMO_JSON).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    for company in &demo.companies {
        load_company(&mut tx, sealer, &demo, company, now, password_hash).await?;
    }

    tx.commit().await?;
    tracing::info!(companies = demo.companies.len(), "loaded the demo data");
    Ok(true)
}

/// Inserts one company with its users, then its packages (benefits, keys, downloads) as a
/// purchase would, then the demo's activations on top.
async fn load_company(
    conn: &mut AnyConnection,
    sealer: &Sealer,
    demo: &Demo,
    c: &Company,
    now: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    let company_id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO companies (name, partner_level, account_email, time_zone, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&c.name)
    .bind(c.partner_level.code())
    .bind(c.account_email.as_str())
    .bind(&c.time_zone)
    .bind(days_before(now, c.created_days_ago))
    .fetch_one(&mut *conn)
    .await?;

    // In file order: the Global admin, listed first, gets the lowest id.
    let mut user_ids: HashMap<String, i64> = HashMap::new();
    for (n, user) in c.users.iter().enumerate() {
        let id = insert_user(conn, company_id, user, now, password_hash).await?;
        user_ids.insert(user.email.normalized(), id);
        // The trail starts with the company: everyone after its first Global admin was added
        // by them, the day they joined.
        if let (true, Some(first)) = (n > 0, user_ids.get(&c.users[0].email.normalized())) {
            let by = super::audit::Actor::Person {
                company_id,
                user_id: *first,
            };
            let at = days_before(now, user.joined_days_ago);
            let on = super::audit::On::user(id);
            let added = AuditAction::UserAdded;
            super::audit::record_at(conn, by, added, on, Some(user.email.as_str()), at).await?;
        }
    }
    // `parse` checked that every address the company refers to is one of its users.
    let user_id = |email: &Email| user_ids[&email.normalized()];

    // Package by package, as bought; `benefit_ids[i]` is the id of `c.benefits[i]`.
    let mut benefit_ids = vec![0_i64; c.benefits.len()];
    for (index, p) in c.packages.iter().enumerate() {
        let granted: Vec<usize> = (0..c.benefits.len())
            .filter(|&i| c.benefits[i].package == index)
            .collect();
        let grants: Vec<Grant> = granted
            .iter()
            .map(|&i| demo.grant(c, &c.benefits[i]))
            .collect();
        let stored = provision(
            conn,
            sealer,
            Provision {
                company_id,
                name: &p.name,
                purchased_at: days_before(now, p.bought_days_ago),
                purchased_by: user_id(&p.bought_by),
                price_cents: p.price_cents,
                currency: &p.currency,
                catalogue_code: p.catalogue_code.as_deref(),
                idempotency_key: None,
                benefits: &grants,
            },
        )
        .await?;
        for (i, id) in granted.into_iter().zip(stored.benefit_ids) {
            benefit_ids[i] = id;
        }
        super::audit::record_at(
            conn,
            super::audit::Actor::Person {
                company_id,
                user_id: user_id(&p.bought_by),
            },
            AuditAction::PackagePurchased,
            super::audit::On::NOTHING,
            Some(p.catalogue_code.as_deref().unwrap_or(&p.name)),
            days_before(now, p.bought_days_ago),
        )
        .await?;
    }

    // What happened since the purchase, benefit by benefit in file order.
    for (b, &benefit_id) in c.benefits.iter().zip(&benefit_ids) {
        let (Some(days_ago), Some(by)) = (b.activated_days_ago, &b.activated_by) else {
            continue;
        };
        let at = days_before(now, days_ago);
        let by = user_id(by);
        activate(conn, benefit_id, b.used, by, at).await?;
        if !b.key_labels.is_empty() {
            // A product with keys is activated by getting them: the reveal is recorded (who,
            // when) as `get_keys` records it, so the row, the Overview and the audit trail agree.
            sqlx::query(
                "INSERT INTO key_reveals (company_id, benefit_id, user_id, revealed_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(company_id)
            .bind(benefit_id)
            .bind(by)
            .bind(at)
            .execute(&mut *conn)
            .await?;
            let actor = super::audit::Actor::Person {
                company_id,
                user_id: by,
            };
            let on = super::audit::On::benefit(benefit_id);
            super::audit::record_at(conn, actor, AuditAction::KeysRevealed, on, None, at).await?;
        }
        for holder in &b.holders {
            let holder_id = user_id(holder);
            assign(conn, company_id, benefit_id, holder_id, by, at).await?;
            let action = match b.category {
                Category::VisualStudio => Some(AuditAction::SeatAssigned),
                Category::Technical => Some(AuditAction::TechnicalAssigned),
                // A cloud subscription's owner is in its activation's entry below.
                _ => None,
            };
            if let Some(action) = action {
                let on = super::audit::On::benefit_of(benefit_id, holder_id);
                let actor = super::audit::Actor::Person {
                    company_id,
                    user_id: by,
                };
                super::audit::record_at(conn, actor, action, on, Some(holder.as_str()), at).await?;
            }
        }
        if let (Some(access_id), Some(contract_id)) = (&b.access_id, &b.contract_id) {
            set_support_ids(conn, benefit_id, access_id, contract_id).await?;
        }
        if let Some(kind) = b.cloud_kind {
            let detail = match kind {
                CloudKind::Usage => format!(
                    "Usage-based subscription assigned to {}",
                    c.names(&b.holders).join(", ")
                ),
                CloudKind::License => {
                    "License-based subscription activated with its product keys".to_string()
                }
            };
            audit_cloud_activation(conn, company_id, by, benefit_id, &detail, at).await?;
        }
    }
    Ok(())
}

async fn insert_user(
    conn: &mut AnyConnection,
    company_id: i64,
    user: &User,
    now: i64,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO users
             (company_id, email, name, password_hash, is_global_admin, is_mpn_partner_admin,
              active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(company_id)
    .bind(user.email.as_str())
    .bind(&user.name)
    .bind(password_hash)
    .bind(i64::from(user.roles.contains(&Role::GlobalAdmin)))
    .bind(i64::from(user.roles.contains(&Role::MpnPartnerAdmin)))
    .bind(i64::from(user.active))
    .bind(days_before(now, user.joined_days_ago))
    .fetch_one(&mut *conn)
    .await
}

/// Marks a provisioned benefit as activated by `by` at `at`, with `used` of it consumed.
async fn activate(
    conn: &mut AnyConnection,
    benefit_id: i64,
    used: i64,
    by: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE benefits SET status = 'active', used = $1, activated_by = $2, activated_at = $3
          WHERE id = $4",
    )
    .bind(used)
    .bind(by)
    .bind(at)
    .bind(benefit_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Makes `user_id` a holder of the benefit (a seat, a subscription's owner).
async fn assign(
    conn: &mut AnyConnection,
    company_id: i64,
    benefit_id: i64,
    user_id: i64,
    by: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO benefit_assignments (company_id, benefit_id, user_id, assigned_by, assigned_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(company_id)
    .bind(benefit_id)
    .bind(user_id)
    .bind(by)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The identifiers support asks for, which an active technical benefit carries.
async fn set_support_ids(
    conn: &mut AnyConnection,
    benefit_id: i64,
    access_id: &str,
    contract_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE benefits SET access_id = $1, contract_id = $2 WHERE id = $3")
        .bind(access_id)
        .bind(contract_id)
        .bind(benefit_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An activated cloud subscription leaves an audit trail, as it does when a user activates one.
async fn audit_cloud_activation(
    conn: &mut AnyConnection,
    company_id: i64,
    by: i64,
    benefit_id: i64,
    detail: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    super::audit::record_at(
        conn,
        super::audit::Actor::Person {
            company_id,
            user_id: by,
        },
        AuditAction::CloudActivated,
        super::audit::On::benefit(benefit_id),
        Some(detail),
        at,
    )
    .await
}

fn days_before(now: i64, days: i64) -> i64 {
    now - days * SECONDS_PER_DAY
}

// ---------------------------------------------------------------------------------------------
// The file's shape. Unknown fields are errors: a misspelt one would otherwise be silently
// ignored and the demo quietly different from what the file says.
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Demo {
    /// For the reader: what in the file is real and what is a placeholder. Not loaded.
    #[serde(rename = "note")]
    _note: String,
    /// Every download's URL: `{language}` is the tag ("ko-KR"), `{file}` the file name.
    download_url: String,
    /// Volume-licensing file names spell the language out ("SW_DVD9_..._Korean_..."): the word
    /// a media template's `{lang}` becomes, by language tag.
    language_words: HashMap<String, String>,
    /// Named sets of media, shared by the benefits that ship the same files.
    media: HashMap<String, Vec<Media>>,
    companies: Vec<Company>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Company {
    name: String,
    #[serde(deserialize_with = "code")]
    partner_level: PartnerLevel,
    account_email: Email,
    /// IANA time zone, for calendar-day rules.
    time_zone: String,
    created_days_ago: i64,
    /// In insertion order (ids follow it): the Global admin who set the company up comes first.
    users: Vec<User>,
    packages: Vec<Package>,
    benefits: Vec<Benefit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct User {
    email: Email,
    name: String,
    /// None: an ordinary employee.
    #[serde(default)]
    roles: Vec<Role>,
    /// `false`: someone who left, kept for history (audit, assignments), who cannot sign in.
    #[serde(default = "yes")]
    active: bool,
    joined_days_ago: i64,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Role {
    GlobalAdmin,
    MpnPartnerAdmin,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Package {
    name: String,
    /// The catalogue entry it is, if one applies (`domain::catalogue`).
    #[serde(default)]
    catalogue_code: Option<String>,
    bought_days_ago: i64,
    bought_by: Email,
    price_cents: i64,
    currency: String,
    /// For the reader: why the package is as it is. Not loaded.
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Benefit {
    name: String,
    /// Index into the company's `packages`.
    package: usize,
    #[serde(deserialize_with = "code")]
    category: Category,
    /// Cloud only.
    #[serde(default, deserialize_with = "optional_code")]
    cloud_kind: Option<CloudKind>,
    quantity: i64,
    #[serde(deserialize_with = "code")]
    unit: Unit,
    /// As purchased (`not_activated`) unless stated; `active` needs `activated_days_ago` and
    /// `activated_by`.
    #[serde(default = "not_activated", deserialize_with = "code")]
    status: BenefitStatus,
    activated_days_ago: Option<i64>,
    activated_by: Option<Email>,
    #[serde(default)]
    used: i64,
    /// Who holds it (seats, a usage-based subscription's owner), assigned by whoever activated
    /// it, when they did.
    #[serde(default)]
    holders: Vec<Email>,
    /// An active technical benefit's identifiers for support.
    access_id: Option<String>,
    contract_id: Option<String>,
    portal_url: Option<String>,
    instructions: Option<String>,
    /// One product key is generated per label.
    #[serde(default)]
    key_labels: Vec<String>,
    /// Every language gets every file of `media`.
    #[serde(default)]
    languages: Vec<String>,
    /// The name of a set in the file's `media`.
    media: Option<String>,
}

fn not_activated() -> BenefitStatus {
    BenefitStatus::NotActivated
}

/// One downloadable file per language. `file` is a template: `{tag}` becomes the lower-case
/// language tag ("ko-kr"), `{lang}` the language's word ("Korean").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Media {
    #[serde(deserialize_with = "code")]
    os: Os,
    file: String,
    /// Nominal size, in MiB.
    size_mb: i64,
}

/// The domain types the file names by their database codes ("visual_studio", "win64"), parsed
/// by the same `from_code` the server reads rows with.
trait Coded: Sized {
    const WHAT: &'static str;
    fn from_code(code: &str) -> Option<Self>;
}

macro_rules! coded {
    ($($t:ty => $what:literal),+ $(,)?) => {$(
        impl Coded for $t {
            const WHAT: &'static str = $what;
            fn from_code(code: &str) -> Option<Self> {
                <$t>::from_code(code)
            }
        }
    )+};
}

coded!(
    Category => "category",
    CloudKind => "cloud kind",
    Unit => "unit",
    BenefitStatus => "status",
    PartnerLevel => "partner level",
    Os => "OS",
);

fn code<'de, D: serde::Deserializer<'de>, T: Coded>(d: D) -> Result<T, D::Error> {
    from_code(&String::deserialize(d)?)
}

fn optional_code<'de, D: serde::Deserializer<'de>, T: Coded>(d: D) -> Result<Option<T>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|s| from_code(&s))
        .transpose()
}

fn from_code<T: Coded, E: serde::de::Error>(s: &str) -> Result<T, E> {
    T::from_code(s).ok_or_else(|| E::custom(format_args!("unknown {} {s:?}", T::WHAT)))
}

impl Company {
    /// The names of these users, in the same order.
    fn names(&self, emails: &[Email]) -> Vec<&str> {
        emails
            .iter()
            .filter_map(|e| {
                self.users
                    .iter()
                    .find(|u| u.email.normalized() == e.normalized())
            })
            .map(|u| u.name.as_str())
            .collect()
    }
}

impl Demo {
    /// What a demo benefit grants when its package is provisioned: its keys and files.
    fn grant<'a>(&'a self, c: &Company, b: &'a Benefit) -> Grant<'a> {
        let media: &[Media] = b
            .media
            .as_ref()
            .map_or(&[][..], |name| self.media[name].as_slice());
        // Language first, then OS: the order in which the page asks for them.
        let downloads = b
            .languages
            .iter()
            .flat_map(|language| media.iter().map(move |m| self.download(language, m)))
            .collect();
        Grant {
            category: b.category,
            cloud_kind: b.cloud_kind,
            name: &b.name,
            quantity: b.quantity,
            unit: b.unit,
            instructions: b.instructions.as_deref(),
            portal_url: b.portal_url.as_deref(),
            keys: b
                .key_labels
                .iter()
                .enumerate()
                .map(|(index, label)| (label.as_str(), demo_product_key(&c.name, &b.name, index)))
                .collect(),
            downloads,
        }
    }

    /// One placeholder file: nothing is served at its URL, and its size and checksum only look
    /// real (see the file's note).
    fn download(&self, language: &str, m: &Media) -> Download {
        let file_name = self.file_name(m, language);
        Download {
            language: language.to_string(),
            os: m.os,
            size_bytes: placeholder_size(m.size_mb, &file_name),
            sha256: placeholder_sha256(&file_name),
            url: crate::i18n::fill(
                &self.download_url,
                &[("language", language), ("file", &file_name)],
            ),
            file_name,
        }
    }

    fn file_name(&self, m: &Media, language: &str) -> String {
        let word = self.language_words.get(language).map_or("", String::as_str);
        crate::i18n::fill(
            &m.file,
            &[("tag", &language.to_ascii_lowercase()), ("lang", word)],
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Checks: what serde cannot see (references between entries, rules between fields). Each error
// names the entry, so a broken edit is found without a debugger.
// ---------------------------------------------------------------------------------------------

/// Why `data/demo.json` cannot be loaded.
#[derive(Debug)]
pub struct DemoError(String);

impl std::fmt::Display for DemoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "data/demo.json: {}", self.0)
    }
}

impl std::error::Error for DemoError {}

fn parse(text: &str) -> Result<Demo, DemoError> {
    let demo: Demo = serde_json::from_str(text).map_err(|e| DemoError(e.to_string()))?;
    check(&demo).map_err(DemoError)?;
    Ok(demo)
}

fn check(demo: &Demo) -> Result<(), String> {
    if !demo.download_url.contains("{file}") {
        return Err("download_url lacks {file}".into());
    }
    for (name, set) in &demo.media {
        if set.is_empty() {
            return Err(format!("media {name:?} is empty"));
        }
        if let Some(m) = set.iter().find(|m| m.size_mb <= 0) {
            return Err(format!("media {name:?}: {} has no size", m.file));
        }
    }
    // The schema only wants an address once per company, but every demo user shares one
    // password: an address at two companies would make its sign-in ask which company each time.
    let mut emails = HashSet::new();
    for c in &demo.companies {
        let at = |what: String| format!("company {:?}: {what}", c.name);
        for u in &c.users {
            if !emails.insert(u.email.normalized()) {
                return Err(at(format!("duplicate email {}", u.email)));
            }
        }
        // As in the product: a company always keeps someone who can manage it.
        if !c
            .users
            .iter()
            .any(|u| u.active && u.roles.contains(&Role::GlobalAdmin))
        {
            return Err(at("no active Global admin".into()));
        }
        let known: HashSet<String> = c.users.iter().map(|u| u.email.normalized()).collect();
        let user = |email: &Email, role: &str| {
            if known.contains(&email.normalized()) {
                Ok(())
            } else {
                Err(format!("{role} {email} is not a user of the company"))
            }
        };
        for p in &c.packages {
            let at = |what: String| at(format!("package {:?}: {what}", p.name));
            user(&p.bought_by, "bought_by").map_err(at)?;
            if let Some(code) = &p.catalogue_code {
                if crate::domain::catalogue::find(code).is_none() {
                    return Err(at(format!("unknown catalogue code {code:?}")));
                }
            }
        }
        for b in &c.benefits {
            check_benefit(demo, c, b, &user)
                .map_err(|what| at(format!("benefit {:?}: {what}", b.name)))?;
        }
    }
    Ok(())
}

fn check_benefit(
    demo: &Demo,
    c: &Company,
    b: &Benefit,
    user: &dyn Fn(&Email, &str) -> Result<(), String>,
) -> Result<(), String> {
    if b.package >= c.packages.len() {
        return Err(format!(
            "package index {} out of range ({} packages)",
            b.package,
            c.packages.len()
        ));
    }
    if b.cloud_kind.is_some() != (b.category == Category::Cloud) {
        return Err("a cloud benefit, and only one, has a cloud_kind".into());
    }
    if !(0..=b.quantity).contains(&b.used) {
        return Err(format!("used {} is not within 0..={}", b.used, b.quantity));
    }
    match b.status {
        BenefitStatus::Active => {
            let (Some(days_ago), Some(by)) = (b.activated_days_ago, &b.activated_by) else {
                return Err("an active benefit needs activated_days_ago and activated_by".into());
            };
            if days_ago < 0 {
                return Err("activated in the future".into());
            }
            user(by, "activated_by")?;
        }
        BenefitStatus::NotActivated => {
            if b.activated_days_ago.is_some()
                || b.activated_by.is_some()
                || b.used != 0
                || !b.holders.is_empty()
                || b.access_id.is_some()
            {
                return Err("only an active benefit is activated, used or held".into());
            }
        }
        // Pending needs its job, Cancelled its refund, and Expired is never stored.
        other => return Err(format!("status {:?} cannot be loaded", other.code())),
    }
    let mut held = HashSet::new();
    for holder in &b.holders {
        user(holder, "holder")?;
        if !held.insert(holder.normalized()) {
            return Err(format!("{holder} holds it twice"));
        }
    }
    // Where the page counts holders as the use, the stored count must agree with them.
    let held_by_people = matches!(
        (b.category, b.cloud_kind),
        (Category::VisualStudio, _) | (Category::Cloud, Some(CloudKind::Usage))
    );
    if held_by_people && b.used != b.holders.len() as i64 {
        return Err(format!("used {} but {} holders", b.used, b.holders.len()));
    }
    if !b.holders.is_empty() && !held_by_people && b.category != Category::Technical {
        return Err(
            "only seats, usage-based subscriptions and technical benefits have holders".into(),
        );
    }
    let supported = b.category == Category::Technical && b.status == BenefitStatus::Active;
    if (b.access_id.is_some() && b.contract_id.is_some()) != supported
        || b.access_id.is_some() != b.contract_id.is_some()
    {
        return Err(
            "an active technical benefit, and only one, has access_id and contract_id".into(),
        );
    }
    if b.key_labels.iter().any(|l| l.trim().is_empty()) {
        return Err("a key label is empty".into());
    }
    match &b.media {
        Some(name) => {
            let Some(set) = demo.media.get(name) else {
                return Err(format!("unknown media {name:?}"));
            };
            if b.languages.is_empty() {
                return Err("media without languages".into());
            }
            let spelt = set.iter().any(|m| m.file.contains("{lang}"));
            if let Some(l) = b
                .languages
                .iter()
                .find(|l| spelt && !demo.language_words.contains_key(*l))
            {
                return Err(format!("no language_words entry for {l:?}"));
            }
        }
        None if !b.languages.is_empty() => return Err("languages without media".into()),
        None => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Deterministic demo values
// ---------------------------------------------------------------------------------------------

/// The 24 characters Microsoft product keys use (no vowels or look-alikes such as 0/O, 1/I).
const KEY_ALPHABET: &[u8] = b"BCDFGHJKMPQRTVWXY2346789";

/// FNV-1a: a tiny, stable hash (std's hasher may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// SplitMix64's finaliser: spreads every input bit over the whole output.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A fake but well-formed product key (`XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`), the same on every run
/// for the same company, product and key index.
fn demo_product_key(company: &str, product: &str, index: usize) -> String {
    let mut state = fnv1a(format!("{company}|{product}|{index}").as_bytes());
    let mut key = String::with_capacity(29);
    for i in 0..25 {
        if i > 0 && i % 5 == 0 {
            key.push('-');
        }
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let pick = (mix(state) % KEY_ALPHABET.len() as u64) as usize;
        key.push(char::from(KEY_ALPHABET[pick]));
    }
    key
}

/// A stand-in SHA-256 (64 hex characters) derived from the file name. The demo files do not
/// exist, so there is nothing real to hash; the value only has to look and behave like one.
pub fn placeholder_sha256(file_name: &str) -> String {
    let base = fnv1a(file_name.as_bytes());
    (1..=4u64)
        .map(|round| {
            format!(
                "{:016x}",
                mix(base ^ round.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            )
        })
        .collect()
}

/// Localised images differ slightly in size: the nominal size plus up to 40 MB, by file name.
fn placeholder_size(size_mb: i64, file_name: &str) -> i64 {
    let jitter = (mix(fnv1a(file_name.as_bytes())) % 40_000_000) as i64;
    size_mb * 1_048_576 + jitter
}

/// Adds `count` more employees to a company (for load tests and benchmarks: a user picker must
/// stay fast with 10,000 users). Names are varied and deterministic; every account is inactive
/// for sign-in (no password) but active in the directory. Returns how many were added.
pub async fn add_bulk_users(
    db: &Db,
    company_id: i64,
    count: usize,
    now: i64,
) -> Result<usize, sqlx::Error> {
    let pool = &db.pool;
    const GIVEN: &[&str] = &[
        "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Soo-ah", "James", "Olivia", "Lukas",
        "Mia", "Haruto", "Yui", "Noah", "Emma", "Ethan", "Sofia", "Jae-won", "Yuna", "Daniel",
        "Chloe",
    ];
    const FAMILY: &[&str] = &[
        "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Smith", "Johnson", "Müller", "Schmidt",
        "Tanaka", "Suzuki", "Brown", "Garcia", "Martin", "Yoon", "Jang", "Lim", "Han", "Oh",
    ];
    let account_email: String =
        sqlx::query_scalar("SELECT account_email FROM companies WHERE id = $1")
            .bind(company_id)
            .fetch_one(pool)
            .await?;
    let domain = account_email
        .rsplit_once('@')
        .map_or(account_email.as_str(), |(_, d)| d)
        .to_string();
    let start: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
        .fetch_one(pool)
        .await?;
    let mut tx = pool.begin().await?;
    for i in 0..count {
        let n = start as usize + i + 1;
        let given = GIVEN[n % GIVEN.len()];
        let family = FAMILY[(n / GIVEN.len()) % FAMILY.len()];
        let email = format!(
            "{}.{}.{n}@{domain}",
            given.to_ascii_lowercase().replace('-', ""),
            family.to_ascii_lowercase().replace('ü', "ue")
        );
        sqlx::query(
            "INSERT INTO users (company_id, email, name, password_hash, created_at) VALUES ($1, $2, $3, '', $4)",
        )
        .bind(company_id)
        .bind(&email)
        .bind(format!("{family} {given} {n}"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if db.backend == super::db::Backend::Postgres {
        // Fresh statistics after a bulk load: until autovacuum gets to it, the planner would
        // take the user table for its old size and search it by walking the name order
        // instead of reading the full-text index (the benchmark measured 42 ms against 1 ms).
        sqlx::query("ANALYZE users").execute(pool).await?;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn demo() -> Demo {
        parse(DEMO_JSON).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_file_holds_both_companies_and_says_what_is_a_placeholder() {
        let demo = demo();
        let names: Vec<&str> = demo.companies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Contoso Ltd", "Fabrikam Inc"]);
        let raw: Value = serde_json::from_str(DEMO_JSON).unwrap();
        let note = raw["note"].as_str().unwrap();
        assert!(
            note.contains("placeholders") && note.contains("SHA-256"),
            "{note}"
        );
    }

    #[test]
    fn emails_are_unique_across_the_deployment() {
        let mut seen = HashSet::new();
        for c in demo().companies {
            for u in &c.users {
                assert!(seen.insert(u.email.normalized()), "duplicate {}", u.email);
            }
        }
    }

    #[test]
    fn every_company_has_every_category() {
        for c in demo().companies {
            for &category in Category::ALL {
                assert!(
                    c.benefits.iter().any(|b| b.category == category),
                    "{} lacks {category:?}",
                    c.name
                );
            }
        }
    }

    #[test]
    fn benefits_respect_the_schema() {
        for c in demo().companies {
            for b in &c.benefits {
                assert!(b.used >= 0 && b.used <= b.quantity, "{}", b.name);
                if b.status == BenefitStatus::Active {
                    // A seeded active software benefit would silently forfeit its package's refund.
                    assert_ne!(
                        b.category,
                        Category::Software,
                        "no software benefit starts active"
                    );
                }
                if b.category == Category::Software {
                    assert!((2..=3).contains(&b.key_labels.len()), "{}", b.name);
                    assert!(
                        b.instructions.is_some() && !b.languages.is_empty() && b.media.is_some()
                    );
                } else {
                    assert!(b.media.is_none(), "{}: only software has downloads", b.name);
                }
            }
        }
    }

    #[test]
    fn product_keys_are_well_formed_and_stable() {
        let key = demo_product_key("Contoso Ltd", "Windows 11 Enterprise", 0);
        assert_eq!(
            key,
            demo_product_key("Contoso Ltd", "Windows 11 Enterprise", 0)
        );
        assert_ne!(
            key,
            demo_product_key("Contoso Ltd", "Windows 11 Enterprise", 1)
        );
        let groups: Vec<&str> = key.split('-').collect();
        assert_eq!(groups.len(), 5);
        for group in groups {
            assert_eq!(group.len(), 5);
            assert!(group.bytes().all(|b| KEY_ALPHABET.contains(&b)), "{key}");
        }
    }

    #[test]
    fn checksums_look_like_sha256() {
        let sum = placeholder_sha256("en-us_sql_server_2025_enterprise_x64_dvd.iso");
        assert_eq!(sum.len(), 64);
        assert!(sum.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(
            sum,
            placeholder_sha256("ko-kr_sql_server_2025_enterprise_x64_dvd.iso")
        );
    }

    #[test]
    fn file_names_fill_in_the_language() {
        let demo = demo();
        let server = &demo.media["windows_server_2025"][0];
        assert_eq!(
            demo.file_name(server, "ko-KR"),
            "SW_DVD9_Win_Server_STD_CORE_2025_64Bit_Korean_DC_STD_MLF_X23-81891.ISO"
        );
        let mac = &demo.media["office_pro_plus_2024"][2];
        assert_eq!(
            demo.file_name(mac, "de-DE"),
            "Office_LTSC_ProPlus_2024_MacOS_de-de.pkg"
        );
        let d = demo.download("ko-KR", server);
        assert!((5_480 * 1_048_576..5_520 * 1_048_576).contains(&d.size_bytes));
        assert_eq!(
            d.url,
            "https://download.partnerbenefits.example/ko-KR/SW_DVD9_Win_Server_STD_CORE_2025_64Bit_Korean_DC_STD_MLF_X23-81891.ISO"
        );
    }

    /// The file with one change made by `edit`, parsed: the error it gives.
    fn error_after(edit: impl FnOnce(&mut Value)) -> String {
        let mut raw: Value = serde_json::from_str(DEMO_JSON).unwrap();
        edit(&mut raw);
        match parse(&raw.to_string()) {
            Ok(_) => panic!("the edited file was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_bad_entry_is_named() {
        let e = error_after(|raw| raw["companies"][0]["benefits"][0]["category"] = json!("apps"));
        assert!(e.contains(r#"unknown category "apps""#), "{e}");
        let e = error_after(|raw| raw["companies"][1]["partner_level"] = json!("platinum"));
        assert!(e.contains(r#"unknown partner level "platinum""#), "{e}");
        let e = error_after(|raw| raw["companies"][0]["benefits"][0]["package"] = json!(7));
        assert!(
            e.contains(r#"company "Contoso Ltd": benefit "Windows Server 2025 Datacenter": package index 7 out of range (2 packages)"#),
            "{e}"
        );
        let e = error_after(|raw| {
            let first = raw["companies"][0]["users"][0].clone();
            raw["companies"][1]["users"]
                .as_array_mut()
                .unwrap()
                .push(first);
        });
        assert!(
            e.contains(r#"company "Fabrikam Inc": duplicate email ga@contoso.example"#),
            "{e}"
        );
        let e = error_after(|raw| raw["companies"][0]["benefits"][0]["colour"] = json!("red"));
        assert!(e.contains("unknown field `colour`"), "{e}");
        let e = error_after(|raw| {
            raw["companies"][0]["packages"][0]["bought_by"] = json!("ga@fabrikam.example")
        });
        assert!(
            e.contains("bought_by ga@fabrikam.example is not a user of the company"),
            "{e}"
        );
        let e = error_after(|raw| raw["companies"][0]["benefits"][0]["media"] = json!("dvd"));
        assert!(e.contains(r#"unknown media "dvd""#), "{e}");
        let e = error_after(|raw| raw["companies"][0]["benefits"][0]["status"] = json!("pending"));
        assert!(e.contains(r#"status "pending" cannot be loaded"#), "{e}");
    }
}
