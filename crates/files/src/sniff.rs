//! What a file really is, by its bytes, checked against its name and declared type.

use crate::ooxml;
use crate::{FileError, FileKind, pdf, plain};

/// The compound file (CFB) signature of old Office files and of encrypted OOXML packages.
const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an upload may be: a format gongkai reads, checked fully by [`sniff`] (`Some(kind)`), or
/// one it stores without reading (images, OFD, old Office, PowerPoint, zip), whose magic bytes
/// must match its extension (`None`: the reviewer checks its content by hand). Anything else is
/// refused with the reason.
pub fn check_upload(
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<Option<FileKind>, FileError> {
    match sniff(file_name, content_type, bytes) {
        Ok(kind) => Ok(Some(kind)),
        Err(FileError::Unsupported) => {
            let ext = file_name
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase())
                .unwrap_or_default();
            let (magic, label): (&[u8], &str) = match ext.as_str() {
                "jpg" | "jpeg" => (&[0xFF, 0xD8, 0xFF], "JPEG 图片"),
                "png" => (b"\x89PNG", "PNG 图片"),
                "zip" | "pptx" | "ofd" => (b"PK\x03\x04", "压缩包格式的文件"),
                "doc" | "xls" | "ppt" | "wps" | "et" => {
                    (&[0xD0, 0xCF, 0x11, 0xE0], "旧版 Office 文件")
                }
                _ => return Err(FileError::Unsupported),
            };
            if bytes.starts_with(magic) {
                Ok(None)
            } else {
                Err(FileError::Mismatch {
                    declared: format!("{label}（.{ext}）"),
                    actual: "其他内容".into(),
                })
            }
        }
        Err(e) => Err(e),
    }
}

/// The kind of the file by its content (magic bytes; for a zip, which Office document it holds;
/// otherwise UTF-8 or GB18030 text without control characters), compared with the extension of
/// `file_name` (`.pdf`, `.docx`, `.xlsx`, `.txt`, `.csv`) and with `content_type` when it names
/// one of these formats (other declared types, such as `application/octet-stream` or the
/// `application/vnd.ms-excel` some browsers send for CSV files, are not held against the file).
///
/// Refused: other formats and old `.doc`/`.xls` files ([`FileError::Unsupported`]),
/// password-protected PDF and Office files ([`FileError::Encrypted`]), damaged packages
/// ([`FileError::Corrupt`]), and a file whose name or declared type says another format than
/// its bytes ([`FileError::Mismatch`]).
pub fn sniff(file_name: &str, content_type: &str, bytes: &[u8]) -> Result<FileKind, FileError> {
    let actual = by_content(bytes)?;
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let by_ext = match ext.as_str() {
        "" => None,
        "pdf" => Some(FileKind::Pdf),
        "docx" => Some(FileKind::Docx),
        "xlsx" => Some(FileKind::Xlsx),
        "txt" | "csv" => Some(FileKind::Text),
        _ => return Err(FileError::Unsupported),
    };
    let by_type = match content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
        .as_str()
    {
        "application/pdf" => Some(FileKind::Pdf),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            Some(FileKind::Docx)
        }
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(FileKind::Xlsx),
        "text/plain" | "text/csv" => Some(FileKind::Text),
        _ => None,
    };
    for declared in [by_ext, by_type].into_iter().flatten() {
        if declared != actual {
            return Err(FileError::Mismatch {
                declared: declared.label().to_string(),
                actual: actual.label().to_string(),
            });
        }
    }
    Ok(actual)
}

fn by_content(bytes: &[u8]) -> Result<FileKind, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Corrupt("文件为空".into()));
    }
    if pdf::is_pdf(bytes) {
        pdf::check(bytes)?;
        return Ok(FileKind::Pdf);
    }
    if bytes.starts_with(&CFB) {
        // An encrypted DOCX or XLSX is a compound file holding an "EncryptedPackage" stream
        // (directory entry names are UTF-16LE); any other compound file is an old binary
        // .doc/.xls/.ppt.
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
            return Err(FileError::Encrypted);
        }
        return Err(FileError::Unsupported);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return office(bytes);
    }
    if let Some((text, _)) = plain::decode(bytes)
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
    {
        return Ok(FileKind::Text);
    }
    Err(FileError::Unsupported)
}

/// A zip: a Word document, an Excel workbook, or something else.
fn office(bytes: &[u8]) -> Result<FileKind, FileError> {
    let mut archive = ooxml::open(bytes)?;
    let names = ooxml::names(&archive);
    let has = |n: &str| names.iter().any(|m| m == n);
    let types = ooxml::read(&mut archive, "[Content_Types].xml")?.unwrap_or_default();
    if has("word/document.xml")
        && (types.is_empty() || types.contains("wordprocessingml.document.main"))
    {
        return Ok(FileKind::Docx);
    }
    if has("xl/workbook.xml") && (types.is_empty() || types.contains("spreadsheetml.sheet.main")) {
        return Ok(FileKind::Xlsx);
    }
    if names.iter().any(|n| n.contains("EncryptedPackage")) {
        return Err(FileError::Encrypted);
    }
    // Any zip entry that cannot be listed means a damaged archive rather than another format.
    if archive.is_empty() {
        return Err(FileError::Corrupt("压缩包中没有任何文件".into()));
    }
    Err(FileError::Unsupported)
}

#[cfg(test)]
mod upload_tests {
    use super::*;

    #[test]
    fn stored_formats_need_their_magic_bytes() {
        assert_eq!(check_upload("照片.png", "", b"\x89PNG\r\n"), Ok(None));
        assert!(matches!(
            check_upload("照片.png", "", b"GIF89a"),
            Err(FileError::Mismatch { .. })
        ));
        assert_eq!(
            check_upload("程序.exe", "", b"MZ"),
            Err(FileError::Unsupported)
        );
        assert_eq!(
            check_upload("说明.txt", "", "说明".as_bytes()),
            Ok(Some(FileKind::Text))
        );
    }
}
