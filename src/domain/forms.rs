//! The forms of the product as domain values: each `parse` turns what was typed into a value
//! that cannot be wrong, or into every field's problem. The dialogs call these as you type; the
//! server functions call them again on what arrives.

use super::email::{alternate_email, Email};
use super::phone::Phone;
use super::problem::{name_text, required_text, Problem, Problems};
use super::Roles;
use serde::{Deserialize, Serialize};

/// A new user of the company, as the Add user dialog sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUserForm {
    pub name: String,
    pub email: String,
    pub roles: Roles,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub email: Email,
    pub roles: Roles,
}

impl NewUserForm {
    pub fn parse(&self) -> Result<NewUser, Problems> {
        let mut p = Problems::default();
        let name = p.check("name", name_text(&self.name, 100));
        let email = p.check("email", Email::parse(&self.email));
        match (name, email) {
            (Some(name), Some(email)) if p.is_empty() => Ok(NewUser {
                name,
                email,
                roles: self.roles,
            }),
            _ => Err(p),
        }
    }
}

/// The phases an advisory request can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    Presales,
    Design,
    Deployment,
    AppDevelopment,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::Presales,
        Phase::Design,
        Phase::Deployment,
        Phase::AppDevelopment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Phase::Presales => "presales",
            Phase::Design => "design",
            Phase::Deployment => "deployment",
            Phase::AppDevelopment => "app_development",
        }
    }

    pub fn from_code(code: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// Time zones offered for a contact: IANA names, grouped roughly by where partners are.
pub const TIME_ZONES: &[&str] = &[
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "UTC",
];

/// Request advisory hours, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryForm {
    pub title: String,
    pub description: String,
    pub phase: String,
    pub product: String,
    pub hours: String,
    pub contact_phone: String,
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdvisoryRequest {
    pub title: String,
    pub description: String,
    pub phase: Phase,
    pub product: String,
    pub hours: i64,
    pub contact_phone: Phone,
    pub time_zone: String,
}

/// Hours asked for: a whole number from 1 to what remains.
pub fn parse_hours(input: &str, remaining: i64) -> Result<i64, Problem> {
    if input.trim().is_empty() {
        // Empty is not "not a number": the field is required.
        return Err(Problem::Required);
    }
    let hours: i64 = input.trim().parse().map_err(|_| Problem::NotANumber)?;
    if hours < 1 {
        Err(Problem::HoursAtLeastOne)
    } else if hours > remaining {
        Err(Problem::HoursExceedRemaining { remaining })
    } else {
        Ok(hours)
    }
}

impl AdvisoryForm {
    pub fn parse(&self, remaining_hours: i64) -> Result<AdvisoryRequest, Problems> {
        let mut p = Problems::default();
        let title = p.check("title", name_text(&self.title, 120));
        let description = p.check("description", required_text(&self.description, 4000));
        let phase = p.check(
            "phase",
            Phase::from_code(&self.phase).ok_or(Problem::Required),
        );
        let product = p.check("product", name_text(&self.product, 120));
        let hours = p.check("hours", parse_hours(&self.hours, remaining_hours));
        let contact_phone = p.check("contact_phone", Phone::parse(&self.contact_phone));
        let time_zone = p.check(
            "time_zone",
            TIME_ZONES
                .iter()
                .find(|z| **z == self.time_zone)
                .map(|z| z.to_string())
                .ok_or(Problem::Required),
        );
        match (
            title,
            description,
            phase,
            product,
            hours,
            contact_phone,
            time_zone,
        ) {
            (
                Some(title),
                Some(description),
                Some(phase),
                Some(product),
                Some(hours),
                Some(contact_phone),
                Some(time_zone),
            ) => Ok(AdvisoryRequest {
                title,
                description,
                phase,
                product,
                hours,
                contact_phone,
                time_zone,
            }),
            _ => Err(p),
        }
    }
}

/// The languages a marketing contact may prefer (BCP 47).
pub const CONTACT_LANGUAGES: &[&str] = &[
    "en-US", "ko-KR", "ja-JP", "de-DE", "fr-FR", "zh-CN", "es-ES",
];

/// The marketing contact dialog, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    pub user_id: Option<i64>,
    pub alternate_email: String,
    pub phone: String,
    pub preferred_language: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub user_id: i64,
    pub alternate_email: Email,
    pub phone: Phone,
    pub preferred_language: String,
}

impl ContactForm {
    pub fn parse(&self, company_email: &str) -> Result<Contact, Problems> {
        let mut p = Problems::default();
        let user_id = p.check("user", self.user_id.ok_or(Problem::Required));
        let alternate_email = p.check(
            "alternate_email",
            alternate_email(&self.alternate_email, company_email),
        );
        let phone = p.check("phone", Phone::parse(&self.phone));
        let preferred_language = p.check(
            "preferred_language",
            CONTACT_LANGUAGES
                .iter()
                .find(|l| **l == self.preferred_language)
                .map(|l| l.to_string())
                .ok_or(Problem::Required),
        );
        match (user_id, alternate_email, phone, preferred_language) {
            (Some(user_id), Some(alternate_email), Some(phone), Some(preferred_language)) => {
                Ok(Contact {
                    user_id,
                    alternate_email,
                    phone,
                    preferred_language,
                })
            }
            _ => Err(p),
        }
    }
}

/// Opening a product support incident, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentForm {
    pub title: String,
    pub description: String,
    pub product: String,
    pub contact_phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    pub title: String,
    pub description: String,
    pub product: String,
    pub contact_phone: Phone,
}

impl IncidentForm {
    /// Every field's problem at once, as the dialog shows them and the server refuses them.
    pub fn parse(&self) -> Result<Incident, Problems> {
        let mut p = Problems::default();
        let title = p.check("title", name_text(&self.title, 120));
        let description = p.check("description", required_text(&self.description, 4000));
        let product = p.check("product", name_text(&self.product, 120));
        let contact_phone = p.check("contact_phone", Phone::parse(&self.contact_phone));
        match (title, description, product, contact_phone) {
            (Some(title), Some(description), Some(product), Some(contact_phone))
                if p.is_empty() =>
            {
                Ok(Incident {
                    title,
                    description,
                    product,
                    contact_phone,
                })
            }
            _ => Err(p),
        }
    }
}

/// Assigning a technical benefit: the user and where to send the instructions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicalAssignForm {
    pub user_id: Option<i64>,
    pub alternate_email: String,
}

impl TechnicalAssignForm {
    pub fn parse(&self, company_email: &str) -> Result<(i64, Email), Problems> {
        let mut p = Problems::default();
        let user_id = p.check("user", self.user_id.ok_or(Problem::Required));
        let email = p.check(
            "alternate_email",
            alternate_email(&self.alternate_email, company_email),
        );
        match (user_id, email) {
            (Some(u), Some(e)) => Ok((u, e)),
            _ => Err(p),
        }
    }
}

/// A new password: at least 12 characters (length beats composition rules), typed twice.
pub fn new_password(password: &str, again: &str) -> Result<String, Problems> {
    let mut p = Problems::default();
    if password.chars().count() < 12 {
        p.0.push(super::problem::FieldProblem {
            field: "password",
            problem: Problem::PasswordTooShort { min: 12 },
        });
    } else if password.len() > 1024 {
        p.0.push(super::problem::FieldProblem {
            field: "password",
            problem: Problem::TooLong { max: 1024 },
        });
    }
    if password != again {
        p.0.push(super::problem::FieldProblem {
            field: "password_again",
            problem: Problem::PasswordsDiffer,
        });
    }
    if p.is_empty() {
        Ok(password.to_string())
    } else {
        Err(p)
    }
}

/// Signing in, as typed: the email must be one; the password is only checked for being there
/// (what it is, only the server can say).
pub fn sign_in_form(email: &str, password: &str) -> Result<Email, Problems> {
    let mut p = Problems::default();
    let email = p.check("email", Email::parse(email));
    p.check("password", present_password(password));
    match email {
        Some(e) if p.is_empty() => Ok(e),
        _ => Err(p),
    }
}

/// Changing one's password: the current one, and a new one typed twice.
pub fn change_password_form(
    current: &str,
    password: &str,
    again: &str,
) -> Result<String, Problems> {
    let mut p = Problems::default();
    p.check("current_password", present_password(current));
    let new = match new_password(password, again) {
        Ok(n) => Some(n),
        Err(more) => {
            p.0.extend(more.0);
            None
        }
    };
    match new {
        Some(n) if p.is_empty() => Ok(n),
        _ => Err(p),
    }
}

fn present_password(password: &str) -> Result<(), Problem> {
    if password.is_empty() {
        Err(Problem::PasswordEmpty)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(p: &Problems) -> Vec<&'static str> {
        p.0.iter().map(|p| p.field).collect()
    }

    #[test]
    fn signing_in_with_a_bad_email_and_no_password_names_both_fields() {
        let p = sign_in_form("kim@", "").unwrap_err();
        assert_eq!(fields(&p), ["email", "password"]);
        assert_eq!(p.get("password"), Some(&Problem::PasswordEmpty));
        assert!(sign_in_form("kim@contoso.example", "x").is_ok());
    }

    #[test]
    fn changing_a_password_names_every_problem_at_once() {
        let p = change_password_form("", "short", "other").unwrap_err();
        assert_eq!(
            fields(&p),
            ["current_password", "password", "password_again"]
        );
        assert!(
            change_password_form("old", "violet kettle harbour", "violet kettle harbour").is_ok()
        );
    }

    fn advisory() -> AdvisoryForm {
        AdvisoryForm {
            title: "Landing zone review".into(),
            description: "Review our Azure landing zone design before go-live.".into(),
            phase: "design".into(),
            product: "Microsoft Azure".into(),
            hours: "4".into(),
            contact_phone: "+82 2 1234 5678".into(),
            time_zone: "Asia/Seoul".into(),
        }
    }

    #[test]
    fn an_incident_names_every_problem_at_once() {
        let p = IncidentForm::default().parse().unwrap_err();
        for field in ["title", "description", "product", "contact_phone"] {
            assert!(p.get(field).is_some(), "{field}");
        }
        let ok = IncidentForm {
            title: " Outage ".into(),
            description: "SQL Server fails over in a loop.".into(),
            product: "SQL Server 2025".into(),
            contact_phone: "+82 2 1234 5678".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.title, "Outage");
    }

    #[test]
    fn a_complete_advisory_request_parses() {
        let r = advisory().parse(10).unwrap();
        assert_eq!(r.hours, 4);
        assert_eq!(r.phase, Phase::Design);
        assert_eq!(r.contact_phone.as_str(), "+82212345678");
    }

    #[test]
    fn hours_may_not_exceed_what_remains() {
        let mut f = advisory();
        f.hours = "11".into();
        let p = f.parse(10).unwrap_err();
        assert_eq!(
            p.get("hours"),
            Some(&Problem::HoursExceedRemaining { remaining: 10 })
        );
        f.hours = "10".into();
        assert!(f.parse(10).is_ok());
        f.hours = "0".into();
        assert_eq!(
            f.parse(10).unwrap_err().get("hours"),
            Some(&Problem::HoursAtLeastOne)
        );
        f.hours = "two".into();
        assert_eq!(
            f.parse(10).unwrap_err().get("hours"),
            Some(&Problem::NotANumber)
        );
        f.hours = "  ".into();
        assert_eq!(
            f.parse(10).unwrap_err().get("hours"),
            Some(&Problem::Required),
            "an empty field is said to be required"
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let p = AdvisoryForm::default().parse(10).unwrap_err();
        for field in [
            "title",
            "description",
            "phase",
            "product",
            "hours",
            "contact_phone",
            "time_zone",
        ] {
            assert!(p.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn a_contact_needs_an_alternate_email_other_than_the_company_one() {
        let f = ContactForm {
            user_id: Some(3),
            alternate_email: " PARTNER@contoso.example".into(),
            phone: "+82 10 1234 5678".into(),
            preferred_language: "ko-KR".into(),
        };
        let p = f.parse("partner@contoso.example").unwrap_err();
        assert_eq!(p.get("alternate_email"), Some(&Problem::SameAsCompanyEmail));
        let ok = ContactForm {
            alternate_email: "marketing@contoso.example".into(),
            ..f
        };
        assert!(ok.parse("partner@contoso.example").is_ok());
    }

    #[test]
    fn a_new_user_needs_a_name_and_an_email() {
        let p = NewUserForm::default().parse().unwrap_err();
        assert_eq!(p.get("name"), Some(&Problem::Required));
        assert_eq!(p.get("email"), Some(&Problem::EmailEmpty));
    }

    #[test]
    fn passwords_are_long_and_typed_twice() {
        assert!(new_password("correct horse battery", "correct horse battery").is_ok());
        let p = new_password("short", "shorter").unwrap_err();
        assert_eq!(
            p.get("password"),
            Some(&Problem::PasswordTooShort { min: 12 })
        );
        assert_eq!(p.get("password_again"), Some(&Problem::PasswordsDiffer));
    }
}
