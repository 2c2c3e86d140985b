//! Data taken out as CSV files: what the browser saves, and cells a spreadsheet app shows as
//! text instead of running them.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The most rows any export holds (users, assignments, service requests, the audit trail): the
/// file is made on the server from rows read one at a time, and this bounds its size.
pub const EXPORT_MAX_ROWS: u32 = 50_000;

/// The export, as the browser saves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvFile {
    pub file_name: String,
    /// RFC 4180 text, with a byte-order mark first when asked for.
    pub content: String,
}

/// A cell a spreadsheet app will not run as a formula: text starting with `=`, `+`, `-`, `@`
/// (or a tab or carriage return, which some apps skip before looking) gets a leading `'`,
/// which such apps read as "this is text" (OWASP's CSV injection advice).
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_neutralised() {
        for bad in ["=1+1", "+31 20 1234", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(bad), format!("'{bad}"));
        }
        for fine in ["Ada", "", "a=b", "김민준", "'quoted"] {
            assert_eq!(spreadsheet_safe(fine), fine);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_neutralised_cell_never_starts_a_formula_and_keeps_its_text(cell in ".*") {
            let safe = spreadsheet_safe(&cell);
            let first = safe.chars().next();
            proptest::prop_assert!(!matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')));
            proptest::prop_assert!(safe.ends_with(cell.as_str()));
            proptest::prop_assert!(safe.len() <= cell.len() + 1);
        }
    }
}
