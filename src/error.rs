//! The one error type that crosses from server to client, typed: the UI matches on it instead of
//! parsing strings. Internal causes never leave the server; the client gets a reference to quote.

use crate::domain::Action;
use crate::i18n::{t, tf, Key, Lang};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "WireError", try_from = "WireError")]
pub enum AppError {
    /// No valid session: the client shows the sign-in page.
    NotSignedIn,
    /// Wrong email or password; deliberately does not say which.
    BadCredentials,
    /// Too many failed sign-ins; try again later.
    TooManyAttempts { retry_after_secs: u64 },
    /// The server is at its limit for this kind of work (password checks, requests at once):
    /// nothing was done; try again after `retry_after_secs` (HTTP 503 with `Retry-After`).
    Busy { retry_after_secs: u64 },
    /// The request ran past the server's time limit and was stopped: what it asked may or may
    /// not have been done (HTTP 504). Never retried blindly.
    TimedOut,
    /// The caller's roles do not allow the action.
    Forbidden { action: Action },
    /// A mutating request from another site.
    CrossSite,
    /// The thing does not exist, or belongs to another company (the same answer on purpose).
    NotFound,
    /// Fields failed validation: every problem of the form at once (never none), each naming
    /// its form field, so the form can show each beside its field.
    Invalid { problems: Vec<FieldError> },
    /// The request is valid but the state does not allow it (already active, expired…).
    Conflict { message: String },
    /// Something broke on the server; details are in its log under `reference`.
    Internal { reference: String },
    /// The server could not be reached or answered something unreadable (client side only).
    Unreachable,
}

/// One field's problem, worded in the caller's language by the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// The JSON shape of an error: `{"kind": "forbidden", "action": "GetKeys"}`. A flat struct
/// rather than serde's internally tagged enum, whose deserializer is several kilobytes of wasm.
#[derive(Serialize, Deserialize)]
struct WireError {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    action: Option<Action>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    /// Every problem of an `invalid` answer; `field` and `message` repeat the first, which is
    /// all that callers written before this list read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    problems: Option<Vec<FieldError>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retry_after_secs: Option<u64>,
}

impl From<AppError> for WireError {
    fn from(e: AppError) -> WireError {
        let mut w = WireError {
            kind: String::new(),
            action: None,
            field: None,
            message: None,
            problems: None,
            reference: None,
            retry_after_secs: None,
        };
        w.kind = match e {
            AppError::NotSignedIn => "not_signed_in",
            AppError::BadCredentials => "bad_credentials",
            AppError::TooManyAttempts { retry_after_secs } => {
                w.retry_after_secs = Some(retry_after_secs);
                "too_many_attempts"
            }
            AppError::Busy { retry_after_secs } => {
                w.retry_after_secs = Some(retry_after_secs);
                "busy"
            }
            AppError::Forbidden { action } => {
                w.action = Some(action);
                "forbidden"
            }
            AppError::TimedOut => "timed_out",
            AppError::CrossSite => "cross_site",
            AppError::NotFound => "not_found",
            AppError::Invalid { problems } => {
                if let Some(first) = problems.first() {
                    w.field = Some(first.field.clone());
                    w.message = Some(first.message.clone());
                }
                w.problems = Some(problems);
                "invalid"
            }
            AppError::Conflict { message } => {
                w.message = Some(message);
                "conflict"
            }
            AppError::Internal { reference } => {
                w.reference = Some(reference);
                "internal"
            }
            AppError::Unreachable => "unreachable",
        }
        .to_string();
        w
    }
}

impl TryFrom<WireError> for AppError {
    type Error = String;
    fn try_from(w: WireError) -> Result<AppError, String> {
        let missing = |what: &str| format!("error {:?} without {what}", w.kind);
        Ok(match w.kind.as_str() {
            "not_signed_in" => AppError::NotSignedIn,
            "bad_credentials" => AppError::BadCredentials,
            "too_many_attempts" => AppError::TooManyAttempts {
                retry_after_secs: w.retry_after_secs.unwrap_or(60),
            },
            "busy" => AppError::Busy {
                retry_after_secs: w.retry_after_secs.unwrap_or(1),
            },
            "forbidden" => AppError::Forbidden {
                action: w.action.ok_or_else(|| missing("action"))?,
            },
            "timed_out" => AppError::TimedOut,
            "cross_site" => AppError::CrossSite,
            "not_found" => AppError::NotFound,
            // An answer with the list reads the list; one without it (an older server) reads
            // its one `field` and `message`.
            "invalid" => match w.problems.clone().filter(|p| !p.is_empty()) {
                Some(problems) => AppError::Invalid { problems },
                None => AppError::Invalid {
                    problems: vec![FieldError {
                        field: w.field.clone().unwrap_or_default(),
                        message: w.message.clone().ok_or_else(|| missing("message"))?,
                    }],
                },
            },
            "conflict" => AppError::Conflict {
                message: w.message.clone().ok_or_else(|| missing("message"))?,
            },
            "internal" => AppError::Internal {
                reference: w.reference.clone().unwrap_or_default(),
            },
            "unreachable" => AppError::Unreachable,
            other => return Err(format!("unknown error kind {other:?}")),
        })
    }
}

impl AppError {
    /// How long to wait before trying again, for the `Retry-After` header.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts { retry_after_secs }
            | AppError::Busy { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// One field's problem.
    pub fn invalid(field: &str, message: impl fmt::Display) -> AppError {
        AppError::Invalid {
            problems: vec![FieldError {
                field: field.to_string(),
                message: message.to_string(),
            }],
        }
    }

    /// The field problems this error carries: all of an `Invalid`, none of anything else.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid { problems } => problems,
            _ => &[],
        }
    }

    /// What the server said about `field`, if anything.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.field_errors()
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message.as_str())
    }

    pub fn conflict(message: impl Into<String>) -> AppError {
        AppError::Conflict {
            message: message.into(),
        }
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn | AppError::BadCredentials => 401,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Busy { .. } => 503,
            AppError::TimedOut => 504,
            AppError::Forbidden { .. } | AppError::CrossSite => 403,
            AppError::NotFound => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict { .. } => 409,
            AppError::Internal { .. } => 500,
            AppError::Unreachable => 502,
        }
    }
}

impl AppError {
    /// What to tell the person, in their language. `Invalid` and `Conflict` arrive already
    /// worded by the server in the caller's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotSignedIn => t(lang, Key::ErrNotSignedIn).to_string(),
            AppError::BadCredentials => t(lang, Key::ErrBadCredentials).to_string(),
            AppError::TooManyAttempts { retry_after_secs } => tf(
                lang,
                Key::ErrTooManyAttempts,
                &[("minutes", &retry_after_secs.div_ceil(60).max(1).to_string())],
            ),
            AppError::Busy { .. } => t(lang, Key::ErrBusy).to_string(),
            AppError::TimedOut => t(lang, Key::ErrTimedOut).to_string(),
            AppError::Forbidden { action } => action.denial_reason(lang),
            AppError::CrossSite => t(lang, Key::ErrCrossSite).to_string(),
            AppError::NotFound => t(lang, Key::ErrNotFound).to_string(),
            // Shown on its own (not beside a field) it says every problem.
            AppError::Invalid { problems } => problems
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            AppError::Conflict { message } => message.clone(),
            AppError::Internal { reference } => {
                tf(lang, Key::ErrInternal, &[("reference", reference)])
            }
            AppError::Unreachable => t(lang, Key::ErrUnreachable).to_string(),
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Transport failures, seen on the client.
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unreachable,
            // Malformed arguments, seen on the server: the request itself is bad.
            // The decoder's own text names Rust types (`expected struct GetKeys`): it goes to the
            // log, never to the caller.
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::Deserialization(msg)
                if cfg!(feature = "ssr") =>
            {
                #[cfg(feature = "ssr")]
                {
                    tracing::info!(error = %msg, "undecodable server function arguments");
                    AppError::invalid(
                        "request",
                        t(crate::server::lang(), Key::ErrRequestUnreadable),
                    )
                }
                #[cfg(not(feature = "ssr"))]
                {
                    let _ = msg;
                    AppError::Unreachable
                }
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function framework error");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Unreachable
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_round_trip_as_tagged_json() {
        let e = AppError::invalid(
            "alternate_email",
            "Use an address other than the company's.",
        );
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains("\"kind\":\"invalid\""), "{json}");
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), e);
    }

    #[test]
    fn every_kind_round_trips() {
        let all = [
            AppError::NotSignedIn,
            AppError::BadCredentials,
            AppError::TooManyAttempts {
                retry_after_secs: 90,
            },
            AppError::Busy {
                retry_after_secs: 1,
            },
            AppError::TimedOut,
            AppError::Forbidden {
                action: Action::ManageUsers,
            },
            AppError::CrossSite,
            AppError::NotFound,
            AppError::invalid("email", "Enter an email address."),
            AppError::conflict("Already active."),
            AppError::Internal {
                reference: "ab12cd34".into(),
            },
            AppError::Unreachable,
        ];
        for e in all {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(
                serde_json::from_str::<AppError>(&json).unwrap(),
                e,
                "{json}"
            );
        }
        assert!(serde_json::from_str::<AppError>(r#"{"kind":"mystery"}"#).is_err());
    }

    #[test]
    fn every_field_problem_crosses_the_wire_and_the_first_is_still_field_and_message() {
        let e = AppError::Invalid {
            problems: vec![
                FieldError {
                    field: "title".into(),
                    message: "This field is required.".into(),
                },
                FieldError {
                    field: "contact_phone".into(),
                    message: "Start with +.".into(),
                },
            ],
        };
        let json: serde_json::Value = serde_json::to_value(&e).unwrap();
        assert_eq!(json["field"], "title");
        assert_eq!(json["message"], "This field is required.");
        assert_eq!(json["problems"][1]["field"], "contact_phone");
        assert_eq!(serde_json::from_value::<AppError>(json).unwrap(), e);
        assert_eq!(e.field_message("contact_phone"), Some("Start with +."));
        assert_eq!(e.field_message("product"), None);
    }

    #[test]
    fn an_invalid_answer_without_the_list_reads_as_its_one_problem() {
        let old = r#"{"kind":"invalid","field":"email","message":"Enter an email address."}"#;
        assert_eq!(
            serde_json::from_str::<AppError>(old).unwrap(),
            AppError::invalid("email", "Enter an email address.")
        );
    }

    #[test]
    fn forbidden_explains_who_may() {
        let e = AppError::Forbidden {
            action: Action::GetKeys,
        };
        assert_eq!(e.status(), 403);
        assert_eq!(
            e.to_string(),
            "Only a Global admin or an MPN partner admin can get product keys."
        );
    }
}
