//! Staff accounts.

use super::{DB, audit, begin_write, secs};
use crate::{Actor, DbError, DbResult, NewUser, User};
use chrono::{DateTime, Utc};
use gongkai_core::role::Role;
use gongkai_core::work_plan::mail::check_address;
use serde_json::json;
use sqlx::{Pool, Transaction};

const USER_COLUMNS: &str =
    "id, username, display_name, password_hash, role, org_id, active, failed_logins, locked_until,
    department_id, email";

pub async fn create(
    pool: &Pool<DB>,
    u: &NewUser,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<User> {
    let mut e = gongkai_core::FieldErrors::new();
    if let Err(m) = gongkai_core::account::check_username(&u.username) {
        e.add("username", m);
    }
    let dn = u.display_name.trim();
    if dn.is_empty() || dn.chars().count() > 50 {
        e.add("display_name", "姓名须为 1 至 50 个字");
    }
    if !e.is_empty() {
        return Err(DbError::Invalid(e));
    }
    let mut tx = begin_write(pool).await?;
    let sql = format!(
        "INSERT INTO users (username, display_name, password_hash, role, org_id, active, failed_logins, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING {USER_COLUMNS}"
    );
    let inserted: Result<User, sqlx::Error> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(&u.username)
        .bind(dn)
        .bind(&u.password_hash)
        .bind(u.role.as_str())
        .bind(u.org_id)
        .bind(true)
        .bind(secs(now))
        .fetch_one(&mut *tx)
        .await;
    let user = match inserted {
        Ok(u) => u,
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            return Err(DbError::field("username", "用户名已被使用"));
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &mut tx,
        actor,
        Some(u.org_id),
        "user.create",
        "user",
        Some(user.id),
        &format!("新增用户 {}（{}）", user.username, u.role.label()),
        json!({ "username": user.username, "role": u.role.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}

pub async fn by_username(pool: &Pool<DB>, username: &str) -> DbResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(username)
        .fetch_optional(pool)
        .await?)
}

pub async fn by_id(pool: &Pool<DB>, id: i64) -> DbResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn of_org(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE org_id = $1 ORDER BY username");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .fetch_all(pool)
        .await?)
}

/// Counts a failed login; locks the account when the count reaches the limit.
pub async fn record_failure(pool: &Pool<DB>, user: &User, now: DateTime<Utc>) -> DbResult<u32> {
    let mut tx = begin_write(pool).await?;
    let (failures,): (i64,) = sqlx::query_as(
        "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
    )
    .bind(user.id)
    .fetch_one(&mut *tx)
    .await?;
    let failures = u32::try_from(failures).unwrap_or(u32::MAX);
    if let Some(until) = gongkai_core::account::lock_after_failure(failures, now) {
        sqlx::query("UPDATE users SET locked_until = $1, failed_logins = 0 WHERE id = $2")
            .bind(secs(until))
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        audit::append(
            &mut tx,
            &Actor::system("login"),
            Some(user.org_id),
            "user.lock",
            "user",
            Some(user.id),
            &format!(
                "连续登录失败，账号 {} 锁定至 {}",
                user.username,
                until.format("%Y-%m-%d %H:%M UTC")
            ),
            json!({ "until": until }),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(failures)
}

pub async fn record_success(pool: &Pool<DB>, user_id: i64) -> DbResult<()> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_password(
    pool: &Pool<DB>,
    user: &User,
    password_hash: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2",
    )
    .bind(password_hash)
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    // A new password ends every open session of the account.
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        actor,
        Some(user.org_id),
        "user.password",
        "user",
        Some(user.id),
        &format!("重设用户 {} 的密码", user.username),
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn update(
    pool: &Pool<DB>,
    user: &User,
    role: Role,
    active: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    sqlx::query("UPDATE users SET role = $1, active = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(active)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    if !active {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
    }
    audit::append(
        &mut tx,
        actor,
        Some(user.org_id),
        "user.update",
        "user",
        Some(user.id),
        &format!(
            "修改用户 {}：{}，{}",
            user.username,
            role.label(),
            if active { "启用" } else { "停用" }
        ),
        json!({ "role": role.as_str(), "active": active }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets (or, with `None` or an empty text, clears) a staff member's e-mail address, checked by
/// core `check_address`. The audit row says whether an address is set, not which.
pub async fn set_email(
    pool: &Pool<DB>,
    org_id: i64,
    user_id: i64,
    email: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    if let Some(e) = email {
        check_address(e).map_err(|m| DbError::field("email", m))?;
    }
    let mut tx = begin_write(pool).await?;
    let username = username_in_org(&mut tx, org_id, user_id).await?;
    sqlx::query("UPDATE users SET email = $1 WHERE id = $2")
        .bind(email)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let summary = match email {
        Some(_) => format!("设置用户 {username} 的提醒邮箱"),
        None => format!("清除用户 {username} 的提醒邮箱"),
    };
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "user.email",
        "user",
        Some(user_id),
        &summary,
        json!({ "email_set": email.is_some() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets (or clears) the department a staff member works in (audited).
pub async fn set_user_department(
    pool: &Pool<DB>,
    org_id: i64,
    user_id: i64,
    department_id: Option<i64>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let username = username_in_org(&mut tx, org_id, user_id).await?;
    if let Some(dep) = department_id {
        super::orgs::own_department(&mut tx, org_id, dep, "department").await?;
    }
    sqlx::query("UPDATE users SET department_id = $1 WHERE id = $2")
        .bind(department_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "user.department",
        "user",
        Some(user_id),
        &format!("设置用户 {username} 所在处室"),
        json!({ "department_id": department_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The username of a staff member of the organization (not found otherwise).
async fn username_in_org(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    user_id: i64,
) -> DbResult<String> {
    let user: Option<(String,)> =
        sqlx::query_as("SELECT username FROM users WHERE id = $1 AND org_id = $2")
            .bind(user_id)
            .bind(org_id)
            .fetch_optional(&mut **tx)
            .await?;
    user.map(|u| u.0).ok_or(DbError::NotFound)
}
