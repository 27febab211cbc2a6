//! Flags of possible repeat (Art. 36(6)) and excessive (Art. 35) applications: raised in the
//! transaction that registers a case, decided by staff.
//!
//! The applicant of the new case is compared with the applicants of the organization's other
//! cases inside the database (same identity number, else same credit code, else same name and
//! phone or e-mail — the matching of `applications::applicant_month_count`), so no personal data
//! is read out. Only request texts, tracking numbers and outcomes leave the database; the rules
//! themselves are core `application::flags`.

use super::{DB, audit, begin_write, secs};
use crate::flags::ApplicationFlag;
use crate::{Actor, DbError, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::application::flags::{
    FlagDecision, FlagKind, FlagRules, answered, excessive, excessive_detail, possible_repeat,
    repeat_detail, window_start,
};
use gongkai_core::application::outcome::Outcome;
use serde_json::json;
use sqlx::{Pool, Transaction};

/// The other cases `c` (with applicant `a`) of the same organization whose applicant is the
/// applicant `me` of case `mc` = `$1`. A case whose applicant gave none of the identifying data
/// matches nothing.
const SAME_APPLICANT: &str = "FROM application_cases c
    JOIN application_applicants a ON a.case_id = c.id
    JOIN application_cases mc ON mc.id = $1
    JOIN application_applicants me ON me.case_id = mc.id
    WHERE c.org_id = mc.org_id AND c.id <> mc.id
      AND ((me.id_number <> '' AND a.id_number = me.id_number)
        OR (me.id_number = '' AND me.credit_code <> '' AND a.credit_code = me.credit_code)
        OR (me.id_number = '' AND me.credit_code = '' AND me.name <> '' AND a.name = me.name
            AND ((me.phone <> '' AND a.phone = me.phone)
              OR (me.email <> '' AND a.email = me.email))))";

/// Earlier answered cases compared with a new one, newest first, at most this many.
const EARLIER_LIMIT: i64 = 500;

const FLAG_SELECT: &str = "SELECT f.id, f.case_id, f.kind, f.detail, f.related_case_id,
    r.tracking_no AS related_tracking_no, f.raised_at, f.decision, f.decided_by, f.decided_at,
    f.decision_note
  FROM application_flags f
  LEFT JOIN application_cases r ON r.id = f.related_case_id";

const ALREADY_DECIDED: &str = "该标记已经处理，处理结果不能更改";

#[expect(
    clippy::too_many_arguments,
    reason = "one argument per column of the flag"
)]
async fn insert_flag(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    case_id: i64,
    tracking_no: &str,
    kind: FlagKind,
    detail: &str,
    related: Option<(i64, &str)>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let (flag_id,): (i64,) = sqlx::query_as(
        "INSERT INTO application_flags (case_id, kind, detail, related_case_id, raised_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case_id)
    .bind(kind.as_str())
    .bind(detail)
    .bind(related.map(|r| r.0))
    .bind(secs(now))
    .fetch_one(&mut **tx)
    .await?;
    audit::append(
        tx,
        actor,
        Some(org_id),
        "application.flag",
        "application",
        Some(case_id),
        &format!("{tracking_no}：标记{}", kind.label()),
        json!({
            "tracking_no": tracking_no,
            "flag_id": flag_id,
            "kind": kind.as_str(),
            "related_tracking_no": related.map(|r| r.1),
        }),
        now,
    )
    .await
}

/// Raises the flags of a case just registered, inside its transaction (after its applicant row
/// is written): a possible repeat of the same applicant's most similar earlier answered case, and
/// the Art. 35 flag when the applicant's cases in the window exceed the setting.
pub(crate) async fn raise(
    tx: &mut Transaction<'_, DB>,
    case_id: i64,
    rules: &FlagRules,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let (org_id, tracking_no, request, received_on): (i64, String, String, NaiveDate) =
        sqlx::query_as(
            "SELECT org_id, tracking_no, request_text, received_on FROM application_cases
             WHERE id = $1",
        )
        .bind(case_id)
        .fetch_one(&mut **tx)
        .await?;

    let sql = format!(
        "SELECT c.id, c.tracking_no, c.request_text, c.outcome {SAME_APPLICANT}
           AND c.id < mc.id AND c.outcome IS NOT NULL
         ORDER BY c.id DESC LIMIT {EARLIER_LIMIT}"
    );
    let earlier: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(case_id)
            .fetch_all(&mut **tx)
            .await?;
    let compared: Vec<(i64, &str, bool)> = earlier
        .iter()
        .map(|(id, _, text, outcome)| {
            let outcome = outcome.as_deref().and_then(Outcome::parse);
            (*id, text.as_str(), answered(outcome))
        })
        .collect();
    if let Some((id, similarity)) = possible_repeat(&request, &compared, rules)
        && let Some((_, no, _, _)) = earlier.iter().find(|e| e.0 == id)
    {
        insert_flag(
            tx,
            org_id,
            case_id,
            &tracking_no,
            FlagKind::Repeat,
            &repeat_detail(no, similarity),
            Some((id, no.as_str())),
            actor,
            now,
        )
        .await?;
    }

    let sql =
        format!("SELECT COUNT(*) {SAME_APPLICANT} AND c.received_on >= $2 AND c.received_on <= $3");
    let (others,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(case_id)
        .bind(window_start(received_on, rules))
        .bind(received_on)
        .fetch_one(&mut **tx)
        .await?;
    let count = others + 1;
    if excessive(count, rules) {
        insert_flag(
            tx,
            org_id,
            case_id,
            &tracking_no,
            FlagKind::Excessive,
            &excessive_detail(count, rules),
            None,
            actor,
            now,
        )
        .await?;
    }
    Ok(())
}

/// The flags of a case, oldest first.
pub async fn of_case(pool: &Pool<DB>, case_id: i64) -> DbResult<Vec<ApplicationFlag>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{FLAG_SELECT} WHERE f.case_id = $1 ORDER BY f.id"
    )))
    .bind(case_id)
    .fetch_all(pool)
    .await?)
}

/// `(case id, kind)` of the organization's flags still to be decided.
pub async fn undecided(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT f.case_id, f.kind FROM application_flags f
         JOIN application_cases c ON c.id = f.case_id
         WHERE c.org_id = $1 AND f.decision IS NULL ORDER BY f.case_id, f.id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}

/// Records staff's decision on a flag (once; a decision is final) with its audit row. The note is
/// required; it is kept on the flag, not copied into the audit trail.
pub async fn decide(
    pool: &Pool<DB>,
    flag_id: i64,
    decision: FlagDecision,
    note: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<ApplicationFlag> {
    let note = note.trim();
    if note.is_empty() {
        return Err(DbError::field("note", "请填写处理说明"));
    }
    if note.chars().count() > 2000 {
        return Err(DbError::field("note", "处理说明最多2000个字"));
    }
    let mut tx = begin_write(pool).await?;
    let row: Option<(i64, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT c.org_id, c.tracking_no, f.case_id, f.kind, f.decision
         FROM application_flags f JOIN application_cases c ON c.id = f.case_id WHERE f.id = $1",
    )
    .bind(flag_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((org_id, tracking_no, case_id, kind, previous)) = row else {
        return Err(DbError::NotFound);
    };
    if previous.is_some() {
        return Err(DbError::Conflict(ALREADY_DECIDED.into()));
    }
    let done = sqlx::query(
        "UPDATE application_flags SET decision = $1, decided_by_id = $2, decided_by = $3,
             decided_at = $4, decision_note = $5
         WHERE id = $6 AND decision IS NULL",
    )
    .bind(decision.as_str())
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(secs(now))
    .bind(note)
    .bind(flag_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::Conflict(ALREADY_DECIDED.into()));
    }
    let label = match FlagKind::parse(&kind) {
        Some(k) => k.label(),
        None => kind.as_str(),
    };
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "application.flag_decision",
        "application",
        Some(case_id),
        &format!("{tracking_no}：{label}——{}", decision.label()),
        json!({
            "tracking_no": tracking_no,
            "flag_id": flag_id,
            "kind": kind,
            "decision": decision.as_str(),
        }),
        now,
    )
    .await?;
    let flag: ApplicationFlag = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{FLAG_SELECT} WHERE f.id = $1"
    )))
    .bind(flag_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(flag)
}

/// Tests use this to prove a decision is final and flags are kept: `(update refused, delete
/// refused)` for the decided flags.
pub async fn try_rewrite_decided(pool: &Pool<DB>) -> (bool, bool) {
    let update = sqlx::query(
        "UPDATE application_flags SET decision = 'confirmed', decision_note = 'rewritten'
         WHERE decision IS NOT NULL",
    )
    .execute(pool)
    .await
    .is_err();
    let delete = sqlx::query("DELETE FROM application_flags")
        .execute(pool)
        .await
        .is_err();
    (update, delete)
}
