//! The annual report's Table 2 figures entered by staff (core `annual_report::Table2`), each with
//! its source.

use super::{DB, audit, begin_write, secs};
use crate::{Actor, DbError, DbResult};
use chrono::{DateTime, Utc};
use gongkai_core::annual_report::Table2;
use serde_json::json;
use sqlx::Pool;

/// The stored figures of a year: (key, value as typed, source).
pub async fn figures(
    pool: &Pool<DB>,
    org_id: i64,
    year: i32,
) -> DbResult<Vec<(String, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT key, value, source FROM annual_report_figures WHERE org_id = $1 AND year = $2 ORDER BY key",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?)
}

/// Stores the figures `entries` (key, value) with their `source`; all are checked by core
/// `Table2::set` first, and a bad one refuses the whole form. An empty value removes the figure.
pub async fn save(
    pool: &Pool<DB>,
    org_id: i64,
    year: i32,
    entries: &[(String, String)],
    source: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut check = Table2::default();
    let mut errors = gongkai_core::FieldErrors::new();
    for (k, v) in entries {
        if let Err(m) = check.set(k, v) {
            errors.add("figures", format!("{k}：{m}"));
        }
    }
    if source.trim().chars().count() > 200 {
        errors.add("source", "数据来源最多200个字");
    }
    if !errors.is_empty() {
        return Err(DbError::Invalid(errors));
    }
    let mut tx = begin_write(pool).await?;
    for (k, v) in entries {
        sqlx::query(
            "DELETE FROM annual_report_figures WHERE org_id = $1 AND year = $2 AND key = $3",
        )
        .bind(org_id)
        .bind(i64::from(year))
        .bind(k)
        .execute(&mut *tx)
        .await?;
        if !v.trim().is_empty() {
            sqlx::query(
                "INSERT INTO annual_report_figures (org_id, year, key, value, source, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org_id)
            .bind(i64::from(year))
            .bind(k)
            .bind(v.trim())
            .bind(source.trim())
            .bind(&actor.name)
            .bind(secs(now))
            .execute(&mut *tx)
            .await?;
        }
    }
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "annual_report.table2",
        "organization",
        Some(org_id),
        &format!("填写{year}年度报告表二数据（来源：{}）", source.trim()),
        json!({ "year": year, "keys": entries.iter().map(|e| &e.0).collect::<Vec<_>>() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
