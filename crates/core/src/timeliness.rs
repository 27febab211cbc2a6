//! Timeliness of proactive disclosure (Art. 26: within 20 working days of the information being
//! formed or changed; regulations.md §1.2). An item's clock starts on its 成文日期 (for a
//! revision: the date the changed text was made); it is on time when released on or before the
//! 20th working day after that date.

use crate::calendar::{Calendar, Deadline};
use chrono::NaiveDate;
use serde::Serialize;

/// Art. 26 [V].
pub const PERIOD_WD: u32 = 20;

/// "Due soon": within this many working days of the due date.
pub const DUE_SOON_WD: u32 = 5;

/// Where an item stands against its disclosure deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Released by the due date.
    OnTime,
    /// Released after the due date.
    Late,
    /// Not released; due within `DUE_SOON_WD` working days (or today).
    DueSoon,
    /// Not released; the due date has passed.
    Overdue,
    /// Not released; due later.
    Pending,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Self::OnTime => "按时公开",
            Self::Late => "逾期公开",
            Self::DueSoon => "即将到期",
            Self::Overdue => "已超期未公开",
            Self::Pending => "未到期",
        }
    }
}

/// The due date of an item formed (or changed) on `formed_on`.
pub fn due(formed_on: NaiveDate, cal: &Calendar) -> Deadline {
    cal.add_working_days(formed_on, PERIOD_WD)
}

/// The standing of an item formed on `formed_on`, released on `released_on` (if it was), as of
/// `today`.
pub fn standing(
    formed_on: NaiveDate,
    released_on: Option<NaiveDate>,
    today: NaiveDate,
    cal: &Calendar,
) -> Standing {
    let d = due(formed_on, cal).due;
    match released_on {
        Some(r) if r <= d => Standing::OnTime,
        Some(_) => Standing::Late,
        None if today > d => Standing::Overdue,
        None if cal.add_working_days(today, DUE_SOON_WD).due >= d => Standing::DueSoon,
        None => Standing::Pending,
    }
}

/// Releases of one year: how many on time and how many late (each item counted once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct YearCounts {
    pub on_time: u64,
    pub late: u64,
}

impl YearCounts {
    pub fn total(&self) -> u64 {
        self.on_time + self.late
    }
}

/// Counts the releases given as (formed on, released on).
pub fn year_counts(releases: &[(NaiveDate, NaiveDate)], cal: &Calendar) -> YearCounts {
    let mut c = YearCounts::default();
    for (formed, released) in releases {
        match standing(*formed, Some(*released), *released, cal) {
            Standing::OnTime => c.on_time += 1,
            _ => c.late += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn twenty_working_days_skip_holidays() {
        let cal = Calendar::builtin();
        // Formed Fri 2024-09-27: 国庆 10-01…10-07 off, 09-29 (Sun) and 10-12 (Sat) are make-up
        // working days. Counting: 09-29(1) 09-30(2) 10-08(3) … 10-12(7) … → 10-30 is the 20th.
        let dl = due(d("2024-09-27"), &cal);
        assert_eq!(dl.due, d("2024-10-30"), "{:?}", dl.explain());
        assert_eq!(
            standing(
                d("2024-09-27"),
                Some(d("2024-10-30")),
                d("2024-11-01"),
                &cal
            ),
            Standing::OnTime
        );
        assert_eq!(
            standing(
                d("2024-09-27"),
                Some(d("2024-10-31")),
                d("2024-11-01"),
                &cal
            ),
            Standing::Late
        );
    }

    #[test]
    fn unreleased_items_are_pending_due_soon_or_overdue() {
        let cal = Calendar::builtin();
        // Formed Mon 2024-05-06; Sat 05-11 is a make-up working day, so the 20th is Fri 05-31.
        let formed = d("2024-05-06");
        assert_eq!(due(formed, &cal).due, d("2024-05-31"));
        assert_eq!(
            standing(formed, None, d("2024-05-10"), &cal),
            Standing::Pending
        );
        assert_eq!(
            standing(formed, None, d("2024-05-28"), &cal),
            Standing::DueSoon
        );
        assert_eq!(
            standing(formed, None, d("2024-05-31"), &cal),
            Standing::DueSoon
        );
        assert_eq!(
            standing(formed, None, d("2024-06-03"), &cal),
            Standing::Overdue
        );
        let c = year_counts(
            &[
                (formed, d("2024-05-20")),
                (formed, d("2024-05-31")),
                (formed, d("2024-06-03")),
            ],
            &cal,
        );
        assert_eq!((c.on_time, c.late, c.total()), (2, 1, 3));
    }
}
