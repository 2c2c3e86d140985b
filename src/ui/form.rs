//! What every form shares.

/// A fresh key per opened form: a double click or a retry files one request, not two.
pub fn idempotency_key() -> String {
    (0..4)
        .map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32))
        .collect::<Vec<_>>()
        .join("-")
}
