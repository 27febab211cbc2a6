//! Webhook delivery to a real local receiver: signed, retried after a failure, recorded.

use crate::support::*;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use gongkai_core::channel::ChannelKind;
use gongkai_db::Actor;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Receiver {
    /// (headers, body) of every request, in order.
    seen: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

async fn hook(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let mut seen = r.seen.lock().unwrap();
    seen.push((headers, String::from_utf8_lossy(&body).into_owned()));
    // The first attempt fails, as a receiver that is down would.
    if seen.len() == 1 {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    }
}

#[tokio::test]
async fn a_published_item_is_pushed_signed_to_the_channel_and_retried_after_a_failure() {
    each_engine(async |app| {
        let receiver = Receiver::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new()
            .route("/hook", post(hook))
            .with_state(receiver.clone());
        let server = tokio::spawn(async move { axum::serve(listener, router).await });

        let secret = "s3cret-for-test";
        let url = format!("http://{addr}/hook");
        app.db()
            .add_channel(
                app.org.id,
                ChannelKind::Wechat,
                "民政微信",
                Some((&url, secret)),
                &Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
        let d = app.document("关于发放高龄津贴的通知", true).await;

        assert_eq!(
            gongkai_web::delivery::deliver_due(&app.state, now())
                .await
                .unwrap(),
            1
        );
        // Not retried before its time; then delivered.
        let soon = now() + chrono::Duration::seconds(30);
        assert_eq!(
            gongkai_web::delivery::deliver_due(&app.state, soon)
                .await
                .unwrap(),
            0
        );
        let later = now() + chrono::Duration::seconds(61);
        assert_eq!(
            gongkai_web::delivery::deliver_due(&app.state, later)
                .await
                .unwrap(),
            1
        );

        let seen = receiver.seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 2);
        for (headers, body) in &seen {
            let h = |n: &str| headers.get(n).unwrap().to_str().unwrap().to_string();
            let ts: i64 = h("x-gongkai-timestamp").parse().unwrap();
            assert_eq!(
                h("x-gongkai-signature"),
                gongkai_web::delivery::signature(secret, ts, body)
            );
            assert_eq!(h("x-gongkai-event"), "document.published");
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(v["index_no"], d.index_no.as_str());
            assert_eq!(v["title"], "关于发放高龄津贴的通知");
        }
        // The same delivery id on the retry, so the receiver can deduplicate.
        assert_eq!(
            seen[0].0.get("x-gongkai-delivery"),
            seen[1].0.get("x-gongkai-delivery")
        );
        let releases: Vec<String> = app
            .db()
            .channel_releases(d.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.channel_name)
            .collect();
        assert_eq!(
            releases,
            vec!["门户网站".to_string(), "民政微信".to_string()]
        );
        server.abort();
    })
    .await;
}

#[tokio::test]
async fn an_admin_sets_up_channels_and_a_release_is_recorded_once_per_channel() {
    use gongkai_core::role::Role;
    each_engine(async |app| {
        let mut admin = app.login(Role::Admin).await;
        let c = admin.csrf();
        let r = app
            .post_form(
                "/admin/channels",
                &[
                    ("csrf", &c),
                    ("kind", "weibo"),
                    ("name", "民政微博"),
                    ("webhook_url", "ftp://x"),
                ],
                &mut admin,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("推送地址须以 http:// 或 https:// 开头"),
            "{}",
            r.body
        );
        assert!(app.db().channels(app.org.id).await.unwrap().is_empty());
        let r = app
            .post_form(
                "/admin/channels",
                &[
                    ("csrf", &c),
                    ("kind", "gazette"),
                    ("name", "市政府公报"),
                    ("webhook_url", ""),
                ],
                &mut admin,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let gazette = app.db().channels(app.org.id).await.unwrap().remove(0);
        assert!(gazette.secret.is_none() || gazette.webhook_url.is_none());

        let d = app.document("关于公布养老服务补贴标准的通知", true).await;
        let page = format!("/admin/documents/{}", d.id);
        let r = app.get_with(&page, &mut admin).await;
        assert!(r.body.contains("id=\"release-form\""), "{}", r.body);
        let form = |on: &'static str| {
            vec![
                ("csrf", c.clone()),
                ("channel_id", gazette.id.to_string()),
                ("released_on", on.to_string()),
                ("note", "2024年第12期".to_string()),
            ]
        };
        let post = async |jar: &mut Jar, f: Vec<(&str, String)>| {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&format!("{page}/releases"), &pairs, jar)
                .await
        };
        let r = post(&mut admin, form("2024-13-01")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = post(&mut admin, form("2024-06-01")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = post(&mut admin, form("2024-06-01")).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = app.get_with(&page, &mut admin).await;
        assert!(
            r.body.contains("市政府公报") && r.body.contains("2024年第12期"),
            "{}",
            r.body
        );
        let releases = app.db().channel_releases(d.id).await.unwrap();
        assert_eq!(releases.len(), 2, "the portal and the gazette");
    })
    .await;
}
