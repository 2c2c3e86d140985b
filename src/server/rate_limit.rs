//! Failed sign-in counting, per account and per client address, in memory. A restart forgets
//! the counts, which is acceptable for a single-process deployment; several server processes
//! would need the counts in the database.

use std::collections::HashMap;
use std::sync::Mutex;

pub struct Limiter {
    max_failures: u32,
    window_secs: i64,
    failures: Mutex<HashMap<String, (u32, i64)>>,
}

impl Limiter {
    pub fn new(max_failures: u32, window_secs: i64) -> Limiter {
        Limiter {
            max_failures,
            window_secs,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Some(seconds to wait)` when any of the keys has used up its failures in the window.
    pub fn blocked(&self, keys: &[String], now: i64) -> Option<u64> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter()
            .filter_map(|k| map.get(k))
            .filter(|(count, start)| *count >= self.max_failures && now - start < self.window_secs)
            .map(|(_, start)| (start + self.window_secs - now).max(1) as u64)
            .max()
    }

    pub fn record_failure(&self, keys: &[String], now: i64) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Keep the map from growing without bound under a spray of addresses.
        if map.len() > 100_000 {
            map.retain(|_, (_, start)| now - *start < self.window_secs);
        }
        for k in keys {
            let entry = map.entry(k.clone()).or_insert((0, now));
            if now - entry.1 >= self.window_secs {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    pub fn clear(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_forgets_after_the_window() {
        let l = Limiter::new(3, 600);
        let keys = vec!["email:a@b.example".to_string()];
        for _ in 0..2 {
            l.record_failure(&keys, 1000);
        }
        assert_eq!(l.blocked(&keys, 1000), None);
        l.record_failure(&keys, 1000);
        assert_eq!(l.blocked(&keys, 1100), Some(500));
        assert_eq!(l.blocked(&keys, 1600), None);
    }
}
