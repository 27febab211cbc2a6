//! The publishing workflow (先审查、后公开) on every engine available: no path publishes an item
//! without its own review and approval, scheduled release runs once, imports need a named
//! reviewer, personal data blocks the review unless de-identified or kept with a reason.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use gongkai_core::catalog::Disclosure;
use gongkai_core::document::DocumentInput;
use gongkai_core::review::{Basis, Decision, ReviewInput};
use gongkai_db::testing::each;
use gongkai_db::*;

/// 2024-06-03 10:30 China time.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 2, 30, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
}

fn editor() -> Actor {
    Actor::system("起草人")
}

fn reviewer() -> Actor {
    Actor::system("审查员")
}

fn leader() -> Actor {
    Actor::system("分管领导")
}

async fn draft(db: &Db, code: &str, body: &str) -> Document {
    let o = gongkai_db::testing::org(db, code, now()).await;
    let input = DocumentInput {
        title: "关于调整最低生活保障标准的通知".into(),
        publisher: "示范市民政局".into(),
        written_on: "2024-05-20".into(),
        subject: "17.03".into(),
        genre: "通知".into(),
        disclosure: "proactive".into(),
        body: body.into(),
        column: "zcwj".into(),
        ..Default::default()
    };
    db.create_document(o.id, &input.validate(today()).unwrap(), &editor(), now())
        .await
        .unwrap()
}

fn pass(disclosure: Disclosure) -> ReviewInput {
    ReviewInput {
        decision: Decision::Pass,
        bases: vec![Basis::None],
        disclosure,
        reason: String::new(),
        override_reason: String::new(),
    }
}

fn conflict(r: DbResult<Document>) -> String {
    match r {
        Err(DbError::Conflict(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn field(r: DbResult<Document>, name: &str) -> String {
    match r {
        Err(DbError::Invalid(f)) => f.get(name).unwrap_or_default().to_string(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn public_count(db: &Db) -> i64 {
    db.public_listing(&ListingFilter::default(), None, 20)
        .await
        .unwrap()
        .count
}

#[tokio::test]
async fn an_item_is_published_only_after_review_and_approval_of_its_current_content() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204128", "标准由每月800元调整为850元。").await;
        // Nothing skips a step.
        assert!(
            conflict(
                db.approve_document(d.id, Decision::Pass, "", None, &leader(), now())
                    .await
            )
            .contains("保密审查")
        );
        assert!(
            conflict(
                db.review_document(d.id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
                    .await
            )
            .contains("提交审查")
        );
        assert_eq!(
            db.try_publish_unreviewed(d.id).await,
            (true, true),
            "{}",
            t.label
        );

        db.submit_document(d.id, &editor(), now()).await.unwrap();
        // A return needs a reason and starts a new cycle.
        let mut back = pass(Disclosure::Proactive);
        back.decision = Decision::Return;
        assert!(
            field(
                db.review_document(d.id, &back, &[], &reviewer(), now())
                    .await,
                "reason"
            )
            .contains("退回理由")
        );
        back.reason = "请补充执行日期".into();
        let r = db
            .review_document(d.id, &back, &[], &reviewer(), now())
            .await
            .unwrap();
        assert_eq!(r.status, "draft");
        assert_eq!(r.review_cycle, d.review_cycle + 1);

        db.submit_document(d.id, &editor(), now()).await.unwrap();
        let r = db
            .review_document(d.id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
            .await
            .unwrap();
        assert_eq!(r.status, "reviewed");
        // An edit after the review sends it back: the review was of other content.
        let mut f = DocumentInput {
            title: r.title.clone(),
            publisher: r.publisher.clone(),
            written_on: "2024-05-20".into(),
            subject: "17.03".into(),
            genre: "通知".into(),
            disclosure: "proactive".into(),
            body: "标准由每月800元调整为860元，自7月1日起执行。".into(),
            column: "zcwj".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap();
        let e = db
            .update_document(d.id, r.version, &f, &editor(), now())
            .await
            .unwrap();
        assert_eq!(e.status, "draft");
        assert!(e.review_cycle > r.review_cycle);
        assert_eq!(db.try_publish_unreviewed(d.id).await, (true, true));

        db.submit_document(d.id, &editor(), now()).await.unwrap();
        db.review_document(d.id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
            .await
            .unwrap();
        let p = db
            .approve_document(d.id, Decision::Pass, "同意发布", None, &leader(), now())
            .await
            .unwrap();
        assert_eq!(p.status, "published");
        assert_eq!(p.published_at, Some(now()));
        assert_eq!(public_count(db).await, 1);
        // A published item is not edited in place.
        f.title = "改过的标题".into();
        assert!(
            conflict(
                db.update_document(d.id, p.version, &f, &editor(), now())
                    .await
            )
            .contains("修订")
        );

        // Withdrawn, it needs a whole new review before it is back.
        let later = now() + Duration::days(2);
        let w = db
            .withdraw_document(d.id, "标准有误", &leader(), later)
            .await
            .unwrap();
        assert_eq!(w.status, "withdrawn");
        assert!(
            conflict(
                db.approve_document(d.id, Decision::Pass, "", None, &leader(), later)
                    .await
            )
            .contains("保密审查")
        );
        assert_eq!(db.try_publish_unreviewed(d.id).await, (true, true));

        let steps: Vec<(String, Option<String>, i64)> = db
            .document_reviews(d.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.kind, r.decision, r.cycle))
            .collect();
        let c = d.review_cycle;
        let s = |k: &str, dcs: Option<&str>, cy: i64| (k.to_string(), dcs.map(str::to_string), cy);
        assert_eq!(
            steps,
            vec![
                s("submission", None, c),
                s("review", Some("return"), c),
                s("submission", None, c + 1),
                s("review", Some("pass"), c + 1),
                s("submission", None, c + 2),
                s("review", Some("pass"), c + 2),
                s("approval", Some("pass"), c + 2),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_item_reviewed_as_not_disclosed_is_filed_and_never_public() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204129", "内部请示。").await;
        db.submit_document(d.id, &editor(), now()).await.unwrap();
        let mut r = pass(Disclosure::NotDisclosed);
        assert!(
            field(
                db.review_document(d.id, &r, &[], &reviewer(), now()).await,
                "reason"
            )
            .contains("不予公开")
        );
        r.bases = vec![Basis::ProcessInfo];
        r.reason = "过程性信息（条例第十六条第二款）".into();
        db.review_document(d.id, &r, &[], &reviewer(), now())
            .await
            .unwrap();
        // Secrets are never released proactively.
        let d2 = db
            .create_document(
                d.org_id,
                &DocumentInput {
                    title: "某项工作安排".into(),
                    publisher: "示范市民政局".into(),
                    written_on: "2024-05-20".into(),
                    subject: "17.03".into(),
                    genre: "通知".into(),
                    disclosure: "proactive".into(),
                    column: "zcwj".into(),
                    ..Default::default()
                }
                .validate(today())
                .unwrap(),
                &editor(),
                now(),
            )
            .await
            .unwrap();
        db.submit_document(d2.id, &editor(), now()).await.unwrap();
        let mut secret = pass(Disclosure::Proactive);
        secret.bases = vec![Basis::StateSecret];
        assert!(
            field(
                db.review_document(d2.id, &secret, &[], &reviewer(), now())
                    .await,
                "disclosure"
            )
            .contains("国家秘密")
        );

        let f = db
            .approve_document(d.id, Decision::Pass, "", None, &leader(), now())
            .await
            .unwrap();
        assert_eq!(f.status, "filed");
        assert_eq!(f.disclosure, "not_disclosed");
        assert_eq!(
            f.disclosure_reason.as_deref(),
            Some("过程性信息（条例第十六条第二款）")
        );
        assert_eq!(public_count(db).await, 0);
        assert_eq!(db.try_publish_unreviewed(d.id).await, (true, true));
    })
    .await;
}

#[tokio::test]
async fn personal_data_blocks_the_review_until_deidentified_or_kept_with_a_reason() {
    each(async |t| {
        let db = &t.db;
        let body = "经审核，王小明（身份证号11010519491231002X，电话13812345678）符合条件。";
        let d = draft(db, "0024204130", body).await;
        db.submit_document(d.id, &editor(), now()).await.unwrap();
        let names = vec!["王小明".to_string()];
        let e = field(
            db.review_document(
                d.id,
                &pass(Disclosure::Proactive),
                &names,
                &reviewer(),
                now(),
            )
            .await,
            "override_reason",
        );
        assert!(e.contains("3 处"), "{e}");
        // Kept with a written reason: allowed and recorded.
        let mut kept = pass(Disclosure::Proactive);
        kept.bases = vec![Basis::PersonalInfo];
        kept.override_reason = "当事人书面同意公开".into();
        let d2 = draft(db, "0024204131", body).await;
        db.submit_document(d2.id, &editor(), now()).await.unwrap();
        db.review_document(d2.id, &kept, &names, &reviewer(), now())
            .await
            .unwrap();
        let rec = db.document_reviews(d2.id).await.unwrap().pop().unwrap();
        assert_eq!(
            (rec.findings, rec.override_reason.as_str()),
            (3, "当事人书面同意公开")
        );

        // De-identified in one action: the review then passes without a reason.
        assert_eq!(
            db.redact_document_body(d.id, &names, &reviewer(), now())
                .await
                .unwrap(),
            3
        );
        let after = db.document(d.id).await.unwrap().unwrap();
        assert!(
            after.body_html.contains("110105********002X"),
            "{}",
            after.body_html
        );
        assert!(after.body_html.contains("138****5678"));
        assert!(!after.body_html.contains("王小明"));
        assert_eq!(
            after.status, "submitted",
            "de-identification is part of the review"
        );
        db.review_document(
            d.id,
            &pass(Disclosure::Proactive),
            &names,
            &reviewer(),
            now(),
        )
        .await
        .unwrap();
        // The audit says how many, never what.
        let trail = db.audit_for("document", d.id).await.unwrap();
        assert!(
            trail
                .iter()
                .all(|a| !a.summary.contains("13812345678") && !a.detail.contains("13812345678"))
        );
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_release_happens_once_at_its_time() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204132", "定时发布的通知。").await;
        db.submit_document(d.id, &editor(), now()).await.unwrap();
        db.review_document(d.id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
            .await
            .unwrap();
        let past = now() - Duration::minutes(5);
        assert!(
            field(
                db.approve_document(d.id, Decision::Pass, "", Some(past), &leader(), now())
                    .await,
                "scheduled_at"
            )
            .contains("晚于当前时间")
        );
        let at = now() + Duration::hours(2);
        let s = db
            .approve_document(d.id, Decision::Pass, "", Some(at), &leader(), now())
            .await
            .unwrap();
        assert_eq!((s.status.as_str(), s.scheduled_at), ("scheduled", Some(at)));
        assert!(
            db.release_due_documents(now() + Duration::hours(1))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(public_count(db).await, 0);

        // The schedule lives in the database: another handle (a restarted or second node) sees
        // it, and two nodes releasing at once publish the item exactly once.
        let other = db.clone();
        let when = at + Duration::seconds(30);
        let (a, b) = tokio::join!(
            db.release_due_documents(when),
            other.release_due_documents(when)
        );
        let mut released = a.unwrap();
        released.extend(b.unwrap());
        assert_eq!(released, vec![d.id], "{}", t.label);
        let p = db.document(d.id).await.unwrap().unwrap();
        assert_eq!((p.status.as_str(), p.published_at), ("published", Some(at)));
        let publishes = db
            .audit_for("document", d.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.action == "document.publish")
            .count();
        assert_eq!(publishes, 1);
        let feed = db.changes_after(0, 100).await.unwrap();
        assert_eq!(
            feed.iter()
                .filter(|c| c.1 == d.id && c.2 == "published")
                .count(),
            1
        );
        assert!(
            db.release_due_documents(when + Duration::hours(1))
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn an_import_publishes_only_with_a_named_reviewer_and_basis() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204133", "").await;
        let mk = |title: &str, review: Option<ImportedReview>| ImportedDocument {
            fields: DocumentInput {
                title: title.into(),
                publisher: "示范市民政局".into(),
                written_on: "2022-03-01".into(),
                subject: "17.03".into(),
                genre: "通知".into(),
                disclosure: "proactive".into(),
                column: "zcwj".into(),
                ..Default::default()
            }
            .validate(today())
            .unwrap(),
            published_at: Some(Utc.with_ymd_and_hms(2022, 3, 2, 1, 0, 0).unwrap()),
            review,
        };
        let secret = ImportedReview {
            reviewed_by: "李审查".into(),
            bases: vec![Basis::StateSecret],
            approved_by: "赵领导".into(),
        };
        let ok = ImportedReview {
            reviewed_by: "李审查".into(),
            bases: vec![Basis::None],
            approved_by: "赵领导".into(),
        };
        let results = db
            .import_documents(
                d.org_id,
                &[
                    mk("无审查记录", None),
                    mk("涉密", Some(secret)),
                    mk("已审查", Some(ok)),
                ],
                &editor(),
                now(),
            )
            .await
            .unwrap();
        let msg = |r: &Result<String, DbError>| match r {
            Err(DbError::Invalid(f)) => f.0.iter().map(|e| e.message.clone()).collect::<String>(),
            other => panic!("{other:?}"),
        };
        assert!(msg(&results[0]).contains("保密审查人"));
        assert!(msg(&results[1]).contains("国家秘密"));
        let no = results[2].as_ref().unwrap();
        let doc = db.document_by_index_no(no).await.unwrap().unwrap();
        assert_eq!(doc.status, "published");
        let steps = db.document_reviews(doc.id).await.unwrap();
        let who: Vec<(&str, &str, bool)> = steps
            .iter()
            .map(|r| (r.kind.as_str(), r.actor_name.as_str(), r.imported))
            .collect();
        assert_eq!(
            who,
            vec![("review", "李审查", true), ("approval", "赵领导", true)]
        );
        assert_eq!(public_count(db).await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_published_revision_supersedes_the_item_it_revises() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204134", "标准为每月800元。").await;
        assert!(
            conflict(db.revise_document(d.id, today(), &editor(), now()).await).contains("已发布")
        );
        let old = testing::publish(db, d.id, &leader(), now()).await.unwrap();
        let rev = db
            .revise_document(d.id, today(), &editor(), now())
            .await
            .unwrap();
        assert_eq!((rev.status.as_str(), rev.revises_id), ("draft", Some(d.id)));
        assert_ne!(rev.index_no, old.index_no);
        assert!(
            conflict(db.revise_document(d.id, today(), &editor(), now()).await)
                .contains(&rev.index_no)
        );
        // Until the revision is out, the old item is in force.
        let later = now() + Duration::days(1);
        assert_eq!(
            db.document(d.id).await.unwrap().unwrap().validity,
            "in_force"
        );
        testing::publish(db, rev.id, &leader(), later)
            .await
            .unwrap();
        let old = db.document(d.id).await.unwrap().unwrap();
        assert_eq!(
            (old.status.as_str(), old.validity.as_str()),
            ("published", "amended")
        );
        assert_eq!(old.successor_id, Some(rev.id));
        let new = db.document(rev.id).await.unwrap().unwrap();
        assert_eq!(new.validity, "in_force");
        assert_eq!(public_count(db).await, 2);
    })
    .await;
}

fn interpretation_of(policy: &Document, title: &str) -> gongkai_core::document::DocumentFields {
    DocumentInput {
        title: title.into(),
        publisher: "示范市民政局".into(),
        written_on: "2024-05-20".into(),
        subject: "17.03".into(),
        genre: "解读".into(),
        disclosure: "proactive".into(),
        column: "zcjd".into(),
        interprets: policy.index_no.clone(),
        body: "一、出台背景……".into(),
        ..Default::default()
    }
    .validate(today())
    .unwrap()
}

async fn submit_and_pass(db: &Db, id: i64) {
    db.submit_document(id, &editor(), now()).await.unwrap();
    db.review_document(id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_policy_needing_an_interpretation_is_released_only_together_with_it() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204135", "标准调整。").await;
        // Mark the policy as needing an interpretation (三同步).
        let f = DocumentInput {
            title: d.title.clone(),
            publisher: d.publisher.clone(),
            written_on: "2024-05-20".into(),
            subject: "17.03".into(),
            genre: "通知".into(),
            disclosure: "proactive".into(),
            body: "标准调整。".into(),
            column: "zcwj".into(),
            needs_interpretation: "true".into(),
            ..Default::default()
        };
        let policy = db
            .update_document(
                d.id,
                d.version,
                &f.validate(today()).unwrap(),
                &editor(),
                now(),
            )
            .await
            .unwrap();
        assert!(policy.needs_interpretation);
        submit_and_pass(db, d.id).await;
        assert!(
            conflict(
                db.approve_document(d.id, Decision::Pass, "", None, &leader(), now())
                    .await
            )
            .contains("三同步")
        );

        // An interpretation of an unknown policy is refused.
        let mut bad = interpretation_of(&policy, "解读");
        bad.interprets = Some("0024204135/2024-09999".into());
        match db.create_document(d.org_id, &bad, &editor(), now()).await {
            Err(DbError::Invalid(e)) => assert!(e.get("interprets").unwrap().contains("找不到")),
            other => panic!("{other:?}"),
        }
        let i = db
            .create_document(
                d.org_id,
                &interpretation_of(&policy, "《通知》政策解读"),
                &editor(),
                now(),
            )
            .await
            .unwrap();
        assert_eq!(i.interprets_id, Some(d.id));
        submit_and_pass(db, i.id).await;
        // Not alone, before its policy.
        assert!(
            conflict(
                db.approve_document(i.id, Decision::Pass, "", None, &leader(), now())
                    .await
            )
            .contains("同步发布")
        );
        let p = db
            .approve_document(d.id, Decision::Pass, "同意", None, &leader(), now())
            .await
            .unwrap();
        assert_eq!(p.status, "published");
        let i = db.document(i.id).await.unwrap().unwrap();
        assert_eq!(
            (i.status.as_str(), i.published_at),
            ("published", Some(now()))
        );
        let approvals = db
            .document_reviews(i.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == "approval")
            .count();
        assert_eq!(
            approvals, 1,
            "the interpretation has its own approval record"
        );
        assert_eq!(public_count(db).await, 2);
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_policy_and_its_interpretation_go_out_in_one_release() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204136", "标准调整。").await;
        let f = DocumentInput {
            title: d.title.clone(),
            publisher: d.publisher.clone(),
            written_on: "2024-05-20".into(),
            subject: "17.03".into(),
            genre: "通知".into(),
            disclosure: "proactive".into(),
            column: "zcwj".into(),
            needs_interpretation: "on".into(),
            ..Default::default()
        };
        let policy = db
            .update_document(
                d.id,
                d.version,
                &f.validate(today()).unwrap(),
                &editor(),
                now(),
            )
            .await
            .unwrap();
        let i = db
            .create_document(
                d.org_id,
                &interpretation_of(&policy, "解读"),
                &editor(),
                now(),
            )
            .await
            .unwrap();
        submit_and_pass(db, d.id).await;
        submit_and_pass(db, i.id).await;
        let at = now() + Duration::hours(3);
        db.approve_document(d.id, Decision::Pass, "", Some(at), &leader(), now())
            .await
            .unwrap();
        assert_eq!(
            db.document(i.id).await.unwrap().unwrap().status,
            "scheduled"
        );
        let mut released = db.release_due_documents(at).await.unwrap();
        released.sort();
        assert_eq!(released, vec![d.id, i.id]);
        assert_eq!(public_count(db).await, 2);
    })
    .await;
}

#[tokio::test]
async fn attachments_are_checked_in_the_review_and_changing_them_restarts_it() {
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204137", "名单见附件。").await;
        let list = NewAttachment {
            file_name: "名单.txt".into(),
            content_type: "text/plain; charset=utf-8".into(),
            bytes: "张某某 13812345678\n".as_bytes().to_vec(),
        };
        let a = db
            .add_attachment(d.id, &list, &editor(), now())
            .await
            .unwrap();
        db.submit_document(d.id, &editor(), now()).await.unwrap();
        let found = db.document_findings(d.id, &[]).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, "附件《名单.txt》第1行");
        assert!(found[0].shown.contains("****"), "{}", found[0].shown);
        assert!(
            field(
                db.review_document(d.id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
                    .await,
                "override_reason"
            )
            .contains("1 处")
        );
        // The attachment is replaced by its de-identified copy.
        assert_eq!(
            db.redact_attachment(d.id, a.id, &[], &reviewer(), now())
                .await
                .unwrap(),
            1
        );
        let (_, bytes) = db.attachment_with_bytes(d.id, a.id).await.unwrap().unwrap();
        assert!(String::from_utf8_lossy(&bytes).contains("138****5678"));
        assert!(db.document_findings(d.id, &[]).await.unwrap().is_empty());
        assert_eq!(
            db.document(d.id).await.unwrap().unwrap().status,
            "submitted"
        );
        db.review_document(d.id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
            .await
            .unwrap();

        // A new attachment after the review sends the item back to draft (new cycle).
        let scan = NewAttachment {
            file_name: "扫描件.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: b"%PDF-1.4\n%%EOF".to_vec(),
        };
        let p = db
            .add_attachment(d.id, &scan, &editor(), now())
            .await
            .unwrap();
        let back = db.document(d.id).await.unwrap().unwrap();
        assert_eq!(back.status, "draft");
        db.submit_document(d.id, &editor(), now()).await.unwrap();
        // A PDF cannot be redacted; an unreadable one blocks until replaced or kept with a reason.
        assert!(matches!(
            db.redact_attachment(d.id, p.id, &[], &reviewer(), now())
                .await,
            Err(DbError::Conflict(_))
        ));
        let open: Vec<_> = db
            .document_findings(d.id, &[])
            .await
            .unwrap()
            .into_iter()
            .filter(|f| f.blocking)
            .collect();
        assert_eq!(open.len(), 1);
        assert!(open[0].location.contains("扫描件.pdf"));
        let mut kept = pass(Disclosure::Proactive);
        kept.override_reason = "已人工核查扫描件，无个人信息".into();
        db.review_document(d.id, &kept, &[], &reviewer(), now())
            .await
            .unwrap();
        let published = db
            .approve_document(d.id, Decision::Pass, "", None, &leader(), now())
            .await
            .unwrap();
        assert_eq!(published.status, "published");
        // Published: attachments are not changed in place.
        assert!(matches!(
            db.add_attachment(d.id, &list, &editor(), now()).await,
            Err(DbError::Conflict(_))
        ));
        assert!(matches!(
            db.remove_attachment(d.id, a.id, &editor(), now()).await,
            Err(DbError::Conflict(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_organizations_sensitive_expressions_are_checked_in_the_review() {
    use gongkai_core::redaction::{FindingKind, Severity};
    each(async |t| {
        let db = &t.db;
        let d = draft(db, "0024204138", "本件为内部资料，请勿外传。").await;
        let words = vec![
            ("内部资料".to_string(), Severity::High),
            ("参考".to_string(), Severity::Low),
        ];
        db.save_review_words(d.org_id, &words, &leader(), now())
            .await
            .unwrap();
        assert_eq!(db.review_words(d.org_id).await.unwrap(), words);
        db.submit_document(d.id, &editor(), now()).await.unwrap();
        let found = db.document_findings(d.id, &[]).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Some(FindingKind::SensitiveWord));
        assert!(found[0].blocking);
        assert!(
            field(
                db.review_document(d.id, &pass(Disclosure::Proactive), &[], &reviewer(), now())
                    .await,
                "override_reason"
            )
            .contains("1 处")
        );
        // The audit counts the words, it does not list them.
        let trail = db.audit_for("organization", d.org_id).await.unwrap();
        let e = trail
            .iter()
            .find(|a| a.action == "settings.sensitive_words")
            .unwrap();
        assert!(!e.summary.contains("内部资料") && !e.detail.contains("内部资料"));
    })
    .await;
}
