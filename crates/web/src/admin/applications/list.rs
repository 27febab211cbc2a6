//! `/admin/applications`: the queues (due today, due within 3 working days, overdue, paused,
//! provisional deadlines, mine, a department's) and filters over the organization's cases, each
//! case marked with its undecided repeat / excessive flags. Lists never read the applicant's
//! personal data.

use crate::admin::{chrome, page};
use crate::application_form::applicant_type_choices;
use crate::application_views::{CaseSummary, outcome_choices};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::forms::notice;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::application::flags::FlagKind;
use gongkai_core::application::outcome::Outcome;
use gongkai_core::role::Action;
use gongkai_core::time::parse_iso_date;
use gongkai_db::{CaseFilter, CaseQueue, Department};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const PAGE: i64 = 50;

/// The queues, as `(key, label)`.
const QUEUES: &[(&str, &str)] = &[
    ("", "全部"),
    ("due_today", "今日到期"),
    ("due_soon", "3个工作日内到期"),
    ("overdue", "已逾期"),
    ("paused", "暂停计时"),
    ("provisional", "期限待定（缺少节假日安排）"),
    ("mine", "我承办的"),
];

const STATUSES: &[(&str, &str)] = &[
    ("processing", "办理中"),
    ("awaiting_correction", "待补正"),
    ("consulting", "征求意见中"),
    ("awaiting_payment", "待缴费"),
    ("replied", "已答复待送达"),
    ("served", "已送达"),
    ("closed", "已终止办理"),
    ("archived", "已归档"),
];

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ListQuery {
    queue: String,
    /// A department's id: that department's queue.
    department: String,
    status: String,
    applicant_type: String,
    outcome: String,
    from: String,
    to: String,
    page: String,
    #[serde(skip_serializing)]
    msg: String,
}

impl ListQuery {
    fn filter(&self, me: i64, departments: &[Department]) -> Result<CaseFilter, AppError> {
        let bad = |what: &str| AppError::BadRequest(format!("{what}参数不正确"));
        let queue = match self.queue.as_str() {
            "" | "mine" => None,
            "due_today" => Some(CaseQueue::DueToday),
            "due_soon" => Some(CaseQueue::DueWithin(3)),
            "overdue" => Some(CaseQueue::Overdue),
            "paused" => Some(CaseQueue::Paused),
            "provisional" => Some(CaseQueue::Provisional),
            _ => return Err(bad("队列")),
        };
        let mut f = CaseFilter {
            queue,
            ..Default::default()
        };
        if self.queue == "mine" {
            f.handler_id = Some(me);
        }
        if !self.department.is_empty() {
            let id = self
                .department
                .parse::<i64>()
                .ok()
                .filter(|id| departments.iter().any(|d| d.id == *id))
                .ok_or_else(|| bad("处室"))?;
            f.department_id = Some(id);
        }
        if !self.status.is_empty() {
            if !STATUSES.iter().any(|(k, _)| *k == self.status) {
                return Err(bad("状态"));
            }
            f.status = Some(self.status.clone());
        }
        if !self.applicant_type.is_empty() {
            f.applicant_type =
                Some(ApplicantType::parse(&self.applicant_type).ok_or_else(|| bad("申请人类型"))?);
        }
        if !self.outcome.is_empty() {
            f.outcome = Some(Outcome::parse(&self.outcome).ok_or_else(|| bad("办理结果"))?);
        }
        if !self.from.is_empty() {
            f.received_from = Some(parse_iso_date(&self.from).ok_or_else(|| bad("收到日期"))?);
        }
        if !self.to.is_empty() {
            f.received_to = Some(parse_iso_date(&self.to).ok_or_else(|| bad("收到日期"))?);
        }
        Ok(f)
    }

    fn page(&self) -> i64 {
        self.page.parse::<i64>().unwrap_or(1).clamp(1, 10_000)
    }

    /// The query string of this filter on another page.
    fn on_page(&self, page: i64) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("queue", &self.queue),
            ("department", &self.department),
            ("status", &self.status),
            ("applicant_type", &self.applicant_type),
            ("outcome", &self.outcome),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        pairs.push(("page", page.to_string()));
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ViewApplications)?;
    let q: ListQuery = crate::public::parse_query(raw.as_deref())?;
    let departments = state.db.departments(staff.org.id).await?;
    let filter = q.filter(staff.user.id, &departments)?;
    let today = state.clock.today();
    let page_no = q.page();
    let items = state
        .db
        .applications(staff.org.id, &filter, today, PAGE + 1, (page_no - 1) * PAGE)
        .await?;
    let more = items.len() as i64 > PAGE;
    // Markers of the cases with a flag still to be decided (no personal data involved).
    let mut flagged: HashMap<i64, Vec<&'static str>> = HashMap::new();
    for (case_id, kind) in state.db.undecided_application_flags(staff.org.id).await? {
        if let Some(k) = FlagKind::parse(&kind) {
            flagged.entry(case_id).or_default().push(k.short_label());
        }
    }
    let rows: Vec<CaseSummary> = items
        .iter()
        .take(PAGE as usize)
        .map(|c| {
            let mut row = CaseSummary::of(c, today);
            row.flags = flagged.remove(&c.id).unwrap_or_default();
            row
        })
        .collect();
    let html = render(
        "admin/applications.html",
        crate::ctx! {
            chrome => chrome(&staff),
            rows => rows,
            q => q,
            queues => QUEUES,
            statuses => STATUSES,
            departments => departments
                .iter()
                .map(|d| (d.id.to_string(), d.name.clone()))
                .collect::<Vec<_>>(),
            applicant_types => applicant_type_choices(),
            outcomes => outcome_choices(),
            next => more.then(|| q.on_page(page_no + 1)),
            prev => (page_no > 1).then(|| q.on_page(page_no - 1)),
            may_handle => staff.may(Action::HandleApplications),
            notice => notice(Some(q.msg.as_str())),
        },
    )?;
    Ok(page(html))
}
