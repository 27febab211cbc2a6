//! The back office's start page.

use super::{chrome, page};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use crate::views::DocRow;
use axum::extract::State;
use axum::response::Response;
use gongkai_core::role::Action;
use gongkai_db::ListingFilter;

pub async fn dashboard(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ViewBackOffice)?;
    let recent = if staff.may(Action::ViewDrafts) {
        state
            .db
            .staff_listing(staff.org.id, &ListingFilter::default(), None, 10)
            .await?
    } else {
        vec![]
    };
    // Each role sees the items waiting for its step of the publishing workflow.
    let queue = async |status: &str, allowed: bool| -> AppResult<Vec<DocRow>> {
        if !allowed {
            return Ok(vec![]);
        }
        let f = ListingFilter {
            status: Some(status.into()),
            ..Default::default()
        };
        let items = state.db.staff_listing(staff.org.id, &f, None, 20).await?;
        Ok(items.iter().map(DocRow::from).collect())
    };
    let drafts = queue("draft", staff.may(Action::EditDocument)).await?;
    let to_review = queue("submitted", staff.may(Action::ReviewDocument)).await?;
    let to_approve = queue("reviewed", staff.may(Action::PublishDocument)).await?;
    let scheduled = queue("scheduled", staff.may(Action::PublishDocument)).await?;
    // In-app reminders: the department's work-plan tasks due soon or overdue.
    let reminders: Vec<_> = super::work_plans::lists::my_tasks(&state, &staff)
        .await?
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.reminder.is_some())
        .collect();
    // The office: completion reports waiting for review, and overdue tasks.
    let (to_confirm, overdue_tasks) = if staff.may(Action::ManageWorkPlans) {
        let mut waiting = Vec::new();
        for p in state.db.work_plans(staff.org.id).await? {
            waiting.extend(
                state
                    .db
                    .work_plan_tasks(p.id)
                    .await?
                    .into_iter()
                    .filter(|t| t.pending_reports > 0),
            );
        }
        let overdue = state
            .db
            .overdue_work_plan_tasks(staff.org.id, state.clock.today())
            .await?
            .len();
        (
            super::work_plans::task_views(&state.db, &waiting, state.clock.today()).await?,
            overdue,
        )
    } else {
        (Vec::new(), 0)
    };
    let html = render(
        "admin/dashboard.html",
        crate::ctx! {
            chrome => chrome(&staff),
            may_view_docs => staff.may(Action::ViewDrafts),
            recent => recent.iter().map(DocRow::from).collect::<Vec<_>>(),
            drafts => drafts,
            to_review => to_review,
            to_approve => to_approve,
            scheduled => scheduled,
            may_review => staff.may(Action::ReviewDocument),
            may_approve => staff.may(Action::PublishDocument),
            reminders => reminders,
            to_confirm => to_confirm,
            overdue_tasks => overdue_tasks,
        },
    )?;
    Ok(page(html))
}
