//! `/admin/messages`: messages from the public in the back office — queues (new, open, overdue,
//! due within 3 working days, answered; per division), the message page with its history and the
//! steps its status allows (core `message::next`), the audited reveal of the submitter's contact,
//! and `/admin/message-boxes` (reply periods per box).

use super::{chrome, conflict, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::FieldErrors;
use gongkai_core::message::{BoxKind, Category, Rating, Status, Step, Tally, next};
use gongkai_core::role::Action;
use gongkai_core::time::{china, format_cn_date};
use gongkai_db::{DbError, Message, MessageAction};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Row {
    id: i64,
    tracking_no: String,
    title: String,
    box_name: &'static str,
    category: &'static str,
    status: &'static str,
    received_on: String,
    due_on: String,
    overdue: bool,
    department: String,
}

fn row(m: &Message, today: chrono::NaiveDate) -> Row {
    let status = Status::parse(&m.status).unwrap_or(Status::Received);
    Row {
        id: m.id,
        tracking_no: m.tracking_no.clone(),
        title: m.title.clone(),
        box_name: BoxKind::parse(&m.box_kind).map_or("", BoxKind::label),
        category: Category::parse(&m.category).map_or("", Category::label),
        status: status.label(),
        received_on: format_cn_date(m.received_on),
        due_on: format_cn_date(m.due_on),
        overdue: status.is_open() && m.due_on < today,
        department: m.department_name.clone().unwrap_or_default(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    queue: String,
    department: String,
}

const QUEUES: &[(&str, &str)] = &[
    ("open", "办理中"),
    ("new", "待登记"),
    ("overdue", "已超期"),
    ("due_soon", "3个工作日内到期"),
    ("answered", "已答复"),
    ("all", "全部"),
];

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::HandleMessages)?;
    let q: QueueQuery = crate::public::parse_query(raw.as_deref())?;
    let queue = QUEUES
        .iter()
        .find(|(k, _)| *k == q.queue)
        .map_or("open", |(k, _)| k);
    let departments = state.db.departments(staff.org.id).await?;
    let department = match q.department.trim() {
        "" => None,
        d => Some(
            d.parse::<i64>()
                .ok()
                .filter(|id| departments.iter().any(|x| x.id == *id))
                .ok_or_else(|| AppError::BadRequest("处室参数不正确".into()))?,
        ),
    };
    let today = state.clock.today();
    let cal = state.db.calendar().await?;
    let soon = cal.add_working_days(today, 3).due;
    let items = state
        .db
        .message_queue(staff.org.id, queue, department, today, soon)
        .await?;
    Ok(page(render(
        "admin/messages.html",
        crate::ctx! {
            chrome => chrome(&staff),
            queues => QUEUES,
            queue => queue,
            department => department,
            departments => departments.iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>(),
            items => items.iter().map(|m| row(m, today)).collect::<Vec<_>>(),
        },
    )?))
}

async fn load(state: &AppState, staff: &Staff, id: i64) -> AppResult<Message> {
    let m = state.db.message(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(m.org_id)?;
    Ok(m)
}

#[derive(Serialize)]
struct EventRow {
    at: String,
    who: String,
    what: &'static str,
    note: String,
    department: String,
}

async fn message_page(
    state: &AppState,
    staff: &Staff,
    m: &Message,
    submitter: Option<(String, String)>,
    errors: &FieldErrors,
    problem: Option<String>,
) -> AppResult<String> {
    let status = Status::parse(&m.status).unwrap_or(Status::Received);
    let may_handle = staff.may(Action::HandleMessages);
    let may_sign = staff.may(Action::SignOffMessages);
    let steps: Vec<(&str, &str)> = [
        Step::Register,
        Step::Reject,
        Step::Assign,
        Step::Reassign,
        Step::Draft,
        Step::SignOff,
        Step::SendBack,
        Step::Send,
    ]
    .into_iter()
    .filter(|s| next(status, *s).is_ok())
    .filter(|s| match s {
        Step::SignOff | Step::SendBack => may_sign,
        _ => may_handle,
    })
    .map(|s| (s.as_str(), s.label()))
    .collect();
    let events: Vec<EventRow> = state
        .db
        .message_events(m.id)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: e
                .at
                .with_timezone(&china())
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            who: e.actor_name,
            what: Step::parse(&e.step).map_or("收到留言", Step::label),
            note: e.note,
            department: e.department_name.unwrap_or_default(),
        })
        .collect();
    let departments = state.db.departments(m.org_id).await?;
    Ok(render(
        "admin/message.html",
        crate::ctx! {
            chrome => chrome(staff),
            m => m,
            status => status.label(),
            box_name => BoxKind::parse(&m.box_kind).map_or("", BoxKind::label),
            category => Category::parse(&m.category).map_or("", Category::label),
            received_on => format_cn_date(m.received_on),
            due_on => format_cn_date(m.due_on),
            overdue => status.is_open() && m.due_on < state.clock.today(),
            rating => m.rating.as_deref().and_then(Rating::parse).map(Rating::label),
            steps => steps,
            events => events,
            departments => departments.iter().map(|d| (d.id, d.name.clone())).collect::<Vec<_>>(),
            submitter => submitter,
            errors => error_map(errors),
            problem => problem,
        },
    )?)
}

pub async fn show(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    staff.require(Action::HandleMessages)?;
    let m = load(&state, &staff, id).await?;
    Ok(page(
        message_page(&state, &staff, &m, None, &FieldErrors::new(), None).await?,
    ))
}

/// Shows the submitter's name and contact (a POST: the reading is audited).
pub async fn submitter(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<super::login::CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::HandleMessages)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let m = load(&state, &staff, id).await?;
    let who = state
        .db
        .message_submitter(id, &staff.actor(), state.clock.now())
        .await?;
    Ok(page(
        message_page(&state, &staff, &m, who, &FieldErrors::new(), None).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    csrf: String,
    status: String,
    note: String,
    department: String,
    reply: String,
    publish: String,
}

pub async fn step(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, step)): Path<(i64, String)>,
    Form(f): Form<StepForm>,
) -> AppResult<Response> {
    let step = Step::parse(&step)
        .filter(|s| *s != Step::Rate)
        .ok_or(AppError::NotFound)?;
    staff.require(match step {
        Step::SignOff | Step::SendBack => Action::SignOffMessages,
        _ => Action::HandleMessages,
    })?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let m = load(&state, &staff, id).await?;
    let action = MessageAction {
        step,
        note: f.note.clone(),
        department_id: f.department.trim().parse().ok(),
        reply: Some(f.reply.clone()).filter(|_| step == Step::Draft),
        publish: f.publish == "true",
    };
    match state
        .db
        .message_step(
            id,
            f.status.trim(),
            &action,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/messages/{id}")).into_response()),
        Err(DbError::Invalid(e)) => Ok(invalid(
            message_page(&state, &staff, &m, None, &e, None).await?,
        )),
        Err(DbError::Conflict(msg)) => Ok(conflict(
            message_page(&state, &staff, &m, None, &FieldErrors::new(), Some(msg)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn boxes(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    let boxes = state.db.message_boxes(staff.org.id).await?;
    Ok(page(render(
        "admin/message_boxes.html",
        crate::ctx! {
            chrome => chrome(&staff),
            boxes => boxes,
            errors => error_map(&FieldErrors::new()),
        },
    )?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BoxForm {
    csrf: String,
    box_id: String,
    reply_wd: String,
    enabled: String,
}

pub async fn save_box(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<BoxForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let box_id: i64 = f
        .box_id
        .parse()
        .map_err(|_| AppError::BadRequest("留言箱参数不正确".into()))?;
    let reply_wd: i64 = f.reply_wd.trim().parse().unwrap_or(0);
    match state
        .db
        .update_message_box(
            staff.org.id,
            box_id,
            reply_wd,
            f.enabled == "true",
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/message-boxes").into_response()),
        Err(DbError::Invalid(e)) => {
            let boxes = state.db.message_boxes(staff.org.id).await?;
            Ok(invalid(render(
                "admin/message_boxes.html",
                crate::ctx! { chrome => chrome(&staff), boxes => boxes, errors => error_map(&e) },
            )?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Serialize)]
struct TallyRow {
    name: String,
    received: u64,
    answered: u64,
    on_time: u64,
    average_wd: String,
    satisfaction: String,
}

fn tally_rows<K: Ord>(
    facts: &[gongkai_db::MessageFacts],
    key: impl Fn(&gongkai_db::MessageFacts) -> K,
    name: impl Fn(&K) -> String,
    cal: &gongkai_core::calendar::Calendar,
) -> Vec<TallyRow> {
    let mut groups: std::collections::BTreeMap<K, Tally> = std::collections::BTreeMap::new();
    for f in facts {
        groups.entry(key(f)).or_default().add(&f.facts, cal);
    }
    groups.iter().map(|(k, t)| tally_row(name(k), t)).collect()
}

fn tally_row(name: String, t: &Tally) -> TallyRow {
    TallyRow {
        name,
        received: t.received,
        answered: t.answered,
        on_time: t.on_time,
        average_wd: t
            .average_working_days()
            .map(|d| format!("{d:.1}"))
            .unwrap_or_else(|| "—".into()),
        satisfaction: t
            .satisfaction_percent()
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "—".into()),
    }
}

/// `/admin/messages/stats?year=`: received, answered, on time, average working days to answer
/// and satisfaction, per box, division, category and month.
pub async fn stats(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    use chrono::Datelike;
    staff.require(Action::HandleMessages)?;
    let today = state.clock.today();
    let year = crate::public::year_param(raw.as_deref(), 2008, today.year(), today.year())?;
    let (Some(from), Some(to)) = (
        chrono::NaiveDate::from_ymd_opt(year, 1, 1),
        chrono::NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(AppError::BadRequest("年度不正确".into()));
    };
    let facts = state.db.message_facts(staff.org.id, from, to).await?;
    let cal = state.db.calendar().await?;
    let mut total = Tally::default();
    for f in &facts {
        total.add(&f.facts, &cal);
    }
    let by_box = tally_rows(
        &facts,
        |f| f.box_kind.clone(),
        |k| BoxKind::parse(k).map_or(k.clone(), |b| b.label().to_string()),
        &cal,
    );
    let by_department = tally_rows(
        &facts,
        |f| f.department.clone().unwrap_or_default(),
        |k| {
            if k.is_empty() {
                "（未交办）".to_string()
            } else {
                k.clone()
            }
        },
        &cal,
    );
    let by_category = tally_rows(
        &facts,
        |f| f.category.clone(),
        |k| Category::parse(k).map_or(k.clone(), |c| c.label().to_string()),
        &cal,
    );
    let by_month = tally_rows(
        &facts,
        |f| f.facts.received_on.month(),
        |m| format!("{m}月"),
        &cal,
    );
    Ok(page(render(
        "admin/message_stats.html",
        crate::ctx! {
            chrome => chrome(&staff),
            year => year,
            years => (2008..=today.year()).rev().collect::<Vec<_>>(),
            total => tally_row("合计".into(), &total),
            tables => vec![
                ("按留言渠道", by_box),
                ("按承办处室", by_department),
                ("按留言类别", by_category),
                ("按月份（收到留言）", by_month),
            ],
        },
    )?))
}
