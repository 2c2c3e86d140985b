//! The pure domain core, shared by the browser client and the server: types that cannot hold a
//! bad value, the permission table and the rules. No Leptos, no SQL, no I/O here.

pub mod access;
pub mod audit;
pub mod auth;
pub mod benefits;
pub mod bulk;
pub mod catalogue;
pub mod date;
pub mod email;
pub mod export;
pub mod format;
pub mod forms;
pub mod level;
pub mod list_view;
pub mod marketing;
pub mod notifications;
pub mod overview;
pub mod packages;
pub mod person;
pub mod phone;
pub mod problem;
pub mod refund;
pub mod reminders;
pub mod requests;
pub mod users;

pub use access::{Action, Roles};
pub use benefits::{BenefitStatus, Category, CloudKind, Os, Unit};
pub use date::Date;
pub use email::Email;
pub use level::{GtmType, PartnerLevel};
pub use phone::Phone;
pub use problem::Problem;
