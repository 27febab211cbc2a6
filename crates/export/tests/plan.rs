//! The work plan tracking workbook read back as a user would check it: the file is unzipped, the
//! sheets' XML read (shared strings resolved) and every task row, status tint and count compared
//! with values written out by hand here.

mod common;

use common::{El, Workbook, XCell, column_of, workbook};

use chrono::NaiveDate;
use gongkai_core::work_plan::tracking::{TaskFacts, TaskLine, summarize};
use gongkai_export::plan::{PlanRow, PlanSheet, plan_xlsx};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// The plan under test.

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TITLE: &str = "2024年上海市民政局政务公开工作要点";
const PART_1: (&str, &str) = ("一", "深化重点领域信息公开");
const PART_2: (&str, &str) = ("二", "加强政策解读");

struct Task {
    part: (&'static str, &'static str),
    section: &'static str,
    number: &'static str,
    title: &'static str,
    lead: &'static [&'static str],
    responsible: &'static [&'static str],
    deadline: &'static str,
    due: &'static str,
    progress: &'static [&'static str],
    completed_on: Option<&'static str>,
}

/// Four tasks in two parts, seen on 2024-06-30: one completed (on time), one under way, one
/// overdue, one not started.
const TASKS: [Task; 4] = [
    Task {
        part: PART_1,
        section: "（一）推进重大建设项目信息公开",
        number: "1",
        title: "公开重大建设项目批准和实施信息。",
        lead: &["办公室"],
        responsible: &["规划处", "财务处"],
        deadline: "6月底前",
        due: "2024-06-30",
        progress: &["已建立专栏。", "已在门户网站公开项目清单。"],
        completed_on: Some("2024-06-20"),
    },
    Task {
        part: PART_1,
        section: "（一）推进重大建设项目信息公开",
        number: "2",
        title: "做好养老服务机构信息公开。",
        lead: &["社会事务处"],
        responsible: &[],
        deadline: "持续推进",
        due: "2024-12-31",
        progress: &["已完成初稿。"],
        completed_on: None,
    },
    Task {
        part: PART_2,
        section: "",
        number: "（一）",
        title: "做好重要政策解读回应。",
        lead: &["办公室"],
        responsible: &["政策法规处"],
        deadline: "5月底前",
        due: "2024-05-31",
        progress: &[],
        completed_on: None,
    },
    Task {
        part: PART_2,
        section: "",
        number: "（二）",
        title: "规范政策解读发布。",
        lead: &["政策法规处"],
        responsible: &["办公室", "规划处"],
        deadline: "",
        due: "2024-11-30",
        progress: &[],
        completed_on: None,
    },
];

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The sheet as the server builds it: statuses and counts from the core tracking rules.
fn plan() -> PlanSheet {
    let as_of = d("2024-06-30");
    let facts = |t: &Task| TaskFacts {
        due: d(t.due),
        progress: t.progress.len(),
        completed_on: t.completed_on.map(d),
    };
    let rows = TASKS
        .iter()
        .map(|t| PlanRow {
            part: format!("{}、{}", t.part.0, t.part.1),
            section: t.section.into(),
            number: t.number.into(),
            title: t.title.into(),
            lead_units: owned(t.lead),
            responsible_units: owned(t.responsible),
            deadline_text: t.deadline.into(),
            due: d(t.due),
            status: facts(t).status(as_of),
            completed_on: t.completed_on.map(d),
            latest_progress: t.progress.last().copied().unwrap_or_default().into(),
        })
        .collect();
    let lines: Vec<TaskLine> = TASKS
        .iter()
        .map(|t| TaskLine {
            part: (t.part.0.into(), t.part.1.into()),
            units: owned(t.lead)
                .into_iter()
                .chain(owned(t.responsible))
                .collect(),
            facts: facts(t),
        })
        .collect();
    let summary = summarize(&lines, as_of);
    PlanSheet {
        title: TITLE.into(),
        as_of,
        rows,
        parts: summary
            .parts
            .into_iter()
            .map(|(n, t, c)| (format!("{n}、{t}"), c))
            .collect(),
        units: summary.units,
    }
}

// ---------------------------------------------------------------------------------------------
// The workbook read back.

impl Workbook {
    /// The cells by (one-based row, zero-based column).
    fn cells(&self, name: &str) -> BTreeMap<(usize, usize), XCell> {
        self.sheet(name)
            .get("sheetData")
            .expect("sheetData")
            .all("row")
            .flat_map(|r| r.all("c"))
            .map(|c| {
                let r = c.attr("r").unwrap();
                let row: usize = r
                    .trim_start_matches(|ch: char| ch.is_ascii_uppercase())
                    .parse()
                    .unwrap();
                (
                    (row, column_of(r)),
                    XCell {
                        t: c.attr("t").map(str::to_string),
                        s: c.attr("s").map_or(0, |s| s.parse().unwrap()),
                        v: c.get("v").map(El::text),
                    },
                )
            })
            .collect()
    }

    /// The text shown in a cell (a shared string resolved); empty for a blank or missing cell.
    fn shown(&self, c: Option<&XCell>) -> String {
        match c.map(|c| (c.t.as_deref(), &c.v)) {
            Some((Some("s"), Some(v))) => self.strings[v.parse::<usize>().unwrap()].clone(),
            Some((_, Some(v))) => v.clone(),
            _ => String::new(),
        }
    }

    /// The texts shown in columns `0..width` of a (one-based) row.
    fn row(
        &self,
        cells: &BTreeMap<(usize, usize), XCell>,
        row: usize,
        width: usize,
    ) -> Vec<String> {
        (0..width)
            .map(|c| self.shown(cells.get(&(row, c))))
            .collect()
    }

    fn merges(&self, name: &str) -> Vec<String> {
        self.sheet(name)
            .get("mergeCells")
            .map(|m| {
                m.all("mergeCell")
                    .map(|c| c.attr("ref").unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The solid fill colour of a style as `RRGGBB`, if it has one.
    fn fill(&self, s: usize) -> Option<String> {
        let id: usize = self.xf(s).attr("fillId").unwrap().parse().unwrap();
        let fill = self.styles.get("fills").unwrap().all("fill").nth(id)?;
        let pattern = fill.get("patternFill")?;
        if pattern.attr("patternType") != Some("solid") {
            return None;
        }
        let rgb = pattern.get("fgColor")?.attr("rgb")?;
        Some(rgb[rgb.len() - 6..].to_string())
    }

    fn wraps(&self, s: usize) -> bool {
        self.xf(s)
            .get("alignment")
            .is_some_and(|a| a.attr("wrapText") == Some("1"))
    }

    /// Column widths by zero-based column.
    fn widths(&self, name: &str) -> BTreeMap<usize, f64> {
        let mut out = BTreeMap::new();
        for col in self.sheet(name).get("cols").expect("cols").all("col") {
            let min: usize = col.attr("min").unwrap().parse().unwrap();
            let max: usize = col.attr("max").unwrap().parse().unwrap();
            let width: f64 = col.attr("width").unwrap().parse().unwrap();
            for c in min..=max {
                out.insert(c - 1, width);
            }
        }
        out
    }
}

fn rgb(hex: &str) -> (u8, u8, u8) {
    let n = u32::from_str_radix(hex, 16).unwrap();
    ((n >> 16) as u8, (n >> 8) as u8, n as u8)
}

const HEADER: [&str; 11] = [
    "部分",
    "分项",
    "序号",
    "任务",
    "牵头单位",
    "责任单位",
    "完成时限",
    "截止日期",
    "状态",
    "完成日期",
    "最新进展",
];

// ---------------------------------------------------------------------------------------------

#[test]
fn the_task_sheet_shows_title_header_and_one_row_per_task() {
    let bytes = plan_xlsx(&plan()).expect("rendered");
    let wb = workbook(&bytes);
    let names: Vec<&str> = wb.sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["任务", "汇总"]);

    let cells = wb.cells("任务");
    assert_eq!(wb.shown(cells.get(&(1, 0))), TITLE);
    assert_eq!(wb.shown(cells.get(&(2, 0))), "统计截至 2024年06月30日");
    let merges = wb.merges("任务");
    assert!(merges.contains(&"A1:K1".to_string()), "{merges:?}");
    assert_eq!(wb.row(&cells, 3, 12), [&HEADER[..], &[""][..]].concat());

    // Every cell as the user reads it, column by column: a swapped column fails here.
    let expected: [[&str; 11]; 4] = [
        [
            "一、深化重点领域信息公开",
            "（一）推进重大建设项目信息公开",
            "1",
            "公开重大建设项目批准和实施信息。",
            "办公室",
            "规划处、财务处",
            "6月底前",
            "2024-06-30",
            "已完成",
            "2024-06-20",
            "已在门户网站公开项目清单。",
        ],
        [
            "一、深化重点领域信息公开",
            "（一）推进重大建设项目信息公开",
            "2",
            "做好养老服务机构信息公开。",
            "社会事务处",
            "",
            "持续推进",
            "2024-12-31",
            "进行中",
            "",
            "已完成初稿。",
        ],
        [
            "二、加强政策解读",
            "",
            "（一）",
            "做好重要政策解读回应。",
            "办公室",
            "政策法规处",
            "5月底前",
            "2024-05-31",
            "已逾期",
            "",
            "",
        ],
        [
            "二、加强政策解读",
            "",
            "（二）",
            "规范政策解读发布。",
            "政策法规处",
            "办公室、规划处",
            "",
            "2024-11-30",
            "未开始",
            "",
            "",
        ],
    ];
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(wb.row(&cells, 4 + i, 11), want, "task row {}", 4 + i);
        // Texts, not numbers or dates the user's Excel would reformat.
        for c in [2, 7, 9] {
            if let Some(cell) = cells.get(&(4 + i, c)).filter(|c| c.v.is_some()) {
                assert_eq!(cell.t.as_deref(), Some("s"), "row {} column {c}", 4 + i);
            }
        }
    }
    assert!(
        !cells.keys().any(|(r, _)| *r > 7),
        "nothing below the last task"
    );

    // The status tints: four different light colours, green for 已完成 and red for 已逾期.
    let fill = |row: usize| {
        wb.fill(cells[&(row, 8)].s)
            .unwrap_or_else(|| panic!("status of row {row} filled"))
    };
    let (done, in_progress, overdue, not_started) = (fill(4), fill(5), fill(6), fill(7));
    let mut all = vec![&done, &in_progress, &overdue, &not_started];
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 4, "a colour per status");
    assert_ne!(done, overdue);
    let (r, g, b) = rgb(&done);
    assert!(g > r && g > b, "已完成 green: {done}");
    let (r, g, b) = rgb(&overdue);
    assert!(r > g && r > b, "已逾期 red: {overdue}");
    let (r, g, b) = rgb(&in_progress);
    assert!(b > r && b > g, "进行中 blue: {in_progress}");
    for c in [&done, &in_progress, &overdue, &not_started] {
        let (r, g, b) = rgb(c);
        assert!(r.min(g).min(b) >= 0xB0, "a light tint: {c}");
    }
    // Only the status cell is tinted.
    assert_eq!(wb.fill(cells[&(4, 3)].s), wb.fill(cells[&(6, 3)].s));

    // Header frozen, 任务 and 最新进展 wrapped and wide.
    let pane = wb
        .sheet("任务")
        .get("sheetViews")
        .and_then(|v| v.get("sheetView"))
        .and_then(|v| v.get("pane"))
        .expect("a frozen pane");
    assert_eq!(pane.attr("ySplit"), Some("3"));
    assert_eq!(pane.attr("state"), Some("frozen"));
    for row in 4..=7 {
        assert!(wb.wraps(cells[&(row, 3)].s), "任务 wraps in row {row}");
        assert!(wb.wraps(cells[&(row, 10)].s), "最新进展 wraps in row {row}");
    }
    let widths = wb.widths("任务");
    assert!(widths[&3] >= 30.0 && widths[&10] >= 30.0, "{widths:?}");
    assert!(widths[&2] < widths[&3], "序号 narrower than 任务");
}

#[test]
fn the_summary_sheet_counts_parts_with_a_total_and_units() {
    let sheet = plan();
    let wb = workbook(&plan_xlsx(&sheet).expect("rendered"));
    let cells = wb.cells("汇总");
    let row = |r: usize| wb.row(&cells, r, 8);

    assert_eq!(wb.shown(cells.get(&(1, 0))), "按部分");
    assert_eq!(
        row(2),
        [
            "部分",
            "任务数",
            "已完成",
            "按期完成",
            "进行中",
            "未开始",
            "已逾期",
            "完成率"
        ]
    );
    assert_eq!(
        row(3),
        [
            "一、深化重点领域信息公开",
            "2",
            "1",
            "1",
            "1",
            "0",
            "0",
            "50%"
        ]
    );
    assert_eq!(
        row(4),
        ["二、加强政策解读", "2", "0", "0", "0", "1", "1", "0%"]
    );
    assert_eq!(row(5), ["合计", "4", "1", "1", "1", "1", "1", "25%"]);
    // The total is the sum of the part rows, column by column.
    for c in 1..=6 {
        let n = |r: usize| row(r)[c].parse::<u32>().unwrap();
        assert_eq!(n(5), n(3) + n(4), "合计 column {c}");
    }
    // Counts are numbers, the rate text.
    for r in 3..=5 {
        for c in 1..=6 {
            assert_eq!(cells[&(r, c)].t, None, "row {r} column {c} is a number");
        }
        assert_eq!(cells[&(r, 7)].t.as_deref(), Some("s"));
    }

    assert_eq!(row(6), ["", "", "", "", "", "", "", ""], "an empty row");
    assert_eq!(wb.shown(cells.get(&(7, 0))), "按单位");
    assert_eq!(
        row(8),
        [
            "单位",
            "任务数",
            "已完成",
            "按期完成",
            "进行中",
            "未开始",
            "已逾期",
            "完成率"
        ]
    );
    let units: Vec<Vec<String>> = (9..9 + sheet.units.len()).map(row).collect();
    assert_eq!(
        units,
        [
            ["办公室", "3", "1", "1", "0", "1", "1", "33%"],
            ["政策法规处", "2", "0", "0", "0", "1", "1", "0%"],
            ["规划处", "2", "1", "1", "0", "1", "0", "50%"],
            ["社会事务处", "1", "0", "0", "1", "0", "0", "0%"],
            ["财务处", "1", "1", "1", "0", "0", "0", "100%"],
        ]
    );
    assert!(
        !cells.keys().any(|(r, _)| *r > 13),
        "nothing below the last unit"
    );
}

#[test]
fn a_plan_without_tasks_still_has_both_sheets() {
    let sheet = PlanSheet {
        title: TITLE.into(),
        as_of: d("2024-01-02"),
        rows: Vec::new(),
        parts: Vec::new(),
        units: Vec::new(),
    };
    let wb = workbook(&plan_xlsx(&sheet).expect("rendered"));
    let cells = wb.cells("任务");
    assert_eq!(wb.shown(cells.get(&(2, 0))), "统计截至 2024年01月02日");
    assert_eq!(wb.row(&cells, 3, 11), HEADER);
    let summary = wb.cells("汇总");
    assert_eq!(
        wb.row(&summary, 3, 8),
        ["合计", "0", "0", "0", "0", "0", "0", "—"]
    );
    assert_eq!(wb.shown(summary.get(&(5, 0))), "按单位");
}
