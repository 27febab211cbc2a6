//! `gongkai scan FILE`: the personal-data scanner on one attachment file (text, PDF, DOCX, XLSX),
//! as the review would run it: no database, no configuration.
//!
//! Exit status: 0 when nothing is found, 1 when something is, 2 when the file cannot be read
//! (unsupported, mismatched, encrypted or damaged; the message is in Chinese on stderr).

use std::path::Path;

use gongkai_core::redaction::{ScanOptions, Severity};
use gongkai_files::FileFinding;

/// Runs the scan and prints the findings; returns the exit status.
pub fn run(file: &Path, json: bool, names: &[String], words: Option<&Path>) -> i32 {
    match scan(file, names, words) {
        Ok(findings) => {
            if json {
                print_json(&findings);
            } else {
                print_table(&findings);
            }
            i32::from(!findings.is_empty())
        }
        Err(message) => {
            eprintln!("{message}");
            2
        }
    }
}

fn scan(file: &Path, names: &[String], words: Option<&Path>) -> Result<Vec<FileFinding>, String> {
    let words = match words {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("无法读取敏感词文件 {}：{e}", path.display()))?;
            parse_words(&text)?
        }
        None => Vec::new(),
    };
    let opts = ScanOptions {
        // Full-width commas separate names too (`张三，李四`).
        names: names
            .iter()
            .flat_map(|n| n.split('，'))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from)
            .collect(),
        words,
    };
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取文件 {}：{e}", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = gongkai_files::sniff(&name, "", &bytes).map_err(|e| e.to_string())?;
    gongkai_files::scan_file(kind, &bytes, &opts).map_err(|e| e.to_string())
}

/// The words file: core `redaction::parse_word_list` (one expression per line, optionally a
/// severity after a tab, comma or space).
fn parse_words(text: &str) -> Result<Vec<(String, Severity)>, String> {
    gongkai_core::redaction::parse_word_list(text).map_err(|e| format!("敏感词文件{e}"))
}

fn print_table(findings: &[FileFinding]) {
    for f in findings {
        println!(
            "{}\t{}\t{}\t{}",
            f.location,
            f.finding.kind.label(),
            f.finding.severity.label(),
            f.finding.text
        );
    }
    println!("{}", summary(findings));
}

/// `共发现 3 处（高 2 处，中 1 处，低 0 处），其中 1 处位于隐藏内容`, or that nothing was found.
fn summary(findings: &[FileFinding]) -> String {
    if findings.is_empty() {
        return "未发现个人信息或敏感词".into();
    }
    let count = |s: Severity| findings.iter().filter(|f| f.finding.severity == s).count();
    let hidden = findings.iter().filter(|f| f.hidden).count();
    let mut line = format!(
        "共发现 {} 处（高 {} 处，中 {} 处，低 {} 处）",
        findings.len(),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low)
    );
    if hidden > 0 {
        line.push_str(&format!("，其中 {hidden} 处位于隐藏内容"));
    }
    line
}

fn print_json(findings: &[FileFinding]) {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "kind": f.finding.kind.as_str(),
                "text": f.finding.text,
                "location": f.location,
                "severity": f.finding.severity.as_str(),
                "hidden": f.hidden,
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_file_with_optional_severity() {
        let words = parse_words("\u{feff}内部资料\n\n绝密\thigh\n参考\tlow\n").unwrap();
        assert_eq!(
            words,
            vec![
                ("内部资料".to_string(), Severity::Medium),
                ("绝密".to_string(), Severity::High),
                ("参考".to_string(), Severity::Low),
            ]
        );
        let e = parse_words("绝密\turgent").unwrap_err();
        assert!(e.contains("第 1 行"), "{e}");
    }
}
