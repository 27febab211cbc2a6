//! Responses to public concern (政务舆情回应): a topic of public concern, how serious it is, when
//! it was noticed, and the agency's responses. The time limits are those of regulations.md §5:
//! for a 特别重大、重大突发事件, authoritative information within 5 hours and a press conference
//! within 24 hours (国办发〔2016〕80号); for other public concern, a response within 48 hours
//! (国办发〔2016〕61号 [U for the number]). Pure rules.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How serious the topic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 特别重大、重大突发事件.
    MajorEmergency,
    /// 其他政务舆情.
    Ordinary,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MajorEmergency => "major_emergency",
            Self::Ordinary => "ordinary",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "major_emergency" => Some(Self::MajorEmergency),
            "ordinary" => Some(Self::Ordinary),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::MajorEmergency => "重大突发事件",
            Self::Ordinary => "一般政务舆情",
        }
    }
}

/// How the agency responded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    /// 发布权威信息 (statement, press release).
    Statement,
    /// 新闻发布会.
    PressConference,
    /// 在线访谈.
    OnlineInterview,
    /// 政策解读.
    Interpretation,
    Other,
}

impl ResponseKind {
    pub const ALL: [ResponseKind; 5] = [
        Self::Statement,
        Self::PressConference,
        Self::OnlineInterview,
        Self::Interpretation,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Statement => "statement",
            Self::PressConference => "press_conference",
            Self::OnlineInterview => "online_interview",
            Self::Interpretation => "interpretation",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Statement => "发布权威信息",
            Self::PressConference => "新闻发布会",
            Self::OnlineInterview => "在线访谈",
            Self::Interpretation => "政策解读",
            Self::Other => "其他方式",
        }
    }
}

/// A time limit and whether it was met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Limit {
    pub label: &'static str,
    pub due: DateTime<Utc>,
    /// The response that met it (the first qualifying one), if any.
    pub met_at: Option<DateTime<Utc>>,
}

impl Limit {
    /// Met in time, late, or still open at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> &'static str {
        match self.met_at {
            Some(t) if t <= self.due => "按时",
            Some(_) => "逾期",
            None if now > self.due => "已超时未回应",
            None => "待回应",
        }
    }
}

/// The time limits of a topic noticed at `noticed_at`, checked against `responses` (kind, time).
pub fn limits(
    level: Level,
    noticed_at: DateTime<Utc>,
    responses: &[(ResponseKind, DateTime<Utc>)],
) -> Vec<Limit> {
    let first = |pred: &dyn Fn(ResponseKind) -> bool| {
        responses
            .iter()
            .filter(|(k, _)| pred(*k))
            .map(|(_, t)| *t)
            .min()
    };
    match level {
        Level::MajorEmergency => vec![
            Limit {
                label: "5小时内发布权威信息",
                due: noticed_at + Duration::hours(5),
                met_at: first(&|_| true),
            },
            Limit {
                label: "24小时内举行新闻发布会",
                due: noticed_at + Duration::hours(24),
                met_at: first(&|k| k == ResponseKind::PressConference),
            },
        ],
        Level::Ordinary => vec![Limit {
            label: "48小时内回应",
            due: noticed_at + Duration::hours(48),
            met_at: first(&|_| true),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn major_emergencies_have_5_and_24_hour_limits() {
        let t0 = Utc.with_ymd_and_hms(2024, 6, 3, 0, 0, 0).unwrap();
        let r = [(ResponseKind::Statement, t0 + Duration::hours(4))];
        let l = limits(Level::MajorEmergency, t0, &r);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].state(t0 + Duration::hours(30)), "按时");
        assert_eq!(l[1].state(t0 + Duration::hours(20)), "待回应");
        assert_eq!(l[1].state(t0 + Duration::hours(30)), "已超时未回应");
        let late = [(ResponseKind::PressConference, t0 + Duration::hours(26))];
        assert_eq!(
            limits(Level::MajorEmergency, t0, &late)[1].state(t0 + Duration::hours(30)),
            "逾期"
        );
    }

    #[test]
    fn other_concern_within_48_hours() {
        let t0 = Utc.with_ymd_and_hms(2024, 6, 3, 0, 0, 0).unwrap();
        let l = limits(
            Level::Ordinary,
            t0,
            &[(ResponseKind::Interpretation, t0 + Duration::hours(47))],
        );
        assert_eq!(l[0].state(t0 + Duration::hours(50)), "按时");
        assert_eq!(l[0].due, t0 + Duration::hours(48));
    }
}
