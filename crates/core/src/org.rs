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

#[cfg(test)]
mod tests {
    use super::*;

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
