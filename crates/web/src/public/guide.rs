//! The 政府信息公开指南 (Art. 12), generated from the organization's own data.

use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};

/// With one organization, its guide; with several, the list to choose from.
pub async fn index(State(state): State<AppState>) -> AppResult<Response> {
    let orgs = state.db.orgs().await?;
    if let [only] = orgs.as_slice() {
        return Ok(Redirect::to(&format!("/guide/{}", only.code)).into_response());
    }
    let html = render("guide.html", crate::ctx! { orgs => orgs })?;
    Ok(Html(html).into_response())
}

pub async fn org(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> AppResult<Html<String>> {
    let org = state
        .db
        .org_by_code(&code)
        .await?
        .ok_or(AppError::NotFound)?;
    let columns = state.db.columns(org.id).await?;
    let html = render(
        "guide.html",
        crate::ctx! {
            org => &org,
            columns => columns.iter().map(|c| (c.slug.clone(), c.name.clone())).collect::<Vec<_>>(),
        },
    )?;
    Ok(Html(html))
}
