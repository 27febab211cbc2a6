//! E-mail reminders of work-plan tasks, when an SMTP server is configured (`WebConfig::smtp`):
//! each node's background task calls [`send_due`] every five minutes. The staff of the
//! departments a task names (with an address set on the users page) get one e-mail when it comes
//! within core `REMINDER_WINDOW_DAYS` of its due date and one when it is overdue — the same
//! reminders the dashboard shows, decided by core `tracking::reminder`, worded by core
//! `work_plan::mail`.
//!
//! Once across all nodes: a reminder is claimed in the database (`work_plan_reminders`) before
//! it is sent, and the claim is given back when sending fails, so that a later pass retries.
//! Logs carry task and user ids, never addresses or names.

use crate::mail::Sender;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use gongkai_core::time::china_date;
use gongkai_core::work_plan::mail::{ReminderKind, reminder_mail};
use gongkai_core::work_plan::tracking::{REMINDER_WINDOW_DAYS, TaskFacts, reminder};
use gongkai_db::DbResult;

/// Sends the reminders due on `now`'s day (China time) that no node has sent; returns how many
/// were sent. Does nothing without an SMTP server.
pub async fn send_due(state: &AppState, now: DateTime<Utc>) -> DbResult<usize> {
    let Some(smtp) = &state.config.smtp else {
        return Ok(0);
    };
    let today = china_date(now);
    let candidates = state
        .db
        .reminder_candidates(today, REMINDER_WINDOW_DAYS)
        .await?;
    if candidates.is_empty() {
        return Ok(0);
    }
    let sender = match Sender::new(smtp) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error.cause = %e, "work-plan reminders not sent");
            return Ok(0);
        }
    };
    let mut sent = 0;
    for c in &candidates {
        let facts = TaskFacts {
            due: c.due_on,
            progress: 0,
            completed_on: None,
        };
        let Some(r) = reminder(&facts, today, REMINDER_WINDOW_DAYS) else {
            continue;
        };
        let kind = ReminderKind::of(&r);
        if !state
            .db
            .claim_reminder(c.task_id, c.user_id, kind, today)
            .await?
        {
            continue;
        }
        let mail = reminder_mail(
            &c.org_name,
            &c.plan_title,
            &c.task_number,
            &c.task_title,
            c.due_on,
            r,
            &format!("/admin/work-plans/tasks/{}", c.task_id),
        );
        match sender
            .send(&c.display_name, &c.email, &mail.subject, &mail.body, now)
            .await
        {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!(
                    task = c.task_id,
                    user = c.user_id,
                    kind = kind.as_str(),
                    error.cause = %e,
                    "work-plan reminder e-mail failed"
                );
                state
                    .db
                    .release_reminder(c.task_id, c.user_id, kind)
                    .await?;
                // Without a server, the rest would fail alike: the next pass tries again.
                if e.is_unreachable() {
                    break;
                }
            }
        }
    }
    if sent > 0 {
        tracing::info!(count = sent, "work-plan reminders sent");
    }
    Ok(sent)
}
