//! `/admin/decisions?year=`: the major administrative decisions catalog (重大行政决策事项目录) of a
//! year — each item with its sponsor, planned time and the procedure it links: the public
//! consultation, expert review, risk assessment, public representatives attending, and the final
//! decision document. Published at `/decisions`.

use super::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::AppResult;
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use gongkai_core::FieldErrors;
use gongkai_core::role::Action;
use gongkai_db::{DbError, DecisionFields};
use serde::Deserialize;

/// A refused form: which item it was for (`None` = a new one) and what was typed, so the page
/// shows it again instead of the stored values.
struct Refused<'a> {
    id: Option<i64>,
    typed: &'a DecisionFields,
    errors: &'a FieldErrors,
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    year: i64,
    refused: Option<Refused<'_>>,
) -> AppResult<String> {
    let items = state.db.major_decisions(Some(staff.org.id), year).await?;
    let consultations = state.db.consultations(Some(staff.org.id), None).await?;
    Ok(render(
        "admin/decisions.html",
        crate::ctx! {
            chrome => chrome(staff),
            year => year,
            items => items,
            consultations => consultations.iter().map(|c| (c.id, c.title.clone())).collect::<Vec<_>>(),
            errors => refused.as_ref().map(|r| error_map(r.errors)).unwrap_or_default(),
            editing => refused.as_ref().and_then(|r| r.id),
            typed => refused.as_ref().map(|r| r.typed),
        },
    )?)
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageDecisions)?;
    let this = state.clock.today().year();
    let year = i64::from(crate::public::year_param(
        raw.as_deref(),
        2000,
        this + 1,
        this,
    )?);
    Ok(page(list_page(&state, &staff, year, None).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    csrf: String,
    year: String,
    title: String,
    sponsor: String,
    planned: String,
    consultation: String,
    expert_review: String,
    risk_assessment: String,
    public_attendance: String,
    final_index_no: String,
}

impl DecisionForm {
    fn fields(&self) -> DecisionFields {
        DecisionFields {
            year: self.year.trim().parse().unwrap_or(0),
            title: self.title.clone(),
            sponsor: self.sponsor.clone(),
            planned: self.planned.clone(),
            consultation_id: self.consultation.trim().parse().ok(),
            expert_review: self.expert_review.clone(),
            risk_assessment: self.risk_assessment.clone(),
            public_attendance: self.public_attendance.clone(),
            final_index_no: self.final_index_no.clone(),
        }
    }
}

async fn save(
    state: AppState,
    staff: Staff,
    id: Option<i64>,
    f: DecisionForm,
) -> AppResult<Response> {
    staff.require(Action::ManageDecisions)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let fields = f.fields();
    match state
        .db
        .save_major_decision(staff.org.id, id, &fields, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/decisions?year={}", fields.year)).into_response())
        }
        Err(DbError::Invalid(e)) => {
            let year = if fields.year > 0 {
                fields.year
            } else {
                i64::from(state.clock.today().year())
            };
            let refused = Refused {
                id,
                typed: &fields,
                errors: &e,
            };
            Ok(invalid(
                list_page(&state, &staff, year, Some(refused)).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    save(state, staff, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    save(state, staff, Some(id), f).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CatalogForm {
    csrf: String,
    year: String,
}

/// Drafts the year's catalog as an item of the disclosure catalog (column 政策文件, genre 通知):
/// like any item it is then reviewed and approved before it is published.
pub async fn draft(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<CatalogForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageDecisions)?;
    staff.require(Action::EditDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let year: i64 = f
        .year
        .trim()
        .parse()
        .map_err(|_| crate::error::AppError::BadRequest("年度不正确".into()))?;
    let items = state.db.major_decisions(Some(staff.org.id), year).await?;
    if items.is_empty() {
        return Err(crate::error::AppError::BadRequest(
            "本年度目录还没有事项".into(),
        ));
    }
    let body = render(
        "decisions_body.html",
        crate::ctx! { org => staff.org.name.clone(), year => year, items => items },
    )?;
    let input = gongkai_core::document::DocumentInput {
        title: format!("{}{year}年度重大行政决策事项目录", staff.org.name),
        publisher: staff.org.name.clone(),
        written_on: state.clock.today().to_string(),
        subject: "02.01".into(),
        genre: "通知".into(),
        disclosure: "proactive".into(),
        column: "zcwj".into(),
        body,
        ..Default::default()
    };
    let fields = input
        .validate(state.clock.today())
        .map_err(|e| crate::error::AppError::BadRequest(e.to_string()))?;
    let d = state
        .db
        .create_document(staff.org.id, &fields, &staff.actor(), state.clock.now())
        .await?;
    state.sync_changes().await?;
    Ok(Redirect::to(&format!("/admin/documents/{}?msg=created", d.id)).into_response())
}
