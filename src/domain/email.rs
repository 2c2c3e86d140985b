//! Email addresses, parsed once ("parse, don't validate"): a value of type [`Email`] is always a
//! plausible address, trimmed, at most 254 characters. Hand-written instead of a regex crate to
//! keep the browser bundle small; the same function runs in the form and in the server.

use super::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Problem> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Problem::EmailEmpty);
        }
        if s.len() > 254 {
            return Err(Problem::EmailTooLong);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(Problem::EmailMissingAt)?;
        if local.contains('@') {
            // `david@@contoso`, two addresses run together: say so, not "the part before".
            return Err(Problem::EmailSeveralAts);
        }
        if !valid_local(local) {
            return Err(Problem::EmailBadLocalPart);
        }
        if !valid_domain(domain) {
            return Err(Problem::EmailBadDomain);
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

/// The company's domain (its Partner Center account email's) when `address` is outside it:
/// neither that domain nor one under it. `None` when it is inside, or either does not parse.
pub fn outside_company(address: &str, company_email: &str) -> Option<String> {
    let domain_of = |a: &str| {
        Email::parse(a)
            .ok()
            .and_then(|e| e.as_str().rsplit_once('@').map(|(_, d)| d.to_string()))
    };
    let (theirs, ours) = (domain_of(address)?, domain_of(company_email)?);
    let inside = theirs == ours || theirs.ends_with(&format!(".{ours}"));
    (!inside).then_some(ours)
}

/// The mailbox an address delivers to, for comparing: lower case, and without a `+tag` in the
/// local part (`partner+x@contoso.example` reaches `partner@contoso.example` at every major
/// provider and most servers). Dots are kept: ignoring them is one provider's habit, and would
/// wrongly equate `kim.lee@` and `kimlee@` everywhere else.
pub fn mailbox(address: &str) -> String {
    let lower = address.trim().to_ascii_lowercase();
    match lower.rsplit_once('@') {
        Some((local, domain)) => {
            let base = local.split_once('+').map_or(local, |(base, _)| base);
            format!("{base}@{domain}")
        }
        None => lower,
    }
}

/// An alternate email for instructions: a valid address that does not reach the company's
/// Partner Center account mailbox (compared ignoring case and any `+tag`), since the point is to
/// reach a person. The assign dialogs run this as you type; the server functions run it again.
pub fn alternate_email(input: &str, company_email: &str) -> Result<Email, Problem> {
    let email = Email::parse(input)?;
    if email.normalized() == company_email.trim().to_ascii_lowercase() {
        return Err(Problem::SameAsCompanyEmail);
    }
    if mailbox(email.as_str()) == mailbox(company_email) {
        return Err(Problem::SubAddressOfCompanyEmail);
    }
    Ok(email)
}

/// Technical instructions go to the alternate address *and* the user's account email: an
/// alternate that is the same mailbox would only send the same email twice, so it is refused.
pub fn not_the_users_own(alternate: &Email, user_email: &str) -> Result<(), Problem> {
    if mailbox(alternate.as_str()) == mailbox(user_email) {
        Err(Problem::SameAsUserEmail)
    } else {
        Ok(())
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
    type Error = Problem;
    fn try_from(s: String) -> Result<Email, Problem> {
        Email::parse(&s)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_outside_the_company_domain_is_noticed() {
        let company = "partner@contoso.example";
        assert_eq!(outside_company("kim@contoso.example", company), None);
        assert_eq!(outside_company("Kim@Contoso.Example", company), None);
        assert_eq!(outside_company("kim@eu.contoso.example", company), None);
        assert_eq!(
            outside_company("ga@fabrikam.example", company),
            Some("contoso.example".into())
        );
        assert_eq!(
            outside_company("kim@notcontoso.example", company),
            Some("contoso.example".into())
        );
        assert_eq!(outside_company("not an address", company), None);
    }

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
        assert_eq!(Email::parse("   "), Err(Problem::EmailEmpty));
        assert_eq!(
            Email::parse("ga.contoso.example"),
            Err(Problem::EmailMissingAt)
        );
        assert_eq!(
            Email::parse("@contoso.example"),
            Err(Problem::EmailBadLocalPart)
        );
        assert_eq!(
            Email::parse("a..b@contoso.example"),
            Err(Problem::EmailBadLocalPart)
        );
        assert_eq!(
            Email::parse("david@@contoso.example"),
            Err(Problem::EmailSeveralAts)
        );
        assert_eq!(
            Email::parse("a b@contoso.example"),
            Err(Problem::EmailBadLocalPart)
        );
        assert_eq!(Email::parse("ga@contoso"), Err(Problem::EmailBadDomain));
        assert_eq!(
            Email::parse("ga@-contoso.example"),
            Err(Problem::EmailBadDomain)
        );
        assert_eq!(
            Email::parse("ga@contoso..example"),
            Err(Problem::EmailBadDomain)
        );
        assert_eq!(Email::parse("ga@contoso.e1"), Err(Problem::EmailBadDomain));
        let long = format!("{}@contoso.example", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(Problem::EmailTooLong));
    }

    #[test]
    fn normalized_ignores_case() {
        let a = Email::parse("Partner@Contoso.example").unwrap();
        let b = Email::parse("partner@contoso.EXAMPLE").unwrap();
        assert_eq!(a.normalized(), b.normalized());
    }

    #[test]
    fn the_company_email_is_not_an_alternate_email() {
        let company = "partner@contoso.example";
        for input in [
            "partner@contoso.example",
            "  Partner@Contoso.Example ",
            "PARTNER@CONTOSO.EXAMPLE\t",
        ] {
            assert_eq!(
                alternate_email(input, company),
                Err(Problem::SameAsCompanyEmail),
                "{input:?}"
            );
        }
        assert_eq!(
            alternate_email("kim@contoso.example", company)
                .unwrap()
                .as_str(),
            "kim@contoso.example"
        );
        assert_eq!(
            alternate_email("not an email", company),
            Err(Problem::EmailMissingAt)
        );
    }

    #[test]
    fn the_users_own_mailbox_is_not_an_alternate() {
        let alt = Email::parse("Evan+work@Contoso.example").unwrap();
        assert_eq!(
            not_the_users_own(&alt, "evan@contoso.example"),
            Err(Problem::SameAsUserEmail)
        );
        assert_eq!(not_the_users_own(&alt, "ada@contoso.example"), Ok(()));
    }

    #[test]
    fn a_tagged_company_address_is_the_same_mailbox() {
        let company = "partner@contoso.example";
        for input in [
            "partner+x@contoso.example",
            "Partner+Benefits@CONTOSO.example",
            "partner+@contoso.example",
        ] {
            assert_eq!(
                alternate_email(input, company),
                Err(Problem::SubAddressOfCompanyEmail),
                "{input:?}"
            );
        }
        // A tagged company email: the untagged address is its mailbox too.
        assert_eq!(
            alternate_email("partner@contoso.example", "partner+pc@contoso.example"),
            Err(Problem::SubAddressOfCompanyEmail)
        );
        // Other people, other domains and dotted variants are different mailboxes.
        for ok in [
            "partner.kim@contoso.example",
            "partner+x@fabrikam.example",
            "p.artner@contoso.example",
            "kim+partner@contoso.example",
        ] {
            assert!(alternate_email(ok, company).is_ok(), "{ok:?}");
        }
    }

    /// A string that equals the company email up to ASCII case and surrounding spaces.
    fn disguised(company: &str) -> impl Strategy<Value = String> {
        let company = company.to_string();
        (
            proptest::collection::vec(any::<bool>(), company.len()),
            "[ \t]{0,3}",
            "[ \t\n]{0,3}",
        )
            .prop_map(move |(flips, before, after)| {
                let body: String = company
                    .chars()
                    .zip(flips)
                    .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
                    .collect();
                format!("{before}{body}{after}")
            })
    }

    proptest! {
        #[test]
        fn no_disguise_of_the_company_email_is_accepted(input in disguised("partner@contoso.example")) {
            prop_assert_eq!(alternate_email(&input, "partner@contoso.example"), Err(Problem::SameAsCompanyEmail));
        }

        #[test]
        fn no_disguise_is_accepted_whatever_the_company_email(
            local in "[a-z0-9]{1,12}", domain in "[a-z]{1,10}", flips in proptest::collection::vec(any::<bool>(), 40), pad in " {0,2}"
        ) {
            let company = format!("{local}@{domain}.example");
            let typed: String = company.chars().zip(flips.iter().cycle()).map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c }).collect();
            let typed = format!("{pad}{typed}{pad}");
            prop_assert_eq!(alternate_email(&typed, &format!(" {company} ")), Err(Problem::SameAsCompanyEmail));
        }

        #[test]
        fn any_tag_on_the_company_mailbox_is_refused(tag in "[a-zA-Z0-9.+_-]{0,20}", upper in any::<bool>()) {
            let local = if upper { "PARTNER" } else { "partner" };
            let typed = format!("{local}+{tag}@contoso.example");
            prop_assume!(Email::parse(&typed).is_ok());
            prop_assert_eq!(alternate_email(&typed, "partner@contoso.example"), Err(Problem::SubAddressOfCompanyEmail));
        }

        #[test]
        fn any_accepted_alternate_reaches_another_mailbox(local in "[a-z0-9.+_-]{1,16}", domain in "(contoso|fabrikam)\\.example") {
            let typed = format!("{local}@{domain}");
            if let Ok(e) = alternate_email(&typed, "partner@contoso.example") {
                prop_assert_ne!(mailbox(e.as_str()), "partner@contoso.example");
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,80}") {
            // Most such text is refused; what matters here is that nothing panics, and that the
            // rare accepted value keeps the promises the tests below check thoroughly.
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
                prop_assert!(e.as_str().len() <= 254);
            }
        }

        #[test]
        fn well_formed_addresses_are_accepted_trimmed_with_the_domain_lower_cased(
            (local, domain) in address(),
            before in "[ \t\n]{0,3}",
            after in "[ \t\n]{0,3}",
        ) {
            let typed = format!("{before}{local}@{domain}{after}");
            let e = Email::parse(&typed);
            let want = format!("{local}@{}", domain.to_ascii_lowercase());
            prop_assert_eq!(e.as_ref().map(Email::as_str), Ok(want.as_str()), "{:?}", typed);
            let e = e.unwrap();
            prop_assert!(e.as_str().len() <= 254);
            prop_assert_eq!(e.normalized(), want.to_ascii_lowercase());
            // Parsing what was stored gives it back, and so does the wire format.
            prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            let json = serde_json::to_string(&e).unwrap();
            prop_assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), e);
        }

        #[test]
        fn any_mix_of_case_is_accepted_keeps_the_local_part_and_is_the_same_mailbox(
            (local, domain) in address(),
            flips in proptest::collection::vec(any::<bool>(), 120),
        ) {
            let plain = Email::parse(&format!("{local}@{domain}")).unwrap();
            let typed = flip_case(&format!("{local}@{domain}"), &flips);
            let (typed_local, typed_domain) = typed.rsplit_once('@').unwrap();
            let want = format!("{typed_local}@{}", typed_domain.to_ascii_lowercase());
            let e = Email::parse(&typed);
            prop_assert_eq!(e.as_ref().map(Email::as_str), Ok(want.as_str()), "{:?}", typed);
            prop_assert_eq!(e.unwrap().normalized(), plain.normalized());
        }

        #[test]
        fn a_plus_tag_is_accepted_and_reaches_the_untagged_mailbox(
            (local, domain) in address(),
            tag in chars(ALNUM_TAG, 0..=10),
        ) {
            let untagged = format!("{local}@{domain}");
            let tagged = format!("{local}+{tag}@{domain}");
            let e = Email::parse(&tagged);
            prop_assert!(e.is_ok(), "{:?}: {:?}", tagged, e);
            prop_assert_eq!(mailbox(&tagged), mailbox(&untagged));
            prop_assert_eq!(alternate_email(&tagged, &untagged), Err(Problem::SubAddressOfCompanyEmail));
        }

        #[test]
        fn near_misses_are_refused_with_the_reason(
            (local, domain) in address(),
            flaw in prop::sample::select(Flaw::ALL.to_vec()),
            at in any::<prop::sample::Index>(),
        ) {
            let (typed, problem) = flaw.apply(&local, &domain, at);
            prop_assert_eq!(Email::parse(&typed), Err(problem), "{:?}: {:?}", flaw, typed);
        }
    }

    const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const ALNUM_TAG: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    /// Every character RFC 5322 allows unquoted in a local part.
    const ATEXT: &str =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// A string of `len` characters drawn from `alphabet`.
    fn chars(
        alphabet: &'static str,
        len: std::ops::RangeInclusive<usize>,
    ) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(alphabet.chars().collect::<Vec<_>>()),
            len,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    /// A valid local part: one to four dot-separated runs, mostly letters and digits
    /// (`kim.min-jun`), sometimes any of RFC 5322's other characters (`o'neil`, `a+b`, `{x}`).
    fn local_part() -> impl Strategy<Value = String> {
        let run = prop_oneof![4 => chars(ALNUM, 1..=10), 1 => chars(ATEXT, 1..=6)];
        proptest::collection::vec(run, 1..=4).prop_map(|runs| runs.join("."))
    }

    /// A valid domain: one to three labels of letters and digits with inner hyphens
    /// (`my-company`, `mail2`), then a top-level domain of two to six letters.
    fn domain() -> impl Strategy<Value = String> {
        let label = proptest::collection::vec(chars(ALNUM, 1..=5), 1..=3).prop_map(|p| p.join("-"));
        (
            proptest::collection::vec(label, 1..=3),
            chars(LETTERS, 2..=6),
        )
            .prop_map(|(labels, tld)| format!("{}.{tld}", labels.join(".")))
    }

    /// A valid address as its local part and domain (at most 43 + 1 + 60 characters).
    fn address() -> impl Strategy<Value = (String, String)> {
        (local_part(), domain())
    }

    fn flip_case(s: &str, flips: &[bool]) -> String {
        s.chars()
            .zip(flips.iter().cycle())
            .map(|(c, up)| {
                if *up {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    }

    /// One way to get a valid address slightly wrong, and the reason the parser must give.
    #[derive(Clone, Copy, Debug)]
    enum Flaw {
        Blank,
        NoAt,
        FullWidthAt,
        DoubleAt,
        SecondAddress,
        LeadingDotInLocal,
        TrailingDotInLocal,
        DoubleDotInLocal,
        SpaceInLocal,
        ForbiddenCharInLocal,
        NonAsciiInLocal,
        LocalTooLong,
        SpaceInDomain,
        TrailingDotInDomain,
        EmptyLabel,
        NoTld,
        NumericTld,
        OneLetterTld,
        HyphenAtLabelEdge,
        NonAsciiInDomain,
        TooLong,
    }

    impl Flaw {
        const ALL: [Flaw; 21] = [
            Flaw::Blank,
            Flaw::NoAt,
            Flaw::FullWidthAt,
            Flaw::DoubleAt,
            Flaw::SecondAddress,
            Flaw::LeadingDotInLocal,
            Flaw::TrailingDotInLocal,
            Flaw::DoubleDotInLocal,
            Flaw::SpaceInLocal,
            Flaw::ForbiddenCharInLocal,
            Flaw::NonAsciiInLocal,
            Flaw::LocalTooLong,
            Flaw::SpaceInDomain,
            Flaw::TrailingDotInDomain,
            Flaw::EmptyLabel,
            Flaw::NoTld,
            Flaw::NumericTld,
            Flaw::OneLetterTld,
            Flaw::HyphenAtLabelEdge,
            Flaw::NonAsciiInDomain,
            Flaw::TooLong,
        ];

        /// `local@domain` (valid, ASCII) with this flaw; `at` picks a position or a variant.
        fn apply(self, local: &str, domain: &str, at: prop::sample::Index) -> (String, Problem) {
            let insert = |s: &str, i: usize, what: &str| format!("{}{what}{}", &s[..i], &s[i..]);
            let (labels, tld) = domain.rsplit_once('.').unwrap();
            let first_label = domain.split('.').next().unwrap();
            use Problem::*;
            match self {
                Flaw::Blank => (" \t ".repeat(1 + at.index(3)), EmailEmpty),
                Flaw::NoAt => (format!("{local}{domain}"), EmailMissingAt),
                Flaw::FullWidthAt => (format!("{local}\u{FF20}{domain}"), EmailMissingAt),
                Flaw::DoubleAt => (format!("{local}@@{domain}"), EmailSeveralAts),
                Flaw::SecondAddress => (format!("{local}@{domain}@{domain}"), EmailSeveralAts),
                Flaw::LeadingDotInLocal => (format!(".{local}@{domain}"), EmailBadLocalPart),
                Flaw::TrailingDotInLocal => (format!("{local}.@{domain}"), EmailBadLocalPart),
                // At the start, the end or inside: every place makes it wrong.
                Flaw::DoubleDotInLocal => (
                    format!(
                        "{}@{domain}",
                        insert(local, at.index(local.len() + 1), "..")
                    ),
                    EmailBadLocalPart,
                ),
                // After the first character, so that trimming cannot remove it.
                Flaw::SpaceInLocal => (
                    format!("{}@{domain}", insert(local, 1 + at.index(local.len()), " ")),
                    EmailBadLocalPart,
                ),
                Flaw::ForbiddenCharInLocal => {
                    const FORBIDDEN: [&str; 11] =
                        ["(", ")", ",", ":", ";", "<", ">", "[", "]", "\\", "\""];
                    let c = FORBIDDEN[at.index(FORBIDDEN.len())];
                    let i = at.index(local.len() + 1);
                    (
                        format!("{}@{domain}", insert(local, i, c)),
                        EmailBadLocalPart,
                    )
                }
                Flaw::NonAsciiInLocal => {
                    let c = ["é", "김", "ß"][at.index(3)];
                    let i = at.index(local.len() + 1);
                    (
                        format!("{}@{domain}", insert(local, i, c)),
                        EmailBadLocalPart,
                    )
                }
                Flaw::LocalTooLong => {
                    let long = format!("{local}{}", "x".repeat(65 + at.index(20) - local.len()));
                    (format!("{long}@{domain}"), EmailBadLocalPart)
                }
                // Before the last character, so that trimming cannot remove it.
                Flaw::SpaceInDomain => (
                    format!("{local}@{}", insert(domain, at.index(domain.len()), " ")),
                    EmailBadDomain,
                ),
                Flaw::TrailingDotInDomain => (format!("{local}@{domain}."), EmailBadDomain),
                Flaw::EmptyLabel => (
                    format!("{local}@{}", domain.replacen('.', "..", 1)),
                    EmailBadDomain,
                ),
                Flaw::NoTld => (format!("{local}@{first_label}"), EmailBadDomain),
                Flaw::NumericTld => (
                    format!("{local}@{labels}.{}", 10 + at.index(990)),
                    EmailBadDomain,
                ),
                Flaw::OneLetterTld => (format!("{local}@{labels}.{}", &tld[..1]), EmailBadDomain),
                Flaw::HyphenAtLabelEdge => {
                    let typed = if at.index(2) == 0 {
                        format!("{local}@-{domain}")
                    } else {
                        format!("{local}@{}", domain.replacen('.', "-.", 1))
                    };
                    (typed, EmailBadDomain)
                }
                Flaw::NonAsciiInDomain => {
                    let c = ["ü", "한", "ı"][at.index(3)];
                    let i = at.index(first_label.len() + 1);
                    (format!("{local}@{}", insert(domain, i, c)), EmailBadDomain)
                }
                // 26 more labels of ten characters: over 254 characters in all.
                Flaw::TooLong => (
                    format!("{local}@{}{domain}", "abcdefghi.".repeat(26)),
                    EmailTooLong,
                ),
            }
        }
    }
}
