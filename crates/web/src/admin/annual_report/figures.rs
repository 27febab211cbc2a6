//! Table 2's figures the platform does not own (行政许可, 行政处罚, 行政强制, 收费 …): typed on
//! the report page with their source, or imported from a CSV file (core
//! `table2::parse_figures_csv`: a file with a bad line is refused whole, line by line).

use super::{Notices, parse_year, report_page};
use crate::admin::invalid;
use crate::admin::multipart;
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::forms::Form;
use crate::state::AppState;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::annual_report::{Report, table2};
use gongkai_core::role::Action;

/// Largest accepted figure file: a few dozen lines.
const MAX_BYTES: usize = 64 * 1024;

/// Saves the Table 2 figures typed on the page (fields `f.KEY`), with their source.
pub async fn save_table2(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    let field = |name: &str| {
        f.iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    csrf::verify(&staff.csrf, field("csrf"))?;
    let year = parse_year(&state, field("year"))?;
    let entries: Vec<(String, String)> = f
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("f.").map(|key| (key.to_string(), v.clone())))
        .collect();
    match state
        .db
        .save_table2_figures(
            staff.org.id,
            year,
            &entries,
            field("source"),
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/admin/annual-report?year={year}")).into_response()),
        Err(gongkai_db::DbError::Invalid(e)) => {
            let msg =
                e.0.iter()
                    .map(|x| x.message.clone())
                    .collect::<Vec<_>>()
                    .join("；");
            let notices = Notices {
                figures: Some(msg),
                ..Notices::default()
            };
            Ok(invalid(
                report_page(&state, &staff, year, false, notices, None).await?,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/annual-report/figures`: fields `csrf` (first, checked before the rest is read),
/// `year`, `file` (CSV).
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    let parts = multipart::read(&staff, mp, MAX_BYTES).await?;
    let year = parse_year(&state, parts.get("year"))?;
    let Some(file) = parts.file("file") else {
        return Err(AppError::BadRequest("请选择要导入的数据文件".into()));
    };
    let refuse = async |errors: Vec<String>| -> AppResult<Response> {
        let notices = Notices {
            import: errors,
            ..Notices::default()
        };
        Ok(invalid(
            report_page(&state, &staff, year, false, notices, None).await?,
        ))
    };
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return refuse(vec!["文件不是UTF-8编码的CSV文本".into()]).await;
    };
    let rows = match table2::parse_figures_csv(text, Report::format_for(year)) {
        Ok(rows) => rows,
        Err(errors) => return refuse(errors).await,
    };
    state
        .db
        .save_table2_rows(staff.org.id, year, &rows, &staff.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/admin/annual-report?year={year}")).into_response())
}
