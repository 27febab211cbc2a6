//! Release channels and the webhook outbox on every engine available: publishing queues one
//! delivery per webhook channel in its transaction; one node claims each; failures are retried
//! on schedule; a delivered item counts once however many channels carried it.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use gongkai_core::channel::{ChannelKind, MAX_ATTEMPTS};
use gongkai_core::document::DocumentInput;
use gongkai_db::testing::{each, publish};
use gongkai_db::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 2, 30, 0).unwrap()
}

fn actor() -> Actor {
    Actor::system("test")
}

async fn setup(db: &Db) -> (Organization, Document) {
    let o = gongkai_db::testing::org(db, "0024204140", now()).await;
    let f = DocumentInput {
        title: "关于调整最低生活保障标准的通知".into(),
        publisher: "示范市民政局".into(),
        written_on: "2024-05-20".into(),
        subject: "17.03".into(),
        genre: "通知".into(),
        disclosure: "proactive".into(),
        column: "zcwj".into(),
        ..Default::default()
    }
    .validate(NaiveDate::from_ymd_opt(2024, 6, 3).unwrap())
    .unwrap();
    let d = db.create_document(o.id, &f, &actor(), now()).await.unwrap();
    (o, d)
}

fn failed(status: u16) -> AttemptResult {
    AttemptResult {
        ok: false,
        status: Some(status),
        error: Some(format!("HTTP {status}")),
    }
}

#[tokio::test]
async fn publishing_queues_a_delivery_per_webhook_channel_sent_once_and_retried() {
    each(async |t| {
        let db = &t.db;
        let (o, d) = setup(db).await;
        let wx = db
            .add_channel(
                o.id,
                ChannelKind::Wechat,
                "示范民政微信",
                Some(("http://127.0.0.1:9/hook", "k1")),
                &actor(),
                now(),
            )
            .await
            .unwrap();
        let gazette = db
            .add_channel(
                o.id,
                ChannelKind::Gazette,
                "市政府公报",
                None,
                &actor(),
                now(),
            )
            .await
            .unwrap();
        match db
            .add_channel(
                o.id,
                ChannelKind::Weibo,
                "微博",
                Some(("ftp://x", "k")),
                &actor(),
                now(),
            )
            .await
        {
            Err(DbError::Invalid(e)) => assert!(e.get("webhook_url").unwrap().contains("http")),
            other => panic!("{other:?}"),
        }
        assert!(
            db.claim_deliveries(now(), Duration::seconds(60), 10)
                .await
                .unwrap()
                .is_empty()
        );

        publish(db, d.id, &actor(), now()).await.unwrap();
        // Two nodes claim at once: one gets it.
        let other = db.clone();
        let (a, b) = tokio::join!(
            db.claim_deliveries(now(), Duration::seconds(60), 10),
            other.claim_deliveries(now(), Duration::seconds(60), 10)
        );
        let mut claimed = a.unwrap();
        claimed.extend(b.unwrap());
        assert_eq!(claimed.len(), 1, "{}", t.label);
        let c = claimed.remove(0);
        assert_eq!(
            (c.url.as_str(), c.secret.as_str(), c.attempts),
            ("http://127.0.0.1:9/hook", "k1", 1)
        );
        let payload: serde_json::Value = serde_json::from_str(&c.payload).unwrap();
        assert_eq!(payload["event"], "document.published");
        assert_eq!(payload["index_no"], d.index_no.as_str());

        // A failure is retried after a minute, not before.
        db.finish_delivery(&c, &failed(500), now()).await.unwrap();
        assert!(
            db.claim_deliveries(now() + Duration::seconds(30), Duration::seconds(60), 10)
                .await
                .unwrap()
                .is_empty()
        );
        let c = db
            .claim_deliveries(now() + Duration::seconds(61), Duration::seconds(60), 10)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(c.attempts, 2);
        db.finish_delivery(
            &c,
            &AttemptResult {
                ok: true,
                status: Some(200),
                error: None,
            },
            now() + Duration::seconds(62),
        )
        .await
        .unwrap();
        let log = db.deliveries(o.id, wx.id, 10).await.unwrap();
        assert_eq!(
            (log[0].status.as_str(), log[0].attempts, log[0].last_status),
            ("delivered", 2, Some(200))
        );

        // Released on the portal and on WeChat; recorded by hand in the gazette: one item.
        db.record_channel_release(d.id, gazette.id, now(), "第12期", &actor(), now())
            .await
            .unwrap();
        assert!(matches!(
            db.record_channel_release(d.id, gazette.id, now(), "", &actor(), now())
                .await,
            Err(DbError::Conflict(_))
        ));
        let names: Vec<String> = db
            .channel_releases(d.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.channel_name)
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        let (per, total) = db
            .channel_release_counts(o.id, now() - Duration::days(1), now() + Duration::days(1))
            .await
            .unwrap();
        assert_eq!(per.len(), 3);
        assert_eq!(total, 1);

        // A withdrawal is announced too.
        db.withdraw_document(d.id, "内容有误", &actor(), now())
            .await
            .unwrap();
        let c = db
            .claim_deliveries(now() + Duration::hours(1), Duration::seconds(60), 10)
            .await
            .unwrap();
        assert_eq!(c.len(), 1);
        assert!(c[0].payload.contains("document.withdrawn"));
    })
    .await;
}

#[tokio::test]
async fn a_delivery_gives_up_after_the_last_attempt_and_can_be_retried_by_hand() {
    each(async |t| {
        let db = &t.db;
        let (o, d) = setup(db).await;
        let wx = db
            .add_channel(
                o.id,
                ChannelKind::App,
                "客户端",
                Some(("http://127.0.0.1:9/", "k")),
                &actor(),
                now(),
            )
            .await
            .unwrap();
        publish(db, d.id, &actor(), now()).await.unwrap();
        let mut at = now();
        for _ in 0..MAX_ATTEMPTS {
            let c = db
                .claim_deliveries(at, Duration::seconds(60), 10)
                .await
                .unwrap()
                .remove(0);
            db.finish_delivery(&c, &failed(503), at).await.unwrap();
            at += Duration::days(1);
        }
        let log = db.deliveries(o.id, wx.id, 10).await.unwrap();
        assert_eq!(
            (log[0].status.as_str(), log[0].attempts),
            ("failed", i64::from(MAX_ATTEMPTS))
        );
        assert!(
            db.claim_deliveries(at, Duration::seconds(60), 10)
                .await
                .unwrap()
                .is_empty()
        );
        // A node that died mid-attempt: the lease ends and another node takes it.
        db.retry_delivery(o.id, log[0].id, at).await.unwrap();
        let c = db
            .claim_deliveries(at, Duration::seconds(60), 10)
            .await
            .unwrap();
        assert_eq!(c.len(), 1);
        assert!(
            db.claim_deliveries(at + Duration::seconds(30), Duration::seconds(60), 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            db.claim_deliveries(at + Duration::seconds(61), Duration::seconds(60), 10)
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}
