//! Highlighted excerpts: the text around the first place where a query word occurs, with every
//! occurrence wrapped in `<mark>`. Built by hand because matching is by substring, which is what
//! a reader expects to see marked. Output is HTML-escaped here; templates print it as is.

use crate::normalize::normalize;
use gongkai_core::html::push_escaped;

/// Characters folded first while looking for the first match in a long text, doubling with each
/// further chunk: a results page makes twenty excerpts of bodies up to thousands of characters,
/// and folding all of each (the traditional-character table) was most of a search's time.
const CHUNK: usize = 128;
/// Extra characters folded past a chunk, so that a match (and a bracketed year, which folding
/// rewrites as a whole) straddling its end is still seen whole.
const OVERLAP: usize = 8;

/// Marks every occurrence of `words` (normalised) in `text`; `window` characters around the first
/// one when `window` is `Some`. Occurrences are found on the normalised text; where folding changed
/// the length (rare), the normalised text is shown instead of the original.
pub fn highlight(text: &str, words: &[String], window: Option<usize>) -> String {
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !w.is_empty())
        .collect();
    let Some(window) = window else {
        return highlight_whole(text, &words, None);
    };
    let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let Ok(first) = first_match(text, &words, longest) else {
        return highlight_whole(text, &words, Some(window));
    };
    let from = first.unwrap_or(0).saturating_sub(window / 3);
    // The window, and before it the characters a match ending inside it may start at.
    let lead = from.min(longest.saturating_sub(1));
    let start = byte_at(text, from - lead);
    let region: &str = take_chars(&text[start..], lead + window + longest + OVERLAP);
    let folded = normalize(region);
    if folded.chars().count() != region.chars().count() {
        return highlight_whole(text, &words, Some(window));
    }
    let marks = marks(&folded, &words);
    let shown: Vec<char> = region.chars().collect();
    let to = (lead + window).min(shown.len());
    excerpt(&shown, &marks, lead, to, from > 0)
}

/// `chars[from..to]` escaped and marked, with `…` where the text goes on before or after.
fn excerpt(chars: &[char], marks: &[bool], from: usize, to: usize, more_before: bool) -> String {
    let mut out = String::with_capacity((to - from) * 4);
    if more_before {
        out.push('…');
    }
    write_marked(&mut out, &chars[from..to], &marks[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// The character index of the first occurrence of any word, folding `text` a chunk at a time;
/// `Err` when folding changes a chunk's length (the caller then folds the whole text).
fn first_match(text: &str, words: &[&str], longest: usize) -> Result<Option<usize>, ()> {
    let mut at = 0; // byte offset of the chunk
    let mut chunk_start = 0; // its character index
    let mut size = CHUNK;
    while at < text.len() {
        let chunk = take_chars(&text[at..], size + longest + OVERLAP);
        let core = take_chars(chunk, size);
        let folded = normalize(chunk);
        let core_chars = core.chars().count();
        if folded.chars().count() != chunk.chars().count() {
            return Err(());
        }
        let found = words
            .iter()
            .filter_map(|w| folded.find(w))
            .map(|b| folded[..b].chars().count())
            .filter(|i| *i < core_chars)
            .min();
        if let Some(i) = found {
            return Ok(Some(chunk_start + i));
        }
        at += core.len();
        chunk_start += core_chars;
        size *= 2;
    }
    Ok(None)
}

/// Which characters of `folded` belong to an occurrence of a word (overlapping ones too).
fn marks(folded: &str, words: &[&str]) -> Vec<bool> {
    let mut marks = vec![false; folded.chars().count()];
    for w in words {
        let len = w.chars().count();
        let mut from = 0;
        while let Some(b) = folded[from..].find(w) {
            let b = from + b;
            let i = folded[..b].chars().count();
            marks[i..i + len].iter_mut().for_each(|m| *m = true);
            from = b + folded[b..].chars().next().map_or(1, char::len_utf8);
        }
    }
    marks
}

/// The byte offset of character `n` of `s` (its length when shorter).
fn byte_at(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// The first `n` characters of `s`.
fn take_chars(s: &str, n: usize) -> &str {
    &s[..byte_at(s, n)]
}

/// Appends `chars` escaped, with runs of marked characters in `<mark>`.
fn write_marked(out: &mut String, chars: &[char], marks: &[bool]) {
    let mut open = false;
    for (c, m) in chars.iter().zip(marks) {
        if *m != open {
            out.push_str(if *m { "<mark>" } else { "</mark>" });
            open = *m;
        }
        push_escaped(out, *c);
    }
    if open {
        out.push_str("</mark>");
    }
}

/// Folds and marks the whole text (titles, and texts whose folding changes their length).
fn highlight_whole(text: &str, words: &[&str], window: Option<usize>) -> String {
    let norm = normalize(text);
    let orig: Vec<char> = text.chars().collect();
    let folded: Vec<char> = norm.chars().collect();
    let same_length = orig.len() == folded.len();
    let shown: &[char] = if same_length { &orig } else { &folded };
    let marks = marks(&norm, words);
    let first = marks.iter().position(|m| *m);
    let (from, to) = match window {
        None => (0, shown.len()),
        Some(w) => {
            let from = first.unwrap_or(0).saturating_sub(w / 3);
            (from, (from + w).min(shown.len()))
        }
    };
    excerpt(shown, &marks, from, to, from > 0)
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
    fn matches_far_into_a_long_text_and_across_chunk_ends() {
        let words = ["养老服务".to_string(), "低保".to_string()];
        for at in [
            0,
            500,
            CHUNK - 2,
            CHUNK - 1,
            CHUNK,
            3 * CHUNK - 1,
            3 * CHUNK + 5,
            3000,
        ] {
            let text = format!("{}养老服务，低保{}", "甲".repeat(at), "乙".repeat(2000));
            let h = highlight(&text, &words, Some(60));
            assert_eq!(
                h,
                highlight_whole(&text, &["养老服务", "低保"], Some(60)),
                "match at {at}"
            );
            assert!(
                h.contains("<mark>养老服务</mark>，<mark>低保</mark>"),
                "{h}"
            );
        }
    }

    #[test]
    fn the_first_match_of_any_word_centres_the_window() {
        let text = format!(
            "{}低保{}养老{}",
            "甲".repeat(3000),
            "乙".repeat(10),
            "丙".repeat(50)
        );
        let h = highlight(&text, &["养老".into(), "低保".into()], Some(30));
        assert!(
            h.starts_with("…甲甲甲甲甲甲甲甲甲甲<mark>低保</mark>"),
            "{h}"
        );
        assert!(h.contains("<mark>养老</mark>"));
        let none = highlight(&"甲".repeat(2000), &["养老".into()], Some(30));
        assert_eq!(none, format!("{}…", "甲".repeat(30)));
    }

    #[test]
    fn traditional_text_is_marked_in_place() {
        assert_eq!(
            highlight("年度報告", &["年度报告".into()], None),
            "<mark>年度報告</mark>"
        );
    }
}
