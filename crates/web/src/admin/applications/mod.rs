//! Applications for disclosure (依申请公开) in the back office: queues and filters (`list`), staff
//! registration (`register`), the case page (`case`), workflow actions (`actions`), notices
//! (`notices`) and decisions on repeat / excessive flags (`flags`). The case page is rendered
//! here, shared by the handlers that show it again with a message (an action the rules refuse,
//! the applicant's data revealed).

pub mod actions;
pub mod case;
pub mod flags;
pub mod list;
pub mod notices;
pub mod register;

use super::chrome;
use crate::application_views::{
    CaseSummary, NoticeRow, TimelineItem, event_text, reply_outcome_choices,
};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::templates::render;
use gongkai_core::application::case::{
    Action as CaseAction, CaseDeadline, CaseRules, ConsultParty, Event, ServiceMethod, State,
    recompute,
};
use gongkai_core::application::flags::{FlagDecision, FlagKind};
use gongkai_core::application::review::ReviewResult;
use gongkai_core::role::Action;
use gongkai_core::time::{china_date, format_cn_date};
use gongkai_db::flags::ApplicationFlag;
use gongkai_db::{ApplicantInfo, ApplicationCase, StoredEvent};
use serde::Serialize;

/// The case rules of the organization (its settings; the documented defaults where unset).
pub async fn rules(state: &AppState, org_id: i64) -> AppResult<CaseRules> {
    Ok(state.db.application_settings(org_id).await?.case)
}

/// The case, if it belongs to the staff member's organization (404 otherwise).
pub async fn load(state: &AppState, staff: &Staff, id: i64) -> AppResult<ApplicationCase> {
    let c = state.db.application(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(c.org_id)?;
    Ok(c)
}

/// The case log replayed under the calendar and the organization's rules in force.
pub async fn replay(
    state: &AppState,
    case: &ApplicationCase,
    events: &[StoredEvent],
) -> AppResult<Result<State, String>> {
    let cal = state.db.calendar().await?;
    let rules = rules(state, case.org_id).await?;
    let log: Vec<Event> = events.iter().map(|e| e.event.clone()).collect();
    Ok(recompute(&log, &cal, &rules).map_err(|e| e.to_string()))
}

#[derive(Serialize)]
struct DeadlineView {
    name: &'static str,
    due: String,
    provisional: bool,
    paused: bool,
    lines: Vec<String>,
}

fn deadline_views(s: &State) -> Vec<DeadlineView> {
    let all: [(&'static str, &Option<CaseDeadline>); 5] = [
        ("答复期限", &s.reply_deadline),
        ("补正通知发出期限", &s.correction_notice_deadline),
        ("申请人补正期限", &s.correction_deadline),
        ("征求意见答复期限", &s.consultation_deadline),
        ("缴费期限", &s.fee_deadline),
    ];
    all.into_iter()
        .filter_map(|(name, d)| {
            d.as_ref().map(|d| DeadlineView {
                name,
                due: format_cn_date(d.due()),
                provisional: d.provisional(),
                paused: d.paused,
                lines: d.explain(),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct ActionView {
    key: &'static str,
    label: &'static str,
}

/// The applicant's data as shown after 「查看申请人信息」 (audited by the Db).
#[derive(Serialize)]
pub struct ApplicantView {
    name: String,
    id_kind: String,
    id_number: String,
    org_name: String,
    credit_code: String,
    phone: String,
    email: String,
    address: String,
}

impl From<&ApplicantInfo> for ApplicantView {
    fn from(a: &ApplicantInfo) -> Self {
        ApplicantView {
            name: a.name.clone(),
            id_kind: crate::application_form::label_of(
                crate::application_form::ID_KINDS,
                &a.id_kind,
            )
            .unwrap_or("")
            .into(),
            id_number: a.id_number.clone(),
            org_name: a.org_name.clone(),
            credit_code: a.credit_code.clone(),
            phone: a.phone.clone(),
            email: a.email.clone(),
            address: a.address.clone(),
        }
    }
}

/// A flag of the case (疑似重复申请, Art. 35) and staff's decision on it, for the case page.
#[derive(Serialize)]
struct FlagView {
    id: i64,
    label: &'static str,
    basis: &'static str,
    detail: String,
    related_case_id: Option<i64>,
    related_tracking_no: String,
    raised_on: String,
    decision: Option<&'static str>,
    decided_by: String,
    decided_on: String,
    note: String,
}

impl From<&ApplicationFlag> for FlagView {
    fn from(f: &ApplicationFlag) -> Self {
        let kind = f.kind();
        FlagView {
            id: f.id,
            label: kind.map_or("提示", FlagKind::label),
            basis: kind.map_or("", FlagKind::basis),
            detail: f.detail.clone(),
            related_case_id: f.related_case_id,
            related_tracking_no: f.related_tracking_no.clone().unwrap_or_default(),
            raised_on: format_cn_date(china_date(f.raised_at)),
            decision: f.decision().map(FlagDecision::label),
            decided_by: f.decided_by.clone().unwrap_or_default(),
            decided_on: f
                .decided_at
                .map(|t| format_cn_date(china_date(t)))
                .unwrap_or_default(),
            note: f.decision_note.clone().unwrap_or_default(),
        }
    }
}

/// What a handler adds to the plain case page.
#[derive(Default)]
pub struct Extras {
    pub problem: Option<String>,
    pub notice: Option<&'static str>,
    pub applicant: Option<ApplicantView>,
    /// The applicant's secret, right after staff registered the case (shown once).
    pub secret: Option<String>,
}

#[derive(Serialize)]
struct CommentView {
    body: String,
    by: String,
    at: String,
    system: bool,
}

/// Renders the case page.
pub async fn case_page(
    state: &AppState,
    staff: &Staff,
    case: &ApplicationCase,
    extras: Extras,
) -> AppResult<String> {
    let today = state.clock.today();
    let events = state.db.application_events(case.id).await?;
    let replayed = replay(state, case, &events).await?;
    let rules = rules(state, case.org_id).await?;
    let (st, replay_error) = match replayed {
        Ok(s) => (Some(s), None),
        Err(m) => (None, Some(m)),
    };
    let may_handle = staff.may(Action::HandleApplications);
    let actions: Vec<ActionView> = match (&st, may_handle, events.is_empty()) {
        (Some(s), true, false) => s
            .allowed_actions(&rules)
            .into_iter()
            .filter(|a| *a != CaseAction::Register)
            .map(|a| ActionView {
                key: a.as_str(),
                label: a.label(),
            })
            .collect(),
        _ => vec![],
    };
    let fee_prior = if actions.iter().any(|a| a.key == "fee_noticed") {
        state.db.applicant_prior_in_month(case.id).await?
    } else {
        0
    };
    let timeline: Vec<TimelineItem> = events
        .iter()
        .map(|e| TimelineItem {
            date: format_cn_date(e.event.date()),
            text: event_text(&e.event, true),
            by: format!(
                "{} 记录于 {}",
                e.actor_name,
                format_cn_date(china_date(e.recorded_at))
            ),
        })
        .collect();
    let comments: Vec<CommentView> = state
        .db
        .application_comments(case.id)
        .await?
        .iter()
        .map(|c| CommentView {
            body: c.body.clone(),
            by: c.author_name.clone(),
            at: format_cn_date(china_date(c.created_at)),
            system: c.kind == "system",
        })
        .collect();
    let users = state.db.users_of_org(staff.org.id).await?;
    let handlers: Vec<(i64, String)> = users
        .iter()
        .filter(|u| u.active && u.role().is_some_and(|r| r.may(Action::HandleApplications)))
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let departments: Vec<(i64, String)> = state
        .db
        .departments(staff.org.id)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let issued = state.db.application_notices(case.id).await?;
    let log: Vec<Event> = events.iter().map(|e| e.event.clone()).collect();
    let notice_kinds: Vec<(&'static str, &'static str)> = match &st {
        Some(s) if may_handle => notices::available_kinds(&log, s)
            .into_iter()
            .map(|k| (k.key(), k.title()))
            .collect(),
        _ => vec![],
    };
    let (fileable, pending, notes, deadlines) = match &st {
        Some(s) => (
            s.fileable_reviews()
                .into_iter()
                .map(|k| (k.as_str(), k.label()))
                .collect::<Vec<_>>(),
            s.reviews
                .iter()
                .filter(|r| r.decided_on.is_none())
                .map(|r| (r.kind.as_str(), r.kind.label()))
                .collect::<Vec<_>>(),
            s.notes.clone(),
            deadline_views(s),
        ),
        None => (vec![], vec![], vec![], vec![]),
    };
    let flags: Vec<FlagView> = state
        .db
        .application_flags(case.id)
        .await?
        .iter()
        .map(FlagView::from)
        .collect();
    let org = state.db.org_by_id(case.org_id).await?;
    let review_body = notices::default_review_body(state, org.as_ref()).await?;
    Ok(render(
        "admin/application.html",
        crate::ctx! {
            chrome => chrome(staff),
            case => CaseSummary::of(case, today),
            event_count => case.event_count,
            today => today.to_string(),
            deadlines => deadlines,
            notes => notes,
            replay_error => replay_error,
            timeline => timeline,
            actions => actions,
            may_handle => may_handle,
            may_extend => staff.may(Action::ApproveExtension),
            approver => staff.user.display_name,
            default_correction_wd => rules.default_correction_period_wd,
            max_extension_wd => rules.max_extension_wd,
            fee_prior => fee_prior,
            outcomes => reply_outcome_choices(),
            service_methods => ServiceMethod::ALL.iter().map(|m| (m.as_str(), m.label(), m.date_rule())).collect::<Vec<_>>(),
            parties => [("third_party", ConsultParty::ThirdParty.label()), ("other_agency", ConsultParty::OtherAgency.label())],
            fileable_reviews => fileable,
            pending_reviews => pending,
            review_results => ReviewResult::ALL.iter().filter(|r| **r != ReviewResult::Pending).map(|r| (r.as_str(), r.label())).collect::<Vec<_>>(),
            comments => comments,
            flags => flags,
            flag_decisions => FlagDecision::ALL.iter().map(|d| (d.as_str(), d.label())).collect::<Vec<_>>(),
            handlers => handlers,
            departments => departments,
            handler_id => case.handler_id,
            department_id => case.department_id,
            notices => issued.iter().map(NoticeRow::from).collect::<Vec<_>>(),
            notice_kinds => notice_kinds,
            review_body => review_body,
            applicant => extras.applicant,
            problem => extras.problem,
            notice => extras.notice,
            secret => extras.secret,
        },
    )?)
}
