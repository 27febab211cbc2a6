//! `/faq?q=`: the published frequently asked questions of every organization, by topic, with a
//! search over questions and answers.

use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FaqQuery {
    q: String,
}

pub async fn index(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let query: FaqQuery = super::parse_query(raw.as_deref())?;
    // A long query is cut, as on the search page.
    let q: String = query.q.trim().chars().take(100).collect();
    let entries = state
        .db
        .faq(None, true, (!q.is_empty()).then_some(q.as_str()))
        .await?;
    let html = render("faq.html", crate::ctx! { q => q, entries => entries })?;
    Ok(Html(html).into_response())
}
