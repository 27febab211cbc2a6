//! `/admin/annual-report/status?year=`: which organizations (the staff's own and those under it)
//! have published their report of the year, against the Art. 49 deadline of each (31 January for
//! departments, 31 March for governments; core `OrgKind::report_due`).

use super::parse_year;
use crate::admin::{chrome, page};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use gongkai_core::org::OrgKind;
use gongkai_core::role::Action;
use gongkai_core::time::{china_date, format_cn_date};
use serde::Serialize;

#[derive(Serialize)]
struct StatusRow {
    code: String,
    name: String,
    kind: &'static str,
    due: String,
    published: String,
    /// `on_time`, `late`, `overdue` (not published, past due) or `pending`.
    state: &'static str,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    let q: super::ReportQuery = crate::public::parse_query(raw.as_deref())?;
    let year = parse_year(&state, &q.year)?;
    let today = state.clock.today();
    let orgs = state.db.org_and_descendants(staff.org.id).await?;
    let published = state.db.published_annual_reports(year).await?;
    let rows: Vec<StatusRow> = orgs
        .iter()
        .map(|o| {
            let kind = OrgKind::parse(&o.kind).unwrap_or(OrgKind::Department);
            let due = kind.report_due(year);
            let on = published
                .iter()
                .find(|(id, _)| *id == o.id)
                .map(|(_, at)| china_date(*at));
            StatusRow {
                code: o.code.clone(),
                name: o.name.clone(),
                kind: kind.label(),
                due: format_cn_date(due),
                published: on.map(format_cn_date).unwrap_or_default(),
                state: match on {
                    Some(d) if d <= due => "on_time",
                    Some(_) => "late",
                    None if today > due => "overdue",
                    None => "pending",
                },
            }
        })
        .collect();
    Ok(page(render(
        "admin/annual_report_status.html",
        crate::ctx! { chrome => chrome(&staff), year => year, rows => rows },
    )?))
}
