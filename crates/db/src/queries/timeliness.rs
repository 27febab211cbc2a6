//! The rows the timeliness dashboard (core `timeliness`) needs: proactive items not yet released,
//! and the releases of a year with their 成文日期.

use super::{DB, secs};
use crate::{DbResult, UnreleasedDocument};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Pool;

pub async fn unreleased(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<UnreleasedDocument>> {
    Ok(sqlx::query_as(
        "SELECT id, index_no, title, written_on, status FROM documents
         WHERE org_id = $1 AND disclosure = 'proactive'
           AND status IN ('draft', 'submitted', 'reviewed', 'scheduled')
         ORDER BY written_on, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}

/// (成文日期, publication time) of every item first published in `[from, to)`, whatever its
/// status now: a withdrawn item was still released.
pub async fn releases(
    pool: &Pool<DB>,
    org_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<(NaiveDate, DateTime<Utc>)>> {
    Ok(sqlx::query_as(
        "SELECT written_on, published_at FROM documents
         WHERE org_id = $1 AND published_at >= $2 AND published_at < $3",
    )
    .bind(org_id)
    .bind(secs(from))
    .bind(secs(to))
    .fetch_all(pool)
    .await?)
}
