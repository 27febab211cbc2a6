//! `/admin/work-plans`: work plans (政务公开工作要点). The disclosure office imports a plan
//! (`import`: upload, check the recognised tasks and the unit mapping, confirm — nothing is
//! saved before), edits tasks, maps units and reviews completion reports; every staff member
//! sees the plans (`plan`: the tree with status colours, the summary per part and unit, the
//! XLSX export), their department's tasks and the overdue list (`lists`), and reports progress
//! with evidence on the tasks of their department (`task`).
//!
//! Status, reminders and summaries are core `work_plan::tracking`'s, computed with the
//! server's "today".

pub mod import;
pub mod lists;
pub mod plan;
pub mod task;

use crate::auth::Staff;
use crate::error::AppResult;
use chrono::NaiveDate;
use gongkai_core::role::Action;
use gongkai_core::time::format_cn_date;
use gongkai_core::work_plan::tracking::{REMINDER_WINDOW_DAYS, reminder};
use gongkai_db::work_plans::{Task, TaskUnit, UnitChoice};
use serde::Serialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// A task as the lists and the tree show it.
#[derive(Debug, Serialize)]
pub struct TaskView {
    pub id: i64,
    pub plan_id: i64,
    pub plan_title: String,
    pub number: String,
    pub title: String,
    pub lead_units: String,
    pub responsible_units: String,
    pub deadline_text: String,
    pub due: String,
    /// `not_started`, `in_progress`, `done`, `overdue`: the colour.
    pub status: &'static str,
    pub status_label: &'static str,
    pub completed_on: String,
    pub reminder: Option<String>,
    pub pending: bool,
    pub latest_progress: String,
}

pub fn units_text(units: &[TaskUnit], task_id: i64, role: &str) -> String {
    units
        .iter()
        .filter(|u| u.task_id == task_id && u.role == role)
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

pub fn task_view(t: &Task, units: &[TaskUnit], today: NaiveDate) -> TaskView {
    let facts = t.facts();
    let status = facts.status(today);
    TaskView {
        id: t.id,
        plan_id: t.plan_id,
        plan_title: t.plan_title.clone(),
        number: t.number.clone(),
        title: t.title.clone(),
        lead_units: units_text(units, t.id, "lead"),
        responsible_units: units_text(units, t.id, "responsible"),
        deadline_text: t.deadline_text.clone().unwrap_or_default(),
        due: format_cn_date(t.due_on),
        status: status.as_str(),
        status_label: status.label(),
        completed_on: t.completed_on.map(format_cn_date).unwrap_or_default(),
        reminder: reminder(&facts, today, REMINDER_WINDOW_DAYS).map(|r| r.text()),
        pending: t.pending_reports > 0,
        latest_progress: t.latest_progress.clone().unwrap_or_default(),
    }
}

/// Views of tasks from several plans, with each plan's units read once.
pub async fn task_views(
    db: &gongkai_db::Db,
    tasks: &[Task],
    today: NaiveDate,
) -> AppResult<Vec<TaskView>> {
    let mut units: HashMap<i64, Vec<TaskUnit>> = HashMap::new();
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        let of_plan = match units.entry(t.plan_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(db.work_plan_task_units(t.plan_id).await?),
        };
        out.push(task_view(t, of_plan, today));
    }
    Ok(out)
}

/// Whether the staff member may report progress on a task naming `units`: the office on any
/// task; others on the tasks of their department (or of every department).
pub fn may_report(staff: &Staff, units: &[TaskUnit]) -> bool {
    if staff.may(Action::ManageWorkPlans) {
        return true;
    }
    staff.may(Action::ReportWorkPlanProgress)
        && staff.user.department_id.is_some_and(|d| {
            units
                .iter()
                .any(|u| u.all_departments || u.department_id == Some(d))
        })
}

/// A unit mapping as the forms send it: `dep:ID`, `all`, `new`, `none`.
pub fn unit_choice_value(c: &UnitChoice) -> String {
    match c {
        UnitChoice::Department(d) => format!("dep:{d}"),
        UnitChoice::All => "all".into(),
        UnitChoice::Create => "new".into(),
        UnitChoice::Unmapped => "none".into(),
    }
}

/// A unit mapping from its form value (see [`unit_choice_value`]).
pub fn unit_choice(v: &str) -> Option<UnitChoice> {
    Some(match v {
        "all" => UnitChoice::All,
        "new" => UnitChoice::Create,
        "none" => UnitChoice::Unmapped,
        _ => UnitChoice::Department(v.strip_prefix("dep:")?.parse().ok()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_choices_round_trip_through_the_form() {
        for c in [
            UnitChoice::Department(12),
            UnitChoice::All,
            UnitChoice::Create,
            UnitChoice::Unmapped,
        ] {
            assert_eq!(unit_choice(&unit_choice_value(&c)), Some(c));
        }
        assert_eq!(unit_choice("dep:x"), None);
        assert_eq!(unit_choice(""), None);
    }
}
