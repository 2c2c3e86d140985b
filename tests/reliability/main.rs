//! Reliability proofs, run after the API suite (a binary of their own, so their load does not
//! disturb the timing-sensitive API tests): the server killed with `kill -9` under a write load
//! (`crash`), and every server function fed generated garbage by every kind of caller (`fuzz`).
//! Each prints its figures; `scripts/reliability.sh` shows them (README, "Reliability").

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

mod crash;
mod fuzz;
