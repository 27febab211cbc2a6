//! The web layer's error type and its mapping to responses — the only place where errors
//! become status codes. Internal errors are logged here, once, without request data.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_db::DbError;

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404: the page or item does not exist (or is not public).
    #[error("not found")]
    NotFound,
    /// 400: malformed request; the message (Chinese) says what is wrong.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Not logged in: GET requests are sent to the login page, others get 401.
    #[error("unauthenticated")]
    Unauthenticated { back_to: Option<String> },
    /// 403: logged in, but the role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// 403: missing or wrong CSRF token.
    #[error("csrf token mismatch")]
    Csrf,
    /// 409: the action conflicts with the current state; the message is shown.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 413: upload over the size limit.
    #[error("payload too large")]
    TooLarge,
    /// 429: too many submissions from one address (public forms).
    #[error("too many requests")]
    TooManyRequests,
    /// 500: logged, shown as a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            DbError::Conflict(m) => AppError::Conflict(m),
            DbError::Invalid(f) => AppError::BadRequest(
                f.0.iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {e:#}"))
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Title and explanation shown to the person, in Chinese.
    pub fn message(&self) -> (&'static str, String) {
        match self {
            AppError::NotFound => (
                "页面不存在",
                "您访问的页面或信息不存在，可能已被撤回或地址有误。".into(),
            ),
            AppError::BadRequest(m) => ("请求有误", m.clone()),
            AppError::Unauthenticated { .. } => ("请先登录", "此页面需要登录后访问。".into()),
            AppError::Forbidden => ("无权访问", "您的账号没有执行此操作的权限。".into()),
            AppError::Csrf => (
                "页面已过期",
                "表单已过期或来源不明，请返回刷新页面后重新提交。".into(),
            ),
            AppError::Conflict(m) => ("无法完成操作", m.clone()),
            AppError::TooLarge => ("文件过大", "上传的文件超过了大小限制。".into()),
            AppError::TooManyRequests => (
                "提交过于频繁",
                "同一网络地址在短时间内提交次数过多，请稍后再试。".into(),
            ),
            AppError::Internal(_) => ("系统错误", "服务器处理请求时出错，请稍后重试。".into()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(error.cause = %cause, "request failed");
        }
        if let AppError::Unauthenticated {
            back_to: Some(path),
        } = &self
        {
            let target = format!(
                "/admin/login?next={}",
                percent_encoding::utf8_percent_encode(path, percent_encoding::NON_ALPHANUMERIC)
            );
            return Redirect::to(&target).into_response();
        }
        let status = self.status();
        let (title, message) = self.message();
        let html = crate::templates::render_error(status.as_u16(), title, &message);
        (status, axum::response::Html(html)).into_response()
    }
}

/// The JSON API's errors: the same cases, as `{"error": {"status", "title", "message"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self.0 {
            tracing::error!(error.cause = %cause, "api request failed");
        }
        let status = self.0.status();
        let (title, message) = self.0.message();
        let body = serde_json::json!({
            "error": { "status": status.as_u16(), "title": title, "message": message }
        });
        (status, axum::Json(body)).into_response()
    }
}
