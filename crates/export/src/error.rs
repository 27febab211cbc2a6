//! The export error: what went wrong while writing a file.

/// An export that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The writer library refused the document.
    #[error("导出失败：{0}")]
    Write(String),
    /// No CJK font was found for the PDF (the fonts are looked up in the directories given).
    #[error("未找到中文字体，无法生成PDF：{0}")]
    Fonts(String),
}
