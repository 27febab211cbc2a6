//! Staff roles and what each may do. Every back-office route asks `Role::may` before acting.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: everything within the organization (and the organizations under it).
    Admin,
    /// 信息编辑: drafts and edits catalog documents, uploads attachments.
    Editor,
    /// 保密审查员: reads drafts to review them (the review workflow builds on this role).
    Reviewer,
    /// 公开办负责人: publishes and withdraws, besides editing.
    OfficeHead,
    /// 申请办理人: handles applications for disclosure; reads the catalog.
    CaseHandler,
}

/// Things a staff member can attempt in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ViewBackOffice,
    ViewDrafts,
    EditDocument,
    PublishDocument,
    WithdrawDocument,
    ManageColumns,
    ManageDepartments,
    ManageUsers,
    ManageOrganization,
    ViewAudit,
    /// Read applications for disclosure: queues, case pages, issued notices.
    ViewApplications,
    /// Register applications, record workflow events, assign, comment, issue notices, and reveal
    /// the applicant's personal data (audited).
    HandleApplications,
    /// Approve an extension of the reply period (Art. 33: the head of the disclosure office).
    ApproveExtension,
    /// Edit the organization's notice (告知书) templates.
    ManageNoticeTemplates,
    /// Load a year's official holiday arrangement (recomputes open cases' deadlines).
    ManageCalendar,
    /// Change the organization's application settings (the readings the law leaves open;
    /// recomputes its open cases' deadlines): the head of the disclosure office.
    ManageApplicationSettings,
    /// 保密审查 of submitted items, and de-identifying their body.
    ReviewDocument,
    /// Edit the organization's list of forbidden or sensitive expressions.
    ManageReviewSettings,
    /// Handle messages from the public: register, reject, assign, draft replies, send signed-off
    /// replies, and see the submitter's contact (audited).
    HandleMessages,
    /// Sign off (or send back) a drafted reply: the division head's step.
    SignOffMessages,
    /// Record topics of public concern (舆情) and the responses to them.
    ManageConcerns,
    /// Register, assign and answer deputies' suggestions and CPPCC proposals.
    HandleProposals,
    /// Open consultations on drafts, moderate and dispose of comments, publish the report.
    ManageConsultations,
    /// Keep the major administrative decisions catalog.
    ManageDecisions,
    /// Prepare the annual report (政府信息公开工作年度报告).
    ManageAnnualReport,
    /// Import work plans (工作要点), edit their tasks, map units to departments and review
    /// completion reports: the disclosure office.
    ManageWorkPlans,
    /// See the work plans and report progress on the tasks of one's own department.
    ReportWorkPlanProgress,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Self::Admin,
        Self::Editor,
        Self::Reviewer,
        Self::OfficeHead,
        Self::CaseHandler,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
            Self::Reviewer => "reviewer",
            Self::OfficeHead => "office_head",
            Self::CaseHandler => "case_handler",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "系统管理员",
            Self::Editor => "信息编辑",
            Self::Reviewer => "保密审查员",
            Self::OfficeHead => "公开办负责人",
            Self::CaseHandler => "申请办理人",
        }
    }

    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            Self::Admin => true,
            Self::OfficeHead => matches!(
                action,
                ViewBackOffice
                    | ViewDrafts
                    | EditDocument
                    | PublishDocument
                    | WithdrawDocument
                    | ViewAudit
                    | ViewApplications
                    | HandleApplications
                    | ApproveExtension
                    | ManageNoticeTemplates
                    | ManageApplicationSettings
                    | ReviewDocument
                    | ManageReviewSettings
                    | HandleMessages
                    | SignOffMessages
                    | ManageConcerns
                    | HandleProposals
                    | ManageConsultations
                    | ManageDecisions
                    | ManageAnnualReport
                    | ManageWorkPlans
                    | ReportWorkPlanProgress
            ),
            Self::Editor => matches!(
                action,
                ViewBackOffice
                    | ViewDrafts
                    | EditDocument
                    | HandleMessages
                    | ManageConcerns
                    | ReportWorkPlanProgress
            ),
            Self::Reviewer => matches!(
                action,
                ViewBackOffice | ViewDrafts | ReviewDocument | ReportWorkPlanProgress
            ),
            Self::CaseHandler => matches!(
                action,
                ViewBackOffice
                    | ViewApplications
                    | HandleApplications
                    | HandleMessages
                    | ReportWorkPlanProgress
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_users_and_structure() {
        for r in Role::ALL {
            assert_eq!(r.may(Action::ManageUsers), r == Role::Admin, "{r:?}");
            assert_eq!(r.may(Action::ManageColumns), r == Role::Admin, "{r:?}");
            assert!(r.may(Action::ViewBackOffice));
        }
    }

    #[test]
    fn publishing_needs_office_head_or_admin() {
        let publishers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may(Action::PublishDocument))
            .collect();
        assert_eq!(publishers, vec![Role::Admin, Role::OfficeHead]);
        assert!(!Role::CaseHandler.may(Action::EditDocument));
    }

    #[test]
    fn case_handlers_handle_and_the_office_head_approves_extensions() {
        let handlers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may(Action::HandleApplications))
            .collect();
        assert_eq!(
            handlers,
            vec![Role::Admin, Role::OfficeHead, Role::CaseHandler]
        );
        let approvers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may(Action::ApproveExtension))
            .collect();
        assert_eq!(approvers, vec![Role::Admin, Role::OfficeHead]);
        for r in Role::ALL {
            assert_eq!(r.may(Action::ManageCalendar), r == Role::Admin, "{r:?}");
            assert_eq!(
                r.may(Action::ManageApplicationSettings),
                r.may(Action::ApproveExtension),
                "{r:?}"
            );
        }
        assert!(!Role::Editor.may(Action::ViewApplications));
        // Every staff member reports on their department's work-plan tasks; the office manages.
        for r in Role::ALL {
            assert!(r.may(Action::ReportWorkPlanProgress), "{r:?}");
            assert_eq!(
                r.may(Action::ManageWorkPlans),
                matches!(r, Role::Admin | Role::OfficeHead),
                "{r:?}"
            );
        }
        assert!(!Role::Reviewer.may(Action::ViewApplications));
    }
}
