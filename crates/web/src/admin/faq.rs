//! `/admin/faq`: frequently asked questions. Staff turn answered messages into entries by topic
//! (`?from=MESSAGE_ID` fills the form from it); the page suggests groups of similar answered
//! questions (core `faq::group_similar`) so that frequent ones are found.

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
use gongkai_core::FieldErrors;
use gongkai_core::faq::{GROUP_SIMILARITY, group_similar};
use gongkai_core::role::Action;
use gongkai_db::DbError;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct FaqForm {
    #[serde(skip_serializing)]
    csrf: String,
    topic: String,
    question: String,
    answer: String,
    message: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    from: String,
}

async fn faq_page(
    state: &AppState,
    staff: &Staff,
    form: &FaqForm,
    errors: &FieldErrors,
) -> AppResult<String> {
    let entries = state.db.faq(Some(staff.org.id), false, None).await?;
    let today = state.clock.today();
    let answered = state
        .db
        .message_queue(staff.org.id, "answered", None, today, today)
        .await?;
    let questions: Vec<(i64, String)> = answered.iter().map(|m| (m.id, m.title.clone())).collect();
    let groups: Vec<Vec<(i64, String)>> = group_similar(&questions, GROUP_SIMILARITY)
        .into_iter()
        .map(|g| {
            g.into_iter()
                .filter_map(|id| questions.iter().find(|(q, _)| *q == id).cloned())
                .collect()
        })
        .collect();
    Ok(render(
        "admin/faq.html",
        crate::ctx! {
            chrome => chrome(staff),
            entries => entries,
            groups => groups,
            form => form,
            errors => error_map(errors),
        },
    )?)
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::HandleMessages)?;
    let q: PageQuery = crate::public::parse_query(raw.as_deref())?;
    let mut form = FaqForm::default();
    if let Ok(id) = q.from.trim().parse::<i64>()
        && let Some(m) = state.db.message(id).await?
        && m.org_id == staff.org.id
        && matches!(m.status.as_str(), "replied" | "closed")
    {
        form = FaqForm {
            question: m.title.clone(),
            answer: m.reply.clone().unwrap_or_default(),
            message: m.id.to_string(),
            ..Default::default()
        };
    }
    Ok(page(
        faq_page(&state, &staff, &form, &FieldErrors::new()).await?,
    ))
}

pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<FaqForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleMessages)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let message = f.message.trim().parse::<i64>().ok();
    match state
        .db
        .add_faq(
            staff.org.id,
            &f.topic,
            &f.question,
            &f.answer,
            message,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/faq").into_response()),
        Err(DbError::Invalid(e)) => Ok(invalid(faq_page(&state, &staff, &f, &e).await?)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublishForm {
    csrf: String,
    published: String,
}

pub async fn publish(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleMessages)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    state
        .db
        .set_faq_published(
            staff.org.id,
            id,
            f.published == "true",
            &staff.actor(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to("/admin/faq").into_response())
}
