//! What the public sees.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gongkai_db::{Actor, NewAttachment};

#[tokio::test]
async fn home_and_catalog_list_published_documents_only() {
    each_engine(async |app| {
        app.document("关于提高城乡低保标准的通知", true).await;
        app.document("尚未发布的草稿文件", false).await;
        for path in ["/", "/catalog"] {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::OK, "{path} ({})", app.label);
            assert!(r.body.contains("关于提高城乡低保标准的通知"), "{path}");
            assert!(
                !r.body.contains("尚未发布的草稿文件"),
                "{path} shows a draft"
            );
        }
        let r = app.get("/catalog").await;
        assert!(r.body.contains("共 1 条"));
        assert!(r.body.contains("<h1>信息公开目录</h1>"));
    })
    .await;
}

#[tokio::test]
async fn catalog_filters_and_bad_parameters() {
    each_engine(async |app| {
        app.document("政策文件甲", true).await;
        let r = app.get("/catalog?subject=17&year=2024&column=zcwj&validity=in_force&genre=%E9%80%9A%E7%9F%A5").await;
        assert!(r.body.contains("政策文件甲"), "{}", app.label);
        let r = app.get("/catalog?year=2023").await;
        assert!(r.body.contains("共 0 条") && r.body.contains("没有符合条件的信息"));
        for (q, msg) in [
            ("year=20x4", "年份参数应为四位数字"),
            ("subject=99", "主题分类参数不正确"),
            ("validity=maybe", "有效性参数不正确"),
            ("after=garbage", "分页参数不正确"),
            ("org=%E6%B0%91%E6%94%BF", "机关代码格式不正确"),
        ] {
            let r = app.get(&format!("/catalog?{q}")).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
            assert!(r.body.contains(msg), "{q}: {}", r.body);
        }
    })
    .await;
}

#[tokio::test]
async fn the_document_page_shows_the_standard_metadata() {
    each_engine(async |app| {
        let mut input = doc_input("示范市民政局关于做好2024年最低生活保障工作的通知");
        input.doc_no = "示民发[2024]12号".into();
        let f = input.validate(today()).unwrap();
        let d = app
            .db()
            .create_document(app.org.id, &f, &Actor::system("t"), now())
            .await
            .unwrap();
        gongkai_db::testing::publish(app.db(), d.id, &Actor::system("t"), now())
            .await
            .unwrap();
        let r = app.get(&format!("/catalog/{}", d.index_no)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", app.label);
        for expected in [
            "<th scope=\"row\">索引号</th><td class=\"index-no\">0024204128/2024-00001</td>",
            "<th scope=\"row\">发布机构</th><td>示范市民政局</td>",
            "<th scope=\"row\">文件编号</th><td class=\"doc-no\">示民发〔2024〕12号</td>",
            "2024年05月20日",
            "2024年06月03日",
            "民政、扶贫、救灾\\社会福利",
            ">有效<",
            "<p>为进一步做好最低生活保障工作，现就有关事项通知如下。</p>",
        ] {
            assert!(r.body.contains(expected), "missing {expected}");
        }
    })
    .await;
}

#[tokio::test]
async fn document_pages_are_served_compressed_with_an_etag() {
    each_engine(async |app| {
        let d = app.document("压缩测试", true).await;
        let url = format!("/catalog/{}", d.index_no);
        // Plain first: the gzip form is made later, when a client first accepts it.
        let plain = app
            .send(Request::get(&url).body(Body::empty()).unwrap(), None)
            .await;
        assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
        let plain = String::from_utf8(plain.bytes.to_vec()).unwrap();
        let req = Request::get(&url)
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .unwrap();
        let r = app.send(req, None).await;
        assert_eq!(r.headers[header::CONTENT_ENCODING], "gzip");
        assert!(
            r.headers.get(header::SET_COOKIE).is_none(),
            "public pages set no cookies"
        );
        let mut html = String::new();
        use std::io::Read;
        flate2::read::GzDecoder::new(&r.bytes[..])
            .read_to_string(&mut html)
            .unwrap();
        assert!(html.contains("压缩测试"));
        assert_eq!(html, plain, "the same page, compressed");
        let etag = r.headers[header::ETAG].to_str().unwrap().to_string();
        let req = Request::get(&url)
            .header(header::IF_NONE_MATCH, &etag)
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.send(req, None).await.status, StatusCode::NOT_MODIFIED);
    })
    .await;
}

#[tokio::test]
async fn unknown_and_withdrawn_documents_are_a_chinese_404() {
    each_engine(async |app| {
        for path in [
            "/catalog/0024204128/2024-99999",
            "/catalog/nonsense/x",
            "/no/such/page",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert!(r.body.contains("页面不存在"), "{path}");
        }
        let d = app.document("将被撤回的文件", true).await;
        let url = format!("/catalog/{}", d.index_no);
        assert_eq!(app.get(&url).await.status, StatusCode::OK);
        app.db()
            .withdraw_document(d.id, "内容有误", &Actor::system("t"), now())
            .await
            .unwrap();
        // Another node's write reaches this node's cache through the change feed.
        app.state.cache.sync(app.db()).await.unwrap();
        assert_eq!(
            app.get(&url).await.status,
            StatusCode::NOT_FOUND,
            "{}",
            app.label
        );
        assert!(!app.get("/").await.body.contains("将被撤回的文件"));
    })
    .await;
}

#[tokio::test]
async fn drafts_are_not_public() {
    each_engine(async |app| {
        let d = app.document("草稿", false).await;
        assert_eq!(
            app.get(&format!("/catalog/{}", d.index_no)).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/api/v1/documents/{}", d.index_no))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn attachments_download_with_their_name_and_type() {
    each_engine(async |app| {
        let d = app.document("带附件的文件", false).await;
        let a = app
            .db()
            .add_attachment(
                d.id,
                &NewAttachment {
                    file_name: "附件1：申请表.txt".into(),
                    content_type: "text/plain; charset=utf-8".into(),
                    bytes: "申请表：姓名、地址、联系方式".as_bytes().to_vec(),
                },
                &Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
        gongkai_db::testing::publish(app.db(), d.id, &Actor::system("t"), now())
            .await
            .unwrap();
        app.state.cache.sync(app.db()).await.unwrap();
        let page = app.get(&format!("/catalog/{}", d.index_no)).await;
        let link = format!("/catalog/{}/attachments/{}", d.index_no, a.id);
        assert!(
            page.body.contains(&link) && page.body.contains("附件1：申请表.txt"),
            "{}",
            app.label
        );
        let r = app.get(&link).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.bytes, "申请表：姓名、地址、联系方式".as_bytes());
        assert_eq!(r.headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let cd = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(cd.contains("filename*=UTF-8''%E9%99%84%E4%BB%B61"), "{cd}");
        // An attachment is only reachable through its own document.
        let other = app.document("另一文件", true).await;
        assert_eq!(
            app.get(&format!("/catalog/{}/attachments/{}", other.index_no, a.id))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn the_guide_is_built_from_the_organization() {
    each_engine(async |app| {
        let r = app.get("/guide").await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "one organization: straight to its guide"
        );
        let r = app.get("/guide/0024204128").await;
        assert_eq!(r.status, StatusCode::OK);
        for s in [
            "示范市民政局政府信息公开指南",
            "示范市人民路1号",
            "0000-12345678",
            "20个工作日",
            "政策文件",
        ] {
            assert!(r.body.contains(s), "missing {s}");
        }
        assert_eq!(app.get("/guide/NOPE").await.status, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn search_finds_titles() {
    each_engine(async |app| {
        app.document("关于加强养老服务机构管理的通知", true).await;
        app.document("儿童福利工作要点", true).await;
        let r = app.get("/search?q=%E5%85%BB%E8%80%81").await;
        assert!(
            r.body
                .contains("关于加强<mark>养老</mark>服务机构管理的通知"),
            "{}",
            app.label
        );
        assert!(!r.body.contains("儿童福利工作要点"));
        assert!(r.body.contains("找到 1 条结果"), "{}", r.body);
        let r = app.get("/search?q=%E6%97%A0%E6%AD%A4%E8%AF%8D").await;
        assert!(r.body.contains("没有找到"));
    })
    .await;
}

#[tokio::test]
async fn a_policy_page_shows_its_interpretation_first_and_the_interpretation_links_back() {
    use gongkai_core::catalog::Disclosure;
    use gongkai_core::review::{Basis, Decision, ReviewInput};
    each_engine(async |app| {
        let t = Actor::system("t");
        let mut p = doc_input("关于调整城乡低保标准的通知");
        p.needs_interpretation = "true".into();
        let policy = app
            .db()
            .create_document(app.org.id, &p.validate(today()).unwrap(), &t, now())
            .await
            .unwrap();
        let mut i = doc_input("《关于调整城乡低保标准的通知》政策解读");
        i.interprets = policy.index_no.clone();
        i.body = "一、调整的背景和依据。".into();
        let interp = app
            .db()
            .create_document(app.org.id, &i.validate(today()).unwrap(), &t, now())
            .await
            .unwrap();
        let pass = ReviewInput {
            decision: Decision::Pass,
            bases: vec![Basis::None],
            disclosure: Disclosure::Proactive,
            reason: String::new(),
            override_reason: String::new(),
        };
        for id in [policy.id, interp.id] {
            app.db().submit_document(id, &t, now()).await.unwrap();
            app.db()
                .review_document(id, &pass, &[], &t, now())
                .await
                .unwrap();
        }
        // Approving the policy releases both (三同步).
        app.db()
            .approve_document(policy.id, Decision::Pass, "", None, &t, now())
            .await
            .unwrap();
        app.state.sync_changes().await.unwrap();
        let r = app.get(&format!("/catalog/{}", policy.index_no)).await;
        assert_eq!(r.status, StatusCode::OK);
        let link = r
            .body
            .find(&format!("/catalog/{}", interp.index_no))
            .expect("linked");
        let body = r.body.find("class=\"body\"").unwrap();
        assert!(link < body, "the interpretation comes before the text");
        let r = app.get(&format!("/catalog/{}", interp.index_no)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("id=\"interprets\""), "{}", r.body);
        assert!(r.body.contains(&format!("/catalog/{}", policy.index_no)));
    })
    .await;
}
