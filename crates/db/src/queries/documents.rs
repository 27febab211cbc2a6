//! Catalog documents: create, edit, withdraw, import, read. Review, approval and release are
//! in `review.rs`.

use super::{DB, audit, begin_write, changes, review, secs};
use crate::{Actor, DbError, DbResult, Document, DocumentSummary, ImportedDocument, IndexSource};
use chrono::{DateTime, Datelike, Utc};
use gongkai_core::catalog::{Disclosure, Status, Validity};
use gongkai_core::document::DocumentFields;
use gongkai_core::index_no::IndexNo;
use gongkai_core::org::OrgCode;
use gongkai_core::review::{self as workflow, Basis, Decision, Step};
use serde_json::json;
use sqlx::{Connection, Pool, Transaction};

pub(crate) const DOC_SELECT: &str = "SELECT d.id, d.org_id, o.code AS org_code, o.name AS org_name, d.index_no, d.title,
    d.doc_no, d.publisher, d.written_on, d.published_at, d.subject, d.genre, d.disclosure, d.disclosure_reason,
    d.validity, d.successor_id, s.index_no AS successor_index_no, s.title AS successor_title,
    d.column_id, c.slug AS column_slug, c.name AS column_name, d.department_id, dep.name AS department_name,
    d.keywords, d.summary, d.body_html, d.status, d.withdrawn_reason, d.version, d.created_at, d.updated_at,
    d.review_cycle, d.scheduled_at, d.revises_id, d.interprets_id, ip.index_no AS interprets_index_no,
    ip.title AS interprets_title, d.needs_interpretation, d.legal_kind
  FROM documents d
  JOIN organizations o ON o.id = d.org_id
  LEFT JOIN documents s ON s.id = d.successor_id
  LEFT JOIN documents ip ON ip.id = d.interprets_id
  LEFT JOIN columns c ON c.id = d.column_id
  LEFT JOIN departments dep ON dep.id = d.department_id";

pub(crate) const SUMMARY_SELECT: &str = "SELECT d.id, d.index_no, d.title, d.doc_no, d.publisher, d.written_on,
    d.published_at, d.subject, d.genre, d.validity, d.status, o.code AS org_code, c.slug AS column_slug, d.updated_at
  FROM documents d
  JOIN organizations o ON o.id = d.org_id
  LEFT JOIN columns c ON c.id = d.column_id";

pub async fn by_id(pool: &Pool<DB>, id: i64) -> DbResult<Option<Document>> {
    let sql = format!("{DOC_SELECT} WHERE d.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn by_index_no(pool: &Pool<DB>, index_no: &str) -> DbResult<Option<Document>> {
    let sql = format!("{DOC_SELECT} WHERE d.index_no = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(index_no)
        .fetch_optional(pool)
        .await?)
}

/// Documents in id order after `after_id` (to scan the whole catalog in batches).
pub async fn after_id(pool: &Pool<DB>, after_id: i64, limit: i64) -> DbResult<Vec<Document>> {
    let sql = format!("{DOC_SELECT} WHERE d.id > $1 ORDER BY d.id LIMIT $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(after_id)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

const INDEX_SOURCE_SELECT: &str = "SELECT id, org_id, index_no, title, doc_no, publisher,
    published_at, subject, genre, validity, column_id, keywords, summary, body_html, status
  FROM documents";

/// One document as the search index needs it.
pub async fn index_source(pool: &Pool<DB>, id: i64) -> DbResult<Option<IndexSource>> {
    let sql = format!("{INDEX_SOURCE_SELECT} WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// The next `limit` documents after `after_id` as the search index needs them, by id.
pub async fn index_sources_after(
    pool: &Pool<DB>,
    after_id: i64,
    limit: i64,
) -> DbResult<Vec<IndexSource>> {
    let sql = format!("{INDEX_SOURCE_SELECT} WHERE id > $1 ORDER BY id LIMIT $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(after_id)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

pub async fn count(pool: &Pool<DB>) -> DbResult<u64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents")
        .fetch_one(pool)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// References resolved within the document's organization.
struct Refs {
    column_id: Option<i64>,
    department_id: Option<i64>,
    successor_id: Option<i64>,
    interprets_id: Option<i64>,
}

async fn resolve_refs(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    f: &DocumentFields,
    self_id: Option<i64>,
) -> DbResult<Refs> {
    let mut e = gongkai_core::FieldErrors::new();
    let mut refs = Refs {
        column_id: None,
        department_id: None,
        successor_id: None,
        interprets_id: None,
    };
    if let Some(slug) = &f.column {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM columns WHERE org_id = $1 AND slug = $2")
                .bind(org_id)
                .bind(slug)
                .fetch_optional(&mut **tx)
                .await?;
        match row {
            Some((id,)) => refs.column_id = Some(id),
            None => e.add("column", "栏目不存在"),
        }
    }
    if let Some(name) = &f.department {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM departments WHERE org_id = $1 AND name = $2")
                .bind(org_id)
                .bind(name)
                .fetch_optional(&mut **tx)
                .await?;
        match row {
            Some((id,)) => refs.department_id = Some(id),
            None => e.add("department", "起草处室不存在"),
        }
    }
    if let Some(n) = &f.successor {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM documents WHERE index_no = $1")
            .bind(n)
            .fetch_optional(&mut **tx)
            .await?;
        match row {
            Some((id,)) if Some(id) == self_id => e.add("successor", "替代文件不能是文件本身"),
            Some((id,)) => refs.successor_id = Some(id),
            None => e.add("successor", "找不到该索引号的文件"),
        }
    }
    if let Some(n) = &f.interprets {
        // The policy explained must be another item of the same organization.
        let row: Option<(i64, bool)> = sqlx::query_as(
            "SELECT id, interprets_id IS NOT NULL FROM documents WHERE index_no = $1 AND org_id = $2",
        )
        .bind(n)
        .bind(org_id)
        .fetch_optional(&mut **tx)
        .await?;
        match row {
            Some((id, _)) if Some(id) == self_id => e.add("interprets", "政策解读不能解读其本身"),
            Some((_, true)) => e.add(
                "interprets",
                "所填索引号是一篇政策解读，请填写政策文件的索引号",
            ),
            Some((id, false)) => refs.interprets_id = Some(id),
            None => e.add("interprets", "本机关找不到该索引号的政策文件"),
        }
    }
    if let Some(key) = &f.doc_no_key {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT index_no FROM documents WHERE org_id = $1 AND doc_no_key = $2 AND ($3 IS NULL OR id <> $3)",
        )
        .bind(org_id)
        .bind(key)
        .bind(self_id)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((other,)) = row {
            e.add(
                "doc_no",
                format!("本机关已有相同文件编号的信息（索引号 {other}）"),
            );
        }
    }
    if e.is_empty() {
        Ok(refs)
    } else {
        Err(DbError::Invalid(e))
    }
}

/// Hands out the next index number of the organization for the year.
pub(crate) async fn next_index_no(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    year: i32,
) -> DbResult<String> {
    let (code,): (String,) = sqlx::query_as("SELECT code FROM organizations WHERE id = $1")
        .bind(org_id)
        .fetch_one(&mut **tx)
        .await?;
    let (last,): (i64,) = sqlx::query_as(
        "INSERT INTO index_counters (org_id, year, last_serial) VALUES ($1, $2, 1)
         ON CONFLICT (org_id, year) DO UPDATE SET last_serial = index_counters.last_serial + 1
         RETURNING last_serial",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await?;
    let org = OrgCode::parse(&code).map_err(|m| DbError::Conflict(m.to_string()))?;
    let previous =
        u32::try_from(last - 1).map_err(|_| DbError::Conflict("索引号序号溢出".into()))?;
    Ok(IndexNo::assign(&org, year, previous).to_string())
}

/// Inserts a new document as a draft and, when `record_change`, its change-feed row.
pub(crate) async fn insert(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    f: &DocumentFields,
    record_change: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<(i64, String)> {
    let refs = resolve_refs(tx, org_id, f, None).await?;
    let index_no = next_index_no(tx, org_id, f.written_on.year()).await?;
    let status = Status::Draft;
    let published_at: Option<DateTime<Utc>> = None;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO documents (org_id, index_no, title, doc_no, doc_no_key, publisher, written_on, published_at,
            subject, genre, disclosure, disclosure_reason, validity, successor_id, column_id, department_id,
            keywords, summary, body_html, status, version, created_at, updated_at, created_by, updated_by,
            interprets_id, needs_interpretation, legal_kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1,
            $21, $21, $22, $22, $23, $24, $25)
         RETURNING id",
    )
    .bind(org_id)
    .bind(&index_no)
    .bind(&f.title)
    .bind(&f.doc_no)
    .bind(&f.doc_no_key)
    .bind(&f.publisher)
    .bind(f.written_on)
    .bind(published_at.map(secs))
    .bind(&f.subject)
    .bind(&f.genre)
    .bind(f.disclosure.as_str())
    .bind(&f.disclosure_reason)
    .bind(f.validity.as_str())
    .bind(refs.successor_id)
    .bind(refs.column_id)
    .bind(refs.department_id)
    .bind(&f.keywords)
    .bind(&f.summary)
    .bind(&f.body_html)
    .bind(status.as_str())
    .bind(secs(now))
    .bind(actor.user_id)
    .bind(refs.interprets_id)
    .bind(f.needs_interpretation)
    .bind(f.legal_kind.map(|k| k.as_str()))
    .fetch_one(&mut **tx)
    .await?;
    if record_change {
        changes::record(tx, id, "created", now).await?;
    }
    Ok((id, index_no))
}

/// What the audit keeps of a document's fields: everything but the body, which may hold
/// personal data that a later de-identification removes (the log must not keep it).
fn audit_detail(f: &DocumentFields) -> serde_json::Value {
    let mut v = serde_json::to_value(f).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("body_html");
        o.insert("body_chars".into(), json!(f.body_html.chars().count()));
    }
    v
}

pub async fn create(
    pool: &Pool<DB>,
    org_id: i64,
    f: &DocumentFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let mut tx = begin_write(pool).await?;
    let (id, index_no) = insert(&mut tx, org_id, f, true, actor, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "document.create",
        "document",
        Some(id),
        &format!("新建信息 {index_no}《{}》", f.title),
        audit_detail(f),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// Saves new field values. `expected_version` is the version the editor started from: if someone
/// saved in between, nothing is written and the editor is told to reload.
pub async fn update(
    pool: &Pool<DB>,
    id: i64,
    expected_version: i64,
    f: &DocumentFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let mut tx = begin_write(pool).await?;
    let current: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT org_id, version, status FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (org_id, version, status) = current.ok_or(DbError::NotFound)?;
    if version != expected_version {
        return Err(DbError::Conflict(
            "该信息已被他人修改，请刷新页面后重新编辑".into(),
        ));
    }
    // Content changed under review goes back to draft; the reviews so far were of other content.
    let status = Status::parse(&status).unwrap_or(Status::Draft);
    let to = workflow::next(status, Step::Edit).map_err(|m| DbError::Conflict(m.into()))?;
    let new_cycle = i64::from(workflow::ends_cycle(status, Step::Edit));
    let refs = resolve_refs(&mut tx, org_id, f, Some(id)).await?;
    sqlx::query(
        "UPDATE documents SET title = $1, doc_no = $2, doc_no_key = $3, publisher = $4, written_on = $5,
            subject = $6, genre = $7, disclosure = $8, disclosure_reason = $9, validity = $10, successor_id = $11,
            column_id = $12, department_id = $13, keywords = $14, summary = $15, body_html = $16,
            version = version + 1, updated_at = $17, updated_by = $18, status = $20,
            review_cycle = review_cycle + $21, scheduled_at = NULL, interprets_id = $22,
            needs_interpretation = $23, legal_kind = $24
         WHERE id = $19",
    )
    .bind(&f.title)
    .bind(&f.doc_no)
    .bind(&f.doc_no_key)
    .bind(&f.publisher)
    .bind(f.written_on)
    .bind(&f.subject)
    .bind(&f.genre)
    .bind(f.disclosure.as_str())
    .bind(&f.disclosure_reason)
    .bind(f.validity.as_str())
    .bind(refs.successor_id)
    .bind(refs.column_id)
    .bind(refs.department_id)
    .bind(&f.keywords)
    .bind(&f.summary)
    .bind(&f.body_html)
    .bind(secs(now))
    .bind(actor.user_id)
    .bind(id)
    .bind(to.as_str())
    .bind(new_cycle)
    .bind(refs.interprets_id)
    .bind(f.needs_interpretation)
    .bind(f.legal_kind.map(|k| k.as_str()))
    .execute(&mut *tx)
    .await?;
    changes::record(&mut tx, id, "updated", now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "document.update",
        "document",
        Some(id),
        &format!("修改信息《{}》", f.title),
        audit_detail(f),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// Takes a published document off the portal; the reason is required and recorded.
pub async fn withdraw(
    pool: &Pool<DB>,
    id: i64,
    reason: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DbError::field("reason", "请填写撤回理由"));
    }
    if reason.chars().count() > 500 {
        return Err(DbError::field("reason", "撤回理由过长（最多 500 个字）"));
    }
    let mut tx = begin_write(pool).await?;
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT org_id, status, title FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (org_id, status, title) = row.ok_or(DbError::NotFound)?;
    workflow::next(
        Status::parse(&status).unwrap_or(Status::Draft),
        Step::Withdraw,
    )
    .map_err(|m| DbError::Conflict(m.into()))?;
    sqlx::query(
        "UPDATE documents SET status = $1, withdrawn_reason = $2, version = version + 1, updated_at = $3,
            updated_by = $4, review_cycle = review_cycle + 1 WHERE id = $5",
    )
    .bind(Status::Withdrawn.as_str())
    .bind(reason)
    .bind(secs(now))
    .bind(actor.user_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    changes::record(&mut tx, id, "withdrawn", now).await?;
    super::channels::on_change(&mut tx, id, "document.withdrawn", true, now).await?;
    review::touch_policy(&mut tx, id, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "document.withdraw",
        "document",
        Some(id),
        &format!("撤回信息《{title}》：{reason}"),
        json!({ "reason": reason }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// Marks a published item 已废止 or 已失效 (清理: the item stays public with its new validity;
/// its content does not change, so no new review). Only an item now 有效 can be repealed; the
/// validity history (triggers) dates the change for the annual report's 本年废止件数.
pub async fn set_validity(
    pool: &Pool<DB>,
    id: i64,
    validity: Validity,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Document> {
    if !matches!(validity, Validity::Repealed | Validity::Expired) {
        return Err(DbError::field("validity", "只能标注为已废止或已失效"));
    }
    let mut tx = begin_write(pool).await?;
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT org_id, status, validity, title FROM documents WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let (org_id, status, current, title) = row.ok_or(DbError::NotFound)?;
    if status != Status::Published.as_str() {
        return Err(DbError::Conflict(
            "只有已发布的信息可以标注废止或失效".into(),
        ));
    }
    if current != Validity::InForce.as_str() {
        return Err(DbError::Conflict("该信息已不是“有效”状态".into()));
    }
    sqlx::query(
        "UPDATE documents SET validity = $1, version = version + 1, updated_at = $2, updated_by = $3
         WHERE id = $4",
    )
    .bind(validity.as_str())
    .bind(secs(now))
    .bind(actor.user_id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    changes::record(&mut tx, id, "updated", now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "document.validity",
        "document",
        Some(id),
        &format!("标注信息《{title}》为{}", validity.label()),
        json!({ "validity": validity.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

/// Stores one imported document. One already published in the old system is stored with the
/// review and approval it had there (named people, recorded bases, marked as imported) and then
/// released, so the database's publication rule holds for imports too.
async fn insert_imported(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    d: &ImportedDocument,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<(i64, String)> {
    let published_at = d
        .published_at
        .filter(|_| d.fields.disclosure == Disclosure::Proactive);
    let Some(published_at) = published_at else {
        return insert(tx, org_id, &d.fields, true, actor, now).await;
    };
    let review = d.review.as_ref().filter(|r| {
        !r.reviewed_by.trim().is_empty() && !r.approved_by.trim().is_empty() && !r.bases.is_empty()
    });
    let Some(r) = review else {
        return Err(DbError::field(
            "reviewed_by",
            "已发布的信息须注明保密审查人（reviewed_by）和审查依据（review_basis）",
        ));
    };
    if let Some(b) = r.bases.iter().find(|b| b.forbids_release()) {
        return Err(DbError::field(
            "review_basis",
            format!("审查依据为{}的信息不得主动公开", b.label()),
        ));
    }
    let (id, index_no) = insert(tx, org_id, &d.fields, false, actor, now).await?;
    for (kind, who, bases) in [
        ("review", &r.reviewed_by, Basis::list_str(&r.bases)),
        ("approval", &r.approved_by, String::new()),
    ] {
        review::append(
            tx,
            id,
            1,
            &review::Row {
                kind,
                decision: Some(Decision::Pass),
                bases,
                disclosure: (kind == "review").then_some(Disclosure::Proactive),
                imported: true,
                ..Default::default()
            },
            None,
            who.trim(),
            now,
        )
        .await?;
    }
    sqlx::query("UPDATE documents SET status = 'published', published_at = $1 WHERE id = $2")
        .bind(secs(published_at))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    changes::record(tx, id, "published", now).await?;
    super::channels::on_change(tx, id, "document.published", false, now).await?;
    Ok((id, index_no))
}

/// Imports documents in one transaction; each item stands alone (a savepoint each), so a bad
/// item is reported and the good ones are kept. Returns, per item, its index number or the error.
pub async fn import_batch(
    pool: &Pool<DB>,
    org_id: i64,
    docs: &[ImportedDocument],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Vec<Result<String, DbError>>> {
    let mut tx = begin_write(pool).await?;
    let mut results = Vec::with_capacity(docs.len());
    let mut imported = Vec::new();
    for d in docs {
        let mut sp = tx.begin().await?;
        match insert_imported(&mut sp, org_id, d, actor, now).await {
            Ok((_, index_no)) => {
                sp.commit().await?;
                imported.push(index_no.clone());
                results.push(Ok(index_no));
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
            "document.import",
            "organization",
            Some(org_id),
            &format!("导入信息 {} 条", imported.len()),
            json!({ "index_nos": imported }),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(results)
}

/// Published documents of the same column (or organization), newest first, for "相关信息".
pub async fn related(
    pool: &Pool<DB>,
    doc: &Document,
    limit: i64,
) -> DbResult<Vec<DocumentSummary>> {
    let sql = format!(
        "{SUMMARY_SELECT} WHERE d.org_id = $1 AND d.status = $2 AND d.id <> $3 AND ($4 IS NULL OR d.column_id = $4)
         ORDER BY d.published_at DESC, d.id DESC LIMIT $5"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(doc.org_id)
        .bind(Status::Published.as_str())
        .bind(doc.id)
        .bind(doc.column_id)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// Documents that name `id` as the one replacing or repealing them.
/// The published interpretations (政策解读) of a policy.
pub async fn interpretations(pool: &Pool<DB>, id: i64) -> DbResult<Vec<DocumentSummary>> {
    let sql = format!(
        "{SUMMARY_SELECT} WHERE d.interprets_id = $1 AND d.status = 'published'
         ORDER BY d.published_at, d.id LIMIT 20"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(pool)
        .await?)
}

pub async fn predecessors(pool: &Pool<DB>, id: i64) -> DbResult<Vec<DocumentSummary>> {
    let sql = format!(
        "{SUMMARY_SELECT} WHERE d.successor_id = $1 ORDER BY d.written_on DESC, d.id DESC LIMIT 50"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_all(pool)
        .await?)
}
