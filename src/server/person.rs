//! The person view's server side: who the person is, and the rows of the company they hold,
//! from the same loader as the Benefits page (`benefits::load_all`).

use super::authorized;
use crate::domain::person::{holdings_of, may_view, PersonView};
use crate::domain::Action;
use crate::error::AppError;

pub async fn get(user_id: i64) -> Result<PersonView, AppError> {
    let (c, state) = authorized(Action::ViewBenefits).await?;
    let pool = &state.db.pool;
    // Someone of another company is not found, whoever asks; someone of this company is
    // refused to a caller who may see only themselves.
    let user = {
        let mut conn = pool.acquire().await?;
        super::users::load_user(&mut conn, &c, user_id).await?
    };
    if !may_view(c.roles, c.user_id, user_id) {
        return Err(AppError::Forbidden {
            action: Action::ViewPeople,
        });
    }
    let last_sign_in_at: Option<i64> =
        sqlx::query_scalar("SELECT last_sign_in_at FROM users WHERE id = $1 AND company_id = $2")
            .bind(user_id)
            .bind(c.company_id)
            .fetch_one(pool)
            .await?;
    let marketing_contact = sqlx::query_scalar::<_, i64>(
        "SELECT 1 FROM marketing_contacts WHERE company_id = $1 AND user_id = $2",
    )
    .bind(c.company_id)
    .bind(user_id)
    .fetch_optional(pool)
    .await?
    .is_some();
    let rows = super::benefits::load_all(pool, &c).await?;
    Ok(PersonView {
        user,
        last_sign_in_at,
        holdings: holdings_of(rows, user_id),
        marketing_contact,
    })
}
