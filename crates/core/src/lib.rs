//! Domain types and rules of gongkai.
//!
//! Architecture invariant: this crate does no IO, spawns nothing and never reads the clock.
//! Every rule that depends on "now" takes the time as a parameter, so that it can be tested
//! against fixed dates and replayed exactly.

pub mod account;
pub mod annual_report;
pub mod application;
pub mod calendar;
#[cfg(test)]
mod calendar_props;
pub mod catalog;
pub mod channel;
pub mod concern;
pub mod consultation;
pub mod demo;
pub mod doc_no;
pub mod document;
pub mod error;
pub mod faq;
pub mod fee;
pub mod genre;
pub mod html;
pub mod ident;
pub mod index_no;
pub mod message;
pub mod org;
pub mod proposal;
pub mod redaction;
pub mod review;
pub mod role;
pub mod subject;
pub mod time;
pub mod timeliness;
pub mod work_plan;

pub use error::{FieldError, FieldErrors};
