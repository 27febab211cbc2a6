//! `/admin/applications/{id}`: the case page, assignment, internal comments, and the audited
//! reveal of the applicant's personal data.

use super::{ApplicantView, Extras, case_page, load};
use crate::admin::{conflict, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, notice};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::role::Action;
use gongkai_db::DbError;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MsgQuery {
    msg: String,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ViewApplications)?;
    let q: MsgQuery = crate::public::parse_query(raw.as_deref())?;
    let case = load(&state, &staff, id).await?;
    let extras = Extras {
        notice: notice(Some(q.msg.as_str())),
        ..Default::default()
    };
    Ok(page(case_page(&state, &staff, &case, extras).await?))
}

/// Shows the case page again with a message, as a 409 (nothing was changed).
pub async fn refused(
    state: &AppState,
    staff: &Staff,
    id: i64,
    message: String,
) -> AppResult<Response> {
    let case = load(state, staff, id).await?;
    let extras = Extras {
        problem: Some(message),
        ..Default::default()
    };
    Ok(conflict(case_page(state, staff, &case, extras).await?))
}

/// The message of a refused write, or the error itself if it is not about the request.
pub fn refusal(e: DbError) -> Result<String, AppError> {
    match e {
        DbError::Invalid(f) => Ok(f
            .0
            .iter()
            .map(|x| x.message.clone())
            .collect::<Vec<_>>()
            .join("；")),
        DbError::Conflict(m) => Ok(m),
        other => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssignForm {
    csrf: String,
    handler_id: String,
    department_id: String,
}

fn optional_id(s: &str) -> Result<Option<i64>, AppError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::BadRequest("请从列表中选择".into())),
    }
}

pub async fn assign(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<AssignForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let case = load(&state, &staff, id).await?;
    let (handler, department) = (optional_id(&f.handler_id)?, optional_id(&f.department_id)?);
    match state
        .db
        .assign_application(
            case.id,
            handler,
            department,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/admin/applications/{id}?msg=case_assigned")).into_response(),
        ),
        Err(e) => refused(&state, &staff, id, refusal(e)?).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentForm {
    csrf: String,
    body: String,
}

pub async fn comment(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let case = load(&state, &staff, id).await?;
    if f.body.chars().count() > 2000 {
        return refused(&state, &staff, id, "内部意见最多2000个字".into()).await;
    }
    match state
        .db
        .add_application_comment(case.id, &f.body, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/admin/applications/{id}?msg=comment_added")).into_response(),
        ),
        Err(e) => refused(&state, &staff, id, refusal(e)?).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

/// 「查看申请人信息」: the page with the applicant's personal data; the Db writes the audit entry.
/// A POST, so that a link or a prefetch never reveals (and logs) it.
pub async fn applicant(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let case = load(&state, &staff, id).await?;
    let info = state
        .db
        .application_applicant(case.id, &staff.actor(), state.clock.now())
        .await?;
    let extras = Extras {
        applicant: info.as_ref().map(ApplicantView::from),
        problem: info
            .is_none()
            .then(|| "该申请没有申请人信息（导入的历史记录）。".to_string()),
        ..Default::default()
    };
    Ok(page(case_page(&state, &staff, &case, extras).await?))
}
