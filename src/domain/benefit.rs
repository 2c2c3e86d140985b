//! Benefit categories, statuses, units and the download choices, each with its database code,
//! its URL slug where it has one, and the label a person reads.

use super::date::Date;
use crate::i18n::{t, tf, Key, Lang};
use serde::{Deserialize, Serialize};

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

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
        let key = match (self, n == 1) {
            (Unit::Credit, _) => return format!("USD {count}"),
            (Unit::Licenses, true) => Key::UnitLicense,
            (Unit::Licenses, false) => Key::UnitLicenses,
            (Unit::Seats, true) => Key::UnitSeat,
            (Unit::Seats, false) => Key::UnitSeats,
            (Unit::Incidents, true) => Key::UnitIncident,
            (Unit::Incidents, false) => Key::UnitIncidents,
            (Unit::Hours, true) => Key::UnitHour,
            (Unit::Hours, false) => Key::UnitHours,
            (Unit::Campaigns, true) => Key::UnitCampaign,
            (Unit::Campaigns, false) => Key::UnitCampaigns,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
