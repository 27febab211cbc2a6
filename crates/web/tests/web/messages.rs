//! Messages from the public through the web: the form (bad input, honeypot), the receipt with
//! tracking number and secret, staff handling with sign-off, publication when allowed, the
//! submitter's view and rating; submitted text stays text.

use crate::support::*;
use axum::http::StatusCode;
use gongkai_core::role::Role;

#[tokio::test]
async fn a_message_from_the_public_is_answered_after_sign_off_and_rated() {
    each_engine(async |app| {
        let mut public = Jar::default();
        let r = app.get_with("/messages/new", &mut public).await;
        assert_eq!(r.status, StatusCode::OK);
        let csrf = public.csrf();
        let form = |title: &'static str, contact: &'static str, honeypot: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("org", app.org.code.clone()),
                ("box", "board".to_string()),
                ("category", "consult".to_string()),
                ("title", title.to_string()),
                (
                    "body",
                    "请问80岁以上老人如何申领高龄津贴？<script>alert('x')</script>".to_string(),
                ),
                ("allow_publish", "true".to_string()),
                ("name", "李四".to_string()),
                ("contact", contact.to_string()),
                ("homepage", honeypot.to_string()),
            ]
        };
        let post = async |jar: &mut Jar, path: &str, f: Vec<(&str, String)>| {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(path, &pairs, jar).await
        };
        // Bad input: the form again with messages, nothing stored.
        let r = post(&mut public, "/messages/new", form("", "123", "")).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("请填写留言标题") && r.body.contains("请填写11位手机号码或电子邮箱"),
            "{}",
            r.body
        );
        let r = post(
            &mut public,
            "/messages/new",
            form("高龄津贴", "13900001111", "http://spam"),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let today = today();
        assert!(
            app.db()
                .message_queue(app.org.id, "all", None, today, today)
                .await
                .unwrap()
                .is_empty()
        );

        let r = post(
            &mut public,
            "/messages/new",
            form("高龄津贴怎么申领", "13900001111", ""),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let no = between(&r.body, "<dd id=\"tracking-no\">", "</dd>").to_string();
        let secret = between(&r.body, "<dd id=\"secret\"><code>", "</code>").to_string();
        assert_eq!(no, "LY-2024-000001");
        assert!(
            !r.body.contains("<script>alert"),
            "submitted text is never HTML"
        );

        // Staff: the queue, the message (escaped), the steps; the reply needs the head's sign-off.
        let mut clerk = app.login(Role::Editor).await;
        let q = app.get_with("/admin/messages?queue=new", &mut clerk).await;
        assert!(q.body.contains("高龄津贴怎么申领"), "{}", q.body);
        let id = app
            .db()
            .message_queue(app.org.id, "all", None, today, today)
            .await
            .unwrap()[0]
            .id;
        let page = format!("/admin/messages/{id}");
        let r = app.get_with(&page, &mut clerk).await;
        assert!(
            r.body.contains("&lt;script&gt;") && !r.body.contains("<script>alert"),
            "{}",
            r.body
        );
        assert!(!r.body.contains("13900001111"), "contact only on request");
        let dep = app.db().departments(app.org.id).await.unwrap()[0]
            .id
            .to_string();
        let step = async |jar: &mut Jar, s: &str, status: &str, extra: Vec<(&str, String)>| {
            let c = jar.csrf();
            let mut f = vec![("csrf", c), ("status", status.to_string())];
            f.extend(extra);
            post(jar, &format!("{page}/steps/{s}"), f).await
        };
        assert_eq!(
            step(&mut clerk, "register", "received", vec![])
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            step(
                &mut clerk,
                "assign",
                "registered",
                vec![("department", dep.clone())]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        let r = step(
            &mut clerk,
            "draft",
            "assigned",
            vec![("reply", String::new())],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写答复内容"));
        assert_eq!(
            step(
                &mut clerk,
                "draft",
                "assigned",
                vec![("reply", "请携带身份证到社区服务中心办理。".into())]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );
        // The clerk cannot sign off, and cannot send before sign-off.
        assert_eq!(
            step(&mut clerk, "sign_off", "drafted", vec![]).await.status,
            StatusCode::FORBIDDEN
        );
        let r = step(
            &mut clerk,
            "send",
            "drafted",
            vec![("publish", "true".into())],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("审签"), "{}", r.body);
        let mut head = app.login(Role::OfficeHead).await;
        assert_eq!(
            step(&mut head, "sign_off", "drafted", vec![]).await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            step(
                &mut clerk,
                "send",
                "signed_off",
                vec![("publish", "true".into())]
            )
            .await
            .status,
            StatusCode::SEE_OTHER
        );

        // Public: the list and the page, without the submitter; the text escaped.
        assert!(
            !app.get("/mailbox").await.body.contains("高龄津贴怎么申领"),
            "a board message is not in the leader's mailbox"
        );
        let list = app.get("/messages").await;
        assert!(list.body.contains("高龄津贴怎么申领"), "{}", list.body);
        let r = app.get(&format!("/messages/{id}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("请携带身份证到社区服务中心办理。"));
        assert!(!r.body.contains("李四") && !r.body.contains("13900001111"));
        assert!(r.body.contains("&lt;script&gt;"));

        // The submitter sees the reply and rates it, once.
        let pc = public.csrf();
        let r = post(
            &mut public,
            "/messages/track",
            vec![
                ("csrf", pc.clone()),
                ("tracking_no", no.clone()),
                ("secret", "wrong-secret".into()),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = post(
            &mut public,
            "/messages/track",
            vec![
                ("csrf", pc.clone()),
                ("tracking_no", no.clone()),
                ("secret", secret.clone()),
            ],
        )
        .await;
        assert!(
            r.body.contains("请携带身份证到社区服务中心办理。")
                && r.body.contains("id=\"rate-form\""),
            "{}",
            r.body
        );
        let rate = vec![
            ("csrf", pc.clone()),
            ("tracking_no", no.clone()),
            ("secret", secret.clone()),
            ("rating", "satisfied".into()),
            ("comment", "答复清楚".into()),
        ];
        let r = post(&mut public, "/messages/rate", rate.clone()).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("您的评价：满意"), "{}", r.body);
        assert_eq!(
            post(&mut public, "/messages/rate", rate).await.status,
            StatusCode::CONFLICT
        );

        // The statistics count it: received, answered on time, satisfied.
        let r = app
            .get_with("/admin/messages/stats?year=2024", &mut head)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        for cell in [
            "<td id=\"total-received\">1</td>",
            "<td id=\"total-answered\">1</td>",
            "<td id=\"total-on-time\">1</td>",
            "<td id=\"total-satisfaction\">100%</td>",
        ] {
            assert!(r.body.contains(cell), "{cell}: {}", r.body);
        }
        assert!(r.body.contains("网民留言") && r.body.contains("咨询") && r.body.contains("6月"));
    })
    .await;
}

#[tokio::test]
async fn a_question_on_a_policy_is_asked_from_its_page() {
    each_engine(async |app| {
        let d = app.document("关于调整高龄津贴标准的通知", true).await;
        let page = app.get(&format!("/catalog/{}", d.index_no)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let link =
            between(&page.body, "id=\"policy-consult\"><a href=\"", "\"").replace("&amp;", "&");
        let mut public = Jar::default();
        let r = app.get_with(&link, &mut public).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(&d.index_no), "{}", r.body);
        let c = public.csrf();
        let f = [
            ("csrf", c.as_str()),
            ("org", app.org.code.as_str()),
            ("box", "policy"),
            ("doc", d.index_no.as_str()),
            ("category", "consult"),
            ("title", "津贴标准从何时起执行"),
            ("body", "请问新标准从哪个月开始执行？"),
            ("name", "赵六"),
            ("contact", "zhao@example.cn"),
        ];
        let r = app.post_form("/messages/new", &f, &mut public).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // Policy questions are answered within 5 working days (2024-06-03 → 2024-06-11, 端午 06-10 off).
        assert!(r.body.contains("2024年06月11日"), "{}", r.body);
        // Without the policy it is refused.
        let mut g = f.to_vec();
        g[3] = ("doc", "0024204128/2024-09999");
        let r = app.post_form("/messages/new", &g, &mut public).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("找不到所咨询的政策文件"), "{}", r.body);
    })
    .await;
}

/// A message answered and published through the storage layer.
async fn answered(app: &TestApp, title: &str, reply: &str) -> i64 {
    use gongkai_core::message::{Category, Step};
    use gongkai_db::{MessageAction, NewMessage};
    let board = app.db().message_boxes(app.org.id).await.unwrap()[0].id;
    let (mut m, _) = app
        .db()
        .submit_message(
            &NewMessage {
                box_id: board,
                category: Category::Consult,
                title: title.into(),
                body: format!("{title}？"),
                allow_publish: true,
                name: "周七".into(),
                contact: "zhou@example.cn".into(),
                document: None,
            },
            now(),
        )
        .await
        .unwrap();
    let dep = app.db().departments(app.org.id).await.unwrap()[0].id;
    let a = |step, department_id, reply: Option<&str>| MessageAction {
        step,
        note: String::new(),
        department_id,
        reply: reply.map(str::to_string),
        publish: true,
    };
    for action in [
        a(Step::Register, None, None),
        a(Step::Assign, Some(dep), None),
        a(Step::Draft, None, Some(reply)),
        a(Step::SignOff, None, None),
        a(Step::Send, None, None),
    ] {
        m = app
            .db()
            .message_step(
                m.id,
                &m.status,
                &action,
                &gongkai_db::Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
    }
    m.id
}

#[tokio::test]
async fn frequent_questions_are_suggested_and_become_a_public_searchable_faq() {
    each_engine(async |app| {
        let first = answered(app, "高龄津贴怎么申领", "携带身份证到社区办理。").await;
        answered(app, "请问高龄津贴如何申领", "携带身份证到社区办理。").await;
        answered(app, "殡葬补贴标准是多少", "按市里标准执行。").await;
        let mut clerk = app.login(Role::Editor).await;
        let r = app.get_with("/admin/faq", &mut clerk).await;
        let groups = between(&r.body, "id=\"groups-title\"", "</section>");
        assert!(
            groups.contains("高龄津贴怎么申领") && groups.contains("请问高龄津贴如何申领"),
            "{groups}"
        );
        assert!(!groups.contains("殡葬补贴"));
        let r = app
            .get_with(&format!("/admin/faq?from={first}"), &mut clerk)
            .await;
        assert!(
            r.body.contains("携带身份证到社区办理。"),
            "the form is filled from the message"
        );
        let c = clerk.csrf();
        let id = first.to_string();
        let r = app
            .post_form(
                "/admin/faq",
                &[
                    ("csrf", &c),
                    ("topic", ""),
                    ("question", "高龄津贴怎么申领？"),
                    ("answer", "x"),
                    ("message", &id),
                ],
                &mut clerk,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写主题"));
        let r = app
            .post_form(
                "/admin/faq",
                &[
                    ("csrf", &c),
                    ("topic", "养老服务"),
                    ("question", "高龄津贴怎么申领？"),
                    (
                        "answer",
                        "携带身份证到社区服务中心办理，50%以上材料可网上提交。",
                    ),
                    ("message", &id),
                ],
                &mut clerk,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.get("/faq").await;
        assert!(
            r.body.contains("<h2>养老服务</h2>") && r.body.contains("高龄津贴怎么申领？"),
            "{}",
            r.body
        );
        let r = app.get("/faq?q=%E8%BA%AB%E4%BB%BD%E8%AF%81").await; // 身份证
        assert!(r.body.contains("高龄津贴怎么申领？"));
        let r = app.get("/faq?q=%25").await; // a literal "%" is in the answer
        assert!(r.body.contains("高龄津贴怎么申领？"));
        let r = app.get("/faq?q=_").await; // "_" is not a wildcard
        assert!(r.body.contains("id=\"faq-empty\""), "{}", r.body);
        let entry = app.db().faq(Some(app.org.id), false, None).await.unwrap()[0].id;
        let r = app
            .post_form(
                &format!("/admin/faq/{entry}/published"),
                &[("csrf", &c), ("published", "false")],
                &mut clerk,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(app.get("/faq").await.body.contains("id=\"faq-empty\""));
    })
    .await;
}

#[tokio::test]
async fn a_draft_is_consulted_on_comments_are_moderated_and_the_adoption_report_published() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        let create = async |jar: &mut Jar, end: &str, reason: &str| {
            app.post_form(
                "/admin/consultations",
                &[
                    ("csrf", &c),
                    ("title", "示范市养老服务补贴办法（征求意见稿）"),
                    ("kind", "normative_document"),
                    ("start_on", "2024-06-03"),
                    ("end_on", end),
                    ("short_reason", reason),
                    ("body", "第一条 为规范养老服务补贴发放……"),
                ],
                jar,
            )
            .await
        };
        let r = create(&mut head, "2024-06-20", "").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("一般不少于30日"), "{}", r.body);
        let r = create(&mut head, "2024-07-02", "").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let id: i64 = r
            .location()
            .trim_start_matches("/admin/consultations/")
            .parse()
            .unwrap();

        // The public comments; a comment shows once approved, without the commenter.
        let mut public = Jar::default();
        let page = format!("/consultations/{id}");
        let r = app.get_with(&page, &mut public).await;
        assert!(r.body.contains("id=\"comment-form\""), "{}", r.body);
        let pc = public.csrf();
        let comment = async |jar: &mut Jar, body: &str| {
            app.post_form(
                &format!("{page}/comments"),
                &[
                    ("csrf", &pc),
                    ("body", body),
                    ("name", "孙八"),
                    ("contact", "13700001111"),
                ],
                jar,
            )
            .await
        };
        let r = comment(&mut public, "建议提高补贴标准，并增加网上申领渠道。").await;
        assert!(r.body.contains("id=\"comment-done\""), "{}", r.body);
        comment(&mut public, "广告：低价代办各类证件").await;
        let r = app.get_with(&page, &mut public).await;
        assert!(
            !r.body.contains("建议提高补贴标准"),
            "not shown before moderation"
        );
        let ids: Vec<i64> = app
            .db()
            .consultation_comments(id, false)
            .await
            .unwrap()
            .iter()
            .map(|k| k.id)
            .collect();
        let admin_page = format!("/admin/consultations/{id}");
        let act = async |jar: &mut Jar, fields: Vec<(&str, String)>| {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&format!("{admin_page}/comments"), &pairs, jar)
                .await
        };
        act(
            &mut head,
            vec![
                ("csrf", c.clone()),
                ("comment", ids[0].to_string()),
                ("action", "approve".into()),
            ],
        )
        .await;
        act(
            &mut head,
            vec![
                ("csrf", c.clone()),
                ("comment", ids[1].to_string()),
                ("action", "reject".into()),
            ],
        )
        .await;
        let r = app.get_with(&page, &mut public).await;
        assert!(
            r.body.contains("建议提高补贴标准")
                && !r.body.contains("低价代办")
                && !r.body.contains("孙八"),
            "{}",
            r.body
        );
        // Not disposed of before the period ends.
        let dispose = |csrf: &str| {
            vec![
                ("csrf", csrf.to_string()),
                ("comment", ids[0].to_string()),
                ("action", "dispose".into()),
                ("disposition", "partly_adopted".into()),
                ("reason", "网上申领已采纳，标准分步提高".into()),
            ]
        };
        assert_eq!(
            act(&mut head, dispose(&c)).await.status,
            StatusCode::CONFLICT
        );

        // After the period (staff log in again: sessions expire): no more comments;
        // dispositions; the report with the final document.
        app.clock.advance(chrono::Duration::days(31));
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        let r = comment(&mut public, "期满后的意见").await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("现在不接收意见"), "{}", r.body);
        let r = app
            .post_form(
                &format!("{admin_page}/report"),
                &[("csrf", &c), ("final_index_no", "0024204128/2024-00099")],
                &mut head,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "a comment is not disposed of yet"
        );
        assert_eq!(
            act(&mut head, dispose(&c)).await.status,
            StatusCode::SEE_OTHER
        );
        let final_doc = app.document("示范市养老服务补贴办法", true).await;
        let r = app
            .post_form(
                &format!("{admin_page}/report"),
                &[
                    ("csrf", &c),
                    ("final_index_no", final_doc.index_no.as_str()),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get_with(&page, &mut public).await;
        assert!(
            r.body
                .contains("共收到有效意见1条，其中采纳0条、部分采纳1条、不予采纳0条"),
            "{}",
            r.body
        );
        assert!(r.body.contains(&final_doc.index_no));
        assert!(
            app.get("/consultations")
                .await
                .body
                .contains("已发布采纳情况")
        );
    })
    .await;
}

#[tokio::test]
async fn an_admin_sets_a_boxs_reply_period_and_a_closed_box_takes_no_messages() {
    each_engine(async |app| {
        let mut admin = app.login(Role::Admin).await;
        let c = admin.csrf();
        let boxes = app.db().message_boxes(app.org.id).await.unwrap();
        let board = boxes
            .iter()
            .find(|b| b.kind == "board")
            .unwrap()
            .id
            .to_string();
        let r = app
            .post_form(
                "/admin/message-boxes",
                &[
                    ("csrf", &c),
                    ("box_id", &board),
                    ("reply_wd", "0"),
                    ("enabled", "true"),
                ],
                &mut admin,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("答复时限应为 1—60 个工作日"), "{}", r.body);
        let r = app
            .post_form(
                "/admin/message-boxes",
                &[("csrf", &c), ("box_id", &board), ("reply_wd", "5")],
                &mut admin,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let b = app.db().message_boxes(app.org.id).await.unwrap();
        let b = b.iter().find(|b| b.kind == "board").unwrap();
        assert_eq!((b.reply_wd, b.enabled), (5, false));
        // The closed box refuses messages, with the reason on the form.
        let mut public = Jar::default();
        app.get_with("/messages/new", &mut public).await;
        let pc = public.csrf();
        let r = app
            .post_form(
                "/messages/new",
                &[
                    ("csrf", &pc),
                    ("org", &app.org.code),
                    ("box", "board"),
                    ("category", "consult"),
                    ("title", "问题"),
                    ("body", "请问如何办理？"),
                    ("name", "李四"),
                    ("contact", "13900001111"),
                ],
                &mut public,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("该机关暂未开通此留言渠道"), "{}", r.body);
        let today = today();
        assert!(
            app.db()
                .message_queue(app.org.id, "all", None, today, today)
                .await
                .unwrap()
                .is_empty()
        );
        // The leader's mailbox lists only its own published messages.
        assert!(app.get("/mailbox").await.body.contains("领导信箱"));
    })
    .await;
}
