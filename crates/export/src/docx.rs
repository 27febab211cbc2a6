//! The annual report as a Word document (DOCX), laid out as a Chinese government document on A4
//! portrait (margins of GB/T 9704): the title, the opening paragraph, then the six sections, each
//! heading followed by its paragraphs and its table.
//!
//! The tables keep the merged cells of the core [`Grid`]: column spans become `gridSpan`, row
//! spans `vMerge` (restart on the cell itself, continue on a placeholder cell in each row below,
//! since DOCX, unlike the grid, writes the covered cells out).

use crate::ExportError;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Table, TableAlignmentType, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};
use gongkai_core::annual_report::{Cell, Grid, ReportDocument};
use std::io::Cursor;

/// The MIME type of a DOCX file.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The title's East Asian font (方正小标宋简体; a renderer without it substitutes, usually 宋体).
const TITLE_FONT: &str = "方正小标宋简体";
/// Section headings (一级标题).
const HEADING_FONT: &str = "黑体";
/// Body text.
const BODY_FONT: &str = "仿宋_GB2312";
/// Table cells.
const TABLE_FONT: &str = "宋体";
/// Latin letters and digits.
const LATIN_FONT: &str = "Times New Roman";

/// Font sizes in half-points: 二号 (22 pt) title, 三号 (16 pt) text, 10 pt tables.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const TABLE_SIZE: usize = 20;
/// Two characters of 三号 text, in twips: the first-line indent.
const INDENT_TWO_CHARS: i32 = 640;
/// Body line pitch (固定值 28 磅), in twips.
const BODY_LINE: i32 = 560;

/// A4 page margins of GB/T 9704 (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), in twips.
const MARGIN_TOP: i32 = 2098;
const MARGIN_BOTTOM: i32 = 1984;
const MARGIN_LEFT: i32 = 1587;
const MARGIN_RIGHT: i32 = 1474;
/// A4 width, in twips.
const PAGE_WIDTH: i32 = 11906;
/// The width of the text block, which every table fills, in twips.
const TEXT_WIDTH: usize = (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) as usize;

/// Renders the report as a DOCX file.
pub fn render(doc: &ReportDocument) -> Result<Vec<u8>, ExportError> {
    let mut docx = Docx::new()
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .footer(page_number_footer())
        .add_paragraph(title(&doc.title))
        .add_paragraph(body(&doc.opening));
    for section in &doc.sections {
        docx = docx.add_paragraph(heading(&section.heading));
        for p in &section.paragraphs {
            docx = docx.add_paragraph(body(p));
        }
        if let Some(grid) = &section.table {
            docx = docx
                .add_table(table(grid)?)
                .add_paragraph(Paragraph::new().line_spacing(exact_line()));
        }
    }
    let mut out = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| ExportError::Write(e.to_string()))?;
    Ok(out.into_inner())
}

/// Latin font plus the East Asian `east_asia`.
fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
        .east_asia(east_asia)
}

fn exact_line() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(BODY_LINE)
}

fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().after(BODY_LINE as u32))
        .add_run(
            Run::new()
                .add_text(text)
                .fonts(fonts(TITLE_FONT))
                .size(TITLE_SIZE)
                .bold(),
        )
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .keep_next(true)
        .line_spacing(exact_line())
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(INDENT_TWO_CHARS)),
            None,
            None,
        )
        .add_run(
            Run::new()
                .add_text(text)
                .fonts(fonts(HEADING_FONT))
                .size(BODY_SIZE),
        )
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Both)
        .line_spacing(exact_line())
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(INDENT_TWO_CHARS)),
            None,
            None,
        )
        .add_run(
            Run::new()
                .add_text(text)
                .fonts(fonts(BODY_FONT))
                .size(BODY_SIZE),
        )
}

/// 「— 1 —」 centred in the footer.
fn page_number_footer() -> Footer {
    let dash = |t: &str| Run::new().add_text(t).fonts(fonts(TABLE_FONT)).size(28);
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(dash("— "))
            .add_page_num(PageNum::new())
            .add_run(dash(" —")),
    )
}

/// What occupies one grid position of a DOCX row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot<'a> {
    /// A cell of the grid starting in this row.
    Start(&'a Cell),
    /// The placeholder of a cell from a row above whose row span covers this row.
    Continue(&'a Cell),
}

/// One DOCX row: its slots, each with its first grid column, in column order.
type SlotRow<'a> = Vec<(usize, Slot<'a>)>;

/// The cell covering a grid position: the cell, its row and its first column.
#[derive(Debug, Clone, Copy)]
struct Owner<'a> {
    row: usize,
    col: usize,
    cell: &'a Cell,
}

/// The grid as DOCX rows, the covered positions filled with [`Slot::Continue`]. Also returns the
/// width.
fn slots(grid: &Grid) -> Result<(usize, Vec<SlotRow<'_>>), ExportError> {
    let width = grid
        .width()
        .map_err(|e| ExportError::Write(format!("表格第{}行：{}", e.row + 1, e.message)))?;
    // Per row and grid column: the cell covering it, its row and its first column.
    let mut owner: Vec<Vec<Option<Owner<'_>>>> = vec![vec![None; width]; grid.rows.len()];
    for (r, row) in grid.rows.iter().enumerate() {
        let mut col = 0;
        for cell in row {
            while owner[r][col].is_some() {
                col += 1;
            }
            for covered in &mut owner[r..r + cell.rowspan as usize] {
                for slot in &mut covered[col..col + cell.colspan as usize] {
                    *slot = Some(Owner { row: r, col, cell });
                }
            }
            col += cell.colspan as usize;
        }
    }
    let rows = owner
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .filter_map(|(c, o)| match *o {
                    Some(Owner { row, col, cell }) if col == c => Some((
                        c,
                        if row == r {
                            Slot::Start(cell)
                        } else {
                            Slot::Continue(cell)
                        },
                    )),
                    _ => None,
                })
                .collect()
        })
        .collect();
    Ok((width, rows))
}

/// Column widths in twips, summing to [`TEXT_WIDTH`] (a few twips less when every column holds
/// figures, as they stay equal). The label columns on the left (those before the first figure of
/// any row) are wider, more so towards the figures, where the finest and longest labels are:
/// weights 2, 3, 4, … against 1 for each figure column.
fn column_widths(width: usize, slots: &[SlotRow<'_>]) -> Vec<usize> {
    if width == 0 {
        return Vec::new();
    }
    let labels = slots
        .iter()
        .filter_map(|row| {
            row.iter().find_map(|(c, s)| match s {
                Slot::Start(cell) if cell.key.is_some() => Some(*c),
                _ => None,
            })
        })
        .min()
        .unwrap_or(0)
        .min(width - 1);
    let label_weights: Vec<usize> = (2..labels + 2).collect();
    let data = width - labels;
    let unit = TEXT_WIDTH / (label_weights.iter().sum::<usize>() + data);
    let mut out: Vec<usize> = label_weights.iter().map(|w| w * unit).collect();
    let used = unit * (label_weights.iter().sum::<usize>() + data);
    if let Some(last) = out.last_mut() {
        *last += TEXT_WIDTH - used;
    }
    out.extend(std::iter::repeat_n(unit, data));
    out
}

fn cell_borders() -> TableCellBorders {
    [
        TableCellBorderPosition::Top,
        TableCellBorderPosition::Left,
        TableCellBorderPosition::Bottom,
        TableCellBorderPosition::Right,
    ]
    .into_iter()
    .fold(TableCellBorders::with_empty(), |b, p| {
        b.set(TableCellBorder::new(p).size(4))
    })
}

fn table_borders() -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::with_empty(), |b, p| {
        b.set(TableBorder::new(p).size(4))
    })
}

/// The paragraph of a table cell: centred, single spaced, no indent, bold for labels.
fn cell_paragraph(text: &str, header: bool) -> Paragraph {
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(240),
        )
        .size(TABLE_SIZE)
        .fonts(fonts(TABLE_FONT));
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let mut run = Run::new()
            .add_text(line)
            .fonts(fonts(TABLE_FONT))
            .size(TABLE_SIZE);
        if header {
            run = run.bold();
        }
        if lines.peek().is_some() {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        p = p.add_run(run);
    }
    p
}

/// The DOCX table of a grid, filling the text width.
fn table(grid: &Grid) -> Result<Table, ExportError> {
    let (width, rows) = slots(grid)?;
    let widths = column_widths(width, &rows);
    let rows = rows
        .iter()
        .map(|row| {
            TableRow::new(
                row.iter()
                    .map(|&(c, slot)| {
                        let (cell, merge) = match slot {
                            Slot::Start(cell) => {
                                (cell, (cell.rowspan > 1).then_some(VMergeType::Restart))
                            }
                            Slot::Continue(cell) => (cell, Some(VMergeType::Continue)),
                        };
                        let span = cell.colspan as usize;
                        let mut tc = TableCell::new()
                            .width(widths[c..c + span].iter().sum(), WidthType::Dxa)
                            .vertical_align(VAlignType::Center)
                            .set_borders(cell_borders());
                        if span > 1 {
                            tc = tc.grid_span(span);
                        }
                        if let Some(m) = merge {
                            tc = tc.vertical_merge(m);
                        }
                        let text = match slot {
                            Slot::Start(cell) => cell.text.as_str(),
                            Slot::Continue(_) => "",
                        };
                        tc.add_paragraph(cell_paragraph(text, cell.header))
                    })
                    .collect(),
            )
            .cant_split()
        })
        .collect();
    let total = widths.iter().sum();
    Ok(Table::new(rows)
        .set_grid(widths)
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(0, 57, 0, 57))
        .set_borders(table_borders()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(rows: Vec<Vec<Cell>>) -> Grid {
        Grid { rows }
    }

    #[test]
    fn covered_positions_become_continuation_slots() {
        let grid = g(vec![
            vec![Cell::header("角").rows(2).cols(2), Cell::header("x")],
            vec![Cell::header("y")],
            vec![
                Cell::header("a"),
                Cell::data("1", "k1"),
                Cell::data("2", "k2"),
            ],
        ]);
        let (width, rows) = slots(&grid).unwrap();
        assert_eq!(width, 3);
        let shape: Vec<Vec<(usize, &str, bool)>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|(c, s)| match s {
                        Slot::Start(cell) => (*c, cell.text.as_str(), true),
                        Slot::Continue(cell) => (*c, cell.text.as_str(), false),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                vec![(0, "角", true), (2, "x", true)],
                vec![(0, "角", false), (2, "y", true)],
                vec![(0, "a", true), (1, "1", true), (2, "2", true)],
            ]
        );
        let widths = column_widths(width, &rows);
        assert_eq!(widths.iter().sum::<usize>(), TEXT_WIDTH);
        assert_eq!(widths[1], widths[2]);
        assert!(widths[0] > widths[1]);
    }

    #[test]
    fn a_ragged_grid_is_refused() {
        let grid = g(vec![
            vec![Cell::header("a"), Cell::header("b")],
            vec![Cell::header("c")],
        ]);
        assert!(matches!(slots(&grid), Err(ExportError::Write(_))));
    }
}
