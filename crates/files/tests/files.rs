//! Attachment files end to end: sniffing, parts with locations (hidden ones), findings, and
//! redacted copies in which the scanner finds nothing any more. The fixtures are built here,
//! with personal data planted in the places people forget.

use std::io::Write;

use gongkai_core::redaction::{FindingKind, ScanOptions, Severity};
use gongkai_files::{
    FileError, FileFinding, FileKind, Part, Redaction, parts, redact, scan_file, sniff, text_of,
};

const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Valid resident ID (checksum) and bank card (Luhn) numbers.
const ID: &str = "11010519491231002X";
const ID2: &str = "620102198001011239";
const CARD: &str = "6222021234567890128";

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

fn member(bytes: &[u8], name: &str) -> String {
    let mut a = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut a.by_name(name).unwrap(), &mut s).unwrap();
    s
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

/// A Word document with personal data in the body (a mobile number split over two runs, the
/// second bold), a tracked insertion, a tracked deletion, hidden text, a field code, a header, a
/// footer, a comment and the document properties.
fn docx_fixture() -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:r><w:t xml:space="preserve">关于2024年低保对象的公示 </w:t></w:r></w:p>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>联系人：张三，电话1380013</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>8000</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>
<w:p><w:r><w:t>身份证号：</w:t></w:r><w:ins w:id="1" w:author="李四" w:date="2024-01-01T00:00:00Z"><w:r><w:t>{ID}</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:t>银行账户</w:t></w:r><w:del w:id="2" w:author="李四" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>{CARD}</w:delText></w:r></w:del><w:r><w:t>已删除</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>内部备注 zhangsan@example.com</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:lisi@example.org" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>联系我们</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><w:t>编号</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>13900139000</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>2024</w:t></w:r></w:p>
<w:p><w:r><w:t>文号 甘政办发〔2018〕56号 &amp; 金额 12345.67 元</w:t></w:r></w:p>
</w:body></w:document>"#
    );
    let header =
        format!(r#"<w:hdr {W}><w:p><w:r><w:t>经办人手机 13700137000</w:t></w:r></w:p></w:hdr>"#);
    let footer = format!(r#"<w:ftr {W}><w:p><w:r><w:t>第 1 页</w:t></w:r></w:p></w:ftr>"#);
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0" w:author="王五" w:initials="WW"><w:p><w:r><w:t>请核实身份证 {ID2}</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>公示</dc:title><dc:creator>张三</dc:creator><cp:lastModifiedBy>赵六</cp:lastModifiedBy><dc:description>联系 13600136000</dc:description></cp:coreProperties>"#;
    let app = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>示范市民政局</Company></Properties>"#;
    zip_of(&[
        ("[Content_Types].xml", DOCX_TYPES),
        ("word/document.xml", &document),
        ("word/header1.xml", &header),
        ("word/footer1.xml", &footer),
        ("word/comments.xml", &comments),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
    ])
}

fn names(list: &[&str]) -> ScanOptions {
    ScanOptions {
        names: list.iter().map(|s| s.to_string()).collect(),
        words: Vec::new(),
    }
}

fn find<'a>(fs: &'a [FileFinding], text: &str) -> &'a FileFinding {
    fs.iter()
        .find(|f| f.finding.text == text)
        .unwrap_or_else(|| panic!("no finding {text} in {fs:#?}"))
}

fn part<'a>(ps: &'a [Part], location: &str) -> &'a Part {
    ps.iter()
        .find(|p| p.location == location)
        .unwrap_or_else(|| panic!("no part {location} in {ps:#?}"))
}

#[test]
fn docx_parts_have_locations_including_hidden_ones() {
    let bytes = docx_fixture();
    assert_eq!(sniff("公示.docx", DOCX_TYPE, &bytes), Ok(FileKind::Docx));
    let ps = parts(FileKind::Docx, &bytes).unwrap();
    let body = part(&ps, "正文");
    assert!(!body.hidden);
    assert!(body.text.contains("电话13800138000"), "{}", body.text);
    assert!(
        body.text.contains(&format!("身份证号：{ID}")),
        "{}",
        body.text
    );
    assert!(body.text.contains("银行账户已删除"), "{}", body.text);
    assert!(
        body.text.contains("编号\t13900139000\t2024"),
        "{}",
        body.text
    );
    assert!(
        body.text.contains("甘政办发〔2018〕56号 & 金额"),
        "{}",
        body.text
    );
    assert_eq!(part(&ps, "修订：插入的文字").text, ID);
    let deleted = part(&ps, "修订：删除的文字");
    assert!(deleted.hidden && deleted.text == CARD);
    assert!(part(&ps, "隐藏文字").text.contains("zhangsan@example.com"));
    assert!(part(&ps, "域代码").text.contains("mailto:lisi@example.org"));
    assert!(part(&ps, "页眉").text.contains("13700137000"));
    assert_eq!(part(&ps, "页脚").text, "第 1 页");
    let comment = part(&ps, "批注（作者：王五）");
    assert!(comment.hidden && comment.text.contains(ID2));
    assert_eq!(part(&ps, "文档属性：作者").text, "张三");
    assert_eq!(part(&ps, "文档属性：最后修改者").text, "赵六");
    assert_eq!(part(&ps, "文档属性：单位").text, "示范市民政局");
}

#[test]
fn docx_findings_everywhere_each_once() {
    let bytes = docx_fixture();
    let fs = scan_file(FileKind::Docx, &bytes, &names(&["张三", "赵六"])).unwrap();
    let phone = find(&fs, "13800138000");
    assert_eq!((phone.location.as_str(), phone.hidden), ("正文", false));
    assert_eq!(phone.finding.severity, Severity::High);
    // The insertion is reported as such, and not a second time as body text.
    assert_eq!(find(&fs, ID).location, "修订：插入的文字");
    assert_eq!(fs.iter().filter(|f| f.finding.text == ID).count(), 1);
    let card = find(&fs, CARD);
    assert_eq!(
        (card.location.as_str(), card.hidden),
        ("修订：删除的文字", true)
    );
    assert_eq!(card.finding.kind, FindingKind::BankCard);
    let mail = find(&fs, "zhangsan@example.com");
    assert_eq!((mail.location.as_str(), mail.hidden), ("隐藏文字", true));
    assert_eq!(find(&fs, "lisi@example.org").location, "域代码");
    assert_eq!(find(&fs, "13900139000").location, "正文");
    assert_eq!(find(&fs, "13700137000").location, "页眉");
    assert_eq!(find(&fs, ID2).location, "批注（作者：王五）");
    assert_eq!(find(&fs, "13600136000").location, "文档属性：备注");
    assert!(
        fs.iter()
            .any(|f| f.location == "文档属性：作者" && f.finding.text == "张三")
    );
    assert!(fs.iter().any(|f| f.location == "文档属性：最后修改者"));
    assert!(
        fs.iter()
            .any(|f| f.location == "正文" && f.finding.text == "张三")
    );
    // Offsets are relative to the part's text.
    let ps = parts(FileKind::Docx, &bytes).unwrap();
    for f in &fs {
        let p = ps.iter().find(|p| p.location == f.location).unwrap();
        assert_eq!(&p.text[f.finding.start..f.finding.end], f.finding.text);
    }
    // Look-alikes are not personal data.
    let wrong: Vec<_> = fs
        .iter()
        .filter(|f| f.finding.text.contains("2018") || f.finding.text.contains("12345."))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn docx_redacted_copy_keeps_formatting_and_hides_everything() {
    let bytes = docx_fixture();
    let opts = names(&["张三", "赵六", "王五"]);
    let before = scan_file(FileKind::Docx, &bytes, &opts).unwrap();
    let Redaction::Redacted {
        bytes: copy,
        masked,
    } = redact(FileKind::Docx, &bytes, &opts).unwrap()
    else {
        panic!("a DOCX can be redacted");
    };
    assert!(masked >= before.len(), "{masked} < {}", before.len());
    assert_eq!(sniff("公示.docx", DOCX_TYPE, &copy), Ok(FileKind::Docx));
    let after = scan_file(FileKind::Docx, &copy, &opts).unwrap();
    assert!(after.is_empty(), "{after:#?}");
    for f in &before {
        assert!(
            !text_of(DOCX_TYPE, &copy).unwrap().contains(&f.finding.text),
            "{} still in the copy",
            f.finding.text
        );
    }
    let doc = member(&copy, "word/document.xml");
    // The masked number stays split over its runs: the bold run keeps its formatting.
    assert!(
        doc.contains(
            "<w:t>联系人：张*，电话138****</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>8000</w:t>"
        ),
        "{doc}"
    );
    // Tracked changes accepted: no revision marks, the deleted text gone, the inserted masked.
    assert!(
        !doc.contains("<w:ins ") && !doc.contains("<w:del "),
        "{doc}"
    );
    assert!(
        !doc.contains(CARD) && doc.contains("110105********002X"),
        "{doc}"
    );
    assert!(
        doc.contains("<w:vanish/>"),
        "hidden text stays hidden: {doc}"
    );
    assert!(
        doc.contains("甘政办发〔2018〕56号 &amp; 金额 12345.67 元"),
        "{doc}"
    );
    let comments = member(&copy, "word/comments.xml");
    assert!(comments.contains(r#"w:author="王*""#), "{comments}");
    let core = member(&copy, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>公示</dc:title>") && !core.contains("张三"),
        "{core}"
    );
    let ps = parts(FileKind::Docx, &copy).unwrap();
    assert!(
        !ps.iter().any(|p| p.location.starts_with("修订")),
        "{ps:#?}"
    );
}

/// A workbook as Excel writes it: shared strings, a number, a rich string split over runs, a
/// hidden row and column, a hidden sheet, a note and the author property.
fn xlsx_fixture() -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, Format, Note, Workbook};
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_author("张三")
            .set_company("示范市民政局"),
    );
    let s = wb.add_worksheet();
    s.set_name("名册").unwrap();
    s.write_string(0, 0, "姓名").unwrap();
    s.write_string(0, 1, "电话").unwrap();
    s.write_string(1, 0, "张三").unwrap();
    s.write_number(1, 1, 13800138000.0).unwrap();
    s.write_number(1, 2, 2024.0).unwrap();
    let bold = Format::new().set_bold();
    s.write_rich_string(
        2,
        1,
        &[(&Format::default(), "手机139"), (&bold, "00139000")],
    )
    .unwrap();
    s.write_string(3, 0, ID).unwrap();
    s.set_row_hidden(3).unwrap();
    s.write_string(4, 3, "wangwu@example.com").unwrap();
    s.set_column_hidden(3).unwrap();
    s.insert_note(3, 2, &Note::new("本人电话 13700137000").set_author("李四"))
        .unwrap();
    let h = wb.add_worksheet();
    h.set_name("备注").unwrap();
    h.write_string(0, 0, format!("卡号 {CARD}")).unwrap();
    h.write_string(1, 0, "张三").unwrap();
    h.set_hidden(true);
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_every_cell_hidden_ones_marked() {
    let bytes = xlsx_fixture();
    assert_eq!(sniff("名册.xlsx", XLSX_TYPE, &bytes), Ok(FileKind::Xlsx));
    let ps = parts(FileKind::Xlsx, &bytes).unwrap();
    assert_eq!(part(&ps, "工作表“名册”!B2").text, "13800138000");
    assert_eq!(part(&ps, "工作表“名册”!B3").text, "手机13900139000");
    assert_eq!(part(&ps, "工作表“名册”!A4（隐藏行）").text, ID);
    let col = part(&ps, "工作表“名册”!D5（隐藏列）");
    assert!(col.hidden && col.text == "wangwu@example.com");
    assert!(!part(&ps, "工作表“名册”!A2").hidden);
    assert_eq!(
        part(&ps, "工作表“备注”!A1（隐藏工作表）").text,
        format!("卡号 {CARD}")
    );
    assert!(
        part(&ps, "批注 工作表“名册”!C4")
            .text
            .contains("13700137000")
    );
    assert_eq!(part(&ps, "文档属性：作者").text, "张三");

    let fs = scan_file(FileKind::Xlsx, &bytes, &names(&["张三"])).unwrap();
    assert_eq!(find(&fs, "13800138000").location, "工作表“名册”!B2");
    assert_eq!(find(&fs, "13900139000").location, "工作表“名册”!B3");
    assert_eq!(find(&fs, ID).location, "工作表“名册”!A4（隐藏行）");
    assert!(find(&fs, ID).hidden);
    assert_eq!(find(&fs, CARD).location, "工作表“备注”!A1（隐藏工作表）");
    assert_eq!(find(&fs, "13700137000").location, "批注 工作表“名册”!C4");
    assert_eq!(
        fs.iter().filter(|f| f.finding.text == "张三").count(),
        4,
        "{fs:#?}"
    );
    assert!(!fs.iter().any(|f| f.finding.text == "2024"));
}

#[test]
fn xlsx_redacted_copy_masks_strings_numbers_comments_and_hidden_sheets() {
    let bytes = xlsx_fixture();
    let opts = names(&["张三"]);
    let before = scan_file(FileKind::Xlsx, &bytes, &opts).unwrap();
    let Redaction::Redacted {
        bytes: copy,
        masked,
    } = redact(FileKind::Xlsx, &bytes, &opts).unwrap()
    else {
        panic!("an XLSX can be redacted");
    };
    assert_eq!(masked, before.len());
    assert_eq!(sniff("名册.xlsx", XLSX_TYPE, &copy), Ok(FileKind::Xlsx));
    let after = scan_file(FileKind::Xlsx, &copy, &opts).unwrap();
    assert!(after.is_empty(), "{after:#?}");
    let ps = parts(FileKind::Xlsx, &copy).unwrap();
    // The number became an inline string with the masked text; the rich string keeps its runs.
    assert_eq!(part(&ps, "工作表“名册”!B2").text, "138****8000");
    assert_eq!(part(&ps, "工作表“名册”!B3").text, "手机139****9000");
    assert_eq!(part(&ps, "工作表“名册”!C2").text, "2024");
    assert_eq!(part(&ps, "工作表“名册”!A2").text, "张*");
    assert_eq!(
        part(&ps, "工作表“备注”!A1（隐藏工作表）").text,
        "卡号 6222***********0128"
    );
    assert!(
        part(&ps, "批注 工作表“名册”!C4")
            .text
            .contains("137****7000")
    );
    let sheet = member(&copy, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"t="inlineStr"><is><t xml:space="preserve">138****8000</t></is></c>"#),
        "{sheet}"
    );
    assert!(!ps.iter().any(|p| p.location.starts_with("文档属性：作者")));
}

/// A workbook written by hand: inline strings, a number in exponent form, a very hidden sheet,
/// a threaded comment, no shared strings.
fn xlsx_by_hand() -> Vec<u8> {
    let types = r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
    let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/><sheet name="秘" sheetId="2" state="veryHidden" r:id="rId2"/></sheets></workbook>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;
    let sheet1 = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>电话</t></is></c><c r="B1"><v>1.3800138E10</v></c><c r="C1"><v>3.5</v></c></row><row r="2"><c t="inlineStr"><is><r><t>邮箱 li</t></r><r><t>si@example.org</t></r></is></c><c t="str"><f>A1</f><v>13700137000</v></c></row></sheetData></worksheet>"#;
    let sheet1_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/></Relationships>"#;
    let threaded = r#"<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="B1" id="{1}" personId="{2}"><text>这是 13600136000 吗</text></threadedComment></ThreadedComments>"#;
    let sheet2 = format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="3"><c r="E3" t="inlineStr"><is><t>{ID}</t></is></c></row></sheetData></worksheet>"#
    );
    zip_of(&[
        ("[Content_Types].xml", types),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/_rels/sheet1.xml.rels", sheet1_rels),
        ("xl/threadedComments/threadedComment1.xml", threaded),
        ("xl/worksheets/sheet2.xml", &sheet2),
    ])
}

#[test]
fn xlsx_inline_strings_exponent_numbers_very_hidden_sheets_threaded_comments() {
    let bytes = xlsx_by_hand();
    assert_eq!(sniff("x.xlsx", "", &bytes), Ok(FileKind::Xlsx));
    let ps = parts(FileKind::Xlsx, &bytes).unwrap();
    assert_eq!(part(&ps, "工作表“表1”!B1").text, "13800138000");
    assert_eq!(part(&ps, "工作表“表1”!C1").text, "3.5");
    assert_eq!(part(&ps, "工作表“表1”!A2").text, "邮箱 lisi@example.org");
    assert_eq!(part(&ps, "工作表“表1”!B2").text, "13700137000");
    assert_eq!(part(&ps, "工作表“秘”!E3（隐藏工作表）").text, ID);
    assert!(
        part(&ps, "批注 工作表“表1”!B1")
            .text
            .contains("13600136000")
    );
    let opts = ScanOptions::default();
    assert_eq!(scan_file(FileKind::Xlsx, &bytes, &opts).unwrap().len(), 5);
    let Redaction::Redacted {
        bytes: copy,
        masked,
    } = redact(FileKind::Xlsx, &bytes, &opts).unwrap()
    else {
        panic!()
    };
    assert_eq!(masked, 5);
    assert!(scan_file(FileKind::Xlsx, &copy, &opts).unwrap().is_empty());
    let ps = parts(FileKind::Xlsx, &copy).unwrap();
    assert_eq!(part(&ps, "工作表“表1”!A2").text, "邮箱 l***@example.org");
    assert_eq!(part(&ps, "工作表“表1”!B2").text, "137****7000");
    let sheet = member(&copy, "xl/worksheets/sheet1.xml");
    assert!(
        !sheet.contains("<f>"),
        "the formula that gave the number is dropped: {sheet}"
    );
}

/// A PDF with one page per text (standard font, xref offsets computed), with extra trailer
/// entries.
fn pdf_fixture(pages: &[&str], trailer_extra: &str) -> Vec<u8> {
    let n = pages.len();
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    for (i, text) in pages.iter().enumerate() {
        let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
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
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn pdf_text_per_page_and_no_redaction() {
    let bytes = pdf_fixture(&["Notice 2024", "Contact 13800138000"], "");
    assert_eq!(sniff("a.pdf", "application/pdf", &bytes), Ok(FileKind::Pdf));
    let ps = parts(FileKind::Pdf, &bytes).unwrap();
    assert!(part(&ps, "第1页").text.contains("Notice 2024"), "{ps:?}");
    let fs = scan_file(FileKind::Pdf, &bytes, &ScanOptions::default()).unwrap();
    assert_eq!(fs.len(), 1, "{fs:?}");
    assert_eq!(
        (fs[0].location.as_str(), fs[0].finding.text.as_str()),
        ("第2页", "13800138000")
    );
    assert_eq!(
        redact(FileKind::Pdf, &bytes, &ScanOptions::default()).unwrap(),
        Redaction::NotPossible("PDF 文件无法自动去标识化，请上传去除个人信息后的文件".into())
    );
}

#[test]
fn text_files_in_utf8_and_gbk_by_line() {
    let text = "申请公示\r\n联系人 张三 13800138000\r\n\r\n文号 甘政办发〔2018〕56号\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    for bytes in [text.as_bytes(), &gbk[..]] {
        assert_eq!(sniff("a.txt", "text/plain", bytes), Ok(FileKind::Text));
        let ps = parts(FileKind::Text, bytes).unwrap();
        assert_eq!(ps.len(), 3);
        assert_eq!(part(&ps, "第2行").text, "联系人 张三 13800138000");
        let opts = names(&["张三"]);
        let fs = scan_file(FileKind::Text, bytes, &opts).unwrap();
        assert_eq!(fs.len(), 2);
        assert!(fs.iter().all(|f| f.location == "第2行"));
        let Redaction::Redacted {
            bytes: copy,
            masked,
        } = redact(FileKind::Text, bytes, &opts).unwrap()
        else {
            panic!()
        };
        assert_eq!(masked, 2);
        let s = String::from_utf8(copy.clone()).unwrap();
        assert!(s.contains("联系人 张* 138****8000\r\n"), "{s}");
        assert_eq!(s.starts_with('\u{feff}'), bytes == &gbk[..]);
        assert!(scan_file(FileKind::Text, &copy, &opts).unwrap().is_empty());
        assert_eq!(sniff("a.csv", "text/csv", &copy), Ok(FileKind::Text));
    }
}

#[test]
fn sensitive_words_are_found_with_their_severity() {
    let opts = ScanOptions {
        names: Vec::new(),
        words: vec![("内部资料".into(), Severity::Low)],
    };
    let fs = scan_file(FileKind::Text, "本文件为内部资料".as_bytes(), &opts).unwrap();
    assert_eq!(fs[0].finding.kind, FindingKind::SensitiveWord);
    assert_eq!(fs[0].finding.severity, Severity::Low);
}

#[test]
fn encrypted_files_are_refused() {
    let pdf = pdf_fixture(&["secret"], "/Encrypt 9 0 R /ID [<01> <01>] ");
    assert_eq!(
        sniff("a.pdf", "application/pdf", &pdf),
        Err(FileError::Encrypted)
    );
    assert_eq!(parts(FileKind::Pdf, &pdf), Err(FileError::Encrypted));
    // An encrypted DOCX/XLSX is a compound file with an "EncryptedPackage" stream.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(1024, 0);
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    cfb.resize(2048, 0);
    assert_eq!(sniff("a.docx", DOCX_TYPE, &cfb), Err(FileError::Encrypted));
    let msg = FileError::Encrypted.to_string();
    assert!(msg.contains("密码"), "{msg}");
}

#[test]
fn old_office_files_other_formats_and_mismatches_are_refused() {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    doc.resize(2048, 0);
    let e = sniff("a.doc", "application/msword", &doc).unwrap_err();
    assert_eq!(e, FileError::Unsupported);
    assert!(e.to_string().contains("另存为 DOCX 或 XLSX"), "{e}");
    assert_eq!(
        sniff("a.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        Err(FileError::Unsupported)
    );
    assert_eq!(
        sniff("a.txt", "text/plain", b"\x00\x01\x02binary"),
        Err(FileError::Unsupported)
    );
    // A zip that is neither a Word document nor a workbook.
    let other = zip_of(&[("a.txt", "x")]);
    assert_eq!(sniff("a.docx", "", &other), Err(FileError::Unsupported));

    let docx = docx_fixture();
    let e = sniff("公示.pdf", "application/pdf", &docx).unwrap_err();
    assert_eq!(
        e,
        FileError::Mismatch {
            declared: "PDF 文件".into(),
            actual: "Word 文档（DOCX）".into()
        }
    );
    assert!(e.to_string().contains("不符"), "{e}");
    // The declared type is checked too, the extension alone is not enough.
    assert!(matches!(
        sniff("公示.docx", XLSX_TYPE, &docx),
        Err(FileError::Mismatch { .. })
    ));
    assert!(matches!(
        sniff("a.xlsx", "", &docx),
        Err(FileError::Mismatch { .. })
    ));
    assert!(matches!(
        sniff("a.pdf", "", "纯文本".as_bytes()),
        Err(FileError::Mismatch { .. })
    ));
    // Types browsers send for CSV files, or none, are not held against the file.
    assert_eq!(
        sniff("a.csv", "application/vnd.ms-excel", b"a,b\n1,2\n"),
        Ok(FileKind::Text)
    );
    assert_eq!(
        sniff("a.docx", "application/octet-stream", &docx),
        Ok(FileKind::Docx)
    );
}

#[test]
fn corrupted_files_are_refused() {
    let docx = docx_fixture();
    // Truncated: the central directory is missing.
    let cut = &docx[..docx.len() / 2];
    let e = sniff("a.docx", DOCX_TYPE, cut).unwrap_err();
    assert!(matches!(e, FileError::Corrupt(_)), "{e:?}");
    assert!(e.to_string().starts_with("附件已损坏"), "{e}");
    // Damaged XML inside an intact package.
    let broken = zip_of(&[
        ("[Content_Types].xml", DOCX_TYPES),
        ("word/document.xml", "<w:document><w:body><w:p></w:body>"),
    ]);
    assert_eq!(sniff("a.docx", DOCX_TYPE, &broken), Ok(FileKind::Docx));
    assert!(matches!(
        parts(FileKind::Docx, &broken),
        Err(FileError::Corrupt(_))
    ));
    assert!(matches!(
        redact(FileKind::Docx, &broken, &ScanOptions::default()),
        Err(FileError::Corrupt(_))
    ));
    assert!(matches!(
        parts(FileKind::Pdf, b"%PDF-1.4\nnonsense"),
        Err(FileError::Corrupt(_))
    ));
    assert!(matches!(
        sniff("a.txt", "", b""),
        Err(FileError::Corrupt(_))
    ));
}

// What the search index reads (moved from gongkai-search's extract module).

#[test]
fn index_text_plain_in_utf8_and_gbk() {
    assert_eq!(
        text_of("text/plain", "养老服务".as_bytes()).as_deref(),
        Some("养老服务")
    );
    let (gbk, _, _) = encoding_rs::GBK.encode("最低生活保障");
    assert_eq!(text_of("text/plain", &gbk).as_deref(), Some("最低生活保障"));
    assert_eq!(text_of("text/plain; charset=utf-8", "  ".as_bytes()), None);
}

#[test]
fn index_text_of_unreadable_files_is_none() {
    assert_eq!(text_of("application/pdf", b"not a pdf"), None);
    assert_eq!(text_of(DOCX_TYPE, b"PK junk"), None);
    assert_eq!(text_of("image/png", b"\x89PNG"), None);
}

#[test]
fn index_text_of_pdf() {
    let t = text_of(
        "application/pdf",
        &pdf_fixture(&["Minimum living allowance 2024"], ""),
    )
    .unwrap();
    assert!(t.contains("Minimum living allowance 2024"), "{t:?}");
}

#[test]
fn index_text_of_docx_with_headers_and_comments() {
    let body = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>关于养老服务</w:t></w:r><w:r><w:t xml:space="preserve">的通知 &amp; 附表</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>"#;
    let bytes = zip_of(&[
        ("word/document.xml", body),
        (
            "word/header1.xml",
            r#"<w:hdr xmlns:w="w"><w:p><w:r><w:t>示范市民政局</w:t></w:r></w:p></w:hdr>"#,
        ),
        (
            "word/comments.xml",
            r#"<w:comments xmlns:w="w"><w:comment><w:p><w:r><w:t>审核意见</w:t></w:r></w:p></w:comment></w:comments>"#,
        ),
    ]);
    let t = text_of(DOCX_TYPE, &bytes).unwrap();
    assert!(t.contains("关于养老服务的通知 & 附表\n第二段"), "{t}");
    assert!(t.contains("示范市民政局") && t.contains("审核意见"), "{t}");
}

#[test]
fn index_text_of_xlsx_from_every_sheet() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s1 = wb.add_worksheet();
    s1.write_string(0, 0, "低保对象名册").unwrap();
    s1.write_number(1, 0, 20240).unwrap();
    let s2 = wb.add_worksheet();
    s2.write_string(0, 0, "隐藏的备注").unwrap();
    s2.set_hidden(true);
    let bytes = wb.save_to_buffer().unwrap();
    let t = text_of(XLSX_TYPE, &bytes).unwrap();
    assert!(
        t.contains("低保对象名册") && t.contains("隐藏的备注") && t.contains("20240"),
        "{t}"
    );
}
