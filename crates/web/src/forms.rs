//! Form handling shared by the back office: a urlencoded-form extractor whose rejections are
//! Chinese 400 pages, and the re-rendering of forms with their field errors.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use gongkai_core::FieldErrors;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// `application/x-www-form-urlencoded` body parsed into `T`.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest("请通过页面表单提交".into()));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest("表单数据不完整".into())
            }
        })?;
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|_| AppError::BadRequest("表单格式不正确".into()))
    }
}

/// Field errors as a map for templates: `errors.title` is the message for the title field.
pub fn error_map(e: &FieldErrors) -> BTreeMap<&'static str, String> {
    let mut m = BTreeMap::new();
    for fe in &e.0 {
        m.entry(fe.field).or_insert_with(|| fe.message.clone());
    }
    m
}

/// A short notice after a redirect (`?msg=…`), from a fixed list so that a link cannot make
/// the page say anything else.
pub fn notice(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "created" => "已保存为草稿。",
        "saved" => "修改已保存。",
        "published" => "已发布到门户网站。",
        "submitted" => "已提交保密审查。",
        "reviewed" => "保密审查已通过，等待领导审批。",
        "returned" => "已退回起草人修改。",
        "draft" => "审批未通过，已退回起草人修改。",
        "scheduled" => "审批已通过，将在定时发布时间自动发布。",
        "unscheduled" => "已取消定时发布，需重新审批。",
        "filed" => "审批已通过：该信息不主动公开，不在门户发布。",
        "redacted" => "正文中的个人信息已去标识化。",
        "attachment_redacted" => "附件已替换为去标识化后的文件。",
        "release_recorded" => "已登记该渠道的发布。",
        "withdrawn" => "已撤回，门户网站不再显示该信息。",
        "uploaded" => "附件已上传。",
        "removed" => "附件已删除。",
        "column_added" => "栏目已添加。",
        "column_saved" => "栏目已保存。",
        "column_deleted" => "栏目已删除。",
        "department_added" => "处室已添加。",
        "department_deleted" => "处室已删除。",
        "user_added" => "用户已添加。",
        "user_saved" => "用户已更新。",
        "password_set" => "密码已重设，该用户的登录会话已全部退出。",
        "org_saved" => "机关信息已保存，公开指南已更新。",
        "event_recorded" => "办理环节已记录。",
        "case_assigned" => "承办人和处室已保存。",
        "comment_added" => "内部意见已添加。",
        "notice_issued" => "告知书已制作，可打印或下载。",
        "template_saved" => "告知书模板已保存。",
        "flag_decided" => "处理结果已记录。",
        "plan_imported" => "工作要点已导入。",
        "task_progress" => "进展已报送。",
        "task_reported" => "已报告完成，等待公开办审核。",
        "task_accept" => "已确认完成。",
        "task_return" => "已退回责任单位。",
        "task_saved" => "任务已修改。",
        "task_added" => "任务已新增。",
        "task_deleted" => "任务已删除。",
        _ => return None,
    })
}

#[derive(Serialize, Default)]
pub struct NoErrors {}
