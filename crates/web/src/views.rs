//! What templates see: display-ready values computed from stored rows (dates in China time and
//! Chinese format, labels for codes), so templates hold no logic beyond layout.

use gongkai_core::catalog::{Status, Validity};
use gongkai_core::subject::Subject;
use gongkai_core::time::{china_date, format_cn_date};
use gongkai_db::{Attachment, Document, DocumentSummary};
use serde::Serialize;

pub fn doc_url(index_no: &str) -> String {
    format!("/catalog/{index_no}")
}

fn subject_label(code: &str) -> String {
    Subject::from_code(code)
        .map(|s| s.label())
        .unwrap_or_default()
}

fn validity_label(v: &str) -> &'static str {
    Validity::parse(v).map(|v| v.label()).unwrap_or("")
}

pub fn status_label(s: &str) -> &'static str {
    Status::parse(s).map(|s| s.label()).unwrap_or("")
}

#[derive(Serialize)]
pub struct DocRow {
    pub id: i64,
    pub url: String,
    pub index_no: String,
    pub title: String,
    pub doc_no: String,
    pub publisher: String,
    pub written_on: String,
    pub published_on: String,
    /// ISO date for `<time datetime>`.
    pub published_iso: String,
    pub subject: String,
    pub genre: String,
    pub validity: String,
    pub validity_code: String,
    pub status: String,
    pub status_code: String,
}

impl From<&DocumentSummary> for DocRow {
    fn from(d: &DocumentSummary) -> Self {
        let published = d.published_at.map(china_date);
        DocRow {
            id: d.id,
            url: doc_url(&d.index_no),
            index_no: d.index_no.clone(),
            title: d.title.clone(),
            doc_no: d.doc_no.clone().unwrap_or_default(),
            publisher: d.publisher.clone(),
            written_on: format_cn_date(d.written_on),
            published_on: published.map(format_cn_date).unwrap_or_default(),
            published_iso: published.map(|p| p.to_string()).unwrap_or_default(),
            subject: subject_label(&d.subject),
            genre: d.genre.clone(),
            validity: validity_label(&d.validity).into(),
            validity_code: d.validity.clone(),
            status: status_label(&d.status).into(),
            status_code: d.status.clone(),
        }
    }
}

#[derive(Serialize)]
pub struct AttachmentView {
    pub id: i64,
    pub url: String,
    pub file_name: String,
    pub size: String,
}

impl From<&Attachment> for AttachmentView {
    fn from(a: &Attachment) -> Self {
        AttachmentView {
            id: a.id,
            url: format!("/attachments/{}", a.id),
            file_name: a.file_name.clone(),
            size: human_size(a.size),
        }
    }
}

pub fn human_size(bytes: i64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    }
}

#[derive(Serialize)]
pub struct DocView {
    pub id: i64,
    pub url: String,
    pub index_no: String,
    pub title: String,
    pub doc_no: String,
    pub publisher: String,
    pub org_name: String,
    pub org_code: String,
    pub written_on: String,
    pub written_iso: String,
    pub published_on: String,
    pub subject: String,
    pub subject_code: String,
    pub genre: String,
    pub disclosure: String,
    pub disclosure_reason: String,
    pub validity: String,
    pub validity_code: String,
    pub successor_url: String,
    pub successor_title: String,
    pub column_name: String,
    pub column_slug: String,
    pub department: String,
    pub keywords: String,
    pub summary: String,
    pub body_html: String,
    pub status: String,
    pub status_code: String,
    pub withdrawn_reason: String,
    pub version: i64,
}

impl From<&Document> for DocView {
    fn from(d: &Document) -> Self {
        DocView {
            id: d.id,
            url: doc_url(&d.index_no),
            index_no: d.index_no.clone(),
            title: d.title.clone(),
            doc_no: d.doc_no.clone().unwrap_or_default(),
            publisher: d.publisher.clone(),
            org_name: d.org_name.clone(),
            org_code: d.org_code.clone(),
            written_on: format_cn_date(d.written_on),
            written_iso: d.written_on.to_string(),
            published_on: d
                .published_at
                .map(|p| format_cn_date(china_date(p)))
                .unwrap_or_default(),
            subject: subject_label(&d.subject),
            subject_code: d.subject.clone(),
            genre: d.genre.clone(),
            disclosure: d.disclosure().label().into(),
            disclosure_reason: d.disclosure_reason.clone().unwrap_or_default(),
            validity: d.validity().label().into(),
            validity_code: d.validity.clone(),
            successor_url: d
                .successor_index_no
                .as_deref()
                .map(doc_url)
                .unwrap_or_default(),
            successor_title: d.successor_title.clone().unwrap_or_default(),
            column_name: d.column_name.clone().unwrap_or_default(),
            column_slug: d.column_slug.clone().unwrap_or_default(),
            department: d.department_name.clone().unwrap_or_default(),
            keywords: d.keywords.clone(),
            summary: d.summary.clone(),
            // Sanitised when stored; sanitised again here in case the stored HTML predates a
            // stricter policy. Pages are cached, so this costs once per change.
            body_html: gongkai_core::document::sanitize_body(&d.body_html),
            status: d.status().label().into(),
            status_code: d.status.clone(),
            withdrawn_reason: d.withdrawn_reason.clone().unwrap_or_default(),
            version: d.version,
        }
    }
}

/// `(value, label)` choices for select boxes.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn subject_choices() -> Vec<Choice> {
    gongkai_core::subject::all()
        .into_iter()
        .map(|s| Choice {
            label: match s.level2 {
                Some(l2) => format!("　{l2}"),
                None => s.level1.to_string(),
            },
            value: s.code,
        })
        .collect()
}

pub fn genre_choices() -> Vec<Choice> {
    gongkai_core::genre::GENRES
        .iter()
        .map(|g| Choice {
            value: g.to_string(),
            label: g.to_string(),
        })
        .collect()
}

pub fn validity_choices() -> Vec<Choice> {
    Validity::ALL
        .iter()
        .map(|v| Choice {
            value: v.as_str().into(),
            label: v.label().into(),
        })
        .collect()
}

pub fn disclosure_choices() -> Vec<Choice> {
    gongkai_core::catalog::Disclosure::ALL
        .iter()
        .map(|v| Choice {
            value: v.as_str().into(),
            label: v.label().into(),
        })
        .collect()
}
