//! The back office (/admin). Every handler takes [`crate::auth::Staff`] (anonymous requests are
//! sent to the login page) and checks the role for its action before touching data; every POST
//! checks the CSRF token first.

pub mod annual_report;
pub mod applications;
pub mod attachments;
pub mod audit;
pub mod calendar;
pub mod channels;
pub mod concerns;
pub mod consultations;
pub mod dashboard;
pub mod decisions;
pub mod documents;
pub mod faq;
pub mod login;
pub mod messages;
pub mod multipart;
pub mod notice_templates;
pub mod proposals;
pub mod review;
pub mod search;
pub mod settings;
pub mod structure;
pub mod timeliness;
pub mod users;
pub mod words;
pub mod work_plans;

use crate::auth::Staff;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

/// Values every back-office page needs: who is logged in, what they may do, the CSRF token.
#[derive(Serialize)]
pub struct Chrome {
    pub user: String,
    pub role: &'static str,
    pub org: String,
    pub csrf: String,
    pub may_publish: bool,
    pub may_edit: bool,
    pub may_admin: bool,
    pub may_audit: bool,
    pub may_applications: bool,
    pub may_register: bool,
    pub may_templates: bool,
    pub may_calendar: bool,
    pub may_settings: bool,
    pub may_words: bool,
    pub may_messages: bool,
    pub may_concerns: bool,
    pub may_proposals: bool,
    pub may_consultations: bool,
    pub may_decisions: bool,
    pub may_annual_report: bool,
    pub may_work_plans: bool,
}

pub fn chrome(s: &Staff) -> Chrome {
    use gongkai_core::role::Action;
    Chrome {
        user: s.user.display_name.clone(),
        role: s.role.label(),
        org: s.org.name.clone(),
        csrf: s.csrf.0.clone(),
        may_publish: s.may(Action::PublishDocument),
        may_edit: s.may(Action::EditDocument),
        may_admin: s.may(Action::ManageUsers),
        may_audit: s.may(Action::ViewAudit),
        may_applications: s.may(Action::ViewApplications),
        may_register: s.may(Action::HandleApplications),
        may_templates: s.may(Action::ManageNoticeTemplates),
        may_calendar: s.may(Action::ManageCalendar),
        may_settings: s.may(Action::ManageApplicationSettings),
        may_words: s.may(Action::ManageReviewSettings),
        may_messages: s.may(Action::HandleMessages),
        may_concerns: s.may(Action::ManageConcerns),
        may_proposals: s.may(Action::HandleProposals),
        may_consultations: s.may(Action::ManageConsultations),
        may_decisions: s.may(Action::ManageDecisions),
        may_annual_report: s.may(Action::ManageAnnualReport),
        may_work_plans: s.may(Action::ManageWorkPlans),
    }
}

/// A back-office page: never stored by caches.
pub fn page(html: String) -> Response {
    let mut r = Html(html).into_response();
    crate::auth::no_store(r.headers_mut());
    r
}

/// A back-office form shown again with errors: 422 so that clients and tests can tell.
pub fn invalid(html: String) -> Response {
    let mut r = (axum::http::StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response();
    crate::auth::no_store(r.headers_mut());
    r
}

/// A back-office page explaining why an action could not be done (409).
pub fn conflict(html: String) -> Response {
    let mut r = page(html);
    *r.status_mut() = axum::http::StatusCode::CONFLICT;
    r
}

/// The Chinese answer to an upload that could not be read: too large (413) or cut off (400).
pub fn multipart_error(e: axum::extract::multipart::MultipartError) -> crate::error::AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        crate::error::AppError::TooLarge
    } else {
        crate::error::AppError::BadRequest("上传数据不完整，请重新选择文件上传".into())
    }
}

/// A file to download from the back office: its type, the name (UTF-8, RFC 5987), never stored
/// by caches.
pub fn download(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    use axum::http::header;
    let encoded =
        percent_encoding::utf8_percent_encode(file_name, percent_encoding::NON_ALPHANUMERIC);
    let mut r = (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"download\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response();
    crate::auth::no_store(r.headers_mut());
    r
}
