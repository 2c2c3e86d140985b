//! Everything that can be wrong with a form field, as values: the form shows them as you type
//! and the server returns the same ones, worded in the caller's language.

use crate::i18n::{t, tf, Key, Lang};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    EmailEmpty,
    EmailTooLong,
    EmailMissingAt,
    /// More than one `@` (`david@@contoso.example`).
    EmailSeveralAts,
    EmailBadLocalPart,
    EmailBadDomain,
    /// The alternate email is the company's own Partner Center account email.
    SameAsCompanyEmail,
    PhoneEmpty,
    PhoneNotInternational,
    PhoneBadCharacter,
    PhoneLength,
    NotANumber,
    HoursAtLeastOne,
    HoursExceedRemaining {
        remaining: i64,
    },
    UnknownChoice,
    EmailTaken,
    PasswordTooShort {
        min: usize,
    },
    PasswordsDiffer,
    ControlCharacters,
    /// Invisible or text-reordering characters (zero-width spaces, bidirectional overrides).
    InvisibleCharacters,
    /// The alternate email is the company's account email with a `+tag`: the same mailbox.
    SubAddressOfCompanyEmail,
    /// The alternate email is the user's own account email, which gets the email anyway.
    SameAsUserEmail,
    /// A password field (signing in, the current password) left empty.
    PasswordEmpty,
    /// A date field that does not hold a `YYYY-MM-DD` date.
    NotADate,
    /// A range whose end is before its start.
    DateRangeReversed,
    /// A list longer than is taken at once.
    TooManyLines {
        max: usize,
    },
    /// A list none of whose lines can be applied.
    NothingToAssign,
    /// Reminder days that are not 1 to 5 whole numbers from 1 to 365.
    ReminderDays,
    /// A new person's address is outside the company's domain and nobody confirmed that this
    /// is meant (another company's admin, a typo). Asked by the form, not a rule of the server.
    OutsideCompanyDomain {
        domain: String,
    },
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        let key = match self {
            Problem::Required => Key::ProblemRequired,
            Problem::TooLong { max } => {
                return tf(lang, Key::ProblemTooLong, &[("max", &max.to_string())]);
            }
            Problem::EmailEmpty => Key::ProblemEmailEmpty,
            Problem::EmailTooLong => Key::ProblemEmailTooLong,
            Problem::EmailMissingAt => Key::ProblemEmailMissingAt,
            Problem::EmailSeveralAts => Key::ProblemEmailSeveralAts,
            Problem::EmailBadLocalPart => Key::ProblemEmailBadLocalPart,
            Problem::EmailBadDomain => Key::ProblemEmailBadDomain,
            Problem::SameAsCompanyEmail => Key::ProblemSameAsCompanyEmail,
            Problem::PhoneEmpty => Key::ProblemPhoneEmpty,
            Problem::PhoneNotInternational => Key::ProblemPhoneNotInternational,
            Problem::PhoneBadCharacter => Key::ProblemPhoneBadCharacter,
            Problem::PhoneLength => Key::ProblemPhoneLength,
            Problem::NotANumber => Key::ProblemNotANumber,
            Problem::HoursAtLeastOne => Key::ProblemHoursAtLeastOne,
            Problem::HoursExceedRemaining { remaining } => {
                return tf(
                    lang,
                    Key::ProblemHoursExceedRemaining,
                    &[("remaining", &remaining.to_string())],
                );
            }
            Problem::UnknownChoice => Key::ProblemUnknownChoice,
            Problem::EmailTaken => Key::ProblemEmailTaken,
            Problem::PasswordTooShort { min } => {
                return tf(
                    lang,
                    Key::ProblemPasswordTooShort,
                    &[("min", &min.to_string())],
                );
            }
            Problem::PasswordsDiffer => Key::ProblemPasswordsDiffer,
            Problem::ControlCharacters => Key::ProblemControlCharacters,
            Problem::InvisibleCharacters => Key::ProblemInvisibleCharacters,
            Problem::SubAddressOfCompanyEmail => Key::ProblemSubAddressOfCompanyEmail,
            Problem::SameAsUserEmail => Key::ProblemSameAsUserEmail,
            Problem::PasswordEmpty => Key::EnterPassword,
            Problem::NotADate => Key::ProblemNotADate,
            Problem::DateRangeReversed => Key::ProblemDateRangeReversed,
            Problem::TooManyLines { max } => {
                return tf(lang, Key::ProblemTooManyLines, &[("max", &max.to_string())]);
            }
            Problem::NothingToAssign => Key::ProblemNothingToAssign,
            Problem::ReminderDays => Key::ProblemReminderDays,
            Problem::OutsideCompanyDomain { domain } => {
                return tf(
                    lang,
                    Key::ProblemOutsideCompanyDomain,
                    &[("domain", domain)],
                );
            }
        };
        t(lang, key).to_string()
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A problem with a named form field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub problem: Problem,
}

/// Collects every field's problem so a form can show them all at once.
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct Problems(pub Vec<FieldProblem>);

impl Problems {
    /// Records the problem of `result`, if any, and passes its value on.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, Problem>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(problem) => {
                self.0.push(FieldProblem { field, problem });
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&Problem> {
        self.0.iter().find(|p| p.field == field).map(|p| &p.problem)
    }
}

/// A required free text that may run over several lines (a description): normalised, trimmed,
/// not empty, at most `max` characters, no hidden characters but line breaks and tabs.
pub fn required_text(input: &str, max: usize) -> Result<String, Problem> {
    checked_text(input, max, |c| c == '\n' || c == '\t')
}

/// An optional free text (a reason): empty is fine, anything else as [`required_text`].
pub fn optional_text(input: &str, max: usize) -> Result<String, Problem> {
    if input.trim().is_empty() {
        Ok(String::new())
    } else {
        required_text(input, max)
    }
}

/// A required name of a person or thing (a user's name, a request's title, a product): one
/// line, normalised, trimmed, not empty, at most `max` characters, nothing hidden. A name is
/// shown to other people: an invisible or direction-reversing character in it lets one name
/// pass for another.
pub fn name_text(input: &str, max: usize) -> Result<String, Problem> {
    checked_text(input, max, |_| false)
}

fn checked_text(
    input: &str,
    max: usize,
    allowed: impl Fn(char) -> bool,
) -> Result<String, Problem> {
    let normal = nfc(input);
    let s = normal.trim();
    if s.is_empty() {
        Err(Problem::Required)
    } else if s.chars().count() > max {
        Err(Problem::TooLong { max })
    } else if s.chars().any(|c| c.is_control() && !allowed(c)) {
        Err(Problem::ControlCharacters)
    } else if s.chars().any(is_invisible_format) {
        Err(Problem::InvisibleCharacters)
    } else {
        Ok(s.to_string())
    }
}

/// Unicode format characters (general category Cf: zero-width spaces and joiners,
/// bidirectional embeddings, overrides and isolates, the byte-order mark, the soft hyphen,
/// invisible operators, tags) and the line and paragraph separators: they show nothing, or
/// reorder what is shown.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x2028..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F)
}

/// Canonical composition (NFC), so that "é" typed two ways is stored one way. On the server
/// only: the tables would weigh on the browser's first load, and nothing the form checks
/// depends on the normal form.
#[cfg(feature = "ssr")]
fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

#[cfg(not(feature = "ssr"))]
fn nfc(s: &str) -> String {
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_refuse_invisible_and_reordering_characters() {
        for bad in [
            "Kim\u{200B}Min",
            "\u{202E}nimda",
            "Lee\u{2066}x",
            "A\u{FEFF}",
            "Park\u{00AD}",
        ] {
            assert_eq!(
                name_text(bad, 100),
                Err(Problem::InvisibleCharacters),
                "{bad:?}"
            );
        }
        assert_eq!(name_text("Kim\nMin", 100), Err(Problem::ControlCharacters));
        assert_eq!(name_text("Kim\u{0}", 100), Err(Problem::ControlCharacters));
        assert_eq!(name_text("  김민준  ", 100).as_deref(), Ok("김민준"));
        assert_eq!(
            required_text("line one\nline two", 100).as_deref(),
            Ok("line one\nline two")
        );
        assert_eq!(
            required_text("a\u{202E}b", 100),
            Err(Problem::InvisibleCharacters)
        );
        assert_eq!(optional_text("  ", 10).as_deref(), Ok(""));
        assert_eq!(
            optional_text("x\u{200B}", 10),
            Err(Problem::InvisibleCharacters)
        );
        assert_eq!(
            optional_text(&"x".repeat(11), 10),
            Err(Problem::TooLong { max: 10 })
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn names_are_stored_composed() {
        // "é" as e + combining acute becomes the one precomposed character.
        assert_eq!(name_text("Jose\u{301}", 100).as_deref(), Ok("Jos\u{e9}"));
        // Hangul typed as jamo composes into syllables.
        assert_eq!(
            name_text("\u{1100}\u{1161}", 100).as_deref(),
            Ok("\u{AC00}")
        );
    }

    proptest! {
        #[test]
        fn an_accepted_name_has_nothing_hidden_and_no_outer_spaces(s in "\\PC{0,30}|[\\x00-\\x20\u{200B}-\u{200F}\u{202A}-\u{202E}a-z ]{0,30}") {
            if let Ok(name) = name_text(&s, 100) {
                prop_assert!(!name.is_empty());
                prop_assert_eq!(name.trim(), name.as_str());
                prop_assert!(!name.chars().any(|c| c.is_control() || is_invisible_format(c)));
            }
        }
    }
}
