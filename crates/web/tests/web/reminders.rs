//! E-mail reminders of work-plan tasks through a real SMTP server: aiosmtpd (Debian's
//! `python3-aiosmtpd`, installed by `scripts/setup-ci-deps.sh`) started on a free port, writing
//! what it receives to a Maildir that Python's `email` package reads back. A staff member given
//! an address on the users page and a department named by a task gets one e-mail when the task
//! comes within the window and one when it is overdue; a failed send is given back for later.
//!
//! When aiosmtpd is missing the SMTP test prints that it was skipped, unless
//! `GONGKAI_REQUIRE_BROWSER=1` (set by CI, as for the browser test), which makes it fail.

use crate::support::*;
use axum::http::StatusCode;
use gongkai_core::role::Role;
use gongkai_core::work_plan::mail::ReminderKind;
use gongkai_db::testing::engines;
use gongkai_db::work_plans::UnitChoice;
use gongkai_web::SmtpConfig;
use gongkai_web::reminders::send_due;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PLAN: &str = "2024年示范市民政局政务公开工作要点\n\
一、深化重点领域信息公开\n\
1.做好社会救助政策公开，于6月底前完成。（责任单位：社会救助处）\n\
2.做好救助资金使用情况公开。（责任单位：社会救助处）\n";

const FROM: &str = "gongkai@mzj.example.cn";
const ADDRESS: &str = "editor@mzj.example.cn";

/// A Python with aiosmtpd: the one on PATH, else Debian's (where the package installs it).
fn python_with_aiosmtpd() -> Option<String> {
    ["python3", "/usr/bin/python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .args(["-c", "import aiosmtpd"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(String::from)
}

/// An aiosmtpd process delivering into a Maildir; killed and removed on drop.
struct SmtpServer {
    child: Child,
    python: String,
    port: u16,
    maildir: PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// A port nothing listens on (bound, then released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_smtp(python: &str) -> SmtpServer {
    let port = free_port();
    let maildir =
        std::env::temp_dir().join(format!("gongkai-maildir-{}-{port}", std::process::id()));
    let _ = std::fs::remove_dir_all(&maildir);
    let child = Command::new(python)
        .args(["-m", "aiosmtpd", "-n", "-l"])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start aiosmtpd");
    let server = SmtpServer {
        child,
        python: python.to_string(),
        port,
        maildir,
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("aiosmtpd did not accept connections on port {port}");
}

/// A message as received, decoded.
#[derive(Debug, serde::Deserialize)]
struct Received {
    /// The envelope's recipients (aiosmtpd's `X-RcptTo`).
    rcpt: String,
    to: String,
    from: String,
    subject: String,
    body: String,
}

const DECODE: &str = "import sys, json, email, email.policy
out = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    out.append({'rcpt': str(m['X-RcptTo']), 'to': str(m['To']), 'from': str(m['From']),
                'subject': str(m['Subject']), 'body': m.get_content()})
print(json.dumps(out, ensure_ascii=False))";

impl SmtpServer {
    fn config(&self) -> SmtpConfig {
        SmtpConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            from: FROM.into(),
        }
    }

    /// The Maildir's message files.
    fn files(&self) -> BTreeSet<PathBuf> {
        ["new", "cur"]
            .iter()
            .filter_map(|d| std::fs::read_dir(self.maildir.join(d)).ok())
            .flatten()
            .map(|e| e.unwrap().path())
            .collect()
    }

    /// The messages received since `seen` (which they are added to).
    fn new_messages(&self, seen: &mut BTreeSet<PathBuf>) -> Vec<Received> {
        let new: Vec<PathBuf> = self.files().difference(seen).cloned().collect();
        seen.extend(new.iter().cloned());
        if new.is_empty() {
            return Vec::new();
        }
        let out = Command::new(&self.python)
            .args(["-c", DECODE])
            .args(&new)
            .output()
            .expect("decode the received messages");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// The plan imported with 社会救助处 (the test organization's department) named by both tasks;
/// the editor works there. Returns the task ids.
async fn plan_and_staff(app: &TestApp) -> (i64, i64) {
    let db = app.db();
    let dep = db.departments(app.org.id).await.unwrap()[0].id;
    let actor = gongkai_db::Actor::system("test");
    let plan = db
        .create_work_plan(
            app.org.id,
            &gongkai_core::work_plan::parse(PLAN, None),
            "plan.txt",
            &[("社会救助处".to_string(), UnitChoice::Department(dep))],
            &actor,
            now(),
        )
        .await
        .unwrap();
    let tasks = db.work_plan_tasks(plan).await.unwrap();
    let editor = db.user_by_username("editor").await.unwrap().unwrap();
    db.set_user_department(app.org.id, editor.id, Some(dep), &actor, now())
        .await
        .unwrap();
    (tasks[0].id, tasks[1].id)
}

/// Whether the users page says that no e-mail is sent (no SMTP server).
async fn says_mail_is_off(app: &TestApp) -> bool {
    let mut jar = app.login(Role::Admin).await;
    let page = app.get_with("/admin/users", &mut jar).await;
    page.body.contains("本站尚未配置邮件服务器")
}

/// The admin gives the editor an address on the users page (a malformed one is refused).
async fn give_address(app: &TestApp) -> i64 {
    let editor = app.db().user_by_username("editor").await.unwrap().unwrap();
    let mut jar = app.login(Role::Admin).await;
    let csrf = jar.csrf();
    let path = format!("/admin/users/{}/email", editor.id);
    let r = app
        .post_form(
            &path,
            &[("csrf", &csrf), ("email", "editor at mzj.example.cn")],
            &mut jar,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label);
    assert!(r.body.contains("邮箱地址格式不正确"));
    assert!(r.body.contains("value=\"editor at mzj.example.cn\""));
    let r = app
        .post_form(&path, &[("csrf", &csrf), ("email", ADDRESS)], &mut jar)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", app.label);
    let page = app.get_with("/admin/users", &mut jar).await;
    assert!(page.body.contains(&format!("value=\"{ADDRESS}\"")));
    assert!(page.body.contains("到期前7天内和逾期后"));
    editor.id
}

#[tokio::test]
async fn reminders_are_mailed_once_before_the_deadline_and_once_after_it() {
    let Some(python) = python_with_aiosmtpd() else {
        if std::env::var("GONGKAI_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("GONGKAI_REQUIRE_BROWSER=1 but aiosmtpd was not found");
        }
        eprintln!("skipped SMTP test: aiosmtpd not found (install python3-aiosmtpd)");
        return;
    };
    let server = start_smtp(&python).await;
    let mut seen = BTreeSet::new();
    for db in engines().await {
        let config = server.config();
        let app = TestApp::with_config(db, |c| c.smtp = Some(config)).await;
        let (task, later_task) = plan_and_staff(&app).await;
        let editor = give_address(&app).await;
        assert!(!says_mail_is_off(&app).await);
        let send = async || send_due(&app.state, app.clock.now()).await.unwrap();

        // 3 June: task 1 is due on 30 June, outside the week's window.
        assert_eq!(send().await, 0, "{}", app.label);
        assert!(server.new_messages(&mut seen).is_empty());

        // 27 June: three days left.
        app.clock.advance(chrono::Duration::days(24));
        assert_eq!(send().await, 1, "{}", app.label);
        let got = server.new_messages(&mut seen);
        assert_eq!(got.len(), 1, "{}: {got:?}", app.label);
        let m = &got[0];
        assert_eq!(m.rcpt, ADDRESS);
        assert!(m.to.contains(ADDRESS), "{}", m.to);
        assert!(m.to.contains("测试"), "the name is shown: {}", m.to);
        assert_eq!(m.from, FROM);
        assert_eq!(
            m.subject,
            "【工作要点提醒】任务1“做好社会救助政策公开，于6月底前完成”3天后到期"
        );
        assert!(
            m.body.contains("任务：1 做好社会救助政策公开"),
            "{}",
            m.body
        );
        assert!(m.body.contains("3天后到期"));
        assert!(
            m.body
                .contains("示范市民政局《2024年示范市民政局政务公开工作要点》")
        );
        assert!(m.body.contains(&format!(
            "在后台查看任务和报送进展：/admin/work-plans/tasks/{task}"
        )));

        // Claimed once: another pass, the next day, sends nothing.
        assert_eq!(send().await, 0);
        app.clock.advance(chrono::Duration::days(1));
        assert_eq!(send().await, 0);
        assert!(server.new_messages(&mut seen).is_empty());

        // 2 July: overdue, once.
        app.clock.advance(chrono::Duration::days(4));
        assert_eq!(send().await, 1, "{}", app.label);
        let got = server.new_messages(&mut seen);
        assert_eq!(got.len(), 1, "{}: {got:?}", app.label);
        assert_eq!(got[0].rcpt, ADDRESS);
        assert!(got[0].subject.ends_with("已逾期2天"), "{}", got[0].subject);
        assert!(got[0].body.contains("已于2024年06月30日到期，现已逾期2天"));
        assert_eq!(send().await, 0);
        assert!(server.new_messages(&mut seen).is_empty());
        // Task 2 (due at the year's end) was never mailed; task 1's reminders are recorded.
        let db = app.db();
        assert!(
            db.claim_reminder(
                later_task,
                editor,
                ReminderKind::DueSoon,
                gongkai_core::time::china_date(app.clock.now())
            )
            .await
            .unwrap()
        );
        for kind in [ReminderKind::DueSoon, ReminderKind::Overdue] {
            assert!(
                !db.claim_reminder(task, editor, kind, today())
                    .await
                    .unwrap()
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test]
async fn a_failed_send_is_given_back_and_nothing_is_sent_without_a_server() {
    for db in engines().await {
        // An SMTP server that is not there.
        let app = TestApp::with_config(db, |c| {
            c.smtp = Some(SmtpConfig {
                host: "127.0.0.1".into(),
                port: free_port(),
                from: FROM.into(),
            })
        })
        .await;
        let (task, _) = plan_and_staff(&app).await;
        let editor = give_address(&app).await;
        app.clock.advance(chrono::Duration::days(24));
        assert_eq!(
            send_due(&app.state, app.clock.now()).await.unwrap(),
            0,
            "{}",
            app.label
        );
        // The claim was released: the reminder is still to be sent.
        let today = gongkai_core::time::china_date(app.clock.now());
        assert!(
            app.db()
                .claim_reminder(task, editor, ReminderKind::DueSoon, today)
                .await
                .unwrap(),
            "{}",
            app.label
        );
        app.cleanup().await;
    }
    // Without SMTP settings, the same candidate is left alone.
    each_engine(async |app| {
        let (task, _) = plan_and_staff(app).await;
        let editor = give_address(app).await;
        assert!(says_mail_is_off(app).await);
        app.clock.advance(chrono::Duration::days(24));
        assert_eq!(send_due(&app.state, app.clock.now()).await.unwrap(), 0);
        let today = gongkai_core::time::china_date(app.clock.now());
        assert!(
            app.db()
                .claim_reminder(task, editor, ReminderKind::DueSoon, today)
                .await
                .unwrap()
        );
    })
    .await;
}
