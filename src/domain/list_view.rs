//! What a list shows of its rows: the words searched for, the status kept, the order. It lives
//! in the address bar (`?q=…&status=…&sort=…`), so a link or a reload shows the same list; the
//! same code reads and writes it for every list: a benefit category (filtered in the browser,
//! which has all of its rows) and Users (filtered by the server, which pages them).
//!
//! Reading an address never fails: a value it does not know (an old link, a hand-edited one)
//! falls back to the default, as an unknown query parameter would, and the controls show what
//! is really applied.

use super::benefits::{BenefitRow, BenefitStatus};
use super::format::query_escape;
use crate::i18n::{t, Key, Lang};
use serde::{Deserialize, Serialize};

/// Longest search kept: anything longer is no one's search.
pub const MAX_SEARCH_CHARS: usize = 100;

/// The words of a search, lower-cased: a row matches if each word is in its text.
fn words(search: &str) -> Vec<String> {
    search
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
}

/// A search as a list keeps it: trimmed and at most [`MAX_SEARCH_CHARS`] (trimmed again: the
/// cut may end in a space).
pub fn clipped(search: &str) -> String {
    let cut: String = search.trim().chars().take(MAX_SEARCH_CHARS).collect();
    cut.trim_end().to_string()
}

/// The query (without `?`) of some `name=value` pairs, values escaped.
fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(n, v)| format!("{n}={}", query_escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The orders of a benefit list. Ties go by name, then by id, so an order is the same on
/// every load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BenefitSort {
    #[default]
    Name,
    ExpiresSoonest,
    ExpiresLatest,
    MostRemaining,
    LeastRemaining,
}

impl BenefitSort {
    pub const ALL: [BenefitSort; 5] = [
        BenefitSort::Name,
        BenefitSort::ExpiresSoonest,
        BenefitSort::ExpiresLatest,
        BenefitSort::MostRemaining,
        BenefitSort::LeastRemaining,
    ];

    /// Its value in the address.
    pub fn slug(self) -> &'static str {
        match self {
            BenefitSort::Name => "name",
            BenefitSort::ExpiresSoonest => "expiry",
            BenefitSort::ExpiresLatest => "-expiry",
            BenefitSort::MostRemaining => "-remaining",
            BenefitSort::LeastRemaining => "remaining",
        }
    }

    pub fn from_slug(slug: &str) -> Option<BenefitSort> {
        BenefitSort::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                BenefitSort::Name => Key::SortName,
                BenefitSort::ExpiresSoonest => Key::SortExpiresSoonest,
                BenefitSort::ExpiresLatest => Key::SortExpiresLatest,
                BenefitSort::MostRemaining => Key::SortMostRemaining,
                BenefitSort::LeastRemaining => Key::SortLeastRemaining,
            },
        )
    }
}

/// What a benefit category's list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BenefitListView {
    pub search: String,
    /// Only rows of this status; all of them if none.
    pub status: Option<BenefitStatus>,
    pub sort: BenefitSort,
}

impl BenefitListView {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> BenefitListView {
        BenefitListView {
            search: get("q").map(|q| clipped(&q)).unwrap_or_default(),
            status: get("status").and_then(|s| BenefitStatus::from_code(&s)),
            sort: get("sort")
                .and_then(|s| BenefitSort::from_slug(&s))
                .unwrap_or_default(),
        }
    }

    /// The query (without `?`) that [`BenefitListView::from_query`] reads back; what is the
    /// default is left out, so the plain list has the plain address.
    pub fn to_query(&self) -> String {
        let search = clipped(&self.search);
        let mut pairs = Vec::new();
        if !search.is_empty() {
            pairs.push(("q", search.as_str()));
        }
        if let Some(s) = self.status {
            pairs.push(("status", s.code()));
        }
        if self.sort != BenefitSort::default() {
            pairs.push(("sort", self.sort.slug()));
        }
        query(&pairs)
    }

    /// Whether rows may be left out (a search or a status), as opposed to only reordered.
    pub fn filters(&self) -> bool {
        !self.search.trim().is_empty() || self.status.is_some()
    }

    /// Whether `row` is shown: its status, and each word of the search in its name, its
    /// package, or the name or email of someone who holds it (an admin looks for a person's
    /// seat by the person).
    pub fn matches(&self, row: &BenefitRow) -> bool {
        if self.status.is_some_and(|s| s != row.status) {
            return false;
        }
        let words = words(&self.search);
        if words.is_empty() {
            return true;
        }
        let mut text = format!("{}\n{}", row.name, row.package_name);
        for a in &row.assignees {
            text.push('\n');
            text.push_str(&a.name);
            text.push('\n');
            text.push_str(&a.email);
        }
        let text = text.to_lowercase();
        words.iter().all(|w| text.contains(w.as_str()))
    }

    /// The rows shown, in order: `rows` gives each row's key (what the caller keeps per row)
    /// with the row itself.
    pub fn apply<K>(&self, rows: impl IntoIterator<Item = (K, BenefitRow)>) -> Vec<K> {
        let mut shown: Vec<(K, BenefitRow)> =
            rows.into_iter().filter(|(_, r)| self.matches(r)).collect();
        let by_name = |a: &BenefitRow, b: &BenefitRow| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then(a.id.cmp(&b.id))
        };
        shown.sort_by(|(_, a), (_, b)| {
            match self.sort {
                BenefitSort::Name => std::cmp::Ordering::Equal,
                BenefitSort::ExpiresSoonest => a.expires_on.cmp(&b.expires_on),
                BenefitSort::ExpiresLatest => b.expires_on.cmp(&a.expires_on),
                BenefitSort::MostRemaining => b.remaining().cmp(&a.remaining()),
                BenefitSort::LeastRemaining => a.remaining().cmp(&b.remaining()),
            }
            .then_with(|| by_name(a, b))
        });
        shown.into_iter().map(|(k, _)| k).collect()
    }
}

/// Which users a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatusFilter {
    /// Everyone who can sign in or is invited to: the list as it opens.
    #[default]
    Current,
    /// Has signed in (set a password) and is not deactivated.
    Active,
    /// Added, and has not set a password yet.
    Invited,
    Deactivated,
    All,
}

impl UserStatusFilter {
    pub const ALL: [UserStatusFilter; 5] = [
        UserStatusFilter::Current,
        UserStatusFilter::Active,
        UserStatusFilter::Invited,
        UserStatusFilter::Deactivated,
        UserStatusFilter::All,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            UserStatusFilter::Current => "current",
            UserStatusFilter::Active => "active",
            UserStatusFilter::Invited => "invited",
            UserStatusFilter::Deactivated => "deactivated",
            UserStatusFilter::All => "all",
        }
    }

    pub fn from_slug(slug: &str) -> Option<UserStatusFilter> {
        UserStatusFilter::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                UserStatusFilter::Current => Key::UsersShowCurrent,
                UserStatusFilter::Active => Key::UsersShowActive,
                UserStatusFilter::Invited => Key::UsersShowInvited,
                UserStatusFilter::Deactivated => Key::UsersShowDeactivated,
                UserStatusFilter::All => Key::UsersShowAll,
            },
        )
    }

    /// Whether a user who is `active` and `invited` (no password yet) is shown: the rule the
    /// server's query says in SQL, and the tests hold it to.
    pub fn keeps(self, active: bool, invited: bool) -> bool {
        match self {
            UserStatusFilter::Current => active,
            UserStatusFilter::Active => active && !invited,
            UserStatusFilter::Invited => active && invited,
            UserStatusFilter::Deactivated => !active,
            UserStatusFilter::All => true,
        }
    }
}

/// The orders of Users. Ties go by id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserSort {
    #[default]
    Name,
    Email,
}

impl UserSort {
    pub const ALL: [UserSort; 2] = [UserSort::Name, UserSort::Email];

    pub fn slug(self) -> &'static str {
        match self {
            UserSort::Name => "name",
            UserSort::Email => "email",
        }
    }

    pub fn from_slug(slug: &str) -> Option<UserSort> {
        UserSort::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                UserSort::Name => Key::SortName,
                UserSort::Email => Key::SortEmail,
            },
        )
    }
}

/// What a list of users shows: Users, and the pickers that find a person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct UserListView {
    /// Each word must start a word of the name or the email.
    pub search: String,
    pub status: UserStatusFilter,
    pub sort: UserSort,
}

impl UserListView {
    /// Current users whose name or email has words starting with `search`'s, by name: what a
    /// picker asks for.
    pub fn search(search: impl Into<String>) -> UserListView {
        UserListView {
            search: search.into(),
            ..UserListView::default()
        }
    }

    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> UserListView {
        UserListView {
            search: get("q").map(|q| clipped(&q)).unwrap_or_default(),
            status: get("status")
                .and_then(|s| UserStatusFilter::from_slug(&s))
                .unwrap_or_default(),
            sort: get("sort")
                .and_then(|s| UserSort::from_slug(&s))
                .unwrap_or_default(),
        }
    }

    /// The query (without `?`) that [`UserListView::from_query`] reads back; defaults left out.
    pub fn to_query(&self) -> String {
        let search = clipped(&self.search);
        let mut pairs = Vec::new();
        if !search.is_empty() {
            pairs.push(("q", search.as_str()));
        }
        if self.status != UserStatusFilter::default() {
            pairs.push(("status", self.status.slug()));
        }
        if self.sort != UserSort::default() {
            pairs.push(("sort", self.sort.slug()));
        }
        query(&pairs)
    }

    /// The search as the server uses it: trimmed and at most [`MAX_SEARCH_CHARS`].
    pub fn clipped_search(&self) -> String {
        clipped(&self.search)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::benefits::{Assignee, Category, Unit};
    use crate::domain::Date;
    use proptest::prelude::*;

    fn row(
        id: i64,
        name: &str,
        status: BenefitStatus,
        expires: &str,
        remaining: i64,
    ) -> BenefitRow {
        BenefitRow {
            id,
            category: Category::VisualStudio,
            cloud_kind: None,
            name: name.to_string(),
            package_id: 1,
            package_name: "Gold".to_string(),
            quantity: 10,
            unit: Unit::Seats,
            used: 10 - remaining,
            status,
            expires_on: Date::parse(expires).unwrap(),
            key_count: 0,
            portal_url: None,
            activated_by: None,
            activated_at: None,
            download_count: 0,
            assignees: vec![],
            access_id: None,
            contract_id: None,
            gtm: vec![],
            refund_days_left: None,
            keys_revealed: false,
        }
    }

    fn sample() -> Vec<BenefitRow> {
        vec![
            row(
                1,
                "Visual Studio Enterprise",
                BenefitStatus::Active,
                "2027-06-30",
                3,
            ),
            row(
                2,
                "visual Studio Professional",
                BenefitStatus::Active,
                "2027-01-31",
                8,
            ),
            row(3, "Azure DevOps", BenefitStatus::Expired, "2026-11-30", 0),
            row(
                4,
                "Office 365 E3",
                BenefitStatus::NotActivated,
                "2027-06-30",
                10,
            ),
        ]
    }

    fn ids(view: &BenefitListView, rows: Vec<BenefitRow>) -> Vec<i64> {
        view.apply(rows.into_iter().map(|r| (r.id, r)))
    }

    #[test]
    fn each_order_sorts_by_its_column_then_by_name() {
        let view = |sort| BenefitListView {
            sort,
            ..Default::default()
        };
        assert_eq!(ids(&view(BenefitSort::Name), sample()), [3, 4, 1, 2]);
        assert_eq!(
            ids(&view(BenefitSort::ExpiresSoonest), sample()),
            [3, 2, 4, 1]
        );
        assert_eq!(
            ids(&view(BenefitSort::ExpiresLatest), sample()),
            [4, 1, 2, 3]
        );
        assert_eq!(
            ids(&view(BenefitSort::MostRemaining), sample()),
            [4, 2, 1, 3]
        );
        assert_eq!(
            ids(&view(BenefitSort::LeastRemaining), sample()),
            [3, 1, 2, 4]
        );
    }

    #[test]
    fn a_search_needs_every_word_in_the_name_package_or_a_holders_name_or_email() {
        let mut rows = sample();
        rows[0].assignees.push(Assignee {
            user_id: 9,
            name: "박지훈".to_string(),
            email: "jihoon.park@contoso.example".to_string(),
            assigned_at: 0,
            details: None,
        });
        let search = |q: &str| BenefitListView {
            search: q.to_string(),
            ..Default::default()
        };
        assert_eq!(ids(&search("studio"), rows.clone()), [1, 2]);
        assert_eq!(ids(&search("  STUDIO   pro "), rows.clone()), [2]);
        assert_eq!(ids(&search("박지훈"), rows.clone()), [1]);
        assert_eq!(ids(&search("jihoon.park"), rows.clone()), [1]);
        assert_eq!(ids(&search("gold"), rows.clone()).len(), 4);
        assert!(ids(&search("studio azure"), rows).is_empty());
    }

    #[test]
    fn a_status_keeps_only_its_rows() {
        let view = BenefitListView {
            status: Some(BenefitStatus::Active),
            ..Default::default()
        };
        assert_eq!(ids(&view, sample()), [1, 2]);
        assert!(view.filters());
        assert!(!BenefitListView::default().filters());
    }

    #[test]
    fn an_address_it_does_not_know_opens_the_plain_list() {
        let read = |pairs: &'static [(&'static str, &'static str)]| {
            BenefitListView::from_query(|n| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(
            read(&[("status", "lost"), ("sort", "colour")]),
            BenefitListView::default()
        );
        assert_eq!(
            read(&[
                ("q", " office "),
                ("status", "not_activated"),
                ("sort", "-expiry")
            ]),
            BenefitListView {
                search: "office".to_string(),
                status: Some(BenefitStatus::NotActivated),
                sort: BenefitSort::ExpiresLatest,
            }
        );
        assert_eq!(BenefitListView::default().to_query(), "");
        assert_eq!(UserListView::default().to_query(), "");
    }

    #[test]
    fn each_user_status_keeps_whom_it_names() {
        use UserStatusFilter::*;
        // (active, invited) → shown by Current, Active, Invited, Deactivated, All
        let cases = [
            ((true, false), [true, true, false, false, true]),
            ((true, true), [true, false, true, false, true]),
            ((false, false), [false, false, false, true, true]),
            ((false, true), [false, false, false, true, true]),
        ];
        for ((active, invited), shown) in cases {
            for (filter, expected) in [Current, Active, Invited, Deactivated, All]
                .iter()
                .zip(shown)
            {
                assert_eq!(
                    filter.keeps(active, invited),
                    expected,
                    "{filter:?} {active} {invited}"
                );
            }
        }
    }

    fn query_map(query: &str) -> std::collections::HashMap<String, String> {
        // What a browser's URLSearchParams reads back from the query.
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (n, v) = p.split_once('=').unwrap();
                let bytes: Vec<u8> = {
                    let mut out = Vec::new();
                    let b = v.as_bytes();
                    let mut i = 0;
                    while i < b.len() {
                        if b[i] == b'%' {
                            out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                            i += 3;
                        } else {
                            out.push(b[i]);
                            i += 1;
                        }
                    }
                    out
                };
                (n.to_string(), String::from_utf8(bytes).unwrap())
            })
            .collect()
    }

    fn status() -> impl Strategy<Value = Option<BenefitStatus>> {
        prop::option::of(prop::sample::select(BenefitStatus::ALL.to_vec()))
    }

    proptest! {
        #[test]
        fn a_benefit_view_survives_its_address(
            search in "\\PC{0,120}",
            status in status(),
            sort in prop::sample::select(BenefitSort::ALL.to_vec()),
        ) {
            let view = BenefitListView { search, status, sort };
            let map = query_map(&view.to_query());
            let back = BenefitListView::from_query(|n| map.get(n).cloned());
            prop_assert_eq!(back, BenefitListView { search: clipped(&view.search), ..view });
        }

        #[test]
        fn a_user_view_survives_its_address(
            search in "\\PC{0,120}",
            status in prop::sample::select(UserStatusFilter::ALL.to_vec()),
            sort in prop::sample::select(UserSort::ALL.to_vec()),
        ) {
            let view = UserListView { search, status, sort };
            let map = query_map(&view.to_query());
            let back = UserListView::from_query(|n| map.get(n).cloned());
            prop_assert_eq!(back, UserListView { search: view.clipped_search(), ..view });
        }

        #[test]
        fn a_view_shows_the_rows_that_match_each_once_in_its_order(
            rows in prop::collection::vec(
                ("[a-c]{1,3}", prop::sample::select(BenefitStatus::ALL.to_vec()), 0i64..40, 0i64..10),
                0..12,
            ),
            search in "[a-c]{0,2}",
            status in status(),
            sort in prop::sample::select(BenefitSort::ALL.to_vec()),
        ) {
            let rows: Vec<BenefitRow> = rows
                .into_iter()
                .enumerate()
                .map(|(i, (name, st, day, rem))| {
                    let mut r = row(i as i64, &name, st, "2027-01-01", rem);
                    r.expires_on = r.expires_on.add_days(day);
                    r
                })
                .collect();
            let view = BenefitListView { search, status, sort };
            let shown = ids(&view, rows.clone());
            let expected: Vec<i64> = rows.iter().filter(|r| view.matches(r)).map(|r| r.id).collect();
            let mut sorted = shown.clone();
            sorted.sort();
            prop_assert_eq!(sorted, expected);
            let by_id = |id: i64| rows.iter().find(|r| r.id == id).unwrap();
            for pair in shown.windows(2) {
                let (a, b) = (by_id(pair[0]), by_id(pair[1]));
                let in_order = match sort {
                    BenefitSort::Name => a.name.to_lowercase() <= b.name.to_lowercase(),
                    BenefitSort::ExpiresSoonest => a.expires_on <= b.expires_on,
                    BenefitSort::ExpiresLatest => a.expires_on >= b.expires_on,
                    BenefitSort::MostRemaining => a.remaining() >= b.remaining(),
                    BenefitSort::LeastRemaining => a.remaining() <= b.remaining(),
                };
                prop_assert!(in_order, "{:?} before {:?} under {:?}", a.name, b.name, sort);
            }
        }
    }
}
