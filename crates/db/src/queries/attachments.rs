//! Attachments of documents; their bytes are stored once per SHA-256.

use super::{DB, audit, begin_write, changes, secs};
use crate::{Actor, Attachment, DbError, DbResult, NewAttachment};
use chrono::{DateTime, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Pool, Transaction};

pub async fn of_document(pool: &Pool<DB>, document_id: i64) -> DbResult<Vec<Attachment>> {
    Ok(sqlx::query_as(
        "SELECT id, document_id, file_name, content_type, size, sha256, position FROM attachments
         WHERE document_id = $1 ORDER BY position, id",
    )
    .bind(document_id)
    .fetch_all(pool)
    .await?)
}

/// Stores bytes once by their SHA-256 (content-addressed); returns the hash.
pub(crate) async fn store_blob(tx: &mut Transaction<'_, DB>, bytes: &[u8]) -> DbResult<String> {
    let sha = hex::encode(Sha256::digest(bytes));
    let size = i64::try_from(bytes.len()).map_err(|_| DbError::field("file", "文件过大"))?;
    sqlx::query("INSERT INTO blobs (sha256, size, data) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
        .bind(&sha)
        .bind(size)
        .bind(bytes)
        .execute(&mut **tx)
        .await?;
    Ok(sha)
}

pub async fn add(
    pool: &Pool<DB>,
    document_id: i64,
    a: &NewAttachment,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Attachment> {
    let sha = hex::encode(Sha256::digest(&a.bytes));
    let size = i64::try_from(a.bytes.len()).map_err(|_| DbError::field("file", "文件过大"))?;
    let mut tx = begin_write(pool).await?;
    let doc: Option<(i64, String)> =
        sqlx::query_as("SELECT org_id, title FROM documents WHERE id = $1")
            .bind(document_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (org_id, title) = doc.ok_or(DbError::NotFound)?;
    super::review::content_changed(&mut tx, document_id, actor, now).await?;
    store_blob(&mut tx, &a.bytes).await?;
    let (pos,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(position) FROM attachments WHERE document_id = $1")
            .bind(document_id)
            .fetch_one(&mut *tx)
            .await?;
    let att: Attachment = sqlx::query_as(
        "INSERT INTO attachments (document_id, file_name, content_type, size, sha256, position, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, document_id, file_name, content_type, size, sha256, position",
    )
    .bind(document_id)
    .bind(&a.file_name)
    .bind(&a.content_type)
    .bind(size)
    .bind(&sha)
    .bind(pos.unwrap_or(0) + 1)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    changes::record(&mut tx, document_id, "attachment", now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "attachment.add",
        "document",
        Some(document_id),
        &format!("为《{title}》上传附件 {}", a.file_name),
        json!({ "file_name": a.file_name, "sha256": sha, "size": size }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(att)
}

/// An attachment and its bytes, when it belongs to `document_id`.
pub async fn with_bytes(
    pool: &Pool<DB>,
    document_id: i64,
    attachment_id: i64,
) -> DbResult<Option<(Attachment, Vec<u8>)>> {
    let att: Option<Attachment> = sqlx::query_as(
        "SELECT id, document_id, file_name, content_type, size, sha256, position FROM attachments
         WHERE id = $1 AND document_id = $2",
    )
    .bind(attachment_id)
    .bind(document_id)
    .fetch_optional(pool)
    .await?;
    let Some(att) = att else { return Ok(None) };
    let (data,): (Vec<u8>,) = sqlx::query_as("SELECT data FROM blobs WHERE sha256 = $1")
        .bind(&att.sha256)
        .fetch_one(pool)
        .await?;
    Ok(Some((att, data)))
}

/// `(document_id, content_type, bytes)` of every attachment of the documents with ids in
/// `from..=to`, for indexing a batch of documents in one query.
pub async fn bytes_in_range(
    pool: &Pool<DB>,
    from: i64,
    to: i64,
) -> DbResult<Vec<(i64, String, Vec<u8>)>> {
    Ok(sqlx::query_as(
        "SELECT a.document_id, a.content_type, b.data FROM attachments a
         JOIN blobs b ON b.sha256 = a.sha256
         WHERE a.document_id >= $1 AND a.document_id <= $2
         ORDER BY a.document_id, a.position, a.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

pub async fn remove(
    pool: &Pool<DB>,
    document_id: i64,
    attachment_id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT a.file_name, d.org_id FROM attachments a JOIN documents d ON d.id = a.document_id
         WHERE a.id = $1 AND a.document_id = $2",
    )
    .bind(attachment_id)
    .bind(document_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (file_name, org_id) = row.ok_or(DbError::NotFound)?;
    super::review::content_changed(&mut tx, document_id, actor, now).await?;
    sqlx::query("DELETE FROM attachments WHERE id = $1")
        .bind(attachment_id)
        .execute(&mut *tx)
        .await?;
    changes::record(&mut tx, document_id, "attachment", now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "attachment.remove",
        "document",
        Some(document_id),
        &format!("删除附件 {file_name}"),
        json!({ "attachment_id": attachment_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
