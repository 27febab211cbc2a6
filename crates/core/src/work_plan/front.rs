//! The document's particulars: title, issuing body, document number, date.

use chrono::NaiveDate;

use super::text::{cn_digit, cn_number, digit};

#[derive(Debug, Default)]
pub(crate) struct Front {
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub doc_no: Option<String>,
    pub date: Option<NaiveDate>,
}

/// Words that make a short line a plan's title.
const TITLE_WORDS: &[&str] = &["要点", "计划", "方案", "任务分工", "安排", "清单"];
/// How issuing bodies end.
const ORG_ENDS: &[&str] = &[
    "局",
    "厅",
    "政府",
    "委员会",
    "委",
    "办",
    "办公室",
    "部",
    "院",
    "署",
    "会",
    "中心",
    "处",
    "所",
    "组",
    "室",
];

/// `head`: the lines before the plan's body; `tail`: those after it.
pub(crate) fn read(head: &[&str], tail: &[&str]) -> Front {
    let mut front = Front::default();
    let all: Vec<&str> = head.iter().chain(tail).copied().collect();

    // The date: a line holding only a date (2018年5月23日, 二〇一八年五月二十三日), then 成文日期.
    if let Some(k) = all.iter().position(|l| date_line(l).is_some()) {
        front.date = date_line(all[k]);
        if k > 0 && issuer_like(all[k - 1]) {
            front.issuer = Some(all[k - 1].to_string());
        }
    }
    if front.date.is_none() {
        front.date = all
            .iter()
            .find_map(|l| field(l, &["成文日期", "发文日期"]).and_then(|v| date_line(&v)));
    }
    if front.issuer.is_none() {
        front.issuer = all
            .iter()
            .find_map(|l| field(l, &["发布机构", "发文机关", "发文单位"]))
            .filter(|v| issuer_like(v));
    }
    if front.issuer.is_none() {
        front.issuer = head.iter().find_map(|l| {
            let (before, _) = l.split_once("关于印发")?;
            issuer_like(before).then(|| before.trim().to_string())
        });
    }

    // The document number: a line holding only one, or a 文件编号 / 发文字号 field.
    front.doc_no = head
        .iter()
        .find(|l| is_doc_no(l))
        .map(|l| l.trim().to_string())
        .or_else(|| {
            head.iter()
                .find_map(|l| field(l, &["文件编号", "发文字号", "文号"]))
                .filter(|v| v.contains(['〔', '[', '【', '(', '（', '［']))
        });

    // The title: the last short line before the body naming a plan; else the 《…》 of the notice.
    front.title = head
        .iter()
        .rev()
        .find(|l| {
            l.chars().count() <= 60
                && TITLE_WORDS.iter().any(|w| l.contains(w))
                && !["印发", "通知", "：", ":", "|", "当前位置", "》", "。"]
                    .iter()
                    .any(|w| l.contains(w))
        })
        .map(|l| l.to_string())
        .or_else(|| {
            head.iter().find_map(|l| {
                let (_, after) = l.split_once("印发《")?;
                let (title, _) = after.split_once('》')?;
                Some(title.trim().to_string())
            })
        })
        .or_else(|| {
            // A document without a notice: its first line, if it is short and names a plan.
            head.first()
                .filter(|l| l.chars().count() <= 60 && TITLE_WORDS.iter().any(|w| l.contains(w)))
                .map(|l| l.to_string())
        });
    front
}

/// The value of a labelled field (`文件编号: | 沪民便函〔2024〕73 号 |`).
fn field(line: &str, labels: &[&str]) -> Option<String> {
    let label = labels.iter().find(|l| line.contains(**l))?;
    let (_, after) = line.split_once(label)?;
    let after =
        after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '|'));
    let value = after.split('|').next()?.trim();
    (!value.is_empty() && value.chars().count() <= 40).then(|| value.to_string())
}

/// A line that is only a document number: `甘政办发〔2018〕83号`, `沪民便函[2024] 73 号`.
pub(crate) fn is_doc_no(line: &str) -> bool {
    let cs: Vec<char> = line.trim().chars().collect();
    let Some(open) = cs
        .iter()
        .position(|c| matches!(c, '〔' | '[' | '【' | '(' | '（' | '［'))
    else {
        return false;
    };
    let prefix_ok = (1..=12).contains(&open)
        && cs[..open]
            .iter()
            .all(|&c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let year_ok = (1..=4).all(|k| cs.get(open + k).and_then(|&c| digit(c)).is_some())
        && cs
            .get(open + 5)
            .is_some_and(|c| matches!(c, '〕' | ']' | '】' | ')' | '）' | '］'));
    let rest: String = cs.get(open + 6..).unwrap_or(&[]).iter().collect();
    let rest = rest.trim();
    let number_ok = rest.strip_suffix('号').is_some_and(|n| {
        let n = n.trim();
        !n.is_empty() && n.chars().all(|c| digit(c).is_some())
    });
    prefix_ok && year_ok && number_ok
}

/// A line holding only a date.
pub(crate) fn date_line(line: &str) -> Option<NaiveDate> {
    let line = line.trim();
    if let Ok(d) = NaiveDate::parse_from_str(line, "%Y-%m-%d") {
        return Some(d);
    }
    let (y, rest) = line.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let year: i32 = if y.chars().all(|c| digit(c).is_some()) {
        y.chars()
            .map(|c| char::from_digit(digit(c).unwrap_or(0), 10).unwrap_or('0'))
            .collect::<String>()
            .parse()
            .ok()?
    } else {
        let mut v = 0i32;
        for c in y.chars() {
            v = v * 10 + i32::try_from(cn_digit(c)?).ok()?;
        }
        v
    };
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let num = |s: &str| -> Option<u32> {
        if s.chars().all(|c| digit(c).is_some()) && !s.is_empty() {
            s.chars().try_fold(0u32, |a, c| Some(a * 10 + digit(c)?))
        } else {
            cn_number(s)
        }
    };
    NaiveDate::from_ymd_opt(year, num(m)?, num(d)?)
}

/// A short line naming an issuing body.
pub(crate) fn issuer_like(line: &str) -> bool {
    let line = line.trim();
    let n = line.chars().count();
    (2..=30).contains(&n)
        && !line.contains(|c: char| c.is_ascii_digit() || "。，,：:；;、（）()《》“”|".contains(c))
        && ORG_ENDS.iter().any(|e| line.ends_with(e))
}
