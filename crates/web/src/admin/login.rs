//! Login and logout, with lockout after repeated failures.

use crate::auth::{
    SESSION_COOKIE, clear_session_cookie, current_user, session_cookie, token_hash, verify_password,
};
use crate::csrf::{self, CsrfToken, cookie_value, random_token};
use crate::error::AppResult;
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::render;
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use gongkai_core::account::is_locked;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: String,
}

/// Only paths inside the back office are followed after login (no open redirect).
fn safe_next(next: &str) -> String {
    if next.starts_with("/admin") && !next.starts_with("//") && !next.contains("://") {
        next.to_string()
    } else {
        "/admin".to_string()
    }
}

fn login_page(csrf: &str, next: &str, username: &str, error: Option<&str>) -> AppResult<String> {
    Ok(render(
        "admin/login.html",
        crate::ctx! { csrf => csrf, next => next, username => username, error => error },
    )?)
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    if current_user(&state, &headers).await?.is_some() {
        return Ok(Redirect::to("/admin").into_response());
    }
    let q: NextQuery = crate::public::parse_query(raw.as_deref())?;
    Ok(super::page(login_page(
        &csrf.0,
        &safe_next(&q.next),
        "",
        None,
    )?))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    let now = state.clock.now();
    let username = f.username.trim().to_lowercase();
    let refuse = |msg: &str| -> AppResult<Response> {
        let html = login_page(&csrf.0, &safe_next(&f.next), &username, Some(msg))?;
        let mut r = (
            axum::http::StatusCode::UNAUTHORIZED,
            axum::response::Html(html),
        )
            .into_response();
        crate::auth::no_store(r.headers_mut());
        Ok(r)
    };
    if username.is_empty() || f.password.is_empty() {
        return refuse("请输入用户名和密码");
    }
    let user = state.db.user_by_username(&username).await?;
    if let Some(u) = &user
        && is_locked(u.locked_until, now)
    {
        let minutes = u
            .locked_until
            .map(|t| (t - now).num_minutes() + 1)
            .unwrap_or(15);
        return refuse(&format!(
            "连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试"
        ));
    }
    let ok = verify_password(
        f.password.clone(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    let user = match (ok, user) {
        (true, Some(u)) if u.active => u,
        (_, Some(u)) => {
            state.db.record_login_failure(&u, now).await?;
            return refuse("用户名或密码错误");
        }
        (_, None) => return refuse("用户名或密码错误"),
    };
    state.db.record_login_success(user.id).await?;
    let token = random_token();
    let hours = state.config.session_hours;
    state
        .db
        .create_session(
            &token_hash(&token),
            user.id,
            now,
            now + Duration::hours(hours),
        )
        .await?;
    tracing::info!(user.id = user.id, "staff login");
    let mut res = Redirect::to(&safe_next(&f.next)).into_response();
    let h = res.headers_mut();
    h.append(
        header::SET_COOKIE,
        session_cookie(&token, hours * 3600, state.config.secure_cookies),
    );
    // A new CSRF token for the new session: one seen before login is worth nothing after it.
    csrf::set_cookie(h, &random_token());
    Ok(res)
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    headers: HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE) {
        state.db.delete_session(&token_hash(&token)).await?;
    }
    let mut res = Redirect::to("/admin/login").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, clear_session_cookie());
    Ok(res)
}
