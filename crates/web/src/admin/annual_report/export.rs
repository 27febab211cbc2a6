//! `/admin/annual-report/export?year=&format=docx|xlsx|pdf[&scope=all]`: the report as a file
//! (gongkai-export renders the one core `ReportDocument`). PDF needs the `pdf` build feature.

use super::{ReportQuery, document, parse_year};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use gongkai_core::role::Action;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ExportQuery {
    #[serde(flatten)]
    report: ReportQuery,
    format: String,
}

pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    let q: ExportQuery = crate::public::parse_query(raw.as_deref())?;
    let year = parse_year(&state, &q.report.year)?;
    let all = q.report.scope == "all";
    let (_, _, doc) = document(&state, &staff, year, all).await?;
    let (bytes, content_type, ext) = match q.format.as_str() {
        "docx" => (
            gongkai_export::docx::render(&doc),
            gongkai_export::docx::CONTENT_TYPE,
            "docx",
        ),
        "xlsx" => (
            gongkai_export::xlsx::render(&doc),
            gongkai_export::xlsx::CONTENT_TYPE,
            "xlsx",
        ),
        "pdf" => pdf(&doc).await?,
        _ => {
            return Err(AppError::BadRequest(
                "导出格式应为 docx、xlsx 或 pdf".into(),
            ));
        }
    };
    let bytes = bytes.map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!(
        "annual-report-{}-{year}{}.{ext}",
        staff.org.code,
        if all { "-all" } else { "" }
    );
    Ok(crate::admin::download(content_type, &name, bytes))
}

type Rendered = (
    Result<Vec<u8>, gongkai_export::ExportError>,
    &'static str,
    &'static str,
);

#[cfg(feature = "pdf")]
async fn pdf(doc: &gongkai_core::annual_report::ReportDocument) -> AppResult<Rendered> {
    let doc = doc.clone();
    // Typesetting takes a while: off the async workers.
    let bytes = tokio::task::spawn_blocking(move || {
        gongkai_export::pdf::render(&doc, &gongkai_export::pdf::default_font_dirs())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((bytes, gongkai_export::pdf::CONTENT_TYPE, "pdf"))
}

#[cfg(not(feature = "pdf"))]
async fn pdf(_: &gongkai_core::annual_report::ReportDocument) -> AppResult<Rendered> {
    Err(AppError::BadRequest(
        "此版本未包含PDF导出：请以 --features pdf 重新构建".into(),
    ))
}
