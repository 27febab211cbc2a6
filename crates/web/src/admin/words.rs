//! `/admin/settings/words`: the organization's list of forbidden or sensitive expressions
//! (core `redaction::parse_word_list`), checked in every confidentiality review like personal
//! data; a high-severity one blocks publication until removed or kept with a written reason.

use super::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::AppResult;
use crate::forms::{Form, notice};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::redaction::{format_word_list, parse_word_list};
use gongkai_core::role::Action;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MsgQuery {
    msg: String,
}

fn render_page(
    staff: &Staff,
    text: &str,
    count: usize,
    problem: Option<String>,
    msg: Option<&str>,
) -> AppResult<String> {
    Ok(render(
        "admin/words.html",
        crate::ctx! {
            chrome => chrome(staff),
            text => text,
            count => count,
            problem => problem,
            notice => msg,
        },
    )?)
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageReviewSettings)?;
    let q: MsgQuery = crate::public::parse_query(raw.as_deref())?;
    let words = state.db.review_words(staff.org.id).await?;
    Ok(page(render_page(
        &staff,
        &format_word_list(&words),
        words.len(),
        None,
        notice(Some(q.msg.as_str())),
    )?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WordsForm {
    csrf: String,
    words: String,
}

pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<WordsForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageReviewSettings)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    match parse_word_list(&f.words) {
        Err(problem) => Ok(invalid(render_page(
            &staff,
            &f.words,
            0,
            Some(problem),
            None,
        )?)),
        Ok(words) => {
            state
                .db
                .save_review_words(staff.org.id, &words, &staff.actor(), state.clock.now())
                .await?;
            Ok(Redirect::to("/admin/settings/words?msg=saved").into_response())
        }
    }
}
