//! `/admin/channels`: the organization's release channels (两微一端, gazette, reading rooms …),
//! their webhook addresses and signing secrets, and each channel's delivery log; plus recording
//! by hand that an item was released on a channel (`POST /admin/documents/{id}/releases`).

use super::documents::load;
use super::{chrome, conflict, invalid, page};
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::state::AppState;
use crate::templates::render;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use gongkai_core::FieldErrors;
use gongkai_core::channel::ChannelKind;
use gongkai_core::role::Action;
use gongkai_core::time::{china, china_midnight, parse_iso_date};
use gongkai_db::DbError;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct ChannelRow {
    id: i64,
    name: String,
    kind: &'static str,
    webhook_url: String,
    secret: String,
    enabled: bool,
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    errors: &FieldErrors,
    form: Option<&ChannelForm>,
) -> AppResult<String> {
    let rows: Vec<ChannelRow> = state
        .db
        .channels(staff.org.id)
        .await?
        .into_iter()
        .map(|c| ChannelRow {
            id: c.id,
            kind: ChannelKind::parse(&c.kind).map_or("", ChannelKind::label),
            name: c.name,
            webhook_url: c.webhook_url.unwrap_or_default(),
            secret: c.secret.unwrap_or_default(),
            enabled: c.enabled,
        })
        .collect();
    let kinds: Vec<(&str, &str)> = ChannelKind::ALL
        .iter()
        .filter(|k| **k != ChannelKind::Website)
        .map(|k| (k.as_str(), k.label()))
        .collect();
    Ok(render(
        "admin/channels.html",
        crate::ctx! {
            chrome => chrome(staff),
            channels => rows,
            kinds => kinds,
            errors => error_map(errors),
            form => form,
        },
    )?)
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    Ok(page(
        list_page(&state, &staff, &FieldErrors::new(), None).await?,
    ))
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ChannelForm {
    csrf: String,
    kind: String,
    name: String,
    webhook_url: String,
}

pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<ChannelForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let kind = ChannelKind::parse(&f.kind)
        .filter(|k| *k != ChannelKind::Website)
        .ok_or_else(|| AppError::BadRequest("渠道类型不正确".into()))?;
    // The signing secret is made here, once; the receiver is configured with it.
    let secret = csrf::random_token();
    let url = f.webhook_url.trim();
    let webhook = (!url.is_empty()).then_some((url, secret.as_str()));
    match state
        .db
        .add_channel(
            staff.org.id,
            kind,
            &f.name,
            webhook,
            &staff.actor(),
            state.clock.now(),
        )
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/channels").into_response()),
        Err(DbError::Invalid(e)) => Ok(invalid(list_page(&state, &staff, &e, Some(&f)).await?)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EnableForm {
    csrf: String,
    enabled: String,
}

pub async fn enable(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<EnableForm>,
) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    state
        .db
        .set_channel_enabled(
            staff.org.id,
            id,
            f.enabled == "true",
            &staff.actor(),
            state.clock.now(),
        )
        .await?;
    Ok(Redirect::to("/admin/channels").into_response())
}

#[derive(Serialize)]
struct DeliveryRow {
    id: i64,
    index_no: String,
    event: &'static str,
    status: &'static str,
    failed: bool,
    attempts: i64,
    last: String,
    next: String,
    at: String,
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&china())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

pub async fn deliveries(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    let channel = state
        .db
        .channels(staff.org.id)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound)?;
    let rows: Vec<DeliveryRow> = state
        .db
        .deliveries(staff.org.id, id, 200)
        .await?
        .into_iter()
        .map(|d| DeliveryRow {
            id: d.id,
            index_no: d.index_no,
            event: if d.event == "document.withdrawn" {
                "撤回"
            } else {
                "发布"
            },
            status: match d.status.as_str() {
                "delivered" => "已送达",
                "failed" => "失败",
                "delivering" => "推送中",
                _ => "等待重试",
            },
            failed: d.status == "failed",
            attempts: d.attempts,
            last: match (d.last_status, d.last_error) {
                (_, Some(e)) => e,
                (Some(s), None) => format!("HTTP {s}"),
                (None, None) => String::new(),
            },
            next: if d.status == "pending" {
                time(d.next_attempt_at)
            } else {
                String::new()
            },
            at: d
                .delivered_at
                .map(time)
                .unwrap_or_else(|| time(d.created_at)),
        })
        .collect();
    Ok(page(render(
        "admin/deliveries.html",
        crate::ctx! {
            chrome => chrome(&staff),
            channel_id => channel.id,
            channel_name => channel.name,
            deliveries => rows,
        },
    )?))
}

pub async fn retry(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, delivery)): Path<(i64, i64)>,
    Form(f): Form<super::login::CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::ManageOrganization)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    match state
        .db
        .retry_delivery(staff.org.id, delivery, state.clock.now())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/admin/channels/{id}/deliveries")).into_response()),
        Err(DbError::Conflict(m)) => Err(AppError::BadRequest(m)),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReleaseForm {
    csrf: String,
    channel_id: String,
    released_on: String,
    note: String,
}

/// Records by hand that a published item was released on a channel.
pub async fn record_release(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<ReleaseForm>,
) -> AppResult<Response> {
    staff.require(Action::PublishDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let d = load(&state, &staff, id).await?;
    let channel: i64 = f
        .channel_id
        .parse()
        .map_err(|_| AppError::BadRequest("请选择渠道".into()))?;
    let on: Option<NaiveDate> = parse_iso_date(&f.released_on);
    let result = match on {
        None => Err(DbError::field(
            "released_on",
            "请填写发布日期，格式为 年-月-日",
        )),
        Some(day) => {
            let at = china_midnight(day) + chrono::Duration::hours(9);
            let now = state.clock.now();
            state
                .db
                .record_channel_release(id, channel, at.min(now), &f.note, &staff.actor(), now)
                .await
        }
    };
    match result {
        Ok(()) => Ok(
            Redirect::to(&format!("/admin/documents/{id}?msg=release_recorded")).into_response(),
        ),
        Err(DbError::Invalid(e)) => Ok(invalid(
            super::documents::show_page(&state, &staff, &d, None, None, &e).await?,
        )),
        Err(DbError::Conflict(m)) => Ok(conflict(
            super::documents::show_page(&state, &staff, &d, None, Some(m), &FieldErrors::new())
                .await?,
        )),
        Err(e) => Err(e.into()),
    }
}
