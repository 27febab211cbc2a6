//! Suggestions of people's congress deputies (人大代表建议) and proposals of CPPCC members (政协提案)
//! handled by the agency: registered, assigned to a division, answered in full text, and the
//! answer published unless withheld with a reason. Answer period: three months from assignment
//! (the handling rules of the congresses and CPPCC commonly fix 3 months [U]). Pure rules.

use chrono::{Months, NaiveDate};
use serde::Serialize;

/// Answer period in months from assignment [U].
pub const ANSWER_MONTHS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 人大代表建议.
    Suggestion,
    /// 政协提案.
    Proposal,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Self::Suggestion, Self::Proposal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Suggestion => "suggestion",
            Self::Proposal => "proposal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Suggestion => "人大代表建议",
            Self::Proposal => "政协提案",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Registered,
    Assigned,
    Answered,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Assigned => "assigned",
            Self::Answered => "answered",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Registered, Self::Assigned, Self::Answered]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Registered => "已登记",
            Self::Assigned => "已交办",
            Self::Answered => "已答复",
        }
    }
}

/// The answer deadline of an item assigned on `assigned_on`.
pub fn answer_due(assigned_on: NaiveDate) -> NaiveDate {
    assigned_on
        .checked_add_months(Months::new(ANSWER_MONTHS))
        .unwrap_or(assigned_on)
}

/// The year's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct YearCounts {
    pub received: u64,
    pub answered: u64,
    pub on_time: u64,
    pub published: u64,
}

impl YearCounts {
    pub fn add(&mut self, due: Option<NaiveDate>, answered_on: Option<NaiveDate>, published: bool) {
        self.received += 1;
        if let Some(a) = answered_on {
            self.answered += 1;
            if due.is_some_and(|d| a <= d) {
                self.on_time += 1;
            }
        }
        if published {
            self.published += 1;
        }
    }

    /// On-time answers as a share of answered ones, in whole percent.
    pub fn on_time_percent(&self) -> Option<u64> {
        (self.answered > 0).then(|| (self.on_time * 100 + self.answered / 2) / self.answered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn answers_are_due_three_months_after_assignment() {
        assert_eq!(answer_due(d("2024-03-15")), d("2024-06-15"));
        // The end of a shorter month.
        assert_eq!(answer_due(d("2024-11-30")), d("2025-02-28"));
    }

    #[test]
    fn counts_and_on_time_rate() {
        let mut c = YearCounts::default();
        c.add(Some(d("2024-06-15")), Some(d("2024-06-10")), true);
        c.add(Some(d("2024-06-15")), Some(d("2024-06-20")), false);
        c.add(Some(d("2024-06-15")), None, false);
        assert_eq!(
            (c.received, c.answered, c.on_time, c.published),
            (3, 2, 1, 1)
        );
        assert_eq!(c.on_time_percent(), Some(50));
    }
}
