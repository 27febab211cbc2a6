//! The append-only audit trail.

use super::{DB, secs};
use crate::{Actor, AuditEntry, DbResult};
use chrono::{DateTime, Utc};
use sqlx::{Pool, Transaction};

/// One entry, written inside the transaction of the change it records.
#[expect(
    clippy::too_many_arguments,
    reason = "mirrors the columns of one audit row"
)]
pub async fn append(
    tx: &mut Transaction<'_, DB>,
    actor: &Actor,
    org_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    summary: &str,
    detail: serde_json::Value,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, org_id, action, entity, entity_id, summary, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(secs(now))
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(org_id)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(summary)
    .bind(detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn for_entity(pool: &Pool<DB>, entity: &str, id: i64) -> DbResult<Vec<AuditEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor_id, actor_name, org_id, action, entity, entity_id, summary, detail
         FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 200",
    )
    .bind(entity)
    .bind(id)
    .fetch_all(pool)
    .await?)
}

pub async fn recent(pool: &Pool<DB>, org_id: i64, limit: i64) -> DbResult<Vec<AuditEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor_id, actor_name, org_id, action, entity, entity_id, summary, detail
         FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(org_id)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Tests use this to prove the trail cannot be rewritten.
pub async fn try_rewrite(pool: &Pool<DB>) -> DbResult<()> {
    sqlx::query("UPDATE audit_log SET summary = 'rewritten'")
        .execute(pool)
        .await?;
    Ok(())
}
