//! Expiry reminders and the calendar feed: the rules both sides share. A company chooses up to
//! five thresholds (days before a benefit ends, default 60, 30 and 7); when a benefit crosses
//! one, its Global admins are told once. The server keeps the "once" (a unique row per benefit
//! and threshold); which threshold is due is decided here.

use super::problem::{Problem, Problems};
use serde::{Deserialize, Serialize};

/// What a company gets until it chooses.
pub const DEFAULT_REMINDER_DAYS: [u16; 3] = [60, 30, 7];
/// More would be noise; a year ahead is the furthest a reminder makes sense.
pub const MAX_THRESHOLDS: usize = 5;
pub const MAX_DAYS: u16 = 365;

/// A company's thresholds: distinct, 1 to 365 days, largest first, at least one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderDays(Vec<u16>);

impl Default for ReminderDays {
    fn default() -> Self {
        ReminderDays(DEFAULT_REMINDER_DAYS.to_vec())
    }
}

impl ReminderDays {
    /// Reads what a person typed: numbers separated by commas or spaces ("60, 30, 7"), in any
    /// order, repeats ignored.
    pub fn parse(text: &str) -> Result<ReminderDays, Problem> {
        let mut days = Vec::new();
        for piece in text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
        {
            let n: u16 = piece.parse().map_err(|_| Problem::ReminderDays)?;
            if n == 0 || n > MAX_DAYS {
                return Err(Problem::ReminderDays);
            }
            days.push(n);
        }
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
        if days.is_empty() || days.len() > MAX_THRESHOLDS {
            return Err(Problem::ReminderDays);
        }
        Ok(ReminderDays(days))
    }

    /// The stored form (`companies.reminder_days`): "60,30,7". A stored value that no longer
    /// reads (edited by hand) falls back to the default rather than silencing reminders.
    pub fn stored(&self) -> String {
        self.0
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn from_stored(text: &str) -> ReminderDays {
        ReminderDays::parse(text).unwrap_or_default()
    }

    /// As a form shows it: "60, 30, 7".
    pub fn text(&self) -> String {
        self.stored().replace(',', ", ")
    }

    pub fn days(&self) -> &[u16] {
        &self.0
    }

    /// The threshold due for a benefit that ends in `days_left` days (0: today): the smallest
    /// threshold it is within. One that already ended gets none. A benefit first seen inside
    /// several thresholds (bought with 20 days left) gets only the nearest: one email, not three.
    pub fn due(&self, days_left: i64) -> Option<u16> {
        if days_left < 0 {
            return None;
        }
        self.0
            .iter()
            .rev()
            .copied()
            .find(|&t| days_left <= i64::from(t))
    }
}

/// The form on Account settings, checked on both sides by this function.
pub fn reminder_days_form(text: &str) -> Result<ReminderDays, Problems> {
    let mut p = Problems::default();
    match p.check("reminder_days", ReminderDays::parse(text)) {
        Some(days) => Ok(days),
        None => Err(p),
    }
}

/// Where a person's calendar feed stands. The link itself is a secret: it is shown once, when
/// made, and never listed again (only its hash is stored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeed {
    /// Unix seconds; `None` when the person has no feed.
    pub created_at: Option<i64>,
}

/// A feed just made: the one time its address is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarLink {
    pub url: String,
    pub created_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn typed_days_are_read_in_any_order_and_spacing() {
        assert_eq!(
            ReminderDays::parse("7, 60,30").unwrap().days(),
            &[60, 30, 7]
        );
        assert_eq!(ReminderDays::parse(" 90 14 14 ").unwrap().days(), &[90, 14]);
        assert_eq!(ReminderDays::parse("1").unwrap().text(), "1");
        assert_eq!(ReminderDays::default().stored(), "60,30,7");
    }

    #[test]
    fn bad_days_are_refused() {
        for bad in [
            "",
            " , ",
            "0",
            "366",
            "-7",
            "7.5",
            "sixty",
            "1,2,3,4,5,6",
            "99999999",
        ] {
            assert_eq!(
                ReminderDays::parse(bad),
                Err(Problem::ReminderDays),
                "{bad:?}"
            );
        }
        assert!(reminder_days_form("abc").unwrap_err().0[0].field == "reminder_days");
    }

    #[test]
    fn a_stored_value_that_no_longer_reads_falls_back_to_the_default() {
        assert_eq!(
            ReminderDays::from_stored("garbage"),
            ReminderDays::default()
        );
        assert_eq!(ReminderDays::from_stored("45").days(), &[45]);
    }

    #[test]
    fn the_nearest_threshold_crossed_is_due() {
        let d = ReminderDays::default();
        assert_eq!(d.due(90), None);
        assert_eq!(d.due(61), None);
        assert_eq!(d.due(60), Some(60));
        assert_eq!(d.due(31), Some(60));
        assert_eq!(d.due(30), Some(30));
        assert_eq!(d.due(20), Some(30));
        assert_eq!(d.due(7), Some(7));
        assert_eq!(d.due(0), Some(7));
        assert_eq!(d.due(-1), None);
    }

    proptest! {
        #[test]
        fn stored_days_read_back_the_same(days in proptest::collection::vec(1u16..=365, 1..=5)) {
            let text = days.iter().map(u16::to_string).collect::<Vec<_>>().join(" , ");
            let parsed = ReminderDays::parse(&text).unwrap();
            prop_assert_eq!(ReminderDays::parse(&parsed.stored()).unwrap(), parsed.clone());
            prop_assert!(parsed.days().windows(2).all(|w| w[0] > w[1]));
        }

        #[test]
        fn a_due_threshold_is_the_smallest_at_or_above_the_days_left(
            days in proptest::collection::vec(1u16..=365, 1..=5), left in -10i64..400,
        ) {
            let text = days.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
            let r = ReminderDays::parse(&text).unwrap();
            match r.due(left) {
                Some(t) => {
                    prop_assert!(left >= 0 && left <= i64::from(t));
                    prop_assert!(r.days().iter().all(|&o| o >= t || i64::from(o) < left));
                }
                None => prop_assert!(left < 0 || r.days().iter().all(|&o| i64::from(o) < left)),
            }
        }
    }
}
