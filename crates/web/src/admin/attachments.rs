//! Attachment upload, removal and staff download.

use crate::admin::multipart;
use crate::auth::Staff;
use crate::csrf;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::forms::Form;
use crate::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_core::role::Action;
use gongkai_db::NewAttachment;

/// Accepted file types, by extension; the stored content type comes from this list, never from
/// what the browser claims.
const TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("ofd", "application/ofd"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("wps", "application/vnd.ms-works"),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("et", "application/vnd.ms-excel"),
    ("ppt", "application/vnd.ms-powerpoint"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("txt", "text/plain; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("zip", "application/zip"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
];

pub fn content_type_for(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    TYPES.iter().find(|(e, _)| *e == ext).map(|(_, t)| *t)
}

/// Expects the fields `csrf` then `file` (the form puts them in that order), so the token is
/// checked before any file bytes are read (`multipart::read`).
pub async fn upload(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    mp: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    let doc = state.db.document(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(doc.org_id)?;
    let parts = multipart::read(&staff, mp, state.config.max_upload_bytes).await?;
    let Some(file) = parts.file("file").filter(|f| !f.name.is_empty()) else {
        return Err(AppError::BadRequest("请选择要上传的文件".into()));
    };
    let file_name = file.name.clone();
    let content_type = content_type_for(&file_name).ok_or_else(|| {
        AppError::BadRequest("不支持的文件类型。可上传 PDF、OFD、Word、WPS、Excel、PowerPoint、TXT、CSV、ZIP、JPG、PNG 文件".into())
    })?;
    let bytes = &file.bytes;
    if bytes.is_empty() {
        return Err(AppError::BadRequest("文件是空的".into()));
    }
    // The bytes must be what the name says, readable and not password-protected.
    gongkai_files::check_upload(&file_name, content_type, bytes)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let att = NewAttachment {
        file_name,
        content_type: content_type.to_string(),
        bytes: bytes.clone(),
    };
    state
        .db
        .add_attachment(id, &att, &staff.actor(), state.clock.now())
        .await?;
    state.sync_changes().await?;
    Ok(Redirect::to(&format!("/admin/documents/{id}?msg=uploaded")).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, aid)): Path<(i64, i64)>,
    Form(f): Form<super::login::CsrfOnly>,
) -> AppResult<Response> {
    staff.require(Action::EditDocument)?;
    csrf::verify(&staff.csrf, &f.csrf)?;
    let doc = state.db.document(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(doc.org_id)?;
    state
        .db
        .remove_attachment(id, aid, &staff.actor(), state.clock.now())
        .await?;
    state.sync_changes().await?;
    Ok(Redirect::to(&format!("/admin/documents/{id}?msg=removed")).into_response())
}

pub async fn download(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, aid)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    staff.require(Action::ViewDrafts)?;
    let doc = state.db.document(id).await?.ok_or(AppError::NotFound)?;
    staff.check_org(doc.org_id)?;
    let (att, bytes) = state
        .db
        .attachment_with_bytes(id, aid)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut r = crate::public::document::file_response(&att, bytes, &headers);
    crate::auth::no_store(r.headers_mut());
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_extension() {
        assert_eq!(content_type_for("通知.PDF"), Some("application/pdf"));
        assert_eq!(content_type_for("a.exe"), None);
        assert_eq!(content_type_for("noext"), None);
    }
}
