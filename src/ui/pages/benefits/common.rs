//! What every category's panel says about a benefit row, whatever its category.

use crate::api::benefits::BenefitRow;
use crate::domain::{format, BenefitStatus, Date};
use crate::i18n::{tf, Key, Lang};

/// Why a benefit can no longer be used, if it cannot.
pub fn unusable_reason(lang: Lang, row: &BenefitRow) -> Option<String> {
    match row.status {
        BenefitStatus::Expired => Some(tf(
            lang,
            Key::ErrExpired,
            &[
                ("benefit", &row.name),
                ("date", &format::date(lang, row.expires_on)),
            ],
        )),
        BenefitStatus::Cancelled => Some(tf(lang, Key::ErrCancelled, &[("benefit", &row.name)])),
        _ => None,
    }
}

/// "Assigned to Grace Admin on Mar 3, 2027."
pub fn assigned_line(lang: Lang, name: &str, at: Option<i64>) -> String {
    match at {
        Some(at) => tf(
            lang,
            Key::AssignedToOn,
            &[
                ("name", name),
                ("date", &format::date(lang, Date::from_unix(at))),
            ],
        ),
        None => tf(lang, Key::AssignedTo, &[("name", name)]),
    }
}
