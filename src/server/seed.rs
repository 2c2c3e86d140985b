//! Demo data: two partner companies, the packages they bought and every kind of benefit those
//! packages grant, so a fresh deployment shows a realistic portal straight away.
//!
//! All instants are relative to `now`, so refund windows and expiry dates stay meaningful
//! whenever the demo is loaded. Product keys, checksums and file sizes come from small pure
//! functions: every run produces the same values (stable screenshots and tests) and no real key
//! ever ships with the code.

use super::crypto::Sealer;
use super::db::product_key_binding;
use super::db::Db;
use sqlx::AnyConnection;

use crate::domain::date::{Date, SECONDS_PER_DAY};

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
    if db.backend == super::db::Backend::Postgres {
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

    for company in COMPANIES {
        seed_company(&mut tx, sealer, company, now, password_hash).await?;
    }
    // Active technical benefits carry the identifiers support asks for.
    let active: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM benefits WHERE category = 'technical' AND status = 'active'",
    )
    .fetch_all(&mut *tx)
    .await?;
    for id in active {
        sqlx::query("UPDATE benefits SET access_id = $1, contract_id = $2 WHERE id = $3")
            .bind(format!("PA-{:08}", (id * 7919) % 100_000_000))
            .bind(format!("{:010}", (id * 104_729) % 10_000_000_000))
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }

    tx.commit().await?;
    tracing::info!(companies = COMPANIES.len(), "loaded the demo data");
    Ok(true)
}

/// Inserts one company with its users, packages, benefits, keys and downloads.
async fn seed_company(
    conn: &mut AnyConnection,
    sealer: &Sealer,
    c: &CompanySeed,
    now: i64,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    let company_id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO companies (name, partner_level, account_email, time_zone, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(c.name)
    .bind(c.partner_level)
    .bind(c.account_email)
    .bind(c.time_zone)
    .bind(days_before(now, c.created_days_ago))
    .fetch_one(&mut *conn)
    .await?;

    // The global admin comes first (lowest id) and joined with the company; the others
    // joined a few days apart after that.
    let admin_id = insert_user(
        conn,
        company_id,
        &c.global_admin,
        true,
        now,
        c.created_days_ago,
        password_hash,
    )
    .await?;
    for (i, user) in c.users.iter().enumerate() {
        let joined_days_ago = (c.created_days_ago - 5 * (i as i64 + 1)).max(1);
        insert_user(
            conn,
            company_id,
            user,
            false,
            now,
            joined_days_ago,
            password_hash,
        )
        .await?;
    }

    // The global admin bought every package; a package (and its benefits) lasts one year.
    let mut packages: Vec<(i64, String)> = Vec::with_capacity(c.packages.len());
    for p in c.packages {
        let purchased_at = days_before(now, p.bought_days_ago);
        let expires_on = Date::from_unix(purchased_at).add_years(1).to_string();
        let package_id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO packages
                 (company_id, name, purchased_at, purchased_by, price_cents, currency, status, expires_on)
             VALUES ($1, $2, $3, $4, $5, 'USD', 'active', $6) RETURNING id",
    )
        .bind(company_id)
        .bind(p.name)
        .bind(purchased_at)
        .bind(admin_id)
        .bind(p.price_cents)
        .bind(expires_on.clone())
        .fetch_one(&mut *conn)
    .await?;
        packages.push((package_id, expires_on));
    }

    for b in c.benefits {
        // Static data: a wrong index is a bug in the tables above, caught by the tests below.
        let (package_id, expires_on) = packages[b.package].clone();

        // Every activation in the demo was done by the global admin.
        let (activated_by, activated_at) = match b.status {
            Status::Active { days_ago } => (Some(admin_id), Some(days_before(now, days_ago))),
            Status::NotActivated => (None, None),
        };
        let benefit_id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO benefits
                 (company_id, package_id, category, cloud_kind, name, quantity, unit, used, status,
                  expires_on, instructions, portal_url, activated_by, activated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(company_id)
        .bind(package_id)
        .bind(b.category)
        .bind(b.cloud_kind)
        .bind(b.name)
        .bind(b.quantity)
        .bind(b.unit)
        .bind(b.used)
        .bind(b.status.as_str())
        .bind(expires_on)
        .bind(b.instructions)
        .bind(b.portal_url)
        .bind(activated_by)
        .bind(activated_at)
        .fetch_one(&mut *conn)
        .await?;

        for (index, label) in b.key_labels.iter().enumerate() {
            let key = demo_product_key(c.name, b.name, index);
            sqlx::query(
                "INSERT INTO product_keys (benefit_id, label, key_value) VALUES ($1, $2, $3)",
            )
            .bind(benefit_id)
            .bind(*label)
            .bind(sealer.seal(&key, &product_key_binding(benefit_id)))
            .execute(&mut *conn)
            .await?;
        }

        // Language first, then OS: the order in which the page asks for them.
        for language in b.languages {
            for media in b.media {
                let file_name = media.file_name(language);
                let size_bytes = media.size_bytes(&file_name);
                let sha256 = demo_sha256(&file_name);
                let url =
                    format!("https://download.partnerbenefits.example/{language}/{file_name}");
                sqlx::query(
                    "INSERT INTO downloads (benefit_id, language, os, file_name, size_bytes, sha256, url)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(benefit_id)
                .bind(*language)
                .bind(media.os)
                .bind(file_name)
                .bind(size_bytes)
                .bind(sha256)
                .bind(url)
                .execute(&mut *conn)
                .await?;
            }
        }

        // Only cloud subscriptions are active in the demo. A usage-based one is activated by
        // assigning yourself, so it also gets its holder; both leave an audit trail.
        if let (Status::Active { days_ago }, Some(kind)) = (b.status, b.cloud_kind) {
            let at = days_before(now, days_ago);
            let detail = if kind == "usage" {
                sqlx::query(
                    "INSERT INTO benefit_assignments
                         (company_id, benefit_id, user_id, assigned_by, assigned_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(company_id)
                .bind(benefit_id)
                .bind(admin_id)
                .bind(admin_id)
                .bind(at)
                .execute(&mut *conn)
                .await?;
                format!(
                    "Usage-based subscription assigned to {}",
                    c.global_admin.name
                )
            } else {
                "License-based subscription activated with its product keys".to_string()
            };
            sqlx::query(
                "INSERT INTO audit_events (company_id, user_id, action, benefit_id, detail, at)
                 VALUES ($1, $2, 'cloud_activated', $3, $4, $5)",
            )
            .bind(company_id)
            .bind(admin_id)
            .bind(benefit_id)
            .bind(detail)
            .bind(at)
            .execute(&mut *conn)
            .await?;
        }
    }

    Ok(())
}

async fn insert_user(
    conn: &mut AnyConnection,
    company_id: i64,
    user: &UserSeed,
    global_admin: bool,
    now: i64,
    joined_days_ago: i64,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let result = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users
             (company_id, email, name, password_hash, is_global_admin, is_mpn_partner_admin,
              active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(company_id)
    .bind(user.email)
    .bind(user.name)
    .bind(password_hash)
    .bind(i64::from(global_admin))
    .bind(i64::from(user.partner_admin))
    .bind(i64::from(user.active))
    .bind(days_before(now, joined_days_ago))
    .fetch_one(&mut *conn)
    .await?;
    Ok(result)
}

fn days_before(now: i64, days: i64) -> i64 {
    now - days * SECONDS_PER_DAY
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
fn demo_sha256(file_name: &str) -> String {
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

/// Volume-licensing file names spell the language out ("SW_DVD9_..._Korean_...").
fn language_word(tag: &str) -> &'static str {
    match tag {
        "en-US" => "English",
        "ko-KR" => "Korean",
        "ja-JP" => "Japanese",
        "de-DE" => "German",
        "zh-CN" => "ChnSimp",
        "fr-FR" => "French",
        _ => "MultiLang",
    }
}

// ---------------------------------------------------------------------------------------------
// Table types
// ---------------------------------------------------------------------------------------------

struct CompanySeed {
    name: &'static str,
    /// 'gold' | 'silver' | 'action_pack'
    partner_level: &'static str,
    account_email: &'static str,
    time_zone: &'static str,
    created_days_ago: i64,
    /// Inserted first; buys every package and performs every demo activation.
    global_admin: UserSeed,
    /// Everyone else, in insertion order.
    users: &'static [UserSeed],
    packages: &'static [PackageSeed],
    benefits: &'static [BenefitSeed],
}

struct UserSeed {
    email: &'static str,
    name: &'static str,
    partner_admin: bool,
    active: bool,
}

const fn user(email: &'static str, name: &'static str) -> UserSeed {
    UserSeed {
        email,
        name,
        partner_admin: false,
        active: true,
    }
}

const fn mpn_partner_admin(email: &'static str, name: &'static str) -> UserSeed {
    UserSeed {
        partner_admin: true,
        ..user(email, name)
    }
}

/// Someone who left: kept for history (audit, assignments) but can no longer sign in.
const fn former_user(email: &'static str, name: &'static str) -> UserSeed {
    UserSeed {
        active: false,
        ..user(email, name)
    }
}

struct PackageSeed {
    name: &'static str,
    bought_days_ago: i64,
    price_cents: i64,
}

#[derive(Clone, Copy)]
enum Status {
    NotActivated,
    Active { days_ago: i64 },
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::NotActivated => "not_activated",
            Status::Active { .. } => "active",
        }
    }
}

struct BenefitSeed {
    /// Index into the company's `packages`.
    package: usize,
    /// 'software' | 'cloud' | 'visual_studio' | 'technical' | 'go_to_market'
    category: &'static str,
    /// Cloud only: 'usage' | 'license'.
    cloud_kind: Option<&'static str>,
    name: &'static str,
    quantity: i64,
    /// 'licenses' | 'seats' | 'incidents' | 'hours' | 'credit' | 'campaigns'
    unit: &'static str,
    used: i64,
    status: Status,
    instructions: Option<&'static str>,
    portal_url: Option<&'static str>,
    /// One product key is generated per label.
    key_labels: &'static [&'static str],
    /// Every language gets every medium.
    languages: &'static [&'static str],
    media: &'static [Media],
}

/// One downloadable file per language. `file` is a template: `{tag}` becomes the lower-case
/// language tag ("ko-kr"), `{lang}` the volume-licensing language word ("Korean").
struct Media {
    /// 'win64' | 'win32' | 'winarm64' | 'macos' | 'linux'
    os: &'static str,
    file: &'static str,
    size_mb: i64,
}

impl Media {
    fn file_name(&self, language: &str) -> String {
        self.file
            .replace("{tag}", &language.to_ascii_lowercase())
            .replace("{lang}", language_word(language))
    }

    /// Localised images differ slightly in size; up to 40 MB more than the nominal size.
    fn size_bytes(&self, file_name: &str) -> i64 {
        let jitter = (mix(fnv1a(file_name.as_bytes())) % 40_000_000) as i64;
        self.size_mb * 1_048_576 + jitter
    }
}

const fn benefit(
    package: usize,
    category: &'static str,
    name: &'static str,
    quantity: i64,
    unit: &'static str,
) -> BenefitSeed {
    BenefitSeed {
        package,
        category,
        cloud_kind: None,
        name,
        quantity,
        unit,
        used: 0,
        status: Status::NotActivated,
        instructions: None,
        portal_url: None,
        key_labels: &[],
        languages: &[],
        media: &[],
    }
}

const fn software(
    package: usize,
    name: &'static str,
    quantity: i64,
    instructions: &'static str,
    key_labels: &'static [&'static str],
    languages: &'static [&'static str],
    media: &'static [Media],
) -> BenefitSeed {
    BenefitSeed {
        instructions: Some(instructions),
        key_labels,
        languages,
        media,
        ..benefit(package, "software", name, quantity, "licenses")
    }
}

/// Usage-based cloud subscription: activated by assigning yourself, managed in a portal.
const fn cloud_usage(
    package: usize,
    name: &'static str,
    quantity: i64,
    unit: &'static str,
    portal_url: &'static str,
) -> BenefitSeed {
    BenefitSeed {
        cloud_kind: Some("usage"),
        portal_url: Some(portal_url),
        ..benefit(package, "cloud", name, quantity, unit)
    }
}

/// License-based cloud subscription: activated by redeeming its keys.
const fn cloud_license(
    package: usize,
    name: &'static str,
    quantity: i64,
    instructions: &'static str,
    key_labels: &'static [&'static str],
    portal_url: &'static str,
) -> BenefitSeed {
    BenefitSeed {
        cloud_kind: Some("license"),
        instructions: Some(instructions),
        key_labels,
        portal_url: Some(portal_url),
        ..benefit(package, "cloud", name, quantity, "licenses")
    }
}

/// Visual Studio subscriptions; seats are assigned later, so none is used yet.
const fn subscription(package: usize, name: &'static str, seats: i64) -> BenefitSeed {
    benefit(package, "visual_studio", name, seats, "seats")
}

const fn technical(
    package: usize,
    name: &'static str,
    quantity: i64,
    unit: &'static str,
) -> BenefitSeed {
    benefit(package, "technical", name, quantity, unit)
}

const fn go_to_market(package: usize, name: &'static str, campaigns: i64) -> BenefitSeed {
    benefit(package, "go_to_market", name, campaigns, "campaigns")
}

impl BenefitSeed {
    const fn active(self, days_ago: i64, used: i64) -> BenefitSeed {
        BenefitSeed {
            status: Status::Active { days_ago },
            used,
            ..self
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The data
// ---------------------------------------------------------------------------------------------

static COMPANIES: &[CompanySeed] = &[CONTOSO, FABRIKAM];

const LANGUAGES: &[&str] = &["en-US", "ko-KR", "ja-JP", "de-DE"];
const LANGUAGES_ZH: &[&str] = &["en-US", "ko-KR", "ja-JP", "de-DE", "zh-CN"];
const LANGUAGES_FR: &[&str] = &["en-US", "ko-KR", "ja-JP", "de-DE", "fr-FR"];

const MAK: &str = "MAK (multiple activation key)";
const KMS: &str = "KMS host key";
const RETAIL: &str = "Retail key";

// Contoso's package indexes.
const GOLD_CLOUD: usize = 0;
const GOLD_APP_DEV: usize = 1;

const CONTOSO: CompanySeed = CompanySeed {
    name: "Contoso Ltd",
    partner_level: "gold",
    account_email: "partner@contoso.example",
    time_zone: "Asia/Seoul",
    created_days_ago: 1_095,
    global_admin: user("ga@contoso.example", "Grace Admin"),
    users: &[
        mpn_partner_admin("mpa@contoso.example", "Minho Park"),
        user("employee@contoso.example", "Evan Employee"),
        user("minjun.kim@contoso.example", "Kim Min-jun"),
        user("sarah.johnson@contoso.example", "Sarah Johnson"),
        user("seoyeon.lee@contoso.example", "Lee Seo-yeon"),
        user("jihoon.park@contoso.example", "Park Ji-hoon"),
        user("david.miller@contoso.example", "David Miller"),
        user("yuna.choi@contoso.example", "Choi Yu-na"),
        user("hyunwoo.jung@contoso.example", "Jung Hyun-woo"),
        user("emily.chen@contoso.example", "Emily Chen"),
        user("jimin.kang@contoso.example", "Kang Ji-min"),
        user("soobin.cho@contoso.example", "Cho Soo-bin"),
        user("michael.brown@contoso.example", "Michael Brown"),
        user("dohyun.yoon@contoso.example", "Yoon Do-hyun"),
        user("haeun.jang@contoso.example", "Jang Ha-eun"),
        user("jessica.taylor@contoso.example", "Jessica Taylor"),
        user("jaewon.lim@contoso.example", "Lim Jae-won"),
        user("seojun.han@contoso.example", "Han Seo-jun"),
        former_user("daniel.wilson@contoso.example", "Daniel Wilson"),
        user("jiwoo.oh@contoso.example", "Oh Ji-woo"),
        user("yejin.seo@contoso.example", "Seo Ye-jin"),
        user("olivia.martinez@contoso.example", "Olivia Martinez"),
        user("donghyun.shin@contoso.example", "Shin Dong-hyun"),
        user("eunji.kwon@contoso.example", "Kwon Eun-ji"),
        user("james.anderson@contoso.example", "James Anderson"),
        user("taeyang.hwang@contoso.example", "Hwang Tae-yang"),
        user("suah.ahn@contoso.example", "Ahn Su-ah"),
        user("sophia.nguyen@contoso.example", "Sophia Nguyen"),
        user("minseo.song@contoso.example", "Song Min-seo"),
        user("woojin.jeon@contoso.example", "Jeon Woo-jin"),
        user("ryan.oconnor@contoso.example", "Ryan O'Connor"),
        user("chaewon.hong@contoso.example", "Hong Chae-won"),
        user("junho.yoo@contoso.example", "Yoo Jun-ho"),
        user("hannah.lee@contoso.example", "Hannah Lee"),
        user("daeun.ko@contoso.example", "Ko Da-eun"),
        user("chris.thompson@contoso.example", "Chris Thompson"),
        user("sungmin.moon@contoso.example", "Moon Sung-min"),
        user("laura.garcia@contoso.example", "Laura Garcia"),
        user("harin.baek@contoso.example", "Baek Ha-rin"),
        user("kevin.walker@contoso.example", "Kevin Walker"),
        user("rachel.kim@contoso.example", "Rachel Kim"),
        user("thomas.wright@contoso.example", "Thomas Wright"),
    ],
    packages: &[
        // GOLD_CLOUD: long past its refund window.
        PackageSeed {
            name: "Gold Cloud Platform competency",
            bought_days_ago: 200,
            price_cents: 473_000,
        },
        // GOLD_APP_DEV: still inside the 30-day refund window, no software key revealed yet.
        PackageSeed {
            name: "Gold Application Development competency",
            bought_days_ago: 12,
            price_cents: 473_000,
        },
    ],
    benefits: &[
        // Software
        software(
            GOLD_CLOUD,
            "Windows Server 2025 Datacenter",
            16,
            "Use the MAK key for up to 16 activations. For more, set up a KMS host with the KMS \
             host key. Datacenter and Standard install from the same media: choose a Datacenter \
             edition during setup, or the key will not be accepted.",
            &[MAK, KMS],
            LANGUAGES_ZH,
            WINDOWS_SERVER_2025_MEDIA,
        ),
        software(
            GOLD_APP_DEV,
            "SQL Server 2025 Enterprise",
            10,
            "Licensed per core: the 10 licenses cover 10 cores, with at least 4 cores licensed \
             per server or virtual machine. On Windows, enter the volume license key on the \
             Product Key page of setup. On Linux, run `sudo /opt/mssql/bin/mssql-conf setup` \
             and choose to enter a product key, then enter the retail key.",
            &["Volume license key", RETAIL],
            LANGUAGES,
            SQL_SERVER_2025_MEDIA,
        ),
        software(
            GOLD_CLOUD,
            "Windows 11 Enterprise",
            50,
            "Use the MAK key for up to 50 activations. For more, or to activate the devices on \
             your network automatically, set up a KMS host with the KMS host key; a KMS host \
             activates Windows 11 clients once at least 25 devices have asked it.",
            &[MAK, KMS],
            LANGUAGES_ZH,
            WINDOWS_11_ENTERPRISE_MEDIA,
        ),
        software(
            GOLD_CLOUD,
            "Office LTSC Professional Plus 2024",
            25,
            "Use the MAK key for up to 25 activations. For more, install the Office LTSC 2024 \
             volume license pack on your KMS host and activate it with the KMS host key. On \
             Windows, deploy with the Office Deployment Tool (product ID ProPlus2024Volume); on \
             a Mac, run the package, which activates without a key.",
            &[MAK, KMS],
            LANGUAGES_ZH,
            OFFICE_PRO_PLUS_2024_MEDIA,
        ),
        software(
            GOLD_CLOUD,
            "System Center 2025 Datacenter",
            10,
            "Enter the product key when installing each System Center component (Configuration \
             Manager, Operations Manager, Virtual Machine Manager, Data Protection Manager). The \
             10 licenses cover 10 cores of managed servers, with at least 8 cores per server.",
            &["Volume license key", RETAIL],
            LANGUAGES,
            SYSTEM_CENTER_2025_MEDIA,
        ),
        software(
            GOLD_APP_DEV,
            "Visio Professional 2024",
            10,
            "Use the MAK key for up to 10 activations, or activate through your KMS host with \
             the KMS host key. Install with the Office Deployment Tool (product ID \
             VisioPro2024Volume) using the same 32-bit or 64-bit edition as Office.",
            &[MAK, KMS],
            LANGUAGES,
            VISIO_PRO_2024_MEDIA,
        ),
        software(
            GOLD_APP_DEV,
            "Project Professional 2024",
            10,
            "Use the MAK key for up to 10 activations, or activate through your KMS host with \
             the KMS host key. Install with the Office Deployment Tool (product ID \
             ProjectPro2024Volume) using the same 32-bit or 64-bit edition as Office.",
            &[MAK, KMS, RETAIL],
            LANGUAGES,
            PROJECT_PRO_2024_MEDIA,
        ),
        // Cloud
        cloud_usage(
            GOLD_CLOUD,
            "Azure credits: USD 3,500 per year",
            3_500,
            "credit",
            "https://portal.azure.com/#view/Microsoft_Azure_Billing/SubscriptionsBlade",
        ),
        cloud_usage(
            GOLD_APP_DEV,
            "Azure DevOps Services: 25 Basic users",
            25,
            "licenses",
            "https://dev.azure.com/",
        )
        .active(10, 1),
        cloud_license(
            GOLD_CLOUD,
            "Microsoft 365 E3",
            25,
            "Redeem each key at https://signup.microsoft.com/ while signed in to your partner \
             tenant (not a customer's), then assign the licenses to users in the Microsoft 365 \
             admin center. The licenses are for internal use only.",
            &[
                "Subscription key (20 licenses)",
                "Subscription key (5 licenses)",
            ],
            "https://admin.microsoft.com/",
        )
        .active(195, 18),
        cloud_license(
            GOLD_CLOUD,
            "Dynamics 365 Sales Enterprise",
            5,
            "Redeem the key at https://signup.microsoft.com/ while signed in to your partner \
             tenant, assign the licenses in the Microsoft 365 admin center, then create the \
             Sales environment in the Power Platform admin center.",
            &["Subscription key"],
            "https://admin.powerplatform.microsoft.com/",
        ),
        // Visual Studio subscriptions
        subscription(GOLD_APP_DEV, "Visual Studio Enterprise subscription", 25),
        subscription(GOLD_CLOUD, "Visual Studio Professional subscription", 10),
        subscription(
            GOLD_APP_DEV,
            "GitHub Enterprise with Visual Studio Enterprise",
            5,
        ),
        // Technical benefits
        technical(GOLD_CLOUD, "Product support incidents", 20, "incidents"),
        technical(GOLD_APP_DEV, "Partner advisory hours", 50, "hours"),
        technical(
            GOLD_CLOUD,
            "Technical presales and deployment services",
            25,
            "hours",
        )
        .active(150, 6),
        // Go-to-market benefits
        go_to_market(GOLD_CLOUD, "Marketing services: Gold Core", 1),
        go_to_market(GOLD_APP_DEV, "Customer case study", 1),
        go_to_market(GOLD_CLOUD, "Partner Marketing Center campaigns", 10),
    ],
};

// Fabrikam's package indexes.
const ACTION_PACK: usize = 0;
const ACTION_PACK_AZURE: usize = 1;

const FABRIKAM: CompanySeed = CompanySeed {
    name: "Fabrikam Inc",
    partner_level: "action_pack",
    account_email: "partner@fabrikam.example",
    time_zone: "Europe/Berlin",
    created_days_ago: 60,
    global_admin: user("ga@fabrikam.example", "Felix Gruber"),
    users: &[
        user("employee@fabrikam.example", "Emma Fischer"),
        user("anna.schneider@fabrikam.example", "Anna Schneider"),
        user("lukas.wagner@fabrikam.example", "Lukas Wagner"),
        user("oliver.bennett@fabrikam.example", "Oliver Bennett"),
        user("katharina.mueller@fabrikam.example", "Katharina Müller"),
    ],
    packages: &[
        PackageSeed {
            name: "Microsoft Action Pack",
            bought_days_ago: 45,
            price_cents: 53_000,
        },
        PackageSeed {
            name: "Microsoft Action Pack add-on: Azure",
            bought_days_ago: 8,
            price_cents: 12_000,
        },
    ],
    benefits: &[
        // Software
        software(
            ACTION_PACK,
            "Windows Server 2025 Standard",
            4,
            "Use the MAK key for up to 4 activations; each Standard license covers two virtual \
             machines on one licensed server. Datacenter and Standard install from the same \
             media: choose a Standard edition during setup.",
            &[MAK, RETAIL],
            LANGUAGES,
            WINDOWS_SERVER_2025_MEDIA,
        ),
        software(
            ACTION_PACK,
            "Office LTSC Standard 2024",
            10,
            "Use the MAK key for up to 10 activations. On Windows, deploy with the Office \
             Deployment Tool (product ID Standard2024Volume); on a Mac, run the package and \
             enter the retail key when Office asks for it.",
            &[MAK, RETAIL],
            LANGUAGES_FR,
            OFFICE_STANDARD_2024_MEDIA,
        ),
        software(
            ACTION_PACK,
            "Windows 11 Pro",
            10,
            "Use the MAK key for up to 10 activations, or the retail key on a single device. \
             Action Pack licenses are for internal use only: not for resale or for customers' \
             devices.",
            &[MAK, RETAIL],
            LANGUAGES_FR,
            WINDOWS_11_BUSINESS_MEDIA,
        ),
        // Cloud
        cloud_usage(
            ACTION_PACK_AZURE,
            "Azure credits: USD 100 per month",
            100,
            "credit",
            "https://portal.azure.com/#view/Microsoft_Azure_Billing/SubscriptionsBlade",
        ),
        cloud_license(
            ACTION_PACK,
            "Microsoft 365 Business Premium",
            5,
            "Redeem the key at https://signup.microsoft.com/ while signed in to your partner \
             tenant, then assign the licenses to users in the Microsoft 365 admin center.",
            &["Subscription key"],
            "https://admin.microsoft.com/",
        ),
        // Visual Studio subscriptions
        subscription(ACTION_PACK, "Visual Studio Professional subscription", 3),
        // Technical benefits
        technical(ACTION_PACK, "Product support incidents", 5, "incidents"),
        // Go-to-market benefits
        go_to_market(ACTION_PACK, "Action Pack marketing toolkit", 1),
    ],
};

// Download media. Sizes are nominal, in MiB.

const WINDOWS_SERVER_2025_MEDIA: &[Media] = &[Media {
    os: "win64",
    file: "SW_DVD9_Win_Server_STD_CORE_2025_64Bit_{lang}_DC_STD_MLF_X23-81891.ISO",
    size_mb: 5_480,
}];

const SQL_SERVER_2025_MEDIA: &[Media] = &[
    Media {
        os: "win64",
        file: "{tag}_sql_server_2025_enterprise_x64_dvd.iso",
        size_mb: 1_620,
    },
    Media {
        os: "linux",
        file: "{tag}_sql_server_2025_enterprise_linux_x64.tar.gz",
        size_mb: 1_540,
    },
];

const WINDOWS_11_ENTERPRISE_MEDIA: &[Media] = &[
    Media {
        os: "win64",
        file: "{tag}_windows_11_enterprise_version_25h2_x64_dvd.iso",
        size_mb: 5_540,
    },
    Media {
        os: "winarm64",
        file: "{tag}_windows_11_enterprise_version_25h2_arm64_dvd.iso",
        size_mb: 5_240,
    },
];

const WINDOWS_11_BUSINESS_MEDIA: &[Media] = &[
    Media {
        os: "win64",
        file: "{tag}_windows_11_business_editions_version_25h2_x64_dvd.iso",
        size_mb: 5_520,
    },
    Media {
        os: "winarm64",
        file: "{tag}_windows_11_business_editions_version_25h2_arm64_dvd.iso",
        size_mb: 5_210,
    },
];

const OFFICE_PRO_PLUS_2024_MEDIA: &[Media] = &[
    Media {
        os: "win64",
        file: "SW_DVD5_Office_LTSC_ProPlus_2024_64Bit_{lang}_MLF_X23-71457.ISO",
        size_mb: 4_410,
    },
    Media {
        os: "win32",
        file: "SW_DVD5_Office_LTSC_ProPlus_2024_32Bit_{lang}_MLF_X23-71456.ISO",
        size_mb: 3_960,
    },
    Media {
        os: "macos",
        file: "Office_LTSC_ProPlus_2024_MacOS_{tag}.pkg",
        size_mb: 2_050,
    },
];

const OFFICE_STANDARD_2024_MEDIA: &[Media] = &[
    Media {
        os: "win64",
        file: "SW_DVD5_Office_LTSC_Std_2024_64Bit_{lang}_MLF_X23-71462.ISO",
        size_mb: 4_180,
    },
    Media {
        os: "win32",
        file: "SW_DVD5_Office_LTSC_Std_2024_32Bit_{lang}_MLF_X23-71461.ISO",
        size_mb: 3_770,
    },
    Media {
        os: "macos",
        file: "Office_LTSC_Std_2024_MacOS_{tag}.pkg",
        size_mb: 1_980,
    },
];

const SYSTEM_CENTER_2025_MEDIA: &[Media] = &[Media {
    os: "win64",
    file: "SW_DVD5_System_Center_2025_Datacenter_64Bit_{lang}_MLF_X23-84512.ISO",
    size_mb: 1_730,
}];

const VISIO_PRO_2024_MEDIA: &[Media] = &[
    Media {
        os: "win64",
        file: "SW_DVD5_Visio_Pro_2024_64Bit_{lang}_MLF_X23-70921.ISO",
        size_mb: 3_820,
    },
    Media {
        os: "win32",
        file: "SW_DVD5_Visio_Pro_2024_32Bit_{lang}_MLF_X23-70920.ISO",
        size_mb: 3_490,
    },
];

const PROJECT_PRO_2024_MEDIA: &[Media] = &[
    Media {
        os: "win64",
        file: "SW_DVD5_Project_Pro_2024_64Bit_{lang}_MLF_X23-70933.ISO",
        size_mb: 3_760,
    },
    Media {
        os: "win32",
        file: "SW_DVD5_Project_Pro_2024_32Bit_{lang}_MLF_X23-70932.ISO",
        size_mb: 3_420,
    },
];

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
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const CATEGORIES: [&str; 5] = [
        "software",
        "cloud",
        "visual_studio",
        "technical",
        "go_to_market",
    ];

    #[test]
    fn emails_are_unique_across_the_deployment() {
        let mut seen = HashSet::new();
        for c in COMPANIES {
            for u in std::iter::once(&c.global_admin).chain(c.users.iter()) {
                assert!(
                    seen.insert(u.email.to_ascii_lowercase()),
                    "duplicate {}",
                    u.email
                );
            }
        }
    }

    #[test]
    fn every_company_has_every_category() {
        for c in COMPANIES {
            for category in CATEGORIES {
                assert!(
                    c.benefits.iter().any(|b| b.category == category),
                    "{} lacks {category}",
                    c.name
                );
            }
        }
    }

    #[test]
    fn benefits_respect_the_schema() {
        for c in COMPANIES {
            for b in c.benefits {
                assert!(
                    b.package < c.packages.len(),
                    "{}: bad package index",
                    b.name
                );
                assert!(CATEGORIES.contains(&b.category), "{}", b.name);
                assert!(b.used >= 0 && b.used <= b.quantity, "{}", b.name);
                assert_eq!(b.cloud_kind.is_some(), b.category == "cloud", "{}", b.name);
                if let Status::Active { .. } = b.status {
                    // A seeded active software benefit would silently forfeit its package's refund.
                    assert_ne!(b.category, "software", "no software benefit starts active");
                }
                if b.category == "software" {
                    assert!((2..=3).contains(&b.key_labels.len()), "{}", b.name);
                    assert!(
                        b.instructions.is_some() && !b.languages.is_empty() && !b.media.is_empty()
                    );
                } else {
                    assert!(
                        b.media.is_empty(),
                        "{}: only software has downloads",
                        b.name
                    );
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
        let sum = demo_sha256("en-us_sql_server_2025_enterprise_x64_dvd.iso");
        assert_eq!(sum.len(), 64);
        assert!(sum.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(
            sum,
            demo_sha256("ko-kr_sql_server_2025_enterprise_x64_dvd.iso")
        );
    }

    #[test]
    fn file_names_fill_in_the_language() {
        let media = &WINDOWS_SERVER_2025_MEDIA[0];
        assert_eq!(
            media.file_name("ko-KR"),
            "SW_DVD9_Win_Server_STD_CORE_2025_64Bit_Korean_DC_STD_MLF_X23-81891.ISO"
        );
        assert_eq!(
            OFFICE_PRO_PLUS_2024_MEDIA[2].file_name("de-DE"),
            "Office_LTSC_ProPlus_2024_MacOS_de-de.pkg"
        );
        let size = media.size_bytes("x.iso");
        assert!((1_500_i64 * 1_048_576..6_500_i64 * 1_048_576).contains(&size));
    }
}
