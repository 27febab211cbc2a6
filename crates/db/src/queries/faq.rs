//! Frequently asked questions: entries by topic, made by staff (often from an answered message),
//! public when published, searchable by a phrase.

use super::{DB, audit, begin_write, secs, text_field};
use crate::{Actor, DbError, DbResult, FaqEntry};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Pool;

const SELECT: &str = "SELECT f.id, f.org_id, o.name AS org_name, f.topic, f.question, f.answer,
    f.message_id, f.published FROM faq_entries f JOIN organizations o ON o.id = f.org_id";

/// Adds an entry (published at once).
#[allow(clippy::too_many_arguments)]
pub async fn add(
    pool: &Pool<DB>,
    org_id: i64,
    topic: &str,
    question: &str,
    answer: &str,
    message_id: Option<i64>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<FaqEntry> {
    let topic = text_field("topic", topic, 50, Some("主题"))?;
    let question = text_field("question", question, 500, Some("问题"))?;
    let answer = text_field("answer", answer, 10_000, Some("解答"))?;
    let mut tx = begin_write(pool).await?;
    if let Some(m) = message_id {
        let ok: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM messages WHERE id = $1 AND org_id = $2 AND status IN ('replied', 'closed')",
        )
        .bind(m)
        .bind(org_id)
        .fetch_optional(&mut *tx)
        .await?;
        if ok.is_none() {
            return Err(DbError::field(
                "message",
                "只能由本机关已答复的留言生成常见问题",
            ));
        }
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO faq_entries (org_id, topic, question, answer, message_id, published, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7) RETURNING id",
    )
    .bind(org_id)
    .bind(&topic)
    .bind(&question)
    .bind(&answer)
    .bind(message_id)
    .bind(&actor.name)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "faq.add",
        "faq",
        Some(id),
        &format!("添加常见问题：{question}"),
        json!({ "topic": topic, "message_id": message_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    let sql = format!("{SELECT} WHERE f.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(pool)
        .await?)
}

pub async fn set_published(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    published: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let n = sqlx::query(
        "UPDATE faq_entries SET published = $1, updated_by = $2, updated_at = $3 WHERE id = $4 AND org_id = $5",
    )
    .bind(published)
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
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "faq.publish",
        "faq",
        Some(id),
        if published {
            "公开常见问题"
        } else {
            "撤下常见问题"
        },
        json!({ "published": published }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Entries of an organization (all, for staff) or the published ones of every organization,
/// matching `q` in the question or answer when given; by topic.
pub async fn list(
    pool: &Pool<DB>,
    org_id: Option<i64>,
    published_only: bool,
    q: Option<&str>,
) -> DbResult<Vec<FaqEntry>> {
    // A phrase is matched literally: LIKE's wildcards in it are escaped.
    let pattern = q.map(|q| {
        let escaped = q
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let sql = format!(
        "{SELECT} WHERE ($1 IS NULL OR f.org_id = $1) AND (NOT $2 OR f.published)
           AND ($3 IS NULL OR f.question LIKE $3 ESCAPE '\\' OR f.answer LIKE $3 ESCAPE '\\')
         ORDER BY f.topic, f.id LIMIT 500"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(published_only)
        .bind(pattern)
        .fetch_all(pool)
        .await?)
}
