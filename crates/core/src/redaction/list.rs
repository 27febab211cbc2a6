//! The configurable list of forbidden or sensitive expressions, as staff write it: one
//! expression per line, optionally followed by its severity after a tab, a comma or a space
//! (`high` / `medium` / `low`, or 高 / 中 / 低; default medium).

use super::Severity;

/// Longest list accepted, and longest expression.
pub const MAX_WORDS: usize = 2000;
pub const MAX_WORD_CHARS: usize = 50;

/// Parses the list; a bad line is refused with its number (in Chinese).
pub fn parse_word_list(text: &str) -> Result<Vec<(String, Severity)>, String> {
    let mut out: Vec<(String, Severity)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let split = line.rfind(['\t', ',', '，', ' ', '　']).map(|i| {
            (
                line[..i].trim(),
                line[i..]
                    .trim_start_matches(['\t', ',', '，', ' ', '　'])
                    .trim(),
            )
        });
        let (word, severity) = match split {
            Some((w, s)) if !w.is_empty() => match severity_of(s) {
                Some(sev) => (w, sev),
                None => {
                    return Err(format!(
                        "第 {} 行：严重程度应为 高、中、低（high、medium、low），而不是“{s}”",
                        n + 1
                    ));
                }
            },
            _ => (line, Severity::Medium),
        };
        if word.chars().count() > MAX_WORD_CHARS {
            return Err(format!(
                "第 {} 行：每个词语最多 {MAX_WORD_CHARS} 个字",
                n + 1
            ));
        }
        if !out.iter().any(|(w, _)| w == word) {
            out.push((word.to_string(), severity));
        }
        if out.len() > MAX_WORDS {
            return Err(format!("最多 {MAX_WORDS} 个词语"));
        }
    }
    Ok(out)
}

fn severity_of(s: &str) -> Option<Severity> {
    Some(match s {
        "high" | "高" => Severity::High,
        "medium" | "中" | "" => Severity::Medium,
        "low" | "低" => Severity::Low,
        _ => return None,
    })
}

/// The list written back as text (one line each, with the severity word).
pub fn format_word_list(words: &[(String, Severity)]) -> String {
    words
        .iter()
        .map(|(w, s)| format!("{w} {}", s.label()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_optional_severity() {
        let w = parse_word_list("\u{feff}内部资料\n\n绝密\thigh\n参考，低\n送审稿 中\n内部资料\n")
            .unwrap();
        assert_eq!(
            w,
            vec![
                ("内部资料".to_string(), Severity::Medium),
                ("绝密".to_string(), Severity::High),
                ("参考".to_string(), Severity::Low),
                ("送审稿".to_string(), Severity::Medium),
            ]
        );
        assert_eq!(parse_word_list(&format_word_list(&w)).unwrap(), w);
        let e = parse_word_list("好\n秘密 极高").unwrap_err();
        assert!(e.contains("第 2 行"), "{e}");
    }
}
