//! 申请人情况: the applicant categories that are the columns of annual-report Table 3
//! (regulations.md §2.4). Keys are stable English snake_case; labels are the printed headers.

use serde::{Deserialize, Serialize};

/// Who applied. The five kinds after `NaturalPerson` sit under the header 「法人或其他组织」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    /// 自然人
    NaturalPerson,
    /// 商业企业
    CommercialEnterprise,
    /// 科研机构
    ResearchInstitution,
    /// 社会公益组织
    PublicInterestOrg,
    /// 法律服务机构
    LegalServiceOrg,
    /// 其他
    Other,
}

/// The header above the five organisation columns.
pub const ORGANISATION_GROUP_LABEL: &str = "法人或其他组织";

/// The header of the last data column of Table 3.
pub const TOTAL_LABEL: &str = "总计";

impl ApplicantType {
    /// In the column order of Table 3.
    pub const ALL: [ApplicantType; 6] = [
        Self::NaturalPerson,
        Self::CommercialEnterprise,
        Self::ResearchInstitution,
        Self::PublicInterestOrg,
        Self::LegalServiceOrg,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NaturalPerson => "natural_person",
            Self::CommercialEnterprise => "commercial_enterprise",
            Self::ResearchInstitution => "research_institution",
            Self::PublicInterestOrg => "public_interest_org",
            Self::LegalServiceOrg => "legal_service_org",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The column header as printed in the report.
    pub fn label(self) -> &'static str {
        match self {
            Self::NaturalPerson => "自然人",
            Self::CommercialEnterprise => "商业企业",
            Self::ResearchInstitution => "科研机构",
            Self::PublicInterestOrg => "社会公益组织",
            Self::LegalServiceOrg => "法律服务机构",
            Self::Other => "其他",
        }
    }

    /// `法人或其他组织（商业企业）` for organisations: the bare 「其他」 means nothing on a form.
    pub fn full_label(self) -> String {
        match self {
            Self::NaturalPerson => self.label().to_string(),
            _ => format!("{ORGANISATION_GROUP_LABEL}（{}）", self.label()),
        }
    }

    pub fn is_natural_person(self) -> bool {
        self == Self::NaturalPerson
    }

    /// 0-based data column in Table 3 (the total is column 6).
    pub fn column(self) -> usize {
        self as usize
    }

    /// The keys, for error messages listing what is accepted.
    pub fn keys() -> String {
        Self::ALL.map(Self::as_str).join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// regulations.md §2.4: data columns in order.
    #[test]
    fn columns_follow_the_report() {
        let labels: Vec<&str> = ApplicantType::ALL.iter().map(|t| t.label()).collect();
        assert_eq!(
            labels,
            [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他"
            ]
        );
        for (i, t) in ApplicantType::ALL.iter().enumerate() {
            assert_eq!(t.column(), i);
            assert_eq!(ApplicantType::parse(t.as_str()), Some(*t));
        }
        assert_eq!(ApplicantType::parse("company"), None);
        assert_eq!(ApplicantType::Other.full_label(), "法人或其他组织（其他）");
        assert_eq!(ApplicantType::NaturalPerson.full_label(), "自然人");
    }
}
