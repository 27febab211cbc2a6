//! Excel workbooks (XLSX): every cell of every sheet (hidden and very hidden sheets included,
//! hidden rows and columns marked), shared and inline strings, numbers rendered as text (a phone
//! or identity number typed as a number must be found), formula results, cell comments (legacy
//! and threaded) and the document properties.

use std::collections::HashMap;

use gongkai_core::redaction::{ScanOptions, scan};
use quick_xml::events::{BytesStart, BytesText, Event};

use crate::ooxml::{self, Archive, Edits, Leaf, TextRun, attr, leaf, local};
use crate::{FileError, Redaction, RichPart};

struct Sheet {
    name: String,
    path: String,
    hidden: bool,
}

fn sheets(archive: &mut Archive<'_>) -> Result<Vec<Sheet>, FileError> {
    let Some(xml) = ooxml::read(archive, "xl/workbook.xml")? else {
        return Err(FileError::Corrupt("缺少 xl/workbook.xml".into()));
    };
    let rels = ooxml::rels(archive, "xl/workbook.xml")?;
    let mut out = Vec::new();
    for e in ooxml::parse("xl/workbook.xml", &xml)? {
        if let Event::Empty(s) | Event::Start(s) = &e
            && local(&e) == Some(b"sheet")
        {
            let name = attr(s, "name").unwrap_or_default();
            let hidden = matches!(attr(s, "state").as_deref(), Some("hidden" | "veryHidden"));
            if let Some((_, path)) = attr(s, "id").and_then(|id| rels.get(&id)) {
                out.push(Sheet {
                    name,
                    path: path.clone(),
                    hidden,
                });
            }
        }
    }
    Ok(out)
}

/// The runs of text (one per `<si>`, `<comment>` or `<threadedComment>`), each with the
/// attribute `ref` of its element when it has one. Phonetic readings (`<rPh>`) are left out.
fn text_runs(events: &[Event<'_>], unit: &[u8], text: &[u8]) -> Vec<(String, TextRun)> {
    let mut out: Vec<(String, TextRun)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(s) = &events[i] {
            let name = local(&events[i]).unwrap_or_default();
            if name == unit {
                out.push((attr(s, "ref").unwrap_or_default(), TextRun::default()));
            } else if name == b"rPh" {
                i = ooxml::matching_end(events, i);
            } else if name == text {
                let (content, end) = leaf(events, i);
                if let Some((_, run)) = out.last_mut() {
                    run.push(&Leaf { start: i, content });
                }
                i = end;
            }
        } else if let Event::Empty(_) = &events[i]
            && local(&events[i]) == Some(unit)
        {
            out.push((String::new(), TextRun::default()));
        }
        i += 1;
    }
    out
}

enum Value {
    Shared(usize),
    Inline(TextRun),
    /// A number (rendered as text), a formula's string result or a date.
    Plain(String),
}

struct Cell {
    reference: String,
    row_hidden: bool,
    col_hidden: bool,
    value: Value,
    start: usize,
    end: usize,
}

fn cells(events: &[Event<'_>]) -> Vec<Cell> {
    let mut hidden_cols: Vec<(u32, u32)> = Vec::new();
    let mut out = Vec::new();
    let (mut row, mut row_hidden, mut col) = (0u32, false, 0u32);
    let mut i = 0;
    while i < events.len() {
        let e = &events[i];
        match (e, local(e)) {
            (Event::Empty(s) | Event::Start(s), Some(b"col")) => {
                if is_true(attr(s, "hidden"))
                    && let (Some(min), Some(max)) = (attr(s, "min"), attr(s, "max"))
                    && let (Ok(min), Ok(max)) = (min.parse(), max.parse())
                {
                    hidden_cols.push((min, max));
                }
            }
            (Event::Start(s) | Event::Empty(s), Some(b"row")) => {
                row = attr(s, "r").and_then(|r| r.parse().ok()).unwrap_or(row + 1);
                row_hidden = is_true(attr(s, "hidden"));
                col = 0;
            }
            (Event::Empty(s), Some(b"c")) => {
                col = attr(s, "r").and_then(|r| col_of(&r)).unwrap_or(col + 1);
            }
            (Event::Start(s), Some(b"c")) => {
                let end = ooxml::matching_end(events, i);
                col = attr(s, "r").and_then(|r| col_of(&r)).unwrap_or(col + 1);
                let kind = attr(s, "t").unwrap_or_default();
                let mut v = None;
                let mut inline = TextRun::default();
                let mut k = i + 1;
                while k < end {
                    match local(&events[k]) {
                        Some(b"v") if matches!(events[k], Event::Start(_)) => {
                            let (content, e) = leaf(events, k);
                            v = Some(content);
                            k = e;
                        }
                        Some(b"rPh") if matches!(events[k], Event::Start(_)) => {
                            k = ooxml::matching_end(events, k);
                        }
                        Some(b"t") if matches!(events[k], Event::Start(_)) => {
                            let (content, e) = leaf(events, k);
                            inline.push(&Leaf { start: k, content });
                            k = e;
                        }
                        _ => {}
                    }
                    k += 1;
                }
                let value = match kind.as_str() {
                    "s" => v.and_then(|v| v.trim().parse().ok()).map(Value::Shared),
                    "inlineStr" => Some(Value::Inline(inline)),
                    "b" | "e" => None,
                    "str" | "d" => v.map(Value::Plain),
                    _ => v.map(|v| Value::Plain(render_number(&v))),
                };
                if let Some(value) = value {
                    out.push(Cell {
                        reference: format!("{}{row}", col_name(col)),
                        row_hidden,
                        col_hidden: hidden_cols.iter().any(|&(a, b)| a <= col && col <= b),
                        value,
                        start: i,
                        end,
                    });
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_true(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true"))
}

/// A number as a person typed it: integers exactly (`13800138000` for `1.3800138E10`), other
/// numbers as stored.
pub(crate) fn render_number(v: &str) -> String {
    let v = v.trim();
    if v.contains(['.', 'E', 'e'])
        && let Ok(f) = v.parse::<f64>()
        && f.is_finite()
        && f.fract() == 0.0
        && f.abs() < 1e17
    {
        return format!("{}", f as i64);
    }
    v.to_string()
}

/// The column number (1 = A) of a cell reference such as `B3`.
fn col_of(r: &str) -> Option<u32> {
    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    if letters.is_empty() {
        return None;
    }
    Some(letters.chars().fold(0u32, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    }))
}

fn col_name(mut n: u32) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

fn cell_location(sheet: &Sheet, c: &Cell) -> (String, bool) {
    let mut loc = format!("工作表“{}”!{}", sheet.name, c.reference);
    if sheet.hidden {
        loc.push_str("（隐藏工作表）");
    }
    if c.row_hidden {
        loc.push_str("（隐藏行）");
    }
    if c.col_hidden {
        loc.push_str("（隐藏列）");
    }
    (loc, sheet.hidden || c.row_hidden || c.col_hidden)
}

fn comment_location(sheet: &Sheet, reference: &str) -> String {
    let mut loc = format!("批注 工作表“{}”!{}", sheet.name, reference);
    if sheet.hidden {
        loc.push_str("（隐藏工作表）");
    }
    loc
}

/// A comments part of a sheet: the member, the element of one comment, its text element.
type Comments = (String, &'static [u8], &'static [u8]);

/// The comment parts of a sheet (legacy and threaded).
fn comment_members(archive: &mut Archive<'_>, sheet: &Sheet) -> Result<Vec<Comments>, FileError> {
    let mut out: Vec<Comments> = ooxml::rels(archive, &sheet.path)?
        .into_values()
        .filter_map(|(kind, target)| {
            if kind.ends_with("/comments") {
                Some((target, &b"comment"[..], &b"t"[..]))
            } else if kind.ends_with("/threadedComment") {
                Some((target, &b"threadedComment"[..], &b"text"[..]))
            } else {
                None
            }
        })
        .collect();
    out.sort();
    Ok(out)
}

struct Book<'a> {
    archive: Archive<'a>,
    sheets: Vec<Sheet>,
    shared: Option<(Vec<Event<'static>>, Vec<TextRun>)>,
}

fn book(bytes: &[u8]) -> Result<Book<'_>, FileError> {
    let mut archive = ooxml::open(bytes)?;
    let sheets = sheets(&mut archive)?;
    let rels = ooxml::rels(&mut archive, "xl/workbook.xml")?;
    let sst = rels
        .values()
        .find(|(kind, _)| kind.ends_with("/sharedStrings"))
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| "xl/sharedStrings.xml".into());
    let shared = match ooxml::read(&mut archive, &sst)? {
        Some(xml) => {
            let events = ooxml::parse(&sst, &xml)?;
            let runs = text_runs(&events, b"si", b"t")
                .into_iter()
                .map(|(_, r)| r)
                .collect();
            Some((events, runs))
        }
        None => None,
    };
    Ok(Book {
        archive,
        sheets,
        shared,
    })
}

pub(crate) fn parts(bytes: &[u8]) -> Result<Vec<RichPart>, FileError> {
    let mut b = book(bytes)?;
    let shared: &[TextRun] = b.shared.as_ref().map(|s| s.1.as_slice()).unwrap_or(&[]);
    let mut out = Vec::new();
    for sheet in &b.sheets {
        let Some(xml) = ooxml::read(&mut b.archive, &sheet.path)? else {
            continue;
        };
        for c in cells(&ooxml::parse(&sheet.path, &xml)?) {
            let text = match &c.value {
                Value::Shared(n) => shared.get(*n).map(|r| r.text.clone()).unwrap_or_default(),
                Value::Inline(run) => run.text.clone(),
                Value::Plain(s) => s.clone(),
            };
            if text.trim().is_empty() {
                continue;
            }
            let (location, hidden) = cell_location(sheet, &c);
            out.push(RichPart::plain(location, text, hidden));
        }
        for (member, unit, text) in comment_members(&mut b.archive, sheet)? {
            let Some(xml) = ooxml::read(&mut b.archive, &member)? else {
                continue;
            };
            for (reference, run) in text_runs(&ooxml::parse(&member, &xml)?, unit, text) {
                if !run.text.trim().is_empty() {
                    out.push(RichPart::plain(
                        comment_location(sheet, &reference),
                        run.text,
                        true,
                    ));
                }
            }
        }
    }
    out.extend(ooxml::props_parts(&mut b.archive)?);
    Ok(out)
}

pub(crate) fn redact(bytes: &[u8], opts: &ScanOptions) -> Result<Redaction, FileError> {
    let mut b = book(bytes)?;
    let mut replaced: HashMap<String, Vec<u8>> = HashMap::new();
    let mut masked = 0;
    // Shared strings: masked once, for every cell that shows them.
    let mut shared_found: Vec<usize> = Vec::new();
    if let Some((events, runs)) = &b.shared {
        let mut edits = Edits::default();
        for run in runs {
            shared_found.push(run.redact(opts, &mut edits));
        }
        if !edits.is_empty() {
            let sst = ooxml::rels(&mut b.archive, "xl/workbook.xml")?
                .into_values()
                .find(|(kind, _)| kind.ends_with("/sharedStrings"))
                .map(|(_, t)| t)
                .unwrap_or_else(|| "xl/sharedStrings.xml".into());
            replaced.insert(sst, ooxml::write(events, &edits)?);
        }
    }
    for sheet in &b.sheets {
        let Some(xml) = ooxml::read(&mut b.archive, &sheet.path)? else {
            continue;
        };
        let events = ooxml::parse(&sheet.path, &xml)?;
        let mut edits = Edits::default();
        for c in cells(&events) {
            match &c.value {
                Value::Shared(n) => masked += shared_found.get(*n).copied().unwrap_or(0),
                Value::Inline(run) => masked += run.redact(opts, &mut edits),
                Value::Plain(s) => {
                    let found = scan(s, opts);
                    if !found.is_empty()
                        && let Event::Start(start) = &events[c.start]
                    {
                        masked += found.len();
                        let text = gongkai_core::redaction::mask(s, &found);
                        edits.replace(c.start, c.end, inline_cell(start, &text));
                    }
                }
            }
        }
        if !edits.is_empty() {
            replaced.insert(sheet.path.clone(), ooxml::write(&events, &edits)?);
        }
        for (member, unit, text) in comment_members(&mut b.archive, sheet)? {
            let Some(xml) = ooxml::read(&mut b.archive, &member)? else {
                continue;
            };
            let events = ooxml::parse(&member, &xml)?;
            let mut edits = Edits::default();
            for (_, run) in text_runs(&events, unit, text) {
                masked += run.redact(opts, &mut edits);
            }
            if !edits.is_empty() {
                replaced.insert(member, ooxml::write(&events, &edits)?);
            }
        }
    }
    masked += ooxml::redact_props(&mut b.archive, opts, &mut replaced)?;
    let bytes = ooxml::rewrite(bytes, &replaced)?;
    Ok(Redaction::Redacted { bytes, masked })
}

/// The cell as an inline string holding `text` (its formula, if any, dropped; its style kept).
fn inline_cell(start: &BytesStart<'_>, text: &str) -> Vec<Event<'static>> {
    let qname = start.name().into_inner().to_string();
    let prefix = qname
        .rsplit_once(':')
        .map(|(p, _)| format!("{p}:"))
        .unwrap_or_default();
    let mut c = BytesStart::new(qname.clone());
    for a in start.attributes().flatten() {
        if crate::ooxml::local_of(a.key.into_inner()) != "t" {
            c.push_attribute(a);
        }
    }
    c.push_attribute(("t", "inlineStr"));
    let mut t = BytesStart::new(format!("{prefix}t"));
    t.push_attribute(("xml:space", "preserve"));
    vec![
        Event::Start(c.into_owned()),
        Event::Start(BytesStart::new(format!("{prefix}is"))),
        Event::Start(t.to_owned()),
        Event::Text(BytesText::new(text).into_owned()),
        Event::End(t.to_end().into_owned()),
        Event::End(quick_xml::events::BytesEnd::new(format!("{prefix}is"))),
        Event::End(quick_xml::events::BytesEnd::new(qname)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_render_as_typed() {
        assert_eq!(render_number("13800138000"), "13800138000");
        assert_eq!(render_number("1.3800138E10"), "13800138000");
        assert_eq!(render_number("1.3800138e+10"), "13800138000");
        assert_eq!(render_number("13800138000.0"), "13800138000");
        assert_eq!(render_number("3.5"), "3.5");
        assert_eq!(render_number("45292"), "45292");
        assert_eq!(render_number("1E+300"), "1E+300");
    }

    #[test]
    fn column_letters() {
        for (n, s) in [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")] {
            assert_eq!(col_name(n), s);
            assert_eq!(col_of(&format!("{s}12")), Some(n));
        }
        assert_eq!(col_of("12"), None);
    }
}
