//! Small text helpers: numerals, brackets, sentences.

/// The value of one Chinese numeral digit (〇 to 九, 两).
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Chinese numerals as they number parts and sections: 一 to 九十九.
pub(crate) fn cn_number(s: &str) -> Option<u32> {
    let cs: Vec<char> = s.chars().collect();
    let nonzero = |c: char| cn_digit(c).filter(|&d| d > 0);
    match cs.as_slice() {
        ['十'] => Some(10),
        [a] => nonzero(*a),
        ['十', b] => Some(10 + nonzero(*b)?),
        [a, '十'] => Some(nonzero(*a)? * 10),
        [a, '十', b] => Some(nonzero(*a)? * 10 + nonzero(*b)?),
        _ => None,
    }
}

pub(crate) fn is_cn_numeral(c: char) -> bool {
    c == '十' || cn_digit(c).is_some()
}

/// An ASCII or full-width digit.
pub(crate) fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

pub(crate) fn is_open(c: char) -> bool {
    matches!(
        c,
        '(' | '（' | '〔' | '【' | '[' | '［' | '《' | '“' | '‘' | '「' | '『' | '〈'
    )
}

pub(crate) fn is_close(c: char) -> bool {
    matches!(
        c,
        ')' | '）' | '〕' | '】' | ']' | '］' | '》' | '”' | '’' | '」' | '』' | '〉'
    )
}

/// The first sentence of a text: up to the first 。；！？ (or their half-width forms, or the end
/// of the first line) outside brackets and quotes, without the stop itself.
pub(crate) fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut depth = 0usize;
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?') {
            end = i;
            break;
        }
    }
    line[..end].trim().to_string()
}

/// Trims whitespace (the ideographic space included) and a byte-order mark.
pub(crate) fn clean(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}
