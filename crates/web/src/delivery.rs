//! Sends the webhook deliveries the database queued (`queries/channels.rs`): each node's
//! background task claims due ones and POSTs their JSON to the channel's address, signed so the
//! receiver can check it came from us and was not replayed:
//!
//! * `X-Gongkai-Event`: `document.published` or `document.withdrawn`;
//! * `X-Gongkai-Delivery`: the delivery id (the same on every retry: receivers deduplicate by it);
//! * `X-Gongkai-Timestamp`: Unix seconds of this attempt;
//! * `X-Gongkai-Signature`: `sha256=` + hex HMAC-SHA256 of `"{timestamp}.{body}"` with the
//!   channel's secret.
//!
//! Plain HTTP only: the platform carries no TLS stack; an agency's integration receives through
//! an HTTP endpoint on its network (an https address is refused at attempt time, recorded in the
//! delivery log).

use crate::state::AppState;
use axum::body::Bytes;
use axum::http::{Request, header};
use chrono::{DateTime, Duration, Utc};
use gongkai_db::{AttemptResult, ClaimedDelivery, DbResult};
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

type HmacSha256 = Hmac<sha2_hmac::Sha256>;

/// How long a claimed delivery is this node's before another may take it over.
const LEASE_SECS: i64 = 60;
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// `sha256=<hex>` of `"{timestamp}.{body}"` keyed with `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Sends the deliveries due at `now`; returns how many were attempted.
pub async fn deliver_due(state: &AppState, now: DateTime<Utc>) -> DbResult<usize> {
    let claimed = state
        .db
        .claim_deliveries(now, Duration::seconds(LEASE_SECS), 20)
        .await?;
    for d in &claimed {
        let result = attempt(d, now).await;
        if !result.ok {
            tracing::warn!(delivery = d.id, attempt = d.attempts, error = ?result.error, "webhook delivery failed");
        }
        state.db.finish_delivery(d, &result, now).await?;
    }
    Ok(claimed.len())
}

async fn attempt(d: &ClaimedDelivery, now: DateTime<Utc>) -> AttemptResult {
    let fail = |error: String| AttemptResult {
        ok: false,
        status: None,
        error: Some(error),
    };
    if !d.url.starts_with("http://") {
        return fail("本节点只支持 HTTP 推送地址".into());
    }
    let ts = now.timestamp();
    let request = Request::post(d.url.as_str())
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .header(header::USER_AGENT, "gongkai-webhook/1")
        .header("X-Gongkai-Event", d.event.as_str())
        .header("X-Gongkai-Delivery", d.id.to_string())
        .header("X-Gongkai-Timestamp", ts.to_string())
        .header("X-Gongkai-Signature", signature(&d.secret, ts, &d.payload))
        .body(Full::new(Bytes::from(d.payload.clone())));
    let request = match request {
        Ok(r) => r,
        Err(e) => return fail(format!("推送地址无效：{e}")),
    };
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    match tokio::time::timeout(TIMEOUT, client.request(request)).await {
        Err(_) => fail("接收方10秒内未响应".into()),
        Ok(Err(e)) => fail(format!("连接失败：{e}")),
        Ok(Ok(resp)) => {
            let status = resp.status();
            AttemptResult {
                ok: status.is_success(),
                status: Some(status.as_u16()),
                error: (!status.is_success())
                    .then(|| format!("接收方返回 HTTP {}", status.as_u16())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_https_address_fails_with_a_recorded_reason_and_no_connection() {
        let d = ClaimedDelivery {
            id: 1,
            channel_id: 1,
            document_id: 1,
            url: "https://wx.example.gov.cn/hook".into(),
            secret: "k".into(),
            event: "document.published".into(),
            payload: "{}".into(),
            attempts: 1,
        };
        let r = attempt(
            &d,
            chrono::DateTime::from_timestamp(1_717_381_800, 0).unwrap(),
        )
        .await;
        assert!(!r.ok);
        assert_eq!(r.status, None);
        assert_eq!(r.error.as_deref(), Some("本节点只支持 HTTP 推送地址"));
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_and_body() {
        // RFC 4231 test case 2 ("Jefe", "what do ya want for nothing?"), split at the first
        // "." we insert: the key and message below reproduce it exactly.
        let sig = signature("Jefe", 0, "what do ya want for nothing?");
        // The message signed is "0.what do ya want for nothing?", so compare with a direct HMAC.
        let mut mac = HmacSha256::new_from_slice(b"Jefe").unwrap();
        mac.update(b"0.what do ya want for nothing?");
        assert_eq!(
            sig,
            format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
        );
        let mut rfc = HmacSha256::new_from_slice(b"Jefe").unwrap();
        rfc.update(b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(rfc.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(sig, signature("Jefe", 1, "what do ya want for nothing?"));
    }
}
