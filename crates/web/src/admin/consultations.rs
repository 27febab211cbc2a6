//! `/admin/consultations`: public consultation on drafts — open one (period checked by core
//! `consultation::check_period`), moderate the comments, record each one's disposition after the
//! period, and publish the adoption report with the final document.

use super::{chrome, conflict, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::FieldErrors;
use gongkai_core::consultation::{Disposition, Kind};
use gongkai_core::role::Action;
use gongkai_core::time::parse_iso_date;
use gongkai_db::{Consultation, DbError};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct NewForm {
    #[serde(skip_serializing)]
    csrf: String,
    title: String,
    kind: String,
    body: String,
    start_on: String,
    end_on: String,
    short_reason: String,
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    form: &NewForm,
    errors: &FieldErrors,
) -> AppResult<String> {
    let items = state.db.consultations(Some(staff.org.id), None).await?;
    Ok(render(
        "admin/consultations.html",
        crate::ctx! {
            chrome => chrome(staff),
            items => items,
            kinds => Kind::ALL.iter().map(|k| (k.as_str(), k.label())).collect::<Vec<_>>(),
            form => form,
            errors => error_map(errors),
            today => state.clock.today().to_string(),
        },
    )?)
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ManageConsultations)?;
    Ok(page(
        list_page(&state, &staff, &NewForm::default(), &FieldErrors::new()).await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<NewForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageConsultations)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let kind = Kind::parse(&f.kind).ok_or_else(|| AppError::BadRequest("类别不正确".into()))?;
    let result = match (parse_iso_date(&f.start_on), parse_iso_date(&f.end_on)) {
        (Some(s), Some(e)) => {
            state
                .db
                .create_consultation(
                    staff.org.id,
                    &f.title,
                    kind,
                    &f.body,
                    s,
                    e,
                    &f.short_reason,
                    &staff.actor(),
                    state.clock.now(),
                )
                .await
        }
        _ => Err(DbError::field(
            "start_on",
            "请填写开始和截止日期，格式为 年-月-日",
        )),
    };
    match result {
        Ok(c) => Ok(Redirect::to(&format!("/admin/consultations/{}", c.id)).into_response()),
        Err(DbError::Invalid(e)) => Ok(invalid(list_page(&state, &staff, &f, &e).await?)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct CommentRow {
    id: i64,
    body: String,
    status: &'static str,
    pending: bool,
    approved: bool,
    disposition: &'static str,
    reason: String,
}

async fn load(state: &AppState, staff: &Staff, id: i64) -> AppResult<Consultation> {
    let c = state.db.consultation(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(c.org_id)?;
    Ok(c)
}

async fn detail_page(
    state: &AppState,
    staff: &Staff,
    c: &Consultation,
    errors: &FieldErrors,
    problem: Option<String>,
) -> AppResult<String> {
    let comments = state.db.consultation_comments(c.id, false).await?;
    let closed = state.clock.today() > c.end_on;
    Ok(render(
        "admin/consultation.html",
        crate::ctx! {
            chrome => chrome(staff),
            c => c,
            kind => Kind::parse(&c.kind).map_or("", Kind::label),
            closed => closed,
            comments => comments.iter().map(|k| CommentRow {
                id: k.id,
                body: k.body.clone(),
                status: match k.status.as_str() { "approved" => "已通过", "rejected" => "未通过", _ => "待审核" },
                pending: k.status == "pending",
                approved: k.status == "approved",
                disposition: k.disposition.as_deref().and_then(Disposition::parse).map_or("", Disposition::label),
                reason: k.disposition_reason.clone(),
            }).collect::<Vec<_>>(),
            dispositions => Disposition::ALL.iter().map(|d| (d.as_str(), d.label())).collect::<Vec<_>>(),
            errors => error_map(errors),
            problem => problem,
        },
    )?)
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    staff.require(Action::ManageConsultations)?;
    let c = load(&state, &staff, id).await?;
    Ok(page(
        detail_page(&state, &staff, &c, &FieldErrors::new(), None).await?,
    ))
}

async fn refused(
    state: &AppState,
    staff: &Staff,
    c: &Consultation,
    e: DbError,
) -> AppResult<Response> {
    match e {
        DbError::Invalid(errs) => Ok(invalid(detail_page(state, staff, c, &errs, None).await?)),
        DbError::Conflict(m) => Ok(conflict(
            detail_page(state, staff, c, &FieldErrors::new(), Some(m)).await?,
        )),
        other => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    csrf: String,
    comment: String,
    action: String,
    disposition: String,
    reason: String,
    final_index_no: String,
}

/// Moderation (`action` = approve / reject) or disposition of one comment.
pub async fn comment(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageConsultations)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let c = load(&state, &staff, id).await?;
    let comment: i64 = f
        .comment
        .parse()
        .map_err(|_| AppError::BadRequest("意见参数不正确".into()))?;
    let result = match f.action.as_str() {
        "approve" | "reject" => {
            state
                .db
                .moderate_comment(
                    staff.org.id,
                    comment,
                    f.action == "approve",
                    &staff.actor(),
                    state.clock.now(),
                )
                .await
        }
        "dispose" => {
            let d = Disposition::parse(&f.disposition)
                .ok_or_else(|| AppError::BadRequest("请选择处理结果".into()))?;
            state
                .db
                .dispose_comment(staff.org.id, comment, d, &f.reason, state.clock.today())
                .await
        }
        _ => return Err(AppError::BadRequest("操作不正确".into())),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/consultations/{id}")).into_response()),
        Err(e) => refused(&state, &staff, &c, e).await,
    }
}

pub async fn report(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageConsultations)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let c = load(&state, &staff, id).await?;
    match state
        .db
        .publish_adoption_report(
            staff.org.id,
            id,
            &f.final_index_no,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/consultations/{id}")).into_response()),
        Err(e) => refused(&state, &staff, &c, e).await,
    }
}
