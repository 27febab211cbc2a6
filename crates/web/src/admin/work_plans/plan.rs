//! One plan: its tasks as a tree (parts, sections, tasks) coloured by status, filtered by status
//! or unit; the progress summary per part and per unit (core `tracking::summarize`); the unit
//! mapping, which the office can change; and the XLSX export of the whole status.

use super::{TaskView, task_view};
use crate::admin::{chrome, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_core::role::Action;
use gongkai_core::time::format_cn_date;
use gongkai_core::work_plan::tracking::{Counts, Summary, TaskLine, TaskStatus, summarize};
use gongkai_db::work_plans::{Plan, Task, TaskUnit};
use gongkai_export::plan::{PlanRow, PlanSheet, plan_xlsx};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Filter {
    status: String,
    unit: String,
    msg: String,
}

#[derive(Serialize)]
struct SectionView {
    number: String,
    title: String,
    tasks: Vec<TaskView>,
}

#[derive(Serialize)]
struct PartView {
    number: String,
    title: String,
    tasks: Vec<TaskView>,
    sections: Vec<SectionView>,
}

#[derive(Serialize)]
struct CountRow {
    label: String,
    counts: Counts,
    done_percent: String,
}

fn count_row(label: String, counts: Counts) -> CountRow {
    CountRow {
        label,
        done_percent: counts
            .done_percent()
            .map_or_else(|| "—".into(), |v| format!("{v}%")),
        counts,
    }
}

fn part_label(number: &str, title: &str) -> String {
    if number.is_empty() {
        title.to_string()
    } else {
        format!("{number}、{title}")
    }
}

/// The summary of a plan's tasks as of `today`.
fn summary(tasks: &[Task], units: &[TaskUnit], today: NaiveDate) -> Summary {
    let lines: Vec<TaskLine> = tasks
        .iter()
        .map(|t| TaskLine {
            part: (t.part_number.clone(), t.part_title.clone()),
            units: units
                .iter()
                .filter(|u| u.task_id == t.id)
                .map(|u| u.name.clone())
                .collect(),
            facts: t.facts(),
        })
        .collect();
    summarize(&lines, today)
}

/// Groups task views into the plan's parts and sections, in order.
fn tree(tasks: &[Task], views: Vec<TaskView>) -> Vec<PartView> {
    let mut parts: Vec<PartView> = Vec::new();
    for (t, v) in tasks.iter().zip(views) {
        let new_part = parts.last().is_none_or(|p| {
            (p.number.as_str(), p.title.as_str()) != (&t.part_number, &t.part_title)
        });
        if new_part {
            parts.push(PartView {
                number: t.part_number.clone(),
                title: t.part_title.clone(),
                tasks: Vec::new(),
                sections: Vec::new(),
            });
        }
        let Some(part) = parts.last_mut() else {
            continue;
        };
        if t.section_number.is_empty() {
            part.tasks.push(v);
            continue;
        }
        let new_section = part
            .sections
            .last()
            .is_none_or(|s| s.number != t.section_number);
        if new_section {
            part.sections.push(SectionView {
                number: t.section_number.clone(),
                title: t.section_title.clone(),
                tasks: Vec::new(),
            });
        }
        if let Some(s) = part.sections.last_mut() {
            s.tasks.push(v);
        }
    }
    parts
}

async fn load(
    state: &AppState,
    staff: &Staff,
    id: i64,
) -> AppResult<(Plan, Vec<Task>, Vec<TaskUnit>)> {
    let plan = state
        .db
        .work_plan(staff.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let tasks = state.db.work_plan_tasks(id).await?;
    let units = state.db.work_plan_task_units(id).await?;
    Ok((plan, tasks, units))
}

/// `GET /admin/work-plans/{id}?status=&unit=`.
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    let f: Filter = crate::public::parse_query(raw.as_deref())?;
    let today = state.clock.today();
    let (plan, tasks, units) = load(&state, &staff, id).await?;
    // Unknown filter values show everything rather than nothing.
    let status = TaskStatus::parse(&f.status);
    let unit = units
        .iter()
        .any(|u| u.name == f.unit)
        .then_some(f.unit.as_str());
    let shown: Vec<Task> = tasks
        .iter()
        .filter(|t| status.is_none_or(|s| t.facts().status(today) == s))
        .filter(|t| unit.is_none_or(|n| units.iter().any(|u| u.task_id == t.id && u.name == n)))
        .cloned()
        .collect();
    let views = shown.iter().map(|t| task_view(t, &units, today)).collect();
    let s = summary(&tasks, &units, today);
    let plan_units = state.db.work_plan_units(id).await?;
    let departments = state.db.departments(staff.org.id).await?;
    let notice = crate::forms::notice(Some(f.msg.as_str()));
    Ok(page(render(
        "admin/work_plan.html",
        crate::ctx! {
            chrome => chrome(&staff),
            notice => notice,
            plan => &plan,
            written_on => plan.written_on.map(format_cn_date),
            problems => plan.problems(),
            today => format_cn_date(today),
            parts => tree(&shown, views),
            shown => shown.len(),
            all => count_row("全部任务".into(), s.all),
            part_rows => s.parts.iter().map(|(n, t, c)| count_row(part_label(n, t), *c)).collect::<Vec<_>>(),
            unit_rows => s.units.iter().map(|(n, c)| count_row(n.clone(), *c)).collect::<Vec<_>>(),
            statuses => TaskStatus::ALL.iter().map(|s| (s.as_str(), s.label())).collect::<Vec<_>>(),
            status => status.map(TaskStatus::as_str),
            unit => unit,
            plan_units => plan_units,
            departments => departments.iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>(),
            may_manage => staff.may(Action::ManageWorkPlans),
            may_delete => staff.may(Action::ManageWorkPlans) && tasks.iter().all(|t| t.progress_count == 0),
        },
    )?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UnitForm {
    csrf: String,
    name: String,
    map: String,
}

/// `POST /admin/work-plans/{id}/units`: maps one unit name (`map`: `dep:ID`, `all`, `new`,
/// `none`).
pub async fn set_unit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<UnitForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let choice = super::unit_choice(&f.map)
        .ok_or_else(|| AppError::BadRequest("请选择对应的处室".into()))?;
    state
        .db
        .set_work_plan_unit(
            staff.org.id,
            id,
            &f.name,
            &choice,
            &staff.actor(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/admin/work-plans/{id}#units")).into_response())
}

/// `GET /admin/work-plans/{id}/export`: the status as an XLSX workbook.
pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    let today = state.clock.today();
    let (plan, tasks, units) = load(&state, &staff, id).await?;
    let s = summary(&tasks, &units, today);
    let names = |t: &Task, role: &str| -> Vec<String> {
        units
            .iter()
            .filter(|u| u.task_id == t.id && u.role == role)
            .map(|u| u.name.clone())
            .collect()
    };
    let sheet = PlanSheet {
        title: plan.title.clone(),
        as_of: today,
        rows: tasks
            .iter()
            .map(|t| PlanRow {
                part: part_label(&t.part_number, &t.part_title),
                section: if t.section_number.is_empty() {
                    String::new()
                } else {
                    format!("{}{}", t.section_number, t.section_title)
                },
                number: t.number.clone(),
                title: t.title.clone(),
                lead_units: names(t, "lead"),
                responsible_units: names(t, "responsible"),
                deadline_text: t.deadline_text.clone().unwrap_or_default(),
                due: t.due_on,
                status: t.facts().status(today),
                completed_on: t.completed_on,
                latest_progress: t.latest_progress.clone().unwrap_or_default(),
            })
            .collect(),
        parts: s
            .parts
            .iter()
            .map(|(n, t, c)| (part_label(n, t), *c))
            .collect(),
        units: s.units.clone(),
    };
    let bytes = plan_xlsx(&sheet).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(crate::admin::download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{}.xlsx", plan.title),
        bytes,
    ))
}

/// `POST /admin/work-plans/{id}/delete`: a plan imported by mistake (none of its tasks reported
/// on).
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<crate::admin::login::CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    state
        .db
        .delete_work_plan(staff.org.id, id, &staff.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to("/admin/work-plans").into_response())
}
