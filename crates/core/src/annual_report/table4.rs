//! Table 4, 政府信息公开行政复议、行政诉讼情况 (regulations.md §2.6), as a grid: 15 columns, three
//! header rows, one row of the figures of [`Table4`] (counted by `application::review::table4`).

use super::grid::{Cell, Row};
use crate::application::applicant::TOTAL_LABEL;
use crate::application::review::{ReviewKind, ReviewResult, Table4};

/// 行政复议
pub const RECONSIDERATION: &str = "行政复议";
/// 行政诉讼, over the two litigation blocks.
pub const LITIGATION: &str = "行政诉讼";
/// Grid columns.
pub const WIDTH: u32 = 15;

/// The key of a cell of Table 4: `t4.{kind}.{result | total}`.
pub fn cell_key(kind: ReviewKind, result: Option<ReviewResult>) -> String {
    format!(
        "t4.{}.{}",
        kind.as_str(),
        result.map_or("total", |r| r.as_str())
    )
}

fn result_headers(rowspan: u32) -> impl Iterator<Item = Cell> {
    ReviewResult::ALL
        .into_iter()
        .map(|r| r.label())
        .chain([TOTAL_LABEL])
        .map(move |l| Cell::header(l).rows(rowspan))
}

/// The grid of Table 4, filled from `t`.
pub fn table4_cells(t: &Table4) -> Vec<Row> {
    let first = vec![
        Cell::header(RECONSIDERATION).cols(5),
        Cell::header(LITIGATION).cols(10),
    ];
    let mut second: Row = result_headers(2).collect();
    second.push(Cell::header(ReviewKind::DirectLitigation.table_header()).cols(5));
    second.push(Cell::header(ReviewKind::LitigationAfterReconsideration.table_header()).cols(5));
    let third: Row = result_headers(1).chain(result_headers(1)).collect();
    let mut data = Vec::new();
    for kind in ReviewKind::ALL {
        for r in ReviewResult::ALL {
            data.push(Cell::data(
                t.get(kind, r).to_string(),
                cell_key(kind, Some(r)),
            ));
        }
        data.push(Cell::data(t.total(kind).to_string(), cell_key(kind, None)));
    }
    vec![first, second, third, data]
}
