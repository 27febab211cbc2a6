//! Reconsideration (行政复议) and litigation (行政诉讼) about a case, and annual-report Table 4
//! (regulations.md §2.6: 15 numbers, 复议 / 未经复议直接起诉 / 复议后起诉 × 维持 / 纠正 / 其他 / 尚未审结 / 总计).
//!
//! Which year a review counts in is not stated in the material read ([U] in §2.6). Default
//! [`ReviewCounting::FiledInYear`]: counted in the year it was filed, with its result as known on
//! 31 December of that year (尚未审结 if undecided then). The alternative also counts, in a later
//! year, the reviews decided in it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The three blocks of Table 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewKind {
    /// 行政复议
    Reconsideration,
    /// 行政诉讼：未经复议直接起诉
    DirectLitigation,
    /// 行政诉讼：复议后起诉
    LitigationAfterReconsideration,
}

impl ReviewKind {
    pub const ALL: [ReviewKind; 3] = [
        Self::Reconsideration,
        Self::DirectLitigation,
        Self::LitigationAfterReconsideration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reconsideration => "reconsideration",
            Self::DirectLitigation => "direct_litigation",
            Self::LitigationAfterReconsideration => "litigation_after_reconsideration",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Reconsideration => "行政复议",
            Self::DirectLitigation => "行政诉讼（未经复议直接起诉）",
            Self::LitigationAfterReconsideration => "行政诉讼（复议后起诉）",
        }
    }

    /// The block header in Table 4.
    pub fn table_header(self) -> &'static str {
        match self {
            Self::Reconsideration => "行政复议",
            Self::DirectLitigation => "未经复议直接起诉",
            Self::LitigationAfterReconsideration => "复议后起诉",
        }
    }

    pub fn keys() -> String {
        Self::ALL.map(Self::as_str).join("、")
    }
}

/// The result columns of Table 4 (the fifth, 总计, is their sum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewResult {
    /// 结果维持
    Upheld,
    /// 结果纠正
    Corrected,
    /// 其他结果
    Other,
    /// 尚未审结
    Pending,
}

impl ReviewResult {
    pub const ALL: [ReviewResult; 4] = [Self::Upheld, Self::Corrected, Self::Other, Self::Pending];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upheld => "upheld",
            Self::Corrected => "corrected",
            Self::Other => "other",
            Self::Pending => "pending",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The column header as printed.
    pub fn label(self) -> &'static str {
        match self {
            Self::Upheld => "结果维持",
            Self::Corrected => "结果纠正",
            Self::Other => "其他结果",
            Self::Pending => "尚未审结",
        }
    }

    pub fn keys() -> String {
        Self::ALL.map(Self::as_str).join("、")
    }
}

/// One reconsideration or lawsuit about a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub kind: ReviewKind,
    pub filed_on: NaiveDate,
    /// With `result`; both absent while the review is pending.
    pub decided_on: Option<NaiveDate>,
    pub result: Option<ReviewResult>,
}

impl ReviewRecord {
    /// The result as known at the end of `date` (尚未审结 before the decision).
    pub fn result_on(&self, date: NaiveDate) -> ReviewResult {
        match (self.decided_on, self.result) {
            (Some(d), Some(r)) if d <= date => r,
            _ => ReviewResult::Pending,
        }
    }
}

/// Which reviews a year's Table 4 counts (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewCounting {
    /// Filed in the year; result as of 31 December.
    #[default]
    FiledInYear,
    /// Filed in the year (result as of 31 December), plus those filed earlier and decided in it.
    FiledOrDecidedInYear,
}

/// Table 4: 15 numbers in printed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table4 {
    pub year: i32,
    pub cells: [u32; 15],
}

impl Table4 {
    /// The printed column headers, in order (block, column).
    pub fn headers() -> Vec<(&'static str, &'static str)> {
        let mut h = Vec::new();
        for k in ReviewKind::ALL {
            for r in ReviewResult::ALL {
                h.push((k.table_header(), r.label()));
            }
            h.push((k.table_header(), "总计"));
        }
        h
    }

    /// The cell index of a kind and result.
    pub fn index(kind: ReviewKind, result: ReviewResult) -> usize {
        kind as usize * 5 + result as usize
    }

    pub fn get(&self, kind: ReviewKind, result: ReviewResult) -> u32 {
        self.cells[Self::index(kind, result)]
    }

    pub fn total(&self, kind: ReviewKind) -> u32 {
        self.cells[kind as usize * 5 + 4]
    }

    /// Rule of §2.6: in each block 总计 = 维持 + 纠正 + 其他 + 尚未审结. Returns the problems.
    pub fn check(&self) -> Vec<String> {
        self.block_errors()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The blocks whose 总计 is not the sum of their four results.
    pub fn block_errors(&self) -> Vec<BlockSumError> {
        ReviewKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let sum: u32 = ReviewResult::ALL.iter().map(|r| self.get(kind, *r)).sum();
                let total = self.total(kind);
                (sum != total).then_some(BlockSumError { kind, total, sum })
            })
            .collect()
    }
}

/// A block of Table 4 whose 总计 is not the sum of its results (§2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockSumError {
    pub kind: ReviewKind,
    /// The printed 总计.
    pub total: u32,
    /// 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    pub sum: u32,
}

impl std::fmt::Display for BlockSumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "表四“{}”：总计 {} 不等于各结果之和 {}",
            self.kind.table_header(),
            self.total,
            self.sum
        )
    }
}

/// Counts Table 4 of `year`.
pub fn table4(reviews: &[ReviewRecord], year: i32, counting: ReviewCounting) -> Table4 {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists");
    let mut cells = [0u32; 15];
    for r in reviews {
        let filed_this_year = r.filed_on.year() == year;
        let decided_this_year = r.decided_on.is_some_and(|d| d.year() == year);
        let counted = match counting {
            ReviewCounting::FiledInYear => filed_this_year,
            ReviewCounting::FiledOrDecidedInYear => {
                filed_this_year || (r.filed_on.year() < year && decided_this_year)
            }
        };
        if counted {
            cells[Table4::index(r.kind, r.result_on(end))] += 1;
            cells[r.kind as usize * 5 + 4] += 1;
        }
    }
    Table4 { year, cells }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rec(kind: ReviewKind, filed: &str, decided: Option<(&str, ReviewResult)>) -> ReviewRecord {
        ReviewRecord {
            kind,
            filed_on: d(filed),
            decided_on: decided.map(|(x, _)| d(x)),
            result: decided.map(|(_, r)| r),
        }
    }

    /// §2.6: the 15 headers in printed order.
    #[test]
    fn section_2_6_header_order() {
        let h = Table4::headers();
        assert_eq!(h.len(), 15);
        assert_eq!(h[0], ("行政复议", "结果维持"));
        assert_eq!(h[3], ("行政复议", "尚未审结"));
        assert_eq!(h[4], ("行政复议", "总计"));
        assert_eq!(h[5], ("未经复议直接起诉", "结果维持"));
        assert_eq!(h[11], ("复议后起诉", "结果纠正"));
        assert_eq!(h[14], ("复议后起诉", "总计"));
    }

    #[test]
    fn counting_by_filing_year_and_result_at_year_end() {
        use ReviewKind::*;
        use ReviewResult::*;
        let reviews = [
            rec(Reconsideration, "2024-02-01", Some(("2024-04-01", Upheld))),
            rec(
                Reconsideration,
                "2024-11-01",
                Some(("2025-01-10", Corrected)),
            ),
            rec(Reconsideration, "2023-12-01", Some(("2024-01-20", Other))),
            rec(DirectLitigation, "2024-05-01", None),
            rec(
                LitigationAfterReconsideration,
                "2024-06-01",
                Some(("2024-09-01", Corrected)),
            ),
        ];
        let t = table4(&reviews, 2024, ReviewCounting::FiledInYear);
        assert_eq!(
            t.cells,
            [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1],
            "decided in 2025 → 尚未审结 in 2024"
        );
        assert!(t.check().is_empty());
        let t = table4(&reviews, 2024, ReviewCounting::FiledOrDecidedInYear);
        assert_eq!(t.get(Reconsideration, Other), 1);
        assert_eq!(t.total(Reconsideration), 3);
        let t2025 = table4(&reviews, 2025, ReviewCounting::FiledInYear);
        assert_eq!(t2025.cells, [0; 15]);
        let mut broken = t;
        broken.cells[4] = 9;
        assert_eq!(
            broken.check(),
            ["表四“行政复议”：总计 9 不等于各结果之和 3"]
        );
    }
}
