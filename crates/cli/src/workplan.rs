//! `gongkai workplan parse FILE`: a work plan (工作要点) read from plain text (UTF-8 or GB18030),
//! HTML or DOCX with core `work_plan::parse`, printed without saving anything: no database, no
//! configuration.
//!
//! Exit status: 0 when the plan parsed cleanly, 1 when there are problems (listed), 2 when the
//! file cannot be read (the message is in Chinese on stderr).

use std::path::Path;

use gongkai_core::work_plan::{self, ParsedPlan, Task};
use gongkai_files::FileKind;

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

/// The text of the file: plain text decoded, HTML without its tags, a Word document's body
/// paragraphs (a PDF's pages too, when they carry text).
fn read(file: &Path) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // An empty file is an empty plan: the parser says so.
        return Ok(String::new());
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let html = matches!(ext.as_str(), "html" | "htm" | "shtml" | "xhtml");
    // HTML is text to the sniffer; its name would not match, so it is not given.
    let kind = gongkai_files::sniff(if html { "" } else { &name }, "", &bytes)
        .map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
    if kind == FileKind::Xlsx {
        return Err(format!(
            "无法读取文件 {}：工作要点请用文本、HTML 或 Word（.docx）文件",
            file.display()
        ));
    }
    let parts = gongkai_files::parts(kind, &bytes)
        .map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
    let text = parts
        .iter()
        .filter(|p| !p.hidden && (kind != FileKind::Docx || p.location == "正文"))
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Ok(if html || looks_like_html(&text) {
        strip_html(&text)
    } else {
        text
    })
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

/// HTML to text, simply: scripts and styles dropped, block elements and `<br>` end a line, other
/// tags removed, the common entities decoded.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with('<') {
            let lrest = &lower[i..];
            let skip_to = ["script", "style"].iter().find_map(|t| {
                lrest[1..].starts_with(t).then(|| {
                    let close = format!("</{t}");
                    lrest
                        .find(&close)
                        .map_or(html.len(), |k| i + k + close.len())
                })
            });
            let from = skip_to.unwrap_or(i);
            let end = html[from..].find('>').map_or(html.len(), |k| from + k + 1);
            let tag = lower[i + 1..end.max(i + 1)]
                .trim_start_matches('/')
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("")
                .to_string();
            if matches!(
                tag.as_str(),
                "p" | "div"
                    | "br"
                    | "li"
                    | "tr"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "table"
                    | "section"
                    | "article"
                    | "title"
                    | "ul"
                    | "ol"
                    | "blockquote"
            ) {
                out.push('\n');
            }
            i = end;
            continue;
        }
        // An entity: `&name;` within a few characters (found by characters, never mid-UTF-8).
        if rest.starts_with('&')
            && let Some((k, _)) = rest.char_indices().take(12).find(|&(_, c)| c == ';')
            && let Some(c) = entity(&rest[1..k])
        {
            out.push(c);
            i += k + 1;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" | "ensp" | "emsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "middot" => '·',
        _ => {
            let n = name.strip_prefix('#')?;
            let v = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(v)?
        }
    })
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

#[cfg(test)]
mod tests {
    use super::strip_html;

    #[test]
    fn html_to_text() {
        let html = "<html><head><title>要点</title><style>p{color:red}</style>\
            <script>var a = '<p>';</script></head><body><p>一、总体</p>\
            <p>1.做好公开&nbsp;&amp;解读&不是实体。<br/>（责任单位：办公室）</p>&#x4e00;</body></html>";
        let text = strip_html(html);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            lines,
            [
                "要点",
                "一、总体",
                "1.做好公开 &解读&不是实体。",
                "（责任单位：办公室）",
                "一"
            ]
        );
    }
}
