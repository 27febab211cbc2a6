//! Catalog vocabulary: disclosure mode, validity, status, and the default column tree.

use serde::{Deserialize, Serialize};

/// 公开方式.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Disclosure {
    /// 主动公开
    Proactive,
    /// 依申请公开
    OnApplication,
    /// 不予公开 (a reason is required)
    NotDisclosed,
}

impl Disclosure {
    pub const ALL: [Disclosure; 3] = [Self::Proactive, Self::OnApplication, Self::NotDisclosed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proactive => "proactive",
            Self::OnApplication => "on_application",
            Self::NotDisclosed => "not_disclosed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Proactive => "主动公开",
            Self::OnApplication => "依申请公开",
            Self::NotDisclosed => "不予公开",
        }
    }

    /// Only proactively disclosed items appear on the public portal; the others are catalogued
    /// (their existence may be recorded) but their content is given out by application only.
    pub fn is_public(self) -> bool {
        self == Self::Proactive
    }
}

/// Which of Table 2's first block (第二十条第（一）项) a document counts for: 规章 or
/// 行政规范性文件. Not a genre: a 通知 or a 决定 can carry a 规范性文件.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalKind {
    /// 规章 (made by governments with rule-making power)
    Rule,
    /// 行政规范性文件
    Normative,
}

impl LegalKind {
    pub const ALL: [LegalKind; 2] = [Self::Rule, Self::Normative];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rule => "rule",
            Self::Normative => "normative",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Rule => "规章",
            Self::Normative => "行政规范性文件",
        }
    }
}

/// 有效性.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// 有效
    InForce,
    /// 已修订 (replaced by a revision; the document links to it)
    Amended,
    /// 已废止 (repealed; the document links to the repealing one when there is one)
    Repealed,
    /// 已失效 (expired by its own term)
    Expired,
}

impl Validity {
    pub const ALL: [Validity; 4] = [Self::InForce, Self::Amended, Self::Repealed, Self::Expired];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InForce => "in_force",
            Self::Amended => "amended",
            Self::Repealed => "repealed",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::InForce => "有效",
            Self::Amended => "已修订",
            Self::Repealed => "已废止",
            Self::Expired => "已失效",
        }
    }

    /// Amended and repealed documents say which document replaced them (when it is in the catalog).
    pub fn links_to_successor(self) -> bool {
        matches!(self, Self::Amended | Self::Repealed)
    }
}

/// Life-cycle status of a catalog document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    /// 待审查: submitted for the confidentiality review.
    Submitted,
    /// 待审批: the review passed; awaiting the leader's approval.
    Reviewed,
    /// 定时发布: approved, to be released at its scheduled time.
    Scheduled,
    Published,
    Withdrawn,
    /// 不主动公开: reviewed and approved as 依申请公开 or 不予公开; catalogued, never on the portal.
    Filed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Self::Draft,
        Self::Submitted,
        Self::Reviewed,
        Self::Scheduled,
        Self::Published,
        Self::Withdrawn,
        Self::Filed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Reviewed => "reviewed",
            Self::Scheduled => "scheduled",
            Self::Published => "published",
            Self::Withdrawn => "withdrawn",
            Self::Filed => "filed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::Submitted => "待审查",
            Self::Reviewed => "待审批",
            Self::Scheduled => "定时发布",
            Self::Published => "已发布",
            Self::Withdrawn => "已撤回",
            Self::Filed => "不主动公开",
        }
    }

    /// Content may be edited (under review, an edit sends the item back to draft; see
    /// `review::next`).
    pub fn can_edit(self) -> bool {
        self != Self::Published
    }
}

/// The columns every organization's catalog tree starts with (editable by its admins).
pub const DEFAULT_COLUMNS: &[(&str, &str)] = &[
    ("jgzn", "机构职能"),
    ("zcwj", "政策文件"),
    ("zcjd", "政策解读"),
    ("ghjh", "规划计划"),
    ("czzj", "财政资金"),
    ("rsxx", "人事信息"),
    ("zdly", "重点领域信息公开"),
    ("ndbg", "年度报告"),
    ("gkzn", "公开指南"),
    ("gkzd", "公开制度"),
];

/// Column slugs appear in URLs (`/catalog?column=zcwj`): lower-case ASCII letters, digits, `-`.
pub fn valid_column_slug(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_roundtrip() {
        for d in Disclosure::ALL {
            assert_eq!(Disclosure::parse(d.as_str()), Some(d));
        }
        for v in Validity::ALL {
            assert_eq!(Validity::parse(v.as_str()), Some(v));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Disclosure::parse("public"), None);
    }

    #[test]
    fn default_columns_have_valid_slugs() {
        assert_eq!(DEFAULT_COLUMNS.len(), 10);
        assert!(DEFAULT_COLUMNS.iter().all(|(s, _)| valid_column_slug(s)));
        assert!(!valid_column_slug("政策"));
    }
}
