//! Applications for disclosure (依申请公开, Arts. 27–45 of the Regulation; regulations.md §1.4):
//! pure rules, no IO, no clock.
//!
//! * `applicant` — the applicant categories (columns of annual-report Table 3);
//! * `outcome` — how a case ends (rows of Table 3), the 30号 and 60号 report formats;
//! * `receipt` — receipt channels and the receipt date of Art. 31;
//! * `case` — the workflow as an event log, its state and deadlines;
//! * `review` — reconsideration and litigation, Table 4;
//! * `year` — the counts of Table 3 for one year and their integrity rules;
//! * `import` — one line of a JSONL import of applications;
//! * `notice` — the notices (告知书): kinds, default texts with their legal basis, filling;
//! * `flags` — possible repeat (Art. 36(6)) and excessive (Art. 35) applications: request
//!   similarity and the settings of both flags;
//! * `settings` — an organization's settings: the [A]/[U] readings, with their defaults.

pub mod applicant;
pub mod case;
pub mod flags;
pub mod import;
mod json;
pub mod notice;
pub mod outcome;
pub mod receipt;
pub mod review;
pub mod settings;
pub mod year;
