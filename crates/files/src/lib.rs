//! Attachment files: what a file really is, its text parts with their locations (hidden parts
//! included), the personal data in them and redacted copies.
//!
//! An uploaded attachment is checked by its bytes, not its name: [`sniff`] reads the magic
//! bytes (and, for a zip, which Office document it holds), refuses password-protected and
//! corrupted files, and compares the result with the extension and the declared content type.
//! [`parts`] returns every piece of text a reader of the file could get at, each with a
//! location in Chinese: a DOCX's body, headers, footers, notes, comments, tracked changes,
//! hidden text and document properties; an XLSX's cells on every sheet (hidden sheets, rows and
//! columns marked), its comments and properties; a PDF's pages; a text file's lines.
//! [`scan_file`] runs the core scanner (`gongkai_core::redaction`) over them and [`redact`]
//! writes a copy with every finding masked, where the format allows it. [`plan_text`] reads a
//! work plan's text from plain text, HTML or DOCX for core `work_plan::parse`.
//!
//! Pure: no IO other than the bytes handed in, no clock.

mod extract;
mod item;
mod numbering;
mod ooxml;
mod pdf;
mod plain;
mod plan;
mod sniff;

mod docx;
mod xlsx;

use gongkai_core::redaction::{Finding, ScanOptions};

pub use extract::{MAX_CHARS, text_of};
pub use item::{Attachment, ItemFinding, item_findings};
pub use plan::{html_text, plan_text};
pub use sniff::{check_upload, sniff};

/// The attachment formats gongkai reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    /// Plain text (`.txt`, `.csv`) in UTF-8 or GB18030 (GBK, GB2312).
    Text,
}

impl FileKind {
    /// The identifier (`pdf`, `docx`, `xlsx`, `text`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Text => "text",
        }
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF 文件",
            Self::Docx => "Word 文档（DOCX）",
            Self::Xlsx => "Excel 表格（XLSX）",
            Self::Text => "纯文本文件",
        }
    }

    /// The content type a file of this kind is stored and served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Text => "text/plain; charset=utf-8",
        }
    }
}

/// Why a file cannot be taken. The message (`Display`) is for the user, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Not one of the formats gongkai reads (old binary Word and Excel files included).
    #[error(
        "不支持的附件格式：仅支持 PDF、DOCX、XLSX 和纯文本（TXT、CSV）；旧版 Word、Excel 文件（.doc、.xls）请另存为 DOCX 或 XLSX 后上传"
    )]
    Unsupported,
    /// The extension or the declared content type says one format, the bytes another.
    #[error(
        "附件类型与内容不符：文件名或类型表明是{declared}，实际内容是{actual}，请检查后重新上传"
    )]
    Mismatch { declared: String, actual: String },
    /// A password-protected PDF or Office file: its content cannot be checked.
    #[error("附件设有密码（已加密），无法检查其内容：请取消密码保护后重新上传")]
    Encrypted,
    /// The file is damaged or truncated; the string says what could not be read.
    #[error("附件已损坏，无法读取：{0}")]
    Corrupt(String),
    /// A document to read (a work plan) without any text.
    #[error("文件为空")]
    Empty,
    /// A work plan in another format than plain text, HTML or DOCX ([`plan_text`]).
    #[error("无法识别的文件格式：请上传纯文本、HTML或DOCX文件")]
    NotPlanFormat,
}

/// One piece of text of a file and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Where the text is, in Chinese: `正文`, `页眉`, `批注（作者：…）`, `工作表“名称”!B3`,
    /// `第2页`, `第15行`, …
    pub location: String,
    pub text: String,
    /// Not seen by someone reading or printing the document as it shows: comments, tracked
    /// deletions, hidden text, document properties, hidden sheets, rows and columns.
    pub hidden: bool,
}

/// A finding of the scanner in one part of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFinding {
    pub location: String,
    pub hidden: bool,
    /// Its offsets are relative to the text of the part at `location`.
    pub finding: Finding,
}

/// The outcome of [`redact`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redaction {
    /// A copy of the file (same format) with `masked` findings masked.
    Redacted { bytes: Vec<u8>, masked: usize },
    /// The format cannot be redacted automatically; the reason is for the user, in Chinese.
    NotPossible(String),
}

/// A part with the byte ranges of its text that another part reports (a tracked insertion is
/// both in the body and in its own part): a finding inside such a range with the same text as
/// a finding of another part is reported once, by the other part.
pub(crate) struct RichPart {
    pub part: Part,
    pub covered: Vec<(usize, usize)>,
}

impl RichPart {
    pub(crate) fn plain(location: impl Into<String>, text: String, hidden: bool) -> Self {
        RichPart {
            part: Part {
                location: location.into(),
                text,
                hidden,
            },
            covered: Vec::new(),
        }
    }
}

fn rich_parts(kind: FileKind, bytes: &[u8]) -> Result<Vec<RichPart>, FileError> {
    match kind {
        FileKind::Pdf => pdf::parts(bytes),
        FileKind::Docx => docx::parts(bytes),
        FileKind::Xlsx => xlsx::parts(bytes),
        FileKind::Text => plain::parts(bytes),
    }
}

/// The text parts of a file of the given kind (as [`sniff`] found it), in document order.
/// Parts without text are left out.
pub fn parts(kind: FileKind, bytes: &[u8]) -> Result<Vec<Part>, FileError> {
    Ok(rich_parts(kind, bytes)?
        .into_iter()
        .map(|p| p.part)
        .collect())
}

/// Scans every part of the file with the core scanner.
pub fn scan_file(
    kind: FileKind,
    bytes: &[u8],
    opts: &ScanOptions,
) -> Result<Vec<FileFinding>, FileError> {
    let parts = rich_parts(kind, bytes)?;
    let scanned: Vec<Vec<Finding>> = parts
        .iter()
        .map(|p| gongkai_core::redaction::scan(&p.part.text, opts))
        .collect();
    // Texts found in parts that cover others (reported there, not twice).
    let elsewhere: std::collections::HashSet<&str> = parts
        .iter()
        .zip(&scanned)
        .filter(|(p, _)| p.covered.is_empty())
        .flat_map(|(_, fs)| fs.iter().map(|f| f.text.as_str()))
        .collect();
    let mut out = Vec::new();
    for (p, fs) in parts.iter().zip(&scanned) {
        for f in fs {
            let inside = p.covered.iter().any(|&(s, e)| s <= f.start && f.end <= e);
            if inside && elsewhere.contains(f.text.as_str()) {
                continue;
            }
            out.push(FileFinding {
                location: p.part.location.clone(),
                hidden: p.part.hidden,
                finding: f.clone(),
            });
        }
    }
    Ok(out)
}

/// A copy of the file with every finding of the scanner masked (`gongkai_core::redaction::mask`).
///
/// - DOCX: text masked in place, run by run (a match may span runs; formatting is kept); all
///   tracked changes accepted (insertions become plain text, deletions are removed with their
///   text); comments masked like the body (and their author when the author is a finding);
///   document properties holding a finding emptied.
/// - XLSX: shared and inline strings masked (on every sheet, hidden ones too); a number or a
///   formula result holding personal data becomes an inline string with the masked text (the
///   formula is dropped); comments masked; document properties holding a finding emptied.
/// - Text: the masked text, written as UTF-8 (with a byte-order mark when the original had one
///   or was in GB18030, so that spreadsheet programs still read it).
/// - PDF: not possible; publication stays blocked until a clean file replaces it.
pub fn redact(kind: FileKind, bytes: &[u8], opts: &ScanOptions) -> Result<Redaction, FileError> {
    match kind {
        FileKind::Pdf => {
            pdf::check(bytes)?;
            Ok(Redaction::NotPossible(
                "PDF 文件无法自动去标识化，请上传去除个人信息后的文件".into(),
            ))
        }
        FileKind::Docx => docx::redact(bytes, opts),
        FileKind::Xlsx => xlsx::redact(bytes, opts),
        FileKind::Text => plain::redact(bytes, opts),
    }
}
