//! Every back-office route refuses anonymous and wrong-role requests; every form needs its CSRF
//! token. The route table below must list every /admin route (a test checks it against the
//! router's own 404s so a forgotten route shows up).

use crate::support::*;
use axum::http::StatusCode;
use gongkai_core::role::Role;

/// (method, path, roles allowed). `{doc}`, `{att}`, `{col}`, `{dep}`, `{user}`, `{case}`,
/// `{notice}`, … are filled in. Progress on a task is reported by its own departments and the
/// office; the test users belong to no department, so only the office passes.
const ROUTES: &[(&str, &str, &[Role])] = &[
    (
        "GET",
        "/admin",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "GET",
        "/admin/documents",
        &[Role::Admin, Role::Editor, Role::Reviewer, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/documents/new",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/documents/{doc}",
        &[Role::Admin, Role::Editor, Role::Reviewer, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/documents/{doc}/edit",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/submit",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/review",
        &[Role::Admin, Role::Reviewer, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/redact",
        &[Role::Admin, Role::Reviewer, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/revise",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/attachments/{att}/redact",
        &[Role::Admin, Role::Reviewer, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/approve",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/unschedule",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/withdraw",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/validity",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/attachments",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/documents/{doc}/attachments/{att}",
        &[Role::Admin, Role::Editor, Role::Reviewer, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/documents/{doc}/attachments/{att}/delete",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    ("GET", "/admin/columns", &[Role::Admin]),
    ("POST", "/admin/columns", &[Role::Admin]),
    ("POST", "/admin/columns/{col}", &[Role::Admin]),
    ("POST", "/admin/columns/{col}/delete", &[Role::Admin]),
    ("GET", "/admin/departments", &[Role::Admin]),
    ("POST", "/admin/departments", &[Role::Admin]),
    ("POST", "/admin/departments/{dep}/delete", &[Role::Admin]),
    ("GET", "/admin/org", &[Role::Admin]),
    ("POST", "/admin/org", &[Role::Admin]),
    ("GET", "/admin/users", &[Role::Admin]),
    ("POST", "/admin/users", &[Role::Admin]),
    ("POST", "/admin/users/{user}", &[Role::Admin]),
    ("POST", "/admin/users/{user}/password", &[Role::Admin]),
    ("GET", "/admin/audit", &[Role::Admin, Role::OfficeHead]),
    (
        "GET",
        "/admin/search",
        &[Role::Admin, Role::Editor, Role::Reviewer, Role::OfficeHead],
    ),
    ("GET", "/admin/applications", HANDLERS),
    ("POST", "/admin/applications", HANDLERS),
    ("GET", "/admin/applications/new", HANDLERS),
    ("GET", "/admin/applications/{case}", HANDLERS),
    (
        "POST",
        "/admin/applications/{case}/events/replied",
        HANDLERS,
    ),
    (
        "POST",
        "/admin/applications/{case}/events/extended",
        &[Role::Admin, Role::OfficeHead],
    ),
    ("POST", "/admin/applications/{case}/assign", HANDLERS),
    ("POST", "/admin/applications/{case}/comments", HANDLERS),
    ("POST", "/admin/applications/{case}/applicant", HANDLERS),
    ("POST", "/admin/applications/{case}/flags", HANDLERS),
    ("POST", "/admin/applications/{case}/notices", HANDLERS),
    (
        "GET",
        "/admin/applications/{case}/notices/{notice}",
        HANDLERS,
    ),
    (
        "GET",
        "/admin/applications/{case}/notices/{notice}/docx",
        HANDLERS,
    ),
    (
        "GET",
        "/admin/notice-templates",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/notice-templates",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/settings/words",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/settings/words",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/settings/applications",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/settings/applications",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/timeliness",
        &[Role::Admin, Role::Editor, Role::Reviewer, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/messages",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "GET",
        "/admin/messages/{message}",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/messages/{message}/submitter",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/messages/{message}/steps/register",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/messages/{message}/steps/sign_off",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/messages/stats",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "GET",
        "/admin/consultations",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/consultations",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/consultations/{consultation}",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/consultations/{consultation}/comments",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/consultations/{consultation}/report",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/annual-report",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/annual-report/table2",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/annual-report/cases?year=2024&cell=t3.new_received.total",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/annual-report/documents?year=2024&cell=t2.rules.issued",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/annual-report/export?year=2024&format=docx",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/annual-report/status?year=2024",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/annual-report/text",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/annual-report/facts",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/annual-report/catalog",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/annual-report/figures",
        &[Role::Admin, Role::OfficeHead],
    ),
    ("GET", "/admin/decisions", &[Role::Admin, Role::OfficeHead]),
    ("POST", "/admin/decisions", &[Role::Admin, Role::OfficeHead]),
    (
        "POST",
        "/admin/decisions/{decision}",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/decisions/catalog",
        &[Role::Admin, Role::OfficeHead],
    ),
    ("GET", "/admin/proposals", &[Role::Admin, Role::OfficeHead]),
    ("POST", "/admin/proposals", &[Role::Admin, Role::OfficeHead]),
    (
        "POST",
        "/admin/proposals/{proposal}/assign",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/proposals/{proposal}/answer",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/concerns",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/concerns",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/concerns/{concern}/responses",
        &[Role::Admin, Role::Editor, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/faq",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/faq",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/faq/{faq}/published",
        &[
            Role::Admin,
            Role::Editor,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    ("GET", "/admin/message-boxes", &[Role::Admin]),
    ("POST", "/admin/message-boxes", &[Role::Admin]),
    ("GET", "/admin/channels", &[Role::Admin]),
    ("POST", "/admin/channels", &[Role::Admin]),
    ("POST", "/admin/channels/{channel}/enabled", &[Role::Admin]),
    (
        "GET",
        "/admin/channels/{channel}/deliveries",
        &[Role::Admin],
    ),
    (
        "POST",
        "/admin/channels/{channel}/deliveries/{delivery}/retry",
        &[Role::Admin],
    ),
    (
        "POST",
        "/admin/documents/{doc}/releases",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/work-plans",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/work-plans",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/work-plans/preview",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/work-plans/reparse",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/work-plans/mine",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "GET",
        "/admin/work-plans/overdue",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "GET",
        "/admin/work-plans/{plan}",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/work-plans/{plan}/units",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/work-plans/{plan}/export",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "GET",
        "/admin/work-plans/tasks/{task}",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    (
        "POST",
        "/admin/work-plans/tasks/{task}",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/work-plans/tasks/{task}/progress",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/work-plans/{plan}/delete",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/work-plans/tasks/{task}/after",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/work-plans/tasks/{task}/delete",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "POST",
        "/admin/work-plans/tasks/{task}/review",
        &[Role::Admin, Role::OfficeHead],
    ),
    (
        "GET",
        "/admin/work-plans/evidence/{evidence}",
        &[
            Role::Admin,
            Role::Editor,
            Role::Reviewer,
            Role::OfficeHead,
            Role::CaseHandler,
        ],
    ),
    ("POST", "/admin/users/{user}/department", &[Role::Admin]),
    ("POST", "/admin/users/{user}/email", &[Role::Admin]),
    ("GET", "/admin/calendar", &[Role::Admin]),
    ("POST", "/admin/calendar", &[Role::Admin]),
];

/// Who works on applications for disclosure.
const HANDLERS: &[Role] = &[Role::Admin, Role::OfficeHead, Role::CaseHandler];

struct Ids {
    doc: i64,
    att: i64,
    col: i64,
    dep: i64,
    user: i64,
    case: i64,
    notice: i64,
    channel: i64,
    delivery: i64,
    message: i64,
    concern: i64,
    proposal: i64,
    faq: i64,
    consultation: i64,
    decision: i64,
    plan: i64,
    task: i64,
    evidence: i64,
}

async fn fixtures(app: &TestApp) -> Ids {
    let d = app.document("权限测试文件", false).await;
    let a = app
        .db()
        .add_attachment(
            d.id,
            &gongkai_db::NewAttachment {
                file_name: "a.txt".into(),
                content_type: "text/plain".into(),
                bytes: b"x".to_vec(),
            },
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    let col = app.db().columns(app.org.id).await.unwrap()[0].id;
    let dep = app.db().departments(app.org.id).await.unwrap()[0].id;
    let user = app
        .db()
        .user_by_username("editor")
        .await
        .unwrap()
        .unwrap()
        .id;
    let case = app.application("张三").await;
    let notice = app
        .db()
        .issue_application_notice(
            case.id,
            "correction",
            "政府信息公开申请补正通知书",
            "张三：\n\n请补正。",
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    // A channel with a webhook and one delivery in its log (queued by a publication).
    let channel = app
        .db()
        .add_channel(
            app.org.id,
            gongkai_core::channel::ChannelKind::Wechat,
            "权限测试渠道",
            Some(("http://127.0.0.1:9/", "k")),
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    app.document("权限测试已发布", true).await;
    let delivery = app
        .db()
        .deliveries(app.org.id, channel.id, 1)
        .await
        .unwrap()[0]
        .id;
    let board = app.db().message_boxes(app.org.id).await.unwrap()[0].id;
    let (message, _) = app
        .db()
        .submit_message(
            &gongkai_db::NewMessage {
                box_id: board,
                category: gongkai_core::message::Category::Consult,
                title: "权限测试留言".into(),
                body: "权限测试留言内容".into(),
                allow_publish: false,
                name: "王五".into(),
                contact: "wang@example.cn".into(),
                document: None,
            },
            now(),
        )
        .await
        .unwrap();
    let concern = app
        .db()
        .add_concern(
            app.org.id,
            "权限测试舆情",
            gongkai_core::concern::Level::Ordinary,
            now(),
            "",
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    let proposal = app
        .db()
        .register_proposal(
            app.org.id,
            gongkai_core::proposal::Kind::Suggestion,
            "第0001号",
            "权限测试建议",
            "张代表",
            today(),
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    let faq = app
        .db()
        .add_faq(
            app.org.id,
            "权限测试",
            "权限测试问题",
            "权限测试解答",
            None,
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    let consultation = app
        .db()
        .create_consultation(
            app.org.id,
            "权限测试征求意见",
            gongkai_core::consultation::Kind::Other,
            "征求意见稿全文",
            today(),
            today() + chrono::Duration::days(30),
            "",
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    let decision = app
        .db()
        .save_major_decision(
            app.org.id,
            None,
            &gongkai_db::DecisionFields {
                year: 2024,
                title: "权限测试决策".into(),
                sponsor: "办公室".into(),
                ..Default::default()
            },
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    // A work plan with one task and a progress entry with a file.
    let parsed = gongkai_core::work_plan::parse(
        "2024年政务公开工作要点\n一、公开\n1.做好公开。（责任单位：社会救助处）",
        None,
    );
    let plan = app
        .db()
        .create_work_plan(
            app.org.id,
            &parsed,
            "plan.txt",
            &[],
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    let task = app.db().work_plan_tasks(plan).await.unwrap()[0].id;
    app.db()
        .add_work_plan_progress(
            app.org.id,
            task,
            &gongkai_db::work_plans::NewProgress {
                text: "进展".into(),
                happened_on: today(),
                completion: false,
                department_id: None,
                evidence: vec![gongkai_db::work_plans::NewEvidence::File {
                    name: "a.txt".into(),
                    content_type: "text/plain".into(),
                    bytes: b"x".to_vec(),
                }],
            },
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    let evidence = app.db().work_plan_evidence(task).await.unwrap()[0].id;
    Ids {
        plan,
        task,
        evidence,
        decision,
        consultation: consultation.id,
        faq: faq.id,
        proposal: proposal.id,
        concern: concern.id,
        message: message.id,
        channel: channel.id,
        delivery,
        doc: d.id,
        att: a.id,
        col,
        dep,
        user,
        case: case.id,
        notice: notice.id,
    }
}

fn fill(path: &str, ids: &Ids) -> String {
    path.replace("{doc}", &ids.doc.to_string())
        .replace("{att}", &ids.att.to_string())
        .replace("{col}", &ids.col.to_string())
        .replace("{dep}", &ids.dep.to_string())
        .replace("{user}", &ids.user.to_string())
        .replace("{case}", &ids.case.to_string())
        .replace("{notice}", &ids.notice.to_string())
        .replace("{channel}", &ids.channel.to_string())
        .replace("{delivery}", &ids.delivery.to_string())
        .replace("{message}", &ids.message.to_string())
        .replace("{concern}", &ids.concern.to_string())
        .replace("{proposal}", &ids.proposal.to_string())
        .replace("{faq}", &ids.faq.to_string())
        .replace("{consultation}", &ids.consultation.to_string())
        .replace("{decision}", &ids.decision.to_string())
        .replace("{plan}", &ids.plan.to_string())
        .replace("{task}", &ids.task.to_string())
        .replace("{evidence}", &ids.evidence.to_string())
}

async fn request(app: &TestApp, method: &str, path: &str, jar: &mut Jar, with_csrf: bool) -> Resp {
    if method == "GET" {
        app.get_with(path, jar).await
    } else {
        let token = if with_csrf { jar.csrf() } else { String::new() };
        app.post_form(path, &[("csrf", &token)], jar).await
    }
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    each_engine(async |app| {
        let ids = fixtures(app).await;
        for (method, path, _) in ROUTES {
            let path = fill(path, &ids);
            let mut jar = Jar::default();
            let r = request(app, method, &path, &mut jar, true).await;
            if *method == "GET" {
                assert_eq!(r.status, StatusCode::SEE_OTHER, "{method} {path}");
                assert!(
                    r.location().starts_with("/admin/login?next="),
                    "{method} {path}"
                );
            } else {
                assert_eq!(
                    r.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} ({})",
                    app.label
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn wrong_roles_are_refused() {
    each_engine(async |app| {
        let ids = fixtures(app).await;
        for role in Role::ALL {
            let mut jar = app.login(role).await;
            for (method, path, allowed) in ROUTES {
                if allowed.contains(&role) {
                    continue;
                }
                let path = fill(path, &ids);
                let r = request(app, method, &path, &mut jar, true).await;
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{role:?} {method} {path} ({})",
                    app.label
                );
                assert!(r.body.contains("无权访问"), "{role:?} {method} {path}");
            }
        }
        // Nothing was changed by the refused requests.
        let d = app.db().document(ids.doc).await.unwrap().unwrap();
        assert_eq!(d.status, "draft");
        assert_eq!(app.db().attachments(ids.doc).await.unwrap().len(), 1);
        let case = app.db().application(ids.case).await.unwrap().unwrap();
        assert_eq!(case.event_count, 1, "no event was recorded");
        assert_eq!(
            app.db().work_plan_progress(ids.task).await.unwrap().len(),
            1,
            "no progress was recorded"
        );
        assert!(app.db().work_plans(app.org.id).await.unwrap().len() == 1);
        assert!(
            app.db()
                .application_comments(ids.case)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn allowed_roles_get_past_the_checks() {
    each_engine(async |app| {
        let ids = fixtures(app).await;
        for role in Role::ALL {
            let mut jar = app.login(role).await;
            for (method, path, allowed) in ROUTES.iter().filter(|r| r.0 == "GET") {
                if !allowed.contains(&role) {
                    continue;
                }
                let path = fill(path, &ids);
                let r = request(app, method, &path, &mut jar, true).await;
                assert_eq!(r.status, StatusCode::OK, "{role:?} GET {path}: {}", r.body);
            }
        }
    })
    .await;
}

#[tokio::test]
async fn every_form_needs_its_csrf_token() {
    each_engine(async |app| {
        let ids = fixtures(app).await;
        let mut jar = app.login(Role::Admin).await;
        for (method, path, _) in ROUTES.iter().filter(|r| r.0 == "POST") {
            let path = fill(path, &ids);
            let r = request(app, method, &path, &mut jar, false).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "POST {path} without token ({})",
                app.label
            );
            assert!(r.body.contains("页面已过期"), "POST {path}");
            let wrong = "ab".repeat(32);
            let r = app.post_form(&path, &[("csrf", &wrong)], &mut jar).await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "POST {path} with a wrong token"
            );
        }
        // The login form is protected too.
        let mut fresh = Jar::default();
        let r = app
            .post_form(
                "/admin/login",
                &[("username", "admin"), ("password", PASSWORD)],
                &mut fresh,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let d = app.db().document(ids.doc).await.unwrap().unwrap();
        assert_eq!(d.version, 1, "nothing changed");
    })
    .await;
}

#[tokio::test]
async fn the_route_table_covers_every_admin_route() {
    // A path the router does not know is a 404 page even for an admin; every listed path must
    // resolve, and these known-unlisted paths must not (to show the check can fail).
    each_engine(async |app| {
        let ids = fixtures(app).await;
        let mut jar = app.login(Role::Admin).await;
        for (method, path, _) in ROUTES.iter().filter(|r| r.0 == "GET") {
            let r = request(app, method, &fill(path, &ids), &mut jar, true).await;
            assert_ne!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
        assert_eq!(
            app.get_with("/admin/nothing-here", &mut jar).await.status,
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site() {
    each_engine(async |app| {
        let mut jar = Jar::default();
        let r = app.get_with("/admin/login", &mut jar).await;
        let csrf_cookie = r
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Strict"),
            "{csrf_cookie}"
        );
        let csrf = jar.csrf();
        let r = app
            .post_form(
                "/admin/login",
                &[
                    ("username", "admin"),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                ],
                &mut jar,
            )
            .await;
        let cookies: Vec<String> = r
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        let session = cookies
            .iter()
            .find(|c| c.starts_with("gk_session="))
            .expect("session cookie");
        assert!(
            session.contains("HttpOnly") && session.contains("SameSite=Lax"),
            "{session}"
        );
        assert_ne!(jar.csrf(), csrf, "the CSRF token is renewed at login");
    })
    .await;
}
