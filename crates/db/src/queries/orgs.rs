//! Organizations and their departments.

use super::{DB, audit, begin_write, changes, secs};
use crate::{Actor, DbError, DbResult, Department, OrgContact, Organization};
use chrono::{DateTime, Utc};
use gongkai_core::catalog::DEFAULT_COLUMNS;
use gongkai_core::org::OrgCode;
use serde_json::json;
use sqlx::{Pool, Transaction};

const ORG_COLUMNS: &str = "id, code, name, parent_id, address, postcode, office_hours, phone, fax, email, website, guide_notes, kind";

/// Creates an organization with the default catalog columns.
pub async fn create(
    pool: &Pool<DB>,
    code: &OrgCode,
    name: &str,
    parent_code: Option<&str>,
    contact: &OrgContact,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Organization> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(DbError::field("name", "机关名称须为 1 至 100 个字"));
    }
    let mut tx = begin_write(pool).await?;
    let parent_id = match parent_code {
        None => None,
        Some(p) => {
            let row: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM organizations WHERE code = $1")
                    .bind(p.trim().to_ascii_uppercase())
                    .fetch_optional(&mut *tx)
                    .await?;
            Some(
                row.ok_or_else(|| DbError::field("parent", "上级机关不存在"))?
                    .0,
            )
        }
    };
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO organizations (code, name, parent_id, address, postcode, office_hours, phone, fax, email, website, guide_notes, created_at, kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(code.as_str())
    .bind(name)
    .bind(parent_id)
    .bind(&contact.address)
    .bind(&contact.postcode)
    .bind(&contact.office_hours)
    .bind(&contact.phone)
    .bind(&contact.fax)
    .bind(&contact.email)
    .bind(&contact.website)
    .bind(&contact.guide_notes)
    .bind(secs(now))
    .bind(gongkai_core::org::OrgKind::from_name(name).as_str())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Err(DbError::field("code", "机关代码已被使用"));
        }
        Err(e) => return Err(e.into()),
    };
    for (i, (slug, col)) in DEFAULT_COLUMNS.iter().enumerate() {
        sqlx::query("INSERT INTO columns (org_id, slug, name, position) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(slug)
            .bind(col)
            .bind(i as i64 * 10)
            .execute(&mut *tx)
            .await?;
    }
    for kind in gongkai_core::message::BoxKind::ALL {
        sqlx::query(
            "INSERT INTO message_boxes (org_id, kind, name, reply_wd) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(kind.as_str())
        .bind(kind.label())
        .bind(i64::from(kind.default_reply_wd()))
        .execute(&mut *tx)
        .await?;
    }
    changes::record_structure(&mut tx, now).await?;
    audit::append(
        &mut tx,
        actor,
        Some(id),
        "org.create",
        "organization",
        Some(id),
        &format!("创建机关 {name}（{code}）"),
        json!({ "code": code.as_str(), "name": name, "parent": parent_code }),
        now,
    )
    .await?;
    tx.commit().await?;
    by_id(pool, id).await?.ok_or(DbError::NotFound)
}

pub async fn by_code(pool: &Pool<DB>, code: &str) -> DbResult<Option<Organization>> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE code = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(code.trim().to_ascii_uppercase())
        .fetch_optional(pool)
        .await?)
}

pub async fn by_id(pool: &Pool<DB>, id: i64) -> DbResult<Option<Organization>> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn all(pool: &Pool<DB>) -> DbResult<Vec<Organization>> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organizations ORDER BY id");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(pool)
        .await?)
}

pub async fn update_contact(
    pool: &Pool<DB>,
    org_id: i64,
    name: &str,
    contact: &OrgContact,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(DbError::field("name", "机关名称须为 1 至 100 个字"));
    }
    let mut tx = begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE organizations SET name = $1, address = $2, postcode = $3, office_hours = $4, phone = $5,
         fax = $6, email = $7, website = $8, guide_notes = $9 WHERE id = $10",
    )
    .bind(name)
    .bind(contact.address.trim())
    .bind(contact.postcode.trim())
    .bind(contact.office_hours.trim())
    .bind(contact.phone.trim())
    .bind(contact.fax.trim())
    .bind(contact.email.trim())
    .bind(contact.website.trim())
    .bind(contact.guide_notes.trim())
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
        "org.update",
        "organization",
        Some(org_id),
        "修改机关信息与公开指南联系方式",
        serde_json::to_value(contact).unwrap_or_default(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn departments(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<Department>> {
    Ok(sqlx::query_as(
        "SELECT id, org_id, name, position FROM departments WHERE org_id = $1 ORDER BY position, id",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}

pub async fn add_department(
    pool: &Pool<DB>,
    org_id: i64,
    name: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<Department> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(DbError::field("name", "处室名称须为 1 至 50 个字"));
    }
    let mut tx = begin_write(pool).await?;
    let (next,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(position) FROM departments WHERE org_id = $1")
            .bind(org_id)
            .fetch_one(&mut *tx)
            .await?;
    let inserted: Result<Department, sqlx::Error> = sqlx::query_as(
        "INSERT INTO departments (org_id, name, position) VALUES ($1, $2, $3)
         RETURNING id, org_id, name, position",
    )
    .bind(org_id)
    .bind(name)
    .bind(next.unwrap_or(0) + 10)
    .fetch_one(&mut *tx)
    .await;
    let dep = match inserted {
        Ok(d) => d,
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Err(DbError::field("name", "已有同名处室"));
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "department.create",
        "department",
        Some(dep.id),
        &format!("新增处室 {name}"),
        json!({ "name": name }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(dep)
}

/// Deletes a department that no document refers to.
pub async fn delete_department(
    pool: &Pool<DB>,
    org_id: i64,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    // Everything that names a department keeps it: say what, rather than fail on the key.
    const USES: &[(&str, &str)] = &[
        ("documents", "条信息"),
        ("application_cases", "件依申请公开"),
        ("messages", "件留言"),
        ("message_events", "条留言办理记录"),
        ("proposals", "件建议提案"),
        ("users", "名用户"),
        ("work_plan_units", "个工作要点单位对应"),
        ("work_plan_progress", "条工作要点进展"),
    ];
    let mut uses = Vec::new();
    for (table, what) in USES {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table} WHERE department_id = $1"
        )))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if n > 0 {
            uses.push(format!("{n} {what}"));
        }
    }
    if !uses.is_empty() {
        return Err(DbError::Conflict(format!(
            "该处室有 {}，不能删除",
            uses.join("、")
        )));
    }
    let done = sqlx::query("DELETE FROM departments WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound);
    }
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "department.delete",
        "department",
        Some(id),
        "删除处室",
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A department of the organization by id, or a field error.
pub(crate) async fn own_department(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    id: i64,
    field: &'static str,
) -> DbResult<()> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM departments WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(org_id)
            .fetch_optional(&mut **tx)
            .await?;
    found
        .map(|_| ())
        .ok_or_else(|| DbError::field(field, "处室不存在"))
}
