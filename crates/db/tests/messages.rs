//! Messages from the public on every engine available: submission, the handling steps with
//! sign-off before any reply, queues, the submitter's view and rating, publication only when
//! allowed, the submitter's data read only with an audit entry.

use chrono::{DateTime, Duration, TimeZone, Utc};
use gongkai_core::message::{Category, Rating, Step};
use gongkai_db::testing::each;
use gongkai_db::*;

/// Mon 2024-06-03 10:30 China time.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 2, 30, 0).unwrap()
}

fn staff() -> Actor {
    Actor::system("办理人")
}

fn action(step: Step) -> MessageAction {
    MessageAction {
        step,
        note: String::new(),
        department_id: None,
        reply: None,
        publish: false,
    }
}

fn message(box_id: i64, allow_publish: bool) -> NewMessage {
    NewMessage {
        box_id,
        category: Category::Consult,
        title: "咨询高龄津贴申领".into(),
        body: "请问80岁以上老人如何申领高龄津贴？<script>alert(1)</script>".into(),
        allow_publish,
        name: "李四".into(),
        contact: "13900001111".into(),
        document: None,
    }
}

#[tokio::test]
async fn a_message_is_registered_assigned_answered_after_sign_off_and_rated() {
    each(async |t| {
        let db = &t.db;
        let o = gongkai_db::testing::org(db, "0024204150", now()).await;
        let dep = db
            .add_department(o.id, "养老服务处", &staff(), now())
            .await
            .unwrap();
        let boxes = db.message_boxes(o.id).await.unwrap();
        let kinds: Vec<(&str, i64)> = boxes
            .iter()
            .map(|b| (b.kind.as_str(), b.reply_wd))
            .collect();
        assert_eq!(kinds, vec![("board", 10), ("mailbox", 15), ("policy", 5)]);
        let board = boxes[0].id;

        let mut bad = message(board, true);
        bad.contact = "123".into();
        assert!(matches!(
            db.submit_message(&bad, now()).await,
            Err(DbError::Invalid(_))
        ));
        let (m, secret) = db
            .submit_message(&message(board, true), now())
            .await
            .unwrap();
        assert_eq!(m.tracking_no, "LY-2024-000001");
        assert_eq!(m.status, "received");
        // Ten working days from Mon 2024-06-03 (端午 06-10 off): 2024-06-18.
        assert_eq!(m.due_on.to_string(), "2024-06-18");
        assert!(
            db.message_by_tracking(&m.tracking_no, "wrong")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            db.message_by_tracking(&m.tracking_no, &secret)
                .await
                .unwrap()
                .is_some()
        );

        let step = async |m: &Message, a: MessageAction| {
            db.message_step(m.id, &m.status, &a, &staff(), now()).await
        };
        let m = step(&m, action(Step::Register)).await.unwrap();
        let e = step(&m, action(Step::Assign)).await.unwrap_err();
        assert!(matches!(e, DbError::Invalid(_)), "a division is required");
        let m = step(
            &m,
            MessageAction {
                department_id: Some(dep.id),
                ..action(Step::Assign)
            },
        )
        .await
        .unwrap();
        assert_eq!(m.department_name.as_deref(), Some("养老服务处"));
        let m = step(
            &m,
            MessageAction {
                reply: Some("请持身份证到社区办理。".into()),
                ..action(Step::Draft)
            },
        )
        .await
        .unwrap();
        // No reply goes out before the division head signs it off.
        match step(&m, action(Step::Send)).await {
            Err(DbError::Conflict(msg)) => assert!(msg.contains("审签"), "{msg}"),
            other => panic!("{other:?}"),
        }
        // A stale page is refused.
        assert!(matches!(
            db.message_step(m.id, "assigned", &action(Step::SignOff), &staff(), now())
                .await,
            Err(DbError::Conflict(_))
        ));
        let m = step(&m, action(Step::SignOff)).await.unwrap();
        let m = step(
            &m,
            MessageAction {
                publish: true,
                ..action(Step::Send)
            },
        )
        .await
        .unwrap();
        assert_eq!((m.status.as_str(), m.published), ("replied", true));
        let public = db
            .published_messages(Some(o.id), Some("board"), 10)
            .await
            .unwrap();
        assert_eq!(public.len(), 1);
        let m = db
            .rate_message(m.id, Rating::Satisfied, "很清楚", now())
            .await
            .unwrap();
        assert_eq!(
            (m.status.as_str(), m.rating.as_deref()),
            ("closed", Some("satisfied"))
        );
        assert!(matches!(
            db.rate_message(m.id, Rating::NotSatisfied, "", now()).await,
            Err(DbError::Conflict(_))
        ));
        let steps: Vec<String> = db
            .message_events(m.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.step)
            .collect();
        assert_eq!(
            steps,
            [
                "received", "register", "assign", "draft", "sign_off", "send", "rate"
            ]
        );

        // The submitter's data: never in the audit log, read only with an entry.
        let trail = db.audit_for("message", m.id).await.unwrap();
        assert!(
            trail
                .iter()
                .all(|a| !a.summary.contains("李四") && !a.detail.contains("13900001111"))
        );
        let who = db
            .message_submitter(m.id, &staff(), now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who, ("李四".to_string(), "13900001111".to_string()));
        let trail = db.audit_for("message", m.id).await.unwrap();
        assert!(trail.iter().any(|a| a.action == "message.submitter"));
    })
    .await;
}

#[tokio::test]
async fn messages_not_allowed_to_be_published_stay_private_and_queues_show_overdue_ones() {
    each(async |t| {
        let db = &t.db;
        let o = gongkai_db::testing::org(db, "0024204151", now()).await;
        let dep = db
            .add_department(o.id, "社会救助处", &staff(), now())
            .await
            .unwrap();
        let board = db.message_boxes(o.id).await.unwrap()[0].id;
        let (m, _) = db
            .submit_message(&message(board, false), now())
            .await
            .unwrap();
        let mut m = m;
        for a in [
            action(Step::Register),
            MessageAction {
                department_id: Some(dep.id),
                ..action(Step::Assign)
            },
            MessageAction {
                reply: Some("已转社区办理。".into()),
                ..action(Step::Draft)
            },
            action(Step::SignOff),
        ] {
            m = db
                .message_step(m.id, &m.status, &a, &staff(), now())
                .await
                .unwrap();
        }
        match db
            .message_step(
                m.id,
                &m.status,
                &MessageAction {
                    publish: true,
                    ..action(Step::Send)
                },
                &staff(),
                now(),
            )
            .await
        {
            Err(DbError::Conflict(msg)) => assert!(msg.contains("未同意公开"), "{msg}"),
            other => panic!("{other:?}"),
        }
        // Rejection needs a reason.
        let (r, _) = db
            .submit_message(&message(board, true), now())
            .await
            .unwrap();
        assert!(matches!(
            db.message_step(r.id, "received", &action(Step::Reject), &staff(), now())
                .await,
            Err(DbError::Invalid(_))
        ));
        let r = db
            .message_step(
                r.id,
                "received",
                &MessageAction {
                    note: "不属于本机关职责".into(),
                    ..action(Step::Reject)
                },
                &staff(),
                now(),
            )
            .await
            .unwrap();
        assert_eq!(r.rejected_reason.as_deref(), Some("不属于本机关职责"));
        // Queues: the signed-off one is open; three weeks later it is overdue.
        let today = now().date_naive();
        let open = db
            .message_queue(o.id, "open", None, today, today)
            .await
            .unwrap();
        assert_eq!(open.len(), 1);
        let later = today + Duration::days(21);
        let overdue = db
            .message_queue(o.id, "overdue", None, later, later)
            .await
            .unwrap();
        assert_eq!(overdue.len(), 1);
        assert!(
            db.message_queue(o.id, "overdue", Some(dep.id + 1000), later, later)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            db.published_messages(Some(o.id), None, 10)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}
