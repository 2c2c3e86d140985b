//! Benefit categories, statuses, units and the download choices, each with its database code,
//! its URL slug where it has one, and the label a person reads.

use super::date::Date;
use crate::domain::auth::Person;
use crate::domain::GtmType;
use crate::i18n::{t, tf, Key, Lang};
use serde::{Deserialize, Serialize};

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name { $($variant),+ }

        super::deserialize_by_name!($name { $($variant),+ });

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

coded_enum!(
    /// The five tabs of the Benefits page.
    Category {
        Software = "software",
        Cloud = "cloud",
        VisualStudio = "visual_studio",
        Technical = "technical",
        GoToMarket = "go_to_market",
    }
);

impl Category {
    /// The URL segment: `/benefits/visual-studio`.
    pub fn slug(self) -> &'static str {
        match self {
            Category::Software => "software",
            Category::Cloud => "cloud",
            Category::VisualStudio => "visual-studio",
            Category::Technical => "technical",
            Category::GoToMarket => "go-to-market",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.slug() == slug)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                Category::Software => Key::CategorySoftware,
                Category::Cloud => Key::CategoryCloud,
                Category::VisualStudio => Key::CategoryVisualStudio,
                Category::Technical => Key::CategoryTechnical,
                Category::GoToMarket => Key::CategoryGoToMarket,
            },
        )
    }
}

coded_enum!(
    /// A benefit's status. `Expired` is never stored: it is derived from the expiry date.
    BenefitStatus {
        NotActivated = "not_activated",
        Pending = "pending",
        Active = "active",
        Expired = "expired",
        Cancelled = "cancelled",
    }
);

impl BenefitStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                BenefitStatus::NotActivated => Key::StatusNotActivated,
                BenefitStatus::Pending => Key::StatusPending,
                BenefitStatus::Active => Key::StatusActive,
                BenefitStatus::Expired => Key::StatusExpired,
                BenefitStatus::Cancelled => Key::StatusCancelled,
            },
        )
    }

    /// What the user sees: benefits stop working after their expiry date (the expiry date
    /// itself is still usable). Cancellation wins over expiry.
    pub fn effective(stored: BenefitStatus, expires_on: Date, today: Date) -> BenefitStatus {
        match stored {
            BenefitStatus::Cancelled => BenefitStatus::Cancelled,
            _ if today > expires_on => BenefitStatus::Expired,
            s => s,
        }
    }

    /// Whether the benefit can still be used (keys revealed, users assigned).
    pub fn usable(self) -> bool {
        !matches!(self, BenefitStatus::Expired | BenefitStatus::Cancelled)
    }
}

/// What is stored about a benefit, as far as its status and count depend on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts<'a> {
    pub category: Category,
    pub cloud_kind: Option<CloudKind>,
    /// As stored: not activated, pending, active or cancelled.
    pub stored: BenefitStatus,
    pub expires_on: Date,
    pub quantity: i64,
    /// As stored: seats taken, incidents or hours used, go-to-market types activated.
    pub used: i64,
    /// People assigned (seat holders, the cloud owner, the technical contact).
    pub holders: i64,
    /// Product keys the benefit carries, and whether anyone revealed them.
    pub keys: i64,
    pub keys_revealed: bool,
    /// The state of each go-to-market type.
    pub gtm: &'a [BenefitStatus],
}

/// What a person sees of a benefit: its status and how much of it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub status: BenefitStatus,
    pub used: i64,
}

/// The one rule for every status and count the server answers and the page shows ("in the
/// Status column you will see Active"):
/// - a product with keys is active once its keys are revealed; revealing records who and when,
///   and claims no licence used: used is what is recorded as used (installed, assigned);
/// - a Visual Studio subscription is active while anyone holds a seat; a usage-based cloud
///   subscription once someone owns it; used is who holds them;
/// - a technical benefit is as its activation job left it (pending, then active);
/// - a go-to-market benefit is active when any of its types is, pending while any is, and
///   each type requested counts against its quantity;
/// - cancellation wins over everything, expiry over the rest.
pub fn standing(f: &Facts<'_>, today: Date) -> Standing {
    let active_if = |on: bool| {
        if on {
            BenefitStatus::Active
        } else {
            f.stored
        }
    };
    let (status, used) = match (f.category, f.cloud_kind) {
        (Category::VisualStudio, _) => (
            if f.holders > 0 {
                BenefitStatus::Active
            } else {
                BenefitStatus::NotActivated
            },
            f.holders,
        ),
        (Category::Cloud, Some(CloudKind::Usage)) => (active_if(f.holders > 0), f.holders),
        (Category::GoToMarket, _) => {
            let any = |s: BenefitStatus| f.gtm.contains(&s);
            let status = if any(BenefitStatus::Active) {
                BenefitStatus::Active
            } else if any(BenefitStatus::Pending) {
                BenefitStatus::Pending
            } else if any(BenefitStatus::Expired) {
                // Its types were used and have run out: it is spent, not "not activated".
                BenefitStatus::Expired
            } else {
                BenefitStatus::NotActivated
            };
            let requested = f
                .gtm
                .iter()
                .filter(|s| !matches!(s, BenefitStatus::NotActivated | BenefitStatus::Cancelled))
                .count() as i64;
            (status, requested)
        }
        _ if f.keys > 0 => {
            let on = f.keys_revealed || f.stored == BenefitStatus::Active;
            (active_if(on), f.used)
        }
        _ => (f.stored, f.used),
    };
    let status = if f.stored == BenefitStatus::Cancelled {
        BenefitStatus::Cancelled
    } else {
        BenefitStatus::effective(status, f.expires_on, today)
    };
    Standing {
        status,
        used: used.clamp(0, f.quantity.max(0)),
    }
}

coded_enum!(
    /// How a cloud benefit is turned on.
    CloudKind {
        Usage = "usage",
        License = "license",
    }
);

coded_enum!(
    /// What a benefit's quantity counts.
    Unit {
        Licenses = "licenses",
        Seats = "seats",
        Incidents = "incidents",
        Hours = "hours",
        Credit = "credit",
        Campaigns = "campaigns",
    }
);

impl Unit {
    /// "16 licenses", "1 seat", "USD 3,500", "라이선스 16개".
    pub fn quantity_label(self, lang: Lang, n: i64) -> String {
        let count = super::format::thousands(n);
        let key = match self {
            Unit::Credit => return format!("USD {count}"),
            Unit::Licenses => Key::UnitLicenses,
            Unit::Seats => Key::UnitSeats,
            Unit::Incidents => Key::UnitIncidents,
            Unit::Hours => Key::UnitHours,
            Unit::Campaigns => Key::UnitCampaigns,
        };
        tf(lang, key, &[("count", &count)])
    }
}

coded_enum!(
    /// The operating system a download is for.
    Os {
        Win64 = "win64",
        Win32 = "win32",
        WinArm64 = "winarm64",
        MacOs = "macos",
        Linux = "linux",
    }
);

impl Os {
    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                Os::Win64 => Key::OsWin64,
                Os::Win32 => Key::OsWin32,
                Os::WinArm64 => Key::OsWinArm64,
                Os::MacOs => Key::OsMacos,
                Os::Linux => Key::OsLinux,
            },
        )
    }
}

/// The name of a download language in that language, so a reader finds their own
/// ("한국어" rather than "Korean"), followed by the English name.
pub fn language_label(tag: &str) -> String {
    let (own, english) = match tag {
        "en-US" => ("English (United States)", ""),
        "ko-KR" => ("한국어", "Korean"),
        "ja-JP" => ("日本語", "Japanese"),
        "de-DE" => ("Deutsch", "German"),
        "fr-FR" => ("Français", "French"),
        "zh-CN" => ("中文(简体)", "Chinese Simplified"),
        "es-ES" => ("Español", "Spanish"),
        other => (other, ""),
    };
    if english.is_empty() {
        own.to_string()
    } else {
        format!("{own} ({english})")
    }
}

/// One downloadable file of a software product, as `list_downloads` answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Download {
    /// BCP 47 tag, e.g. `ko-KR`.
    pub language: String,
    pub os: Os,
    pub file_name: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub url: String,
}

impl Download {
    /// A stand-in, not a real file: its address is under `.example`, a name reserved so that it
    /// can never resolve (RFC 2606). The demo data and the demo catalogue's purchases carry such
    /// files, with a size and a SHA-256 that only look real; the page says so beside each one.
    pub fn is_placeholder(&self) -> bool {
        let host = self
            .url
            .split_once("://")
            .map_or("", |(_, rest)| rest)
            .split(['/', ':', '?', '#'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        host == "example" || host.ends_with(".example")
    }
}

/// A row of the Benefits page. Never carries keys or instructions: those are sent only by
/// [`get_keys`], so a list can be cached or logged without leaking secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitRow {
    pub id: i64,
    pub category: Category,
    pub cloud_kind: Option<CloudKind>,
    pub name: String,
    pub package_id: i64,
    pub package_name: String,
    pub quantity: i64,
    pub unit: Unit,
    pub used: i64,
    /// Effective status: `Expired` once past `expires_on`.
    pub status: BenefitStatus,
    pub expires_on: Date,
    /// How many product keys [`get_keys`] would reveal.
    pub key_count: i64,
    /// Where an active cloud subscription is managed.
    pub portal_url: Option<String>,
    pub activated_by: Option<Person>,
    /// Unix seconds.
    pub activated_at: Option<i64>,
    /// How many files the product has. The files themselves are not in the row: the page asks
    /// `list_downloads` for one product's when its downloads are opened, so a list stays small.
    pub download_count: i64,
    /// Who holds it: seat holders, the technical benefit's user, a cloud subscription's owner.
    pub assignees: Vec<Assignee>,
    /// Technical benefits, once active: what support asks for.
    pub access_id: Option<String>,
    pub contract_id: Option<String>,
    /// Go-to-market benefits: each type open to the company's partner level and its state.
    pub gtm: Vec<GtmState>,
    /// For rows with keys: days left to cancel its package for a refund, while that is still
    /// possible. Revealing keys then forfeits the refund, and the page warns first.
    pub refund_days_left: Option<i64>,
    /// Someone revealed its keys (a recorded reveal: who and when). The one fact the row, the
    /// Overview's "Keys never revealed" and the person view all read.
    #[serde(default)]
    pub keys_revealed: bool,
}

/// Who holds a benefit: anyone of the company sees the name and work email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    /// Unix seconds.
    pub assigned_at: i64,
    /// What only admins and the holder may read (`access::PersonalDetail`); `None` in the
    /// answer anyone else gets.
    pub details: Option<HolderDetails>,
}

/// The holder's personal details, for admins and the holder themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolderDetails {
    pub alternate_email: Option<String>,
    /// False when the holder was deactivated: their seat is still taken until someone removes it.
    pub active: bool,
    /// When they last signed in (Unix seconds); `None`: never.
    pub last_sign_in_at: Option<i64>,
}

impl Assignee {
    /// Known to be deactivated (only a reader who may see the account's status knows).
    pub fn deactivated(&self) -> bool {
        self.details.as_ref().is_some_and(|d| !d.active)
    }

    /// The holder as `roles`/`caller_id` may see them: the details only if the permission
    /// table lets the caller read every one of them.
    pub fn shaped_for(mut self, roles: super::Roles, caller_id: i64) -> Assignee {
        use super::access::{may_read_all, PersonalDetail};
        const HOLDER: [PersonalDetail; 3] = [
            PersonalDetail::AlternateEmail,
            PersonalDetail::LastSignIn,
            PersonalDetail::AccountStatus,
        ];
        if !may_read_all(roles, caller_id, &HOLDER, self.user_id) {
            self.details = None;
        }
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GtmState {
    pub gtm_type: GtmType,
    /// `NotActivated`, `Pending`, `Active` or `Expired`.
    pub status: BenefitStatus,
    pub expires_on: Option<Date>,
}

/// Names a person can tell apart: a benefit's name alone, or, when another benefit of the
/// list has the same name (two Visual Studio Professional subscriptions from two packages),
/// "Name (Package)". `rows` are (id, name, package name); the answer is by id.
pub fn distinct_names<'a>(
    rows: impl IntoIterator<Item = (i64, &'a str, &'a str)>,
) -> std::collections::HashMap<i64, String> {
    let rows: Vec<(i64, &str, &str)> = rows.into_iter().collect();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, name, _) in &rows {
        *seen.entry(name.to_lowercase()).or_default() += 1;
    }
    rows.into_iter()
        .map(|(id, name, package)| {
            let shown = if seen.get(&name.to_lowercase()).copied().unwrap_or(0) > 1 {
                format!("{name} ({package})")
            } else {
                name.to_string()
            };
            (id, shown)
        })
        .collect()
}

impl BenefitRow {
    /// Seats, incidents or hours not yet used.
    pub fn remaining(&self) -> i64 {
        (self.quantity - self.used).max(0)
    }

    /// Whether this benefit is turned on by revealing keys (software, license-based cloud).
    pub fn has_keys(&self) -> bool {
        self.key_count > 0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductKey {
    pub label: String,
    pub value: String,
}

/// The answer to Get keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedKeys {
    pub benefit_id: i64,
    pub keys: Vec<ProductKey>,
    /// Special instructions to follow when activating.
    pub instructions: Option<String>,
    /// The benefit as it stands now (revealing activates it), so the row updates at once.
    pub row: BenefitRow,
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_that_collide_carry_their_package() {
        let names = distinct_names([
            (
                1,
                "Visual Studio Professional subscription",
                "Gold Cloud Platform competency",
            ),
            (
                2,
                "Visual Studio Professional subscription",
                "Silver Cloud Platform competency",
            ),
            (3, "Azure DevOps", "Gold Cloud Platform competency"),
        ]);
        assert_eq!(
            names[&1],
            "Visual Studio Professional subscription (Gold Cloud Platform competency)"
        );
        assert_eq!(
            names[&2],
            "Visual Studio Professional subscription (Silver Cloud Platform competency)"
        );
        assert_eq!(names[&3], "Azure DevOps");
    }

    use super::*;

    /// The wire names are the variants' own, as serde's derive wrote and read them before
    /// `coded_enum!` read them by hand; anything else is refused with serde's message.
    #[test]
    fn coded_enums_read_back_what_they_write_and_refuse_other_names() {
        fn round_trip<T>(all: &[T])
        where
            T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        {
            for v in all {
                let json = serde_json::to_string(v).unwrap();
                assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
            }
        }
        round_trip(Category::ALL);
        round_trip(BenefitStatus::ALL);
        round_trip(CloudKind::ALL);
        round_trip(Unit::ALL);
        round_trip(Os::ALL);
        round_trip(&[
            GtmType::GoldCore,
            GtmType::SilverCore,
            GtmType::ActionPackCore,
        ]);
        assert_eq!(
            serde_json::to_string(&BenefitStatus::NotActivated).unwrap(),
            "\"NotActivated\""
        );
        assert_eq!(
            serde_json::from_str::<Unit>("\"Seats\"").unwrap(),
            Unit::Seats
        );
        let wrong = serde_json::from_str::<Unit>("\"seats\"")
            .unwrap_err()
            .to_string();
        assert!(
            wrong.starts_with("unknown variant `seats`, expected one of `Licenses`, `Seats`"),
            "{wrong}"
        );
        assert!(serde_json::from_str::<Unit>("3").is_err());
    }

    #[test]
    fn every_category_round_trips_through_its_slug_and_code() {
        for &c in Category::ALL {
            assert_eq!(Category::from_slug(c.slug()), Some(c));
            assert_eq!(Category::from_code(c.code()), Some(c));
        }
        assert_eq!(Category::from_slug("visual_studio"), None);
        assert_eq!(Category::from_slug("nope"), None);
    }

    #[test]
    fn a_benefit_expires_the_day_after_its_expiry_date() {
        let expires = Date::parse("2027-03-31").unwrap();
        let on = |d: &str| {
            BenefitStatus::effective(BenefitStatus::Active, expires, Date::parse(d).unwrap())
        };
        assert_eq!(on("2027-03-31"), BenefitStatus::Active);
        assert_eq!(on("2027-04-01"), BenefitStatus::Expired);
        assert!(!BenefitStatus::Expired.usable());
    }

    #[test]
    fn cancellation_outranks_expiry() {
        let expires = Date::parse("2020-01-01").unwrap();
        let today = Date::parse("2026-01-01").unwrap();
        assert_eq!(
            BenefitStatus::effective(BenefitStatus::Cancelled, expires, today),
            BenefitStatus::Cancelled
        );
    }

    fn facts(category: Category) -> Facts<'static> {
        Facts {
            category,
            cloud_kind: None,
            stored: BenefitStatus::NotActivated,
            expires_on: Date::parse("2030-01-01").unwrap(),
            quantity: 10,
            used: 0,
            holders: 0,
            keys: 0,
            keys_revealed: false,
            gtm: &[],
        }
    }

    #[test]
    fn one_rule_decides_what_each_category_shows() {
        let today = Date::parse("2027-01-01").unwrap();
        let see = |f: Facts<'_>| {
            let s = standing(&f, today);
            (s.status, s.used)
        };
        use BenefitStatus::*;
        // Keys revealed: active; revealing claims no licence used.
        let software = Facts {
            keys: 1,
            quantity: 16,
            ..facts(Category::Software)
        };
        assert_eq!(see(software.clone()), (NotActivated, 0));
        assert_eq!(
            see(Facts {
                keys_revealed: true,
                ..software.clone()
            }),
            (Active, 0)
        );
        // What is recorded as used stays what it is.
        assert_eq!(
            see(Facts {
                keys_revealed: true,
                used: 5,
                ..software.clone()
            }),
            (Active, 5)
        );
        // A license-based cloud subscription, the same.
        let d365 = Facts {
            cloud_kind: Some(CloudKind::License),
            keys: 2,
            ..facts(Category::Cloud)
        };
        assert_eq!(
            see(Facts {
                keys_revealed: true,
                ..d365
            }),
            (Active, 0)
        );
        // Seats: active while anyone holds one.
        let vs = facts(Category::VisualStudio);
        assert_eq!(
            see(Facts {
                holders: 3,
                used: 3,
                ..vs.clone()
            }),
            (Active, 3)
        );
        assert_eq!(
            see(Facts {
                stored: Active,
                ..vs
            }),
            (NotActivated, 0),
            "nobody holds one"
        );
        // Go-to-market: the types decide, each requested one counts.
        let gtm = facts(Category::GoToMarket);
        assert_eq!(
            see(Facts {
                gtm: &[Pending, NotActivated],
                quantity: 1,
                ..gtm.clone()
            }),
            (Pending, 1)
        );
        assert_eq!(
            see(Facts {
                gtm: &[Pending, Active],
                ..gtm.clone()
            }),
            (Active, 2)
        );
        assert_eq!(
            see(Facts {
                gtm: &[NotActivated],
                ..gtm.clone()
            }),
            (NotActivated, 0)
        );
        // Its only type ran out: spent, not waiting to be activated.
        assert_eq!(
            see(Facts {
                gtm: &[Expired, NotActivated],
                quantity: 1,
                ..gtm
            }),
            (Expired, 1)
        );
        // Technical: as stored.
        let tech = Facts {
            stored: Pending,
            used: 2,
            ..facts(Category::Technical)
        };
        assert_eq!(see(tech), (Pending, 2));
        // Cancelled wins; expired next.
        let cancelled = Facts {
            stored: Cancelled,
            holders: 2,
            ..facts(Category::VisualStudio)
        };
        assert_eq!(see(cancelled).0, Cancelled);
        let expired = Facts {
            holders: 2,
            expires_on: Date::parse("2026-12-31").unwrap(),
            ..facts(Category::VisualStudio)
        };
        assert_eq!(see(expired).0, Expired);
    }

    #[test]
    fn quantities_read_naturally() {
        assert_eq!(Unit::Seats.quantity_label(Lang::En, 1), "1 seat");
        assert_eq!(Unit::Licenses.quantity_label(Lang::En, 16), "16 licenses");
        assert_eq!(Unit::Credit.quantity_label(Lang::En, 3500), "USD 3,500");
        assert_eq!(Unit::Seats.quantity_label(Lang::Ko, 25), "25석");
    }

    #[test]
    fn languages_are_named_in_their_own_language() {
        assert_eq!(language_label("ko-KR"), "한국어 (Korean)");
        assert_eq!(language_label("en-US"), "English (United States)");
    }

    #[test]
    fn a_download_under_a_reserved_example_domain_is_a_placeholder() {
        let at = |url: &str| Download {
            language: "en-US".into(),
            os: Os::Win64,
            file_name: "x.iso".into(),
            size_bytes: 1,
            sha256: "0".repeat(64),
            url: url.into(),
        };
        assert!(at("https://download.partnerbenefits.example/en-US/x.iso").is_placeholder());
        assert!(at("https://DOWNLOAD.EXAMPLE:8443/x.iso").is_placeholder());
        assert!(!at("https://download.microsoft.com/x.iso").is_placeholder());
        assert!(!at("https://example.com/x.iso").is_placeholder());
        assert!(!at("https://evil.example.com/x.iso").is_placeholder());
    }
}
