//! Exports of the statutory annual report: every format renders the one core
//! `annual_report::ReportDocument`, so the tables agree cell by cell across formats.
//!
//! * `docx` — Word document: title, opening, the six sections, the three tables with merged cells;
//! * `xlsx` — workbook with the three tables (merged header cells kept);
//! * `pdf` (feature `pdf`) — PDF typeset with Typst, CJK fonts embedded;
//! * `plan` — apart from the report, a workbook of a work plan's (政务公开工作要点) tracking
//!   status: the tasks and the counts per part and per unit.

pub mod docx;
mod error;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod plan;
pub mod xlsx;

pub use error::ExportError;
