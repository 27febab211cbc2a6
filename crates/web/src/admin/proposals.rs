//! `/admin/proposals?year=`: deputies' suggestions (人大代表建议) and CPPCC proposals (政协提案) —
//! registration, assignment to a division (answer due three months later, core
//! `proposal::answer_due`), the full-text answer published unless withheld with a reason, and the
//! year's counts and on-time rate.

use super::{chrome, conflict, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use gongkai_core::FieldErrors;
use gongkai_core::proposal::{Kind, Status, YearCounts};
use gongkai_core::role::Action;
use gongkai_core::time::{format_cn_date, parse_iso_date};
use gongkai_db::{DbError, Proposal};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Row {
    id: i64,
    kind: &'static str,
    number: String,
    title: String,
    author: String,
    received_on: String,
    status: &'static str,
    department: String,
    due_on: String,
    overdue: bool,
    answered_on: String,
    published: bool,
}

fn row(p: &Proposal, today: NaiveDate) -> Row {
    Row {
        id: p.id,
        kind: Kind::parse(&p.kind).map_or("", Kind::label),
        number: p.number.clone(),
        title: p.title.clone(),
        author: p.author.clone(),
        received_on: format_cn_date(p.received_on),
        status: Status::parse(&p.status).map_or("", Status::label),
        department: p.department_name.clone().unwrap_or_default(),
        due_on: p.due_on.map(format_cn_date).unwrap_or_default(),
        overdue: p.answered_on.is_none() && p.due_on.is_some_and(|d| d < today),
        answered_on: p.answered_on.map(format_cn_date).unwrap_or_default(),
        published: p.published,
    }
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    year: i32,
    errors: &FieldErrors,
    problem: Option<String>,
    typed: serde_json::Value,
) -> AppResult<String> {
    let today = state.clock.today();
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(AppError::BadRequest("年度不正确".into()));
    };
    let items = state.db.proposals(staff.org.id, from, to).await?;
    let mut counts = [
        (Kind::Suggestion, YearCounts::default()),
        (Kind::Proposal, YearCounts::default()),
    ];
    for p in &items {
        if let Some((_, c)) = counts
            .iter_mut()
            .find(|(k, _)| Some(*k) == Kind::parse(&p.kind))
        {
            c.add(p.due_on, p.answered_on, p.published);
        }
    }
    let departments = state.db.departments(staff.org.id).await?;
    Ok(render(
        "admin/proposals.html",
        crate::ctx! {
            chrome => chrome(staff),
            year => year,
            years => (2008..=today.year()).rev().collect::<Vec<_>>(),
            items => items.iter().map(|p| row(p, today)).collect::<Vec<_>>(),
            counts => counts.iter().map(|(k, c)| (k.label(), *c, c.on_time_percent().map(|p| format!("{p}%")).unwrap_or_else(|| "—".into()))).collect::<Vec<_>>(),
            kinds => Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect::<Vec<_>>(),
            departments => departments.iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>(),
            today => today.to_string(),
            errors => error_map(errors),
            // What was typed into a refused registration, shown again.
            typed => typed,
            problem => problem,
        },
    )?)
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::HandleProposals)?;
    let this = state.clock.today().year();
    let year = crate::public::year_param(raw.as_deref(), 2008, this, this)?;
    Ok(page(
        list_page(
            &state,
            &staff,
            year,
            &FieldErrors::new(),
            None,
            serde_json::Value::Null,
        )
        .await?,
    ))
}

async fn refused(
    state: &AppState,
    staff: &Staff,
    e: DbError,
    typed: serde_json::Value,
) -> AppResult<Response> {
    let year = state.clock.today().year();
    match e {
        DbError::Invalid(errs) => Ok(invalid(
            list_page(state, staff, year, &errs, None, typed).await?,
        )),
        DbError::Conflict(m) => Ok(conflict(
            list_page(state, staff, year, &FieldErrors::new(), Some(m), typed).await?,
        )),
        other => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    csrf: String,
    kind: String,
    number: String,
    title: String,
    author: String,
    received_on: String,
}

pub async fn register(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<RegisterForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleProposals)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let typed = serde_json::json!({
        "kind": f.kind, "number": f.number, "title": f.title, "author": f.author,
        "received_on": f.received_on,
    });
    let kind = Kind::parse(&f.kind).ok_or_else(|| AppError::BadRequest("类别不正确".into()))?;
    let Some(received_on) = parse_iso_date(&f.received_on) else {
        return refused(
            &state,
            &staff,
            DbError::field("received_on", "请填写收到日期，格式为 年-月-日"),
            typed.clone(),
        )
        .await;
    };
    match state
        .db
        .register_proposal(
            staff.org.id,
            kind,
            &f.number,
            &f.title,
            &f.author,
            received_on,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/proposals").into_response()),
        Err(e) => refused(&state, &staff, e, typed).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssignForm {
    csrf: String,
    department: String,
}

pub async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<AssignForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleProposals)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let Ok(dep) = f.department.trim().parse::<i64>() else {
        return refused(
            &state,
            &staff,
            DbError::field("department", "请选择承办处室"),
            serde_json::Value::Null,
        )
        .await;
    };
    match state
        .db
        .assign_proposal(staff.org.id, id, dep, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/proposals").into_response()),
        Err(e) => refused(&state, &staff, e, serde_json::Value::Null).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    csrf: String,
    answer: String,
    withhold_reason: String,
}

pub async fn answer(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<AnswerForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleProposals)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    match state
        .db
        .answer_proposal(
            staff.org.id,
            id,
            &f.answer,
            &f.withhold_reason,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/proposals").into_response()),
        Err(e) => refused(&state, &staff, e, serde_json::Value::Null).await,
    }
}
