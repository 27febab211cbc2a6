//! The annual report's stored parts: Table 2 figures entered by staff (core
//! `annual_report::Table2`) with their source, the catalog's own Table 2 counts, the narrative,
//! the report's catalog item, and which organizations have published their report.

use super::{DB, audit, begin_write, changes, secs};
use crate::{Actor, DbError, DbResult, ReportDocumentRef, ReportText};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::annual_report::{Narrative, Table2};
use gongkai_core::catalog::LegalKind;
use gongkai_core::document::DocumentFields;
use gongkai_core::time::china_midnight;
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

/// Stores the figures `entries` (key, value, source); all are checked by core
/// `Table2::set` first, and a bad one refuses the whole form. An empty value removes the figure.
pub async fn save(
    pool: &Pool<DB>,
    org_id: i64,
    year: i32,
    entries: &[(String, String, String)],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut check = Table2::default();
    let mut errors = gongkai_core::FieldErrors::new();
    for (k, v, source) in entries {
        if let Err(m) = check.set(k, v) {
            errors.add("figures", format!("{k}：{m}"));
        }
        if source.trim().chars().count() > 200 {
            errors.add("source", "数据来源最多200个字");
        }
    }
    if !errors.is_empty() {
        return Err(DbError::Invalid(errors));
    }
    let mut tx = begin_write(pool).await?;
    for (k, v, source) in entries {
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
        &format!("填写{year}年度报告表二数据（{}项）", entries.len()),
        json!({ "year": year, "keys": entries.iter().map(|e| &e.0).collect::<Vec<_>>() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Which catalog count of Table 2's first block (第二十条第（一）项) a key names.
fn catalog_field(key: &str) -> Option<(LegalKind, &str)> {
    let (group, field) = key.strip_prefix("t2.")?.split_once('.')?;
    let kind = match group {
        "rules" => LegalKind::Rule,
        "normative_documents" => LegalKind::Normative,
        _ => return None,
    };
    matches!(
        field,
        "issued" | "repealed" | "in_force" | "published" | "published_total"
    )
    .then_some((kind, field))
}

/// The documents behind a catalog-counted Table 2 cell of `year` (`None` for other keys):
/// * 本年制发 (`issued`): 成文日期 in the year, ever published;
/// * 本年新公开 (`published`, 60号): first published in the year;
/// * 本年废止 (`repealed`): became 已废止 in the year (the validity history kept by triggers;
///   已失效 by its own term is not a repeal);
/// * 现行有效 (`in_force`): published by the year's end and 有效 at the year's end;
/// * 对外公开总数 (`published_total`, 60号): published by the year's end and still public.
pub async fn catalog_documents(
    pool: &Pool<DB>,
    org_id: i64,
    year: i32,
    key: &str,
) -> DbResult<Option<Vec<ReportDocumentRef>>> {
    let Some((kind, field)) = catalog_field(key) else {
        return Ok(None);
    };
    let start = china_midnight(NaiveDate::from_ymd_opt(year, 1, 1).expect("valid date"));
    let end = china_midnight(NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("valid date"));
    const SELECT: &str = "SELECT d.id, d.index_no, d.title, d.written_on, d.validity, d.status
        FROM documents d WHERE d.org_id = $1 AND d.legal_kind = $2 AND d.published_at IS NOT NULL";
    let extra = match field {
        "issued" => "AND d.written_on >= $5 AND d.written_on <= $6 AND $3 = $3 AND $4 = $4",
        "published" => "AND d.published_at >= $3 AND d.published_at < $4 AND $5 = $5 AND $6 = $6",
        "repealed" => {
            "AND EXISTS (SELECT 1 FROM document_validity v WHERE v.document_id = d.id
                 AND v.validity = 'repealed' AND v.changed_at >= $3 AND v.changed_at < $4)
             AND $5 = $5 AND $6 = $6"
        }
        "in_force" => {
            "AND d.published_at < $4 AND $3 = $3 AND $5 = $5 AND $6 = $6
             AND (SELECT v.validity FROM document_validity v WHERE v.document_id = d.id
                  AND v.changed_at < $4 ORDER BY v.changed_at DESC, v.id DESC LIMIT 1) = 'in_force'"
        }
        _ => {
            "AND d.published_at < $4 AND d.status = 'published' AND $3 = $3 AND $5 = $5 AND $6 = $6"
        }
    };
    // Every statement takes the same six parameters so that one bind list serves all; those a
    // statement does not need are compared with themselves (SQLite refuses unused parameters).
    let sql = format!("{SELECT} {extra} ORDER BY d.written_on, d.id");
    Ok(Some(
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org_id)
            .bind(kind.as_str())
            .bind(secs(start))
            .bind(secs(end))
            .bind(NaiveDate::from_ymd_opt(year, 1, 1).expect("valid date"))
            .bind(NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date"))
            .fetch_all(pool)
            .await?,
    ))
}

/// The report's text and publication state of a year, if staff saved any.
pub async fn text(pool: &Pool<DB>, org_id: i64, year: i32) -> DbResult<Option<ReportText>> {
    Ok(sqlx::query_as(
        "SELECT overview, problems, other, continuity_note, carried_to_next, document_id, updated_by, updated_at
         FROM annual_reports WHERE org_id = $1 AND year = $2",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_optional(pool)
    .await?)
}

/// Saves the narrative and the continuity explanation (each at most 20,000 characters).
pub async fn save_text(
    pool: &Pool<DB>,
    org_id: i64,
    year: i32,
    narrative: &Narrative,
    continuity_note: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut errors = gongkai_core::FieldErrors::new();
    for (field, text) in [
        ("overview", &narrative.overview),
        ("problems", &narrative.problems),
        ("other", &narrative.other),
        ("continuity_note", &continuity_note.to_string()),
    ] {
        if text.chars().count() > 20_000 {
            errors.add(field, "内容过长（最多20000字）");
        }
    }
    if !errors.is_empty() {
        return Err(DbError::Invalid(errors));
    }
    let mut tx = begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO annual_reports (org_id, year, overview, problems, other, continuity_note, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (org_id, year) DO UPDATE SET overview = $3, problems = $4, other = $5,
            continuity_note = $6, updated_by = $7, updated_at = $8",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .bind(narrative.overview.trim())
    .bind(narrative.problems.trim())
    .bind(narrative.other.trim())
    .bind(continuity_note.trim())
    .bind(&actor.name)
    .bind(secs(now))
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "annual_report.text",
        "organization",
        Some(org_id),
        &format!("编辑{year}年度报告文字部分"),
        json!({ "year": year }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts the report into the catalog as a draft of the 年度报告 column (`fields`, from core
/// `ReportDocument`), to go through review and approval like every item; or, while the item made
/// earlier is still a draft, replaces its title and body. Records Table 3's 「结转下年度继续办理」
/// for next year's check. Returns the item's id.
#[allow(clippy::too_many_arguments)]
pub async fn to_catalog(
    pool: &Pool<DB>,
    org_id: i64,
    year: i32,
    fields: &DocumentFields,
    carried_to_next: &[u32; 7],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    let mut tx = begin_write(pool).await?;
    let linked: Option<(Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT r.document_id, d.status FROM annual_reports r
         LEFT JOIN documents d ON d.id = r.document_id WHERE r.org_id = $1 AND r.year = $2",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((linked_id, linked_status)) = linked else {
        return Err(DbError::Conflict("请先填写并保存报告的文字部分".into()));
    };
    let id = match (linked_id, linked_status.as_deref()) {
        (Some(id), Some("draft")) => {
            sqlx::query(
                "UPDATE documents SET title = $1, body_html = $2, version = version + 1,
                    updated_at = $3, updated_by = $4 WHERE id = $5",
            )
            .bind(&fields.title)
            .bind(&fields.body_html)
            .bind(secs(now))
            .bind(actor.user_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            changes::record(&mut tx, id, "updated", now).await?;
            id
        }
        _ => {
            super::documents::insert(&mut tx, org_id, fields, true, actor, now)
                .await?
                .0
        }
    };
    sqlx::query(
        "UPDATE annual_reports SET document_id = $1, carried_to_next = $2 WHERE org_id = $3 AND year = $4",
    )
    .bind(id)
    .bind(serde_json::to_string(carried_to_next).expect("numbers serialize"))
    .bind(org_id)
    .bind(i64::from(year))
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "annual_report.to_catalog",
        "document",
        Some(id),
        &format!("生成{year}年度报告稿件"),
        json!({ "year": year }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// For each organization: when its report of `year` was first published in its 年度报告 column
/// (the item made here, or any published item there whose title names the year, as imported
/// reports are).
pub async fn published_reports(pool: &Pool<DB>, year: i32) -> DbResult<Vec<(i64, DateTime<Utc>)>> {
    Ok(sqlx::query_as(
        "SELECT d.org_id, MIN(d.published_at) FROM documents d
         JOIN columns c ON c.id = d.column_id
         WHERE c.slug = 'ndbg' AND d.status = 'published' AND d.published_at IS NOT NULL
           AND (d.title LIKE $1 OR d.id IN (SELECT document_id FROM annual_reports WHERE year = $2 AND document_id IS NOT NULL))
         GROUP BY d.org_id",
    )
    .bind(format!("%{year}年%"))
    .bind(i64::from(year))
    .fetch_all(pool)
    .await?)
}

/// The fee events (notice with its amount, payment) of the organization's cases, as stored JSON:
/// (case id, event). The caller keeps those of the year.
pub async fn fee_events(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT e.case_id, e.event FROM application_events e
         JOIN application_cases c ON c.id = e.case_id
         WHERE c.org_id = $1 AND (e.event LIKE '%\"fee_noticed\"%' OR e.event LIKE '%\"fee_paid\"%')
         ORDER BY e.case_id, e.seq",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}
