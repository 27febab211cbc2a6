//! A work plan's (政务公开工作要点) tracking status as an Excel workbook (XLSX), for the disclosure
//! office to circulate, filter and print.
//!
//! Sheet 「任务」 lists every task with its units, deadline, status and latest progress: the plan
//! title in row 1 (merged across the table), the date the status is shown for in row 2, the
//! header in row 3 (frozen, with a filter), then one row per task. Dates are text `YYYY-MM-DD`,
//! units are joined with 、, and the status cell is tinted by status. Sheet 「汇总」 holds the
//! counts per part (with a 合计 row) and per unit; counts are numbers, the completion rate a text
//! such as `50%` (`—` without tasks).

use crate::ExportError;
use chrono::NaiveDate;
use gongkai_core::time::format_cn_date;
use gongkai_core::work_plan::tracking::{Counts, TaskStatus};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// A plan's tasks and counts as of one date, ready to be written.
#[derive(Debug, Clone)]
pub struct PlanSheet {
    /// The plan title, e.g. `2024年上海市民政局政务公开工作要点`.
    pub title: String,
    /// The date the status is shown for.
    pub as_of: NaiveDate,
    pub rows: Vec<PlanRow>,
    /// Counts per part: the part's label (`一、深化重点领域信息公开`) and its counts.
    pub parts: Vec<(String, Counts)>,
    /// Counts per unit: the unit's name and its counts.
    pub units: Vec<(String, Counts)>,
}

/// One task of the plan as the sheet shows it.
#[derive(Debug, Clone)]
pub struct PlanRow {
    /// The part, `一、深化重点领域信息公开` (may be empty).
    pub part: String,
    /// The section, `（一）推进…` (may be empty).
    pub section: String,
    /// The task's number as written, `1` or `（一）`.
    pub number: String,
    /// The short title (first sentence).
    pub title: String,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    /// The deadline in the plan's own words (may be empty).
    pub deadline_text: String,
    pub due: NaiveDate,
    pub status: TaskStatus,
    pub completed_on: Option<NaiveDate>,
    /// The text of the latest progress entry (may be empty).
    pub latest_progress: String,
}

/// The name of the task sheet.
const TASK_SHEET: &str = "任务";
/// The name of the summary sheet.
const SUMMARY_SHEET: &str = "汇总";
/// The task sheet's columns with their widths in Excel's character units; texts wider wrap.
const TASK_COLUMNS: [(&str, f64); 11] = [
    ("部分", 18.0),
    ("分项", 22.0),
    ("序号", 6.0),
    ("任务", 40.0),
    ("牵头单位", 16.0),
    ("责任单位", 20.0),
    ("完成时限", 14.0),
    ("截止日期", 12.0),
    ("状态", 8.0),
    ("完成日期", 12.0),
    ("最新进展", 40.0),
];
/// Columns of the task sheet shown centred: 序号, 截止日期, 状态, 完成日期.
const CENTRED_COLUMNS: [usize; 4] = [2, 7, 8, 9];
/// The zero-based row of the task sheet's header (row 3).
const HEADER_ROW: u32 = 2;
/// The summary sheet's figure columns after the label column.
const SUMMARY_FIGURES: [&str; 7] = [
    "任务数",
    "已完成",
    "按期完成",
    "进行中",
    "未开始",
    "已逾期",
    "完成率",
];
/// The font of every cell.
const FONT: &str = "宋体";
/// Row height of one line of text, in points.
const LINE_HEIGHT: f64 = 15.0;
/// A task row grows for at most this many lines; longer texts scroll within the cell.
const MAX_LINES: f64 = 10.0;

fn write_err(e: XlsxError) -> ExportError {
    ExportError::Write(e.to_string())
}

/// Renders a plan's tracking status as an XLSX file.
pub fn plan_xlsx(sheet: &PlanSheet) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    task_sheet(workbook.add_worksheet(), sheet).map_err(write_err)?;
    summary_sheet(workbook.add_worksheet(), sheet).map_err(write_err)?;
    workbook.save_to_buffer().map_err(write_err)
}

fn base() -> Format {
    Format::new().set_font_name(FONT)
}

/// A cell of a table: thin borders, top-aligned, wrapped.
fn cell() -> Format {
    base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap()
}

/// A header cell: bold, centred, light grey.
fn header() -> Format {
    base()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_background_color(Color::RGB(0xF2F2F2))
}

/// The light tint of a status cell.
fn status_fill(status: TaskStatus) -> Color {
    match status {
        TaskStatus::Done => Color::RGB(0xC6EFCE),
        TaskStatus::InProgress => Color::RGB(0xDDEBF7),
        TaskStatus::Overdue => Color::RGB(0xFFC7CE),
        TaskStatus::NotStarted => Color::RGB(0xE7E6E6),
    }
}

/// The width of a text in Excel's character units (a CJK character counts about two).
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
        .sum()
}

/// The lines a text takes in a column `width` wide, line breaks included.
fn lines(text: &str, width: f64) -> f64 {
    let room = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|l| (text_width(l) / room).ceil().max(1.0))
        .sum()
}

/// The texts of a task row, in the order of [`TASK_COLUMNS`].
fn task_texts(row: &PlanRow) -> [String; 11] {
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    [
        row.part.clone(),
        row.section.clone(),
        row.number.clone(),
        row.title.clone(),
        row.lead_units.join("、"),
        row.responsible_units.join("、"),
        row.deadline_text.clone(),
        date(row.due),
        row.status.label().to_string(),
        row.completed_on.map(date).unwrap_or_default(),
        row.latest_progress.clone(),
    ]
}

/// Sheet 「任务」: title, date, header, one row per task.
fn task_sheet(ws: &mut Worksheet, sheet: &PlanSheet) -> Result<(), XlsxError> {
    ws.set_name(TASK_SHEET)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;

    let last_col = (TASK_COLUMNS.len() - 1) as u16;
    let title = base()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let as_of = base()
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::VerticalCenter);
    ws.merge_range(0, 0, 0, last_col, &sheet.title, &title)?;
    ws.set_row_height(0, 30)?;
    ws.merge_range(
        1,
        0,
        1,
        last_col,
        &format!("统计截至 {}", format_cn_date(sheet.as_of)),
        &as_of,
    )?;

    let header = header();
    for (c, (name, width)) in TASK_COLUMNS.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(HEADER_ROW, c as u16, *name, &header)?;
    }
    ws.set_row_height(HEADER_ROW, 20)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;

    let left = cell();
    let centred = cell().set_align(FormatAlign::Center);
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        let texts = task_texts(row);
        let status = centred
            .clone()
            .set_background_color(status_fill(row.status));
        let mut height: f64 = 1.0;
        for (c, text) in texts.iter().enumerate() {
            let format = if c == 8 {
                &status
            } else if CENTRED_COLUMNS.contains(&c) {
                &centred
            } else {
                &left
            };
            if text.is_empty() {
                ws.write_blank(r, c as u16, format)?;
            } else {
                ws.write_string_with_format(r, c as u16, text, format)?;
                height = height.max(lines(text, TASK_COLUMNS[c].1));
            }
        }
        ws.set_row_height(r, height.min(MAX_LINES) * LINE_HEIGHT + 3.0)?;
    }
    let last_row = HEADER_ROW + sheet.rows.len() as u32;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    Ok(())
}

/// The sum of counts.
fn sum(counts: &[(String, Counts)]) -> Counts {
    counts.iter().fold(Counts::default(), |mut a, (_, c)| {
        a.total += c.total;
        a.not_started += c.not_started;
        a.in_progress += c.in_progress;
        a.done += c.done;
        a.overdue += c.overdue;
        a.done_on_time += c.done_on_time;
        a
    })
}

/// `50%`, or `—` without tasks.
fn percent(counts: &Counts) -> String {
    counts
        .done_percent()
        .map_or_else(|| "—".to_string(), |p| format!("{p}%"))
}

/// Formats of the summary sheet.
struct SummaryFormats {
    block: Format,
    header: Format,
    label: Format,
    /// A count or the completion rate.
    figure: Format,
}

/// A block heading and the header row of a summary block; returns the next row.
fn summary_header(
    ws: &mut Worksheet,
    f: &SummaryFormats,
    row: u32,
    heading: &str,
    label: &str,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, heading, &f.block)?;
    ws.write_string_with_format(row + 1, 0, label, &f.header)?;
    for (c, name) in SUMMARY_FIGURES.iter().enumerate() {
        ws.write_string_with_format(row + 1, 1 + c as u16, *name, &f.header)?;
    }
    Ok(row + 2)
}

/// One row of counts: label, 任务数, 已完成, 按期完成, 进行中, 未开始, 已逾期, 完成率.
fn summary_row(
    ws: &mut Worksheet,
    f: &SummaryFormats,
    row: u32,
    label: &str,
    counts: &Counts,
    label_format: &Format,
) -> Result<(), XlsxError> {
    if label.is_empty() {
        ws.write_blank(row, 0, label_format)?;
    } else {
        ws.write_string_with_format(row, 0, label, label_format)?;
    }
    let figures = [
        counts.total,
        counts.done,
        counts.done_on_time,
        counts.in_progress,
        counts.not_started,
        counts.overdue,
    ];
    for (c, n) in figures.into_iter().enumerate() {
        ws.write_number_with_format(row, 1 + c as u16, n as f64, &f.figure)?;
    }
    ws.write_string_with_format(row, 7, percent(counts), &f.figure)?;
    let height = lines(label, 30.0).min(MAX_LINES) * LINE_HEIGHT + 3.0;
    ws.set_row_height(row, height)?;
    Ok(())
}

/// Sheet 「汇总」: the block 按部分 with its 合计, an empty row, the block 按单位.
fn summary_sheet(ws: &mut Worksheet, sheet: &PlanSheet) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY_SHEET)?;
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_column_width(0, 30)?;
    for c in 1..=SUMMARY_FIGURES.len() as u16 {
        ws.set_column_width(c, 10)?;
    }
    let f = SummaryFormats {
        block: base().set_bold().set_font_size(12),
        header: header(),
        label: cell().set_align(FormatAlign::VerticalCenter),
        figure: base()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
    };
    let total_label = cell().set_bold().set_align(FormatAlign::Center);

    let mut row = summary_header(ws, &f, 0, "按部分", "部分")?;
    for (label, counts) in &sheet.parts {
        summary_row(ws, &f, row, label, counts, &f.label)?;
        row += 1;
    }
    summary_row(ws, &f, row, "合计", &sum(&sheet.parts), &total_label)?;
    row += 2;

    row = summary_header(ws, &f, row, "按单位", "单位")?;
    for (label, counts) in &sheet.units {
        summary_row(ws, &f, row, label, counts, &f.label)?;
        row += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_sums() {
        let c = |total, done| Counts {
            total,
            done,
            ..Counts::default()
        };
        assert_eq!(percent(&c(2, 1)), "50%");
        assert_eq!(percent(&c(3, 1)), "33%");
        assert_eq!(percent(&c(0, 0)), "—");
        let s = sum(&[("a".into(), c(2, 1)), ("b".into(), c(3, 3))]);
        assert_eq!((s.total, s.done), (5, 4));
    }

    #[test]
    fn long_texts_take_more_lines() {
        assert_eq!(lines("", 40.0), 1.0);
        assert_eq!(lines("短", 40.0), 1.0);
        assert!(lines(&"字".repeat(40), 40.0) >= 2.0);
        assert_eq!(lines("一\n二", 40.0), 2.0);
    }
}
