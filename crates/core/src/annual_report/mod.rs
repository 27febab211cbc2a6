//! The statutory annual report (政府信息公开工作年度报告, Art. 50; regulations.md §1.5, §2): its
//! layout in the national formats and its integrity checks. Pure: no IO, no clock.
//!
//! * [`sections`] — the six section headings (§2.2; the 30号 wording for both formats);
//! * `table2` — Table 2 (主动公开政府信息情况, §2.5): [`Table2`] figures, [`table2_cells`];
//! * `table3` — Table 3 (收到和处理政府信息公开申请情况, §2.4) as a grid of the counts made by
//!   `application::year::year_counts`: [`table3_cells`];
//! * `table4` — Table 4 (政府信息公开行政复议、行政诉讼情况, §2.6) as a grid of the counts made by
//!   `application::review::table4`: [`table4_cells`];
//! * `aggregate` — a government's report as the sum of its own and its departments' tables;
//! * `document` — [`ReportDocument`]: title, opening and the six sections with their
//!   paragraphs (staff's [`Narrative`]) and tables, the one value every export renders;
//! * `facts` — sentences from the platform's records (releases per channel, messages,
//!   consultations, proposals, fees) offered for insertion into the narrative;
//! * `grid` — [`Grid`] and [`Cell`]: rows of cells with row and column spans, data cells carrying a
//!   stable key (`t2.licensing.decisions`, `t3.granted.natural_person`,
//!   `t4.reconsideration.total`) for drill-down links, [`Grid::to_html`];
//! * [`check`] — the integrity rules before publication, each failure a [`Problem`] naming its
//!   cell. The table rules are those of `application::year::Table3::check` and
//!   `application::review::Table4::block_errors`; this module adds Table 2 completeness and the
//!   year-to-year continuity warning.
//!
//! The format of a report year is [`ReportFormat::for_year`]: 国办公开办函〔2019〕60号 for 2019 and
//! 2020, 〔2021〕30号 from 2021. Years before 2019 had no national format; a report for them is laid
//! out in the 30号 format (as `year_counts` does).

pub mod aggregate;
pub mod document;
pub mod facts;
pub mod grid;
pub mod table2;
pub mod table3;
pub mod table4;

pub use document::{Narrative, ReportDocument, Section};
pub use grid::{Cell, Grid, Row, ShapeError, escape_html};
pub use table2::{
    DecisionFigures, DocumentFigures, FeeFigures, Figure, Money, ProcurementFigures, Table2,
    table2_cells,
};
pub use table3::table3_cells;
pub use table4::table4_cells;

use crate::application::outcome::ReportFormat;
use crate::application::outcome::ReportRow;
use crate::application::review::{ReviewCounting, ReviewRecord, Table4, table4};
use crate::application::year::{
    CaseRecord, RecordError, Table3, column_labels, continuity_gaps, year_counts,
};

/// The six section headings of a report, in order (§2.2). Some 60号 reports titled section five
/// 「五、政府信息公开工作存在的主要问题及改进情况」 (2019 report of 上海市人民政府办公厅); regulations.md
/// says to emit the 30号 wording for both formats and to accept both when reading.
pub fn sections(_format: ReportFormat) -> [&'static str; 6] {
    [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        // Emitted in the 30号 wording for both formats (regulations.md §2.2); the 2019 Shanghai
        // wording of 60号 reports is accepted when reading (`section_index`).
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
}

/// Which section (0–5) a heading found in a report's text is, accepting the wording of either
/// format and surrounding or inner white space.
pub fn section_index(heading: &str) -> Option<usize> {
    let h: String = heading.chars().filter(|c| !c.is_whitespace()).collect();
    const OLD_FIVE: &str = "五、政府信息公开工作存在的主要问题及改进情况";
    if h == OLD_FIVE {
        return Some(4);
    }
    sections(ReportFormat::Gbh2021_30)
        .iter()
        .position(|s| *s == h)
}

/// A report's figures: the three tables of one organization and year, and last year's Table 3 if
/// known (for the continuity warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub year: i32,
    pub format: ReportFormat,
    pub table2: Table2,
    pub table3: Table3,
    pub table4: Table4,
    /// Last year's Table 3 as published (or counted), to compare its 「结转下年度继续办理」 with this
    /// year's 「上年结转」.
    pub previous_table3: Option<Table3>,
}

impl Report {
    /// The format of the year (30号 before 2019, as `year_counts`).
    pub fn format_for(year: i32) -> ReportFormat {
        ReportFormat::for_year(year).unwrap_or(ReportFormat::Gbh2021_30)
    }

    /// Counts Tables 3 and 4 of `year` from the records (see `year_counts` and `table4`).
    pub fn from_records(
        year: i32,
        table2: Table2,
        cases: &[CaseRecord],
        reviews: &[ReviewRecord],
        counting: ReviewCounting,
    ) -> Result<Report, Vec<RecordError>> {
        Ok(Report {
            year,
            format: Self::format_for(year),
            table2,
            table3: year_counts(cases, year)?,
            table4: table4(reviews, year, counting),
            previous_table3: None,
        })
    }

    pub fn table2_grid(&self) -> Grid {
        Grid {
            rows: table2_cells(&self.table2, self.format),
        }
    }

    pub fn table3_grid(&self) -> Grid {
        Grid {
            rows: table3_cells(&self.table3, self.format),
        }
    }

    pub fn table4_grid(&self) -> Grid {
        Grid {
            rows: table4_cells(&self.table4),
        }
    }
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks publication until corrected.
    Error,
    /// Shown and to be explained, not blocking: real reports deviate.
    Warning,
}

/// A failed check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// The key of the cell it is about (as in [`Cell::key`]), or `report` for the report itself.
    pub cell: String,
    /// In Chinese: the cell by its labels, the expected and the actual value.
    pub message: String,
}

impl Problem {
    fn error(cell: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            cell: cell.into(),
            message: message.into(),
        }
    }
}

/// Whether any problem blocks publication.
pub fn blocks_publication(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// Explanation attached to the continuity warning.
pub const CONTINUITY_NOTE: &str = "实际发布的年度报告中两者有时不一致（例如上年数据事后更正、统计口径调整），本项不阻止发布，但请核实并在说明中写明原因。";

/// Every check of the report (errors first, in table order, then warnings):
/// * the report's year and format agree with its tables;
/// * Table 2: every figure the format prints is filled in (0 when not applicable);
/// * Table 3: the rules of §2.4 ([`Table3::check`]): 勾稽关系 per column, （七）总计 as the sum
///   of the outcome rows, 总计 column as the sum of the applicant columns;
/// * Table 4: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 in each block
///   ([`Table4::block_errors`]);
/// * warning: last year's 「四、结转下年度继续办理」 differs from this year's 「二、上年结转」.
pub fn check(report: &Report) -> Vec<Problem> {
    let mut out = Vec::new();
    if report.table3.year != report.year {
        out.push(Problem::error(
            "report",
            format!(
                "表三的统计年度为{}年，与报告年度{}年不符",
                report.table3.year, report.year
            ),
        ));
    }
    if report.table3.format != report.format {
        out.push(Problem::error(
            "report",
            format!(
                "表三按{}统计，与报告采用的{}不符",
                report.table3.format.label(),
                report.format.label()
            ),
        ));
    }
    if report.table4.year != report.year {
        out.push(Problem::error(
            "report",
            format!(
                "表四的统计年度为{}年，与报告年度{}年不符",
                report.table4.year, report.year
            ),
        ));
    }
    for f in report.table2.figures(report.format) {
        if f.value.is_none() {
            out.push(Problem::error(
                f.key,
                format!("表二“{}”未填写：应填写数字，不适用时填0", f.label()),
            ));
        }
    }
    for e in report.table3.check() {
        out.push(Problem::error(
            table3::cell_key(e.row, e.column),
            format!("表三{}", e.message),
        ));
    }
    for e in report.table4.block_errors() {
        out.push(Problem::error(
            table4::cell_key(e.kind, None),
            e.to_string(),
        ));
    }
    if let Some(prev) = &report.previous_table3 {
        if prev.year != report.year - 1 {
            out.push(Problem::error(
                "report",
                format!(
                    "用于核对上年结转的表三为{}年，应为{}年",
                    prev.year,
                    report.year - 1
                ),
            ));
        } else {
            let labels = column_labels();
            for gap in continuity_gaps(prev, &report.table3) {
                out.push(Problem {
                    severity: Severity::Warning,
                    cell: table3::cell_key(ReportRow::CarriedOverFromPrev, gap.column),
                    message: format!(
                        "表三“{}”行“{}”列：应等于{}年“{}”{}，实为{}。{}",
                        ReportRow::CarriedOverFromPrev.label(),
                        labels[gap.column],
                        gap.prev_year,
                        ReportRow::CarriedToNext.label(),
                        gap.prev_carried_to_next,
                        gap.carried_over_from_prev,
                        CONTINUITY_NOTE
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
