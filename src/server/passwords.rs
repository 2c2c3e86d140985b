//! Password hashing and checking, bounded. argon2 holds about 19 MiB for each hash it runs, and
//! anyone can make the server run one (a sign-in with any email): unbounded, 400 wrong sign-ins
//! from 400 addresses at once held gigabytes and slowed `/healthz` to seconds. Every argon2 run
//! goes through [`PasswordWork`]: at most one per core at a time, a short queue behind them, and
//! past that a typed 503 (`AppError::Busy`, with `Retry-After`) before any work or any
//! database write is done.

use super::internal;
use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a person refused for a full queue is asked to wait before trying again.
pub const RETRY_AFTER_SECS: u64 = 1;

/// Hashes a password with argon2id and the crate's defaults (OWASP's minimum). Unbounded: for
/// start-up (the demo data) and tests; requests go through [`Admitted::hash`].
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(internal)?;
    let salt = SaltString::encode_b64(&salt).map_err(internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(internal)
}

/// A valid hash of a random password. Every path that has no real hash to check (an unknown
/// email, an invited account without a password yet) verifies against it instead, so every
/// failure costs the same argon2 work and takes the same time.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password(&super::random_hex(16)).unwrap_or_default())
}

/// Whether `password` matches the stored `phc`. A missing or unusable hash is checked against
/// [`dummy_hash`] (the same work) and can never succeed.
fn check(password: &str, phc: &str) -> bool {
    let real = PasswordHash::new(phc).ok();
    let against = match &real {
        Some(h) => h.clone(),
        None => match PasswordHash::new(dummy_hash()) {
            Ok(h) => h,
            Err(_) => return false,
        },
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &against)
        .is_ok();
    ok && real.is_some()
}

/// The server's password work: workers (one argon2 at a time each) and the places in the
/// queue in front of them. Shared by every request of this server.
pub struct PasswordWork {
    /// Places: the running ones and the queue. Taken first, without waiting.
    admission: Arc<Semaphore>,
    /// Workers: taken in turn by those admitted.
    workers: Arc<Semaphore>,
    /// How many password checks (verifications) ran, for tests and the benchmark.
    checks: AtomicU64,
    places: usize,
    worker_count: usize,
}

impl PasswordWork {
    /// `workers` run at once (one per core is what argon2 can use); `queue` more may wait.
    pub fn new(workers: usize, queue: usize) -> PasswordWork {
        let workers = workers.max(1);
        PasswordWork {
            admission: Arc::new(Semaphore::new(workers + queue)),
            workers: Arc::new(Semaphore::new(workers)),
            checks: AtomicU64::new(0),
            places: workers + queue,
            worker_count: workers,
        }
    }

    /// Sized to this machine: a worker per core, a queue of four per core (each waits at most
    /// a few checks, ~50 ms each).
    pub fn for_this_machine() -> PasswordWork {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordWork::new(cores, 4 * cores)
    }

    /// A place in the queue, or at once a typed 503 when it is full. Taken before anything
    /// else a sign-in does, so a refusal costs nothing and counts against nobody.
    pub fn admit(&self) -> Result<Admitted<'_>, AppError> {
        match self.admission.clone().try_acquire_owned() {
            Ok(place) => Ok(Admitted {
                work: self,
                _place: place,
            }),
            Err(_) => {
                tracing::warn!("password checks busy: refused a request");
                Err(AppError::Busy {
                    retry_after_secs: RETRY_AFTER_SECS,
                })
            }
        }
    }

    /// How many sign-ins may hold a place at once (running and waiting).
    pub fn capacity(&self) -> usize {
        self.places
    }

    /// How many password checks this server has run.
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    /// How many requests wait for a worker now (admitted, not yet running).
    pub fn waiting(&self) -> usize {
        let admitted = self.places - self.admission.available_permits();
        let running = self.worker_count - self.workers.available_permits();
        admitted.saturating_sub(running)
    }
}

/// A request's place in the queue: its checks and hashes run one at a time on a worker.
pub struct Admitted<'a> {
    work: &'a PasswordWork,
    _place: OwnedSemaphorePermit,
}

impl Admitted<'_> {
    /// Runs `f` (argon2) on a worker, off the async threads.
    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let worker = self
            .work
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(internal)?;
        let result = tokio::task::spawn_blocking(move || {
            let out = f();
            drop(worker);
            out
        })
        .await
        .map_err(internal)?;
        Ok(result)
    }

    /// Checks `password` against the stored hash (see [`check`]): one password check, counted.
    pub async fn verify(&self, password: &str, phc: &str) -> Result<bool, AppError> {
        self.work.checks.fetch_add(1, Ordering::Relaxed);
        let (password, phc) = (password.to_string(), phc.to_string());
        self.run(move || check(&password, &phc)).await
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: &str) -> Result<String, AppError> {
        let password = password.to_string();
        self.run(move || hash_password(&password)).await?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_is_refused_at_once_and_the_rest_run_one_per_worker() {
        let work = Arc::new(PasswordWork::new(1, 1));
        let first = work.admit().expect("a worker is free");
        let second = work.admit().expect("a place in the queue");
        match work.admit() {
            Err(AppError::Busy { retry_after_secs }) => assert_eq!(retry_after_secs, 1),
            Err(e) => panic!("expected Busy, got {e:?}"),
            Ok(_) => panic!("a third was admitted past a queue of one"),
        }
        drop(second);
        let again = work.admit().expect("a place freed");
        let hash = first.hash("a passphrase").await.unwrap();
        assert!(again.verify("a passphrase", &hash).await.unwrap());
        assert!(!again.verify("another", &hash).await.unwrap());
        assert!(
            !again.verify("a passphrase", "").await.unwrap(),
            "no hash never opens"
        );
        assert_eq!(work.checks(), 3, "each verification counted, the hash not");
    }
}
