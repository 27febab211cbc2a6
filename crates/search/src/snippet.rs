//! Highlighted excerpts: the text around the first place where a query word occurs, with every
//! occurrence wrapped in `<mark>`. Built by hand because matching is by substring, which is what
//! a reader expects to see marked. Output is HTML-escaped here; templates print it as is.

use crate::normalize::normalize;

pub use gongkai_core::html::escape;

/// Marks every occurrence of `words` (normalised) in `text`; `window` characters around the first
/// one when `window` is `Some`. Occurrences are found on the normalised text; where folding changed
/// the length (rare), the normalised text is shown instead of the original.
pub fn highlight(text: &str, words: &[String], window: Option<usize>) -> String {
    let norm = normalize(text);
    let orig: Vec<char> = text.chars().collect();
    let folded: Vec<char> = norm.chars().collect();
    let shown: &[char] = if orig.len() == folded.len() {
        &orig
    } else {
        &folded
    };
    let mut marks = vec![false; folded.len()];
    let mut first: Option<usize> = None;
    for w in words {
        let wc: Vec<char> = w.chars().collect();
        if wc.is_empty() || wc.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - wc.len() {
            if folded[start..start + wc.len()] == wc[..] {
                marks[start..start + wc.len()]
                    .iter_mut()
                    .for_each(|m| *m = true);
                first = Some(first.map_or(start, |f| f.min(start)));
            }
        }
    }
    let (from, to) = match window {
        None => (0, shown.len()),
        Some(w) => {
            let centre = first.unwrap_or(0);
            let from = centre.saturating_sub(w / 3);
            (from, (from + w).min(shown.len()))
        }
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut open = false;
    for i in from..to {
        if marks[i] && !open {
            out.push_str("<mark>");
            open = true;
        } else if !marks[i] && open {
            out.push_str("</mark>");
            open = false;
        }
        out.push_str(&escape(&shown[i].to_string()));
    }
    if open {
        out.push_str("</mark>");
    }
    if to < shown.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_occurrences_and_escapes() {
        let h = highlight("提高<低保>标准，低保对象", &["低保".into()], None);
        assert_eq!(
            h,
            "提高&lt;<mark>低保</mark>&gt;标准，<mark>低保</mark>对象"
        );
    }

    #[test]
    fn windows_around_the_first_match() {
        let text = format!("{}养老服务{}", "甲".repeat(100), "乙".repeat(100));
        let h = highlight(&text, &["养老".into()], Some(30));
        assert!(h.starts_with('…') && h.ends_with('…'));
        assert!(h.contains("<mark>养老</mark>"));
        assert_eq!(h.chars().filter(|c| *c == '甲').count(), 10);
    }

    #[test]
    fn traditional_text_is_marked_in_place() {
        assert_eq!(
            highlight("年度報告", &["年度报告".into()], None),
            "<mark>年度報告</mark>"
        );
    }
}
