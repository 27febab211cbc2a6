//! Messages from the public (网民留言, 领导信箱, 政策咨询): the boxes, categories, the handling
//! workflow 接收、登记、办理、反馈 with a division head's sign-off, and the reply deadline. Pure
//! rules; no IO, no clock.
//!
//! No national rule fixes a reply period for ordinary messages (regulations.md, website rules:
//! provincial rules commonly say 5 or 10 working days [U]); each box has its own, with the
//! defaults below.

use crate::calendar::{Calendar, Deadline};
use crate::error::FieldErrors;
use chrono::NaiveDate;
use serde::Serialize;

/// A kind of message box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BoxKind {
    /// 网民留言 (message board).
    Board,
    /// 领导信箱 (leader's mailbox).
    Mailbox,
    /// 政策咨询 (questions about a published policy).
    Policy,
}

impl BoxKind {
    pub const ALL: [BoxKind; 3] = [Self::Board, Self::Mailbox, Self::Policy];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Board => "board",
            Self::Mailbox => "mailbox",
            Self::Policy => "policy",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Board => "网民留言",
            Self::Mailbox => "领导信箱",
            Self::Policy => "政策咨询",
        }
    }

    /// The documented default reply period in working days [U]: 10 for the message board,
    /// 15 for the leader's mailbox (letters often need several divisions), 5 for questions on a
    /// published policy.
    pub fn default_reply_wd(self) -> u32 {
        match self {
            Self::Board => 10,
            Self::Mailbox => 15,
            Self::Policy => 5,
        }
    }
}

/// 留言类别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Consult,
    Suggest,
    Complaint,
    Help,
    Other,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Self::Consult,
        Self::Suggest,
        Self::Complaint,
        Self::Help,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consult => "consult",
            Self::Suggest => "suggest",
            Self::Complaint => "complaint",
            Self::Help => "help",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Consult => "咨询",
            Self::Suggest => "建议",
            Self::Complaint => "投诉",
            Self::Help => "求助",
            Self::Other => "其他",
        }
    }
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已接收: waiting to be registered.
    Received,
    /// 已登记: accepted, waiting to be assigned.
    Registered,
    /// 不予受理: out of scope; the reason is shown to the submitter.
    Rejected,
    /// 已交办: with a division.
    Assigned,
    /// 已拟稿: a reply is drafted, waiting for the division head.
    Drafted,
    /// 已审签: signed off by the division head, ready to send.
    SignedOff,
    /// 已答复: sent to the submitter (and published when allowed).
    Replied,
    /// 已办结: rated by the submitter.
    Closed,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Self::Received,
        Self::Registered,
        Self::Rejected,
        Self::Assigned,
        Self::Drafted,
        Self::SignedOff,
        Self::Replied,
        Self::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Registered => "registered",
            Self::Rejected => "rejected",
            Self::Assigned => "assigned",
            Self::Drafted => "drafted",
            Self::SignedOff => "signed_off",
            Self::Replied => "replied",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Received => "已接收",
            Self::Registered => "已登记",
            Self::Rejected => "不予受理",
            Self::Assigned => "已交办",
            Self::Drafted => "已拟稿",
            Self::SignedOff => "已审签",
            Self::Replied => "已答复",
            Self::Closed => "已办结",
        }
    }

    /// Still owed an answer (the reply deadline matters).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Received | Self::Registered | Self::Assigned | Self::Drafted | Self::SignedOff
        )
    }
}

/// A handling step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 登记 (accept).
    Register,
    /// 不予受理, with a reason.
    Reject,
    /// 交办 to a division.
    Assign,
    /// 改办 to another division, with a reason.
    Reassign,
    /// 拟稿: write (or rewrite) the reply.
    Draft,
    /// 审签 by the division head.
    SignOff,
    /// 退回修改 by the division head, with a reason.
    SendBack,
    /// 答复: send (and publish when allowed).
    Send,
    /// The submitter's rating.
    Rate,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::Reject => "reject",
            Self::Assign => "assign",
            Self::Reassign => "reassign",
            Self::Draft => "draft",
            Self::SignOff => "sign_off",
            Self::SendBack => "send_back",
            Self::Send => "send",
            Self::Rate => "rate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Register,
            Self::Reject,
            Self::Assign,
            Self::Reassign,
            Self::Draft,
            Self::SignOff,
            Self::SendBack,
            Self::Send,
            Self::Rate,
        ]
        .into_iter()
        .find(|s2| s2.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Register => "登记",
            Self::Reject => "不予受理",
            Self::Assign => "交办",
            Self::Reassign => "改办",
            Self::Draft => "拟写答复",
            Self::SignOff => "审签",
            Self::SendBack => "退回修改",
            Self::Send => "答复",
            Self::Rate => "评价",
        }
    }

    /// Steps that need a written reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Reject | Self::Reassign | Self::SendBack)
    }
}

/// The status after `step`, or why it is not allowed now. No reply goes out without the
/// division head's sign-off.
pub fn next(status: Status, step: Step) -> Result<Status, &'static str> {
    use Status::*;
    Ok(match (status, step) {
        (Received, Step::Register) => Registered,
        (Received, Step::Reject) => Rejected,
        (_, Step::Register | Step::Reject) => return Err("只有新收到的留言才能登记或不予受理"),
        (Registered, Step::Assign) => Assigned,
        (_, Step::Assign) => return Err("只有已登记的留言才能交办"),
        (Assigned | Drafted, Step::Reassign) => Assigned,
        (_, Step::Reassign) => return Err("只有办理中的留言才能改办"),
        (Assigned | Drafted, Step::Draft) => Drafted,
        (_, Step::Draft) => return Err("只有已交办的留言才能拟写答复"),
        (Drafted, Step::SignOff) => SignedOff,
        (Drafted | SignedOff, Step::SendBack) => Assigned,
        (_, Step::SignOff | Step::SendBack) => return Err("只有已拟稿的答复才能审签"),
        (SignedOff, Step::Send) => Replied,
        (_, Step::Send) => return Err("答复须经处室负责人审签后才能发出"),
        (Replied, Step::Rate) => Closed,
        (_, Step::Rate) => return Err("收到答复后才能评价"),
    })
}

/// The reply deadline of a message received on `received_on`.
pub fn reply_due(received_on: NaiveDate, reply_wd: u32, cal: &Calendar) -> Deadline {
    cal.add_working_days(received_on, reply_wd)
}

/// Limits of the public form.
pub const TITLE_MAX: usize = 100;
pub const BODY_MIN: usize = 5;
pub const BODY_MAX: usize = 3000;
pub const NAME_MAX: usize = 50;
pub const REPLY_MAX: usize = 10_000;
pub const REASON_MAX: usize = 500;

/// Checks what the public submits; the messages are in Chinese for the form.
pub fn check_submission(title: &str, body: &str, name: &str, contact: &str) -> FieldErrors {
    let mut e = FieldErrors::new();
    let title = title.trim();
    if title.is_empty() {
        e.add("title", "请填写留言标题");
    } else if title.chars().count() > TITLE_MAX {
        e.add("title", format!("标题最多{TITLE_MAX}个字"));
    }
    let n = body.trim().chars().count();
    if n < BODY_MIN {
        e.add("body", format!("请写明留言内容（至少{BODY_MIN}个字）"));
    } else if n > BODY_MAX {
        e.add("body", format!("留言内容最多{BODY_MAX}个字"));
    }
    if name.trim().is_empty() {
        e.add("name", "请填写姓名（不会公开）");
    } else if name.trim().chars().count() > NAME_MAX {
        e.add("name", format!("姓名最多{NAME_MAX}个字"));
    }
    let c = contact.trim();
    let phone = c.len() == 11 && c.starts_with('1') && c.bytes().all(|b| b.is_ascii_digit());
    let email = c.len() <= 100
        && c.split_once('@')
            .is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !d.starts_with('.'));
    if !phone && !email {
        e.add(
            "contact",
            "请填写11位手机号码或电子邮箱，用于接收答复（不会公开）",
        );
    }
    e
}

/// The submitter's rating of the reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Satisfied,
    NotSatisfied,
}

impl Rating {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::NotSatisfied => "not_satisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "satisfied" => Some(Self::Satisfied),
            "not_satisfied" => Some(Self::NotSatisfied),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Satisfied => "满意",
            Self::NotSatisfied => "不满意",
        }
    }
}

/// What the statistics need of one message.
#[derive(Debug, Clone)]
pub struct Facts {
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    /// When the reply was sent (rejected messages have none and count as not answered).
    pub replied_on: Option<NaiveDate>,
    pub rating: Option<Rating>,
}

/// Counts of one group of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub received: u64,
    pub answered: u64,
    /// Answered on or before the due date.
    pub on_time: u64,
    /// Working days from receipt to reply, summed over the answered ones.
    pub working_days: u64,
    pub rated: u64,
    pub satisfied: u64,
}

impl Tally {
    pub fn add(&mut self, f: &Facts, cal: &Calendar) {
        self.received += 1;
        if let Some(r) = f.replied_on {
            self.answered += 1;
            if r <= f.due_on {
                self.on_time += 1;
            }
            self.working_days += u64::from(working_days_between(f.received_on, r, cal));
        }
        if let Some(rating) = f.rating {
            self.rated += 1;
            if rating == Rating::Satisfied {
                self.satisfied += 1;
            }
        }
    }

    /// Average working days to answer, one decimal.
    pub fn average_working_days(&self) -> Option<f64> {
        (self.answered > 0)
            .then(|| (self.working_days as f64 / self.answered as f64 * 10.0).round() / 10.0)
    }

    /// Share of satisfied ratings, in whole percent.
    pub fn satisfaction_percent(&self) -> Option<u64> {
        (self.rated > 0).then(|| (self.satisfied * 100 + self.rated / 2) / self.rated)
    }
}

/// Working days after `from` up to and including `to` (0 when answered the same day).
pub fn working_days_between(from: NaiveDate, to: NaiveDate, cal: &Calendar) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d.succ_opt().unwrap_or(d);
        if cal.is_working_day(d) {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_reply_goes_out_without_sign_off() {
        use Status::*;
        let path = [
            (Step::Register, Registered),
            (Step::Assign, Assigned),
            (Step::Draft, Drafted),
            (Step::SignOff, SignedOff),
            (Step::Send, Replied),
            (Step::Rate, Closed),
        ];
        let mut s = Received;
        for (step, to) in path {
            s = next(s, step).unwrap();
            assert_eq!(s, to);
        }
        for s in Status::ALL {
            if let Ok(Replied) = next(s, Step::Send) {
                assert_eq!(s, SignedOff);
            }
        }
        assert!(next(Drafted, Step::Send).unwrap_err().contains("审签"));
        assert_eq!(next(SignedOff, Step::SendBack), Ok(Assigned));
        assert_eq!(next(Received, Step::Reject), Ok(Rejected));
        assert!(next(Rejected, Step::Assign).is_err());
        assert!(Step::Reject.needs_reason() && !Step::Draft.needs_reason());
    }

    #[test]
    fn submissions_are_checked() {
        assert!(
            check_submission("咨询低保", "请问低保如何申请？", "张三", "13812345678").is_empty()
        );
        assert!(check_submission("咨询", "请问低保如何申请？", "张三", "a@b.cn").is_empty());
        let e = check_submission("", "短", "", "123");
        for f in ["title", "body", "name", "contact"] {
            assert!(e.get(f).is_some(), "{f}");
        }
        let long = "字".repeat(BODY_MAX + 1);
        assert!(
            check_submission("t", &long, "n", "a@b.cn")
                .get("body")
                .is_some()
        );
    }

    #[test]
    fn tallies_count_answers_on_time_days_and_satisfaction() {
        let cal = Calendar::builtin();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut t = Tally::default();
        // Received Mon 06-03, due 06-18; answered Fri 06-07 (4 working days), satisfied.
        t.add(
            &Facts {
                received_on: d("2024-06-03"),
                due_on: d("2024-06-18"),
                replied_on: Some(d("2024-06-07")),
                rating: Some(Rating::Satisfied),
            },
            &cal,
        );
        // Answered late, on 06-20 (端午 06-10 off: 12 working days), not satisfied.
        t.add(
            &Facts {
                received_on: d("2024-06-03"),
                due_on: d("2024-06-18"),
                replied_on: Some(d("2024-06-20")),
                rating: Some(Rating::NotSatisfied),
            },
            &cal,
        );
        // Not answered.
        t.add(
            &Facts {
                received_on: d("2024-06-04"),
                due_on: d("2024-06-19"),
                replied_on: None,
                rating: None,
            },
            &cal,
        );
        assert_eq!((t.received, t.answered, t.on_time), (3, 2, 1));
        assert_eq!(t.working_days, 4 + 12);
        assert_eq!(t.average_working_days(), Some(8.0));
        assert_eq!(t.satisfaction_percent(), Some(50));
        assert_eq!(Tally::default().average_working_days(), None);
    }

    #[test]
    fn the_reply_deadline_counts_working_days() {
        let cal = Calendar::builtin();
        // Received Mon 2024-09-30: 国庆 10-01…10-07 off; 10-12 (Sat) is a make-up working day.
        let d = reply_due(NaiveDate::from_ymd_opt(2024, 9, 30).unwrap(), 10, &cal);
        assert_eq!(
            d.due,
            NaiveDate::from_ymd_opt(2024, 10, 18).unwrap(),
            "{:?}",
            d.explain()
        );
    }
}
