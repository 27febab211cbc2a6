//! Organizations (机关): the code that prefixes their index numbers.

use serde::{Deserialize, Serialize};

/// An organization's code, used as the prefix of its index numbers (`CODE/2024-00001`).
///
/// Observed national practice uses organization codes (`000014349`), unified social credit codes
/// (`11441700007280420Y`) or agency-defined codes, so we accept 2–32 ASCII letters, digits and
/// hyphens. A slash is never allowed: it separates the code from the year in the index number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        if s.len() < 2 || s.len() > 32 {
            return Err("机关代码应为 2 至 32 个字符");
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err("机关代码只能包含英文字母、数字和连字符");
        }
        if s.starts_with('-') || s.ends_with('-') {
            return Err("机关代码不能以连字符开头或结尾");
        }
        Ok(Self(s.to_ascii_uppercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgCode {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<OrgCode> for String {
    fn from(c: OrgCode) -> String {
        c.0
    }
}

impl std::fmt::Display for OrgCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether an organization is a people's government or a department: their annual reports are due
/// on different dates (Art. 49: departments by 31 January, governments by 31 March).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 人民政府 (and its 办公厅/办公室 publishing for it)
    Government,
    /// 政府部门 and other agencies
    Department,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Government => "government",
            Self::Department => "department",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "government" => Some(Self::Government),
            "department" => Some(Self::Department),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Government => "人民政府",
            Self::Department => "政府部门",
        }
    }

    /// The kind a new organization gets from its name: 「…人民政府」 is a government.
    pub fn from_name(name: &str) -> Self {
        if name.trim().ends_with("人民政府") {
            Self::Government
        } else {
            Self::Department
        }
    }

    /// The last day to publish the report of `year` (Art. 49): 31 January of the next year for a
    /// department, 31 March for a government.
    pub fn report_due(self, year: i32) -> chrono::NaiveDate {
        let (m, d) = match self {
            Self::Department => (1, 31),
            Self::Government => (3, 31),
        };
        chrono::NaiveDate::from_ymd_opt(year + 1, m, d).expect("valid date")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_deadlines_follow_article_49() {
        use chrono::NaiveDate;
        assert_eq!(
            OrgKind::Department.report_due(2025),
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()
        );
        assert_eq!(
            OrgKind::Government.report_due(2025),
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
        );
        assert_eq!(OrgKind::from_name("示范市人民政府"), OrgKind::Government);
        assert_eq!(OrgKind::from_name("示范市民政局"), OrgKind::Department);
    }

    #[test]
    fn accepts_the_observed_formats() {
        for c in ["000014349", "0142768-8", "11441700007280420Y", "0024204128"] {
            assert_eq!(OrgCode::parse(c).unwrap().as_str(), c);
        }
        assert_eq!(OrgCode::parse("mzj").unwrap().as_str(), "MZJ");
    }

    #[test]
    fn rejects_slashes_and_odd_characters() {
        assert!(OrgCode::parse("A/B").is_err());
        assert!(OrgCode::parse("民政局").is_err());
        assert!(OrgCode::parse("X").is_err());
        assert!(OrgCode::parse("-AB").is_err());
    }
}
