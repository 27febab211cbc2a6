//! `gongkai workplan parse FILE`: a work plan (工作要点) read from plain text (UTF-8 or GB18030),
//! HTML or DOCX (`gongkai_files::plan_text`) with core `work_plan::parse`, printed without saving
//! anything: no database, no configuration.
//!
//! Exit status: 0 when the plan parsed cleanly, 1 when there are problems (listed after the plan,
//! which could still be imported and its tasks edited), 2 when the input is bad: the file cannot
//! be read, is empty, is in another format, or holds no numbered items (no task to import). The
//! message is in Chinese on stderr; nothing is printed on stdout then.

use std::path::Path;

use gongkai_core::work_plan::{self, ParsedPlan, Task};

/// Parses the file and prints the plan; returns the exit status.
pub fn run(file: &Path, json: bool, year: Option<i32>) -> i32 {
    let text = match read(file) {
        Ok(text) => text,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let plan = work_plan::parse(&text, year);
    if plan.tasks().next().is_none() {
        eprintln!("无法导入工作要点 {}：", file.display());
        for p in &plan.problems {
            eprintln!("  - {p}");
        }
        return 2;
    }
    if json {
        match serde_json::to_string_pretty(&plan) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("无法输出 JSON：{e}");
                return 2;
            }
        }
    } else {
        print!("{}", tree(&plan));
    }
    i32::from(!plan.problems.is_empty())
}

/// The plan's text: plain text decoded, an HTML page's blocks as lines, a Word document's body
/// paragraphs; or the reason it cannot be read, in Chinese.
fn read(file: &Path) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    gongkai_files::plan_text(&name, &bytes)
        .map_err(|e| format!("无法读取文件 {}：{e}", file.display()))
}

/// The plan as an indented tree, in Chinese.
fn tree(plan: &ParsedPlan) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    line(format!(
        "标题：{}",
        plan.title.as_deref().unwrap_or("（未识别）")
    ));
    if let Some(issuer) = &plan.issuer {
        line(format!("发文机关：{issuer}"));
    }
    if let Some(doc_no) = &plan.doc_no {
        line(format!("文号：{doc_no}"));
    }
    if let Some(date) = plan.date {
        line(format!("成文日期：{date}"));
    }
    if plan.year != 0 {
        line(format!("年份：{}", plan.year));
    }
    line(format!(
        "共 {} 个部分、{} 节、{} 项任务",
        plan.parts.len(),
        plan.section_count(),
        plan.tasks().count()
    ));
    for part in &plan.parts {
        line(String::new());
        if !part.number.is_empty() {
            line(format!("{}、{}", part.number, part.title));
        }
        for task in &part.tasks {
            task_lines(&mut line, task, "  ", plan.year);
        }
        for section in &part.sections {
            line(format!("  {}{}", section.number, section.title));
            for task in &section.tasks {
                task_lines(&mut line, task, "    ", plan.year);
            }
        }
    }
    if !plan.problems.is_empty() {
        line(String::new());
        line(format!("问题（{} 个）：", plan.problems.len()));
        for p in &plan.problems {
            line(format!("  - {p}"));
        }
    }
    s
}

fn task_lines(line: &mut impl FnMut(String), task: &Task, indent: &str, year: i32) {
    let number = if task.number.starts_with('（') {
        task.number.clone()
    } else if task.number.chars().all(|c| c.is_ascii_digit()) {
        format!("{}. ", task.number)
    } else {
        format!("{}、", task.number)
    };
    line(format!("{indent}{number}{}", task.title));
    if !task.lead_units.is_empty() {
        line(format!(
            "{indent}   牵头单位：{}",
            task.lead_units.join("、")
        ));
    }
    if !task.responsible_units.is_empty() {
        line(format!(
            "{indent}   责任单位：{}",
            task.responsible_units.join("、")
        ));
    }
    match (&task.deadline_text, task.due(year)) {
        (Some(words), Some(date)) => line(format!("{indent}   期限：{words}（{date}）")),
        (Some(words), None) => line(format!("{indent}   期限：{words}")),
        (None, Some(date)) if year != 0 => {
            line(format!("{indent}   期限：未写明，按年底（{date}）"));
        }
        _ => {}
    }
}
