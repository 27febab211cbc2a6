//! Word documents (DOCX): the body, headers, footers, footnotes, endnotes and comments, with
//! their tracked changes, hidden text and field codes, and the document properties.
//!
//! Each XML part is read as runs of text: the visible text (tracked insertions accepted,
//! deletions left out, paragraphs ending in a line break, tabs as tabs) is one part, scanned and
//! masked as a whole, so that a number split over several `<w:t>` runs is found and masked run by
//! run. Tracked insertions and hidden (`w:vanish`) text are also listed as parts of their own (a
//! finding there is reported once, there); tracked deletions and field codes (`w:instrText`,
//! where `mailto:` links live) are parts of their own.

use std::collections::{HashMap, HashSet};

use gongkai_core::redaction::{ScanOptions, scan};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use crate::numbering::{self, Numbering};
use crate::ooxml::{self, Edits, Leaf, TextRun, attr, leaf, local};
use crate::{FileError, Redaction, RichPart};

/// The XML parts read, in this order, with the location of their text.
fn members(names: &[String]) -> Vec<(String, &'static str)> {
    let mut out = vec![("word/document.xml".to_string(), "正文")];
    let pick = |prefix: &'static str| {
        names
            .iter()
            .filter(move |n| {
                n.starts_with(prefix) && n.ends_with(".xml") && !n[prefix.len()..].contains('/')
            })
            .cloned()
    };
    out.extend(pick("word/header").map(|n| (n, "页眉")));
    out.extend(pick("word/footer").map(|n| (n, "页脚")));
    for (n, l) in [
        ("word/footnotes.xml", "脚注"),
        ("word/endnotes.xml", "尾注"),
        ("word/comments.xml", "批注"),
    ] {
        if names.iter().any(|m| m == n) {
            out.push((n.to_string(), l));
        }
    }
    out
}

/// What a text element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Visible,
    Inserted,
    Hidden,
    Deleted,
    FieldCode,
}

/// One stretch of a member whose text makes parts: the whole member, or one comment.
struct Group {
    location: String,
    hidden: bool,
    /// Text elements and separators in document order.
    items: Vec<Item>,
    /// The `<w:comment>` start event and its author, for comments.
    comment: Option<(usize, String)>,
}

enum Item {
    Leaf(Leaf, Role),
    Sep(&'static str),
}

fn groups(events: &[Event<'_>], base: &str) -> Vec<Group> {
    let is_comments = base == "批注";
    let mut out: Vec<Group> = Vec::new();
    if !is_comments {
        out.push(Group {
            location: base.to_string(),
            hidden: false,
            items: Vec::new(),
            comment: None,
        });
    }
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let (mut ins, mut del) = (0usize, 0usize);
    let mut run_hidden = false;
    let mut i = 0;
    while i < events.len() {
        let e = &events[i];
        let name = local(e).map(<[u8]>::to_vec).unwrap_or_default();
        match e {
            Event::Start(s) => match name.as_slice() {
                b"t" | b"delText" | b"instrText" | b"delInstrText" => {
                    let (content, end) = leaf(events, i);
                    let role = if del > 0 || name.starts_with(b"del") {
                        Role::Deleted
                    } else if name == b"instrText" {
                        Role::FieldCode
                    } else if run_hidden {
                        Role::Hidden
                    } else if ins > 0 {
                        Role::Inserted
                    } else {
                        Role::Visible
                    };
                    if let Some(g) = out.last_mut() {
                        g.items.push(Item::Leaf(Leaf { start: i, content }, role));
                    }
                    i = end;
                }
                _ => {
                    match name.as_slice() {
                        b"ins" | b"moveTo" => ins += 1,
                        b"del" | b"moveFrom" => del += 1,
                        b"r" => run_hidden = false,
                        b"comment" if is_comments => {
                            let author = attr(s, "author").unwrap_or_default();
                            let location = if author.trim().is_empty() {
                                "批注".to_string()
                            } else {
                                format!("批注（作者：{author}）")
                            };
                            out.push(Group {
                                location,
                                hidden: true,
                                items: Vec::new(),
                                comment: Some((i, author)),
                            });
                        }
                        _ => {}
                    }
                    stack.push(name);
                }
            },
            Event::Empty(s) => match name.as_slice() {
                b"tab" | b"ptab" => push_sep(&mut out, "\t"),
                b"br" | b"cr" => push_sep(&mut out, "\n"),
                b"vanish" | b"specVanish"
                    if stack.len() >= 2
                        && stack[stack.len() - 1] == b"rPr"
                        && stack[stack.len() - 2] == b"r" =>
                {
                    run_hidden = !matches!(attr(s, "val").as_deref(), Some("0" | "false" | "off"));
                }
                _ => {}
            },
            Event::End(_) => {
                match name.as_slice() {
                    b"ins" | b"moveTo" => ins = ins.saturating_sub(1),
                    b"del" | b"moveFrom" => del = del.saturating_sub(1),
                    b"p" => push_sep(&mut out, "\n"),
                    _ => {}
                }
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn push_sep(groups: &mut [Group], sep: &'static str) {
    if let Some(g) = groups.last_mut() {
        g.items.push(Item::Sep(sep));
    }
}

/// The runs of a group: the main text (visible, inserted and hidden text), and one run per
/// other role with its text elements (pieces not next to each other separated by a line break).
struct Runs {
    main: TextRun,
    by_role: Vec<(Role, TextRun, HashSet<usize>)>,
}

fn runs(g: &Group) -> Runs {
    let mut main = TextRun::default();
    let mut by_role: Vec<(Role, TextRun, HashSet<usize>)> =
        [Role::Inserted, Role::Hidden, Role::Deleted, Role::FieldCode]
            .into_iter()
            .map(|r| (r, TextRun::default(), HashSet::new()))
            .collect();
    let mut last: HashMap<Role, usize> = HashMap::new();
    for (n, item) in g.items.iter().enumerate() {
        match item {
            Item::Sep(s) => main.sep(s),
            Item::Leaf(l, role) => {
                if matches!(role, Role::Visible | Role::Inserted | Role::Hidden) {
                    main.push(l);
                }
                if let Some((_, run, starts)) = by_role.iter_mut().find(|(r, _, _)| r == role) {
                    if last.get(role).is_some_and(|&p| p + 1 != n) && !run.text.is_empty() {
                        run.sep("\n");
                    }
                    run.push(l);
                    starts.insert(l.start);
                    last.insert(*role, n);
                }
            }
        }
    }
    Runs { main, by_role }
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Inserted => "修订：插入的文字",
        Role::Hidden => "隐藏文字",
        Role::Deleted => "修订：删除的文字",
        Role::FieldCode => "域代码",
        Role::Visible => "",
    }
}

pub(crate) fn parts(bytes: &[u8]) -> Result<Vec<RichPart>, FileError> {
    let mut archive = ooxml::open(bytes)?;
    let names = ooxml::names(&archive);
    let mut out = Vec::new();
    for (member, base) in members(&names) {
        let Some(xml) = ooxml::read(&mut archive, &member)? else {
            return Err(FileError::Corrupt("缺少 word/document.xml".into()));
        };
        let events = ooxml::parse(&member, &xml)?;
        for g in groups(&events, base) {
            let Runs { main, by_role } = runs(&g);
            let mut covered = Vec::new();
            let mut side = Vec::new();
            for (role, run, starts) in by_role {
                if run.text.trim().is_empty() {
                    continue;
                }
                if matches!(role, Role::Inserted | Role::Hidden) {
                    covered.extend(main.ranges_of(&starts));
                }
                let location = if g.location == "正文" {
                    role_label(role).to_string()
                } else {
                    format!("{}（{}）", g.location, role_label(role))
                };
                let hidden = g.hidden || role != Role::Inserted;
                side.push(RichPart::plain(location, run.text, hidden));
            }
            let text = main.text.trim_end().to_string();
            if !text.trim().is_empty() {
                out.push(RichPart {
                    part: crate::Part {
                        location: g.location.clone(),
                        text,
                        hidden: g.hidden,
                    },
                    covered,
                });
            }
            out.extend(side);
        }
    }
    out.extend(ooxml::props_parts(&mut archive)?);
    Ok(out)
}

/// The body as a reader sees it: each paragraph one line (a line break inside a paragraph
/// starts another, tabs stay), automatic numbers written before their paragraphs
/// ([`Numbering`]), tracked insertions accepted, deletions, hidden text and field codes left
/// out, and the fallback copy of a text box (`mc:Fallback`, a repeat of its `mc:Choice`)
/// skipped.
pub(crate) fn body_text(bytes: &[u8]) -> Result<String, FileError> {
    let mut archive = ooxml::open(bytes)?;
    let member = "word/document.xml";
    let Some(xml) = ooxml::read(&mut archive, member)? else {
        return Err(FileError::Corrupt("缺少 word/document.xml".into()));
    };
    let all = ooxml::parse(member, &xml)?;
    let mut numbering = Numbering::read(&mut archive);
    let mut events = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let start = matches!(all[i], Event::Start(_));
        if start && local(&all[i]) == Some(b"Fallback") {
            i = ooxml::matching_end(&all, i) + 1;
            continue;
        }
        events.push(all[i].clone());
        if start && local(&all[i]) == Some(b"p") {
            // The paragraph's properties come first: its automatic number, if any, goes
            // after them as a run of its own.
            let first = (i + 1..all.len())
                .find(|&k| !matches!(all[k], Event::Text(_) | Event::Comment(_)))
                .unwrap_or(all.len());
            if first < all.len()
                && matches!(all[first], Event::Start(_))
                && local(&all[first]) == Some(b"pPr")
            {
                let end = ooxml::matching_end(&all, first);
                events.extend(all[i + 1..=end].iter().cloned());
                if let Some(label) = numbering.label(&numbering::paragraph(&all[first..=end])) {
                    events.extend([
                        Event::Start(BytesStart::new("w:r")),
                        Event::Start(BytesStart::new("w:t")),
                        Event::Text(BytesText::from_escaped(label)),
                        Event::End(BytesEnd::new("w:t")),
                        Event::End(BytesEnd::new("w:r")),
                    ]);
                }
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    let mut text = String::new();
    for g in groups(&events, "正文") {
        for item in &g.items {
            match item {
                Item::Sep(s) => text.push_str(s),
                Item::Leaf(l, Role::Visible | Role::Inserted) => text.push_str(&l.content),
                Item::Leaf(..) => {}
            }
        }
    }
    Ok(text)
}

pub(crate) fn redact(bytes: &[u8], opts: &ScanOptions) -> Result<Redaction, FileError> {
    let mut archive = ooxml::open(bytes)?;
    let names = ooxml::names(&archive);
    let mut replaced = HashMap::new();
    let mut masked = 0;
    for (member, base) in members(&names) {
        let Some(xml) = ooxml::read(&mut archive, &member)? else {
            return Err(FileError::Corrupt("缺少 word/document.xml".into()));
        };
        let events = ooxml::parse(&member, &xml)?;
        let mut edits = Edits::default();
        for g in groups(&events, base) {
            let Runs { main, by_role } = runs(&g);
            masked += main.redact(opts, &mut edits);
            for (role, run, _) in by_role {
                match role {
                    Role::FieldCode => masked += run.redact(opts, &mut edits),
                    // Removed below with the whole deletion.
                    Role::Deleted => masked += scan(&run.text, opts).len(),
                    _ => {}
                }
            }
            if let Some((start, author)) = &g.comment {
                let found = scan(author, opts);
                if !found.is_empty()
                    && let Event::Start(s) = &events[*start]
                {
                    masked += found.len();
                    let new_author = gongkai_core::redaction::mask(author, &found);
                    edits.replace(
                        *start,
                        *start,
                        vec![Event::Start(with_attr(s, "author", &new_author))],
                    );
                }
            }
        }
        // Accept every tracked change: insertions become plain text, deletions go.
        for (i, e) in events.iter().enumerate() {
            match (e, local(e)) {
                (Event::Start(_), Some(b"ins" | b"moveTo")) => edits.unwrap(&events, i),
                (Event::Start(_), Some(b"del" | b"moveFrom")) => edits.remove(&events, i),
                (
                    Event::Empty(_),
                    Some(
                        b"ins"
                        | b"del"
                        | b"moveFromRangeStart"
                        | b"moveFromRangeEnd"
                        | b"moveToRangeStart"
                        | b"moveToRangeEnd",
                    ),
                ) => edits.remove(&events, i),
                _ => {}
            }
        }
        if !edits.is_empty() {
            replaced.insert(member, ooxml::write(&events, &edits)?);
        }
    }
    masked += ooxml::redact_props(&mut archive, opts, &mut replaced)?;
    let bytes = ooxml::rewrite(bytes, &replaced)?;
    Ok(Redaction::Redacted { bytes, masked })
}

/// A copy of the start tag with one attribute (by local name) set to a new value.
pub(crate) fn with_attr(s: &BytesStart<'_>, name: &str, value: &str) -> BytesStart<'static> {
    let qname = s.name().into_inner().to_string();
    let mut out = BytesStart::new(qname);
    for a in s.attributes().flatten() {
        let key = a.key.into_inner();
        if crate::ooxml::local_of(key) == name {
            out.push_attribute((key, value));
        } else {
            out.push_attribute(a);
        }
    }
    out.into_owned()
}
