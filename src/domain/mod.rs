//! The pure domain core, shared by the browser client and the server: types that cannot hold a
//! bad value, the permission table and the rules. No Leptos, no SQL, no I/O here.

/// `Deserialize` for an enum of unit variants, reading the variant's name: the names serde's
/// derive writes and reads. By hand because the derive's enum code, for every form JSON allows
/// an enum, was 1.1 KB of the browser's wasm per enum; a string matched here is a few bytes.
macro_rules! deserialize_by_name {
    ($name:ident { $($variant:ident),+ }) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$(stringify!($variant)),+];
                let name = <String as serde::Deserialize>::deserialize(d)?;
                match name.as_str() {
                    $(stringify!($variant) => Ok($name::$variant),)+
                    _ => Err(serde::de::Error::unknown_variant(&name, NAMES)),
                }
            }
        }
    };
}
pub(crate) use deserialize_by_name;

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
