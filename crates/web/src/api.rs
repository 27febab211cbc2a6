//! The JSON API (`/api/v1`): the public catalog as data. Errors are JSON too.

use crate::error::{ApiError, AppError};
use crate::extract::Path;
use crate::public::{ListingQuery, parse_query};
use crate::state::AppState;
use crate::views::doc_url;
use axum::Json;
use axum::extract::{RawQuery, State};
use gongkai_core::catalog::Status;
use gongkai_core::index_no::IndexNo;
use gongkai_core::subject::Subject;
use serde::Serialize;
use serde_json::{Value, json};

type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(Serialize)]
struct ApiDocument {
    index_no: String,
    url: String,
    title: String,
    doc_no: Option<String>,
    publisher: String,
    written_on: String,
    published_at: Option<String>,
    subject: String,
    subject_label: String,
    genre: String,
    validity: String,
    organization: String,
    column: Option<String>,
}

fn subject_label(code: &str) -> String {
    Subject::from_code(code)
        .map(|s| s.label())
        .unwrap_or_default()
}

/// `GET /api/v1/documents?org=&column=&subject=&genre=&year=&validity=&after=`
pub async fn documents(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Value> {
    let q: ListingQuery = parse_query(raw.as_deref())?;
    let (filter, after) = q.to_filter()?;
    let page = state.db.public_listing(&filter, after, 50).await?;
    let items: Vec<ApiDocument> = page
        .items
        .iter()
        .map(|d| ApiDocument {
            index_no: d.index_no.clone(),
            url: doc_url(&d.index_no),
            title: d.title.clone(),
            doc_no: d.doc_no.clone(),
            publisher: d.publisher.clone(),
            written_on: d.written_on.to_string(),
            published_at: d.published_at.map(|p| p.to_rfc3339()),
            subject: d.subject.clone(),
            subject_label: subject_label(&d.subject),
            genre: d.genre.clone(),
            validity: d.validity.clone(),
            organization: d.org_code.clone(),
            column: d.column_slug.clone(),
        })
        .collect();
    Ok(Json(json!({
        "items": items,
        "count": page.count,
        "count_capped": page.count_capped,
        "next": page.next.map(|c| c.encode()),
    })))
}

/// `GET /api/v1/documents/{CODE}/{YEAR-NNNNN}`: one published document with its body.
pub async fn document(
    State(state): State<AppState>,
    Path((code, serial)): Path<(String, String)>,
) -> ApiResult<Value> {
    let n = IndexNo::parse(&format!("{code}/{serial}")).ok_or(AppError::NotFound)?;
    let d = state
        .db
        .document_by_index_no(&n.to_string())
        .await?
        .ok_or(AppError::NotFound)?;
    if d.status() != Status::Published {
        return Err(AppError::NotFound.into());
    }
    let attachments = state.db.attachments(d.id).await?;
    Ok(Json(json!({
        "index_no": d.index_no,
        "url": doc_url(&d.index_no),
        "title": d.title,
        "doc_no": d.doc_no,
        "publisher": d.publisher,
        "organization": { "code": d.org_code, "name": d.org_name },
        "written_on": d.written_on.to_string(),
        "published_at": d.published_at.map(|p| p.to_rfc3339()),
        "subject": d.subject,
        "subject_label": subject_label(&d.subject),
        "genre": d.genre,
        "validity": d.validity,
        "successor": d.successor_index_no,
        "column": d.column_slug,
        "keywords": d.keywords,
        "summary": d.summary,
        "body_html": d.body_html,
        "attachments": attachments.iter().map(|a| json!({
            "file_name": a.file_name,
            "content_type": a.content_type,
            "size": a.size,
            "sha256": a.sha256,
            "url": format!("/catalog/{}/attachments/{}", d.index_no, a.id),
        })).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/organizations`
pub async fn organizations(State(state): State<AppState>) -> ApiResult<Value> {
    let orgs = state.db.orgs().await?;
    let mut out = Vec::new();
    for o in &orgs {
        let parent = orgs
            .iter()
            .find(|p| Some(p.id) == o.parent_id)
            .map(|p| p.code.clone());
        out.push(json!({ "code": o.code, "name": o.name, "parent": parent, "guide_url": format!("/guide/{}", o.code) }));
    }
    Ok(Json(json!({ "items": out })))
}

/// `GET /api/v1/subjects`: the 主题分类 codes and labels.
pub async fn subjects() -> Json<Value> {
    let items: Vec<Value> = gongkai_core::subject::all()
        .iter()
        .map(|s| json!({ "code": s.code, "label": s.label() }))
        .collect();
    Json(json!({ "items": items }))
}

/// Unknown API paths answer in JSON as well.
pub async fn not_found() -> ApiError {
    ApiError(AppError::NotFound)
}

/// `GET /api/v1/search?q=&org=&column=&subject=&genre=&year=&validity=&sort=date&page=`
pub async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Value> {
    let o =
        crate::public::search::run(&state, raw.as_deref(), gongkai_search::Scope::Public).await?;
    Ok(Json(json!({
        "total": o.results.total,
        "page": o.page,
        "pages": o.pages(),
        "notes": o.notes,
        "items": o.results.hits.iter().map(|h| json!({
            "index_no": h.index_no,
            "url": doc_url(&h.index_no),
            "title_html": h.title_html,
            "doc_no": h.doc_no,
            "snippet_html": h.snippet_html,
            "published_at": h.published_at.map(|p| p.to_rfc3339()),
        })).collect::<Vec<_>>(),
    })))
}
