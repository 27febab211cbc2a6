//! The publishing workflow on an item's back-office page: submit for review (editors), the
//! confidentiality review with the personal data found in the body and its de-identification
//! (reviewers), and the leader's approval — publish now, at a scheduled time, or return (office
//! head). The rules are core `review`; the Db refuses any step its status does not allow.

use super::documents::{load, show_page};
use super::{conflict, invalid};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDateTime, Utc};
use gongkai_core::FieldErrors;
use gongkai_core::catalog::Disclosure;
use gongkai_core::review::{Basis, Decision, ReviewInput};
use gongkai_core::role::Action;
use gongkai_core::time::china;
use gongkai_db::{DbError, ReviewRecord};
use serde::Serialize;

/// A finding as the reviewer sees it: where and what, with the data itself masked (the page is
/// for deciding, not for reading the personal data again).
#[derive(Serialize)]
pub struct FindingView {
    location: String,
    kind: &'static str,
    severity: &'static str,
    blocking: bool,
    hidden: bool,
    shown: String,
}

impl FindingView {
    pub fn blocking(&self) -> bool {
        self.blocking
    }
}

/// The personal data in the item's body and attachments.
pub async fn item_findings(state: &AppState, id: i64) -> AppResult<Vec<FindingView>> {
    Ok(state
        .db
        .document_findings(id, &[])
        .await?
        .into_iter()
        .map(|f| FindingView {
            kind: f.kind.map_or("无法检查", |k| k.label()),
            severity: f.severity.label(),
            blocking: f.blocking,
            hidden: f.hidden,
            shown: f.shown,
            location: f.location,
        })
        .collect())
}

/// A step of the history as shown.
#[derive(Serialize)]
pub struct StepView {
    at: String,
    who: String,
    what: String,
    detail: String,
}

pub fn history_views(records: &[ReviewRecord]) -> Vec<StepView> {
    records
        .iter()
        .map(|r| {
            let pass = r.decision.as_deref() == Some("pass");
            let what = match (r.kind.as_str(), pass) {
                ("submission", _) => "提交审查",
                ("review", true) => "保密审查通过",
                ("review", false) => "保密审查退回",
                ("approval", true) => "审批同意",
                (_, _) => "审批退回",
            };
            let mut detail = Vec::new();
            if r.kind == "review" && pass {
                let bases = Basis::parse_list(&r.bases);
                detail.push(format!("依据：{}", Basis::list_label(&bases)));
                if let Some(d) = r.disclosure.as_deref().and_then(Disclosure::parse) {
                    detail.push(format!("公开方式：{}", d.label()));
                }
            }
            if !r.reason.is_empty() {
                detail.push(format!("说明：{}", r.reason));
            }
            if r.findings > 0 {
                detail.push(format!(
                    "保留 {} 处高风险个人信息，理由：{}",
                    r.findings, r.override_reason
                ));
            }
            if let Some(t) = r.scheduled_at {
                detail.push(format!(
                    "定时发布：{}",
                    t.with_timezone(&china()).format("%Y-%m-%d %H:%M")
                ));
            }
            if r.imported {
                detail.push("导入时记录（原系统已审查）".into());
            }
            StepView {
                at: r
                    .at
                    .with_timezone(&china())
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                who: r.actor_name.clone(),
                what: what.into(),
                detail: detail.join("；"),
            }
        })
        .collect()
}

fn field<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Names the reviewer listed, one per line or separated by 、，, ;.
fn names_of(s: &str) -> Vec<String> {
    s.split(['\n', '、', '，', ',', ';', '；'])
        .map(str::trim)
        .filter(|n| n.chars().count() >= 2)
        .take(200)
        .map(str::to_string)
        .collect()
}

fn verify(staff: &Staff, f: &[(String, String)]) -> AppResult<()> {
    csrf::verify(&staff.csrf, field(f, "csrf"))
}

/// Shows the item page again with the Db's refusal (field errors 422, a state conflict 409).
async fn refused(state: &AppState, staff: &Staff, id: i64, e: DbError) -> AppResult<Response> {
    let d = load(state, staff, id).await?;
    match e {
        DbError::Invalid(errs) => Ok(invalid(
            show_page(state, staff, &d, None, None, &errs).await?,
        )),
        DbError::Conflict(m) => Ok(conflict(
            show_page(state, staff, &d, None, Some(m), &FieldErrors::new()).await?,
        )),
        other => Err(other.into()),
    }
}

/// After a step: on success the caches catch up and the item's page says what happened;
/// otherwise the page again with the refusal.
async fn finish<T>(
    state: &AppState,
    staff: &Staff,
    id: i64,
    r: Result<T, DbError>,
    msg: &str,
) -> AppResult<Response> {
    match r {
        Ok(_) => {
            state.sync_changes().await?;
            Ok(back(id, msg))
        }
        Err(e) => refused(state, staff, id, e).await,
    }
}

fn back(id: i64, msg: &str) -> Response {
    Redirect::to(&format!("/admin/documents/{id}?msg={msg}")).into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    verify(&staff, &f)?;
    load(&state, &staff, id).await?;
    let r = state
        .db
        .submit_document(id, &staff.actor(), state.clock.now())
        .await;
    finish(&state, &staff, id, r, "submitted").await
}

pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::ReviewDocument)?;
    verify(&staff, &f)?;
    load(&state, &staff, id).await?;
    let decision = Decision::parse(field(&f, "decision"))
        .ok_or_else(|| AppError::BadRequest("请选择审查结论".into()))?;
    let disclosure = match field(&f, "disclosure") {
        "" => Disclosure::Proactive,
        s => Disclosure::parse(s).ok_or_else(|| AppError::BadRequest("公开方式不正确".into()))?,
    };
    let mut bases: Vec<Basis> = f
        .iter()
        .filter(|(k, _)| k == "bases")
        .filter_map(|(_, v)| Basis::parse(v))
        .collect();
    bases.sort();
    bases.dedup();
    let input = ReviewInput {
        decision,
        bases,
        disclosure,
        reason: field(&f, "reason").to_string(),
        override_reason: field(&f, "override_reason").to_string(),
    };
    let names = names_of(field(&f, "names"));
    let r = state
        .db
        .review_document(id, &input, &names, &staff.actor(), state.clock.now())
        .await;
    let msg = if decision == Decision::Pass {
        "reviewed"
    } else {
        "returned"
    };
    finish(&state, &staff, id, r, msg).await
}

/// `datetime-local` input (China time) → UTC.
fn parse_release_time(s: &str) -> Option<DateTime<Utc>> {
    let t = NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok()?;
    t.and_local_timezone(china())
        .single()
        .map(|t| t.with_timezone(&Utc))
}

pub async fn approve(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::PublishDocument)?;
    verify(&staff, &f)?;
    load(&state, &staff, id).await?;
    let decision = Decision::parse(field(&f, "decision"))
        .ok_or_else(|| AppError::BadRequest("请选择审批意见".into()))?;
    let scheduled_at = match (decision, field(&f, "release")) {
        (Decision::Pass, "scheduled") => match parse_release_time(field(&f, "scheduled_at")) {
            Some(t) => Some(t),
            None => {
                let e = DbError::field("scheduled_at", "请填写定时发布时间，格式为 年-月-日 时:分");
                return refused(&state, &staff, id, e).await;
            }
        },
        _ => None,
    };
    let now = state.clock.now();
    match state
        .db
        .approve_document(
            id,
            decision,
            field(&f, "reason"),
            scheduled_at,
            &staff.actor(),
            now,
        )
        .await
    {
        // The message says where the item went: published, scheduled, filed or back to draft.
        Ok(d) => finish(&state, &staff, id, Ok(()), d.status().as_str()).await,
        Err(e) => refused(&state, &staff, id, e).await,
    }
}

pub async fn unschedule(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::PublishDocument)?;
    verify(&staff, &f)?;
    load(&state, &staff, id).await?;
    let r = state
        .db
        .unschedule_document(id, &staff.actor(), state.clock.now())
        .await;
    finish(&state, &staff, id, r, "unscheduled").await
}

/// 新建修订版本: a linked draft of a published item; the editor lands on its form.
pub async fn revise(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    verify(&staff, &f)?;
    load(&state, &staff, id).await?;
    match state
        .db
        .revise_document(id, state.clock.today(), &staff.actor(), state.clock.now())
        .await
    {
        Ok(r) => {
            state.sync_changes().await?;
            Ok(Redirect::to(&format!("/admin/documents/{}/edit", r.id)).into_response())
        }
        Err(e) => refused(&state, &staff, id, e).await,
    }
}

/// 去标识化 of one attachment (a redacted copy replaces it; a PDF is refused with the reason).
pub async fn redact_attachment(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, aid)): Path<(i64, i64)>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::ReviewDocument)?;
    verify(&staff, &f)?;
    load(&state, &staff, id).await?;
    let names = names_of(field(&f, "names"));
    let r = state
        .db
        .redact_attachment(id, aid, &names, &staff.actor(), state.clock.now())
        .await;
    finish(&state, &staff, id, r, "attachment_redacted").await
}

pub async fn redact(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::ReviewDocument)?;
    verify(&staff, &f)?;
    load(&state, &staff, id).await?;
    let names = names_of(field(&f, "names"));
    let r = state
        .db
        .redact_document_body(id, &names, &staff.actor(), state.clock.now())
        .await;
    finish(&state, &staff, id, r, "redacted").await
}
