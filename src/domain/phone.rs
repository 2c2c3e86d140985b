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
        fn arbitrary_text_never_panics(s in "\\PC{0,30}") {
            // Most such text is refused; what matters here is that nothing panics, and that the
            // rare accepted value keeps the promises the tests below check thoroughly.
            if let Ok(p) = Phone::parse(&s) {
                prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            }
        }

        #[test]
        fn international_numbers_however_typed_are_stored_as_plus_and_digits(
            digits in e164_digits(),
            prefix in prop_oneof![Just("+"), Just("00")],
            layout in layout(),
            before in "[ \t]{0,2}",
            after in "[ \t]{0,2}",
        ) {
            let typed = format!("{before}{prefix}{}{after}", layout.apply(&digits));
            let p = Phone::parse(&typed);
            let want = format!("+{digits}");
            prop_assert_eq!(p.as_ref().map(Phone::as_str), Ok(want.as_str()), "{:?}", typed);
            let p = p.unwrap();
            let stored = p.as_str().strip_prefix('+').unwrap();
            prop_assert!((8..=15).contains(&stored.len()));
            prop_assert!(stored.bytes().all(|b| b.is_ascii_digit()) && !stored.starts_with('0'));
            // Parsing what was stored gives it back, and so does the wire format.
            prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            let json = serde_json::to_string(&p).unwrap();
            prop_assert_eq!(serde_json::from_str::<Phone>(&json).unwrap(), p);
        }

        #[test]
        fn near_misses_are_refused_with_the_reason(
            digits in e164_digits(),
            prefix in prop_oneof![Just("+"), Just("00")],
            layout in layout(),
            flaw in prop::sample::select(Flaw::ALL.to_vec()),
            extra in "[0-9]{16}",
            at in any::<prop::sample::Index>(),
        ) {
            let (typed, problem) = flaw.apply(&digits, prefix, &layout, &extra, at);
            prop_assert_eq!(Phone::parse(&typed), Err(problem), "{:?}: {:?}", flaw, typed);
        }
    }

    /// The digits of a valid number: a country code that does not start with 0, then the rest,
    /// 8 to 15 digits in all.
    fn e164_digits() -> impl Strategy<Value = String> {
        ("[1-9]", "[0-9]{7,14}").prop_map(|(first, rest)| first + &rest)
    }

    /// How people space a number out: after each digit nothing or a space, dash or dot, and
    /// perhaps brackets round the three digits after the country code ("+1 (425) 555-0100").
    #[derive(Clone, Debug)]
    struct Layout {
        separators: Vec<&'static str>,
        brackets_after: Option<usize>,
    }

    fn layout() -> impl Strategy<Value = Layout> {
        let separator = prop_oneof![
            6 => Just(""),
            2 => Just(" "),
            2 => Just("-"),
            1 => Just("."),
            1 => Just(" - "),
        ];
        (
            proptest::collection::vec(separator, 20),
            proptest::option::of(1..=3usize),
        )
            .prop_map(|(separators, brackets_after)| Layout {
                separators,
                brackets_after,
            })
    }

    impl Layout {
        /// `digits` laid out; starts with a digit and ends with a digit or a bracket.
        fn apply(&self, digits: &str) -> String {
            let mut out = String::new();
            for (i, d) in digits.chars().enumerate() {
                if self.brackets_after == Some(i) {
                    out.push('(');
                }
                out.push(d);
                if self.brackets_after.is_some_and(|cc| i == cc + 2) {
                    out.push(')');
                }
                if i + 1 < digits.len() {
                    out.push_str(self.separators[i % self.separators.len()]);
                }
            }
            out
        }
    }

    /// One way to get a valid number slightly wrong, and the reason the parser must give.
    #[derive(Clone, Copy, Debug)]
    enum Flaw {
        Blank,
        NoPrefix,
        NationalZero,
        CountryCodeZero,
        TooShort,
        TooLong,
        Letter,
        OtherCharacter,
    }

    impl Flaw {
        const ALL: [Flaw; 8] = [
            Flaw::Blank,
            Flaw::NoPrefix,
            Flaw::NationalZero,
            Flaw::CountryCodeZero,
            Flaw::TooShort,
            Flaw::TooLong,
            Flaw::Letter,
            Flaw::OtherCharacter,
        ];

        /// The valid number `prefix` + `digits` laid out by `layout`, with this flaw. `extra` is
        /// sixteen more digits; `at` picks a position or a variant.
        fn apply(
            self,
            digits: &str,
            prefix: &str,
            layout: &Layout,
            extra: &str,
            at: prop::sample::Index,
        ) -> (String, Problem) {
            let typed = |digits: &str| format!("{prefix}{}", layout.apply(digits));
            // Inside the laid-out number, before one of its characters: never at an end, where
            // trimming would remove a space-like character.
            let inserted = |what: char| {
                let rest = layout.apply(digits);
                let i = at.index(rest.len());
                format!("{prefix}{}{what}{}", &rest[..i], &rest[i..])
            };
            match self {
                Flaw::Blank => (" \t".repeat(at.index(3)), Problem::PhoneEmpty),
                // "010-1234-5678": a national number.
                Flaw::NoPrefix => (layout.apply(digits), Problem::PhoneNotInternational),
                Flaw::NationalZero => (
                    format!("0{}", layout.apply(digits)),
                    Problem::PhoneNotInternational,
                ),
                Flaw::CountryCodeZero => (
                    format!("{prefix}0{}", layout.apply(digits)),
                    Problem::PhoneNotInternational,
                ),
                Flaw::TooShort => (typed(&digits[..1 + at.index(7)]), Problem::PhoneLength),
                Flaw::TooLong => {
                    let long = format!("{digits}{extra}");
                    (
                        typed(&long[..16 + at.index(long.len() - 15)]),
                        Problem::PhoneLength,
                    )
                }
                Flaw::Letter => {
                    let letters: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
                    (
                        inserted(letters[at.index(letters.len())]),
                        Problem::PhoneBadCharacter,
                    )
                }
                // Extension marks, a second plus, slashes, full-width digits from an input
                // method, an en dash, a no-break space.
                Flaw::OtherCharacter => {
                    const OTHER: [char; 12] = [
                        '/', '#', '*', ',', '+', '_', ':', '[', '\u{FF11}', '\u{0663}', '\u{2013}',
                        '\u{A0}',
                    ];
                    (
                        inserted(OTHER[at.index(OTHER.len())]),
                        Problem::PhoneBadCharacter,
                    )
                }
            }
        }
    }
}
