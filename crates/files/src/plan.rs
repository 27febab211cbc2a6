//! The text of a work plan (工作要点) document, for core `work_plan::parse`: plain text, an HTML
//! page or a Word document turned into lines.
//!
//! - Plain text: UTF-8 (a byte-order mark dropped) or GB18030, as [`crate::plain`] decodes it;
//!   line ends normalised to `\n`.
//! - HTML: parsed by html5ever (through ammonia, which core already uses to sanitise bodies):
//!   comments, scripts, styles and other non-text content dropped, every entity decoded. Block
//!   elements (`p`, `div`, `li`, `h1`–`h6`, `tr`, `td`, `title`, …) and `<br>` end a line; other
//!   whitespace collapses to one space as a browser shows it, but inside `<pre>`.
//! - DOCX: the body's paragraphs in order, one line each, Word's automatic numbers (`一、`,
//!   `（一）`, `1.` from `word/numbering.xml`) written before them as a reader sees them; tracked
//!   insertions accepted, deletions, hidden text and field codes left out.
//!
//! What the file is comes from its bytes ([`crate::sniff`]); the name's extension, when it is
//! one of these formats, must agree.

use std::collections::{HashMap, HashSet};

use crate::{FileError, FileKind, docx, pdf, plain};

/// Extensions of HTML files.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "shtml", "xhtml"];

/// The text of an uploaded plan, lines separated by `\n`.
///
/// Errors: [`FileError::Empty`] for a file without any text (no bytes, only whitespace, a page
/// or document without words); [`FileError::NotPlanFormat`] for anything but plain text, HTML
/// and DOCX (images, PDF, spreadsheets, old `.doc` files, other zips, binary data);
/// [`FileError::Mismatch`] when the name says `.docx`, `.txt` or `.html` and the bytes are the
/// other one of these; [`FileError::Encrypted`] and [`FileError::Corrupt`] for a
/// password-protected or damaged Word document.
pub fn plan_text(name: &str, bytes: &[u8]) -> Result<String, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let is_html_name = HTML_EXTENSIONS.contains(&ext.as_str());
    let declared = match ext.as_str() {
        "docx" => Some((FileKind::Docx, FileKind::Docx.label())),
        "txt" | "text" => Some((FileKind::Text, FileKind::Text.label())),
        _ if is_html_name => Some((FileKind::Text, "HTML 文件")),
        _ => None,
    };
    if pdf::is_pdf(bytes) {
        return Err(FileError::NotPlanFormat);
    }
    // By content only: the extension is compared below, with the plan's own formats.
    let actual = match crate::sniff("", "", bytes) {
        Ok(kind) => kind,
        Err(FileError::Unsupported) => return Err(FileError::NotPlanFormat),
        Err(e) => return Err(e),
    };
    if matches!(actual, FileKind::Pdf | FileKind::Xlsx) {
        return Err(FileError::NotPlanFormat);
    }
    if let Some((kind, label)) = declared
        && kind != actual
    {
        return Err(FileError::Mismatch {
            declared: label.to_string(),
            actual: actual.label().to_string(),
        });
    }
    let text = match actual {
        FileKind::Docx => docx::body_text(bytes)?,
        _ => {
            let (text, _) = plain::decode(bytes).ok_or(FileError::NotPlanFormat)?;
            // A page named .html without any tag is text all the same.
            if is_html_name && text.contains('<') || looks_like_html(&text) {
                html_text(&text)
            } else {
                text.replace("\r\n", "\n").replace('\r', "\n")
            }
        }
    };
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    Ok(text)
}

/// A text file that is HTML whatever its name: it begins like a page, or with a tag and has
/// paragraphs or line breaks marked up (a fragment). A plain-text plan begins with words.
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") || head.starts_with("<!--")) && head.contains("<html")
        || head.starts_with('<')
            && ["</p>", "<br", "</div>", "</li>", "</td>", "</h1>", "</h2>"]
                .iter()
                .any(|t| head.contains(t))
}

/// Elements that end a line (their start and their end).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements dropped with everything in them.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "noembed", "noframes", "object",
    "textarea", "select", "svg", "math",
];

/// The text of an HTML page or fragment, one line per block (see the module's description);
/// lines trimmed, empty ones left out.
pub fn html_text(html: &str) -> String {
    // ammonia keeps the block elements (without attributes) and the text, drops the rest, and
    // writes it back as normalised HTML: text escaped as `&amp;` `&lt;` `&gt;` `&nbsp;` only,
    // every tag well formed. That output is simple to read exactly.
    let clean = ammonia::Builder::empty()
        .tags(BLOCKS.iter().copied().collect())
        .clean_content_tags(DROPPED.iter().copied().collect())
        .tag_attributes(HashMap::new())
        .generic_attributes(HashSet::new())
        .link_rel(None)
        .strip_comments(true)
        .clean(html)
        .to_string();

    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut pre = 0usize;
    let mut rest = clean.as_str();
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>').map_or(rest.len(), |k| k + 1);
                let tag = &rest[1..end.saturating_sub(1).max(1)];
                let closing = tag.starts_with('/');
                let tag_name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if tag_name == "pre" {
                    pre = if closing {
                        pre.saturating_sub(1)
                    } else {
                        pre + 1
                    };
                }
                end_line(&mut line, &mut lines);
                rest = &rest[end..];
            }
            '&' => {
                let (decoded, len) = [
                    ("&amp;", '&'),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&nbsp;", ' '),
                ]
                .iter()
                .find(|(e, _)| rest.starts_with(e))
                .map_or(('&', 1), |&(e, c)| (c, e.len()));
                line.push(decoded);
                rest = &rest[len..];
            }
            '\n' if pre > 0 => {
                end_line(&mut line, &mut lines);
                rest = &rest[1..];
            }
            ' ' | '\t' | '\n' | '\r' | '\x0c' => {
                if !line.ends_with(' ') {
                    line.push(' ');
                }
                rest = &rest[1..];
            }
            _ => {
                line.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    end_line(&mut line, &mut lines);
    lines.join("\n")
}

/// Ends the line being built: kept, trimmed, unless empty.
fn end_line(line: &mut String, lines: &mut Vec<String>) {
    let trimmed = line.trim();
    if !trimmed.is_empty() {
        lines.push(trimmed.to_string());
    }
    line.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_blocks_entities_and_dropped_content() {
        let html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>要点</title>\
            <style>p{color:red}</style><script>var a = '<p>1.假的</p>';</script></head><body>\
            <!-- <p>注释</p> --><div class=\"x\"><p>一、总体</p>\
            <p>1.做好公开&nbsp;&amp;解读&不是实体&ldquo;引号&rdquo;&mdash;<br/>（责任单位：办公室）</p>\
            &#x4e00;<span>二</span>\n  三</div><table><tr><td>甲</td><td>乙</td></tr></table>\
            <pre>第一行\n第二行</pre><p title=\"a>b\">尾</p></body></html>";
        assert_eq!(
            html_text(html),
            "要点\n一、总体\n1.做好公开 &解读&不是实体“引号”—\n（责任单位：办公室）\n一二 三\n\
             甲\n乙\n第一行\n第二行\n尾"
        );
        assert_eq!(html_text(""), "");
        assert_eq!(html_text("<p>"), "");
        assert_eq!(html_text("<<<>>>&&;"), "<<<>>>&&;");
    }

    #[test]
    fn html_is_told_by_its_start() {
        assert!(looks_like_html("\u{feff}\n <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<HTML><body>"));
        assert!(looks_like_html("<p>一、总体</p>\n<p>1.做好公开。</p>"));
        assert!(!looks_like_html("一、总体\n1.<p>标签</p>"));
        assert!(!looks_like_html("<一、总体>\n1.做好公开。"));
    }
}
