//! Rows and inputs of applications for disclosure (依申请公开) and of the loaded calendar.
//!
//! A case's workflow facts are the events of its log (core `application::case::Event`); the
//! columns of [`ApplicationCase`] from `status` on are derived from them. The applicant's personal
//! data is a separate row ([`ApplicantInfo`]) that lists never read.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::application::case::Event;
use gongkai_core::application::outcome::Outcome;
use gongkai_core::application::receipt::Channel;
use serde::{Deserialize, Serialize};

/// The applicant of a new case. Empty strings mean "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewApplicant {
    /// 姓名 (natural person) or the organisation's contact person.
    pub name: String,
    /// Kind of identity document: `resident_id` (checked with its checksum), `passport`, `other`.
    pub id_kind: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// 名称 of a legal person or other organisation.
    pub org_name: String,
    /// 统一社会信用代码 (checked with its checksum).
    pub credit_code: String,
}

/// A new application, registered online (after confirmation) or by staff.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub org_id: i64,
    pub applicant_type: ApplicantType,
    pub channel: Channel,
    /// 收到申请之日 under Art. 31 (core `receipt::receipt_date`).
    pub received_on: NaiveDate,
    /// Description of the information sought (name, document number, other features).
    pub request_text: String,
    /// Form of provision (纸质、电子…).
    pub provision_form: String,
    /// How the applicant receives it (邮寄、电子邮件、自行领取…).
    pub delivery_method: String,
    pub handler_id: Option<i64>,
    pub department_id: Option<i64>,
    pub applicant: NewApplicant,
}

/// One case as lists and pages show it: no personal data.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApplicationCase {
    pub id: i64,
    pub org_id: i64,
    pub org_code: String,
    /// `YSQ-2026-000123`, numbered per organization and year of receipt.
    pub tracking_no: String,
    pub applicant_type: String,
    pub channel: Option<String>,
    pub receipt_basis: Option<String>,
    pub received_on: NaiveDate,
    /// Derived: core `Status::as_str`.
    pub status: String,
    /// Derived: the reply deadline while it runs (kept once replied).
    pub reply_due: Option<NaiveDate>,
    /// Derived: a current deadline reaches a year whose arrangement is not loaded.
    pub provisional: bool,
    /// Derived: a consultation or fee notice keeps the reply clock stopped.
    pub paused: bool,
    /// Derived: the §2.4 row key of the outcome.
    pub outcome: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    pub on_time: Option<bool>,
    pub handler_id: Option<i64>,
    pub handler_name: Option<String>,
    pub department_id: Option<i64>,
    pub department_name: Option<String>,
    pub request_text: String,
    pub provision_form: String,
    pub delivery_method: String,
    /// Case number in the system it was imported from.
    pub reference: Option<String>,
    pub imported: bool,
    /// Events in the log: the version for the optimistic check of [`crate::Db::record_application_event`].
    pub event_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ApplicationCase {
    pub fn applicant_type(&self) -> Option<ApplicantType> {
        ApplicantType::parse(&self.applicant_type)
    }
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::parse)
    }
}

/// A case just created, with its secret: shown to the applicant once, only its hash is stored.
#[derive(Debug, Clone)]
pub struct CreatedApplication {
    pub case: ApplicationCase,
    pub secret: String,
}

/// One stored event of a case log.
#[derive(Debug, Clone, Serialize)]
pub struct StoredEvent {
    /// 1-based position in the log.
    pub seq: i64,
    pub event: Event,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub recorded_at: DateTime<Utc>,
}

/// The applicant's personal data. Read only through [`crate::Db::application_applicant`], which
/// audits the reading.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApplicantInfo {
    pub case_id: i64,
    pub name: String,
    pub id_kind: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub org_name: String,
    pub credit_code: String,
}

/// An internal comment (`kind` = `comment`) or a system note (`system`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CaseComment {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub body: String,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

/// A reconsideration or lawsuit record of a case (report table 4).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CaseReview {
    pub case_id: i64,
    pub kind: String,
    pub filed_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub result: Option<String>,
}

/// The queues of staff views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseQueue {
    /// The reply is due today.
    DueToday,
    /// The reply is due within this many working days from today (today included).
    DueWithin(u32),
    /// Not served and past the reply deadline.
    Overdue,
    /// The reply clock is stopped (consultation, fee notice).
    Paused,
    /// A deadline reaches a year whose holiday arrangement is not loaded.
    Provisional,
}

/// Filters of a case listing; `None` does not filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseFilter {
    pub handler_id: Option<i64>,
    pub department_id: Option<i64>,
    /// Core `Status::as_str`.
    pub status: Option<String>,
    pub applicant_type: Option<ApplicantType>,
    pub outcome: Option<Outcome>,
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
    pub queue: Option<CaseQueue>,
}

/// What loading calendar years did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CalendarLoad {
    pub years: Vec<i32>,
    /// Days stored per loaded year.
    pub days: Vec<(i32, usize)>,
    pub recomputation: Recomputation,
}

/// What recomputing the open cases' deadlines did (after a calendar year is loaded or the
/// application settings change).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Recomputation {
    /// Open cases whose deadlines were recomputed.
    pub recomputed: usize,
    /// Those whose reply deadline or provisional mark changed.
    pub changed: Vec<DueChange>,
    /// Cases whose log is invalid under the new calendar or rules (tracking number, message):
    /// kept as they were, with a note on the case.
    pub failed: Vec<(String, String)>,
}

/// What saving an organization's application settings did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SettingsSaved {
    /// The settings that changed: key, old value, new value (as shown to staff).
    pub changed: Vec<(String, String, String)>,
    pub recomputation: Recomputation,
}

/// A reply deadline moved by a newly loaded calendar.
#[derive(Debug, Clone, Serialize)]
pub struct DueChange {
    pub case_id: i64,
    pub tracking_no: String,
    pub old_due: Option<NaiveDate>,
    pub new_due: Option<NaiveDate>,
    pub old_provisional: bool,
    pub new_provisional: bool,
}

/// A loaded calendar year.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CalendarYear {
    pub year: i64,
    pub source: String,
    pub loaded_at: DateTime<Utc>,
    pub loaded_by: String,
}
