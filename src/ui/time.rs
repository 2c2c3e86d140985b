//! Instants as the viewer reads them: in the browser's own time zone, which is named.

use crate::domain::format;
use crate::i18n::Lang;

/// The browser's UTC offset (minutes east) at that instant (daylight saving included).
fn offset_minutes(unix: i64) -> i64 {
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix as f64 * 1000.0));
    -(at.get_timezone_offset() as i64)
}

pub fn local_date_time(lang: Lang, unix: i64) -> String {
    format::date_time_at(lang, unix, offset_minutes(unix))
}
