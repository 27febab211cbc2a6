//! `/admin/annual-report`: the statutory annual report of the staff's organization (or, with
//! `scope=all`, of it and every organization under it, summed), computed from the platform's
//! records by `Db::annual_report`: Table 2 counted from the catalog and completed by staff
//! (`figures`), Tables 3 and 4 from the application cases, the integrity checks naming their
//! cells, the narrative with facts to insert (`text`), the drill-down from a number to what is
//! behind it (`drill`), the exports (`export`), the catalog item, and the dashboard of published
//! reports (`status`).

pub mod drill;
pub mod export;
pub mod figures;
pub mod status;
pub mod text;

use super::{chrome, page};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::Datelike;
use gongkai_core::annual_report::{Narrative, ReportDocument, Severity, check, sections};
use gongkai_core::role::Action;
use gongkai_db::annual_report::AssembledReport;
use serde::Serialize;

#[derive(Serialize)]
struct ProblemView {
    blocking: bool,
    cell: String,
    message: String,
}

/// The figure entry row: key, label, value, source, the catalog's own count when overridden.
type FigureRow = (String, String, String, String, Option<u64>);

/// Messages shown above the forms after a refused POST.
#[derive(Default, Serialize)]
pub struct Notices {
    /// Table 2 figures not saved.
    pub figures: Option<String>,
    /// The figure file's bad lines.
    pub import: Vec<String>,
    /// The narrative not saved, or the report not put into the catalog.
    pub text: Option<String>,
}

/// The query of the report pages: `year` (default: last year) and `scope=all` for a
/// government's report over the organizations under it.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    pub year: String,
    pub scope: String,
}

/// The report year of a request: 2008 to next year, last year by default.
pub fn parse_year(state: &AppState, raw: &str) -> Result<i32, crate::error::AppError> {
    let last = state.clock.today().year() - 1;
    if raw.trim().is_empty() {
        return Ok(last);
    }
    raw.trim()
        .parse()
        .ok()
        .filter(|y| (2008..=last + 1).contains(y))
        .ok_or_else(|| crate::error::AppError::BadRequest("年度不正确".into()))
}

/// The report as computed for the staff's organization (`all`: summed with those under it).
pub async fn assemble(
    state: &AppState,
    staff: &Staff,
    year: i32,
    all: bool,
) -> AppResult<AssembledReport> {
    Ok(if all {
        state.db.annual_report_aggregate(staff.org.id, year).await?
    } else {
        state.db.annual_report(staff.org.id, year).await?
    })
}

/// The report as a document: the figures with the narrative saved for the year.
pub async fn document(
    state: &AppState,
    staff: &Staff,
    year: i32,
    all: bool,
) -> AppResult<(AssembledReport, Narrative, ReportDocument)> {
    let assembled = assemble(state, staff, year, all).await?;
    let narrative = state
        .db
        .annual_report_text(staff.org.id, year)
        .await?
        .map(|t| t.narrative())
        .unwrap_or_default();
    let doc = ReportDocument::new(&staff.org.name, &assembled.report, &narrative);
    Ok((assembled, narrative, doc))
}

pub async fn report_page(
    state: &AppState,
    staff: &Staff,
    year: i32,
    all: bool,
    notices: Notices,
    typed: Option<(Narrative, String)>,
) -> AppResult<String> {
    let last = state.clock.today().year() - 1;
    let assembled = assemble(state, staff, year, all).await?;
    let report = &assembled.report;
    let saved = state.db.annual_report_text(staff.org.id, year).await?;
    let (narrative, continuity_note) = typed.unwrap_or_else(|| {
        saved
            .as_ref()
            .map(|t| (t.narrative(), t.continuity_note.clone()))
            .unwrap_or_default()
    });
    let problems: Vec<ProblemView> = check(report)
        .into_iter()
        .map(|p| ProblemView {
            blocking: p.severity == Severity::Error,
            cell: p.cell,
            message: p.message,
        })
        .collect();
    let figures: Vec<FigureRow> = report
        .table2
        .figures(report.format)
        .into_iter()
        .map(|f| {
            (
                f.key.to_string(),
                f.label(),
                f.value.unwrap_or_default(),
                assembled.sources.get(f.key).cloned().unwrap_or_default(),
                assembled.overridden.get(f.key).copied(),
            )
        })
        .collect();
    let facts = state.db.annual_report_facts(staff.org.id, year).await?;
    let heads = sections(report.format);
    let facts: Vec<(String, String, String)> = facts
        .sentences(year)
        .into_iter()
        .map(|f| (f.key.to_string(), heads[f.section].to_string(), f.text))
        .collect();
    let has_children = state
        .db
        .orgs()
        .await?
        .iter()
        .any(|o| o.parent_id == Some(staff.org.id));
    let document_id = saved.as_ref().and_then(|t| t.document_id);
    let item = match document_id {
        Some(id) => state.db.document(id).await?,
        None => None,
    };
    let scope = if all { "&scope=all" } else { "" };
    let link = |key: &str| -> Option<String> {
        if all {
            return None;
        }
        Some(format!(
            "/admin/annual-report/{}?year={year}&cell={key}",
            if key.starts_with("t3.") {
                "cases"
            } else {
                "documents"
            }
        ))
    };
    let catalog_keys = gongkai_core::annual_report::table2::catalog_keys();
    Ok(render(
        "admin/annual_report.html",
        crate::ctx! {
            chrome => chrome(staff),
            year => year,
            years => (2008..=last + 1).rev().collect::<Vec<_>>(),
            org => staff.org.name.clone(),
            all => all,
            scope => scope,
            has_children => has_children,
            parts => assembled.parts.clone(),
            sections => heads.to_vec(),
            // The grids' HTML is built by core `Grid::to_html`, which escapes every text.
            table2 => report.table2_grid().to_html_linked(|key| {
                catalog_keys.iter().any(|k| k == key).then(|| link(key)).flatten()
            }),
            table3 => report.table3_grid().to_html_linked(link),
            table4 => report.table4_grid().to_html(),
            problems => problems,
            blocking => gongkai_core::annual_report::blocks_publication(&check(report)),
            missing => narrative.missing(),
            figures => figures,
            notices => notices,
            narrative => narrative,
            continuity_note => continuity_note,
            has_work_plan => facts.iter().any(|f| f.0 == "work_plan"),
            facts => facts,
            item => item.map(|d| crate::ctx! { id => d.id, status => crate::views::status_label(&d.status), title => d.title }),
            pdf => cfg!(feature = "pdf"),
        },
    )?)
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageAnnualReport)?;
    let q: ReportQuery = crate::public::parse_query(raw.as_deref())?;
    let year = parse_year(&state, &q.year)?;
    Ok(page(
        report_page(
            &state,
            &staff,
            year,
            q.scope == "all",
            Notices::default(),
            None,
        )
        .await?,
    ))
}
