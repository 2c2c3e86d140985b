//! Service requests: advisory hours, cancellations and support incidents, as filed and as they
//! move from open to resolved.

use crate::i18n::{t, Key, Lang};
use serde::{Deserialize, Serialize};

/// Where a request stands. Stored and sent as its snake_case code (`in_progress`); this is the
/// one place codes are mapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    InProgress,
    Resolved,
    Refunded,
    Rejected,
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 6] = [
        RequestStatus::Open,
        RequestStatus::InProgress,
        RequestStatus::Resolved,
        RequestStatus::Refunded,
        RequestStatus::Rejected,
        RequestStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Refunded => "refunded",
            RequestStatus::Rejected => "rejected",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// What the page and the export call it.
    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                RequestStatus::Open => Key::RequestOpen,
                RequestStatus::InProgress => Key::RequestInProgress,
                RequestStatus::Resolved => Key::RequestResolved,
                RequestStatus::Refunded => Key::RequestRefunded,
                RequestStatus::Withdrawn => Key::RequestWithdrawn,
                RequestStatus::Rejected => Key::RequestRejected,
            },
        )
    }

    /// Still being worked on: it can be withdrawn, and it still holds what it reserved.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Open | RequestStatus::InProgress)
    }
}

/// What a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    AdvisoryHours,
    Cancellation,
    SupportIncident,
}

impl RequestKind {
    pub const ALL: [RequestKind; 3] = [
        RequestKind::AdvisoryHours,
        RequestKind::Cancellation,
        RequestKind::SupportIncident,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestKind::AdvisoryHours => "advisory_hours",
            RequestKind::Cancellation => "cancellation",
            RequestKind::SupportIncident => "support_incident",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the page and the export call it.
    pub fn label(self, lang: Lang) -> &'static str {
        t(
            lang,
            match self {
                RequestKind::Cancellation => Key::KindCancellation,
                RequestKind::SupportIncident => Key::KindIncident,
                RequestKind::AdvisoryHours => Key::KindAdvisory,
            },
        )
    }

    /// Whether filing it reserves some of a benefit (hours, an incident) until it is withdrawn
    /// or rejected.
    pub fn reserves(self) -> bool {
        matches!(
            self,
            RequestKind::AdvisoryHours | RequestKind::SupportIncident
        )
    }
}

/// A filed service request, as listed and as returned when it is created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestRow {
    pub id: i64,
    pub case_number: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub title: String,
    pub filed_by: String,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
    pub hours: Option<i64>,
    /// The package or benefit it is about.
    pub about: Option<String>,
    /// How it was resolved (refunds, rejections).
    pub resolution: Option<String>,
}

/// One status a request went through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEvent {
    pub status: RequestStatus,
    pub note: Option<String>,
    /// Who moved it there; None for Partner Benefits' own staff.
    pub by: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

/// Everything about one request: what was asked, why, and what happened since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequestDetail {
    pub request: ServiceRequestRow,
    pub description: String,
    pub phase: Option<String>,
    pub product: Option<String>,
    pub contact_phone: Option<String>,
    pub time_zone: Option<String>,
    pub history: Vec<RequestEvent>,
    /// Whether the caller may withdraw it now (open, and theirs or they are a Global admin).
    pub may_withdraw: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_are_what_the_wire_and_the_database_carry() {
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        for k in RequestKind::ALL {
            assert_eq!(RequestKind::from_code(k.code()), Some(k));
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.code())
            );
        }
        assert_eq!(RequestStatus::from_code("OPEN"), None);
    }
}
