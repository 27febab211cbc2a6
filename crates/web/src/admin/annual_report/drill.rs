//! The drill-down from a number of the report to what is behind it (staff only): the cases
//! behind a Table 3 cell (tracking numbers, no personal data) and the catalog items behind a
//! Table 2 count of 规章 / 行政规范性文件.

use super::parse_year;
use crate::admin::{chrome, page};
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use gongkai_core::role::Action;
use serde::Serialize;

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
    let year = parse_year(&state, &q.year)?;
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

#[derive(Serialize)]
struct DocumentRow {
    id: i64,
    index_no: String,
    title: String,
    written_on: String,
    validity: &'static str,
}

/// `/admin/annual-report/documents?year=&cell=`: the catalog items behind a Table 2 count.
pub async fn documents(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    let q: CellQuery = crate::public::parse_query(raw.as_deref())?;
    let year = parse_year(&state, &q.year)?;
    let docs = state
        .db
        .annual_report_catalog_documents(staff.org.id, year, &q.cell)
        .await?
        .ok_or(AppError::NotFound)?;
    let label = gongkai_core::annual_report::Table2::zero()
        .figures(gongkai_core::annual_report::Report::format_for(year))
        .into_iter()
        .find(|f| f.key == q.cell)
        .map(|f| f.label())
        .unwrap_or_default();
    let list: Vec<DocumentRow> = docs
        .into_iter()
        .map(|d| DocumentRow {
            id: d.id,
            index_no: d.index_no,
            title: d.title,
            written_on: gongkai_core::time::format_cn_date(d.written_on),
            validity: gongkai_core::catalog::Validity::parse(&d.validity)
                .map(|v| v.label())
                .unwrap_or(""),
        })
        .collect();
    Ok(page(render(
        "admin/annual_report_documents.html",
        crate::ctx! { chrome => chrome(&staff), year => year, cell => q.cell, label => label, documents => list },
    )?))
}
