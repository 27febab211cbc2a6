//! Word's automatic paragraph numbering: the labels (`一、`, `（一）`, `1.`) a reader sees before
//! numbered paragraphs, which are not in the paragraphs' text.
//!
//! Read from `word/numbering.xml` (abstract numberings with their levels: start, format, level
//! text, restart, legal numbering, suffix; numbering instances with their start overrides and
//! style links) and `word/styles.xml` (paragraph styles carrying numbering, through `basedOn`).
//! Instances of one abstract numbering continue one count, as Word shows them, unless an
//! instance starts a level again (`w:startOverride`). Bullets give no label.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::ooxml::{self, Archive, attr, local};

const LEVELS: usize = 9;

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    /// `%1.`; `None`: no label.
    text: Option<String>,
    /// `w:lvlRestart`: restart after a level above this (1-based) is used; 0 never.
    restart: Option<usize>,
    legal: bool,
    suffix: &'static str,
}

#[derive(Debug, Default)]
struct Abstract {
    levels: [Level; LEVELS],
    /// `w:numStyleLink`: the levels are those of the numbering of this style.
    style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Instance {
    abstract_id: String,
    /// Level → start value, applied when the instance is first used.
    overrides: Vec<(usize, u32)>,
}

/// A paragraph or numbering style: the style it is based on, its numbering and level.
#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    level: Option<usize>,
}

/// A paragraph's numbering as its properties (or its style) give it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ParagraphNumbering {
    pub num_id: Option<String>,
    pub level: Option<usize>,
    pub style: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<String, Instance>,
    styles: HashMap<String, Style>,
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    used: std::collections::HashSet<String>,
}

fn level_index(v: Option<String>) -> Option<usize> {
    v?.trim().parse::<usize>().ok().filter(|&l| l < LEVELS)
}

impl Numbering {
    /// The numbering of the package; empty when it has none. A damaged numbering or styles
    /// part is left out (the paragraphs' own text is still read).
    pub(crate) fn read(archive: &mut Archive<'_>) -> Self {
        let mut n = Numbering::default();
        let mut events = |name: &str| {
            ooxml::read(archive, name)
                .ok()
                .flatten()
                .and_then(|xml| ooxml::parse(name, &xml).ok())
        };
        if let Some(e) = events("word/numbering.xml") {
            n.read_numbering(&e);
        }
        if let Some(e) = events("word/styles.xml") {
            n.read_styles(&e);
        }
        n
    }

    fn read_numbering(&mut self, events: &[Event<'_>]) {
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        let mut override_level: Option<usize> = None;
        for e in events {
            let (Event::Start(s) | Event::Empty(s)) = e else {
                if let Event::End(_) = e {
                    match local(e) {
                        Some(b"abstractNum") => abstract_id = None,
                        Some(b"num") => num_id = None,
                        Some(b"lvl") => level = None,
                        Some(b"lvlOverride") => override_level = None,
                        _ => {}
                    }
                }
                continue;
            };
            let opens = matches!(e, Event::Start(_));
            let val = || attr(s, "val");
            match local(e).unwrap_or_default() {
                b"abstractNum" => {
                    let id = attr(s, "abstractNumId").unwrap_or_default();
                    self.abstracts.entry(id.clone()).or_default();
                    abstract_id = opens.then_some(id);
                }
                b"num" => {
                    let id = attr(s, "numId").unwrap_or_default();
                    self.instances.entry(id.clone()).or_default();
                    num_id = opens.then_some(id);
                }
                b"abstractNumId" => {
                    if let (Some(id), Some(v)) = (&num_id, val()) {
                        self.instances.entry(id.clone()).or_default().abstract_id = v;
                    }
                }
                b"lvlOverride" => override_level = level_index(attr(s, "ilvl")),
                b"startOverride" => {
                    if let (Some(id), Some(l), Some(v)) = (&num_id, override_level, val())
                        && let Ok(v) = v.trim().parse()
                    {
                        self.instances
                            .entry(id.clone())
                            .or_default()
                            .overrides
                            .push((l, v));
                    }
                }
                b"lvl" if num_id.is_none() => {
                    level = level_index(attr(s, "ilvl"));
                    if let (Some(a), Some(l)) = (&abstract_id, level) {
                        self.abstracts.entry(a.clone()).or_default().levels[l] = Level {
                            suffix: "\t",
                            format: "decimal".into(),
                            ..Level::default()
                        };
                    }
                    if !opens {
                        level = None;
                    }
                }
                b"numStyleLink" => {
                    if let Some(a) = &abstract_id {
                        self.abstracts.entry(a.clone()).or_default().style_link = val();
                    }
                }
                name => {
                    let (Some(a), Some(l)) = (&abstract_id, level) else {
                        continue;
                    };
                    let lvl = &mut self.abstracts.entry(a.clone()).or_default().levels[l];
                    match name {
                        b"start" => {
                            lvl.start = val().and_then(|v| v.trim().parse().ok()).unwrap_or(0)
                        }
                        b"numFmt" => lvl.format = val().unwrap_or_else(|| "decimal".into()),
                        b"lvlText" => lvl.text = val(),
                        b"lvlRestart" => lvl.restart = val().and_then(|v| v.trim().parse().ok()),
                        b"isLgl" => {
                            lvl.legal = !matches!(val().as_deref(), Some("0" | "false" | "off"));
                        }
                        b"suff" => {
                            lvl.suffix = match val().as_deref() {
                                Some("space") => " ",
                                Some("nothing") => "",
                                _ => "\t",
                            };
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn read_styles(&mut self, events: &[Event<'_>]) {
        let mut style: Option<String> = None;
        let mut in_change = 0usize;
        for e in events {
            let (Event::Start(s) | Event::Empty(s)) = e else {
                if let Event::End(_) = e {
                    match local(e) {
                        Some(b"style") => style = None,
                        Some(b"pPrChange") => in_change = in_change.saturating_sub(1),
                        _ => {}
                    }
                }
                continue;
            };
            match local(e).unwrap_or_default() {
                b"style" => {
                    // Paragraph styles, and numbering styles (`w:numStyleLink` names them).
                    style = attr(s, "styleId").filter(|_| matches!(e, Event::Start(_)));
                    if let Some(id) = &style {
                        self.styles.entry(id.clone()).or_default();
                    }
                }
                b"pPrChange" if matches!(e, Event::Start(_)) => in_change += 1,
                name if in_change == 0 => {
                    let Some(id) = &style else { continue };
                    let entry = self.styles.entry(id.clone()).or_default();
                    match name {
                        b"basedOn" => entry.based_on = attr(s, "val"),
                        b"numId" => entry.num_id = attr(s, "val"),
                        b"ilvl" => entry.level = level_index(attr(s, "val")),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }

    /// The numbering id and level a style gives, through the styles it is based on.
    fn of_style(&self, style: &str) -> (Option<String>, Option<usize>) {
        let mut at = Some(style.to_string());
        let (mut num, mut level) = (None, None);
        for _ in 0..16 {
            let Some(entry) = at.as_ref().and_then(|s| self.styles.get(s)) else {
                break;
            };
            num = num.or_else(|| entry.num_id.clone());
            level = level.or(entry.level);
            if num.is_some() {
                break;
            }
            at = entry.based_on.clone();
        }
        (num, level)
    }

    /// The abstract numbering of an instance, following a style link.
    fn abstract_of(&self, num_id: &str) -> Option<String> {
        let mut id = self.instances.get(num_id)?.abstract_id.clone();
        for _ in 0..4 {
            let link = self.abstracts.get(&id)?.style_link.clone();
            let Some(style) = link else {
                return Some(id);
            };
            let (Some(num), _) = self.of_style(&style) else {
                return Some(id);
            };
            id = self.instances.get(&num)?.abstract_id.clone();
        }
        Some(id)
    }

    /// The label of the next paragraph with this numbering (counted), with its suffix; `None`
    /// when it is not numbered or is a bullet.
    pub(crate) fn label(&mut self, p: &ParagraphNumbering) -> Option<String> {
        let (style_num, style_level) = p
            .style
            .as_deref()
            .map_or((None, None), |s| self.of_style(s));
        let num_id = p.num_id.clone().or(style_num)?;
        if num_id.trim() == "0" {
            return None;
        }
        let level = p.level.or(style_level).unwrap_or(0);
        let abstract_id = self.abstract_of(&num_id)?;
        let levels = self.abstracts.get(&abstract_id)?.levels.clone();
        let counters = self.counters.entry(abstract_id).or_insert([None; LEVELS]);
        if self.used.insert(num_id.clone())
            && let Some(instance) = self.instances.get(&num_id)
        {
            for &(l, start) in &instance.overrides {
                counters[l] = Some(start.saturating_sub(1));
                for c in counters.iter_mut().skip(l + 1) {
                    *c = None;
                }
            }
        }
        counters[level] = Some(counters[level].map_or(levels[level].start, |c| c + 1));
        for (deeper, lvl) in levels.iter().enumerate().skip(level + 1) {
            // Restarted after any level above it, or only after those above `w:lvlRestart`.
            if level < lvl.restart.unwrap_or(deeper) {
                counters[deeper] = None;
            }
        }
        let this = &levels[level];
        if this.format == "bullet" {
            return None;
        }
        let text = this.text.as_ref()?;
        let mut label = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match digit {
                Some(d) if c == '%' && (1..=LEVELS as u32).contains(&d) => {
                    chars.next();
                    let l = d as usize - 1;
                    let value = counters[l].unwrap_or(levels[l].start);
                    let format = if this.legal && l < level {
                        "decimal"
                    } else {
                        levels[l].format.as_str()
                    };
                    label.push_str(&format_number(value, format));
                }
                _ => label.push(c),
            }
        }
        label.push_str(this.suffix);
        Some(label)
    }
}

/// A paragraph's numbering from the events of its `w:pPr` (tracked former properties ignored).
pub(crate) fn paragraph(events: &[Event<'_>]) -> ParagraphNumbering {
    let mut p = ParagraphNumbering::default();
    let mut depth = 0usize;
    let mut skip_from: Option<usize> = None;
    for e in events {
        match e {
            Event::Start(_) => {
                if skip_from.is_none() && matches!(local(e), Some(b"pPrChange" | b"rPr")) {
                    skip_from = Some(depth);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if skip_from == Some(depth) {
                    skip_from = None;
                }
            }
            Event::Empty(s) if skip_from.is_none() => match local(e) {
                Some(b"pStyle") => p.style = attr(s, "val"),
                Some(b"numId") => p.num_id = attr(s, "val"),
                Some(b"ilvl") => p.level = level_index(attr(s, "val")),
                _ => {}
            },
            _ => {}
        }
    }
    p
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A number in one of Word's formats (`w:numFmt`); unknown formats and numbers a format has no
/// form for are decimal.
fn format_number(n: u32, format: &str) -> String {
    let decimal = || n.to_string();
    match format {
        "decimalZero" if n < 10 => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting"
            if (1..100).contains(&n) =>
        {
            let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
            let mut s = String::new();
            if tens > 1 {
                s.push(CN_DIGITS[tens]);
            }
            if tens > 0 {
                s.push('十');
            }
            if ones > 0 {
                s.push(CN_DIGITS[ones]);
            }
            s
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| CN_DIGITS[c.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "chineseLegalSimplified" if (1..10).contains(&n) => {
            ['壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'][n as usize - 1].to_string()
        }
        "ideographTraditional" if (1..=10).contains(&n) => {
            ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'][n as usize - 1].to_string()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1).map_or_else(decimal, String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32('⑴' as u32 + n - 1).map_or_else(decimal, String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32('⒈' as u32 + n - 1).map_or_else(decimal, String::from)
        }
        "lowerLetter" | "upperLetter" if n > 0 => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let c = (base + ((n - 1) % 26) as u8) as char;
            c.to_string().repeat(((n - 1) / 26 + 1) as usize)
        }
        "lowerRoman" | "upperRoman" if (1..4000).contains(&n) => {
            let roman = roman(n);
            if format == "lowerRoman" {
                roman.to_ascii_lowercase()
            } else {
                roman
            }
        }
        "none" => String::new(),
        _ => decimal(),
    }
}

fn roman(mut n: u32) -> String {
    const VALUES: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in VALUES {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let f = |n, fmt| format_number(n, fmt);
        assert_eq!(f(3, "decimal"), "3");
        assert_eq!(f(3, "decimalZero"), "03");
        assert_eq!(f(12, "decimalFullWidth"), "１２");
        assert_eq!(f(1, "chineseCounting"), "一");
        assert_eq!(f(10, "chineseCountingThousand"), "十");
        assert_eq!(f(17, "chineseCounting"), "十七");
        assert_eq!(f(20, "chineseCounting"), "二十");
        assert_eq!(f(99, "chineseCounting"), "九十九");
        assert_eq!(f(100, "chineseCounting"), "100");
        assert_eq!(f(105, "ideographDigital"), "一〇五");
        assert_eq!(f(2, "ideographTraditional"), "乙");
        assert_eq!(f(3, "decimalEnclosedCircle"), "③");
        assert_eq!(f(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(f(28, "lowerLetter"), "bb");
        assert_eq!(f(14, "upperRoman"), "XIV");
        assert_eq!(f(4, "lowerRoman"), "iv");
        assert_eq!(f(4, "none"), "");
        assert_eq!(f(4, "somethingElse"), "4");
    }
}
