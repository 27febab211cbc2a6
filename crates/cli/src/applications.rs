//! Commands of applications for disclosure (依申请公开): loading a year's holiday arrangement,
//! the information-processing fee, and importing historical cases.
//!
//! Amounts are printed in yuan with two decimals and no unit (`0.00`, `83460.00`) on the first
//! line, so scripts can read them; the explanation follows in Chinese.

use crate::import::{Report, progress_bar};
use anyhow::Context;
use gongkai_core::application::case::CaseRules;
use gongkai_core::application::import::{ImportedApplication, parse_line};
use gongkai_core::calendar::Calendar;
use gongkai_core::fee::{FeeSchedule, Fen, fee_by_count, fee_by_pages};
use gongkai_db::{Actor, Db, DbError};
use gongkai_web::Clock;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

const BATCH: usize = 200;

/// `83460.00`: yuan with two decimals, no unit.
pub fn yuan(f: Fen) -> String {
    format!("{}.{:02}", f.0 / 100, f.0 % 100)
}

/// `gongkai calendar import FILE`: returns the exit status (2 when the file has bad lines, in
/// which case nothing is loaded).
pub async fn calendar_import(db: &Db, clock: &Clock, file: &Path) -> anyhow::Result<i32> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        println!("日历文件不是 UTF-8 编码的文本，未载入任何数据");
        return Ok(2);
    };
    let cal = match Calendar::from_csv(&text) {
        Ok(c) => c,
        Err(errors) => {
            println!("日历文件有 {} 处错误，未载入任何数据：", errors.len());
            for e in errors {
                println!("  第 {} 行：{}", e.line, e.message);
            }
            return Ok(2);
        }
    };
    if cal.years().next().is_none() {
        println!("日历文件中没有任何日期，未载入任何数据");
        return Ok(2);
    }
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let report = db
        .load_calendar(&cal, &source, &Actor::system("cli"), clock.now())
        .await
        .map_err(crate::setup::explain)?;
    for (year, days) in &report.days {
        println!("已载入 {year} 年节假日安排：{days} 天（节假日和调休上班日）");
    }
    println!(
        "已重新计算 {} 件办理中申请的期限，其中 {} 件答复期限有变化",
        report.recomputation.recomputed,
        report.recomputation.changed.len()
    );
    let show = |d: Option<chrono::NaiveDate>, p: bool| match d {
        Some(d) if p => format!("{d}（暂定）"),
        Some(d) => d.to_string(),
        None => "无".into(),
    };
    for c in &report.recomputation.changed {
        println!(
            "  {}：{} → {}",
            c.tracking_no,
            show(c.old_due, c.old_provisional),
            show(c.new_due, c.new_provisional)
        );
    }
    for (no, msg) in &report.recomputation.failed {
        println!("  {no}：办理记录在新日历下不成立，期限未改变：{msg}");
    }
    Ok(0)
}

/// `gongkai fee pages P`: the amount, then how it was computed (按量计收).
pub fn fee_pages(pages: u32) -> Vec<String> {
    let s = FeeSchedule::default();
    let total = fee_by_pages(&s, pages);
    let mut lines = vec![
        yuan(total),
        format!("按量计收（国办函〔2020〕109号）：本申请提供 {pages} 页。"),
    ];
    let bands = [
        (1, s.pages_free, Fen::ZERO),
        (s.pages_free + 1, s.pages_tier1_upto, s.pages_tier1_price),
        (
            s.pages_tier1_upto + 1,
            s.pages_tier2_upto,
            s.pages_tier2_price,
        ),
        (s.pages_tier2_upto + 1, u32::MAX, s.pages_above_price),
    ];
    for (from, to, price) in bands {
        if pages < from {
            break;
        }
        let n = pages.min(to) - from + 1;
        let range = if to == u32::MAX {
            format!("第 {from} 页起")
        } else {
            format!("第 {from}–{to} 页")
        };
        if price.is_zero() {
            lines.push(format!("{range}免费：{n} 页。"));
        } else {
            lines.push(format!(
                "{range}每页 {} 元：{n} 页 × {} 元 = {} 元。",
                yuan(price),
                yuan(price),
                yuan(price * u64::from(n))
            ));
        }
    }
    lines.push(format!("合计 {} 元。", yuan(total)));
    lines
}

/// `gongkai fee count --prior K --new M`: the fee for M new applications (件) of an applicant who
/// already made K in the same natural month (按件计收).
pub fn fee_count(prior: u32, new: u32) -> Vec<String> {
    let s = FeeSchedule::default();
    let total = fee_by_count(&s, prior, new);
    let mut lines = vec![yuan(total)];
    if new == 0 {
        lines.push("本次没有新的申请，不收费。".into());
        return lines;
    }
    lines.push(format!(
        "按件计收（国办函〔2020〕109号）：同一申请人本自然月内已申请 {prior} 件，本次 {new} 件（第 {} 至 {} 件）。",
        prior + 1,
        prior + new
    ));
    // Consecutive applications at the same price, as one line each.
    let mut runs: Vec<(u32, u32, Fen)> = Vec::new();
    for k in prior + 1..=prior + new {
        let p = s.price_of_application(k);
        match runs.last_mut() {
            Some((_, to, price)) if *price == p => *to = k,
            _ => runs.push((k, k, p)),
        }
    }
    for (from, to, price) in runs {
        let n = to - from + 1;
        let range = if from == to {
            format!("第 {from} 件")
        } else {
            format!("第 {from}–{to} 件")
        };
        if price.is_zero() {
            lines.push(format!("{range}：在每月 {} 件免费范围内。", s.count_free));
        } else {
            lines.push(format!(
                "{range}：每件 {} 元 × {n} 件 = {} 元。",
                yuan(price),
                yuan(price * u64::from(n))
            ));
        }
    }
    lines.push(format!("合计 {} 元。", yuan(total)));
    lines
}

fn describe(e: &DbError) -> String {
    match e {
        DbError::Invalid(f) => {
            f.0.iter()
                .map(|e| format!("{}：{}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("；")
        }
        DbError::Conflict(m) => m.clone(),
        other => other.to_string(),
    }
}

struct Ctx<'a> {
    db: &'a Db,
    clock: &'a Clock,
    cal: Calendar,
    /// A line is first checked under the documented defaults; the database replays it again
    /// under its organization's settings and refuses what those do not allow.
    rules: CaseRules,
    actor: Actor,
}

async fn flush(
    ctx: &Ctx<'_>,
    org_id: i64,
    batch: &mut Vec<(usize, ImportedApplication)>,
    report: &mut Report,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let items: Vec<ImportedApplication> = batch.iter().map(|(_, a)| a.clone()).collect();
    let results = ctx
        .db
        .import_applications(org_id, &items, &ctx.cal, &ctx.actor, ctx.clock.now())
        .await?;
    for ((line, _), r) in batch.iter().zip(results) {
        match r {
            Ok(_) => report.imported += 1,
            Err(e) => report.reject(*line, describe(&e)),
        }
    }
    batch.clear();
    Ok(())
}

/// `gongkai applications import [--org CODE] FILE.jsonl`.
pub async fn import(
    db: &Db,
    clock: &Clock,
    file: &Path,
    default_org: Option<&str>,
) -> anyhow::Result<Report> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let total = std::io::BufReader::new(std::fs::File::open(file)?)
        .lines()
        .count() as u64;
    let bar = progress_bar(total, "导入申请");
    let ctx = Ctx {
        db,
        clock,
        cal: db.calendar().await?,
        rules: CaseRules::default(),
        actor: Actor::system("import"),
    };
    let today = clock.today();
    let mut orgs: HashMap<String, Option<i64>> = HashMap::new();
    let mut batches: HashMap<i64, Vec<(usize, ImportedApplication)>> = HashMap::new();
    let mut report = Report::default();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let n = i + 1;
        bar.set_position(n as u64);
        let Ok(text) = line else {
            report.reject(n, "不是有效的 UTF-8 文本".into());
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let item = match parse_line(&text, today, &ctx.cal, &ctx.rules) {
            Ok(a) => a,
            Err(e) => {
                report.reject(n, e.to_string());
                continue;
            }
        };
        let Some(code) = item.org.as_deref().or(default_org) else {
            report.reject(n, "未指定机关：请用 --org 或在该行写 \"org\"".into());
            continue;
        };
        let org_id = match orgs.get(code) {
            Some(id) => *id,
            None => {
                let id = db.org_by_code(code).await?.map(|o| o.id);
                orgs.insert(code.to_string(), id);
                id
            }
        };
        let Some(org_id) = org_id else {
            report.reject(n, format!("机关代码 {code} 不存在"));
            continue;
        };
        let batch = batches.entry(org_id).or_default();
        batch.push((n, item));
        if batch.len() >= BATCH {
            flush(&ctx, org_id, batch, &mut report).await?;
        }
    }
    for (org_id, mut batch) in batches {
        flush(&ctx, org_id, &mut batch, &mut report).await?;
    }
    bar.finish_and_clear();
    report.rejected.sort();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_print_the_amount_first() {
        assert_eq!(fee_pages(30)[0], "0.00");
        let l = fee_pages(2219);
        assert_eq!(l[0], "83460.00");
        assert!(
            l.contains(&"第 201 页起每页 40.00 元：2019 页 × 40.00 元 = 80760.00 元。".to_string())
        );
        assert_eq!(fee_count(0, 10)[0], "0.00");
        let l = fee_count(9, 3);
        assert_eq!(l[0], "200.00");
        assert_eq!(l[2], "第 10 件：在每月 10 件免费范围内。");
        assert_eq!(l[3], "第 11–12 件：每件 100.00 元 × 2 件 = 200.00 元。");
        assert_eq!(fee_count(30, 1)[0], "200.00");
    }
}
