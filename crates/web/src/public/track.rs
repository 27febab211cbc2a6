//! `/apply/track`: the applicant's view of their case with the tracking number and the secret:
//! status, reply deadline, the timeline, and the notices issued (printable HTML and DOCX).
//!
//! Look-ups are POSTs (the secret never appears in a URL, a log line or the browser history) and
//! count against the per-address limit. A wrong secret gets exactly the answer of a wrong
//! tracking number. The page shows what the applicant gave about the request, never the
//! applicant's personal data, and nothing of any other case.

use super::apply::private_page;
use crate::application_views::{CaseSummary, NoticeRow, TimelineItem, event_text};
use crate::csrf::{self, CsrfToken};
use crate::error::{AppError, AppResult};
use crate::forms::Form;
use crate::limit::ClientAddr;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{Extension, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::time::format_cn_date;
use gongkai_db::ApplicationCase;
use serde::{Deserialize, Serialize};

const NOT_FOUND: &str =
    "未找到该申请：申请编号或查询码不正确。请核对后重新输入（查询码区分字母，不含数字0和1）。";

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TrackForm {
    #[serde(skip_serializing)]
    csrf: String,
    org: String,
    tracking_no: String,
    #[serde(skip_serializing)]
    secret: String,
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    form: &TrackForm,
    problem: Option<&str>,
) -> AppResult<String> {
    let orgs = state.db.orgs().await?;
    let orgs: Vec<(String, String)> = orgs.into_iter().map(|o| (o.code, o.name)).collect();
    Ok(render(
        "apply_track.html",
        crate::ctx! { csrf => csrf.0, form => form, orgs => orgs, problem => problem },
    )?)
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> AppResult<Response> {
    let orgs = state.db.orgs().await?;
    let form = TrackForm {
        org: if orgs.len() == 1 {
            orgs[0].code.clone()
        } else {
            String::new()
        },
        ..Default::default()
    };
    Ok(private_page(
        StatusCode::OK,
        form_page(&state, &csrf, &form, None).await?,
    ))
}

/// The case of this tracking number and secret, or `None` for any mismatch.
async fn find(
    state: &AppState,
    org: &str,
    tracking_no: &str,
    secret: &str,
) -> AppResult<Option<ApplicationCase>> {
    let (org, no, secret) = (org.trim(), tracking_no.trim(), secret.trim());
    if org.is_empty()
        || no.is_empty()
        || secret.is_empty()
        || org.len() > 32
        || no.len() > 32
        || secret.len() > 64
    {
        return Ok(None);
    }
    Ok(state.db.application_by_tracking(org, no, secret).await?)
}

async fn lookup(
    state: &AppState,
    csrf: &CsrfToken,
    addr: &str,
    org: &str,
    tracking_no: &str,
    secret: &str,
) -> AppResult<Result<ApplicationCase, Response>> {
    if !state.limits.track.allow(addr, state.clock.now()) {
        return Err(AppError::TooManyRequests);
    }
    match find(state, org, tracking_no, secret).await? {
        Some(c) => Ok(Ok(c)),
        None => {
            let form = TrackForm {
                org: org.to_string(),
                tracking_no: tracking_no.chars().take(32).collect(),
                ..Default::default()
            };
            Ok(Err(private_page(
                StatusCode::NOT_FOUND,
                form_page(state, csrf, &form, Some(NOT_FOUND)).await?,
            )))
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<TrackForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    let case = match lookup(&state, &csrf, &addr, &f.org, &f.tracking_no, &f.secret).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let org = state
        .db
        .org_by_id(case.org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let events = state.db.application_events(case.id).await?;
    let timeline: Vec<TimelineItem> = events
        .iter()
        .map(|e| TimelineItem {
            date: format_cn_date(e.event.date()),
            text: event_text(&e.event, false),
            by: String::new(),
        })
        .collect();
    let notices = state.db.application_notices(case.id).await?;
    let html = render(
        "apply_status.html",
        crate::ctx! {
            csrf => csrf.0,
            case => CaseSummary::of(&case, state.clock.today()),
            org_name => org.name, org_code => org.code,
            // Sent back with each download button; the page is never cached.
            secret => f.secret.trim(),
            timeline => timeline,
            notices => notices.iter().map(NoticeRow::from).collect::<Vec<_>>(),
        },
    )?;
    Ok(private_page(StatusCode::OK, html))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DownloadForm {
    csrf: String,
    org: String,
    tracking_no: String,
    secret: String,
    notice: String,
    format: String,
}

/// A notice of the applicant's own case, as a printable page or a DOCX file.
pub async fn download(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<DownloadForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    let case = match lookup(&state, &csrf, &addr, &f.org, &f.tracking_no, &f.secret).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let id: i64 = f.notice.trim().parse().map_err(|_| AppError::NotFound)?;
    let notice = state
        .db
        .application_notice(case.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::admin::applications::notices::deliver(&notice, &case.tracking_no, &f.format)
}
