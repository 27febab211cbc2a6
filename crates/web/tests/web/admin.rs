//! Back-office flows: login, documents from draft to withdrawal, attachments, structure, users.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use gongkai_core::role::Role;

#[tokio::test]
async fn login_failures_are_counted_and_lock_the_account() {
    each_engine(async |app| {
        let mut jar = Jar::default();
        app.get_with("/admin/login", &mut jar).await;
        for _ in 0..5 {
            let csrf = jar.csrf();
            let r = app
                .post_form(
                    "/admin/login",
                    &[
                        ("username", "editor"),
                        ("password", "wrong-password-1"),
                        ("csrf", &csrf),
                    ],
                    &mut jar,
                )
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
            assert!(
                r.body.contains("用户名或密码错误"),
                "{}: {}",
                app.label,
                r.body
            );
        }
        let csrf = jar.csrf();
        let r = app
            .post_form(
                "/admin/login",
                &[
                    ("username", "editor"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(
            r.body.contains("账号已锁定"),
            "the right password does not open a locked account"
        );
        app.clock.advance(chrono::Duration::minutes(16));
        let r = app
            .post_form(
                "/admin/login",
                &[
                    ("username", "editor"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.get_with("/admin", &mut jar).await;
        assert!(r.body.contains("测试信息编辑"));
        // Unknown users get the same answer as wrong passwords.
        let csrf = jar.csrf();
        let r = app
            .post_form(
                "/admin/login",
                &[
                    ("username", "nobody"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                ],
                &mut jar,
            )
            .await;
        assert!(r.body.contains("用户名或密码错误"));
    })
    .await;
}

#[tokio::test]
async fn login_redirects_only_inside_the_back_office_and_logout_ends_the_session() {
    each_engine(async |app| {
        let mut jar = Jar::default();
        app.get_with("/admin/login", &mut jar).await;
        let csrf = jar.csrf();
        let r = app
            .post_form(
                "/admin/login",
                &[
                    ("username", "admin"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("next", "https://evil.example/"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.location(), "/admin");
        let csrf = jar.csrf();
        let r = app
            .post_form("/admin/logout", &[("csrf", &csrf)], &mut jar)
            .await;
        assert_eq!(r.location(), "/admin/login");
        assert_eq!(
            app.get_with("/admin", &mut jar).await.status,
            StatusCode::SEE_OTHER
        );
    })
    .await;
}

fn form<'a>(
    csrf: &'a str,
    title: &'a str,
    doc_no: &'a str,
    written_on: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("version", "0"),
        ("title", title),
        ("doc_no", doc_no),
        ("publisher", "示范市民政局"),
        ("written_on", written_on),
        ("subject", "17.03"),
        ("genre", "通知"),
        ("disclosure", "proactive"),
        ("validity", "in_force"),
        ("column", "zcwj"),
        ("department", "社会救助处"),
        ("body", "正文内容。"),
    ]
}

#[tokio::test]
async fn a_document_from_draft_to_the_public_page_and_back() {
    each_engine(async |app| {
        let mut editor = app.login(Role::Editor).await;
        let csrf = editor.csrf();

        // Bad input: the form comes back with Chinese field errors and nothing is saved.
        let r = app
            .post_form(
                "/admin/documents",
                &form(&csrf, "", "示民发〔2024〕第3号", "2024-13-40"),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
        assert!(r.body.contains("请填写标题"));
        assert!(r.body.contains("成文日期格式应为 YYYY-MM-DD"));
        assert!(r.body.contains("不加“第”"));
        assert!(
            r.body.contains("value=\"示民发〔2024〕第3号\""),
            "typed values are kept"
        );
        assert!(
            app.db()
                .staff_listing(app.org.id, &Default::default(), None, 10)
                .await
                .unwrap()
                .is_empty()
        );

        let r = app
            .post_form(
                "/admin/documents",
                &form(
                    &csrf,
                    "关于开展养老机构安全检查的通知",
                    "示民发[2024]3号",
                    "2024-05-30",
                ),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let page = app.get_with(r.location(), &mut editor).await;
        assert!(page.body.contains("已保存为草稿"));
        assert!(page.body.contains("0024204128/2024-00001"));
        let id: i64 = r
            .location()
            .trim_start_matches("/admin/documents/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();

        // A second document with the same number in another bracket style is refused.
        let r = app
            .post_form(
                "/admin/documents",
                &form(&csrf, "另一份通知", "示民发（2024）3号", "2024-05-30"),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("本机关已有相同文件编号的信息"));

        // 先审查、后公开: the editor submits, the reviewer reviews, the office head approves.
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/submit"),
                &[("csrf", &csrf)],
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/approve"),
                &[("csrf", &csrf), ("decision", "pass"), ("release", "now")],
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "editors do not approve");
        let mut reviewer = app.login(Role::Reviewer).await;
        let rc = reviewer.csrf();
        let desk = app.get_with("/admin", &mut reviewer).await;
        assert!(desk.body.contains("待保密审查"), "{}", desk.body);
        assert!(
            desk.body.contains("关于开展养老机构安全检查的通知"),
            "{}",
            desk.body
        );
        let page = app
            .get_with(&format!("/admin/documents/{id}"), &mut reviewer)
            .await;
        assert!(page.body.contains("id=\"review-form\""), "{}", page.body);
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/review"),
                &[
                    ("csrf", &rc),
                    ("decision", "pass"),
                    ("disclosure", "proactive"),
                ],
                &mut reviewer,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a basis is required"
        );
        assert!(r.body.contains("请选择审查依据"), "{}", r.body);
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/review"),
                &[
                    ("csrf", &rc),
                    ("bases", "none"),
                    ("decision", "pass"),
                    ("disclosure", "proactive"),
                ],
                &mut reviewer,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.get("/catalog/0024204128/2024-00001").await.status,
            StatusCode::NOT_FOUND
        );
        let mut head = app.login(Role::OfficeHead).await;
        let hc = head.csrf();
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/approve"),
                &[
                    ("csrf", &hc),
                    ("decision", "pass"),
                    ("release", "now"),
                    ("reason", "同意"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let public = app.get("/catalog/0024204128/2024-00001").await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains("关于开展养老机构安全检查的通知"));
        assert!(public.body.contains("示民发〔2024〕3号"));
        let page = app
            .get_with(&format!("/admin/documents/{id}"), &mut head)
            .await;
        for step in ["提交审查", "保密审查通过", "审批同意"] {
            assert!(page.body.contains(step), "{step}");
        }

        // A published item is not edited in place.
        let mut f = form(
            &csrf,
            "关于开展养老机构消防安全检查的通知",
            "示民发〔2024〕3号",
            "2024-05-30",
        );
        f[1] = ("version", "4");
        let r = app
            .post_form(&format!("/admin/documents/{id}"), &f, &mut editor)
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("修订"));

        // Withdrawal needs a reason.
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/withdraw"),
                &[("csrf", &hc), ("reason", " ")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写撤回理由"));
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/withdraw"),
                &[("csrf", &hc), ("reason", "标题有误")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.get("/catalog/0024204128/2024-00001").await.status,
            StatusCode::NOT_FOUND
        );
        let trail = app
            .get_with(&format!("/admin/documents/{id}"), &mut head)
            .await;
        assert!(
            trail
                .body
                .contains("撤回信息《关于开展养老机构安全检查的通知》：标题有误")
        );
        // Withdrawn, it is edited and goes through review again.
        f[1] = ("version", "5");
        let r = app
            .post_form(&format!("/admin/documents/{id}"), &f, &mut editor)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // The same stale version again is a conflict, and changes nothing.
        let r = app
            .post_form(&format!("/admin/documents/{id}"), &f, &mut editor)
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("已被他人修改"));
        let r = app
            .post_form(
                &format!("/admin/documents/{id}/approve"),
                &[("csrf", &hc), ("decision", "pass"), ("release", "now")],
                &mut head,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "no approval without a new review"
        );
        assert_eq!(
            app.get("/catalog/0024204128/2024-00001").await.status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

fn multipart(csrf: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----gongkaitestboundary";
    let mut body = Vec::new();
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn attachments_upload_with_type_and_size_checks() {
    each_engine(async |app| {
        let d = app.document("附件测试", false).await;
        let mut jar = app.login(Role::Editor).await;
        let csrf = jar.csrf();
        let upload = async |jar: &mut Jar, name: &str, bytes: &[u8]| {
            let (ct, body) = multipart(&csrf, name, bytes);
            let req = Request::post(format!("/admin/documents/{}/attachments", d.id))
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(body))
                .unwrap();
            app.send(req, Some(jar)).await
        };
        // The bytes must be what the name says, readable and not password-protected.
        let r = upload(&mut jar, "实施方案.docx", b"PK\x03\x04 fake docx").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("附件已损坏"), "{}", r.body);
        let r = upload(&mut jar, "实施方案.pdf", "实施方案全文".as_bytes()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("附件类型与内容不符"), "{}", r.body);
        let r = upload(
            &mut jar,
            "加密.pdf",
            b"%PDF-1.4\ntrailer << /Encrypt 5 0 R >>\n%%EOF",
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("设有密码"), "{}", r.body);
        let r = upload(&mut jar, "照片.png", b"GIF89a").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("附件类型与内容不符"), "{}", r.body);
        let r = upload(&mut jar, "实施方案.txt", "实施方案全文".as_bytes()).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{} {}", app.label, r.body);
        let r = upload(&mut jar, "virus.exe", b"MZ").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("不支持的文件类型"));
        let r = upload(&mut jar, "big.pdf", &vec![b'x'; 200 * 1024]).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
        let atts = app.db().attachments(d.id).await.unwrap();
        assert_eq!(atts.len(), 1);
        assert_eq!(atts[0].content_type, "text/plain; charset=utf-8");
        // Staff can download a draft's attachment; the public cannot reach it.
        let r = app
            .get_with(
                &format!("/admin/documents/{}/attachments/{}", d.id, atts[0].id),
                &mut jar,
            )
            .await;
        assert_eq!(r.bytes, "实施方案全文".as_bytes());
        assert_eq!(
            app.get(&format!(
                "/catalog/{}/attachments/{}",
                d.index_no, atts[0].id
            ))
            .await
            .status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn admins_manage_columns_departments_users_and_the_guide() {
    each_engine(async |app| {
        let mut jar = app.login(Role::Admin).await;
        let c = jar.csrf();
        let r = app
            .post_form(
                "/admin/columns",
                &[("csrf", &c), ("slug", "Bad Slug"), ("name", "")],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("栏目标识须为") && r.body.contains("栏目名称须为"));
        let r = app
            .post_form(
                "/admin/columns",
                &[
                    ("csrf", &c),
                    ("slug", "shzz"),
                    ("name", "社会组织"),
                    ("position", "200"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            app.get_with("/admin/columns", &mut jar)
                .await
                .body
                .contains("社会组织")
        );

        let r = app
            .post_form(
                "/admin/departments",
                &[("csrf", &c), ("name", "社会救助处")],
                &mut jar,
            )
            .await;
        assert!(r.body.contains("已有同名处室"), "{}", app.label);
        let r = app
            .post_form(
                "/admin/departments",
                &[("csrf", &c), ("name", "养老服务处")],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);

        let r = app
            .post_form(
                "/admin/users",
                &[
                    ("csrf", &c),
                    ("username", "wang.fang"),
                    ("display_name", "王芳"),
                    ("role", "editor"),
                    ("password", "short"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("密码至少 10 个字符"));
        assert!(
            app.db()
                .user_by_username("wang.fang")
                .await
                .unwrap()
                .is_none()
        );
        let r = app
            .post_form(
                "/admin/users",
                &[
                    ("csrf", &c),
                    ("username", "wang.fang"),
                    ("display_name", "王芳"),
                    ("role", "editor"),
                    ("password", "Another-pass-9"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            app.db()
                .user_by_username("wang.fang")
                .await
                .unwrap()
                .is_some()
        );

        let r = app
            .post_form(
                "/admin/org",
                &[
                    ("csrf", &c),
                    ("name", "示范市民政局"),
                    ("postcode", "12ab"),
                    ("email", "not-an-email"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("邮政编码应为 6 位数字") && r.body.contains("电子邮箱格式不正确"));
        let r = app
            .post_form(
                "/admin/org",
                &[
                    ("csrf", &c),
                    ("name", "示范市民政局"),
                    ("postcode", "100000"),
                    ("address", "示范市解放路8号"),
                    ("phone", "0000-7654321"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let guide = app.get("/guide/0024204128").await;
        assert!(guide.body.contains("示范市解放路8号") && guide.body.contains("100000"));
        let audit = app.get_with("/admin/audit", &mut jar).await;
        assert!(
            audit.body.contains("新增用户 wang.fang") && audit.body.contains("新增处室 养老服务处")
        );
    })
    .await;
}

#[tokio::test]
async fn malformed_requests_are_4xx_never_500() {
    each_engine(async |app| {
        let mut jar = app.login(Role::Admin).await;
        let req = Request::post("/admin/documents")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap();
        assert_eq!(
            app.send(req, Some(&mut jar)).await.status,
            StatusCode::BAD_REQUEST
        );
        let r = app.get_with("/admin/documents/abc", &mut jar).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(
            r.body.contains("页面不存在"),
            "Chinese, not axum's English: {}",
            r.body
        );
        assert_eq!(
            app.get_with("/admin/documents/999999", &mut jar)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get_with("/admin/documents?status=lost", &mut jar)
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            app.get("/catalog?year=%ZZ").await.status,
            StatusCode::BAD_REQUEST
        );
    })
    .await;
}

#[tokio::test]
async fn the_timeliness_page_lists_overdue_items_and_counts_the_years_releases() {
    each_engine(async |app| {
        // Formed 2024-04-01: the 20th working day was 2024-04-30; unreleased on 2024-06-03.
        let mut input = doc_input("超期未公开的通知");
        input.written_on = "2024-04-01".into();
        let late = app
            .db()
            .create_document(
                app.org.id,
                &input.validate(today()).unwrap(),
                &gongkai_db::Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
        let published = app.document("已公开的通知", true).await;
        let mut head = app.login(Role::OfficeHead).await;
        let r = app.get_with("/admin/timeliness?year=2024", &mut head).await;
        assert_eq!(r.status, StatusCode::OK);
        let overdue = r.body.split("id=\"overdue\"").nth(1).unwrap_or_default();
        assert!(overdue.contains(&late.index_no), "{}", r.body);
        assert!(!overdue.contains(&published.index_no));
        // Formed 2024-05-20 (doc_input), published 2024-06-03, due 2024-06-17: on time.
        assert!(r.body.contains("<td id=\"total\">1</td>"), "{}", r.body);
        assert!(r.body.contains("<td id=\"on-time\">1</td>"), "{}", r.body);
        assert!(r.body.contains("<td id=\"late\">0</td>"), "{}", r.body);
        // The portal release of the published item, counted once across channels.
        assert!(
            r.body.contains("<td id=\"across-channels\">1</td>"),
            "{}",
            r.body
        );
        // A year with no releases, and a nonsense year (ignored: this year).
        let r = app.get_with("/admin/timeliness?year=2019", &mut head).await;
        assert!(r.body.contains("<td id=\"total\">0</td>"));
        let r = app.get_with("/admin/timeliness?year=abc", &mut head).await;
        assert_eq!(r.status, StatusCode::OK);
    })
    .await;
}

#[tokio::test]
async fn the_sensitive_word_list_is_kept_and_shown_in_the_review() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        let r = app
            .post_form(
                "/admin/settings/words",
                &[("csrf", &c), ("words", "内部资料 高\n绝密 很高")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("第 2 行"), "{}", r.body);
        assert!(app.db().review_words(app.org.id).await.unwrap().is_empty());
        let r = app
            .post_form(
                "/admin/settings/words",
                &[("csrf", &c), ("words", "内部资料 高\n送审稿")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.get_with("/admin/settings/words", &mut head).await;
        assert!(r.body.contains("内部资料 高\n送审稿 中"), "{}", r.body);

        let mut input = doc_input("内部资料汇编");
        input.body = "本件为内部资料。".into();
        let t = gongkai_db::Actor::system("t");
        let d = app
            .db()
            .create_document(app.org.id, &input.validate(today()).unwrap(), &t, now())
            .await
            .unwrap();
        app.db().submit_document(d.id, &t, now()).await.unwrap();
        let r = app
            .get_with(&format!("/admin/documents/{}", d.id), &mut head)
            .await;
        assert!(
            r.body.contains("<strong id=\"open-high\">1</strong>"),
            "{}",
            r.body
        );
        assert!(r.body.contains("敏感词"), "{}", r.body);
    })
    .await;
}

#[tokio::test]
async fn responses_to_public_concern_are_recorded_against_their_time_limits() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        // Now is 2024-06-03 10:30 China time.
        let r = app
            .post_form(
                "/admin/concerns",
                &[
                    ("csrf", &c),
                    ("topic", "某小区燃气爆炸事故"),
                    ("level", "major_emergency"),
                    ("noticed_at", "2024-06-03T00:30"),
                    ("source", "网络媒体"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .post_form(
                "/admin/concerns",
                &[
                    ("csrf", &c),
                    ("topic", "未来的事项"),
                    ("level", "ordinary"),
                    ("noticed_at", "2024-06-04T08:00"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("发现时间不能晚于当前时间"), "{}", r.body);
        assert!(
            r.body.contains("value=\"未来的事项\""),
            "what was typed is kept"
        );
        let from = gongkai_core::time::china_midnight(today()) - chrono::Duration::days(1);
        let to = from + chrono::Duration::days(3);
        let id = app.db().concerns(app.org.id, from, to).await.unwrap()[0]
            .0
            .id;
        let respond = async |jar: &mut Jar, at: &str| {
            let c = jar.csrf();
            app.post_form(
                &format!("/admin/concerns/{id}/responses"),
                &[
                    ("csrf", &c),
                    ("kind", "statement"),
                    ("responded_at", at),
                    ("summary", "发布事故处置情况通报"),
                    ("link", "/catalog/0024204128/2024-00009"),
                ],
                jar,
            )
            .await
        };
        let r = respond(&mut head, "2024-06-02T23:00").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("回应时间不能早于发现时间"));
        assert_eq!(
            respond(&mut head, "2024-06-03T04:00").await.status,
            StatusCode::SEE_OTHER
        );
        let r = app.get_with("/admin/concerns?year=2024", &mut head).await;
        assert!(
            r.body
                .contains("5小时内发布权威信息（2024-06-03 05:30 前）：<strong>按时</strong>"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("24小时内举行新闻发布会（2024-06-04 00:30 前）：<strong>待回应</strong>"),
            "{}",
            r.body
        );
        assert!(r.body.contains("<td id=\"concern-total\">1</td>"));
        assert!(r.body.contains("<td id=\"concern-on-time\">0</td>"));
    })
    .await;
}

#[tokio::test]
async fn suggestions_and_proposals_are_assigned_answered_and_published_unless_withheld() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        let register = async |jar: &mut Jar, kind: &str, number: &str, title: &str| {
            app.post_form(
                "/admin/proposals",
                &[("csrf", &c), ("kind", kind), ("number", number), ("title", title), ("author", "王代表"), ("received_on", "2024-03-10")],
                jar,
            )
            .await
        };
        assert_eq!(register(&mut head, "suggestion", "第0123号", "关于加强社区养老服务的建议").await.status, StatusCode::SEE_OTHER);
        assert_eq!(register(&mut head, "proposal", "第0456号", "关于完善低保动态管理的提案").await.status, StatusCode::SEE_OTHER);
        let r = register(&mut head, "suggestion", "第0123号", "重复").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("该编号已登记"));
        assert!(r.body.contains("value=\"重复\""), "what was typed is kept");
        let from = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let to = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        let items = app.db().proposals(app.org.id, from, to).await.unwrap();
        let (sug, pro) = (items.iter().find(|p| p.kind == "suggestion").unwrap().id, items.iter().find(|p| p.kind == "proposal").unwrap().id);
        // No answer before assignment.
        let r = app.post_form(&format!("/admin/proposals/{sug}/answer"), &[("csrf", &c), ("answer", "已办理。")], &mut head).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let dep = app.db().departments(app.org.id).await.unwrap()[0].id.to_string();
        for id in [sug, pro] {
            let r = app.post_form(&format!("/admin/proposals/{id}/assign"), &[("csrf", &c), ("department", &dep)], &mut head).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
        }
        // Assigned on 2024-06-03: due three months later.
        assert_eq!(app.db().proposal(sug).await.unwrap().unwrap().due_on.unwrap().to_string(), "2024-09-03");
        let r = app.post_form(&format!("/admin/proposals/{sug}/answer"), &[("csrf", &c), ("answer", "您提出的建议已采纳，正在推进社区养老服务中心建设。")], &mut head).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.post_form(&format!("/admin/proposals/{pro}/answer"), &[("csrf", &c), ("answer", "答复内容涉及个人信息。"), ("withhold_reason", "答复涉及低保对象个人信息")], &mut head).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Public: only the published answer.
        let r = app.get("/proposals").await;
        assert!(r.body.contains("关于加强社区养老服务的建议") && !r.body.contains("关于完善低保动态管理的提案"), "{}", r.body);
        assert_eq!(app.get(&format!("/proposals/{pro}")).await.status, StatusCode::NOT_FOUND);
        let r = app.get(&format!("/proposals/{sug}")).await;
        assert!(r.body.contains("正在推进社区养老服务中心建设"));
        // The year's counts and on-time rate.
        let r = app.get_with("/admin/proposals?year=2024", &mut head).await;
        assert!(r.body.contains("<th scope=\"row\">人大代表建议</th><td>1</td><td>1</td><td>1</td><td>100%</td><td>1</td>"), "{}", r.body);
        assert!(r.body.contains("<th scope=\"row\">政协提案</th><td>1</td><td>1</td><td>1</td><td>100%</td><td>0</td>"), "{}", r.body);
    })
    .await;
}

#[tokio::test]
async fn the_major_decisions_catalog_links_its_procedure_and_is_public() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        let final_doc = app.document("示范市养老服务设施布局专项规划", true).await;
        let consultation = app
            .db()
            .create_consultation(
                app.org.id,
                "养老服务设施布局专项规划（征求意见稿）",
                gongkai_core::consultation::Kind::MajorDecision,
                "全文",
                today(),
                today() + chrono::Duration::days(30),
                "",
                &gongkai_db::Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
        let cid = consultation.id.to_string();
        let form = |title: &'static str, final_no: String| {
            vec![
                ("csrf", c.clone()),
                ("year", "2024".into()),
                ("title", title.to_string()),
                ("sponsor", "养老服务处".into()),
                ("planned", "2024年12月底前".into()),
                ("consultation", cid.clone()),
                ("expert_review", "2024年7月组织专家论证".into()),
                ("risk_assessment", "开展社会稳定风险评估".into()),
                ("public_attendance", "邀请2名公众代表列席".into()),
                ("final_index_no", final_no),
            ]
        };
        let post = async |jar: &mut Jar, f: Vec<(&str, String)>| {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form("/admin/decisions", &pairs, jar).await
        };
        let r = post(&mut head, form("", String::new())).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写决策事项名称"));
        let r = post(
            &mut head,
            form(
                "编制养老服务设施布局专项规划",
                "0024204128/2024-09999".into(),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("本机关没有已发布的该索引号文件"));
        // The refused form shows what was typed, so nothing has to be entered again.
        assert!(
            r.body.contains("value=\"0024204128/2024-09999\""),
            "{}",
            r.body
        );
        assert!(r.body.contains("value=\"编制养老服务设施布局专项规划\""));
        assert!(
            app.db()
                .major_decisions(Some(app.org.id), 2024)
                .await
                .unwrap()
                .is_empty()
        );
        let r = post(
            &mut head,
            form("编制养老服务设施布局专项规划", final_doc.index_no.clone()),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // A refused edit shows the typed values in that item's form and keeps the stored item.
        let stored = app
            .db()
            .major_decisions(Some(app.org.id), 2024)
            .await
            .unwrap();
        let mut edit = form("", final_doc.index_no.clone());
        edit.retain(|(k, _)| *k != "sponsor");
        edit.push(("sponsor", "改后的承办单位".into()));
        let pairs: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app
            .post_form(
                &format!("/admin/decisions/{}", stored[0].id),
                &pairs,
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写决策事项名称"));
        assert!(r.body.contains("value=\"改后的承办单位\""), "{}", r.body);
        let after = app
            .db()
            .major_decisions(Some(app.org.id), 2024)
            .await
            .unwrap();
        assert_eq!(after[0].title, "编制养老服务设施布局专项规划");
        assert_eq!(after[0].sponsor, "养老服务处");
        let r = app.get("/decisions?year=2024").await;
        assert!(
            r.body.contains("编制养老服务设施布局专项规划")
                && r.body.contains("邀请2名公众代表列席"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains(&format!("/consultations/{}", consultation.id))
        );
        assert!(r.body.contains(&format!("/catalog/{}", final_doc.index_no)));
        // The catalog goes into the disclosure catalog as a draft, reviewed like any item.
        let r = app
            .post_form(
                "/admin/decisions/catalog",
                &[("csrf", &c), ("year", "2024")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let id: i64 = r
            .location()
            .trim_start_matches("/admin/documents/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let d = app.db().document(id).await.unwrap().unwrap();
        assert_eq!(d.status, "draft");
        assert!(
            d.title.ends_with("2024年度重大行政决策事项目录"),
            "{}",
            d.title
        );
        assert!(
            d.body_html.contains("编制养老服务设施布局专项规划") && d.body_html.contains("<table>"),
            "{}",
            d.body_html
        );
    })
    .await;
}
