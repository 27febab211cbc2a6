//! The workflow of one application for disclosure, as an append-only event log from which the
//! current state is derived (regulations.md §1.4.12).
//!
//! [`apply`] checks one event against the state and returns the next state, or a [`CaseError`]
//! whose text is shown to staff as is. [`recompute`] replays a whole log: when the calendar of a
//! new year is loaded, open cases' provisional deadlines become final that way (and a log that the
//! new calendar makes invalid is reported, not silently kept).
//!
//! Periods (all in working days, counted with the start day excluded, by [`Calendar`]):
//! * reply: 20 from receipt, or from the receipt of the corrected application (Art. 30: the clock
//!   restarts); plus extensions (≤ 20 in all, approved by the head of the disclosure office, decided
//!   before the period ends [A]); plus the working days a consultation (Arts. 32, 34) or an unpaid
//!   fee notice [U] kept the clock paused. A pause runs from the day after the letter or notice to
//!   the answer, at most to the consultation's 15-day limit [A]. While a pause is open the reply
//!   deadline is shown as if it lasted its full length, marked `paused`.
//! * correction notice: sent within 7 of receipt, once only; the applicant's correction period is
//!   chosen by the agency and recorded on the notice.
//! * fee: paid within 20 of the notice (we count from the notice's date; the measures count from
//!   the day after the applicant receives it, so record the receipt date as the notice date).
//!
//! The reply is on time when it is served (送达, §1.4.9) on or before the reply deadline.
//! Applications received before 2019-05-15 follow the 2007 text (15 + 15 working days).
//! Every number is a field of [`CaseRules`], whose `Default` is the documented value.

use super::outcome::Outcome;
use super::receipt::{Channel, ReceiptBasis};
use super::review::{ReviewKind, ReviewRecord, ReviewResult};
use crate::calendar::{Calendar, Deadline};
use crate::fee::{FeeSchedule, Fen};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Every number and reading of the procedure, with the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRules {
    /// Reply period (Art. 33: 20) [V].
    pub reply_wd: u32,
    /// Longest extension in all (Art. 33: 20) [V].
    pub max_extension_wd: u32,
    /// An extension must be decided before the current reply deadline passes [A].
    pub extension_within_period: bool,
    /// Period to send the correction notice (Art. 30: 7) [V].
    pub correction_notice_wd: u32,
    /// Refuse a correction notice recorded after that period (true) or accept it late (false) [A].
    pub refuse_late_correction_notice: bool,
    /// The correction period proposed on the notice; the law only says 「合理的补正期限」 [A].
    pub default_correction_period_wd: u32,
    /// Time a third party or another agency has to answer (Arts. 32, 34: 15) [V].
    pub consultation_wd: u32,
    /// The pause of a consultation ends at the answer, but at the latest when the 15 days are up
    /// (the pause endpoints are not in the text) [A].
    pub pause_ends_at_consultation_due: bool,
    /// The time between the fee notice and payment is not counted in the reply period [U].
    pub fee_pauses_clock: bool,
    /// The fee notice must be sent within the reply period [V-copy].
    pub fee_notice_within_period: bool,
    /// Fee amounts and the payment period (20) of 国办函〔2020〕109号.
    pub fee: FeeSchedule,
    /// The 2019 Regulation applies to applications received from this date (Art. 56) [V].
    pub current_rules_from: NaiveDate,
    /// Reply period under the 2007 text (15) [S].
    pub legacy_reply_wd: u32,
    /// Longest extension under the 2007 text (15) [S].
    pub legacy_max_extension_wd: u32,
}

impl Default for CaseRules {
    fn default() -> Self {
        CaseRules {
            reply_wd: 20,
            max_extension_wd: 20,
            extension_within_period: true,
            correction_notice_wd: 7,
            refuse_late_correction_notice: true,
            default_correction_period_wd: 15,
            consultation_wd: 15,
            pause_ends_at_consultation_due: true,
            fee_pauses_clock: true,
            fee_notice_within_period: true,
            fee: FeeSchedule::default(),
            current_rules_from: NaiveDate::from_ymd_opt(2019, 5, 15).expect("valid date"),
            legacy_reply_wd: 15,
            legacy_max_extension_wd: 15,
        }
    }
}

impl CaseRules {
    fn legacy(&self, received_on: NaiveDate) -> bool {
        received_on < self.current_rules_from
    }

    pub fn reply_wd_for(&self, received_on: NaiveDate) -> u32 {
        if self.legacy(received_on) {
            self.legacy_reply_wd
        } else {
            self.reply_wd
        }
    }

    pub fn max_extension_wd_for(&self, received_on: NaiveDate) -> u32 {
        if self.legacy(received_on) {
            self.legacy_max_extension_wd
        } else {
            self.max_extension_wd
        }
    }
}

/// Whom a consultation asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultParty {
    /// 第三方 (Art. 32): silence leaves the decision to the agency.
    ThirdParty,
    /// 其他机关 (Art. 34, jointly produced information): silence is consent.
    OtherAgency,
}

impl ConsultParty {
    pub fn label(self) -> &'static str {
        match self {
            Self::ThirdParty => "征求第三方意见（条例第三十二条）",
            Self::OtherAgency => "征求其他机关意见（条例第三十四条）",
        }
    }
}

/// How the reply reached the applicant (§1.4.9, 国办公开办函〔2016〕235号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceMethod {
    /// 直接送达
    Direct,
    /// 委托其他行政机关代为送达
    Entrusted,
    /// 邮寄送达（邮政企业）
    Post,
    /// 通过申请平台账户或电子邮件送达 (not covered by 235号) [A]
    Electronic,
}

impl ServiceMethod {
    pub const ALL: [ServiceMethod; 4] =
        [Self::Direct, Self::Entrusted, Self::Post, Self::Electronic];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Entrusted => "entrusted",
            Self::Post => "post",
            Self::Electronic => "electronic",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Direct => "直接送达",
            Self::Entrusted => "委托其他行政机关代为送达",
            Self::Post => "邮寄送达",
            Self::Electronic => "电子送达",
        }
    }

    /// Which date is the service date for the deadline.
    pub fn date_rule(self) -> &'static str {
        match self {
            Self::Direct | Self::Entrusted => "以申请人及其法定代理人签收之日为送达之日",
            Self::Post => "以交邮之日为送达之日（须通过邮政企业邮寄）",
            Self::Electronic => "以答复送达申请人账户或电子邮箱之日为送达之日，并留存凭证",
        }
    }
}

/// One fact of the case, as recorded. The serde form (`{"type": "replied", "on": "2024-03-05",
/// "outcome": "granted"}`) is also the form of the `events` of an import line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Registered {
        received_on: NaiveDate,
        channel: Channel,
        receipt_basis: ReceiptBasis,
    },
    /// The one correction notice; `period_wd` is the correction period it gives.
    CorrectionRequested {
        on: NaiveDate,
        period_wd: u32,
    },
    /// The corrected application was received: the reply period restarts from this date.
    Corrected {
        on: NaiveDate,
    },
    /// The correction period passed without correction: 视为放弃 (other.no_correction).
    CorrectionLapsed {
        on: NaiveDate,
    },
    ConsultationStarted {
        on: NaiveDate,
        party: ConsultParty,
    },
    /// The answer arrived (or the agency records that the period passed without one).
    ConsultationAnswered {
        on: NaiveDate,
    },
    Extended {
        on: NaiveDate,
        days: u32,
        approved_by: String,
    },
    FeeNoticed {
        on: NaiveDate,
        amount_fen: Fen,
    },
    FeePaid {
        on: NaiveDate,
    },
    /// The payment period passed: 视为放弃 (other.fee_unpaid).
    FeeLapsed {
        on: NaiveDate,
    },
    Replied {
        on: NaiveDate,
        outcome: Outcome,
    },
    Served {
        on: NaiveDate,
        method: ServiceMethod,
    },
    Archived {
        on: NaiveDate,
    },
    ReviewFiled {
        on: NaiveDate,
        kind: ReviewKind,
    },
    ReviewDecided {
        on: NaiveDate,
        kind: ReviewKind,
        result: ReviewResult,
    },
}

impl Event {
    pub fn action(&self) -> Action {
        match self {
            Self::Registered { .. } => Action::Register,
            Self::CorrectionRequested { .. } => Action::RequestCorrection,
            Self::Corrected { .. } => Action::RecordCorrection,
            Self::CorrectionLapsed { .. } => Action::CloseNoCorrection,
            Self::ConsultationStarted { .. } => Action::StartConsultation,
            Self::ConsultationAnswered { .. } => Action::EndConsultation,
            Self::Extended { .. } => Action::Extend,
            Self::FeeNoticed { .. } => Action::NoticeFee,
            Self::FeePaid { .. } => Action::RecordPayment,
            Self::FeeLapsed { .. } => Action::CloseFeeUnpaid,
            Self::Replied { .. } => Action::Reply,
            Self::Served { .. } => Action::Serve,
            Self::Archived { .. } => Action::Archive,
            Self::ReviewFiled { .. } => Action::FileReview,
            Self::ReviewDecided { .. } => Action::DecideReview,
        }
    }

    /// The date the event happened.
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::Registered { received_on, .. } => *received_on,
            Self::CorrectionRequested { on, .. }
            | Self::Corrected { on }
            | Self::CorrectionLapsed { on }
            | Self::ConsultationStarted { on, .. }
            | Self::ConsultationAnswered { on }
            | Self::Extended { on, .. }
            | Self::FeeNoticed { on, .. }
            | Self::FeePaid { on }
            | Self::FeeLapsed { on }
            | Self::Replied { on, .. }
            | Self::Served { on, .. }
            | Self::Archived { on }
            | Self::ReviewFiled { on, .. }
            | Self::ReviewDecided { on, .. } => *on,
        }
    }
}

/// What staff can do to a case; `allowed_actions` lists those possible now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Register,
    RequestCorrection,
    RecordCorrection,
    CloseNoCorrection,
    StartConsultation,
    EndConsultation,
    Extend,
    NoticeFee,
    RecordPayment,
    CloseFeeUnpaid,
    Reply,
    Serve,
    Archive,
    FileReview,
    DecideReview,
}

impl Action {
    /// The event `type` that performs the action.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "registered",
            Self::RequestCorrection => "correction_requested",
            Self::RecordCorrection => "corrected",
            Self::CloseNoCorrection => "correction_lapsed",
            Self::StartConsultation => "consultation_started",
            Self::EndConsultation => "consultation_answered",
            Self::Extend => "extended",
            Self::NoticeFee => "fee_noticed",
            Self::RecordPayment => "fee_paid",
            Self::CloseFeeUnpaid => "fee_lapsed",
            Self::Reply => "replied",
            Self::Serve => "served",
            Self::Archive => "archived",
            Self::FileReview => "review_filed",
            Self::DecideReview => "review_decided",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Register => "登记申请",
            Self::RequestCorrection => "发出补正通知",
            Self::RecordCorrection => "登记收到补正",
            Self::CloseNoCorrection => "按逾期未补正结案",
            Self::StartConsultation => "征求意见",
            Self::EndConsultation => "登记意见答复",
            Self::Extend => "延长答复期限",
            Self::NoticeFee => "发出收费通知",
            Self::RecordPayment => "登记缴费",
            Self::CloseFeeUnpaid => "按逾期未缴费结案",
            Self::Reply => "作出答复",
            Self::Serve => "登记送达",
            Self::Archive => "归档",
            Self::FileReview => "登记行政复议或行政诉讼",
            Self::DecideReview => "登记复议或诉讼结果",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Where the case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Unregistered,
    Processing,
    AwaitingCorrection,
    Consulting,
    AwaitingPayment,
    /// Decided, not yet served.
    Replied,
    Served,
    /// Closed by a lapse (no correction, fee unpaid): no reply to serve.
    Closed,
    Archived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unregistered => "unregistered",
            Self::Processing => "processing",
            Self::AwaitingCorrection => "awaiting_correction",
            Self::Consulting => "consulting",
            Self::AwaitingPayment => "awaiting_payment",
            Self::Replied => "replied",
            Self::Served => "served",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unregistered => "未登记",
            Self::Processing => "办理中",
            Self::AwaitingCorrection => "待补正",
            Self::Consulting => "征求意见中",
            Self::AwaitingPayment => "待缴费",
            Self::Replied => "已答复待送达",
            Self::Served => "已送达",
            Self::Closed => "已终止办理",
            Self::Archived => "已归档",
        }
    }

    /// The reply is still to be made.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Processing | Self::AwaitingCorrection | Self::Consulting | Self::AwaitingPayment
        )
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// A deadline of the case: the calendar's computation and explanation, what built the period,
/// and whether a pause is open (the date then assumes the pause lasts its full length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDeadline {
    pub deadline: Deadline,
    pub paused: bool,
    /// How the number of working days was made up, in Chinese, shown before the calendar's lines.
    pub notes: Vec<String>,
}

impl CaseDeadline {
    pub fn due(&self) -> NaiveDate {
        self.deadline.due
    }

    /// The date reaches a year whose holiday arrangement is not loaded yet.
    pub fn provisional(&self) -> bool {
        !self.deadline.provisional_years.is_empty()
    }

    pub fn explain(&self) -> Vec<String> {
        let mut lines = self.notes.clone();
        lines.extend(self.deadline.explain());
        lines
    }
}

/// A refused event. The text is for staff, as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("申请尚未登记，不能{0}")]
    NotRegistered(Action),
    #[error("申请已经登记，不能重复登记")]
    AlreadyRegistered,
    #[error("当前状态为“{status}”，不能{action}")]
    NotAllowed { action: Action, status: Status },
    #[error("尚未作出答复，不能登记送达")]
    ServiceBeforeReply,
    #[error("收件渠道“{channel}”应适用的收到日期规则为：{expected}")]
    ReceiptBasisMismatch {
        channel: &'static str,
        expected: &'static str,
    },
    #[error("日期 {date} 早于收到申请之日 {received_on}")]
    DateBeforeReceipt {
        date: NaiveDate,
        received_on: NaiveDate,
    },
    #[error("日期 {date} 早于上一办理环节的日期 {last}")]
    DateOutOfOrder { date: NaiveDate, last: NaiveDate },
    #[error("补正通知应一次性发出，本申请已发出过补正通知（条例第三十条）")]
    CorrectionAlreadyRequested,
    #[error("已征求意见、延长期限或发出收费通知的申请，不能再要求补正")]
    CorrectionAfterOtherSteps,
    #[error("补正通知应自收到申请之日起7个工作日内发出，期限已于 {due} 届满（条例第三十条）")]
    CorrectionNoticeTooLate { due: NaiveDate },
    #[error("补正期限应至少为1个工作日")]
    CorrectionPeriodZero,
    #[error("补正期限至 {due} 届满，届满前不能按逾期未补正结案")]
    CorrectionNotLapsed { due: NaiveDate },
    #[error("延长的天数应大于0")]
    ExtensionZero,
    #[error("延长答复期限最长不得超过{max}个工作日（已延长{used}个工作日）（条例第三十三条）")]
    ExtensionTooLong { max: u32, used: u32 },
    #[error("延长答复期限须经政府信息公开工作机构负责人同意，请填写同意人")]
    ExtensionWithoutApproval,
    #[error("延长答复期限应在答复期限（{due}）届满前决定")]
    ExtensionAfterDue { due: NaiveDate },
    #[error("本申请已发出过收费通知")]
    FeeAlreadyNoticed,
    #[error("收费金额应大于0")]
    FeeZero,
    #[error("收费通知应在答复期限（{due}）内发出")]
    FeeNoticeAfterDue { due: NaiveDate },
    #[error("缴费期限已于 {due} 届满，逾期未缴费视为放弃申请，请按逾期未缴费结案")]
    FeePaidLate { due: NaiveDate },
    #[error("缴费期限至 {due} 届满，届满前不能按逾期未缴费结案")]
    FeeNotLapsed { due: NaiveDate },
    #[error("“逾期不补正”由“按逾期未补正结案”产生，不能作为答复结果")]
    OutcomeNoCorrectionByReply,
    #[error("“逾期未缴费”由“按逾期未缴费结案”产生，不能作为答复结果")]
    OutcomeFeeUnpaidByReply,
    #[error("未曾要求补正的申请，不能以“补正后申请内容仍不明确”答复")]
    OutcomeNeedsCorrection,
    #[error("尚未作出处理决定，不能{0}")]
    ReviewBeforeDecision(Action),
    #[error("日期 {date} 早于处理决定作出之日 {decided_on}")]
    ReviewBeforeDecisionDate {
        date: NaiveDate,
        decided_on: NaiveDate,
    },
    #[error("本申请已登记过{0}")]
    ReviewDuplicate(&'static str),
    #[error("已申请行政复议的，不能再未经复议直接起诉；已直接起诉的，不能再申请行政复议")]
    ReviewConflict,
    #[error("复议后起诉应先登记行政复议")]
    LitigationWithoutReconsideration,
    #[error("尚未登记{0}，不能登记其结果")]
    ReviewNotFiled(&'static str),
    #[error("{0}已有结果")]
    ReviewAlreadyDecided(&'static str),
    #[error("结果不能为“尚未审结”：尚未审结的无需登记结果")]
    ReviewResultPending,
    #[error("结果日期 {date} 早于立案日期 {filed_on}")]
    ReviewDecidedBeforeFiled {
        date: NaiveDate,
        filed_on: NaiveDate,
    },
}

/// An event of a log that cannot be applied; `index` is its 0-based position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第{}个办理事件：{error}", .index + 1)]
pub struct ReplayError {
    pub index: usize,
    pub error: CaseError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PauseKind {
    Consultation(ConsultParty),
    Fee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pause {
    kind: PauseKind,
    since: NaiveDate,
    /// When the pause ends at the latest (the consultation or payment deadline).
    until: NaiveDate,
    /// Whether it stops the reply clock (a fee notice does only if the rules say so).
    stops_clock: bool,
}

/// The state derived from the events so far. Fields are read-only facts for display; change a
/// case only through [`apply`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    pub received_on: Option<NaiveDate>,
    pub channel: Option<Channel>,
    pub receipt_basis: Option<ReceiptBasis>,
    /// The reply period counts from this date: receipt, or receipt of the correction.
    pub clock_start: Option<NaiveDate>,
    /// While the reply is due (and kept once replied, to judge timeliness).
    pub reply_deadline: Option<CaseDeadline>,
    /// By when a correction notice must be sent, while one still can be.
    pub correction_notice_deadline: Option<CaseDeadline>,
    /// The applicant's correction period, while awaited.
    pub correction_deadline: Option<CaseDeadline>,
    /// The answer period of an open consultation.
    pub consultation_deadline: Option<CaseDeadline>,
    /// The payment period of an unpaid fee notice.
    pub fee_deadline: Option<CaseDeadline>,
    pub fee_amount: Option<Fen>,
    pub fee_paid_on: Option<NaiveDate>,
    pub extension_wd: u32,
    pub extension_approved_by: Vec<String>,
    /// Working days of closed pauses (not counted in the reply period).
    pub paused_wd: u32,
    pub outcome: Option<Outcome>,
    pub replied_on: Option<NaiveDate>,
    /// The date the case got its outcome (reply or lapse): the year it counts as handled.
    pub closed_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub service_method: Option<ServiceMethod>,
    pub archived_on: Option<NaiveDate>,
    /// Served on or before the reply deadline (§1.4.9); `None` until served.
    pub on_time: Option<bool>,
    pub reviews: Vec<ReviewRecord>,
    /// Things staff should know (late correction accepted, consultation answered late…).
    pub notes: Vec<String>,
    correction_requested: bool,
    corrected: bool,
    /// A consultation, extension or fee notice happened: too late for a correction notice.
    other_steps: bool,
    fee_noticed: bool,
    lapsed: bool,
    pause: Option<Pause>,
    last_on: Option<NaiveDate>,
}

impl State {
    pub fn new() -> State {
        State::default()
    }

    /// The actions possible now (a date can still make one fail, e.g. a late correction notice).
    pub fn allowed_actions(&self, rules: &CaseRules) -> Vec<Action> {
        use Action::*;
        let mut v = Vec::new();
        let can_extend = self
            .received_on
            .is_some_and(|r| self.extension_wd < rules.max_extension_wd_for(r));
        match self.status {
            Status::Unregistered => v.push(Register),
            Status::Processing => {
                if !self.correction_requested && !self.other_steps {
                    v.push(RequestCorrection);
                }
                v.push(StartConsultation);
                if can_extend {
                    v.push(Extend);
                }
                if !self.fee_noticed {
                    v.push(NoticeFee);
                }
                v.push(Reply);
            }
            Status::AwaitingCorrection => v.extend([RecordCorrection, CloseNoCorrection]),
            Status::Consulting => {
                v.push(EndConsultation);
                if can_extend {
                    v.push(Extend);
                }
            }
            Status::AwaitingPayment => {
                v.extend([RecordPayment, CloseFeeUnpaid]);
                if can_extend {
                    v.push(Extend);
                }
            }
            Status::Replied => v.extend([Serve, FileReview]),
            Status::Served | Status::Closed => v.extend([Archive, FileReview]),
            Status::Archived => v.push(FileReview),
        }
        if self.fileable_reviews().is_empty() {
            v.retain(|a| *a != FileReview);
        }
        if self.reviews.iter().any(|r| r.decided_on.is_none()) {
            v.push(DecideReview);
        }
        v
    }

    /// The kinds of review that can still be recorded once the case has an outcome: a
    /// reconsideration and then a lawsuit after it, or one direct lawsuit.
    pub fn fileable_reviews(&self) -> Vec<ReviewKind> {
        let has = |k: ReviewKind| self.reviews.iter().any(|r| r.kind == k);
        if self.outcome.is_none() {
            return Vec::new();
        }
        let recon = has(ReviewKind::Reconsideration);
        let direct = has(ReviewKind::DirectLitigation);
        let mut v = Vec::new();
        if !recon && !direct {
            v.extend([ReviewKind::Reconsideration, ReviewKind::DirectLitigation]);
        }
        if recon && !has(ReviewKind::LitigationAfterReconsideration) {
            v.push(ReviewKind::LitigationAfterReconsideration);
        }
        v
    }

    /// Whether the reply is late as of `today`: served late, or not served and past the deadline.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        if let Some(on_time) = self.on_time {
            return !on_time;
        }
        match (&self.reply_deadline, self.status) {
            (Some(d), Status::Processing | Status::Consulting | Status::AwaitingPayment)
            | (Some(d), Status::Replied) => today > d.due(),
            _ => false,
        }
    }

    fn received(&self) -> NaiveDate {
        self.received_on.expect("checked: the case is registered")
    }

    /// Recomputes the derived deadlines after a change.
    fn refresh(&mut self, cal: &Calendar, rules: &CaseRules) {
        let received = self.received();
        self.correction_notice_deadline = if self.status == Status::Processing
            && !self.correction_requested
            && !self.other_steps
        {
            Some(CaseDeadline {
                deadline: cal.add_working_days(received, rules.correction_notice_wd),
                paused: false,
                notes: vec![format!(
                    "补正通知期限：申请内容不明确的，应自收到申请之日起{}个工作日内一次性告知申请人补正（条例第三十条）。",
                    rules.correction_notice_wd
                )],
            })
        } else {
            None
        };
        let reply_running = !self.lapsed
            && !matches!(
                self.status,
                Status::Unregistered | Status::AwaitingCorrection
            );
        self.reply_deadline = if reply_running {
            Some(self.compute_reply_deadline(cal, rules))
        } else {
            None
        };
    }

    fn compute_reply_deadline(&self, cal: &Calendar, rules: &CaseRules) -> CaseDeadline {
        let received = self.received();
        let start = self.clock_start.unwrap_or(received);
        let base = rules.reply_wd_for(received);
        let mut notes = Vec::new();
        let from = if self.corrected {
            "收到补正申请之日"
        } else {
            "收到申请之日"
        };
        if rules.legacy(received) {
            notes.push(format!(
                "答复期限：自{from}（{start}）起{base}个工作日（2019年5月15日前收到的申请适用2007年条例第二十四条）。"
            ));
        } else {
            notes.push(format!(
                "答复期限：自{from}（{start}）起{base}个工作日（条例第三十三条）。"
            ));
        }
        if self.extension_wd > 0 {
            notes.push(format!(
                "延长答复期限{}个工作日（经{}同意）。",
                self.extension_wd,
                self.extension_approved_by.join("、")
            ));
        }
        if self.paused_wd > 0 {
            notes.push(format!(
                "征求意见或等待缴费的{}个工作日不计算在期限内。",
                self.paused_wd
            ));
        }
        let mut open = 0;
        let mut paused = false;
        if let Some(p) = self.pause.filter(|p| p.stops_clock) {
            open = working_days_between(cal, p.since, p.until);
            paused = true;
            let what = match p.kind {
                PauseKind::Consultation(_) => "正在征求意见",
                PauseKind::Fee => "正在等待缴费",
            };
            notes.push(format!(
                "{what}，期限暂停（自{}起）；下列日期按暂停持续至{}（{open}个工作日）计算，提前结束的相应提前。",
                p.since, p.until
            ));
        }
        let total = base + self.extension_wd + self.paused_wd + open;
        CaseDeadline {
            deadline: cal.add_working_days(start, total),
            paused,
            notes,
        }
    }
}

/// Working days in `(from, to]`: the days a pause from `from` to `to` takes off the clock.
pub fn working_days_between(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d += Duration::days(1);
        if cal.is_working_day(d) {
            n += 1;
        }
    }
    n
}

/// Applies one event: the next state, or why the event is refused.
pub fn apply(
    state: &State,
    event: &Event,
    cal: &Calendar,
    rules: &CaseRules,
) -> Result<State, CaseError> {
    let mut s = state.clone();
    let action = event.action();
    if let Event::Registered {
        received_on,
        channel,
        receipt_basis,
    } = event
    {
        if s.status != Status::Unregistered {
            return Err(CaseError::AlreadyRegistered);
        }
        if channel.basis() != *receipt_basis {
            return Err(CaseError::ReceiptBasisMismatch {
                channel: channel.label(),
                expected: channel.basis().explain(),
            });
        }
        s.status = Status::Processing;
        s.received_on = Some(*received_on);
        s.clock_start = Some(*received_on);
        s.channel = Some(*channel);
        s.receipt_basis = Some(*receipt_basis);
        s.last_on = Some(*received_on);
        s.refresh(cal, rules);
        return Ok(s);
    }
    let Some(received_on) = s.received_on else {
        return Err(CaseError::NotRegistered(action));
    };
    let date = event.date();
    if date < received_on {
        return Err(CaseError::DateBeforeReceipt { date, received_on });
    }
    let is_review = matches!(action, Action::FileReview | Action::DecideReview);
    if let Some(last) = s.last_on.filter(|l| !is_review && date < *l) {
        return Err(CaseError::DateOutOfOrder { date, last });
    }
    let refuse = |s: &State| CaseError::NotAllowed {
        action,
        status: s.status,
    };
    match event {
        Event::Registered { .. } => unreachable!("handled above"),
        Event::CorrectionRequested { on, period_wd } => {
            if s.correction_requested {
                return Err(CaseError::CorrectionAlreadyRequested);
            }
            if s.status != Status::Processing {
                return Err(refuse(&s));
            }
            if s.other_steps {
                return Err(CaseError::CorrectionAfterOtherSteps);
            }
            let due = cal
                .add_working_days(received_on, rules.correction_notice_wd)
                .due;
            if *on > due {
                if rules.refuse_late_correction_notice {
                    return Err(CaseError::CorrectionNoticeTooLate { due });
                }
                s.notes.push(format!(
                    "补正通知于 {on} 发出，晚于{}个工作日的期限（{due}）。",
                    rules.correction_notice_wd
                ));
            }
            if *period_wd == 0 {
                return Err(CaseError::CorrectionPeriodZero);
            }
            s.correction_requested = true;
            s.status = Status::AwaitingCorrection;
            s.correction_deadline = Some(CaseDeadline {
                deadline: cal.add_working_days(*on, *period_wd),
                paused: false,
                notes: vec![format!(
                    "补正期限：自补正通知发出之日（{on}）起{period_wd}个工作日（本机关在通知中确定的合理期限）。逾期无正当理由不补正的，视为放弃申请。"
                )],
            });
        }
        Event::Corrected { on } => {
            if s.status != Status::AwaitingCorrection {
                return Err(refuse(&s));
            }
            if let Some(d) = s.correction_deadline.as_ref().filter(|d| *on > d.due()) {
                s.notes.push(format!(
                    "申请人于补正期限（{}）届满后补正（{on}），本机关予以接受。",
                    d.due()
                ));
            }
            s.corrected = true;
            s.clock_start = Some(*on);
            s.correction_deadline = None;
            s.status = Status::Processing;
        }
        Event::CorrectionLapsed { on } => {
            if s.status != Status::AwaitingCorrection {
                return Err(refuse(&s));
            }
            let due = s
                .correction_deadline
                .as_ref()
                .map(CaseDeadline::due)
                .expect("awaiting correction has a deadline");
            if *on <= due {
                return Err(CaseError::CorrectionNotLapsed { due });
            }
            s.correction_deadline = None;
            close(&mut s, *on, Outcome::OtherNoCorrection);
        }
        Event::ConsultationStarted { on, party } => {
            if s.status != Status::Processing {
                return Err(refuse(&s));
            }
            let d = cal.add_working_days(*on, rules.consultation_wd);
            s.pause = Some(Pause {
                kind: PauseKind::Consultation(*party),
                since: *on,
                until: d.due,
                stops_clock: true,
            });
            let silence = match party {
                ConsultParty::ThirdParty => "逾期未提出意见的，由本机关依照条例决定是否公开",
                ConsultParty::OtherAgency => "逾期未提出意见的，视为同意公开",
            };
            s.consultation_deadline = Some(CaseDeadline {
                deadline: d,
                paused: false,
                notes: vec![format!(
                    "{}：对方应自收到征求意见书之日起{}个工作日内提出意见，{silence}。",
                    party.label(),
                    rules.consultation_wd
                )],
            });
            s.other_steps = true;
            s.status = Status::Consulting;
        }
        Event::ConsultationAnswered { on } => {
            if s.status != Status::Consulting {
                return Err(refuse(&s));
            }
            let p = s.pause.take().expect("consulting has a pause");
            let end = if rules.pause_ends_at_consultation_due && *on > p.until {
                s.notes.push(format!(
                    "征求意见答复（{on}）晚于期限（{}），期限届满后的时间计入答复期限。",
                    p.until
                ));
                p.until
            } else {
                *on
            };
            s.paused_wd += working_days_between(cal, p.since, end);
            s.consultation_deadline = None;
            s.status = Status::Processing;
        }
        Event::Extended {
            on,
            days,
            approved_by,
        } => {
            if !matches!(
                s.status,
                Status::Processing | Status::Consulting | Status::AwaitingPayment
            ) {
                return Err(refuse(&s));
            }
            if *days == 0 {
                return Err(CaseError::ExtensionZero);
            }
            let max = rules.max_extension_wd_for(received_on);
            if s.extension_wd + days > max {
                return Err(CaseError::ExtensionTooLong {
                    max,
                    used: s.extension_wd,
                });
            }
            if approved_by.trim().is_empty() {
                return Err(CaseError::ExtensionWithoutApproval);
            }
            let due = s.compute_reply_deadline(cal, rules).due();
            if rules.extension_within_period && *on > due {
                return Err(CaseError::ExtensionAfterDue { due });
            }
            s.extension_wd += days;
            s.extension_approved_by.push(approved_by.trim().to_string());
            s.other_steps = true;
        }
        Event::FeeNoticed { on, amount_fen } => {
            if s.fee_noticed {
                return Err(CaseError::FeeAlreadyNoticed);
            }
            if s.status != Status::Processing {
                return Err(refuse(&s));
            }
            if amount_fen.is_zero() {
                return Err(CaseError::FeeZero);
            }
            let due = s.compute_reply_deadline(cal, rules).due();
            if rules.fee_notice_within_period && *on > due {
                return Err(CaseError::FeeNoticeAfterDue { due });
            }
            let d = cal.add_working_days(*on, rules.fee.payment_period_wd);
            s.pause = Some(Pause {
                kind: PauseKind::Fee,
                since: *on,
                until: d.due,
                stops_clock: rules.fee_pauses_clock,
            });
            s.fee_deadline = Some(CaseDeadline {
                deadline: d,
                paused: false,
                notes: vec![format!(
                    "缴费期限：收到收费通知次日起{}个工作日内缴纳{amount_fen}；逾期未缴纳的，视为放弃申请。",
                    rules.fee.payment_period_wd
                )],
            });
            s.fee_amount = Some(*amount_fen);
            s.fee_noticed = true;
            s.other_steps = true;
            s.status = Status::AwaitingPayment;
        }
        Event::FeePaid { on } => {
            if s.status != Status::AwaitingPayment {
                return Err(refuse(&s));
            }
            let p = s.pause.expect("awaiting payment has a pause");
            if *on > p.until {
                return Err(CaseError::FeePaidLate { due: p.until });
            }
            if p.stops_clock {
                s.paused_wd += working_days_between(cal, p.since, *on);
            }
            s.pause = None;
            s.fee_deadline = None;
            s.fee_paid_on = Some(*on);
            s.status = Status::Processing;
        }
        Event::FeeLapsed { on } => {
            if s.status != Status::AwaitingPayment {
                return Err(refuse(&s));
            }
            let p = s.pause.expect("awaiting payment has a pause");
            if *on <= p.until {
                return Err(CaseError::FeeNotLapsed { due: p.until });
            }
            s.pause = None;
            s.fee_deadline = None;
            close(&mut s, *on, Outcome::OtherFeeUnpaid);
        }
        Event::Replied { on, outcome } => {
            if s.status != Status::Processing {
                return Err(refuse(&s));
            }
            match outcome {
                Outcome::OtherNoCorrection => return Err(CaseError::OutcomeNoCorrectionByReply),
                Outcome::OtherFeeUnpaid => return Err(CaseError::OutcomeFeeUnpaidByReply),
                Outcome::UnableUnclearAfterCorrection if !s.corrected => {
                    return Err(CaseError::OutcomeNeedsCorrection);
                }
                _ => {}
            }
            s.outcome = Some(*outcome);
            s.replied_on = Some(*on);
            s.closed_on = Some(*on);
            s.status = Status::Replied;
        }
        Event::Served { on, method } => {
            if s.status != Status::Replied {
                return Err(if s.status.is_open() {
                    CaseError::ServiceBeforeReply
                } else {
                    refuse(&s)
                });
            }
            s.served_on = Some(*on);
            s.service_method = Some(*method);
            s.on_time = s.reply_deadline.as_ref().map(|d| *on <= d.due());
            s.status = Status::Served;
        }
        Event::Archived { on } => {
            if !matches!(s.status, Status::Served | Status::Closed) {
                return Err(refuse(&s));
            }
            s.archived_on = Some(*on);
            s.status = Status::Archived;
        }
        Event::ReviewFiled { on, kind } => {
            let Some(decided_on) = s.closed_on else {
                return Err(CaseError::ReviewBeforeDecision(action));
            };
            if *on < decided_on {
                return Err(CaseError::ReviewBeforeDecisionDate {
                    date: *on,
                    decided_on,
                });
            }
            let has = |k: ReviewKind| s.reviews.iter().find(|r| r.kind == k);
            if has(*kind).is_some() {
                return Err(CaseError::ReviewDuplicate(kind.label()));
            }
            match kind {
                ReviewKind::Reconsideration if has(ReviewKind::DirectLitigation).is_some() => {
                    return Err(CaseError::ReviewConflict);
                }
                ReviewKind::DirectLitigation if has(ReviewKind::Reconsideration).is_some() => {
                    return Err(CaseError::ReviewConflict);
                }
                ReviewKind::LitigationAfterReconsideration => {
                    let Some(r) = has(ReviewKind::Reconsideration) else {
                        return Err(CaseError::LitigationWithoutReconsideration);
                    };
                    if *on < r.filed_on {
                        return Err(CaseError::DateOutOfOrder {
                            date: *on,
                            last: r.filed_on,
                        });
                    }
                }
                _ => {}
            }
            s.reviews.push(ReviewRecord {
                kind: *kind,
                filed_on: *on,
                decided_on: None,
                result: None,
            });
        }
        Event::ReviewDecided { on, kind, result } => {
            if *result == ReviewResult::Pending {
                return Err(CaseError::ReviewResultPending);
            }
            let Some(r) = s.reviews.iter_mut().find(|r| r.kind == *kind) else {
                return Err(CaseError::ReviewNotFiled(kind.label()));
            };
            if r.decided_on.is_some() {
                return Err(CaseError::ReviewAlreadyDecided(kind.label()));
            }
            if *on < r.filed_on {
                return Err(CaseError::ReviewDecidedBeforeFiled {
                    date: *on,
                    filed_on: r.filed_on,
                });
            }
            r.decided_on = Some(*on);
            r.result = Some(*result);
        }
    }
    if !is_review {
        s.last_on = Some(date);
    }
    s.refresh(cal, rules);
    Ok(s)
}

fn close(s: &mut State, on: NaiveDate, outcome: Outcome) {
    s.outcome = Some(outcome);
    s.closed_on = Some(on);
    s.lapsed = true;
    s.status = Status::Closed;
}

/// Replays a whole log from the start (e.g. after loading a new year's calendar).
pub fn recompute(
    events: &[Event],
    cal: &Calendar,
    rules: &CaseRules,
) -> Result<State, ReplayError> {
    events
        .iter()
        .enumerate()
        .try_fold(State::new(), |s, (index, e)| {
            apply(&s, e, cal, rules).map_err(|error| ReplayError { index, error })
        })
}

/// A case: its log and the state derived from it. Events are only ever appended.
#[derive(Debug, Clone, Default)]
pub struct Case {
    events: Vec<Event>,
    state: State,
}

impl Case {
    pub fn new() -> Case {
        Case::default()
    }

    /// Rebuilds a case from a stored log.
    pub fn from_events(
        events: Vec<Event>,
        cal: &Calendar,
        rules: &CaseRules,
    ) -> Result<Case, ReplayError> {
        let state = recompute(&events, cal, rules)?;
        Ok(Case { events, state })
    }

    /// Appends `event` if it is allowed; the log is unchanged otherwise.
    pub fn record(
        &mut self,
        event: Event,
        cal: &Calendar,
        rules: &CaseRules,
    ) -> Result<&State, CaseError> {
        self.state = apply(&self.state, &event, cal, rules)?;
        self.events.push(event);
        Ok(&self.state)
    }

    /// Recomputes the state with another calendar or rules.
    pub fn recompute(&mut self, cal: &Calendar, rules: &CaseRules) -> Result<(), ReplayError> {
        self.state = recompute(&self.events, cal, rules)?;
        Ok(())
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn state(&self) -> &State {
        &self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn registered(on: &str) -> Event {
        Event::Registered {
            received_on: d(on),
            channel: Channel::Online,
            receipt_basis: ReceiptBasis::OnlineConfirmed,
        }
    }

    struct T {
        cal: Calendar,
        rules: CaseRules,
        case: Case,
    }

    impl T {
        fn new(received: &str) -> T {
            let mut t = T {
                cal: Calendar::builtin(),
                rules: CaseRules::default(),
                case: Case::new(),
            };
            t.ok(registered(received));
            t
        }
        fn ok(&mut self, e: Event) -> State {
            match self.case.record(e.clone(), &self.cal, &self.rules) {
                Ok(s) => s.clone(),
                Err(err) => panic!("{e:?} refused: {err}"),
            }
        }
        fn err(&mut self, e: Event) -> String {
            let before = self.case.events().len();
            let msg = self
                .case
                .record(e.clone(), &self.cal, &self.rules)
                .map(|_| ())
                .expect_err("should be refused")
                .to_string();
            assert_eq!(
                self.case.events().len(),
                before,
                "a refused event is not logged"
            );
            msg
        }
        fn state(&self) -> &State {
            self.case.state()
        }
        fn wd(&self, from: &str, n: u32) -> NaiveDate {
            self.cal.add_working_days(d(from), n).due
        }
    }

    /// §1.4.11 worked example: received 2024-09-27, 20 WD → 2024-10-30; with the maximum
    /// extension of 20 WD → 2024-11-27. Served on the last day is on time (§1.4.9).
    #[test]
    fn section_1_4_11_reply_and_extension() {
        let mut t = T::new("2024-09-27");
        let rd = t.state().reply_deadline.clone().unwrap();
        assert_eq!(rd.due(), d("2024-10-30"));
        assert!(!rd.paused && !rd.provisional());
        let text = rd.explain().join("\n");
        assert!(
            text.contains("自收到申请之日（2024-09-27）起20个工作日"),
            "{text}"
        );
        assert!(text.contains("09-29（国庆节调休上班）"), "{text}");
        t.ok(Event::Extended {
            on: d("2024-10-28"),
            days: 20,
            approved_by: "办公室主任 李明".into(),
        });
        let rd = t.state().reply_deadline.clone().unwrap();
        assert_eq!(rd.due(), d("2024-11-27"));
        assert!(
            rd.explain()
                .join("")
                .contains("延长答复期限20个工作日（经办公室主任 李明同意）")
        );
        t.ok(Event::Replied {
            on: d("2024-11-26"),
            outcome: Outcome::Granted,
        });
        assert_eq!(t.state().status, Status::Replied);
        assert_eq!(
            t.state().allowed_actions(&t.rules),
            [Action::Serve, Action::FileReview]
        );
        let s = t.ok(Event::Served {
            on: d("2024-11-27"),
            method: ServiceMethod::Post,
        });
        assert_eq!(s.on_time, Some(true));
        assert_eq!(s.closed_on, Some(d("2024-11-26")));
        assert!(!s.is_overdue(d("2025-06-01")));
        t.ok(Event::Archived {
            on: d("2024-11-28"),
        });
        assert_eq!(t.state().status, Status::Archived);
    }

    /// Every 20-working-day example of §1.4.11 as a case's reply deadline.
    #[test]
    fn section_1_4_11_all_reply_examples() {
        for (received, due) in [
            ("2024-09-27", "2024-10-30"),
            ("2024-12-20", "2025-01-20"),
            ("2025-01-20", "2025-02-21"),
            ("2026-02-10", "2026-03-16"),
        ] {
            let t = T::new(received);
            let rd = t.state().reply_deadline.clone().unwrap();
            assert_eq!(rd.due(), d(due), "received {received}");
            assert_eq!(rd.deadline.working_days, 20);
        }
    }

    #[test]
    fn served_after_the_deadline_is_late() {
        let mut t = T::new("2024-09-27");
        t.ok(Event::Replied {
            on: d("2024-10-30"),
            outcome: Outcome::UnableNotHeld,
        });
        assert!(!t.state().is_overdue(d("2024-10-30")));
        assert!(
            t.state().is_overdue(d("2024-10-31")),
            "not served yet, past due"
        );
        let s = t.ok(Event::Served {
            on: d("2024-10-31"),
            method: ServiceMethod::Direct,
        });
        assert_eq!(s.on_time, Some(false));
        assert!(s.is_overdue(d("2024-10-31")));
    }

    /// §1.4.11 worked example: received 2026-02-10, the correction notice is due 2026-02-26.
    /// §1.4.3: the reply clock restarts from the corrected application.
    #[test]
    fn section_1_4_3_correction_restarts_the_clock() {
        let mut t = T::new("2026-02-10");
        let cn = t.state().correction_notice_deadline.clone().unwrap();
        assert_eq!(cn.due(), d("2026-02-26"));
        assert_eq!(
            t.state().reply_deadline.as_ref().unwrap().due(),
            d("2026-03-16")
        );
        let msg = t.err(Event::CorrectionRequested {
            on: d("2026-02-27"),
            period_wd: 10,
        });
        assert_eq!(
            msg,
            "补正通知应自收到申请之日起7个工作日内发出，期限已于 2026-02-26 届满（条例第三十条）"
        );
        let s = t.ok(Event::CorrectionRequested {
            on: d("2026-02-26"),
            period_wd: 10,
        });
        assert_eq!(s.status, Status::AwaitingCorrection);
        assert!(
            s.reply_deadline.is_none(),
            "the reply period is not running"
        );
        assert_eq!(
            s.correction_deadline.as_ref().unwrap().due(),
            t.wd("2026-02-26", 10)
        );
        assert_eq!(
            s.allowed_actions(&t.rules),
            [Action::RecordCorrection, Action::CloseNoCorrection]
        );
        // Only once (一次性告知).
        let msg = t.err(Event::CorrectionRequested {
            on: d("2026-02-26"),
            period_wd: 10,
        });
        assert_eq!(
            msg,
            "补正通知应一次性发出，本申请已发出过补正通知（条例第三十条）"
        );
        let msg = t.err(Event::Replied {
            on: d("2026-03-02"),
            outcome: Outcome::Granted,
        });
        assert_eq!(msg, "当前状态为“待补正”，不能作出答复");
        let s = t.ok(Event::Corrected {
            on: d("2026-03-05"),
        });
        assert_eq!(s.clock_start, Some(d("2026-03-05")));
        let rd = s.reply_deadline.unwrap();
        assert_eq!(rd.due(), t.wd("2026-03-05", 20));
        assert!(rd.explain()[0].contains("自收到补正申请之日（2026-03-05）起20个工作日"));
        // Still unclear after correction is now a possible reply.
        t.ok(Event::Replied {
            on: d("2026-03-10"),
            outcome: Outcome::UnableUnclearAfterCorrection,
        });
    }

    /// §1.4.3 / §2.4 row 三(六)1: no correction within the period closes the case as abandoned.
    #[test]
    fn correction_lapse_closes_the_case() {
        let mut t = T::new("2024-03-01");
        t.ok(Event::CorrectionRequested {
            on: d("2024-03-04"),
            period_wd: 15,
        });
        let due = t.wd("2024-03-04", 15);
        let msg = t.err(Event::CorrectionLapsed { on: due });
        assert_eq!(
            msg,
            format!("补正期限至 {due} 届满，届满前不能按逾期未补正结案")
        );
        let s = t.ok(Event::CorrectionLapsed {
            on: due + Duration::days(1),
        });
        assert_eq!(s.status, Status::Closed);
        assert_eq!(s.outcome, Some(Outcome::OtherNoCorrection));
        assert_eq!(s.closed_on, Some(due + Duration::days(1)));
        assert!(s.reply_deadline.is_none() && s.on_time.is_none());
        assert_eq!(
            s.allowed_actions(&t.rules),
            [Action::Archive, Action::FileReview]
        );
        let msg = t.err(Event::Served {
            on: d("2024-05-01"),
            method: ServiceMethod::Post,
        });
        assert_eq!(msg, "当前状态为“已终止办理”，不能登记送达");
    }

    #[test]
    fn illegal_transitions_are_refused_with_reasons() {
        let cal = Calendar::builtin();
        let rules = CaseRules::default();
        let e = apply(
            &State::new(),
            &Event::Replied {
                on: d("2024-03-05"),
                outcome: Outcome::Granted,
            },
            &cal,
            &rules,
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "申请尚未登记，不能作出答复");

        let mut t = T::new("2024-03-01");
        assert_eq!(
            t.err(registered("2024-03-01")),
            "申请已经登记，不能重复登记"
        );
        assert_eq!(
            t.err(Event::Served {
                on: d("2024-03-05"),
                method: ServiceMethod::Post
            }),
            "尚未作出答复，不能登记送达"
        );
        assert_eq!(
            t.err(Event::Replied {
                on: d("2024-02-28"),
                outcome: Outcome::Granted
            }),
            "日期 2024-02-28 早于收到申请之日 2024-03-01"
        );
        assert_eq!(
            t.err(Event::Replied {
                on: d("2024-03-05"),
                outcome: Outcome::OtherNoCorrection
            }),
            "“逾期不补正”由“按逾期未补正结案”产生，不能作为答复结果"
        );
        assert_eq!(
            t.err(Event::Replied {
                on: d("2024-03-05"),
                outcome: Outcome::OtherFeeUnpaid
            }),
            "“逾期未缴费”由“按逾期未缴费结案”产生，不能作为答复结果"
        );
        assert_eq!(
            t.err(Event::Replied {
                on: d("2024-03-05"),
                outcome: Outcome::UnableUnclearAfterCorrection
            }),
            "未曾要求补正的申请，不能以“补正后申请内容仍不明确”答复"
        );
        assert_eq!(
            t.err(Event::Archived {
                on: d("2024-03-05")
            }),
            "当前状态为“办理中”，不能归档"
        );
        assert_eq!(
            t.err(Event::ReviewFiled {
                on: d("2024-03-05"),
                kind: ReviewKind::Reconsideration
            }),
            "尚未作出处理决定，不能登记行政复议或行政诉讼"
        );
        let mismatch = apply(
            &State::new(),
            &Event::Registered {
                received_on: d("2024-03-01"),
                channel: Channel::InPerson,
                receipt_basis: ReceiptBasis::OnlineConfirmed,
            },
            &cal,
            &rules,
        )
        .unwrap_err();
        assert!(
            mismatch.to_string().contains("以提交之日为收到申请之日"),
            "{mismatch}"
        );
    }

    #[test]
    fn events_must_be_in_date_order() {
        let mut t = T::new("2024-03-01");
        t.ok(Event::ConsultationStarted {
            on: d("2024-03-05"),
            party: ConsultParty::ThirdParty,
        });
        assert_eq!(
            t.err(Event::ConsultationAnswered {
                on: d("2024-03-04")
            }),
            "日期 2024-03-04 早于上一办理环节的日期 2024-03-05"
        );
    }

    /// Arts. 32–33, §1.4.4: consultation time is not counted; while open, the deadline assumes
    /// the full 15 working days and is marked paused.
    #[test]
    fn consultation_pauses_the_clock() {
        let mut t = T::new("2024-03-01");
        let base = t.state().reply_deadline.as_ref().unwrap().due();
        assert_eq!(base, t.wd("2024-03-01", 20));
        let s = t.ok(Event::ConsultationStarted {
            on: d("2024-03-05"),
            party: ConsultParty::ThirdParty,
        });
        assert_eq!(s.status, Status::Consulting);
        assert_eq!(
            s.consultation_deadline.as_ref().unwrap().due(),
            t.wd("2024-03-05", 15)
        );
        let rd = s.reply_deadline.clone().unwrap();
        assert!(rd.paused);
        assert_eq!(rd.due(), t.wd("2024-03-01", 35));
        assert!(rd.explain().join("").contains("正在征求意见，期限暂停"));
        assert!(s.correction_notice_deadline.is_none());
        assert_eq!(
            s.allowed_actions(&t.rules),
            [Action::EndConsultation, Action::Extend]
        );
        assert_eq!(
            t.err(Event::Replied {
                on: d("2024-03-06"),
                outcome: Outcome::Granted
            }),
            "当前状态为“征求意见中”，不能作出答复"
        );
        // Answered on Friday 03-08: Wed, Thu, Fri are not counted.
        let s = t.ok(Event::ConsultationAnswered {
            on: d("2024-03-08"),
        });
        assert_eq!(s.paused_wd, 3);
        let rd = s.reply_deadline.unwrap();
        assert!(!rd.paused);
        assert_eq!(rd.due(), t.wd("2024-03-01", 23));
        // No correction after a consultation.
        assert_eq!(
            t.err(Event::CorrectionRequested {
                on: d("2024-03-08"),
                period_wd: 5
            }),
            "已征求意见、延长期限或发出收费通知的申请，不能再要求补正"
        );
    }

    #[test]
    fn a_late_answer_pauses_at_most_the_consultation_period() {
        let mut t = T::new("2024-03-01");
        t.ok(Event::ConsultationStarted {
            on: d("2024-03-05"),
            party: ConsultParty::OtherAgency,
        });
        let s = t.ok(Event::ConsultationAnswered {
            on: d("2024-05-06"),
        });
        assert_eq!(s.paused_wd, 15);
        assert_eq!(s.reply_deadline.unwrap().due(), t.wd("2024-03-01", 35));
        assert!(s.notes[0].contains("晚于期限"), "{:?}", s.notes);
    }

    /// Art. 33: at most 20 working days, approved by the head of the disclosure office, decided
    /// within the period.
    #[test]
    fn extension_limits() {
        let mut t = T::new("2024-09-27");
        assert_eq!(
            t.err(Event::Extended {
                on: d("2024-10-10"),
                days: 21,
                approved_by: "李明".into()
            }),
            "延长答复期限最长不得超过20个工作日（已延长0个工作日）（条例第三十三条）"
        );
        assert_eq!(
            t.err(Event::Extended {
                on: d("2024-10-10"),
                days: 10,
                approved_by: " ".into()
            }),
            "延长答复期限须经政府信息公开工作机构负责人同意，请填写同意人"
        );
        assert_eq!(
            t.err(Event::Extended {
                on: d("2024-10-31"),
                days: 10,
                approved_by: "李明".into()
            }),
            "延长答复期限应在答复期限（2024-10-30）届满前决定"
        );
        t.ok(Event::Extended {
            on: d("2024-10-10"),
            days: 15,
            approved_by: "李明".into(),
        });
        assert_eq!(
            t.err(Event::Extended {
                on: d("2024-10-11"),
                days: 6,
                approved_by: "李明".into()
            }),
            "延长答复期限最长不得超过20个工作日（已延长15个工作日）（条例第三十三条）"
        );
        let s = t.ok(Event::Extended {
            on: d("2024-10-11"),
            days: 5,
            approved_by: "王芳".into(),
        });
        assert_eq!(s.reply_deadline.as_ref().unwrap().due(), d("2024-11-27"));
        assert!(!s.allowed_actions(&t.rules).contains(&Action::Extend));
    }

    /// §3.1: fee notice within the period, 20 WD to pay, unpaid → 视为放弃 (row 三(六)2).
    #[test]
    fn fee_notice_payment_and_lapse() {
        let mut t = T::new("2024-03-01");
        assert_eq!(
            t.err(Event::FeeNoticed {
                on: d("2024-03-04"),
                amount_fen: Fen::ZERO
            }),
            "收费金额应大于0"
        );
        let s = t.ok(Event::FeeNoticed {
            on: d("2024-03-04"),
            amount_fen: Fen::yuan(700),
        });
        let fee_due = t.wd("2024-03-04", 20);
        assert_eq!(s.status, Status::AwaitingPayment);
        assert_eq!(s.fee_deadline.as_ref().unwrap().due(), fee_due);
        assert!(
            s.fee_deadline.as_ref().unwrap().explain()[0].contains("缴纳700.00元"),
            "{:?}",
            s.fee_deadline
        );
        assert!(s.reply_deadline.as_ref().unwrap().paused);
        assert_eq!(
            t.err(Event::FeePaid {
                on: fee_due + Duration::days(1)
            }),
            format!("缴费期限已于 {fee_due} 届满，逾期未缴费视为放弃申请，请按逾期未缴费结案")
        );
        // Paid: the days waiting are not counted (the pause reading of CaseRules).
        let mut paid = T::new("2024-03-01");
        paid.ok(Event::FeeNoticed {
            on: d("2024-03-04"),
            amount_fen: Fen::yuan(700),
        });
        let s = paid.ok(Event::FeePaid {
            on: d("2024-03-08"),
        });
        assert_eq!(s.paused_wd, 4);
        assert_eq!(s.reply_deadline.unwrap().due(), paid.wd("2024-03-01", 24));
        assert_eq!(
            paid.err(Event::FeeNoticed {
                on: d("2024-03-11"),
                amount_fen: Fen::yuan(100)
            }),
            "本申请已发出过收费通知"
        );

        assert_eq!(
            t.err(Event::FeeLapsed { on: fee_due }),
            format!("缴费期限至 {fee_due} 届满，届满前不能按逾期未缴费结案")
        );
        let s = t.ok(Event::FeeLapsed {
            on: fee_due + Duration::days(1),
        });
        assert_eq!(s.status, Status::Closed);
        assert_eq!(s.outcome, Some(Outcome::OtherFeeUnpaid));
    }

    #[test]
    fn fee_without_pause_when_the_rules_say_so() {
        let mut t = T::new("2024-03-01");
        t.rules.fee_pauses_clock = false;
        let s = t.ok(Event::FeeNoticed {
            on: d("2024-03-04"),
            amount_fen: Fen::yuan(100),
        });
        let rd = s.reply_deadline.unwrap();
        assert!(!rd.paused);
        assert_eq!(rd.due(), t.wd("2024-03-01", 20));
    }

    /// §2.6 records and the order of reviews.
    #[test]
    fn reconsideration_and_litigation() {
        let mut t = T::new("2024-03-01");
        t.ok(Event::Replied {
            on: d("2024-03-20"),
            outcome: Outcome::DeniedThirdParty,
        });
        assert_eq!(
            t.err(Event::ReviewFiled {
                on: d("2024-03-25"),
                kind: ReviewKind::LitigationAfterReconsideration
            }),
            "复议后起诉应先登记行政复议"
        );
        assert_eq!(
            t.err(Event::ReviewFiled {
                on: d("2024-03-19"),
                kind: ReviewKind::Reconsideration
            }),
            "日期 2024-03-19 早于处理决定作出之日 2024-03-20"
        );
        t.ok(Event::Served {
            on: d("2024-03-21"),
            method: ServiceMethod::Direct,
        });
        t.ok(Event::Archived {
            on: d("2024-04-01"),
        });
        // A review recorded after archiving, dated before it, is fine.
        t.ok(Event::ReviewFiled {
            on: d("2024-03-25"),
            kind: ReviewKind::Reconsideration,
        });
        assert_eq!(
            t.err(Event::ReviewFiled {
                on: d("2024-03-26"),
                kind: ReviewKind::DirectLitigation
            }),
            "已申请行政复议的，不能再未经复议直接起诉；已直接起诉的，不能再申请行政复议"
        );
        assert_eq!(
            t.err(Event::ReviewDecided {
                on: d("2024-05-01"),
                kind: ReviewKind::Reconsideration,
                result: ReviewResult::Pending
            }),
            "结果不能为“尚未审结”：尚未审结的无需登记结果"
        );
        assert!(
            t.state()
                .allowed_actions(&t.rules)
                .contains(&Action::DecideReview)
        );
        assert_eq!(
            t.state().fileable_reviews(),
            [ReviewKind::LitigationAfterReconsideration]
        );
        t.ok(Event::ReviewDecided {
            on: d("2024-05-01"),
            kind: ReviewKind::Reconsideration,
            result: ReviewResult::Upheld,
        });
        t.ok(Event::ReviewFiled {
            on: d("2024-05-10"),
            kind: ReviewKind::LitigationAfterReconsideration,
        });
        let s = t.state();
        assert_eq!(s.reviews.len(), 2);
        assert_eq!(s.reviews[0].result, Some(ReviewResult::Upheld));
        assert_eq!(
            s.reviews[1].result_on(d("2024-12-31")),
            ReviewResult::Pending
        );
        assert_eq!(s.status, Status::Archived);
        assert_eq!(s.allowed_actions(&t.rules), [Action::DecideReview]);
        assert!(s.fileable_reviews().is_empty());
    }

    /// A deadline reaching a year without holiday data is provisional; loading the year's
    /// arrangement and replaying the log makes it final.
    #[test]
    fn recompute_after_loading_a_new_year() {
        let mut t = T::new("2026-12-15");
        let rd = t.state().reply_deadline.clone().unwrap();
        assert!(rd.provisional());
        assert!(rd.explain().join("").contains("2027年的节假日安排尚未载入"));
        let y2027 = Calendar::from_csv("date,kind,name\n2027-01-01,holiday,元旦\n").unwrap();
        let mut cal = t.cal.clone();
        cal.merge_years(&y2027);
        t.case.recompute(&cal, &t.rules).unwrap();
        let rd2 = t.state().reply_deadline.clone().unwrap();
        assert!(!rd2.provisional());
        assert_eq!(rd2.due(), rd.due() + Duration::days(1));
        // The stored log replays to the same state.
        let again = Case::from_events(t.case.events().to_vec(), &cal, &t.rules).unwrap();
        assert_eq!(again.state(), t.state());
    }

    #[test]
    fn a_log_the_new_calendar_invalidates_is_reported() {
        let cal = Calendar::builtin();
        let rules = CaseRules::default();
        let notice = |on: &str| {
            vec![
                registered("2026-12-24"),
                Event::CorrectionRequested {
                    on: d(on),
                    period_wd: 10,
                },
            ]
        };
        // Without 2027 data: 12-25, 12-28…12-31, 01-01, 01-04 → the notice is due 2027-01-04.
        assert_eq!(
            cal.add_working_days(d("2026-12-24"), 7).due,
            d("2027-01-04")
        );
        assert!(recompute(&notice("2027-01-04"), &cal, &rules).is_ok());
        assert!(recompute(&notice("2027-01-05"), &cal, &rules).is_err());
        // An arrangement with 01-01 off moves it later…
        let mut later = cal.clone();
        later.merge_years(&Calendar::from_csv("2027-01-01,holiday,元旦\n").unwrap());
        assert!(recompute(&notice("2027-01-05"), &later, &rules).is_ok());
        // …and one with a Saturday make-up day moves it earlier: the stored log is now invalid,
        // and the replay says which event.
        let mut earlier = cal.clone();
        earlier.merge_years(&Calendar::from_csv("2027-01-02,workday,元旦\n").unwrap());
        let e = recompute(&notice("2027-01-04"), &earlier, &rules).unwrap_err();
        assert_eq!(e.index, 1);
        assert_eq!(
            e.to_string(),
            "第2个办理事件：补正通知应自收到申请之日起7个工作日内发出，期限已于 2027-01-02 届满（条例第三十条）"
        );
    }

    /// Applications received before 2019-05-15 follow the 2007 text: 15 + 15 WD (§1 intro).
    #[test]
    fn legacy_periods_before_may_2019() {
        let t = T::new("2019-05-14");
        assert_eq!(
            t.state().reply_deadline.as_ref().unwrap().due(),
            t.wd("2019-05-14", 15)
        );
        let t2 = T::new("2019-05-15");
        assert_eq!(
            t2.state().reply_deadline.as_ref().unwrap().due(),
            t2.wd("2019-05-15", 20)
        );
    }

    #[test]
    fn allowed_actions_in_each_state() {
        let rules = CaseRules::default();
        assert_eq!(State::new().allowed_actions(&rules), [Action::Register]);
        let t = T::new("2024-03-01");
        assert_eq!(
            t.state().allowed_actions(&rules),
            [
                Action::RequestCorrection,
                Action::StartConsultation,
                Action::Extend,
                Action::NoticeFee,
                Action::Reply
            ]
        );
        assert_eq!(Action::Reply.as_str(), "replied");
        assert_eq!(Status::AwaitingPayment.label(), "待缴费");
    }
}
