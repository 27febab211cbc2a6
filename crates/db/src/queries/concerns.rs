//! Responses to public concern: topics, their responses, and the year's list (core `concern`
//! decides the time limits).

use super::{DB, audit, begin_write, secs, text_field};
use crate::{Actor, Concern, ConcernResponse, DbError, DbResult};
use chrono::{DateTime, Utc};
use gongkai_core::concern::{Level, ResponseKind};
use serde_json::json;
use sqlx::Pool;

/// Records a topic.
#[allow(clippy::too_many_arguments)]
pub async fn add(
    pool: &Pool<DB>,
    org_id: i64,
    topic: &str,
    level: Level,
    noticed_at: DateTime<Utc>,
    source: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Concern> {
    let topic = text_field("topic", topic, 200, Some("舆情事项"))?;
    let source = text_field("source", source, 500, None)?;
    if noticed_at > now {
        return Err(DbError::field("noticed_at", "发现时间不能晚于当前时间"));
    }
    let mut tx = begin_write(pool).await?;
    let c: Concern = sqlx::query_as(
        "INSERT INTO concerns (org_id, topic, level, noticed_at, source, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, org_id, topic, level, noticed_at, source, created_by",
    )
    .bind(org_id)
    .bind(&topic)
    .bind(level.as_str())
    .bind(secs(noticed_at))
    .bind(&source)
    .bind(&actor.name)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "concern.add",
        "concern",
        Some(c.id),
        &format!("登记舆情事项：{topic}"),
        json!({ "level": level.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// Records a response to a topic of `org_id`.
#[allow(clippy::too_many_arguments)]
pub async fn respond(
    pool: &Pool<DB>,
    org_id: i64,
    concern_id: i64,
    kind: ResponseKind,
    responded_at: DateTime<Utc>,
    summary: &str,
    link: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let summary = text_field("summary", summary, 1000, Some("回应内容摘要"))?;
    let link = text_field("link", link, 500, None)?;
    if !link.is_empty()
        && !link.starts_with("http://")
        && !link.starts_with("https://")
        && !link.starts_with('/')
    {
        return Err(DbError::field(
            "link",
            "链接应以 http://、https:// 或 / 开头",
        ));
    }
    if responded_at > now {
        return Err(DbError::field("responded_at", "回应时间不能晚于当前时间"));
    }
    let mut tx = begin_write(pool).await?;
    let row: Option<(DateTime<Utc>, String)> =
        sqlx::query_as("SELECT noticed_at, topic FROM concerns WHERE id = $1 AND org_id = $2")
            .bind(concern_id)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (noticed_at, topic) = row.ok_or(DbError::NotFound)?;
    if responded_at < noticed_at {
        return Err(DbError::field("responded_at", "回应时间不能早于发现时间"));
    }
    sqlx::query(
        "INSERT INTO concern_responses (concern_id, kind, responded_at, summary, link, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(concern_id)
    .bind(kind.as_str())
    .bind(secs(responded_at))
    .bind(&summary)
    .bind(&link)
    .bind(&actor.name)
    .bind(secs(now))
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "concern.respond",
        "concern",
        Some(concern_id),
        &format!("舆情回应（{}）：{topic}", kind.label()),
        json!({ "kind": kind.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The topics noticed in `[from, to)`, newest first, with their responses.
pub async fn list(
    pool: &Pool<DB>,
    org_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<(Concern, Vec<ConcernResponse>)>> {
    let topics: Vec<Concern> = sqlx::query_as(
        "SELECT id, org_id, topic, level, noticed_at, source, created_by FROM concerns
         WHERE org_id = $1 AND noticed_at >= $2 AND noticed_at < $3 ORDER BY noticed_at DESC, id DESC",
    )
    .bind(org_id)
    .bind(secs(from))
    .bind(secs(to))
    .fetch_all(pool)
    .await?;
    let responses: Vec<ConcernResponse> = sqlx::query_as(
        "SELECT r.id, r.concern_id, r.kind, r.responded_at, r.summary, r.link, r.recorded_by
         FROM concern_responses r JOIN concerns c ON c.id = r.concern_id
         WHERE c.org_id = $1 AND c.noticed_at >= $2 AND c.noticed_at < $3
         ORDER BY r.responded_at, r.id",
    )
    .bind(org_id)
    .bind(secs(from))
    .bind(secs(to))
    .fetch_all(pool)
    .await?;
    Ok(topics
        .into_iter()
        .map(|t| {
            let rs = responses
                .iter()
                .filter(|r| r.concern_id == t.id)
                .cloned()
                .collect();
            (t, rs)
        })
        .collect())
}
