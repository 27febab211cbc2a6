//! The annual report in the back office: figures imported from a file (a bad file changes
//! nothing), facts inserted into the narrative, the report refused for the catalog while a
//! section is empty, then put into the 年度报告 column as a draft; the exports; the drill-down
//! from a catalog count; the dashboard of published reports.

use crate::support::*;
use axum::http::StatusCode;
use gongkai_core::role::Role;

const FIGURES: &str = "数据项,数值,来源\n\
    t2.licensing.decisions,128,审批局\n\
    行政处罚/本年处理决定数量,7,执法科\n\
    t2.coercion.decisions,0,执法科\n\
    t2.fees.amount,0,财务科\n";

#[tokio::test]
async fn the_office_head_completes_the_report_and_puts_it_into_the_catalog() {
    each_engine(async |app| {
        app.application("张三").await;
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        let year = [("csrf", c.as_str()), ("year", "2024")];

        // Refused while the narrative is empty and figures are missing: nothing is made.
        let r = app
            .post_form("/admin/annual-report/catalog", &year, &mut head)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("“一、总体情况”尚未填写"), "{}", r.body);
        assert!(r.body.contains("报告数据未通过核对"));
        assert!(!r.body.contains("id=\"report-item\""));

        // A figure file with bad lines is refused line by line and changes nothing.
        let bad = "t2.licensing.decisions,128,审批局\nt2.penalties.decisions,七,执法科\n未知项,1\n";
        let r = app
            .post_multipart(
                "/admin/annual-report/figures",
                &year,
                ("file", "figures.csv", bad.as_bytes()),
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("第2行"), "{}", r.body);
        assert!(r.body.contains("第3行：本年度的表二没有数据项“未知项”"));
        assert!(
            r.body.contains("data-key=\"t2.licensing.decisions\"></td>"),
            "nothing saved"
        );
        let r = app
            .post_multipart(
                "/admin/annual-report/figures",
                &year,
                ("file", "figures.csv", FIGURES.as_bytes()),
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        assert!(
            r.body.contains("data-key=\"t2.licensing.decisions\">128<"),
            "{}",
            r.body
        );
        assert!(r.body.contains("data-key=\"t2.penalties.decisions\">7<"));
        assert!(r.body.contains("执法科"));

        // A fact from the records goes into its section.
        let r = app
            .post_form(
                "/admin/annual-report/facts",
                &[("csrf", &c), ("year", "2024"), ("key", "fees")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        let other = between(&r.body, "name=\"other\"", "</textarea>");
        assert!(
            other.contains("2024年，本机关未收取政府信息公开信息处理费。"),
            "{other}"
        );

        // A section over 20,000 characters is refused; everything typed stays in the form and
        // nothing is saved.
        let long = "字".repeat(20_001);
        let r = app
            .post_form(
                "/admin/annual-report/text",
                &[
                    ("csrf", &c),
                    ("year", "2024"),
                    ("overview", "总体情况的草稿。"),
                    ("problems", &long),
                    ("other", ""),
                    ("continuity_note", ""),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("内容过长（最多20000字）"));
        assert!(between(&r.body, "name=\"overview\"", "</textarea>").contains("总体情况的草稿。"));
        assert!(between(&r.body, "name=\"problems\"", "</textarea>").contains(&long));
        assert!(
            app.db()
                .annual_report_text(app.org.id, 2024)
                .await
                .unwrap()
                .is_none_or(|t| t.overview.is_empty())
        );

        // The narrative; then the report goes into the catalog as a draft.
        let r = app
            .post_form(
                "/admin/annual-report/text",
                &[
                    ("csrf", &c),
                    ("year", "2024"),
                    (
                        "overview",
                        "2024年，示范市民政局认真贯彻落实《条例》。\n（一）主动公开。",
                    ),
                    ("problems", "公开内容的解读还不够深入。"),
                    ("other", "2024年，本机关未收取政府信息公开信息处理费。"),
                    ("continuity_note", ""),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .post_form("/admin/annual-report/catalog", &year, &mut head)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
        let d = app.db().document(id).await.unwrap().unwrap();
        assert_eq!(d.status, "draft");
        assert_eq!(d.column_slug.as_deref(), Some("ndbg"));
        assert_eq!(d.title, "示范市民政局2024年政府信息公开工作年度报告");
        assert!(d.body_html.contains("（一）主动公开。"));
        assert!(
            d.body_html.contains("rowspan=\"3\""),
            "the tables keep their merged cells"
        );
        assert!(!d.body_html.contains("张三"));
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        assert!(r.body.contains("id=\"report-item\""), "{}", r.body);

        // The exports.
        for (format, kind) in [("docx", "wordprocessingml"), ("xlsx", "spreadsheetml")] {
            let r = app
                .get_with(
                    &format!("/admin/annual-report/export?year=2024&format={format}"),
                    &mut head,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{format}");
            assert!(r.headers["content-type"].to_str().unwrap().contains(kind));
            assert!(r.bytes.starts_with(b"PK"), "{format} is a zip");
        }
        let r = app
            .get_with(
                "/admin/annual-report/export?year=2024&format=pdf",
                &mut head,
            )
            .await;
        if cfg!(feature = "pdf") {
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            assert!(r.bytes.starts_with(b"%PDF"));
        } else {
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
            assert!(r.body.contains("此版本未包含PDF导出"));
        }
        let r = app
            .get_with(
                "/admin/annual-report/export?year=2024&format=odt",
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn a_catalog_count_leads_to_its_documents_and_the_dashboard_shows_what_is_due() {
    each_engine(async |app| {
        let mut input = doc_input("关于印发社会救助办法的通知");
        input.legal_kind = "normative".into();
        let f = input.validate(today()).unwrap();
        let actor = gongkai_db::Actor::system("test");
        let d = app
            .db()
            .create_document(app.org.id, &f, &actor, now())
            .await
            .unwrap();
        gongkai_db::testing::publish(app.db(), d.id, &actor, now())
            .await
            .unwrap();
        let mut head = app.login(Role::OfficeHead).await;
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        let link =
            "/admin/annual-report/documents?year=2024&amp;cell=t2.normative_documents.issued";
        assert!(r.body.contains(&format!("{link}\">1</a>")), "{}", r.body);
        let r = app.get_with(&link.replace("&amp;", "&"), &mut head).await;
        assert!(
            r.body.contains("<strong id=\"document-count\">1</strong>"),
            "{}",
            r.body
        );
        assert!(r.body.contains("关于印发社会救助办法的通知"));
        let r = app
            .get_with(
                "/admin/annual-report/documents?year=2024&cell=t2.licensing.decisions",
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // 清理: the office head marks it repealed; Table 2 counts the repeal in its year.
        let c = head.csrf();
        let r = app
            .post_form(
                &format!("/admin/documents/{}/validity", d.id),
                &[("csrf", &c), ("validity", "repealed")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        assert!(
            r.body
                .contains("cell=t2.normative_documents.repealed\">1</a>"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("cell=t2.normative_documents.in_force\">0</a>")
        );
        let r = app
            .post_form(
                &format!("/admin/documents/{}/validity", d.id),
                &[("csrf", &c), ("validity", "repealed")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "already repealed");

        // Today is 2024-06-03: the 2023 report of a department was due on 2024-01-31.
        let r = app
            .get_with("/admin/annual-report/status?year=2023", &mut head)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let row = between(&r.body, &format!("data-code=\"{}\"", app.org.code), "</tr>");
        assert!(row.contains("data-state=\"overdue\""), "{row}");
        assert!(row.contains("2024年01月31日"), "{row}");
        let r = app
            .get_with("/admin/annual-report/status?year=2024", &mut head)
            .await;
        let row = between(&r.body, &format!("data-code=\"{}\"", app.org.code), "</tr>");
        assert!(row.contains("data-state=\"pending\""), "{row}");
    })
    .await;
}
