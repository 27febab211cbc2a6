//! `/admin/concerns?year=`: responses to public concern (政务舆情回应). Each topic shows its time
//! limits (core `concern::limits`: 5 h / 24 h for major emergencies, 48 h otherwise) and whether
//! they were met; the year's counts are the figures the annual report uses.

use super::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use gongkai_core::FieldErrors;
use gongkai_core::concern::{Level, ResponseKind, limits};
use gongkai_core::role::Action;
use gongkai_core::time::{china, china_midnight};
use gongkai_db::DbError;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct TopicView {
    id: i64,
    topic: String,
    level: &'static str,
    noticed_at: String,
    source: String,
    limits: Vec<(String, String, &'static str)>,
    responses: Vec<(String, &'static str, String, String)>,
}

fn time(t: DateTime<Utc>) -> String {
    t.with_timezone(&china())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// `datetime-local` input (China time) → UTC.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let t = NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok()?;
    t.and_local_timezone(china())
        .single()
        .map(|t| t.with_timezone(&Utc))
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    year: i32,
    errors: &FieldErrors,
    typed: serde_json::Value,
) -> AppResult<String> {
    let jan1 = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).map(china_midnight);
    let (Some(from), Some(to)) = (jan1(year), jan1(year + 1)) else {
        return Err(AppError::BadRequest("年度不正确".into()));
    };
    let now = state.clock.now();
    let topics = state.db.concerns(staff.org.id, from, to).await?;
    let mut responses_by_kind: Vec<(&'static str, usize)> =
        ResponseKind::ALL.iter().map(|k| (k.label(), 0)).collect();
    let mut on_time = 0;
    let mut views = Vec::new();
    for (c, rs) in &topics {
        let level = Level::parse(&c.level).unwrap_or(Level::Ordinary);
        let pairs: Vec<(ResponseKind, DateTime<Utc>)> = rs
            .iter()
            .filter_map(|r| ResponseKind::parse(&r.kind).map(|k| (k, r.responded_at)))
            .collect();
        for (k, _) in &pairs {
            if let Some(slot) = responses_by_kind.iter_mut().find(|(l, _)| *l == k.label()) {
                slot.1 += 1;
            }
        }
        let ls = limits(level, c.noticed_at, &pairs);
        if ls.iter().all(|l| l.state(now) == "按时") {
            on_time += 1;
        }
        views.push(TopicView {
            id: c.id,
            topic: c.topic.clone(),
            level: level.label(),
            noticed_at: time(c.noticed_at),
            source: c.source.clone(),
            limits: ls
                .iter()
                .map(|l| (l.label.to_string(), time(l.due), l.state(now)))
                .collect(),
            responses: rs
                .iter()
                .map(|r| {
                    (
                        time(r.responded_at),
                        ResponseKind::parse(&r.kind).map_or("", ResponseKind::label),
                        r.summary.clone(),
                        r.link.clone(),
                    )
                })
                .collect(),
        });
    }
    Ok(render(
        "admin/concerns.html",
        crate::ctx! {
            chrome => chrome(staff),
            year => year,
            years => (2016..=state.clock.today().year()).rev().collect::<Vec<_>>(),
            topics => views,
            total => topics.len(),
            on_time => on_time,
            by_kind => responses_by_kind,
            kinds => ResponseKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect::<Vec<_>>(),
            now_input => now.with_timezone(&china()).format("%Y-%m-%dT%H:%M").to_string(),
            errors => error_map(errors),
            // What was typed into a form that was refused, shown again.
            typed => typed,
        },
    )?)
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageConcerns)?;
    let this = state.clock.today().year();
    let year = crate::public::year_param(raw.as_deref(), 2016, this, this)?;
    Ok(page(
        list_page(
            &state,
            &staff,
            year,
            &FieldErrors::new(),
            serde_json::Value::Null,
        )
        .await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TopicForm {
    csrf: String,
    topic: String,
    level: String,
    noticed_at: String,
    source: String,
}

pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<TopicForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageConcerns)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let level =
        Level::parse(&f.level).ok_or_else(|| AppError::BadRequest("请选择舆情级别".into()))?;
    let result = match parse_time(&f.noticed_at) {
        None => Err(DbError::field(
            "noticed_at",
            "请填写发现时间，格式为 年-月-日 时:分",
        )),
        Some(t) => {
            state
                .db
                .add_concern(
                    staff.org.id,
                    &f.topic,
                    level,
                    t,
                    &f.source,
                    &staff.actor(),
                    state.clock.now(),
                )
                .await
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to("/admin/concerns").into_response()),
        Err(DbError::Invalid(e)) => {
            let year = state.clock.today().year();
            Ok(invalid(list_page(&state, &staff, year, &e, serde_json::json!({"topic": f.topic, "level": f.level, "noticed_at": f.noticed_at, "source": f.source})).await?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResponseForm {
    csrf: String,
    kind: String,
    responded_at: String,
    summary: String,
    link: String,
}

pub async fn respond(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ResponseForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageConcerns)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let kind = ResponseKind::parse(&f.kind)
        .ok_or_else(|| AppError::BadRequest("请选择回应方式".into()))?;
    let result = match parse_time(&f.responded_at) {
        None => Err(DbError::field(
            "responded_at",
            "请填写回应时间，格式为 年-月-日 时:分",
        )),
        Some(t) => {
            state
                .db
                .respond_to_concern(
                    staff.org.id,
                    id,
                    kind,
                    t,
                    &f.summary,
                    &f.link,
                    &staff.actor(),
                    state.clock.now(),
                )
                .await
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to("/admin/concerns").into_response()),
        Err(DbError::Invalid(e)) => {
            let year = state.clock.today().year();
            Ok(invalid(list_page(&state, &staff, year, &e, serde_json::json!({"concern": id, "summary": f.summary, "link": f.link, "responded_at": f.responded_at, "kind": f.kind})).await?))
        }
        Err(e) => Err(e.into()),
    }
}
