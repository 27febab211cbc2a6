//! `/consultations`: drafts open for public comment, and closed ones with their adoption report
//! and final document. A consultation's page carries the comment form (CSRF token, honeypot,
//! per-address limit); comments show once approved, never with the commenter's name or contact.

use super::apply::private_page;
use crate::csrf::{self, CsrfToken};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::limit::ClientAddr;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_core::consultation::{Disposition, Kind, is_open};
use gongkai_db::DbError;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    org: String,
    kind: &'static str,
    start_on: String,
    end_on: String,
    open: bool,
    reported: bool,
}

pub async fn index(State(state): State<AppState>) -> AppResult<Response> {
    let today = state.clock.today();
    let items = state.db.consultations(None, Some(today)).await?;
    let rows: Vec<Row> = items
        .iter()
        .map(|c| Row {
            id: c.id,
            title: c.title.clone(),
            org: c.org_name.clone(),
            kind: Kind::parse(&c.kind).map_or("", Kind::label),
            start_on: c.start_on.to_string(),
            end_on: c.end_on.to_string(),
            open: is_open(c.start_on, c.end_on, today),
            reported: c.report.is_some(),
        })
        .collect();
    Ok(Html(render("consultations.html", crate::ctx! { items => rows })?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    csrf: String,
    body: String,
    name: String,
    contact: String,
    homepage: String,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    id: i64,
    status: StatusCode,
    problem: Option<String>,
    done: bool,
) -> AppResult<Response> {
    let today = state.clock.today();
    let c = state
        .db
        .consultation(id)
        .await?
        .filter(|c| c.start_on <= today)
        .ok_or(AppError::NotFound)?;
    let comments: Vec<(String, &'static str, String)> = state
        .db
        .consultation_comments(id, true)
        .await?
        .into_iter()
        .map(|k| {
            let d = k.disposition.as_deref().and_then(Disposition::parse);
            (
                k.body,
                d.map_or("", Disposition::label),
                k.disposition_reason,
            )
        })
        .collect();
    let html = render(
        "consultation.html",
        crate::ctx! {
            csrf => csrf.0, c => c, kind => Kind::parse(&c.kind).map_or("", Kind::label),
            open => is_open(c.start_on, c.end_on, today), comments => comments,
            problem => problem, done => done,
        },
    )?;
    Ok(private_page(status, html))
}

pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    page(&state, &csrf, id, StatusCode::OK, None, false).await
}

pub async fn comment(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    if !state.limits.apply.allow(&addr, state.clock.now()) {
        return Err(AppError::TooManyRequests);
    }
    if !f.homepage.is_empty() {
        return Err(AppError::BadRequest(
            "意见未能提交。请关闭自动填表工具后重新填写。".into(),
        ));
    }
    match state
        .db
        .comment_on_consultation(id, &f.body, &f.name, &f.contact, state.clock.now())
        .await
    {
        Ok(()) => page(&state, &csrf, id, StatusCode::OK, None, true).await,
        Err(DbError::Invalid(e)) => {
            let msg = e.0.first().map(|e| e.message.clone());
            page(
                &state,
                &csrf,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                msg,
                false,
            )
            .await
        }
        Err(DbError::Conflict(m)) => {
            page(&state, &csrf, id, StatusCode::CONFLICT, Some(m), false).await
        }
        Err(e) => Err(e.into()),
    }
}
