//! The folding applied to indexed text and to queries alike, so that they meet: traditional
//! characters become simplified (one sample report is written in traditional characters), full-width
//! ASCII becomes half-width, Latin letters lower case, and the bracket variants of document numbers
//! around a year become 〔〕.

/// Folds `text` for indexing or querying.
pub fn normalize(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    // Where characters that may be traditional sit in `folded`.
    let mut convertible: Vec<usize> = Vec::new();
    // Indexing folds gigabytes: spans that need no change (ASCII other than capitals, CJK
    // ideographs, CJK punctuation) are copied whole, and the traditional→simplified conversion
    // looks only at the characters it could change.
    let mut kept = 0;
    for (at, c) in text.char_indices() {
        let replacement = match c {
            'A'..='Z' => Fold::Char(c.to_ascii_lowercase()),
            '\0'..='\u{7F}' => continue,
            '\u{4E00}'..='\u{9FFF}' => {
                if may_convert(c) {
                    convertible.push(folded.len() + at - kept);
                }
                continue;
            }
            // Full-width ASCII (！ to ～) and the ideographic space.
            '\u{FF01}'..='\u{FF5E}' => {
                let half = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
                Fold::Char(half.to_ascii_lowercase())
            }
            '\u{3000}' => Fold::Char(' '),
            // CJK punctuation (、。《》「」【】〔〕…) has no case and no other form.
            '\u{3001}'..='\u{303F}' => continue,
            _ => {
                let mut lower = c.to_lowercase();
                if lower.len() == 1 && lower.next() == Some(c) {
                    if may_convert(c) {
                        convertible.push(folded.len() + at - kept);
                    }
                    continue;
                }
                Fold::Lower(c)
            }
        };
        folded.push_str(&text[kept..at]);
        match replacement {
            Fold::Char(r) => folded.push(r),
            Fold::Lower(c) => folded.extend(c.to_lowercase()),
        }
        kept = at + c.len_utf8();
    }
    folded.push_str(&text[kept..]);
    simplify(&mut folded, &convertible);
    if folded.contains(['〔', '[', '【', '(', '〖']) {
        normalize_year_brackets(&folded)
    } else {
        folded
    }
}

/// Converts the characters at `offsets` of `text` as `fast2s::replace` would convert the whole
/// text: it decides each character from the character itself and its unconverted neighbours.
fn simplify(text: &mut String, offsets: &[usize]) {
    let mut changes: Vec<(usize, usize, String)> = Vec::new();
    for &at in offsets {
        let Some(c) = text[at..].chars().next() else {
            continue;
        };
        let prev = text[..at].chars().next_back();
        let next = text[at + c.len_utf8()..].chars().next();
        let window: String = prev.into_iter().chain([c]).chain(next).collect();
        let converted = fast2s::convert(&window);
        if let Some(s) = converted.chars().nth(usize::from(prev.is_some()))
            && s != c
        {
            changes.push((at, c.len_utf8(), s.to_string()));
        }
    }
    // From the end, so that earlier offsets stay valid whatever the lengths.
    for (at, len, s) in changes.into_iter().rev() {
        text.replace_range(at..at + len, &s);
    }
}

enum Fold {
    Char(char),
    Lower(char),
}

/// Whether fast2s could change `c` in some context: the characters its table maps, and those its
/// context rules look at (whose conversion depends on the neighbours, so a lone test misses it).
fn may_convert(c: char) -> bool {
    static TABLE: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
        const CONTEXT: &str = "藉著苧闔鍾讎畫兒覆夥瞭麽幺於乾";
        let mut bits = vec![0u64; 0x10000 / 64];
        for u in 0x800..0x10000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut alone = c.to_string();
            fast2s::replace(&mut alone);
            if !alone.starts_with(c) || CONTEXT.contains(c) {
                bits[u as usize / 64] |= 1 << (u % 64);
            }
        }
        bits
    });
    let u = c as u32;
    // Only three-byte characters are converted.
    (0x800..0x10000).contains(&u) && TABLE[u as usize / 64] & (1 << (u % 64)) != 0
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
    fn conversion_in_context_is_kept() {
        // fast2s converts these only next to certain characters.
        assert_eq!(normalize("看著"), "看着");
        assert_eq!(normalize("企畫"), "企划");
        assert_eq!(normalize("乾隆"), "乾隆");
        assert_eq!(normalize("乾淨"), "干净");
        assert_eq!(normalize("計畫書"), "计划书");
        assert_eq!(normalize("Ａ企畫"), "a企划");
    }

    #[test]
    fn the_fast_path_agrees_with_converting_every_text() {
        // Every character fast2s maps, alone and between others, folds as the full conversion does.
        for u in 0x3400..0xA000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for text in [c.to_string(), format!("看{c}口"), format!("Ａ{c}Ｂ")] {
                let mut expected = text.clone();
                expected = expected.replace('Ａ', "a").replace('Ｂ', "b");
                fast2s::replace(&mut expected);
                assert_eq!(normalize(&text), expected, "{text}");
            }
        }
    }

    #[test]
    fn widths_case_and_brackets_fold() {
        assert_eq!(normalize("ＧＢ／Ｔ　９７０４"), "gb/t 9704");
        assert_eq!(normalize("示民发[2024]12号"), "示民发〔2024〕12号");
        assert_eq!(normalize("示民发（2024）12号"), "示民发〔2024〕12号");
        assert_eq!(normalize("示民发【2024】12号"), "示民发〔2024〕12号");
    }
}
