//! The text of attachments for the search index: PDF, DOCX, XLSX and plain text.
//!
//! Office files are zip archives of XML: the text is what sits in their text elements, including
//! headers, footers, footnotes and comments (DOCX) and every sheet's strings (XLSX). Extraction
//! never fails a document's indexing: a file that cannot be read contributes no text. This is a
//! looser reading than [`crate::parts`] (no locations, no checks), kept as the index had it.

use std::io::Read;

/// Longest text taken from one attachment (enough for any policy document, bounded for memory).
pub const MAX_CHARS: usize = 200_000;

/// Extracts the text of a file by its content type (as stored, see the upload allow-list).
pub fn text_of(content_type: &str, bytes: &[u8]) -> Option<String> {
    let text = match content_type.split(';').next().unwrap_or("").trim() {
        "application/pdf" => pdf(bytes),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => docx(bytes),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => xlsx(bytes),
        "text/plain" | "text/csv" => Some(plain(bytes)),
        _ => None,
    }?;
    let text: String = text.chars().take(MAX_CHARS).collect();
    (!text.trim().is_empty()).then_some(text)
}

/// UTF-8, or GB18030 (which covers GBK and GB2312) for files saved by older Chinese software.
fn plain(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn pdf(bytes: &[u8]) -> Option<String> {
    // The parser panics on some malformed files; a bad attachment must not take the indexer down.
    std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes).ok())
        .ok()
        .flatten()
}

/// Reads the named members of a zip archive (those that exist), in the order given.
fn zip_members(bytes: &[u8], wanted: impl Fn(&str) -> bool) -> Option<Vec<(String, String)>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| wanted(n))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let mut file = archive.by_name(&name).ok()?;
        // Guard against zip bombs: no member larger than 64 MB uncompressed.
        let mut xml = String::new();
        file.by_ref()
            .take(64 * 1024 * 1024)
            .read_to_string(&mut xml)
            .ok()?;
        out.push((name, xml));
    }
    Some(out)
}

/// The text inside elements named `text_tag` (local name), with a line break after each
/// `break_tag` element.
fn xml_text(xml: &str, text_tag: &str, break_tag: &str) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut inside = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == text_tag => inside = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == text_tag => inside = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == break_tag => out.push('\n'),
            Ok(Event::Text(t)) if inside => out.push_str(t.as_ref()),
            Ok(Event::GeneralRef(r)) if inside => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => out.push_str(&unescape(&format!("&{};", AsRef::<str>::as_ref(&r)))),
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn docx(bytes: &[u8]) -> Option<String> {
    let parts = zip_members(bytes, |n| {
        n == "word/document.xml"
            || (n.starts_with("word/header") && n.ends_with(".xml"))
            || (n.starts_with("word/footer") && n.ends_with(".xml"))
            || n == "word/footnotes.xml"
            || n == "word/endnotes.xml"
            || n == "word/comments.xml"
    })?;
    if !parts.iter().any(|(n, _)| n == "word/document.xml") {
        return None;
    }
    Some(
        parts
            .iter()
            .map(|(_, xml)| xml_text(xml, "t", "p"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn xlsx(bytes: &[u8]) -> Option<String> {
    let parts = zip_members(bytes, |n| {
        n == "xl/sharedStrings.xml" || (n.starts_with("xl/worksheets/sheet") && n.ends_with(".xml"))
    })?;
    let mut out = Vec::new();
    for (name, xml) in &parts {
        if name == "xl/sharedStrings.xml" {
            out.push(xml_text(xml, "t", "si"));
        } else {
            // Inline strings and numbers written in the sheet itself.
            out.push(xml_text(xml, "t", "c"));
            out.push(xml_text(xml, "v", "c"));
        }
    }
    Some(out.join("\n"))
}
