//! The publishing workflow in storage: submission, confidentiality review, approval, scheduled
//! release. Each step checks the core `review::next` rule, appends a `document_reviews` row,
//! moves the item and writes the audit entry in one transaction. The database's own trigger
//! refuses any publication without a passed review and approval of the item's current cycle.

use super::documents::by_id;
use super::{DB, audit, begin_write, changes, channels, secs};
use crate::{Actor, DbError, DbResult, Document, ReviewRecord};
use chrono::{DateTime, Utc};
use gongkai_core::FieldErrors;
use gongkai_core::catalog::{Disclosure, Status};
use gongkai_core::document::body_text;
use gongkai_core::redaction::ScanOptions;
use gongkai_core::review::{
    Basis, Decision, ReviewInput, Step, check_review, deidentify_body, ends_cycle, next,
};
use gongkai_files::{Attachment, ItemFinding, Redaction, item_findings};
use serde_json::json;
use sqlx::{Pool, Transaction};

struct Current {
    org_id: i64,
    status: Status,
    cycle: i64,
    title: String,
    disclosure: Disclosure,
    body_html: String,
}

async fn current(tx: &mut Transaction<'_, DB>, id: i64) -> DbResult<Current> {
    let row: Option<(i64, String, i64, String, String, String)> = sqlx::query_as(
        "SELECT org_id, status, review_cycle, title, disclosure, body_html FROM documents WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (org_id, status, cycle, title, disclosure, body_html) = row.ok_or(DbError::NotFound)?;
    Ok(Current {
        org_id,
        status: Status::parse(&status).unwrap_or(Status::Draft),
        cycle,
        title,
        disclosure: Disclosure::parse(&disclosure).unwrap_or(Disclosure::Proactive),
        body_html,
    })
}

/// One `document_reviews` row.
#[derive(Default)]
pub(crate) struct Row<'a> {
    pub kind: &'a str,
    pub decision: Option<Decision>,
    pub bases: String,
    pub disclosure: Option<Disclosure>,
    pub reason: &'a str,
    pub override_reason: &'a str,
    pub findings: i64,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub imported: bool,
}

pub(crate) async fn append(
    tx: &mut Transaction<'_, DB>,
    document_id: i64,
    cycle: i64,
    r: &Row<'_>,
    actor_id: Option<i64>,
    actor_name: &str,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO document_reviews (document_id, cycle, kind, decision, bases, disclosure, reason,
            override_reason, findings, scheduled_at, imported, actor_id, actor_name, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(document_id)
    .bind(cycle)
    .bind(r.kind)
    .bind(r.decision.map(Decision::as_str))
    .bind(&r.bases)
    .bind(r.disclosure.map(Disclosure::as_str))
    .bind(r.reason.trim())
    .bind(r.override_reason.trim())
    .bind(r.findings)
    .bind(r.scheduled_at.map(secs))
    .bind(r.imported)
    .bind(actor_id)
    .bind(actor_name)
    .bind(secs(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn step(status: Status, s: Step) -> DbResult<Status> {
    next(status, s).map_err(|m| DbError::Conflict(m.into()))
}

/// Moves the item to `to` (a new cycle when `new_cycle`), with its change-feed row.
async fn move_to(
    tx: &mut Transaction<'_, DB>,
    id: i64,
    to: Status,
    new_cycle: bool,
    scheduled_at: Option<DateTime<Utc>>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    sqlx::query(
        "UPDATE documents SET status = $1, review_cycle = review_cycle + $2, scheduled_at = $3,
            published_at = CASE WHEN $1 = 'published' THEN COALESCE(published_at, $4) ELSE published_at END,
            withdrawn_reason = CASE WHEN $1 = 'published' THEN NULL ELSE withdrawn_reason END,
            version = version + 1, updated_at = $4, updated_by = $5
         WHERE id = $6",
    )
    .bind(to.as_str())
    .bind(i64::from(new_cycle))
    .bind(scheduled_at.map(secs))
    .bind(secs(now))
    .bind(actor.user_id)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    let change = if to == Status::Published {
        "published"
    } else {
        "updated"
    };
    changes::record(tx, id, change, now).await?;
    if to == Status::Published {
        supersede(tx, id, now).await?;
        channels::on_change(tx, id, "document.published", true, now).await?;
    }
    touch_policy(tx, id, now).await?;
    Ok(())
}

/// An interpretation's change shows on its policy's page (the link to it): the policy gets a
/// change-feed row too, so every node's cached page of it is dropped.
pub(crate) async fn touch_policy(
    tx: &mut Transaction<'_, DB>,
    id: i64,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let (policy,): (Option<i64>,) =
        sqlx::query_as("SELECT interprets_id FROM documents WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    if let Some(p) = policy {
        changes::record(tx, p, "updated", now).await?;
    }
    Ok(())
}

/// When a revision is published, the item it revises becomes 已修订 and links to it (both
/// validities updated in the publishing transaction).
async fn supersede(tx: &mut Transaction<'_, DB>, id: i64, now: DateTime<Utc>) -> DbResult<()> {
    let old: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT o.id, o.org_id, o.title FROM documents d JOIN documents o ON o.id = d.revises_id
         WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((old_id, org_id, title)) = old else {
        return Ok(());
    };
    sqlx::query(
        "UPDATE documents SET validity = 'amended', successor_id = $1, version = version + 1,
            updated_at = $2 WHERE id = $3",
    )
    .bind(id)
    .bind(secs(now))
    .bind(old_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE documents SET validity = 'in_force' WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    changes::record(tx, old_id, "updated", now).await?;
    audit::append(
        tx,
        &Actor::system("修订发布"),
        Some(org_id),
        "document.supersede",
        "document",
        Some(old_id),
        &format!("《{title}》已被修订版本替代"),
        json!({ "successor_id": id }),
        now,
    )
    .await?;
    Ok(())
}

/// Starts a revision of a published item: a new draft with its content (a new index number,
/// no 文件编号 yet, 成文日期 today), linked to the item. The item stays published until the
/// revision is; then it becomes 已修订 (`supersede`). One open revision at a time.
pub async fn revise(
    pool: &Pool<DB>,
    id: i64,
    today: chrono::NaiveDate,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let mut tx = begin_write(pool).await?;
    let c = current(&mut tx, id).await?;
    if c.status != Status::Published {
        return Err(DbError::Conflict("只有已发布的信息才能新建修订版本".into()));
    }
    let open: Option<(String,)> = sqlx::query_as(
        "SELECT index_no FROM documents WHERE revises_id = $1 AND status <> 'published'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((no,)) = open {
        return Err(DbError::Conflict(format!(
            "该信息已有未发布的修订版本（索引号 {no}）"
        )));
    }
    use chrono::Datelike;
    let index_no = super::documents::next_index_no(&mut tx, c.org_id, today.year()).await?;
    let (new_id,): (i64,) = sqlx::query_as(
        "INSERT INTO documents (org_id, index_no, title, publisher, written_on, subject, genre,
            disclosure, disclosure_reason, validity, column_id, department_id, keywords, summary,
            body_html, status, version, created_at, updated_at, created_by, updated_by, revises_id,
            legal_kind)
         SELECT org_id, $2, title, publisher, $3, subject, genre, disclosure, disclosure_reason,
            'in_force', column_id, department_id, keywords, summary, body_html, 'draft', 1, $4, $4,
            $5, $5, id, legal_kind
         FROM documents WHERE id = $1
         RETURNING id",
    )
    .bind(id)
    .bind(&index_no)
    .bind(today)
    .bind(secs(now))
    .bind(actor.user_id)
    .fetch_one(&mut *tx)
    .await?;
    changes::record(&mut tx, new_id, "created", now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(c.org_id),
        "document.revise",
        "document",
        Some(new_id),
        &format!("新建《{}》的修订版本 {index_no}", c.title),
        json!({ "revises_id": id }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, new_id).await?.ok_or(DbError::NotFound)
}

/// 提交审查.
pub async fn submit(
    pool: &Pool<DB>,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let mut tx = begin_write(pool).await?;
    let c = current(&mut tx, id).await?;
    let to = step(c.status, Step::Submit)?;
    append(
        &mut tx,
        id,
        c.cycle,
        &Row {
            kind: "submission",
            ..Default::default()
        },
        actor.user_id,
        &actor.name,
        now,
    )
    .await?;
    move_to(&mut tx, id, to, false, None, actor, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(c.org_id),
        "document.submit",
        "document",
        Some(id),
        &format!("提交审查《{}》", c.title),
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// The personal data in the item's body and attachments (names entered by the reviewer
/// included); attachments that cannot be checked are findings too (`gongkai_files`).
async fn findings_in(
    conn: &mut super::calendar::Conn,
    id: i64,
    body_html: &str,
    names: &[String],
) -> DbResult<Vec<ItemFinding>> {
    let (org_id,): (i64,) = sqlx::query_as("SELECT org_id FROM documents WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let opts = scan_options(conn, org_id, names).await?;
    let files: Vec<(String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT a.file_name, a.content_type, b.data FROM attachments a
         JOIN blobs b ON b.sha256 = a.sha256 WHERE a.document_id = $1 ORDER BY a.position, a.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let attachments: Vec<Attachment<'_>> = files
        .iter()
        .map(|(name, ct, bytes)| Attachment {
            name,
            content_type: ct,
            bytes,
        })
        .collect();
    Ok(item_findings(&body_text(body_html), &attachments, &opts))
}

/// What the scanner looks for in an item of `org_id`: the listed names and the organization's
/// sensitive expressions.
async fn scan_options(
    conn: &mut super::calendar::Conn,
    org_id: i64,
    names: &[String],
) -> DbResult<ScanOptions> {
    Ok(ScanOptions {
        names: names.to_vec(),
        words: super::settings::review_words_in(conn, org_id).await?,
    })
}

/// The findings of an item as its reviewer sees them.
pub async fn findings(pool: &Pool<DB>, id: i64, names: &[String]) -> DbResult<Vec<ItemFinding>> {
    let mut conn = pool.acquire().await?;
    let (body,): (String,) = sqlx::query_as("SELECT body_html FROM documents WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DbError::NotFound)?;
    findings_in(&mut conn, id, &body, names).await
}

/// Inside a transaction that changes an item's content (body or attachments): a published item
/// is not changed in place; one under review goes back to draft with a new review cycle.
pub(crate) async fn content_changed(
    tx: &mut Transaction<'_, DB>,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let c = current(tx, id).await?;
    let to = step(c.status, Step::Edit)?;
    if to != c.status {
        move_to(
            tx,
            id,
            to,
            ends_cycle(c.status, Step::Edit),
            None,
            actor,
            now,
        )
        .await?;
    }
    Ok(())
}

/// 去标识化 of one attachment: replaced by a copy with every finding masked, where the format
/// allows (DOCX, XLSX, text); a PDF is refused with the reason (a clean file must replace it).
/// Part of the review like the body's de-identification: status and cycle stay.
pub async fn redact_attachment(
    pool: &Pool<DB>,
    document_id: i64,
    attachment_id: i64,
    names: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<usize> {
    let mut tx = begin_write(pool).await?;
    let c = current(&mut tx, document_id).await?;
    if c.status == Status::Published {
        return Err(DbError::Conflict(
            "已发布的信息不能直接修改：请撤回后修改，或新建修订版本".into(),
        ));
    }
    let row: Option<(String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT a.file_name, a.content_type, b.data FROM attachments a
         JOIN blobs b ON b.sha256 = a.sha256 WHERE a.id = $1 AND a.document_id = $2",
    )
    .bind(attachment_id)
    .bind(document_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (name, content_type, bytes) = row.ok_or(DbError::NotFound)?;
    let conflict = |m: String| DbError::Conflict(format!("附件《{name}》：{m}"));
    let kind =
        gongkai_files::sniff(&name, &content_type, &bytes).map_err(|e| conflict(e.to_string()))?;
    let opts = scan_options(&mut tx, c.org_id, names).await?;
    let (clean, masked) =
        match gongkai_files::redact(kind, &bytes, &opts).map_err(|e| conflict(e.to_string()))? {
            Redaction::NotPossible(why) => return Err(conflict(why)),
            Redaction::Redacted { bytes, masked } => (bytes, masked),
        };
    if masked == 0 {
        return Ok(0);
    }
    let sha = super::attachments::store_blob(&mut tx, &clean).await?;
    sqlx::query("UPDATE attachments SET sha256 = $1, size = $2 WHERE id = $3")
        .bind(&sha)
        .bind(i64::try_from(clean.len()).unwrap_or(i64::MAX))
        .bind(attachment_id)
        .execute(&mut *tx)
        .await?;
    changes::record(&mut tx, document_id, "attachment", now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(c.org_id),
        "attachment.redact",
        "document",
        Some(document_id),
        &format!("附件《{name}》去标识化：处理 {masked} 处个人信息"),
        json!({ "attachment_id": attachment_id, "masked": masked, "sha256": sha }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(masked)
}

/// 保密审查: the reviewer's decision, bases and disclosure mode. A pass settles the item's
/// disclosure mode; a return sends it back to draft and ends the cycle.
pub async fn review(
    pool: &Pool<DB>,
    id: i64,
    input: &ReviewInput,
    names: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let mut tx = begin_write(pool).await?;
    let c = current(&mut tx, id).await?;
    let to = step(c.status, Step::Review(input.decision))?;
    let findings = findings_in(&mut tx, id, &c.body_html, names)
        .await?
        .iter()
        .filter(|f| f.blocking)
        .count();
    let problems = check_review(input, findings);
    if !problems.is_empty() {
        let mut e = FieldErrors::new();
        for (f, m) in problems {
            e.add(f, m);
        }
        return Err(DbError::Invalid(e));
    }
    let pass = input.decision == Decision::Pass;
    append(
        &mut tx,
        id,
        c.cycle,
        &Row {
            kind: "review",
            decision: Some(input.decision),
            bases: Basis::list_str(&input.bases),
            disclosure: pass.then_some(input.disclosure),
            reason: &input.reason,
            override_reason: if findings > 0 {
                &input.override_reason
            } else {
                ""
            },
            findings: findings as i64,
            ..Default::default()
        },
        actor.user_id,
        &actor.name,
        now,
    )
    .await?;
    if pass {
        let reason = (input.disclosure == Disclosure::NotDisclosed).then(|| input.reason.trim());
        sqlx::query("UPDATE documents SET disclosure = $1, disclosure_reason = $2 WHERE id = $3")
            .bind(input.disclosure.as_str())
            .bind(reason)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let new_cycle = ends_cycle(c.status, Step::Review(input.decision));
    move_to(&mut tx, id, to, new_cycle, None, actor, now).await?;
    let summary = if pass {
        format!(
            "保密审查通过《{}》：{}，依据：{}",
            c.title,
            input.disclosure.label(),
            Basis::list_label(&input.bases)
        )
    } else {
        format!("保密审查退回《{}》：{}", c.title, input.reason.trim())
    };
    audit::append(
        &mut tx,
        actor,
        Some(c.org_id),
        "document.review",
        "document",
        Some(id),
        &summary,
        json!({
            "decision": input.decision.as_str(),
            "bases": Basis::list_str(&input.bases),
            "disclosure": input.disclosure.as_str(),
            "findings": findings,
            "override": !input.override_reason.trim().is_empty() && findings > 0,
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// The leader's approval: pass publishes now, or at `scheduled_at` (later than `now`); an item
/// the review settled as not proactively disclosed is filed; return sends it back to draft.
pub async fn approve(
    pool: &Pool<DB>,
    id: i64,
    decision: Decision,
    reason: &str,
    scheduled_at: Option<DateTime<Utc>>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let mut tx = begin_write(pool).await?;
    let c = current(&mut tx, id).await?;
    let s = Step::Approve {
        decision,
        scheduled: scheduled_at.is_some(),
        proactive: c.disclosure == Disclosure::Proactive,
    };
    let to = step(c.status, s)?;
    if decision == Decision::Return && reason.trim().is_empty() {
        return Err(DbError::field("reason", "退回时请写明退回理由"));
    }
    if reason.chars().count() > 1000 {
        return Err(DbError::field("reason", "说明最多1000个字"));
    }
    if let Some(t) = scheduled_at
        && t <= now
    {
        return Err(DbError::field("scheduled_at", "定时发布时间须晚于当前时间"));
    }
    let releasing = matches!(to, Status::Published | Status::Scheduled);
    let companions = if releasing {
        released_with(&mut tx, id).await?
    } else {
        Vec::new()
    };
    for (doc, cycle) in std::iter::once((id, c.cycle)).chain(companions.iter().copied()) {
        append(
            &mut tx,
            doc,
            cycle,
            &Row {
                kind: "approval",
                decision: Some(decision),
                reason,
                scheduled_at,
                ..Default::default()
            },
            actor.user_id,
            &actor.name,
            now,
        )
        .await?;
    }
    let new_cycle = ends_cycle(c.status, s);
    move_to(&mut tx, id, to, new_cycle, scheduled_at, actor, now).await?;
    for (doc, _) in &companions {
        move_to(&mut tx, *doc, to, false, scheduled_at, actor, now).await?;
        audit::append(
            &mut tx,
            actor,
            Some(c.org_id),
            "document.publish_with_policy",
            "document",
            Some(*doc),
            &format!("政策解读随政策《{}》同步审批发布", c.title),
            json!({ "policy_id": id, "scheduled_at": scheduled_at }),
            now,
        )
        .await?;
    }
    let (action, summary) = match to {
        Status::Published => ("document.publish", format!("审批并发布信息《{}》", c.title)),
        Status::Scheduled => (
            "document.schedule",
            format!(
                "审批通过《{}》，定时于 {} 发布",
                c.title,
                scheduled_at
                    .map(|t| {
                        t.with_timezone(&gongkai_core::time::china())
                            .format("%Y-%m-%d %H:%M")
                            .to_string()
                    })
                    .unwrap_or_default()
            ),
        ),
        Status::Filed => (
            "document.file",
            format!(
                "审批通过《{}》：{}，不在门户发布",
                c.title,
                c.disclosure.label()
            ),
        ),
        _ => (
            "document.approval_return",
            format!("审批退回《{}》：{}", c.title, reason.trim()),
        ),
    };
    audit::append(
        &mut tx,
        actor,
        Some(c.org_id),
        action,
        "document",
        Some(id),
        &summary,
        json!({ "decision": decision.as_str(), "scheduled_at": scheduled_at }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// The 三同步 rule at release: a policy that needs an interpretation goes out only with one that
/// passed its review (returned here with its cycle, to be approved and released in the same
/// transaction) or that is already out; an interpretation never goes out before its policy.
async fn released_with(tx: &mut Transaction<'_, DB>, id: i64) -> DbResult<Vec<(i64, i64)>> {
    let (needs, interprets): (bool, Option<i64>) =
        sqlx::query_as("SELECT needs_interpretation, interprets_id FROM documents WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
    if let Some(policy) = interprets {
        let (status, title): (String, String) =
            sqlx::query_as("SELECT status, title FROM documents WHERE id = $1")
                .bind(policy)
                .fetch_one(&mut **tx)
                .await?;
        if status != Status::Published.as_str() {
            return Err(DbError::Conflict(format!(
                "政策解读须与所解读的政策同步发布：请审批政策《{title}》，解读将随之发布"
            )));
        }
    }
    if !needs {
        return Ok(Vec::new());
    }
    let interpretations: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, status, review_cycle FROM documents WHERE interprets_id = $1
           AND status IN ('reviewed', 'published') ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    if interpretations.is_empty() {
        return Err(DbError::Conflict(
            "该政策须与政策解读同步发布（三同步）：其解读尚未通过保密审查".into(),
        ));
    }
    Ok(interpretations
        .into_iter()
        .filter(|(_, status, _)| status == Status::Reviewed.as_str())
        .map(|(doc, _, cycle)| (doc, cycle))
        .collect())
}

/// Cancels a scheduled release: the item awaits approval again.
pub async fn unschedule(
    pool: &Pool<DB>,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let mut tx = begin_write(pool).await?;
    let c = current(&mut tx, id).await?;
    let to = step(c.status, Step::Unschedule)?;
    move_to(&mut tx, id, to, false, None, actor, now).await?;
    // Interpretations scheduled with the policy wait with it.
    let with: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM documents WHERE interprets_id = $1 AND status = 'scheduled'",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    for (doc,) in with {
        move_to(&mut tx, doc, to, false, None, actor, now).await?;
    }
    audit::append(
        &mut tx,
        actor,
        Some(c.org_id),
        "document.unschedule",
        "document",
        Some(id),
        &format!("取消定时发布《{}》", c.title),
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// Publishes every scheduled item whose time has come; returns their ids. Safe on several nodes
/// at once: each item moves in its own transaction by a conditional update, so exactly one node
/// publishes it (and writes its change-feed and audit rows).
pub async fn release_due(pool: &Pool<DB>, now: DateTime<Utc>) -> DbResult<Vec<i64>> {
    let due: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM documents WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id",
    )
    .bind(secs(now))
    .fetch_all(pool)
    .await?;
    let mut released = Vec::new();
    for (id,) in due {
        let mut tx = begin_write(pool).await?;
        let done = sqlx::query(
            "UPDATE documents SET status = 'published', published_at = COALESCE(published_at, scheduled_at),
                scheduled_at = NULL, withdrawn_reason = NULL, version = version + 1, updated_at = $1
             WHERE id = $2 AND status = 'scheduled' AND scheduled_at <= $1
               AND NOT EXISTS (SELECT 1 FROM documents p WHERE p.id = documents.interprets_id
                               AND p.status = 'scheduled')",
        )
        .bind(secs(now))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            // Another node released it (or it was unscheduled) since the list was read; or it
            // is an interpretation, which goes out in its policy's transaction below.
            continue;
        }
        let with: Vec<(i64,)> = sqlx::query_as(
            "UPDATE documents SET status = 'published', published_at = COALESCE(published_at, scheduled_at),
                scheduled_at = NULL, withdrawn_reason = NULL, version = version + 1, updated_at = $1
             WHERE interprets_id = $2 AND status = 'scheduled'
             RETURNING id",
        )
        .bind(secs(now))
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for (doc,) in &with {
            changes::record(&mut tx, *doc, "published", now).await?;
            channels::on_change(&mut tx, *doc, "document.published", true, now).await?;
            released.push(*doc);
        }
        channels::on_change(&mut tx, id, "document.published", true, now).await?;
        touch_policy(&mut tx, id, now).await?;
        let (org_id, title): (i64, String) =
            sqlx::query_as("SELECT org_id, title FROM documents WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        changes::record(&mut tx, id, "published", now).await?;
        supersede(&mut tx, id, now).await?;
        audit::append(
            &mut tx,
            &Actor::system("定时发布"),
            Some(org_id),
            "document.publish",
            "document",
            Some(id),
            &format!("定时发布信息《{title}》"),
            json!({ "scheduled": true }),
            now,
        )
        .await?;
        tx.commit().await?;
        released.push(id);
    }
    Ok(released)
}

/// 去标识化 of the body in one action (core `review::deidentify_body`); returns how many
/// findings were masked. Part of the review: the status and the review cycle stay as they are.
/// A published item is not changed here (withdraw it or make a revision).
pub async fn redact_body(
    pool: &Pool<DB>,
    id: i64,
    names: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<usize> {
    let mut tx = begin_write(pool).await?;
    let c = current(&mut tx, id).await?;
    if c.status == Status::Published {
        return Err(DbError::Conflict(
            "已发布的信息不能直接修改：请撤回后修改，或新建修订版本".into(),
        ));
    }
    let opts = scan_options(&mut tx, c.org_id, names).await?;
    let (body, masked) = deidentify_body(&c.body_html, &opts);
    if masked == 0 {
        return Ok(0);
    }
    sqlx::query(
        "UPDATE documents SET body_html = $1, version = version + 1, updated_at = $2, updated_by = $3
         WHERE id = $4",
    )
    .bind(&body)
    .bind(secs(now))
    .bind(actor.user_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    changes::record(&mut tx, id, "updated", now).await?;
    // The audit names how many, never what: the masked data stays out of the log.
    audit::append(
        &mut tx,
        actor,
        Some(c.org_id),
        "document.redact",
        "document",
        Some(id),
        &format!("正文去标识化《{}》：处理 {masked} 处个人信息", c.title),
        json!({ "masked": masked }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(masked)
}

/// The review history of an item, oldest first.
pub async fn history(pool: &Pool<DB>, id: i64) -> DbResult<Vec<ReviewRecord>> {
    Ok(sqlx::query_as(
        "SELECT id, document_id, cycle, kind, decision, bases, disclosure, reason, override_reason,
            findings, scheduled_at, imported, actor_name, at
         FROM document_reviews WHERE document_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?)
}

/// Tests use this to prove the database itself refuses a publication without review: a plain
/// status update and an insert as published must both fail. Returns `(update refused, insert
/// refused)`.
pub async fn try_publish_unreviewed(pool: &Pool<DB>, id: i64) -> (bool, bool) {
    let update = sqlx::query("UPDATE documents SET status = 'published' WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .is_err();
    let insert = sqlx::query(
        "INSERT INTO documents (org_id, index_no, title, publisher, written_on, subject, genre,
            disclosure, validity, status, created_at, updated_at)
         SELECT org_id, index_no || '-x', title, publisher, written_on, subject, genre, disclosure,
            validity, 'published', created_at, updated_at FROM documents WHERE id = $1",
    )
    .bind(id)
    .execute(pool)
    .await
    .is_err();
    (update, insert)
}
