//! Structure of the DOCX and XLSX exports of a real report: the files are unzipped and their XML
//! read back, and what is found (tables, merged cells, figures, order of the text) is compared
//! with the core `ReportDocument` and with spans worked out here from its grids.

mod common;

use common::{El, Workbook, XCell, parse, unzip, workbook};

use chrono::NaiveDate;
use gongkai_core::annual_report::{Grid, Narrative, Report, ReportDocument, Table2};
use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::application::outcome::Outcome;
use gongkai_core::application::review::ReviewCounting;
use gongkai_core::application::year::CaseRecord;
use gongkai_export::{docx, xlsx};
use std::collections::{BTreeMap, BTreeSet};

// ---------------------------------------------------------------------------------------------
// The report under test.

fn case(t: ApplicantType, received: &str, closed: Option<(Outcome, &str)>) -> CaseRecord {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    CaseRecord {
        applicant_type: t,
        received_on: d(received),
        outcome: closed.map(|(o, _)| o),
        closed_on: closed.map(|(_, c)| d(c)),
    }
}

/// 2025: three requests of natural persons, one of a company (still open), one of a law firm.
fn document() -> ReportDocument {
    use ApplicantType::*;
    use Outcome::*;
    let cases = [
        case(NaturalPerson, "2025-03-01", Some((Granted, "2025-03-15"))),
        case(NaturalPerson, "2025-04-01", Some((Granted, "2025-04-10"))),
        case(
            NaturalPerson,
            "2025-05-01",
            Some((PartiallyGranted, "2025-05-20")),
        ),
        case(CommercialEnterprise, "2025-12-20", None),
        case(
            LegalServiceOrg,
            "2025-06-01",
            Some((DeniedThirdParty, "2025-06-20")),
        ),
    ];
    let mut t2 = Table2::zero();
    t2.set("t2.licensing.decisions", "412").unwrap();
    t2.set("t2.fees.amount", "0.35").unwrap();
    // Left unknown: rendered as an empty cell.
    t2.set("t2.rules.repealed", "").unwrap();
    let report =
        Report::from_records(2025, t2, &cases, &[], ReviewCounting::default()).expect("counted");
    let narrative = Narrative {
        overview: "本年度，我局认真贯彻落实《条例》。\n\n全年主动公开政府信息120条。".into(),
        problems: "公开内容的时效性有待提高。".into(),
        other: "本年度未收取信息处理费。".into(),
    };
    ReportDocument::new("某市民政局", &report, &narrative)
}

const NEW_RECEIVED: &str = "一、本年新收政府信息公开申请数量";
/// The figures of 「一、本年新收…」: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
const NEW_RECEIVED_FIGURES: [&str; 7] = ["3", "1", "0", "0", "1", "0", "5"];

// ---------------------------------------------------------------------------------------------
// Grids as laid out, worked out here independently of the exporters.

/// A cell of a grid with its position (zero-based row, first column) and spans.
#[derive(Debug, Clone, PartialEq, Eq)]
struct At {
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    text: String,
    header: bool,
    key: Option<String>,
}

/// Every cell of `grid` at its position: a cell goes to the first column of its row not
/// covered by a cell placed before it (a span from a row above or a cell to its left).
fn positions(grid: &Grid) -> (usize, Vec<At>) {
    let width = grid.width().expect("a rectangular grid");
    let mut used = BTreeSet::new();
    let mut out = Vec::new();
    for (r, row) in grid.rows.iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while used.contains(&(r, c)) {
                c += 1;
            }
            for rr in r..r + cell.rowspan as usize {
                for cc in c..c + cell.colspan as usize {
                    assert!(used.insert((rr, cc)), "overlap at {rr},{cc}");
                }
            }
            out.push(At {
                row: r,
                col: c,
                rowspan: cell.rowspan as usize,
                colspan: cell.colspan as usize,
                text: cell.text.clone(),
                header: cell.header,
                key: cell.key.clone(),
            });
            c += cell.colspan as usize;
        }
    }
    assert_eq!(
        used.len(),
        width * grid.rows.len(),
        "every position covered once"
    );
    (width, out)
}

/// The layout of a grid as (text, rowspan, colspan) per row, as in the grid's rows.
fn layout(grid: &Grid) -> Vec<Vec<(String, usize, usize)>> {
    grid.rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| (c.text.clone(), c.rowspan as usize, c.colspan as usize))
                .collect()
        })
        .collect()
}

fn column_letters(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// `A1`-style name of zero-based (row, col).
fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

// ---------------------------------------------------------------------------------------------
// DOCX

/// A body child of the DOCX: a paragraph's text or a table.
#[derive(Debug)]
enum Block {
    P(String),
    Table,
}

fn body_blocks(document: &El) -> Vec<Block> {
    let body = document.get("w:body").expect("w:body");
    body.elements()
        .filter_map(|e| match e.name.as_str() {
            "w:p" => Some(Block::P(e.text())),
            "w:tbl" => Some(Block::Table),
            _ => None,
        })
        .collect()
}

/// One `w:tc` of a DOCX table row: its first grid column, span, vertical merge, text, bold.
#[derive(Debug)]
struct Tc {
    col: usize,
    span: usize,
    vmerge: Option<String>,
    text: String,
    bold: bool,
    borders: Vec<(String, String)>,
}

fn table_rows(tbl: &El) -> Vec<Vec<Tc>> {
    tbl.all("w:tr")
        .map(|tr| {
            let mut col = 0;
            tr.all("w:tc")
                .map(|tc| {
                    let pr = tc.get("w:tcPr");
                    let span = pr
                        .and_then(|p| p.get("w:gridSpan"))
                        .map_or(1, |g| g.attr("w:val").unwrap().parse().unwrap());
                    let vmerge = pr
                        .and_then(|p| p.get("w:vMerge"))
                        .map(|v| v.attr("w:val").unwrap_or("continue").to_string());
                    let borders = pr
                        .and_then(|p| p.get("w:tcBorders"))
                        .map(|b| {
                            b.elements()
                                .map(|e| (e.name.clone(), e.attr("w:val").unwrap_or("").into()))
                                .collect()
                        })
                        .unwrap_or_default();
                    let runs = tc.find("w:r");
                    let bold = !runs.is_empty()
                        && runs
                            .iter()
                            .all(|r| r.get("w:rPr").and_then(|p| p.get("w:b")).is_some());
                    let out = Tc {
                        col,
                        span,
                        vmerge,
                        text: tc.text(),
                        bold,
                        borders,
                    };
                    col += span;
                    out
                })
                .collect()
        })
        .collect()
}

/// The table read back as (text, rowspan, colspan) per row, the covered cells left out (as in a
/// grid): a cell's rowspan is 1 plus the continuation cells in its column in the rows below.
fn docx_layout(rows: &[Vec<Tc>]) -> Vec<Vec<(String, usize, usize)>> {
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .filter(|tc| tc.vmerge.as_deref() != Some("continue"))
                .map(|tc| {
                    let mut rowspan = 1;
                    if tc.vmerge.as_deref() == Some("restart") {
                        for below in &rows[r + 1..] {
                            let cont = below.iter().find(|b| b.col == tc.col).is_some_and(|b| {
                                b.vmerge.as_deref() == Some("continue") && b.span == tc.span
                            });
                            if !cont {
                                break;
                            }
                            rowspan += 1;
                        }
                    }
                    (tc.text.clone(), rowspan, tc.span)
                })
                .collect()
        })
        .collect()
}

fn run_fonts(p: &El) -> (Option<String>, Option<String>, bool) {
    let r = p.find("w:r").into_iter().next().expect("a run");
    let pr = r.get("w:rPr").expect("run properties");
    (
        pr.get("w:rFonts")
            .and_then(|f| f.attr("w:eastAsia"))
            .map(str::to_string),
        pr.get("w:sz")
            .and_then(|f| f.attr("w:val"))
            .map(str::to_string),
        pr.get("w:b").is_some(),
    )
}

#[test]
fn docx_has_the_title_the_sections_in_order_and_three_tables() {
    let doc = document();
    let bytes = docx::render(&doc).expect("rendered");
    let xml = unzip(&bytes, "word/document.xml");
    let root = parse(&xml);
    let blocks = body_blocks(&root);

    let tables: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter_map(|(i, b)| matches!(b, Block::Table).then_some(i))
        .collect();
    assert_eq!(tables.len(), 3, "three tables");
    assert_eq!(root.find("w:tbl").len(), 3, "no nested tables");

    let para = |i: usize| match &blocks[i] {
        Block::P(t) => t.as_str(),
        Block::Table => "<table>",
    };
    assert_eq!(para(0), doc.title);
    assert_eq!(para(1), doc.opening);
    // Headings in order, each followed by its paragraphs; tables right after headings 二 to 四.
    let find = |text: &str| {
        (0..blocks.len())
            .find(|i| para(*i) == text)
            .unwrap_or_else(|| panic!("“{text}” in the document"))
    };
    let heads: Vec<usize> = doc.sections.iter().map(|s| find(&s.heading)).collect();
    assert!(
        heads.windows(2).all(|w| w[0] < w[1]),
        "headings in order: {heads:?}"
    );
    assert!(heads[0] > 1);
    for (s, section) in doc.sections.iter().enumerate() {
        for (k, p) in section.paragraphs.iter().enumerate() {
            assert_eq!(para(heads[s] + 1 + k), p, "paragraph {k} of section {s}");
        }
    }
    assert_eq!(doc.sections[0].paragraphs.len(), 2);
    for (t, s) in [(0, 1), (1, 2), (2, 3)] {
        assert_eq!(tables[t], heads[s] + 1, "table {t} right after its heading");
        assert!(tables[t] < heads[s + 1]);
    }

    // Fonts and sizes of the title, a heading and a body paragraph.
    let body = root.get("w:body").unwrap();
    let ps: Vec<&El> = body.all("w:p").collect();
    assert_eq!(
        ps[0]
            .get("w:pPr")
            .and_then(|p| p.get("w:jc"))
            .and_then(|j| j.attr("w:val")),
        Some("center")
    );
    assert_eq!(
        run_fonts(ps[0]),
        (Some("方正小标宋简体".into()), Some("44".into()), true)
    );
    let heading = ps
        .iter()
        .find(|p| p.text() == doc.sections[0].heading)
        .unwrap();
    assert_eq!(
        run_fonts(heading),
        (Some("黑体".into()), Some("32".into()), false)
    );
    let first_line = |p: &El| {
        p.get("w:pPr")
            .and_then(|p| p.get("w:ind"))
            .and_then(|i| i.attr("w:firstLine"))
            .map(str::to_string)
    };
    let overview = ps
        .iter()
        .find(|p| p.text() == doc.sections[0].paragraphs[0])
        .unwrap();
    assert_eq!(run_fonts(overview).0.as_deref(), Some("仿宋_GB2312"));
    assert_eq!(run_fonts(overview).1.as_deref(), Some("32"));
    assert_eq!(
        first_line(overview).as_deref(),
        Some("640"),
        "2 characters of 16 pt"
    );

    // A4 portrait.
    let size = body
        .get("w:sectPr")
        .and_then(|s| s.get("w:pgSz"))
        .expect("page size");
    assert_eq!(
        (size.attr("w:w"), size.attr("w:h")),
        (Some("11906"), Some("16838"))
    );
}

#[test]
fn docx_tables_keep_every_merged_cell() {
    let doc = document();
    let bytes = docx::render(&doc).expect("rendered");
    let root = parse(&unzip(&bytes, "word/document.xml"));
    let tbls = root.find("w:tbl");
    let grids = doc.tables();
    assert_eq!(tbls.len(), grids.len());
    for (tbl, (heading, grid)) in tbls.iter().zip(&grids) {
        let (width, cells) = positions(grid);
        let cols: Vec<usize> = tbl
            .get("w:tblGrid")
            .expect("w:tblGrid")
            .all("w:gridCol")
            .map(|c| c.attr("w:w").unwrap().parse().unwrap())
            .collect();
        assert_eq!(cols.len(), width, "{heading}: grid columns");
        let table_width: usize = tbl
            .get("w:tblPr")
            .and_then(|p| p.get("w:tblW"))
            .and_then(|w| w.attr("w:w"))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            cols.iter().sum::<usize>(),
            table_width,
            "{heading}: table width"
        );
        // The text block of A4 with the margins of GB/T 9704 (28 mm + 26 mm): 8845 twips.
        assert!(
            (8830..=8845).contains(&table_width),
            "{heading}: fills the text block: {table_width}"
        );

        let rows = table_rows(tbl);
        assert_eq!(rows.len(), grid.rows.len(), "{heading}: rows");
        for (r, row) in rows.iter().enumerate() {
            let covered: usize = row.iter().map(|tc| tc.span).sum();
            assert_eq!(covered, width, "{heading}: row {r} covers the full width");
            for tc in row {
                let mut sides: Vec<_> = tc
                    .borders
                    .iter()
                    .filter(|(_, v)| v == "single")
                    .map(|(n, _)| n.as_str())
                    .collect();
                sides.sort();
                assert_eq!(
                    sides,
                    ["w:bottom", "w:left", "w:right", "w:top"],
                    "{heading}: borders of row {r}"
                );
            }
        }
        let all: Vec<&Tc> = rows.iter().flatten().collect();
        let restarts = all
            .iter()
            .filter(|t| t.vmerge.as_deref() == Some("restart"))
            .count();
        let continues = all
            .iter()
            .filter(|t| t.vmerge.as_deref() == Some("continue"))
            .count();
        let spanned = all
            .iter()
            .filter(|t| t.span > 1 && t.vmerge.as_deref() != Some("continue"))
            .count();
        assert_eq!(
            restarts,
            cells.iter().filter(|c| c.rowspan > 1).count(),
            "{heading}: vMerge restart cells"
        );
        assert_eq!(
            continues,
            cells.iter().map(|c| c.rowspan - 1).sum::<usize>(),
            "{heading}: vMerge continuation cells"
        );
        assert_eq!(
            spanned,
            cells.iter().filter(|c| c.colspan > 1).count(),
            "{heading}: gridSpan cells"
        );
        // Read back, the table is the grid: same texts, same spans, same rows.
        assert_eq!(docx_layout(&rows), layout(grid), "{heading}: layout");
        // Labels bold, figures not; each cell at the position the grid gives it.
        let starts: Vec<&Tc> = all
            .iter()
            .copied()
            .filter(|t| t.vmerge.as_deref() != Some("continue"))
            .collect();
        for (tc, at) in starts.iter().zip(&cells) {
            assert_eq!(tc.col, at.col, "{heading}: “{}” column", at.text);
            assert_eq!(tc.bold, at.header, "{heading}: “{}” bold", at.text);
        }
    }

    // Table 3: 10 columns, the 7 figure columns of equal width, corner 3 × 3.
    let t3 = tbls[1];
    let cols: Vec<usize> = t3
        .get("w:tblGrid")
        .unwrap()
        .all("w:gridCol")
        .map(|c| c.attr("w:w").unwrap().parse().unwrap())
        .collect();
    assert_eq!(cols.len(), 10);
    assert!(
        cols[3..].iter().all(|w| *w == cols[3]),
        "equal figure columns: {cols:?}"
    );
    let rows = table_rows(t3);
    assert_eq!(rows[0][0].span, 3);
    assert_eq!(rows[0][0].vmerge.as_deref(), Some("restart"));
    for row in &rows[1..3] {
        let first = &row[0];
        assert_eq!(
            (first.span, first.vmerge.as_deref(), first.text.as_str()),
            (3, Some("continue"), "")
        );
    }
    assert_eq!(rows[3][0].vmerge, None, "the corner ends after three rows");
    assert_eq!(
        (rows[0][1].text.as_str(), rows[0][1].span),
        ("申请人情况", 7)
    );
}

#[test]
fn docx_figures_are_in_their_rows() {
    let doc = document();
    let bytes = docx::render(&doc).expect("rendered");
    let root = parse(&unzip(&bytes, "word/document.xml"));
    let tbls = root.find("w:tbl");
    let texts = |tbl: &El, label: &str| -> Vec<String> {
        let rows = table_rows(tbl);
        let row = rows
            .iter()
            .find(|r| r.iter().any(|tc| tc.text == label))
            .unwrap_or_else(|| panic!("a row “{label}”"));
        row.iter()
            .skip_while(|tc| tc.text != label)
            .skip(1)
            .map(|tc| tc.text.clone())
            .collect()
    };
    assert_eq!(texts(tbls[1], NEW_RECEIVED), NEW_RECEIVED_FIGURES);
    assert_eq!(texts(tbls[0], "行政许可"), ["412"]);
    assert_eq!(texts(tbls[0], "行政事业性收费"), ["0.35"]);
    assert_eq!(texts(tbls[0], "规章"), ["0", "", "0"]);
    // The same figures as the core grid.
    let t3 = doc.sections[2].table.as_ref().unwrap();
    assert_eq!(t3.cell("t3.new_received.natural_person").unwrap().text, "3");
    assert_eq!(t3.cell("t3.new_received.total").unwrap().text, "5");
}

// ---------------------------------------------------------------------------------------------
// XLSX

impl Workbook {
    fn cells(&self, name: &str) -> BTreeMap<String, XCell> {
        self.sheet(name)
            .get("sheetData")
            .expect("sheetData")
            .all("row")
            .flat_map(|r| r.all("c"))
            .map(|c| {
                (
                    c.attr("r").unwrap().to_string(),
                    XCell {
                        t: c.attr("t").map(str::to_string),
                        s: c.attr("s").map_or(0, |s| s.parse().unwrap()),
                        v: c.get("v").map(El::text),
                    },
                )
            })
            .collect()
    }

    /// The text shown in a cell (a shared string resolved).
    fn shown(&self, c: &XCell) -> String {
        match (c.t.as_deref(), &c.v) {
            (Some("s"), Some(v)) => self.strings[v.parse::<usize>().unwrap()].clone(),
            (_, Some(v)) => v.clone(),
            (_, None) => String::new(),
        }
    }

    fn merges(&self, name: &str) -> BTreeSet<String> {
        self.sheet(name)
            .get("mergeCells")
            .map(|m| {
                m.all("mergeCell")
                    .map(|c| c.attr("ref").unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn bold(&self, s: usize) -> bool {
        let font: usize = self.xf(s).attr("fontId").unwrap().parse().unwrap();
        let font = self
            .styles
            .get("fonts")
            .unwrap()
            .all("font")
            .nth(font)
            .unwrap();
        font.get("b").is_some()
    }

    fn thin_borders(&self, s: usize) -> bool {
        let id: usize = self.xf(s).attr("borderId").unwrap().parse().unwrap();
        let border = self
            .styles
            .get("borders")
            .unwrap()
            .all("border")
            .nth(id)
            .unwrap();
        ["left", "right", "top", "bottom"]
            .iter()
            .all(|side| border.get(side).and_then(|b| b.attr("style")) == Some("thin"))
    }
}

/// The merged ranges a table sheet should have: the heading across row 1 and every spanned cell
/// of the grid, which starts on row 3.
fn expected_merges(grid: &Grid) -> BTreeSet<String> {
    let (width, cells) = positions(grid);
    let mut out = BTreeSet::from([format!("A1:{}", cell_ref(0, width - 1))]);
    for c in cells.iter().filter(|c| c.rowspan > 1 || c.colspan > 1) {
        out.insert(format!(
            "{}:{}",
            cell_ref(c.row + 2, c.col),
            cell_ref(c.row + 2 + c.rowspan - 1, c.col + c.colspan - 1)
        ));
    }
    out
}

#[test]
fn xlsx_has_the_sheets_and_the_merged_ranges_of_the_grids() {
    let doc = document();
    let bytes = xlsx::render(&doc).expect("rendered");
    let wb = workbook(&bytes);
    let names: Vec<&str> = wb.sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["报告", "表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    );

    let report = wb.cells("报告");
    assert_eq!(wb.shown(&report["A1"]), doc.title);
    assert!(
        report.values().any(|c| wb.shown(c) == doc.format.label()),
        "the format label"
    );

    for ((heading, grid), name) in doc.tables().into_iter().zip(xlsx::TABLE_SHEETS) {
        assert_eq!(
            wb.merges(name),
            expected_merges(grid),
            "{name}: merged ranges"
        );
        let cells = wb.cells(name);
        assert_eq!(wb.shown(&cells["A1"]), heading, "{name}: heading");
        assert!(wb.bold(cells["A1"].s));
        // Every position of the grid is a cell with thin borders, covered ones included; every
        // grid cell shows its text at its position, labels bold, figures not.
        let (width, placed) = positions(grid);
        for r in 0..grid.rows.len() {
            for c in 0..width {
                let at = cell_ref(r + 2, c);
                let cell = cells
                    .get(&at)
                    .unwrap_or_else(|| panic!("{name}: cell {at}"));
                assert!(wb.thin_borders(cell.s), "{name}: borders of {at}");
            }
        }
        for p in &placed {
            let at = cell_ref(p.row + 2, p.col);
            let cell = &cells[&at];
            assert_eq!(wb.shown(cell), p.text, "{name}: text of {at}");
            assert_eq!(wb.bold(cell.s), p.header, "{name}: bold {at}");
            if p.header {
                assert_eq!(cell.t.as_deref(), Some("s"), "{name}: label {at} is text");
            } else if !p.text.is_empty() {
                assert_eq!(cell.t, None, "{name}: figure {at} is a number");
                assert_eq!(
                    cell.v.as_deref().map(|v| v.parse::<f64>().unwrap()),
                    Some(p.text.parse::<f64>().unwrap()),
                    "{name}: value of {at}"
                );
            }
        }
    }

    // Table 3, by hand: the corner 3 × 3, 申请人情况 over the 7 figure columns, 自然人 and 总计
    // over two rows, 法人或其他组织 over five columns.
    let merges = wb.merges("表三 依申请公开");
    for r in ["A1:J1", "A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"] {
        assert!(merges.contains(r), "表三 merges {r}: {merges:?}");
    }
    let t3 = wb.cells("表三 依申请公开");
    assert_eq!(wb.shown(&t3["D3"]), "申请人情况");
    assert_eq!(wb.shown(&t3["A6"]), NEW_RECEIVED);
    let figures: Vec<String> = ["D6", "E6", "F6", "G6", "H6", "I6", "J6"]
        .iter()
        .map(|c| {
            assert_eq!(t3[*c].t, None, "{c} is a number");
            t3[*c].v.clone().unwrap_or_default()
        })
        .collect();
    assert_eq!(figures, NEW_RECEIVED_FIGURES);
}

#[test]
fn xlsx_figures_are_numbers_and_unknown_ones_empty() {
    let doc = document();
    let bytes = xlsx::render(&doc).expect("rendered");
    let wb = workbook(&bytes);
    let name = xlsx::TABLE_SHEETS[0];
    let cells = wb.cells(name);
    let grid = doc.sections[1].table.as_ref().unwrap();
    let (_, placed) = positions(grid);
    let at = |key: &str| {
        let p = placed
            .iter()
            .find(|p| p.key.as_deref() == Some(key))
            .unwrap_or_else(|| panic!("{key} in table 2"));
        cells[&cell_ref(p.row + 2, p.col)].clone()
    };
    let fees = at("t2.fees.amount");
    assert_eq!((fees.t.as_deref(), fees.v.as_deref()), (None, Some("0.35")));
    let licensing = at("t2.licensing.decisions");
    assert_eq!(
        (licensing.t.as_deref(), licensing.v.as_deref()),
        (None, Some("412"))
    );
    let unknown = at("t2.rules.repealed");
    assert_eq!((unknown.t.as_deref(), unknown.v.as_deref()), (None, None));
    assert!(
        wb.thin_borders(unknown.s),
        "an empty figure keeps its borders"
    );
}

#[test]
fn a_60_format_report_keeps_its_own_layout() {
    let mut t2 = Table2::zero();
    t2.set("t2.licensing.change", "-3").unwrap();
    t2.set("t2.procurement.amount", "12.5").unwrap();
    let report = Report::from_records(2020, t2, &[], &[], ReviewCounting::default()).unwrap();
    let doc = ReportDocument::new("某县人民政府办公室", &report, &Narrative::default());
    assert_eq!(doc.format.label(), "国办公开办函〔2019〕60号格式");

    let root = parse(&unzip(&docx::render(&doc).unwrap(), "word/document.xml"));
    let tbls = root.find("w:tbl");
    assert_eq!(tbls.len(), 3);
    for (tbl, (heading, grid)) in tbls.iter().zip(doc.tables()) {
        assert_eq!(
            docx_layout(&table_rows(tbl)),
            layout(grid),
            "{heading}: layout"
        );
    }

    let wb = workbook(&xlsx::render(&doc).unwrap());
    for ((heading, grid), name) in doc.tables().into_iter().zip(xlsx::TABLE_SHEETS) {
        assert_eq!(wb.merges(name), expected_merges(grid), "{heading}: merges");
    }
    let cells = wb.cells(xlsx::TABLE_SHEETS[0]);
    let (_, placed) = positions(doc.sections[1].table.as_ref().unwrap());
    let value = |key: &str| {
        let p = placed
            .iter()
            .find(|p| p.key.as_deref() == Some(key))
            .unwrap();
        let c = &cells[&cell_ref(p.row + 2, p.col)];
        (c.t.clone(), c.v.clone())
    };
    assert_eq!(value("t2.licensing.change"), (None, Some("-3".into())));
    assert_eq!(value("t2.procurement.amount"), (None, Some("12.5".into())));
}
