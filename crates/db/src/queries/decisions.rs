//! The major administrative decisions catalog: items per organization and year, linking the
//! consultation, expert review, risk assessment, public attendance and the final decision.

use super::{DB, audit, begin_write, secs};
use crate::{Actor, DbError, DbResult, DecisionFields, MajorDecision};
use chrono::{DateTime, Utc};
use gongkai_core::FieldErrors;
use serde_json::json;
use sqlx::Pool;

const SELECT: &str =
    "SELECT m.id, m.org_id, o.name AS org_name, m.year, m.title, m.sponsor, m.planned,
    m.consultation_id, c.title AS consultation_title, m.expert_review, m.risk_assessment,
    m.public_attendance, m.final_document_id, d.index_no AS final_index_no, d.title AS final_title
  FROM major_decisions m JOIN organizations o ON o.id = m.org_id
  LEFT JOIN consultations c ON c.id = m.consultation_id
  LEFT JOIN documents d ON d.id = m.final_document_id";

/// The catalog of a year (of one organization, or every organization's when `org_id` is None).
pub async fn list(pool: &Pool<DB>, org_id: Option<i64>, year: i64) -> DbResult<Vec<MajorDecision>> {
    let sql = format!(
        "{SELECT} WHERE ($1 IS NULL OR m.org_id = $1) AND m.year = $2 ORDER BY m.org_id, m.id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(year)
        .fetch_all(pool)
        .await?)
}

/// Adds an item (`id` None) or saves one of the organization's items.
pub async fn save(
    pool: &Pool<DB>,
    org_id: i64,
    id: Option<i64>,
    f: &DecisionFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    let mut e = FieldErrors::new();
    if f.title.trim().is_empty() || f.title.chars().count() > 200 {
        e.add("title", "请填写决策事项名称（最多200个字）");
    }
    if f.sponsor.trim().is_empty() || f.sponsor.chars().count() > 100 {
        e.add("sponsor", "请填写承办单位（最多100个字）");
    }
    if !(2000..=2100).contains(&f.year) {
        e.add("year", "年度不正确");
    }
    for (field, v) in [
        ("planned", &f.planned),
        ("expert_review", &f.expert_review),
        ("risk_assessment", &f.risk_assessment),
        ("public_attendance", &f.public_attendance),
    ] {
        if v.chars().count() > 1000 {
            e.add(field, "最多1000个字");
        }
    }
    let mut tx = begin_write(pool).await?;
    if let Some(c) = f.consultation_id {
        let ok: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM consultations WHERE id = $1 AND org_id = $2")
                .bind(c)
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?;
        if ok.is_none() {
            e.add("consultation", "本机关没有该意见征集");
        }
    }
    let mut final_id = None;
    if !f.final_index_no.trim().is_empty() {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM documents WHERE index_no = $1 AND org_id = $2 AND status = 'published'",
        )
        .bind(f.final_index_no.trim())
        .bind(org_id)
        .fetch_optional(&mut *tx)
        .await?;
        match row {
            Some((d,)) => final_id = Some(d),
            None => e.add("final_index_no", "本机关没有已发布的该索引号文件"),
        }
    }
    if !e.is_empty() {
        return Err(DbError::Invalid(e));
    }
    let id = match id {
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO major_decisions (org_id, year, title, sponsor, planned, consultation_id, expert_review,
                    risk_assessment, public_attendance, final_document_id, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(org_id)
            .bind(f.year)
            .bind(f.title.trim())
            .bind(f.sponsor.trim())
            .bind(f.planned.trim())
            .bind(f.consultation_id)
            .bind(f.expert_review.trim())
            .bind(f.risk_assessment.trim())
            .bind(f.public_attendance.trim())
            .bind(final_id)
            .bind(&actor.name)
            .bind(secs(now))
            .fetch_one(&mut *tx)
            .await?;
            id
        }
        Some(id) => {
            let n = sqlx::query(
                "UPDATE major_decisions SET year = $1, title = $2, sponsor = $3, planned = $4, consultation_id = $5,
                    expert_review = $6, risk_assessment = $7, public_attendance = $8, final_document_id = $9,
                    updated_by = $10, updated_at = $11
                 WHERE id = $12 AND org_id = $13",
            )
            .bind(f.year)
            .bind(f.title.trim())
            .bind(f.sponsor.trim())
            .bind(f.planned.trim())
            .bind(f.consultation_id)
            .bind(f.expert_review.trim())
            .bind(f.risk_assessment.trim())
            .bind(f.public_attendance.trim())
            .bind(final_id)
            .bind(&actor.name)
            .bind(secs(now))
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(DbError::NotFound);
            }
            id
        }
    };
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "decision.save",
        "major_decision",
        Some(id),
        &format!("保存重大行政决策事项：{}", f.title.trim()),
        json!({ "year": f.year }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
