//! Work plans (政务公开工作要点): the structure of a plan document read from its text.
//!
//! [`parse`] is pure: text in, a [`ParsedPlan`] out, never a panic. What could not be read
//! cleanly is listed in [`ParsedPlan::problems`] (in Chinese) and the rest is still returned, so
//! that an import can show the plan and let the tasks be edited.
//!
//! Structure:
//! - parts `一、`, sections `（一）` / `(一)`, tasks `1.` `1．` `1、` (ASCII or full-width digits),
//!   each at the start of a line (a paragraph). Numbers are normalised: `一`, `（一）`, `1`.
//! - Tasks follow the section they are in, or the part when it has no sections. A section
//!   without numbered tasks is itself the task (its number `（一）`), and so is a part with
//!   neither sections nor tasks (its number `一`).
//! - Lines that are not headings continue the task before them (text joined with `\n`); lines
//!   between a heading and its first task are an introduction and belong to no task, unless the
//!   heading is itself the task. The lines before the first heading are the document's front
//!   matter (notice, title, document number, date); the body ends at a page footer
//!   (`责任编辑`, `（注`, `附件`, …) or a signature date.
//! - Numbering is checked: each number follows the one before, or starts again at 1 (一) in a
//!   new part or section; a gap, a step back or a repeated number is a problem.
//!
//! Per task: `title` is the first sentence (up to 。；！？ outside brackets, the unit annotation
//! left out); units come from [`units`]' spellings (a task naming none takes those of the
//! section or part heading above it, when that names some); deadlines from [`deadline`]'s. When a task
//! names several deadlines (`于2018年6月底前…年内…`) `deadline_text` keeps them all, in order,
//! joined by `；`, and `deadline` is the latest. A relative limit (`24小时内`) keeps its words and
//! is due at the end of the plan's year. A task without deadline words has both `None`:
//! [`Task::due`] gives the year end the tracking uses.
//!
//! The plan's year: the one given, else the title's (`2024年…工作要点`, since a plan may be
//! issued in the year before), else the date's; without one, dates stay `None` and `year` is 0.
//!
//! Problems listed: an empty text; no numbered items (`未找到编号的工作任务…`); numbering gaps and
//! repeats; an unknown year; deadline words that are no date (`任务 3：期限“13月底前”无法识别为
//! 日期。`); a task without text; tasks without lead or responsible units (one problem when no
//! task names any, else one per task).

mod deadline;
mod front;
pub mod mail;
pub mod matching;
#[cfg(test)]
mod tests;
mod text;
pub mod tracking;
mod units;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use text::{clean, cn_number, digit, first_sentence};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedPlan {
    pub title: Option<String>,
    /// The issuing body (发文机关).
    pub issuer: Option<String>,
    /// The document number as written (`甘政办发〔2018〕83号`).
    pub doc_no: Option<String>,
    /// 成文日期.
    pub date: Option<NaiveDate>,
    /// The plan's year; 0 when it could not be told (then a problem says so).
    pub year: i32,
    pub parts: Vec<Part>,
    /// What could not be read cleanly, in Chinese.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// `一`; empty for the implicit part of a plan without part headings.
    pub number: String,
    pub title: String,
    pub sections: Vec<Section>,
    /// Tasks directly under the part: all of them when it has no sections, else those before
    /// its first section (normally none). `sections` and `tasks` are both always present.
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// `（一）`, full-width whatever the document's brackets.
    pub number: String,
    pub title: String,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// `1`; `（一）` or `一` when the section or part is itself the task.
    pub number: String,
    /// The first sentence.
    pub title: String,
    /// The full text, the unit annotation included.
    pub text: String,
    pub lead_units: Vec<String>,
    pub responsible_units: Vec<String>,
    /// The deadline words as written; several joined by `；`.
    pub deadline_text: Option<String>,
    pub deadline: Option<NaiveDate>,
}

impl Task {
    /// When the task is due: its deadline, else the end of the plan's year.
    pub fn due(&self, year: i32) -> Option<NaiveDate> {
        self.deadline
            .or_else(|| NaiveDate::from_ymd_opt(year, 12, 31))
    }
}

/// The years a plan may belong to: anything else is a typing error.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// A task's short title: the first sentence of its text (as the parser takes it).
pub fn first_sentence_of(text: &str) -> String {
    first_sentence(text)
}

impl ParsedPlan {
    /// Every task, in document order.
    pub fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.parts.iter().flat_map(|p| {
            p.tasks
                .iter()
                .chain(p.sections.iter().flat_map(|s| s.tasks.iter()))
        })
    }

    /// Every unit name the tasks use (lead and responsible), once, in the order first met.
    pub fn unit_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for t in self.tasks() {
            for n in t.lead_units.iter().chain(&t.responsible_units) {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        names
    }

    pub fn section_count(&self) -> usize {
        self.parts.iter().map(|p| p.sections.len()).sum()
    }
}

/// A line's role.
enum Line<'a> {
    Part(u32, &'a str),
    Section(u32, &'a str),
    /// A task; `true` when its number could be a decimal (`1.5亿元`): then it is one only when
    /// it is the next number.
    Task(u32, &'a str, bool),
    Other,
}

fn classify(line: &str) -> Line<'_> {
    // 一、
    if let Some((num, rest)) = line.split_once('、')
        && let Some(v) = cn_number(num)
    {
        return Line::Part(v, rest.trim());
    }
    // （一） (一)
    if let Some(rest) = line.strip_prefix(['(', '（'])
        && let Some(close) = rest.find([')', '）'])
        && let Some(v) = cn_number(&rest[..close])
    {
        let width = rest[close..].chars().next().map_or(1, char::len_utf8);
        let after = rest[close + width..].trim_start_matches(['、', '.', '．']);
        return Line::Section(v, after.trim());
    }
    // 1. 1． 1、
    let digits: String = line.chars().take_while(|&c| digit(c).is_some()).collect();
    if (1..=3).contains(&digits.chars().count()) {
        let rest = &line[digits.len()..];
        let mut rc = rest.chars();
        let sep = rc.next();
        let next = rc.next();
        let is_sep = matches!(sep, Some('.' | '．' | '、'));
        let ambiguous = sep == Some('.') && next.is_some_and(|c| digit(c).is_some());
        if is_sep {
            let v = digits
                .chars()
                .try_fold(0u32, |a, c| Some(a * 10 + digit(c)?))
                .unwrap_or(0);
            let sep_len = sep.map_or(0, char::len_utf8);
            return Line::Task(v, rest[sep_len..].trim(), ambiguous);
        }
    }
    Line::Other
}

/// Lines that end the body: page furniture and notes after the plan.
const FOOTERS: &[&str] = &[
    "责任编辑",
    "（注",
    "(注",
    "注：",
    "注:",
    "附件",
    "相关附件",
    "相关链接",
    "扫一扫",
    "打印本页",
    "【打印",
    "关闭窗口",
    "【关闭",
    "分享到",
    "抄送",
    "（此件",
    "(此件",
    "网站标识码",
    "版权所有",
    "主办单位",
];

struct RawTask {
    number: String,
    lines: Vec<String>,
}

struct RawSection {
    number: String,
    heading: String,
    extra: Vec<String>,
    tasks: Vec<RawTask>,
}

struct RawPart {
    number: String,
    heading: String,
    extra: Vec<String>,
    sections: Vec<RawSection>,
    tasks: Vec<RawTask>,
}

const CN: [&str; 11] = [
    "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
];

fn cn(v: u32) -> String {
    let v = v as usize;
    match v {
        0 => String::new(),
        1..=10 => CN[v].to_string(),
        11..=19 => format!("十{}", CN[v % 10]),
        _ => format!("{}十{}", CN[v / 10], CN[v % 10]),
    }
}

/// Reads a plan. `year`: the plan's year when the caller knows it (`--year`).
pub fn parse(text: &str, year: Option<i32>) -> ParsedPlan {
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().map(clean).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        problems.push("文本为空：没有可读的内容。".to_string());
        return ParsedPlan {
            title: None,
            issuer: None,
            doc_no: None,
            date: None,
            year: year.unwrap_or(0),
            parts: Vec::new(),
            problems,
        };
    }

    let start = lines
        .iter()
        .position(|l| !matches!(classify(l), Line::Other | Line::Task(_, _, true)));
    let (head, body, tail) = match start {
        None => (&lines[..], &lines[..0], &lines[..0]),
        Some(s) => {
            let mut end = lines.len();
            for (k, l) in lines.iter().enumerate().skip(s + 1) {
                if FOOTERS.iter().any(|f| l.starts_with(f)) {
                    end = k;
                    break;
                }
                if front::date_line(l).is_some() {
                    // A signature: the issuing body on the line before.
                    end = if k > s + 1
                        && front::issuer_like(lines[k - 1])
                        && matches!(classify(lines[k - 1]), Line::Other)
                    {
                        k - 1
                    } else {
                        k
                    };
                    break;
                }
            }
            (&lines[..s], &lines[s..end], &lines[end..])
        }
    };
    let front = front::read(head, tail);

    // The structure.
    let mut parts: Vec<RawPart> = Vec::new();
    let (mut last_part, mut last_section, mut last_task) = (0u32, 0u32, 0u32);
    let mut cursor = Cursor::None;
    for line in body {
        let line_kind = match classify(line) {
            Line::Task(v, _, true) if v != last_task + 1 => Line::Other,
            kind => kind,
        };
        match line_kind {
            Line::Part(v, rest) => {
                if v != last_part + 1 {
                    problems.push(if v == last_part {
                        format!("部分编号重复：“{}”出现了两次。", cn(v))
                    } else {
                        format!(
                            "部分编号不连续：“{}”之后是“{}”。",
                            if last_part == 0 {
                                "（开头）".to_string()
                            } else {
                                cn(last_part)
                            },
                            cn(v)
                        )
                    });
                }
                last_part = v;
                parts.push(RawPart {
                    number: cn(v),
                    heading: rest.to_string(),
                    extra: Vec::new(),
                    sections: Vec::new(),
                    tasks: Vec::new(),
                });
                cursor = Cursor::Part;
            }
            Line::Section(v, rest) => {
                let part = current_part(&mut parts);
                let restart = v == 1 && part.sections.is_empty();
                if v != last_section + 1 && !restart {
                    problems.push(if v == last_section {
                        format!("节编号重复：“（{}）”出现了两次。", cn(v))
                    } else if last_section == 0 {
                        format!("节编号不连续：第一节是“（{}）”。", cn(v))
                    } else {
                        format!(
                            "节编号不连续：“（{}）”之后是“（{}）”。",
                            cn(last_section),
                            cn(v)
                        )
                    });
                }
                last_section = v;
                part.sections.push(RawSection {
                    number: format!("（{}）", cn(v)),
                    heading: rest.to_string(),
                    extra: Vec::new(),
                    tasks: Vec::new(),
                });
                cursor = Cursor::Section;
            }
            Line::Task(v, rest, _) => {
                let part = current_part(&mut parts);
                let container = match part.sections.last_mut() {
                    Some(s) => &mut s.tasks,
                    None => &mut part.tasks,
                };
                let restart = v == 1 && container.is_empty();
                if v != last_task + 1 && !restart {
                    problems.push(if v == last_task {
                        format!("任务编号重复：任务 {v} 出现了两次。")
                    } else if last_task == 0 {
                        format!("任务编号不连续：第一项任务的编号是 {v}。")
                    } else {
                        format!("任务编号不连续：任务 {last_task} 之后是任务 {v}。")
                    });
                }
                last_task = v;
                container.push(RawTask {
                    number: v.to_string(),
                    lines: vec![rest.to_string()],
                });
                cursor = Cursor::Task;
            }
            Line::Other => {
                let Some(part) = parts.last_mut() else {
                    continue;
                };
                match cursor {
                    Cursor::Task => {
                        let task = match part.sections.last_mut() {
                            Some(s) if !s.tasks.is_empty() => s.tasks.last_mut(),
                            _ => part.tasks.last_mut(),
                        };
                        if let Some(t) = task {
                            t.lines.push(line.to_string());
                        }
                    }
                    Cursor::Section => {
                        if let Some(s) = part.sections.last_mut() {
                            s.extra.push(line.to_string());
                        }
                    }
                    Cursor::Part => part.extra.push(line.to_string()),
                    Cursor::None => {}
                }
            }
        }
    }

    // The year.
    let title_year = front.title.as_deref().and_then(year_in);
    let year = year.or(title_year).or(front.date.map(|d| d.year()));
    if parts.is_empty() {
        problems.push(
            "未找到编号的工作任务：文中没有“一、”“（一）”“1.”式的编号，无法识别工作要点的结构。"
                .to_string(),
        );
    }

    if year.is_none() && !parts.is_empty() {
        problems.push(
            "无法确定计划所属年份（标题和成文日期中都没有），期限未换算为日期；请指定年份。"
                .to_string(),
        );
    }

    let parts: Vec<Part> = parts
        .into_iter()
        .map(|p| {
            // Units named in a heading (or the lines after it) apply to the tasks under it
            // that name none themselves.
            let part_units = heading_units(&p.heading, &p.extra);
            let sections: Vec<Section> = p
                .sections
                .into_iter()
                .map(|s| {
                    let tasks = if s.tasks.is_empty() {
                        let text = std::iter::once(s.heading.clone())
                            .chain(s.extra)
                            .collect::<Vec<_>>()
                            .join("\n");
                        vec![task(
                            s.number.clone(),
                            text,
                            year,
                            &part_units,
                            &mut problems,
                        )]
                    } else {
                        let own = heading_units(&s.heading, &s.extra);
                        let inherited = if own.is_empty() { &part_units } else { &own };
                        s.tasks
                            .into_iter()
                            .map(|t| {
                                task(t.number, t.lines.join("\n"), year, inherited, &mut problems)
                            })
                            .collect()
                    };
                    Section {
                        title: title_of(&s.heading),
                        number: s.number,
                        tasks,
                    }
                })
                .collect();
            let mut tasks: Vec<Task> = p
                .tasks
                .into_iter()
                .map(|t| {
                    task(
                        t.number,
                        t.lines.join("\n"),
                        year,
                        &part_units,
                        &mut problems,
                    )
                })
                .collect();
            if sections.is_empty() && tasks.is_empty() && !p.number.is_empty() {
                let text = std::iter::once(p.heading.clone())
                    .chain(p.extra)
                    .collect::<Vec<_>>()
                    .join("\n");
                tasks.push(task(
                    p.number.clone(),
                    text,
                    year,
                    &units::Units::default(),
                    &mut problems,
                ));
            }
            Part {
                title: title_of(&p.heading),
                number: p.number,
                sections,
                tasks,
            }
        })
        .collect();

    // Tasks without units: one problem when no task names any (the plan does not annotate
    // units), else one per task.
    let without_units: Vec<&str> = parts
        .iter()
        .flat_map(|p| {
            p.tasks
                .iter()
                .chain(p.sections.iter().flat_map(|s| s.tasks.iter()))
        })
        .filter(|t| t.lead_units.is_empty() && t.responsible_units.is_empty())
        .map(|t| t.number.as_str())
        .collect();
    let task_count: usize = parts
        .iter()
        .map(|p| p.tasks.len() + p.sections.iter().map(|s| s.tasks.len()).sum::<usize>())
        .sum();
    if task_count > 1 && without_units.len() == task_count {
        problems.push("所有任务都未写明牵头单位或责任单位。".to_string());
    } else {
        for number in without_units {
            problems.push(format!(
                "{}：未写明牵头单位或责任单位。",
                task_label(number)
            ));
        }
    }

    ParsedPlan {
        title: front.title,
        issuer: front.issuer,
        doc_no: front.doc_no,
        date: front.date,
        year: year.unwrap_or(0),
        parts,
        problems,
    }
}

#[derive(Clone, Copy)]
enum Cursor {
    None,
    Part,
    Section,
    Task,
}

/// The last part, or an implicit one for a plan whose sections or tasks come without parts.
fn current_part(parts: &mut Vec<RawPart>) -> &mut RawPart {
    if parts.is_empty() {
        parts.push(RawPart {
            number: String::new(),
            heading: String::new(),
            extra: Vec::new(),
            sections: Vec::new(),
            tasks: Vec::new(),
        });
    }
    let last = parts.len() - 1;
    &mut parts[last]
}

/// The first 4-digit year followed by 年.
fn year_in(s: &str) -> Option<i32> {
    let cs: Vec<char> = s.chars().collect();
    cs.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
            .filter(|y| (1900..=2200).contains(y))
    })
}

/// A heading's title: its first sentence, any unit annotation left out.
fn title_of(heading: &str) -> String {
    first_sentence(&without_annotations(heading, &units::find(heading).spans))
}

fn without_annotations(text: &str, spans: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        if s.start >= at {
            out.push_str(&text[at..s.start]);
            at = s.end;
        }
    }
    out.push_str(&text[at.min(text.len())..]);
    out
}

/// `任务 1`, `任务（一）`, `任务 一`: a task in a problem's text.
fn task_label(number: &str) -> String {
    if number.starts_with('（') {
        format!("任务{number}")
    } else {
        format!("任务 {number}")
    }
}

/// The units a heading names (in itself or the lines after it, before the first task).
fn heading_units(heading: &str, extra: &[String]) -> units::Units {
    let text = std::iter::once(heading)
        .chain(extra.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n");
    units::find(&text)
}

/// A task from its number and text; `inherited`: the units of the heading above it, taken when
/// the task names none.
fn task(
    number: String,
    text: String,
    year: Option<i32>,
    inherited: &units::Units,
    problems: &mut Vec<String>,
) -> Task {
    let units = units::find(&text);
    let plain = without_annotations(&text, &units.spans);
    let found = deadline::find(&plain, year);
    let mut deadline = None;
    for f in &found {
        match f.when {
            deadline::When::Date(d) | deadline::When::Relative(d) => {
                deadline = deadline.max(d);
            }
            deadline::When::Unreadable => problems.push(format!(
                "{}：期限“{}”无法识别为日期。",
                task_label(&number),
                f.text
            )),
        }
    }
    if text.trim().is_empty() {
        problems.push(format!("{}：没有内容。", task_label(&number)));
    }
    let own_units = !units.is_empty();
    let deadline_text = (!found.is_empty()).then(|| {
        found
            .iter()
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
            .join("；")
    });
    Task {
        title: first_sentence(&plain),
        number,
        text,
        lead_units: if own_units {
            units.lead
        } else {
            inherited.lead.clone()
        },
        responsible_units: if own_units {
            units.responsible
        } else {
            inherited.responsible.clone()
        },
        deadline_text,
        deadline,
    }
}
