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
    let drafts = if staff.may(Action::ViewDrafts) {
        let f = ListingFilter {
            status: Some("draft".into()),
            ..Default::default()
        };
        state.db.staff_listing(staff.org.id, &f, None, 10).await?
    } else {
        vec![]
    };
    let html = render(
        "admin/dashboard.html",
        crate::ctx! {
            chrome => chrome(&staff),
            may_view_docs => staff.may(Action::ViewDrafts),
            recent => recent.iter().map(DocRow::from).collect::<Vec<_>>(),
            drafts => drafts.iter().map(DocRow::from).collect::<Vec<_>>(),
        },
    )?;
    Ok(page(html))
}
