//! `/decisions?year=`: the published major administrative decisions catalogs of every
//! organization for a year, each item with links to its consultation and final decision.

use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    year: String,
}

pub async fn index(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let q: YearQuery = super::parse_query(raw.as_deref())?;
    let this = i64::from(state.clock.today().year());
    let year = q
        .year
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (2000..=this + 1).contains(y))
        .unwrap_or(this);
    let items = state.db.major_decisions(None, year).await?;
    let html = render(
        "decisions.html",
        crate::ctx! { year => year, items => items },
    )?;
    Ok(Html(html).into_response())
}
