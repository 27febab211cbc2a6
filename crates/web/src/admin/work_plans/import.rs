//! The list of plans and the import: a file (text, HTML, DOCX) is read into text
//! (`gongkai_files::plan_text`) and parsed (core `work_plan::parse`); the preview shows the
//! recognised tasks, the problems and each unit's match among the departments (core
//! `work_plan::matching`). The staff may correct the text and read it again, choose each unit's
//! department (or every department, a new one, none), then confirm. Nothing is stored before
//! the confirmation, which parses the confirmed text again: the saved plan is what was shown.

use crate::admin::multipart;
use crate::admin::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::role::Action;
use gongkai_core::time::format_cn_date;
use gongkai_core::work_plan::matching::{UnitMatch, match_unit};
use gongkai_core::work_plan::parse;
use gongkai_core::work_plan::tracking::Counts;
use gongkai_db::DbError;
use gongkai_db::work_plans::UnitChoice;
use serde::Serialize;

/// The longest plan text accepted (characters): real plans are under 20,000.
const MAX_TEXT: usize = 300_000;

#[derive(Serialize)]
struct PlanRow {
    id: i64,
    year: i64,
    title: String,
    counts: Counts,
    done_percent: String,
}

/// What the list page says besides the list: an import refused before a preview.
#[derive(Default)]
struct ListNotice {
    error: Option<String>,
}

async fn list_page(state: &AppState, staff: &Staff, notice: ListNotice) -> AppResult<String> {
    let today = state.clock.today();
    let mut rows = Vec::new();
    for p in state.db.work_plans(staff.org.id).await? {
        let mut counts = Counts::default();
        for t in state.db.work_plan_tasks(p.id).await? {
            counts.add(&t.facts(), today);
        }
        rows.push(PlanRow {
            id: p.id,
            year: p.year,
            title: p.title,
            done_percent: counts
                .done_percent()
                .map_or_else(|| "—".into(), |v| format!("{v}%")),
            counts,
        });
    }
    Ok(render(
        "admin/work_plans.html",
        crate::ctx! {
            chrome => chrome(staff),
            plans => rows,
            may_manage => staff.may(Action::ManageWorkPlans),
            has_department => staff.user.department_id.is_some(),
            import_error => notice.error,
        },
    )?)
}

/// `GET /admin/work-plans`.
pub async fn index(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    Ok(page(
        list_page(&state, &staff, ListNotice::default()).await?,
    ))
}

#[derive(Serialize)]
struct UnitRow {
    name: String,
    /// The select's value: `dep:ID`, `all`, `new`, `none`.
    choice: String,
    /// Where the proposal comes from: the last import, or core `UnitMatch::label`.
    how: &'static str,
}

/// The preview of a parsed text with the unit choices (`typed` overrides the matches).
async fn preview_page(
    state: &AppState,
    staff: &Staff,
    text: &str,
    year_typed: &str,
    source_name: &str,
    typed: &[(String, String)],
    error: Option<String>,
) -> AppResult<String> {
    let year = year_typed.trim().parse::<i32>().ok();
    let plan = parse(text, year);
    let departments: Vec<(i64, String)> = state
        .db
        .departments(staff.org.id)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    // Last year's confirmed mapping of a name comes first: the staff decided it already.
    let remembered = state.db.remembered_work_plan_units(staff.org.id).await?;
    let units: Vec<UnitRow> = plan
        .unit_names()
        .into_iter()
        .map(|name| {
            let m = match_unit(&name, &departments);
            let last = remembered.iter().find(|r| r.name == name).and_then(|r| {
                if r.all_departments {
                    Some(UnitChoice::All)
                } else {
                    r.department_id.map(UnitChoice::Department)
                }
            });
            let (proposed, how) = match last {
                Some(c) => (c, "沿用上次导入的对应"),
                None => (
                    match m {
                        UnitMatch::Exact(d) | UnitMatch::Close(d) => UnitChoice::Department(d),
                        UnitMatch::All => UnitChoice::All,
                        UnitMatch::None => UnitChoice::Unmapped,
                    },
                    m.label(),
                ),
            };
            let proposed = super::unit_choice_value(&proposed);
            let choice = typed
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(proposed, |(_, c)| c.clone());
            UnitRow { name, choice, how }
        })
        .collect();
    Ok(render(
        "admin/work_plan_import.html",
        crate::ctx! {
            chrome => chrome(staff),
            plan => &plan,
            date => plan.date.map(format_cn_date),
            task_count => plan.tasks().count(),
            text => text,
            year => year_typed.trim(),
            source_name => source_name,
            units => units,
            departments => departments,
            error => error,
        },
    )?)
}

/// `POST /admin/work-plans/preview` (multipart: `csrf`, `year`, `file`): reads the file and
/// shows what was recognised. Nothing is stored.
pub async fn preview(
    State(state): State<AppState>,
    staff: Staff,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    let parts = multipart::read(&staff, mp, state.config.max_upload_bytes).await?;
    let refuse = async |m: String| -> AppResult<Response> {
        Ok(invalid(
            list_page(&state, &staff, ListNotice { error: Some(m) }).await?,
        ))
    };
    let Some(file) = parts.file("file") else {
        return refuse("请选择工作要点文件（TXT、HTML 或 DOCX）".into()).await;
    };
    let name = file.name.clone();
    let text = match gongkai_files::plan_text(&name, &file.bytes) {
        Ok(t) => t,
        Err(e) => return refuse(e.to_string()).await,
    };
    if text.chars().count() > MAX_TEXT {
        return refuse("文件内容过长，不像一份工作要点".into()).await;
    }
    let year = parts.get("year");
    if let Err(m) = check_year(year) {
        return refuse(m.into()).await;
    }
    Ok(page(
        preview_page(&state, &staff, &text, year, &name, &[], None).await?,
    ))
}

fn check_year(year: &str) -> Result<Option<i32>, &'static str> {
    let year = year.trim();
    if year.is_empty() {
        return Ok(None);
    }
    year.parse::<i32>()
        .ok()
        .filter(|y| gongkai_core::work_plan::YEARS.contains(y))
        .map(Some)
        .ok_or("年度应为四位数字，如 2024")
}

/// The fields of the preview form: `text`, `year`, `source_name`, then `unit` / `map` pairs.
struct Confirmed {
    text: String,
    year: String,
    source_name: String,
    units: Vec<(String, String)>,
}

fn confirmed(staff: &Staff, f: &[(String, String)]) -> AppResult<Confirmed> {
    let field = |name: &str| {
        f.iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    csrf::verify(&staff.csrf, field("csrf"))?;
    let names = f
        .iter()
        .filter(|(k, _)| k == "unit")
        .map(|(_, v)| v.clone());
    let maps = f.iter().filter(|(k, _)| k == "map").map(|(_, v)| v.clone());
    let c = Confirmed {
        text: field("text").to_string(),
        year: field("year").to_string(),
        source_name: field("source_name").to_string(),
        units: names.zip(maps).collect(),
    };
    if c.text.chars().count() > MAX_TEXT {
        return Err(AppError::BadRequest("文本过长".into()));
    }
    Ok(c)
}

/// `POST /admin/work-plans/reparse`: the (corrected) text read again.
pub async fn reparse(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    let c = confirmed(&staff, &f)?;
    let error = check_year(&c.year).err().map(str::to_string);
    let html = preview_page(
        &state,
        &staff,
        &c.text,
        &c.year,
        &c.source_name,
        &c.units,
        error.clone(),
    )
    .await?;
    Ok(if error.is_some() {
        invalid(html)
    } else {
        page(html)
    })
}

/// `POST /admin/work-plans`: saves the confirmed plan and its unit mapping.
pub async fn confirm(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    let c = confirmed(&staff, &f)?;
    let again = async |m: String| -> AppResult<Response> {
        Ok(invalid(
            preview_page(
                &state,
                &staff,
                &c.text,
                &c.year,
                &c.source_name,
                &c.units,
                Some(m),
            )
            .await?,
        ))
    };
    let year = match check_year(&c.year) {
        Ok(y) => y,
        Err(m) => return again(m.into()).await,
    };
    let mut units = Vec::new();
    for (name, v) in &c.units {
        let Some(ch) = super::unit_choice(v) else {
            return Err(AppError::BadRequest("单位对应的选择不正确".into()));
        };
        units.push((name.clone(), ch));
    }
    let plan = parse(&c.text, year);
    let source = if c.source_name.trim().is_empty() {
        "粘贴的文本"
    } else {
        c.source_name.as_str()
    };
    match state
        .db
        .create_work_plan(
            staff.org.id,
            &plan,
            source,
            &units,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(id) => {
            Ok(Redirect::to(&format!("/admin/work-plans/{id}?msg=plan_imported")).into_response())
        }
        Err(DbError::Invalid(e)) => {
            let m =
                e.0.iter()
                    .map(|x| x.message.clone())
                    .collect::<Vec<_>>()
                    .join("；");
            again(m).await
        }
        Err(e) => Err(e.into()),
    }
}
