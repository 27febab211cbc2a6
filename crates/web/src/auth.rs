//! Staff authentication: argon2 password hashes, session cookies, and the [`Staff`] extractor
//! that every back-office handler takes (which is how every route checks who is asking).

use crate::csrf::{CsrfToken, cookie_value};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use gongkai_core::role::{Action, Role};
use gongkai_db::{Actor, Organization, User};
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "gk_session";

/// Hashes a password with Argon2id (the same hashing as applicants' secrets).
pub async fn hash_password(password: String) -> AppResult<String> {
    gongkai_db::secret::hash(password)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Checks a password against a stored hash; an unknown user takes as long to refuse.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    gongkai_db::secret::verify(password, stored).await
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    );
    HeaderValue::from_str(&v).unwrap_or(HeaderValue::from_static(""))
}

pub fn clear_session_cookie() -> HeaderValue {
    HeaderValue::from_static("gk_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// A logged-in staff member, with their organization and the request's CSRF token.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user: User,
    pub role: Role,
    pub org: Organization,
    pub csrf: CsrfToken,
}

impl Staff {
    /// Refuses with 403 unless the role allows `action`.
    pub fn require(&self, action: Action) -> AppResult<()> {
        if self.role.may(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn may(&self, action: Action) -> bool {
        self.role.may(action)
    }

    pub fn actor(&self) -> Actor {
        self.user.actor()
    }

    /// Checks that an item of organization `org_id` is within this user's scope.
    pub fn check_org(&self, org_id: i64) -> AppResult<()> {
        if org_id == self.org.id {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// The path (and query) to come back to after logging in; only for page views.
fn back_to(parts: &Parts) -> Option<String> {
    (parts.method == Method::GET).then(|| {
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/admin".into())
    })
}

pub async fn current_user(state: &AppState, headers: &HeaderMap) -> AppResult<Option<User>> {
    let Some(token) = cookie_value(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    if token.len() != 64 {
        return Ok(None);
    }
    Ok(state
        .db
        .session_user(&token_hash(&token), state.clock.now())
        .await?)
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauth = || AppError::Unauthenticated {
            back_to: back_to(parts),
        };
        let user = current_user(state, &parts.headers)
            .await?
            .ok_or_else(unauth)?;
        let role = user.role().ok_or(AppError::Forbidden)?;
        let org = state
            .db
            .org_by_id(user.org_id)
            .await?
            .ok_or(AppError::Forbidden)?;
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Internal("csrf layer missing".into()))?;
        Ok(Staff {
            user,
            role,
            org,
            csrf,
        })
    }
}

/// Responses to staff pages must not be stored by shared caches.
pub fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}
