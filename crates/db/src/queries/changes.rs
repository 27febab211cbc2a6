//! The change feed of catalog documents.

use super::{DB, secs};
use crate::DbResult;
use chrono::{DateTime, Utc};
use sqlx::{Pool, Transaction};

/// Records that document `id` changed (`kind`: created, updated, published, withdrawn, ...).
pub async fn record(
    tx: &mut Transaction<'_, DB>,
    document_id: i64,
    kind: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query("INSERT INTO catalog_changes (document_id, kind, at) VALUES ($1, $2, $3)")
        .bind(document_id)
        .bind(kind)
        .bind(secs(now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records a change of an organization or its catalog tree: pages that show names of
/// organizations or columns are affected everywhere.
pub async fn record_structure(tx: &mut Transaction<'_, DB>, now: DateTime<Utc>) -> DbResult<()> {
    record(tx, 0, crate::CHANGE_STRUCTURE, now).await
}

pub async fn last_seq(pool: &Pool<DB>) -> DbResult<i64> {
    let (seq,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM catalog_changes")
        .fetch_one(pool)
        .await?;
    Ok(seq.unwrap_or(0))
}

/// Changes after `seq`, oldest first: `(seq, document_id, kind)`.
pub async fn after(pool: &Pool<DB>, seq: i64, limit: i64) -> DbResult<Vec<(i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT seq, document_id, kind FROM catalog_changes WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(seq)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
