//! Repeat and excessive applications: the two flags raised when a case is registered.
//!
//! * **Possible repeat (疑似重复申请, Art. 36(6), regulations.md §1.4.8):** the same applicant
//!   asks again for information an earlier application of theirs to the same agency was already
//!   answered on. Only earlier cases that were *answered* count (an Art. 36 reply; a case closed by
//!   a lapse — no correction, fee unpaid — was not answered). Requests are compared as text with
//!   [`similarity`]; the flag names the most similar earlier case at or above
//!   [`FlagRules::similarity`].
//! * **Excessive (Art. 35, §1.4.7):** the applicant made more than [`FlagRules::max_in_window`]
//!   applications to the agency within [`FlagRules::window_days`] calendar days.
//!
//! A flag is only a prompt: staff decide (confirm or dismiss, with a note), and the outcome of the
//! case is chosen separately (e.g. 不予处理·重复申请). The Regulation gives no number for
//! 「明显超过合理范围」 and no test of "the same information": every number here is an
//! engineering setting **[A]** with a documented default.

use crate::application::outcome::Outcome;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The settings of the two flags, with the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FlagRules {
    /// Length of the Art. 35 window in calendar days, ending on (and including) the receipt date of
    /// the new case (default 30) [A]. The Regulation sets no period.
    pub window_days: u32,
    /// Applications in the window that are still unremarkable; one more is flagged (default 10)
    /// [A]. The Regulation sets no number (regulations.md §1.4.7); 10 is also how many applications
    /// a natural month 按件计收 leaves free (§3).
    pub max_in_window: u32,
    /// Least [`similarity`] of two requests for a possible repeat, 0.0–1.0 (default 0.6) [A].
    pub similarity: f64,
}

impl Default for FlagRules {
    fn default() -> Self {
        FlagRules {
            window_days: 30,
            max_in_window: 10,
            similarity: 0.6,
        }
    }
}

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Possibly the same request as an earlier answered one (Art. 36(6)).
    Repeat,
    /// Many applications in a short period (Art. 35).
    Excessive,
}

impl FlagKind {
    pub const ALL: [FlagKind; 2] = [FlagKind::Repeat, FlagKind::Excessive];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Repeat => "repeat",
            Self::Excessive => "excessive",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Repeat => "疑似重复申请",
            Self::Excessive => "申请数量、频次疑似明显超过合理范围",
        }
    }

    /// The marker of a case with this flag undecided, in lists.
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Repeat => "疑似重复申请",
            Self::Excessive => "疑似申请过多",
        }
    }

    /// The rule staff apply when they decide.
    pub fn basis(self) -> &'static str {
        match self {
            Self::Repeat => {
                "条例第三十六条第（六）项：已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理"
            }
            Self::Excessive => {
                "条例第三十五条：申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以要求申请人说明理由"
            }
        }
    }
}

/// Staff's decision on a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagDecision {
    /// The flag is right (the case is then handled accordingly, e.g. replied 不予处理·重复申请).
    Confirmed,
    /// The flag is wrong: the case is handled as any other.
    Dismissed,
}

impl FlagDecision {
    pub const ALL: [FlagDecision; 2] = [FlagDecision::Confirmed, FlagDecision::Dismissed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Confirmed => "确认属实",
            Self::Dismissed => "排除",
        }
    }
}

/// Whether a case with this outcome was answered (an Art. 36 reply was made): any outcome but a
/// lapse. Open cases (no outcome) were not.
pub fn answered(outcome: Option<Outcome>) -> bool {
    outcome.is_some_and(|o| !o.is_lapse())
}

/// Full-width forms (U+FF01–U+FF5E) and the ideographic space folded to ASCII.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Punctuation and symbols that carry no content for the comparison: ASCII punctuation, CJK
/// punctuation (、。《》「」【】〔〕…), general punctuation (dashes, quotation marks, …), the middle
/// dot, CJK compatibility and small forms, half-width CJK punctuation.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{00B7}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{3001}'..='\u{303F}'
            | '\u{FE10}'..='\u{FE1F}'
            | '\u{FE30}'..='\u{FE6F}'
            | '\u{FF61}'..='\u{FF65}')
}

/// The text as compared: full-width → half-width, ASCII lower case, without whitespace and
/// punctuation.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The distinct character bigrams of a normalised text (a one-character text is its own gram).
fn bigrams(s: &str) -> std::collections::BTreeSet<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    match chars.len() {
        0 => Default::default(),
        1 => [(chars[0], '\0')].into_iter().collect(),
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

/// Similarity of two requests, 0.0–1.0: the Sørensen–Dice coefficient of the sets of character
/// bigrams of the [`normalize`]d texts, `2·|A∩B| / (|A|+|B|)`. Texts equal after normalising give
/// 1.0; an empty text (nothing to compare) gives 0.0. Character bigrams need no word segmenter and
/// match how the search index reads Chinese.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(&normalize(a)), bigrams(&normalize(b)));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(&b).count();
    (2 * common) as f64 / (a.len() + b.len()) as f64
}

/// The earlier answered case whose request is most similar to `new_request`, with the
/// similarity, if it reaches `rules.similarity`. `earlier` holds `(case id, request, answered)` of
/// the same applicant's earlier cases at the same agency; unanswered ones are ignored. On a tie the
/// first in `earlier` wins (callers pass the newest first).
pub fn possible_repeat(
    new_request: &str,
    earlier: &[(i64, &str, bool)],
    rules: &FlagRules,
) -> Option<(i64, f64)> {
    let mut best: Option<(i64, f64)> = None;
    for &(id, request, was_answered) in earlier {
        if !was_answered {
            continue;
        }
        let s = similarity(new_request, request);
        if s >= rules.similarity && best.is_none_or(|(_, b)| s > b) {
            best = Some((id, s));
        }
    }
    best
}

/// The first day of the Art. 35 window of a case received on `received_on`: the window is the
/// `window_days` calendar days ending on (and including) that day.
pub fn window_start(received_on: NaiveDate, rules: &FlagRules) -> NaiveDate {
    let back = i64::from(rules.window_days.max(1)) - 1;
    received_on
        .checked_sub_signed(Duration::days(back))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether `count_in_window` applications (the new case included) are more than the setting
/// allows.
pub fn excessive(count_in_window: i64, rules: &FlagRules) -> bool {
    count_in_window > i64::from(rules.max_in_window)
}

/// The recorded detail of a possible repeat: the earlier case's tracking number and the
/// similarity, no personal data.
pub fn repeat_detail(earlier_tracking_no: &str, similarity: f64) -> String {
    format!(
        "与本机关已答复的申请 {earlier_tracking_no} 所需信息相似（相似度 {similarity:.2}），可能属于重复申请。"
    )
}

/// The recorded detail of an Art. 35 flag: the count in the window and the setting.
pub fn excessive_detail(count_in_window: i64, rules: &FlagRules) -> String {
    format!(
        "该申请人{}日内（含本件）向本机关提出申请{count_in_window}件，超过设定的{}件。",
        rules.window_days, rules.max_in_window
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn normalising_folds_width_and_drops_punctuation() {
        assert_eq!(
            normalize("信息名称：２０２３年度　低保资金（ＡＢＣ）发放情况。"),
            "信息名称2023年度低保资金abc发放情况"
        );
        assert_eq!(normalize("示民发〔2023〕5号"), "示民发20235号");
        assert_eq!(normalize("“关于…的通知”、《办法》—— · "), "关于的通知办法");
        assert_eq!(normalize(" \t\n，。！？ "), "");
    }

    #[test]
    fn similarity_of_texts() {
        let a = "申请公开2023年度养老机构补贴发放情况";
        assert_eq!(similarity(a, a), 1.0);
        // Width, spaces and punctuation do not matter.
        assert_eq!(
            similarity(a, "申请公开：２０２３年度 养老机构补贴发放情况。"),
            1.0
        );
        let close = similarity(a, "请公开2023年度本市养老机构补贴的发放情况");
        assert!(close >= 0.6, "{close}");
        let far = similarity(a, "申请公开示范河道整治工程环境影响评价报告");
        assert!(far < 0.3, "{far}");
        // Symmetric and bounded.
        assert_eq!(similarity(a, "养老机构补贴"), similarity("养老机构补贴", a));
        assert!((0.0..=1.0).contains(&similarity(a, "养老")));
        // Nothing to compare.
        assert_eq!(similarity("", a), 0.0);
        assert_eq!(similarity("。。", "，，"), 0.0);
        // One character texts compare as themselves.
        assert_eq!(similarity("甲", "甲"), 1.0);
        assert_eq!(similarity("甲", "乙"), 0.0);
    }

    #[test]
    fn dice_coefficient_by_hand() {
        // "abcd" = {ab, bc, cd}, "abce" = {ab, bc, ce}: 2·2 / (3+3).
        assert!((similarity("abcd", "abce") - 4.0 / 6.0).abs() < 1e-12);
        // Repeated bigrams count once: "aaaa" = {aa}.
        assert_eq!(similarity("aaaa", "aa"), 1.0);
    }

    #[test]
    fn only_answered_earlier_cases_count_as_repeats() {
        let rules = FlagRules::default();
        let new = "申请公开2023年度养老机构补贴发放情况";
        let earlier = [
            (7, "申请公开2023年度养老机构补贴发放情况", false),
            (5, "申请公开示范河道整治工程环境影响评价报告", true),
        ];
        assert_eq!(possible_repeat(new, &earlier, &rules), None);
        let earlier = [
            (7, "申请公开2023年度养老机构补贴发放情况", false),
            (6, "公开2023年度养老机构补贴的发放情况", true),
            (3, "申请公开2023年度养老机构补贴发放情况", true),
        ];
        let (id, s) = possible_repeat(new, &earlier, &rules).unwrap();
        assert_eq!((id, s), (3, 1.0), "the most similar answered one");
        assert_eq!(possible_repeat(new, &[], &rules), None);
    }

    #[test]
    fn the_threshold_is_a_setting_and_ties_go_to_the_first() {
        let new = "abcd";
        let earlier = [(2, "abce", true), (1, "abcf", true)];
        let strict = FlagRules {
            similarity: 0.7,
            ..FlagRules::default()
        };
        assert_eq!(possible_repeat(new, &earlier, &strict), None);
        let lenient = FlagRules {
            similarity: 4.0 / 6.0,
            ..FlagRules::default()
        };
        assert_eq!(
            possible_repeat(new, &earlier, &lenient).map(|x| x.0),
            Some(2),
            "equal similarity: the first given (the newest)"
        );
    }

    #[test]
    fn answered_means_an_art_36_reply() {
        assert!(!answered(None));
        assert!(answered(Some(Outcome::Granted)));
        assert!(answered(Some(Outcome::NotProcessedRepeat)));
        assert!(!answered(Some(Outcome::OtherNoCorrection)));
        assert!(!answered(Some(Outcome::OtherFeeUnpaid)));
    }

    #[test]
    fn the_art_35_window_and_count() {
        let rules = FlagRules::default();
        assert_eq!(rules.window_days, 30);
        assert_eq!(rules.max_in_window, 10);
        assert_eq!(rules.similarity, 0.6);
        // 30 calendar days ending on the receipt date, both ends included.
        assert_eq!(window_start(d("2024-06-30"), &rules), d("2024-06-01"));
        assert_eq!(
            window_start(d("2024-03-01"), &rules),
            d("2024-02-01"),
            "29 days of February + 1"
        );
        let one = FlagRules {
            window_days: 1,
            ..rules
        };
        assert_eq!(window_start(d("2024-06-30"), &one), d("2024-06-30"));
        assert!(!excessive(10, &rules));
        assert!(excessive(11, &rules));
        let tight = FlagRules {
            max_in_window: 2,
            ..rules
        };
        assert!(excessive(3, &tight));
        assert!(!excessive(0, &tight));
    }

    #[test]
    fn details_carry_no_personal_data() {
        assert_eq!(
            repeat_detail("YSQ-2024-000001", 0.8571),
            "与本机关已答复的申请 YSQ-2024-000001 所需信息相似（相似度 0.86），可能属于重复申请。"
        );
        assert_eq!(
            excessive_detail(12, &FlagRules::default()),
            "该申请人30日内（含本件）向本机关提出申请12件，超过设定的10件。"
        );
    }

    #[test]
    fn kinds_and_decisions_round_trip() {
        for k in FlagKind::ALL {
            assert_eq!(FlagKind::parse(k.as_str()), Some(k));
            assert!(!k.label().is_empty() && k.basis().starts_with("条例"));
            assert!(k.short_label().starts_with("疑似"));
        }
        for x in FlagDecision::ALL {
            assert_eq!(FlagDecision::parse(x.as_str()), Some(x));
        }
        assert_eq!(FlagKind::parse("other"), None);
        assert_eq!(FlagDecision::parse(""), None);
    }
}
