//! Email addresses, parsed once ("parse, don't validate"): a value of type [`Email`] is always a
//! plausible address, trimmed, at most 254 characters. Hand-written instead of a regex crate to
//! keep the browser bundle small; the same function runs in the form and in the server.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    TooLong,
    MissingAt,
    BadLocalPart,
    BadDomain,
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EmailError::Empty => "Enter an email address.",
            EmailError::TooLong => "An email address can be at most 254 characters.",
            EmailError::MissingAt => "An email address needs an @, as in name@example.com.",
            EmailError::BadLocalPart => "The part before the @ is not valid.",
            EmailError::BadDomain => "The part after the @ must be a domain, as in example.com.",
        })
    }
}

impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(EmailError::MissingAt)?;
        if !valid_local(local) {
            return Err(EmailError::BadLocalPart);
        }
        if !valid_domain(domain) {
            return Err(EmailError::BadDomain);
        }
        // Domains are case-insensitive; keep the local part as typed.
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The comparison key: two addresses are the same mailbox for our rules when they are equal
    /// ignoring case (ASCII only: the parser admits nothing else) (mail providers treat local parts case-insensitively in practice).
    pub fn normalized(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

fn valid_local(local: &str) -> bool {
    // RFC 5322 dot-atom: atext runs separated by single dots.
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || SPECIALS.contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Email, EmailError> {
        Email::parse(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ordinary_addresses_are_accepted_and_trimmed() {
        assert_eq!(
            Email::parse("  ga@contoso.example ").unwrap().as_str(),
            "ga@contoso.example"
        );
        assert_eq!(
            Email::parse("Kim.Min-jun+work@Contoso.Example")
                .unwrap()
                .as_str(),
            "Kim.Min-jun+work@contoso.example"
        );
    }

    #[test]
    fn malformed_addresses_are_rejected_with_the_reason() {
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        assert_eq!(
            Email::parse("ga.contoso.example"),
            Err(EmailError::MissingAt)
        );
        assert_eq!(
            Email::parse("@contoso.example"),
            Err(EmailError::BadLocalPart)
        );
        assert_eq!(
            Email::parse("a..b@contoso.example"),
            Err(EmailError::BadLocalPart)
        );
        assert_eq!(
            Email::parse("a b@contoso.example"),
            Err(EmailError::BadLocalPart)
        );
        assert_eq!(Email::parse("ga@contoso"), Err(EmailError::BadDomain));
        assert_eq!(
            Email::parse("ga@-contoso.example"),
            Err(EmailError::BadDomain)
        );
        assert_eq!(
            Email::parse("ga@contoso..example"),
            Err(EmailError::BadDomain)
        );
        assert_eq!(Email::parse("ga@contoso.e1"), Err(EmailError::BadDomain));
        let long = format!("{}@contoso.example", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn normalized_ignores_case() {
        let a = Email::parse("Partner@Contoso.example").unwrap();
        let b = Email::parse("partner@contoso.EXAMPLE").unwrap();
        assert_eq!(a.normalized(), b.normalized());
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_accepted_values_reparse_to_themselves(s in "\\PC{0,80}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
                prop_assert!(e.as_str().len() <= 254);
            }
        }
    }
}
