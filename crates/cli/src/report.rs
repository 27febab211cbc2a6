//! `gongkai report annual --org CODE [--year YYYY] [--format json|html|docx|xlsx|pdf] [--out FILE]
//! [--all]`: the statutory annual report (政府信息公开工作年度报告) of one organization, or with
//! `--all` of a government summed over the organizations under it, as computed from the database
//! (`Db::annual_report` / `Db::annual_report_aggregate`) with the narrative saved by staff
//! (`Db::annual_report_text`), laid out by core `ReportDocument` and rendered by gongkai-export.
//!
//! JSON: `org` {code, name}, `year`, `format` (`GBH-2021-30` | `GBH-2019-60`), `title`, `parts`
//! (the organizations summed, its own first), `table2` (row → field → value, from core
//! `Table2::figures` of the year's format; amounts as 万元 strings, null while unknown), `table3`
//! (row key of regulations.md §2.4 → the seven column values), `table4` (the 15 numbers of §2.6),
//! `sources` (Table 2 figure key → where it came from), `problems` (core `annual_report::check`)
//! and `sections` (heading and paragraphs of the six sections). The objects are written in table
//! order (the serializer below keeps it; serde_json's `preserve_order` is not needed), but a reader
//! should treat key order as not significant.
//!
//! Exit status: 0 when the report was written (problems found by the checks are printed on stderr
//! as warnings and do not fail the command), 2 for bad input (unknown organization, year out of
//! range, a binary format without `--out`, PDF in a build without it, an unwritable file), with
//! the reason in Chinese on stderr.

use crate::config::Config;
use chrono::Datelike;
use gongkai_core::annual_report::{Problem, ReportDocument, Severity, check, escape_html};
use gongkai_db::annual_report::AssembledReport;
use gongkai_web::Clock;
use serde::Serialize;
use serde::ser::SerializeMap;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first year a report can be asked for (the Regulations took effect on 1 May 2008).
pub const FIRST_YEAR: i32 = 2008;

/// Output formats.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
    Docx,
    Xlsx,
    Pdf,
}

impl Format {
    /// Binary formats are written to a file only.
    fn needs_file(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx | Format::Pdf)
    }
}

/// The options of `gongkai report annual`.
#[derive(clap::Args, Debug)]
pub struct AnnualArgs {
    /// Organization code.
    #[arg(long)]
    pub org: String,
    /// Report year (default: last year).
    #[arg(long)]
    pub year: Option<i32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Output file (default: standard output for json and html; required for docx, xlsx, pdf).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// A government's report: the organization and every organization under it, summed.
    #[arg(long)]
    pub all: bool,
}

/// Bad input: the message (Chinese) and exit status 2.
fn bad(message: impl std::fmt::Display) -> anyhow::Result<i32> {
    eprintln!("{message}");
    Ok(2)
}

/// Runs the command; returns the exit status (errors of the database or the exporters are
/// returned as errors).
pub async fn annual(config: &Config, clock: &Clock, args: AnnualArgs) -> anyhow::Result<i32> {
    let this_year = clock.today().year();
    let year = args.year.unwrap_or(this_year - 1);
    if !(FIRST_YEAR..=this_year).contains(&year) {
        return bad(format!("年度应在 {FIRST_YEAR} 至 {this_year} 之间：{year}"));
    }
    if args.format.needs_file() && args.out.is_none() {
        return bad("DOCX、XLSX、PDF 格式须用 --out 指定输出文件");
    }
    if args.format == Format::Pdf && !cfg!(feature = "pdf") {
        return bad("此版本未包含PDF导出：请以 --features pdf 重新构建");
    }
    let db = crate::open(config).await?;
    let Some(org) = db.org_by_code(&args.org).await? else {
        return bad(format!("机关代码 {} 不存在", args.org));
    };
    let assembled = if args.all {
        db.annual_report_aggregate(org.id, year).await?
    } else {
        db.annual_report(org.id, year).await?
    };
    let narrative = db
        .annual_report_text(org.id, year)
        .await?
        .map(|t| t.narrative())
        .unwrap_or_default();
    let doc = ReportDocument::new(&org.name, &assembled.report, &narrative);
    let problems = check(&assembled.report);
    let bytes = match args.format {
        Format::Json => {
            let mut s = json(&org.code, &assembled, &doc, &problems)?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Html => html_page(&doc).into_bytes(),
        Format::Docx => gongkai_export::docx::render(&doc)?,
        Format::Xlsx => gongkai_export::xlsx::render(&doc)?,
        Format::Pdf => pdf(&doc)?,
    };
    let written = match &args.out {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| (path.as_path(), e)),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| (Path::new("-"), e))
        }
    };
    if let Err((path, e)) = written {
        return bad(format!("无法写入 {}：{e}", path.display()));
    }
    warn(&problems);
    if let Some(path) = &args.out {
        eprintln!("已写入 {}", path.display());
    }
    Ok(0)
}

#[cfg(feature = "pdf")]
fn pdf(doc: &ReportDocument) -> anyhow::Result<Vec<u8>> {
    Ok(gongkai_export::pdf::render(
        doc,
        &gongkai_export::pdf::default_font_dirs(),
    )?)
}

#[cfg(not(feature = "pdf"))]
fn pdf(_doc: &ReportDocument) -> anyhow::Result<Vec<u8>> {
    anyhow::bail!("此版本未包含PDF导出：请以 --features pdf 重新构建")
}

/// The problems found by the checks, on stderr.
fn warn(problems: &[Problem]) {
    if problems.is_empty() {
        return;
    }
    eprintln!("警告：年度报告检查发现 {} 个问题：", problems.len());
    for p in problems {
        let kind = match p.severity {
            Severity::Error => "须更正后发布",
            Severity::Warning => "请核实",
        };
        eprintln!("  [{kind}] {}（{}）", p.message, p.cell);
    }
}

/// A JSON object written with its entries in the order given.
struct Ordered<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct OrgJson<'a> {
    code: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct SectionJson<'a> {
    heading: &'a str,
    paragraphs: &'a [String],
}

#[derive(Serialize)]
struct ReportJson<'a> {
    org: OrgJson<'a>,
    year: i32,
    format: &'static str,
    title: &'a str,
    parts: &'a [String],
    table2: Ordered<Ordered<serde_json::Value>>,
    table3: Ordered<[u32; 7]>,
    table4: [u32; 15],
    sources: &'a BTreeMap<String, String>,
    problems: &'a [Problem],
    sections: Vec<SectionJson<'a>>,
}

/// Table 2 by its rows, from the figures the year's format prints (`t2.<row>.<field>`): counts
/// and changes as numbers, amounts (`amount`) as the printed 万元 string, null while unknown.
fn table2_json(a: &AssembledReport) -> Ordered<Ordered<serde_json::Value>> {
    let mut rows: Vec<(String, Ordered<serde_json::Value>)> = Vec::new();
    for f in a.report.table2.figures(a.report.format) {
        let Some((row, field)) = f.key.strip_prefix("t2.").and_then(|k| k.split_once('.')) else {
            continue;
        };
        let value = match f.value {
            None => serde_json::Value::Null,
            Some(v) if field == "amount" => serde_json::Value::String(v),
            Some(v) => v
                .parse::<i64>()
                .map_or(serde_json::Value::String(v), serde_json::Value::from),
        };
        match rows.iter_mut().find(|(r, _)| r == row) {
            Some((_, fields)) => fields.0.push((field.to_string(), value)),
            None => rows.push((row.to_string(), Ordered(vec![(field.to_string(), value)]))),
        }
    }
    Ordered(rows)
}

/// The report as JSON (see the module doc).
fn json(
    code: &str,
    a: &AssembledReport,
    doc: &ReportDocument,
    problems: &[Problem],
) -> anyhow::Result<String> {
    let report = &a.report;
    let table3 = Ordered(
        report
            .format
            .rows()
            .into_iter()
            .map(|r| (r.key().to_string(), report.table3.row(r)))
            .collect(),
    );
    let value = ReportJson {
        org: OrgJson {
            code,
            name: &doc.org_name,
        },
        year: report.year,
        format: report.format.as_str(),
        title: &doc.title,
        parts: &a.parts,
        table2: table2_json(a),
        table3,
        table4: report.table4.cells,
        sources: &a.sources,
        problems,
        sections: doc
            .sections
            .iter()
            .map(|s| SectionJson {
                heading: &s.heading,
                paragraphs: &s.paragraphs,
            })
            .collect(),
    };
    Ok(serde_json::to_string_pretty(&value)?)
}

/// A standalone HTML page around the report's HTML fragment.
fn html_page(doc: &ReportDocument) -> String {
    let title = escape_html(&doc.title);
    format!(
        "<!doctype html>\n\
         <html lang=\"zh-CN\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n\
         <style>\n\
         body {{ max-width: 60em; margin: 2em auto; padding: 0 1em; font-family: \"SimSun\", \"Songti SC\", serif; line-height: 1.6; }}\n\
         h1 {{ text-align: center; font-size: 1.5em; }}\n\
         h2 {{ font-size: 1.15em; }}\n\
         table {{ border-collapse: collapse; width: 100%; margin: 1em 0; }}\n\
         th, td {{ border: 1px solid #000; padding: 0.25em 0.4em; text-align: center; }}\n\
         </style>\n\
         </head>\n\
         <body>\n\
         <h1>{title}</h1>\n\
         {}\
         </body>\n\
         </html>\n",
        doc.to_html()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_core::annual_report::{Narrative, Report, Table2};
    use gongkai_core::application::review::ReviewCounting;

    fn assembled(year: i32) -> AssembledReport {
        AssembledReport {
            report: Report::from_records(
                year,
                Table2::default(),
                &[],
                &[],
                ReviewCounting::default(),
            )
            .unwrap(),
            sources: BTreeMap::new(),
            overridden: BTreeMap::new(),
            parts: vec!["某局".into()],
        }
    }

    #[test]
    fn json_keeps_table_order() {
        let a = assembled(2024);
        let doc = ReportDocument::new("某局", &a.report, &Narrative::default());
        let s = json("0024204128", &a, &doc, &[]).unwrap();
        let first = s.find("\"new_received\"").unwrap();
        let last = s.find("\"carried_to_next\"").unwrap();
        assert!(first < last);
        assert!(s.find("\"rules\"").unwrap() < s.find("\"fees\"").unwrap());
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["table3"].as_object().unwrap().len(), 25);
        assert_eq!(v["table2"]["fees"]["amount"], serde_json::Value::Null);
    }

    #[test]
    fn the_page_is_standalone_and_escaped() {
        let a = assembled(2024);
        let doc = ReportDocument::new("某<局>", &a.report, &Narrative::default());
        let page = html_page(&doc);
        assert!(page.starts_with("<!doctype html>"));
        assert!(page.contains("<title>某&lt;局&gt;2024年政府信息公开工作年度报告</title>"));
        assert!(page.trim_end().ends_with("</html>"));
    }
}
