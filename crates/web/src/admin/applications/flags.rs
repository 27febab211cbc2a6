//! `POST /admin/applications/{id}/flags`: staff's decision on a flag of the case (疑似重复申请,
//! Art. 35 excessive applications): confirm or dismiss, with a required note. The Db records the
//! decision once, with its audit row; a refusal shows the case page again with the message.

use super::case::{refusal, refused};
use super::load;
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::application::flags::FlagDecision;
use gongkai_core::role::Action;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    csrf: String,
    flag_id: String,
    decision: String,
    note: String,
}

pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let case = load(&state, &staff, id).await?;
    let flag_id: i64 = f.flag_id.trim().parse().map_err(|_| AppError::NotFound)?;
    // Only a flag of this case (of the staff member's organization) can be decided here.
    if !state
        .db
        .application_flags(case.id)
        .await?
        .iter()
        .any(|x| x.id == flag_id)
    {
        return Err(AppError::NotFound);
    }
    let Some(decision) = FlagDecision::parse(f.decision.trim()) else {
        return refused(&state, &staff, id, "请选择确认或排除".into()).await;
    };
    match state
        .db
        .decide_flag(
            flag_id,
            decision,
            &f.note,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/applications/{id}?msg=flag_decided")).into_response())
        }
        Err(e) => refused(&state, &staff, id, refusal(e)?).await,
    }
}
