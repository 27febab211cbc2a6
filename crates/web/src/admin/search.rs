//! Search for staff: every status of the organization's documents.

use super::{chrome, page};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::public::search::{hit_views, run};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use gongkai_core::role::Action;
use gongkai_search::Scope;

pub async fn search(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ViewDrafts)?;
    let o = run(
        &state,
        raw.as_deref(),
        Scope::Staff {
            org_id: staff.org.id,
        },
    )
    .await?;
    let html = render(
        "admin/search.html",
        crate::ctx! {
            chrome => chrome(&staff),
            q => o.params.q.clone(),
            searched => !o.results.parsed.is_empty(),
            total => o.results.total,
            hits => hit_views(&o),
            notes => o.notes.clone(),
            next_url => (o.page < o.pages()).then(|| o.link(o.page + 1, o.sort)),
        },
    )?;
    Ok(page(html))
}
