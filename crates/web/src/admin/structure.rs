//! The organization's structure: catalog columns, departments, and the data of its
//! 政府信息公开指南 (contact details).

use super::{chrome, conflict, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map, notice};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::FieldErrors;
use gongkai_core::role::Action;
use gongkai_db::{DbError, OrgContact};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MsgQuery {
    msg: String,
}

async fn columns_page(
    state: &AppState,
    staff: &Staff,
    msg: Option<&str>,
    errors: &FieldErrors,
    problem: Option<String>,
) -> AppResult<String> {
    let columns = state.db.columns(staff.org.id).await?;
    Ok(render(
        "admin/columns.html",
        crate::ctx! {
            chrome => chrome(staff), columns => columns, notice => notice(msg),
            errors => error_map(errors), problem => problem,
        },
    )?)
}

pub async fn columns(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageColumns)?;
    let q: MsgQuery = crate::public::parse_query(raw.as_deref())?;
    Ok(page(
        columns_page(&state, &staff, Some(&q.msg), &FieldErrors::new(), None).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ColumnForm {
    csrf: String,
    slug: String,
    name: String,
    parent_id: String,
    position: String,
}

fn parse_position(s: &str) -> Result<i64, AppError> {
    match s.trim() {
        "" => Ok(0),
        p => p
            .parse()
            .map_err(|_| AppError::BadRequest("排序号应为整数".into())),
    }
}

pub async fn add_column(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<ColumnForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageColumns)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let parent = match f.parent_id.trim() {
        "" => None,
        p => Some(
            p.parse::<i64>()
                .map_err(|_| AppError::BadRequest("上级栏目参数不正确".into()))?,
        ),
    };
    let position = parse_position(&f.position)?;
    match state
        .db
        .add_column(
            staff.org.id,
            &f.slug,
            &f.name,
            parent,
            position,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => {
            state.sync_changes().await?;
            Ok(Redirect::to("/admin/columns?msg=column_added").into_response())
        }
        Err(DbError::Invalid(e)) => {
            Ok(invalid(columns_page(&state, &staff, None, &e, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn update_column(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ColumnForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageColumns)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let position = parse_position(&f.position)?;
    match state
        .db
        .update_column(
            staff.org.id,
            id,
            &f.name,
            position,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/columns?msg=column_saved").into_response()),
        Err(DbError::Invalid(e)) => {
            Ok(invalid(columns_page(&state, &staff, None, &e, None).await?))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_column(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<super::login::CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::ManageColumns)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    match state
        .db
        .delete_column(staff.org.id, id, &staff.actor(), state.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/columns?msg=column_deleted").into_response()),
        Err(DbError::Conflict(m)) => Ok(conflict(
            columns_page(&state, &staff, None, &FieldErrors::new(), Some(m)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

async fn departments_page(
    state: &AppState,
    staff: &Staff,
    msg: Option<&str>,
    errors: &FieldErrors,
    problem: Option<String>,
) -> AppResult<String> {
    let departments = state.db.departments(staff.org.id).await?;
    Ok(render(
        "admin/departments.html",
        crate::ctx! {
            chrome => chrome(staff), departments => departments, notice => notice(msg),
            errors => error_map(errors), problem => problem,
        },
    )?)
}

pub async fn departments(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageDepartments)?;
    let q: MsgQuery = crate::public::parse_query(raw.as_deref())?;
    Ok(page(
        departments_page(&state, &staff, Some(&q.msg), &FieldErrors::new(), None).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NameForm {
    csrf: String,
    name: String,
}

pub async fn add_department(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<NameForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageDepartments)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    match state
        .db
        .add_department(staff.org.id, &f.name, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/departments?msg=department_added").into_response()),
        Err(DbError::Invalid(e)) => Ok(invalid(
            departments_page(&state, &staff, None, &e, None).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_department(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<super::login::CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::ManageDepartments)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    match state
        .db
        .delete_department(staff.org.id, id, &staff.actor(), state.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/departments?msg=department_deleted").into_response()),
        Err(DbError::Conflict(m)) => Ok(conflict(
            departments_page(&state, &staff, None, &FieldErrors::new(), Some(m)).await?,
        )),
        Err(e) => Err(e.into()),
    }
}

async fn org_page(
    state: &AppState,
    staff: &Staff,
    name: &str,
    contact: &OrgContact,
    msg: Option<&str>,
    errors: &FieldErrors,
) -> AppResult<String> {
    let _ = state;
    Ok(render(
        "admin/org.html",
        crate::ctx! {
            chrome => chrome(staff), code => staff.org.code.clone(), name => name, contact => contact,
            notice => notice(msg), errors => error_map(errors),
        },
    )?)
}

pub async fn org(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    let q: MsgQuery = crate::public::parse_query(raw.as_deref())?;
    let o = &staff.org;
    let contact = OrgContact {
        address: o.address.clone(),
        postcode: o.postcode.clone(),
        office_hours: o.office_hours.clone(),
        phone: o.phone.clone(),
        fax: o.fax.clone(),
        email: o.email.clone(),
        website: o.website.clone(),
        guide_notes: o.guide_notes.clone(),
    };
    Ok(page(
        org_page(
            &state,
            &staff,
            &o.name,
            &contact,
            Some(&q.msg),
            &FieldErrors::new(),
        )
        .await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OrgForm {
    csrf: String,
    name: String,
    #[serde(flatten)]
    contact: OrgContact,
}

fn check_contact(c: &OrgContact) -> FieldErrors {
    let mut e = FieldErrors::new();
    let limits: [(&'static str, &str, usize); 7] = [
        ("address", &c.address, 200),
        ("postcode", &c.postcode, 6),
        ("office_hours", &c.office_hours, 200),
        ("phone", &c.phone, 50),
        ("fax", &c.fax, 50),
        ("email", &c.email, 100),
        ("website", &c.website, 200),
    ];
    for (field, value, max) in limits {
        if value.trim().chars().count() > max {
            e.add(field, format!("最多 {max} 个字符"));
        }
    }
    let pc = c.postcode.trim();
    if !pc.is_empty() && (pc.len() != 6 || !pc.bytes().all(|b| b.is_ascii_digit())) {
        e.add("postcode", "邮政编码应为 6 位数字");
    }
    let em = c.email.trim();
    if !em.is_empty() && (!em.contains('@') || em.contains(' ')) {
        e.add("email", "电子邮箱格式不正确");
    }
    let web = c.website.trim();
    if !(web.is_empty() || web.starts_with("http://") || web.starts_with("https://")) {
        e.add("website", "网址应以 http:// 或 https:// 开头");
    }
    if c.guide_notes.chars().count() > 5000 {
        e.add("guide_notes", "补充说明最多 5000 个字");
    }
    e
}

pub async fn save_org(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<OrgForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let errors = check_contact(&f.contact);
    if !errors.is_empty() {
        return Ok(invalid(
            org_page(&state, &staff, &f.name, &f.contact, None, &errors).await?,
        ));
    }
    match state
        .db
        .update_org(
            staff.org.id,
            &f.name,
            &f.contact,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(()) => {
            state.sync_changes().await?;
            Ok(Redirect::to("/admin/org?msg=org_saved").into_response())
        }
        Err(DbError::Invalid(e)) => Ok(invalid(
            org_page(&state, &staff, &f.name, &f.contact, None, &e).await?,
        )),
        Err(e) => Err(e.into()),
    }
}
