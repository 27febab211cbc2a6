//! Display values of applications for disclosure: labels of stored codes, the timeline lines of
//! a case log (a staff version and a public one without staff names), dates in Chinese.

use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::application::case::{Event, Status};
use gongkai_core::application::outcome::Outcome;
use gongkai_core::application::receipt::{Channel, ReceiptBasis};
use gongkai_core::time::{china_date, format_cn_date};
use gongkai_db::ApplicationCase;
use gongkai_db::web_support::ApplicationNotice;
use serde::Serialize;

pub fn status_label(s: &str) -> &'static str {
    [
        Status::Unregistered,
        Status::Processing,
        Status::AwaitingCorrection,
        Status::Consulting,
        Status::AwaitingPayment,
        Status::Replied,
        Status::Served,
        Status::Closed,
        Status::Archived,
    ]
    .into_iter()
    .find(|x| x.as_str() == s)
    .map(Status::label)
    .unwrap_or("")
}

pub fn applicant_type_label(s: &str) -> String {
    ApplicantType::parse(s)
        .map(ApplicantType::full_label)
        .unwrap_or_default()
}

pub fn outcome_label(s: Option<&str>) -> String {
    s.and_then(Outcome::parse)
        .map(Outcome::label)
        .unwrap_or_default()
}

/// One line of the case timeline. `staff` adds who approved an extension.
pub fn event_text(e: &Event, staff: bool) -> String {
    match e {
        Event::Registered { channel, .. } => format!("收到申请（{}）", channel.label()),
        Event::CorrectionRequested { period_wd, .. } => {
            format!("发出补正通知，补正期限{period_wd}个工作日")
        }
        Event::Corrected { .. } => "收到补正后的申请，答复期限自当日重新计算".into(),
        Event::CorrectionLapsed { .. } => "申请人逾期未补正，视为放弃申请".into(),
        Event::ConsultationStarted { party, .. } => {
            format!("{}，所需时间不计算在答复期限内", party.label())
        }
        Event::ConsultationAnswered { .. } => "征求意见结束".into(),
        Event::Extended {
            days, approved_by, ..
        } => {
            if staff {
                format!("延长答复期限{days}个工作日（经{approved_by}同意）")
            } else {
                format!("经政府信息公开工作机构负责人同意，延长答复期限{days}个工作日")
            }
        }
        Event::FeeNoticed { amount_fen, .. } => {
            format!("发出信息处理费缴费通知，金额{amount_fen}")
        }
        Event::FeePaid { .. } => "已缴纳信息处理费".into(),
        Event::FeeLapsed { .. } => "申请人逾期未缴纳信息处理费，视为放弃申请".into(),
        Event::Replied { outcome, .. } => format!("作出答复：{}", outcome.label()),
        Event::Served { method, .. } => format!("答复已送达（{}）", method.label()),
        Event::Archived { .. } => "归档".into(),
        Event::ReviewFiled { kind, .. } => format!("登记{}", kind.label()),
        Event::ReviewDecided { kind, result, .. } => {
            format!("{}结果：{}", kind.label(), result.label())
        }
    }
}

#[derive(Serialize)]
pub struct TimelineItem {
    pub date: String,
    pub text: String,
    /// Staff only: who recorded it and when.
    pub by: String,
}

/// The case summary shown to staff and (the same fields) to the applicant: no personal data.
#[derive(Serialize)]
pub struct CaseSummary {
    pub id: i64,
    pub tracking_no: String,
    pub status: &'static str,
    pub status_code: String,
    pub applicant_type: String,
    pub channel: String,
    pub basis: String,
    pub received_on: String,
    pub reply_due: String,
    pub overdue: bool,
    pub provisional: bool,
    pub paused: bool,
    pub outcome: String,
    pub closed_on: String,
    pub served_on: String,
    pub on_time: Option<bool>,
    pub handler: String,
    pub department: String,
    pub request: String,
    /// The request cut to 40 characters, for lists.
    pub request_short: String,
    pub provision_form: String,
    pub delivery_method: String,
    pub imported: bool,
    /// Markers of undecided flags (core `FlagKind::short_label`); filled by the queue list.
    pub flags: Vec<&'static str>,
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

fn cn(d: Option<chrono::NaiveDate>) -> String {
    d.map(format_cn_date).unwrap_or_default()
}

impl CaseSummary {
    pub fn of(c: &ApplicationCase, today: chrono::NaiveDate) -> CaseSummary {
        let open = matches!(
            c.status.as_str(),
            "processing" | "consulting" | "awaiting_payment" | "replied"
        );
        CaseSummary {
            id: c.id,
            tracking_no: c.tracking_no.clone(),
            status: status_label(&c.status),
            status_code: c.status.clone(),
            applicant_type: applicant_type_label(&c.applicant_type),
            channel: c
                .channel
                .as_deref()
                .and_then(Channel::parse)
                .map(|x| x.label().to_string())
                .unwrap_or_default(),
            basis: c
                .receipt_basis
                .as_deref()
                .and_then(ReceiptBasis::parse)
                .map(|b| b.explain().to_string())
                .unwrap_or_default(),
            received_on: format_cn_date(c.received_on),
            reply_due: cn(c.reply_due),
            overdue: open && c.reply_due.is_some_and(|d| d < today),
            provisional: c.provisional,
            paused: c.paused,
            outcome: outcome_label(c.outcome.as_deref()),
            closed_on: cn(c.closed_on),
            served_on: cn(c.served_on),
            on_time: c.on_time,
            handler: c.handler_name.clone().unwrap_or_default(),
            department: c.department_name.clone().unwrap_or_default(),
            request: c.request_text.clone(),
            request_short: short(&c.request_text, 40),
            provision_form: c.provision_form.clone(),
            delivery_method: c.delivery_method.clone(),
            imported: c.imported,
            flags: Vec::new(),
        }
    }
}

#[derive(Serialize)]
pub struct NoticeRow {
    pub id: i64,
    pub title: String,
    pub created_on: String,
    pub created_by: String,
}

impl From<&ApplicationNotice> for NoticeRow {
    fn from(n: &ApplicationNotice) -> Self {
        NoticeRow {
            id: n.id,
            title: n.title.clone(),
            created_on: format_cn_date(china_date(n.created_at)),
            created_by: n.created_by.clone(),
        }
    }
}

/// `(value, label)` of the outcomes a reply can have (the two lapses close a case by themselves).
pub fn reply_outcome_choices() -> Vec<(&'static str, String)> {
    Outcome::ALL
        .into_iter()
        .filter(|o| !o.is_lapse())
        .map(|o| (o.as_str(), o.label()))
        .collect()
}

pub fn outcome_choices() -> Vec<(&'static str, String)> {
    Outcome::ALL
        .into_iter()
        .map(|o| (o.as_str(), o.label()))
        .collect()
}
