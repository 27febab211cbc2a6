//! Compiles the queries of `queries/` once per database engine.
//!
//! The same source files are included twice as modules, each time next to a different `DB` type
//! alias, so every query is checked against each driver's concrete types without generic bounds.
//! Where the engines differ (how a write transaction starts), the difference lives in these two
//! modules.

pub mod postgres;
pub mod sqlite;
