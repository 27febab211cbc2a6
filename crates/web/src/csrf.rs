//! CSRF protection for every state-changing form.
//!
//! Each browser gets a random token in an HttpOnly, SameSite=Strict cookie (`gk_csrf`), set by
//! [`layer`] on its first visit. Forms carry the same token in a hidden `csrf` field and
//! [`verify`] compares the two in constant time. A cross-site page can neither read the cookie
//! nor make the browser send it, so it cannot produce a matching pair.

use crate::error::AppError;
use axum::extract::Request;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;

pub const COOKIE_NAME: &str = "gk_csrf";

/// The token of the current request, for templates (`{{ csrf }}`).
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the operating system provides randomness");
    hex::encode(b)
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn well_formed(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Ensures the request has a token (new visitors get one) and sets the cookie when it is new.
pub async fn layer(mut req: Request, next: Next) -> Response {
    let existing = cookie_value(req.headers(), COOKIE_NAME).filter(|t| well_formed(t));
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => (random_token(), true),
    };
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    let already_set = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(COOKIE_NAME.as_bytes()));
    if fresh && !already_set {
        set_cookie(res.headers_mut(), &token);
    }
    res
}

pub fn set_cookie(headers: &mut HeaderMap, token: &str) {
    let cookie = format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Strict");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        headers.append(SET_COOKIE, v);
    }
}

/// Checks the form's token against the cookie's.
pub fn verify(expected: &CsrfToken, submitted: &str) -> Result<(), AppError> {
    let ok =
        well_formed(submitted) && bool::from(expected.0.as_bytes().ct_eq(submitted.as_bytes()));
    if ok { Ok(()) } else { Err(AppError::Csrf) }
}
