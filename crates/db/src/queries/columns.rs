//! The catalog tree (栏目) of each organization.

use super::{DB, audit, begin_write, changes};
use crate::{Actor, Column, DbError, DbResult};
use chrono::{DateTime, Utc};
use gongkai_core::catalog::valid_column_slug;
use serde_json::json;
use sqlx::Pool;

pub async fn of_org(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<Column>> {
    Ok(sqlx::query_as(
        "SELECT id, org_id, parent_id, slug, name, position FROM columns WHERE org_id = $1 ORDER BY position, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}

/// Every organization's columns with the given slug, with their sub-columns (a public filter may
/// span organizations; a column's listing includes what its sub-columns hold).
pub async fn ids_by_slug(pool: &Pool<DB>, slug: &str, org_id: Option<i64>) -> DbResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM columns WHERE slug = $1 AND ($2 IS NULL OR org_id = $2) ORDER BY id",
    )
    .bind(slug)
    .bind(org_id)
    .fetch_all(pool)
    .await?;
    let mut ids: Vec<i64> = rows.into_iter().map(|r| r.0).collect();
    let mut frontier = ids.clone();
    // Trees are shallow (two or three levels); one query per level.
    while !frontier.is_empty() && ids.len() < 1000 {
        let mut next = Vec::new();
        for parent in &frontier {
            let children: Vec<(i64,)> =
                sqlx::query_as("SELECT id FROM columns WHERE parent_id = $1")
                    .bind(parent)
                    .fetch_all(pool)
                    .await?;
            next.extend(
                children
                    .into_iter()
                    .map(|c| c.0)
                    .filter(|c| !ids.contains(c)),
            );
        }
        ids.extend(&next);
        frontier = next;
    }
    Ok(ids)
}

/// All distinct columns across organizations, by slug (for the public filter form).
pub async fn distinct(pool: &Pool<DB>) -> DbResult<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT slug, MIN(name) FROM columns GROUP BY slug ORDER BY MIN(position), slug",
    )
    .fetch_all(pool)
    .await?)
}

fn check(slug: &str, name: &str) -> DbResult<()> {
    let mut e = gongkai_core::FieldErrors::new();
    if !valid_column_slug(slug) {
        e.add("slug", "栏目标识须为 1 至 32 位小写字母、数字或连字符");
    }
    let n = name.trim().chars().count();
    if n == 0 || n > 50 {
        e.add("name", "栏目名称须为 1 至 50 个字");
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(DbError::Invalid(e))
    }
}

#[expect(clippy::too_many_arguments, reason = "one argument per column field")]
pub async fn add(
    pool: &Pool<DB>,
    org_id: i64,
    slug: &str,
    name: &str,
    parent_id: Option<i64>,
    position: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Column> {
    let slug = slug.trim();
    check(slug, name)?;
    let mut tx = begin_write(pool).await?;
    if let Some(p) = parent_id {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM columns WHERE id = $1 AND org_id = $2")
                .bind(p)
                .bind(org_id)
                .fetch_optional(&mut *tx)
                .await?;
        if found.is_none() {
            return Err(DbError::field("parent_id", "上级栏目不存在"));
        }
    }
    let inserted: Result<Column, sqlx::Error> = sqlx::query_as(
        "INSERT INTO columns (org_id, parent_id, slug, name, position) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, org_id, parent_id, slug, name, position",
    )
    .bind(org_id)
    .bind(parent_id)
    .bind(slug)
    .bind(name.trim())
    .bind(position)
    .fetch_one(&mut *tx)
    .await;
    let col = match inserted {
        Ok(c) => c,
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Err(DbError::field("slug", "栏目标识已被使用"));
        }
        Err(e) => return Err(e.into()),
    };
    changes::record_structure(&mut tx, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "column.create",
        "column",
        Some(col.id),
        &format!("新增栏目 {}", col.name),
        json!({ "slug": slug, "name": col.name, "parent_id": parent_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(col)
}

pub async fn update(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    name: &str,
    position: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    check("x", name)?;
    let mut tx = begin_write(pool).await?;
    let done =
        sqlx::query("UPDATE columns SET name = $1, position = $2 WHERE id = $3 AND org_id = $4")
            .bind(name.trim())
            .bind(position)
            .bind(id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    changes::record_structure(&mut tx, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "column.update",
        "column",
        Some(id),
        &format!("修改栏目 {}", name.trim()),
        json!({ "name": name.trim(), "position": position }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes an empty column (no documents, no child columns).
pub async fn delete(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let (docs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents WHERE column_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let (children,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM columns WHERE parent_id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if docs > 0 || children > 0 {
        return Err(DbError::Conflict(format!(
            "该栏目下有 {docs} 条信息、{children} 个子栏目，不能删除"
        )));
    }
    let done = sqlx::query("DELETE FROM columns WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    changes::record_structure(&mut tx, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "column.delete",
        "column",
        Some(id),
        "删除栏目",
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
