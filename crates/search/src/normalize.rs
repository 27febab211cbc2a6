//! The folding applied to indexed text and to queries alike, so that they meet: traditional
//! characters become simplified (one sample report is written in traditional characters), full-width
//! ASCII becomes half-width, Latin letters lower case, and the bracket variants of document numbers
//! around a year become 〔〕.

use gongkai_core::doc_no::{is_year_close, is_year_open};

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
    normalize_year_brackets(&mut folded);
    folded
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

/// `[2024]`, `(2024)`, `【2024】` … → `〔2024〕`, so 文件编号 match whatever brackets were typed
/// (the brackets of `gongkai_core::doc_no`, which stores numbers folded the same way).
///
/// In place, and only where a bracketed year stands: most text with brackets (every body with
/// a `（`, folded to `(`) has none, and copying it again was a fifth of indexing's folding.
fn normalize_year_brackets(s: &mut String) {
    let mut years: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find(is_year_open) {
        let open = from + i;
        let digits = open + s[open..].chars().next().map_or(1, char::len_utf8);
        from = digits;
        let Some(year) = s.as_bytes().get(digits..digits + 4) else {
            break;
        };
        if !year.iter().all(u8::is_ascii_digit) {
            continue;
        }
        if let Some(close) = s[digits + 4..].chars().next()
            && is_year_close(close)
        {
            years.push((open, digits));
            from = digits + 4 + close.len_utf8();
        }
    }
    // From the end, so that earlier offsets stay valid.
    for (open, digits) in years.into_iter().rev() {
        let close = digits + 4;
        let close_len = s[close..].chars().next().map_or(1, char::len_utf8);
        s.replace_range(close..close + close_len, "〕");
        s.replace_range(open..digits, "〔");
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;
    use gongkai_core::doc_no::{is_year_close, is_year_open};

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
        assert_eq!(normalize("〖2024〗[[2025](2026"), "〔2024〕[〔2025〕(2026");
        assert_eq!(normalize("(2024)（2025）[202]"), "〔2024〕〔2025〕[202]");
    }

    /// The former implementation (a copy of the text as characters, then a new string), kept
    /// as the reference the in-place one is compared with.
    fn brackets_by_char(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_year_open(c)
                && i + 5 < chars.len()
                && is_year_close(chars[i + 5])
                && chars[i + 1..i + 5].iter().all(|d| d.is_ascii_digit())
            {
                out.push('〔');
                out.extend(&chars[i + 1..i + 5]);
                out.push('〕');
                i += 6;
                continue;
            }
            out.push(c);
            i += 1;
        }
        out
    }

    #[test]
    fn year_brackets_in_place_agree_with_the_reference() {
        let alphabet: Vec<char> = "〔[【(〖（［〕]】)〗）］0123456789年号民a "
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            let mut in_place = text.clone();
            super::normalize_year_brackets(&mut in_place);
            assert_eq!(in_place, brackets_by_char(&text), "{text:?}");
        }
    }
}
