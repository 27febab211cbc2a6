//! Layout tests (feature `pdf`): the report is rendered to PDF with Typst and, from DOCX, through
//! LibreOffice; the pages are read back with poppler (`pdftotext -bbox-layout` for word boxes,
//! `pdftoppm` for pictures, `pdffonts`) and the tables are checked against the national format:
//! headers in order and centred over the columns they span, row labels in order, figures in the
//! column and row they belong to, and the ruled lines a merged cell leaves out. The files are kept
//! under `$TMPDIR/gongkai-export-layout/` for a look.
//!
//! Without the tools the tests print a skip line and pass, unless `GONGKAI_REQUIRE_RENDER=1`.
#![cfg(feature = "pdf")]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use gongkai_core::annual_report::{Money, Narrative, Report, ReportDocument, Table2};
use gongkai_core::application::applicant::ApplicantType::{self, *};
use gongkai_core::application::outcome::Outcome::{self, *};
use gongkai_core::application::outcome::{ReportFormat, ReportRow};
use gongkai_core::application::review::{ReviewCounting, ReviewKind, ReviewRecord, ReviewResult};
use gongkai_core::application::year::CaseRecord;
use gongkai_export::pdf;

// ---------------------------------------------------------------------------------------------
// The report

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cases() -> Vec<CaseRecord> {
    let mut out = Vec::new();
    let mut add = |n: usize, t: ApplicantType, received: &str, closed: Option<(Outcome, &str)>| {
        for _ in 0..n {
            out.push(CaseRecord {
                applicant_type: t,
                received_on: d(received),
                outcome: closed.map(|(o, _)| o),
                closed_on: closed.map(|(_, c)| d(c)),
            });
        }
    };
    add(
        7,
        NaturalPerson,
        "2025-03-01",
        Some((Granted, "2025-03-10")),
    );
    add(
        3,
        CommercialEnterprise,
        "2025-04-01",
        Some((DeniedThirdParty, "2025-04-20")),
    );
    add(
        2,
        ResearchInstitution,
        "2025-05-01",
        Some((UnableNotHeld, "2025-05-15")),
    );
    // Carried over from 2024, answered in 2025.
    add(
        4,
        PublicInterestOrg,
        "2024-12-20",
        Some((PartiallyGranted, "2025-01-10")),
    );
    // Still open at the end of 2025.
    add(6, LegalServiceOrg, "2025-12-20", None);
    add(1, Other, "2025-06-01", Some((OtherFeeUnpaid, "2025-07-01")));
    out
}

fn reviews() -> Vec<ReviewRecord> {
    use ReviewKind::*;
    use ReviewResult::*;
    let mut out = Vec::new();
    let mut add = |n: usize, kind: ReviewKind, result: Option<ReviewResult>| {
        for _ in 0..n {
            out.push(ReviewRecord {
                kind,
                filed_on: d("2025-03-01"),
                decided_on: result.map(|_| d("2025-06-01")),
                result,
            });
        }
    };
    add(2, Reconsideration, Some(Upheld));
    add(1, Reconsideration, Some(Corrected));
    add(5, DirectLitigation, Some(Corrected));
    add(1, DirectLitigation, None);
    add(8, LitigationAfterReconsideration, Some(Upheld));
    out
}

/// Text that would be markup if spliced into Typst source.
const MARKUP_LIKE: &str = r#"#import "x": * 与 *粗体* [链接] $x^2$ \ 反斜杠 _下划线_ @引用 <标签>"#;

fn document() -> ReportDocument {
    let mut t2 = Table2::zero();
    t2.normative_documents.issued = Some(3);
    t2.normative_documents.repealed = Some(1);
    t2.normative_documents.in_force = Some(17);
    t2.licensing.decisions = Some(412);
    t2.penalties.decisions = Some(5);
    t2.fees.amount = Some(Money::from_yuan_fen(3_500, 0));
    let report =
        Report::from_records(2025, t2, &cases(), &reviews(), ReviewCounting::default()).unwrap();
    let narrative = Narrative {
        overview: format!(
            "2025年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。\n{MARKUP_LIKE}"
        ),
        problems: "一是公开内容还不够全面。\n二是解读形式较为单一。".into(),
        other: "本年度未收取信息处理费。".into(),
    };
    ReportDocument::new("某市民政局", &report, &narrative)
}

// ---------------------------------------------------------------------------------------------
// Tools

/// Whether the tools run; if not, a skip line (or a failure with `GONGKAI_REQUIRE_RENDER=1`).
fn tools(names: &[&str], test: &str) -> bool {
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            Command::new(n)
                .arg(if *n == "soffice" { "--version" } else { "-v" })
                .output()
                .is_err()
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "{test}: missing {} (Debian: poppler-utils, libreoffice-writer-nogui)",
        missing.join(", ")
    );
    if std::env::var("GONGKAI_REQUIRE_RENDER").as_deref() == Ok("1") {
        panic!("{msg}, and GONGKAI_REQUIRE_RENDER=1");
    }
    eprintln!("{msg}: skipped");
    false
}

fn work_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join("gongkai-export-layout")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Word boxes

#[derive(Debug, Clone, Copy)]
struct Box2 {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    fn union(&self, o: &Box2) -> Box2 {
        Box2 {
            page: self.page,
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
    /// Reading position: page, then top.
    fn pos(&self) -> (usize, f64) {
        (self.page, self.y0)
    }
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    b: Box2,
}

/// The words of `pdftotext -bbox-layout` output, in its reading order, with their page.
fn words(xhtml: &str) -> Vec<Word> {
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let start = tag.find(&key).unwrap() + key.len();
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let mut out = Vec::new();
    let mut page = 0;
    let mut rest = xhtml;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..=end];
        if tag.starts_with("<page ") {
            page += 1;
        } else if tag.starts_with("<word ") {
            let close = rest.find("</word>").unwrap();
            let text = rest[end + 1..close]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            out.push(Word {
                text,
                b: Box2 {
                    page,
                    x0: attr(tag, "xMin"),
                    y0: attr(tag, "yMin"),
                    x1: attr(tag, "xMax"),
                    y1: attr(tag, "yMax"),
                },
            });
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end + 1..];
    }
    out
}

/// The words of one table: between its section heading and the next one.
struct Table<'a> {
    name: &'a str,
    words: Vec<Word>,
}

impl<'a> Table<'a> {
    fn between(all: &[Word], heading: &str, next: &str, name: &'a str) -> Table<'a> {
        let start = find_all(all, heading)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("heading {heading} not found"));
        let end = find_all(all, next)
            .into_iter()
            .find(|b| b.pos() > start.pos())
            .unwrap_or_else(|| panic!("heading {next} not found"));
        let words = all
            .iter()
            .filter(|w| w.b.pos() > (start.page, start.y1 - 0.5) && w.b.pos() < end.pos())
            .cloned()
            .collect();
        Table { name, words }
    }

    /// Every occurrence of `label`, possibly wrapped over several words (lines), in reading order.
    fn all(&self, label: &str) -> Vec<Box2> {
        find_all(&self.words, label)
    }

    fn one(&self, label: &str) -> Box2 {
        let found = self.all(label);
        assert_eq!(
            found.len(),
            1,
            "{}: “{label}” found {} times: {found:?}",
            self.name,
            found.len()
        );
        found[0]
    }

    /// The word standing where column `col` and row `row` meet.
    fn at(&self, col: &Box2, row: &Box2) -> String {
        let hits: Vec<&Word> = self
            .words
            .iter()
            .filter(|w| {
                w.b.page == row.page
                    && w.b.cx() > col.x0 - 1.0
                    && w.b.cx() < col.x1 + 1.0
                    && w.b.cy() > row.y0 - 1.0
                    && w.b.cy() < row.y1 + 1.0
            })
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{}: expected one word at column {col:?}, row {row:?}: {hits:?}",
            self.name
        );
        hits[0].text.clone()
    }
}

/// Occurrences of `label`: a word, or a cell's text wrapped over several lines, each part on the
/// next line and overlapping the previous one horizontally (or beside it on the same line). The
/// reading order of pdftotext may interleave the lines of neighbouring cells, so the parts are
/// found by position, not by order.
fn find_all(words: &[Word], label: &str) -> Vec<Box2> {
    let mut out = Vec::new();
    for (i, first) in words.iter().enumerate() {
        if first.text.is_empty() || !label.starts_with(&first.text) {
            continue;
        }
        let mut rest = &label[first.text.len()..];
        let mut prev = first.b;
        let mut b = first.b;
        let mut used = vec![i];
        while !rest.is_empty() {
            let height = prev.y1 - prev.y0;
            let next = words
                .iter()
                .enumerate()
                .filter(|(j, w)| {
                    !used.contains(j)
                        && !w.text.is_empty()
                        && rest.starts_with(&w.text)
                        && w.b.page == prev.page
                })
                .filter(|(_, w)| {
                    let next_line = w.b.y0 > prev.y0 + height * 0.5
                        && w.b.y0 < prev.y1 + height
                        && w.b.x0 < prev.x1
                        && w.b.x1 > prev.x0;
                    let same_line = (w.b.cy() - prev.cy()).abs() < height * 0.3
                        && w.b.x0 >= prev.x1 - 1.0
                        && w.b.x0 < prev.x1 + height;
                    next_line || same_line
                })
                .min_by(|(_, a), (_, c)| a.b.y0.total_cmp(&c.b.y0).then(a.b.x0.total_cmp(&c.b.x0)));
            let Some((j, w)) = next else {
                break;
            };
            used.push(j);
            rest = &rest[w.text.len()..];
            prev = w.b;
            b = b.union(&w.b);
        }
        if rest.is_empty() {
            out.push(b);
        }
    }
    out
}

/// `a` ends above `b` starts: on an earlier page or higher on the same one.
fn before(a: &Box2, b: &Box2) -> bool {
    a.page < b.page || (a.page == b.page && a.y1 <= b.y0)
}

fn assert_left_to_right(t: &Table, labels: &[&str]) -> Vec<Box2> {
    let boxes: Vec<Box2> = labels.iter().map(|l| t.one(l)).collect();
    for (i, pair) in boxes.windows(2).enumerate() {
        assert!(
            pair[0].page == pair[1].page && pair[0].x1 <= pair[1].x0,
            "{}: “{}” should be left of “{}”: {pair:?}",
            t.name,
            labels[i],
            labels[i + 1]
        );
    }
    boxes
}

fn assert_top_to_bottom(name: &str, labels: &[&str], boxes: &[Box2]) {
    for (i, pair) in boxes.windows(2).enumerate() {
        assert!(
            before(&pair[0], &pair[1]),
            "{name}: “{}” should be above “{}”: {pair:?}",
            labels[i],
            labels[i + 1]
        );
    }
}

/// `b`'s text is centred over the columns from `first` to `last` (a merged cell spanning them:
/// its centre is the middle of the outer columns' centres when the columns have equal widths).
fn assert_centred_over(name: &str, what: &str, b: &Box2, first: &Box2, last: &Box2, tol: f64) {
    let mid = (first.cx() + last.cx()) / 2.0;
    assert!(
        (b.cx() - mid).abs() <= tol,
        "{name}: “{what}” should be centred over its columns (at x = {mid:.1}), is at {:.1}",
        b.cx()
    );
}

fn assert_above(name: &str, what: &str, upper: &Box2, lower: &Box2) {
    assert!(
        before(upper, lower),
        "{name}: “{what}” should be above: {upper:?} {lower:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The checks on word boxes

const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

const APPLICANT_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Table 2 (30号): the block captions in order and centred over the table, the column headers
/// left to right, figures under their headers and beside their row labels, a figure spanning
/// three columns centred over them.
fn check_table2(all: &[Word], source: &str) {
    let name = format!("{source} 表二");
    let t = Table::between(all, HEADINGS[1], HEADINGS[2], &name);
    let captions = [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ];
    let caption_boxes: Vec<Box2> = captions.iter().map(|c| t.one(c)).collect();
    assert_top_to_bottom(&name, &captions, &caption_boxes);
    // 信息内容 heads the label column of each block.
    let info = t.all("信息内容");
    assert_eq!(info.len(), 4, "{name}: 信息内容 once per block");
    for (i, b) in info.iter().enumerate() {
        assert!(
            before(&caption_boxes[i], b) && (b.cx() - info[0].cx()).abs() < 1.0,
            "{name}: 信息内容 under caption {}",
            captions[i]
        );
    }
    let mut cols = vec![info[0]];
    cols.extend(assert_left_to_right(
        &t,
        &["本年制发件数", "本年废止件数", "现行有效件数"],
    ));
    assert!(cols[0].x1 <= cols[1].x0 && (cols[0].cy() - cols[1].cy()).abs() < 1.0);
    for c in &cols {
        assert_above(&name, "表头", &caption_boxes[0], c);
        assert_above(&name, "表头", c, &caption_boxes[1]);
    }
    // A caption spans all four columns: it is centred on the table. The table's edges follow from
    // the headers' centres: the figure columns are equally wide (w), and 信息内容 is centred in
    // the first column, whose right edge is the second column's left edge.
    let w = cols[2].cx() - cols[1].cx();
    let first_right = cols[1].cx() - w / 2.0;
    let left = 2.0 * cols[0].cx() - first_right;
    let right = cols[3].cx() + w / 2.0;
    for (c, b) in captions.iter().zip(&caption_boxes) {
        assert!(
            (b.cx() - (left + right) / 2.0).abs() < 3.0,
            "{name}: “{c}” centred on the table ({left:.1}..{right:.1}): {b:?}"
        );
    }
    let rows = ["规章", "行政规范性文件"];
    let row_boxes: Vec<Box2> = rows.iter().map(|r| t.one(r)).collect();
    assert_top_to_bottom(&name, &rows, &row_boxes);
    assert_above(&name, "表头", &cols[0], &row_boxes[0]);
    assert_above(&name, "行政规范性文件", &row_boxes[1], &caption_boxes[1]);
    assert_eq!(t.at(&cols[3], &row_boxes[1]), "17");
    assert_eq!(t.at(&cols[1], &row_boxes[1]), "3");
    assert_eq!(t.at(&cols[2], &row_boxes[0]), "0");
    // 行政许可 | 本年处理决定数量 spanning the three figure columns.
    let decisions = t.all("本年处理决定数量");
    assert_eq!(
        decisions.len(),
        2,
        "{name}: two blocks with 本年处理决定数量"
    );
    assert_centred_over(
        &name,
        "本年处理决定数量",
        &decisions[0],
        &cols[1],
        &cols[3],
        3.0,
    );
    let licensing = t.one("行政许可");
    assert_eq!(t.at(&decisions[0], &licensing), "412");
    let fee = t.one("行政事业性收费");
    let amount = t.one("本年收费金额（单位：万元）");
    assert_centred_over(&name, "本年收费金额", &amount, &cols[1], &cols[3], 3.0);
    assert_eq!(t.at(&amount, &fee), "0.35");
}

/// Where Table 3's parts are, for the picture checks.
struct Table3Layout {
    /// The pages of its first and last rows.
    page: usize,
    last_page: usize,
    /// Centre x of the first label column (三、本年度办理结果) and of the 自然人 column.
    label_col_x: f64,
    data_col_x: f64,
    /// Centre y of rows: the first header row, 一、本年新收 (3 label columns merged), （一）予以公开
    /// (2 merged), 1.本机关不掌握… (none merged).
    header_y: f64,
    new_received_y: f64,
    granted_y: f64,
    item_y: f64,
    top: f64,
    bottom: f64,
}

/// Table 3: the applicant headers, the row labels, the merges and a sample of the figures.
fn check_table3(all: &[Word], source: &str) -> Table3Layout {
    let name = format!("{source} 表三");
    let t = Table::between(all, HEADINGS[2], HEADINGS[3], &name);
    let cols = assert_left_to_right(&t, &APPLICANT_COLUMNS);
    // 申请人情况 over the seven columns, 法人或其他组织 over the five organisation columns, both
    // above them; 自然人 and 总计 span the two lower header rows (centred between them).
    let applicants = t.one("申请人情况");
    let organisations = t.one("法人或其他组织");
    assert_above(&name, "申请人情况", &applicants, &organisations);
    assert_above(&name, "法人或其他组织", &organisations, &cols[1]);
    assert_centred_over(&name, "申请人情况", &applicants, &cols[0], &cols[6], 3.0);
    assert_centred_over(
        &name,
        "法人或其他组织",
        &organisations,
        &cols[1],
        &cols[5],
        3.0,
    );
    for org in &cols[1..6] {
        assert!(
            org.y0 >= organisations.y1,
            "{name}: organisation columns below their group"
        );
    }
    for spanning in [&cols[0], &cols[6]] {
        assert!(
            spanning.cy() > organisations.cy() + 3.0 && spanning.cy() < cols[1].cy() - 3.0,
            "{name}: 自然人 and 总计 span two header rows: {spanning:?}"
        );
    }
    // The row labels, top to bottom, in the format's order (the most specific label of each row).
    let format = ReportFormat::Gbh2021_30;
    let rows = format.rows();
    let labels: Vec<&str> = rows.iter().map(|r| r.label()).collect();
    let boxes: Vec<Box2> = labels.iter().map(|l| t.one(l)).collect();
    assert_top_to_bottom(&name, &labels, &boxes);
    assert_above(&name, "表头", &cols[1], &boxes[0]);
    // Level 1 「三、本年度办理结果」 spans the outcome rows; level 2 groups span their items.
    let three = t.one(ReportRow::TotalHandled.level1());
    let first_outcome = boxes[2];
    let total_handled = boxes[rows.len() - 2];
    // (Checked where the rows are on one page: a word processor may break the table.)
    if first_outcome.page == total_handled.page {
        assert!(
            three.cy() > first_outcome.y1 && three.cy() < total_handled.y0,
            "{name}: 三、本年度办理结果 spans the outcome rows"
        );
    }
    for group in [
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ] {
        let g = t.one(group);
        let items: Vec<&Box2> = rows
            .iter()
            .zip(&boxes)
            .filter(|(r, _)| r.level2() == Some(group))
            .map(|(_, b)| b)
            .collect();
        let (first, last) = (items[0], items[items.len() - 1]);
        assert!(
            g.x1 < first.x0 && g.x0 > three.x1,
            "{name}: “{group}” in the second label column: {g:?}"
        );
        if first.page == last.page {
            assert!(
                g.cy() >= first.y0 && g.cy() <= last.y1,
                "{name}: “{group}” spans its items {first:?}..{last:?}: {g:?}"
            );
        }
    }
    // 一、 spans the three label columns: centred right of the first label column's centre.
    assert!(
        boxes[0].cx() > three.x1,
        "{name}: “一、本年新收…” spans the label columns"
    );
    // （一）予以公开 spans the second and third label columns: centred right of the second
    // column's centre (where the groups spanning rows stand).
    let granted = boxes[2];
    let denied = t.one("（三）不予公开");
    assert!(
        granted.x0 > three.x1 && granted.cx() > denied.cx() + 10.0,
        "{name}: （一）予以公开 spans two label columns: {granted:?}, {denied:?}"
    );
    // Figures where their column and row meet.
    let row = |r: ReportRow| boxes[rows.iter().position(|x| *x == r).unwrap()];
    let checks = [
        (ReportRow::NewReceived, 6, "19"),
        (ReportRow::NewReceived, 4, "6"),
        (ReportRow::CarriedOverFromPrev, 3, "4"),
        (ReportRow::CarriedOverFromPrev, 0, "0"),
        (ReportRow::Outcome(Granted), 0, "7"),
        (ReportRow::Outcome(PartiallyGranted), 3, "4"),
        (ReportRow::Outcome(DeniedThirdParty), 1, "3"),
        (ReportRow::Outcome(UnableNotHeld), 2, "2"),
        (ReportRow::Outcome(OtherFeeUnpaid), 5, "1"),
        (ReportRow::TotalHandled, 6, "17"),
        (ReportRow::CarriedToNext, 4, "6"),
        (ReportRow::CarriedToNext, 6, "6"),
    ];
    for (r, c, want) in checks {
        assert_eq!(
            t.at(&cols[c], &row(r)),
            want,
            "{name}: {} × {}",
            r.label(),
            APPLICANT_COLUMNS[c]
        );
    }
    let last = boxes[rows.len() - 1];
    Table3Layout {
        page: applicants.page,
        last_page: last.page,
        label_col_x: three.cx(),
        data_col_x: cols[0].cx(),
        header_y: applicants.cy(),
        new_received_y: boxes[0].cy(),
        granted_y: granted.cy(),
        item_y: row(ReportRow::Outcome(UnableNotHeld)).cy(),
        top: applicants.y0 - 10.0,
        bottom: last.y1 + 10.0,
    }
}

/// Table 4: 行政复议 over the first five columns, 行政诉讼 over the ten others, the two litigation
/// blocks over theirs, the result headers in order, the figures under them.
fn check_table4(all: &[Word], source: &str) {
    let name = format!("{source} 表四");
    let t = Table::between(all, HEADINGS[3], HEADINGS[4], &name);
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    let mut blocks: Vec<Vec<Box2>> = Vec::new();
    for (i, r) in results.iter().enumerate() {
        let mut found = t.all(r);
        found.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        assert_eq!(found.len(), 3, "{name}: “{r}” once per block");
        for (k, b) in found.into_iter().enumerate() {
            if i == 0 {
                blocks.push(Vec::new());
            }
            blocks[k].push(b);
        }
    }
    for (k, block) in blocks.iter().enumerate() {
        for (i, pair) in block.windows(2).enumerate() {
            assert!(
                pair[0].x1 <= pair[1].x0,
                "{name}: block {k}: “{}” left of “{}”",
                results[i],
                results[i + 1]
            );
        }
    }
    assert!(blocks[0][4].x1 <= blocks[1][0].x0 && blocks[1][4].x1 <= blocks[2][0].x0);
    let reconsideration = t.one("行政复议");
    let litigation = t.one("行政诉讼");
    let direct = t.one("未经复议直接起诉");
    let after = t.one("复议后起诉");
    assert_centred_over(
        &name,
        "行政复议",
        &reconsideration,
        &blocks[0][0],
        &blocks[0][4],
        3.0,
    );
    assert_centred_over(
        &name,
        "行政诉讼",
        &litigation,
        &blocks[1][0],
        &blocks[2][4],
        3.0,
    );
    assert_centred_over(
        &name,
        "未经复议直接起诉",
        &direct,
        &blocks[1][0],
        &blocks[1][4],
        3.0,
    );
    assert_centred_over(
        &name,
        "复议后起诉",
        &after,
        &blocks[2][0],
        &blocks[2][4],
        3.0,
    );
    assert_above(&name, "行政复议", &reconsideration, &blocks[0][0]);
    assert_above(&name, "行政诉讼", &litigation, &direct);
    assert_above(&name, "未经复议直接起诉", &direct, &blocks[1][0]);
    assert_above(&name, "复议后起诉", &after, &blocks[2][0]);
    // The reconsideration results span the two lower header rows.
    for b in &blocks[0] {
        assert!(
            b.cy() > direct.cy() + 3.0 && b.cy() < blocks[1][0].cy() - 3.0,
            "{name}: 行政复议's result headers span two rows: {b:?}"
        );
    }
    // The data row: below the headers.
    let data_row = Box2 {
        page: blocks[1][0].page,
        x0: 0.0,
        x1: 1e6,
        y0: blocks[1][0].y1 + 1.0,
        y1: blocks[1][0].y1 + 40.0,
    };
    let expect = [
        ["2", "1", "0", "0", "3"],
        ["0", "5", "0", "1", "6"],
        ["8", "0", "0", "0", "8"],
    ];
    for (k, block) in blocks.iter().enumerate() {
        for (i, col) in block.iter().enumerate() {
            assert_eq!(
                t.at(col, &data_row),
                expect[k][i],
                "{name}: block {k} “{}”",
                results[i]
            );
        }
    }
}

/// The checks on the word boxes of a rendered report; Table 3's layout for the picture checks.
fn check_words(pdf_path: &Path, dir: &Path, source: &str) -> (Vec<Word>, Table3Layout) {
    let bbox = dir.join("words.html");
    run(Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf_path)
        .arg(&bbox));
    let all = words(&std::fs::read_to_string(&bbox).unwrap());
    assert!(!all.is_empty(), "{source}: no text in the PDF");
    let title = find_all(&all, "某市民政局2025年政府信息公开工作年度报告");
    assert_eq!(title.len(), 1, "{source}: the title once");
    let heads: Vec<Box2> = HEADINGS
        .iter()
        .map(|h| {
            find_all(&all, h)
                .into_iter()
                .next()
                .unwrap_or_else(|| panic!("{source}: heading {h}"))
        })
        .collect();
    assert_top_to_bottom(source, &HEADINGS, &heads);
    check_table2(&all, source);
    let t3 = check_table3(&all, source);
    check_table4(&all, source);
    (all, t3)
}

// ---------------------------------------------------------------------------------------------
// Pictures

struct Picture {
    width: usize,
    height: usize,
    /// Luminance, row by row.
    luma: Vec<u8>,
}

impl Picture {
    fn read(path: &Path) -> Picture {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.color_type.samples();
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        let luma = buf[..info.buffer_size()]
            .chunks(channels)
            .map(|p| match channels {
                1 | 2 => p[0],
                _ => ((p[0] as u32 * 299 + p[1] as u32 * 587 + p[2] as u32 * 114) / 1000) as u8,
            })
            .collect();
        Picture {
            width: info.width as usize,
            height: info.height as usize,
            luma,
        }
    }

    fn dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.height && self.luma[y * self.width + x] < 190
    }

    /// Dark run through (x, y): vertical length.
    fn vertical_run(&self, x: usize, y: usize) -> usize {
        if !self.dark(x, y) {
            return 0;
        }
        let up = (0..y).rev().take_while(|&yy| self.dark(x, yy)).count();
        let down = (y + 1..self.height)
            .take_while(|&yy| self.dark(x, yy))
            .count();
        up + down + 1
    }

    fn horizontal_run(&self, x: usize, y: usize) -> usize {
        if !self.dark(x, y) {
            return 0;
        }
        let left = (0..x).rev().take_while(|&xx| self.dark(xx, y)).count();
        let right = (x + 1..self.width)
            .take_while(|&xx| self.dark(xx, y))
            .count();
        left + right + 1
    }

    /// Vertical ruled lines crossing the horizontal line `y`: dark runs reaching at least `min`
    /// pixels up and down, adjacent pixels counted once.
    fn vertical_lines_at(&self, y: usize, min: usize) -> Vec<usize> {
        let hits = (0..self.width).filter(|&x| self.vertical_run(x, y) >= min);
        clusters(hits)
    }

    /// Horizontal ruled lines crossing the vertical line `x` between `top` and `bottom`.
    fn horizontal_lines_at(&self, x: usize, top: usize, bottom: usize, min: usize) -> Vec<usize> {
        let hits = (top..bottom.min(self.height)).filter(|&y| self.horizontal_run(x, y) >= min);
        clusters(hits)
    }
}

/// Runs of adjacent positions, each as its first position.
fn clusters(positions: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut last = None;
    for p in positions {
        if last.is_none_or(|l: usize| p > l + 1) {
            out.push(p);
        }
        last = Some(p);
    }
    out
}

/// Renders the page of Table 3 at 72 dpi (one pixel per point, as the word boxes) and counts its
/// ruled lines: the vertical ones crossing a row tell which cells are merged across columns, the
/// horizontal ones crossing a column which are merged across rows.
fn check_picture(pdf_path: &Path, dir: &Path, t3: &Table3Layout, source: &str) {
    let prefix = dir.join("page");
    run(Command::new("pdftoppm")
        .args(["-r", "72", "-png"])
        .arg(pdf_path)
        .arg(&prefix));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pages.sort();
    assert!(pages.len() >= t3.page, "{source}: pages rendered");
    let pic = Picture::read(&pages[t3.page - 1]);
    eprintln!("{source}: Table 3 is on {}", pages[t3.page - 1].display());
    let y = |v: f64| v.round() as usize;
    // Table 3 has 10 grid columns (11 boundaries): 3 label columns and 7 figure columns.
    let expect = [
        // The first header row: the corner (3×3) and 申请人情况 (7 columns).
        (t3.header_y, 3, "第一行表头"),
        // 一、本年新收…: the three label columns merged.
        (t3.new_received_y, 9, "一、本年新收政府信息公开申请数量"),
        // （一）予以公开: the last two label columns merged.
        (t3.granted_y, 10, "（一）予以公开"),
        // 1.本机关不掌握相关政府信息: no merge across columns.
        (t3.item_y, 11, "1.本机关不掌握相关政府信息"),
    ];
    for (row_y, n, what) in expect {
        let lines = pic.vertical_lines_at(y(row_y), 14);
        eprintln!("{source}: row “{what}”: vertical lines at x = {lines:?}");
        assert_eq!(
            lines.len(),
            n,
            "{source}: vertical lines crossing the row “{what}” at y = {row_y:.0}: {lines:?}"
        );
    }
    // Down the first label column: the top, the line under the header, 一、, 二、, the end of
    // the rows of 三 (merged over 23 rows) and the bottom. Down a figure column: every row.
    let (top, bottom) = (y(t3.top), y(t3.bottom));
    let first = pic.horizontal_lines_at(y(t3.label_col_x), top, bottom, 15);
    assert_eq!(
        first.len(),
        6,
        "{source}: horizontal lines down the first label column: {first:?}"
    );
    let data = pic.horizontal_lines_at(y(t3.data_col_x), top, bottom, 15);
    // 3 header rows (自然人 spans the lower two) and 25 rows: 1 + 1 + 1 + 25 boundaries.
    assert_eq!(
        data.len(),
        28,
        "{source}: horizontal lines down the 自然人 column: {data:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn pdf_tables_are_laid_out_as_in_the_national_format() {
    if !tools(&["pdftotext", "pdftoppm", "pdffonts"], "pdf layout") {
        return;
    }
    let dir = work_dir("pdf");
    let bytes = pdf::render(&document(), &pdf::default_font_dirs()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let path = dir.join("report.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let (_, t3) = check_words(&path, &dir, "PDF");
    assert_eq!(t3.page, t3.last_page, "PDF: Table 3 on one page");
    check_picture(&path, &dir, &t3, "PDF");

    // Text that looks like Typst markup is printed as it is.
    let text = run(Command::new("pdftotext").arg(&path).arg("-"));
    let flat: String = text.lines().collect();
    assert!(
        flat.contains(MARKUP_LIKE),
        "markup-like text printed literally; got:\n{text}"
    );

    // The CJK fonts are embedded (subsets).
    let fonts = run(Command::new("pdffonts").arg(&path));
    let embedded = embedded_fonts(&fonts);
    assert!(
        embedded
            .iter()
            .any(|(n, e)| n.contains("NotoSerifCJK") && *e)
            && embedded
                .iter()
                .any(|(n, e)| n.contains("NotoSansCJK") && *e),
        "Noto Serif/Sans CJK embedded:\n{fonts}"
    );
    assert!(
        embedded.iter().all(|(_, e)| *e),
        "every font embedded:\n{fonts}"
    );
}

/// `pdffonts` output as (name, embedded) pairs. A long name pushes the other columns right, so
/// the fields are read from the end: … emb sub uni object ID.
fn embedded_fonts(out: &str) -> Vec<(String, bool)> {
    out.lines()
        .skip(2)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 6).then(|| (f[0].to_string(), f[f.len() - 5] == "yes"))
        })
        .collect()
}

/// The DOCX export, converted to PDF by LibreOffice, passes the same checks (the picture checks
/// when LibreOffice keeps Table 3 on one page).
#[test]
fn docx_tables_are_laid_out_as_in_the_national_format() {
    if !tools(&["soffice", "pdftotext", "pdftoppm"], "docx layout") {
        return;
    }
    let dir = work_dir("docx");
    let bytes = gongkai_export::docx::render(&document()).unwrap();
    let docx = dir.join("report.docx");
    std::fs::write(&docx, &bytes).unwrap();
    // A fresh profile: no state shared with another run or a desktop session.
    let profile = dir.join("lo-profile");
    run(Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&docx));
    let path = dir.join("report.pdf");
    assert!(path.is_file(), "LibreOffice wrote no PDF");
    let (_, t3) = check_words(&path, &dir, "DOCX");
    if t3.page == t3.last_page {
        check_picture(&path, &dir, &t3, "DOCX");
    } else {
        eprintln!("DOCX: Table 3 runs over two pages; picture checks skipped");
    }
}

#[test]
fn no_cjk_font_is_an_error() {
    let dir = work_dir("no-fonts");
    // DejaVu has no Chinese glyphs; an empty directory has no fonts at all.
    let mut dirs = vec![dir];
    if Path::new("/usr/share/fonts/truetype/dejavu").is_dir() {
        dirs.push(PathBuf::from("/usr/share/fonts/truetype/dejavu"));
    }
    match pdf::render(&document(), &dirs) {
        Err(gongkai_export::ExportError::Fonts(msg)) => assert!(msg.contains("fonts-noto-cjk")),
        other => panic!("expected a font error, got {:?}", other.map(|b| b.len())),
    }
}
