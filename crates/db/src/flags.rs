//! Flags of repeat (重复申请, Art. 36(6)) and excessive (Art. 35) applications: raised when a case
//! is registered (`Db::create_application`, same transaction), decided by staff here.
//!
//! Declared as a child of `api` (the `mod` lines at the end of `api.rs`) so that its `impl Db`
//! block can reach the connection pool and the `dispatch!` macro like every other method.

use super::{Pool, postgres, sqlite};
use crate::{Actor, Db, DbResult};
use chrono::{DateTime, Utc};
use gongkai_core::application::flags::{FlagDecision, FlagKind};
use serde::Serialize;

/// A flag of a case and, once staff decided, the decision. No personal data.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ApplicationFlag {
    pub id: i64,
    pub case_id: i64,
    /// Core `FlagKind::as_str`: `repeat` or `excessive`.
    pub kind: String,
    /// Why it was raised (the earlier case's tracking number and the similarity, or the count in
    /// the window).
    pub detail: String,
    /// The earlier case of a possible repeat.
    pub related_case_id: Option<i64>,
    pub related_tracking_no: Option<String>,
    pub raised_at: DateTime<Utc>,
    /// Core `FlagDecision::as_str`; `None` until decided.
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
}

impl ApplicationFlag {
    pub fn kind(&self) -> Option<FlagKind> {
        FlagKind::parse(&self.kind)
    }
    pub fn decision(&self) -> Option<FlagDecision> {
        self.decision.as_deref().and_then(FlagDecision::parse)
    }
}

impl Db {
    /// The flags of a case, oldest first.
    pub async fn application_flags(&self, case_id: i64) -> DbResult<Vec<ApplicationFlag>> {
        dispatch!(self, flags::of_case(case_id))
    }

    /// `(case id, kind)` of the organization's undecided flags (the markers of the queues).
    pub async fn undecided_application_flags(&self, org_id: i64) -> DbResult<Vec<(i64, String)>> {
        dispatch!(self, flags::undecided(org_id))
    }

    /// Records staff's decision on a flag with a required note and its audit row. A decision is
    /// final: deciding again is a conflict. The caller checks the flag belongs to a case the
    /// actor may handle.
    pub async fn decide_flag(
        &self,
        flag_id: i64,
        decision: FlagDecision,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<ApplicationFlag> {
        dispatch!(self, flags::decide(flag_id, decision, note, actor, now))
    }

    /// Attempts to change decided flags and to delete flags; `(true, true)` when both were
    /// refused (used by tests of the invariant).
    pub async fn try_rewrite_application_flags(&self) -> (bool, bool) {
        dispatch!(self, flags::try_rewrite_decided())
    }
}
