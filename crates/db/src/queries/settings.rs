//! Organizations' settings (`org_settings`): overrides of the documented defaults. Saving the
//! application settings recomputes the deadlines of the organization's open cases in the same
//! transaction, since the rules they were computed under changed.

use super::applications::recompute_open;
use super::calendar::{Conn, load_in};
use super::{DB, audit, begin_write, secs};
use crate::{Actor, DbResult, Recomputation, SettingsSaved};
use chrono::{DateTime, Utc};
use gongkai_core::application::settings::{ApplicationSettings, SETTINGS, display};
use gongkai_core::redaction::{Severity, format_word_list, parse_word_list};
use serde_json::json;
use sqlx::Pool;

const APPLICATIONS: &str = "applications";

/// The application settings of `org_id` (the defaults where nothing is stored).
pub(crate) async fn applications_in(conn: &mut Conn, org_id: i64) -> DbResult<ApplicationSettings> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM org_settings WHERE org_id = $1 AND scope = $2")
            .bind(org_id)
            .bind(APPLICATIONS)
            .fetch_all(&mut *conn)
            .await?;
    let (s, skipped) =
        ApplicationSettings::from_overrides(rows.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if !skipped.is_empty() {
        tracing::warn!(
            org_id,
            ?skipped,
            "stored settings no longer valid; defaults apply"
        );
    }
    Ok(s)
}

pub async fn applications(pool: &Pool<DB>, org_id: i64) -> DbResult<ApplicationSettings> {
    let mut conn = pool.acquire().await?;
    applications_in(&mut conn, org_id).await
}

/// Stores `new` as the organization's application settings (only what differs from the
/// defaults), audits each change, and recomputes the open cases' deadlines under the new rules
/// with a note on each case; one transaction. Saving unchanged settings changes nothing.
pub async fn save_applications(
    pool: &Pool<DB>,
    org_id: i64,
    new: &ApplicationSettings,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<SettingsSaved> {
    let mut tx = begin_write(pool).await?;
    let old = applications_in(&mut tx, org_id).await?;
    let changed: Vec<(String, String, String)> = SETTINGS
        .iter()
        .filter_map(|s| {
            let (a, b) = (old.get(s.key)?, new.get(s.key)?);
            (a != b).then(|| (s.key.to_string(), display(s, &a), display(s, &b)))
        })
        .collect();
    if changed.is_empty() {
        return Ok(SettingsSaved::default());
    }
    sqlx::query("DELETE FROM org_settings WHERE org_id = $1 AND scope = $2")
        .bind(org_id)
        .bind(APPLICATIONS)
        .execute(&mut *tx)
        .await?;
    for (key, value) in new.overrides() {
        sqlx::query(
            "INSERT INTO org_settings (org_id, scope, key, value, updated_at, updated_by_id, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(org_id)
        .bind(APPLICATIONS)
        .bind(key)
        .bind(value)
        .bind(secs(now))
        .bind(actor.user_id)
        .bind(&actor.name)
        .execute(&mut *tx)
        .await?;
    }
    let labels: Vec<String> = changed
        .iter()
        .filter_map(|(k, a, b)| {
            let s = SETTINGS.iter().find(|s| s.key == k)?;
            Some(format!("{}：{a} → {b}", s.label))
        })
        .collect();
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "settings.applications",
        "organization",
        Some(org_id),
        &format!("修改依申请公开设置：{}", labels.join("；")),
        json!({ "changed": changed }),
        now,
    )
    .await?;
    let cal = load_in(&mut tx).await?;
    let mut recomputation = Recomputation::default();
    recompute_open(
        &mut tx,
        &cal,
        Some(org_id),
        "依申请公开设置已修改",
        actor,
        now,
        &mut recomputation,
    )
    .await?;
    tx.commit().await?;
    Ok(SettingsSaved {
        changed,
        recomputation,
    })
}

const REVIEW: &str = "review";
const WORDS: &str = "sensitive_words";

/// The organization's list of forbidden or sensitive expressions (empty when none is set).
pub(crate) async fn review_words_in(
    conn: &mut Conn,
    org_id: i64,
) -> DbResult<Vec<(String, Severity)>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT value FROM org_settings WHERE org_id = $1 AND scope = $2 AND key = $3",
    )
    .bind(org_id)
    .bind(REVIEW)
    .bind(WORDS)
    .fetch_optional(&mut *conn)
    .await?;
    // Stored as validated text; should it no longer parse, no words rather than a failed review.
    Ok(row
        .and_then(|(v,)| parse_word_list(&v).ok())
        .unwrap_or_default())
}

pub async fn review_words(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<(String, Severity)>> {
    let mut conn = pool.acquire().await?;
    review_words_in(&mut conn, org_id).await
}

/// Replaces the list (audited by count: the words themselves may be sensitive).
pub async fn save_review_words(
    pool: &Pool<DB>,
    org_id: i64,
    words: &[(String, Severity)],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    sqlx::query("DELETE FROM org_settings WHERE org_id = $1 AND scope = $2 AND key = $3")
        .bind(org_id)
        .bind(REVIEW)
        .bind(WORDS)
        .execute(&mut *tx)
        .await?;
    if !words.is_empty() {
        sqlx::query(
            "INSERT INTO org_settings (org_id, scope, key, value, updated_at, updated_by_id, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(org_id)
        .bind(REVIEW)
        .bind(WORDS)
        .bind(format_word_list(words))
        .bind(secs(now))
        .bind(actor.user_id)
        .bind(&actor.name)
        .execute(&mut *tx)
        .await?;
    }
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "settings.sensitive_words",
        "organization",
        Some(org_id),
        &format!("修改敏感词表：共 {} 个词语", words.len()),
        json!({ "count": words.len() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
