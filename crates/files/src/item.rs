//! The personal data of a whole catalog item — its body and every attachment — as the
//! confidentiality review sees it. An attachment whose content cannot be checked (a format
//! gongkai does not read, a PDF without text such as a scan) is itself an open finding: it
//! blocks publication like a high-severity one until replaced or kept with a written reason.

use crate::{FileError, FileKind, scan_file, sniff};
use gongkai_core::redaction::{FindingKind, ScanOptions, Severity, mask_match, scan};

/// An attachment as stored.
pub struct Attachment<'a> {
    pub name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

/// One finding in an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFinding {
    /// `正文`, or `附件《name》` followed by the location inside the file.
    pub location: String,
    /// `None` for an attachment that could not be checked.
    pub kind: Option<FindingKind>,
    pub severity: Severity,
    /// The matched text, masked (what the reviewer needs to recognise it, not the data), or why
    /// the attachment could not be checked.
    pub shown: String,
    pub hidden: bool,
    /// Blocks publication until resolved or kept with a written reason.
    pub blocking: bool,
}

/// Every finding of the item: the body's (plain text), then each attachment's.
pub fn item_findings(
    body_text: &str,
    attachments: &[Attachment<'_>],
    opts: &ScanOptions,
) -> Vec<ItemFinding> {
    let mut out: Vec<ItemFinding> = scan(body_text, opts)
        .into_iter()
        .map(|f| ItemFinding {
            location: "正文".into(),
            kind: Some(f.kind),
            severity: f.severity,
            shown: mask_match(f.kind, &f.text),
            hidden: false,
            blocking: f.severity == Severity::High,
        })
        .collect();
    for a in attachments {
        let at = format!("附件《{}》", a.name);
        let unchecked = |why: String| ItemFinding {
            location: at.clone(),
            kind: None,
            severity: Severity::High,
            shown: why,
            hidden: false,
            blocking: true,
        };
        let kind = match sniff(a.name, a.content_type, a.bytes) {
            Ok(k) => k,
            Err(FileError::Unsupported) => {
                out.push(unchecked(
                    "无法自动检查该格式的个人信息，请人工核查或改为 PDF、DOCX、XLSX、TXT 上传"
                        .into(),
                ));
                continue;
            }
            Err(e) => {
                out.push(unchecked(e.to_string()));
                continue;
            }
        };
        match scan_file(kind, a.bytes, opts) {
            Err(e) => out.push(unchecked(e.to_string())),
            Ok(found) => {
                if kind == FileKind::Pdf
                    && crate::parts(kind, a.bytes)
                        .is_ok_and(|p| p.iter().all(|p| p.text.trim().is_empty()))
                {
                    out.push(unchecked(
                        "PDF 中没有可识别的文字（可能是扫描件），无法自动检查个人信息，请人工核查"
                            .into(),
                    ));
                }
                out.extend(found.into_iter().map(|f| ItemFinding {
                    location: format!("{at}{}", f.location),
                    kind: Some(f.finding.kind),
                    severity: f.finding.severity,
                    shown: mask_match(f.finding.kind, &f.finding.text),
                    hidden: f.hidden,
                    blocking: f.finding.severity == Severity::High,
                }));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_and_attachments_are_checked_and_unreadable_files_block() {
        let text = "联系人电话13812345678\n".as_bytes();
        let found = item_findings(
            "身份证号11010519491231002X",
            &[
                Attachment {
                    name: "名单.txt",
                    content_type: "text/plain",
                    bytes: text,
                },
                Attachment {
                    name: "照片.jpg",
                    content_type: "image/jpeg",
                    bytes: &[0xFF, 0xD8, 0xFF, 0xE0],
                },
            ],
            &ScanOptions::default(),
        );
        let locs: Vec<(&str, bool)> = found
            .iter()
            .map(|f| (f.location.as_str(), f.blocking))
            .collect();
        assert_eq!(
            locs,
            vec![
                ("正文", true),
                ("附件《名单.txt》第1行", true),
                ("附件《照片.jpg》", true)
            ]
        );
        assert_eq!(found[0].shown, "110105********002X");
        assert!(found[1].shown.contains("****"));
        assert!(found[2].kind.is_none());
    }
}
