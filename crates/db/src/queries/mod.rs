//! SQL of gongkai, written once for both engines (compiled per engine by `backend.rs`).
//! Only portable SQL here: `$n` parameters, `RETURNING`, `ON CONFLICT`, row-value comparisons.

pub(crate) use super::{DB, begin_write};

pub mod annual_report;
pub mod applications;
pub mod attachments;
pub mod audit;
pub mod calendar;
pub mod changes;
pub mod channels;
pub mod columns;
pub mod concerns;
pub mod consultations;
pub mod decisions;
pub mod documents;
pub mod faq;
pub mod flags;
pub mod listing;
pub mod messages;
pub mod notices;
pub mod orgs;
pub mod proposals;
pub mod reminders;
pub mod review;
pub mod sessions;
pub mod settings;
pub mod timeliness;
pub mod users;
pub mod work_plans;

/// Timestamps are stored to the second: SQLite keeps them as text, and equal precision keeps
/// text order equal to time order.
pub(crate) fn secs(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

/// A trimmed text field of at most `max` characters; `what` names a required one in the message
/// ("请填写{what}"), `None` lets it be empty.
pub(crate) fn text_field(
    field: &'static str,
    v: &str,
    max: usize,
    what: Option<&str>,
) -> crate::DbResult<String> {
    let v = v.trim();
    if let Some(what) = what
        && v.is_empty()
    {
        return Err(crate::DbError::field(field, format!("请填写{what}")));
    }
    if v.chars().count() > max {
        return Err(crate::DbError::field(field, format!("最多{max}个字")));
    }
    Ok(v.to_string())
}
