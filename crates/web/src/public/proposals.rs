//! `/proposals`: the published answers to deputies' suggestions and CPPCC proposals.

use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use gongkai_core::proposal::Kind;
use gongkai_core::time::format_cn_date;
use serde::Serialize;

#[derive(Serialize)]
struct Item {
    id: i64,
    kind: &'static str,
    number: String,
    title: String,
    author: String,
    answered_on: String,
    answer: String,
}

fn item(p: &gongkai_db::Proposal) -> Item {
    Item {
        id: p.id,
        kind: Kind::parse(&p.kind).map_or("", Kind::label),
        number: p.number.clone(),
        title: p.title.clone(),
        author: p.author.clone(),
        answered_on: p.answered_on.map(format_cn_date).unwrap_or_default(),
        answer: p.answer.clone().unwrap_or_default(),
    }
}

pub async fn index(State(state): State<AppState>) -> AppResult<Response> {
    let items = state.db.published_proposals(100).await?;
    let html = render(
        "proposals.html",
        crate::ctx! { items => items.iter().map(item).collect::<Vec<_>>() },
    )?;
    Ok(Html(html).into_response())
}

pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let p = state
        .db
        .proposal(id)
        .await?
        .filter(|p| p.published)
        .ok_or(AppError::NotFound)?;
    let html = render("proposal.html", crate::ctx! { p => item(&p) })?;
    Ok(Html(html).into_response())
}
