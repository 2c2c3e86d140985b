//! Partner levels and the go-to-market benefit types each level may activate.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartnerLevel {
    Gold,
    Silver,
    ActionPack,
}

impl PartnerLevel {
    pub fn code(self) -> &'static str {
        match self {
            PartnerLevel::Gold => "gold",
            PartnerLevel::Silver => "silver",
            PartnerLevel::ActionPack => "action_pack",
        }
    }

    pub fn from_code(code: &str) -> Option<PartnerLevel> {
        match code {
            "gold" => Some(PartnerLevel::Gold),
            "silver" => Some(PartnerLevel::Silver),
            "action_pack" => Some(PartnerLevel::ActionPack),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PartnerLevel::Gold => "Gold",
            PartnerLevel::Silver => "Silver",
            PartnerLevel::ActionPack => "Action Pack",
        }
    }

    /// The go-to-market types open to this level, listed under each go-to-market benefit.
    /// A Gold partner keeps what Silver has.
    pub fn gtm_types(self) -> &'static [GtmType] {
        match self {
            PartnerLevel::Gold => &[GtmType::GoldCore, GtmType::SilverCore],
            PartnerLevel::Silver => &[GtmType::SilverCore],
            PartnerLevel::ActionPack => &[GtmType::ActionPackCore],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum GtmType {
    GoldCore,
    SilverCore,
    ActionPackCore,
}
super::deserialize_by_name!(GtmType {
    GoldCore,
    SilverCore,
    ActionPackCore
});

impl GtmType {
    pub fn code(self) -> &'static str {
        match self {
            GtmType::GoldCore => "gold_core",
            GtmType::SilverCore => "silver_core",
            GtmType::ActionPackCore => "action_pack_core",
        }
    }

    pub fn from_code(code: &str) -> Option<GtmType> {
        [
            GtmType::GoldCore,
            GtmType::SilverCore,
            GtmType::ActionPackCore,
        ]
        .into_iter()
        .find(|t| t.code() == code)
    }

    /// Product names, the same in every language.
    pub fn label(self) -> &'static str {
        match self {
            GtmType::GoldCore => "Gold Core",
            GtmType::SilverCore => "Silver Core",
            GtmType::ActionPackCore => "Action Pack Core",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_level_offers_its_own_types() {
        assert_eq!(
            PartnerLevel::Gold.gtm_types(),
            &[GtmType::GoldCore, GtmType::SilverCore]
        );
        assert_eq!(PartnerLevel::Silver.gtm_types(), &[GtmType::SilverCore]);
        assert!(!PartnerLevel::ActionPack
            .gtm_types()
            .contains(&GtmType::GoldCore));
        for t in [
            GtmType::GoldCore,
            GtmType::SilverCore,
            GtmType::ActionPackCore,
        ] {
            assert_eq!(GtmType::from_code(t.code()), Some(t));
        }
    }
}
