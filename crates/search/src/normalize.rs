//! The folding applied to indexed text and to queries alike, so that they meet: traditional
//! characters become simplified (one sample report is written in traditional characters), full-width
//! ASCII becomes half-width, Latin letters lower case, and the bracket variants of document numbers
//! around a year become 〔〕.

/// Folds `text` for indexing or querying.
pub fn normalize(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Indexing folds gigabytes: the common cases skip the Unicode tables.
            'A'..='Z' => folded.push(c.to_ascii_lowercase()),
            '\0'..='\u{7F}' | '\u{4E00}'..='\u{9FFF}' => folded.push(c),
            // Full-width ASCII (！ to ～) and the ideographic space.
            '\u{FF01}'..='\u{FF5E}' => {
                let half = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
                folded.push(half.to_ascii_lowercase())
            }
            '\u{3000}' => folded.push(' '),
            // CJK punctuation (、。《》「」【】〔〕…) has no case and no other form.
            '\u{3001}'..='\u{303F}' => folded.push(c),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    // In place: a traditional character and its simplified form are both three bytes long.
    fast2s::replace(&mut folded);
    if folded.contains(['〔', '[', '【', '(', '〖']) {
        normalize_year_brackets(&folded)
    } else {
        folded
    }
}

/// `[2024]`, `(2024)`, `【2024】` … → `〔2024〕`, so 文件编号 match whatever brackets were typed.
fn normalize_year_brackets(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '〔' | '[' | '【' | '(' | '〖') && i + 5 < chars.len() {
            let close = chars[i + 5];
            let year = &chars[i + 1..i + 5];
            if matches!(close, '〕' | ']' | '】' | ')' | '〗')
                && year.iter().all(|d| d.is_ascii_digit())
            {
                out.push('〔');
                out.extend(year);
                out.push('〕');
                i += 6;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn traditional_becomes_simplified() {
        assert_eq!(
            normalize("政府信息公開工作年度報告"),
            "政府信息公开工作年度报告"
        );
        assert_eq!(normalize("機構"), "机构");
    }

    #[test]
    fn widths_case_and_brackets_fold() {
        assert_eq!(normalize("ＧＢ／Ｔ　９７０４"), "gb/t 9704");
        assert_eq!(normalize("示民发[2024]12号"), "示民发〔2024〕12号");
        assert_eq!(normalize("示民发（2024）12号"), "示民发〔2024〕12号");
        assert_eq!(normalize("示民发【2024】12号"), "示民发〔2024〕12号");
    }
}
