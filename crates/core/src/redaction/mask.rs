//! Masking (去标识化) of findings in a text.

use super::text::{digit, is_digit};
use super::{Finding, FindingKind};

/// Two-character surnames kept whole when a name is masked (`欧阳**`).
const COMPOUND_SURNAMES: [&str; 40] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "澹台", "公冶", "宗政", "濮阳", "太史",
    "申屠", "钟离", "闻人", "赫连", "万俟", "呼延", "百里", "东郭", "左丘", "拓跋", "第五", "司空",
    "乐正", "段干", "闾丘", "鲜于",
];

/// Returns `text` with every finding masked. Findings are applied from the end so that one
/// replacement (which may change the length, as for e-mail) never shifts another. Findings that
/// do not fit the text (out of range, not on character boundaries) or overlap one already
/// applied are skipped.
pub fn mask(text: &str, findings: &[Finding]) -> String {
    let mut fs: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.start < f.end
                && f.end <= text.len()
                && text.is_char_boundary(f.start)
                && text.is_char_boundary(f.end)
        })
        .collect();
    fs.sort_by(|a, b| b.start.cmp(&a.start).then(b.end.cmp(&a.end)));
    let mut out = text.to_string();
    let mut limit = text.len();
    for f in fs {
        if f.end > limit {
            continue;
        }
        out.replace_range(f.start..f.end, &mask_match(f.kind, &text[f.start..f.end]));
        limit = f.start;
    }
    out
}

/// The masked form of one matched text of the given kind.
pub fn mask_match(kind: FindingKind, s: &str) -> String {
    match kind {
        FindingKind::IdCard => keep_digits(s, |n, len| n < 6 || n + 4 >= len),
        FindingKind::BankCard => keep_digits(s, |n, len| n < 4 || n + 4 >= len),
        FindingKind::Phone => mask_phone(s),
        FindingKind::Email => mask_email(s),
        FindingKind::Address => mask_address(s),
        FindingKind::Name => mask_name(s),
        FindingKind::SensitiveWord => s
            .chars()
            .map(|c| if c.is_whitespace() { c } else { '＊' })
            .collect(),
    }
}

/// Replaces the digits (and `X`) for which `keep(index, count)` is false by `*`; separators
/// stay.
fn keep_digits(s: &str, keep: impl Fn(usize, usize) -> bool) -> String {
    let is_d = |c: char| is_digit(c) || c == 'X' || c == 'x';
    let len = s.chars().filter(|&c| is_d(c)).count();
    let mut n = 0;
    s.chars()
        .map(|c| {
            if !is_d(c) {
                return c;
            }
            let k = keep(n, len);
            n += 1;
            if k { c } else { '*' }
        })
        .collect()
}

/// Mobile: `138****5678` (a country code stays). Landline: the area code and the last three
/// (7-digit) or four (8-digit) digits of the local number stay; an extension is hidden.
fn mask_phone(s: &str) -> String {
    let digits: Vec<u8> = s.chars().filter_map(digit).collect();
    let len = digits.len();
    let plus = s.trim_start_matches(['(', '（']).starts_with('+');
    let country = match digits.as_slice() {
        [8, 6, ..] if plus || len == 13 => 2,
        [0, 0, 8, 6, ..] if len == 15 => 4,
        _ => 0,
    };
    let national = &digits[country..];
    if national.len() == 11 && national[0] == 1 && (3..=9).contains(&national[1]) {
        return keep_digits(s, |n, len| n < country + 3 || n + 4 >= len);
    }
    // Digit groups: [country code] area local [local2] [extension].
    let mut groups = Vec::new();
    let mut cur = 0;
    for c in s.chars() {
        if is_digit(c) {
            cur += 1;
        } else if cur > 0 {
            groups.push(cur);
            cur = 0;
        }
    }
    if cur > 0 {
        groups.push(cur);
    }
    let mut g = groups.into_iter();
    let country = if plus { g.next().unwrap_or(0) } else { 0 };
    let area = g.next().unwrap_or(0);
    let mut local = 0;
    for n in g.by_ref() {
        local += n;
        if local >= 7 {
            break;
        }
    }
    let tail = if local >= 8 { 4 } else { 3 };
    let head = country + area;
    keep_digits(s, |n, _| {
        n < head || (n >= head + local - tail.min(local) && n < head + local)
    })
}

/// `z***@example.com`: the first character of the local part and the domain stay.
fn mask_email(s: &str) -> String {
    match s.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "*".repeat(s.chars().count()),
    }
}

/// The road (everything before the first house number) stays; every digit and Chinese numeral
/// after it becomes `*`, and so does a letter that is part of a number (`A座`, `B2栋`), but not
/// the letters of a building's name: `东岗西路***号*栋*单元***室`.
fn mask_address(s: &str) -> String {
    const NUMERALS: &str = "一二三四五六七八九十零〇两";
    const UNIT_START: &str = "号栋幢座楼单室层户";
    let chars: Vec<char> = s.chars().collect();
    let letter_of_number = |n: usize| {
        let next = chars.get(n + 1).copied();
        let prev = n.checked_sub(1).map(|p| chars[p]);
        chars[n].is_ascii_alphabetic()
            && (next.is_some_and(|d| is_digit(d) || UNIT_START.contains(d))
                || prev.is_some_and(is_digit))
    };
    let Some(start) = (0..chars.len()).find(|&n| is_digit(chars[n]) || letter_of_number(n)) else {
        return s.to_string();
    };
    chars
        .iter()
        .enumerate()
        .map(|(n, &c)| {
            let numeral = is_digit(c) || NUMERALS.contains(c) || letter_of_number(n);
            if n >= start && numeral { '*' } else { c }
        })
        .collect()
}

/// `张*`, `欧阳**`: the surname stays (one character, two for a compound surname of a name of
/// three characters or more); blanks stay where they were.
fn mask_name(s: &str) -> String {
    let letters: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let count = letters.chars().count();
    let keep = if count >= 3 && COMPOUND_SURNAMES.iter().any(|p| letters.starts_with(p)) {
        2
    } else {
        1
    };
    let mut n = 0;
    s.chars()
        .map(|c| {
            if c.is_whitespace() {
                return c;
            }
            n += 1;
            if n <= keep { c } else { '*' }
        })
        .collect()
}
