//! `/messages`, `/mailbox`: messages from the public (网民留言, 领导信箱, 政策咨询). The published
//! messages with their replies, the form (the same anti-abuse rules as applications: CSRF token,
//! honeypot, per-address limit, size limits), the submitter's view with tracking number + secret
//! (POST only, so the secret is never in a URL) and the rating of the reply. The submitter's name
//! and contact are never shown on public pages; submitted text is escaped like all output.

use super::apply::private_page;
use crate::csrf::{self, CsrfToken};
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::{Form, error_map};
use crate::limit::ClientAddr;
use crate::state::AppState;
use crate::templates::render;
use axum::extract::{Extension, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_core::FieldErrors;
use gongkai_core::message::{BoxKind, Category, Rating, Status};
use gongkai_core::time::format_cn_date;
use gongkai_db::{DbError, Message, NewMessage, Organization};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    org: String,
    #[serde(rename = "box")]
    kind: String,
    doc: String,
}

/// A message as the public sees it: no submitter.
#[derive(Serialize)]
struct PublicMessage {
    id: i64,
    tracking_no: String,
    org: String,
    box_name: &'static str,
    category: &'static str,
    title: String,
    body: String,
    received_on: String,
    status: &'static str,
    reply: String,
    replied_on: String,
    rejected_reason: String,
    rating: &'static str,
}

impl From<&Message> for PublicMessage {
    fn from(m: &Message) -> Self {
        PublicMessage {
            id: m.id,
            tracking_no: m.tracking_no.clone(),
            org: m.org_name.clone(),
            box_name: BoxKind::parse(&m.box_kind).map_or("", BoxKind::label),
            category: Category::parse(&m.category).map_or("", Category::label),
            title: m.title.clone(),
            body: m.body.clone(),
            received_on: format_cn_date(m.received_on),
            status: Status::parse(&m.status).map_or("", Status::label),
            // The reply is the submitter's only once it has been sent.
            reply: if matches!(m.status.as_str(), "replied" | "closed") {
                m.reply.clone().unwrap_or_default()
            } else {
                String::new()
            },
            replied_on: m.replied_on.map(format_cn_date).unwrap_or_default(),
            rejected_reason: m.rejected_reason.clone().unwrap_or_default(),
            rating: m
                .rating
                .as_deref()
                .and_then(Rating::parse)
                .map_or("", Rating::label),
        }
    }
}

async fn org_of(state: &AppState, code: &str) -> AppResult<Option<Organization>> {
    if code.is_empty() || code.len() > 32 {
        return Ok(None);
    }
    Ok(state.db.org_by_code(code).await?)
}

async fn list(state: &AppState, q: &ListQuery, fixed: Option<BoxKind>) -> AppResult<Response> {
    let org = org_of(state, q.org.trim()).await?;
    let kind = fixed.or_else(|| BoxKind::parse(q.kind.trim()));
    let items = state
        .db
        .published_messages(org.as_ref().map(|o| o.id), kind.map(BoxKind::as_str), 50)
        .await?;
    let html = render(
        "messages.html",
        crate::ctx! {
            title => kind.map_or("网民留言", BoxKind::label),
            kind => kind.map_or("board", BoxKind::as_str),
            org => org.as_ref().map(|o| o.code.clone()).unwrap_or_default(),
            items => items.iter().map(PublicMessage::from).collect::<Vec<_>>(),
        },
    )?;
    Ok(Html(html).into_response())
}

pub async fn index(State(state): State<AppState>, RawQuery(raw): RawQuery) -> AppResult<Response> {
    let q: ListQuery = super::parse_query(raw.as_deref())?;
    list(&state, &q, None).await
}

pub async fn mailbox(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let q: ListQuery = super::parse_query(raw.as_deref())?;
    list(&state, &q, Some(BoxKind::Mailbox)).await
}

/// A published message and its reply.
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let m = state.db.message(id).await?.ok_or(AppError::NotFound)?;
    if !m.published {
        return Err(AppError::NotFound);
    }
    let html = render("message.html", crate::ctx! { m => PublicMessage::from(&m) })?;
    Ok(Html(html).into_response())
}

/// The form as posted.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MessageForm {
    #[serde(skip_serializing)]
    csrf: String,
    org: String,
    #[serde(rename = "box")]
    kind: String,
    doc: String,
    category: String,
    title: String,
    body: String,
    allow_publish: String,
    name: String,
    contact: String,
    #[serde(skip_serializing)]
    homepage: String,
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    f: &MessageForm,
    errors: &FieldErrors,
) -> AppResult<String> {
    let orgs: Vec<(String, String)> = state
        .db
        .orgs()
        .await?
        .into_iter()
        .map(|o| (o.code, o.name))
        .collect();
    let kinds: Vec<(&str, &str)> = BoxKind::ALL
        .iter()
        .filter(|k| **k != BoxKind::Policy || !f.doc.is_empty())
        .map(|k| (k.as_str(), k.label()))
        .collect();
    let categories: Vec<(&str, &str)> = Category::ALL
        .iter()
        .map(|c| (c.as_str(), c.label()))
        .collect();
    Ok(render(
        "message_form.html",
        crate::ctx! {
            csrf => csrf.0, form => f, errors => error_map(errors), orgs => orgs,
            kinds => kinds, categories => categories,
        },
    )?)
}

pub async fn form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let q: ListQuery = super::parse_query(raw.as_deref())?;
    let orgs = state.db.orgs().await?;
    let org = if orgs.len() == 1 {
        orgs[0].code.clone()
    } else {
        orgs.iter()
            .find(|o| o.code == q.org)
            .map(|o| o.code.clone())
            .unwrap_or_default()
    };
    let doc = q.doc.trim().chars().take(40).collect::<String>();
    let kind = match BoxKind::parse(q.kind.trim()) {
        Some(BoxKind::Policy) if !doc.is_empty() => "policy",
        Some(BoxKind::Mailbox) => "mailbox",
        _ => "board",
    };
    let f = MessageForm {
        org,
        kind: kind.into(),
        doc,
        category: if kind == "policy" { "consult" } else { "" }.into(),
        allow_publish: "true".into(),
        ..Default::default()
    };
    Ok(private_page(
        StatusCode::OK,
        form_page(&state, &csrf, &f, &FieldErrors::new()).await?,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<MessageForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    if !state.limits.apply.allow(&addr, state.clock.now()) {
        return Err(AppError::TooManyRequests);
    }
    if !f.homepage.is_empty() {
        return Err(AppError::BadRequest(
            "留言未能提交。请关闭自动填表工具后，在页面上重新填写。".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    let org = org_of(&state, f.org.trim()).await?;
    if org.is_none() {
        errors.add("org", "请选择留言的机关");
    }
    let category = Category::parse(f.category.trim());
    if category.is_none() {
        errors.add("category", "请选择留言类别");
    }
    let kind = BoxKind::parse(f.kind.trim()).unwrap_or(BoxKind::Board);
    let boxes = match &org {
        Some(o) => state.db.message_boxes(o.id).await?,
        None => Vec::new(),
    };
    let the_box = boxes.iter().find(|b| b.kind == kind.as_str() && b.enabled);
    if org.is_some() && the_box.is_none() {
        errors.add("box", "该机关暂未开通此留言渠道");
    }
    let (Some(org), Some(category), Some(b)) = (org, category, the_box) else {
        let more = gongkai_core::message::check_submission(&f.title, &f.body, &f.name, &f.contact);
        for fe in more.0 {
            errors.add(fe.field, fe.message);
        }
        return Ok(private_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&state, &csrf, &f, &errors).await?,
        ));
    };
    let new = NewMessage {
        box_id: b.id,
        category,
        title: f.title.clone(),
        body: f.body.clone(),
        allow_publish: f.allow_publish == "true",
        name: f.name.clone(),
        contact: f.contact.clone(),
        document: (kind == BoxKind::Policy).then(|| f.doc.trim().to_string()),
    };
    let (m, secret) = match state.db.submit_message(&new, state.clock.now()).await {
        Ok(x) => x,
        Err(DbError::Invalid(e)) => {
            return Ok(private_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                form_page(&state, &csrf, &f, &e).await?,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let html = render(
        "message_done.html",
        crate::ctx! {
            tracking_no => m.tracking_no.clone(),
            secret => secret,
            org => org.name,
            box_name => kind.label(),
            due => format_cn_date(m.due_on),
            provisional => m.provisional,
            title => m.title.clone(),
        },
    )?;
    Ok(private_page(StatusCode::OK, html))
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TrackForm {
    #[serde(skip_serializing)]
    csrf: String,
    tracking_no: String,
    #[serde(skip_serializing)]
    secret: String,
    rating: String,
    comment: String,
}

fn track_page(csrf: &CsrfToken, f: &TrackForm, problem: Option<&str>) -> AppResult<String> {
    Ok(render(
        "message_track.html",
        crate::ctx! { csrf => csrf.0, form => f, problem => problem },
    )?)
}

pub async fn track_form(Extension(csrf): Extension<CsrfToken>) -> AppResult<Response> {
    Ok(private_page(
        StatusCode::OK,
        track_page(&csrf, &TrackForm::default(), None)?,
    ))
}

async fn found(state: &AppState, f: &TrackForm) -> AppResult<Option<Message>> {
    let no = f.tracking_no.trim();
    if no.is_empty() || no.len() > 32 || f.secret.len() > 64 {
        return Ok(None);
    }
    Ok(state.db.message_by_tracking(no, f.secret.trim()).await?)
}

fn status_page(
    csrf: &CsrfToken,
    m: &Message,
    secret: &str,
    problem: Option<String>,
) -> AppResult<String> {
    Ok(render(
        "message_status.html",
        crate::ctx! {
            csrf => csrf.0, m => PublicMessage::from(m), secret => secret,
            due => format_cn_date(m.due_on),
            may_rate => m.status == "replied",
            problem => problem,
        },
    )?)
}

const NOT_FOUND: &str = "留言编号或查询码不正确";

pub async fn track(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<TrackForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    if !state.limits.track.allow(&addr, state.clock.now()) {
        return Err(AppError::TooManyRequests);
    }
    match found(&state, &f).await? {
        Some(m) => Ok(private_page(
            StatusCode::OK,
            status_page(&csrf, &m, &f.secret, None)?,
        )),
        None => Ok(private_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            track_page(&csrf, &f, Some(NOT_FOUND))?,
        )),
    }
}

/// The submitter rates the reply (once), with the tracking number and secret again.
pub async fn rate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<TrackForm>,
) -> AppResult<Response> {
    csrf::verify(&csrf, &f.csrf)?;
    if !state.limits.track.allow(&addr, state.clock.now()) {
        return Err(AppError::TooManyRequests);
    }
    let Some(m) = found(&state, &f).await? else {
        return Ok(private_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            track_page(&csrf, &f, Some(NOT_FOUND))?,
        ));
    };
    let Some(rating) = Rating::parse(f.rating.trim()) else {
        let page = status_page(&csrf, &m, &f.secret, Some("请选择满意或不满意".into()))?;
        return Ok(private_page(StatusCode::UNPROCESSABLE_ENTITY, page));
    };
    match state
        .db
        .rate_message(m.id, rating, &f.comment, state.clock.now())
        .await
    {
        Ok(m) => Ok(private_page(
            StatusCode::OK,
            status_page(&csrf, &m, &f.secret, None)?,
        )),
        Err(DbError::Invalid(e)) => {
            let msg = e.0.first().map(|e| e.message.clone());
            Ok(private_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                status_page(&csrf, &m, &f.secret, msg)?,
            ))
        }
        Err(DbError::Conflict(msg)) => Ok(private_page(
            StatusCode::CONFLICT,
            status_page(&csrf, &m, &f.secret, Some(msg))?,
        )),
        Err(e) => Err(e.into()),
    }
}
