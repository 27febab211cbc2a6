//! A catalog document's editable fields and their validation.
//!
//! Forms, the JSON API and the importer all hand in a [`DocumentInput`] of raw strings; only a
//! [`DocumentFields`] that passed [`DocumentInput::validate`] reaches the database. The checks
//! that need stored data (does the column exist, is the 文件编号 taken) are made by the
//! persistence layer, which reports them as [`FieldErrors`] in the same shape.

use crate::catalog::{Disclosure, LegalKind, Validity};
use crate::error::FieldErrors;
use crate::{doc_no, genre, subject::Subject, time::parse_iso_date};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 1000;
pub const KEYWORDS_MAX: usize = 200;
pub const BODY_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The earliest plausible 成文日期 (the founding of the People's Republic).
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1949, 10, 1).expect("valid date")
}

/// Raw field values as submitted. Missing optional values are empty strings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentInput {
    pub title: String,
    pub doc_no: String,
    pub publisher: String,
    pub written_on: String,
    pub subject: String,
    pub genre: String,
    pub disclosure: String,
    pub disclosure_reason: String,
    pub validity: String,
    pub keywords: String,
    pub summary: String,
    pub body: String,
    /// Column slug within the document's organization.
    pub column: String,
    /// Drafting department, by name within the organization (empty: none).
    pub department: String,
    /// Index number of the document that replaces or repeals this one (for 已修订 / 已废止).
    pub successor: String,
    /// For a 政策解读: the index number of the policy it explains.
    pub interprets: String,
    /// `true`/`on` when the policy must be released together with its interpretation (三同步).
    pub needs_interpretation: String,
    /// `rule` (规章), `normative` (行政规范性文件) or empty: what the annual report's Table 2 counts.
    pub legal_kind: String,
}

/// Validated fields, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentFields {
    pub title: String,
    pub doc_no: Option<String>,
    /// The 文件编号 under which bracket variants compare equal; unique within an organization.
    pub doc_no_key: Option<String>,
    pub publisher: String,
    pub written_on: NaiveDate,
    pub subject: String,
    pub genre: String,
    pub disclosure: Disclosure,
    pub disclosure_reason: Option<String>,
    pub validity: Validity,
    pub keywords: String,
    pub summary: String,
    /// Sanitised HTML.
    pub body_html: String,
    pub column: Option<String>,
    pub department: Option<String>,
    pub successor: Option<String>,
    /// Index number of the policy this interpretation explains.
    pub interprets: Option<String>,
    pub needs_interpretation: bool,
    pub legal_kind: Option<LegalKind>,
}

impl DocumentInput {
    /// Checks every field; `today` is the current date in China (documents are not written in
    /// the future). Returns all problems at once so a form can show them together.
    pub fn validate(&self, today: NaiveDate) -> Result<DocumentFields, FieldErrors> {
        let mut e = FieldErrors::new();

        let title = collapse_spaces(&self.title);
        if title.is_empty() {
            e.add("title", "请填写标题");
        } else if title.chars().count() > TITLE_MAX {
            e.add("title", format!("标题过长（最多 {TITLE_MAX} 个字）"));
        }

        let doc_no = match self.doc_no.trim() {
            "" => None,
            raw => match doc_no::validate(raw) {
                Ok(n) => Some(n),
                Err(msg) => {
                    e.add("doc_no", msg);
                    None
                }
            },
        };

        let publisher = collapse_spaces(&self.publisher);
        if publisher.is_empty() {
            e.add("publisher", "请填写发布机构");
        } else if publisher.chars().count() > 100 {
            e.add("publisher", "发布机构名称过长（最多 100 个字）");
        }

        let written_on = match self.written_on.trim() {
            "" => {
                e.add("written_on", "请填写成文日期");
                None
            }
            raw => match parse_iso_date(raw) {
                None => {
                    e.add("written_on", "成文日期格式应为 YYYY-MM-DD，例如 2024-03-05");
                    None
                }
                Some(d) if d > today => {
                    e.add("written_on", "成文日期不能晚于今天");
                    None
                }
                Some(d) if d < earliest_date() => {
                    e.add("written_on", "成文日期不能早于 1949-10-01");
                    None
                }
                Some(d) => Some(d),
            },
        };

        if let (Some(n), Some(d)) = (doc_no.as_deref().and_then(doc_no::parts), written_on) {
            // A number of year Y cannot be on a document signed before Y.
            if n.year > d.year() {
                e.add(
                    "doc_no",
                    format!("文件编号中的年份 {} 晚于成文日期", n.year),
                );
            }
        }

        let subject = self.subject.trim();
        if subject.is_empty() {
            e.add("subject", "请选择主题分类");
        } else if Subject::from_code(subject).is_none() {
            e.add("subject", "主题分类不在国家主题分类表中");
        }

        let genre = self.genre.trim();
        if genre.is_empty() {
            e.add("genre", "请选择体裁");
        } else if !genre::is_valid(genre) {
            e.add("genre", "体裁不在可选列表中");
        }

        let disclosure = match Disclosure::parse(self.disclosure.trim()) {
            Some(d) => Some(d),
            None => {
                e.add("disclosure", "请选择公开方式");
                None
            }
        };
        let reason = collapse_spaces(&self.disclosure_reason);
        let disclosure_reason = match disclosure {
            Some(Disclosure::NotDisclosed) | Some(Disclosure::OnApplication)
                if reason.is_empty() =>
            {
                if disclosure == Some(Disclosure::NotDisclosed) {
                    e.add("disclosure_reason", "不予公开须说明理由和依据");
                }
                None
            }
            _ if reason.is_empty() => None,
            _ if reason.chars().count() > 500 => {
                e.add("disclosure_reason", "理由过长（最多 500 个字）");
                None
            }
            _ => Some(reason),
        };

        let validity = match self.validity.trim() {
            "" => Some(Validity::InForce),
            v => match Validity::parse(v) {
                Some(v) => Some(v),
                None => {
                    e.add("validity", "有效性取值不正确");
                    None
                }
            },
        };

        let successor = match self.successor.trim() {
            "" => None,
            s => match crate::index_no::IndexNo::parse(s) {
                Some(n) => Some(n.to_string()),
                None => {
                    e.add(
                        "successor",
                        "替代文件的索引号格式不正确，例如 0024204128/2024-00055",
                    );
                    None
                }
            },
        };
        if successor.is_some() && validity.is_some_and(|v| !v.links_to_successor()) {
            e.add("successor", "只有“已修订”或“已废止”的文件才能指定替代文件");
        }

        let interprets = match self.interprets.trim() {
            "" => None,
            s => match crate::index_no::IndexNo::parse(s) {
                Some(n) => Some(n.to_string()),
                None => {
                    e.add(
                        "interprets",
                        "所解读政策的索引号格式不正确，例如 0024204128/2024-00055",
                    );
                    None
                }
            },
        };
        let needs_interpretation = matches!(self.needs_interpretation.trim(), "true" | "on" | "1");
        if needs_interpretation && interprets.is_some() {
            e.add("needs_interpretation", "政策解读本身不需要另配解读");
        }

        let legal_kind = match self.legal_kind.trim() {
            "" => None,
            k => match LegalKind::parse(k) {
                Some(k) => Some(k),
                None => {
                    e.add("legal_kind", "规章、规范性文件类别取值不正确");
                    None
                }
            },
        };

        let keywords = collapse_spaces(&self.keywords);
        if keywords.chars().count() > KEYWORDS_MAX {
            e.add(
                "keywords",
                format!("关键词过长（最多 {KEYWORDS_MAX} 个字）"),
            );
        }
        let summary = self.summary.trim().to_string();
        if summary.chars().count() > SUMMARY_MAX {
            e.add(
                "summary",
                format!("内容概述过长（最多 {SUMMARY_MAX} 个字）"),
            );
        }
        if self.body.len() > BODY_MAX_BYTES {
            e.add("body", "正文过长（最多 2 MB）");
        }

        let column = non_empty(&self.column);
        if let Some(c) = &column
            && !crate::catalog::valid_column_slug(c)
        {
            e.add("column", "栏目不存在");
        }

        let (Some(written_on), Some(disclosure), Some(validity)) =
            (written_on, disclosure, validity)
        else {
            return Err(e);
        };
        e.into_result(DocumentFields {
            doc_no_key: doc_no.as_deref().map(doc_no::match_key),
            doc_no,
            title,
            publisher,
            written_on,
            subject: subject.to_string(),
            genre: genre.to_string(),
            disclosure,
            disclosure_reason,
            validity,
            keywords,
            summary,
            body_html: sanitize_body(&self.body),
            column,
            department: non_empty(&self.department),
            successor,
            interprets,
            needs_interpretation,
            legal_kind,
        })
    }
}

/// Body HTML as the public may see it: formatting, tables, links and images kept; scripts, styles
/// and event handlers removed. Plain text (no tags) becomes paragraphs.
pub fn sanitize_body(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return String::new();
    }
    let looks_like_html = ["</", "<br", "<p", "<img", "<table"]
        .iter()
        .any(|t| body.contains(t));
    if !looks_like_html {
        return body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!("<p>{}</p>", escape_text(l)))
            .collect::<Vec<_>>()
            .join("\n");
    }
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(body)
        .to_string()
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Plain text of sanitised body HTML (for summaries and search snippets): tags become spaces,
/// the entities the sanitiser writes are decoded, whitespace runs become one space. One pass, as
/// the search index runs it over every body.
pub fn body_text(html: &str) -> String {
    const ENTITIES: [(&str, char); 6] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&nbsp;", ' '),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(html.len());
    // A space is owed before the next text (pending) but never written at the ends.
    let mut pending = false;
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !in_tag {
            // Most of a body is text: copy it a span at a time.
            let plain = plain_prefix(rest);
            if plain > 0 {
                if pending && !out.is_empty() {
                    out.push(' ');
                }
                pending = false;
                out.push_str(&rest[..plain]);
                rest = &rest[plain..];
                continue;
            }
        }
        let mut len = c.len_utf8();
        let text = match c {
            '<' => {
                in_tag = true;
                None
            }
            '>' if in_tag => {
                in_tag = false;
                pending = true;
                None
            }
            _ if in_tag => None,
            '&' => match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
                Some((e, decoded)) => {
                    len = e.len();
                    Some(*decoded)
                }
                None => Some('&'),
            },
            c => Some(c),
        };
        rest = &rest[len..];
        match text {
            Some(t) if t.is_whitespace() => pending = true,
            Some(t) => {
                if pending && !out.is_empty() {
                    out.push(' ');
                }
                pending = false;
                out.push(t);
            }
            None => {}
        }
    }
    out
}

/// The length of the text at the start of `s` that `body_text` copies as it is: no tag, no
/// entity, no whitespace.
fn plain_prefix(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'<' | b'&' | b'\t'..=b'\r' | b' ' => break,
            0..0x80 => i += 1,
            // A three-byte character from U+4000 to U+9FFF (the CJK ideographs): never whitespace.
            0xE4..=0xE9 => i += 3,
            _ => {
                let Some(c) = s[i..].chars().next() else {
                    break;
                };
                if c.is_whitespace() {
                    break;
                }
                i += c.len_utf8();
            }
        }
    }
    i
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
    }

    fn valid() -> DocumentInput {
        DocumentInput {
            title: "示范市民政局关于做好2024年最低生活保障工作的通知".into(),
            doc_no: "示民发[2024]12号".into(),
            publisher: "示范市民政局".into(),
            written_on: "2024-03-05".into(),
            subject: "17.03".into(),
            genre: "通知".into(),
            disclosure: "proactive".into(),
            body: "第一段\n\n第二段 <b>".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_input_validates_and_normalises() {
        let f = valid().validate(today()).unwrap();
        assert_eq!(f.doc_no.as_deref(), Some("示民发〔2024〕12号"));
        assert_eq!(f.doc_no_key.as_deref(), Some("示民发〔2024〕12号"));
        assert_eq!(f.validity, Validity::InForce);
        assert_eq!(f.body_html, "<p>第一段</p>\n<p>第二段 &lt;b&gt;</p>");
    }

    #[test]
    fn every_missing_field_is_named() {
        let e = DocumentInput::default().validate(today()).unwrap_err();
        for f in [
            "title",
            "publisher",
            "written_on",
            "subject",
            "genre",
            "disclosure",
        ] {
            assert!(e.get(f).is_some(), "{f} not reported: {e}");
        }
    }

    #[test]
    fn dates_are_checked_against_today_and_the_number() {
        let mut i = valid();
        i.written_on = "2024-06-02".into();
        assert_eq!(
            i.validate(today()).unwrap_err().get("written_on"),
            Some("成文日期不能晚于今天")
        );
        i.written_on = "2024-13-01".into();
        assert!(
            i.validate(today())
                .unwrap_err()
                .get("written_on")
                .unwrap()
                .contains("YYYY-MM-DD")
        );
        i.written_on = "2023-12-30".into();
        assert!(
            i.validate(today())
                .unwrap_err()
                .get("doc_no")
                .unwrap()
                .contains("2024")
        );
    }

    #[test]
    fn withholding_needs_a_reason() {
        let mut i = valid();
        i.disclosure = "not_disclosed".into();
        assert!(
            i.validate(today())
                .unwrap_err()
                .get("disclosure_reason")
                .is_some()
        );
        i.disclosure_reason = "涉及个人隐私（条例第十五条）".into();
        assert!(i.validate(today()).is_ok());
    }

    #[test]
    fn successor_only_for_amended_or_repealed() {
        let mut i = valid();
        i.successor = "0024204128/2024-00055".into();
        assert!(i.validate(today()).unwrap_err().get("successor").is_some());
        i.validity = "repealed".into();
        assert_eq!(
            i.validate(today()).unwrap().successor.as_deref(),
            Some("0024204128/2024-00055")
        );
    }

    #[test]
    fn scripts_are_removed_from_bodies() {
        let html = sanitize_body(
            "<p onclick=\"x()\">正文<script>alert(1)</script></p><a href=\"javascript:x\">链接</a>",
        );
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(html.contains("正文"));
    }

    #[test]
    fn body_text_strips_tags_and_entities() {
        assert_eq!(body_text("<p>一&amp;二</p><p>三</p>"), "一&二 三");
        assert_eq!(
            body_text(" <p> a&nbsp;&nbsp;b\n</p> &lt;c&gt; &amp;lt; & "),
            "a b <c> &lt; &"
        );
    }

    /// `body_text` one character at a time, as it was before it copied spans.
    fn body_text_by_char(html: &str) -> String {
        let mut out = String::new();
        let (mut pending, mut in_tag) = (false, false);
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            let mut len = c.len_utf8();
            let text = match c {
                '<' => {
                    in_tag = true;
                    None
                }
                '>' if in_tag => {
                    in_tag = false;
                    pending = true;
                    None
                }
                _ if in_tag => None,
                '&' => match ["&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&amp;"]
                    .iter()
                    .zip(['<', '>', '"', '\'', ' ', '&'])
                    .find(|(e, _)| rest.starts_with(**e))
                {
                    Some((e, decoded)) => {
                        len = e.len();
                        Some(decoded)
                    }
                    None => Some('&'),
                },
                c => Some(c),
            };
            rest = &rest[len..];
            match text {
                Some(t) if t.is_whitespace() => pending = true,
                Some(t) => {
                    if pending && !out.is_empty() {
                        out.push(' ');
                    }
                    pending = false;
                    out.push(t);
                }
                None => {}
            }
        }
        out
    }

    #[test]
    fn body_text_copies_spans_as_it_copied_characters() {
        let pieces = [
            "<p>",
            "</p>",
            "<br/>",
            "养老",
            "服务",
            "&amp;",
            "&nbsp;",
            "&lt;",
            "&",
            ">",
            " ",
            "\n",
            "\u{0B}",
            "\u{3000}",
            "\u{A0}",
            "\u{2028}",
            "ａ",
            "Ｂ",
            "é",
            "𠀀",
            "〔2024〕",
            "，",
            "x",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5000 {
            let mut html = String::new();
            for _ in 0..next() % 24 {
                html.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            assert_eq!(body_text(&html), body_text_by_char(&html), "{html:?}");
        }
    }
}
