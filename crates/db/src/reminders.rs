//! E-mail reminders of work-plan tasks in storage: the staff to remind, the claim that makes each
//! reminder go out once across all nodes, and the staff's e-mail addresses. What a reminder is
//! (due soon, overdue) is decided by core `work_plan::tracking::reminder`; the web layer sends.
//!
//! Declared as a child of `api` (the `mod` lines at the end of `api.rs`) so that its `impl Db`
//! block can reach the connection pool and the `dispatch!` macro like every other method.

use super::{Pool, postgres, sqlite};
use crate::{Actor, Db, DbResult};
use chrono::{DateTime, Days, NaiveDate, Utc};
use gongkai_core::work_plan::mail::ReminderKind;

/// A task to remind a staff member of, with what the e-mail says.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReminderCandidate {
    pub task_id: i64,
    pub task_number: String,
    pub task_title: String,
    pub due_on: NaiveDate,
    pub plan_title: String,
    pub org_name: String,
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
}

impl Db {
    /// The tasks not completed and due by `today + window_days` (overdue ones included), each
    /// with every active staff member who has an e-mail address and works in a department the
    /// task names (or any department, for a unit standing for every one), in the plan's
    /// organization; once per task and person, by due date. Pairs whose overdue reminder was
    /// sent are left out.
    pub async fn reminder_candidates(
        &self,
        today: NaiveDate,
        window_days: i64,
    ) -> DbResult<Vec<ReminderCandidate>> {
        let until = u64::try_from(window_days)
            .ok()
            .and_then(|d| today.checked_add_days(Days::new(d)))
            .unwrap_or(today);
        dispatch!(self, reminders::candidates(until))
    }

    /// Claims a reminder for sending, on `today`: `true` when this call claimed it, `false`
    /// when it had been claimed (sent) before, by this node or another.
    pub async fn claim_reminder(
        &self,
        task_id: i64,
        user_id: i64,
        kind: ReminderKind,
        today: NaiveDate,
    ) -> DbResult<bool> {
        dispatch!(self, reminders::claim(task_id, user_id, kind, today))
    }

    /// Gives a claimed reminder back after its e-mail could not be sent (a later pass retries).
    pub async fn release_reminder(
        &self,
        task_id: i64,
        user_id: i64,
        kind: ReminderKind,
    ) -> DbResult<()> {
        dispatch!(self, reminders::release(task_id, user_id, kind))
    }

    /// Sets a staff member's e-mail address for reminders, or clears it with `None` or an empty
    /// text (audited, without the address). A malformed address is a field error on `email`.
    pub async fn set_user_email(
        &self,
        org_id: i64,
        user_id: i64,
        email: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, users::set_email(org_id, user_id, email, actor, now))
    }
}
