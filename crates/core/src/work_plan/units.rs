//! Lead and responsible units from a task's annotations.
//!
//! Spellings read: a bracketed annotation (full- or half-width brackets) holding labelled lists —
//! `（牵头单位：省政府办公厅；责任单位：各市州政府）`, `(责任单位:办公室、法规处)`, either colon —
//! anywhere in the task; a line of the task beginning with such a label (`责任单位：…`, as in tables
//! turned into text); and, when it ends the task, an unlabelled annotation whose every clause ends
//! in a role word: `（省政府办公厅牵头，各市州政府负责）`. Lists are split on 、，, and ；; outside
//! brackets (`省编办〔省审改办〕` stays whole); each unit is kept as written, trimmed.

use std::ops::Range;

use super::text::{is_close, is_open};

/// Labels of the lead units, longest first where one is a prefix of another.
const LEAD: &[&str] = &[
    "牵头单位",
    "牵头部门",
    "牵头处室",
    "主责单位",
    "主责部门",
    "牵头",
];
/// Labels of the responsible units. Cooperating units (配合、协办、参与) count as responsible.
const RESPONSIBLE: &[&str] = &[
    "责任单位",
    "责任部门",
    "责任处室",
    "负责单位",
    "负责部门",
    "配合单位",
    "配合部门",
    "协办单位",
    "参与单位",
    "落实单位",
    "责任",
];
/// Role words closing an unlabelled clause; `true` for lead.
const ROLES: &[(&str, bool)] = &[
    ("按职责分工负责", false),
    ("按职责分工落实", false),
    ("按职责负责", false),
    ("分别负责", false),
    ("共同负责", false),
    ("负责落实", false),
    ("牵头负责", true),
    ("牵头", true),
    ("负责", false),
    ("配合", false),
    ("参与", false),
];

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Units {
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    /// Byte ranges of the annotations read, brackets included.
    pub spans: Vec<Range<usize>>,
}

pub(crate) fn find(text: &str) -> Units {
    let mut units = Units::default();
    for (span, content) in groups(text) {
        let at_end = text[span.end..]
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '；' | ';' | '.'))
            .is_empty();
        let read = labelled(content).or_else(|| at_end.then(|| unlabelled(content)).flatten());
        if let Some((lead, responsible)) = read {
            units.add(lead, responsible, span);
        }
    }
    // Lines beginning with a label, outside any bracket already read.
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len() + 1;
        if units.spans.iter().any(|s| s.contains(&start)) {
            continue;
        }
        if let Some((lead, responsible)) = labelled(line.trim()) {
            units.add(lead, responsible, start..start + line.trim().len());
        }
    }
    units.spans.sort_by_key(|s| s.start);
    units
}

impl Units {
    /// No unit read.
    pub(crate) fn is_empty(&self) -> bool {
        self.lead.is_empty() && self.responsible.is_empty()
    }

    fn add(&mut self, lead: Vec<String>, responsible: Vec<String>, span: Range<usize>) {
        for u in lead {
            if !self.lead.contains(&u) {
                self.lead.push(u);
            }
        }
        for u in responsible {
            if !self.responsible.contains(&u) {
                self.responsible.push(u);
            }
        }
        self.spans.push(span);
    }
}

/// The top-level round-bracket groups of a text: (span with brackets, content).
fn groups(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '(' && c != '（' {
            continue;
        }
        let mut depth = 1usize;
        let mut close = None;
        for (j, d) in chars.by_ref() {
            if is_open(d) && !matches!(d, '“' | '‘') {
                depth += 1;
            } else if is_close(d) && !matches!(d, '”' | '’') {
                depth -= 1;
                if depth == 0 {
                    close = Some((j, d.len_utf8()));
                    break;
                }
            }
        }
        if let Some((j, len)) = close {
            out.push((i..j + len, &text[i + c.len_utf8()..j]));
        }
    }
    out
}

/// Labelled lists, the first label at the start: (lead, responsible).
fn labelled(content: &str) -> Option<(Vec<String>, Vec<String>)> {
    let content = content.trim();
    // (position of the label, end of its colon, lead?)
    let mut labels: Vec<(usize, usize, bool)> = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in content.char_indices() {
        let boundary = prev.is_none_or(|p| {
            p.is_whitespace() || matches!(p, '；' | ';' | '，' | ',' | '。' | '、')
        });
        prev = Some(c);
        if !boundary {
            continue;
        }
        let rest = &content[i..];
        let found = LEAD
            .iter()
            .map(|l| (l, true))
            .chain(RESPONSIBLE.iter().map(|l| (l, false)))
            .filter(|(l, _)| rest.starts_with(**l))
            .find_map(|(l, lead)| {
                let after = rest[l.len()..].trim_start();
                let colon = after.chars().next().filter(|c| matches!(c, ':' | '：'))?;
                let end = content.len() - after.len() + colon.len_utf8();
                Some((i, end, lead))
            });
        if let Some(f) = found {
            labels.push(f);
        }
    }
    if labels.first().is_none_or(|l| l.0 != 0) {
        return None;
    }
    let (mut lead, mut responsible) = (Vec::new(), Vec::new());
    for (k, &(_, value_start, is_lead)) in labels.iter().enumerate() {
        let value_end = labels.get(k + 1).map_or(content.len(), |l| l.0);
        let list = split_list(&content[value_start..value_end]);
        if is_lead {
            lead.extend(list);
        } else {
            responsible.extend(list);
        }
    }
    Some((lead, responsible))
}

/// `省政府办公厅牵头，各市州政府负责`: every clause must end in a role word.
fn unlabelled(content: &str) -> Option<(Vec<String>, Vec<String>)> {
    let (mut lead, mut responsible) = (Vec::new(), Vec::new());
    for clause in split_top(content, &['，', ',', '；', ';']) {
        let clause = clause.trim();
        if clause.is_empty() {
            continue;
        }
        let (units, is_lead) = ROLES.iter().find_map(|(role, is_lead)| {
            let units = clause.strip_suffix(role)?.trim();
            (!units.is_empty() && units.chars().count() <= 80 && !units.contains(['：', ':']))
                .then_some((units, *is_lead))
        })?;
        let list = split_list(units);
        if is_lead {
            lead.extend(list);
        } else {
            responsible.extend(list);
        }
    }
    (!lead.is_empty() || !responsible.is_empty()).then_some((lead, responsible))
}

fn split_list(value: &str) -> Vec<String> {
    split_top(value, &['、', '，', ',', '；', ';'])
        .into_iter()
        .map(|u| u.trim_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '.')))
        .filter(|u| !u.is_empty())
        .map(String::from)
        .collect()
}

/// Splits on the separators outside brackets.
fn split_top<'a>(s: &'a str, seps: &[char]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && seps.contains(&c) {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    out
}
