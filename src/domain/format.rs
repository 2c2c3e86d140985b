//! Formatting numbers and dates for people.

use super::date::Date;
use crate::i18n::Lang;

/// 1234567 → "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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

/// A date as people in `lang` write it: "Mar 3, 2027" or "2027년 3월 3일".
pub fn date(lang: Lang, d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, day) = d.ymd();
    match lang {
        Lang::En => format!("{} {day}, {y}", MONTHS[(m - 1) as usize]),
        // No-break spaces: a line never ends inside a date ("2027년 11월" / "25일").
        Lang::Ko => format!("{y}년\u{a0}{m}월\u{a0}{day}일"),
    }
}

/// An instant at a UTC offset (minutes east), with the offset named: "Dec 2, 2026, 14:05
/// (UTC+9)". The page passes the viewer's own offset for that instant.
pub fn date_time_at(lang: Lang, unix: i64, offset_minutes: i64) -> String {
    let local = unix + offset_minutes * 60;
    let secs = local.rem_euclid(86_400);
    let hm = format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60);
    let zone = match (offset_minutes / 60, (offset_minutes % 60).abs()) {
        (0, 0) => "UTC".to_string(),
        (h, 0) => format!("UTC{h:+}"),
        (h, m) => format!(
            "UTC{}{}:{m:02}",
            if offset_minutes < 0 { "-" } else { "+" },
            h.abs()
        ),
    };
    let day = date(lang, Date::from_unix(local));
    match lang {
        Lang::En => format!("{day}, {hm} ({zone})"),
        Lang::Ko => format!("{day} {hm} ({zone})"),
    }
}

/// A date and time in UTC: "Mar 3, 2027, 14:05 UTC" or "2027년 3월 3일 14:05 UTC".
pub fn date_time(lang: Lang, unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    let hm = format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60);
    match lang {
        Lang::En => format!("{}, {hm} UTC", date(lang, Date::from_unix(unix))),
        Lang::Ko => format!("{} {hm} UTC", date(lang, Date::from_unix(unix))),
    }
}

/// Money in cents: "$4,730.00" or "US$4,730.00" (Korean readers need to be told it is dollars).
pub fn money(lang: Lang, cents: i64, currency: &str) -> String {
    let amount = format!("{}.{:02}", thousands(cents / 100), (cents % 100).abs());
    match (lang, currency) {
        (Lang::En, "USD") => format!("${amount}"),
        (Lang::Ko, "USD") => format!("US${amount}"),
        (Lang::Ko, "KRW") => format!("₩{}", thousands(cents / 100)),
        (_, other) => format!("{other} {amount}"),
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_reads_in_the_viewers_zone_with_the_zone_named() {
        // 2026-12-01 23:30 UTC is already 2 December in Seoul.
        let t = 1_764_631_800;
        assert_eq!(
            date_time_at(Lang::En, t, 0),
            format!("{}, 23:30 (UTC)", date(Lang::En, Date::from_unix(t)))
        );
        let seoul = date_time_at(Lang::En, t, 540);
        assert!(seoul.ends_with("08:30 (UTC+9)"), "{seoul}");
        assert!(seoul.contains('2'), "{seoul}");
        assert!(date_time_at(Lang::En, t, -210).ends_with("(UTC-3:30)"));
        assert!(date_time_at(Lang::En, t, 330).ends_with("(UTC+5:30)"));
    }

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
    fn dates_in_english_and_korean() {
        let d = Date::parse("2027-03-03").unwrap();
        assert_eq!(date(Lang::En, d), "Mar 3, 2027");
        assert_eq!(date(Lang::Ko, d), "2027년\u{a0}3월\u{a0}3일");
        assert_eq!(
            date_time(Lang::En, 1_795_600_213),
            "Nov 25, 2026, 09:50 UTC"
        );
    }

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(Lang::En, 473_000, "USD"), "$4,730.00");
        assert_eq!(money(Lang::Ko, 473_005, "USD"), "US$4,730.05");
    }
}
