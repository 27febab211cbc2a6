//! `gongkai import FILE.jsonl`: catalog documents from another system, one JSON object a line.
//!
//! Each line carries the fields of a document (`title`, `doc_no`, `publisher`, `written_on`,
//! `subject`, `genre`, `disclosure`, … as in `DocumentInput`), optionally `org` (organization
//! code, when `--org` is not given) and `published_on` (YYYY-MM-DD: the document was already
//! published then; such a line must name its reviewer `reviewed_by` and the review's grounds
//! `review_basis`, and may name `approved_by`: nothing is published without a review record). Good lines are imported; bad ones are listed with their line number and
//! reason and change nothing.

use anyhow::Context;
use gongkai_core::document::DocumentInput;
use gongkai_core::review::Basis;
use gongkai_core::time::{china_midnight, parse_iso_date};
use gongkai_db::{Actor, Db, DbError, ImportedDocument, ImportedReview};
use gongkai_web::Clock;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

const BATCH: usize = 500;

#[derive(Debug, Default)]
pub struct Report {
    pub imported: usize,
    pub rejected: Vec<(usize, String)>,
}

impl Report {
    pub fn reject(&mut self, line: usize, reason: String) {
        self.rejected.push((line, reason));
    }

    pub fn print(&self) {
        println!(
            "已导入 {} 条，拒绝 {} 条",
            self.imported,
            self.rejected.len()
        );
        for (line, reason) in &self.rejected {
            println!("  第 {line} 行：{reason}");
        }
    }
}

pub fn progress_bar(len: u64, label: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, 剩余 {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label);
    bar
}

#[derive(Deserialize)]
struct Line {
    #[serde(flatten)]
    input: DocumentInput,
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    published_on: Option<String>,
    /// With `published_on`: who reviewed it (保密审查) in the old system, on which grounds
    /// (core `Basis` keys, comma-separated; `none` when nothing prevents disclosure) and who
    /// approved it (defaults to the reviewer).
    #[serde(default)]
    reviewed_by: Option<String>,
    #[serde(default)]
    review_basis: Option<String>,
    #[serde(default)]
    approved_by: Option<String>,
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

/// Stores a batch of validated lines and records the outcome of each.
pub async fn flush(
    db: &Db,
    org_id: i64,
    batch: &mut Vec<(usize, ImportedDocument)>,
    report: &mut Report,
    actor: &Actor,
    clock: &Clock,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let docs: Vec<ImportedDocument> = batch.iter().map(|(_, d)| d.clone()).collect();
    let results = db
        .import_documents(org_id, &docs, actor, clock.now())
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

pub async fn run(
    db: &Db,
    clock: &Clock,
    file: &Path,
    default_org: Option<&str>,
) -> anyhow::Result<Report> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let total = std::io::BufReader::new(std::fs::File::open(file)?)
        .lines()
        .count() as u64;
    let bar = progress_bar(total, "导入");
    let mut orgs: HashMap<String, Option<i64>> = HashMap::new();
    let mut batches: HashMap<i64, Vec<(usize, ImportedDocument)>> = HashMap::new();
    let mut report = Report::default();
    let today = clock.today();
    let actor = Actor::system("import");
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let n = i + 1;
        bar.set_position(n as u64);
        let text = match line {
            Ok(t) => t,
            Err(_) => {
                report.reject(n, "不是有效的 UTF-8 文本".into());
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let parsed: Line = match serde_json::from_str(&text) {
            Ok(l) => l,
            Err(e) => {
                report.reject(n, format!("不是有效的 JSON 对象（{e}）"));
                continue;
            }
        };
        let Some(code) = parsed.org.as_deref().or(default_org) else {
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
        let published_at = match parsed
            .published_on
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => match parse_iso_date(s) {
                Some(d) if d > today => {
                    report.reject(n, "published_on：发布日期不能晚于今天".into());
                    continue;
                }
                Some(d) => Some(china_midnight(d) + chrono::Duration::hours(9)),
                None => {
                    report.reject(n, "published_on：日期格式应为 YYYY-MM-DD".into());
                    continue;
                }
            },
        };
        let fields = match parsed.input.validate(today) {
            Ok(f) => f,
            Err(e) => {
                report.reject(
                    n,
                    e.0.iter()
                        .map(|e| format!("{}：{}", e.field, e.message))
                        .collect::<Vec<_>>()
                        .join("；"),
                );
                continue;
            }
        };
        if let Some(p) = published_at
            && gongkai_core::time::china_date(p) < fields.written_on
        {
            report.reject(n, "published_on：发布日期不能早于成文日期".into());
            continue;
        }
        let batch = batches.entry(org_id).or_default();
        batch.push((
            n,
            ImportedDocument {
                fields,
                published_at,
                review: parsed.reviewed_by.as_deref().map(|r| ImportedReview {
                    reviewed_by: r.trim().to_string(),
                    bases: Basis::parse_list(parsed.review_basis.as_deref().unwrap_or("")),
                    approved_by: parsed
                        .approved_by
                        .as_deref()
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .unwrap_or(r.trim())
                        .to_string(),
                }),
            },
        ));
        if batch.len() >= BATCH {
            flush(db, org_id, batch, &mut report, &actor, clock).await?;
        }
    }
    for (org_id, mut batch) in batches {
        flush(db, org_id, &mut batch, &mut report, &actor, clock).await?;
    }
    bar.finish_and_clear();
    report.rejected.sort();
    Ok(report)
}
