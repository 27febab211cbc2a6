//! Applications for disclosure and the loaded calendar, on every engine available (see
//! `gongkai_db::testing`).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gongkai_core::application::applicant::ApplicantType;
use gongkai_core::application::case::{CaseRules, Event, ServiceMethod};
use gongkai_core::application::import::{ImportedApplication, parse_line};
use gongkai_core::application::outcome::Outcome;
use gongkai_core::application::receipt::Channel;
use gongkai_core::application::year::{check_continuity, year_counts};
use gongkai_core::calendar::Calendar;
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

fn rules() -> CaseRules {
    CaseRules::default()
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

fn application(org_id: i64, received_on: &str) -> NewApplication {
    NewApplication {
        org_id,
        applicant_type: ApplicantType::NaturalPerson,
        channel: Channel::Online,
        received_on: d(received_on),
        request_text: "申请公开2023年度养老机构补贴发放情况".into(),
        provision_form: "电子文档".into(),
        delivery_method: "电子邮件".into(),
        handler_id: None,
        department_id: None,
        applicant: person(),
    }
}

fn field_message(e: &DbError, field: &str) -> String {
    match e {
        DbError::Invalid(f) => f.get(field).unwrap_or_default().to_string(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_case_goes_through_correction_reply_and_service() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let created = db
            .create_application(&application(o.id, "2024-05-06"), &actor(), now())
            .await
            .unwrap();
        let c = &created.case;
        assert_eq!(c.tracking_no, "YSQ-2024-000001", "{}", t.label);
        assert_eq!(c.status, "processing");
        assert_eq!(c.event_count, 1);
        // 20 working days from 2024-05-06 (05-11 is a make-up working day).
        assert_eq!(c.reply_due, Some(d("2024-05-31")));
        assert!(!c.provisional && !c.paused);
        assert_eq!(created.secret.len(), 14);

        let steps = [
            (
                Event::CorrectionRequested {
                    on: d("2024-05-08"),
                    period_wd: 10,
                },
                "awaiting_correction",
                None,
            ),
            (
                Event::Corrected {
                    on: d("2024-05-15"),
                },
                "processing",
                // The clock restarts at the correction: 20 working days from 05-15.
                Some(d("2024-06-13")),
            ),
            (
                Event::Replied {
                    on: d("2024-05-30"),
                    outcome: Outcome::Granted,
                },
                "replied",
                Some(d("2024-06-13")),
            ),
            (
                Event::Served {
                    on: d("2024-05-31"),
                    method: ServiceMethod::Post,
                },
                "served",
                Some(d("2024-06-13")),
            ),
        ];
        for (i, (event, status, due)) in steps.iter().enumerate() {
            let c = db
                .record_application_event(c.id, i as i64 + 1, event, &actor(), now())
                .await
                .unwrap();
            assert_eq!(c.status, *status, "{}: step {i}", t.label);
            assert_eq!(c.reply_due, *due, "{}: step {i}", t.label);
            assert_eq!(c.event_count, i as i64 + 2);
        }
        let c = db.application(c.id).await.unwrap().unwrap();
        assert_eq!(c.outcome(), Some(Outcome::Granted));
        assert_eq!(c.closed_on, Some(d("2024-05-30")));
        assert_eq!(c.served_on, Some(d("2024-05-31")));
        assert_eq!(c.on_time, Some(true));
        let log = db.application_events(c.id).await.unwrap();
        assert_eq!(log.len(), 5);
        assert_eq!(log[4].event, steps[3].0);

        // A stale view (expects 4 events, there are 5) is a conflict and changes nothing.
        let stale = db
            .record_application_event(
                c.id,
                4,
                &Event::Archived {
                    on: d("2024-06-01"),
                },
                &actor(),
                now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(stale, DbError::Conflict(_)), "{stale:?}");
        assert_eq!(db.application_events(c.id).await.unwrap().len(), 5);

        // The applicant's view: tracking number + secret, at the organization.
        let found = db
            .application_by_tracking("0024204128", "ysq-2024-000001", &created.secret)
            .await
            .unwrap();
        assert_eq!(found.map(|f| f.id), Some(c.id));
        assert!(
            db.application_by_tracking("0024204128", "YSQ-2024-000001", "aaaa-bbbb-cccc")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            db.application_by_tracking("0024204128", "YSQ-2024-000009", &created.secret)
                .await
                .unwrap()
                .is_none()
        );

        // Personal data: read through its own method, audited without the data itself.
        let who = db
            .application_applicant(c.id, &actor(), now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(who.id_number, "11010519491231002X");
        let audit = db.audit_for("application", c.id).await.unwrap();
        let actions: Vec<&str> = audit.iter().rev().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "application.create",
                "application.event",
                "application.event",
                "application.event",
                "application.event",
                "application.view_applicant"
            ],
            "{}",
            t.label
        );
        assert_eq!(audit[0].summary, "查看申请人信息");
        for a in &audit {
            for secret in [
                "张三",
                "11010519491231002X",
                "13812345678",
                "zhang@example.cn",
            ] {
                assert!(!a.detail.contains(secret) && !a.summary.contains(secret));
            }
        }
        // The month count for fees: by identity number, then by name + contact.
        let n = db
            .applicant_month_count(o.id, &person(), d("2024-05-20"))
            .await
            .unwrap();
        assert_eq!(n, 1);
        let by_contact = NewApplicant {
            id_number: String::new(),
            email: String::new(),
            ..person()
        };
        assert_eq!(
            db.applicant_month_count(o.id, &by_contact, d("2024-05-01"))
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            db.applicant_month_count(o.id, &person(), d("2024-06-01"))
                .await
                .unwrap(),
            0
        );
    })
    .await;
}

#[tokio::test]
async fn an_illegal_transition_changes_nothing() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let c = db
            .create_application(&application(o.id, "2024-05-06"), &actor(), now())
            .await
            .unwrap()
            .case;
        let audit_before = db.audit_for("application", c.id).await.unwrap().len();
        let e = db
            .record_application_event(
                c.id,
                1,
                &Event::Served {
                    on: d("2024-05-20"),
                    method: ServiceMethod::Direct,
                },
                &actor(),
                now(),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_message(&e, "event"),
            "尚未作出答复，不能登记送达",
            "{}",
            t.label
        );
        // A correction notice after the 7 working days of Art. 30.
        let e = db
            .record_application_event(
                c.id,
                1,
                &Event::CorrectionRequested {
                    on: d("2024-05-31"),
                    period_wd: 10,
                },
                &actor(),
                now(),
            )
            .await
            .unwrap_err();
        assert!(field_message(&e, "event").contains("7个工作日内"), "{e:?}");
        let after = db.application(c.id).await.unwrap().unwrap();
        assert_eq!(after.status, "processing");
        assert_eq!(after.event_count, 1);
        assert_eq!(after.updated_at, c.updated_at);
        assert_eq!(db.application_events(c.id).await.unwrap().len(), 1);
        assert_eq!(
            db.audit_for("application", c.id).await.unwrap().len(),
            audit_before
        );
        // Bad input at registration: an invalid identity number, a receipt date in the future.
        let mut bad = application(o.id, "2024-06-04");
        bad.applicant.id_number = "110105194912310021".into();
        let e = db
            .create_application(&bad, &actor(), now())
            .await
            .unwrap_err();
        assert!(!field_message(&e, "id_number").is_empty());
        assert_eq!(field_message(&e, "received_on"), "收到申请日期不能晚于今天");
        // Nothing was written, not even a tracking number.
        let next = db
            .create_application(&application(o.id, "2024-05-07"), &actor(), now())
            .await
            .unwrap();
        assert_eq!(next.case.tracking_no, "YSQ-2024-000002");
    })
    .await;
}

#[tokio::test]
async fn the_event_log_is_append_only() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        t.db.create_application(&application(o.id, "2024-05-06"), &actor(), now())
            .await
            .unwrap();
        assert_eq!(
            t.db.try_rewrite_application_events().await,
            (true, true),
            "{}",
            t.label
        );
    })
    .await;
}

#[tokio::test]
async fn loading_a_calendar_year_recomputes_open_cases_and_records_it() {
    let now = Utc.with_ymd_and_hms(2026, 12, 15, 2, 0, 0).unwrap();
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now).await;
        let c = db
            .create_application(&application(o.id, "2026-12-10"), &actor(), now)
            .await
            .unwrap()
            .case;
        // 2027 is not loaded: counted as plain weekdays and marked provisional.
        assert_eq!(c.reply_due, Some(d("2027-01-07")), "{}", t.label);
        assert!(c.provisional);
        let listed = db
            .applications(
                o.id,
                &CaseFilter {
                    queue: Some(CaseQueue::Provisional),
                    ..Default::default()
                },
                d("2026-12-15"),
                50,
                0,
            )
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);

        let csv = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n";
        let cal = Calendar::from_csv(csv).unwrap();
        let report = db
            .load_calendar(&cal, "2027.csv", &actor(), now)
            .await
            .unwrap();
        assert_eq!(report.years, [2027]);
        assert_eq!(report.days, [(2027, 2)]);
        assert_eq!(report.recomputation.recomputed, 1);
        assert_eq!(report.recomputation.changed.len(), 1);
        assert_eq!(
            report.recomputation.changed[0].old_due,
            Some(d("2027-01-07"))
        );
        assert_eq!(
            report.recomputation.changed[0].new_due,
            Some(d("2027-01-08"))
        );

        let c = db.application(c.id).await.unwrap().unwrap();
        assert_eq!(c.reply_due, Some(d("2027-01-08")));
        assert!(!c.provisional);
        let notes = db.application_comments(c.id).await.unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].kind, "system");
        assert!(
            notes[0].body.contains("2027-01-07（暂定）") && notes[0].body.contains("2027-01-08"),
            "{}",
            notes[0].body
        );
        let cal = db.calendar().await.unwrap();
        assert!(cal.covers(2027) && cal.covers(2024));
        assert!(!cal.is_working_day(d("2027-01-01")));
        assert!(cal.is_working_day(d("2027-02-06")));
        assert_eq!(db.calendar_years().await.unwrap()[0].source, "2027.csv");

        // Loading the year again replaces it (the holiday is gone: back to 01-07, final now).
        let cal = Calendar::from_csv("2027-02-06,workday,春节\n").unwrap();
        let report = db
            .load_calendar(&cal, "2027-v2.csv", &actor(), now)
            .await
            .unwrap();
        assert_eq!(
            report.recomputation.changed[0].new_due,
            Some(d("2027-01-07"))
        );
        assert!(db.calendar().await.unwrap().is_working_day(d("2027-01-01")));
    })
    .await;
}

const LINES: &[&str] = &[
    // 2022: one granted in the year, one carried into 2023.
    r#"{"applicant_type":"natural_person","received_on":"2022-03-01","outcome":"granted","closed_on":"2022-03-20","applicant_name":"李四","id_number":"11010519491231002X"}"#,
    r#"{"applicant_type":"commercial_enterprise","received_on":"2022-12-28","outcome":"denied.third_party","closed_on":"2023-01-20","applicant_name":"某某科技有限公司","credit_code":"91350100M000100Y43"}"#,
    // 2023.
    r#"{"applicant_type":"natural_person","received_on":"2023-05-05","outcome":"unable.not_held","closed_on":"2023-05-20","reviews":[{"kind":"reconsideration","filed_on":"2023-06-01","decided_on":"2023-07-20","result":"upheld"}]}"#,
    r#"{"applicant_type":"legal_service_org","received_on":"2023-12-25","outcome":null,"closed_on":null,"channel":"postal_signed"}"#,
    r#"{"applicant_type":"research_institution","received_on":"2023-06-01","outcome":"other.no_correction","closed_on":"2023-07-01"}"#,
    // With its log.
    r#"{"applicant_type":"other","received_on":"2024-01-02","outcome":"granted","closed_on":"2024-01-15","events":[{"type":"registered","received_on":"2024-01-02","channel":"online"},{"type":"replied","on":"2024-01-15","outcome":"granted"},{"type":"served","on":"2024-01-16","method":"electronic"}]}"#,
    r#"{"applicant_type":"public_interest_org","received_on":"2024-05-31","outcome":null,"closed_on":null}"#,
];

fn parsed(line: &str) -> ImportedApplication {
    parse_line(line, d("2024-06-03"), &Calendar::builtin(), &rules()).unwrap()
}

#[tokio::test]
async fn import_keeps_good_lines_and_rejects_bad_ones() {
    // The core refuses a bad line before storage.
    let bad = parse_line(
        r#"{"applicant_type":"natural_person","received_on":"2024-02-30","outcome":null,"closed_on":null}"#,
        d("2024-06-03"),
        &Calendar::builtin(),
        &rules(),
    );
    assert!(bad.is_err());
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let mut items: Vec<ImportedApplication> = LINES.iter().map(|l| parsed(l)).collect();
        // A line whose log does not replay (a reply before registration) is refused in storage.
        let mut broken = parsed(LINES[0]);
        broken.events = vec![Event::Replied {
            on: d("2022-03-20"),
            outcome: Outcome::Granted,
        }];
        items.insert(1, broken);
        let results = db
            .import_applications(
                o.id,
                &items,
                &db.calendar().await.unwrap(),
                &Actor::system("import"),
                now(),
            )
            .await
            .unwrap();
        assert_eq!(results.len(), 8);
        assert!(results[1].is_err(), "{}", t.label);
        let ok: Vec<&String> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(
            ok,
            [
                "YSQ-2022-000001",
                "YSQ-2022-000002",
                "YSQ-2023-000001",
                "YSQ-2023-000002",
                "YSQ-2023-000003",
                "YSQ-2024-000001",
                "YSQ-2024-000002"
            ],
            "{}: the refused line left no trace, not even a number",
            t.label
        );
        let all = db
            .applications(o.id, &CaseFilter::default(), d("2024-06-03"), 100, 0)
            .await
            .unwrap();
        assert_eq!(all.len(), 7);
        assert!(all.iter().all(|c| c.imported));
        let logged = all
            .iter()
            .find(|c| c.tracking_no == "YSQ-2024-000001")
            .unwrap();
        assert_eq!(logged.status, "served");
        assert_eq!(db.application_events(logged.id).await.unwrap().len(), 3);
        // An open case with a channel got its registration, so it can be worked on.
        let open = all
            .iter()
            .find(|c| c.tracking_no == "YSQ-2023-000002")
            .unwrap();
        assert_eq!(open.status, "processing");
        assert_eq!(open.event_count, 1);
        // A closed case without a log is a record only.
        let closed = all
            .iter()
            .find(|c| c.tracking_no == "YSQ-2022-000001")
            .unwrap();
        assert_eq!(closed.status, "archived");
        let e = db
            .record_application_event(
                closed.id,
                0,
                &Event::Archived {
                    on: d("2024-06-01"),
                },
                &actor(),
                now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Conflict(_)));
        let reviews = db.application_reviews(o.id).await.unwrap();
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0].result.as_deref(), Some("upheld"));
        // Filters.
        let f = CaseFilter {
            applicant_type: Some(ApplicantType::NaturalPerson),
            ..Default::default()
        };
        assert_eq!(
            db.applications(o.id, &f, d("2024-06-03"), 100, 0)
                .await
                .unwrap()
                .len(),
            2
        );
        let f = CaseFilter {
            received_from: Some(d("2023-01-01")),
            received_to: Some(d("2023-12-31")),
            outcome: Some(Outcome::UnableNotHeld),
            ..Default::default()
        };
        assert_eq!(
            db.applications(o.id, &f, d("2024-06-03"), 100, 0)
                .await
                .unwrap()
                .len(),
            1
        );
        let overdue = CaseFilter {
            queue: Some(CaseQueue::Overdue),
            ..Default::default()
        };
        let late = db
            .applications(o.id, &overdue, d("2024-06-03"), 100, 0)
            .await
            .unwrap();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].tracking_no, "YSQ-2023-000002");
        let page2 = db
            .applications(o.id, &CaseFilter::default(), d("2024-06-03"), 5, 5)
            .await
            .unwrap();
        assert_eq!(page2.len(), 2);
        let audit = db.recent_audit(o.id, 5).await.unwrap();
        assert_eq!(audit[0].action, "application.import");
        assert!(!audit[0].detail.contains("李四"));
    })
    .await;
}

#[tokio::test]
async fn year_counts_on_imported_cases_satisfy_the_integrity_rule() {
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024204128", now()).await;
        let items: Vec<ImportedApplication> = LINES.iter().map(|l| parsed(l)).collect();
        db.import_applications(o.id, &items, &Calendar::builtin(), &actor(), now())
            .await
            .unwrap();
        let mut prev = None;
        for year in 2022..=2024 {
            let records = db.application_year_records(o.id, year).await.unwrap();
            let table = year_counts(&records, year).unwrap();
            assert!(
                table.check().is_empty(),
                "{}: {year}: {:?}",
                t.label,
                table.check()
            );
            if let Some(p) = &prev {
                assert!(check_continuity(p, &table).is_empty());
            }
            prev = Some(table);
        }
        let t2023 = year_counts(
            &db.application_year_records(o.id, 2023).await.unwrap(),
            2023,
        )
        .unwrap();
        assert_eq!(t2023.new_received[6], 3);
        assert_eq!(t2023.carried_over_from_prev[6], 1);
        assert_eq!(t2023.total_handled[6], 3);
        assert_eq!(t2023.carried_to_next[6], 1);
        assert_eq!(t2023.handled(Outcome::DeniedThirdParty)[1], 1);
        let t2024 = year_counts(
            &db.application_year_records(o.id, 2024).await.unwrap(),
            2024,
        )
        .unwrap();
        assert_eq!(t2024.new_received[6], 2);
        assert_eq!(t2024.carried_over_from_prev[6], 1);
        assert_eq!(t2024.carried_to_next[6], 2);
    })
    .await;
}

#[tokio::test]
async fn an_organizations_settings_change_its_rules_and_recompute_only_its_open_cases() {
    use gongkai_core::application::settings::ApplicationSettings;
    use gongkai_core::fee::Fen;
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024205000", now()).await;
        let other = org(db, "0024205001", now()).await;
        assert_eq!(
            db.application_settings(o.id).await.unwrap(),
            ApplicationSettings::default()
        );

        // Received Mon 2024-05-06: the correction notice is due within 7 working days (05-15).
        let late = db
            .create_application(&application(o.id, "2024-05-06"), &actor(), now())
            .await
            .unwrap()
            .case;
        let notice = Event::CorrectionRequested {
            on: d("2024-05-20"),
            period_wd: 10,
        };
        let e = db
            .record_application_event(late.id, 1, &notice, &actor(), now())
            .await
            .unwrap_err();
        assert!(field_message(&e, "event").contains("补正"), "{e:?}");

        // A case waiting for payment: whether that time counts decides its reply deadline.
        let fee = db
            .create_application(&application(o.id, "2024-05-07"), &actor(), now())
            .await
            .unwrap()
            .case;
        let fee = db
            .record_application_event(
                fee.id,
                1,
                &Event::FeeNoticed {
                    on: d("2024-05-10"),
                    amount_fen: Fen::yuan(100),
                },
                &actor(),
                now(),
            )
            .await
            .unwrap();
        let elsewhere = db
            .create_application(&application(other.id, "2024-05-07"), &actor(), now())
            .await
            .unwrap()
            .case;

        let mut s = ApplicationSettings::default();
        s.set("refuse_late_correction_notice", "false").unwrap();
        s.set("fee_pauses_clock", "false").unwrap();
        let saved = db
            .save_application_settings(o.id, &s, &actor(), now())
            .await
            .unwrap();
        assert_eq!(saved.changed.len(), 2);
        assert_eq!(db.application_settings(o.id).await.unwrap(), s);
        assert_eq!(
            db.application_settings(other.id).await.unwrap(),
            ApplicationSettings::default()
        );
        // Both open cases of the organization were recomputed, the other organization's not.
        assert_eq!(saved.recomputation.recomputed, 2);
        let moved: Vec<&str> = saved
            .recomputation
            .changed
            .iter()
            .map(|c| c.tracking_no.as_str())
            .collect();
        assert_eq!(moved, vec![fee.tracking_no.as_str()]);
        let now_fee = db.application(fee.id).await.unwrap().unwrap();
        assert_ne!(now_fee.reply_due, fee.reply_due);
        let notes = db.application_comments(fee.id).await.unwrap();
        assert!(
            notes
                .iter()
                .any(|n| n.kind == "system" && n.body.contains("依申请公开设置已修改")),
            "{notes:?}"
        );
        assert!(
            db.application_comments(elsewhere.id)
                .await
                .unwrap()
                .is_empty()
        );
        let audit = db.audit_for("organization", o.id).await.unwrap();
        let entry = audit
            .iter()
            .find(|a| a.action == "settings.applications")
            .expect("the change is audited");
        assert!(
            entry
                .summary
                .contains("收费通知至缴费期间不计入答复期限：是 → 否")
        );

        // Under the new setting the late correction notice is accepted.
        db.record_application_event(late.id, 1, &notice, &actor(), now())
            .await
            .unwrap();

        // Saving the same settings again changes nothing.
        let again = db
            .save_application_settings(o.id, &s, &actor(), now())
            .await
            .unwrap();
        assert!(again.changed.is_empty());
        assert_eq!(again.recomputation.recomputed, 0);
    })
    .await;
}

#[tokio::test]
async fn the_flag_settings_of_an_organization_decide_when_an_applicant_is_flagged() {
    use gongkai_core::application::settings::ApplicationSettings;
    each(async |t| {
        let db = &t.db;
        let o = org(db, "0024205002", now()).await;
        let mut s = ApplicationSettings::default();
        s.set("flag_max_in_window", "1").unwrap();
        db.save_application_settings(o.id, &s, &actor(), now())
            .await
            .unwrap();
        db.create_application(&application(o.id, "2024-05-06"), &actor(), now())
            .await
            .unwrap();
        let second = db
            .create_application(&application(o.id, "2024-05-08"), &actor(), now())
            .await
            .unwrap()
            .case;
        let flags = db.application_flags(second.id).await.unwrap();
        assert!(
            flags.iter().any(|f| f.kind == "excessive"),
            "a second application is over a limit of 1: {flags:?}"
        );
    })
    .await;
}
