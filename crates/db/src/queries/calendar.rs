//! The working-day calendar: the built-in arrangement with the years an admin loaded replacing
//! theirs. Loading a year recomputes the deadlines of open cases in the same transaction.

use super::{DB, applications, audit, begin_write, secs};
use crate::{Actor, CalendarLoad, CalendarYear, DbError, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::calendar::{Calendar, DayKind};
use serde_json::json;
use sqlx::Pool;

pub(crate) type Conn = <DB as sqlx::Database>::Connection;

/// The calendar in force, read through `conn` (a pool connection or a transaction).
pub(crate) async fn load_in(conn: &mut Conn) -> DbResult<Calendar> {
    let years: Vec<(i64,)> = sqlx::query_as("SELECT year FROM calendar_years ORDER BY year")
        .fetch_all(&mut *conn)
        .await?;
    let mut cal = Calendar::builtin();
    if years.is_empty() {
        return Ok(cal);
    }
    let rows: Vec<(NaiveDate, String, String)> =
        sqlx::query_as("SELECT day, kind, name FROM calendar_days ORDER BY day")
            .fetch_all(&mut *conn)
            .await?;
    let days = rows
        .into_iter()
        .map(|(d, kind, name)| {
            let k = if kind == "workday" {
                DayKind::Workday(name)
            } else {
                DayKind::Holiday(name)
            };
            (d, k)
        })
        .collect();
    let loaded = Calendar::from_days(years.iter().filter_map(|(y,)| i32::try_from(*y).ok()), days);
    cal.merge_years(&loaded);
    Ok(cal)
}

pub async fn current(pool: &Pool<DB>) -> DbResult<Calendar> {
    let mut conn = pool.acquire().await?;
    load_in(&mut conn).await
}

pub async fn years(pool: &Pool<DB>) -> DbResult<Vec<CalendarYear>> {
    Ok(sqlx::query_as(
        "SELECT year, source, loaded_at, loaded_by FROM calendar_years ORDER BY year",
    )
    .fetch_all(pool)
    .await?)
}

/// Stores every year of `cal` (replacing what was loaded for it before), then recomputes the
/// open cases under the resulting calendar; one transaction.
pub async fn load(
    pool: &Pool<DB>,
    cal: &Calendar,
    source: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<CalendarLoad> {
    let years: Vec<i32> = cal.years().collect();
    if years.is_empty() {
        return Err(DbError::field("file", "日历文件中没有任何日期"));
    }
    let mut tx = begin_write(pool).await?;
    let mut report = CalendarLoad {
        years: years.clone(),
        ..Default::default()
    };
    for y in &years {
        sqlx::query(
            "INSERT INTO calendar_years (year, source, loaded_at, loaded_by_id, loaded_by)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (year) DO UPDATE SET source = $2, loaded_at = $3, loaded_by_id = $4,
                 loaded_by = $5",
        )
        .bind(i64::from(*y))
        .bind(source)
        .bind(secs(now))
        .bind(actor.user_id)
        .bind(&actor.name)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM calendar_days WHERE year = $1")
            .bind(i64::from(*y))
            .execute(&mut *tx)
            .await?;
    }
    let mut counts: std::collections::BTreeMap<i32, usize> =
        years.iter().map(|y| (*y, 0)).collect();
    for (day, kind) in cal.days() {
        use chrono::Datelike;
        let (k, name) = match kind {
            DayKind::Holiday(n) => ("holiday", n),
            DayKind::Workday(n) => ("workday", n),
        };
        sqlx::query("INSERT INTO calendar_days (day, year, kind, name) VALUES ($1, $2, $3, $4)")
            .bind(day)
            .bind(i64::from(day.year()))
            .bind(k)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        *counts.entry(day.year()).or_default() += 1;
    }
    report.days = counts.into_iter().collect();
    let full = load_in(&mut tx).await?;
    let list: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
    let reason = format!("已载入{}节假日安排", list.join("、"));
    let r = &mut report.recomputation;
    applications::recompute_open(&mut tx, &full, None, &reason, actor, now, r).await?;
    audit::append(
        &mut tx,
        actor,
        None,
        "calendar.load",
        "calendar",
        None,
        &format!(
            "载入{}节假日安排，重新计算{}件办理中申请的期限",
            list.join("、"),
            report.recomputation.recomputed
        ),
        json!({
            "years": years,
            "source": source,
            "recomputed": report.recomputation.recomputed,
            "changed": report.recomputation.changed.iter().map(|c| &c.tracking_no).collect::<Vec<_>>(),
            "failed": report.recomputation.failed.iter().map(|f| &f.0).collect::<Vec<_>>(),
        }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}
