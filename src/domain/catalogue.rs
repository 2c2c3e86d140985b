//! What can be bought: the membership packages and the benefits each one grants. Shared by the
//! Packages page (names, prices) and the server (what a purchase creates).

use super::{Category, CloudKind, Os, Unit};

pub struct BenefitTemplate {
    pub category: Category,
    pub cloud_kind: Option<CloudKind>,
    pub name: &'static str,
    pub quantity: i64,
    pub unit: Unit,
    /// Labels of the product keys a purchase generates (software, license-based cloud).
    pub keys: &'static [&'static str],
    /// The operating systems downloads exist for (software only).
    pub os: &'static [Os],
    pub instructions: Option<&'static str>,
    pub portal_url: Option<&'static str>,
    /// How often usage credits are granted again (credits only).
    pub per: Option<Per>,
}

/// How often a credit is granted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Per {
    Month,
    Year,
}

pub struct Package {
    pub code: &'static str,
    pub name: &'static str,
    pub price_cents: i64,
    pub currency: &'static str,
    pub benefits: &'static [BenefitTemplate],
}

const fn software(
    name: &'static str,
    quantity: i64,
    os: &'static [Os],
    instructions: &'static str,
) -> BenefitTemplate {
    BenefitTemplate {
        category: Category::Software,
        cloud_kind: None,
        name,
        quantity,
        unit: Unit::Licenses,
        keys: &["MAK (multiple activation key)", "KMS host key"],
        os,
        instructions: Some(instructions),
        portal_url: None,
        per: None,
    }
}

const fn other(
    category: Category,
    name: &'static str,
    quantity: i64,
    unit: Unit,
) -> BenefitTemplate {
    BenefitTemplate {
        category,
        cloud_kind: None,
        name,
        quantity,
        unit,
        keys: &[],
        os: &[],
        instructions: None,
        portal_url: None,
        per: None,
    }
}

const fn azure_credits(name: &'static str, amount: i64, per: Per) -> BenefitTemplate {
    BenefitTemplate {
        category: Category::Cloud,
        cloud_kind: Some(CloudKind::Usage),
        name,
        quantity: amount,
        unit: Unit::Credit,
        keys: &[],
        os: &[],
        instructions: None,
        portal_url: Some(AZURE_PORTAL),
        per: Some(per),
    }
}

const AZURE_PORTAL: &str =
    "https://portal.azure.com/#view/Microsoft_Azure_Billing/SubscriptionsBlade";
const WINDOWS: &[Os] = &[Os::Win64];
const OFFICE: &[Os] = &[Os::Win64, Os::Win32, Os::MacOs];

pub const CATALOGUE: &[Package] = &[
    Package {
        code: "action_pack",
        name: "Microsoft Action Pack",
        price_cents: 53_000,
        currency: "USD",
        benefits: &[
            software(
                "Windows Server 2025 Standard",
                4,
                WINDOWS,
                "Use the MAK for up to 4 activations.",
            ),
            software(
                "Office LTSC Standard 2024",
                10,
                OFFICE,
                "Enter the MAK during setup or with the Office Deployment Tool.",
            ),
            azure_credits("Azure credits: USD 100 per month", 100, Per::Month),
            other(
                Category::VisualStudio,
                "Visual Studio Professional subscription",
                3,
                Unit::Seats,
            ),
            other(
                Category::GoToMarket,
                "Action Pack marketing toolkit",
                1,
                Unit::Campaigns,
            ),
        ],
    },
    Package {
        code: "silver_cloud",
        name: "Silver Cloud Platform competency",
        price_cents: 190_000,
        currency: "USD",
        benefits: &[
            software(
                "Windows Server 2025 Datacenter",
                8,
                WINDOWS,
                "Use the MAK for up to 8 activations; set up a KMS host for more.",
            ),
            software(
                "SQL Server 2025 Standard",
                5,
                &[Os::Win64, Os::Linux],
                "Licensed per core; enter the key during setup.",
            ),
            azure_credits("Azure credits: USD 1,800 per year", 1800, Per::Year),
            other(
                Category::VisualStudio,
                "Visual Studio Enterprise subscription",
                5,
                Unit::Seats,
            ),
            other(
                Category::Technical,
                "Product support incidents",
                10,
                Unit::Incidents,
            ),
            other(
                Category::Technical,
                "Partner advisory hours",
                20,
                Unit::Hours,
            ),
            other(
                Category::GoToMarket,
                "Marketing services: Silver Core",
                1,
                Unit::Campaigns,
            ),
        ],
    },
    Package {
        code: "gold_cloud",
        name: "Gold Cloud Platform competency",
        price_cents: 473_000,
        currency: "USD",
        benefits: &[
            software(
                "Windows Server 2025 Datacenter",
                16,
                WINDOWS,
                "Use the MAK for up to 16 activations; set up a KMS host for more.",
            ),
            software(
                "System Center 2025 Datacenter",
                10,
                WINDOWS,
                "Enter the key during setup of each System Center component.",
            ),
            azure_credits("Azure credits: USD 3,500 per year", 3500, Per::Year),
            other(
                Category::VisualStudio,
                "Visual Studio Enterprise subscription",
                25,
                Unit::Seats,
            ),
            other(
                Category::Technical,
                "Product support incidents",
                20,
                Unit::Incidents,
            ),
            other(
                Category::Technical,
                "Partner advisory hours",
                50,
                Unit::Hours,
            ),
            other(
                Category::GoToMarket,
                "Marketing services: Gold Core",
                1,
                Unit::Campaigns,
            ),
        ],
    },
];

pub fn find(code: &str) -> Option<&'static Package> {
    CATALOGUE.iter().find(|p| p.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_package_grants_benefits_and_software_can_be_downloaded_and_activated() {
        for p in CATALOGUE {
            assert!(!p.benefits.is_empty(), "{}", p.code);
            assert_eq!(find(p.code).map(|f| f.name), Some(p.name));
            for b in p
                .benefits
                .iter()
                .filter(|b| b.category == Category::Software)
            {
                assert!(!b.keys.is_empty() && !b.os.is_empty(), "{}", b.name);
            }
        }
        assert!(find("nothing").is_none());
    }
}
