//! Notices (告知书) issued for applications, the organizations' edited notice templates, and the
//! applicant's earlier applications in a month (for the fee of 按件计收) without reading personal
//! data out of the database.

use super::{DB, audit, begin_write, secs};
use crate::web_support::{ApplicationNotice, NoticeTemplate};
use crate::{Actor, DbError, DbResult};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::json;
use sqlx::Pool;

const NOTICE_SELECT: &str =
    "SELECT id, case_id, kind, title, body, created_by, created_at FROM application_notices";

/// Stores an issued notice with its audit row, in one transaction.
pub async fn issue(
    pool: &Pool<DB>,
    case_id: i64,
    kind: &str,
    title: &str,
    body: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<ApplicationNotice> {
    let mut tx = begin_write(pool).await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT org_id, tracking_no FROM application_cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((org_id, tracking_no)) = row else {
        return Err(DbError::NotFound);
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO application_notices (case_id, kind, title, body, created_by_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case_id)
    .bind(kind)
    .bind(title)
    .bind(body)
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "application.notice",
        "application",
        Some(case_id),
        &format!("{tracking_no}：制作{title}"),
        json!({ "tracking_no": tracking_no, "notice_id": id, "kind": kind }),
        now,
    )
    .await?;
    let n: ApplicationNotice = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{NOTICE_SELECT} WHERE id = $1"
    )))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// The notices of a case, oldest first.
pub async fn of_case(pool: &Pool<DB>, case_id: i64) -> DbResult<Vec<ApplicationNotice>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{NOTICE_SELECT} WHERE case_id = $1 ORDER BY id"
    )))
    .bind(case_id)
    .fetch_all(pool)
    .await?)
}

/// One notice of one case (`None` if the notice belongs to another case).
pub async fn one(
    pool: &Pool<DB>,
    case_id: i64,
    notice_id: i64,
) -> DbResult<Option<ApplicationNotice>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{NOTICE_SELECT} WHERE case_id = $1 AND id = $2"
    )))
    .bind(case_id)
    .bind(notice_id)
    .fetch_optional(pool)
    .await?)
}

/// The organization's edited templates.
pub async fn templates(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<NoticeTemplate>> {
    Ok(sqlx::query_as(
        "SELECT org_id, kind, body, updated_by, updated_at FROM notice_templates
         WHERE org_id = $1 ORDER BY kind",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}

/// Stores the organization's text of a kind; an empty text removes it (back to the default).
pub async fn save_template(
    pool: &Pool<DB>,
    org_id: i64,
    kind: &str,
    body: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let summary = if body.trim().is_empty() {
        sqlx::query("DELETE FROM notice_templates WHERE org_id = $1 AND kind = $2")
            .bind(org_id)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
        format!("恢复默认告知书模板 {kind}")
    } else {
        sqlx::query(
            "INSERT INTO notice_templates (org_id, kind, body, updated_by_id, updated_by, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (org_id, kind) DO UPDATE SET body = $3, updated_by_id = $4,
                 updated_by = $5, updated_at = $6",
        )
        .bind(org_id)
        .bind(kind)
        .bind(body)
        .bind(actor.user_id)
        .bind(&actor.name)
        .bind(secs(now))
        .execute(&mut *tx)
        .await?;
        format!("修改告知书模板 {kind}")
    };
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "notice_template.save",
        "notice_template",
        None,
        &summary,
        json!({ "kind": kind }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn month_bounds(d: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(d.year(), d.month(), 1)?;
    let to = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)?
    };
    Some((from, to))
}

/// Applications the same applicant made to the same organization earlier in the natural month of
/// this case's receipt (same identity number, else same credit code). The comparison stays in
/// the database: no personal data is read out.
pub async fn prior_in_month(pool: &Pool<DB>, case_id: i64) -> DbResult<i64> {
    let row: Option<(NaiveDate,)> =
        sqlx::query_as("SELECT received_on FROM application_cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(pool)
            .await?;
    let Some((received_on,)) = row else {
        return Err(DbError::NotFound);
    };
    let Some((from, to)) = month_bounds(received_on) else {
        return Ok(0);
    };
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM application_cases c
         JOIN application_applicants a ON a.case_id = c.id
         JOIN application_cases mc ON mc.id = $1
         JOIN application_applicants me ON me.case_id = mc.id
         WHERE c.org_id = mc.org_id AND c.id <> mc.id
           AND c.received_on >= $2 AND c.received_on < $3
           AND (c.received_on < mc.received_on OR (c.received_on = mc.received_on AND c.id < mc.id))
           AND ((me.id_number <> '' AND a.id_number = me.id_number)
             OR (me.id_number = '' AND me.credit_code <> '' AND a.credit_code = me.credit_code))",
    )
    .bind(case_id)
    .bind(from)
    .bind(to)
    .fetch_one(pool)
    .await?;
    Ok(n)
}
