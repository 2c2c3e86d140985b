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

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_text(input: &str, max: usize) -> Result<String, Problem> {
    let s = input.trim();
    if s.is_empty() {
        Err(Problem::Required)
    } else if s.chars().count() > max {
        Err(Problem::TooLong { max })
    } else if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        Err(Problem::ControlCharacters)
    } else {
        Ok(s.to_string())
    }
}
