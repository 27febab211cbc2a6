//! Table 2, 主动公开政府信息情况 (regulations.md §2.5): the figures and their layout in the 30号
//! and 60号 formats.
//!
//! The figures the platform owns (规章 and 行政规范性文件 from the catalog) and those staff enter
//! (行政许可, 行政处罚, 行政强制, 行政事业性收费) are held alike, each `None` while unknown; an
//! unknown figure is rendered as an empty cell and reported by the report's check. Fields used by
//! one format only are ignored by the other.
//!
//! Layout: 30号 as printed (4 grid columns, caption rows 「第二十条第（…）项」 spanning them). 60号:
//! the same 4-column scheme with the 60号 captions, headers and rows of §2.5; where a block has
//! only two figure columns the last one spans two grid columns (§2.5 says the source HTML is a
//! 5-column grid; that exact grid was not available, so this part is our layout [A]).

use super::grid::{Cell, Row};
use crate::application::outcome::ReportFormat;
use serde::{Deserialize, Serialize};

/// An amount of money, held in 分 so that sums are exact; printed in 万元 as the table asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Money {
    pub fen: u64,
}

impl Money {
    pub const ZERO: Money = Money { fen: 0 };

    pub fn from_yuan_fen(yuan: u64, fen: u64) -> Money {
        Money {
            fen: yuan * 100 + fen,
        }
    }

    /// In 万元 with as many decimals as needed (at most 6, i.e. to the 分), no trailing zeros:
    /// 3 500 元 → `0.35`, 12 345.60 元 → `1.23456`, 0 → `0`.
    pub fn to_wan_string(self) -> String {
        let whole = self.fen / 1_000_000;
        let frac = self.fen % 1_000_000;
        if frac == 0 {
            return whole.to_string();
        }
        let digits = format!("{frac:06}");
        format!("{whole}.{}", digits.trim_end_matches('0'))
    }

    /// Reads an amount typed in 万元 (`0.35`, `12`, `1.234567` is refused: finer than 1 分).
    pub fn parse_wan(s: &str) -> Result<Money, String> {
        let t = s.trim();
        let bad = || format!("“{s}”不是以万元为单位的金额（例如 0.35）");
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || (t.contains('.') && frac.is_empty()) {
            return Err(bad());
        }
        if frac.len() > 6 {
            return Err(format!("“{s}”精确到了分以下（万元最多六位小数）"));
        }
        let whole: u64 = whole.parse().map_err(|_| bad())?;
        let frac: u64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<6}").parse().map_err(|_| bad())?
        };
        whole
            .checked_mul(1_000_000)
            .and_then(|w| w.checked_add(frac))
            .map(|fen| Money { fen })
            .ok_or_else(bad)
    }
}

/// 规章 or (行政)规范性文件 in a year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentFigures {
    /// 30号 本年制发件数; also 60号 本年新制作数量.
    pub issued: Option<u64>,
    /// 30号 本年废止件数.
    pub repealed: Option<u64>,
    /// 30号 现行有效件数.
    pub in_force: Option<u64>,
    /// 60号 本年新公开数量.
    pub published: Option<u64>,
    /// 60号 对外公开总数量.
    pub published_total: Option<u64>,
}

/// 行政许可, 行政处罚, 行政强制 (and 60号 其他对外管理服务事项).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFigures {
    /// 30号 本年处理决定数量; 60号 处理决定数量.
    pub decisions: Option<u64>,
    /// 60号 上一年项目数量.
    pub prev_items: Option<u64>,
    /// 60号 本年增/减 (may be negative).
    pub change: Option<i64>,
}

/// 行政事业性收费.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeFigures {
    /// 30号 本年收费金额（单位：万元）.
    pub amount: Option<Money>,
    /// 60号 上一年项目数量.
    pub prev_items: Option<u64>,
    /// 60号 本年增/减.
    pub change: Option<i64>,
}

/// 政府集中采购 (60号 only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcurementFigures {
    /// 采购项目数量.
    pub projects: Option<u64>,
    /// 采购总金额 (printed in 万元).
    pub amount: Option<Money>,
}

/// The figures of Table 2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table2 {
    /// 规章
    pub rules: DocumentFigures,
    /// 行政规范性文件 (30号) / 规范性文件 (60号)
    pub normative_documents: DocumentFigures,
    /// 行政许可
    pub licensing: DecisionFigures,
    /// 其他对外管理服务事项 (60号 only)
    pub other_services: DecisionFigures,
    /// 行政处罚
    pub penalties: DecisionFigures,
    /// 行政强制
    pub coercion: DecisionFigures,
    /// 行政事业性收费
    pub fees: FeeFigures,
    /// 政府集中采购 (60号 only)
    pub procurement: ProcurementFigures,
}

/// The keys of the figures the platform counts from its catalog (规章 and 行政规范性文件, the
/// fields of both formats); the other figures are entered by staff.
pub fn catalog_keys() -> Vec<String> {
    let mut out = Vec::new();
    for g in ["rules", "normative_documents"] {
        for f in [
            "issued",
            "repealed",
            "in_force",
            "published",
            "published_total",
        ] {
            out.push(format!("t2.{g}.{f}"));
        }
    }
    out
}

/// One figure of Table 2 as laid out: its key, where it is (caption, row and column labels) and
/// its printed value (`None` while unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub key: &'static str,
    pub caption: &'static str,
    pub row: &'static str,
    pub column: &'static str,
    pub value: Option<String>,
}

impl Figure {
    /// 「第二十条第（五）项 行政许可 本年处理决定数量」.
    pub fn label(&self) -> String {
        format!("{} {} {}", self.caption, self.row, self.column)
    }
}

/// A block of Table 2: caption, column headers (after 信息内容), rows of figures.
struct Block {
    caption: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<(&'static str, Vec<Figure>)>,
}

pub const INFO_CONTENT: &str = "信息内容";
/// Grid columns of Table 2 in both formats.
pub const WIDTH: u32 = 4;

fn n(v: Option<u64>) -> Option<String> {
    v.map(|v| v.to_string())
}

fn signed(v: Option<i64>) -> Option<String> {
    v.map(|v| v.to_string())
}

fn money(v: Option<Money>) -> Option<String> {
    v.map(Money::to_wan_string)
}

fn fig(
    key: &'static str,
    caption: &'static str,
    row: &'static str,
    column: &'static str,
    value: Option<String>,
) -> Figure {
    Figure {
        key,
        caption,
        row,
        column,
        value,
    }
}

fn blocks(t: &Table2, format: ReportFormat) -> Vec<Block> {
    const C1: &str = "第二十条第（一）项";
    const C5: &str = "第二十条第（五）项";
    const C6: &str = "第二十条第（六）项";
    const C8: &str = "第二十条第（八）项";
    const C9: &str = "第二十条第（九）项";
    match format {
        ReportFormat::Gbh2021_30 => {
            let docs = |row, prefix: &'static [&'static str; 3], d: &DocumentFigures| {
                (
                    row,
                    vec![
                        fig(prefix[0], C1, row, "本年制发件数", n(d.issued)),
                        fig(prefix[1], C1, row, "本年废止件数", n(d.repealed)),
                        fig(prefix[2], C1, row, "现行有效件数", n(d.in_force)),
                    ],
                )
            };
            const DECISIONS: &str = "本年处理决定数量";
            vec![
                Block {
                    caption: C1,
                    columns: vec!["本年制发件数", "本年废止件数", "现行有效件数"],
                    rows: vec![
                        docs(
                            "规章",
                            &["t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force"],
                            &t.rules,
                        ),
                        docs(
                            "行政规范性文件",
                            &[
                                "t2.normative_documents.issued",
                                "t2.normative_documents.repealed",
                                "t2.normative_documents.in_force",
                            ],
                            &t.normative_documents,
                        ),
                    ],
                },
                Block {
                    caption: C5,
                    columns: vec![DECISIONS],
                    rows: vec![(
                        "行政许可",
                        vec![fig(
                            "t2.licensing.decisions",
                            C5,
                            "行政许可",
                            DECISIONS,
                            n(t.licensing.decisions),
                        )],
                    )],
                },
                Block {
                    caption: C6,
                    columns: vec![DECISIONS],
                    rows: vec![
                        (
                            "行政处罚",
                            vec![fig(
                                "t2.penalties.decisions",
                                C6,
                                "行政处罚",
                                DECISIONS,
                                n(t.penalties.decisions),
                            )],
                        ),
                        (
                            "行政强制",
                            vec![fig(
                                "t2.coercion.decisions",
                                C6,
                                "行政强制",
                                DECISIONS,
                                n(t.coercion.decisions),
                            )],
                        ),
                    ],
                },
                Block {
                    caption: C8,
                    columns: vec!["本年收费金额（单位：万元）"],
                    rows: vec![(
                        "行政事业性收费",
                        vec![fig(
                            "t2.fees.amount",
                            C8,
                            "行政事业性收费",
                            "本年收费金额（单位：万元）",
                            money(t.fees.amount),
                        )],
                    )],
                },
            ]
        }
        ReportFormat::Gbh2019_60 => {
            let docs = |row, keys: &'static [&'static str; 3], d: &DocumentFigures| {
                (
                    row,
                    vec![
                        fig(keys[0], C1, row, "本年新制作数量", n(d.issued)),
                        fig(keys[1], C1, row, "本年新公开数量", n(d.published)),
                        fig(keys[2], C1, row, "对外公开总数量", n(d.published_total)),
                    ],
                )
            };
            let items = |caption, row, keys: &'static [&'static str; 3], d: &DecisionFigures| {
                (
                    row,
                    vec![
                        fig(keys[0], caption, row, "上一年项目数量", n(d.prev_items)),
                        fig(keys[1], caption, row, "本年增/减", signed(d.change)),
                        fig(keys[2], caption, row, "处理决定数量", n(d.decisions)),
                    ],
                )
            };
            let item_columns = vec!["上一年项目数量", "本年增/减", "处理决定数量"];
            vec![
                Block {
                    caption: C1,
                    columns: vec!["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                    rows: vec![
                        docs(
                            "规章",
                            &[
                                "t2.rules.issued",
                                "t2.rules.published",
                                "t2.rules.published_total",
                            ],
                            &t.rules,
                        ),
                        docs(
                            "规范性文件",
                            &[
                                "t2.normative_documents.issued",
                                "t2.normative_documents.published",
                                "t2.normative_documents.published_total",
                            ],
                            &t.normative_documents,
                        ),
                    ],
                },
                Block {
                    caption: C5,
                    columns: item_columns.clone(),
                    rows: vec![
                        items(
                            C5,
                            "行政许可",
                            &[
                                "t2.licensing.prev_items",
                                "t2.licensing.change",
                                "t2.licensing.decisions",
                            ],
                            &t.licensing,
                        ),
                        items(
                            C5,
                            "其他对外管理服务事项",
                            &[
                                "t2.other_services.prev_items",
                                "t2.other_services.change",
                                "t2.other_services.decisions",
                            ],
                            &t.other_services,
                        ),
                    ],
                },
                Block {
                    caption: C6,
                    columns: item_columns,
                    rows: vec![
                        items(
                            C6,
                            "行政处罚",
                            &[
                                "t2.penalties.prev_items",
                                "t2.penalties.change",
                                "t2.penalties.decisions",
                            ],
                            &t.penalties,
                        ),
                        items(
                            C6,
                            "行政强制",
                            &[
                                "t2.coercion.prev_items",
                                "t2.coercion.change",
                                "t2.coercion.decisions",
                            ],
                            &t.coercion,
                        ),
                    ],
                },
                Block {
                    caption: C8,
                    columns: vec!["上一年项目数量", "本年增/减"],
                    rows: vec![(
                        "行政事业性收费",
                        vec![
                            fig(
                                "t2.fees.prev_items",
                                C8,
                                "行政事业性收费",
                                "上一年项目数量",
                                n(t.fees.prev_items),
                            ),
                            fig(
                                "t2.fees.change",
                                C8,
                                "行政事业性收费",
                                "本年增/减",
                                signed(t.fees.change),
                            ),
                        ],
                    )],
                },
                Block {
                    caption: C9,
                    columns: vec!["采购项目数量", "采购总金额"],
                    rows: vec![(
                        "政府集中采购",
                        vec![
                            fig(
                                "t2.procurement.projects",
                                C9,
                                "政府集中采购",
                                "采购项目数量",
                                n(t.procurement.projects),
                            ),
                            fig(
                                "t2.procurement.amount",
                                C9,
                                "政府集中采购",
                                "采购总金额",
                                money(t.procurement.amount),
                            ),
                        ],
                    )],
                },
            ]
        }
    }
}

impl Table2 {
    /// Every figure zero: the valid table of an organization with nothing to report.
    pub fn zero() -> Table2 {
        let docs = DocumentFigures {
            issued: Some(0),
            repealed: Some(0),
            in_force: Some(0),
            published: Some(0),
            published_total: Some(0),
        };
        let items = DecisionFigures {
            decisions: Some(0),
            prev_items: Some(0),
            change: Some(0),
        };
        Table2 {
            rules: docs,
            normative_documents: docs,
            licensing: items,
            other_services: items,
            penalties: items,
            coercion: items,
            fees: FeeFigures {
                amount: Some(Money::ZERO),
                prev_items: Some(0),
                change: Some(0),
            },
            procurement: ProcurementFigures {
                projects: Some(0),
                amount: Some(Money::ZERO),
            },
        }
    }

    /// The figures the format prints, in reading order.
    /// Sets the figure `key` (as in [`Figure::key`]) from what staff typed: a count, a change
    /// (may be negative), or an amount in 万元. An empty value clears it. A bad value is refused
    /// with a message and changes nothing.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        let count = |v: &str| -> Result<Option<u64>, String> {
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<u64>()
                .map(Some)
                .map_err(|_| format!("“{v}”不是非负整数"))
        };
        let change = |v: &str| -> Result<Option<i64>, String> {
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<i64>()
                .map(Some)
                .map_err(|_| format!("“{v}”不是整数"))
        };
        let money = |v: &str| -> Result<Option<Money>, String> {
            if v.is_empty() {
                Ok(None)
            } else {
                Money::parse_wan(v).map(Some)
            }
        };
        let (group, field) = key
            .strip_prefix("t2.")
            .and_then(|k| k.split_once('.'))
            .ok_or_else(|| format!("未知的表二数据项：{key}"))?;
        let docs = match group {
            "rules" => Some(&mut self.rules),
            "normative_documents" => Some(&mut self.normative_documents),
            _ => None,
        };
        if let Some(d) = docs {
            let slot = match field {
                "issued" => &mut d.issued,
                "repealed" => &mut d.repealed,
                "in_force" => &mut d.in_force,
                "published" => &mut d.published,
                "published_total" => &mut d.published_total,
                _ => return Err(format!("未知的表二数据项：{key}")),
            };
            *slot = count(v)?;
            return Ok(());
        }
        let decisions = match group {
            "licensing" => Some(&mut self.licensing),
            "other_services" => Some(&mut self.other_services),
            "penalties" => Some(&mut self.penalties),
            "coercion" => Some(&mut self.coercion),
            _ => None,
        };
        if let Some(d) = decisions {
            match field {
                "decisions" => d.decisions = count(v)?,
                "prev_items" => d.prev_items = count(v)?,
                "change" => d.change = change(v)?,
                _ => return Err(format!("未知的表二数据项：{key}")),
            }
            return Ok(());
        }
        match (group, field) {
            ("fees", "amount") => self.fees.amount = money(v)?,
            ("fees", "prev_items") => self.fees.prev_items = count(v)?,
            ("fees", "change") => self.fees.change = change(v)?,
            ("procurement", "projects") => self.procurement.projects = count(v)?,
            ("procurement", "amount") => self.procurement.amount = money(v)?,
            _ => return Err(format!("未知的表二数据项：{key}")),
        }
        Ok(())
    }

    pub fn figures(&self, format: ReportFormat) -> Vec<Figure> {
        blocks(self, format)
            .into_iter()
            .flat_map(|b| b.rows.into_iter().flat_map(|(_, f)| f))
            .collect()
    }
}

/// The grid of Table 2 ([`WIDTH`] columns): per block a caption row, a header row
/// (信息内容 and the figure columns) and the figure rows. An unknown figure is an empty cell.
pub fn table2_cells(t: &Table2, format: ReportFormat) -> Vec<Row> {
    let mut rows = Vec::new();
    for block in blocks(t, format) {
        rows.push(vec![Cell::header(block.caption).cols(WIDTH)]);
        let spans = spans(block.columns.len());
        let mut header = vec![Cell::header(INFO_CONTENT)];
        for (label, span) in block.columns.iter().zip(&spans) {
            header.push(Cell::header(*label).cols(*span));
        }
        rows.push(header);
        for (label, figures) in block.rows {
            let mut row = vec![Cell::header(label)];
            for (f, span) in figures.into_iter().zip(&spans) {
                row.push(Cell::data(f.value.unwrap_or_default(), f.key).cols(*span));
            }
            rows.push(row);
        }
    }
    rows
}

/// Spreads `n` figure columns over the three grid columns after 信息内容: the last one takes
/// what is left.
fn spans(n: usize) -> Vec<u32> {
    let n = n.clamp(1, 3) as u32;
    let mut s = vec![1; n as usize];
    s[n as usize - 1] = WIDTH - n;
    s
}

/// Reads a file of Table 2 figures (CSV, UTF-8): one figure per line as `数据项,数值,来源`, the
/// 数据项 being the figure's key (`t2.licensing.decisions`) or its row and column labels joined by
/// `/` (`行政许可/本年处理决定数量`); a header line starting with 数据项 or `key` is skipped, the
/// 来源 may be empty. Every value is checked as [`Table2::set`] would; any bad line refuses the
/// file, each named by its line number.
pub fn parse_figures_csv(
    text: &str,
    format: ReportFormat,
) -> Result<Vec<(String, String, String)>, Vec<String>> {
    let figures = Table2::zero().figures(format);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut check = Table2::default();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split([',', '，']).map(str::trim).collect();
        if out.is_empty() && errors.is_empty() && matches!(cells[0], "数据项" | "key") {
            continue;
        }
        if cells.len() < 2 || cells.len() > 3 {
            errors.push(format!("第{n}行：应为“数据项,数值,来源”三列"));
            continue;
        }
        let item = cells[0];
        let key = figures.iter().find(|f| {
            f.key == item || format!("{}/{}", f.row, f.column) == item.replace(['／', ' '], "/")
        });
        let Some(f) = key else {
            errors.push(format!("第{n}行：本年度的表二没有数据项“{item}”"));
            continue;
        };
        if cells[1].is_empty() {
            errors.push(format!("第{n}行：“{}”未填写数值", f.label()));
            continue;
        }
        if let Err(m) = check.set(f.key, cells[1]) {
            errors.push(format!("第{n}行：{m}"));
            continue;
        }
        let source = cells.get(2).copied().unwrap_or("");
        if source.chars().count() > 200 {
            errors.push(format!("第{n}行：来源最多200个字"));
            continue;
        }
        out.push((f.key.to_string(), cells[1].to_string(), source.to_string()));
    }
    if out.is_empty() && errors.is_empty() {
        errors.push("文件中没有数据".to_string());
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_wan() {
        assert_eq!(Money::from_yuan_fen(3_500, 0).to_wan_string(), "0.35");
        assert_eq!(Money::from_yuan_fen(12_345, 60).to_wan_string(), "1.23456");
        assert_eq!(Money::from_yuan_fen(20_000, 0).to_wan_string(), "2");
        assert_eq!(Money::from_yuan_fen(0, 1).to_wan_string(), "0.000001");
        assert_eq!(Money::ZERO.to_wan_string(), "0");
        assert_eq!(Money::parse_wan("0.35"), Ok(Money::from_yuan_fen(3_500, 0)));
        assert_eq!(
            Money::parse_wan(" 12 "),
            Ok(Money::from_yuan_fen(120_000, 0))
        );
        assert_eq!(
            Money::parse_wan("1.23456"),
            Ok(Money::from_yuan_fen(12_345, 60))
        );
        for bad in ["", ".5", "1.", "-1", "1,5", "1.2.3", "abc", "1.0000001"] {
            assert!(Money::parse_wan(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn spans_fill_three_columns() {
        assert_eq!(spans(1), [3]);
        assert_eq!(spans(2), [1, 2]);
        assert_eq!(spans(3), [1, 1, 1]);
    }
}
