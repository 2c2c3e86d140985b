//! The Overview, the landing page after sign-in: what needs a decision soon, computed from the
//! same rows the Benefits and Packages pages show (so the numbers always agree with them).
//! Admins see the company's; anyone else sees what they hold.

use super::benefits::BenefitRow;
use super::packages::PackageRow;
use super::{Category, Date, Unit};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How far ahead "expiring" looks; the page groups by 30, 60 and 90 days.
pub const EXPIRING_WITHIN_DAYS: i64 = 90;

/// One benefit on the overview, with the number the list is about (free seats, days left,
/// incidents or hours remaining, keys).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub benefit_id: i64,
    pub category: Category,
    pub name: String,
    pub count: i64,
    pub unit: Unit,
    pub expires_on: Date,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundableItem {
    pub package_id: i64,
    pub name: String,
    pub days_left: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingItem {
    pub item: Item,
    /// Unix seconds the activation is expected by, when one is scheduled.
    pub expected_at: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Packages that can still be cancelled for a refund, fewest days left first.
    pub refundable: Vec<RefundableItem>,
    /// Usable benefits ending within [`EXPIRING_WITHIN_DAYS`]; `count` is the days left.
    pub expiring: Vec<Item>,
    /// Visual Studio subscriptions with seats nobody holds; `count` is the free seats.
    pub free_seats: Vec<Item>,
    /// Benefits whose keys nobody revealed yet; `count` is the keys.
    pub keys_unrevealed: Vec<Item>,
    /// Support incidents and advisory hours still to use; `count` is what remains.
    pub support_left: Vec<Item>,
    /// Activations requested and not through yet.
    pub pending: Vec<PendingItem>,
    /// The company has go-to-market benefits but nobody to receive them.
    pub marketing_contact_missing: bool,
    /// What the viewer holds themselves; `count` is the days left.
    pub held: Vec<Item>,
    /// Whether this is the company's overview (an admin's) or only the viewer's own.
    pub company_wide: bool,
}

/// What the overview is made from, as the server loads it.
pub struct Facts<'a> {
    pub rows: &'a [BenefitRow],
    pub packages: &'a [PackageRow],
    /// When a pending activation of a benefit is expected (its scheduled job).
    pub expected: &'a HashMap<i64, i64>,
    pub has_marketing_contact: bool,
    pub viewer: i64,
    pub admin: bool,
    /// Whether the viewer may hand out seats (a Global admin): free seats are a decision only
    /// for them, not for an MPN partner admin who cannot take it.
    pub may_assign: bool,
    pub today: Date,
}

fn item(row: &BenefitRow, count: i64) -> Item {
    Item {
        benefit_id: row.id,
        category: row.category,
        name: row.name.clone(),
        count,
        unit: row.unit,
        expires_on: row.expires_on,
    }
}

pub fn build(f: Facts<'_>) -> Overview {
    // Two benefits of one name (from two packages) are told apart by their package in every
    // list below.
    let names = super::benefits::distinct_names(
        f.rows
            .iter()
            .map(|r| (r.id, r.name.as_str(), r.package_name.as_str())),
    );
    let item = |row: &BenefitRow, count: i64| Item {
        name: names
            .get(&row.id)
            .cloned()
            .unwrap_or_else(|| row.name.clone()),
        ..item(row, count)
    };
    let usable = |r: &&BenefitRow| r.status.usable();
    let days_left = |r: &BenefitRow| f.today.days_until(r.expires_on);
    let held: Vec<Item> = f
        .rows
        .iter()
        .filter(usable)
        .filter(|r| r.assignees.iter().any(|a| a.user_id == f.viewer))
        .map(|r| item(r, days_left(r)))
        .collect();
    if !f.admin {
        return Overview {
            held,
            ..Overview::default()
        };
    }
    let mut refundable: Vec<RefundableItem> = f
        .packages
        .iter()
        .filter_map(|p| match p.eligibility {
            super::refund::Eligibility::Refundable { days_left, .. } => Some(RefundableItem {
                package_id: p.id,
                name: p.name.clone(),
                days_left,
            }),
            _ => None,
        })
        .collect();
    refundable.sort_by_key(|p| (p.days_left, p.package_id));
    let mut expiring: Vec<Item> = f
        .rows
        .iter()
        .filter(usable)
        .map(|r| item(r, days_left(r)))
        .filter(|i| (0..=EXPIRING_WITHIN_DAYS).contains(&i.count))
        .collect();
    expiring.sort_by_key(|i| (i.count, i.benefit_id));
    let of = |category: Category| {
        f.rows
            .iter()
            .filter(usable)
            .filter(move |r| r.category == category && r.remaining() > 0)
            .map(|r| item(r, r.remaining()))
            .collect::<Vec<_>>()
    };
    Overview {
        refundable,
        expiring,
        free_seats: if f.may_assign {
            of(Category::VisualStudio)
        } else {
            Vec::new()
        },
        keys_unrevealed: f
            .rows
            .iter()
            .filter(usable)
            .filter(|r| r.has_keys() && !r.keys_revealed)
            .map(|r| item(r, r.key_count))
            .collect(),
        support_left: of(Category::Technical),
        pending: f
            .rows
            .iter()
            .filter(|r| r.status == super::BenefitStatus::Pending)
            .map(|r| PendingItem {
                item: item(r, days_left(r)),
                expected_at: f.expected.get(&r.id).copied(),
            })
            .collect(),
        marketing_contact_missing: !f.has_marketing_contact
            && f.rows
                .iter()
                .filter(usable)
                .any(|r| r.category == Category::GoToMarket),
        held,
        company_wide: true,
    }
}

impl Overview {
    /// Nothing needs a decision: the page says so instead of showing empty lists.
    pub fn is_quiet(&self) -> bool {
        self.refundable.is_empty()
            && self.expiring.is_empty()
            && self.free_seats.is_empty()
            && self.keys_unrevealed.is_empty()
            && self.support_left.is_empty()
            && self.pending.is_empty()
            && !self.marketing_contact_missing
            && self.held.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::benefits::Assignee;
    use crate::domain::packages::PackageStatus;
    use crate::domain::refund::Eligibility;
    use crate::domain::BenefitStatus;

    fn today() -> Date {
        Date::from_ymd(2026, 12, 3).unwrap()
    }

    fn row(id: i64, category: Category, quantity: i64, used: i64, days: i64) -> BenefitRow {
        BenefitRow {
            id,
            category,
            cloud_kind: None,
            name: format!("Benefit {id}"),
            package_id: 1,
            package_name: "Pack".into(),
            quantity,
            unit: match category {
                Category::VisualStudio => Unit::Seats,
                Category::Technical => Unit::Incidents,
                _ => Unit::Licenses,
            },
            used,
            status: BenefitStatus::Active,
            expires_on: today().add_days(days),
            key_count: 0,
            portal_url: None,
            activated_by: None,
            activated_at: None,
            download_count: 0,
            assignees: Vec::new(),
            access_id: None,
            contract_id: None,
            gtm: Vec::new(),
            refund_days_left: None,
            keys_revealed: false,
        }
    }

    fn holder(user_id: i64) -> Assignee {
        Assignee {
            user_id,
            name: "Kim".into(),
            email: "kim@contoso.example".into(),
            assigned_at: 0,
            details: None,
        }
    }

    fn package(id: i64, eligibility: Eligibility) -> PackageRow {
        PackageRow {
            id,
            name: format!("Package {id}"),
            purchased_at: 0,
            purchased_by: "Grace".into(),
            price_cents: 0,
            currency: "USD".into(),
            status: PackageStatus::Active,
            expires_on: today().add_days(300),
            benefits: Vec::new(),
            eligibility,
            cancellation: None,
        }
    }

    fn overview(rows: &[BenefitRow], packages: &[PackageRow], admin: bool) -> Overview {
        overview_as(rows, packages, admin, admin)
    }

    fn overview_as(
        rows: &[BenefitRow],
        packages: &[PackageRow],
        admin: bool,
        may_assign: bool,
    ) -> Overview {
        let expected: HashMap<i64, i64> = [(5, 1_800_000_000)].into();
        build(Facts {
            rows,
            packages,
            expected: &expected,
            has_marketing_contact: false,
            viewer: 7,
            admin,
            may_assign,
            today: today(),
        })
    }

    #[test]
    fn free_seats_are_a_decision_only_for_who_may_assign_them() {
        let rows = vec![row(4, Category::VisualStudio, 10, 3, 400)];
        let free = |o: Overview| {
            o.free_seats
                .iter()
                .map(|i| (i.benefit_id, i.count))
                .collect::<Vec<_>>()
        };
        assert_eq!(free(overview_as(&rows, &[], true, true)), [(4, 7)]);
        assert!(free(overview_as(&rows, &[], true, false)).is_empty());
    }

    #[test]
    fn an_admin_sees_what_needs_a_decision_each_in_its_list() {
        let mut keys_new = row(2, Category::Software, 10, 0, 400);
        keys_new.key_count = 10;
        let mut keys_seen = row(3, Category::Software, 10, 0, 400);
        keys_seen.key_count = 10;
        keys_seen.keys_revealed = true;
        let mut pending = row(5, Category::Technical, 1, 0, 200);
        pending.status = BenefitStatus::Pending;
        let mut expired = row(6, Category::VisualStudio, 5, 0, -1);
        expired.status = BenefitStatus::Expired;
        let rows = [
            row(1, Category::VisualStudio, 5, 2, 20),
            keys_new,
            keys_seen,
            row(4, Category::Technical, 4, 4, 61),
            pending,
            expired,
            row(8, Category::GoToMarket, 1, 0, 0),
        ];
        let packages = [
            package(
                1,
                Eligibility::Refundable {
                    days_left: 12,
                    deadline: 0,
                },
            ),
            package(2, Eligibility::WindowClosed { deadline: 0 }),
            package(
                3,
                Eligibility::Refundable {
                    days_left: 3,
                    deadline: 0,
                },
            ),
        ];
        let o = overview(&rows, &packages, true);
        assert!(o.company_wide);
        let ids = |items: &[Item]| {
            items
                .iter()
                .map(|i| (i.benefit_id, i.count))
                .collect::<Vec<_>>()
        };
        // Refundable packages, fewest days first; a closed window is not listed.
        assert_eq!(
            o.refundable
                .iter()
                .map(|p| (p.package_id, p.days_left))
                .collect::<Vec<_>>(),
            [(3, 3), (1, 12)]
        );
        // Ending within 90 days, soonest first, today included, the expired one not.
        assert_eq!(ids(&o.expiring), [(8, 0), (1, 20), (4, 61)]);
        assert_eq!(
            ids(&o.free_seats),
            [(1, 3)],
            "the expired subscription's seats are not free"
        );
        assert_eq!(ids(&o.keys_unrevealed), [(2, 10)]);
        // Technical: the pending one still has its incident; the used-up one is not listed.
        assert_eq!(ids(&o.support_left), [(5, 1)]);
        assert_eq!(o.pending.len(), 1);
        assert_eq!(o.pending[0].expected_at, Some(1_800_000_000));
        assert!(o.marketing_contact_missing);
        assert!(o.held.is_empty());
        assert!(!o.is_quiet());
    }

    #[test]
    fn anyone_else_sees_only_what_they_hold() {
        let mut mine = row(1, Category::VisualStudio, 5, 1, 40);
        mine.assignees.push(holder(7));
        let mut theirs = row(2, Category::VisualStudio, 5, 1, 10);
        theirs.assignees.push(holder(8));
        let packages = [package(
            1,
            Eligibility::Refundable {
                days_left: 12,
                deadline: 0,
            },
        )];
        let o = overview(
            &[mine, theirs, row(8, Category::GoToMarket, 1, 0, 5)],
            &packages,
            false,
        );
        assert!(!o.company_wide);
        assert_eq!(
            o.held
                .iter()
                .map(|i| (i.benefit_id, i.count))
                .collect::<Vec<_>>(),
            [(1, 40)]
        );
        assert!(o.refundable.is_empty() && o.expiring.is_empty() && o.free_seats.is_empty());
        assert!(!o.marketing_contact_missing);
    }

    #[test]
    fn nothing_to_decide_is_quiet() {
        let o = overview(&[row(1, Category::Software, 3, 3, 400)], &[], true);
        assert!(o.is_quiet(), "{o:?}");
    }
}
