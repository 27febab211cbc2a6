//! Lists across the organization's plans: "my tasks" (the tasks naming the staff member's
//! department, with reminders before deadlines) and the overdue list.

use super::{TaskView, task_views};
use crate::admin::{chrome, page};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::Response;
use gongkai_core::role::Action;
use gongkai_core::time::format_cn_date;
use gongkai_core::work_plan::tracking::REMINDER_WINDOW_DAYS;

/// The tasks of the staff member's department, open ones first (by due date), then completed.
pub async fn my_tasks(state: &AppState, staff: &Staff) -> AppResult<Option<Vec<TaskView>>> {
    let Some(dep) = staff.user.department_id else {
        return Ok(None);
    };
    let tasks = state
        .db
        .department_work_plan_tasks(staff.org.id, dep)
        .await?;
    let mut views = task_views(&state.db, &tasks, state.clock.today()).await?;
    views.sort_by_key(|v| v.status == "done");
    Ok(Some(views))
}

/// `GET /admin/work-plans/mine`.
pub async fn mine(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    let tasks = my_tasks(&state, &staff).await?;
    let department = match staff.user.department_id {
        Some(d) => state
            .db
            .departments(staff.org.id)
            .await?
            .into_iter()
            .find(|x| x.id == d)
            .map(|x| x.name),
        None => None,
    };
    Ok(page(render(
        "admin/work_plan_list.html",
        crate::ctx! {
            chrome => chrome(&staff),
            heading => "本处室的工作要点任务",
            department => department,
            mine => true,
            tasks => tasks,
            window => REMINDER_WINDOW_DAYS,
            today => format_cn_date(state.clock.today()),
        },
    )?))
}

/// `GET /admin/work-plans/overdue`: every task past its due date and not completed.
pub async fn overdue(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    let today = state.clock.today();
    let tasks = state
        .db
        .overdue_work_plan_tasks(staff.org.id, today)
        .await?;
    let views = task_views(&state.db, &tasks, today).await?;
    Ok(page(render(
        "admin/work_plan_list.html",
        crate::ctx! {
            chrome => chrome(&staff),
            heading => "逾期未完成的任务",
            mine => false,
            tasks => Some(views),
            window => REMINDER_WINDOW_DAYS,
            today => format_cn_date(today),
        },
    )?))
}
