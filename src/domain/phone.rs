//! Contact phone numbers in international format (E.164): a plus, the country code and the
//! number, 8 to 15 digits in all. People may type spaces, dashes, dots and brackets; we keep
//! only the digits, so "+82 10-1234-5678" is stored as "+821012345678".

use super::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, Problem> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Problem::PhoneEmpty);
        }
        // "00" is the international prefix typed in much of the world; treat it as "+".
        let rest = if let Some(r) = s.strip_prefix('+') {
            r
        } else if let Some(r) = s.strip_prefix("00") {
            r
        } else {
            return Err(Problem::PhoneNotInternational);
        };
        let mut digits = String::with_capacity(15);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(Problem::PhoneBadCharacter),
            }
        }
        if digits.starts_with('0') {
            return Err(Problem::PhoneNotInternational);
        }
        if !(8..=15).contains(&digits.len()) {
            return Err(Problem::PhoneLength);
        }
        Ok(Phone(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

impl TryFrom<String> for Phone {
    type Error = Problem;
    fn try_from(s: String) -> Result<Phone, Problem> {
        Phone::parse(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn international_numbers_are_accepted_and_normalised() {
        assert_eq!(
            Phone::parse("+82 10-1234-5678").unwrap().as_str(),
            "+821012345678"
        );
        assert_eq!(
            Phone::parse(" +1 (425) 555-0100 ").unwrap().as_str(),
            "+14255550100"
        );
        assert_eq!(
            Phone::parse("0049 30 123456").unwrap().as_str(),
            "+4930123456"
        );
    }

    #[test]
    fn bad_numbers_say_what_is_wrong() {
        assert_eq!(Phone::parse(""), Err(Problem::PhoneEmpty));
        assert_eq!(
            Phone::parse("010-1234-5678"),
            Err(Problem::PhoneNotInternational)
        );
        assert_eq!(
            Phone::parse("+0 123 456 789"),
            Err(Problem::PhoneNotInternational)
        );
        assert_eq!(
            Phone::parse("+82 10 CALL ME"),
            Err(Problem::PhoneBadCharacter)
        );
        assert_eq!(Phone::parse("+82 123"), Err(Problem::PhoneLength));
        assert_eq!(
            Phone::parse("+82 1234 5678 9012 345"),
            Err(Problem::PhoneLength)
        );
    }

    proptest! {
        #[test]
        fn accepted_numbers_are_e164(s in "\\PC{0,30}") {
            if let Ok(p) = Phone::parse(&s) {
                let d = &p.as_str()[1..];
                prop_assert!(p.as_str().starts_with('+'));
                prop_assert!((8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()));
                prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            }
        }
    }
}
