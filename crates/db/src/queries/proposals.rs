//! Deputies' suggestions and CPPCC proposals: register, assign, answer (published unless
//! withheld with a reason), list. Deadlines by core `proposal::answer_due`.

use super::{DB, audit, begin_write, secs, text_field};
use crate::{Actor, DbError, DbResult, Proposal};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::proposal::{Kind, Status, answer_due};
use gongkai_core::time::china_date;
use serde_json::json;
use sqlx::Pool;

const SELECT: &str =
    "SELECT p.id, p.org_id, p.kind, p.number, p.title, p.author, p.received_on, p.status,
    p.department_id, dep.name AS department_name, p.assigned_on, p.due_on, p.answer, p.answered_on,
    p.published, p.withhold_reason
  FROM proposals p LEFT JOIN departments dep ON dep.id = p.department_id";

pub async fn by_id(pool: &Pool<DB>, id: i64) -> DbResult<Option<Proposal>> {
    let sql = format!("{SELECT} WHERE p.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// Registers a suggestion or proposal received on `received_on`.
#[allow(clippy::too_many_arguments)]
pub async fn register(
    pool: &Pool<DB>,
    org_id: i64,
    kind: Kind,
    number: &str,
    title: &str,
    author: &str,
    received_on: NaiveDate,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Proposal> {
    let number = text_field("number", number, 50, Some("编号"))?;
    let title = text_field("title", title, 200, Some("标题"))?;
    let author = text_field("author", author, 200, Some("代表或委员姓名"))?;
    if received_on > china_date(now) {
        return Err(DbError::field("received_on", "收到日期不能晚于今天"));
    }
    let mut tx = begin_write(pool).await?;
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM proposals WHERE org_id = $1 AND kind = $2 AND number = $3")
            .bind(org_id)
            .bind(kind.as_str())
            .bind(&number)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(DbError::field("number", "该编号已登记"));
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO proposals (org_id, kind, number, title, author, received_on, status, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'registered', $7) RETURNING id",
    )
    .bind(org_id)
    .bind(kind.as_str())
    .bind(&number)
    .bind(&title)
    .bind(&author)
    .bind(received_on)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "proposal.register",
        "proposal",
        Some(id),
        &format!("登记{}{number}《{title}》", kind.label()),
        json!({ "kind": kind.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// Assigns (or reassigns) it to a division on `now`'s date; the answer is due three months on.
pub async fn assign(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    department_id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Proposal> {
    let mut tx = begin_write(pool).await?;
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT status, title FROM proposals WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, title) = row.ok_or(DbError::NotFound)?;
    if Status::parse(&status) == Some(Status::Answered) {
        return Err(DbError::Conflict("已答复的建议提案不能再交办".into()));
    }
    let dep: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM departments WHERE id = $1 AND org_id = $2")
            .bind(department_id)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
    if dep.is_none() {
        return Err(DbError::field("department", "承办处室不存在"));
    }
    let today = china_date(now);
    sqlx::query(
        "UPDATE proposals SET status = 'assigned', department_id = $1,
            assigned_on = COALESCE(assigned_on, $2), due_on = COALESCE(due_on, $3), updated_at = $4
         WHERE id = $5",
    )
    .bind(department_id)
    .bind(today)
    .bind(answer_due(today))
    .bind(secs(now))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "proposal.assign",
        "proposal",
        Some(id),
        &format!("交办《{title}》"),
        json!({ "department_id": department_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// Records the answer (full text). It is published unless `withhold_reason` is given.
pub async fn answer(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    text: &str,
    withhold_reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Proposal> {
    let text = text_field("answer", text, 20_000, Some("答复全文"))?;
    let withhold = withhold_reason.trim();
    if withhold.chars().count() > 500 {
        return Err(DbError::field("withhold_reason", "不公开的理由最多500个字"));
    }
    let mut tx = begin_write(pool).await?;
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT status, title FROM proposals WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, title) = row.ok_or(DbError::NotFound)?;
    if Status::parse(&status) != Some(Status::Assigned) {
        return Err(DbError::Conflict("请先交办承办处室，再登记答复".into()));
    }
    sqlx::query(
        "UPDATE proposals SET status = 'answered', answer = $1, answered_on = $2, published = $3,
            withhold_reason = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(&text)
    .bind(china_date(now))
    .bind(withhold.is_empty())
    .bind((!withhold.is_empty()).then_some(withhold))
    .bind(secs(now))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "proposal.answer",
        "proposal",
        Some(id),
        &format!(
            "答复《{title}》{}",
            if withhold.is_empty() {
                "并公开"
            } else {
                "（不公开）"
            }
        ),
        json!({ "published": withhold.is_empty() }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// The organization's items received in `[from, to]`, newest first.
pub async fn list(
    pool: &Pool<DB>,
    org_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<Vec<Proposal>> {
    let sql = format!(
        "{SELECT} WHERE p.org_id = $1 AND p.received_on >= $2 AND p.received_on <= $3
         ORDER BY p.received_on DESC, p.id DESC"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?)
}

/// Published answers, newest first.
pub async fn published(pool: &Pool<DB>, limit: i64) -> DbResult<Vec<Proposal>> {
    let sql = format!("{SELECT} WHERE p.published ORDER BY p.answered_on DESC, p.id DESC LIMIT $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(pool)
        .await?)
}
