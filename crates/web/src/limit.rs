//! Per-address rate limits of the public application forms, without third-party services.
//!
//! The counts are kept in memory on each app node. With several nodes behind a load balancer
//! each node counts on its own, so the effective limit is at most N times the configured one;
//! that is enough to blunt scripted floods (a shared store would be needed for an exact global
//! limit). The time comes from [`crate::Clock`], so tests control it.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Mutex;

/// At most `max` requests per `window` from one address.
pub struct RateLimiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request from `key` at `now`; `false` when the limit is reached (the refused
    /// request is not counted).
    pub fn allow(&self, key: &str, now: DateTime<Utc>) -> bool {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        let since = now - self.window;
        // Keeps memory bounded: forget addresses whose requests are all outside the window.
        if hits.len() > 10_000 {
            hits.retain(|_, q| q.back().is_some_and(|t| *t > since));
        }
        let q = hits.entry(key.to_string()).or_default();
        while q.front().is_some_and(|t| *t <= since) {
            q.pop_front();
        }
        if q.len() >= self.max {
            return false;
        }
        q.push_back(now);
        true
    }
}

/// The limits of the public forms.
pub struct Limits {
    /// Applications submitted.
    pub apply: RateLimiter,
    /// Tracking look-ups and notice downloads (each checks a secret).
    pub track: RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            apply: RateLimiter::new(10, Duration::hours(1)),
            track: RateLimiter::new(30, Duration::minutes(10)),
        }
    }
}

/// The client's address: the peer address of the connection; when the peer is a reverse proxy on
/// the same host (loopback), the last address of its `X-Forwarded-For` header, which that proxy
/// appended (earlier entries can be forged by the client). `unknown` when neither is known
/// (requests driven in-process, as in tests).
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = || {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s.len() <= 64)
        };
        let addr = match peer {
            Some(ip) if ip.is_loopback() => forwarded().unwrap_or_else(|| ip.to_string()),
            Some(ip) => ip.to_string(),
            None => "unknown".to_string(),
        };
        Ok(ClientAddr(addr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_window_admits_max_requests_then_frees_up() {
        let l = RateLimiter::new(2, Duration::minutes(10));
        let t = Utc.with_ymd_and_hms(2024, 6, 3, 2, 0, 0).unwrap();
        assert!(l.allow("a", t));
        assert!(l.allow("a", t));
        assert!(!l.allow("a", t));
        assert!(l.allow("b", t), "addresses count separately");
        assert!(l.allow("a", t + Duration::minutes(11)));
    }
}
