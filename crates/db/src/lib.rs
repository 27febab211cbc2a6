//! Persistence of gongkai on SQLite (embedded, the default) and PostgreSQL (for scale).
//!
//! One API, [`Db`], used by the web layer and the command line. The queries live in
//! `queries/` and are written once in SQL that both engines accept; that module is compiled twice,
//! once per engine (see `backend.rs`), so each engine's code is type-checked against its own
//! driver. Migrations sit side by side in `migrations/sqlite` and `migrations/postgres`.
//!
//! Invariants: every write runs in one transaction together with its audit-trail entry (and its
//! change-feed row, for catalog documents); all SQL uses bound parameters; the current time is
//! passed in by the caller.

// `backend/` includes the query modules once per engine on purpose.
#![expect(
    clippy::duplicate_mod,
    reason = "queries/ is compiled once per database engine"
)]

mod api;
pub mod applications;
mod backend;
mod error;
pub mod model;
pub mod secret;
pub mod testing;

pub use api::*;
pub use applications::*;
pub use error::{DbError, DbResult};
pub use model::*;

/// The change-feed kind of changes to organizations and catalog columns.
pub const CHANGE_STRUCTURE: &str = "structure";
