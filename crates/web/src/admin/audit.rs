//! The audit trail, read-only.

use super::{chrome, page};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::Response;
use gongkai_core::role::Action;
use gongkai_db::AuditEntry;
use serde::Serialize;

#[derive(Serialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub summary: String,
}

impl From<&AuditEntry> for AuditRow {
    fn from(e: &AuditEntry) -> Self {
        AuditRow {
            at: e
                .at
                .with_timezone(&gongkai_core::time::china())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            actor: e.actor_name.clone(),
            action: e.action.clone(),
            summary: e.summary.clone(),
        }
    }
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ViewAudit)?;
    let entries = state.db.recent_audit(staff.org.id, 200).await?;
    let html = render(
        "admin/audit.html",
        crate::ctx! { chrome => chrome(&staff), entries => entries.iter().map(AuditRow::from).collect::<Vec<_>>() },
    )?;
    Ok(page(html))
}
