//! Notices (告知书) of a case: issued from the case page in the kinds its log calls for, filled by
//! core `notice::render` from the case (the organization's edited template, else the default),
//! stored with the case, and delivered as a printable page or a DOCX file (also to the applicant,
//! through the tracking page).

use super::case::{refusal, refused};
use super::{load, replay, rules};
use crate::auth::{Staff, no_store};
use crate::csrf;
use crate::docx;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_core::application::case::{Event, State as CaseState};
use gongkai_core::application::notice::{self, NoticeKind};
use gongkai_core::application::outcome::{Outcome, OutcomeGroup};
use gongkai_core::fee::{FeeMethod, FeeSchedule, Fen};
use gongkai_core::role::Action;
use gongkai_core::time::format_cn_date;
use gongkai_db::Organization;
use gongkai_db::web_support::ApplicationNotice;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The kinds of notice the case log calls for: each step that has a notice, once it happened.
pub fn available_kinds(log: &[Event], state: &CaseState) -> Vec<NoticeKind> {
    let mut kinds = Vec::new();
    let has = |f: fn(&Event) -> bool| log.iter().any(f);
    if has(|e| matches!(e, Event::CorrectionRequested { .. })) {
        kinds.push(NoticeKind::Correction);
    }
    if has(|e| matches!(e, Event::ConsultationStarted { .. })) {
        kinds.push(NoticeKind::Consultation);
    }
    if has(|e| matches!(e, Event::Extended { .. })) {
        kinds.push(NoticeKind::Extension);
    }
    if has(|e| matches!(e, Event::FeeNoticed { .. })) {
        kinds.push(NoticeKind::Fee);
    }
    if let Some(o) = state.outcome {
        kinds.push(NoticeKind::for_outcome(o));
    }
    kinds
}

/// Where a reconsideration goes by default: the organization above, else the government at the
/// same level (staff correct it on the form).
pub async fn default_review_body(
    state: &AppState,
    org: Option<&Organization>,
) -> AppResult<String> {
    let parent = match org.and_then(|o| o.parent_id) {
        Some(p) => state.db.org_by_id(p).await?.map(|o| o.name),
        None => None,
    };
    Ok(parent.unwrap_or_else(|| "本级人民政府".to_string()))
}

/// The fee standard of a method, as printed on the fee notice.
pub fn fee_standard(method: FeeMethod, s: &FeeSchedule) -> String {
    match method {
        FeeMethod::ByCount => format!(
            "同一申请人一个自然月内累计申请{free}件以下（含{free}件）的，不收费；{}—{upto}件（含{upto}件）的部分，{}/件；超过{upto}件的部分，每增加{}件，收费标准提高{}/件",
            s.count_free + 1,
            s.count_base_price,
            s.count_tier_size,
            s.count_tier_step,
            free = s.count_free,
            upto = s.count_base_upto,
        ),
        FeeMethod::ByVolume => format!(
            "同一申请人一件申请{free}页以下（含{free}页）的，不收费；{}—{t1}页（含{t1}页）的部分，{}/页；{}—{t2}页（含{t2}页）的部分，{}/页；超过{t2}页的部分，{}/页",
            s.pages_free + 1,
            s.pages_tier1_price,
            s.pages_tier1_upto + 1,
            s.pages_tier2_price,
            s.pages_above_price,
            free = s.pages_free,
            t1 = s.pages_tier1_upto,
            t2 = s.pages_tier2_upto,
        ),
    }
}

/// `条例第三十三条` → `《中华人民共和国政府信息公开条例》第三十三条`.
fn full_basis(o: Outcome) -> String {
    let b = o.legal_basis();
    match b.strip_prefix("条例") {
        Some(rest) => format!("《中华人民共和国政府信息公开条例》{rest}"),
        None => b.to_string(),
    }
}

fn yuan(f: Fen) -> String {
    format!("{}.{:02}", f.0 / 100, f.0 % 100)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct IssueForm {
    csrf: String,
    kind: String,
    details: String,
    reason: String,
    third_party: String,
    review_body: String,
    court: String,
    method: String,
}

/// Issues a notice of `kind` for the case, filled from the case and the form.
pub async fn issue(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<IssueForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let case = load(&state, &staff, id).await?;
    for (v, what) in [
        (&f.details, "说明"),
        (&f.reason, "理由"),
        (&f.third_party, "第三方名称"),
        (&f.review_body, "复议机关"),
        (&f.court, "人民法院"),
    ] {
        if v.chars().count() > 2000 {
            return refused(&state, &staff, id, format!("{what}最多2000个字")).await;
        }
    }
    let events = state.db.application_events(case.id).await?;
    let st = match replay(&state, &case, &events).await? {
        Ok(s) => s,
        Err(m) => return refused(&state, &staff, id, m).await,
    };
    let log: Vec<Event> = events.iter().map(|e| e.event.clone()).collect();
    let Some(kind) = NoticeKind::parse(&f.kind).filter(|k| available_kinds(&log, &st).contains(k))
    else {
        return refused(
            &state,
            &staff,
            id,
            "该申请当前的办理环节不需要这种告知书".into(),
        )
        .await;
    };
    let r = rules(&state, case.org_id).await?;
    let today = state.clock.today();
    let mut v: BTreeMap<&str, String> = BTreeMap::new();
    // The salutation needs the applicant's name: reading it is audited like any other view.
    let applicant = state
        .db
        .application_applicant(case.id, &staff.actor(), state.clock.now())
        .await?;
    let who = applicant
        .map(|a| {
            if a.org_name.is_empty() {
                a.name
            } else {
                a.org_name
            }
        })
        .unwrap_or_default();
    v.insert("applicant", who);
    v.insert("tracking_no", case.tracking_no.clone());
    v.insert("received_on", format_cn_date(case.received_on));
    v.insert("request", case.request_text.clone());
    v.insert("org", staff.org.name.clone());
    v.insert("date", format_cn_date(today));
    let details = f.details.trim().to_string();
    match kind {
        NoticeKind::Correction => {
            if details.is_empty() {
                return refused(&state, &staff, id, "请填写需要补正的事项".into()).await;
            }
            let period = log.iter().rev().find_map(|e| match e {
                Event::CorrectionRequested { period_wd, .. } => Some(*period_wd),
                _ => None,
            });
            v.insert("details", details);
            v.insert(
                "period_wd",
                period.unwrap_or(r.default_correction_period_wd).to_string(),
            );
        }
        NoticeKind::Consultation => {
            if f.third_party.trim().is_empty() {
                return refused(
                    &state,
                    &staff,
                    id,
                    "请填写被征求意见的第三方或机关名称".into(),
                )
                .await;
            }
            v.insert("third_party", f.third_party.trim().to_string());
            v.insert("answer_wd", r.consultation_wd.to_string());
        }
        NoticeKind::Extension => {
            v.insert("days", st.extension_wd.to_string());
            v.insert(
                "due",
                st.reply_deadline
                    .as_ref()
                    .map(|d| format_cn_date(d.due()))
                    .unwrap_or_default(),
            );
        }
        NoticeKind::Fee => {
            let method = if f.method == "by_volume" {
                FeeMethod::ByVolume
            } else {
                FeeMethod::ByCount
            };
            let amount = log.iter().rev().find_map(|e| match e {
                Event::FeeNoticed { amount_fen, .. } => Some(*amount_fen),
                _ => None,
            });
            v.insert("method", method.label().to_string());
            v.insert("standard", fee_standard(method, &r.fee));
            v.insert("amount", amount.map(yuan).unwrap_or_default());
            v.insert("pay_wd", r.fee.payment_period_wd.to_string());
        }
        NoticeKind::Reply(group) => {
            let Some(outcome) = st.outcome else {
                return Err(AppError::NotFound);
            };
            v.insert("basis", full_basis(outcome));
            v.insert("details", details);
            if group != OutcomeGroup::Granted {
                let default_reason = outcome
                    .row_label()
                    .split_once('.')
                    .map_or(outcome.row_label(), |(_, x)| x)
                    .to_string();
                let reason = Some(f.reason.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or(default_reason);
                let body = Some(f.review_body.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "本级人民政府".into());
                let court = Some(f.court.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "有管辖权的人民法院".into());
                v.insert("reason", reason);
                v.insert("remedy", notice::remedy(outcome, &body, &court));
            }
        }
    }
    let edited = state.db.notice_templates(staff.org.id).await?;
    let template = edited
        .iter()
        .find(|t| t.kind == kind.key())
        .map(|t| t.body.clone())
        .unwrap_or_else(|| kind.default_template().to_string());
    let text = notice::render(&template, &v);
    match state
        .db
        .issue_application_notice(
            case.id,
            kind.key(),
            kind.title(),
            &text,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/admin/applications/{id}?msg=notice_issued")).into_response(),
        ),
        Err(e) => refused(&state, &staff, id, refusal(e)?).await,
    }
}

/// A notice as a printable page (`format` other than `docx`) or a DOCX download. Never cached.
pub fn deliver(n: &ApplicationNotice, tracking_no: &str, format: &str) -> AppResult<Response> {
    let mut res = if format == "docx" {
        let bytes = docx::notice_docx(&n.title, &n.body)
            .map_err(|e| AppError::Internal(format!("docx: {e}")))?;
        let name = format!("{tracking_no}-{}.docx", n.title);
        let encoded =
            percent_encoding::utf8_percent_encode(&name, percent_encoding::NON_ALPHANUMERIC);
        let disposition =
            format!("attachment; filename=\"notice.docx\"; filename*=UTF-8''{encoded}");
        let mut r = bytes.into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(docx::CONTENT_TYPE),
        );
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        r
    } else {
        let lines: Vec<&str> = n.body.lines().collect();
        let html = render(
            "notice_print.html",
            crate::ctx! { title => n.title, lines => lines, tracking_no => tracking_no },
        )?;
        Html(html).into_response()
    };
    no_store(res.headers_mut());
    Ok(res)
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, nid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    staff.require(Action::ViewApplications)?;
    let case = load(&state, &staff, id).await?;
    let n = state
        .db
        .application_notice(case.id, nid)
        .await?
        .ok_or(AppError::NotFound)?;
    deliver(&n, &case.tracking_no, "html")
}

pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, nid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    staff.require(Action::ViewApplications)?;
    let case = load(&state, &staff, id).await?;
    let n = state
        .db
        .application_notice(case.id, nid)
        .await?
        .ok_or(AppError::NotFound)?;
    deliver(&n, &case.tracking_no, "docx")
}
