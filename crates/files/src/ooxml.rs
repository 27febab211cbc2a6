//! What DOCX and XLSX share: the zip package, XML parts as event lists, runs of text spread
//! over several text elements (masked back into those elements), the rewritten package, and the
//! document properties (`docProps/`).

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Write};

use gongkai_core::redaction::{Finding, ScanOptions, mask_match, scan};
use quick_xml::events::{BytesStart, BytesText, Event};

use crate::{FileError, RichPart};

/// Largest member read from a package, uncompressed (a guard against zip bombs).
const MAX_MEMBER: u64 = 64 * 1024 * 1024;

pub(crate) type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

pub(crate) fn open(bytes: &[u8]) -> Result<Archive<'_>, FileError> {
    zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| FileError::Corrupt("压缩包结构损坏或文件不完整".into()))
}

/// The names of the package's members, sorted.
pub(crate) fn names(archive: &Archive<'_>) -> Vec<String> {
    let mut names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    names.sort();
    names
}

/// A member's text (UTF-8 XML), `None` when the package has no such member.
pub(crate) fn read(archive: &mut Archive<'_>, name: &str) -> Result<Option<String>, FileError> {
    let corrupt = || FileError::Corrupt(format!("无法读取文件中的 {name}"));
    let mut file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(corrupt()),
    };
    let mut raw = Vec::new();
    file.by_ref()
        .take(MAX_MEMBER + 1)
        .read_to_end(&mut raw)
        .map_err(|_| corrupt())?;
    if raw.len() as u64 > MAX_MEMBER {
        return Err(FileError::Corrupt(format!("{name} 过大")));
    }
    let text = String::from_utf8(raw).map_err(|_| corrupt())?;
    Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
}

/// The same package with some members replaced (same names; the others copied as they are).
pub(crate) fn rewrite(
    bytes: &[u8],
    replaced: &HashMap<String, Vec<u8>>,
) -> Result<Vec<u8>, FileError> {
    let failed = |_| FileError::Corrupt("无法写出去标识化后的文件".into());
    let mut archive = open(bytes)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let file = archive
            .by_index_raw(i)
            .map_err(|_| FileError::Corrupt("压缩包结构损坏".into()))?;
        let name = file
            .name()
            .map_err(|_| FileError::Corrupt("压缩包结构损坏".into()))?
            .into_owned();
        match replaced.get(&name) {
            Some(content) => {
                drop(file);
                out.start_file(name, options).map_err(failed)?;
                out.write_all(content)
                    .map_err(|e| failed(zip::result::ZipError::Io(e)))?;
            }
            None => out.raw_copy_file(file).map_err(failed)?,
        }
    }
    Ok(out.finish().map_err(failed)?.into_inner())
}

/// An XML member as a list of owned events (the document order).
pub(crate) fn parse(name: &str, xml: &str) -> Result<Vec<Event<'static>>, FileError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut events = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(e) => events.push(e.into_owned()),
            Err(_) => return Err(FileError::Corrupt(format!("{name} 不是有效的 XML"))),
        }
    }
    Ok(events)
}

/// The local name of a start, empty or end element.
pub(crate) fn local<'e>(e: &'e Event<'_>) -> Option<&'e [u8]> {
    match e {
        Event::Start(s) | Event::Empty(s) => Some(local_of(s.name().into_inner()).as_bytes()),
        Event::End(s) => Some(local_of(s.name().into_inner()).as_bytes()),
        _ => None,
    }
}

pub(crate) fn local_of(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// The value of the attribute with this local name.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local_of(a.key.into_inner()) == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// The index of the end event matching the start event at `start` (itself for an empty
/// element).
pub(crate) fn matching_end(events: &[Event<'_>], start: usize) -> usize {
    if !matches!(events[start], Event::Start(_)) {
        return start;
    }
    let mut depth = 0usize;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The text inside the element starting at `start` (entities resolved) and the index of its
/// end event.
pub(crate) fn leaf(events: &[Event<'_>], start: usize) -> (String, usize) {
    let end = matching_end(events, start);
    let mut s = String::new();
    for e in &events[start..end] {
        match e {
            Event::Text(t) => s.push_str(&t.xml10_content()),
            Event::CData(t) => s.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => s.push(c),
                _ => {
                    if let Some(v) = quick_xml::escape::resolve_predefined_entity(r) {
                        s.push_str(v);
                    }
                }
            },
            _ => {}
        }
    }
    (s, end)
}

/// A text element of an XML member: its start and end events and its content.
#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    pub start: usize,
    pub content: String,
}

/// A text made of the contents of several text elements (and separators standing for tabs,
/// breaks and paragraph ends), which can be masked back into those elements.
#[derive(Debug, Default)]
pub(crate) struct TextRun {
    pub text: String,
    /// Byte range in `text` and the start event of the text element it came from (`None`
    /// for a separator).
    spans: Vec<(usize, usize, Option<usize>)>,
}

impl TextRun {
    pub fn push(&mut self, leaf: &Leaf) {
        let s = self.text.len();
        self.text.push_str(&leaf.content);
        self.spans.push((s, self.text.len(), Some(leaf.start)));
    }

    pub fn sep(&mut self, sep: &str) {
        let s = self.text.len();
        self.text.push_str(sep);
        self.spans.push((s, self.text.len(), None));
    }

    /// The byte ranges of `text` that came from the given text elements.
    pub fn ranges_of(&self, starts: &HashSet<usize>) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        for &(s, e, leaf) in &self.spans {
            if leaf.is_some_and(|l| starts.contains(&l)) {
                match out.last_mut() {
                    Some(last) if last.1 == s => last.1 = e,
                    _ => out.push((s, e)),
                }
            }
        }
        out
    }

    /// The new content of every text element touched by the findings, each finding masked with
    /// `mask_match`. A mask as long as the match (in characters) is written character by
    /// character, so that each keeps its run and formatting; a mask of another length goes
    /// into the first element the match touches and the rest of the match is emptied.
    pub fn masked(&self, findings: &[Finding]) -> HashMap<usize, String> {
        let mut edits: HashMap<usize, Vec<(usize, usize, String)>> = HashMap::new();
        for f in findings {
            let Some(orig) = self.text.get(f.start..f.end) else {
                continue;
            };
            let repl = mask_match(f.kind, orig);
            if repl.chars().count() == orig.chars().count() {
                for ((off, c), r) in orig.char_indices().zip(repl.chars()) {
                    if c == r {
                        continue;
                    }
                    let pos = f.start + off;
                    if let Some((s, _, Some(leaf))) = self.span_at(pos) {
                        edits.entry(leaf).or_default().push((
                            pos - s,
                            pos - s + c.len_utf8(),
                            r.to_string(),
                        ));
                    }
                }
            } else {
                let mut first = true;
                for &(s, e, leaf) in &self.spans {
                    let Some(leaf) = leaf else { continue };
                    if e <= f.start || s >= f.end {
                        continue;
                    }
                    let (ls, le) = (f.start.max(s) - s, f.end.min(e) - s);
                    let r = if first { repl.clone() } else { String::new() };
                    first = false;
                    edits.entry(leaf).or_default().push((ls, le, r));
                }
            }
        }
        let mut out = HashMap::new();
        if edits.is_empty() {
            return out;
        }
        let ranges: HashMap<usize, (usize, usize)> = self
            .spans
            .iter()
            .filter_map(|&(s, e, leaf)| leaf.map(|l| (l, (s, e))))
            .collect();
        for (leaf, mut es) in edits {
            let Some(&(s, e)) = ranges.get(&leaf) else {
                continue;
            };
            let mut content = self.text[s..e].to_string();
            es.sort_by_key(|e| std::cmp::Reverse(e.0));
            for (ls, le, r) in es {
                content.replace_range(ls..le, &r);
            }
            out.insert(leaf, content);
        }
        out
    }

    fn span_at(&self, pos: usize) -> Option<(usize, usize, Option<usize>)> {
        let i = self.spans.partition_point(|sp| sp.1 <= pos);
        self.spans.get(i).copied().filter(|sp| sp.0 <= pos)
    }

    /// Scans the text and records the masked contents in `edits`; returns the number of
    /// findings.
    pub fn redact(&self, opts: &ScanOptions, edits: &mut Edits) -> usize {
        let findings = scan(&self.text, opts);
        for (start, content) in self.masked(&findings) {
            edits.text(start, content);
        }
        findings.len()
    }
}

/// Changes to an XML member, keyed by the index of the event where each starts.
#[derive(Default)]
pub(crate) struct Edits {
    map: HashMap<usize, Edit>,
}

enum Edit {
    /// New content of a text element.
    Text(String),
    /// Drop the element (start to end).
    Remove(usize),
    /// Drop the element's start and end tags, keep what is inside.
    Unwrap(usize),
    /// Replace the events from here to the index by these.
    Replace(usize, Vec<Event<'static>>),
}

impl Edits {
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn text(&mut self, start: usize, content: String) {
        self.map.insert(start, Edit::Text(content));
    }
    pub fn remove(&mut self, events: &[Event<'_>], start: usize) {
        self.map
            .insert(start, Edit::Remove(matching_end(events, start)));
    }
    pub fn unwrap(&mut self, events: &[Event<'_>], start: usize) {
        self.map
            .insert(start, Edit::Unwrap(matching_end(events, start)));
    }
    pub fn replace(&mut self, start: usize, end: usize, with: Vec<Event<'static>>) {
        self.map.insert(start, Edit::Replace(end, with));
    }
}

/// Writes the events with the edits applied.
pub(crate) fn write(events: &[Event<'_>], edits: &Edits) -> Result<Vec<u8>, FileError> {
    let failed = |_| FileError::Corrupt("无法写出去标识化后的文件".into());
    let mut w = quick_xml::Writer::new(Vec::new());
    let mut skip: HashSet<usize> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if skip.contains(&i) {
            i += 1;
            continue;
        }
        match edits.map.get(&i) {
            None => w.write_event(events[i].borrow()).map_err(failed)?,
            Some(Edit::Text(content)) => {
                let end = matching_end(events, i);
                if end == i {
                    // An empty element gains content.
                    if let Event::Empty(s) = &events[i] {
                        w.write_event(Event::Start(s.borrow())).map_err(failed)?;
                        w.write_event(Event::Text(BytesText::new(content)))
                            .map_err(failed)?;
                        w.write_event(Event::End(s.to_end())).map_err(failed)?;
                    }
                } else {
                    w.write_event(events[i].borrow()).map_err(failed)?;
                    w.write_event(Event::Text(BytesText::new(content)))
                        .map_err(failed)?;
                    w.write_event(events[end].borrow()).map_err(failed)?;
                }
                i = end;
            }
            Some(Edit::Remove(end)) => i = *end,
            Some(Edit::Unwrap(end)) => {
                skip.insert(*end);
            }
            Some(Edit::Replace(end, with)) => {
                for e in with {
                    w.write_event(e.borrow()).map_err(failed)?;
                }
                i = *end;
            }
        }
        i += 1;
    }
    Ok(w.into_inner())
}

/// The document properties read as parts: member, element (local name), label.
const PROPS: [(&str, &str, &str); 9] = [
    ("docProps/core.xml", "creator", "作者"),
    ("docProps/core.xml", "lastModifiedBy", "最后修改者"),
    ("docProps/core.xml", "title", "标题"),
    ("docProps/core.xml", "subject", "主题"),
    ("docProps/core.xml", "keywords", "关键词"),
    ("docProps/core.xml", "description", "备注"),
    ("docProps/core.xml", "category", "类别"),
    ("docProps/app.xml", "Company", "单位"),
    ("docProps/app.xml", "Manager", "经理"),
];

const CUSTOM: &str = "docProps/custom.xml";

/// The properties found in one member: the location (`文档属性：作者`, …) and text element of
/// each.
type Props = (String, Vec<(String, Leaf)>);

/// The document properties, member by member.
fn props(archive: &mut Archive<'_>) -> Result<Vec<Props>, FileError> {
    let mut out = Vec::new();
    for member in ["docProps/core.xml", "docProps/app.xml", CUSTOM] {
        let Some(xml) = read(archive, member)? else {
            continue;
        };
        let events = parse(member, &xml)?;
        let mut found = Vec::new();
        let mut property: Option<String> = None;
        let mut i = 0;
        while i < events.len() {
            if let Event::Start(s) = &events[i] {
                let name = local_of(s.name().into_inner()).to_string();
                if member == CUSTOM && name == "property" {
                    property = attr(s, "name");
                } else {
                    let label = if member == CUSTOM {
                        property.as_ref().map(|p| format!("自定义属性“{p}”"))
                    } else {
                        PROPS
                            .iter()
                            .find(|(m, n, _)| *m == member && *n == name)
                            .map(|(_, _, l)| (*l).to_string())
                    };
                    if let Some(label) = label {
                        let (content, end) = leaf(&events, i);
                        if !content.trim().is_empty() {
                            found.push((format!("文档属性：{label}"), Leaf { start: i, content }));
                        }
                        i = end;
                    }
                }
            }
            i += 1;
        }
        out.push((member.to_string(), found));
    }
    Ok(out)
}

pub(crate) fn props_parts(archive: &mut Archive<'_>) -> Result<Vec<RichPart>, FileError> {
    Ok(props(archive)?
        .into_iter()
        .flat_map(|(_, found)| found)
        .map(|(location, leaf)| RichPart::plain(location, leaf.content, true))
        .collect())
}

/// Empties every document property holding a finding; returns the number of findings.
pub(crate) fn redact_props(
    archive: &mut Archive<'_>,
    opts: &ScanOptions,
    replaced: &mut HashMap<String, Vec<u8>>,
) -> Result<usize, FileError> {
    let mut masked = 0;
    for (member, found) in props(archive)? {
        let mut edits = Edits::default();
        for (_, leaf) in found {
            let n = scan(&leaf.content, opts).len();
            if n > 0 {
                masked += n;
                edits.text(leaf.start, String::new());
            }
        }
        if !edits.is_empty() {
            let xml = read(archive, &member)?.unwrap_or_default();
            let events = parse(&member, &xml)?;
            replaced.insert(member, write(&events, &edits)?);
        }
    }
    Ok(masked)
}

/// A relationship target resolved against the folder of the part that names it.
pub(crate) fn resolve(base_dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The relationships of a part (`Id` → (`Type`, resolved target)).
pub(crate) fn rels(
    archive: &mut Archive<'_>,
    part: &str,
) -> Result<HashMap<String, (String, String)>, FileError> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let mut out = HashMap::new();
    let Some(xml) = read(archive, &name)? else {
        return Ok(out);
    };
    for e in parse(&name, &xml)? {
        if let Event::Empty(s) | Event::Start(s) = &e
            && local_of(s.name().into_inner()) == "Relationship"
            && attr(s, "TargetMode").as_deref() != Some("External")
            && let (Some(id), Some(kind), Some(target)) =
                (attr(s, "Id"), attr(s, "Type"), attr(s, "Target"))
        {
            out.insert(id, (kind, resolve(dir, &target)));
        }
    }
    Ok(out)
}
