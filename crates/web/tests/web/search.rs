//! The search page, its API and the staff search.

use crate::support::*;
use axum::http::StatusCode;
use gongkai_core::role::Role;
use serde_json::Value;

fn q(s: &str) -> String {
    serde_urlencoded::to_string([("q", s)]).unwrap()
}

#[tokio::test]
async fn the_search_page_finds_highlights_and_filters() {
    each_engine(async |app| {
        app.document("关于加强养老服务机构消防安全管理的通知", true)
            .await;
        app.document("关于做好城乡低保对象认定工作的通知", true)
            .await;
        app.document("养老机构草稿", false).await;
        let r = app.get(&format!("/search?{}", q("养老"))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", app.label);
        assert!(
            r.body.contains("找到 1 条结果"),
            "drafts are not public: {}",
            r.body
        );
        assert!(
            r.body
                .contains("关于加强<mark>养老</mark>服务机构消防安全管理的通知")
        );
        // Staff search finds the draft as well.
        let mut editor = app.login(Role::Editor).await;
        let r = app
            .get_with(&format!("/admin/search?{}", q("养老")), &mut editor)
            .await;
        assert!(
            r.body.contains("找到 2 条结果") && r.body.contains("<mark>养老</mark>机构草稿"),
            "{}",
            r.body
        );
        // Body text is searched too, and words are ANDed.
        let r = app
            .get(&format!("/search?{}", q("最低生活保障 低保")))
            .await;
        assert!(r.body.contains("找到 1 条结果"), "{}", r.body);
        let r = app
            .get(&format!(
                "/search?{}&year=2024&subject=17&column=zcwj&sort=date",
                q("通知")
            ))
            .await;
        assert!(r.body.contains("找到 2 条结果"));
        let r = app.get(&format!("/search?{}&year=2023", q("通知"))).await;
        assert!(r.body.contains("找到 0 条结果") && r.body.contains("没有找到与“通知”相关的信息"));
        let all = "试试：<a href=\"/search?q=%E9%80%9A%E7%9F%A5\">通知（不限筛选条件）</a>";
        assert!(
            r.body.contains(all),
            "the filters can be dropped: {}",
            r.body
        );
        let followed = app.get("/search?q=%E9%80%9A%E7%9F%A5").await;
        assert!(followed.body.contains("找到 2 条结果"));
        // A document number not in the catalog: the issuer's numbers of that year.
        let r = app.get(&format!("/search?{}", q("民发[2099]7号"))).await;
        assert!(r.body.contains("找到 0 条结果"), "{}", r.body);
        let issuer_year = serde_urlencoded::to_string([("q", "民发〔2099〕")]).unwrap();
        assert!(
            r.body
                .contains(&format!("<a href=\"/search?{issuer_year}\">民发〔2099〕（")),
            "{}",
            r.body
        );
        // Suggestions for a multi-word query that found nothing.
        let r = app.get(&format!("/search?{}", q("养老 殡葬"))).await;
        assert!(
            r.body
                .contains("试试：<a href=\"/search?q=%E5%85%BB%E8%80%81\">养老</a>"),
            "{}",
            r.body
        );
    })
    .await;
}

#[tokio::test]
async fn odd_search_input_is_handled_without_errors() {
    each_engine(async |app| {
        app.document("关于养老服务的通知", true).await;
        let long = format!("养老{}", "a".repeat(10_000));
        let r = app.get(&format!("/search?{}", q(&long))).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("检索词过长"), "{}", app.label);
        let r = app.get(&format!("/search?{}", q("\"养老 服务"))).await;
        assert!(
            r.body.contains("找到 1 条结果"),
            "an unbalanced quote is text"
        );
        for stray in ["- + --", "\"\"", "-养老"] {
            let r = app.get(&format!("/search?{}", q(stray))).await;
            assert_eq!(r.status, StatusCode::OK, "{stray}");
        }
        let r = app
            .get(&format!(
                "/search?{}&year=abc&org=NOPE&genre=x&page=999",
                q("养老")
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        for note in [
            "年份应为四位数字，已忽略该条件",
            "没有代码为“NOPE”的机关",
            "体裁不正确",
            "页码应为",
        ] {
            assert!(r.body.contains(note), "missing note {note}");
        }
        assert!(r.body.contains("找到 1 条结果"));
        // A link pasted twice, a form with a repeated field: the first value counts, with a note.
        let r = app
            .get(&format!(
                "/search?{}&{}&page=1&page=x",
                q("养老"),
                q("没有的词")
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("找到 1 条结果"), "the first q is searched");
        assert!(r.body.contains("参数“q”出现了多次，只使用了第一个"));
        assert!(r.body.contains("参数“page”出现了多次"));
        let r = app
            .get(&format!("/api/v1/search?{}&{}", q("养老"), q("x")))
            .await;
        assert_eq!(r.status, StatusCode::OK, "the API is as lenient");
        assert_eq!(
            app.get("/search").await.status,
            StatusCode::OK,
            "an empty query shows the page"
        );
    })
    .await;
}

#[tokio::test]
async fn a_withdrawn_document_leaves_the_results_at_once() {
    each_engine(async |app| {
        let d = app.document("关于调整临时救助标准的通知", true).await;
        assert!(
            app.get(&format!("/search?{}", q("临时救助")))
                .await
                .body
                .contains("找到 1 条结果")
        );
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        let r = app
            .post_form(
                &format!("/admin/documents/{}/withdraw", d.id),
                &[("csrf", &c), ("reason", "已废止")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            app.get(&format!("/search?{}", q("临时救助")))
                .await
                .body
                .contains("找到 0 条结果"),
            "{}",
            app.label
        );
        // Staff still find it, marked as withdrawn.
        let r = app
            .get_with(&format!("/admin/search?{}", q("临时救助")), &mut head)
            .await;
        assert!(
            r.body.contains("找到 1 条结果") && r.body.contains("已撤回"),
            "{}",
            r.body
        );
    })
    .await;
}

#[tokio::test]
async fn documents_published_through_the_back_office_are_found_by_number() {
    each_engine(async |app| {
        let mut admin = app.login(Role::Admin).await;
        let c = admin.csrf();
        let fields = [
            ("csrf", c.as_str()),
            ("version", "0"),
            ("title", "关于印发《示范市特困人员认定办法》的通知"),
            ("doc_no", "示民规〔2024〕2号"),
            ("publisher", "示范市民政局"),
            ("written_on", "2024-05-01"),
            ("subject", "17.03"),
            ("genre", "通知"),
            ("disclosure", "proactive"),
            ("body", "特困人员认定办法全文。"),
        ];
        let r = app.post_form("/admin/documents", &fields, &mut admin).await;
        let id = r
            .location()
            .trim_start_matches("/admin/documents/")
            .split('?')
            .next()
            .unwrap()
            .to_string();
        let id: i64 = id.parse().unwrap();
        gongkai_db::testing::publish(app.db(), id, &gongkai_db::Actor::system("t"), now())
            .await
            .unwrap();
        app.state.sync_changes().await.unwrap();
        for variant in [
            "示民规〔2024〕2号",
            "示民规[2024]2号",
            "示民规（2024）2号",
            "0024204128/2024-00001",
        ] {
            let v: Value = serde_json::from_str(
                &app.get(&format!("/api/v1/search?{}", q(variant)))
                    .await
                    .body,
            )
            .unwrap();
            assert_eq!(v["total"], 1, "{variant} ({})", app.label);
            assert_eq!(v["items"][0]["index_no"], "0024204128/2024-00001");
        }
    })
    .await;
}

#[tokio::test]
async fn a_repeated_search_is_served_from_memory_until_the_index_changes() {
    use axum::body::Body;
    use axum::http::{Request, header};
    each_engine(async |app| {
        app.document("关于发放高龄津贴的通知", true).await;
        let path = format!("/search?{}", q("高龄津贴"));
        let first = app.get(&path).await;
        assert!(first.body.contains("找到 1 条结果"));
        let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
        // The same page again: the browser's copy is still good.
        let req = Request::get(&path)
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.send(req, None).await.status, StatusCode::NOT_MODIFIED);
        // A new publication changes the index: the same query finds both at once.
        app.document("高龄津贴申领指南", true).await;
        let again = app.get(&path).await;
        assert!(again.body.contains("找到 2 条结果"), "{}", again.body);
        assert_ne!(again.headers[header::ETAG].to_str().unwrap(), etag);
    })
    .await;
}

#[tokio::test]
async fn a_document_in_traditional_characters_is_found_by_simplified_words() {
    each_engine(async |app| {
        app.document("關於加強養老服務機構管理的通知", true).await;
        for query in ["养老服务机构", "養老服務機構", "加强养老"] {
            let r = app.get(&format!("/search?{}", q(query))).await;
            assert!(
                r.body.contains("找到 1 条结果"),
                "{query} on {}: {}",
                app.label,
                r.body
            );
        }
        // The title is shown as written, the match marked.
        let r = app.get(&format!("/search?{}", q("养老服务机构"))).await;
        assert!(
            r.body
                .contains("關於加強<mark>養老服務機構</mark>管理的通知"),
            "{}",
            r.body
        );
    })
    .await;
}
