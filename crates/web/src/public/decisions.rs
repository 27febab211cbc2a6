//! `/decisions?year=`: the published major administrative decisions catalogs of every
//! organization for a year, each item with links to its consultation and final decision.

use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;

pub async fn index(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let this = state.clock.today().year();
    let year = i64::from(super::year_param(raw.as_deref(), 2000, this + 1, this)?);
    let items = state.db.major_decisions(None, year).await?;
    let html = render(
        "decisions.html",
        crate::ctx! { year => year, items => items },
    )?;
    Ok(Html(html).into_response())
}
