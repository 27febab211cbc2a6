//! Applications for disclosure (依申请公开): cases, their event logs, applicants, comments.
//!
//! The log (`application_events`) is the record; the derived columns of `application_cases` are
//! rewritten from the core `State` in the transaction that appends an event, so lists and queues
//! filter on plain columns. Personal data lives in `application_applicants`, which only
//! [`applicant`] reads (and audits).

use super::calendar::{Conn, load_in};
use super::{DB, audit, begin_write, secs, settings};
use crate::{
    Actor, ApplicantInfo, ApplicationCase, CaseComment, CaseFilter, CaseQueue, CaseReview, DbError,
    DbResult, DueChange, NewApplicant, NewApplication, Recomputation, StoredEvent,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use gongkai_core::FieldErrors;
use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::application::case::{CaseDeadline, CaseRules, Event, State, apply, recompute};
use gongkai_core::application::import::ImportedApplication;
use gongkai_core::application::outcome::Outcome;
use gongkai_core::application::review::{ReviewKind, ReviewRecord, ReviewResult};
use gongkai_core::application::year::CaseRecord;
use gongkai_core::calendar::Calendar;
use gongkai_core::ident;
use gongkai_core::time::china_date;
use serde_json::json;
use sqlx::{Connection, Pool, Transaction};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

const CASE_SELECT: &str = "SELECT c.id, c.org_id, o.code AS org_code, c.tracking_no, c.applicant_type,
    c.channel, c.receipt_basis, c.received_on, c.status, c.reply_due, c.provisional, c.paused, c.outcome,
    c.closed_on, c.served_on, c.on_time, c.handler_id, u.display_name AS handler_name, c.department_id,
    dep.name AS department_name, c.request_text, c.provision_form, c.delivery_method, c.reference,
    c.imported, c.event_count, c.created_at, c.updated_at
  FROM application_cases c
  JOIN organizations o ON o.id = c.org_id
  LEFT JOIN users u ON u.id = c.handler_id
  LEFT JOIN departments dep ON dep.id = c.department_id";

/// Statuses in which the reply is still to be served (the reply deadline matters).
const REPLY_PENDING: &str = "('processing', 'consulting', 'awaiting_payment', 'replied')";
/// Statuses of cases whose deadlines a new calendar can move.
const OPEN: &str =
    "('processing', 'awaiting_correction', 'consulting', 'awaiting_payment', 'replied')";

const STALE: &str = "该申请已被他人更新，请刷新后重试";
const NO_LOG: &str = "该申请是导入的历史记录，没有办理记录，不能继续办理";

async fn by_id_in(conn: &mut Conn, id: i64) -> DbResult<Option<ApplicationCase>> {
    let sql = format!("{CASE_SELECT} WHERE c.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
}

pub async fn by_id(pool: &Pool<DB>, id: i64) -> DbResult<Option<ApplicationCase>> {
    let mut conn = pool.acquire().await?;
    by_id_in(&mut conn, id).await
}

/// The case and its secret's hash (to be verified by the caller).
pub async fn by_tracking(
    pool: &Pool<DB>,
    org_code: &str,
    tracking_no: &str,
) -> DbResult<Option<(ApplicationCase, Option<String>)>> {
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT c.id, c.secret_hash FROM application_cases c JOIN organizations o ON o.id = c.org_id
         WHERE o.code = $1 AND c.tracking_no = $2",
    )
    .bind(org_code)
    .bind(tracking_no.trim().to_ascii_uppercase())
    .fetch_optional(pool)
    .await?;
    let Some((id, hash)) = row else {
        return Ok(None);
    };
    Ok(by_id(pool, id).await?.map(|c| (c, hash)))
}

/// `(seq, event JSON, actor_id, actor_name, recorded_at)`.
type EventRow = (i64, String, Option<i64>, String, DateTime<Utc>);

async fn events_in(conn: &mut Conn, case_id: i64) -> DbResult<Vec<StoredEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT seq, event, actor_id, actor_name, recorded_at FROM application_events
         WHERE case_id = $1 ORDER BY seq",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(seq, text, actor_id, actor_name, recorded_at)| {
            let event = serde_json::from_str(&text).map_err(|e| {
                DbError::Conflict(format!("申请 {case_id} 的第{seq}个办理事件无法读取：{e}"))
            })?;
            Ok(StoredEvent {
                seq,
                event,
                actor_id,
                actor_name,
                recorded_at,
            })
        })
        .collect()
}

pub async fn events(pool: &Pool<DB>, case_id: i64) -> DbResult<Vec<StoredEvent>> {
    let mut conn = pool.acquire().await?;
    events_in(&mut conn, case_id).await
}

/// The derived columns of a state.
struct Derived {
    status: &'static str,
    reply_due: Option<NaiveDate>,
    provisional: bool,
    paused: bool,
    outcome: Option<&'static str>,
    closed_on: Option<NaiveDate>,
    served_on: Option<NaiveDate>,
    on_time: Option<bool>,
}

fn derive(s: &State) -> Derived {
    let deadlines: [&Option<CaseDeadline>; 5] = [
        &s.reply_deadline,
        &s.correction_notice_deadline,
        &s.correction_deadline,
        &s.consultation_deadline,
        &s.fee_deadline,
    ];
    Derived {
        status: s.status.as_str(),
        reply_due: s.reply_deadline.as_ref().map(CaseDeadline::due),
        provisional: deadlines
            .iter()
            .any(|d| d.as_ref().is_some_and(CaseDeadline::provisional)),
        paused: s.reply_deadline.as_ref().is_some_and(|d| d.paused),
        outcome: s.outcome.map(Outcome::as_str),
        closed_on: s.closed_on,
        served_on: s.served_on,
        on_time: s.on_time,
    }
}

/// Rewrites the derived columns and reviews of a case from `s`. With `expected`, only if the case
/// still has that many events (the optimistic check); a mismatch is a conflict.
async fn write_derived(
    tx: &mut Transaction<'_, DB>,
    case_id: i64,
    s: &State,
    event_count: i64,
    expected: Option<i64>,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let d = derive(s);
    let done = sqlx::query(
        "UPDATE application_cases SET status = $1, reply_due = $2, provisional = $3, paused = $4,
             outcome = $5, closed_on = $6, served_on = $7, on_time = $8, event_count = $9, updated_at = $10
         WHERE id = $11 AND ($12 IS NULL OR event_count = $12)",
    )
    .bind(d.status)
    .bind(d.reply_due)
    .bind(d.provisional)
    .bind(d.paused)
    .bind(d.outcome)
    .bind(d.closed_on)
    .bind(d.served_on)
    .bind(d.on_time)
    .bind(event_count)
    .bind(secs(now))
    .bind(case_id)
    .bind(expected)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::Conflict(STALE.into()));
    }
    replace_reviews(tx, case_id, &s.reviews).await
}

async fn replace_reviews(
    tx: &mut Transaction<'_, DB>,
    case_id: i64,
    reviews: &[ReviewRecord],
) -> DbResult<()> {
    sqlx::query("DELETE FROM application_reviews WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    for r in reviews {
        sqlx::query(
            "INSERT INTO application_reviews (case_id, kind, filed_on, decided_on, result)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(case_id)
        .bind(r.kind.as_str())
        .bind(r.filed_on)
        .bind(r.decided_on)
        .bind(r.result.map(|x| x.as_str()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn append_event(
    tx: &mut Transaction<'_, DB>,
    case_id: i64,
    seq: i64,
    event: &Event,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let text = serde_json::to_string(event)
        .map_err(|e| DbError::Conflict(format!("办理事件无法保存：{e}")))?;
    sqlx::query(
        "INSERT INTO application_events (case_id, seq, event, actor_id, actor_name, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(seq)
    .bind(text)
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(secs(now))
    .execute(&mut **tx)
    .await
    .map_err(|e| {
        let e = DbError::from(e);
        if e.is_unique_violation() {
            DbError::Conflict(STALE.into())
        } else {
            e
        }
    })?;
    Ok(())
}

async fn add_note(
    tx: &mut Transaction<'_, DB>,
    case_id: i64,
    kind: &str,
    body: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO application_comments (case_id, kind, body, author_id, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(kind)
    .bind(body)
    .bind(actor.user_id)
    .bind(&actor.name)
    .bind(secs(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Hands out the next tracking number of the organization for the year of receipt.
async fn next_tracking_no(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    year: i32,
) -> DbResult<String> {
    let (last,): (i64,) = sqlx::query_as(
        "INSERT INTO application_counters (org_id, year, last_serial) VALUES ($1, $2, 1)
         ON CONFLICT (org_id, year) DO UPDATE SET last_serial = application_counters.last_serial + 1
         RETURNING last_serial",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await?;
    Ok(format!("YSQ-{year}-{last:06}"))
}

/// Checks the applicant's identity data (resident ID and credit code checksums).
fn check_applicant(a: &NewApplicant, today: NaiveDate, e: &mut FieldErrors) {
    if a.id_kind == "resident_id" && !a.id_number.trim().is_empty() {
        let id = ident::normalize_resident_id(a.id_number.trim());
        if let Err(err) = ident::validate_resident_id_at(&id, today) {
            e.add("id_number", err.message());
        }
    }
    if !a.credit_code.trim().is_empty()
        && let Err(err) = ident::validate_credit_code(a.credit_code.trim())
    {
        e.add("credit_code", err.message());
    }
}

async fn insert_applicant(
    tx: &mut Transaction<'_, DB>,
    case_id: i64,
    a: &NewApplicant,
) -> DbResult<()> {
    let id_number = if a.id_kind == "resident_id" {
        ident::normalize_resident_id(a.id_number.trim())
    } else {
        a.id_number.trim().to_string()
    };
    let credit = if a.credit_code.trim().is_empty() {
        String::new()
    } else {
        ident::normalize_credit_code(a.credit_code.trim())
    };
    sqlx::query(
        "INSERT INTO application_applicants (case_id, name, id_kind, id_number, phone, email, address,
             org_name, credit_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(case_id)
    .bind(a.name.trim())
    .bind(a.id_kind.trim())
    .bind(id_number)
    .bind(a.phone.trim())
    .bind(a.email.trim())
    .bind(a.address.trim())
    .bind(a.org_name.trim())
    .bind(credit)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Checks that the handler and department belong to the organization.
async fn check_assignment(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    handler_id: Option<i64>,
    department_id: Option<i64>,
    e: &mut FieldErrors,
) -> DbResult<()> {
    if let Some(h) = handler_id {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM users WHERE id = $1 AND org_id = $2 AND active = TRUE")
                .bind(h)
                .bind(org_id)
                .fetch_optional(&mut **tx)
                .await?;
        if row.is_none() {
            e.add("handler_id", "承办人不存在或不属于本机关");
        }
    }
    if let Some(d) = department_id {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM departments WHERE id = $1 AND org_id = $2")
                .bind(d)
                .bind(org_id)
                .fetch_optional(&mut **tx)
                .await?;
        if row.is_none() {
            e.add("department_id", "承办处室不存在或不属于本机关");
        }
    }
    Ok(())
}

#[expect(clippy::too_many_arguments, reason = "one argument per column group")]
async fn insert_case(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    tracking_no: &str,
    secret_hash: Option<&str>,
    applicant_type: ApplicantType,
    channel: Option<gongkai_core::application::receipt::Channel>,
    received_on: NaiveDate,
    texts: [&str; 3],
    assignment: (Option<i64>, Option<i64>),
    reference: Option<&str>,
    imported: bool,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO application_cases (org_id, tracking_no, secret_hash, applicant_type, channel,
             receipt_basis, received_on, status, handler_id, department_id, request_text,
             provision_form, delivery_method, reference, imported, event_count, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'unregistered', $8, $9, $10, $11, $12, $13, $14, 0, $15, $15)
         RETURNING id",
    )
    .bind(org_id)
    .bind(tracking_no)
    .bind(secret_hash)
    .bind(applicant_type.as_str())
    .bind(channel.map(|c| c.as_str()))
    .bind(channel.map(|c| c.basis().as_str()))
    .bind(received_on)
    .bind(assignment.0)
    .bind(assignment.1)
    .bind(texts[0].trim())
    .bind(texts[1].trim())
    .bind(texts[2].trim())
    .bind(reference)
    .bind(imported)
    .bind(secs(now))
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Registers a new case: the case row, its `registered` event and derived columns, the
/// applicant's row, the audit entry and the repeat / Art. 35 flags (`flags::raise`), under the
/// organization's settings, in one transaction.
pub async fn create(
    pool: &Pool<DB>,
    a: &NewApplication,
    secret_hash: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<ApplicationCase> {
    let today = china_date(now);
    let mut e = FieldErrors::new();
    if a.received_on > today {
        e.add("received_on", "收到申请日期不能晚于今天");
    }
    if a.request_text.trim().is_empty() {
        e.add(
            "request_text",
            "请填写所申请公开信息的名称、文号或者便于查询的其他特征性描述",
        );
    }
    if a.applicant_type.is_natural_person() && a.applicant.name.trim().is_empty() {
        e.add("name", "请填写申请人姓名");
    }
    if !a.applicant_type.is_natural_person() && a.applicant.org_name.trim().is_empty() {
        e.add("org_name", "请填写法人或其他组织的名称");
    }
    check_applicant(&a.applicant, today, &mut e);
    let mut tx = begin_write(pool).await?;
    check_assignment(&mut tx, a.org_id, a.handler_id, a.department_id, &mut e).await?;
    let cal = load_in(&mut tx).await?;
    let settings = settings::applications_in(&mut tx, a.org_id).await?;
    let rules = &settings.case;
    let event = Event::Registered {
        received_on: a.received_on,
        channel: a.channel,
        receipt_basis: a.channel.basis(),
    };
    let state = match apply(&State::new(), &event, &cal, rules) {
        Ok(s) => Some(s),
        Err(err) => {
            e.add("received_on", err.to_string());
            None
        }
    };
    let (Some(state), true) = (state, e.is_empty()) else {
        return Err(DbError::Invalid(e));
    };
    let tracking_no = next_tracking_no(&mut tx, a.org_id, a.received_on.year()).await?;
    let id = insert_case(
        &mut tx,
        a.org_id,
        &tracking_no,
        Some(secret_hash),
        a.applicant_type,
        Some(a.channel),
        a.received_on,
        [&a.request_text, &a.provision_form, &a.delivery_method],
        (a.handler_id, a.department_id),
        None,
        false,
        now,
    )
    .await?;
    append_event(&mut tx, id, 1, &event, actor, now).await?;
    write_derived(&mut tx, id, &state, 1, Some(0), now).await?;
    insert_applicant(&mut tx, id, &a.applicant).await?;
    audit::append(
        &mut tx,
        actor,
        Some(a.org_id),
        "application.create",
        "application",
        Some(id),
        &format!("登记政府信息公开申请 {tracking_no}"),
        json!({
            "tracking_no": tracking_no,
            "channel": a.channel.as_str(),
            "applicant_type": a.applicant_type.as_str(),
            "received_on": a.received_on,
        }),
        now,
    )
    .await?;
    super::flags::raise(&mut tx, id, &settings.flags, actor, now).await?;
    let case = by_id_in(&mut tx, id).await?.ok_or(DbError::NotFound)?;
    tx.commit().await?;
    Ok(case)
}

/// Appends one event if the core rules allow it in the case's current state; `expected_events`
/// is the number of events the caller saw (a stale view is a conflict).
pub async fn record_event(
    pool: &Pool<DB>,
    case_id: i64,
    expected_events: i64,
    event: &Event,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<ApplicationCase> {
    let mut tx = begin_write(pool).await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT org_id, tracking_no FROM application_cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((org_id, tracking_no)) = row else {
        return Err(DbError::NotFound);
    };
    let stored = events_in(&mut tx, case_id).await?;
    if stored.is_empty() {
        return Err(DbError::Conflict(NO_LOG.into()));
    }
    let count = i64::try_from(stored.len()).unwrap_or(i64::MAX);
    if count != expected_events {
        return Err(DbError::Conflict(STALE.into()));
    }
    let events: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
    let cal = load_in(&mut tx).await?;
    let rules = &settings::applications_in(&mut tx, org_id).await?.case;
    let state = recompute(&events, &cal, rules)
        .map_err(|e| DbError::Conflict(format!("该申请的办理记录在当前日历下不成立：{e}")))?;
    let next =
        apply(&state, event, &cal, rules).map_err(|e| DbError::field("event", e.to_string()))?;
    append_event(&mut tx, case_id, count + 1, event, actor, now).await?;
    write_derived(&mut tx, case_id, &next, count + 1, Some(count), now).await?;
    let action = event.action();
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "application.event",
        "application",
        Some(case_id),
        &format!("{tracking_no}：{}", action.label()),
        json!({ "tracking_no": tracking_no, "seq": count + 1, "event": event }),
        now,
    )
    .await?;
    let case = by_id_in(&mut tx, case_id).await?.ok_or(DbError::NotFound)?;
    tx.commit().await?;
    Ok(case)
}

/// The applicant's personal data; the reading is audited (only the case id is recorded).
pub async fn applicant(
    pool: &Pool<DB>,
    case_id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Option<ApplicantInfo>> {
    let mut tx = begin_write(pool).await?;
    let info: Option<ApplicantInfo> = sqlx::query_as(
        "SELECT case_id, name, id_kind, id_number, phone, email, address, org_name, credit_code
         FROM application_applicants WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(&mut *tx)
    .await?;
    if info.is_none() {
        return Ok(None);
    }
    let (org_id,): (i64,) = sqlx::query_as("SELECT org_id FROM application_cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "application.view_applicant",
        "application",
        Some(case_id),
        "查看申请人信息",
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(info)
}

pub async fn add_comment(
    pool: &Pool<DB>,
    case_id: i64,
    body: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<CaseComment> {
    let body = body.trim();
    if body.is_empty() {
        return Err(DbError::field("body", "请填写意见内容"));
    }
    let mut tx = begin_write(pool).await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT org_id, tracking_no FROM application_cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((org_id, tracking_no)) = row else {
        return Err(DbError::NotFound);
    };
    add_note(&mut tx, case_id, "comment", body, actor, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "application.comment",
        "application",
        Some(case_id),
        &format!("{tracking_no}：添加内部意见"),
        json!({ "tracking_no": tracking_no }),
        now,
    )
    .await?;
    let c: CaseComment = sqlx::query_as(
        "SELECT id, case_id, kind, body, author_id, author_name, created_at FROM application_comments
         WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(case_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(c)
}

pub async fn comments(pool: &Pool<DB>, case_id: i64) -> DbResult<Vec<CaseComment>> {
    Ok(sqlx::query_as(
        "SELECT id, case_id, kind, body, author_id, author_name, created_at FROM application_comments
         WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?)
}

pub async fn reviews(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<CaseReview>> {
    Ok(sqlx::query_as(
        "SELECT r.case_id, r.kind, r.filed_on, r.decided_on, r.result FROM application_reviews r
         JOIN application_cases c ON c.id = r.case_id WHERE c.org_id = $1 ORDER BY r.case_id, r.id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}

/// Assigns the case to a handler and a department (either may be cleared).
pub async fn assign(
    pool: &Pool<DB>,
    case_id: i64,
    handler_id: Option<i64>,
    department_id: Option<i64>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<ApplicationCase> {
    let mut tx = begin_write(pool).await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT org_id, tracking_no FROM application_cases WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((org_id, tracking_no)) = row else {
        return Err(DbError::NotFound);
    };
    let mut e = FieldErrors::new();
    check_assignment(&mut tx, org_id, handler_id, department_id, &mut e).await?;
    if !e.is_empty() {
        return Err(DbError::Invalid(e));
    }
    sqlx::query(
        "UPDATE application_cases SET handler_id = $1, department_id = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(handler_id)
    .bind(department_id)
    .bind(secs(now))
    .bind(case_id)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "application.assign",
        "application",
        Some(case_id),
        &format!("{tracking_no}：分配承办人和处室"),
        json!({ "tracking_no": tracking_no, "handler_id": handler_id, "department_id": department_id }),
        now,
    )
    .await?;
    let case = by_id_in(&mut tx, case_id).await?.ok_or(DbError::NotFound)?;
    tx.commit().await?;
    Ok(case)
}

enum Arg {
    Int(i64),
    Text(String),
    Date(NaiveDate),
}

/// A WHERE clause from fixed fragments; every value is bound.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    args: Vec<Arg>,
}

impl Where {
    fn eq(&mut self, column: &str, value: Arg) {
        self.args.push(value);
        self.parts.push(format!("{column} = ${}", self.args.len()));
    }
    fn cmp(&mut self, column: &str, op: &str, value: Arg) {
        self.args.push(value);
        self.parts
            .push(format!("{column} {op} ${}", self.args.len()));
    }
    fn fixed(&mut self, fragment: &str) {
        self.parts.push(fragment.to_string());
    }
}

/// Cases of an organization, filtered; queues are ordered by reply deadline, other lists newest
/// first. `today` decides the queues; working days count with the calendar in force.
pub async fn list(
    pool: &Pool<DB>,
    org_id: i64,
    f: &CaseFilter,
    today: NaiveDate,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<ApplicationCase>> {
    let mut w = Where::default();
    w.eq("c.org_id", Arg::Int(org_id));
    if let Some(h) = f.handler_id {
        w.eq("c.handler_id", Arg::Int(h));
    }
    if let Some(d) = f.department_id {
        w.eq("c.department_id", Arg::Int(d));
    }
    if let Some(s) = &f.status {
        w.eq("c.status", Arg::Text(s.clone()));
    }
    if let Some(t) = f.applicant_type {
        w.eq("c.applicant_type", Arg::Text(t.as_str().into()));
    }
    if let Some(o) = f.outcome {
        w.eq("c.outcome", Arg::Text(o.as_str().into()));
    }
    if let Some(d) = f.received_from {
        w.cmp("c.received_on", ">=", Arg::Date(d));
    }
    if let Some(d) = f.received_to {
        w.cmp("c.received_on", "<=", Arg::Date(d));
    }
    match f.queue {
        None => {}
        Some(CaseQueue::DueToday) => {
            w.fixed(&format!("c.status IN {REPLY_PENDING}"));
            w.eq("c.reply_due", Arg::Date(today));
        }
        Some(CaseQueue::DueWithin(n)) => {
            let until = if n == 0 {
                today
            } else {
                // Today counts as the first of the n days.
                super::calendar::current(pool)
                    .await?
                    .add_working_days(today, n.saturating_sub(1))
                    .due
            };
            w.fixed(&format!("c.status IN {REPLY_PENDING}"));
            w.cmp("c.reply_due", ">=", Arg::Date(today));
            w.cmp("c.reply_due", "<=", Arg::Date(until));
        }
        Some(CaseQueue::Overdue) => {
            w.fixed(&format!("c.status IN {REPLY_PENDING}"));
            w.cmp("c.reply_due", "<", Arg::Date(today));
        }
        Some(CaseQueue::Paused) => {
            w.fixed(&format!("c.status IN {OPEN}"));
            w.fixed("c.paused = TRUE");
        }
        Some(CaseQueue::Provisional) => {
            w.fixed(&format!("c.status IN {OPEN}"));
            w.fixed("c.provisional = TRUE");
        }
    }
    let order = if f.queue.is_some() {
        "c.reply_due ASC, c.id ASC"
    } else {
        "c.received_on DESC, c.id DESC"
    };
    let sql = format!(
        "{CASE_SELECT} WHERE {} ORDER BY {order} LIMIT {} OFFSET {}",
        w.parts.join(" AND "),
        limit.clamp(1, 1000),
        offset.max(0)
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for a in &w.args {
        q = match a {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.clone()),
            Arg::Date(d) => q.bind(*d),
        };
    }
    Ok(q.fetch_all(pool).await?)
}

/// What annual-report Table 3 of `year` needs: every case of the organization received by the
/// end of the year and not closed before it started, in one query.
pub async fn year_records(pool: &Pool<DB>, org_id: i64, year: i32) -> DbResult<Vec<CaseRecord>> {
    Ok(year_records_with_refs(pool, org_id, year)
        .await?
        .into_iter()
        .map(|(_, _, r)| r)
        .collect())
}

/// [`year_records`] with each case's id and tracking number (for the report's drill-down).
pub async fn year_records_with_refs(
    pool: &Pool<DB>,
    org_id: i64,
    year: i32,
) -> DbResult<Vec<(i64, String, CaseRecord)>> {
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(vec![]);
    };
    /// id, tracking number, applicant type, received on, outcome, closed on.
    type Row = (
        i64,
        String,
        String,
        NaiveDate,
        Option<String>,
        Option<NaiveDate>,
    );
    let rows: Vec<Row> =
        sqlx::query_as(
            "SELECT id, tracking_no, applicant_type, received_on, outcome, closed_on FROM application_cases
             WHERE org_id = $1 AND received_on <= $2 AND (closed_on IS NULL OR closed_on >= $3)
             ORDER BY id",
        )
        .bind(org_id)
        .bind(end)
        .bind(start)
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|(id, no, t, received_on, outcome, closed_on)| {
            let applicant_type = ApplicantType::parse(&t)
                .ok_or_else(|| DbError::Conflict(format!("未知的申请人类型 {t}")))?;
            let outcome = match outcome {
                Some(o) => Some(
                    Outcome::parse(&o)
                        .ok_or_else(|| DbError::Conflict(format!("未知的办理结果 {o}")))?,
                ),
                None => None,
            };
            Ok((
                id,
                no,
                CaseRecord {
                    applicant_type,
                    received_on,
                    outcome,
                    closed_on,
                },
            ))
        })
        .collect()
}

/// The reconsideration and litigation records of the organization's cases that Table 4 of
/// `year` can count: filed by its end and not decided before it began.
pub async fn year_reviews(pool: &Pool<DB>, org_id: i64, year: i32) -> DbResult<Vec<ReviewRecord>> {
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(vec![]);
    };
    let rows: Vec<(String, NaiveDate, Option<NaiveDate>, Option<String>)> = sqlx::query_as(
        "SELECT r.kind, r.filed_on, r.decided_on, r.result FROM application_reviews r
         JOIN application_cases c ON c.id = r.case_id
         WHERE c.org_id = $1 AND r.filed_on <= $2 AND (r.decided_on IS NULL OR r.decided_on >= $3)
         ORDER BY r.case_id, r.filed_on",
    )
    .bind(org_id)
    .bind(end)
    .bind(start)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(kind, filed_on, decided_on, result)| {
            let kind = ReviewKind::parse(&kind)
                .ok_or_else(|| DbError::Conflict(format!("未知的救济类型 {kind}")))?;
            let result = match result {
                Some(r) => Some(
                    ReviewResult::parse(&r)
                        .ok_or_else(|| DbError::Conflict(format!("未知的审结结果 {r}")))?,
                ),
                None => None,
            };
            Ok(ReviewRecord {
                kind,
                filed_on,
                decided_on,
                result,
            })
        })
        .collect()
}

/// Applications of the same applicant to the organization received in the natural month of
/// `month` (any day of it): matched by identity number, else by credit code, else by name and
/// phone or e-mail. 0 when none of these is known.
pub async fn applicant_month_count(
    pool: &Pool<DB>,
    org_id: i64,
    who: &NewApplicant,
    month: NaiveDate,
) -> DbResult<i64> {
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(month.year(), month.month(), 1),
        if month.month() == 12 {
            NaiveDate::from_ymd_opt(month.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(month.year(), month.month() + 1, 1)
        },
    ) else {
        return Ok(0);
    };
    let mut w = Where::default();
    w.eq("c.org_id", Arg::Int(org_id));
    w.cmp("c.received_on", ">=", Arg::Date(from));
    w.cmp("c.received_on", "<", Arg::Date(to));
    let id = who.id_number.trim();
    let credit = who.credit_code.trim();
    let (name, phone, email) = (who.name.trim(), who.phone.trim(), who.email.trim());
    if !id.is_empty() {
        let id = if who.id_kind == "resident_id" || who.id_kind.is_empty() {
            ident::normalize_resident_id(id)
        } else {
            id.to_string()
        };
        w.eq("a.id_number", Arg::Text(id));
    } else if !credit.is_empty() {
        w.eq(
            "a.credit_code",
            Arg::Text(ident::normalize_credit_code(credit)),
        );
    } else if !name.is_empty() && (!phone.is_empty() || !email.is_empty()) {
        w.eq("a.name", Arg::Text(name.into()));
        w.args.push(Arg::Text(phone.into()));
        w.args.push(Arg::Text(email.into()));
        let (p, e) = (w.args.len() - 1, w.args.len());
        w.parts.push(format!(
            "((a.phone <> '' AND a.phone = ${p}) OR (a.email <> '' AND a.email = ${e}))"
        ));
    } else {
        return Ok(0);
    }
    let sql = format!(
        "SELECT COUNT(*) FROM application_applicants a JOIN application_cases c ON c.id = a.case_id
         WHERE {}",
        w.parts.join(" AND ")
    );
    let mut q = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
    for a in &w.args {
        q = match a {
            Arg::Int(i) => q.bind(*i),
            Arg::Text(s) => q.bind(s.clone()),
            Arg::Date(d) => q.bind(*d),
        };
    }
    Ok(q.fetch_one(pool).await?.0)
}

/// Stores one imported case (inside the batch's savepoint). Its log is the line's `events`; an
/// open case with a channel and no log gets a `registered` event, so it can be worked on; other
/// cases without a log keep the line's outcome and dates as they are (status `archived` when
/// closed, `processing` with no computed deadline when open).
async fn insert_imported(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    item: &ImportedApplication,
    cal: &Calendar,
    rules: &CaseRules,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<String> {
    let mut events = item.events.clone();
    if events.is_empty()
        && item.outcome.is_none()
        && let Some(channel) = item.channel
    {
        events.push(Event::Registered {
            received_on: item.received_on,
            channel,
            receipt_basis: channel.basis(),
        });
    }
    let state = if events.is_empty() {
        None
    } else {
        Some(recompute(&events, cal, rules).map_err(|e| DbError::field("events", e.to_string()))?)
    };
    let tracking_no = next_tracking_no(tx, org_id, item.received_on.year()).await?;
    let id = insert_case(
        tx,
        org_id,
        &tracking_no,
        None,
        item.applicant_type,
        item.channel,
        item.received_on,
        [item.request.as_deref().unwrap_or(""), "", ""],
        (None, None),
        item.reference.as_deref(),
        true,
        now,
    )
    .await?;
    for (i, e) in events.iter().enumerate() {
        append_event(tx, id, i as i64 + 1, e, actor, now).await?;
    }
    match &state {
        Some(s) => {
            write_derived(tx, id, s, events.len() as i64, Some(0), now).await?;
        }
        None => {
            let status = if item.outcome.is_some() {
                "archived"
            } else {
                "processing"
            };
            sqlx::query(
                "UPDATE application_cases SET status = $1, outcome = $2, closed_on = $3 WHERE id = $4",
            )
            .bind(status)
            .bind(item.outcome.map(Outcome::as_str))
            .bind(item.closed_on)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            replace_reviews(tx, id, &item.reviews).await?;
        }
    }
    let natural = item.applicant_type.is_natural_person();
    let name = item.applicant_name.clone().unwrap_or_default();
    let applicant = NewApplicant {
        name: if natural { name.clone() } else { String::new() },
        org_name: if natural { String::new() } else { name },
        id_kind: if item.id_number.is_some() {
            "resident_id".into()
        } else {
            String::new()
        },
        id_number: item.id_number.clone().unwrap_or_default(),
        phone: item.phone.clone().unwrap_or_default(),
        email: item.email.clone().unwrap_or_default(),
        address: item.address.clone().unwrap_or_default(),
        credit_code: item.credit_code.clone().unwrap_or_default(),
    };
    insert_applicant(tx, id, &applicant).await?;
    Ok(tracking_no)
}

/// Imports validated lines, each in its own savepoint: a line that fails changes nothing, the
/// others are kept. Returns the tracking number of each stored line, or why it was refused.
pub async fn import_batch(
    pool: &Pool<DB>,
    org_id: i64,
    items: &[ImportedApplication],
    cal: &Calendar,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Vec<Result<String, DbError>>> {
    let mut tx = begin_write(pool).await?;
    let rules = &settings::applications_in(&mut tx, org_id).await?.case;
    let mut results = Vec::with_capacity(items.len());
    let mut imported = Vec::new();
    for item in items {
        let mut sp = tx.begin().await?;
        match insert_imported(&mut sp, org_id, item, cal, rules, actor, now).await {
            Ok(no) => {
                sp.commit().await?;
                imported.push(no.clone());
                results.push(Ok(no));
            }
            Err(e @ (DbError::Invalid(_) | DbError::Conflict(_))) => {
                sp.rollback().await?;
                results.push(Err(e));
            }
            Err(e) => return Err(e),
        }
    }
    if !imported.is_empty() {
        audit::append(
            &mut tx,
            actor,
            Some(org_id),
            "application.import",
            "organization",
            Some(org_id),
            &format!("导入政府信息公开申请 {} 件", imported.len()),
            json!({ "tracking_nos": imported }),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(results)
}

/// Replays the log of every open case (of `org`, or of every organization) under `cal` and each
/// organization's settings, rewrites its derived columns and notes on the case what changed and
/// why (`reason`).
pub(crate) async fn recompute_open(
    tx: &mut Transaction<'_, DB>,
    cal: &Calendar,
    org: Option<i64>,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
    report: &mut Recomputation,
) -> DbResult<()> {
    let sql = format!(
        "SELECT id, org_id, tracking_no, reply_due, provisional FROM application_cases
         WHERE status IN {OPEN} AND event_count > 0 AND ($1 IS NULL OR org_id = $1) ORDER BY id"
    );
    let open: Vec<(i64, i64, String, Option<NaiveDate>, bool)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org)
            .fetch_all(&mut **tx)
            .await?;
    let show = |d: Option<NaiveDate>, p: bool| match d {
        Some(d) if p => format!("{d}（暂定）"),
        Some(d) => d.to_string(),
        None => "无".to_string(),
    };
    let mut rules_of: HashMap<i64, CaseRules> = HashMap::new();
    for (id, org_id, tracking_no, old_due, old_provisional) in open {
        let rules = match rules_of.entry(org_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(v) => v.insert(settings::applications_in(tx, org_id).await?.case),
        };
        let events: Vec<Event> = events_in(tx, id)
            .await?
            .into_iter()
            .map(|s| s.event)
            .collect();
        match recompute(&events, cal, rules) {
            Ok(state) => {
                let d = derive(&state);
                write_derived(tx, id, &state, events.len() as i64, None, now).await?;
                report.recomputed += 1;
                let note = if d.reply_due != old_due || d.provisional != old_provisional {
                    report.changed.push(DueChange {
                        case_id: id,
                        tracking_no: tracking_no.clone(),
                        old_due,
                        new_due: d.reply_due,
                        old_provisional,
                        new_provisional: d.provisional,
                    });
                    format!(
                        "{reason}，重新计算期限：答复期限由 {} 改为 {}。",
                        show(old_due, old_provisional),
                        show(d.reply_due, d.provisional)
                    )
                } else {
                    format!(
                        "{reason}，重新计算期限：答复期限不变（{}）。",
                        show(d.reply_due, d.provisional)
                    )
                };
                add_note(tx, id, "system", &note, actor, now).await?;
            }
            Err(e) => {
                let msg = e.to_string();
                add_note(
                    tx,
                    id,
                    "system",
                    &format!("{reason}后，办理记录不成立：{msg}；期限未改变，请核查。"),
                    actor,
                    now,
                )
                .await?;
                report.failed.push((tracking_no, msg));
            }
        }
    }
    Ok(())
}

/// Tests use this to prove the log cannot be rewritten: both statements must fail.
pub async fn try_rewrite_events(pool: &Pool<DB>) -> (bool, bool) {
    let update = sqlx::query("UPDATE application_events SET actor_name = 'rewritten'")
        .execute(pool)
        .await
        .is_err();
    let delete = sqlx::query("DELETE FROM application_events")
        .execute(pool)
        .await
        .is_err();
    (update, delete)
}
