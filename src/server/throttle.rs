//! Failed sign-ins, counted in the database so that every server behind the load balancer sees
//! the same counts. Two counters per attempt:
//!
//! - **account and address**: after [`FREE_FAILURES`] wrong passwords for one account from one
//!   address, each further failure makes that pair wait longer (5 s, 10 s, 20 s … at most
//!   15 minutes). A stranger elsewhere cannot shut the account's owner out: the owner's own
//!   address has its own counter, and a success clears it.
//! - **address**: [`ADDRESS_LIMIT`] failures from one address (an IPv6 /64 counts as one) in
//!   [`ADDRESS_WINDOW_SECS`] block that address for the rest of the window, whatever the
//!   accounts tried. This is what slows password spraying.
//!
//! There is deliberately no per-account limit across addresses: it is exactly what lets anyone
//! lock anyone out. Guessing from many addresses is bounded by the per-address limit and by
//! argon2's cost per guess. Keys are hashed, so the table holds no email or address in clear.

use super::crypto::token_hash;
use sqlx::AnyPool;
use std::net::IpAddr;

pub const FREE_FAILURES: i64 = 5;
pub const ADDRESS_LIMIT: i64 = 50;
pub const ADDRESS_WINDOW_SECS: i64 = 15 * 60;
/// A pair's counter starts over after this long without a failure.
const PAIR_WINDOW_SECS: i64 = 24 * 3600;
const MAX_BLOCK_SECS: i64 = 15 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counter {
    AccountAddress,
    Address,
}

#[cfg(test)]
/// How long a counter that has just reached `failures` (its window began at `window_start`)
/// blocks, as an instant. The whole policy, pure, so it can be tested without a database.
fn blocked_until(counter: Counter, failures: i64, window_start: i64, now: i64) -> i64 {
    match counter {
        Counter::AccountAddress if failures >= FREE_FAILURES => {
            let doublings = (failures - FREE_FAILURES).min(20) as u32;
            now + (5i64 << doublings).min(MAX_BLOCK_SECS)
        }
        Counter::Address if failures >= ADDRESS_LIMIT => window_start + ADDRESS_WINDOW_SECS,
        _ => 0,
    }
}

fn window(counter: Counter) -> i64 {
    match counter {
        Counter::AccountAddress => PAIR_WINDOW_SECS,
        Counter::Address => ADDRESS_WINDOW_SECS,
    }
}

/// An IPv6 client can pick any address in its /64: count the prefix, not the address.
pub fn address_key(addr: IpAddr) -> String {
    match addr {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The counters one sign-in attempt touches.
pub struct Attempt {
    pair: String,
    address: String,
}

/// The provisional block a counter takes when an attempt is counted, in SQL over the counter's
/// new count `f` and window start `start`: the same policy as [`blocked_until`] (a unit test
/// holds them together), so that counting and blocking are one conditional update and parallel
/// attempts cannot all slip through before any is counted.
fn block_sql(counter: Counter, f: &str, start: &str) -> String {
    match counter {
        Counter::AccountAddress => format!(
            "CASE WHEN {f} >= {FREE_FAILURES} THEN $2 + {} ELSE 0 END",
            // 5 << n seconds, n capped at 20, the whole capped at the longest block. Shift
            // operands cast to the types PostgreSQL has an operator for (bigint << integer).
            least(
                &MAX_BLOCK_SECS.to_string(),
                &format!(
                    "(CAST(5 AS BIGINT) << CAST({} AS INTEGER))",
                    least(&format!("{f} - {FREE_FAILURES}"), "20")
                )
            )
        ),
        Counter::Address => format!(
            "CASE WHEN {f} >= {ADDRESS_LIMIT} THEN {start} + {ADDRESS_WINDOW_SECS} ELSE 0 END"
        ),
    }
}

/// The smaller of two SQL expressions, in words both databases read (SQLite's two-argument
/// MIN is PostgreSQL's LEAST).
fn least(a: &str, b: &str) -> String {
    format!("(CASE WHEN {a} < {b} THEN {a} ELSE {b} END)")
}

impl Attempt {
    pub fn new(account: &str, address: &str) -> Attempt {
        Attempt {
            pair: token_hash(&format!("pair\0{account}\0{address}")),
            address: token_hash(&format!("addr\0{address}")),
        }
    }

    fn counters(&self) -> [(Counter, &str); 2] {
        [
            (Counter::AccountAddress, &self.pair),
            (Counter::Address, &self.address),
        ]
    }

    /// Counts this attempt as a failure in advance and reports whether it may go ahead:
    /// `Err(seconds to wait)` while either counter blocks. Each counter is claimed with one
    /// conditional update (`WHERE blocked_until <= now`) that also sets the block this attempt
    /// would cause, so of a burst of parallel attempts only those below the limit get through.
    /// A success gives the count back ([`Attempt::succeeded`]).
    pub async fn begin(&self, pool: &AnyPool, now: i64) -> Result<Result<(), u64>, sqlx::Error> {
        for (counter, key) in self.counters() {
            let w = window(counter);
            sqlx::query(
                "INSERT INTO sign_in_throttle (key, failures, window_start, blocked_until)
                 VALUES ($1, 0, $2, 0) ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(now)
            .execute(pool)
            .await?;
            // A counter's window starts over after a quiet spell; then the new count decides
            // the block. One statement: SET expressions all read the row as it was.
            let fresh = "$2 - window_start >= $3";
            let f = format!("(CASE WHEN {fresh} THEN 1 ELSE failures + 1 END)");
            let start = format!("(CASE WHEN {fresh} THEN $2 ELSE window_start END)");
            let claimed = sqlx::query(&format!(
                "UPDATE sign_in_throttle
                    SET failures = {f}, window_start = {start}, blocked_until = {block}
                  WHERE key = $1 AND blocked_until <= $2",
                block = block_sql(counter, &f, &start),
            ))
            .bind(key)
            .bind(now)
            .bind(w)
            .execute(pool)
            .await?
            .rows_affected();
            if claimed != 1 {
                let until: i64 =
                    sqlx::query_scalar("SELECT blocked_until FROM sign_in_throttle WHERE key = $1")
                        .bind(key)
                        .fetch_one(pool)
                        .await?;
                return Ok(Err((until - now).max(1) as u64));
            }
        }
        Ok(Ok(()))
    }

    /// The password was right: this account starts afresh from this address, and the address
    /// gets its count back (a success is not a failure).
    pub async fn succeeded(&self, pool: &AnyPool) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1")
            .bind(&self.pair)
            .execute(pool)
            .await?;
        sqlx::query(&format!(
            "UPDATE sign_in_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END,
                    blocked_until = CASE WHEN failures - 1 >= {ADDRESS_LIMIT} THEN blocked_until ELSE 0 END
              WHERE key = $1"
        ))
        .bind(&self.address)
        .execute(pool)
        .await?;
        Ok(())
    }
}

/// Forgets counters nobody has touched for a day (the background worker calls this).
pub async fn forget_old(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM sign_in_throttle WHERE window_start < $1 AND blocked_until < $2")
            .bind(now - PAIR_WINDOW_SECS)
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_gets_a_few_free_tries_then_waits_longer_each_time() {
        let now = 10_000;
        let waits: Vec<i64> = (1..=16)
            .map(|n| {
                blocked_until(Counter::AccountAddress, n, 0, now)
                    .saturating_sub(now)
                    .max(0)
            })
            .collect();
        assert_eq!(&waits[..4], &[0, 0, 0, 0]);
        assert_eq!(&waits[4..9], &[5, 10, 20, 40, 80]);
        assert_eq!(*waits.last().unwrap(), MAX_BLOCK_SECS);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn an_address_is_blocked_for_the_rest_of_its_window_at_the_limit() {
        assert_eq!(
            blocked_until(Counter::Address, ADDRESS_LIMIT - 1, 100, 200),
            0
        );
        assert_eq!(
            blocked_until(Counter::Address, ADDRESS_LIMIT, 100, 200),
            100 + ADDRESS_WINDOW_SECS
        );
    }

    /// The SQL that blocks as an attempt is counted says what [`blocked_until`] says, for
    /// every count: evaluated by SQLite itself.
    #[test]
    fn the_sql_policy_matches_the_rust_policy() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect("sqlite::memory:").await.unwrap();
            for counter in [Counter::AccountAddress, Counter::Address] {
                for failures in 0..70i64 {
                    let sql = format!("SELECT {}", block_sql(counter, "$3", "$4"));
                    let got: i64 = sqlx::query_scalar(&sql)
                        .bind(0i64)
                        .bind(10_000i64)
                        .bind(failures)
                        .bind(9_950i64)
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                    assert_eq!(
                        got,
                        blocked_until(counter, failures, 9_950, 10_000),
                        "{counter:?} at {failures}"
                    );
                }
            }
        });
    }

    /// Parallel attempts: exactly the free ones get through, in SQLite itself.
    #[test]
    fn a_burst_of_parallel_attempts_gets_only_the_free_tries() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let database = crate::server::config::Database::Sqlite(dir.path().join("t.db"));
            let pool = crate::server::db::Db::open(&database, 8)
                .await
                .unwrap()
                .pool;
            let mut tasks = Vec::new();
            for _ in 0..40 {
                let pool = pool.clone();
                tasks.push(tokio::spawn(async move {
                    Attempt::new("a@b.example", "192.0.2.1")
                        .begin(&pool, 1_000)
                        .await
                        .unwrap()
                        .is_ok()
                }));
            }
            let mut through = 0;
            for t in tasks {
                through += t.await.unwrap() as i64;
            }
            assert_eq!(
                through, FREE_FAILURES,
                "only the free tries get through a burst"
            );
        });
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_bit_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_key(mapped), "192.0.2.7");
    }
}
