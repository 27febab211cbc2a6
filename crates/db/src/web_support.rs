//! What the web layer's application pages need besides the case API: issued notices (告知书),
//! the organizations' notice templates, and the applicant's earlier applications of a month.
//!
//! Declared as a child of `api` (the one `mod` line at the end of `api.rs`) so that its `impl Db`
//! block can reach the connection pool and the `dispatch!` macro like every other method.

use super::{Pool, postgres, sqlite};
use crate::{Actor, Db, DbResult};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A notice as issued for a case: the rendered text is the record.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApplicationNotice {
    pub id: i64,
    pub case_id: i64,
    /// Core `NoticeKind::key`.
    pub kind: String,
    pub title: String,
    pub body: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// An organization's own text of a notice kind.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct NoticeTemplate {
    pub org_id: i64,
    pub kind: String,
    pub body: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

impl Db {
    /// Stores a notice issued for a case (append-only) with its audit row.
    pub async fn issue_application_notice(
        &self,
        case_id: i64,
        kind: &str,
        title: &str,
        body: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<ApplicationNotice> {
        dispatch!(self, notices::issue(case_id, kind, title, body, actor, now))
    }

    /// The notices of a case, oldest first.
    pub async fn application_notices(&self, case_id: i64) -> DbResult<Vec<ApplicationNotice>> {
        dispatch!(self, notices::of_case(case_id))
    }

    /// One notice, only if it belongs to `case_id`.
    pub async fn application_notice(
        &self,
        case_id: i64,
        notice_id: i64,
    ) -> DbResult<Option<ApplicationNotice>> {
        dispatch!(self, notices::one(case_id, notice_id))
    }

    /// The organization's edited notice templates (kinds without a row use the core default).
    pub async fn notice_templates(&self, org_id: i64) -> DbResult<Vec<NoticeTemplate>> {
        dispatch!(self, notices::templates(org_id))
    }

    /// Saves the organization's text of `kind` (checked by the caller with core `notice::check`);
    /// an empty text goes back to the default. Audited.
    pub async fn save_notice_template(
        &self,
        org_id: i64,
        kind: &str,
        body: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, notices::save_template(org_id, kind, body, actor, now))
    }

    /// Applications the same applicant (same identity number or credit code) made to the same
    /// organization earlier in the natural month of this case's receipt.
    pub async fn applicant_prior_in_month(&self, case_id: i64) -> DbResult<i64> {
        dispatch!(self, notices::prior_in_month(case_id))
    }
}
