//! Messages from the public: boxes, submission, the handling steps (core `message::next`), the
//! queues, the submitter's view and rating, and the published messages. The submitter's name and
//! contact are in `message_submitters`, read only by [`submitter`], which audits the reading.

use super::calendar::load_in;
use super::{DB, audit, begin_write, secs};
use crate::{
    Actor, DbError, DbResult, Message, MessageAction, MessageBox, MessageEvent, NewMessage,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_core::message::{
    BoxKind, REASON_MAX, REPLY_MAX, Rating, Status, Step, check_submission, next, reply_due,
};
use gongkai_core::time::china_date;
use serde_json::json;
use sqlx::{Pool, Transaction};

const SELECT: &str = "SELECT m.id, m.box_id, b.kind AS box_kind, m.org_id, o.name AS org_name,
    m.tracking_no, m.category, m.title, m.body, m.allow_publish, m.document_id, m.received_on,
    m.due_on, m.provisional, m.status, m.department_id, dep.name AS department_name, m.reply,
    m.replied_on, m.published, m.rejected_reason, m.rating, m.rating_comment
  FROM messages m
  JOIN message_boxes b ON b.id = m.box_id
  JOIN organizations o ON o.id = m.org_id
  LEFT JOIN departments dep ON dep.id = m.department_id";

pub async fn boxes(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<MessageBox>> {
    Ok(sqlx::query_as(
        "SELECT id, org_id, kind, name, reply_wd, enabled FROM message_boxes WHERE org_id = $1 ORDER BY id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}

/// Sets a box's reply period and whether it takes messages.
pub async fn update_box(
    pool: &Pool<DB>,
    org_id: i64,
    box_id: i64,
    reply_wd: i64,
    enabled: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    if !(1..=60).contains(&reply_wd) {
        return Err(DbError::field("reply_wd", "答复时限应为 1—60 个工作日"));
    }
    let mut tx = begin_write(pool).await?;
    let n = sqlx::query(
        "UPDATE message_boxes SET reply_wd = $1, enabled = $2 WHERE id = $3 AND org_id = $4",
    )
    .bind(reply_wd)
    .bind(enabled)
    .bind(box_id)
    .bind(org_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(DbError::NotFound);
    }
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "message_box.update",
        "message_box",
        Some(box_id),
        &format!(
            "修改留言箱：答复时限 {reply_wd} 个工作日，{}",
            if enabled { "启用" } else { "停用" }
        ),
        json!({ "reply_wd": reply_wd, "enabled": enabled }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn by_id_in(conn: &mut super::calendar::Conn, id: i64) -> DbResult<Option<Message>> {
    let sql = format!("{SELECT} WHERE m.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

pub async fn by_id(pool: &Pool<DB>, id: i64) -> DbResult<Option<Message>> {
    let mut conn = pool.acquire().await?;
    by_id_in(&mut conn, id).await
}

async fn event(
    tx: &mut Transaction<'_, DB>,
    message_id: i64,
    step: &str,
    note: &str,
    department_id: Option<i64>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO message_events (message_id, step, note, department_id, actor_id, actor_name, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(message_id)
    .bind(step)
    .bind(note)
    .bind(department_id)
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(secs(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Stores a message from the public form; returns it with its tracking number. `secret_hash`
/// is the Argon2id hash of the secret shown once to the submitter.
pub async fn submit(
    pool: &Pool<DB>,
    m: &NewMessage,
    secret_hash: &str,
    now: DateTime<Utc>,
) -> DbResult<Message> {
    let e = check_submission(&m.title, &m.body, &m.name, &m.contact);
    if !e.is_empty() {
        return Err(DbError::Invalid(e));
    }
    let mut tx = begin_write(pool).await?;
    let b: Option<(i64, String, i64, bool)> =
        sqlx::query_as("SELECT org_id, kind, reply_wd, enabled FROM message_boxes WHERE id = $1")
            .bind(m.box_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((org_id, kind, reply_wd, true)) = b else {
        return Err(DbError::field("box", "该留言箱不存在或已停用"));
    };
    let document_id = match (BoxKind::parse(&kind), m.document.as_deref()) {
        (Some(BoxKind::Policy), Some(no)) => {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM documents WHERE index_no = $1 AND org_id = $2 AND status = 'published'",
            )
            .bind(no)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
            Some(
                row.ok_or_else(|| DbError::field("document", "找不到所咨询的政策文件"))?
                    .0,
            )
        }
        (Some(BoxKind::Policy), None) => {
            return Err(DbError::field(
                "document",
                "政策咨询请从政策文件页面进入，以便注明所咨询的文件",
            ));
        }
        _ => None,
    };
    let today = china_date(now);
    let cal = load_in(&mut tx).await?;
    let due = reply_due(today, u32::try_from(reply_wd).unwrap_or(10), &cal);
    let (serial,): (i64,) = sqlx::query_as(
        "INSERT INTO message_counters (year, last_serial) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_serial = message_counters.last_serial + 1
         RETURNING last_serial",
    )
    .bind(i64::from(today.year()))
    .fetch_one(&mut *tx)
    .await?;
    let tracking_no = format!("LY-{}-{serial:06}", today.year());
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO messages (box_id, org_id, tracking_no, secret_hash, category, title, body,
            allow_publish, document_id, received_at, received_on, due_on, provisional, status,
            updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'received', $10)
         RETURNING id",
    )
    .bind(m.box_id)
    .bind(org_id)
    .bind(&tracking_no)
    .bind(secret_hash)
    .bind(m.category.as_str())
    .bind(m.title.trim())
    .bind(m.body.trim())
    .bind(m.allow_publish)
    .bind(document_id)
    .bind(secs(now))
    .bind(today)
    .bind(due.due)
    .bind(!due.provisional_years.is_empty())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO message_submitters (message_id, name, contact) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(m.name.trim())
        .bind(m.contact.trim())
        .execute(&mut *tx)
        .await?;
    let public = Actor::system("公众");
    event(&mut tx, id, "received", "", None, &public, now).await?;
    // The audit names the message, never the submitter.
    audit::append(
        &mut tx,
        &public,
        Some(org_id),
        "message.receive",
        "message",
        Some(id),
        &format!("收到留言 {tracking_no}"),
        json!({ "tracking_no": tracking_no, "box": kind }),
        now,
    )
    .await?;
    let msg = by_id_in(&mut tx, id).await?.ok_or(DbError::NotFound)?;
    tx.commit().await?;
    Ok(msg)
}

/// Applies a handling step if the core rules allow it now; `expected` is the status the
/// caller saw (a stale page is a conflict).
pub async fn act(
    pool: &Pool<DB>,
    id: i64,
    expected: &str,
    a: &MessageAction,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Message> {
    let note = a.note.trim();
    if note.chars().count() > REASON_MAX {
        return Err(DbError::field("note", format!("说明最多{REASON_MAX}个字")));
    }
    if a.step.needs_reason() && note.is_empty() {
        return Err(DbError::field(
            "note",
            format!("{}须写明理由", a.step.label()),
        ));
    }
    let mut tx = begin_write(pool).await?;
    let m = by_id_in(&mut tx, id).await?.ok_or(DbError::NotFound)?;
    if m.status != expected {
        return Err(DbError::Conflict("该留言已被他人处理，请刷新后重试".into()));
    }
    let status = Status::parse(&m.status).unwrap_or(Status::Received);
    let to = next(status, a.step).map_err(|e| DbError::Conflict(e.into()))?;
    let mut department = None;
    match a.step {
        Step::Assign | Step::Reassign => {
            let dep = a
                .department_id
                .ok_or_else(|| DbError::field("department", "请选择承办处室"))?;
            let ok: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM departments WHERE id = $1 AND org_id = $2")
                    .bind(dep)
                    .bind(m.org_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if ok.is_none() {
                return Err(DbError::field("department", "承办处室不存在"));
            }
            if a.step == Step::Reassign && m.department_id == Some(dep) {
                return Err(DbError::field("department", "请选择另一个处室"));
            }
            department = Some(dep);
            sqlx::query("UPDATE messages SET department_id = $1 WHERE id = $2")
                .bind(dep)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Step::Draft => {
            let reply = a.reply.as_deref().unwrap_or("").trim();
            if reply.is_empty() {
                return Err(DbError::field("reply", "请填写答复内容"));
            }
            if reply.chars().count() > REPLY_MAX {
                return Err(DbError::field("reply", format!("答复最多{REPLY_MAX}个字")));
            }
            sqlx::query("UPDATE messages SET reply = $1 WHERE id = $2")
                .bind(reply)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Step::Reject => {
            sqlx::query("UPDATE messages SET rejected_reason = $1 WHERE id = $2")
                .bind(note)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Step::Send => {
            if a.publish && !m.allow_publish {
                return Err(DbError::Conflict(
                    "留言人未同意公开，该留言和答复不能公开".into(),
                ));
            }
            sqlx::query("UPDATE messages SET replied_on = $1, published = $2 WHERE id = $3")
                .bind(china_date(now))
                .bind(a.publish)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Step::Rate => {
            return Err(DbError::Conflict("评价由留言人提交".into()));
        }
        Step::Register | Step::SignOff | Step::SendBack => {}
    }
    sqlx::query("UPDATE messages SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(secs(now))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, id, a.step.as_str(), note, department, actor, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(m.org_id),
        "message.step",
        "message",
        Some(id),
        &format!("{}：{}", m.tracking_no, a.step.label()),
        json!({ "step": a.step.as_str(), "publish": a.publish }),
        now,
    )
    .await?;
    let out = by_id_in(&mut tx, id).await?.ok_or(DbError::NotFound)?;
    tx.commit().await?;
    Ok(out)
}

/// The message with this tracking number and its secret's hash (checked by the caller).
pub async fn by_tracking(
    pool: &Pool<DB>,
    tracking_no: &str,
) -> DbResult<Option<(Message, String)>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, secret_hash FROM messages WHERE tracking_no = $1")
            .bind(tracking_no)
            .fetch_optional(pool)
            .await?;
    let Some((id, hash)) = row else {
        return Ok(None);
    };
    Ok(by_id(pool, id).await?.map(|m| (m, hash)))
}

/// The submitter's rating of the reply (once).
pub async fn rate(
    pool: &Pool<DB>,
    id: i64,
    rating: Rating,
    comment: &str,
    now: DateTime<Utc>,
) -> DbResult<Message> {
    if comment.trim().chars().count() > REASON_MAX {
        return Err(DbError::field(
            "comment",
            format!("评价说明最多{REASON_MAX}个字"),
        ));
    }
    let mut tx = begin_write(pool).await?;
    let m = by_id_in(&mut tx, id).await?.ok_or(DbError::NotFound)?;
    let status = Status::parse(&m.status).unwrap_or(Status::Received);
    let to = next(status, Step::Rate).map_err(|e| DbError::Conflict(e.into()))?;
    sqlx::query(
        "UPDATE messages SET status = $1, rating = $2, rating_comment = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(to.as_str())
    .bind(rating.as_str())
    .bind(comment.trim())
    .bind(secs(now))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    event(
        &mut tx,
        id,
        "rate",
        rating.label(),
        None,
        &Actor::system("留言人"),
        now,
    )
    .await?;
    let out = by_id_in(&mut tx, id).await?.ok_or(DbError::NotFound)?;
    tx.commit().await?;
    Ok(out)
}

/// The handling history.
pub async fn events(pool: &Pool<DB>, id: i64) -> DbResult<Vec<MessageEvent>> {
    Ok(sqlx::query_as(
        "SELECT e.step, e.note, dep.name AS department_name, e.actor_name, e.at FROM message_events e
         LEFT JOIN departments dep ON dep.id = e.department_id
         WHERE e.message_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?)
}

/// The submitter's name and contact, for staff handling the message; the reading is audited.
pub async fn submitter(
    pool: &Pool<DB>,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Option<(String, String)>> {
    let mut tx = begin_write(pool).await?;
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT s.name, s.contact, m.org_id FROM message_submitters s JOIN messages m ON m.id = s.message_id
         WHERE s.message_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((name, contact, org_id)) = row else {
        return Ok(None);
    };
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "message.submitter",
        "message",
        Some(id),
        "查看留言人信息",
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some((name, contact)))
}

/// A queue of the organization's messages: `open` (all unanswered), `new` (to register),
/// `overdue`, `due_soon` (by `soon`, inclusive), `answered`, `all`; optionally one division's.
pub async fn queue(
    pool: &Pool<DB>,
    org_id: i64,
    queue: &str,
    department_id: Option<i64>,
    today: NaiveDate,
    soon: NaiveDate,
) -> DbResult<Vec<Message>> {
    const OPEN: &str = "('received', 'registered', 'assigned', 'drafted', 'signed_off')";
    let cond = match queue {
        "new" => "m.status = 'received'".to_string(),
        "overdue" => format!("m.status IN {OPEN} AND m.due_on < $2"),
        "due_soon" => format!("m.status IN {OPEN} AND m.due_on >= $2 AND m.due_on <= $3"),
        "answered" => "m.status IN ('replied', 'closed')".to_string(),
        "all" => "TRUE".to_string(),
        _ => format!("m.status IN {OPEN}"),
    };
    let sql = format!(
        "{SELECT} WHERE m.org_id = $1 AND {cond} AND ($4 IS NULL OR m.department_id = $4)
         ORDER BY m.due_on, m.id LIMIT 500"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(today)
        .bind(soon)
        .bind(department_id)
        .fetch_all(pool)
        .await?)
}

/// Published messages with their replies, newest first; of one organization and box kind when
/// given.
pub async fn published(
    pool: &Pool<DB>,
    org_id: Option<i64>,
    kind: Option<&str>,
    limit: i64,
) -> DbResult<Vec<Message>> {
    let sql = format!(
        "{SELECT} WHERE m.published AND m.status IN ('replied', 'closed')
           AND ($1 IS NULL OR m.org_id = $1) AND ($2 IS NULL OR b.kind = $2)
         ORDER BY m.replied_on DESC, m.id DESC LIMIT $3"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(kind)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// What the statistics need of every message received in `[from, to]`: (box kind, division,
/// category, received on, due on, replied on, rating).
#[allow(clippy::type_complexity)]
pub async fn facts(
    pool: &Pool<DB>,
    org_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<
    Vec<(
        String,
        Option<String>,
        String,
        NaiveDate,
        NaiveDate,
        Option<NaiveDate>,
        Option<String>,
    )>,
> {
    Ok(sqlx::query_as(
        "SELECT b.kind, dep.name, m.category, m.received_on, m.due_on, m.replied_on, m.rating
         FROM messages m JOIN message_boxes b ON b.id = m.box_id
         LEFT JOIN departments dep ON dep.id = m.department_id
         WHERE m.org_id = $1 AND m.received_on >= $2 AND m.received_on <= $3",
    )
    .bind(org_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}
