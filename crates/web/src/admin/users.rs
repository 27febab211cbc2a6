//! Staff accounts of the organization (admins only).

use super::{chrome, invalid, page};
use crate::auth::{Staff, hash_password};
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map, notice};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::FieldErrors;
use gongkai_core::account::check_password;
use gongkai_core::role::{Action, Role};
use gongkai_db::{DbError, NewUser};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    role_label: &'static str,
    active: bool,
    locked: bool,
    department_id: Option<i64>,
    /// The reminder address, or as typed when it was refused.
    email: String,
    email_error: Option<String>,
}

#[derive(Deserialize, Default, Serialize)]
#[serde(default)]
pub struct UserForm {
    #[serde(skip_serializing)]
    csrf: String,
    username: String,
    display_name: String,
    role: String,
    #[serde(skip_serializing)]
    password: String,
}

async fn users_page(
    state: &AppState,
    staff: &Staff,
    msg: Option<&str>,
    form: &UserForm,
    errors: &FieldErrors,
) -> AppResult<String> {
    users_page_with(state, staff, msg, form, errors, None).await
}

/// The page; `email` is a refused address as typed for that user (its error is in `errors`).
async fn users_page_with(
    state: &AppState,
    staff: &Staff,
    msg: Option<&str>,
    form: &UserForm,
    errors: &FieldErrors,
    email: Option<(i64, &str)>,
) -> AppResult<String> {
    let now = state.clock.now();
    let users = state.db.users_of_org(staff.org.id).await?;
    let rows: Vec<UserRow> = users
        .iter()
        .map(|u| UserRow {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role.clone(),
            role_label: u.role().map(|r| r.label()).unwrap_or(""),
            active: u.active,
            locked: gongkai_core::account::is_locked(u.locked_until, now),
            department_id: u.department_id,
            email: match email {
                Some((id, typed)) if id == u.id => typed.to_string(),
                _ => u.email.clone().unwrap_or_default(),
            },
            email_error: match email {
                Some((id, _)) if id == u.id => errors.get("email").map(str::to_string),
                _ => None,
            },
        })
        .collect();
    let roles: Vec<(&str, &str)> = Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect();
    let departments: Vec<(i64, String)> = state
        .db
        .departments(staff.org.id)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    Ok(render(
        "admin/users.html",
        crate::ctx! {
            chrome => chrome(staff), users => rows, roles => roles, form => form,
            departments => departments, smtp => state.config.smtp.is_some(),
            reminder_days => gongkai_core::work_plan::tracking::REMINDER_WINDOW_DAYS,
            notice => notice(msg), errors => error_map(errors),
        },
    )?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MsgQuery {
    msg: String,
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    staff.require(Action::ManageUsers)?;
    let q: MsgQuery = crate::public::parse_query(raw.as_deref())?;
    Ok(page(
        users_page(
            &state,
            &staff,
            Some(&q.msg),
            &UserForm::default(),
            &FieldErrors::new(),
        )
        .await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<UserForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageUsers)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let mut errors = FieldErrors::new();
    let role = Role::parse(&f.role);
    if role.is_none() {
        errors.add("role", "请选择角色");
    }
    if let Err(m) = check_password(&f.password) {
        errors.add("password", m);
    }
    let (Some(role), true) = (role, errors.is_empty()) else {
        return Ok(invalid(
            users_page(&state, &staff, None, &f, &errors).await?,
        ));
    };
    let new = NewUser {
        username: f.username.trim().to_string(),
        display_name: f.display_name.clone(),
        password_hash: hash_password(f.password.clone()).await?,
        role,
        org_id: staff.org.id,
    };
    match state
        .db
        .create_user(&new, &staff.actor(), state.clock.now())
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/users?msg=user_added").into_response()),
        Err(DbError::Invalid(e)) => Ok(invalid(users_page(&state, &staff, None, &f, &e).await?)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UpdateForm {
    csrf: String,
    role: String,
    active: String,
}

async fn target(state: &AppState, staff: &Staff, id: i64) -> AppResult<gongkai_db::User> {
    let u = state.db.user_by_id(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(u.org_id)?;
    Ok(u)
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<UpdateForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageUsers)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let u = target(&state, &staff, id).await?;
    let role = Role::parse(&f.role).ok_or_else(|| AppError::BadRequest("角色不正确".into()))?;
    let active = f.active == "1";
    if u.id == staff.user.id && (!active || role != Role::Admin) {
        return Err(AppError::Conflict(
            "不能停用自己的账号或取消自己的管理员角色".into(),
        ));
    }
    state
        .db
        .update_user(&u, role, active, &staff.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to("/admin/users?msg=user_saved").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    csrf: String,
    password: String,
}

pub async fn set_password(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageUsers)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let u = target(&state, &staff, id).await?;
    if let Err(m) = check_password(&f.password) {
        let mut e = FieldErrors::new();
        e.add("password", m);
        return Ok(invalid(
            users_page(&state, &staff, None, &UserForm::default(), &e).await?,
        ));
    }
    let hash = hash_password(f.password).await?;
    state
        .db
        .set_password(&u, &hash, &staff.actor(), state.clock.now())
        .await?;
    Ok(Redirect::to("/admin/users?msg=password_set").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DepartmentForm {
    csrf: String,
    department: String,
}

/// `POST /admin/users/{id}/department`: the department (处室) the user works in, whose
/// work-plan tasks are theirs; empty clears it.
pub async fn set_department(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<DepartmentForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageUsers)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let u = target(&state, &staff, id).await?;
    let department = match f.department.trim() {
        "" => None,
        v => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::BadRequest("处室不正确".into()))?,
        ),
    };
    state
        .db
        .set_user_department(
            staff.org.id,
            u.id,
            department,
            &staff.actor(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to("/admin/users?msg=user_saved").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailForm {
    csrf: String,
    email: String,
}

/// `POST /admin/users/{id}/email`: the address the user's work-plan reminders go to (when an
/// SMTP server is configured); empty clears it. A malformed address shows the page again (422).
pub async fn set_email(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<EmailForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageUsers)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let u = target(&state, &staff, id).await?;
    match state
        .db
        .set_user_email(
            staff.org.id,
            u.id,
            Some(f.email.as_str()),
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/admin/users?msg=user_saved").into_response()),
        Err(DbError::Invalid(e)) => Ok(invalid(
            users_page_with(
                &state,
                &staff,
                None,
                &UserForm::default(),
                &e,
                Some((u.id, f.email.trim())),
            )
            .await?,
        )),
        Err(e) => Err(e.into()),
    }
}
