//! Flags of repeat (Art. 36(6)) and excessive (Art. 35) applications: raised with the case,
//! decided by staff, on every engine available (see `gongkai_db::testing`).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::application::case::Event;
use gongkai_core::application::flags::FlagDecision;
use gongkai_core::application::outcome::Outcome;
use gongkai_core::application::receipt::Channel;
use gongkai_db::testing::{each, org};
use gongkai_db::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// 2024-06-03 10:30 China time.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 2, 30, 0).unwrap()
}

fn actor() -> Actor {
    Actor::system("test")
}

fn person() -> NewApplicant {
    NewApplicant {
        name: "张三".into(),
        id_kind: "resident_id".into(),
        id_number: "11010519491231002x".into(),
        phone: "13812345678".into(),
        email: "zhang@example.cn".into(),
        address: "示范市人民路1号".into(),
        ..Default::default()
    }
}

const REQUEST: &str = "申请公开2023年度养老机构补贴发放情况";

fn application(org_id: i64, received_on: &str, request: &str, who: NewApplicant) -> NewApplication {
    NewApplication {
        org_id,
        applicant_type: ApplicantType::NaturalPerson,
        channel: Channel::Online,
        received_on: d(received_on),
        request_text: request.into(),
        provision_form: "电子文档".into(),
        delivery_method: "电子邮件".into(),
        handler_id: None,
        department_id: None,
        applicant: who,
    }
}

async fn create(db: &Db, a: &NewApplication) -> ApplicationCase {
    db.create_application(a, &actor(), now())
        .await
        .unwrap()
        .case
}

async fn reply(db: &Db, c: &ApplicationCase, outcome: Outcome) {
    db.record_application_event(
        c.id,
        c.event_count,
        &Event::Replied {
            on: d("2024-05-20"),
            outcome,
        },
        &actor(),
        now(),
    )
    .await
    .unwrap();
}

async fn kinds(db: &Db, case_id: i64) -> Vec<String> {
    db.application_flags(case_id)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.kind)
        .collect()
}

#[tokio::test]
async fn a_similar_request_after_an_answered_one_is_a_possible_repeat() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let first = create(db, &application(o.id, "2024-05-06", REQUEST, person())).await;
        // Not answered yet: the same request again is no repeat.
        let early = create(db, &application(o.id, "2024-05-07", REQUEST, person())).await;
        assert!(kinds(db, early.id).await.is_empty(), "{}", t.label);
        reply(db, &first, Outcome::Granted).await;

        // Width, punctuation and a few words differ: still similar.
        let again = create(
            db,
            &application(
                o.id,
                "2024-06-03",
                "请公开：２０２３年度本市养老机构补贴的发放情况。",
                person(),
            ),
        )
        .await;
        let flags = db.application_flags(again.id).await.unwrap();
        assert_eq!(flags.len(), 1, "{}", t.label);
        let f = &flags[0];
        assert_eq!(f.kind, "repeat");
        assert_eq!(f.related_case_id, Some(first.id));
        assert_eq!(
            f.related_tracking_no.as_deref(),
            Some(first.tracking_no.as_str())
        );
        assert_eq!(
            f.detail,
            format!(
                "与本机关已答复的申请 {} 所需信息相似（相似度 0.80），可能属于重复申请。",
                first.tracking_no
            )
        );
        assert!(f.decision.is_none() && f.decided_at.is_none());
        assert_eq!(f.raised_at, now());

        // Another subject, another person, another organization: no flag.
        let other_subject = create(
            db,
            &application(
                o.id,
                "2024-06-03",
                "申请公开示范河道整治工程环境影响评价报告",
                person(),
            ),
        )
        .await;
        assert!(kinds(db, other_subject.id).await.is_empty());
        let someone_else = NewApplicant {
            id_number: "110101199003070011".into(),
            ..person()
        };
        let other_person =
            create(db, &application(o.id, "2024-06-03", REQUEST, someone_else)).await;
        assert!(kinds(db, other_person.id).await.is_empty());
        let o2 = org(db, "0024204129", now()).await;
        let other_org = create(db, &application(o2.id, "2024-06-03", REQUEST, person())).await;
        assert!(kinds(db, other_org.id).await.is_empty());

        // The flag is in the audit trail of the new case, without personal data.
        let audit = db.audit_for("application", again.id).await.unwrap();
        let actions: Vec<&str> = audit.iter().rev().map(|a| a.action.as_str()).collect();
        assert_eq!(actions, ["application.create", "application.flag"]);
        assert_eq!(
            audit[0].summary,
            format!("{}：标记疑似重复申请", again.tracking_no)
        );
        for a in &audit {
            assert!(!a.detail.contains("张三") && !a.detail.contains("11010519491231002"));
            assert!(!a.detail.contains("13812345678") && !a.detail.contains(REQUEST));
        }

        // The queue marker: the organization's undecided flags.
        assert_eq!(
            db.undecided_application_flags(o.id).await.unwrap(),
            [(again.id, "repeat".to_string())]
        );
        assert!(
            db.undecided_application_flags(o2.id)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn a_case_closed_by_a_lapse_was_not_answered() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let first = create(db, &application(o.id, "2024-04-01", REQUEST, person())).await;
        let c = db
            .record_application_event(
                first.id,
                1,
                &Event::CorrectionRequested {
                    on: d("2024-04-02"),
                    period_wd: 5,
                },
                &actor(),
                now(),
            )
            .await
            .unwrap();
        db.record_application_event(
            first.id,
            c.event_count,
            &Event::CorrectionLapsed {
                on: d("2024-05-06"),
            },
            &actor(),
            now(),
        )
        .await
        .unwrap();
        let closed = db.application(first.id).await.unwrap().unwrap();
        assert_eq!(closed.outcome.as_deref(), Some("other.no_correction"));
        let again = create(db, &application(o.id, "2024-06-03", REQUEST, person())).await;
        assert!(kinds(db, again.id).await.is_empty(), "{}", t.label);
        // Once an earlier one is answered (even as 不予处理), it counts.
        let answered = create(db, &application(o.id, "2024-05-06", REQUEST, person())).await;
        reply(db, &answered, Outcome::NotProcessedRepeat).await;
        let third = create(db, &application(o.id, "2024-06-03", REQUEST, person())).await;
        let flags = db.application_flags(third.id).await.unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].related_case_id, Some(answered.id));
        assert!(flags[0].detail.contains("相似度 1.00"));
    })
    .await;
}

#[tokio::test]
async fn applicants_are_matched_by_credit_code_or_name_and_contact() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        // A company by its credit code (whatever the contact person).
        let company = |contact: &str| NewApplicant {
            name: contact.into(),
            org_name: "示范贸易有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            ..Default::default()
        };
        let mut a = application(o.id, "2024-05-06", REQUEST, company("王五"));
        a.applicant_type = ApplicantType::CommercialEnterprise;
        let first = create(db, &a).await;
        reply(db, &first, Outcome::Granted).await;
        let mut b = application(o.id, "2024-06-03", REQUEST, company("赵六"));
        b.applicant_type = ApplicantType::CommercialEnterprise;
        let second = create(db, &b).await;
        assert_eq!(kinds(db, second.id).await, ["repeat"], "{}", t.label);

        // Without documents: the same name and the same e-mail (the phone differs).
        let plain = |phone: &str, email: &str| NewApplicant {
            name: "李四".into(),
            phone: phone.into(),
            email: email.into(),
            ..Default::default()
        };
        let p1 = create(
            db,
            &application(
                o.id,
                "2024-05-06",
                "申请公开示范河道整治工程环境影响评价报告",
                plain("13900000001", "li@example.cn"),
            ),
        )
        .await;
        reply(db, &p1, Outcome::Granted).await;
        let p2 = create(
            db,
            &application(
                o.id,
                "2024-06-03",
                "申请公开示范河道整治工程的环境影响评价报告",
                plain("13900000002", "li@example.cn"),
            ),
        )
        .await;
        let flags = db.application_flags(p2.id).await.unwrap();
        assert_eq!(flags.len(), 1);
        assert_eq!(flags[0].related_case_id, Some(p1.id));
        // The same name with other contact details is someone else.
        let p3 = create(
            db,
            &application(
                o.id,
                "2024-06-03",
                "申请公开示范河道整治工程环境影响评价报告",
                plain("13900000003", "other@example.cn"),
            ),
        )
        .await;
        assert!(kinds(db, p3.id).await.is_empty());
        // A name alone identifies nobody.
        let p4 = create(
            db,
            &application(
                o.id,
                "2024-06-03",
                "申请公开示范河道整治工程环境影响评价报告",
                plain("", ""),
            ),
        )
        .await;
        assert!(kinds(db, p4.id).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn many_applications_in_the_window_are_flagged_under_art_35() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let subject = |i: usize| format!("申请公开第{i}号文件及其附件的全部内容");
        // One before the 30-day window of 2024-06-03 (05-05 … 06-03).
        let old = create(db, &application(o.id, "2024-05-03", &subject(0), person())).await;
        assert!(kinds(db, old.id).await.is_empty());
        // Another applicant's cases do not count.
        let someone_else = NewApplicant {
            id_number: "110101199003070011".into(),
            ..person()
        };
        for i in 0..5 {
            create(
                db,
                &application(o.id, "2024-06-03", &subject(i), someone_else.clone()),
            )
            .await;
        }
        // The first day of the window counts; 9 more on the last day make 10 in the window.
        let edge = create(db, &application(o.id, "2024-05-05", &subject(1), person())).await;
        assert!(kinds(db, edge.id).await.is_empty());
        for i in 2..=10 {
            create(db, &application(o.id, "2024-06-03", &subject(i), person())).await;
        }
        assert!(
            db.undecided_application_flags(o.id)
                .await
                .unwrap()
                .is_empty(),
            "10 in the window is within the setting; the one of 05-03 is outside ({})",
            t.label
        );
        let eleventh = create(db, &application(o.id, "2024-06-03", &subject(11), person())).await;
        let flags = db.application_flags(eleventh.id).await.unwrap();
        assert_eq!(flags.len(), 1, "{}", t.label);
        assert_eq!(flags[0].kind, "excessive");
        assert_eq!(flags[0].related_case_id, None);
        assert_eq!(
            flags[0].detail,
            "该申请人30日内（含本件）向本机关提出申请11件，超过设定的10件。"
        );
        // Every further one is flagged too.
        let twelfth = create(db, &application(o.id, "2024-06-03", &subject(12), person())).await;
        assert_eq!(kinds(db, twelfth.id).await, ["excessive"]);
        assert!(
            db.application_flags(twelfth.id).await.unwrap()[0]
                .detail
                .contains("申请12件")
        );
    })
    .await;
}

#[tokio::test]
async fn staff_decide_once_with_a_note() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let first = create(db, &application(o.id, "2024-05-06", REQUEST, person())).await;
        reply(db, &first, Outcome::Granted).await;
        let again = create(db, &application(o.id, "2024-06-03", REQUEST, person())).await;
        let flag = db.application_flags(again.id).await.unwrap().remove(0);
        let staff = Actor {
            user_id: None,
            name: "测试承办人".into(),
        };
        // A note is required; nothing is written without it.
        let e = db
            .decide_flag(flag.id, FlagDecision::Dismissed, "  ", &staff, now())
            .await
            .unwrap_err();
        match &e {
            DbError::Invalid(f) => assert_eq!(f.get("note"), Some("请填写处理说明")),
            other => panic!("{other:?}"),
        }
        assert!(
            db.application_flags(again.id).await.unwrap()[0]
                .decision
                .is_none()
        );
        let decided = db
            .decide_flag(
                flag.id,
                FlagDecision::Dismissed,
                "申请的是2024年度的信息，与前次不同。",
                &staff,
                now(),
            )
            .await
            .unwrap();
        assert_eq!(decided.decision(), Some(FlagDecision::Dismissed));
        assert_eq!(decided.decided_by.as_deref(), Some("测试承办人"));
        assert_eq!(decided.decided_at, Some(now()));
        assert_eq!(
            decided.decision_note.as_deref(),
            Some("申请的是2024年度的信息，与前次不同。")
        );
        assert_eq!(decided.detail, flag.detail, "the flag itself is kept");
        assert!(
            db.undecided_application_flags(o.id)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );
        let audit = db.audit_for("application", again.id).await.unwrap();
        assert_eq!(audit[0].action, "application.flag_decision");
        assert_eq!(
            audit[0].summary,
            format!("{}：疑似重复申请——排除", again.tracking_no)
        );
        assert!(
            !audit[0].detail.contains("2024年度的信息"),
            "no note in the trail"
        );
        // Final: deciding again is refused, and the database refuses rewriting or deleting.
        let e = db
            .decide_flag(flag.id, FlagDecision::Confirmed, "改为确认", &staff, now())
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Conflict(_)), "{e:?}");
        assert_eq!(db.try_rewrite_application_flags().await, (true, true));
        let kept = db.application_flags(again.id).await.unwrap().remove(0);
        assert_eq!(kept.decision.as_deref(), Some("dismissed"));
        assert!(matches!(
            db.decide_flag(9999, FlagDecision::Confirmed, "x", &staff, now())
                .await,
            Err(DbError::NotFound)
        ));
    })
    .await;
}
