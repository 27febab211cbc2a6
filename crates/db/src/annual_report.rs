//! The annual report assembled from storage: Table 2 counted from the catalog (规章 and
//! 行政规范性文件 by their validity history) with the figures staff entered, Tables 3 and 4 from
//! the application cases, last year's published 「结转下年度继续办理」 for the continuity check; a
//! government's report over its departments; the report's text and its catalog item.
//!
//! Declared as a child of `api` (the `mod` lines at the end of `api.rs`) so that its `impl Db`
//! block can reach the connection pool and the `dispatch!` macro like every other method.

use super::{Pool, postgres, sqlite};
use crate::{Actor, Db, DbError, DbResult, ReportDocumentRef, ReportText};
use chrono::{DateTime, Utc};
use gongkai_core::annual_report::facts::Facts;
use gongkai_core::annual_report::{Money, Narrative, Report, Table2, aggregate, table2};
use gongkai_core::application::review::ReviewCounting;
use gongkai_core::application::year::Table3;
use gongkai_core::document::DocumentFields;
use gongkai_core::time::china_midnight;
use std::collections::BTreeMap;

/// Where a Table 2 figure came from, shown next to it.
pub const SOURCE_CATALOG: &str = "本平台目录统计";

/// A report as computed, with the source of each Table 2 figure (key → source).
#[derive(Debug, Clone)]
pub struct AssembledReport {
    pub report: Report,
    pub sources: BTreeMap<String, String>,
    /// The catalog's own count of a Table 2 figure that staff overrode (key → counted value).
    pub overridden: BTreeMap<String, u64>,
    /// For a government's report: the names of the organizations summed, its own first.
    pub parts: Vec<String>,
}

impl Db {
    /// The catalog items behind a catalog-counted Table 2 cell (`None` for other keys).
    pub async fn annual_report_catalog_documents(
        &self,
        org_id: i64,
        year: i32,
        key: &str,
    ) -> DbResult<Option<Vec<ReportDocumentRef>>> {
        dispatch!(self, annual_report::catalog_documents(org_id, year, key))
    }

    pub async fn annual_report_text(&self, org_id: i64, year: i32) -> DbResult<Option<ReportText>> {
        dispatch!(self, annual_report::text(org_id, year))
    }

    /// Saves the narrative sections and the continuity explanation (audited).
    pub async fn save_annual_report_text(
        &self,
        org_id: i64,
        year: i32,
        narrative: &Narrative,
        continuity_note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            annual_report::save_text(org_id, year, narrative, continuity_note, actor, now)
        )
    }

    /// Puts the report into the 年度报告 column as a draft (or refreshes the draft made before).
    pub async fn annual_report_to_catalog(
        &self,
        org_id: i64,
        year: i32,
        fields: &DocumentFields,
        carried_to_next: &[u32; 7],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        dispatch!(
            self,
            annual_report::to_catalog(org_id, year, fields, carried_to_next, actor, now)
        )
    }

    /// When each organization first published its report of `year` (organizations that have not
    /// are absent).
    pub async fn published_annual_reports(&self, year: i32) -> DbResult<Vec<(i64, DateTime<Utc>)>> {
        dispatch!(self, annual_report::published_reports(year))
    }

    /// One organization's report of `year`, computed from its records.
    pub async fn annual_report(&self, org_id: i64, year: i32) -> DbResult<AssembledReport> {
        let mut table2 = Table2::default();
        let mut sources = BTreeMap::new();
        let mut counted = BTreeMap::new();
        for key in table2::catalog_keys() {
            if let Some(docs) = self
                .annual_report_catalog_documents(org_id, year, &key)
                .await?
            {
                table2
                    .set(&key, &docs.len().to_string())
                    .expect("a count is a valid figure");
                sources.insert(key.clone(), SOURCE_CATALOG.to_string());
                counted.insert(key, docs.len() as u64);
            }
        }
        let mut overridden = BTreeMap::new();
        for (key, value, source) in self.table2_figures(org_id, year).await? {
            // Stored values were checked when saved; one that no longer parses stays as counted.
            if table2.set(&key, &value).is_ok() {
                if let Some(n) = counted.get(&key) {
                    overridden.insert(key.clone(), *n);
                }
                sources.insert(key, source);
            }
        }
        let cases = self.application_year_records(org_id, year).await?;
        let reviews = self.application_year_reviews(org_id, year).await?;
        let mut report =
            Report::from_records(year, table2, &cases, &reviews, ReviewCounting::default())
                .map_err(|errs| {
                    DbError::Conflict(format!(
                        "办理记录有误，无法统计：{}",
                        errs.iter()
                            .map(|e| format!("第{}条记录：{}", e.index + 1, e.message))
                            .collect::<Vec<_>>()
                            .join("；")
                    ))
                })?;
        report.previous_table3 = self
            .annual_report_text(org_id, year - 1)
            .await?
            .and_then(|t| t.carried_to_next())
            .map(|carried| Table3 {
                year: year - 1,
                format: Report::format_for(year - 1),
                new_received: [0; 7],
                carried_over_from_prev: [0; 7],
                handled: BTreeMap::new(),
                total_handled: [0; 7],
                carried_to_next: carried,
            });
        let name = self
            .org_by_id(org_id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        Ok(AssembledReport {
            report,
            sources,
            overridden,
            parts: vec![name],
        })
    }

    /// A government's report of `year`: its own and every organization under it (at any depth),
    /// summed (core `aggregate::sum`).
    pub async fn annual_report_aggregate(
        &self,
        org_id: i64,
        year: i32,
    ) -> DbResult<AssembledReport> {
        let ids: Vec<i64> = self
            .org_and_descendants(org_id)
            .await?
            .iter()
            .map(|o| o.id)
            .collect();
        let mut parts = Vec::new();
        let mut reports = Vec::new();
        for id in ids {
            let a = self.annual_report(id, year).await?;
            parts.extend(a.parts);
            reports.push(a.report);
        }
        let report = aggregate::sum(&reports).ok_or(DbError::NotFound)?;
        Ok(AssembledReport {
            report,
            sources: BTreeMap::new(),
            overridden: BTreeMap::new(),
            parts,
        })
    }

    /// The facts of `year` offered for the narrative (core `annual_report::facts`).
    pub async fn annual_report_facts(&self, org_id: i64, year: i32) -> DbResult<Facts> {
        use chrono::NaiveDate;
        use gongkai_core::application::case::Event;
        let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid date");
        let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date");
        let (by_channel, released) = self
            .channel_release_counts(
                org_id,
                china_midnight(first),
                china_midnight(last + chrono::Days::new(1)),
            )
            .await?;
        let messages = self.message_facts(org_id, first, last).await?;
        let consultations = self
            .consultations(Some(org_id), None)
            .await?
            .into_iter()
            .filter(|c| c.start_on >= first && c.start_on <= last)
            .count();
        let proposals = self.proposals(org_id, first, last).await?;
        // Per case: the amount of its last fee notice and whether it was paid in the year.
        let mut fees: BTreeMap<i64, (u64, bool)> = BTreeMap::new();
        for (case, json) in dispatch!(self, annual_report::fee_events(org_id))? {
            match serde_json::from_str::<Event>(&json) {
                Ok(Event::FeeNoticed { amount_fen, .. }) => {
                    fees.entry(case).or_default().0 = amount_fen.0;
                }
                Ok(Event::FeePaid { on }) => {
                    fees.entry(case).or_default().1 = on >= first && on <= last;
                }
                _ => {}
            }
        }
        let paid: Vec<u64> = fees.values().filter(|f| f.1).map(|f| f.0).collect();
        let work_plans = self.work_plan_year_texts(org_id, year).await?;
        Ok(Facts {
            released,
            released_by_channel: by_channel,
            messages_received: messages.len(),
            messages_answered: messages
                .iter()
                .filter(|m| m.facts.replied_on.is_some())
                .count(),
            messages_on_time: messages
                .iter()
                .filter(|m| m.facts.replied_on.is_some_and(|r| r <= m.facts.due_on))
                .count(),
            consultations,
            proposals_received: proposals.len(),
            proposals_answered: proposals.iter().filter(|p| p.answered_on.is_some()).count(),
            fee_cases: paid.len(),
            fees: Money {
                fen: paid.iter().sum(),
            },
            work_plans,
        })
    }

    /// The organization and every organization under it (at any depth), itself first, then
    /// level by level.
    pub async fn org_and_descendants(&self, org_id: i64) -> DbResult<Vec<crate::Organization>> {
        let orgs = self.orgs().await?;
        let mut out: Vec<crate::Organization> =
            orgs.iter().filter(|o| o.id == org_id).cloned().collect();
        let mut i = 0;
        while i < out.len() {
            let parent = out[i].id;
            out.extend(orgs.iter().filter(|o| o.parent_id == Some(parent)).cloned());
            i += 1;
        }
        Ok(out)
    }
}
