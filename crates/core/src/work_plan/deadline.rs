//! Deadlines written in words, turned into dates.
//!
//! Read: `6月底前`, `12月底前`, `2018年6月底前` (an explicit year wins over the plan's), `6月前`
//! (the day before 6月1日), `8月份`, `6月中旬` (the 20th), `上旬` (the 10th), `下旬`, `3月15日前`,
//! `于每年1月1日至5月31日` (the end of the range; the words kept from `每年`), `年底前`, `年底`,
//! `年末`, `年内`, `今年底前`, `上半年` (6月30日), `下半年`, `一季度` / `第一季度` (the quarter's last
//! day), Chinese month numerals (`六月底前`). Relative limits — `24小时内`, `1个工作日内`, `5日内` —
//! are no date: the words are kept and the task is due at the end of the plan's year.
//! `三年内` and other spans of years are not a deadline. Words that look like a deadline but name
//! no day (`13月底前`, `2月30日前`) are unreadable.

use chrono::NaiveDate;

use super::text::{cn_digit, cn_number, digit, is_cn_numeral};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The words as written.
    pub text: String,
    pub when: When,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum When {
    /// A date; `None` when the plan's year is unknown.
    Date(Option<NaiveDate>),
    /// A relative limit (`24小时内`): due at the end of the year.
    Relative(Option<NaiveDate>),
    Unreadable,
}

enum Kind {
    At(u32, u32),
    MonthEnd(u32),
    MonthDay(u32, u32),
    Before(u32),
    YearEnd,
    Relative,
}

type MakeKind = fn(u32) -> Kind;

struct Hit {
    end: usize,
    year: Option<i32>,
    kind: Kind,
}

/// Every deadline phrase of the text, in order, each once.
pub(crate) fn find(text: &str, plan_year: Option<i32>) -> Vec<Found> {
    let cs: Vec<char> = text.chars().collect();
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let Some(hit) = at(&cs, i) else {
            i += 1;
            continue;
        };
        let words: String = cs[i..hit.end].iter().collect();
        let year = hit.year.or(plan_year);
        let when = resolve(&hit.kind, year);
        if !out.iter().any(|f| f.text == words) {
            out.push(Found { text: words, when });
        }
        i = hit.end;
    }
    out
}

fn resolve(kind: &Kind, year: Option<i32>) -> When {
    // Validity does not depend on the year but for 2月29日: checked in a leap year.
    let check = year.unwrap_or(2000);
    let date = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let month_end = |y: i32, m: u32| {
        let next = if m == 12 {
            date(y + 1, 1, 1)
        } else {
            date(y, m + 1, 1)
        };
        next.and_then(|n| n.pred_opt())
    };
    let valid = match kind {
        Kind::At(m, d) | Kind::MonthDay(m, d) => date(check, *m, *d).is_some(),
        Kind::MonthEnd(m) | Kind::Before(m) => (1..=12).contains(m),
        Kind::YearEnd | Kind::Relative => true,
    };
    if !valid {
        return When::Unreadable;
    }
    let Some(y) = year else {
        return match kind {
            Kind::Relative => When::Relative(None),
            _ => When::Date(None),
        };
    };
    match kind {
        Kind::At(m, d) | Kind::MonthDay(m, d) => When::Date(date(y, *m, *d)),
        Kind::MonthEnd(m) => When::Date(month_end(y, *m)),
        Kind::Before(m) => When::Date(date(y, *m, 1).and_then(|d| d.pred_opt())),
        Kind::YearEnd => When::Date(date(y, 12, 31)),
        Kind::Relative => When::Relative(date(y, 12, 31)),
    }
}

fn starts(cs: &[char], i: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(k, c)| cs.get(i + k) == Some(&c))
}

/// The longest of the tails at `i`: its end.
fn tail(cs: &[char], i: usize, tails: &[&str]) -> Option<usize> {
    tails
        .iter()
        .filter(|t| starts(cs, i, t))
        .map(|t| i + t.chars().count())
        .max()
}

/// A number at `i`: ASCII / full-width digits, or Chinese numerals up to 九十九.
fn number(cs: &[char], i: usize) -> Option<(u32, usize)> {
    let mut k = i;
    let mut v: u32 = 0;
    while let Some(d) = cs.get(k).and_then(|&c| digit(c)) {
        v = v.saturating_mul(10).saturating_add(d);
        k += 1;
    }
    if k > i {
        return (k - i <= 4).then_some((v, k));
    }
    while cs.get(k).is_some_and(|&c| is_cn_numeral(c)) {
        k += 1;
    }
    if k == i {
        return None;
    }
    let s: String = cs[i..k].iter().collect();
    cn_number(&s).map(|v| (v, k))
}

fn is_numeral(c: char) -> bool {
    digit(c).is_some() || is_cn_numeral(c)
}

const YEAR_TAILS: &[&str] = &["底前", "底之前", "底以前", "末前", "底", "末", "内"];
const SPAN_TAILS: &[&str] = &["底前", "末前", "底", "末", "前", "内"];

fn at(cs: &[char], i: usize) -> Option<Hit> {
    let prev = i.checked_sub(1).map(|p| cs[p]);
    // A year prefix: 2018年, or 今年 / 本年 / 当年 / 每年 (the plan's year).
    let mut year = None;
    let mut j = i;
    let mut prefixed = false;
    if !prev.is_some_and(is_numeral)
        && (0..4).all(|k| cs.get(i + k).and_then(|&c| digit(c)).is_some())
        && cs.get(i + 4) == Some(&'年')
    {
        let y: String = cs[i..i + 4]
            .iter()
            .map(|&c| char::from_digit(digit(c).unwrap_or(0), 10).unwrap_or('0'))
            .collect();
        year = y.parse::<i32>().ok();
        j = i + 5;
        prefixed = true;
    } else if ["今年", "本年", "当年", "每年"]
        .iter()
        .any(|p| starts(cs, i, p))
    {
        j = i + 2;
        prefixed = true;
    }
    let hit = |end, kind| Some(Hit { end, year, kind });

    // 年底前, 年内 (not 三年内, not 年内容).
    let year_end = |k: usize| {
        tail(cs, k, YEAR_TAILS).filter(|&e| !(cs[e - 1] == '内' && cs.get(e) == Some(&'容')))
    };
    if prefixed && let Some(e) = year_end(j) {
        return hit(e, Kind::YearEnd);
    }
    let numbered_before = prev.is_some_and(|p| is_numeral(p) || "多几数半".contains(p));
    if cs.get(j) == Some(&'年')
        && (prefixed || !numbered_before)
        && let Some(e) = year_end(j + 1)
    {
        return hit(e, Kind::YearEnd);
    }
    // 上半年, 下半年.
    if starts(cs, j, "上半年") {
        return hit(
            tail(cs, j + 3, SPAN_TAILS).unwrap_or(j + 3),
            Kind::MonthEnd(6),
        );
    }
    if starts(cs, j, "下半年") {
        return hit(tail(cs, j + 3, SPAN_TAILS).unwrap_or(j + 3), Kind::YearEnd);
    }
    // 一季度, 第一季度.
    let q = if cs.get(j) == Some(&'第') { j + 1 } else { j };
    if let Some(&c) = cs.get(q) {
        let n = digit(c).or_else(|| cn_digit(c));
        if let Some(n) = n.filter(|_| starts(cs, q + 1, "季度")) {
            let end = tail(cs, q + 3, SPAN_TAILS).unwrap_or(q + 3);
            let kind = if (1..=4).contains(&n) {
                Kind::MonthEnd(n * 3)
            } else {
                Kind::MonthEnd(0)
            };
            return hit(end, kind);
        }
    }
    if !prefixed && prev.is_some_and(is_numeral) {
        return None;
    }
    let (n, k) = number(cs, j)?;
    if cs.get(k) == Some(&'月') {
        let k = k + 1;
        if let Some((d, k2)) = number(cs, k) {
            if !matches!(cs.get(k2), Some('日' | '号')) {
                return None;
            }
            let k3 = k2 + 1;
            if let Some(e) = tail(cs, k3, &["之前", "以前", "前", "止"]) {
                return hit(e, Kind::At(n, d));
            }
            // A range: the end counts.
            let r = tail(cs, k3, &["起至", "至", "到", "—", "－", "-", "~", "～"])?;
            let mut r = r;
            let mut year2 = year;
            if (0..4).all(|x| cs.get(r + x).and_then(|&c| digit(c)).is_some())
                && cs.get(r + 4) == Some(&'年')
            {
                let y: String = cs[r..r + 4].iter().collect();
                year2 = y.parse().ok().or(year2);
                r += 5;
            }
            let (m2, r2) = number(cs, r)?;
            if cs.get(r2) != Some(&'月') {
                return None;
            }
            let (d2, r3) = number(cs, r2 + 1)?;
            if !matches!(cs.get(r3), Some('日' | '号')) {
                return None;
            }
            let end = tail(cs, r3 + 1, &["前", "止"]).unwrap_or(r3 + 1);
            return Some(Hit {
                end,
                year: year2,
                kind: Kind::At(m2, d2),
            });
        }
        let tails: &[(&str, MakeKind)] = &[
            ("底之前", Kind::MonthEnd),
            ("底以前", Kind::MonthEnd),
            ("中旬前", |m| Kind::MonthDay(m, 20)),
            ("上旬前", |m| Kind::MonthDay(m, 10)),
            ("下旬前", Kind::MonthEnd),
            ("底前", Kind::MonthEnd),
            ("末前", Kind::MonthEnd),
            ("份前", Kind::MonthEnd),
            ("中旬", |m| Kind::MonthDay(m, 20)),
            ("上旬", |m| Kind::MonthDay(m, 10)),
            ("下旬", Kind::MonthEnd),
            ("之前", Kind::Before),
            ("以前", Kind::Before),
            ("底", Kind::MonthEnd),
            ("末", Kind::MonthEnd),
            ("份", Kind::MonthEnd),
            ("前", Kind::Before),
            ("内", Kind::MonthEnd),
        ];
        let (t, make) = tails.iter().find(|(t, _)| starts(cs, k, t))?;
        return hit(k + t.chars().count(), make(n));
    }
    if prefixed {
        return None;
    }
    // Relative: 24小时内, 1个工作日内, 5日内, 6个月内.
    let mut u = k;
    if cs.get(u) == Some(&'个') {
        u += 1;
    }
    let unit = ["小时", "工作日", "日", "天", "周", "星期"]
        .iter()
        .find(|w| starts(cs, u, w))
        .map(|w| u + w.chars().count())
        .or_else(|| (u > k && cs.get(u) == Some(&'月')).then_some(u + 1))?;
    let end = tail(cs, unit, &["以内", "之内", "内"])?;
    hit(end, Kind::Relative)
}
