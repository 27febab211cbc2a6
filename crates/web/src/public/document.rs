//! A document's public page and its attachments.

use crate::cache::Page;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::state::AppState;
use crate::templates::render;
use crate::views::{AttachmentView, DocRow, DocView};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use gongkai_core::catalog::Status;
use gongkai_core::index_no::IndexNo;
use gongkai_db::{Attachment, Document};
use std::sync::Arc;

/// A published document by its index number (the two path segments `CODE` and `YEAR-NNNNN`).
async fn published(state: &AppState, code: &str, serial: &str) -> AppResult<Document> {
    let index_no = IndexNo::parse(&format!("{code}/{serial}")).ok_or(AppError::NotFound)?;
    let doc = state
        .db
        .document_by_index_no(&index_no.to_string())
        .await?
        .ok_or(AppError::NotFound)?;
    if doc.status() != Status::Published {
        return Err(AppError::NotFound);
    }
    Ok(doc)
}

pub async fn page(
    State(state): State<AppState>,
    Path((code, serial)): Path<(String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let key = format!("{code}/{serial}");
    if let Some(p) = state.cache.document(&key) {
        return Ok(p.respond(&headers));
    }
    let doc = published(&state, &code, &serial).await?;
    let attachments = state.db.attachments(doc.id).await?;
    let related = state.db.related_documents(&doc, 5).await?;
    let predecessors = state.db.predecessors(doc.id).await?;
    let interpretations = state.db.interpretations(doc.id).await?;
    // An interpretation links back to its policy, when that is public.
    let policy = match doc.interprets_id {
        Some(p) => state
            .db
            .document(p)
            .await?
            .filter(|p| p.status() == Status::Published)
            .map(|p| DocView::from(&p)),
        None => None,
    };
    let view = DocView::from(&doc);
    let html = render(
        "document.html",
        crate::ctx! {
            doc => view,
            attachments => attachments.iter().map(|a| attachment_view(&doc, a)).collect::<Vec<_>>(),
            related => related.iter().map(DocRow::from).collect::<Vec<_>>(),
            predecessors => predecessors.iter().filter(|p| p.status == "published").map(DocRow::from).collect::<Vec<_>>(),
            interpretations => interpretations.iter().map(DocRow::from).collect::<Vec<_>>(),
            policy => policy,
        },
    )?;
    let page = Arc::new(Page::new(html));
    // Cache under the canonical number only, so odd spellings cannot fill the cache.
    if key == doc.index_no {
        state.cache.put_document(&doc.index_no, page.clone());
    }
    Ok(page.respond(&headers))
}

fn attachment_view(doc: &Document, a: &Attachment) -> AttachmentView {
    let mut v = AttachmentView::from(a);
    v.url = format!("/catalog/{}/attachments/{}", doc.index_no, a.id);
    v
}

pub async fn attachment(
    State(state): State<AppState>,
    Path((code, serial, id)): Path<(String, String, i64)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let doc = published(&state, &code, &serial).await?;
    let (att, bytes) = state
        .db
        .attachment_with_bytes(doc.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(file_response(&att, bytes, &headers))
}

/// Serves stored bytes with the headers a download needs: the stored type (never sniffed), the
/// original file name (UTF-8), and an ETag from the content hash.
pub fn file_response(att: &Attachment, bytes: Vec<u8>, headers: &HeaderMap) -> Response {
    let etag = format!("\"{}\"", att.sha256);
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (axum::http::StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let inline = att.content_type == "application/pdf" || att.content_type.starts_with("image/");
    let encoded =
        percent_encoding::utf8_percent_encode(&att.file_name, percent_encoding::NON_ALPHANUMERIC);
    let disposition = format!(
        "{}; filename=\"download\"; filename*=UTF-8''{encoded}",
        if inline { "inline" } else { "attachment" }
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&att.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}
