pub mod assign;
pub mod benefit_details;
pub mod benefits;
pub mod marketing;
pub mod notifications;
pub mod sign_in;
pub mod users;
pub mod welcome;
