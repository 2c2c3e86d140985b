//! CSV files as exports write them: RFC 4180 (quoted where needed, CRLF line ends) by the
//! `csv` crate, UTF-8, a byte-order mark first when asked for (some spreadsheet apps read
//! UTF-8 only then), every cell made spreadsheet-safe (`domain::export::spreadsheet_safe`).

use crate::domain::date::Date;
use crate::domain::export::{spreadsheet_safe, CsvFile, EXPORT_MAX_ROWS};

/// A CSV file written a row at a time, so an export can read its rows from the database one
/// by one (`sqlx`'s `fetch`) instead of holding them all twice over.
pub struct CsvWriter {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvWriter {
    /// A file with the byte-order mark first when asked for, and its header row.
    pub fn new(header: &[&str], byte_order_mark: bool) -> Result<CsvWriter, csv::Error> {
        let mut out = Vec::new();
        if byte_order_mark {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(header.iter().map(|h| spreadsheet_safe(h).into_owned()))?;
        Ok(CsvWriter { writer })
    }

    /// One row, each cell made spreadsheet-safe.
    pub fn row<C>(&mut self, cells: C) -> Result<(), csv::Error>
    where
        C: IntoIterator,
        C::Item: AsRef<str>,
    {
        self.writer.write_record(
            cells
                .into_iter()
                .map(|c| spreadsheet_safe(c.as_ref()).into_owned()),
        )
    }

    /// The file `{stem}-{today}.csv`.
    pub fn finish(self, stem: &str) -> Result<CsvFile, csv::Error> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(CsvFile {
            file_name: format!("{stem}-{}.csv", Date::from_unix(super::now())),
            content: String::from_utf8(bytes).expect("every cell is UTF-8 text"),
        })
    }
}

/// The file `{stem}-{today}.csv` with a header row and `rows` (at most
/// [`EXPORT_MAX_ROWS`]; the callers' queries ask for no more).
pub fn csv_file<R, C>(
    stem: &str,
    header: &[&str],
    rows: R,
    byte_order_mark: bool,
) -> Result<CsvFile, csv::Error>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut w = CsvWriter::new(header, byte_order_mark)?;
    for row in rows.into_iter().take(EXPORT_MAX_ROWS as usize) {
        w.row(row)?;
    }
    w.finish(stem)
}

/// `2026-12-02T09:30:00Z`: an instant in a cell, unambiguous whoever opens the file.
pub fn utc_time(unix: i64) -> String {
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        Date::from_unix(unix),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_iso_8601() {
        assert_eq!(
            utc_time(1_796_169_600 + 9 * 3600 + 30 * 60 + 5),
            "2026-12-02T09:30:05Z"
        );
        assert_eq!(utc_time(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn the_file_is_rfc_4180_with_formulas_neutralised() {
        let rows = [["=HYPERLINK(\"http://x\")", "line one\nline \"two\", three"]];
        let file = csv_file("test", &["A", "B"], rows, true).unwrap();
        assert!(file.file_name.starts_with("test-") && file.file_name.ends_with(".csv"));
        let text = file
            .content
            .strip_prefix('\u{feff}')
            .expect("the mark first");
        assert!(text.ends_with("\r\n"));
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&row[1], "line one\nline \"two\", three");
        let plain = csv_file("t", &["A"], [["1"]], false).unwrap();
        assert_eq!(plain.content, "A\r\n1\r\n");
    }
}
