//! Numbers: resident identity numbers, mobile and landline numbers, bank cards.
//!
//! Every detector is tried at every position and must match a whole number: the character
//! before and after may not be a digit, a letter or `@`, nor a `.`/`-` (or the separator the
//! number itself uses) followed by another digit. So a phone-like run inside a longer number,
//! a code such as `11620000MB1234567X/2024-00012`, an amount's fraction or a date written
//! `2024-03-05` never produce a match. A number followed by a unit (`15300000000元`, `…人次`)
//! or preceded by a currency sign is an amount or a count; a card- or phone-shaped number right
//! after a label such as 合同编号 or 流水号 is that document's number.

use chrono::Datelike;

use super::text::{Text, is_sep};
use super::{Cand, FindingKind, Severity};
use crate::ident;

pub(crate) fn scan(t: &Text<'_>, out: &mut Vec<Cand>) {
    for i in 0..t.len() {
        let c = t.at(i).unwrap_or(' ');
        let starts_number = t.is_digit_at(i);
        if starts_number {
            if let Some(j) = id_card(t, i) {
                out.push(cand(FindingKind::IdCard, Severity::High, i, j));
            }
            if let Some(j) = bank_card(t, i) {
                out.push(cand(FindingKind::BankCard, Severity::High, i, j));
            }
        }
        if starts_number || matches!(c, '+' | '(' | '（') {
            if let Some(j) = mobile(t, i) {
                out.push(cand(FindingKind::Phone, Severity::High, i, j));
            }
            if let Some(j) = landline(t, i) {
                out.push(cand(FindingKind::Phone, Severity::Low, i, j));
            }
        }
    }
}

fn cand(kind: FindingKind, severity: Severity, i: usize, j: usize) -> Cand {
    Cand {
        kind,
        severity,
        i,
        j,
    }
}

/// Reads digit groups of the given lengths separated by one separator, the same each time.
/// `x_last`: the last group may end with `X`/`x` in place of its last digit. Returns the end
/// and the separator (`None` for a single group).
fn groups(t: &Text<'_>, i: usize, lens: &[usize], x_last: bool) -> Option<(usize, Option<char>)> {
    let mut k = i;
    let mut sep = None;
    for (n, &len) in lens.iter().enumerate() {
        if n > 0 {
            let s = t.at(k).filter(|&c| is_sep(c))?;
            if sep.is_some_and(|x| x != s) {
                return None;
            }
            sep = Some(s);
            k += 1;
        }
        let r = t.run(k);
        let last = n + 1 == lens.len();
        let x_check = last && x_last && r + 1 == len && matches!(t.at(k + r), Some('X' | 'x'));
        if r != len && !x_check {
            return None;
        }
        k += len;
    }
    Some((k, sep))
}

fn whole(t: &Text<'_>, i: usize, j: usize, sep: Option<char>) -> bool {
    t.left_ok(i, sep) && t.right_ok(j, sep) && !quantity(t, i, j)
}

/// Units and counters after a number, and currency signs before it.
const UNITS_AFTER: [char; 36] = [
    '元', '万', '亿', '千', '百', '人', '户', '个', '件', '次', '条', '项', '份', '名', '家', '所',
    '间', '册', '吨', '米', '辆', '台', '套', '笔', '张', '天', '岁', '股', '箱', '株', '头', '只',
    '%', '％', '‰', '倍',
];
const CURRENCY_BEFORE: [char; 4] = ['¥', '￥', '$', '＄'];

/// An amount or a count: a unit follows or a currency sign precedes.
fn quantity(t: &Text<'_>, i: usize, j: usize) -> bool {
    t.at(j).is_some_and(|c| UNITS_AFTER.contains(&c))
        || t.before(i, 1).is_some_and(|c| CURRENCY_BEFORE.contains(&c))
}

/// Labels of document, order and transaction numbers.
const NUMBER_LABELS: [&str; 22] = [
    "编号",
    "单号",
    "流水号",
    "订单号",
    "发票号码",
    "发票代码",
    "票据号码",
    "代码",
    "合同号",
    "批号",
    "批次号",
    "登记号",
    "索引号",
    "文号",
    "案号",
    "序列号",
    "备案号",
    "条码",
    "识别码",
    "标识码",
    "许可证号",
    "注册号",
];

/// The number at `i` is labelled as a document, order or transaction number (`合同编号：…`).
fn labelled_as_other_number(t: &Text<'_>, i: usize) -> bool {
    // Up to two characters of punctuation or blanks between the label and the number.
    let gap = (1..=2)
        .take_while(|&b| {
            t.before(i, b)
                .is_some_and(|c| matches!(c, ':' | '：' | ' ' | '\u{3000}'))
        })
        .count();
    NUMBER_LABELS.iter().any(|l| t.ends_with(i - gap, l))
}

/// 18 characters (GB 11643 check character, birth date in 1900–2100) or 15 legacy digits
/// (valid birth date), also written in groups `110105 19900101 1234`.
pub(crate) fn id_card(t: &Text<'_>, i: usize) -> Option<usize> {
    const SHAPES: [&[usize]; 4] = [&[18], &[15], &[6, 8, 4], &[6, 4, 4, 4]];
    SHAPES.iter().find_map(|lens| {
        let (j, sep) = groups(t, i, lens, lens.iter().sum::<usize>() == 18)?;
        (whole(t, i, j, sep) && valid_id(&t.digits(i, j))).then_some(j)
    })
}

/// Whether `s` (digits, possibly ending in `X`) is a plausible resident identity number.
pub(crate) fn valid_id(s: &str) -> bool {
    if ident::validate_resident_id(s).is_err() {
        return false;
    }
    ident::resident_id_birth_date(s).is_some_and(|d| (1900..=2100).contains(&d.year()))
}

/// `1[3-9]` and 9 more digits, whole or grouped 3-4-4, with an optional `+86`/`0086`/`86`
/// country code (also `(+86)`).
pub(crate) fn mobile(t: &Text<'_>, i: usize) -> Option<usize> {
    let mut k = i;
    let mut prefixed = false;
    let open = matches!(t.at(k), Some('(' | '（'));
    if open {
        k += 1;
    }
    if t.at(k) == Some('+') && t.starts_with(k + 1, "86") {
        k += 3;
        prefixed = true;
    } else if !open && t.starts_with(k, "0086") {
        k += 4;
        prefixed = true;
    } else if !open && t.starts_with(k, "86") {
        // Bare 86 only directly before the 11 digits or with one separator.
        let r = t.run(k);
        if r == 13 || (r == 2 && t.at(k + 2).is_some_and(is_sep)) {
            k += 2;
            prefixed = true;
        }
    }
    if open {
        if !prefixed || !matches!(t.at(k), Some(')' | '）')) {
            return None;
        }
        k += 1;
    }
    if prefixed && t.at(k).is_some_and(is_sep) && t.is_digit_at(k + 1) {
        k += 1;
    }
    let national = k;
    let first = t.at(national).and_then(super::text::digit);
    let second = t.at(national + 1).and_then(super::text::digit);
    if first != Some(1) || !matches!(second, Some(3..=9)) {
        return None;
    }
    let (j, sep) =
        groups(t, national, &[11], false).or_else(|| groups(t, national, &[3, 4, 4], false))?;
    // The country code belongs to the number: no grouping rule applies before it.
    let left = if prefixed {
        t.left_ok(i, None)
    } else {
        t.left_ok(i, sep)
    };
    (left && t.right_ok(j, sep) && !quantity(t, i, j) && !labelled_as_other_number(t, i))
        .then_some(j)
}

/// Area code (`010`, `02x`, `0[3-9]xx`) and a 7–8 digit local number starting 2–9, written with
/// a separator or brackets (`0931-8888888`, `(010)12345678`, `+86 10 12345678`), with an
/// optional extension (`-123`, `转123`). A bare 7–8 digit number is never a match.
pub(crate) fn landline(t: &Text<'_>, i: usize) -> Option<usize> {
    let mut k = i;
    let sep: Option<char>;
    match t.at(i)? {
        '(' | '（' => {
            let r = t.run(i + 1);
            if !area_ok(&t.digits(i + 1, i + 1 + r), true) {
                return None;
            }
            k += 1 + r;
            if !matches!(t.at(k), Some(')' | '）')) {
                return None;
            }
            k += 1;
            if t.at(k) == Some(' ') {
                k += 1;
            }
            sep = None;
        }
        '+' => {
            if !t.starts_with(i + 1, "86") {
                return None;
            }
            k += 3;
            if t.at(k).is_some_and(is_sep) {
                k += 1;
            }
            let r = t.run(k);
            if !area_ok(&t.digits(k, k + r), false) {
                return None;
            }
            k += r;
            sep = Some(t.at(k).filter(|&c| is_sep(c))?);
            k += 1;
        }
        _ => {
            let r = t.run(i);
            if !area_ok(&t.digits(i, i + r), true) {
                return None;
            }
            k += r;
            sep = Some(t.at(k).filter(|&c| is_sep(c))?);
            k += 1;
        }
    }
    // The local number.
    if !matches!(t.at(k).and_then(super::text::digit), Some(2..=9)) {
        return None;
    }
    // Whole, or split 3-4 / 4-4 by the area code's separator or a blank (`021-6888 8888`).
    let r = t.run(k);
    let mut local_sep = None;
    if (7..=8).contains(&r) {
        k += r;
    } else if sep.is_some() && (r == 3 || r == 4) {
        let s = t.at(k + r).filter(|&c| Some(c) == sep || c == ' ')?;
        if t.run(k + r + 1) != 4 {
            return None;
        }
        local_sep = Some(s);
        k += r + 5;
    } else {
        return None;
    }
    // An extension.
    let ext_mark = match t.at(k) {
        Some('-' | '－' | '转') => 1,
        _ if t.starts_with(k, "分机") => 2,
        _ => 0,
    };
    if ext_mark > 0 && (1..=5).contains(&t.run(k + ext_mark)) {
        k += ext_mark + t.run(k + ext_mark);
    }
    let whole =
        t.left_ok(i, sep) && t.right_ok(k, sep) && t.right_ok(k, local_sep) && !quantity(t, i, k);
    whole.then_some(k)
}

/// A Chinese area code: `010`, `02x` or `0[3-9]xx` (`with_zero`), or the same without the
/// leading 0 after the country code.
fn area_ok(d: &str, with_zero: bool) -> bool {
    let d = if with_zero {
        match d.strip_prefix('0') {
            Some(rest) => rest,
            None => return false,
        }
    } else {
        d
    };
    matches!(d.as_bytes(), [b'1', b'0'] | [b'2', _] | [b'3'..=b'9', _, _])
}

/// 16–19 digits, whole or in groups of four (`6222 0212 3456 7890 128`), with a card issuer
/// prefix (3, 4, 5, 6, 9), passing Luhn, and not a valid identity number or credit code.
pub(crate) fn bank_card(t: &Text<'_>, i: usize) -> Option<usize> {
    const SHAPES: [&[usize]; 8] = [
        &[16],
        &[17],
        &[18],
        &[19],
        &[4, 4, 4, 4],
        &[4, 4, 4, 4, 1],
        &[4, 4, 4, 4, 2],
        &[4, 4, 4, 4, 3],
    ];
    SHAPES.iter().find_map(|lens| {
        let (j, sep) = groups(t, i, lens, false)?;
        let ok = whole(t, i, j, sep)
            && !labelled_as_other_number(t, i)
            && plausible_card(&t.digits(i, j));
        ok.then_some(j)
    })
}

pub(crate) fn plausible_card(d: &str) -> bool {
    let issuer = matches!(d.as_bytes().first(), Some(b'3' | b'4' | b'5' | b'6' | b'9'));
    issuer
        && (16..=19).contains(&d.len())
        && luhn(d)
        && !(d.len() == 18 && (valid_id(d) || ident::validate_credit_code(d).is_ok()))
}

/// The Luhn (mod 10) check over ASCII digits.
pub(crate) fn luhn(d: &str) -> bool {
    if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(n, b)| {
            let v = u32::from(b - b'0');
            if n % 2 == 1 {
                let v2 = v * 2;
                if v2 > 9 { v2 - 9 } else { v2 }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}
