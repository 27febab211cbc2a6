//! Table 3, 收到和处理政府信息公开申请情况 (regulations.md §2.4), as a grid: 10 columns, three
//! header rows, the row labels of [`ReportFormat::rows`] with their level-1/2/3 merges, the figures
//! of [`Table3`] (counted by `application::year::year_counts`).

use super::grid::{Cell, Row};
use crate::application::applicant::{ApplicantType, ORGANISATION_GROUP_LABEL, TOTAL_LABEL};
use crate::application::outcome::{ReportFormat, ReportRow};
use crate::application::year::{Table3, column_keys};

/// The corner cell: the rule of the left-hand column, as printed.
pub const CORNER: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// The header over the seven data columns.
pub const APPLICANTS: &str = "申请人情况";
/// Grid columns: three label columns, seven data columns.
pub const WIDTH: u32 = 10;

/// The key of a cell of Table 3: `t3.{row key}.{applicant key | total}`.
pub fn cell_key(row: ReportRow, column: usize) -> String {
    format!("t3.{}.{}", row.key(), column_keys()[column])
}

/// The three header rows.
fn header_rows() -> Vec<Row> {
    let second = vec![
        Cell::header(ApplicantType::NaturalPerson.label()).rows(2),
        Cell::header(ORGANISATION_GROUP_LABEL).cols(5),
        Cell::header(TOTAL_LABEL).rows(2),
    ];
    vec![
        vec![
            Cell::header(CORNER).rows(3).cols(3),
            Cell::header(APPLICANTS).cols(7),
        ],
        second,
        ApplicantType::ALL[1..]
            .iter()
            .map(|t| Cell::header(t.label()))
            .collect(),
    ]
}

/// The grid of Table 3 in `format`, filled from `t`. The rows are those of the format (the 60号
/// variant has one 「（六）其他处理」 row); the figures of a row come from [`Table3::row`].
pub fn table3_cells(t: &Table3, format: ReportFormat) -> Vec<Row> {
    let rows = format.rows();
    let mut out = header_rows();
    let under_three = rows
        .iter()
        .filter(|r| r.level1() == ReportRow::TotalHandled.level1())
        .count() as u32;
    for (i, row) in rows.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| rows[p]);
        let mut cells = Vec::new();
        match row.level2() {
            None => cells.push(Cell::header(row.level1()).cols(3)),
            Some(l2) => {
                if prev.is_none_or(|p| p.level1() != row.level1()) {
                    cells.push(Cell::header(row.level1()).rows(under_three));
                }
                match row.level3() {
                    None => cells.push(Cell::header(l2).cols(2)),
                    Some(l3) => {
                        if prev.is_none_or(|p| p.level2() != Some(l2)) {
                            let span = rows.iter().filter(|r| r.level2() == Some(l2)).count();
                            cells.push(Cell::header(l2).rows(span as u32));
                        }
                        cells.push(Cell::header(l3));
                    }
                }
            }
        }
        for (c, n) in t.row(*row).iter().enumerate() {
            cells.push(Cell::data(n.to_string(), cell_key(*row, c)));
        }
        out.push(cells);
    }
    out
}
