//! The annual report as an Excel workbook (XLSX): a first sheet 「报告」 naming the report, then
//! one sheet per table (表二, 表三, 表四) for staff who reuse the figures.
//!
//! A table sheet has the section heading in row 1, merged across the table, and the grid from
//! row 3 with a merged range exactly where the grid has a span. Every cell has thin borders, labels
//! are bold, wrapped and centred, and figures are numbers (a count as an integer, an amount in 万元
//! such as `0.35` as a decimal); an empty figure stays empty.

use crate::ExportError;
use gongkai_core::annual_report::{Cell, Grid, ReportDocument};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// The MIME type of an XLSX file.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The sheet names of the three tables, in report order.
pub const TABLE_SHEETS: [&str; 3] = ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"];
/// The name of the first sheet.
pub const REPORT_SHEET: &str = "报告";

/// The zero-based row where a table's grid starts (row 3; row 1 holds the heading).
const FIRST_GRID_ROW: u32 = 2;
/// The font of every cell.
const FONT: &str = "宋体";
/// Widths in Excel's character units.
const MIN_COLUMN: f64 = 8.0;
const MAX_COLUMN: f64 = 26.0;
/// Row height of one line of text, in points.
const LINE_HEIGHT: f64 = 15.0;

fn write_err(e: XlsxError) -> ExportError {
    ExportError::Write(e.to_string())
}

/// Renders the report as an XLSX file.
pub fn render(doc: &ReportDocument) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    report_sheet(workbook.add_worksheet(), doc).map_err(write_err)?;
    let tables = doc.tables();
    if tables.len() > TABLE_SHEETS.len() {
        return Err(ExportError::Write(format!(
            "报告有{}张表格，应为{}张",
            tables.len(),
            TABLE_SHEETS.len()
        )));
    }
    for ((heading, grid), name) in tables.into_iter().zip(TABLE_SHEETS) {
        let placed = place(grid)?;
        table_sheet(workbook.add_worksheet(), name, heading, &placed).map_err(write_err)?;
    }
    workbook.save_to_buffer().map_err(write_err)
}

fn base() -> Format {
    Format::new().set_font_name(FONT)
}

/// The first sheet: title, organization, year and format.
fn report_sheet(ws: &mut Worksheet, doc: &ReportDocument) -> Result<(), XlsxError> {
    ws.set_name(REPORT_SHEET)?;
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    let title = base()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let label = base().set_bold().set_border(FormatBorder::Thin);
    let value = base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Left);
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 50)?;
    ws.merge_range(0, 0, 0, 1, &doc.title, &title)?;
    ws.set_row_height(0, 30)?;
    ws.write_string_with_format(2, 0, "机关名称", &label)?;
    ws.write_string_with_format(2, 1, &doc.org_name, &value)?;
    ws.write_string_with_format(3, 0, "报告年度", &label)?;
    ws.write_number_with_format(3, 1, f64::from(doc.year), &value)?;
    ws.write_string_with_format(4, 0, "报告格式", &label)?;
    ws.write_string_with_format(4, 1, doc.format.label(), &value)?;
    Ok(())
}

/// A cell of a grid at its position (zero-based grid row and first column).
struct Placed<'a> {
    row: usize,
    col: usize,
    cell: &'a Cell,
}

/// A grid's cells with their positions, and its width (the column walk of `Grid::width`).
struct PlacedGrid<'a> {
    width: usize,
    rows: usize,
    cells: Vec<Placed<'a>>,
}

fn place(grid: &Grid) -> Result<PlacedGrid<'_>, ExportError> {
    let width = grid
        .width()
        .map_err(|e| ExportError::Write(format!("表格第{}行：{}", e.row + 1, e.message)))?;
    let mut taken = vec![vec![false; width]; grid.rows.len()];
    let mut cells = Vec::new();
    for (r, row) in grid.rows.iter().enumerate() {
        let mut col = 0;
        for cell in row {
            while taken[r][col] {
                col += 1;
            }
            for covered in &mut taken[r..r + cell.rowspan as usize] {
                covered[col..col + cell.colspan as usize].fill(true);
            }
            cells.push(Placed { row: r, col, cell });
            col += cell.colspan as usize;
        }
    }
    Ok(PlacedGrid {
        width,
        rows: grid.rows.len(),
        cells,
    })
}

/// The figure of a data cell as a number, if it is one (`412`, `-3`, `0.35`).
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && frac.is_empty());
    if ok { t.parse().ok() } else { None }
}

/// The width of a text in Excel's character units (a CJK character counts about two).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
        .sum()
}

/// Column widths: per column the widest text of a cell spanning that column alone, between
/// [`MIN_COLUMN`] and a cap (longer texts wrap). The cap is [`MAX_COLUMN`] for a label column in
/// a cell one row high; a figure column (one holding a figure) shares about 90 units among all
/// the columns (16 at most), and a label spanning several rows wraps within [`MIN_COLUMN`] + 2.
fn column_widths(grid: &PlacedGrid<'_>) -> Vec<f64> {
    let mut figures = vec![false; grid.width];
    for p in &grid.cells {
        if p.cell.key.is_some() && p.cell.colspan == 1 {
            figures[p.col] = true;
        }
    }
    let figure_cap = (90.0 / grid.width.max(1) as f64).clamp(MIN_COLUMN, 16.0);
    let mut widths = vec![MIN_COLUMN; grid.width];
    for p in grid.cells.iter().filter(|p| p.cell.colspan == 1) {
        let cap = if figures[p.col] {
            figure_cap
        } else if p.cell.rowspan > 1 {
            MIN_COLUMN + 2.0
        } else {
            MAX_COLUMN
        };
        let w = (text_width(&p.cell.text) + 2.0).min(cap);
        widths[p.col] = widths[p.col].max(w);
    }
    widths
}

/// Row heights in points: enough lines for the wrapped text of every cell, a cell spanning
/// several rows sharing its lines among them.
fn row_heights(grid: &PlacedGrid<'_>, widths: &[f64]) -> Vec<f64> {
    let mut heights = vec![LINE_HEIGHT; grid.rows];
    for p in &grid.cells {
        let room: f64 = widths[p.col..p.col + p.cell.colspan as usize]
            .iter()
            .sum::<f64>()
            - 1.0;
        let lines = (text_width(&p.cell.text) / room.max(1.0)).ceil().max(1.0);
        let per_row = lines * LINE_HEIGHT / f64::from(p.cell.rowspan);
        for h in &mut heights[p.row..p.row + p.cell.rowspan as usize] {
            *h = h.max(per_row);
        }
    }
    heights
}

/// A table sheet: the heading in row 1, the grid from row 3.
fn table_sheet(
    ws: &mut Worksheet,
    name: &str,
    heading: &str,
    grid: &PlacedGrid<'_>,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.set_paper_size(9); // A4
    if grid.width > 10 {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    let centred = base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let header = centred.clone().set_bold();
    let data = centred;
    let title = base()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);

    let widths = column_widths(grid);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, h) in row_heights(grid, &widths).into_iter().enumerate() {
        ws.set_row_height(FIRST_GRID_ROW + r as u32, h)?;
    }
    ws.set_row_height(0, 24)?;
    let last_col = grid.width.saturating_sub(1) as u16;
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col, heading, &title)?;
    } else {
        ws.write_string_with_format(0, 0, heading, &title)?;
    }

    for p in &grid.cells {
        let format = if p.cell.header { &header } else { &data };
        let (row, col) = (FIRST_GRID_ROW + p.row as u32, p.col as u16);
        let (last_row, last_col) = (row + p.cell.rowspan - 1, col + p.cell.colspan as u16 - 1);
        let figure = if p.cell.header {
            None
        } else {
            number(&p.cell.text)
        };
        if (last_row, last_col) != (row, col) {
            // Writes the text and the borders of the whole range; a figure then replaces the
            // (empty) text of its first cell.
            let text = if figure.is_some() { "" } else { &p.cell.text };
            ws.merge_range(row, col, last_row, last_col, text, format)?;
            if let Some(n) = figure {
                ws.write_number_with_format(row, col, n, format)?;
            }
            continue;
        }
        match figure {
            Some(n) => ws.write_number_with_format(row, col, n, format)?,
            None if p.cell.text.is_empty() => ws.write_blank(row, col, format)?,
            None => ws.write_string_with_format(row, col, &p.cell.text, format)?,
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_numbers_and_other_text_is_not() {
        assert_eq!(number("412"), Some(412.0));
        assert_eq!(number("0"), Some(0.0));
        assert_eq!(number("0.35"), Some(0.35));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number(""), None);
        assert_eq!(number("1."), None);
        assert_eq!(number(".5"), None);
        assert_eq!(number("总计"), None);
        assert_eq!(number("1e5"), None);
        assert_eq!(number("inf"), None);
    }

    #[test]
    fn cells_are_placed_past_the_spans_from_above() {
        let grid = Grid {
            rows: vec![
                vec![Cell::header("角").rows(2).cols(2), Cell::header("x")],
                vec![Cell::header("y")],
                vec![
                    Cell::header("a"),
                    Cell::data("1", "k1"),
                    Cell::data("2", "k2"),
                ],
            ],
        };
        let p = place(&grid).unwrap();
        assert_eq!(p.width, 3);
        let at: Vec<(usize, usize, &str)> = p
            .cells
            .iter()
            .map(|p| (p.row, p.col, p.cell.text.as_str()))
            .collect();
        assert_eq!(
            at,
            vec![
                (0, 0, "角"),
                (0, 2, "x"),
                (1, 2, "y"),
                (2, 0, "a"),
                (2, 1, "1"),
                (2, 2, "2")
            ]
        );
        let widths = column_widths(&p);
        assert_eq!(widths.len(), 3);
        assert!(widths.iter().all(|w| (MIN_COLUMN..=MAX_COLUMN).contains(w)));
        assert_eq!(row_heights(&p, &widths).len(), 3);
    }
}
