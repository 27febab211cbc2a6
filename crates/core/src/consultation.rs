//! Public consultation on drafts (意见征集): the comment period (at least 30 days by default,
//! shorter only with a recorded reason [U: local rules set the minimum per document type]), the
//! disposition of each comment (采纳 / 部分采纳 / 不予采纳 with a reason), and the adoption report
//! (意见采纳情况说明) generated from them. Pure.

use chrono::NaiveDate;
use serde::Serialize;

/// What is consulted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 规章.
    Regulation,
    /// 行政规范性文件.
    NormativeDocument,
    /// 重大行政决策.
    MajorDecision,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Self::Regulation,
        Self::NormativeDocument,
        Self::MajorDecision,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Regulation => "regulation",
            Self::NormativeDocument => "normative_document",
            Self::MajorDecision => "major_decision",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Regulation => "规章",
            Self::NormativeDocument => "行政规范性文件",
            Self::MajorDecision => "重大行政决策",
            Self::Other => "其他",
        }
    }

    /// The documented minimum comment period in days [U].
    pub fn min_days(self) -> i64 {
        30
    }
}

/// Checks the period; a period shorter than the kind's minimum needs a written reason.
pub fn check_period(
    kind: Kind,
    start: NaiveDate,
    end: NaiveDate,
    short_reason: &str,
) -> Result<(), (&'static str, String)> {
    if end < start {
        return Err(("end_on", "截止日期不能早于开始日期".into()));
    }
    let days = (end - start).num_days() + 1;
    if days < kind.min_days() && short_reason.trim().is_empty() {
        return Err((
            "short_reason",
            format!(
                "{}征求意见期限一般不少于{}日（本次{days}日）；确需缩短的，请写明理由",
                kind.label(),
                kind.min_days()
            ),
        ));
    }
    Ok(())
}

/// Whether comments are taken on `today` (both ends included).
pub fn is_open(start: NaiveDate, end: NaiveDate, today: NaiveDate) -> bool {
    start <= today && today <= end
}

/// What became of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Adopted,
    PartlyAdopted,
    NotAdopted,
}

impl Disposition {
    pub const ALL: [Disposition; 3] = [Self::Adopted, Self::PartlyAdopted, Self::NotAdopted];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Adopted => "adopted",
            Self::PartlyAdopted => "partly_adopted",
            Self::NotAdopted => "not_adopted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Adopted => "采纳",
            Self::PartlyAdopted => "部分采纳",
            Self::NotAdopted => "不予采纳",
        }
    }

    /// Not adopting (wholly or partly) needs a reason.
    pub fn needs_reason(self) -> bool {
        self != Self::Adopted
    }
}

/// The adoption report (意见采纳情况说明) from the comments' dispositions: counts, then each
/// opinion with what became of it. `comments` are (text, disposition, reason).
pub fn adoption_report(
    title: &str,
    start: NaiveDate,
    end: NaiveDate,
    comments: &[(String, Disposition, String)],
) -> String {
    let count = |d: Disposition| comments.iter().filter(|c| c.1 == d).count();
    let mut out = format!(
        "关于《{title}》征求意见采纳情况的说明\n\n{}至{}，本机关就《{title}》公开征求社会公众意见，共收到有效意见{}条，其中采纳{}条、部分采纳{}条、不予采纳{}条。具体情况如下：\n",
        start.format("%Y年%m月%d日"),
        end.format("%Y年%m月%d日"),
        comments.len(),
        count(Disposition::Adopted),
        count(Disposition::PartlyAdopted),
        count(Disposition::NotAdopted),
    );
    for (i, (text, d, reason)) in comments.iter().enumerate() {
        out.push_str(&format!(
            "\n{}. 意见：{}\n   处理：{}",
            i + 1,
            text.trim(),
            d.label()
        ));
        if !reason.trim().is_empty() {
            out.push_str(&format!("。理由：{}", reason.trim()));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_are_at_least_thirty_days_unless_a_reason_is_given() {
        assert!(
            check_period(
                Kind::NormativeDocument,
                d("2024-06-01"),
                d("2024-06-30"),
                ""
            )
            .is_ok()
        );
        let e = check_period(
            Kind::NormativeDocument,
            d("2024-06-01"),
            d("2024-06-15"),
            "",
        )
        .unwrap_err();
        assert_eq!(e.0, "short_reason");
        assert!(e.1.contains("本次15日"));
        assert!(
            check_period(
                Kind::NormativeDocument,
                d("2024-06-01"),
                d("2024-06-15"),
                "应对突发疫情须尽快出台"
            )
            .is_ok()
        );
        assert_eq!(
            check_period(Kind::Other, d("2024-06-10"), d("2024-06-01"), "x")
                .unwrap_err()
                .0,
            "end_on"
        );
        assert!(is_open(d("2024-06-01"), d("2024-06-30"), d("2024-06-30")));
        assert!(!is_open(d("2024-06-01"), d("2024-06-30"), d("2024-07-01")));
    }

    #[test]
    fn the_report_counts_and_lists_every_opinion() {
        let r = adoption_report(
            "示范市养老服务补贴办法",
            d("2024-05-01"),
            d("2024-05-30"),
            &[
                (
                    "提高补贴标准".into(),
                    Disposition::PartlyAdopted,
                    "财力所限，分步提高".into(),
                ),
                ("增加网上申领".into(), Disposition::Adopted, String::new()),
            ],
        );
        assert!(
            r.contains("共收到有效意见2条，其中采纳1条、部分采纳1条、不予采纳0条"),
            "{r}"
        );
        assert!(
            r.contains("1. 意见：提高补贴标准\n   处理：部分采纳。理由：财力所限，分步提高"),
            "{r}"
        );
        assert!(r.contains("2024年05月01日至2024年05月30日"));
    }
}
