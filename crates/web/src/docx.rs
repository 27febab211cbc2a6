//! A minimal Word document (DOCX, Office Open XML) for printed notices: the title as a centred
//! bold paragraph, then one paragraph per line of text. Just the three parts a DOCX needs
//! (`[Content_Types].xml`, `_rels/.rels`, `word/document.xml`); Word, WPS and LibreOffice open it
//! with their default styles.

use std::io::Write;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Escapes text for XML character data, dropping characters XML 1.0 does not allow.
fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

const FONT: &str = r#"<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="SimSun"/>"#;

fn paragraph(text: &str) -> String {
    if text.is_empty() {
        return "<w:p/>".to_string();
    }
    format!(
        r#"<w:p><w:r><w:rPr>{FONT}<w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        xml_text(text)
    )
}

/// The `word/document.xml` part.
pub fn document_xml(title: &str, body: &str) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    xml.push_str(&format!(
        r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>{FONT}<w:b/><w:sz w:val="36"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        xml_text(title)
    ));
    for line in body.lines() {
        xml.push_str(&paragraph(line));
    }
    xml.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#);
    xml
}

/// The DOCX file of a notice.
pub fn notice_docx(title: &str, body: &str) -> std::io::Result<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", RELS.to_string()),
            ("word/document.xml", document_xml(title, body)),
        ];
        for (name, text) in parts {
            z.start_file(name, opts).map_err(std::io::Error::other)?;
            z.write_all(text.as_bytes())?;
        }
        z.finish().map_err(std::io::Error::other)?;
    }
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn a_docx_holds_the_three_parts_and_the_text_escaped() {
        let bytes = super::notice_docx("告知书", "张三：\n\n甲 & <乙>\n示范市民政局").unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for name in ["[Content_Types].xml", "_rels/.rels", "word/document.xml"] {
            assert!(z.by_name(name).is_ok(), "{name}");
        }
        let mut xml = String::new();
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(xml.contains("甲 &amp; &lt;乙&gt;"), "{xml}");
        assert_eq!(
            xml.matches("<w:p>").count() + xml.matches("<w:p/>").count(),
            5
        );
    }
}
