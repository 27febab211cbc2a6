//! How a case ended (办理结果), as the rows of annual-report Table 3 (regulations.md §2.4).
//!
//! The keys are exactly the row keys of §2.4 (`granted`, `partially_granted`,
//! `denied.state_secret` … `other.other`); the labels are the printed row texts of the 30号 format
//! (国办公开办函〔2021〕30号, report years 2021 onward). The 60号 format (report years 2019 and 2020)
//! differs only in that （六）其他处理 is a single row: [`ReportRow::OtherCombined`], key `other`
//! (our key: §2.4 names none for it). Every outcome is a row of 「三、本年度办理结果」 and so counts in
//! 「（七）总计」: a case is *handled* in the year in which it got its outcome, whatever the outcome.

use serde::{Deserialize, Serialize};

/// Which national format a report year uses (§2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportFormat {
    /// 国办公开办函〔2019〕60号: report years 2019 and 2020.
    #[serde(rename = "GBH-2019-60")]
    Gbh2019_60,
    /// 国办公开办函〔2021〕30号: report years 2021 onward.
    #[serde(rename = "GBH-2021-30")]
    Gbh2021_30,
}

impl ReportFormat {
    /// `None` before 2019: those years had free-form or provincial formats.
    pub fn for_year(year: i32) -> Option<Self> {
        match year {
            2019 | 2020 => Some(Self::Gbh2019_60),
            y if y >= 2021 => Some(Self::Gbh2021_30),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gbh2019_60 => "GBH-2019-60",
            Self::Gbh2021_30 => "GBH-2021-30",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Gbh2019_60 => "国办公开办函〔2019〕60号格式",
            Self::Gbh2021_30 => "国办公开办函〔2021〕30号格式",
        }
    }

    /// The rows of Table 3 in printed order (25 rows in 30号, 23 in 60号).
    pub fn rows(self) -> Vec<ReportRow> {
        let mut rows = vec![ReportRow::NewReceived, ReportRow::CarriedOverFromPrev];
        for o in Outcome::ALL {
            match (self, o.group()) {
                (Self::Gbh2019_60, OutcomeGroup::Other) => {
                    if o == Outcome::OtherNoCorrection {
                        rows.push(ReportRow::OtherCombined);
                    }
                }
                _ => rows.push(ReportRow::Outcome(o)),
            }
        }
        rows.push(ReportRow::TotalHandled);
        rows.push(ReportRow::CarriedToNext);
        rows
    }
}

/// The six groups of 「三、本年度办理结果」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutcomeGroup {
    Granted,
    PartiallyGranted,
    Denied,
    Unable,
    NotProcessed,
    Other,
}

impl OutcomeGroup {
    pub const ALL: [OutcomeGroup; 6] = [
        Self::Granted,
        Self::PartiallyGranted,
        Self::Denied,
        Self::Unable,
        Self::NotProcessed,
        Self::Other,
    ];

    /// The level-2 cell as printed.
    pub fn label(self) -> &'static str {
        match self {
            Self::Granted => "（一）予以公开",
            Self::PartiallyGranted => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            Self::Denied => "（三）不予公开",
            Self::Unable => "（四）无法提供",
            Self::NotProcessed => "（五）不予处理",
            Self::Other => "（六）其他处理",
        }
    }

    /// Without the numbering and the note: 「部分公开」.
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Granted => "予以公开",
            Self::PartiallyGranted => "部分公开",
            Self::Denied => "不予公开",
            Self::Unable => "无法提供",
            Self::NotProcessed => "不予处理",
            Self::Other => "其他处理",
        }
    }
}

/// One outcome row of Table 3. The declaration order is the printed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Outcome {
    Granted,
    PartiallyGranted,
    DeniedStateSecret,
    DeniedProhibitedByLaw,
    DeniedSecurityStability,
    DeniedThirdParty,
    DeniedInternalAffairs,
    DeniedProcessInfo,
    DeniedEnforcementFile,
    DeniedAdminQuery,
    UnableNotHeld,
    UnableNeedsCreation,
    UnableUnclearAfterCorrection,
    NotProcessedPetition,
    NotProcessedRepeat,
    NotProcessedPublication,
    NotProcessedExcessive,
    NotProcessedReconfirm,
    OtherNoCorrection,
    OtherFeeUnpaid,
    OtherOther,
}

impl Outcome {
    pub const ALL: [Outcome; 21] = [
        Self::Granted,
        Self::PartiallyGranted,
        Self::DeniedStateSecret,
        Self::DeniedProhibitedByLaw,
        Self::DeniedSecurityStability,
        Self::DeniedThirdParty,
        Self::DeniedInternalAffairs,
        Self::DeniedProcessInfo,
        Self::DeniedEnforcementFile,
        Self::DeniedAdminQuery,
        Self::UnableNotHeld,
        Self::UnableNeedsCreation,
        Self::UnableUnclearAfterCorrection,
        Self::NotProcessedPetition,
        Self::NotProcessedRepeat,
        Self::NotProcessedPublication,
        Self::NotProcessedExcessive,
        Self::NotProcessedReconfirm,
        Self::OtherNoCorrection,
        Self::OtherFeeUnpaid,
        Self::OtherOther,
    ];

    /// The row key of §2.4.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::PartiallyGranted => "partially_granted",
            Self::DeniedStateSecret => "denied.state_secret",
            Self::DeniedProhibitedByLaw => "denied.prohibited_by_law",
            Self::DeniedSecurityStability => "denied.security_stability",
            Self::DeniedThirdParty => "denied.third_party",
            Self::DeniedInternalAffairs => "denied.internal_affairs",
            Self::DeniedProcessInfo => "denied.process_info",
            Self::DeniedEnforcementFile => "denied.enforcement_file",
            Self::DeniedAdminQuery => "denied.admin_query",
            Self::UnableNotHeld => "unable.not_held",
            Self::UnableNeedsCreation => "unable.needs_creation",
            Self::UnableUnclearAfterCorrection => "unable.unclear_after_correction",
            Self::NotProcessedPetition => "not_processed.petition",
            Self::NotProcessedRepeat => "not_processed.repeat",
            Self::NotProcessedPublication => "not_processed.publication",
            Self::NotProcessedExcessive => "not_processed.excessive",
            Self::NotProcessedReconfirm => "not_processed.reconfirm",
            Self::OtherNoCorrection => "other.no_correction",
            Self::OtherFeeUnpaid => "other.fee_unpaid",
            Self::OtherOther => "other.other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }

    pub fn group(self) -> OutcomeGroup {
        use Outcome::*;
        match self {
            Granted => OutcomeGroup::Granted,
            PartiallyGranted => OutcomeGroup::PartiallyGranted,
            DeniedStateSecret
            | DeniedProhibitedByLaw
            | DeniedSecurityStability
            | DeniedThirdParty
            | DeniedInternalAffairs
            | DeniedProcessInfo
            | DeniedEnforcementFile
            | DeniedAdminQuery => OutcomeGroup::Denied,
            UnableNotHeld | UnableNeedsCreation | UnableUnclearAfterCorrection => {
                OutcomeGroup::Unable
            }
            NotProcessedPetition
            | NotProcessedRepeat
            | NotProcessedPublication
            | NotProcessedExcessive
            | NotProcessedReconfirm => OutcomeGroup::NotProcessed,
            OtherNoCorrection | OtherFeeUnpaid | OtherOther => OutcomeGroup::Other,
        }
    }

    /// The level-3 cell as printed in the 30号 format (`1.属于国家秘密`), or the level-2 cell
    /// for the two outcomes without sub-items. Chinese curly quotes and 「、」 as in the published
    /// HTML reports (§2.4 notes).
    pub fn row_label(self) -> &'static str {
        use Outcome::*;
        match self {
            Granted | PartiallyGranted => self.group().label(),
            DeniedStateSecret => "1.属于国家秘密",
            DeniedProhibitedByLaw => "2.其他法律行政法规禁止公开",
            DeniedSecurityStability => "3.危及\u{201c}三安全一稳定\u{201d}",
            DeniedThirdParty => "4.保护第三方合法权益",
            DeniedInternalAffairs => "5.属于三类内部事务信息",
            DeniedProcessInfo => "6.属于四类过程性信息",
            DeniedEnforcementFile => "7.属于行政执法案卷",
            DeniedAdminQuery => "8.属于行政查询事项",
            UnableNotHeld => "1.本机关不掌握相关政府信息",
            UnableNeedsCreation => "2.没有现成信息需要另行制作",
            UnableUnclearAfterCorrection => "3.补正后申请内容仍不明确",
            NotProcessedPetition => "1.信访举报投诉类申请",
            NotProcessedRepeat => "2.重复申请",
            NotProcessedPublication => "3.要求提供公开出版物",
            NotProcessedExcessive => "4.无正当理由大量反复申请",
            NotProcessedReconfirm => "5.要求行政机关确认或重新出具已获取信息",
            OtherNoCorrection => "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            OtherFeeUnpaid => {
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            }
            OtherOther => "3.其他",
        }
    }

    /// For lists and case pages: 「不予公开：属于国家秘密」, 「予以公开」.
    pub fn label(self) -> String {
        match self {
            Self::Granted | Self::PartiallyGranted => self.group().short_label().to_string(),
            _ => {
                let item = self.row_label();
                let item = item.split_once('.').map_or(item, |(_, rest)| rest);
                format!("{}：{item}", self.group().short_label())
            }
        }
    }

    /// The row this outcome is counted in, in the given format.
    pub fn report_row(self, format: ReportFormat) -> ReportRow {
        match (format, self.group()) {
            (ReportFormat::Gbh2019_60, OutcomeGroup::Other) => ReportRow::OtherCombined,
            _ => ReportRow::Outcome(self),
        }
    }

    /// Every outcome is a row of 「三、本年度办理结果」 and is summed in 「（七）总计」 (§2.4 rule 2).
    pub fn counts_as_handled(self) -> bool {
        true
    }

    /// Outcomes reached because the applicant did not act (no correction, fee unpaid): the case
    /// closes without an Art. 36 reply, by the lapse of a period.
    pub fn is_lapse(self) -> bool {
        matches!(self, Self::OtherNoCorrection | Self::OtherFeeUnpaid)
    }

    /// 「申请政府信息公开，行政机关不予公开」 must go to reconsideration before a lawsuit
    /// (行政复议法 第二十三条第一款第（四）项, §1.6): the decision must say so.
    pub fn requires_reconsideration_first(self) -> bool {
        self.group() == OutcomeGroup::Denied
    }

    /// The article of the Regulation behind the row (our mapping, §2.4 "[A]"), for reply drafts.
    pub fn legal_basis(self) -> &'static str {
        use Outcome::*;
        match self {
            Granted => "条例第三十六条第（一）项、第（二）项",
            PartiallyGranted => "条例第三十七条",
            DeniedStateSecret | DeniedProhibitedByLaw | DeniedSecurityStability => "条例第十四条",
            DeniedThirdParty => "条例第十五条、第三十二条",
            DeniedInternalAffairs => "条例第十六条第一款",
            DeniedProcessInfo | DeniedEnforcementFile => "条例第十六条第二款",
            DeniedAdminQuery => "条例第三十六条第（七）项（行政查询事项）",
            UnableNotHeld => "条例第三十六条第（四）项、第（五）项",
            UnableNeedsCreation => "条例第三十八条",
            UnableUnclearAfterCorrection => "条例第三十条",
            NotProcessedPetition => "条例第三十九条第一款",
            NotProcessedRepeat => "条例第三十六条第（六）项",
            NotProcessedPublication => "条例第三十九条第二款",
            NotProcessedExcessive => "条例第三十五条",
            NotProcessedReconfirm => "（无对应条款，依实践）",
            OtherNoCorrection => "条例第三十条",
            OtherFeeUnpaid => "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
            OtherOther => "（其他情形）",
        }
    }

    /// Finds the outcome of a printed row label, tolerating the variants seen in re-typed reports
    /// (straight or curly quotes, 「，」 for 「、」, full-width dot, spaces).
    pub fn from_row_label(text: &str) -> Option<Self> {
        let key = normalise_label(text);
        Self::ALL
            .into_iter()
            .find(|o| normalise_label(o.row_label()) == key)
    }

    /// The keys, for error messages listing what is accepted.
    pub fn keys() -> String {
        Self::ALL.map(Self::as_str).join("、")
    }
}

fn normalise_label(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' | '"' | '\u{300c}' | '\u{300d}' => '"',
            '，' | ',' => '、',
            '．' => '.',
            c => c,
        })
        .collect()
}

impl From<Outcome> for String {
    fn from(o: Outcome) -> String {
        o.as_str().to_string()
    }
}

impl TryFrom<String> for Outcome {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Outcome::parse(&s).ok_or_else(|| format!("未知的办理结果“{s}”"))
    }
}

/// A row of Table 3, whichever its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportRow {
    /// 一、本年新收政府信息公开申请数量
    NewReceived,
    /// 二、上年结转政府信息公开申请数量
    CarriedOverFromPrev,
    Outcome(Outcome),
    /// （六）其他处理 as the single row of the 60号 format.
    OtherCombined,
    /// （七）总计
    TotalHandled,
    /// 四、结转下年度继续办理
    CarriedToNext,
}

impl ReportRow {
    pub fn key(self) -> &'static str {
        match self {
            Self::NewReceived => "new_received",
            Self::CarriedOverFromPrev => "carried_over_from_prev",
            Self::Outcome(o) => o.as_str(),
            Self::OtherCombined => "other",
            Self::TotalHandled => "total_handled",
            Self::CarriedToNext => "carried_to_next",
        }
    }

    /// The level-1 cell (merged over the rows of 「三」).
    pub fn level1(self) -> &'static str {
        match self {
            Self::NewReceived => "一、本年新收政府信息公开申请数量",
            Self::CarriedOverFromPrev => "二、上年结转政府信息公开申请数量",
            Self::Outcome(_) | Self::OtherCombined | Self::TotalHandled => "三、本年度办理结果",
            Self::CarriedToNext => "四、结转下年度继续办理",
        }
    }

    /// The level-2 cell, for rows under 「三」.
    pub fn level2(self) -> Option<&'static str> {
        match self {
            Self::Outcome(o) => Some(o.group().label()),
            Self::OtherCombined => Some(OutcomeGroup::Other.label()),
            Self::TotalHandled => Some("（七）总计"),
            _ => None,
        }
    }

    /// The level-3 cell, for the numbered sub-items.
    pub fn level3(self) -> Option<&'static str> {
        match self {
            Self::Outcome(o) if !matches!(o, Outcome::Granted | Outcome::PartiallyGranted) => {
                Some(o.row_label())
            }
            _ => None,
        }
    }

    /// The most specific printed text of the row.
    pub fn label(self) -> &'static str {
        self.level3()
            .or(self.level2())
            .unwrap_or_else(|| self.level1())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// regulations.md §2.4: the 21 outcome rows, their keys and exact 30号 labels, in order.
    #[test]
    fn outcome_rows_of_section_2_4() {
        let rows = ReportFormat::Gbh2021_30.rows();
        assert_eq!(rows.len(), 25);
        let expected = [
            ("new_received", "一、本年新收政府信息公开申请数量"),
            ("carried_over_from_prev", "二、上年结转政府信息公开申请数量"),
            ("granted", "（一）予以公开"),
            (
                "partially_granted",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ),
            ("denied.state_secret", "1.属于国家秘密"),
            ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
            ("denied.security_stability", "3.危及“三安全一稳定”"),
            ("denied.third_party", "4.保护第三方合法权益"),
            ("denied.internal_affairs", "5.属于三类内部事务信息"),
            ("denied.process_info", "6.属于四类过程性信息"),
            ("denied.enforcement_file", "7.属于行政执法案卷"),
            ("denied.admin_query", "8.属于行政查询事项"),
            ("unable.not_held", "1.本机关不掌握相关政府信息"),
            ("unable.needs_creation", "2.没有现成信息需要另行制作"),
            (
                "unable.unclear_after_correction",
                "3.补正后申请内容仍不明确",
            ),
            ("not_processed.petition", "1.信访举报投诉类申请"),
            ("not_processed.repeat", "2.重复申请"),
            ("not_processed.publication", "3.要求提供公开出版物"),
            ("not_processed.excessive", "4.无正当理由大量反复申请"),
            (
                "not_processed.reconfirm",
                "5.要求行政机关确认或重新出具已获取信息",
            ),
            (
                "other.no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            (
                "other.fee_unpaid",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("other.other", "3.其他"),
            ("total_handled", "（七）总计"),
            ("carried_to_next", "四、结转下年度继续办理"),
        ];
        let got: Vec<(&str, &str)> = rows.iter().map(|r| (r.key(), r.label())).collect();
        assert_eq!(got, expected);
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
            assert!(o.counts_as_handled());
            assert_eq!(ReportRow::Outcome(o).level1(), "三、本年度办理结果");
        }
        assert_eq!(Outcome::parse("partly_granted"), None);
    }

    /// §2.4, 60号 variant: （六）其他处理 is one row, 三 spans 20 rows.
    #[test]
    fn the_60_format_has_one_other_row() {
        assert_eq!(ReportFormat::for_year(2018), None);
        assert_eq!(ReportFormat::for_year(2019), Some(ReportFormat::Gbh2019_60));
        assert_eq!(ReportFormat::for_year(2020), Some(ReportFormat::Gbh2019_60));
        assert_eq!(ReportFormat::for_year(2021), Some(ReportFormat::Gbh2021_30));
        let rows = ReportFormat::Gbh2019_60.rows();
        assert_eq!(rows.len(), 23);
        let under_three = rows
            .iter()
            .filter(|r| r.level1() == "三、本年度办理结果")
            .count();
        assert_eq!(under_three, 20);
        assert_eq!(rows[20], ReportRow::OtherCombined);
        assert_eq!(rows[20].label(), "（六）其他处理");
        for o in [
            Outcome::OtherNoCorrection,
            Outcome::OtherFeeUnpaid,
            Outcome::OtherOther,
        ] {
            assert_eq!(
                o.report_row(ReportFormat::Gbh2019_60),
                ReportRow::OtherCombined
            );
            assert_eq!(
                o.report_row(ReportFormat::Gbh2021_30),
                ReportRow::Outcome(o)
            );
        }
        assert_eq!(
            Outcome::Granted.report_row(ReportFormat::Gbh2019_60),
            ReportRow::Outcome(Outcome::Granted)
        );
    }

    #[test]
    fn labels_for_people_and_retyped_reports() {
        assert_eq!(Outcome::Granted.label(), "予以公开");
        assert_eq!(Outcome::DeniedStateSecret.label(), "不予公开：属于国家秘密");
        assert_eq!(Outcome::OtherOther.label(), "其他处理：其他");
        assert_eq!(
            Outcome::from_row_label("3.危及\"三安全一稳定\""),
            Some(Outcome::DeniedSecurityStability)
        );
        assert_eq!(
            Outcome::from_row_label(
                "2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请"
            ),
            Some(Outcome::OtherFeeUnpaid)
        );
        assert_eq!(
            Outcome::from_row_label("（一）予以公开"),
            Some(Outcome::Granted)
        );
        assert_eq!(Outcome::from_row_label("予以公开了"), None);
        assert!(Outcome::DeniedThirdParty.requires_reconsideration_first());
        assert!(!Outcome::UnableNotHeld.requires_reconsideration_first());
        assert!(Outcome::OtherFeeUnpaid.is_lapse() && !Outcome::OtherOther.is_lapse());
    }
}
