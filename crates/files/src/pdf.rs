//! PDF: the text of each page (pdf-extract). A PDF cannot be redacted here.

use crate::{FileError, RichPart};

/// Refuses what is not a PDF, and a password-protected one (an `/Encrypt` entry in the trailer
/// or cross-reference stream: its text cannot be read, or only with the owner's password).
pub(crate) fn check(bytes: &[u8]) -> Result<(), FileError> {
    if !is_pdf(bytes) {
        return Err(FileError::Corrupt("不是有效的 PDF 文件".into()));
    }
    if is_encrypted(bytes) {
        return Err(FileError::Encrypted);
    }
    Ok(())
}

/// `%PDF-` within the first kilobyte (readers allow some bytes before it).
pub(crate) fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// An `/Encrypt` name (not `/EncryptMetadata`) anywhere in the file: encrypted files carry it
/// in their trailer dictionary, and in an encrypted file no other text is readable anyway.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    const KEY: &[u8] = b"/Encrypt";
    bytes
        .windows(KEY.len() + 1)
        .any(|w| w.starts_with(KEY) && !w[KEY.len()].is_ascii_alphanumeric())
        || bytes.ends_with(KEY)
}

pub(crate) fn parts(bytes: &[u8]) -> Result<Vec<RichPart>, FileError> {
    check(bytes)?;
    // The parser panics on some malformed files; a bad attachment must not take the caller down.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| FileError::Corrupt("PDF 文件无法解析".into()))?
        .map_err(|_| FileError::Corrupt("PDF 文件无法解析".into()))?;
    Ok(pages
        .into_iter()
        .enumerate()
        .filter(|(_, t)| !t.trim().is_empty())
        .map(|(n, t)| RichPart::plain(format!("第{}页", n + 1), t, false))
        .collect())
}
