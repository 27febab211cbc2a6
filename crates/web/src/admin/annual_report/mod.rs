//! `/admin/annual-report?year=`: the statutory annual report as computed from the platform's
//! records (core `annual_report`): the six section headings, Tables 3 and 4 counted from the
//! application cases and their reconsideration and litigation records, Table 2 with the figures
//! the platform does not own entered by staff with their source, and the integrity checks, each
//! naming its cell. Narrative sections, catalog-derived Table 2 counts and exports come next.

use super::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
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

/// The figure entry row: key, label, value, source.
type FigureRow = (String, String, String, String);

async fn report_page(
    state: &AppState,
    staff: &Staff,
    year: i32,
    problem: Option<String>,
) -> AppResult<String> {
    let last = state.clock.today().year() - 1;
    let stored = state.db.table2_figures(staff.org.id, year).await?;
    let mut table2 = Table2::default();
    for (k, v, _) in &stored {
        // Stored values were checked when saved; one that no longer parses stays empty.
        let _ = table2.set(k, v);
    }
    let cases = state
        .db
        .application_year_records(staff.org.id, year)
        .await?;
    let reviews = state
        .db
        .application_year_reviews(staff.org.id, year)
        .await?;
    let report = Report::from_records(year, table2, &cases, &reviews, ReviewCounting::default())
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
    let figures: Vec<FigureRow> = table2
        .figures(report.format)
        .into_iter()
        .map(|f| {
            let source = stored
                .iter()
                .find(|(k, _, _)| k == f.key)
                .map(|(_, _, src)| src.clone())
                .unwrap_or_default();
            (
                f.key.to_string(),
                f.label(),
                f.value.unwrap_or_default(),
                source,
            )
        })
        .collect();
    Ok(render(
        "admin/annual_report.html",
        crate::ctx! {
            chrome => chrome(staff),
            year => year,
            years => (2008..=last + 1).rev().collect::<Vec<_>>(),
            org => staff.org.name.clone(),
            sections => sections(report.format).to_vec(),
            // The grids' HTML is built by core `Grid::to_html`, which escapes every text.
            table2 => report.table2_grid().to_html(),
            table3 => report.table3_grid().to_html_linked(|key| {
                Some(format!("/admin/annual-report/cases?year={year}&cell={key}"))
            }),
            table4 => report.table4_grid().to_html(),
            problems => problems,
            figures => figures,
            problem => problem,
        },
    )?)
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
    Ok(page(report_page(&state, &staff, year, None).await?))
}

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
    let last = state.clock.today().year() - 1;
    let year: i32 = field("year")
        .parse()
        .ok()
        .filter(|y| (2008..=last + 1).contains(y))
        .ok_or_else(|| AppError::BadRequest("年度不正确".into()))?;
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
            Ok(invalid(report_page(&state, &staff, year, Some(msg)).await?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CellQuery {
    year: String,
    cell: String,
}

#[derive(Serialize)]
struct CaseRow {
    id: i64,
    tracking_no: String,
    received_on: String,
    closed_on: String,
}

/// `/admin/annual-report/cases?year=&cell=`: the cases behind one number of Table 3 (staff only;
/// no personal data, tracking numbers linking to the case pages).
pub async fn cases(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    let q: CellQuery = crate::public::parse_query(raw.as_deref())?;
    let last = state.clock.today().year() - 1;
    let year: i32 = q
        .year
        .parse()
        .ok()
        .filter(|y| (2008..=last + 1).contains(y))
        .ok_or_else(|| AppError::BadRequest("年度不正确".into()))?;
    let rows = state
        .db
        .application_year_records_with_refs(staff.org.id, year)
        .await?;
    let records: Vec<_> = rows.iter().map(|(_, _, r)| *r).collect();
    let members = gongkai_core::application::year::cell_members(&records, year, &q.cell)
        .ok_or(AppError::NotFound)?;
    let list: Vec<CaseRow> = members
        .into_iter()
        .map(|i| {
            let (id, no, r) = &rows[i];
            CaseRow {
                id: *id,
                tracking_no: no.clone(),
                received_on: gongkai_core::time::format_cn_date(r.received_on),
                closed_on: r
                    .closed_on
                    .map(gongkai_core::time::format_cn_date)
                    .unwrap_or_default(),
            }
        })
        .collect();
    Ok(page(render(
        "admin/annual_report_cases.html",
        crate::ctx! { chrome => chrome(&staff), year => year, cell => q.cell, cases => list },
    )?))
}
