//! The report as a document: title, opening paragraph and the six sections in order, each with
//! its paragraphs and (sections 二 to 四) its table. Every export — the HTML published in the
//! catalog, DOCX, XLSX and PDF — renders this one value, so they cannot disagree.

use super::grid::Grid;
use super::{Report, sections};
use crate::application::outcome::ReportFormat;
use serde::Serialize;

/// The narrative staff write for sections 一, 五 and 六 (paragraphs separated by blank lines or
/// line breaks; each line is one paragraph).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Narrative {
    /// 一、总体情况
    pub overview: String,
    /// 五、存在的主要问题及改进情况
    pub problems: String,
    /// 六、其他需要报告的事项
    pub other: String,
}

impl Narrative {
    /// The sections left empty, by heading: publication needs all three written.
    pub fn missing(&self) -> Vec<&'static str> {
        let heads = sections(ReportFormat::Gbh2021_30);
        let mut out = Vec::new();
        for (text, head) in [
            (&self.overview, heads[0]),
            (&self.problems, heads[4]),
            (&self.other, heads[5]),
        ] {
            if text.trim().is_empty() {
                out.push(head);
            }
        }
        out
    }
}

/// One section: its heading, its paragraphs, and the table it carries (sections 二, 三, 四).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<Grid>,
}

/// A report ready to be rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDocument {
    /// 「{机关名称}{YYYY}年政府信息公开工作年度报告」 (§2.3).
    pub title: String,
    pub org_name: String,
    pub year: i32,
    pub format: ReportFormat,
    /// The customary opening paragraph: legal basis and statistical period.
    pub opening: String,
    /// The six sections, in order.
    pub sections: Vec<Section>,
}

/// Splits a narrative into paragraphs: one per non-empty line, trimmed.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl ReportDocument {
    /// Lays out `report` for `org_name` with the staff's narrative.
    pub fn new(org_name: &str, report: &Report, narrative: &Narrative) -> ReportDocument {
        let year = report.year;
        let heads = sections(report.format);
        let opening = format!(
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条的规定和{}的要求编制，\
             由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、\
             存在的主要问题及改进情况、其他需要报告的事项六个部分组成。\
             本报告中所列数据统计期限为{year}年1月1日至12月31日。",
            match report.format {
                ReportFormat::Gbh2019_60 =>
                    "《中华人民共和国政府信息公开工作年度报告格式（试行）》",
                ReportFormat::Gbh2021_30 => "《中华人民共和国政府信息公开工作年度报告格式》",
            }
        );
        let section = |i: usize, text: &str, table: Option<Grid>| Section {
            heading: heads[i].to_string(),
            paragraphs: paragraphs(text),
            table,
        };
        ReportDocument {
            title: format!("{org_name}{year}年政府信息公开工作年度报告"),
            org_name: org_name.to_string(),
            year,
            format: report.format,
            opening,
            sections: vec![
                section(0, &narrative.overview, None),
                section(1, "", Some(report.table2_grid())),
                section(2, "", Some(report.table3_grid())),
                section(3, "", Some(report.table4_grid())),
                section(4, &narrative.problems, None),
                section(5, &narrative.other, None),
            ],
        }
    }

    /// The three tables in order (Tables 2, 3 and 4), with their section headings.
    pub fn tables(&self) -> Vec<(&str, &Grid)> {
        self.sections
            .iter()
            .filter_map(|s| s.table.as_ref().map(|t| (s.heading.as_str(), t)))
            .collect()
    }

    /// The report as an HTML fragment for a catalog item's body: headings, paragraphs and the
    /// tables (`<table class="report-table">`), every text escaped.
    pub fn to_html(&self) -> String {
        use crate::html::escape;
        let mut out = format!("<p>{}</p>\n", escape(&self.opening));
        for s in &self.sections {
            out.push_str(&format!("<h2>{}</h2>\n", escape(&s.heading)));
            for p in &s.paragraphs {
                out.push_str(&format!("<p>{}</p>\n", escape(p)));
            }
            if let Some(t) = &s.table {
                out.push_str(&t.to_html().replacen(
                    "<table>",
                    "<table class=\"report-table\" border=\"1\">",
                    1,
                ));
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annual_report::Table2;
    use crate::application::review::ReviewCounting;

    #[test]
    fn the_document_has_the_six_sections_in_order_with_the_tables() {
        let report =
            Report::from_records(2025, Table2::zero(), &[], &[], ReviewCounting::default())
                .unwrap();
        let narrative = Narrative {
            overview: "第一段。\n\n第二段 <b>。".into(),
            problems: "问题。".into(),
            other: String::new(),
        };
        let d = ReportDocument::new("某市民政局", &report, &narrative);
        assert_eq!(d.title, "某市民政局2025年政府信息公开工作年度报告");
        let heads: Vec<_> = d.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(heads, sections(ReportFormat::Gbh2021_30).to_vec());
        assert_eq!(d.sections[0].paragraphs, vec!["第一段。", "第二段 <b>。"]);
        assert_eq!(d.tables().len(), 3);
        assert!(d.sections[1].table.is_some() && d.sections[0].table.is_none());
        let html = d.to_html();
        assert!(html.contains("第二段 &lt;b&gt;。"));
        assert!(html.contains("统计期限为2025年1月1日至12月31日"));
        assert_eq!(html.matches("<table class=\"report-table\"").count(), 3);
        assert_eq!(narrative.missing(), vec!["六、其他需要报告的事项"]);
    }
}
