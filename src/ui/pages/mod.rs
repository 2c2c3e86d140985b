pub mod benefit_details;
pub mod benefits;
pub mod sign_in;
