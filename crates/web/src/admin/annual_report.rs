//! `/admin/annual-report?year=`: the statutory annual report as computed from the platform's
//! records (core `annual_report`): the six section headings, Tables 3 and 4 counted from the
//! application cases and their reconsideration and litigation records, Table 2 with the figures
//! still to be entered, and the integrity checks, each naming its cell. A first view for the
//! office preparing the report; narrative sections, Table 2 entry and exports come next.

use super::{chrome, page};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Datelike;
use gongkai_core::annual_report::{Report, Severity, Table2, check, sections};
use gongkai_core::application::review::ReviewCounting;
use gongkai_core::role::Action;
use serde::Serialize;

#[derive(Serialize)]
struct ProblemView {
    blocking: bool,
    cell: String,
    message: String,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    // The report due now is last year's.
    let last = state.clock.today().year() - 1;
    let year = crate::public::year_param(raw.as_deref(), 2008, last + 1, last)?;
    let cases = state
        .db
        .application_year_records(staff.org.id, year)
        .await?;
    let reviews = state
        .db
        .application_year_reviews(staff.org.id, year)
        .await?;
    let report = Report::from_records(
        year,
        Table2::default(),
        &cases,
        &reviews,
        ReviewCounting::default(),
    )
    .map_err(|errs| {
        AppError::Conflict(format!(
            "办理记录有误，无法统计：{}",
            errs.iter()
                .map(|e| format!("第{}条记录：{}", e.index + 1, e.message))
                .collect::<Vec<_>>()
                .join("；")
        ))
    })?;
    let problems: Vec<ProblemView> = check(&report)
        .into_iter()
        .map(|p| ProblemView {
            blocking: p.severity == Severity::Error,
            cell: p.cell,
            message: p.message,
        })
        .collect();
    Ok(page(render(
        "admin/annual_report.html",
        crate::ctx! {
            chrome => chrome(&staff),
            year => year,
            years => (2008..=last + 1).rev().collect::<Vec<_>>(),
            org => staff.org.name.clone(),
            sections => sections(report.format).to_vec(),
            // The grids' HTML is built by core `Grid::to_html`, which escapes every text.
            table2 => report.table2_grid().to_html(),
            table3 => report.table3_grid().to_html(),
            table4 => report.table4_grid().to_html(),
            problems => problems,
        },
    )?))
}
