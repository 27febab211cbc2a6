//! Applications for disclosure: the public form and tracking, staff registration, the case page
//! and its actions, extensions, notices (HTML and DOCX), templates, queues, the calendar upload.

use crate::support::*;
use axum::http::StatusCode;
use gongkai_core::role::Role;
use std::io::Read;

fn person(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_string()),
        ("org", "0024204128".into()),
        ("applicant_type", "natural_person".into()),
        ("name", "张三".into()),
        ("id_kind", "resident_id".into()),
        ("id_number", "11010519491231002X".into()),
        ("org_name", "".into()),
        ("credit_code", "".into()),
        ("phone", "13812345678".into()),
        ("email", "zhang@example.cn".into()),
        ("address", "示范市人民路2号".into()),
        ("info_name", "2023年度养老机构补贴发放情况".into()),
        ("info_doc_no", "示民发〔2023〕5号".into()),
        ("info_description", "".into()),
        ("provision_form", "electronic".into()),
        ("delivery_method", "online".into()),
        ("homepage", "".into()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn with(v: &[(&'static str, String)], key: &str, value: &str) -> Vec<(&'static str, String)> {
    v.iter()
        .map(|(k, x)| {
            (
                *k,
                if *k == key {
                    value.to_string()
                } else {
                    x.clone()
                },
            )
        })
        .collect()
}

async fn count(app: &TestApp) -> usize {
    app.db()
        .applications(app.org.id, &Default::default(), today(), 100, 0)
        .await
        .unwrap()
        .len()
}

async fn track(app: &TestApp, jar: &mut Jar, no: &str, secret: &str) -> Resp {
    app.get_with("/apply/track", jar).await;
    let csrf = jar.csrf();
    app.post_form(
        "/apply/track",
        &[
            ("csrf", &csrf),
            ("org", "0024204128"),
            ("tracking_no", no),
            ("secret", secret),
        ],
        jar,
    )
    .await
}

fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip file");
    for part in ["[Content_Types].xml", "_rels/.rels"] {
        assert!(z.by_name(part).is_ok(), "{part} missing");
    }
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // The text of every <w:t> run, a line per paragraph.
    let mut text = String::new();
    for para in xml.split("</w:p>") {
        for run in para.split("<w:t xml:space=\"preserve\">").skip(1) {
            text.push_str(run.split("</w:t>").next().unwrap());
        }
        text.push('\n');
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[tokio::test]
async fn an_online_application_is_received_and_tracked() {
    each_engine(async |app| {
        let mut jar = Jar::default();
        let r = app.get_with("/apply", &mut jar).await;
        assert!(r.body.contains("政府信息公开申请"));
        assert!(
            !jar.csrf().is_empty(),
            "the form page sets the token cookie"
        );
        assert_eq!(
            r.headers.get("cache-control").unwrap(),
            "no-store",
            "a page with a token is not cached"
        );
        let csrf = jar.csrf();
        let r = app
            .post_form("/apply", &pairs(&person(&csrf)), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let no = between(&r.body, "<dd id=\"tracking-no\">", "</dd>").to_string();
        let secret = between(&r.body, "<dd id=\"secret\"><code>", "</code>").to_string();
        assert_eq!(no, "YSQ-2024-000001");
        assert_eq!(secret.len(), 14, "{secret}");
        // The summary: what was typed, the ID masked, and the receipt rule of Art. 31.
        assert!(r.body.contains("110105********002X"), "{}", r.body);
        assert!(!r.body.contains("11010519491231002X"));
        assert!(r.body.contains("2023年度养老机构补贴发放情况"));
        assert!(r.body.contains("以双方确认之日为收到申请之日"));
        assert!(r.body.contains("2024年06月03日"));
        let cases = app
            .db()
            .applications(app.org.id, &Default::default(), today(), 10, 0)
            .await
            .unwrap();
        assert_eq!(cases.len(), 1);
        let case = &cases[0];
        assert_eq!(case.channel.as_deref(), Some("online"));
        assert_eq!(case.receipt_basis.as_deref(), Some("online_confirmed"));
        assert_eq!(case.received_on, today());
        assert_eq!(case.status, "processing");

        // Tracking with the right secret: status, deadline, timeline; no personal data.
        let mut other = Jar::default();
        let r = track(app, &mut other, &no, &secret).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("办理中"));
        let due = gongkai_core::time::format_cn_date(case.reply_due.unwrap());
        assert!(r.body.contains(&due), "reply deadline {due}");
        assert!(r.body.contains("收到申请（互联网渠道）"));
        for private in [
            "张三",
            "11010519491231002X",
            "13812345678",
            "zhang@example.cn",
        ] {
            assert!(!r.body.contains(private), "{private} on the tracking page");
        }
        assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");

        // A wrong secret and a wrong number get the same answer.
        let wrong_secret = track(app, &mut other, &no, "aaaa-bbbb-cccc").await;
        let wrong_no = track(app, &mut other, "YSQ-2024-000099", &secret).await;
        assert_eq!(wrong_secret.status, StatusCode::NOT_FOUND);
        assert_eq!(wrong_no.status, StatusCode::NOT_FOUND);
        let msg = |r: &Resp| between(&r.body, "id=\"track-error\">", "</p>").to_string();
        assert_eq!(msg(&wrong_secret), msg(&wrong_no));
        assert!(msg(&wrong_secret).contains("未找到该申请"));
        assert!(!wrong_secret.body.contains("办理中"));

        // Staff issue a correction notice; the applicant downloads it as DOCX.
        let mut staff = app.login(Role::CaseHandler).await;
        let csrf = staff.csrf();
        let path = format!(
            "/admin/applications/{}/events/correction_requested",
            case.id
        );
        let r = app
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("events", "1"),
                    ("on", "2024-06-03"),
                    ("period_wd", "10"),
                ],
                &mut staff,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .post_form(
                &format!("/admin/applications/{}/notices", case.id),
                &[
                    ("csrf", &csrf),
                    ("kind", "correction"),
                    ("details", "请写明所需信息的年份。"),
                ],
                &mut staff,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let notice = &app.db().application_notices(case.id).await.unwrap()[0];
        let r = track(app, &mut other, &no, &secret).await;
        assert!(r.body.contains("政府信息公开申请补正通知书"));
        assert!(r.body.contains("待补正"));
        let csrf = other.csrf();
        let id = notice.id.to_string();
        let dl = app
            .post_form(
                "/apply/track/notice",
                &[
                    ("csrf", &csrf),
                    ("org", "0024204128"),
                    ("tracking_no", &no),
                    ("secret", &secret),
                    ("notice", &id),
                    ("format", "docx"),
                ],
                &mut other,
            )
            .await;
        assert_eq!(dl.status, StatusCode::OK);
        let text = docx_text(&dl.bytes);
        assert!(text.contains("政府信息公开申请补正通知书"), "{text}");
        assert!(text.contains("张三："), "{text}");
        assert!(text.contains("10个工作日内"), "{text}");
        assert!(text.contains("请写明所需信息的年份。"), "{text}");
        // The same download with a wrong secret reveals nothing.
        let dl = app
            .post_form(
                "/apply/track/notice",
                &[
                    ("csrf", &csrf),
                    ("org", "0024204128"),
                    ("tracking_no", &no),
                    ("secret", "aaaa-bbbb-cccc"),
                    ("notice", &id),
                    ("format", "docx"),
                ],
                &mut other,
            )
            .await;
        assert_eq!(dl.status, StatusCode::NOT_FOUND);
        assert!(!dl.body.contains("补正"), "{}", dl.body);
        // A notice of another case is not reachable with this case's secret.
        let b = app.application("李四").await;
        let foreign = app
            .db()
            .issue_application_notice(
                b.id,
                "correction",
                "政府信息公开申请补正通知书",
                "李四：",
                &gongkai_db::Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
        let fid = foreign.id.to_string();
        let dl = app
            .post_form(
                "/apply/track/notice",
                &[
                    ("csrf", &csrf),
                    ("org", "0024204128"),
                    ("tracking_no", &no),
                    ("secret", &secret),
                    ("notice", &fid),
                    ("format", "html"),
                ],
                &mut other,
            )
            .await;
        assert_eq!(dl.status, StatusCode::NOT_FOUND);
        assert!(!dl.body.contains("李四"));
    })
    .await;
}

#[tokio::test]
async fn bad_input_and_robots_change_nothing() {
    each_engine(async |app| {
        let mut jar = Jar::default();
        app.get_with("/apply", &mut jar).await;
        let csrf = jar.csrf();
        // A resident ID with a wrong check digit: the form comes back with the message and values.
        let f = with(&person(&csrf), "id_number", "110105194912310021");
        let r = app.post_form("/apply", &pairs(&f), &mut jar).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("身份证号码校验位不正确"), "{}", r.body);
        assert!(r.body.contains("value=\"2023年度养老机构补贴发放情况\""));
        assert!(r.body.contains("本次未提交任何信息"));
        // An organisation with a bad credit code; nothing sought.
        let f = with(&person(&csrf), "applicant_type", "commercial_enterprise");
        let f = with(&f, "org_name", "示范贸易有限公司");
        let f = with(&f, "credit_code", "91350100M000100Y42");
        let f = with(&f, "info_name", "");
        let f = with(&f, "info_doc_no", "");
        let r = app.post_form("/apply", &pairs(&f), &mut jar).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("统一社会信用代码校验位不正确"),
            "{}",
            between(&r.body, "<main", "</main>")
        );
        assert!(r.body.contains("请至少填写所需政府信息的名称"));
        // Oversized fields are refused by name.
        let f = with(&person(&csrf), "name", &"张".repeat(51));
        let r = app.post_form("/apply", &pairs(&f), &mut jar).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("姓名最多50个字"));
        // The honeypot.
        let f = with(&person(&csrf), "homepage", "http://spam.example");
        let r = app.post_form("/apply", &pairs(&f), &mut jar).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(!r.body.contains("YSQ-"));
        // No token, or a token of another browser.
        let f = with(&person(&csrf), "csrf", "");
        let r = app.post_form("/apply", &pairs(&f), &mut jar).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let mut fresh = Jar::default();
        let r = app
            .post_form("/apply", &pairs(&person(&csrf)), &mut fresh)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(count(app).await, 0, "nothing was stored");
    })
    .await;
}

#[tokio::test]
async fn one_address_is_limited() {
    each_engine(async |app| {
        let mut jar = Jar::default();
        app.get_with("/apply", &mut jar).await;
        let csrf = jar.csrf();
        let spam = with(&person(&csrf), "homepage", "x");
        for _ in 0..10 {
            let r = app.post_form("/apply", &pairs(&spam), &mut jar).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
        }
        let r = app
            .post_form("/apply", &pairs(&person(&csrf)), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.body.contains("提交过于频繁"));
        app.clock.advance(chrono::Duration::minutes(61));
        let r = app
            .post_form("/apply", &pairs(&person(&csrf)), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::OK, "the window has passed");
        assert_eq!(count(app).await, 1);
    })
    .await;
}

#[tokio::test]
async fn staff_register_a_signed_for_letter_and_work_the_case() {
    each_engine(async |app| {
        let mut jar = app.login(Role::CaseHandler).await;
        let r = app.get_with("/admin/applications/new", &mut jar).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("以行政机关签收之日为收到申请之日"));
        let csrf = jar.csrf();
        let form = |signed: &str, code: &str| {
            vec![
                ("csrf", csrf.clone()),
                ("channel", "postal_signed".to_string()),
                ("signed_for_on", signed.to_string()),
                ("applicant_type", "commercial_enterprise".into()),
                ("name", "王五".into()),
                ("org_name", "示范贸易有限公司".into()),
                ("credit_code", code.to_string()),
                ("phone", "0591-12345678".into()),
                ("info_name", "示范市2023年政府采购合同".into()),
                ("provision_form", "paper".into()),
                ("delivery_method", "post".into()),
                ("address", "示范市东街3号".into()),
            ]
        };
        // Without the signing date the channel's rule is explained; nothing is stored.
        let r = app
            .post_form(
                "/admin/applications",
                &pairs(&form("", "91350100M000100Y43")),
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写本机关签收邮件的日期"), "{}", r.body);
        assert_eq!(count(app).await, 0);
        let r = app
            .post_form(
                "/admin/applications",
                &pairs(&form("2024-05-31", "91350100M000100Y43")),
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("id=\"secret\""), "the secret is shown once");
        assert!(
            r.body
                .contains("以邮寄方式提交的，以行政机关签收之日为收到申请之日")
        );
        let case = app
            .db()
            .applications(app.org.id, &Default::default(), today(), 10, 0)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(
            case.received_on,
            chrono::NaiveDate::from_ymd_opt(2024, 5, 31).unwrap()
        );
        assert_eq!(case.receipt_basis.as_deref(), Some("mail_signed"));
        let page = format!("/admin/applications/{}", case.id);

        // The case page: deadlines with explanations; no personal data until asked for.
        let r = app.get_with(&page, &mut jar).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body
                .contains("答复期限：自收到申请之日（2024-05-31）起20个工作日"),
            "{}",
            r.body
        );
        assert!(r.body.contains("端午"), "the holiday skipped is named");
        assert!(!r.body.contains("91350100M000100Y43"));
        let r = app
            .post_form(&format!("{page}/applicant"), &[("csrf", &csrf)], &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("91350100M000100Y43"));
        assert!(r.body.contains("0591-12345678"));
        let audit = app.db().audit_for("application", case.id).await.unwrap();
        assert!(audit.iter().any(|a| a.summary == "查看申请人信息"));

        // An action the rules refuse: the core's message, nothing changed.
        let r = app
            .post_form(
                &format!("{page}/events/served"),
                &[
                    ("csrf", &csrf),
                    ("events", "1"),
                    ("on", "2024-06-03"),
                    ("method", "post"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("不能登记送达"), "{}", r.body);
        let after = app.db().application(case.id).await.unwrap().unwrap();
        assert_eq!(after.event_count, 1);
        // A date after today is refused too.
        let r = app
            .post_form(
                &format!("{page}/events/consultation_started"),
                &[
                    ("csrf", &csrf),
                    ("events", "1"),
                    ("on", "2024-06-04"),
                    ("party", "third_party"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("日期不能晚于今天"));

        // Extensions: refused for the case handler, allowed for the office head.
        let r = app
            .post_form(
                &format!("{page}/events/extended"),
                &[
                    ("csrf", &csrf),
                    ("events", "1"),
                    ("on", "2024-06-03"),
                    ("days", "10"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.db()
                .application(case.id)
                .await
                .unwrap()
                .unwrap()
                .event_count,
            1
        );
        let mut head = app.login(Role::OfficeHead).await;
        let hcsrf = head.csrf();
        let r = app
            .post_form(
                &format!("{page}/events/extended"),
                &[
                    ("csrf", &hcsrf),
                    ("events", "1"),
                    ("on", "2024-06-03"),
                    ("days", "10"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get_with(&page, &mut jar).await;
        assert!(
            r.body
                .contains("延长答复期限10个工作日（经测试公开办负责人同意）"),
            "{}",
            r.body
        );
        // A stale page (the log grew since it was shown) is refused.
        let r = app
            .post_form(
                &format!("{page}/events/replied"),
                &[
                    ("csrf", &csrf),
                    ("events", "1"),
                    ("on", "2024-06-03"),
                    ("outcome", "granted"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);

        // Reply with one outcome, then the reply notice as DOCX.
        let r = app
            .post_form(
                &format!("{page}/events/replied"),
                &[
                    ("csrf", &csrf),
                    ("events", "2"),
                    ("on", "2024-06-03"),
                    ("outcome", "denied.third_party"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .post_form(
                &format!("{page}/notices"),
                &[
                    ("csrf", &csrf),
                    ("kind", "reply.denied"),
                    ("reason", "涉及第三方商业秘密"),
                    ("review_body", "示范市人民政府"),
                    ("court", "示范市人民法院"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let notice = app
            .db()
            .application_notices(case.id)
            .await
            .unwrap()
            .remove(0);
        let r = app
            .get_with(&format!("{page}/notices/{}/docx", notice.id), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.headers.get("content-type").unwrap(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        let text = docx_text(&r.bytes);
        assert!(
            text.starts_with("政府信息公开申请答复书（不予公开）\n"),
            "{text}"
        );
        assert!(text.contains("示范贸易有限公司："), "{text}");
        assert!(text.contains(&case.tracking_no));
        assert!(text.contains("涉及第三方商业秘密"));
        assert!(
            text.contains("《中华人民共和国政府信息公开条例》第十五条"),
            "{text}"
        );
        assert!(text.contains("示范市人民政府申请行政复议"), "{text}");
        assert!(
            text.contains("十五日内"),
            "reconsideration first for a refusal: {text}"
        );
        assert!(!text.contains('{'));
        let r = app
            .get_with(&format!("{page}/notices/{}", notice.id), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body
                .contains("<h1>政府信息公开申请答复书（不予公开）</h1>")
        );
        // Served and archived; a comment and an assignment.
        for (kind, extra) in [("served", ("method", "post")), ("archived", ("x", ""))] {
            let n = app
                .db()
                .application(case.id)
                .await
                .unwrap()
                .unwrap()
                .event_count
                .to_string();
            let r = app
                .post_form(
                    &format!("{page}/events/{kind}"),
                    &[("csrf", &csrf), ("events", &n), ("on", "2024-06-03"), extra],
                    &mut jar,
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{kind}: {}", r.body);
        }
        let r = app
            .post_form(
                &format!("{page}/comments"),
                &[("csrf", &csrf), ("body", "已电话告知申请人。")],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let me = app
            .db()
            .user_by_username("case-handler")
            .await
            .unwrap()
            .unwrap();
        let dep = app.db().departments(app.org.id).await.unwrap()[0].id;
        let r = app
            .post_form(
                &format!("{page}/assign"),
                &[
                    ("csrf", &csrf),
                    ("handler_id", &me.id.to_string()),
                    ("department_id", &dep.to_string()),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // The department's queue lists the case; an unknown department is a bad request.
        let tracking = app
            .db()
            .application(case.id)
            .await
            .unwrap()
            .unwrap()
            .tracking_no;
        let r = app
            .get_with(&format!("/admin/applications?department={dep}"), &mut jar)
            .await;
        assert!(r.body.contains(&tracking), "department queue");
        let r = app
            .get_with("/admin/applications?department=999999", &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = app.get_with(&page, &mut jar).await;
        assert!(r.body.contains("已归档"));
        assert!(r.body.contains("已电话告知申请人。"));
        assert!(r.body.contains("答复已送达（邮寄送达）"));
        let done = app.db().application(case.id).await.unwrap().unwrap();
        assert_eq!(done.status, "archived");
        assert_eq!(done.outcome.as_deref(), Some("denied.third_party"));
        assert_eq!(done.handler_id, Some(me.id));
    })
    .await;
}

#[tokio::test]
async fn a_fee_notice_is_computed_by_the_fee_rules() {
    each_engine(async |app| {
        let case = app.application("张三").await;
        let mut jar = app.login(Role::CaseHandler).await;
        let csrf = jar.csrf();
        let page = format!("/admin/applications/{}", case.id);
        // The 11th application of the month by count, 50 pages by volume: the lower one is charged.
        let r = app
            .post_form(
                &format!("{page}/events/fee_noticed"),
                &[
                    ("csrf", &csrf),
                    ("events", "1"),
                    ("on", "2024-06-03"),
                    ("fee_prior", "10"),
                    ("fee_count", "1"),
                    ("fee_pages", "50"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let comments = app.db().application_comments(case.id).await.unwrap();
        assert!(
            comments[0]
                .body
                .starts_with("信息处理费：按件计收，100.00元。"),
            "{}",
            comments[0].body
        );
        let r = app.get_with(&page, &mut jar).await;
        assert!(r.body.contains("待缴费"));
        assert!(r.body.contains("发出信息处理费缴费通知，金额100.00元"));
        // Nothing to charge: refused with the reason.
        let other = app.application("李四").await;
        let r = app
            .post_form(
                &format!("/admin/applications/{}/events/fee_noticed", other.id),
                &[
                    ("csrf", &csrf),
                    ("events", "1"),
                    ("on", "2024-06-03"),
                    ("fee_prior", "0"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("按规定不收取信息处理费"));
    })
    .await;
}

#[tokio::test]
async fn queues_and_filters() {
    each_engine(async |app| {
        let a = app.application("张三").await;
        let _b = app.application("李四").await;
        let mut jar = app.login(Role::CaseHandler).await;
        let me = app
            .db()
            .user_by_username("case-handler")
            .await
            .unwrap()
            .unwrap();
        app.db()
            .assign_application(
                a.id,
                Some(me.id),
                None,
                &gongkai_db::Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
        let r = app.get_with("/admin/applications", &mut jar).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body.matches("YSQ-2024-").count(), 2);
        assert!(!r.body.contains("张三"), "no personal data in lists");
        let r = app
            .get_with("/admin/applications?queue=mine", &mut jar)
            .await;
        assert_eq!(r.body.matches("YSQ-2024-").count(), 1);
        assert!(r.body.contains(&a.tracking_no));
        let r = app
            .get_with("/admin/applications?queue=overdue", &mut jar)
            .await;
        assert_eq!(r.body.matches("YSQ-2024-").count(), 0);
        app.clock.advance(chrono::Duration::days(40));
        let mut jar = app.login(Role::CaseHandler).await;
        let r = app
            .get_with("/admin/applications?queue=overdue", &mut jar)
            .await;
        assert_eq!(r.body.matches("YSQ-2024-").count(), 2, "{}", r.body);
        let r = app
            .get_with(
                "/admin/applications?applicant_type=legal_service_org",
                &mut jar,
            )
            .await;
        assert_eq!(r.body.matches("YSQ-2024-").count(), 0);
        let r = app
            .get_with(
                "/admin/applications?from=2024-06-01&to=2024-06-30&status=processing",
                &mut jar,
            )
            .await;
        assert_eq!(r.body.matches("YSQ-2024-").count(), 2);
        let r = app
            .get_with("/admin/applications?queue=nope", &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
    })
    .await;
}

#[tokio::test]
async fn notice_templates_refuse_unknown_placeholders() {
    each_engine(async |app| {
        let mut jar = app.login(Role::OfficeHead).await;
        let r = app.get_with("/admin/notice-templates?kind=correction", &mut jar).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("{period_wd}"));
        let csrf = jar.csrf();
        let r = app
            .post_form(
                "/admin/notice-templates",
                &[("csrf", &csrf), ("kind", "correction"), ("text", "{applicant}：请于{amount}内补正{details}。")],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("{amount}"), "{}", r.body);
        assert!(app.db().notice_templates(app.org.id).await.unwrap().is_empty());
        let r = app
            .post_form(
                "/admin/notice-templates",
                &[("csrf", &csrf), ("kind", "correction"), ("text", "{applicant}：\r\n示范市民政局补正通知：{details}（{period_wd}个工作日）\r\n{org}")],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // A notice issued now uses the organization's text.
        let case = app.application("张三").await;
        let page = format!("/admin/applications/{}", case.id);
        let r = app
            .post_form(
                &format!("{page}/events/correction_requested"),
                &[("csrf", &csrf), ("events", "1"), ("on", "2024-06-03"), ("period_wd", "5")],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .post_form(
                &format!("{page}/notices"),
                &[("csrf", &csrf), ("kind", "correction"), ("details", "写明年份")],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let n = app.db().application_notices(case.id).await.unwrap().remove(0);
        assert_eq!(n.body, "张三：\n示范市民政局补正通知：写明年份（5个工作日）\n示范市民政局");
        // A kind the case does not call for is refused.
        let r = app
            .post_form(&format!("{page}/notices"), &[("csrf", &csrf), ("kind", "fee")], &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert_eq!(app.db().application_notices(case.id).await.unwrap().len(), 1);
        // Saving an empty text goes back to the default.
        let r = app
            .post_form("/admin/notice-templates", &[("csrf", &csrf), ("kind", "correction"), ("text", "")], &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(app.db().notice_templates(app.org.id).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_calendar_upload_recomputes_open_cases() {
    each_engine(async |app| {
        let case = app.application("张三").await;
        let mut jar = app.login(Role::Admin).await;
        let r = app.get_with("/admin/calendar", &mut jar).await;
        assert_eq!(r.status, StatusCode::OK);
        let csrf = jar.csrf();
        // Bad lines are reported with their numbers; nothing is loaded.
        let bad = "date,kind,name\n2024-06-04,holday,测试\n2024-13-01,holiday,测试\n";
        let r = app
            .post_multipart("/admin/calendar", &[("csrf", &csrf)], ("file", "bad.csv", bad.as_bytes()), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("第2行"), "{}", r.body);
        assert!(r.body.contains("第3行"));
        assert!(app.db().calendar_years().await.unwrap().is_empty());
        // Two more days off in June 2024: the reply deadline moves and the page says so.
        let good = "date,kind,name\n2024-06-04,holiday,测试假日\n2024-06-05,holiday,测试假日\n2024-06-10,holiday,端午节\n";
        let r = app
            .post_multipart("/admin/calendar", &[("csrf", &csrf)], ("file", "2024.csv", good.as_bytes()), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("<strong id=\"recomputed\">1</strong>"), "{}", r.body);
        assert!(r.body.contains(&case.tracking_no));
        let years = app.db().calendar_years().await.unwrap();
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].year, 2024);
        let after = app.db().application(case.id).await.unwrap().unwrap();
        assert_eq!(
            after.reply_due.unwrap() - case.reply_due.unwrap(),
            chrono::Duration::days(2)
        );
        // Without the token nothing is loaded.
        let r = app
            .post_multipart("/admin/calendar", &[("csrf", "")], ("file", "2024.csv", good.as_bytes()), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn a_repeat_application_is_flagged_and_staff_decide() {
    use gongkai_core::application::case::Event;
    use gongkai_core::application::outcome::Outcome;
    each_engine(async |app| {
        // An earlier application of 张三, answered.
        let first = app.application("张三").await;
        app.db()
            .record_application_event(
                first.id,
                1,
                &Event::Replied {
                    on: today(),
                    outcome: Outcome::Granted,
                },
                &gongkai_db::Actor::system("t"),
                now(),
            )
            .await
            .unwrap();
        // The same person asks again for nearly the same information, in person.
        let mut jar = app.login(Role::CaseHandler).await;
        let csrf = jar.csrf();
        let form: Vec<(&'static str, String)> = vec![
            ("csrf", csrf.clone()),
            ("channel", "in_person".into()),
            ("submitted_on", "2024-06-03".into()),
            ("applicant_type", "natural_person".into()),
            ("name", "张三".into()),
            ("id_kind", "resident_id".into()),
            ("id_number", "11010519491231002X".into()),
            ("phone", "13812345678".into()),
            ("info_name", "2023年度本市低保资金的发放情况".into()),
            ("provision_form", "paper".into()),
            ("delivery_method", "post".into()),
            ("address", "示范市人民路2号".into()),
        ];
        let r = app
            .post_form("/admin/applications", &pairs(&form), &mut jar)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("疑似重复申请"), "{}", r.body);
        assert!(
            r.body.contains(&format!(
                "与本机关已答复的申请 {} 所需信息相似（相似度 0.81）",
                first.tracking_no
            )),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains(&format!("/admin/applications/{}", first.id))
        );
        let second = app
            .db()
            .applications(app.org.id, &Default::default(), today(), 10, 0)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.id != first.id)
            .unwrap();
        let page = format!("/admin/applications/{}", second.id);

        // The queue marks the case until the flag is decided; no personal data in the list.
        let r = app.get_with("/admin/applications", &mut jar).await;
        assert_eq!(r.body.matches("status-flag").count(), 1, "{}", r.body);
        assert!(r.body.contains("疑似重复申请"));
        assert!(!r.body.contains("张三"));

        let r = app.get_with(&page, &mut jar).await;
        let flag_id = between(&r.body, "name=\"flag_id\" value=\"", "\"").to_string();
        // Without a note: refused, nothing recorded.
        let r = app
            .post_form(
                &format!("{page}/flags"),
                &[
                    ("csrf", &csrf),
                    ("flag_id", &flag_id),
                    ("decision", "dismissed"),
                    ("note", " "),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("请填写处理说明"), "{}", r.body);
        // A flag of another case (here: of no case) is not found through this case.
        let r = app
            .post_form(
                &format!("/admin/applications/{}/flags", first.id),
                &[
                    ("csrf", &csrf),
                    ("flag_id", &flag_id),
                    ("decision", "dismissed"),
                    ("note", "x"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(
            app.db().application_flags(second.id).await.unwrap()[0]
                .decision
                .is_none()
        );

        // Dismissed with a note: the decision shows on the case page.
        let r = app
            .post_form(
                &format!("{page}/flags"),
                &[
                    ("csrf", &csrf),
                    ("flag_id", &flag_id),
                    ("decision", "dismissed"),
                    ("note", "申请人要求提供纸质件，与前次电子件不同。"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get_with(r.location(), &mut jar).await;
        assert!(r.body.contains("处理结果已记录。"));
        assert!(r.body.contains("已处理：排除"), "{}", r.body);
        assert!(
            r.body
                .contains("处理说明：申请人要求提供纸质件，与前次电子件不同。")
        );
        assert!(
            r.body
                .contains("<small>case-handler 2024年06月03日</small>"),
            "who decided and when: {}",
            r.body
        );
        assert!(!r.body.contains("name=\"flag_id\""), "no form once decided");
        let r = app.get_with("/admin/applications", &mut jar).await;
        assert_eq!(r.body.matches("status-flag").count(), 0);
        let audit = app.db().audit_for("application", second.id).await.unwrap();
        assert_eq!(audit[0].action, "application.flag_decision");
        // Deciding again is refused.
        let r = app
            .post_form(
                &format!("{page}/flags"),
                &[
                    ("csrf", &csrf),
                    ("flag_id", &flag_id),
                    ("decision", "confirmed"),
                    ("note", "再次处理"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("该标记已经处理"));
    })
    .await;
}

#[tokio::test]
async fn the_office_head_changes_the_application_settings() {
    use gongkai_core::application::settings::{ApplicationSettings, SETTINGS};
    each_engine(async |app| {
        let case = app.application("张三").await;
        let mut jar = app.login(Role::OfficeHead).await;
        let r = app.get_with("/admin/settings/applications", &mut jar).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("补正通知给予的补正期限"), "{}", r.body);
        assert!(r.body.contains("value=\"15\""));
        let csrf = jar.csrf();
        // Every field as the form sends it: defaults, with ticked checkboxes only.
        let defaults = ApplicationSettings::default();
        let form = |changes: &[(&str, &str)]| -> Vec<(String, String)> {
            let mut v = vec![("csrf".to_string(), csrf.clone())];
            for s in SETTINGS {
                let mut value = defaults.get(s.key).unwrap();
                if let Some((_, c)) = changes.iter().find(|(k, _)| *k == s.key) {
                    value = c.to_string();
                }
                if value != "false" {
                    v.push((s.key.to_string(), value));
                }
            }
            v
        };
        let post = async |jar: &mut _, fields: Vec<(String, String)>| {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_form("/admin/settings/applications", &pairs, jar)
                .await
        };

        let r = post(
            &mut jar,
            form(&[
                ("default_correction_period_wd", "0"),
                ("flag_similarity", "abc"),
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("请填写 1—60 之间的整数"), "{}", r.body);
        assert!(r.body.contains("请填写 30—100 之间的整数"), "{}", r.body);
        assert_eq!(
            app.db().application_settings(app.org.id).await.unwrap(),
            defaults
        );

        let r = post(
            &mut jar,
            form(&[
                ("default_correction_period_wd", "10"),
                ("fee_pauses_clock", "false"),
            ]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(
            r.body
                .contains("补正通知给予的补正期限：15个工作日 → 10个工作日"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("收费通知至缴费期间不计入答复期限：是 → 否"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("<strong id=\"recomputed\">1</strong>"),
            "{}",
            r.body
        );
        let stored = app.db().application_settings(app.org.id).await.unwrap();
        assert_eq!(stored.case.default_correction_period_wd, 10);
        assert!(!stored.case.fee_pauses_clock);
        assert_eq!(stored.flags, defaults.flags);
        // The case page proposes the new correction period.
        let r = app
            .get_with(&format!("/admin/applications/{}", case.id), &mut jar)
            .await;
        assert!(r.body.contains("value=\"10\""), "{}", r.body);
        // Without the token nothing changes.
        let mut bad = form(&[("default_correction_period_wd", "20")]);
        bad[0].1 = String::new();
        let r = post(&mut jar, bad).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.db()
                .application_settings(app.org.id)
                .await
                .unwrap()
                .case
                .default_correction_period_wd,
            10
        );
    })
    .await;
}

#[tokio::test]
async fn the_annual_report_counts_the_years_cases_and_names_missing_figures() {
    each_engine(async |app| {
        // A case received in 2024 (今天 2024-06-03) and still open at the end of the year.
        app.application("张三").await;
        let mut head = app.login(Role::OfficeHead).await;
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        for heading in [
            "一、总体情况",
            "三、收到和处理政府信息公开申请情况",
            "六、其他需要报告的事项",
        ] {
            assert!(r.body.contains(heading), "{heading}");
        }
        assert!(
            r.body
                .contains("cell=t3.new_received.natural_person\">1</a>"),
            "{}",
            r.body
        );
        assert!(r.body.contains("cell=t3.new_received.total\">1</a>"));
        // The figures the platform does not own are named as missing.
        assert!(r.body.contains("id=\"report-problems\""));
        // Table 2 figures: a bad value refuses the form; good ones show in the table.
        let c = head.csrf();
        let r = app
            .post_form(
                "/admin/annual-report/table2",
                &[
                    ("csrf", &c),
                    ("year", "2024"),
                    ("f.t2.licensing.decisions", "-5"),
                    ("source", "审批局"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("不是非负整数"), "{}", r.body);
        let r = app
            .post_form(
                "/admin/annual-report/table2",
                &[
                    ("csrf", &c),
                    ("year", "2024"),
                    ("f.t2.licensing.decisions", "128"),
                    ("f.t2.fees.amount", "0.35"),
                    ("source", "审批局"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        assert!(
            r.body.contains("data-key=\"t2.licensing.decisions\">128<"),
            "{}",
            r.body
        );
        assert!(r.body.contains("data-key=\"t2.fees.amount\">0.35<"));
        // From a number to the cases behind it.
        let link = "/admin/annual-report/cases?year=2024&amp;cell=t3.new_received.natural_person";
        assert!(r.body.contains(link), "{}", r.body);
        let r = app.get_with(&link.replace("&amp;", "&"), &mut head).await;
        assert!(
            r.body.contains("<strong id=\"case-count\">1</strong>"),
            "{}",
            r.body
        );
        assert!(r.body.contains("YSQ-2024-000001"));
        assert!(!r.body.contains("张三"), "no personal data in the list");
        let r = app
            .get_with(
                "/admin/annual-report/cases?year=2024&cell=t9.bogus",
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // A year without cases: zeros, and the page still renders.
        let r = app
            .get_with("/admin/annual-report?year=2023", &mut head)
            .await;
        assert!(
            r.body.contains("cell=t3.new_received.total\">0</a>"),
            "{}",
            r.body
        );
    })
    .await;
}
