//! `/admin/calendar`: the working-day calendar. Shows the years with official data (built in and
//! loaded) and takes a CSV upload of a year's arrangement (the format of `cn-holidays.csv`). A
//! file with bad lines is refused line by line and nothing is loaded; a good one replaces its
//! years and recomputes the deadlines of every open case (`Db::load_calendar`, one transaction).

use super::{chrome, invalid, page};
use crate::admin::multipart;
use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{Multipart, State};
use axum::response::Response;
use gongkai_core::calendar::Calendar;
use gongkai_core::role::Action;
use gongkai_core::time::{china_date, format_cn_date};
use gongkai_db::CalendarLoad;
use serde::Serialize;

/// Largest accepted calendar file: a year is a few dozen lines.
const MAX_BYTES: usize = 256 * 1024;

#[derive(Serialize)]
struct YearRow {
    year: i64,
    source: String,
    loaded_on: String,
    loaded_by: String,
}

#[derive(Serialize)]
struct ChangeRow {
    tracking_no: String,
    old_due: String,
    new_due: String,
    provisional: bool,
}

async fn calendar_page(
    state: &AppState,
    staff: &Staff,
    errors: &[String],
    report: Option<&CalendarLoad>,
) -> AppResult<String> {
    let loaded: Vec<YearRow> = state
        .db
        .calendar_years()
        .await?
        .into_iter()
        .map(|y| YearRow {
            year: y.year,
            source: y.source,
            loaded_on: format_cn_date(china_date(y.loaded_at)),
            loaded_by: y.loaded_by,
        })
        .collect();
    let builtin: Vec<i32> = Calendar::builtin().years().collect();
    let covered: Vec<i32> = state.db.calendar().await?.years().collect();
    let changes: Vec<ChangeRow> = report
        .map(|r| {
            r.recomputation
                .changed
                .iter()
                .map(|c| ChangeRow {
                    tracking_no: c.tracking_no.clone(),
                    old_due: c.old_due.map(format_cn_date).unwrap_or_default(),
                    new_due: c.new_due.map(format_cn_date).unwrap_or_default(),
                    provisional: c.new_provisional,
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(render(
        "admin/calendar.html",
        crate::ctx! {
            chrome => chrome(staff),
            loaded => loaded,
            builtin_from => builtin.first().copied(),
            builtin_to => builtin.last().copied(),
            covered => covered,
            errors => errors,
            report => report,
            changes => changes,
        },
    )?)
}

pub async fn show(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ManageCalendar)?;
    Ok(page(calendar_page(&state, &staff, &[], None).await?))
}

/// Expects the fields `csrf` then `file`, so the token is checked before the file is read
/// (`multipart::read`).
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    staff.require(Action::ManageCalendar)?;
    let parts = multipart::read(&staff, mp, MAX_BYTES).await?;
    let Some(file) = parts.file("file") else {
        return Err(AppError::BadRequest("请选择要上传的日历文件".into()));
    };
    let file_name = if file.name.is_empty() {
        "calendar.csv".to_string()
    } else {
        file.name.clone()
    };
    let bytes = &file.bytes;
    let refuse = async |errors: Vec<String>| -> AppResult<Response> {
        Ok(invalid(calendar_page(&state, &staff, &errors, None).await?))
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return refuse(vec![
            "文件不是 UTF-8 编码的文本，请另存为 UTF-8 编码的 CSV 文件".into(),
        ])
        .await;
    };
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return refuse(vec!["文件是空的".into()]).await;
    }
    let cal = match Calendar::from_csv(text) {
        Ok(c) => c,
        Err(errs) => {
            return refuse(
                errs.iter()
                    .map(|e| format!("第{}行：{}", e.line, e.message))
                    .collect(),
            )
            .await;
        }
    };
    let report = match state
        .db
        .load_calendar(&cal, &file_name, &staff.actor(), state.clock.now())
        .await
    {
        Ok(r) => r,
        Err(gongkai_db::DbError::Invalid(f)) => {
            return refuse(f.0.iter().map(|e| e.message.clone()).collect()).await;
        }
        Err(e) => return Err(e.into()),
    };
    Ok(page(
        calendar_page(&state, &staff, &[], Some(&report)).await?,
    ))
}
