//! Reusable building blocks. Each takes props and callbacks and knows nothing about pages.

mod alert;
mod copy_button;
mod expand_button;
mod status_badge;

pub use alert::{ErrorAlert, Loading};
pub use copy_button::CopyButton;
pub use expand_button::ExpandButton;
pub use status_badge::StatusBadge;
