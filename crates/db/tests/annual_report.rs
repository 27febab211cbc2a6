//! The annual report from storage on every engine available: Table 2's first block counted from
//! the catalog by legal kind and validity history, staff overrides with their source, the text,
//! the report's catalog item, last year's carry-over, a government's sum over its departments.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::annual_report::Narrative;
use gongkai_core::catalog::Validity;
use gongkai_core::document::DocumentInput;
use gongkai_db::testing::{at, each, publish};
use gongkai_db::*;

fn staff() -> Actor {
    Actor::system("办公室")
}

async fn doc(
    db: &Db,
    org: i64,
    title: &str,
    written_on: &str,
    legal_kind: &str,
    now: DateTime<Utc>,
) -> Document {
    let input = DocumentInput {
        title: title.into(),
        publisher: "示范市民政局".into(),
        written_on: written_on.into(),
        subject: "17.03".into(),
        genre: "通知".into(),
        disclosure: "proactive".into(),
        body: "正文".into(),
        column: "zcwj".into(),
        legal_kind: legal_kind.into(),
        ..Default::default()
    };
    let today = now.with_timezone(&gongkai_core::time::china()).date_naive();
    db.create_document(org, &input.validate(today).unwrap(), &staff(), now)
        .await
        .unwrap()
}

async fn published(
    db: &Db,
    org: i64,
    title: &str,
    written_on: &str,
    legal_kind: &str,
    now: DateTime<Utc>,
) -> Document {
    let d = doc(db, org, title, written_on, legal_kind, now).await;
    publish(db, d.id, &staff(), now).await.unwrap()
}

fn value(a: &annual_report::AssembledReport, key: &str) -> String {
    a.report.table2_grid().cell(key).unwrap().text.clone()
}

#[tokio::test]
async fn table2_is_counted_from_the_catalog_by_validity_history() {
    each(async |t| {
        let db = &t.db;
        let org = gongkai_db::testing::org(db, "AR-1", at(2023, 1, 2)).await;
        let old = published(
            db,
            org.id,
            "关于旧办法的通知",
            "2023-05-01",
            "normative",
            at(2023, 5, 10),
        )
        .await;
        published(
            db,
            org.id,
            "新办法",
            "2024-03-01",
            "normative",
            at(2024, 3, 5),
        )
        .await;
        published(db, org.id, "规章一", "2024-02-01", "rule", at(2024, 2, 10)).await;
        published(db, org.id, "工作动态", "2024-02-01", "", at(2024, 2, 10)).await;
        doc(
            db,
            org.id,
            "未发布的规范性文件",
            "2024-04-01",
            "normative",
            at(2024, 4, 2),
        )
        .await;
        db.set_document_validity(old.id, Validity::Repealed, &staff(), at(2024, 9, 1))
            .await
            .unwrap();

        let y2024 = db.annual_report(org.id, 2024).await.unwrap();
        assert_eq!(value(&y2024, "t2.normative_documents.issued"), "1");
        assert_eq!(value(&y2024, "t2.normative_documents.repealed"), "1");
        assert_eq!(value(&y2024, "t2.normative_documents.in_force"), "1");
        assert_eq!(value(&y2024, "t2.rules.issued"), "1");
        assert_eq!(value(&y2024, "t2.rules.in_force"), "1");
        assert_eq!(
            y2024.sources.get("t2.rules.issued").map(String::as_str),
            Some(annual_report::SOURCE_CATALOG)
        );
        // At the end of 2023 the old one was still in force.
        let y2023 = db.annual_report(org.id, 2023).await.unwrap();
        assert_eq!(value(&y2023, "t2.normative_documents.issued"), "1");
        assert_eq!(value(&y2023, "t2.normative_documents.repealed"), "0");
        assert_eq!(value(&y2023, "t2.normative_documents.in_force"), "1");
        assert_eq!(value(&y2023, "t2.rules.in_force"), "0");
        // The drill-down lists the documents behind a number.
        let behind = db
            .annual_report_catalog_documents(org.id, 2024, "t2.normative_documents.repealed")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(behind.len(), 1);
        assert_eq!(behind[0].title, "关于旧办法的通知");
        assert!(
            db.annual_report_catalog_documents(org.id, 2024, "t2.licensing.decisions")
                .await
                .unwrap()
                .is_none()
        );
        // Repealing twice, or a draft, is refused.
        assert!(
            db.set_document_validity(old.id, Validity::Repealed, &staff(), at(2024, 9, 2))
                .await
                .is_err()
        );

        // Staff override a counted figure with its source; the count stays visible.
        db.save_table2_figures(
            org.id,
            2024,
            &[("t2.normative_documents.in_force".into(), "5".into())],
            "规范性文件清理台账",
            &staff(),
            at(2025, 1, 5),
        )
        .await
        .unwrap();
        let y2024 = db.annual_report(org.id, 2024).await.unwrap();
        assert_eq!(value(&y2024, "t2.normative_documents.in_force"), "5");
        assert_eq!(
            y2024.overridden.get("t2.normative_documents.in_force"),
            Some(&1)
        );
        assert_eq!(
            y2024
                .sources
                .get("t2.normative_documents.in_force")
                .map(String::as_str),
            Some("规范性文件清理台账")
        );
    })
    .await;
}

#[tokio::test]
async fn the_report_goes_to_the_catalog_as_a_draft_and_counts_as_published_once_released() {
    each(async |t| {
        let db = &t.db;
        let org = gongkai_db::testing::org(db, "AR-2", at(2024, 1, 2)).await;
        let fields = |body: &str| {
            DocumentInput {
                title: "示范市民政局2024年政府信息公开工作年度报告".into(),
                publisher: "示范市民政局".into(),
                written_on: "2025-01-10".into(),
                subject: "17.03".into(),
                genre: "报告".into(),
                disclosure: "proactive".into(),
                body: body.into(),
                column: "ndbg".into(),
                ..Default::default()
            }
            .validate(NaiveDate::from_ymd_opt(2025, 1, 10).unwrap())
            .unwrap()
        };
        // Without text there is nothing to put in the catalog.
        let err = db
            .annual_report_to_catalog(
                org.id,
                2024,
                &fields("<p>x</p>"),
                &[0; 7],
                &staff(),
                at(2025, 1, 10),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, DbError::Conflict(_)));
        let narrative = Narrative {
            overview: "总体情况。".into(),
            problems: "问题。".into(),
            other: "其他。".into(),
        };
        db.save_annual_report_text(org.id, 2024, &narrative, "", &staff(), at(2025, 1, 10))
            .await
            .unwrap();
        let id = db
            .annual_report_to_catalog(
                org.id,
                2024,
                &fields("<p>第一稿</p>"),
                &[1, 0, 0, 0, 0, 0, 1],
                &staff(),
                at(2025, 1, 10),
            )
            .await
            .unwrap();
        // Generating again while it is a draft replaces the draft.
        let again = db
            .annual_report_to_catalog(
                org.id,
                2024,
                &fields("<p>第二稿</p>"),
                &[2, 0, 0, 0, 0, 0, 2],
                &staff(),
                at(2025, 1, 11),
            )
            .await
            .unwrap();
        assert_eq!(id, again);
        let d = db.document(id).await.unwrap().unwrap();
        assert_eq!(d.status, "draft");
        assert_eq!(d.column_slug.as_deref(), Some("ndbg"));
        assert!(d.body_html.contains("第二稿"));
        let text = db.annual_report_text(org.id, 2024).await.unwrap().unwrap();
        assert_eq!(text.narrative(), narrative);
        assert_eq!(text.document_id, Some(id));
        assert_eq!(text.carried_to_next(), Some([2, 0, 0, 0, 0, 0, 2]));

        assert!(db.published_annual_reports(2024).await.unwrap().is_empty());
        publish(db, id, &staff(), at(2025, 1, 20)).await.unwrap();
        let done = db.published_annual_reports(2024).await.unwrap();
        assert_eq!(done, vec![(org.id, at(2025, 1, 20))]);

        // Next year's report compares its 上年结转 with what was published.
        let y2025 = db.annual_report(org.id, 2025).await.unwrap();
        let prev = y2025.report.previous_table3.as_ref().unwrap();
        assert_eq!(prev.carried_to_next, [2, 0, 0, 0, 0, 0, 2]);
        let problems = gongkai_core::annual_report::check(&y2025.report);
        assert!(
            problems
                .iter()
                .any(|p| p.cell == "t3.carried_over_from_prev.natural_person"),
            "{problems:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_governments_report_sums_the_organizations_under_it() {
    each(async |t| {
        let db = &t.db;
        let code = |c: &str| gongkai_core::org::OrgCode::parse(c).unwrap();
        let gov = db
            .create_org(
                &code("AR-GOV"),
                "示范市人民政府",
                None,
                &OrgContact::default(),
                &staff(),
                at(2024, 1, 2),
            )
            .await
            .unwrap();
        assert_eq!(gov.kind, "government");
        let dept = db
            .create_org(
                &code("AR-DEPT"),
                "示范市民政局",
                Some("AR-GOV"),
                &OrgContact::default(),
                &staff(),
                at(2024, 1, 2),
            )
            .await
            .unwrap();
        assert_eq!(dept.kind, "department");
        published(
            db,
            gov.id,
            "政府规章",
            "2024-02-01",
            "rule",
            at(2024, 2, 10),
        )
        .await;
        published(
            db,
            dept.id,
            "部门规范性文件",
            "2024-02-01",
            "normative",
            at(2024, 2, 10),
        )
        .await;
        published(
            db,
            dept.id,
            "部门规范性文件二",
            "2024-03-01",
            "normative",
            at(2024, 3, 10),
        )
        .await;
        let all = db.annual_report_aggregate(gov.id, 2024).await.unwrap();
        assert_eq!(all.parts, vec!["示范市人民政府", "示范市民政局"]);
        assert_eq!(value(&all, "t2.rules.issued"), "1");
        assert_eq!(value(&all, "t2.normative_documents.issued"), "2");
        let own = db.annual_report(gov.id, 2024).await.unwrap();
        assert_eq!(value(&own, "t2.normative_documents.issued"), "0");
    })
    .await;
}

/// The facts offered for the narrative, counted from a year's real records: releases (each
/// item once, per channel), messages received / answered / on time, consultations started,
/// proposals received / answered; another year's records do not count.
#[tokio::test]
async fn facts_count_the_years_records() {
    use gongkai_core::message::{Category, Step};
    each(async |t| {
        let db = &t.db;
        let now = at(2024, 3, 1);
        let o = gongkai_db::testing::org(db, "0024204128", now).await;
        let dep = db
            .add_department(o.id, "社会救助处", &staff(), now)
            .await
            .unwrap();
        // Two items released in 2024, one of them also on a second channel; one in 2023.
        published(
            db,
            o.id,
            "二〇二三年的通知",
            "2023-05-01",
            "",
            at(2023, 6, 1),
        )
        .await;
        let a = published(db, o.id, "第一份通知", "2024-02-01", "", now).await;
        published(db, o.id, "第二份通知", "2024-02-10", "", now).await;
        let wechat = db
            .add_channel(
                o.id,
                gongkai_core::channel::ChannelKind::Wechat,
                "政务微信",
                None,
                &staff(),
                now,
            )
            .await
            .unwrap();
        db.record_channel_release(a.id, wechat.id, now, "", &staff(), now)
            .await
            .unwrap();

        // Two messages in 2024, one answered within its period.
        let board = db.message_boxes(o.id).await.unwrap()[0].id;
        let submit = async |title: &str| {
            db.submit_message(
                &NewMessage {
                    box_id: board,
                    category: Category::Consult,
                    title: title.into(),
                    body: "请问如何办理？".into(),
                    allow_publish: false,
                    name: "留言人".into(),
                    contact: "13800000000".into(),
                    document: None,
                },
                now,
            )
            .await
            .unwrap()
            .0
        };
        let mut m = submit("低保怎么申请").await;
        submit("高龄津贴怎么领").await;
        let step = |step, department_id, reply: Option<&str>| MessageAction {
            step,
            note: String::new(),
            department_id,
            reply: reply.map(str::to_string),
            publish: false,
        };
        for s in [
            step(Step::Register, None, None),
            step(Step::Assign, Some(dep.id), None),
            step(Step::Draft, None, Some("请到街道办理。")),
            step(Step::SignOff, None, None),
            step(Step::Send, None, None),
        ] {
            m = db
                .message_step(m.id, &m.status, &s, &staff(), now)
                .await
                .unwrap();
        }

        // A consultation started in 2024 and one in 2023.
        for (title, start) in [
            ("2024年征求意见", "2024-02-01"),
            ("2023年征求意见", "2023-02-01"),
        ] {
            let start: NaiveDate = start.parse().unwrap();
            db.create_consultation(
                o.id,
                title,
                gongkai_core::consultation::Kind::Other,
                "征求意见稿全文",
                start,
                start + chrono::Duration::days(30),
                "",
                &staff(),
                at(2023, 1, 10),
            )
            .await
            .unwrap();
        }

        // Two suggestions received in 2024, one answered.
        let mut first = None;
        for n in ["第0001号", "第0002号"] {
            let p = db
                .register_proposal(
                    o.id,
                    gongkai_core::proposal::Kind::Suggestion,
                    n,
                    "关于养老服务的建议",
                    "张代表",
                    "2024-02-20".parse().unwrap(),
                    &staff(),
                    now,
                )
                .await
                .unwrap();
            first.get_or_insert(p.id);
        }
        let first = first.unwrap();
        db.assign_proposal(o.id, first, dep.id, &staff(), now)
            .await
            .unwrap();
        db.answer_proposal(o.id, first, "已采纳。", "", &staff(), now)
            .await
            .unwrap();

        let f = db.annual_report_facts(o.id, 2024).await.unwrap();
        assert_eq!(f.released, 2, "{}", t.label);
        let mut channels = f.released_by_channel.clone();
        channels.sort();
        assert_eq!(channels.iter().map(|c| c.1).sum::<i64>(), 3);
        assert!(
            channels.contains(&("政务微信".to_string(), 1)),
            "{channels:?}"
        );
        assert_eq!(
            (f.messages_received, f.messages_answered, f.messages_on_time),
            (2, 1, 1)
        );
        assert_eq!(f.consultations, 1);
        assert_eq!((f.proposals_received, f.proposals_answered), (2, 1));
        assert_eq!(f.fee_cases, 0);
        let s = f.sentences(2024);
        assert!(
            s[0].text.starts_with("2024年，本机关主动公开政府信息2条"),
            "{}",
            s[0].text
        );
        assert!(
            s[1].text
                .contains("收到网民留言、领导信箱来信和政策咨询2件，已答复1件，其中按期答复1件")
        );
        // 2023 has its own release and consultation only.
        let f23 = db.annual_report_facts(o.id, 2023).await.unwrap();
        assert_eq!(
            (f23.released, f23.consultations, f23.messages_received),
            (1, 1, 0)
        );
    })
    .await;
}
