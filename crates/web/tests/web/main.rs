//! The web layer's integration tests: one test binary (one link) with a module per area.
//! Each test runs on SQLite and, when configured, on PostgreSQL (see `gongkai_db::testing`).

mod admin;
mod annual_report;
mod api;
mod applications;
mod browser;
mod channels;
mod messages;
mod public;
mod reminders;
mod search;
mod security;
mod support;
mod work_plans;
