//! Reading the XML inside an exported DOCX or XLSX back as a small tree, and an XLSX's sheets,
//! strings and styles, shared by the export tests. Each test file uses part of it.
#![allow(dead_code)]

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

#[derive(Debug, Clone)]
pub enum Node {
    El(El),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct El {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub children: Vec<Node>,
}

impl El {
    pub fn start(e: &BytesStart<'_>) -> El {
        El {
            name: e.name().as_ref().to_string(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.expect("attribute");
                    (
                        a.key.as_ref().to_string(),
                        a.normalized_value(XmlVersion::Implicit1_0)
                            .expect("attribute value")
                            .into_owned(),
                    )
                })
                .collect(),
            children: Vec::new(),
        }
    }

    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The child elements named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first child element named `name`.
    pub fn get(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }

    /// Every element named `name` below this one, in document order.
    pub fn find(&self, name: &str) -> Vec<&El> {
        let mut out = Vec::new();
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            }
            out.extend(e.find(name));
        }
        out
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// All the text below this element.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::El(e) => out.push_str(&e.text()),
            }
        }
        out
    }
}

pub fn parse(xml: &str) -> El {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![El {
        name: "#document".into(),
        attrs: BTreeMap::new(),
        children: Vec::new(),
    }];
    let text =
        |stack: &mut Vec<El>, t: String| stack.last_mut().unwrap().children.push(Node::Text(t));
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(El::start(&e)),
            Event::Empty(e) => {
                let el = El::start(&e);
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Event::Text(t) => text(&mut stack, t.xml10_content().into_owned()),
            Event::CData(t) => text(&mut stack, t.xml10_content().into_owned()),
            Event::GeneralRef(r) => {
                let s = quick_xml::escape::unescape(&format!("&{};", &*r))
                    .expect("known entity")
                    .into_owned();
                text(&mut stack, s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let root = stack.pop().unwrap();
    root.elements().next().expect("a root element").clone()
}

pub fn unzip(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the archive"));
    let mut s = String::new();
    file.read_to_string(&mut s).expect("UTF-8");
    s
}

// ---------------------------------------------------------------------------------------------
// XLSX

/// A worksheet cell: its type attribute, style index and value.
#[derive(Debug, Clone)]
pub struct XCell {
    pub t: Option<String>,
    pub s: usize,
    pub v: Option<String>,
}

pub struct Workbook {
    /// Sheet names in order with their XML.
    pub sheets: Vec<(String, El)>,
    pub strings: Vec<String>,
    pub styles: El,
}

/// An XLSX file's sheets (by the workbook's relationships), shared strings and styles.
pub fn workbook(bytes: &[u8]) -> Workbook {
    let wb = parse(&unzip(bytes, "xl/workbook.xml"));
    let rels = parse(&unzip(bytes, "xl/_rels/workbook.xml.rels"));
    let targets: BTreeMap<&str, &str> = rels
        .all("Relationship")
        .map(|r| (r.attr("Id").unwrap(), r.attr("Target").unwrap()))
        .collect();
    let sheets = wb
        .get("sheets")
        .expect("sheets")
        .all("sheet")
        .map(|s| {
            let target = targets[s.attr("r:id").unwrap()];
            let path = target
                .strip_prefix('/')
                .map(str::to_string)
                .unwrap_or_else(|| format!("xl/{target}"));
            (
                s.attr("name").unwrap().to_string(),
                parse(&unzip(bytes, &path)),
            )
        })
        .collect();
    let strings = parse(&unzip(bytes, "xl/sharedStrings.xml"))
        .all("si")
        .map(|si| si.text())
        .collect();
    let styles = parse(&unzip(bytes, "xl/styles.xml"));
    Workbook {
        sheets,
        strings,
        styles,
    }
}

/// Zero-based column of a cell reference such as `K12`.
pub fn column_of(reference: &str) -> usize {
    reference
        .bytes()
        .take_while(u8::is_ascii_uppercase)
        .fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1))
        - 1
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> &El {
        &self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("sheet {name}"))
            .1
    }

    /// The cell format (`cellXfs/xf`) of style index `s`.
    pub fn xf(&self, s: usize) -> &El {
        self.styles
            .get("cellXfs")
            .unwrap()
            .all("xf")
            .nth(s)
            .expect("cell format")
    }
}
