//! Membership packages as the company holds them: what each granted, whether it can still be
//! refunded, whether a cancellation is under way.

use crate::domain::refund::Eligibility;
use crate::domain::{Category, Date};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PackageStatus {
    Active,
    Expired,
    CancellationRequested,
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageBenefit {
    pub id: i64,
    pub name: String,
    pub category: Category,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageRow {
    pub id: i64,
    pub name: String,
    /// Unix seconds.
    pub purchased_at: i64,
    pub purchased_by: String,
    pub price_cents: i64,
    pub currency: String,
    pub status: PackageStatus,
    pub expires_on: Date,
    pub benefits: Vec<PackageBenefit>,
    /// The refund rule's answer (domain::refund::eligibility), computed by the server.
    pub eligibility: Eligibility,
    /// The open cancellation request, if one was filed.
    pub cancellation: Option<CaseRef>,
}

/// A service request as another page points at it: its case number, and its id for the link
/// to its detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRef {
    pub id: i64,
    pub number: String,
}

/// Files a cancellation service request for a package that is still refundable.
/// The longest reason a cancellation request may give.
pub const CANCELLATION_REASON_MAX: usize = 2000;
