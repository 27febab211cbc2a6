//! `POST /admin/applications/{id}/events/{kind}`: one workflow step (an event of the case log,
//! `kind` = core `Action::as_str`). The Db checks it with the core rules; a refusal shows the
//! case page again with the core's Chinese message and changes nothing. Extensions need the head
//! of the disclosure office (`Action::ApproveExtension`), who is recorded as the approver.

use super::case::{refusal, refused};
use super::{load, rules};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_core::application::case::{CaseRules, ConsultParty, Event, ServiceMethod};
use gongkai_core::application::outcome::Outcome;
use gongkai_core::application::review::{ReviewKind, ReviewResult};
use gongkai_core::fee::{FeeDecision, FeeFacts, choose_fee};
use gongkai_core::role::Action;
use gongkai_core::time::parse_iso_date;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EventForm {
    csrf: String,
    /// The log length the page showed (a stale page is refused).
    events: String,
    on: String,
    period_wd: String,
    party: String,
    days: String,
    fee_prior: String,
    fee_count: String,
    fee_pages: String,
    fee_published: String,
    outcome: String,
    method: String,
    kind: String,
    result: String,
}

fn number(s: &str, what: &str) -> Result<u32, String> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= 10_000)
        .ok_or_else(|| format!("{what}应为整数"))
}

/// The event the form describes, or why it cannot be one.
fn event_of(
    kind: &str,
    f: &EventForm,
    on: NaiveDate,
    approver: &str,
    r: &CaseRules,
) -> Result<Option<(Event, Option<FeeDecision>)>, String> {
    let e = match kind {
        "correction_requested" => Event::CorrectionRequested {
            on,
            period_wd: if f.period_wd.trim().is_empty() {
                r.default_correction_period_wd
            } else {
                number(&f.period_wd, "补正期限")?
            },
        },
        "corrected" => Event::Corrected { on },
        "correction_lapsed" => Event::CorrectionLapsed { on },
        "consultation_started" => Event::ConsultationStarted {
            on,
            party: match f.party.as_str() {
                "third_party" => ConsultParty::ThirdParty,
                "other_agency" => ConsultParty::OtherAgency,
                _ => return Err("请选择征求意见的对象".into()),
            },
        },
        "consultation_answered" => Event::ConsultationAnswered { on },
        "extended" => Event::Extended {
            on,
            days: number(&f.days, "延长的天数")?,
            approved_by: approver.to_string(),
        },
        "fee_noticed" => {
            let pages = match f.fee_pages.trim() {
                "" => None,
                p => Some(number(p, "页数")?),
            };
            let facts = FeeFacts {
                prior_this_month: if f.fee_prior.trim().is_empty() {
                    0
                } else {
                    number(&f.fee_prior, "本月此前申请件数")?
                },
                count: if f.fee_count.trim().is_empty() {
                    1
                } else {
                    number(&f.fee_count, "本申请计件数")?.max(1)
                },
                pages,
                already_published: f.fee_published == "1",
            };
            let d = choose_fee(&r.fee, &facts);
            if d.amount.is_zero() {
                return Err(format!("按规定不收取信息处理费：{}", d.reason));
            }
            return Ok(Some((
                Event::FeeNoticed {
                    on,
                    amount_fen: d.amount,
                },
                Some(d),
            )));
        }
        "fee_paid" => Event::FeePaid { on },
        "fee_lapsed" => Event::FeeLapsed { on },
        "replied" => Event::Replied {
            on,
            outcome: Outcome::parse(&f.outcome).ok_or("请选择一项办理结果")?,
        },
        "served" => Event::Served {
            on,
            method: ServiceMethod::parse(&f.method).ok_or("请选择送达方式")?,
        },
        "archived" => Event::Archived { on },
        "review_filed" => Event::ReviewFiled {
            on,
            kind: ReviewKind::parse(&f.kind).ok_or("请选择行政复议或行政诉讼")?,
        },
        "review_decided" => Event::ReviewDecided {
            on,
            kind: ReviewKind::parse(&f.kind).ok_or("请选择行政复议或行政诉讼")?,
            result: ReviewResult::parse(&f.result)
                .filter(|r| *r != ReviewResult::Pending)
                .ok_or("请选择结果")?,
        },
        _ => return Ok(None),
    };
    Ok(Some((e, None)))
}

pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, kind)): Path<(i64, String)>,
    Form(f): Form<EventForm>,
) -> AppResult<Response> {
    staff.require(Action::HandleApplications)?;
    if kind == "extended" {
        staff.require(Action::ApproveExtension)?;
    }
    csrf::verify(&staff.csrf, &f.csrf)?;
    let case = load(&state, &staff, id).await?;
    let today = state.clock.today();
    let on = match parse_iso_date(&f.on) {
        Some(d) if d > today => {
            return refused(&state, &staff, id, "日期不能晚于今天".into()).await;
        }
        Some(d) => d,
        None => {
            return refused(&state, &staff, id, "请填写日期，格式为 年-月-日".into()).await;
        }
    };
    let r = rules(&state, case.org_id).await?;
    let (event, fee) = match event_of(&kind, &f, on, &staff.user.display_name, &r) {
        Ok(Some(x)) => x,
        Ok(None) => return Err(AppError::NotFound),
        Err(m) => return refused(&state, &staff, id, m).await,
    };
    let expected = f.events.trim().parse::<i64>().unwrap_or(case.event_count);
    let now = state.clock.now();
    if let Err(e) = state
        .db
        .record_application_event(case.id, expected, &event, &staff.actor(), now)
        .await
    {
        return refused(&state, &staff, id, refusal(e)?).await;
    }
    if let Some(d) = fee {
        // The method chosen and why stay with the case (§3: never both methods).
        let method = d.method.map(|m| m.label()).unwrap_or("");
        let note = format!("信息处理费：{method}，{}。{}", d.amount, d.reason);
        state
            .db
            .add_application_comment(case.id, &note, &staff.actor(), now)
            .await?;
    }
    Ok(Redirect::to(&format!("/admin/applications/{id}?msg=event_recorded")).into_response())
}
