//! E-mail reminders of work-plan tasks: who is to be reminded of which task, and the claim of a
//! reminder (one row of `work_plan_reminders` per task, staff member and kind).

use super::DB;
use crate::DbResult;
use crate::api::reminders::ReminderCandidate;
use chrono::NaiveDate;
use gongkai_core::work_plan::mail::ReminderKind;
use sqlx::Pool;

/// Tasks not completed and due on or before `until`, each with every active staff member of
/// the plan's organization who has an e-mail address and works in a department the task names
/// (a unit mapped to that department, or to every department), once per task and person. A pair
/// already sent its overdue reminder is left out: nothing remains to be sent for it.
pub async fn candidates(pool: &Pool<DB>, until: NaiveDate) -> DbResult<Vec<ReminderCandidate>> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT t.id AS task_id, t.number AS task_number, t.title AS task_title,
                t.due_on, p.title AS plan_title, o.name AS org_name,
                u.id AS user_id, u.email, u.display_name
         FROM work_plan_tasks t
         JOIN work_plans p ON p.id = t.plan_id
         JOIN organizations o ON o.id = p.org_id
         JOIN work_plan_task_units tu ON tu.task_id = t.id
         JOIN work_plan_units pu ON pu.plan_id = t.plan_id AND pu.name = tu.name
         JOIN users u ON u.org_id = p.org_id AND u.department_id IS NOT NULL
              AND (u.department_id = pu.department_id OR pu.all_departments)
         WHERE t.completed_on IS NULL AND t.due_on <= $1
           AND u.active = $2 AND u.email IS NOT NULL AND u.email <> ''
           AND NOT EXISTS (SELECT 1 FROM work_plan_reminders r
                           WHERE r.task_id = t.id AND r.user_id = u.id AND r.kind = $3)
         ORDER BY due_on, task_id, user_id",
    )
    .bind(until)
    .bind(true)
    .bind(ReminderKind::Overdue.as_str())
    .fetch_all(pool)
    .await?)
}

/// Records that the reminder is being sent; `true` when this call recorded it (so this node
/// sends it), `false` when it was recorded before, by this node or another.
pub async fn claim(
    pool: &Pool<DB>,
    task_id: i64,
    user_id: i64,
    kind: ReminderKind,
    today: NaiveDate,
) -> DbResult<bool> {
    let done = sqlx::query(
        "INSERT INTO work_plan_reminders (task_id, user_id, kind, sent_on) VALUES ($1, $2, $3, $4)
         ON CONFLICT (task_id, user_id, kind) DO NOTHING",
    )
    .bind(task_id)
    .bind(user_id)
    .bind(kind.as_str())
    .bind(today)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a claim whose e-mail could not be sent, so that a later pass tries again.
pub async fn release(
    pool: &Pool<DB>,
    task_id: i64,
    user_id: i64,
    kind: ReminderKind,
) -> DbResult<()> {
    sqlx::query(
        "DELETE FROM work_plan_reminders WHERE task_id = $1 AND user_id = $2 AND kind = $3",
    )
    .bind(task_id)
    .bind(user_id)
    .bind(kind.as_str())
    .execute(pool)
    .await?;
    Ok(())
}
