//! Work plans (政务公开工作要点) in storage: a confirmed import, its tasks and the units they name
//! mapped to departments, progress with evidence, completion reviews, and the views over them.
//! Status is not stored: core `work_plan::tracking` derives it from what is (`Task::facts`).
//!
//! Declared as a child of `api` (the `mod` lines at the end of `api.rs`) so that its `impl Db`
//! block can reach the connection pool and the `dispatch!` macro like every other method.

use super::{Pool, postgres, sqlite};
use crate::{Actor, Db, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::work_plan::ParsedPlan;
use gongkai_core::work_plan::tracking::{
    Decision, TaskFacts, TaskLine, implementation_text, summarize,
};
use serde::Serialize;

/// What a unit name of an import stands for, as the staff confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitChoice {
    Department(i64),
    /// 各处室: every department.
    All,
    /// A new department of this name, created with the import.
    Create,
    /// Not mapped (yet): the task shows the name only.
    Unmapped,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Plan {
    pub id: i64,
    pub org_id: i64,
    pub year: i64,
    pub title: String,
    pub issuer: Option<String>,
    pub doc_no: Option<String>,
    pub written_on: Option<NaiveDate>,
    pub source_name: String,
    /// JSON list of the parser's problems at import.
    pub problems: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub task_count: i64,
}

impl Plan {
    pub fn problems(&self) -> Vec<String> {
        serde_json::from_str(&self.problems).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Task {
    pub id: i64,
    pub plan_id: i64,
    pub plan_title: String,
    pub position: i64,
    pub part_number: String,
    pub part_title: String,
    pub section_number: String,
    pub section_title: String,
    pub number: String,
    pub title: String,
    pub text: String,
    pub deadline_text: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub due_on: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub progress_count: i64,
    /// Completion reports waiting for the office's review.
    pub pending_reports: i64,
    pub latest_progress: Option<String>,
}

impl Task {
    pub fn facts(&self) -> TaskFacts {
        TaskFacts {
            due: self.due_on,
            progress: usize::try_from(self.progress_count).unwrap_or(0),
            completed_on: self.completed_on,
        }
    }
}

/// A unit named by a task, with what it maps to.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TaskUnit {
    pub task_id: i64,
    /// `lead` or `responsible`.
    pub role: String,
    pub name: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub all_departments: bool,
}

/// A unit name of a plan and its mapping.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlanUnit {
    pub name: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub all_departments: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Progress {
    pub id: i64,
    pub task_id: i64,
    pub completion: bool,
    pub text: String,
    pub happened_on: NaiveDate,
    pub department_name: Option<String>,
    pub author: String,
    pub created_at: DateTime<Utc>,
    /// The office's decision on a completion report, when made.
    pub decision: Option<String>,
    pub decision_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Evidence {
    pub id: i64,
    pub progress_id: i64,
    pub document_id: Option<i64>,
    pub index_no: Option<String>,
    pub document_title: Option<String>,
    pub file_name: Option<String>,
    pub size: Option<i64>,
}

/// Evidence handed in with a progress entry.
#[derive(Debug, Clone)]
pub enum NewEvidence {
    /// A catalog item of the organization, by its 索引号.
    Document(String),
    File {
        name: String,
        content_type: String,
        bytes: Vec<u8>,
    },
}

/// A progress entry to record.
#[derive(Debug, Clone)]
pub struct NewProgress {
    pub text: String,
    pub happened_on: NaiveDate,
    /// A report that the task is done, for the office's review.
    pub completion: bool,
    pub department_id: Option<i64>,
    pub evidence: Vec<NewEvidence>,
}

/// A task as edited by the office.
#[derive(Debug, Clone)]
pub struct TaskEdit {
    pub number: String,
    pub title: String,
    pub text: String,
    pub deadline_text: String,
    pub deadline: Option<NaiveDate>,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
}

impl Db {
    /// Saves a confirmed import in one transaction: the plan, every unit name with the staff's
    /// choice (departments to create are created), the tasks in document order. A plan without
    /// tasks or without a year is refused and nothing is written.
    pub async fn create_work_plan(
        &self,
        org_id: i64,
        plan: &ParsedPlan,
        source_name: &str,
        units: &[(String, UnitChoice)],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        dispatch!(
            self,
            work_plans::create(org_id, plan, source_name, units, actor, now)
        )
    }

    /// The organization's plans, newest year first.
    pub async fn work_plans(&self, org_id: i64) -> DbResult<Vec<Plan>> {
        dispatch!(self, work_plans::plans(org_id))
    }

    pub async fn work_plan(&self, org_id: i64, id: i64) -> DbResult<Option<Plan>> {
        dispatch!(self, work_plans::plan(org_id, id))
    }

    /// A plan's tasks in document order.
    pub async fn work_plan_tasks(&self, plan_id: i64) -> DbResult<Vec<Task>> {
        dispatch!(self, work_plans::tasks(plan_id))
    }

    /// The units every task of a plan names, lead units first, in the order written.
    pub async fn work_plan_task_units(&self, plan_id: i64) -> DbResult<Vec<TaskUnit>> {
        dispatch!(self, work_plans::task_units(plan_id))
    }

    pub async fn work_plan_units(&self, plan_id: i64) -> DbResult<Vec<PlanUnit>> {
        dispatch!(self, work_plans::units(plan_id))
    }

    /// The newest mapping of each unit name to a department (or to every department) in the
    /// organization's plans; a plan leaving a name unmapped does not erase it. What the next
    /// import proposes first.
    pub async fn remembered_work_plan_units(&self, org_id: i64) -> DbResult<Vec<PlanUnit>> {
        dispatch!(self, work_plans::remembered_units(org_id))
    }

    /// Maps a unit name of a plan to a department, to every department, or to none (audited).
    pub async fn set_work_plan_unit(
        &self,
        org_id: i64,
        plan_id: i64,
        name: &str,
        choice: &UnitChoice,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            work_plans::set_unit(org_id, plan_id, name, choice, actor, now)
        )
    }

    /// The organization's tasks that name a unit mapped to `department_id` (or to every
    /// department), over all its plans, by due date.
    pub async fn department_work_plan_tasks(
        &self,
        org_id: i64,
        department_id: i64,
    ) -> DbResult<Vec<Task>> {
        dispatch!(self, work_plans::department_tasks(org_id, department_id))
    }

    /// The organization's tasks not completed and due before `today`, by due date.
    pub async fn overdue_work_plan_tasks(
        &self,
        org_id: i64,
        today: NaiveDate,
    ) -> DbResult<Vec<Task>> {
        dispatch!(self, work_plans::overdue_tasks(org_id, today))
    }

    pub async fn work_plan_task(&self, org_id: i64, task_id: i64) -> DbResult<Option<Task>> {
        dispatch!(self, work_plans::task(org_id, task_id))
    }

    /// A task's units (with their mapping).
    pub async fn work_plan_units_of_task(&self, task_id: i64) -> DbResult<Vec<TaskUnit>> {
        dispatch!(self, work_plans::units_of_task(task_id))
    }

    /// A task's progress entries, oldest first, with the decision on each completion report.
    pub async fn work_plan_progress(&self, task_id: i64) -> DbResult<Vec<Progress>> {
        dispatch!(self, work_plans::progress(task_id))
    }

    pub async fn work_plan_evidence(&self, task_id: i64) -> DbResult<Vec<Evidence>> {
        dispatch!(self, work_plans::evidence(task_id))
    }

    /// An uploaded evidence file of the organization: name, content type and bytes.
    pub async fn work_plan_evidence_file(
        &self,
        org_id: i64,
        evidence_id: i64,
    ) -> DbResult<Option<(String, String, Vec<u8>)>> {
        dispatch!(self, work_plans::evidence_file(org_id, evidence_id))
    }

    /// Records a progress entry with its evidence (core `check_progress`; a 索引号 must name a
    /// catalog item of the organization), in one transaction.
    pub async fn add_work_plan_progress(
        &self,
        org_id: i64,
        task_id: i64,
        entry: &NewProgress,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        dispatch!(
            self,
            work_plans::add_progress(org_id, task_id, entry, actor, now)
        )
    }

    /// The office's decision on the waiting completion report (core `check_review`): accepting
    /// completes the task as of `now`'s date.
    pub async fn review_work_plan_task(
        &self,
        org_id: i64,
        task_id: i64,
        decision: Decision,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            work_plans::review(org_id, task_id, decision, note, actor, now)
        )
    }

    /// Edits a task; new unit names join the plan's units, matched to departments.
    pub async fn update_work_plan_task(
        &self,
        org_id: i64,
        task_id: i64,
        edit: &TaskEdit,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            work_plans::update_task(org_id, task_id, edit, actor, now)
        )
    }

    /// The 贯彻落实情况 paragraph of each of the organization's plans of `year`, as of the
    /// year's end: a task completed later counts as not completed (core
    /// `tracking::implementation_text`).
    pub async fn work_plan_year_texts(&self, org_id: i64, year: i32) -> DbResult<Vec<String>> {
        let Some(year_end) = NaiveDate::from_ymd_opt(year, 12, 31) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for plan in self.work_plans(org_id).await? {
            if plan.year != i64::from(year) {
                continue;
            }
            let lines: Vec<TaskLine> = self
                .work_plan_tasks(plan.id)
                .await?
                .iter()
                .map(|t| {
                    let mut facts = t.facts();
                    facts.completed_on = facts.completed_on.filter(|d| *d <= year_end);
                    TaskLine {
                        part: (t.part_number.clone(), t.part_title.clone()),
                        units: Vec::new(),
                        facts,
                    }
                })
                .collect();
            out.push(implementation_text(
                &plan.title,
                &summarize(&lines, year_end),
            ));
        }
        out.reverse();
        Ok(out)
    }

    /// Adds a task right after `after_id`, in its part and section (audited).
    pub async fn add_work_plan_task_after(
        &self,
        org_id: i64,
        after_id: i64,
        edit: &TaskEdit,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        dispatch!(
            self,
            work_plans::add_task_after(org_id, after_id, edit, actor, now)
        )
    }

    /// Deletes a task without progress (a conflict otherwise); returns its plan's id.
    pub async fn delete_work_plan_task(
        &self,
        org_id: i64,
        task_id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        dispatch!(self, work_plans::delete_task(org_id, task_id, actor, now))
    }

    /// Deletes a plan none of whose tasks has progress (a conflict otherwise).
    pub async fn delete_work_plan(
        &self,
        org_id: i64,
        plan_id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, work_plans::delete_plan(org_id, plan_id, actor, now))
    }

    /// Sets (or clears) the department a staff member belongs to (audited).
    pub async fn set_user_department(
        &self,
        org_id: i64,
        user_id: i64,
        department_id: Option<i64>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            users::set_user_department(org_id, user_id, department_id, actor, now)
        )
    }
}
