//! Login sessions. The cookie carries a random token; only its SHA-256 is stored.

use super::{DB, secs};
use crate::{DbResult, User};
use chrono::{DateTime, Utc};
use sqlx::Pool;

pub async fn create(
    pool: &Pool<DB>,
    token_hash: &str,
    user_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(secs(now))
        .bind(secs(expires_at))
        .execute(pool)
        .await?;
    Ok(())
}

/// The active user of a live session.
pub async fn user(pool: &Pool<DB>, token_hash: &str, now: DateTime<Utc>) -> DbResult<Option<User>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.org_id, u.active,
                u.failed_logins, u.locked_until, u.department_id, u.email
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = $3",
    )
    .bind(token_hash)
    .bind(secs(now))
    .bind(true)
    .fetch_optional(pool)
    .await?)
}

pub async fn delete(pool: &Pool<DB>, token_hash: &str) -> DbResult<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn purge_expired(pool: &Pool<DB>, now: DateTime<Utc>) -> DbResult<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(secs(now))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}
