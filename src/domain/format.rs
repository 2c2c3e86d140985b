//! Formatting numbers and dates for people.

use super::date::Date;

/// 1234567 → "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// File sizes in binary units with one decimal: "4.7 GB" (GiB, as Windows shows them).
/// Integer arithmetic only: float formatting would add kilobytes to the browser bundle.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut unit = 0;
    let mut scale: u64 = 1;
    while n / scale >= 1024 && unit < UNITS.len() - 1 {
        scale *= 1024;
        unit += 1;
    }
    // Tenths, rounded half up.
    let tenths = (n as u128 * 10 + scale as u128 / 2) / scale as u128;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
}

/// "Mar 3, 2027".
pub fn date_en(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, day) = d.ymd();
    format!("{} {day}, {y}", MONTHS[(m - 1) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(-1234567), "-1,234,567");
    }

    #[test]
    fn file_sizes() {
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(1536), "1.5 KB");
        assert_eq!(bytes(5_046_586_573), "4.7 GB");
        assert_eq!(bytes(1024 * 1024 - 1), "1024.0 KB");
        assert_eq!(bytes(1_610_612_736), "1.5 GB");
    }

    #[test]
    fn dates_in_english() {
        assert_eq!(date_en(Date::parse("2027-03-03").unwrap()), "Mar 3, 2027");
    }
}
