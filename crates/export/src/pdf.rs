//! PDF export (feature `pdf`): the report typeset with Typst used as a library.
//!
//! The document becomes Typst markup in which every text of the report is a Typst string literal
//! (never spliced into markup, so `#`, `*`, `[`, `$` print as themselves), compiled against a
//! minimal in-memory world whose only file is that markup and whose fonts come from the given
//! directories (the Debian CJK fonts: Noto Serif/Sans CJK SC). Typst embeds subsets of the fonts
//! used.
//!
//! Layout: A4, the title centred in bold, the opening paragraph, the six section headings in bold
//! sans, paragraphs in serif with a 2em first-line indent, and Tables 2–4 with their merged cells
//! (`table.cell(rowspan, colspan)`, emitted as in the grid: a cell covered by a span from above is
//! not repeated, which is also how Typst places cells), ruled on every cell, centred, in 9pt. A
//! table is kept on one page (its size is fixed by the format, and the largest, Table 3, fits).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use gongkai_core::annual_report::{Grid, ReportDocument};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::ExportError;

pub const CONTENT_TYPE: &str = "application/pdf";

/// Font directories searched for CJK fonts: the system and per-user font directories that exist
/// (Debian's `fonts-noto-cjk`, installed by `scripts/setup-ci-deps.sh`, is under
/// `/usr/share/fonts`).
pub fn default_font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(data) = std::env::var_os("XDG_DATA_HOME") {
        dirs.push(PathBuf::from(data).join("fonts"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    dirs.retain(|d| d.is_dir());
    dirs.dedup();
    dirs
}

/// Renders the report as a PDF with the fonts found in `font_dirs` (searched recursively for
/// `.ttf`, `.otf`, `.ttc`, `.otc`; the scan is done once per list of directories and kept).
pub fn render(doc: &ReportDocument, font_dirs: &[PathBuf]) -> Result<Vec<u8>, ExportError> {
    let fonts = FontSet::cached(font_dirs)?;
    let world = ReportWorld {
        fonts: &fonts,
        source: Source::detached(markup(doc, &fonts.serif, &fonts.sans)),
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|e| ExportError::Write(diagnostics(&e)))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|e| ExportError::Write(diagnostics(&e)))
}

fn diagnostics(errors: &[SourceDiagnostic]) -> String {
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    format!("排版失败：{}", messages.join("；"))
}

// ---------------------------------------------------------------------------------------------
// Markup

/// A Typst string literal holding `s` exactly: the only way document text enters the markup.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Typst source of the whole report.
fn markup(doc: &ReportDocument, serif: &str, sans: &str) -> String {
    let mut m = String::new();
    let serif = lit(serif);
    let sans = lit(sans);
    let _ = writeln!(m, "#let serif = ({serif}, {sans})");
    let _ = writeln!(m, "#let sans = ({sans}, {serif})");
    let _ = writeln!(
        m,
        "#set document(title: {}, author: {})",
        lit(&doc.title),
        lit(&doc.org_name)
    );
    m.push_str(
        "#set page(paper: \"a4\", margin: (x: 2.5cm, top: 2.5cm, bottom: 2.8cm), \
         footer: context align(center, text(size: 10pt)[— #counter(page).display() —]))\n\
         #set text(font: serif, size: 12pt, lang: \"zh\", region: \"cn\")\n\
         #set par(justify: true, leading: 0.9em, spacing: 0.9em, \
         first-line-indent: (amount: 2em, all: true))\n\
         #show heading: set text(font: sans, size: 14pt, weight: \"bold\")\n\
         #show heading: set block(above: 1.5em, below: 1em)\n\
         #let report-table(columns, header, body) = block(width: 100%, breakable: false, {\n\
         \x20 set text(size: 9pt)\n\
         \x20 set par(justify: false, leading: 0.5em, first-line-indent: 0pt)\n\
         \x20 table(columns: columns, align: center + horizon, stroke: 0.5pt + black,\n\
         \x20   inset: (x: 3pt, y: 4pt), ..header, ..body)\n\
         })\n",
    );
    let _ = writeln!(
        m,
        "#align(center, text(size: 22pt, weight: \"bold\", {}))",
        lit(&doc.title)
    );
    m.push_str("#v(1em)\n");
    let _ = writeln!(m, "#par({})", lit(&doc.opening));
    for section in &doc.sections {
        let _ = writeln!(m, "#heading(level: 1, {})", lit(&section.heading));
        for p in &section.paragraphs {
            let _ = writeln!(m, "#par({})", lit(p));
        }
        if let Some(grid) = &section.table {
            table(&mut m, grid);
        }
    }
    m
}

/// Column widths by the table's number of grid columns: the national layouts' proportions (Table
/// 2: 4 columns, 信息内容 wider; Table 3: 10 columns, three label columns of which the third holds
/// the long item labels; Table 4 and anything else: equal).
fn columns(width: usize) -> String {
    let fr: Vec<f32> = match width {
        4 => vec![1.6, 1.0, 1.0, 1.0],
        10 => [1.0, 1.5, 3.6]
            .into_iter()
            .chain(std::iter::repeat_n(1.3, 7))
            .collect(),
        n => vec![1.0; n.max(1)],
    };
    let parts: Vec<String> = fr.iter().map(|f| format!("{f}fr")).collect();
    format!("({},)", parts.join(", "))
}

/// How many leading rows form the table's header, repeated on a page break: the leading rows of
/// labels only, with no span reaching below them, in a table that has no later row of labels only
/// (Table 2's blocks each have their own caption and headings, so it has no repeated header).
fn header_rows(grid: &Grid) -> usize {
    let all_labels = |row: &Vec<gongkai_core::annual_report::Cell>| row.iter().all(|c| c.header);
    let n = grid.rows.iter().take_while(|r| all_labels(r)).count();
    if n == grid.rows.len() || grid.rows[n..].iter().any(all_labels) {
        return 0;
    }
    let reaches_below = grid.rows[..n]
        .iter()
        .enumerate()
        .any(|(i, row)| row.iter().any(|c| i + c.rowspan as usize > n));
    if reaches_below { 0 } else { n }
}

fn table(m: &mut String, grid: &Grid) {
    let width = grid.width().unwrap_or_else(|_| {
        grid.rows
            .first()
            .map_or(1, |r| r.iter().map(|c| c.colspan as usize).sum())
    });
    let head = header_rows(grid);
    let cells = |rows: &[Vec<gongkai_core::annual_report::Cell>]| {
        let mut out = String::new();
        for row in rows {
            for c in row {
                let _ = write!(
                    out,
                    "table.cell(rowspan: {}, colspan: {}, {}), ",
                    c.rowspan.max(1),
                    c.colspan.max(1),
                    lit(&c.text)
                );
            }
            out.push('\n');
        }
        out
    };
    let header = if head > 0 {
        format!("(table.header({}),)", cells(&grid.rows[..head]))
    } else {
        "()".to_string()
    };
    let _ = writeln!(
        m,
        "#report-table({}, {}, ({}))",
        columns(width),
        header,
        cells(&grid.rows[head..])
    );
}

// ---------------------------------------------------------------------------------------------
// Fonts

/// Characters a font must have to set the report: a CJK font.
const CJK_PROBE: &str = "政府信息公开工作年度报告（一）、";

/// Families preferred for the body (serif, 宋体-like) and for headings (sans, 黑体-like).
const SERIF_PREFERRED: &[&str] = &[
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Noto Serif SC",
];
const SANS_PREFERRED: &[&str] = &[
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
];

/// One font file, read when a face of it is first used.
struct FontFile {
    path: PathBuf,
    bytes: OnceLock<Option<Bytes>>,
}

/// One face: its file, its index in a collection, the parsed font once used.
struct FaceSlot {
    file: usize,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// The fonts of a list of directories: their book (metadata of every face) and the faces, loaded
/// lazily; the families chosen for body and headings.
struct FontSet {
    book: LazyHash<FontBook>,
    files: Vec<FontFile>,
    faces: Vec<FaceSlot>,
    serif: String,
    sans: String,
}

impl FontSet {
    /// The font set of `dirs`, scanned once per process and list of directories.
    fn cached(dirs: &[PathBuf]) -> Result<Arc<FontSet>, ExportError> {
        static CACHE: LazyLock<Mutex<HashMap<Vec<PathBuf>, Arc<FontSet>>>> =
            LazyLock::new(Default::default);
        if let Some(set) = CACHE.lock().ok().and_then(|c| c.get(dirs).cloned()) {
            return Ok(set);
        }
        let set = Arc::new(FontSet::scan(dirs)?);
        if let Ok(mut cache) = CACHE.lock() {
            cache.insert(dirs.to_vec(), set.clone());
        }
        Ok(set)
    }

    fn scan(dirs: &[PathBuf]) -> Result<FontSet, ExportError> {
        let mut paths = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for dir in dirs {
            walk(dir, &mut paths, &mut seen);
        }
        paths.sort();
        let mut book = FontBook::new();
        let mut files = Vec::new();
        let mut faces = Vec::new();
        let mut cjk: Vec<FontInfo> = Vec::new();
        for path in paths {
            let Ok(data) = std::fs::read(&path) else {
                continue;
            };
            let file = files.len();
            let mut any = false;
            for (index, info) in FontInfo::iter(&data).enumerate() {
                any = true;
                if CJK_PROBE.chars().all(|c| info.coverage.contains(c as u32)) {
                    cjk.push(info.clone());
                }
                book.push(info);
                faces.push(FaceSlot {
                    file,
                    index: index as u32,
                    font: OnceLock::new(),
                });
            }
            if any {
                files.push(FontFile {
                    path,
                    bytes: OnceLock::new(),
                });
            }
        }
        let searched = || {
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join("、")
        };
        if cjk.is_empty() {
            return Err(ExportError::Fonts(format!(
                "在 {} 中没有找到含中文字形的字体（如 Noto Serif CJK SC，Debian 软件包 fonts-noto-cjk）",
                if dirs.is_empty() {
                    "（未指定目录）".to_string()
                } else {
                    searched()
                }
            )));
        }
        let family = |preferred: &[&str], hint: &[&str]| -> String {
            let has = |name: &str| cjk.iter().find(|i| i.family.eq_ignore_ascii_case(name));
            if let Some(i) = preferred.iter().find_map(|p| has(p)) {
                return i.family.clone();
            }
            cjk.iter()
                .find(|i| hint.iter().any(|h| i.family.to_lowercase().contains(h)))
                .unwrap_or(&cjk[0])
                .family
                .clone()
        };
        let serif = family(SERIF_PREFERRED, &["serif", "song", "ming"]);
        let sans = family(SANS_PREFERRED, &["sans", "hei"]);
        Ok(FontSet {
            book: LazyHash::new(book),
            files,
            faces,
            serif,
            sans,
        })
    }

    fn font(&self, index: usize) -> Option<Font> {
        let slot = self.faces.get(index)?;
        slot.font
            .get_or_init(|| {
                let file = &self.files[slot.file];
                let bytes = file
                    .bytes
                    .get_or_init(|| std::fs::read(&file.path).ok().map(Bytes::new))
                    .clone()?;
                Font::new(bytes, slot.index)
            })
            .clone()
    }
}

/// Collects the font files under `dir`, following symbolic links once (`seen` holds the
/// canonical directories visited).
fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut std::collections::HashSet<PathBuf>) {
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    if !seen.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out, seen);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["ttf", "otf", "ttc", "otc"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        }) {
            out.push(path);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The Typst world: one in-memory source, the fonts, no other files, no clock.

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

struct ReportWorld<'a> {
    fonts: &'a FontSet,
    source: Source,
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.source.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.source.id() {
            Ok(Bytes::from_string(self.source.text().to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// No date: the report does not print one, and core rules keep the clock out of rendering.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(lit("x\ny\t\u{7}"), r#""x\ny\t\u{7}""#);
        assert_eq!(lit("#import \"x\": *"), r##""#import \"x\": *""##);
    }

    #[test]
    fn header_rows_of_the_three_tables() {
        use gongkai_core::annual_report::{Narrative, Report, Table2};
        use gongkai_core::application::review::ReviewCounting;
        let report =
            Report::from_records(2025, Table2::zero(), &[], &[], ReviewCounting::default())
                .unwrap();
        let doc = ReportDocument::new("某局", &report, &Narrative::default());
        let heads: Vec<usize> = doc.tables().iter().map(|(_, g)| header_rows(g)).collect();
        assert_eq!(heads, vec![0, 3, 3]);
    }
}
