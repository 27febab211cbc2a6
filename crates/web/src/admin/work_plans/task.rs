//! One task: its text, units, deadline and status; the progress its units reported, with
//! evidence (catalog items by 索引号, uploaded files) and the office's decisions on completion
//! reports. Forms: progress (the task's own departments and the office), the completion review
//! and the task's edit (the office).

use super::{may_report, task_view};
use crate::admin::attachments::content_type_for;
use crate::admin::multipart;
use crate::admin::{chrome, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{Multipart, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::FieldErrors;
use gongkai_core::role::Action;
use gongkai_core::time::{format_cn_date, parse_iso_date};
use gongkai_core::work_plan::tracking::Decision;
use gongkai_db::DbError;
use gongkai_db::work_plans::{NewEvidence, NewProgress, TaskEdit};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct EntryView {
    id: i64,
    completion: bool,
    text: String,
    happened_on: String,
    department: String,
    author: String,
    decision: Option<&'static str>,
    decision_note: String,
    evidence: Vec<EvidenceView>,
}

#[derive(Serialize)]
struct EvidenceView {
    id: i64,
    /// A catalog item: its 索引号 and title (linked to the back-office page).
    document_id: Option<i64>,
    index_no: String,
    document_title: String,
    file_name: String,
    size: String,
}

/// What a refused form had typed in, shown again.
#[derive(Default, Serialize)]
struct Typed {
    text: String,
    happened_on: String,
    documents: String,
    note: String,
    /// The task's edit form as submitted.
    edit: Option<serde_json::Value>,
    /// The form adding a task after this one, as submitted.
    add: Option<serde_json::Value>,
}

async fn task_page(
    state: &AppState,
    staff: &Staff,
    id: i64,
    errors: &FieldErrors,
    typed: Typed,
    notice: Option<&'static str>,
) -> AppResult<String> {
    let today = state.clock.today();
    let task = state
        .db
        .work_plan_task(staff.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let units = state.db.work_plan_units_of_task(id).await?;
    let evidence = state.db.work_plan_evidence(id).await?;
    let entries: Vec<EntryView> = state
        .db
        .work_plan_progress(id)
        .await?
        .into_iter()
        .map(|p| EntryView {
            id: p.id,
            completion: p.completion,
            text: p.text,
            happened_on: format_cn_date(p.happened_on),
            department: p.department_name.unwrap_or_default(),
            author: p.author,
            decision: p
                .decision
                .as_deref()
                .and_then(Decision::parse)
                .map(Decision::label),
            decision_note: p.decision_note.unwrap_or_default(),
            evidence: evidence
                .iter()
                .filter(|e| e.progress_id == p.id)
                .map(|e| EvidenceView {
                    id: e.id,
                    document_id: e.document_id,
                    index_no: e.index_no.clone().unwrap_or_default(),
                    document_title: e.document_title.clone().unwrap_or_default(),
                    file_name: e.file_name.clone().unwrap_or_default(),
                    size: e
                        .size
                        .map(|s| format!("{:.1} KB", s as f64 / 1024.0))
                        .unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    let view = task_view(&task, &units, today);
    let may_manage = staff.may(Action::ManageWorkPlans);
    Ok(render(
        "admin/work_plan_task.html",
        crate::ctx! {
            chrome => chrome(staff),
            notice => notice,
            task => &task,
            view => view,
            units => &units,
            entries => entries,
            may_report => may_report(staff, &units) && task.completed_on.is_none(),
            may_manage => may_manage,
            may_delete => may_manage && task.progress_count == 0,
            may_review => may_manage && task.pending_reports > 0 && task.completed_on.is_none(),
            no_department => staff.user.department_id.is_none() && !may_manage,
            lead_units => units.iter().filter(|u| u.role == "lead").map(|u| u.name.clone()).collect::<Vec<_>>().join("、"),
            responsible_units => units.iter().filter(|u| u.role == "responsible").map(|u| u.name.clone()).collect::<Vec<_>>().join("、"),
            deadline => task.deadline.map(|d| d.to_string()).unwrap_or_default(),
            today => today.to_string(),
            errors => error_map(errors),
            typed => typed,
        },
    )?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Msg {
    msg: String,
}

/// `GET /admin/work-plans/tasks/{id}`.
pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    let q: Msg = crate::public::parse_query(raw.as_deref())?;
    let notice = crate::forms::notice(Some(q.msg.as_str()));
    Ok(page(
        task_page(
            &state,
            &staff,
            id,
            &FieldErrors::new(),
            Typed::default(),
            notice,
        )
        .await?,
    ))
}

/// Re-renders the task page with a refused form's errors (422), or passes other errors on.
async fn refused(
    state: &AppState,
    staff: &Staff,
    id: i64,
    e: DbError,
    typed: Typed,
) -> AppResult<Response> {
    match e {
        DbError::Invalid(errs) => Ok(invalid(
            task_page(state, staff, id, &errs, typed, None).await?,
        )),
        other => Err(other.into()),
    }
}

/// 索引号 typed one per line (or separated by spaces, commas or 、).
fn index_numbers(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// `POST /admin/work-plans/tasks/{id}/progress` (multipart: `csrf`, `text`, `happened_on`,
/// `completion`, `documents`, `file`).
pub async fn progress(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    // Who may report is known before the body (and any file in it) is read.
    if state.db.work_plan_task(staff.org.id, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let units = state.db.work_plan_units_of_task(id).await?;
    if !may_report(&staff, &units) {
        return Err(AppError::Forbidden);
    }
    let parts = multipart::read(&staff, mp, state.config.max_upload_bytes).await?;
    let typed = Typed {
        text: parts.get("text").to_string(),
        happened_on: parts.get("happened_on").to_string(),
        documents: parts.get("documents").to_string(),
        ..Typed::default()
    };
    let Some(happened_on) = parse_iso_date(parts.get("happened_on")) else {
        return refused(
            &state,
            &staff,
            id,
            DbError::field("happened_on", "请填写进展日期，格式为 年-月-日"),
            typed,
        )
        .await;
    };
    let mut evidence: Vec<NewEvidence> = index_numbers(parts.get("documents"))
        .into_iter()
        .map(NewEvidence::Document)
        .collect();
    for f in parts.files.iter().filter(|f| f.field == "file") {
        let name = f.name.clone();
        let refuse_file = |m: String| DbError::field("file", m);
        let Some(content_type) = content_type_for(&name) else {
            let e = refuse_file("不支持的文件类型。可上传 PDF、OFD、Word、WPS、Excel、PowerPoint、TXT、CSV、ZIP、JPG、PNG 文件".into());
            return refused(&state, &staff, id, e, typed).await;
        };
        if f.bytes.is_empty() {
            return refused(&state, &staff, id, refuse_file("文件是空的".into()), typed).await;
        }
        if let Err(e) = gongkai_files::check_upload(&name, content_type, &f.bytes) {
            return refused(&state, &staff, id, refuse_file(e.to_string()), typed).await;
        }
        evidence.push(NewEvidence::File {
            name,
            content_type: content_type.to_string(),
            bytes: f.bytes.clone(),
        });
    }
    let completion = parts.get("completion") == "1";
    let entry = NewProgress {
        text: parts.get("text").to_string(),
        happened_on,
        completion,
        department_id: staff.user.department_id,
        evidence,
    };
    match state
        .db
        .add_work_plan_progress(staff.org.id, id, &entry, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => {
            let msg = if completion {
                "task_reported"
            } else {
                "task_progress"
            };
            Ok(Redirect::to(&format!("/admin/work-plans/tasks/{id}?msg={msg}")).into_response())
        }
        Err(e) => refused(&state, &staff, id, e, typed).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    csrf: String,
    decision: String,
    note: String,
}

/// `POST /admin/work-plans/tasks/{id}/review`: accept or return the waiting completion report.
pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let decision = Decision::parse(&f.decision)
        .ok_or_else(|| AppError::BadRequest("审核结果不正确".into()))?;
    match state
        .db
        .review_work_plan_task(
            staff.org.id,
            id,
            decision,
            &f.note,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/admin/work-plans/tasks/{id}?msg=task_{}",
            decision.as_str()
        ))
        .into_response()),
        Err(e) => {
            let typed = Typed {
                note: f.note,
                ..Typed::default()
            };
            refused(&state, &staff, id, e, typed).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditForm {
    csrf: String,
    number: String,
    title: String,
    text: String,
    deadline_text: String,
    deadline: String,
    lead_units: String,
    responsible_units: String,
}

fn unit_list(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// The task form as typed (shown again when refused) and as a `TaskEdit`, or the date error.
fn task_edit(f: EditForm) -> (Typed, Result<TaskEdit, DbError>) {
    let typed = Typed {
        edit: Some(serde_json::json!({
            "number": f.number, "title": f.title, "text": f.text,
            "deadline_text": f.deadline_text, "deadline": f.deadline,
            "lead_units": f.lead_units, "responsible_units": f.responsible_units,
        })),
        ..Typed::default()
    };
    let deadline = if f.deadline.trim().is_empty() {
        None
    } else {
        match parse_iso_date(&f.deadline) {
            Some(d) => Some(d),
            None => {
                return (
                    typed,
                    Err(DbError::field("deadline", "截止日期格式为 年-月-日")),
                );
            }
        }
    };
    let edit = TaskEdit {
        number: f.number,
        title: f.title,
        text: f.text,
        deadline_text: f.deadline_text,
        deadline,
        lead_units: unit_list(&f.lead_units),
        responsible_units: unit_list(&f.responsible_units),
    };
    (typed, Ok(edit))
}

/// `POST /admin/work-plans/tasks/{id}`: the office edits the task.
pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let (typed, edit) = task_edit(f);
    let result = match edit {
        Ok(edit) => {
            state
                .db
                .update_work_plan_task(staff.org.id, id, &edit, &staff.actor(), state.clock.now())
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/admin/work-plans/tasks/{id}?msg=task_saved")).into_response(),
        ),
        Err(e) => refused(&state, &staff, id, e, typed).await,
    }
}

/// `POST /admin/work-plans/tasks/{id}/after`: the office adds a task the import missed, after
/// this one.
pub async fn add_after(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let (typed, edit) = task_edit(f);
    let typed = Typed {
        add: typed.edit,
        ..Typed::default()
    };
    let result = match edit {
        Ok(edit) => {
            state
                .db
                .add_work_plan_task_after(
                    staff.org.id,
                    id,
                    &edit,
                    &staff.actor(),
                    state.clock.now(),
                )
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(new_id) => Ok(
            Redirect::to(&format!("/admin/work-plans/tasks/{new_id}?msg=task_added"))
                .into_response(),
        ),
        Err(e) => refused(&state, &staff, id, e, typed).await,
    }
}

/// `POST /admin/work-plans/tasks/{id}/delete`: a task recognised by mistake (none reported on).
pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<crate::admin::login::CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::ManageWorkPlans)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let plan = state
        .db
        .delete_work_plan_task(staff.org.id, id, &staff.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to(&format!("/admin/work-plans/{plan}?msg=task_deleted")).into_response())
}

/// `GET /admin/work-plans/evidence/{id}`: an uploaded evidence file, for staff.
pub async fn evidence(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    staff.require(Action::ReportWorkPlanProgress)?;
    let (name, content_type, bytes) = state
        .db
        .work_plan_evidence_file(staff.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(crate::admin::download(&content_type, &name, bytes))
}
