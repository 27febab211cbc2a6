//! `gongkai report annual` as a user runs it: a fresh data directory, organizations and cases set
//! up through the command itself, the report read back as JSON, HTML, DOCX and XLSX.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn gongkai(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("GONGKAI_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gongkai")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    o
}

const GOV: &str = "0024200001";
const BUREAU: &str = "0024204128";

/// A government and its civil affairs bureau; the bureau has three cases touching 2023 (two
/// natural persons received in 2023, one granted and reconsidered; one company's case carried
/// over from 2022), the government one of its own.
fn setup(name: &str) -> PathBuf {
    let dir = data_dir(name);
    ok(gongkai(
        &dir,
        &["org", "add", "--code", GOV, "--name", "示范市人民政府"],
    ));
    ok(gongkai(
        &dir,
        &[
            "org",
            "add",
            "--code",
            BUREAU,
            "--name",
            "示范市民政局",
            "--parent",
            GOV,
        ],
    ));
    let bureau = dir.join("bureau.jsonl");
    std::fs::write(
        &bureau,
        [
            r#"{"applicant_type":"natural_person","received_on":"2023-03-01","outcome":"granted","closed_on":"2023-03-20","reviews":[{"kind":"reconsideration","filed_on":"2023-05-01","decided_on":"2023-07-01","result":"upheld"}]}"#,
            r#"{"applicant_type":"natural_person","received_on":"2023-06-01","outcome":null,"closed_on":null}"#,
            r#"{"applicant_type":"commercial_enterprise","received_on":"2022-12-28","outcome":"denied.third_party","closed_on":"2023-01-20"}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    ok(gongkai(
        &dir,
        &[
            "applications",
            "import",
            "--org",
            BUREAU,
            bureau.to_str().unwrap(),
        ],
    ));
    let gov = dir.join("gov.jsonl");
    std::fs::write(
        &gov,
        r#"{"applicant_type":"other","received_on":"2023-02-01","outcome":"granted","closed_on":"2023-02-10"}"#,
    )
    .unwrap();
    ok(gongkai(
        &dir,
        &[
            "applications",
            "import",
            "--org",
            GOV,
            gov.to_str().unwrap(),
        ],
    ));
    dir
}

fn report_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["report", "annual"];
    all.extend_from_slice(args);
    let o = ok(gongkai(dir, &all));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

/// The row keys of regulations.md §2.4, 30号 format.
const ROWS_30: [&str; 25] = [
    "new_received",
    "carried_over_from_prev",
    "granted",
    "partially_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.security_stability",
    "denied.third_party",
    "denied.internal_affairs",
    "denied.process_info",
    "denied.enforcement_file",
    "denied.admin_query",
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear_after_correction",
    "not_processed.petition",
    "not_processed.repeat",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.reconfirm",
    "other.no_correction",
    "other.fee_unpaid",
    "other.other",
    "total_handled",
    "carried_to_next",
];

fn row(v: &Value, key: &str) -> Vec<u64> {
    v["table3"][key]
        .as_array()
        .unwrap_or_else(|| panic!("no row {key}"))
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect()
}

fn table3_keys(v: &Value) -> BTreeSet<String> {
    v["table3"].as_object().unwrap().keys().cloned().collect()
}

#[test]
fn the_json_report_counts_the_cases_of_the_year() {
    let dir = setup("json");
    let v = report_json(&dir, &["--org", BUREAU, "--year", "2023"]);
    assert_eq!(v["org"]["code"], BUREAU);
    assert_eq!(v["org"]["name"], "示范市民政局");
    assert_eq!(v["year"], 2023);
    assert_eq!(v["format"], "GBH-2021-30");
    assert_eq!(v["title"], "示范市民政局2023年政府信息公开工作年度报告");

    // Table 3: exactly the rows of the 30号 format, seven numbers each.
    let expected: BTreeSet<String> = ROWS_30.iter().map(|s| s.to_string()).collect();
    assert_eq!(table3_keys(&v), expected);
    for key in ROWS_30 {
        assert_eq!(row(&v, key).len(), 7, "{key}");
    }
    assert_eq!(row(&v, "new_received"), [2, 0, 0, 0, 0, 0, 2]);
    assert_eq!(row(&v, "carried_over_from_prev"), [0, 1, 0, 0, 0, 0, 1]);
    assert_eq!(row(&v, "granted"), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(row(&v, "denied.third_party"), [0, 1, 0, 0, 0, 0, 1]);
    assert_eq!(row(&v, "total_handled"), [1, 1, 0, 0, 0, 0, 2]);
    assert_eq!(row(&v, "carried_to_next"), [1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(row(&v, "unable.not_held"), [0; 7]);

    // Table 4: 15 numbers; the reconsideration upheld.
    let t4: Vec<u64> = v["table4"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(t4.len(), 15);
    assert_eq!(t4[..5], [1, 0, 0, 0, 1]);
    assert!(t4[5..].iter().all(|n| *n == 0));

    // Table 2 by its rows with the fields of the 30号 format; the catalog counts are known (0),
    // the figures staff enter are not yet.
    let t2 = v["table2"].as_object().unwrap();
    let rows: Vec<&str> = t2.keys().map(String::as_str).collect();
    let rows: BTreeSet<&str> = rows.into_iter().collect();
    assert_eq!(
        rows,
        BTreeSet::from([
            "rules",
            "normative_documents",
            "licensing",
            "penalties",
            "coercion",
            "fees"
        ])
    );
    let rules: BTreeSet<&str> = t2["rules"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(rules, BTreeSet::from(["issued", "repealed", "in_force"]));
    assert_eq!(t2["rules"]["issued"], 0);
    assert_eq!(t2["licensing"]["decisions"], Value::Null);
    assert_eq!(t2["fees"]["amount"], Value::Null);
    assert_eq!(v["sources"]["t2.rules.issued"], "本平台目录统计");

    // The checks: the missing Table 2 figures block publication; the tables add up.
    let problems = v["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["cell"] == "t2.licensing.decisions" && p["severity"] == "error"),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .all(|p| p["cell"].as_str().unwrap().starts_with("t2.")),
        "{problems:?}"
    );

    // Six sections; no narrative saved yet.
    let sections = v["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 6);
    assert_eq!(sections[0]["heading"], "一、总体情况");
    assert!(
        sections
            .iter()
            .all(|s| s["paragraphs"] == Value::Array(vec![]))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn problems_are_warned_about_without_failing() {
    let dir = setup("warn");
    let o = ok(gongkai(
        &dir,
        &["report", "annual", "--org", BUREAU, "--year", "2023"],
    ));
    let err = stderr(&o);
    assert!(err.contains("警告"), "{err}");
    assert!(err.contains("t2.licensing.decisions"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_year_without_data_is_an_all_zero_report() {
    let dir = setup("empty");
    let v = report_json(&dir, &["--org", BUREAU, "--year", "2015"]);
    assert_eq!(v["format"], "GBH-2021-30");
    assert_eq!(table3_keys(&v).len(), 25);
    for key in ROWS_30 {
        assert_eq!(row(&v, key), [0; 7], "{key}");
    }
    let t4 = v["table4"].as_array().unwrap();
    assert_eq!(t4.len(), 15);
    assert!(t4.iter().all(|n| n == 0));
    // Only the figures staff have not entered are reported, none of Tables 3 and 4.
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["cell"].as_str().unwrap().starts_with("t2."))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_60_format_year_has_its_rows() {
    let dir = setup("sixty");
    let v = report_json(&dir, &["--org", BUREAU, "--year", "2020"]);
    assert_eq!(v["format"], "GBH-2019-60");
    let keys = table3_keys(&v);
    assert_eq!(keys.len(), 23);
    assert!(keys.contains("other"));
    assert!(!keys.contains("other.no_correction"));
    let t2 = v["table2"].as_object().unwrap();
    assert!(t2.contains_key("other_services") && t2.contains_key("procurement"));
    let rules: BTreeSet<&str> = t2["rules"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        rules,
        BTreeSet::from(["issued", "published", "published_total"])
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn all_sums_a_government_and_its_departments() {
    let dir = setup("all");
    let own = report_json(&dir, &["--org", GOV, "--year", "2023"]);
    assert_eq!(row(&own, "new_received"), [0, 0, 0, 0, 0, 1, 1]);
    let all = report_json(&dir, &["--org", GOV, "--year", "2023", "--all"]);
    assert_eq!(row(&all, "new_received"), [2, 0, 0, 0, 0, 1, 3]);
    assert_eq!(row(&all, "granted"), [1, 0, 0, 0, 0, 1, 2]);
    assert_eq!(all["title"], "示范市人民政府2023年政府信息公开工作年度报告");
    assert_eq!(
        all["parts"],
        serde_json::json!(["示范市人民政府", "示范市民政局"])
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn html_is_a_standalone_page() {
    let dir = setup("html");
    let o = ok(gongkai(
        &dir,
        &[
            "report", "annual", "--org", BUREAU, "--year", "2023", "--format", "html",
        ],
    ));
    let page = stdout(&o);
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("<title>示范市民政局2023年政府信息公开工作年度报告</title>"));
    assert_eq!(page.matches("<table class=\"report-table\"").count(), 3);
    assert!(page.contains("三、收到和处理政府信息公开申请情况"));
    assert!(page.trim_end().ends_with("</html>"));

    // To a file as well.
    let file = dir.join("report.html");
    ok(gongkai(
        &dir,
        &[
            "report",
            "annual",
            "--org",
            BUREAU,
            "--year",
            "2023",
            "--format",
            "html",
            "--out",
            file.to_str().unwrap(),
        ],
    ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), page);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn zip_names(file: &Path) -> Vec<String> {
    let bytes = std::fs::read(file).unwrap();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    zip.file_names().map(|n| n.unwrap().into_owned()).collect()
}

#[test]
fn docx_and_xlsx_are_written_to_files() {
    let dir = setup("files");
    for (format, part) in [("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml")] {
        let file = dir.join(format!("report.{format}"));
        let o = ok(gongkai(
            &dir,
            &[
                "report",
                "annual",
                "--org",
                BUREAU,
                "--year",
                "2023",
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
            ],
        ));
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        let names = zip_names(&file);
        assert!(names.iter().any(|n| n == part), "{format}: {names:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_exits_with_status_2() {
    let dir = setup("bad");
    let code_and_err = |args: &[&str]| {
        let mut all = vec!["report", "annual"];
        all.extend_from_slice(args);
        let o = gongkai(&dir, &all);
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        (o.status.code(), stderr(&o))
    };

    let (code, err) = code_and_err(&["--org", "9999999999", "--year", "2023"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("机关代码 9999999999 不存在"), "{err}");

    let (code, err) = code_and_err(&["--org", BUREAU, "--year", "2023", "--format", "docx"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--out"), "{err}");

    let (code, err) = code_and_err(&["--org", BUREAU, "--year", "2007"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("年度应在"), "{err}");

    let (code, err) = code_and_err(&["--org", BUREAU, "--year", "2999"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("年度应在"), "{err}");

    let (code, _) = code_and_err(&["--org", BUREAU, "--format", "odt"]);
    assert_eq!(code, Some(2));

    #[cfg(not(feature = "pdf"))]
    {
        let out = dir.join("report.pdf");
        let (code, err) = code_and_err(&[
            "--org",
            BUREAU,
            "--year",
            "2023",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("此版本未包含PDF导出：请以 --features pdf 重新构建"),
            "{err}"
        );
        assert!(!out.exists());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// With the PDF export built in (and a CJK font installed, as CI does), `--format pdf` writes a
/// PDF.
#[cfg(feature = "pdf")]
#[test]
fn pdf_is_written_to_a_file() {
    let dir = setup("pdf");
    let file = dir.join("report.pdf");
    ok(gongkai(
        &dir,
        &[
            "report",
            "annual",
            "--org",
            BUREAU,
            "--year",
            "2023",
            "--format",
            "pdf",
            "--out",
            file.to_str().unwrap(),
        ],
    ));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    std::fs::remove_dir_all(&dir).unwrap();
}
