//! `/admin/notice-templates`: the organization's own texts of the notices (告知书), per kind.
//! A text may only use its kind's placeholders (core `notice::check`): an unknown one is refused
//! by name, so no letter goes out with a literal `{...}`. An empty text restores the default.

use super::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::forms::{Form, notice};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::application::notice::{self, NoticeKind};
use gongkai_core::role::Action;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct KindQuery {
    kind: String,
    msg: String,
}

#[derive(Serialize)]
struct KindRow {
    key: &'static str,
    title: &'static str,
    edited: bool,
}

async fn editor(
    state: &AppState,
    staff: &Staff,
    kind: NoticeKind,
    text: Option<&str>,
    problem: Option<String>,
    msg: Option<&'static str>,
) -> AppResult<String> {
    let edited = state.db.notice_templates(staff.org.id).await?;
    let kinds: Vec<KindRow> = NoticeKind::ALL
        .iter()
        .map(|k| KindRow {
            key: k.key(),
            title: k.title(),
            edited: edited.iter().any(|t| t.kind == k.key()),
        })
        .collect();
    let own = edited.iter().find(|t| t.kind == kind.key());
    let current = text
        .map(str::to_string)
        .or_else(|| own.map(|t| t.body.clone()))
        .unwrap_or_else(|| kind.default_template().to_string());
    Ok(render(
        "admin/notice_templates.html",
        crate::ctx! {
            chrome => chrome(staff),
            kinds => kinds,
            kind => kind.key(),
            title => kind.title(),
            text => current,
            is_default => own.is_none(),
            placeholders => kind.placeholders(),
            problem => problem,
            notice => msg,
        },
    )?)
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageNoticeTemplates)?;
    let q: KindQuery = crate::public::parse_query(raw.as_deref())?;
    let kind = match q.kind.as_str() {
        "" => NoticeKind::Correction,
        k => NoticeKind::parse(k).ok_or(AppError::NotFound)?,
    };
    Ok(page(
        editor(
            &state,
            &staff,
            kind,
            None,
            None,
            notice(Some(q.msg.as_str())),
        )
        .await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TemplateForm {
    csrf: String,
    kind: String,
    text: String,
}

pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<TemplateForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageNoticeTemplates)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let kind = NoticeKind::parse(&f.kind)
        .ok_or_else(|| AppError::BadRequest("告知书种类不正确".into()))?;
    // Browsers send CRLF line ends; the texts are stored with LF.
    let text = f.text.replace("\r\n", "\n");
    let problem = if text.chars().count() > 10_000 {
        Some("模板最多10000个字".to_string())
    } else {
        let unknown = notice::check(kind, &text);
        (!unknown.is_empty()).then(|| {
            format!(
                "模板中有本种告知书不能使用的占位符：{}。可以使用的占位符：{}",
                unknown
                    .iter()
                    .map(|u| format!("{{{u}}}"))
                    .collect::<Vec<_>>()
                    .join("、"),
                kind.placeholders()
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        })
    };
    if let Some(p) = problem {
        return Ok(invalid(
            editor(&state, &staff, kind, Some(&text), Some(p), None).await?,
        ));
    }
    let body = if text.trim() == kind.default_template().trim() {
        ""
    } else {
        text.trim()
    };
    state
        .db
        .save_notice_template(
            staff.org.id,
            kind.key(),
            body,
            &staff.actor(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/admin/notice-templates?kind={}&msg=template_saved",
        kind.key()
    ))
    .into_response())
}
