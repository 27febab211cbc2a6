//! Street addresses (heuristic).
//!
//! An address is a road, street, lane, village or housing-estate name (`…路`, `…街`, `…巷`,
//! `…道`, `…村`, `…小区`, …) directly followed by a house number with its unit (`123号`), and
//! whatever further units follow it (`4栋2单元501室`, `100弄5号`, `49号市府大院29幢`). A road name
//! alone is not an address, nor is a number with a unit that no road precedes (`〔2018〕56号`).
//! A house number without a room, unit or household is most often an office printed on a
//! letterhead: it is reported with low severity; one that names a dwelling with medium.

use super::text::{Text, is_digit, is_han};
use super::{Cand, FindingKind, Severity};

/// Road, street and estate words, longest first.
const MARKERS: [&str; 13] = [
    "小区", "花园", "公寓", "大厦", "家园", "胡同", "大道", "大街", "路", "街", "巷", "道", "村",
];

/// Words ending in a marker character that are not roads, and counting phrases with 村.
const NOT_ROADS: [&str; 30] = [
    "渠道", "轨道", "通道", "跑道", "报道", "知道", "频道", "管道", "赛道", "车道", "航道", "隧道",
    "坑道", "难道", "线路", "网路", "思路", "电路", "回路", "套路", "出路", "门路", "销路", "全村",
    "每村", "农村", "各村", "本村", "该村", "乡村",
];

/// Units, longest first. Everything but 组 (村民小组) may end an address.
const UNITS: [&str; 13] = [
    "号院", "号楼", "单元", "号", "弄", "栋", "幢", "座", "楼", "层", "室", "户", "组",
];
/// Units that may directly follow the road name.
const FIRST_UNITS: [&str; 10] = [
    "号院", "号楼", "单元", "号", "弄", "栋", "幢", "座", "楼", "组",
];
/// Units that may follow after a few characters of text (`49号市府大院29幢`, `88号SOHO现代城A座`).
const GAP_UNITS: [&str; 9] = ["号楼", "单元", "栋", "幢", "座", "楼", "层", "室", "户"];
/// Units that name a dwelling rather than a building.
const DWELLING_UNITS: [&str; 4] = ["室", "单元", "户", "组"];
/// After `N号` these make it a line, a document, a gate, a window, a plot, an exit or a bridge,
/// not a house.
const NOT_HOUSE_AFTER: [char; 16] = [
    '线', '文', '令', '站', '口', '门', '机', '车', '窗', '厅', '地', '出', '入', '桥', '井', '泊',
];
/// Words before a road name that are not part of it (`位于`, `家住`, `地址是`).
const STOP: [char; 13] = [
    '在', '于', '住', '址', '是', '为', '的', '到', '至', '从', '向', '往', '即',
];

const CN_NUMERALS: [char; 13] = [
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '零', '〇', '两',
];
const MAX_GAP: usize = 8;
const MAX_ROAD: usize = 16;

pub(crate) fn scan(t: &Text<'_>, out: &mut Vec<Cand>) {
    for k in 0..t.len() {
        if !starts_number(t, k, false) || t.before(k, 1).is_some_and(is_digit) {
            continue;
        }
        // The road word ends right before the number, or before one blank.
        let road_end = if t.before(k, 1) == Some(' ') {
            k - 1
        } else {
            k
        };
        if NOT_ROADS.iter().any(|w| t.ends_with(road_end, w)) {
            continue;
        }
        // The marker, with at least one character naming the road before it.
        let Some((marker, marker_start)) = MARKERS.iter().find_map(|m| {
            let start = road_end.checked_sub(m.chars().count())?;
            let name_char = t.before(start, 1)?;
            let ok = t.ends_with(road_end, m) && is_han(name_char) && !STOP.contains(&name_char);
            ok.then_some((*m, start))
        }) else {
            continue;
        };
        let Some((end, dwelling)) = chain(t, k) else {
            continue;
        };
        let mut start = marker_start;
        while marker_start - start < MAX_ROAD
            && t.before(start, 1)
                .is_some_and(|c| is_han(c) && !STOP.contains(&c))
        {
            start -= 1;
        }
        let severity = if dwelling || marker == "村" {
            Severity::Medium
        } else {
            Severity::Low
        };
        out.push(Cand {
            kind: FindingKind::Address,
            severity,
            i: start,
            j: end,
        });
    }
}

/// A house number may start at `k`: a digit, or a capital letter (`A座`).
fn starts_number(t: &Text<'_>, k: usize, cn: bool) -> bool {
    t.at(k)
        .is_some_and(|c| is_digit(c) || c.is_ascii_uppercase() || (cn && CN_NUMERALS.contains(&c)))
}

/// The number and units from `k`; the end of the last unit that may end an address and
/// whether a dwelling unit comes before it.
fn chain(t: &Text<'_>, k: usize) -> Option<(usize, bool)> {
    let mut k = k;
    let mut first = true;
    let mut dwelling = false;
    let mut best = None;
    loop {
        let step = if first {
            number_unit(t, k, false, &FIRST_UNITS)
        } else {
            number_unit(t, k, true, &UNITS).or_else(|| {
                (1..=MAX_GAP)
                    .take_while(|g| t.at(k + g - 1).is_some_and(gap_char))
                    .find_map(|g| number_unit(t, k + g, true, &GAP_UNITS))
            })
        };
        let Some((unit, end)) = step else {
            break;
        };
        first = false;
        dwelling |= DWELLING_UNITS.contains(&unit);
        if unit != "组" {
            best = Some((end, dwelling));
        }
        k = end;
    }
    best
}

/// Text between two units: a compound or building name (`市府大院`, `SOHO现代城`).
fn gap_char(c: char) -> bool {
    is_han(c) || c.is_ascii_alphabetic()
}

/// `123号`, `123-5号`, `A座`, `B2栋`, and with `cn` also `三单元`: the unit and the end.
fn number_unit(
    t: &Text<'_>,
    k: usize,
    cn: bool,
    units: &[&'static str],
) -> Option<(&'static str, usize)> {
    let mut e = k;
    let letter = t.at(e).is_some_and(|c| c.is_ascii_uppercase());
    if letter {
        e += 1;
    }
    let r = t.run(e);
    if r > 5 {
        return None;
    }
    e += r;
    if r > 0 && t.at(e) == Some('-') && (1..=5).contains(&t.run(e + 1)) {
        e += 1 + t.run(e + 1);
    }
    if !letter && r == 0 && cn {
        let n = (0..4)
            .take_while(|d| t.at(k + d).is_some_and(|c| CN_NUMERALS.contains(&c)))
            .count();
        if n == 0 || n > 3 {
            return None;
        }
        e += n;
    }
    if e == k {
        return None;
    }
    let unit = *units.iter().find(|u| t.starts_with(e, u))?;
    if letter && r == 0 && !matches!(unit, "座" | "栋" | "幢" | "单元") {
        return None;
    }
    let end = e + unit.chars().count();
    if unit == "号" && t.at(end).is_some_and(|c| NOT_HOUSE_AFTER.contains(&c)) {
        return None;
    }
    Some((unit, end))
}
