//! Reusable building blocks. Each takes props and callbacks and knows nothing about pages.

mod alert;
mod confirm;
mod copy_button;
mod dialog;
mod email_text;
mod expand_button;
mod export_csv;
mod fields;
mod guarded_button;
mod list_tools;
mod page_heading;
mod picker;
mod preferences;
mod status_badge;
mod toast;

pub use alert::{ErrorAlert, Loading};
pub use confirm::ConfirmDialog;
pub use copy_button::CopyButton;
pub use dialog::{focus_arrived_field, Dialog, DialogActions, DialogBody, DialogForm};
pub use email_text::EmailText;
pub use expand_button::ExpandButton;
pub use export_csv::ExportCsv;
pub use fields::{CheckboxField, SelectField, TextField};
pub use guarded_button::GuardedButton;
pub use list_tools::ListTools;
pub use page_heading::PageHeading;
pub use picker::{Picker, PickerItem, PickerSearch, SearchPage};
pub use preferences::Preferences;
pub use status_badge::StatusBadge;
pub use toast::{use_toasts, ToastRegion, Toasts};
