//! A renderable table with merged cells: rows of cells, each with its row and column span, as in
//! an HTML `<table>`. A cell covered by a span from an earlier row is not repeated.

use serde::Serialize;

/// One cell of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub text: String,
    pub rowspan: u32,
    pub colspan: u32,
    /// A label cell (`<th>`) rather than a figure (`<td>`).
    pub header: bool,
    /// For a data cell: the stable key of the figure, e.g. `t3.granted.natural_person`, so that a
    /// page can link it to the cases or documents behind it. `None` for labels.
    pub key: Option<String>,
}

impl Cell {
    /// A label cell spanning one row and one column.
    pub fn header(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            rowspan: 1,
            colspan: 1,
            header: true,
            key: None,
        }
    }

    /// A data cell spanning one row and one column.
    pub fn data(text: impl Into<String>, key: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            rowspan: 1,
            colspan: 1,
            header: false,
            key: Some(key.into()),
        }
    }

    pub fn rows(mut self, rowspan: u32) -> Cell {
        self.rowspan = rowspan;
        self
    }

    pub fn cols(mut self, colspan: u32) -> Cell {
        self.colspan = colspan;
        self
    }
}

/// One row of a grid: its cells, without those covered by a span from above.
pub type Row = Vec<Cell>;

/// A table with merged cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grid {
    pub rows: Vec<Row>,
}

/// Why a grid is not a rectangle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// 0-based row.
    pub row: usize,
    pub message: String,
}

impl Grid {
    /// The number of grid columns, if every row covers the same number (counting cells that
    /// reach into it from rows above) and no span runs past the last row or has size zero.
    pub fn width(&self) -> Result<usize, ShapeError> {
        // Per grid column, how many more rows it stays covered by a rowspan from above.
        let mut covered: Vec<u32> = Vec::new();
        let mut width = None;
        for (r, row) in self.rows.iter().enumerate() {
            let mut col = 0usize;
            let mut next = covered.clone();
            for cell in row {
                if cell.rowspan == 0 || cell.colspan == 0 {
                    return Err(ShapeError {
                        row: r,
                        message: format!("单元格“{}”的跨行或跨列数为0", cell.text),
                    });
                }
                while covered.get(col).is_some_and(|n| *n > 0) {
                    col += 1;
                }
                for c in col..col + cell.colspan as usize {
                    if covered.get(c).is_some_and(|n| *n > 0) {
                        return Err(ShapeError {
                            row: r,
                            message: format!("单元格“{}”与上方的合并单元格重叠", cell.text),
                        });
                    }
                    if next.len() <= c {
                        next.resize(c + 1, 0);
                    }
                    next[c] = cell.rowspan;
                }
                col += cell.colspan as usize;
            }
            while covered.get(col).is_some_and(|n| *n > 0) {
                col += 1;
            }
            let w = width.get_or_insert(col);
            if *w != col || next.len() > *w {
                return Err(ShapeError {
                    row: r,
                    message: format!("第{}行覆盖{}列，应为{}列", r + 1, col.max(next.len()), w),
                });
            }
            covered = next.into_iter().map(|n| n.saturating_sub(1)).collect();
        }
        if let Some(r) = covered.iter().position(|n| *n > 0) {
            return Err(ShapeError {
                row: self.rows.len(),
                message: format!("第{}列的合并单元格超出表格末行", r + 1),
            });
        }
        Ok(width.unwrap_or(0))
    }

    /// The data cells in reading order.
    pub fn data_cells(&self) -> impl Iterator<Item = &Cell> {
        self.rows.iter().flatten().filter(|c| c.key.is_some())
    }

    /// The data cell with this key.
    pub fn cell(&self, key: &str) -> Option<&Cell> {
        self.data_cells().find(|c| c.key.as_deref() == Some(key))
    }

    /// The table as HTML: `<th>` for labels, `<td data-key="…">` for figures, spans above 1
    /// written out, every text and key escaped.
    pub fn to_html(&self) -> String {
        self.to_html_linked(|_| None)
    }

    /// As [`Grid::to_html`], with a figure wrapped in a link where `link(key)` gives one (the
    /// drill-down from a number to the records behind it).
    pub fn to_html_linked(&self, link: impl Fn(&str) -> Option<String>) -> String {
        let mut out = String::from("<table>\n");
        for row in &self.rows {
            out.push_str("<tr>");
            for cell in row {
                let tag = if cell.header { "th" } else { "td" };
                out.push('<');
                out.push_str(tag);
                if cell.rowspan > 1 {
                    out.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                }
                if cell.colspan > 1 {
                    out.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                }
                if let Some(key) = &cell.key {
                    out.push_str(" data-key=\"");
                    out.push_str(&escape_html(key));
                    out.push('"');
                }
                out.push('>');
                match cell.key.as_deref().and_then(&link) {
                    Some(href) => {
                        out.push_str("<a href=\"");
                        out.push_str(&escape_html(&href));
                        out.push_str("\">");
                        out.push_str(&escape_html(&cell.text));
                        out.push_str("</a>");
                    }
                    None => out.push_str(&escape_html(&cell.text)),
                }
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>");
        out
    }
}

pub use crate::html::escape as escape_html;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("危及“三安全一稳定”"), "危及“三安全一稳定”");
        assert_eq!(escape_html("&amp;"), "&amp;amp;");
    }

    #[test]
    fn html_has_spans_and_escaped_text() {
        let g = Grid {
            rows: vec![
                vec![Cell::header("a<b").rows(2), Cell::header("c&d").cols(2)],
                vec![Cell::data("1", "k\"1"), Cell::data("2", "k2")],
            ],
        };
        assert_eq!(g.width(), Ok(3));
        assert_eq!(
            g.to_html(),
            "<table>\n<tr><th rowspan=\"2\">a&lt;b</th><th colspan=\"2\">c&amp;d</th></tr>\n\
             <tr><td data-key=\"k&quot;1\">1</td><td data-key=\"k2\">2</td></tr>\n</table>"
        );
        assert_eq!(g.cell("k2").map(|c| c.text.as_str()), Some("2"));
    }

    #[test]
    fn shape_errors() {
        let ragged = Grid {
            rows: vec![
                vec![Cell::header("a"), Cell::header("b")],
                vec![Cell::header("c")],
            ],
        };
        assert_eq!(ragged.width().unwrap_err().row, 1);
        let overhang = Grid {
            rows: vec![vec![Cell::header("a").rows(2), Cell::header("b")]],
        };
        assert!(overhang.width().is_err());
        let zero = Grid {
            rows: vec![vec![Cell::header("a").cols(0)]],
        };
        assert!(zero.width().is_err());
        assert_eq!(Grid { rows: vec![] }.width(), Ok(0));
    }
}
