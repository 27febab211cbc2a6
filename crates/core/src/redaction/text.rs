//! The input as characters with their byte offsets, and the boundary rules shared by the
//! number detectors.

use super::{Cand, Finding};

pub(crate) struct Text<'a> {
    src: &'a str,
    chars: Vec<char>,
    /// Byte offset of each character, plus `src.len()` at the end.
    offs: Vec<usize>,
}

impl<'a> Text<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut chars = Vec::with_capacity(src.len());
        let mut offs = Vec::with_capacity(src.len() + 1);
        for (o, c) in src.char_indices() {
            chars.push(c);
            offs.push(o);
        }
        offs.push(src.len());
        Self { src, chars, offs }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// The character `back` positions before `i`.
    pub fn before(&self, i: usize, back: usize) -> Option<char> {
        i.checked_sub(back).and_then(|j| self.at(j))
    }

    pub fn is_digit_at(&self, i: usize) -> bool {
        self.at(i).is_some_and(is_digit)
    }

    /// Number of consecutive digits starting at `i`.
    pub fn run(&self, i: usize) -> usize {
        self.chars
            .get(i..)
            .map_or(0, |s| s.iter().take_while(|c| is_digit(**c)).count())
    }

    /// The digits among characters `i..j`, as ASCII (`X`/`x` become `X`).
    pub fn digits(&self, i: usize, j: usize) -> String {
        self.chars[i..j]
            .iter()
            .filter_map(|&c| match c {
                'X' | 'x' => Some('X'),
                _ => digit(c).map(|d| char::from(b'0' + d)),
            })
            .collect()
    }

    /// Whether the characters at `i` are exactly `s`.
    pub fn starts_with(&self, i: usize, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(n, c)| self.at(i + n) == Some(c))
    }

    /// Whether the characters ending just before `j` are exactly `s`.
    pub fn ends_with(&self, j: usize, s: &str) -> bool {
        let n = s.chars().count();
        j >= n && self.starts_with(j - n, s)
    }

    pub fn finding(&self, c: Cand) -> Finding {
        let (start, end) = (self.offs[c.i], self.offs[c.j]);
        Finding {
            kind: c.kind,
            text: self.src[start..end].to_string(),
            start,
            end,
            severity: c.severity,
        }
    }

    /// A number may start at `i`: it is not the continuation of a word or code (also across a
    /// dash), a longer number, a decimal fraction or (for a number grouped with `sep`) a longer
    /// grouped number.
    pub fn left_ok(&self, i: usize, sep: Option<char>) -> bool {
        let Some(p) = self.before(i, 1) else {
            return true;
        };
        if is_wordish(p) {
            return false;
        }
        let joins = is_joiner(p) || Some(p) == sep;
        let beyond = self.before(i, 2);
        !(joins && beyond.is_some_and(is_digit) || is_dash(p) && beyond.is_some_and(is_wordish))
    }

    /// A number may end just before `j` (the mirror of [`Text::left_ok`]).
    pub fn right_ok(&self, j: usize, sep: Option<char>) -> bool {
        let Some(n) = self.at(j) else {
            return true;
        };
        if is_wordish(n) {
            return false;
        }
        let joins = is_joiner(n) || Some(n) == sep;
        let beyond = self.at(j + 1);
        !(joins && beyond.is_some_and(is_digit) || is_dash(n) && beyond.is_some_and(is_wordish))
    }
}

/// ASCII and full-width digits.
pub fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

pub fn is_digit(c: char) -> bool {
    digit(c).is_some()
}

/// Characters that glue a number to its neighbour: a number next to one is part of a word,
/// a code or an e-mail address.
fn is_wordish(c: char) -> bool {
    is_digit(c)
        || c.is_ascii_alphabetic()
        || matches!(c, '_' | '@' | '＠' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// Between two digits these make one number (`3.14`, `2024-00012`).
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-' | '－' | '．')
}

/// A dash between a number and a code (`ABC-6222…`) makes them one token.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '_')
}

/// Separators allowed inside a grouped number (`138 0013 8000`, `0931-8888888`).
pub fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '\u{a0}' | '\u{3000}' | '－')
}

/// CJK unified ideographs (the basic block and extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}
