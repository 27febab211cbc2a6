//! `/admin/timeliness?year=`: timeliness of proactive disclosure (Art. 26, core `timeliness`):
//! the items not yet released that are overdue or due soon, and the year's releases counted on
//! time and late (each item once), the figure the annual report uses.

use super::{chrome, page};
use crate::auth::Staff;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use gongkai_core::catalog::Status;
use gongkai_core::role::Action;
use gongkai_core::time::{china_date, china_midnight, format_cn_date};
use gongkai_core::timeliness::{self, Standing};
use serde::Serialize;

#[derive(Serialize)]
struct Row {
    id: i64,
    index_no: String,
    title: String,
    written_on: String,
    due: String,
    status: &'static str,
    standing: &'static str,
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ViewDrafts)?;
    let today = state.clock.today();
    let year = crate::public::year_param(raw.as_deref(), 2008, today.year(), today.year())?;
    let cal = state.db.calendar().await?;
    let mut overdue = Vec::new();
    let mut due_soon = Vec::new();
    for d in state.db.unreleased_documents(staff.org.id).await? {
        let standing = timeliness::standing(d.written_on, None, today, &cal);
        let row = Row {
            id: d.id,
            index_no: d.index_no,
            title: d.title,
            written_on: format_cn_date(d.written_on),
            due: format_cn_date(timeliness::due(d.written_on, &cal).due),
            status: Status::parse(&d.status).map_or("", Status::label),
            standing: standing.label(),
        };
        match standing {
            Standing::Overdue => overdue.push(row),
            Standing::DueSoon => due_soon.push(row),
            _ => {}
        }
    }
    let jan1 = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).map(china_midnight);
    let (releases, (per_channel, across_channels)) = match (jan1(year), jan1(year + 1)) {
        (Some(from), Some(to)) => (
            state.db.document_releases(staff.org.id, from, to).await?,
            state
                .db
                .channel_release_counts(staff.org.id, from, to)
                .await?,
        ),
        _ => (Vec::new(), (Vec::new(), 0)),
    };
    let pairs: Vec<(NaiveDate, NaiveDate)> =
        releases.iter().map(|(w, p)| (*w, china_date(*p))).collect();
    let counts = timeliness::year_counts(&pairs, &cal);
    Ok(page(render(
        "admin/timeliness.html",
        crate::ctx! {
            chrome => chrome(&staff),
            year => year,
            years => (2008..=today.year()).rev().collect::<Vec<_>>(),
            overdue => overdue,
            due_soon => due_soon,
            on_time => counts.on_time,
            late => counts.late,
            total => counts.total(),
            period => timeliness::PERIOD_WD,
            per_channel => per_channel,
            across_channels => across_channels,
        },
    )?))
}
