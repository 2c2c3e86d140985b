//! May a package still be cancelled for a refund?
//!
//! The rule: within 30 days of purchase, and only if none of its software benefits has been
//! activated and none of its keys revealed (the stricter, current Partner Center rule).
//!
//! "Within 30 days" is counted as 30 × 24 hours from the instant of purchase. That deadline is
//! one instant for everyone: it does not move with the viewer's time zone or a daylight-saving
//! change, and a team spread over several zones sees the same answer. The page shows the days
//! left rounded up, so "1 day left" means the deadline is less than 24 hours away.

use super::{format, Date};
use crate::i18n::{tf, Key, Lang};
use serde::{Deserialize, Serialize};

pub const REFUND_WINDOW_SECS: i64 = 30 * 24 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ForfeitKind {
    SoftwareActivated,
    KeysRevealed,
}

/// Something that used the package and so forfeited the refund: what, on which benefit, by
/// whom, when (Unix seconds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forfeit {
    pub kind: ForfeitKind,
    pub benefit: String,
    pub by: String,
    pub at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Eligibility {
    /// May be cancelled for a refund until `deadline`.
    Refundable { days_left: i64, deadline: i64 },
    /// More than 30 days since purchase.
    WindowClosed { deadline: i64 },
    /// Something was used; the earliest such event.
    Forfeited(Forfeit),
}

impl Eligibility {
    pub fn is_refundable(&self) -> bool {
        matches!(self, Eligibility::Refundable { .. })
    }
}

/// The rule's answer in words: "18 days left to cancel for a refund", or why not.
pub fn explain(lang: Lang, e: &Eligibility) -> String {
    match e {
        Eligibility::Refundable {
            days_left,
            deadline,
        } => tf(
            lang,
            Key::RefundDaysLeft,
            &[
                ("days", &days_left.to_string()),
                ("date", &format::date(lang, Date::from_unix(*deadline))),
            ],
        ),
        Eligibility::WindowClosed { deadline } => tf(
            lang,
            Key::RefundWindowClosed,
            &[("date", &format::date(lang, Date::from_unix(*deadline)))],
        ),
        Eligibility::Forfeited(f) => tf(
            lang,
            match f.kind {
                ForfeitKind::KeysRevealed => Key::RefundKeysRevealed,
                ForfeitKind::SoftwareActivated => Key::RefundSoftwareActivated,
            },
            &[
                ("benefit", &f.benefit),
                ("name", &f.by),
                ("date", &format::date_time(lang, f.at)),
            ],
        ),
    }
}

/// The one rule, used by the Packages page and by the server when a cancellation is requested.
pub fn eligibility(purchased_at: i64, now: i64, forfeits: &[Forfeit]) -> Eligibility {
    let deadline = purchased_at + REFUND_WINDOW_SECS;
    if now >= deadline {
        return Eligibility::WindowClosed { deadline };
    }
    if let Some(first) = forfeits.iter().min_by_key(|f| f.at) {
        return Eligibility::Forfeited(first.clone());
    }
    let left = deadline - now;
    Eligibility::Refundable {
        days_left: (left + 86_399) / 86_400,
        deadline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    /// 2026-03-20 10:00 UTC.
    const BOUGHT: i64 = 1_774_000_800;

    fn revealed(at: i64) -> Forfeit {
        Forfeit {
            kind: ForfeitKind::KeysRevealed,
            benefit: "Windows Server 2025 Datacenter".into(),
            by: "Grace Admin".into(),
            at,
        }
    }

    #[test]
    fn on_the_day_of_purchase_thirty_days_are_left() {
        assert_eq!(
            eligibility(BOUGHT, BOUGHT, &[]),
            Eligibility::Refundable {
                days_left: 30,
                deadline: BOUGHT + 30 * DAY
            }
        );
    }

    #[test]
    fn day_29_is_still_refundable_with_one_day_left() {
        let e = eligibility(BOUGHT, BOUGHT + 29 * DAY, &[]);
        assert_eq!(
            e,
            Eligibility::Refundable {
                days_left: 1,
                deadline: BOUGHT + 30 * DAY
            }
        );
        // One second before the deadline is still inside.
        assert!(eligibility(BOUGHT, BOUGHT + 30 * DAY - 1, &[]).is_refundable());
    }

    #[test]
    fn day_30_and_day_31_are_too_late() {
        for now in [BOUGHT + 30 * DAY, BOUGHT + 31 * DAY] {
            assert_eq!(
                eligibility(BOUGHT, now, &[]),
                Eligibility::WindowClosed {
                    deadline: BOUGHT + 30 * DAY
                }
            );
        }
    }

    #[test]
    fn the_deadline_is_exactly_30_times_24_hours_after_the_purchase_instant() {
        // `eligibility` takes no time zone: the deadline is one instant, purchase + 30 × 86 400 s,
        // whichever zone the viewer is in. Bought at 1 774 744 200 = 2026-03-29 00:30 UTC, which
        // is 01:30 CET in Berlin, half an hour before Europe's clocks go forward (01:00 UTC, when
        // Berlin jumps from 02:00 CET to 03:00 CEST). 30 × 86 400 s later is 1 777 336 200 =
        // 2026-04-28 00:30 UTC: 02:30 CEST on a Berlin wall clock, not 01:30, and still the
        // deadline.
        const BEFORE_BERLIN_DST: i64 = 1_774_744_200;
        const DEADLINE: i64 = 1_777_336_200;
        assert_eq!(DEADLINE - BEFORE_BERLIN_DST, 30 * 86_400);
        assert_eq!(REFUND_WINDOW_SECS, 30 * 86_400);

        // A second before the deadline: still refundable, with (part of) one day left.
        assert_eq!(
            eligibility(BEFORE_BERLIN_DST, DEADLINE - 1, &[]),
            Eligibility::Refundable {
                days_left: 1,
                deadline: DEADLINE
            }
        );
        // At the deadline and a second after: too late.
        for now in [DEADLINE, DEADLINE + 1] {
            assert_eq!(
                eligibility(BEFORE_BERLIN_DST, now, &[]),
                Eligibility::WindowClosed { deadline: DEADLINE },
                "{now}"
            );
        }

        // What a Berlin viewer reads: the wall clock moved an hour, the deadline did not.
        assert_eq!(
            format::date_time_at(Lang::En, BEFORE_BERLIN_DST, 60),
            "Mar 29, 2026, 01:30 (UTC+1)"
        );
        assert_eq!(
            format::date_time_at(Lang::En, DEADLINE, 120),
            "Apr 28, 2026, 02:30 (UTC+2)"
        );
    }

    #[test]
    fn a_revealed_key_forfeits_the_refund_and_says_who_and_when() {
        let e = eligibility(BOUGHT, BOUGHT + 2 * DAY, &[revealed(BOUGHT + DAY)]);
        assert_eq!(e, Eligibility::Forfeited(revealed(BOUGHT + DAY)));
    }

    #[test]
    fn an_activated_software_benefit_forfeits_the_refund() {
        let activated = Forfeit {
            kind: ForfeitKind::SoftwareActivated,
            benefit: "SQL Server 2025 Enterprise".into(),
            by: "Minho Park".into(),
            at: BOUGHT + 3 * DAY,
        };
        let e = eligibility(
            BOUGHT,
            BOUGHT + 4 * DAY,
            &[revealed(BOUGHT + 3 * DAY + 60), activated.clone()],
        );
        assert_eq!(
            e,
            Eligibility::Forfeited(activated),
            "the earliest event is the reason"
        );
    }

    #[test]
    fn after_the_window_the_window_is_the_reason_even_if_keys_were_revealed() {
        let e = eligibility(BOUGHT, BOUGHT + 40 * DAY, &[revealed(BOUGHT + DAY)]);
        assert_eq!(
            e,
            Eligibility::WindowClosed {
                deadline: BOUGHT + 30 * DAY
            }
        );
    }
}
