//! Public consultation on drafts: consultations, the public's comments (moderated before they
//! show; the commenter's identity kept private), dispositions and the adoption report published
//! with the final document. Rules from core `consultation`.

use super::{DB, audit, begin_write, secs};
use crate::{Actor, Consultation, ConsultationComment, DbError, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::consultation::{Disposition, Kind, adoption_report, check_period, is_open};
use gongkai_core::time::china_date;
use serde_json::json;
use sqlx::Pool;

const SELECT: &str = "SELECT c.id, c.org_id, o.name AS org_name, c.title, c.kind, c.body, c.start_on,
    c.end_on, c.short_reason, c.final_document_id, d.index_no AS final_index_no, d.title AS final_title,
    c.report
  FROM consultations c JOIN organizations o ON o.id = c.org_id
  LEFT JOIN documents d ON d.id = c.final_document_id";

const COMMENT: &str = "SELECT id, consultation_id, body, status, disposition, disposition_reason,
    submitted_at FROM consultation_comments";

pub async fn by_id(pool: &Pool<DB>, id: i64) -> DbResult<Option<Consultation>> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// Consultations of one organization (staff) or every organization's started ones (public).
pub async fn list(
    pool: &Pool<DB>,
    org_id: Option<i64>,
    started_by: Option<NaiveDate>,
) -> DbResult<Vec<Consultation>> {
    let sql = format!(
        "{SELECT} WHERE ($1 IS NULL OR c.org_id = $1) AND ($2 IS NULL OR c.start_on <= $2)
         ORDER BY c.start_on DESC, c.id DESC LIMIT 200"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(started_by)
        .fetch_all(pool)
        .await?)
}

/// Opens a consultation.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    pool: &Pool<DB>,
    org_id: i64,
    title: &str,
    kind: Kind,
    body: &str,
    start: NaiveDate,
    end: NaiveDate,
    short_reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Consultation> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(DbError::field("title", "请填写标题（最多200个字）"));
    }
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 100_000 {
        return Err(DbError::field("body", "请填写征求意见稿全文（最多10万字）"));
    }
    if start < china_date(now) {
        return Err(DbError::field("start_on", "开始日期不能早于今天"));
    }
    check_period(kind, start, end, short_reason).map_err(|(f, m)| DbError::field(f, m))?;
    let mut tx = begin_write(pool).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO consultations (org_id, title, kind, body, start_on, end_on, short_reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(org_id)
    .bind(title)
    .bind(kind.as_str())
    .bind(body)
    .bind(start)
    .bind(end)
    .bind(short_reason.trim())
    .bind(&actor.name)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "consultation.create",
        "consultation",
        Some(id),
        &format!("发布征求意见：《{title}》（{start}至{end}）"),
        json!({ "kind": kind.as_str(), "short_reason": short_reason.trim() }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// A comment from the public, while the period is open; it shows once approved.
pub async fn comment(
    pool: &Pool<DB>,
    consultation_id: i64,
    body: &str,
    name: &str,
    contact: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let body = body.trim();
    let n = body.chars().count();
    if !(5..=5000).contains(&n) {
        return Err(DbError::field("body", "意见内容应为5至5000字"));
    }
    if name.trim().chars().count() > 50 || contact.trim().chars().count() > 100 {
        return Err(DbError::field("name", "姓名或联系方式过长"));
    }
    let mut tx = begin_write(pool).await?;
    let row: Option<(NaiveDate, NaiveDate)> =
        sqlx::query_as("SELECT start_on, end_on FROM consultations WHERE id = $1")
            .bind(consultation_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (start, end) = row.ok_or(DbError::NotFound)?;
    if !is_open(start, end, china_date(now)) {
        return Err(DbError::Conflict(format!(
            "征求意见时间为{start}至{end}，现在不接收意见"
        )));
    }
    sqlx::query(
        "INSERT INTO consultation_comments (consultation_id, body, commenter_name, commenter_contact, status, submitted_at)
         VALUES ($1, $2, $3, $4, 'pending', $5)",
    )
    .bind(consultation_id)
    .bind(body)
    .bind(name.trim())
    .bind(contact.trim())
    .bind(secs(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The comments of a consultation (`approved_only` for the public page).
pub async fn comments(
    pool: &Pool<DB>,
    consultation_id: i64,
    approved_only: bool,
) -> DbResult<Vec<ConsultationComment>> {
    let sql = format!(
        "{COMMENT} WHERE consultation_id = $1 AND (NOT $2 OR status = 'approved') ORDER BY id"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(consultation_id)
        .bind(approved_only)
        .fetch_all(pool)
        .await?)
}

async fn org_of_comment(tx: &mut sqlx::Transaction<'_, DB>, org_id: i64, id: i64) -> DbResult<i64> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT k.consultation_id FROM consultation_comments k JOIN consultations c ON c.id = k.consultation_id
         WHERE k.id = $1 AND c.org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.ok_or(DbError::NotFound)?.0)
}

/// Moderation: a pending comment is approved (shown) or rejected (never shown).
pub async fn moderate(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    approve: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let consultation = org_of_comment(&mut tx, org_id, id).await?;
    sqlx::query("UPDATE consultation_comments SET status = $1 WHERE id = $2")
        .bind(if approve { "approved" } else { "rejected" })
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "consultation.moderate",
        "consultation",
        Some(consultation),
        if approve {
            "审核通过一条意见"
        } else {
            "一条意见未通过审核"
        },
        json!({ "comment_id": id, "approved": approve }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records what became of an approved comment, after the period.
pub async fn dispose(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    d: Disposition,
    reason: &str,
    today: NaiveDate,
) -> DbResult<()> {
    if d.needs_reason() && reason.trim().is_empty() {
        return Err(DbError::field("reason", format!("{}须写明理由", d.label())));
    }
    let mut tx = begin_write(pool).await?;
    // The comment must be of the organization's own consultation.
    org_of_comment(&mut tx, org_id, id).await?;
    let (end, status): (NaiveDate, String) = sqlx::query_as(
        "SELECT c.end_on, k.status FROM consultation_comments k JOIN consultations c ON c.id = k.consultation_id
         WHERE k.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if today <= end {
        return Err(DbError::Conflict("征求意见期结束后再处理意见".into()));
    }
    if status != "approved" {
        return Err(DbError::Conflict("只处理审核通过的意见".into()));
    }
    sqlx::query(
        "UPDATE consultation_comments SET disposition = $1, disposition_reason = $2 WHERE id = $3",
    )
    .bind(d.as_str())
    .bind(reason.trim())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Generates the adoption report from the dispositions and publishes it with the final document
/// (a published catalog item of the organization, by index number).
pub async fn publish_report(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    final_index_no: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Consultation> {
    let mut tx = begin_write(pool).await?;
    let row: Option<(String, NaiveDate, NaiveDate)> = sqlx::query_as(
        "SELECT title, start_on, end_on FROM consultations WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (title, start, end) = row.ok_or(DbError::NotFound)?;
    if china_date(now) <= end {
        return Err(DbError::Conflict(
            "征求意见期结束后才能发布采纳情况说明".into(),
        ));
    }
    let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT body, disposition, disposition_reason FROM consultation_comments
         WHERE consultation_id = $1 AND status = 'approved' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    if rows.iter().any(|r| r.1.is_none()) {
        return Err(DbError::Conflict(
            "还有审核通过的意见未处理，请先逐条处理".into(),
        ));
    }
    let doc: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM documents WHERE index_no = $1 AND org_id = $2 AND status = 'published'",
    )
    .bind(final_index_no.trim())
    .bind(org_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((doc_id,)) = doc else {
        return Err(DbError::field(
            "final",
            "请填写本机关已发布的正式文件的索引号",
        ));
    };
    let comments: Vec<(String, Disposition, String)> = rows
        .into_iter()
        .filter_map(|(b, d, r)| d.as_deref().and_then(Disposition::parse).map(|d| (b, d, r)))
        .collect();
    let report = adoption_report(&title, start, end, &comments);
    sqlx::query("UPDATE consultations SET report = $1, final_document_id = $2 WHERE id = $3")
        .bind(&report)
        .bind(doc_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "consultation.report",
        "consultation",
        Some(id),
        &format!("发布《{title}》意见采纳情况说明"),
        json!({ "final_document_id": doc_id, "comments": comments.len() }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}
