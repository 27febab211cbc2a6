//! Notices (告知书) sent to applicants: the kinds, their default texts carrying the legal basis,
//! and the filling of a template's `{placeholders}`.
//!
//! Agencies edit the texts (their letterhead wording differs), so a template is data: the default
//! comes from here, an organization's own version is stored, and [`render`] fills either one. A
//! template may only use the placeholders of its kind ([`NoticeKind::placeholders`]); [`check`]
//! says which are unknown before an edited template is saved, so a letter never goes out with a
//! literal `{...}` in it.

use crate::application::outcome::{Outcome, OutcomeGroup};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    /// 补正通知书 (Art. 30).
    Correction,
    /// 征求意见函 to a third party (Art. 32).
    Consultation,
    /// 延期答复告知书 (Art. 33 ¶2).
    Extension,
    /// 信息处理费缴费通知书 (Art. 42, 国办函〔2020〕109号).
    Fee,
    /// 答复告知书 for an outcome group.
    Reply(OutcomeGroup),
}

/// Placeholders every kind may use.
const COMMON: &[&str] = &[
    "applicant",
    "tracking_no",
    "received_on",
    "request",
    "org",
    "date",
];

impl NoticeKind {
    pub const ALL: [NoticeKind; 10] = [
        NoticeKind::Correction,
        NoticeKind::Consultation,
        NoticeKind::Extension,
        NoticeKind::Fee,
        NoticeKind::Reply(OutcomeGroup::Granted),
        NoticeKind::Reply(OutcomeGroup::PartiallyGranted),
        NoticeKind::Reply(OutcomeGroup::Denied),
        NoticeKind::Reply(OutcomeGroup::Unable),
        NoticeKind::Reply(OutcomeGroup::NotProcessed),
        NoticeKind::Reply(OutcomeGroup::Other),
    ];

    /// The reply notice for an outcome.
    pub fn for_outcome(outcome: Outcome) -> NoticeKind {
        NoticeKind::Reply(outcome.group())
    }

    /// Stable key, stored with an organization's edited template and with each issued notice.
    pub fn key(self) -> &'static str {
        match self {
            NoticeKind::Correction => "correction",
            NoticeKind::Consultation => "consultation",
            NoticeKind::Extension => "extension",
            NoticeKind::Fee => "fee",
            NoticeKind::Reply(OutcomeGroup::Granted) => "reply.granted",
            NoticeKind::Reply(OutcomeGroup::PartiallyGranted) => "reply.partially_granted",
            NoticeKind::Reply(OutcomeGroup::Denied) => "reply.denied",
            NoticeKind::Reply(OutcomeGroup::Unable) => "reply.unable",
            NoticeKind::Reply(OutcomeGroup::NotProcessed) => "reply.not_processed",
            NoticeKind::Reply(OutcomeGroup::Other) => "reply.other",
        }
    }

    pub fn parse(key: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The notice's title as printed.
    pub fn title(self) -> &'static str {
        match self {
            NoticeKind::Correction => "政府信息公开申请补正通知书",
            NoticeKind::Consultation => "政府信息公开征求意见函",
            NoticeKind::Extension => "政府信息公开申请延期答复告知书",
            NoticeKind::Fee => "政府信息公开信息处理费缴费通知书",
            NoticeKind::Reply(OutcomeGroup::Granted) => "政府信息公开申请答复书（予以公开）",
            NoticeKind::Reply(OutcomeGroup::PartiallyGranted) => {
                "政府信息公开申请答复书（部分公开）"
            }
            NoticeKind::Reply(OutcomeGroup::Denied) => "政府信息公开申请答复书（不予公开）",
            NoticeKind::Reply(OutcomeGroup::Unable) => "政府信息公开申请答复书（无法提供）",
            NoticeKind::Reply(OutcomeGroup::NotProcessed) => "政府信息公开申请答复书（不予处理）",
            NoticeKind::Reply(OutcomeGroup::Other) => "政府信息公开申请处理告知书",
        }
    }

    /// The placeholders this kind's template may use, besides the common ones.
    pub fn placeholders(self) -> Vec<&'static str> {
        let own: &[&str] = match self {
            NoticeKind::Correction => &["details", "period_wd"],
            NoticeKind::Consultation => &["third_party", "answer_wd"],
            NoticeKind::Extension => &["days", "due"],
            NoticeKind::Fee => &["method", "standard", "amount", "pay_wd"],
            NoticeKind::Reply(OutcomeGroup::Granted) => &["basis", "details"],
            NoticeKind::Reply(_) => &["basis", "reason", "details", "remedy"],
        };
        COMMON.iter().chain(own).copied().collect()
    }

    /// The default text. Paragraphs are separated by blank lines.
    pub fn default_template(self) -> &'static str {
        match self {
            NoticeKind::Correction => CORRECTION,
            NoticeKind::Consultation => CONSULTATION,
            NoticeKind::Extension => EXTENSION,
            NoticeKind::Fee => FEE,
            NoticeKind::Reply(OutcomeGroup::Granted) => GRANTED,
            NoticeKind::Reply(OutcomeGroup::PartiallyGranted) => PARTIALLY_GRANTED,
            NoticeKind::Reply(OutcomeGroup::Denied) => DENIED,
            NoticeKind::Reply(OutcomeGroup::Unable) => UNABLE,
            NoticeKind::Reply(OutcomeGroup::NotProcessed) => NOT_PROCESSED,
            NoticeKind::Reply(OutcomeGroup::Other) => OTHER,
        }
    }
}

const CORRECTION: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您自收到本通知之日起{period_wd}个工作日内对以下内容作出补正：{details}\n\n答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n\n{org}\n{date}";

const CONSULTATION: &str = "{third_party}：\n\n本机关于{received_on}收到政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。该信息公开后可能损害贵方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见，请于收到本函之日起{answer_wd}个工作日内提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开。\n\n{org}\n{date}";

const EXTENSION: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n因需要延长答复期限，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，本机关将于{due}前作出答复。\n\n{org}\n{date}";

const FEE: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n您申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关按照{method}收取信息处理费。收费标准：{standard}；应缴金额：{amount}元。\n\n请您自收到本通知之日起{pay_wd}个工作日内缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。\n\n{org}\n{date}";

const GRANTED: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n经审查，您申请获取的政府信息属于公开范围。根据{basis}的规定，现予以提供：{details}\n\n{org}\n{date}";

const PARTIALLY_GRANTED: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n经审查，您申请获取的政府信息中，部分内容{reason}。根据{basis}的规定，该部分不予公开；其余部分予以提供：{details}\n\n{remedy}\n\n{org}\n{date}";

const DENIED: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n经审查，您申请获取的政府信息{reason}。根据{basis}的规定，决定不予公开。{details}\n\n{remedy}\n\n{org}\n{date}";

const UNABLE: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n经审查，{reason}。根据{basis}的规定，本机关无法提供。{details}\n\n{remedy}\n\n{org}\n{date}";

const NOT_PROCESSED: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n经审查，{reason}。根据{basis}的规定，本机关不予处理。{details}\n\n{remedy}\n\n{org}\n{date}";

const OTHER: &str = "{applicant}：\n\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（申请编号：{tracking_no}），申请获取：{request}。\n\n{reason}。根据{basis}的规定，本机关不再处理该政府信息公开申请。{details}\n\n{remedy}\n\n{org}\n{date}";

/// The remedy clause (§1.6): reconsideration within 60 days, lawsuit within 6 months — or
/// reconsideration first where the law requires it (a refusal to disclose).
pub fn remedy(outcome: Outcome, review_body: &str, court: &str) -> String {
    if outcome.requires_reconsideration_first() {
        format!(
            "如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向{court}提起行政诉讼。"
        )
    } else {
        format!(
            "如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议，或者自收到本答复之日起六个月内向{court}提起行政诉讼。"
        )
    }
}

/// The placeholders a template uses that its kind does not offer (empty: the template is good).
pub fn check(kind: NoticeKind, template: &str) -> Vec<String> {
    let allowed = kind.placeholders();
    let mut unknown: Vec<String> = placeholders_in(template)
        .into_iter()
        .filter(|p| !allowed.contains(&p.as_str()))
        .collect();
    unknown.dedup();
    unknown
}

fn placeholders_in(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(after[..close].to_string());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// Fills `template` with `values`; a placeholder without a value is left empty (never printed
/// as `{name}`).
pub fn render(template: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                if let Some(v) = values.get(&after[..close]) {
                    out.push_str(v);
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_uses_only_its_placeholders() {
        for kind in NoticeKind::ALL {
            assert_eq!(
                check(kind, kind.default_template()),
                Vec::<String>::new(),
                "{kind:?}"
            );
            assert_eq!(NoticeKind::parse(kind.key()), Some(kind));
            assert!(kind.default_template().contains("{org}"));
        }
    }

    #[test]
    fn a_correction_notice_reads_as_sent() {
        let values: BTreeMap<&str, String> = [
            ("applicant", "张三".to_string()),
            ("received_on", "2026年3月2日".to_string()),
            ("tracking_no", "YSQ-2026-000001".to_string()),
            ("request", "2025年低保资金发放明细".to_string()),
            ("details", "请明确所需信息的时间范围。".to_string()),
            ("period_wd", "15".to_string()),
            ("org", "示范市民政局".to_string()),
            ("date", "2026年3月5日".to_string()),
        ]
        .into_iter()
        .collect();
        let text = render(NoticeKind::Correction.default_template(), &values);
        assert!(text.starts_with("张三：\n\n本机关于2026年3月2日收到"));
        assert!(text.contains("第三十条"));
        assert!(text.contains("15个工作日内"));
        assert!(!text.contains('{'), "{text}");
    }

    #[test]
    fn unknown_placeholders_are_named() {
        assert_eq!(
            check(NoticeKind::Extension, "{applicant} {amount} {days}"),
            ["amount"]
        );
        let values = BTreeMap::new();
        assert_eq!(render("甲{missing}乙{", &values), "甲乙{");
    }

    #[test]
    fn refusals_tell_the_applicant_to_seek_reconsideration_first() {
        let r = remedy(
            Outcome::DeniedStateSecret,
            "示范市人民政府",
            "示范市人民法院",
        );
        assert!(r.contains("十五日内"), "{r}");
        let r = remedy(Outcome::UnableNotHeld, "示范市人民政府", "示范市人民法院");
        assert!(r.contains("六个月内"), "{r}");
    }
}
