//! Tests of the report layout against the exact strings of regulations.md §2.3–2.6, of the grids'
//! shapes, and of the checks.

use super::*;
use crate::application::applicant::ApplicantType::{self, *};
use crate::application::outcome::Outcome::{self, *};
use crate::application::review::{ReviewKind, ReviewResult};
use crate::application::year::TOTAL;
use chrono::NaiveDate;

const F30: ReportFormat = ReportFormat::Gbh2021_30;
const F60: ReportFormat = ReportFormat::Gbh2019_60;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn rec(t: ApplicantType, received: &str, closed: Option<(Outcome, &str)>) -> CaseRecord {
    CaseRecord {
        applicant_type: t,
        received_on: d(received),
        outcome: closed.map(|(o, _)| o),
        closed_on: closed.map(|(_, c)| d(c)),
    }
}

fn cases() -> Vec<CaseRecord> {
    vec![
        rec(
            NaturalPerson,
            "2022-12-20",
            Some((PartiallyGranted, "2023-01-10")),
        ),
        rec(
            CommercialEnterprise,
            "2022-12-28",
            Some((DeniedThirdParty, "2024-02-01")),
        ),
        rec(
            NaturalPerson,
            "2023-05-05",
            Some((UnableNotHeld, "2023-05-20")),
        ),
        rec(LegalServiceOrg, "2023-12-25", None),
        rec(
            ResearchInstitution,
            "2023-06-01",
            Some((OtherNoCorrection, "2023-07-01")),
        ),
        rec(NaturalPerson, "2023-12-31", Some((Granted, "2023-12-31"))),
        rec(Other, "2023-03-01", Some((OtherFeeUnpaid, "2023-04-01"))),
        rec(
            NaturalPerson,
            "2020-03-01",
            Some((OtherOther, "2020-04-01")),
        ),
        rec(
            PublicInterestOrg,
            "2020-03-02",
            Some((Granted, "2020-04-01")),
        ),
    ]
}

fn reviews() -> Vec<ReviewRecord> {
    use ReviewKind::*;
    use ReviewResult::*;
    let r = |kind, filed: &str, decided: Option<(&str, ReviewResult)>| ReviewRecord {
        kind,
        filed_on: d(filed),
        decided_on: decided.map(|(x, _)| d(x)),
        result: decided.map(|(_, r)| r),
    };
    vec![
        r(Reconsideration, "2023-02-01", Some(("2023-04-01", Upheld))),
        r(Reconsideration, "2023-11-01", None),
        r(
            DirectLitigation,
            "2023-05-01",
            Some(("2023-09-01", Corrected)),
        ),
        r(
            LitigationAfterReconsideration,
            "2023-06-01",
            Some(("2023-08-01", Other)),
        ),
    ]
}

fn filled_table2() -> Table2 {
    let mut t = Table2::zero();
    t.normative_documents.issued = Some(3);
    t.normative_documents.repealed = Some(1);
    t.normative_documents.in_force = Some(17);
    t.licensing.decisions = Some(412);
    t.penalties.decisions = Some(5);
    t.fees.amount = Some(Money::from_yuan_fen(3_500, 0));
    t
}

fn report_2023() -> Report {
    let mut r = Report::from_records(
        2023,
        filled_table2(),
        &cases(),
        &reviews(),
        ReviewCounting::FiledInYear,
    )
    .unwrap();
    r.previous_table3 = Some(year_counts(&cases(), 2022).unwrap());
    r
}

/// Every text of a grid, row by row, with its spans.
fn layout(rows: &[Row]) -> Vec<Vec<(&str, u32, u32)>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|c| (c.text.as_str(), c.rowspan, c.colspan))
                .collect()
        })
        .collect()
}

/// The label cells of a row (headers), texts only.
fn labels(row: &Row) -> Vec<&str> {
    row.iter()
        .filter(|c| c.header)
        .map(|c| c.text.as_str())
        .collect()
}

/// §2.3: the six headings, 30号; 60号 with the 2019 wording of section five.
#[test]
fn section_headings() {
    assert_eq!(
        sections(F30),
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
    );
    // The 30号 wording is emitted for 60号 reports too.
    assert_eq!(sections(F60), sections(F30));
    assert_eq!(
        section_index(" 三、收到和处理政府信息公开申请情况\n"),
        Some(2)
    );
    assert_eq!(
        section_index("五、政府信息公开工作存在的主要问题及改进情况"),
        Some(4)
    );
    assert_eq!(section_index("五、存在的主要问题及改进情况"), Some(4));
    assert_eq!(section_index("一、概述"), None);
}

/// §2.5, 30号: captions, headers, rows and spans exactly as printed.
#[test]
fn table2_layout_30() {
    let rows = table2_cells(&filled_table2(), F30);
    assert_eq!(
        layout(&rows),
        vec![
            vec![("第二十条第（一）项", 1, 4)],
            vec![
                ("信息内容", 1, 1),
                ("本年制发件数", 1, 1),
                ("本年废止件数", 1, 1),
                ("现行有效件数", 1, 1)
            ],
            vec![("规章", 1, 1), ("0", 1, 1), ("0", 1, 1), ("0", 1, 1)],
            vec![
                ("行政规范性文件", 1, 1),
                ("3", 1, 1),
                ("1", 1, 1),
                ("17", 1, 1)
            ],
            vec![("第二十条第（五）项", 1, 4)],
            vec![("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
            vec![("行政许可", 1, 1), ("412", 1, 3)],
            vec![("第二十条第（六）项", 1, 4)],
            vec![("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
            vec![("行政处罚", 1, 1), ("5", 1, 3)],
            vec![("行政强制", 1, 1), ("0", 1, 3)],
            vec![("第二十条第（八）项", 1, 4)],
            vec![("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
            vec![("行政事业性收费", 1, 1), ("0.35", 1, 3)],
        ]
    );
    let g = Grid { rows };
    assert_eq!(g.width(), Ok(4));
    assert_eq!(g.cell("t2.licensing.decisions").unwrap().text, "412");
    assert_eq!(g.cell("t2.fees.amount").unwrap().text, "0.35");
    assert_eq!(
        g.cell("t2.normative_documents.in_force").unwrap().text,
        "17"
    );
    assert_eq!(g.data_cells().count(), 10);
}

/// §2.5, 60号: the five blocks with their own headers and rows.
#[test]
fn table2_layout_60() {
    let rows = table2_cells(&Table2::zero(), F60);
    let texts: Vec<Vec<&str>> = rows.iter().map(labels).collect();
    assert_eq!(
        texts,
        vec![
            vec!["第二十条第（一）项"],
            vec![
                "信息内容",
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量"
            ],
            vec!["规章"],
            vec!["规范性文件"],
            vec!["第二十条第（五）项"],
            vec!["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            vec!["行政许可"],
            vec!["其他对外管理服务事项"],
            vec!["第二十条第（六）项"],
            vec!["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
            vec!["行政处罚"],
            vec!["行政强制"],
            vec!["第二十条第（八）项"],
            vec!["信息内容", "上一年项目数量", "本年增/减"],
            vec!["行政事业性收费"],
            vec!["第二十条第（九）项"],
            vec!["信息内容", "采购项目数量", "采购总金额"],
            vec!["政府集中采购"],
        ]
    );
    let g = Grid { rows };
    assert_eq!(g.width(), Ok(4));
    assert_eq!(g.data_cells().count(), 6 + 6 + 6 + 2 + 2);
    assert!(g.data_cells().all(|c| c.text == "0"));
    let mut t = Table2::zero();
    t.licensing.change = Some(-2);
    let g = Grid {
        rows: table2_cells(&t, F60),
    };
    assert_eq!(g.cell("t2.licensing.change").unwrap().text, "-2");
}

/// §2.4: the corner cell, the three header rows with their merges.
#[test]
fn table3_header_rows() {
    let t = year_counts(&cases(), 2023).unwrap();
    let rows = table3_cells(&t, F30);
    assert_eq!(
        layout(&rows[..3]),
        vec![
            vec![
                (
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    3,
                    3
                ),
                ("申请人情况", 1, 7)
            ],
            vec![("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
            vec![
                ("商业企业", 1, 1),
                ("科研机构", 1, 1),
                ("社会公益组织", 1, 1),
                ("法律服务机构", 1, 1),
                ("其他", 1, 1)
            ],
        ]
    );
}

/// §2.4: the row labels in order with their level-1/2/3 merges (30号: 三 spans 22 rows).
#[test]
fn table3_row_labels_30() {
    let t = year_counts(&cases(), 2023).unwrap();
    let rows = table3_cells(&t, F30);
    let heads: Vec<Vec<(&str, u32, u32)>> = rows[3..]
        .iter()
        .map(|r| {
            r.iter()
                .filter(|c| c.header)
                .map(|c| (c.text.as_str(), c.rowspan, c.colspan))
                .collect()
        })
        .collect();
    let expected: Vec<Vec<(&str, u32, u32)>> = vec![
        vec![("一、本年新收政府信息公开申请数量", 1, 3)],
        vec![("二、上年结转政府信息公开申请数量", 1, 3)],
        vec![("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)],
        vec![(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            1,
            2,
        )],
        vec![("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)],
        vec![("2.其他法律行政法规禁止公开", 1, 1)],
        vec![("3.危及“三安全一稳定”", 1, 1)],
        vec![("4.保护第三方合法权益", 1, 1)],
        vec![("5.属于三类内部事务信息", 1, 1)],
        vec![("6.属于四类过程性信息", 1, 1)],
        vec![("7.属于行政执法案卷", 1, 1)],
        vec![("8.属于行政查询事项", 1, 1)],
        vec![
            ("（四）无法提供", 3, 1),
            ("1.本机关不掌握相关政府信息", 1, 1),
        ],
        vec![("2.没有现成信息需要另行制作", 1, 1)],
        vec![("3.补正后申请内容仍不明确", 1, 1)],
        vec![("（五）不予处理", 5, 1), ("1.信访举报投诉类申请", 1, 1)],
        vec![("2.重复申请", 1, 1)],
        vec![("3.要求提供公开出版物", 1, 1)],
        vec![("4.无正当理由大量反复申请", 1, 1)],
        vec![("5.要求行政机关确认或重新出具已获取信息", 1, 1)],
        vec![
            ("（六）其他处理", 3, 1),
            (
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                1,
                1,
            ),
        ],
        vec![(
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            1,
            1,
        )],
        vec![("3.其他", 1, 1)],
        vec![("（七）总计", 1, 2)],
        vec![("四、结转下年度继续办理", 1, 3)],
    ];
    assert_eq!(heads, expected);
    for r in &rows[3..] {
        assert_eq!(r.iter().filter(|c| !c.header).count(), 7);
    }
    assert_eq!(Grid { rows }.width(), Ok(10));
}

/// §2.4, 60号: （六）其他处理 one row (colspan 2), 三 spans 20 rows.
#[test]
fn table3_rows_60() {
    let t = year_counts(&cases(), 2020).unwrap();
    assert_eq!(t.format, F60);
    let rows = table3_cells(&t, F60);
    assert_eq!(rows.len(), 3 + 23);
    let three = rows
        .iter()
        .flatten()
        .find(|c| c.text == "三、本年度办理结果")
        .unwrap();
    assert_eq!(three.rowspan, 20);
    let other = rows
        .iter()
        .find(|r| r.iter().any(|c| c.text == "（六）其他处理"))
        .unwrap();
    assert_eq!(labels(other), ["（六）其他处理"]);
    assert_eq!((other[0].rowspan, other[0].colspan), (1, 2));
    assert_eq!(other[1].key.as_deref(), Some("t3.other.natural_person"));
    assert_eq!(other[1].text, "1");
    let g = Grid { rows };
    assert_eq!(g.width(), Ok(10));
    assert!(g.cell("t3.other.other.total").is_none());
    assert_eq!(g.cell("t3.granted.public_interest_org").unwrap().text, "1");
}

/// The figures of table 3 are those of `year_counts`, cell by cell under their keys.
#[test]
fn table3_figures_and_keys() {
    let t = year_counts(&cases(), 2023).unwrap();
    let g = Grid {
        rows: table3_cells(&t, F30),
    };
    assert_eq!(g.data_cells().count(), 25 * 7);
    for (row, counts) in t.rows() {
        for (c, n) in counts.iter().enumerate() {
            let key = table3::cell_key(row, c);
            assert_eq!(g.cell(&key).unwrap().text, n.to_string(), "{key}");
        }
    }
    assert_eq!(g.cell("t3.granted.natural_person").unwrap().text, "1");
    assert_eq!(g.cell("t3.new_received.total").unwrap().text, "5");
    assert_eq!(g.cell("t3.carried_over_from_prev.total").unwrap().text, "2");
    assert_eq!(g.cell("t3.carried_to_next.total").unwrap().text, "2");
    assert_eq!(g.cell("t3.other.fee_unpaid.other").unwrap().text, "1");
}

/// §2.6: 行政复议 (five columns, rowspan 2) and 行政诉讼 with its two blocks.
#[test]
fn table4_layout() {
    let t = table4(&reviews(), 2023, ReviewCounting::FiledInYear);
    let rows = table4_cells(&t);
    let five = [
        ("结果维持", 1, 1),
        ("结果纠正", 1, 1),
        ("其他结果", 1, 1),
        ("尚未审结", 1, 1),
        ("总计", 1, 1),
    ];
    let l = layout(&rows);
    assert_eq!(l[0], [("行政复议", 1, 5), ("行政诉讼", 1, 10)]);
    assert_eq!(
        l[1],
        [
            ("结果维持", 2, 1),
            ("结果纠正", 2, 1),
            ("其他结果", 2, 1),
            ("尚未审结", 2, 1),
            ("总计", 2, 1),
            ("未经复议直接起诉", 1, 5),
            ("复议后起诉", 1, 5)
        ]
    );
    assert_eq!(l[2], [five, five].concat());
    let values: Vec<&str> = l[3].iter().map(|c| c.0).collect();
    assert_eq!(
        values,
        [
            "1", "0", "0", "1", "2", "0", "1", "0", "0", "1", "0", "0", "1", "0", "1"
        ]
    );
    let keys: Vec<&str> = rows[3].iter().map(|c| c.key.as_deref().unwrap()).collect();
    assert_eq!(keys[0], "t4.reconsideration.upheld");
    assert_eq!(keys[4], "t4.reconsideration.total");
    assert_eq!(keys[8], "t4.direct_litigation.pending");
    assert_eq!(keys[14], "t4.litigation_after_reconsideration.total");
    assert_eq!(Grid { rows }.width(), Ok(15));
}

/// Every grid of both formats is a rectangle: each row covers the same number of columns.
#[test]
fn every_grid_is_rectangular() {
    for year in [2019, 2020, 2021, 2023, 2025] {
        let mut r = Report::from_records(
            year,
            Table2::default(),
            &cases(),
            &reviews(),
            ReviewCounting::FiledInYear,
        )
        .unwrap();
        assert_eq!(r.table2_grid().width(), Ok(4), "{year}");
        assert_eq!(r.table3_grid().width(), Ok(10), "{year}");
        assert_eq!(r.table4_grid().width(), Ok(15), "{year}");
        r.format = if r.format == F30 { F60 } else { F30 };
        assert_eq!(r.table2_grid().width(), Ok(4));
        assert_eq!(r.table3_grid().width(), Ok(10));
    }
}

/// A report counted from cases, with a filled Table 2, passes every check.
#[test]
fn a_counted_report_passes() {
    let r = report_2023();
    assert_eq!(r.format, F30);
    assert_eq!(check(&r), []);
    assert!(!blocks_publication(&check(&r)));
    // A year without any data: the all-zero report agencies do publish.
    let empty =
        Report::from_records(2024, Table2::zero(), &[], &[], ReviewCounting::FiledInYear).unwrap();
    assert_eq!(check(&empty), []);
    assert!(empty.table3_grid().data_cells().all(|c| c.text == "0"));
    // 60号 year.
    let r2020 = Report::from_records(
        2020,
        Table2::zero(),
        &cases(),
        &reviews(),
        ReviewCounting::FiledInYear,
    )
    .unwrap();
    assert_eq!(r2020.format, F60);
    assert_eq!(check(&r2020), []);
}

/// A tampered Table 3 fails, naming the cells and the values.
#[test]
fn tampered_table3_fails_naming_the_cell() {
    let mut r = report_2023();
    r.table3.handled.get_mut(&Granted).unwrap()[NaturalPerson.column()] += 1;
    let p = check(&r);
    let got: Vec<(&str, Severity)> = p.iter().map(|p| (p.cell.as_str(), p.severity)).collect();
    assert_eq!(
        got,
        [
            ("t3.total_handled.natural_person", Severity::Error),
            ("t3.granted.total", Severity::Error),
        ]
    );
    assert_eq!(
        p[0].message,
        "表三“自然人”列：（七）总计3不等于各项办理结果之和4"
    );
    assert_eq!(
        p[1].message,
        "表三“（一）予以公开”行：总计1不等于各类申请人之和2"
    );
    assert!(blocks_publication(&p));

    let mut r = report_2023();
    r.table3.handled.get_mut(&DeniedStateSecret).unwrap()[TOTAL] = 4;
    let p = check(&r);
    assert_eq!(p.len(), 2, "{p:#?}");
    assert_eq!(p[0].cell, "t3.total_handled.total");
    assert_eq!(
        p[0].message,
        "表三“总计”列：（七）总计5不等于各项办理结果之和9"
    );
    assert_eq!(p[1].cell, "t3.denied.state_secret.total");
    assert_eq!(
        p[1].message,
        "表三“（三）不予公开/1.属于国家秘密”行：总计4不等于各类申请人之和0"
    );

    // The 勾稽关系 of the corner cell, column by column.
    let mut r = report_2023();
    r.table3.carried_to_next[LegalServiceOrg.column()] += 1;
    r.table3.carried_to_next[TOTAL] += 1;
    let p = check(&r);
    let cells: Vec<&str> = p.iter().map(|p| p.cell.as_str()).collect();
    assert_eq!(
        cells,
        [
            "t3.carried_to_next.legal_service_org",
            "t3.carried_to_next.total"
        ]
    );
    assert_eq!(
        p[0].message,
        "表三“法律服务机构”列勾稽关系不成立：本年新收1 + 上年结转0 = 1，办理结果总计0 + 结转下年度2 = 2"
    );
}

#[test]
fn tampered_table4_and_missing_table2_fail() {
    let mut r = report_2023();
    r.table4.cells[9] = 7;
    r.table2.licensing.decisions = None;
    let p = check(&r);
    let cells: Vec<&str> = p.iter().map(|p| p.cell.as_str()).collect();
    assert_eq!(
        cells,
        ["t2.licensing.decisions", "t4.direct_litigation.total"]
    );
    assert_eq!(
        p[0].message,
        "表二“第二十条第（五）项 行政许可 本年处理决定数量”未填写：应填写数字，不适用时填0"
    );
    assert_eq!(
        p[1].message,
        "表四“未经复议直接起诉”：总计 7 不等于各结果之和 1"
    );
    // Fields of the other format are not asked for.
    let mut r = report_2023();
    r.table2.procurement.projects = None;
    r.table2.rules.published = None;
    assert_eq!(check(&r), []);
    // The default (all unknown) Table 2 of 30号 lacks its 10 figures.
    r.table2 = Table2::default();
    assert_eq!(check(&r).len(), 10);
}

/// Rule 5 of §2.4: a warning, with the explanation, not blocking.
#[test]
fn continuity_is_a_warning() {
    let mut r = report_2023();
    let mut prev = r.previous_table3.clone().unwrap();
    prev.carried_to_next[CommercialEnterprise.column()] = 3;
    prev.carried_to_next[TOTAL] = 4;
    r.previous_table3 = Some(prev);
    let p = check(&r);
    assert_eq!(p.len(), 2);
    assert!(p.iter().all(|p| p.severity == Severity::Warning));
    assert_eq!(p[0].cell, "t3.carried_over_from_prev.commercial_enterprise");
    assert_eq!(p[1].cell, "t3.carried_over_from_prev.total");
    assert_eq!(
        p[0].message,
        format!(
            "表三“二、上年结转政府信息公开申请数量”行“商业企业”列：应等于2022年“四、结转下年度继续办理”3，实为1。{CONTINUITY_NOTE}"
        )
    );
    assert!(p[0].message.contains("不阻止发布"));
    assert!(!blocks_publication(&p));
    // Last year's table of the wrong year is an error, not a silent pass.
    let mut r = report_2023();
    r.previous_table3 = Some(year_counts(&cases(), 2021).unwrap());
    assert_eq!(check(&r)[0].cell, "report");
    assert_eq!(check(&r)[0].severity, Severity::Error);
}

#[test]
fn report_and_tables_must_agree() {
    let mut r = report_2023();
    r.format = F60;
    r.year = 2020;
    r.previous_table3 = None;
    let p = check(&r);
    let msgs: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        msgs[..3],
        [
            "表三的统计年度为2023年，与报告年度2020年不符",
            "表三按国办公开办函〔2021〕30号格式统计，与报告采用的国办公开办函〔2019〕60号格式不符",
            "表四的统计年度为2023年，与报告年度2020年不符",
        ]
    );
}

/// The HTML of a table: spans written out, quotes of labels kept (curly), keys as data-key.
#[test]
fn html_of_table3() {
    let r = report_2023();
    let html = r.table3_grid().to_html();
    assert!(
        html.starts_with("<table>\n<tr><th rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为")
    );
    assert!(html.contains("<th rowspan=\"22\">三、本年度办理结果</th>"));
    assert!(html.contains("<th>3.危及“三安全一稳定”</th>"));
    assert!(html.contains("<td data-key=\"t3.granted.natural_person\">1</td>"));
    assert_eq!(html.matches("<tr>").count(), 3 + 25);
    let html = r.table2_grid().to_html();
    assert!(html.contains("<th colspan=\"3\">本年收费金额（单位：万元）</th>"));
    assert!(html.contains("<td colspan=\"3\" data-key=\"t2.fees.amount\">0.35</td>"));
    let escaped = Grid {
        rows: vec![vec![Cell::header("规章<script>&\"")]],
    }
    .to_html();
    assert_eq!(
        escaped,
        "<table>\n<tr><th>规章&lt;script&gt;&amp;&quot;</th></tr>\n</table>"
    );
}

/// The published samples (2015, 2018) predate the national formats: they are not forced into
/// them — at most one of the six headings appears verbatim in each.
#[test]
fn the_samples_predate_the_national_format() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/samples");
    for name in [
        "annual-report-2015-suqian-civil-affairs.txt",
        "annual-report-2018-zhaoqing-civil-affairs.txt",
    ] {
        let Ok(text) = std::fs::read_to_string(format!("{dir}/{name}")) else {
            continue;
        };
        let found = text.lines().filter_map(section_index).count();
        assert!(found <= 1, "{name}: {found}");
        assert!(!text.contains(table3::CORNER), "{name}");
    }
}

#[test]
fn table2_figures_are_set_by_key_and_bad_values_refused() {
    let mut t = Table2::default();
    for f in Table2::zero().figures(F30) {
        t.set(f.key, "0").unwrap();
    }
    assert_eq!(t.figures(F30), Table2::zero().figures(F30));
    t.set("t2.fees.amount", "0.35").unwrap();
    assert_eq!(t.fees.amount.unwrap().to_wan_string(), "0.35");
    t.set("t2.licensing.change", "-3").unwrap();
    assert_eq!(t.licensing.change, Some(-3));
    let before = t;
    assert!(t.set("t2.licensing.decisions", "-1").is_err());
    assert!(t.set("t2.fees.amount", "三万").is_err());
    assert!(t.set("t2.nothing.here", "1").is_err());
    assert_eq!(t, before, "a refused value changes nothing");
    t.set("t2.licensing.decisions", "").unwrap();
    assert_eq!(t.licensing.decisions, None);
}

#[test]
fn every_table3_cell_lists_exactly_the_records_it_counts() {
    use crate::application::year::cell_members;
    let records = cases();
    for year in [2023, 2024, 2020] {
        let report =
            Report::from_records(year, Table2::zero(), &records, &[], Default::default()).unwrap();
        let grid = report.table3_grid();
        let mut checked = 0;
        for cell in grid.data_cells() {
            let key = cell.key.as_deref().unwrap();
            let members = cell_members(&records, year, key).unwrap_or_else(|| panic!("{key}"));
            assert_eq!(members.len().to_string(), cell.text, "{year} {key}");
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
    }
    assert!(cell_members(&[], 2024, "t3.nothing.total").is_none());
    assert!(cell_members(&[], 2024, "t2.licensing.decisions").is_none());
}

#[test]
fn a_governments_report_sums_its_parts_cell_by_cell() {
    let own = report_2023();
    let all = cases();
    let dept = Report::from_records(
        2023,
        filled_table2(),
        &all[2..5],
        &reviews()[..1],
        ReviewCounting::default(),
    )
    .unwrap();
    let sum = aggregate::sum(&[own.clone(), dept.clone()]).unwrap();
    assert!(
        !blocks_publication(&check(&sum)),
        "the sum of valid reports is valid: {:?}",
        check(&sum)
    );
    // Every data cell of every table is the sum of the parts' cells.
    for (grid, a, b) in [
        (sum.table3_grid(), own.table3_grid(), dept.table3_grid()),
        (sum.table4_grid(), own.table4_grid(), dept.table4_grid()),
    ] {
        for cell in grid.data_cells() {
            let key = cell.key.as_deref().unwrap();
            let n = |g: &Grid| g.cell(key).unwrap().text.parse::<u64>().unwrap();
            assert_eq!(n(&grid), n(&a) + n(&b), "{key}");
        }
    }
    assert_eq!(
        sum.table2.licensing.decisions,
        Some(own.table2.licensing.decisions.unwrap() + dept.table2.licensing.decisions.unwrap())
    );
    // A figure unknown in one part is unknown in the sum, and the check says so.
    let mut unknown = dept.clone();
    unknown.table2.penalties.decisions = None;
    let sum = aggregate::sum(&[own, unknown]).unwrap();
    assert_eq!(sum.table2.penalties.decisions, None);
    assert!(
        check(&sum)
            .iter()
            .any(|p| p.cell == "t2.penalties.decisions")
    );
    assert!(aggregate::sum(&[]).is_none());
}

#[test]
fn a_figure_file_is_read_by_key_or_labels_and_refused_whole_on_a_bad_line() {
    let good = "\u{feff}数据项,数值,来源\nt2.licensing.decisions,412,审批局\n行政处罚/本年处理决定数量,7\n行政事业性收费/本年收费金额（单位：万元）,0.35,财务科\n";
    let rows = table2::parse_figures_csv(good, F30).unwrap();
    assert_eq!(
        rows,
        vec![
            (
                "t2.licensing.decisions".into(),
                "412".into(),
                "审批局".into()
            ),
            ("t2.penalties.decisions".into(), "7".into(), String::new()),
            ("t2.fees.amount".into(), "0.35".into(), "财务科".into()),
        ]
    );
    let bad = "t2.licensing.decisions,-1,x\n不存在的项,3\nt2.penalties.decisions\nt2.coercion.decisions,2\n";
    let errs = table2::parse_figures_csv(bad, F30).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(errs[0].starts_with("第1行"));
    assert!(errs[1].starts_with("第2行") && errs[1].contains("不存在的项"));
    assert!(errs[2].starts_with("第3行"));
    // A 60号 item is not a 30号 one.
    assert!(table2::parse_figures_csv("t2.procurement.projects,3\n", F30).is_err());
    assert!(table2::parse_figures_csv("t2.procurement.projects,3\n", F60).is_ok());
    assert!(table2::parse_figures_csv("\n\n", F30).is_err());
}
