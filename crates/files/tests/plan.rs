//! Work plans from files: the two published plans as plain text (UTF-8 and GB18030), as an HTML
//! page and as a Word document read to the same plan; bad files refused with a Chinese message.

use std::io::Write;

use gongkai_core::work_plan::{ParsedPlan, parse};
use gongkai_files::{FileError, plan_text};

const SAMPLES: &[&str] = &[
    "work-plan-2018-gansu-province.txt",
    "work-plan-2024-shanghai-civil-affairs.txt",
];

fn sample(name: &str) -> String {
    let path = format!(
        "{}/../core/tests/samples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("sample {path} missing: {e}"))
}

fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, content) in members {
            z.start_file(*name, opts).unwrap();
            z.write_all(content.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A minimal Word document whose body is the given paragraphs' XML.
fn docx_of(paragraphs: &str) -> Vec<u8> {
    docx_with(paragraphs, &[])
}

/// A Word document with other parts too (numbering, styles).
fn docx_with(paragraphs: &str, more: &[(&str, &str)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{paragraphs}<w:sectPr/></w:body></w:document>"#
    );
    let mut members = vec![
        ("[Content_Types].xml", DOCX_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document.as_str()),
    ];
    members.extend_from_slice(more);
    zip_of(&members)
}

/// Automatic numbering as Chinese plans use it: 一、 (no tab after it), （一） and 1. (a tab
/// after it), sections and tasks counted on through the parts (`w:lvlRestart` 0); a bullet
/// list; a second instance of the same numbering that starts the tasks again at 1.
fn numbering_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
<w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlRestart w:val="0"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlRestart w:val="0"/><w:lvlText w:val="%3."/></w:lvl>
<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3.%4"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"#
    )
}

/// A heading style numbered at level 0 (through the style it is based on).
fn styles_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="10"><w:name w:val="List Heading"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="10"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
</w:styles>"#
    )
}

/// A paragraph numbered by `w:numPr`.
fn numbered(num_id: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        xml_escape(text)
    )
}

/// The sample as an HTML page: each line a `<p>`, with entities (`&nbsp;` indents, curly quotes
/// and `>` as entities), inline elements, a style block, a script, a comment and whitespace
/// between the tags.
fn html_of(text: &str) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <style>\n  p { text-indent: 2em; }\n  .x > p { color: red; }\n</style>\n\
         <script>document.write('<p>1.不是任务</p>');</script>\n</head>\n<body>\n\
         <!-- <p>一、不是部分</p> -->\n<div class=\"content\">\n",
    );
    for (n, line) in text.lines().enumerate() {
        let line = xml_escape(line)
            .replace('“', "&ldquo;")
            .replace('”', "&rdquo;");
        match n % 3 {
            0 => html.push_str(&format!("  <p>&nbsp;&nbsp;{line}</p>\n")),
            1 => html.push_str(&format!(
                "  <p style=\"margin:0\"><span>{line}</span></p>\n"
            )),
            _ => html.push_str(&format!("  <P>{line}\n  </P>\n")),
        }
    }
    html.push_str("</div>\n</body>\n</html>\n");
    html
}

/// The sample as a Word document: each line a paragraph; every other line split over two runs
/// (the second bold), some with `xml:space="preserve"`.
fn docx_sample(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        if n % 2 == 1 && chars.len() > 1 {
            let (a, b) = chars.split_at(chars.len() / 2);
            let a: String = a.iter().collect();
            let b: String = b.iter().collect();
            body.push_str(&format!(
                r#"<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>"#,
                xml_escape(&a),
                xml_escape(&b)
            ));
        } else {
            body.push_str(&format!(
                "<w:p><w:r><w:t>{}</w:t></w:r></w:p>\n",
                xml_escape(line)
            ));
        }
    }
    docx_of(&body)
}

fn plan_of(name: &str, bytes: &[u8]) -> ParsedPlan {
    let text = plan_text(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    parse(&text, None)
}

#[test]
fn samples_read_the_same_from_text_html_and_docx() {
    for name in SAMPLES {
        let text = sample(name);
        let expected = parse(&text, None);
        assert!(expected.tasks().count() > 20, "{name}");
        assert_eq!(expected.problems, Vec::<String>::new(), "{name}");

        // Plain text: UTF-8, UTF-8 with a byte-order mark and CRLF, GB18030.
        assert_eq!(
            plan_of("要点.txt", text.as_bytes()),
            expected,
            "{name} (UTF-8)"
        );
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(
            plan_of("要点.TXT", crlf.as_bytes()),
            expected,
            "{name} (CRLF)"
        );
        let (gbk, _, bad) = encoding_rs::GB18030.encode(&text);
        assert!(!bad);
        assert_eq!(plan_of("要点", &gbk), expected, "{name} (GB18030)");

        // HTML, by its name or by its content.
        let html = html_of(&text);
        let from_html = plan_of("要点.html", html.as_bytes());
        assert_eq!(from_html, expected, "{name} (HTML)");
        assert_eq!(plan_of("要点.htm", html.as_bytes()), expected);
        assert_eq!(plan_of("要点.txt", html.as_bytes()), expected);
        assert_eq!(plan_of("download", html.as_bytes()), expected);
        let (gbk_html, _, _) = encoding_rs::GB18030.encode(&html);
        assert_eq!(plan_of("要点.shtml", &gbk_html), expected);

        // Word.
        let docx = docx_sample(&text);
        assert_eq!(plan_of("要点.docx", &docx), expected, "{name} (DOCX)");
        assert_eq!(plan_of("要点", &docx), expected);
    }
}

#[test]
fn html_lines_come_from_blocks() {
    let html = "<html><body><h1>2024年政务公开工作要点</h1><ul><li>一、总体</li>\
        <li>1.做好公开<br>（责任单位：办公室）</li></ul>\
        <table><tr><td>2.做好解读&hellip;（牵头单位：法规处）</td></tr></table></body></html>";
    assert_eq!(
        plan_text("a.html", html.as_bytes()).unwrap(),
        "2024年政务公开工作要点\n一、总体\n1.做好公开\n（责任单位：办公室）\n\
         2.做好解读…（牵头单位：法规处）"
    );
    let plan = parse(&plan_text("a.html", html.as_bytes()).unwrap(), None);
    assert_eq!(plan.problems, Vec::<String>::new());
    assert_eq!(plan.tasks().count(), 2);
    // A fragment in a text file; a file named .html without any tag.
    let fragment = "<p>一、总体</p>\n<p>1.做好&ldquo;公开&rdquo;。</p>";
    assert_eq!(
        plan_text("a.txt", fragment.as_bytes()).unwrap(),
        "一、总体\n1.做好“公开”。"
    );
    let text = "一、总体\n1.做好公开。\n";
    assert_eq!(plan_text("a.html", text.as_bytes()).unwrap(), text);
}

#[test]
fn docx_body_as_a_reader_sees_it() {
    let body = r#"<w:p><w:r><w:t>一、总体</w:t></w:r></w:p>
<w:p><w:r><w:t>1.做好</w:t></w:r><w:ins w:id="1" w:author="甲"><w:r><w:t>主动</w:t></w:r></w:ins><w:del w:id="2" w:author="甲"><w:r><w:delText>被动</w:delText></w:r></w:del><w:r><w:t>公开。</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的备注</w:t></w:r><w:r><w:br/><w:t>（责任单位：办公室）</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>2.表格中的任务。</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let text = plan_text("要点.docx", &docx_of(body)).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        [
            "一、总体",
            "1.做好主动公开。",
            "（责任单位：办公室）",
            "文本框",
            "2.表格中的任务。"
        ]
    );
}

#[test]
fn docx_automatic_numbers_are_read() {
    let body = [
        "<w:p><w:r><w:t>2024年政务公开工作要点</w:t></w:r></w:p>".to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>加强主动公开</w:t></w:r></w:p>"#
            .to_string(),
        numbered(1, 1, "做好政策解读。"),
        numbered(1, 2, "做甲。（责任单位：办公室）"),
        numbered(1, 3, "细项"),
        numbered(1, 2, "做乙。"),
        numbered(2, 0, "不编号的要点"),
        numbered(1, 1, "做好回应。"),
        numbered(1, 2, "做丙。"),
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>加强平台建设</w:t></w:r></w:p>"#
            .to_string(),
        numbered(1, 1, "优化网站。"),
        numbered(1, 2, "做丁。"),
        // Numbering removed (numId 0), and numbering only in tracked former properties.
        numbered(0, 2, "不再编号。"),
        r#"<w:p><w:pPr><w:pPrChange w:id="9" w:author="甲"><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>曾经编号。</w:t></w:r></w:p>"#.to_string(),
        // Another instance of the same numbering starting the tasks again, then the first
        // instance counting on from there.
        numbered(3, 2, "重新编号。"),
        numbered(1, 2, "接着编号。"),
    ]
    .concat();
    let numbering = numbering_xml();
    let styles = styles_xml();
    let docx = docx_with(
        &body,
        &[
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ],
    );
    assert_eq!(
        plan_text("要点.docx", &docx).unwrap(),
        "2024年政务公开工作要点\n一、加强主动公开\n（一）做好政策解读。\n1.\t做甲。（责任单位：办公室）\n\
         1.1\t细项\n2.\t做乙。\n不编号的要点\n（二）做好回应。\n3.\t做丙。\n二、加强平台建设\n\
         （三）优化网站。\n4.\t做丁。\n不再编号。\n曾经编号。\n1.\t重新编号。\n2.\t接着编号。\n"
    );

    // A published plan with its numbers made automatic reads as its text does.
    for name in SAMPLES {
        let text = sample(name);
        let expected = parse(&text, None);
        let mut body = String::new();
        let mut count = 0;
        for line in text.lines() {
            body.push_str(&match strip_number(line) {
                Some((level, rest)) => {
                    count += 1;
                    numbered(1, level, rest)
                }
                None => format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", xml_escape(line)),
            });
        }
        let headings = expected.parts.len() + expected.section_count() + expected.tasks().count();
        assert_eq!(count, headings, "{name}: every number made automatic");
        assert!(!body.contains("<w:t>1."), "{name}");
        let docx = docx_with(&body, &[("word/numbering.xml", &numbering)]);
        let text = plan_text("要点.docx", &docx).unwrap();
        assert_eq!(parse(&text, None), expected, "{name}");
    }
}

/// The level and the rest of a line beginning with a part (`一、`), section (`(一)`) or task
/// (`1.`) number.
fn strip_number(line: &str) -> Option<(u32, &str)> {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let numeral_end = line.find(|c: char| !cn(c)).unwrap_or(line.len());
    if numeral_end > 0 && line[numeral_end..].starts_with('、') {
        return Some((0, &line[numeral_end + '、'.len_utf8()..]));
    }
    if let Some(rest) = line.strip_prefix(['(', '（']) {
        let end = rest.find(|c: char| !cn(c)).unwrap_or(rest.len());
        if end > 0 && rest[end..].starts_with([')', '）']) {
            let close = rest[end..].chars().next().unwrap().len_utf8();
            return Some((1, &rest[end + close..]));
        }
    }
    let digits = line
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(line.len());
    let rest = &line[digits..];
    if digits > 0 && rest.starts_with(['.', '．']) {
        let rest = &rest[rest.chars().next().unwrap().len_utf8()..];
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Some((2, rest));
        }
    }
    None
}

#[test]
fn bad_files_are_refused_with_a_message() {
    let message = |name: &str, bytes: &[u8]| plan_text(name, bytes).unwrap_err().to_string();

    // Empty.
    for (name, bytes) in [
        ("要点.txt", &b""[..]),
        ("要点.txt", b" \r\n\t\n"),
        ("要点.txt", "\u{feff}\u{3000}\n".as_bytes()),
        (
            "要点.html",
            b"<html><body><p>&nbsp;</p><script>x()</script></body></html>",
        ),
    ] {
        assert_eq!(plan_text(name, bytes), Err(FileError::Empty), "{bytes:?}");
    }
    assert_eq!(message("要点.txt", b""), "文件为空");
    let blank = docx_of("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>");
    assert_eq!(plan_text("要点.docx", &blank), Err(FileError::Empty));

    // Other formats: images, binary data, PDF, spreadsheets, other zips, old Word files.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let xlsx = zip_of(&[
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#,
        ),
        ("xl/workbook.xml", "<workbook/>"),
    ]);
    let other_zip = zip_of(&[("readme.txt", "一、总体\n1.做好公开。")]);
    let old_doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    for (name, bytes) in [
        ("要点.png", &png[..]),
        ("要点.txt", &png[..]),
        ("要点.docx", &png[..]),
        ("要点", &[0u8, 1, 2, 3, 255, 254][..]),
        ("要点.pdf", b"%PDF-1.4\n%%EOF"),
        ("要点.xlsx", &xlsx),
        ("要点.docx", &xlsx),
        ("要点.zip", &other_zip),
        ("要点.docx", &other_zip),
        ("要点.doc", &old_doc),
    ] {
        assert_eq!(
            plan_text(name, bytes),
            Err(FileError::NotPlanFormat),
            "{name}"
        );
    }
    assert_eq!(
        message("要点.png", png),
        "无法识别的文件格式：请上传纯文本、HTML或DOCX文件"
    );

    // A name saying one of the formats, the bytes another.
    let docx = docx_of("<w:p><w:r><w:t>一、总体</w:t></w:r></w:p>");
    let m = message("要点.docx", "一、总体\n1.做好公开。".as_bytes());
    assert!(
        m.contains("Word 文档（DOCX）") && m.contains("纯文本文件"),
        "{m}"
    );
    let m = message("要点.html", &docx);
    assert!(m.contains("HTML 文件") && m.contains("Word 文档"), "{m}");
    assert!(matches!(
        plan_text("要点.txt", &docx),
        Err(FileError::Mismatch { .. })
    ));

    // Damaged Word documents.
    let truncated = &docx[..docx.len() / 2];
    assert!(matches!(
        plan_text("要点.docx", truncated),
        Err(FileError::Corrupt(_))
    ));
    let broken = zip_of(&[
        ("[Content_Types].xml", DOCX_TYPES),
        ("word/document.xml", "<w:document><w:body><w:p></w:body>"),
    ]);
    let m = message("要点.docx", &broken);
    assert!(m.contains("损坏") && m.contains("word/document.xml"), "{m}");
}
