//! Rows as the rest of the application sees them, and the inputs of writes.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::catalog::{Disclosure, Status, Validity};
use gongkai_core::role::Role;
use gongkai_core::subject::Subject;
use serde::Serialize;

/// Who made a change, for the audit trail.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
}

impl Actor {
    /// Changes made from the command line or by the system itself.
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            name: name.to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Organization {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i64>,
    pub address: String,
    pub postcode: String,
    pub office_hours: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub website: String,
    pub guide_notes: String,
    /// Core `OrgKind::as_str`: `government` or `department` (report deadlines).
    pub kind: String,
}

impl Organization {
    /// The contact data of the 政府信息公开指南.
    pub fn contact(&self) -> OrgContact {
        OrgContact {
            address: self.address.clone(),
            postcode: self.postcode.clone(),
            office_hours: self.office_hours.clone(),
            phone: self.phone.clone(),
            fax: self.fax.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            guide_notes: self.guide_notes.clone(),
        }
    }
}

/// Contact data shown on the 政府信息公开指南 page.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct OrgContact {
    pub address: String,
    pub postcode: String,
    pub office_hours: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub website: String,
    pub guide_notes: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Department {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub position: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Column {
    pub id: i64,
    pub org_id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub role: String,
    pub org_id: i64,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
    /// The department (处室) the staff member works in: their work-plan tasks.
    pub department_id: Option<i64>,
    /// Where the work-plan reminders go (when an SMTP server is configured).
    pub email: Option<String>,
}

impl User {
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.id),
            name: self.username.clone(),
        }
    }
}

/// A catalog document with the names of what it refers to.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Document {
    pub id: i64,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    pub index_no: String,
    pub title: String,
    pub doc_no: Option<String>,
    pub publisher: String,
    pub written_on: NaiveDate,
    pub published_at: Option<DateTime<Utc>>,
    pub subject: String,
    pub genre: String,
    pub disclosure: String,
    pub disclosure_reason: Option<String>,
    pub validity: String,
    pub successor_id: Option<i64>,
    pub successor_index_no: Option<String>,
    pub successor_title: Option<String>,
    pub column_id: Option<i64>,
    pub column_slug: Option<String>,
    pub column_name: Option<String>,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub keywords: String,
    pub summary: String,
    pub body_html: String,
    pub status: String,
    pub withdrawn_reason: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Reviews and approvals count for this cycle only (see core `review`).
    pub review_cycle: i64,
    /// The approved release time of a scheduled item.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// The item this one is a revision of.
    pub revises_id: Option<i64>,
    /// For a 政策解读: the policy it explains.
    pub interprets_id: Option<i64>,
    pub interprets_index_no: Option<String>,
    pub interprets_title: Option<String>,
    /// The policy is released only together with an approved interpretation (三同步).
    pub needs_interpretation: bool,
    /// `rule` (规章) or `normative` (行政规范性文件): counted in the annual report's Table 2.
    pub legal_kind: Option<String>,
}

/// What the search index holds of a document: its own columns, read without the joins of
/// [`Document`]. A rebuild reads every document: reading was a tenth of its CPU, and without the
/// joins and the unused columns the rebuild takes about 5 % less (BENCHMARKS.md, by hand).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IndexSource {
    pub id: i64,
    pub org_id: i64,
    pub index_no: String,
    pub title: String,
    pub doc_no: Option<String>,
    pub publisher: String,
    pub published_at: Option<DateTime<Utc>>,
    pub subject: String,
    pub genre: String,
    pub validity: String,
    pub column_id: Option<i64>,
    pub keywords: String,
    pub summary: String,
    pub body_html: String,
    pub status: String,
}

impl Document {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Draft)
    }
    pub fn validity(&self) -> Validity {
        Validity::parse(&self.validity).unwrap_or(Validity::InForce)
    }
    pub fn disclosure(&self) -> Disclosure {
        Disclosure::parse(&self.disclosure).unwrap_or(Disclosure::Proactive)
    }
    pub fn subject_label(&self) -> String {
        Subject::from_code(&self.subject)
            .map(|s| s.label())
            .unwrap_or_default()
    }
}

/// A line of a listing: what the list pages and the API show.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DocumentSummary {
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub doc_no: Option<String>,
    pub publisher: String,
    pub written_on: NaiveDate,
    pub published_at: Option<DateTime<Utc>>,
    pub subject: String,
    pub genre: String,
    pub validity: String,
    pub status: String,
    pub org_code: String,
    pub column_slug: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attachment {
    pub id: i64,
    pub document_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub position: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub org_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub summary: String,
    pub detail: String,
}

/// Filters of a catalog listing. Empty fields do not filter.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ListingFilter {
    /// Organization code.
    pub org: Option<String>,
    /// Column slug.
    pub column: Option<String>,
    /// Subject code; a top-level code also matches its children.
    pub subject: Option<String>,
    pub genre: Option<String>,
    /// Year of publication (China time).
    pub year: Option<i32>,
    pub validity: Option<String>,
    /// Back office only: status filter (the public listing is always `published`).
    pub status: Option<String>,
    /// Back office only: title contains.
    pub title_contains: Option<String>,
}

/// Keyset position: the (publication time, id) of the last item shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cursor {
    pub published_at: DateTime<Utc>,
    pub id: i64,
}

impl Cursor {
    /// `"{unix seconds}-{id}"`, as carried in `?after=`.
    pub fn encode(&self) -> String {
        format!("{}-{}", self.published_at.timestamp(), self.id)
    }

    pub fn decode(s: &str) -> Option<Cursor> {
        let (t, id) = s.split_once('-')?;
        let t: i64 = t.parse().ok()?;
        let id: i64 = id.parse().ok()?;
        if id <= 0 {
            return None;
        }
        Some(Cursor {
            published_at: DateTime::from_timestamp(t, 0)?,
            id,
        })
    }
}

/// One page of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ListingPage {
    pub items: Vec<DocumentSummary>,
    /// Cursor of the page after this one, when there is one.
    pub next: Option<Cursor>,
    /// Total matches, counted up to [`COUNT_CAP`]; `count_capped` when there are more.
    pub count: i64,
    pub count_capped: bool,
}

/// A count of matches, exact up to [`COUNT_CAP`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counted {
    pub count: i64,
    /// More than [`COUNT_CAP`] matched.
    pub capped: bool,
}

/// Counting every match of a broad filter over millions of rows is slow; past this the page
/// says "more than N".
pub const COUNT_CAP: i64 = 10_000;

/// A new attachment's bytes and metadata.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Input for a new staff account; the password is already hashed by the caller.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub org_id: i64,
}

/// A document as imported: fields plus the state it had in the old system.
#[derive(Debug, Clone)]
pub struct ImportedDocument {
    pub fields: gongkai_core::document::DocumentFields,
    /// `Some` for documents already published in the old system.
    pub published_at: Option<DateTime<Utc>>,
    /// Required with `published_at`: who reviewed and approved it in the old system.
    pub review: Option<ImportedReview>,
}

/// The confidentiality review and approval an imported, already published document had.
#[derive(Debug, Clone)]
pub struct ImportedReview {
    pub reviewed_by: String,
    pub bases: Vec<gongkai_core::review::Basis>,
    pub approved_by: String,
}

impl ImportedReview {
    /// Reviewed and approved by `who`, with nothing found against disclosure (basis 无).
    pub fn cleared_by(who: &str) -> Self {
        ImportedReview {
            reviewed_by: who.to_string(),
            bases: vec![gongkai_core::review::Basis::None],
            approved_by: who.to_string(),
        }
    }
}

/// A proactive item not yet on the portal (timeliness dashboard).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UnreleasedDocument {
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub written_on: NaiveDate,
    pub status: String,
}

/// One step of an item's publishing workflow (`document_reviews`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReviewRecord {
    pub id: i64,
    pub document_id: i64,
    pub cycle: i64,
    /// `submission`, `review` or `approval`.
    pub kind: String,
    /// `pass` or `return`.
    pub decision: Option<String>,
    /// Core `Basis` keys, comma-separated.
    pub bases: String,
    pub disclosure: Option<String>,
    pub reason: String,
    pub override_reason: String,
    /// High-severity personal-data findings open at the review.
    pub findings: i64,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub imported: bool,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// A release channel of an organization (core `ChannelKind`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Channel {
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    pub name: String,
    pub webhook_url: Option<String>,
    /// The HMAC key of its webhook (shown to admins to configure the receiver).
    pub secret: Option<String>,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
}

/// An item released on a channel.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ChannelRelease {
    pub channel_id: i64,
    pub channel_name: String,
    pub kind: String,
    pub released_at: DateTime<Utc>,
    pub recorded_by: String,
    pub note: String,
}

/// One webhook delivery, as the delivery log shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Delivery {
    pub id: i64,
    pub channel_id: i64,
    pub document_id: i64,
    pub index_no: String,
    pub event: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A delivery claimed by this node, with what it needs to send it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub channel_id: i64,
    pub document_id: i64,
    pub url: String,
    pub secret: String,
    pub event: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i64,
}

/// How an attempt went.
#[derive(Debug, Clone)]
pub struct AttemptResult {
    /// The receiver answered 2xx.
    pub ok: bool,
    pub status: Option<u16>,
    pub error: Option<String>,
}

/// A message box of an organization (core `message::BoxKind`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MessageBox {
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    pub name: String,
    pub reply_wd: i64,
    pub enabled: bool,
}

/// A message as staff see it (the submitter's name and contact are read separately, audited).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub box_id: i64,
    pub box_kind: String,
    pub org_id: i64,
    pub org_name: String,
    pub tracking_no: String,
    pub category: String,
    pub title: String,
    pub body: String,
    pub allow_publish: bool,
    pub document_id: Option<i64>,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub provisional: bool,
    pub status: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub reply: Option<String>,
    pub replied_on: Option<NaiveDate>,
    pub published: bool,
    pub rejected_reason: Option<String>,
    pub rating: Option<String>,
    pub rating_comment: Option<String>,
}

/// What the public form hands in.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub box_id: i64,
    pub category: gongkai_core::message::Category,
    pub title: String,
    pub body: String,
    pub allow_publish: bool,
    pub name: String,
    pub contact: String,
    /// For 政策咨询: the published policy asked about, by index number.
    pub document: Option<String>,
}

/// One step of a message's handling.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MessageEvent {
    pub step: String,
    pub note: String,
    pub department_name: Option<String>,
    pub actor_name: String,
    pub at: DateTime<Utc>,
}

/// A handling step with what it carries.
#[derive(Debug, Clone)]
pub struct MessageAction {
    pub step: gongkai_core::message::Step,
    /// The reason of a rejection, reassignment or send-back; an optional note otherwise.
    pub note: String,
    /// The division for 交办 / 改办.
    pub department_id: Option<i64>,
    /// The reply text for 拟稿.
    pub reply: Option<String>,
    /// For 答复: publish the message and its reply (only when the submitter allowed it).
    pub publish: bool,
}

/// One message as the statistics see it.
#[derive(Debug, Clone)]
pub struct MessageFacts {
    pub box_kind: String,
    pub department: Option<String>,
    pub category: String,
    pub facts: gongkai_core::message::Facts,
}

/// A topic of public concern (舆情).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Concern {
    pub id: i64,
    pub org_id: i64,
    pub topic: String,
    /// Core `concern::Level`.
    pub level: String,
    pub noticed_at: DateTime<Utc>,
    pub source: String,
    pub created_by: String,
}

/// A response to a topic.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ConcernResponse {
    pub id: i64,
    pub concern_id: i64,
    /// Core `concern::ResponseKind`.
    pub kind: String,
    pub responded_at: DateTime<Utc>,
    pub summary: String,
    pub link: String,
    pub recorded_by: String,
}

/// A deputy's suggestion or a CPPCC proposal (core `proposal::Kind`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Proposal {
    pub id: i64,
    pub org_id: i64,
    pub kind: String,
    /// Its number as the congress or CPPCC gave it (e.g. 第0123号).
    pub number: String,
    pub title: String,
    /// The deputy or member (a public office).
    pub author: String,
    pub received_on: NaiveDate,
    pub status: String,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub assigned_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub answer: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub published: bool,
    pub withhold_reason: Option<String>,
}

/// A frequently asked question.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct FaqEntry {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub topic: String,
    pub question: String,
    pub answer: String,
    pub message_id: Option<i64>,
    pub published: bool,
}

/// A public consultation on a draft.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Consultation {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    /// Core `consultation::Kind`.
    pub kind: String,
    pub body: String,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub short_reason: String,
    pub final_document_id: Option<i64>,
    pub final_index_no: Option<String>,
    pub final_title: Option<String>,
    /// The adoption report, once published.
    pub report: Option<String>,
}

/// A comment on a consultation (the commenter's name and contact are not part of it).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ConsultationComment {
    pub id: i64,
    pub consultation_id: i64,
    pub body: String,
    /// `pending`, `approved` or `rejected` (moderation).
    pub status: String,
    /// Core `consultation::Disposition`.
    pub disposition: Option<String>,
    pub disposition_reason: String,
    pub submitted_at: DateTime<Utc>,
}

/// An item of the major administrative decisions catalog.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MajorDecision {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub year: i64,
    pub title: String,
    /// 承办单位.
    pub sponsor: String,
    /// 计划完成时间, as written.
    pub planned: String,
    pub consultation_id: Option<i64>,
    pub consultation_title: Option<String>,
    /// 专家论证.
    pub expert_review: String,
    /// 风险评估.
    pub risk_assessment: String,
    /// 公众代表列席.
    pub public_attendance: String,
    pub final_document_id: Option<i64>,
    pub final_index_no: Option<String>,
    pub final_title: Option<String>,
}

/// What staff enter for a catalog item.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DecisionFields {
    pub year: i64,
    pub title: String,
    pub sponsor: String,
    pub planned: String,
    pub consultation_id: Option<i64>,
    pub expert_review: String,
    pub risk_assessment: String,
    pub public_attendance: String,
    /// Index number of the published decision document.
    pub final_index_no: String,
}

/// A catalog item behind a number of the annual report (drill-down).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReportDocumentRef {
    pub id: i64,
    pub index_no: String,
    pub title: String,
    pub written_on: NaiveDate,
    pub validity: String,
    pub status: String,
}

/// What staff wrote for an annual report, and where it stands.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReportText {
    pub overview: String,
    pub problems: String,
    pub other: String,
    /// Why this year's 「上年结转」 differs from last year's 「结转下年度继续办理」, when it does.
    pub continuity_note: String,
    /// JSON of the 7 numbers of 「结转下年度继续办理」 when the report went to the catalog.
    pub carried_to_next: Option<String>,
    /// The report's catalog item.
    pub document_id: Option<i64>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

impl ReportText {
    pub fn narrative(&self) -> gongkai_core::annual_report::Narrative {
        gongkai_core::annual_report::Narrative {
            overview: self.overview.clone(),
            problems: self.problems.clone(),
            other: self.other.clone(),
        }
    }

    /// The published 「结转下年度继续办理」, if the report went to the catalog.
    pub fn carried_to_next(&self) -> Option<[u32; 7]> {
        serde_json::from_str(self.carried_to_next.as_deref()?).ok()
    }
}
