//! The Overview's server side: the rows the Benefits and Packages pages load (which say, by the
//! one rule, whether keys were revealed), plus what only the overview asks (when pending
//! activations are due, whether the company has a marketing contact); `domain::overview::build` decides what is shown.

use super::jobs::{ACTIVATE_GTM, ACTIVATE_TECHNICAL};
use super::{authorized, now};
use crate::domain::overview::{build, Facts, Overview};
use crate::domain::{Action, Date};
use crate::error::AppError;
use std::collections::HashMap;

pub async fn get() -> Result<Overview, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let pool = &state.db.pool;
    let admin = c.roles.is_admin();
    let rows = super::benefits::load_all(pool, &c).await?;
    if !admin {
        // Only what they hold: nothing else of the company is loaded for them.
        return Ok(build(Facts {
            rows: &rows,
            packages: &[],
            expected: &HashMap::new(),
            has_marketing_contact: true,
            viewer: c.user_id,
            admin,
            may_assign: false,
            today: Date::from_unix(now()),
        }));
    }
    let packages = {
        let mut conn = pool.acquire().await?;
        super::packages::load_all(&mut conn, c.company_id).await?
    };
    // A technical job's target is the benefit; a go-to-market job's is the activation.
    let expected: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT j.target_id, j.run_at FROM jobs j
          WHERE j.company_id = $1 AND j.done_at IS NULL AND j.kind = $2
         UNION ALL
         SELECT g.benefit_id, j.run_at FROM jobs j JOIN gtm_activations g ON g.id = j.target_id
          WHERE j.company_id = $1 AND j.done_at IS NULL AND j.kind = $3",
    )
    .bind(c.company_id)
    .bind(ACTIVATE_TECHNICAL)
    .bind(ACTIVATE_GTM)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let contacts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM marketing_contacts WHERE company_id = $1")
            .bind(c.company_id)
            .fetch_one(pool)
            .await?;
    Ok(build(Facts {
        rows: &rows,
        packages: &packages,
        expected: &expected,
        has_marketing_contact: contacts > 0,
        viewer: c.user_id,
        admin,
        may_assign: Action::AssignUsers.allowed(c.roles),
        today: Date::from_unix(now()),
    }))
}
