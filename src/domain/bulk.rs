//! Bulk assign: Visual Studio seats for a pasted or uploaded list of emails (one per line, or
//! a CSV whose cells hold them). The list is read here, by the same code in the dialog (as you
//! type) and on the server; what each line would do is decided here too ([`plan`]), from the
//! company's people, the seat's holders and the free seats, which the server reads inside the
//! transaction that applies it.

use super::email::Email;
use super::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The most lines one list may hold.
pub const BULK_MAX_LINES: usize = 1000;

/// One non-empty line of the list, as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkLine {
    /// 1-based, as an editor counts lines.
    pub line: usize,
    /// What the line said (its email cell, trimmed).
    pub input: String,
    /// The address, or why it is not one.
    pub email: Result<Email, Problem>,
}

/// The list as a whole is not one: too long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TooManyLines {
    pub lines: usize,
}

/// Reads the list: each non-blank line is one person. A CSV line gives the cell holding an
/// `@` (the first one), else its first cell; a first line without any `@` that names an email
/// column (`email`, `Email address`, `이메일`) is a header and skipped. Quotes around a cell
/// are dropped.
pub fn read_list(text: &str) -> Result<Vec<BulkLine>, TooManyLines> {
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let cells: Vec<&str> = raw
            .split([',', ';', '\t'])
            .map(|c| c.trim().trim_matches('"').trim())
            .collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let header = lines.is_empty()
            && !raw.contains('@')
            && cells.iter().any(|c| {
                let c = c.to_lowercase();
                c.contains("email") || c.contains("e-mail") || c.contains("이메일")
            });
        if header {
            continue;
        }
        let cell = cells
            .iter()
            .find(|c| c.contains('@'))
            .or_else(|| cells.iter().find(|c| !c.is_empty()))
            .copied()
            .unwrap_or("");
        lines.push(BulkLine {
            line: index + 1,
            input: cell.to_string(),
            email: Email::parse(cell),
        });
    }
    if lines.len() > BULK_MAX_LINES {
        return Err(TooManyLines { lines: lines.len() });
    }
    Ok(lines)
}

/// The list as a form field reads it: not empty, not too long.
pub fn list_field(text: &str) -> Result<Vec<BulkLine>, Problem> {
    match read_list(text) {
        Ok(lines) if lines.is_empty() => Err(Problem::Required),
        Ok(lines) => Ok(lines),
        Err(_) => Err(Problem::TooManyLines {
            max: BULK_MAX_LINES,
        }),
    }
}

/// What applying a line would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkOutcome {
    /// Gets a seat.
    WillAssign {
        user_id: i64,
        name: String,
    },
    AlreadyHolds {
        name: String,
    },
    /// Nobody of the company has this address: they can be invited first.
    NotAUser,
    /// A user who was deactivated cannot be given a seat.
    Deactivated {
        name: String,
    },
    /// Would get a seat, but the free ones are taken by the lines above.
    NoFreeSeat {
        name: String,
    },
    /// The same person as an earlier line.
    Duplicate {
        of_line: usize,
    },
    NotAnEmail(Problem),
}

impl BulkOutcome {
    pub fn assigns(&self) -> bool {
        matches!(self, BulkOutcome::WillAssign { .. })
    }
}

/// A person of the company, as the plan needs them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub user_id: i64,
    pub name: String,
    pub active: bool,
}

/// What each line would do, in order: earlier lines take the free seats first.
/// `people` is keyed by [`Email::normalized`].
pub fn plan(
    lines: &[BulkLine],
    people: &HashMap<String, Person>,
    holders: &HashSet<i64>,
    free: i64,
) -> Vec<BulkOutcome> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut left = free.max(0);
    lines
        .iter()
        .map(|l| {
            let email = match &l.email {
                Ok(e) => e,
                Err(p) => return BulkOutcome::NotAnEmail(p.clone()),
            };
            let key = email.normalized();
            if let Some(&first) = seen.get(&key) {
                return BulkOutcome::Duplicate { of_line: first };
            }
            seen.insert(key.clone(), l.line);
            let Some(p) = people.get(&key) else {
                return BulkOutcome::NotAUser;
            };
            if holders.contains(&p.user_id) {
                BulkOutcome::AlreadyHolds {
                    name: p.name.clone(),
                }
            } else if !p.active {
                BulkOutcome::Deactivated {
                    name: p.name.clone(),
                }
            } else if left == 0 {
                BulkOutcome::NoFreeSeat {
                    name: p.name.clone(),
                }
            } else {
                left -= 1;
                BulkOutcome::WillAssign {
                    user_id: p.user_id,
                    name: p.name.clone(),
                }
            }
        })
        .collect()
}

/// How to apply a list with lines that cannot be assigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkMode {
    /// Every line must assign, or nothing changes.
    AllOrNothing,
    /// Assign the lines that can be; leave the others.
    ValidOnly,
}

/// One line of the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPreviewLine {
    pub line: usize,
    pub input: String,
    pub outcome: BulkOutcome,
}

/// What applying the list would do now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkPreview {
    pub lines: Vec<BulkPreviewLine>,
    /// Seats free before the list.
    pub free: i64,
}

impl BulkPreview {
    pub fn assigning(&self) -> usize {
        self.lines.iter().filter(|l| l.outcome.assigns()).count()
    }
}

/// What applying a list did: the subscription as it is now, how many seats were assigned and
/// how many lines were left as they were.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkResult {
    pub row: super::benefits::BenefitRow,
    pub assigned: usize,
    pub left_out: usize,
}

/// The lines and their outcomes, together.
pub fn preview(lines: Vec<BulkLine>, outcomes: Vec<BulkOutcome>, free: i64) -> BulkPreview {
    BulkPreview {
        lines: lines
            .into_iter()
            .zip(outcomes)
            .map(|(l, outcome)| BulkPreviewLine {
                line: l.line,
                input: l.input,
                outcome,
            })
            .collect(),
        free,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn people() -> HashMap<String, Person> {
        [
            ("ada@contoso.example", 1, "Ada", true),
            ("ben@contoso.example", 2, "Ben", true),
            ("cy@contoso.example", 3, "Cy", true),
            ("gone@contoso.example", 4, "Gone", false),
        ]
        .into_iter()
        .map(|(e, id, name, active)| {
            (
                e.to_string(),
                Person {
                    user_id: id,
                    name: name.into(),
                    active,
                },
            )
        })
        .collect()
    }

    #[test]
    fn a_list_is_read_one_person_per_line_from_plain_text_or_csv() {
        let text = "Name,Email\n\"Ada Lovelace\",\"ada@contoso.example\"\n\n  ben@contoso.example  \nCy;cy@contoso.example;x\nnot an email\n";
        let lines = read_list(text).unwrap();
        let got: Vec<(usize, &str, bool)> = lines
            .iter()
            .map(|l| (l.line, l.input.as_str(), l.email.is_ok()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "ada@contoso.example", true),
                (4, "ben@contoso.example", true),
                (5, "cy@contoso.example", true),
                (6, "not an email", false)
            ]
        );
        assert!(read_list("").unwrap().is_empty());
        let long = "a@b.example\n".repeat(BULK_MAX_LINES + 1);
        assert_eq!(
            read_list(&long),
            Err(TooManyLines {
                lines: BULK_MAX_LINES + 1
            })
        );
        assert_eq!(
            read_list(&"a@b.example\n".repeat(BULK_MAX_LINES))
                .unwrap()
                .len(),
            BULK_MAX_LINES
        );
        assert_eq!(list_field(" \n\n"), Err(Problem::Required));
        assert_eq!(
            list_field(&long),
            Err(Problem::TooManyLines {
                max: BULK_MAX_LINES
            })
        );
    }

    #[test]
    fn each_kind_of_line_gets_its_outcome_and_earlier_lines_take_the_seats() {
        let text = "ada@contoso.example\nBEN@contoso.example\nada@contoso.example\nnew@contoso.example\ngone@contoso.example\ncy@contoso.example\nnope";
        let lines = read_list(text).unwrap();
        let holders: HashSet<i64> = [2].into();
        let outcomes = plan(&lines, &people(), &holders, 1);
        assert_eq!(
            outcomes,
            [
                BulkOutcome::WillAssign {
                    user_id: 1,
                    name: "Ada".into()
                },
                BulkOutcome::AlreadyHolds { name: "Ben".into() },
                BulkOutcome::Duplicate { of_line: 1 },
                BulkOutcome::NotAUser,
                BulkOutcome::Deactivated {
                    name: "Gone".into()
                },
                BulkOutcome::NoFreeSeat { name: "Cy".into() },
                BulkOutcome::NotAnEmail(Problem::EmailMissingAt),
            ]
        );
    }

    proptest! {
        /// Whatever the list: never more seats than are free, nobody twice, nobody who holds
        /// one already or is deactivated or unknown.
        #[test]
        fn a_plan_never_over_assigns_or_assigns_anyone_twice(
            picks in proptest::collection::vec(0usize..6, 0..40),
            free in 0i64..5,
            held in proptest::collection::hash_set(1i64..5, 0..3),
        ) {
            let addresses = ["ada@contoso.example", "BEN@contoso.example", "cy@contoso.example",
                "gone@contoso.example", "new@contoso.example", "bad"];
            let text: Vec<&str> = picks.iter().map(|&i| addresses[i]).collect();
            let lines = read_list(&text.join("\n")).unwrap();
            let people = people();
            let outcomes = plan(&lines, &people, &held, free);
            prop_assert_eq!(outcomes.len(), lines.len());
            let assigned: Vec<i64> = outcomes.iter().filter_map(|o| match o {
                BulkOutcome::WillAssign { user_id, .. } => Some(*user_id),
                _ => None,
            }).collect();
            prop_assert!(assigned.len() as i64 <= free);
            let unique: HashSet<i64> = assigned.iter().copied().collect();
            prop_assert_eq!(unique.len(), assigned.len());
            for id in &assigned {
                prop_assert!(!held.contains(id));
                prop_assert!(people.values().any(|p| p.user_id == *id && p.active));
            }
            // A seat goes unassigned only when no line could take it.
            let could = outcomes.iter().any(|o| matches!(o, BulkOutcome::NoFreeSeat { .. }));
            prop_assert!(!could || assigned.len() as i64 == free);
        }
    }
}
