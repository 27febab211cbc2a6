//! The publishing workflow (先审查、后公开, 一事一审; regulations.md §1.2–1.3): an item goes
//! draft → submitted → confidentiality review (保密审查) → approval by a leader → published now or
//! at a scheduled time. Pure rules: which step is allowed in which status, and what a review or
//! approval must contain to be valid.
//!
//! Every review and approval belongs to one *review cycle* of the item. A cycle ends when the
//! content changes after submission or the item is withdrawn; publication needs a passed review
//! and an approval of the current cycle, so no release rests on a review of other content.

use crate::catalog::{Disclosure, Status};
use crate::redaction::{ScanOptions, mask, scan};
use serde::{Deserialize, Serialize};

/// Ground recorded by the confidentiality review (审查依据).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 国家秘密 (Art. 14).
    StateSecret,
    /// 工作秘密.
    WorkSecret,
    /// 个人信息 / 个人隐私 (Art. 15).
    PersonalInfo,
    /// 商业秘密 (Art. 15).
    CommercialSecret,
    /// 危及国家安全、公共安全、经济安全、社会稳定 (三安全一稳定, Art. 14).
    ThreeSecurities,
    /// 过程性信息 (Art. 16 ¶2).
    ProcessInfo,
    /// 内部事务信息 (Art. 16 ¶1).
    InternalAffairs,
    /// 无 — nothing that prevents disclosure.
    None,
}

impl Basis {
    pub const ALL: [Basis; 8] = [
        Self::StateSecret,
        Self::WorkSecret,
        Self::PersonalInfo,
        Self::CommercialSecret,
        Self::ThreeSecurities,
        Self::ProcessInfo,
        Self::InternalAffairs,
        Self::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::StateSecret => "state_secret",
            Self::WorkSecret => "work_secret",
            Self::PersonalInfo => "personal_info",
            Self::CommercialSecret => "commercial_secret",
            Self::ThreeSecurities => "three_securities",
            Self::ProcessInfo => "process_info",
            Self::InternalAffairs => "internal_affairs",
            Self::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::StateSecret => "国家秘密",
            Self::WorkSecret => "工作秘密",
            Self::PersonalInfo => "个人信息",
            Self::CommercialSecret => "商业秘密",
            Self::ThreeSecurities => "三安全一稳定",
            Self::ProcessInfo => "过程性信息",
            Self::InternalAffairs => "内部事务信息",
            Self::None => "无",
        }
    }

    /// Grounds under which the item may never be released proactively, even in part
    /// (Art. 14: 依法确定为国家秘密的 … 不予公开). Personal and commercial information may be
    /// released after de-identification or with consent (Art. 15), process and internal
    /// information at the agency's judgement (Art. 16).
    pub fn forbids_release(self) -> bool {
        matches!(
            self,
            Self::StateSecret | Self::WorkSecret | Self::ThreeSecurities
        )
    }

    /// Parses a comma-separated list as stored.
    pub fn parse_list(s: &str) -> Vec<Basis> {
        let mut v: Vec<Basis> = s
            .split(',')
            .filter_map(|p| Basis::parse(p.trim()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn list_str(list: &[Basis]) -> String {
        list.iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn list_label(list: &[Basis]) -> String {
        list.iter()
            .map(|b| b.label())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A reviewer's or approver's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 同意 (the review passes / the leader approves).
    Pass,
    /// 退回 (back to the drafter, with a reason).
    Return,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Return => "return",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pass" => Some(Self::Pass),
            "return" => Some(Self::Return),
            _ => None,
        }
    }
}

/// The confidentiality review as the reviewer fills it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInput {
    pub decision: Decision,
    pub bases: Vec<Basis>,
    /// The disclosure mode the review settles (主动公开 / 依申请公开 / 不予公开).
    pub disclosure: Disclosure,
    /// Why not disclosed, or why returned.
    pub reason: String,
    /// High-severity personal-data findings left in the item on purpose: the written reason.
    pub override_reason: String,
}

/// Checks a review; the messages are for the form (field, message).
pub fn check_review(r: &ReviewInput, open_high_findings: usize) -> Vec<(&'static str, String)> {
    let mut e = Vec::new();
    let reason = r.reason.trim();
    if r.bases.is_empty() {
        e.push(("bases", "请选择审查依据（无涉密等情形请选择“无”）".into()));
    }
    if r.bases.contains(&Basis::None) && r.bases.len() > 1 {
        e.push(("bases", "选择“无”时不能同时选择其他审查依据".into()));
    }
    if reason.chars().count() > 1000 {
        e.push(("reason", "说明最多1000个字".into()));
    }
    match r.decision {
        Decision::Return => {
            if reason.is_empty() {
                e.push(("reason", "退回时请写明退回理由".into()));
            }
        }
        Decision::Pass => {
            if r.disclosure == Disclosure::NotDisclosed && reason.is_empty() {
                e.push(("reason", "审查结论为不予公开时，请写明理由".into()));
            }
            if r.disclosure == Disclosure::NotDisclosed && r.bases.contains(&Basis::None) {
                e.push(("bases", "不予公开须有审查依据，不能选择“无”".into()));
            }
            if r.disclosure == Disclosure::Proactive
                && let Some(b) = r.bases.iter().find(|b| b.forbids_release())
            {
                e.push((
                    "disclosure",
                    format!("经审查属于{}的信息不得主动公开", b.label()),
                ));
            }
            if r.disclosure == Disclosure::Proactive
                && open_high_findings > 0
                && r.override_reason.trim().is_empty()
            {
                e.push((
                    "override_reason",
                    format!(
                        "尚有 {open_high_findings} 处高风险个人信息未处理：请先去标识化，或写明保留的理由"
                    ),
                ));
            }
        }
    }
    e
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 提交审查.
    Submit,
    /// Confidentiality review with its decision.
    Review(Decision),
    /// Leader's approval: pass releases now or schedules (an item the review settled as not
    /// proactively disclosed is filed instead); return goes back to the drafter.
    Approve {
        decision: Decision,
        scheduled: bool,
        proactive: bool,
    },
    /// Cancel a scheduled release (back to awaiting approval).
    Unschedule,
    /// The scheduled time came.
    ReleaseScheduled,
    /// 撤回 (a reason is required).
    Withdraw,
    /// The content was edited.
    Edit,
}

/// The status after `step`, or why the step is not allowed now.
pub fn next(status: Status, step: Step) -> Result<Status, &'static str> {
    use Status::*;
    Ok(match (status, step) {
        (Draft | Withdrawn | Filed, Step::Submit) => Submitted,
        (_, Step::Submit) => return Err("只有草稿或已撤回的信息才能提交审查"),
        (Submitted, Step::Review(Decision::Pass)) => Reviewed,
        (Submitted, Step::Review(Decision::Return)) => Draft,
        (_, Step::Review(_)) => return Err("只有已提交审查的信息才能进行保密审查"),
        (
            Reviewed,
            Step::Approve {
                decision: Decision::Return,
                ..
            },
        ) => Draft,
        (
            Reviewed,
            Step::Approve {
                proactive: false,
                scheduled: true,
                ..
            },
        ) => {
            return Err("不主动公开的信息不能定时发布");
        }
        (
            Reviewed,
            Step::Approve {
                proactive: false, ..
            },
        ) => Filed,
        (
            Reviewed,
            Step::Approve {
                scheduled: true, ..
            },
        ) => Scheduled,
        (Reviewed, Step::Approve { .. }) => Published,
        (_, Step::Approve { .. }) => return Err("只有通过保密审查的信息才能审批"),
        (Scheduled, Step::Unschedule) => Reviewed,
        (_, Step::Unschedule) => return Err("该信息没有定时发布"),
        (Scheduled, Step::ReleaseScheduled) => Published,
        (_, Step::ReleaseScheduled) => return Err("该信息没有定时发布"),
        (Published, Step::Withdraw) => Withdrawn,
        (_, Step::Withdraw) => return Err("只有已发布的信息才能撤回"),
        (Published, Step::Edit) => {
            return Err("已发布的信息不能直接修改：请撤回后修改，或新建修订版本");
        }
        (Draft | Withdrawn, Step::Edit) => status,
        // Content changed under review: the reviews so far were of other content.
        (Submitted | Reviewed | Scheduled | Filed, Step::Edit) => Draft,
    })
}

/// Whether `step` from `status` starts a new review cycle (earlier reviews stop counting).
pub fn ends_cycle(status: Status, step: Step) -> bool {
    match step {
        Step::Edit => matches!(
            status,
            Status::Submitted | Status::Reviewed | Status::Scheduled | Status::Filed
        ),
        Step::Withdraw
        | Step::Review(Decision::Return)
        | Step::Approve {
            decision: Decision::Return,
            ..
        } => true,
        _ => false,
    }
}

/// De-identifies the body (去标识化, one action): masks the personal data found in each text run
/// between tags (`110105********1234`, `138****5678`, …) and returns the new body and how many
/// findings were masked. Data split by markup (a number half in bold) is not masked here; it still
/// counts as an open finding, so it blocks publication until edited by hand.
pub fn deidentify_body(html: &str, opts: &ScanOptions) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut masked = 0;
    let mut rest = html;
    while !rest.is_empty() {
        let (text, tail) = match rest.find('<') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let findings = scan(text, opts);
        masked += findings.len();
        out.push_str(&if findings.is_empty() {
            text.to_string()
        } else {
            mask(text, &findings)
        });
        let end = tail.find('>').map_or(tail.len(), |i| i + 1);
        out.push_str(&tail[..end]);
        rest = &tail[end..];
    }
    (out, masked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(decision: Decision, bases: &[Basis], disclosure: Disclosure) -> ReviewInput {
        ReviewInput {
            decision,
            bases: bases.to_vec(),
            disclosure,
            reason: String::new(),
            override_reason: String::new(),
        }
    }

    #[test]
    fn the_only_way_to_published_is_through_review_and_approval() {
        use Status::*;
        let pass = Step::Approve {
            decision: Decision::Pass,
            scheduled: false,
            proactive: true,
        };
        assert_eq!(next(Draft, Step::Submit), Ok(Submitted));
        assert_eq!(next(Submitted, Step::Review(Decision::Pass)), Ok(Reviewed));
        assert_eq!(next(Reviewed, pass), Ok(Published));
        // Every status and step: Published is reached only by approval or the scheduled release.
        let steps = [
            Step::Submit,
            Step::Review(Decision::Pass),
            Step::Review(Decision::Return),
            pass,
            Step::Approve {
                decision: Decision::Pass,
                scheduled: true,
                proactive: true,
            },
            Step::Approve {
                decision: Decision::Pass,
                scheduled: false,
                proactive: false,
            },
            Step::Approve {
                decision: Decision::Return,
                scheduled: false,
                proactive: true,
            },
            Step::Unschedule,
            Step::ReleaseScheduled,
            Step::Withdraw,
            Step::Edit,
        ];
        for s in Status::ALL {
            for step in steps {
                if let Ok(Published) = next(s, step) {
                    assert!(
                        (s == Reviewed && matches!(step, Step::Approve { .. }))
                            || (s == Scheduled && step == Step::ReleaseScheduled),
                        "{s:?} --{step:?}--> Published"
                    );
                }
            }
        }
        assert!(next(Draft, pass).is_err());
        assert!(next(Submitted, pass).is_err());
        assert!(next(Withdrawn, pass).is_err());
    }

    #[test]
    fn editing_under_review_starts_over_and_published_items_are_not_edited() {
        use Status::*;
        for s in [Submitted, Reviewed, Scheduled] {
            assert_eq!(next(s, Step::Edit), Ok(Draft));
            assert!(ends_cycle(s, Step::Edit));
        }
        assert_eq!(next(Draft, Step::Edit), Ok(Draft));
        assert!(!ends_cycle(Draft, Step::Edit));
        assert!(next(Published, Step::Edit).is_err());
        assert_eq!(next(Published, Step::Withdraw), Ok(Withdrawn));
        assert!(ends_cycle(Published, Step::Withdraw));
        // A withdrawn item goes through the whole review again.
        assert_eq!(next(Withdrawn, Step::Submit), Ok(Submitted));
    }

    #[test]
    fn an_item_not_proactively_disclosed_is_filed_not_published() {
        let file = Step::Approve {
            decision: Decision::Pass,
            scheduled: false,
            proactive: false,
        };
        assert_eq!(next(Status::Reviewed, file), Ok(Status::Filed));
        let later = Step::Approve {
            decision: Decision::Pass,
            scheduled: true,
            proactive: false,
        };
        assert!(next(Status::Reviewed, later).is_err());
        // Filed items may be reviewed again (for example to release them later).
        assert_eq!(next(Status::Filed, Step::Submit), Ok(Status::Submitted));
        assert!(ends_cycle(
            Status::Submitted,
            Step::Review(Decision::Return)
        ));
    }

    #[test]
    fn reviews_are_checked() {
        let ok = review(Decision::Pass, &[Basis::None], Disclosure::Proactive);
        assert!(check_review(&ok, 0).is_empty());
        let e = check_review(&review(Decision::Pass, &[], Disclosure::Proactive), 0);
        assert_eq!(e[0].0, "bases");
        let e = check_review(
            &review(Decision::Pass, &[Basis::StateSecret], Disclosure::Proactive),
            0,
        );
        assert!(
            e.iter()
                .any(|(f, m)| *f == "disclosure" && m.contains("国家秘密"))
        );
        let e = check_review(
            &review(
                Decision::Pass,
                &[Basis::None, Basis::PersonalInfo],
                Disclosure::Proactive,
            ),
            0,
        );
        assert_eq!(e[0].0, "bases");
        let e = check_review(
            &review(
                Decision::Pass,
                &[Basis::ProcessInfo],
                Disclosure::NotDisclosed,
            ),
            0,
        );
        assert_eq!(
            e,
            vec![("reason", "审查结论为不予公开时，请写明理由".to_string())]
        );
        let e = check_review(
            &review(Decision::Return, &[Basis::None], Disclosure::Proactive),
            0,
        );
        assert_eq!(e[0].0, "reason");
        // Personal data left in: only with a written reason.
        let pi = review(
            Decision::Pass,
            &[Basis::PersonalInfo],
            Disclosure::Proactive,
        );
        let e = check_review(&pi, 2);
        assert!(e[0].1.contains("2 处"));
        let mut kept = pi.clone();
        kept.override_reason = "当事人书面同意公开".into();
        assert!(check_review(&kept, 2).is_empty());
    }

    #[test]
    fn the_body_is_deidentified_in_its_text_runs() {
        let html = "<p>申请人张三，身份证号11010519491231002X，电话13812345678。</p><p class=\"x13812345678\">联系地址见附件</p>";
        let opts = ScanOptions {
            names: vec!["张三".into()],
            ..Default::default()
        };
        let (out, n) = deidentify_body(html, &opts);
        assert_eq!(n, 3, "{out}");
        assert!(out.contains("110105********002X"), "{out}");
        assert!(out.contains("138****5678"), "{out}");
        assert!(!out.contains("张三"), "{out}");
        // Markup is left alone.
        assert!(out.contains("class=\"x13812345678\""), "{out}");
        assert!(scan(&crate::document::body_text(&out), &opts).is_empty());
    }

    #[test]
    fn basis_lists_round_trip() {
        let l = Basis::parse_list("personal_info, none,bogus,personal_info");
        assert_eq!(l, vec![Basis::PersonalInfo, Basis::None]);
        assert_eq!(Basis::list_str(&l), "personal_info,none");
        assert_eq!(Basis::list_label(&l), "个人信息、无");
    }
}
