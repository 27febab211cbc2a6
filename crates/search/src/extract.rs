//! The text of attachments, for the index: PDF, DOCX, XLSX and plain text.
//!
//! Office files are zip archives of XML: the text is what sits in their text elements, including
//! headers, footers, footnotes and comments (DOCX) and every sheet's strings (XLSX). Extraction
//! never fails a document's indexing: a file that cannot be read contributes no text.

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
pub fn plain(bytes: &[u8]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_in_utf8_and_gbk() {
        assert_eq!(plain("养老服务".as_bytes()), "养老服务");
        let (gbk, _, _) = encoding_rs::GBK.encode("最低生活保障");
        assert_eq!(plain(&gbk), "最低生活保障");
        assert_eq!(text_of("text/plain; charset=utf-8", "  ".as_bytes()), None);
    }

    #[test]
    fn unreadable_files_give_no_text() {
        assert_eq!(text_of("application/pdf", b"not a pdf"), None);
        assert_eq!(
            text_of(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                b"PK junk"
            ),
            None
        );
        assert_eq!(text_of("image/png", b"\x89PNG"), None);
    }

    /// A one-page PDF with a line of text in a standard font, xref offsets computed.
    fn minimal_pdf(text: &str) -> Vec<u8> {
        let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        ];
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
        for off in offsets {
            pdf.extend(format!("{off:010} 00000 n \n").as_bytes());
        }
        pdf.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn pdf_text() {
        let t = text_of(
            "application/pdf",
            &minimal_pdf("Minimum living allowance 2024"),
        )
        .unwrap();
        assert!(t.contains("Minimum living allowance 2024"), "{t:?}");
    }

    #[test]
    fn docx_text_with_headers_and_comments() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            let body = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>关于养老服务</w:t></w:r><w:r><w:t xml:space="preserve">的通知 &amp; 附表</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>"#;
            z.start_file("word/document.xml", opts).unwrap();
            std::io::Write::write_all(&mut z, body.as_bytes()).unwrap();
            z.start_file("word/header1.xml", opts).unwrap();
            std::io::Write::write_all(
                &mut z,
                r#"<w:hdr xmlns:w="w"><w:p><w:r><w:t>示范市民政局</w:t></w:r></w:p></w:hdr>"#
                    .as_bytes(),
            )
            .unwrap();
            z.start_file("word/comments.xml", opts).unwrap();
            std::io::Write::write_all(&mut z, r#"<w:comments xmlns:w="w"><w:comment><w:p><w:r><w:t>审核意见</w:t></w:r></w:p></w:comment></w:comments>"#.as_bytes()).unwrap();
            z.finish().unwrap();
        }
        let t = text_of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            buf.get_ref(),
        )
        .unwrap();
        assert!(t.contains("关于养老服务的通知 & 附表\n第二段"), "{t}");
        assert!(t.contains("示范市民政局") && t.contains("审核意见"), "{t}");
    }

    #[test]
    fn xlsx_text_from_every_sheet() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s1 = wb.add_worksheet();
        s1.write_string(0, 0, "低保对象名册").unwrap();
        s1.write_number(1, 0, 20240).unwrap();
        let s2 = wb.add_worksheet();
        s2.write_string(0, 0, "隐藏的备注").unwrap();
        s2.set_hidden(true);
        let bytes = wb.save_to_buffer().unwrap();
        let t = text_of(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &bytes,
        )
        .unwrap();
        assert!(
            t.contains("低保对象名册") && t.contains("隐藏的备注") && t.contains("20240"),
            "{t}"
        );
    }
}
