//! A real headless Chromium (Debian's `chromium` + `chromedriver`) drives the running server
//! through the home page, the search page, the catalog, a document page, the online application form, the
//! leader's-mailbox form, the back-office login, an item's review and approval, and a work
//! plan's import (file upload, preview, confirmation), progress with evidence and completion.
//!
//! Runs when `chromedriver` is found (on PATH or at `GONGKAI_CHROMEDRIVER`); otherwise it prints
//! that it was skipped, unless `GONGKAI_REQUIRE_BROWSER=1` (set by CI), which makes it fail.

use crate::support::*;
use fantoccini::{ClientBuilder, Locator};
use gongkai_core::role::Role;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Waits (up to 10 s) until the browser shows a page whose query string has `key` = `value`:
/// after a click that navigates, elements of the page before may still be found.
async fn wait_for_query(c: &fantoccini::Client, key: &str, value: &str) {
    for _ in 0..200 {
        if let Ok(url) = c.current_url().await
            && url.query_pairs().any(|(k, v)| k == key && v == value)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no page with {key}={value} in the browser");
}

fn chromedriver_path() -> Option<String> {
    if let Ok(p) = std::env::var("GONGKAI_CHROMEDRIVER") {
        return Some(p);
    }
    ["/usr/bin/chromedriver", "/usr/local/bin/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(String::from)
}

struct Driver {
    child: Child,
    port: u16,
    profile: std::path::PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

async fn start_driver(path: &str) -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    // Wait until the driver accepts connections (it needs a moment to start).
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let profile = std::env::temp_dir().join(format!("gongkai-chromium-{port}"));
    Driver {
        child,
        port,
        profile,
    }
}

#[tokio::test]
async fn a_visitor_and_a_staff_member_in_a_real_browser() {
    let Some(driver_path) = chromedriver_path() else {
        if std::env::var("GONGKAI_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("GONGKAI_REQUIRE_BROWSER=1 but chromedriver was not found");
        }
        eprintln!(
            "skipped browser test: chromedriver not found (install chromium and chromium-driver)"
        );
        return;
    };
    let db = gongkai_db::testing::sqlite().await;
    let app = TestApp::for_browser(db).await;
    let doc = app
        .document("关于做好困难群众基本生活保障工作的通知", true)
        .await;
    // A draft with personal data in its body, taken through the review in the browser below.
    let mut input = doc_input("关于临时救助对象的公示");
    input.body = "经审核，申请人联系电话13812345678，符合临时救助条件。".into();
    let draft = app
        .db()
        .create_document(
            app.org.id,
            &input.validate(today()).unwrap(),
            &gongkai_db::Actor::system("t"),
            now(),
        )
        .await
        .unwrap();
    for i in 0..25 {
        app.document(&format!("示范市民政局工作动态第{i}期"), true)
            .await;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(gongkai_web::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));

    let driver = start_driver(&driver_path).await;
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": std::env::var("GONGKAI_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--window-size=1280,900",
                     format!("--user-data-dir={}", driver.profile.display())]
        }
    }))
    .unwrap();
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("connect to chromedriver");

    // Home page: the site name, the search box, the latest documents.
    c.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(c.title().await.unwrap(), "政府信息公开平台");
    let latest = c
        .find(Locator::Css("#latest-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(latest, "最新公开");

    // Search from the home page's box: a count, highlighted titles, a second page, date order,
    // a quoted phrase, and a page that says nothing was found with what to try instead.
    c.find(Locator::Css("#site-q"))
        .await
        .unwrap()
        .send_keys("工作动态")
        .await
        .unwrap();
    c.find(Locator::Css(".search-box button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let count = c
        .wait()
        .for_element(Locator::Css(".result-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(count.starts_with("找到 25 条结果"), "{count}");
    let hits = c.find_all(Locator::Css("ol.hits > li")).await.unwrap();
    assert_eq!(hits.len(), 20);
    let marked = c
        .find(Locator::Css("ol.hits > li h2 mark"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(marked, "工作动态");
    c.find(Locator::Css(".pager a[rel=next]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_query(&c, "page", "2").await;
    let hits = c.find_all(Locator::Css("ol.hits > li")).await.unwrap();
    assert_eq!(hits.len(), 5, "the second page holds the rest");
    c.find(Locator::LinkText("发布日期"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_query(&c, "sort", "date").await;
    let search_box = c.find(Locator::Css("#search-q")).await.unwrap();
    search_box.clear().await.unwrap();
    search_box
        .send_keys("“最低生活保障” -工作动态")
        .await
        .unwrap();
    c.find(Locator::Css(".search-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The page before was a results page too: look at the new one only once it is there.
    wait_for_query(&c, "q", "“最低生活保障” -工作动态").await;
    let first = c
        .wait()
        .for_element(Locator::Css("ol.hits > li h2 a"))
        .await
        .unwrap();
    assert_eq!(
        first.text().await.unwrap(),
        "关于做好困难群众基本生活保障工作的通知"
    );
    let snippet = c
        .find(Locator::Css("ol.hits > li .snippet mark"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(snippet, "最低生活保障");
    c.goto(&format!("{base}/search?q=殡葬改革 工作动态"))
        .await
        .unwrap();
    let none = c
        .find(Locator::Css("#none-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(none, "没有找到与“殡葬改革 工作动态”相关的信息");
    c.find(Locator::LinkText("工作动态")).await.unwrap();

    // Catalog: a page of 20 rows and a link to the next page.
    c.find(Locator::LinkText("信息公开目录"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = c
        .find_all(Locator::Css(".catalog-table tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 20);
    let count = c
        .find(Locator::Css(".result-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(count, "共 26 条");
    c.find(Locator::Css("a[rel=next]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = c
        .find_all(Locator::Css(".catalog-table tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 6, "second page holds the rest");

    // A document page: the metadata table as portals show it, then the body.
    c.goto(&format!("{base}/catalog/{}", doc.index_no))
        .await
        .unwrap();
    let h1 = c
        .find(Locator::Css("article h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(h1, "关于做好困难群众基本生活保障工作的通知");
    let meta = c
        .find(Locator::Css("table.doc-meta"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for label in [
        "索引号",
        "发布机构",
        "文件编号",
        "成文日期",
        "发布日期",
        "主题分类",
        "有效性",
        &doc.index_no,
    ] {
        assert!(meta.contains(label), "metadata table lacks {label}: {meta}");
    }

    // The online application form: filled in, submitted, answered with a tracking number.
    c.goto(&format!("{base}/apply")).await.unwrap();
    for (id, text) in [
        ("name", "张三"),
        ("id_number", "11010519491231002X"),
        ("phone", "13812345678"),
        ("info_name", "2023年度养老机构补贴发放情况"),
    ] {
        c.find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }
    c.find(Locator::Id("provision_form"))
        .await
        .unwrap()
        .select_by_value("electronic")
        .await
        .unwrap();
    c.find(Locator::Id("delivery_method"))
        .await
        .unwrap()
        .select_by_value("online")
        .await
        .unwrap();
    c.find(Locator::Id("apply-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let tracking = c
        .wait()
        .for_element(Locator::Id("tracking-no"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(tracking, "YSQ-2024-000001");

    // A message to the leader's mailbox: the form filled in and answered with a tracking number.
    c.goto(&format!("{base}/messages/new?box=mailbox"))
        .await
        .unwrap();
    c.find(Locator::Id("category"))
        .await
        .unwrap()
        .select_by_value("suggest")
        .await
        .unwrap();
    for (id, text) in [
        ("title", "建议增加社区助餐点"),
        ("body", "老旧小区老人多，建议增加社区助餐点。"),
        ("name", "李四"),
        ("contact", "13900001111"),
    ] {
        c.find(Locator::Id(id))
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }
    c.find(Locator::Id("message-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let no = c
        .wait()
        .for_element(Locator::Id("tracking-no"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(no, "LY-2024-000001");

    // Back office: a wrong password is refused in Chinese; the right one logs in.
    c.goto(&format!("{base}/admin")).await.unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/admin/login")
    );
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys("admin")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys("wrong-password-1")
        .await
        .unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let err = c
        .wait()
        .for_element(Locator::Id("login-error"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(err, "用户名或密码错误");
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let me = c
        .wait()
        .for_element(Locator::Id("me"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        me,
        format!("测试{}（{}）", Role::Admin.label(), Role::Admin.label())
    );
    let shot = c.screenshot().await.unwrap();
    assert!(
        shot.starts_with(b"\x89PNG"),
        "a screenshot of the logged-in page"
    );

    // 先审查、后公开 in the browser: submit, see the personal data found, de-identify, review,
    // approve; then the item is on the portal with the phone number masked.
    let page = format!("{base}/admin/documents/{}", draft.id);
    c.goto(&page).await.unwrap();
    let click = async |css: &str| {
        c.find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    };
    click(&format!(
        "form[action='/admin/documents/{}/submit'] button",
        draft.id
    ))
    .await;
    let open = c
        .wait()
        .for_element(Locator::Id("open-high"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(open, "1");
    let findings = c
        .find(Locator::Id("findings"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        findings.contains("138****5678") && !findings.contains("13812345678"),
        "{findings}"
    );
    if let Ok(dir) = std::env::var("GONGKAI_SCREENSHOTS") {
        let _ = std::fs::write(format!("{dir}/review.png"), c.screenshot().await.unwrap());
    }
    click(&format!(
        "form[action='/admin/documents/{}/redact'] button",
        draft.id
    ))
    .await;
    c.wait()
        .for_element(Locator::Id("no-findings"))
        .await
        .unwrap();
    click("#review-form input[value=none]").await;
    click("#review-form button[value=pass]").await;
    c.wait()
        .for_element(Locator::Id("approve-form"))
        .await
        .unwrap();
    click("#approve-form button[value=pass]").await;
    let status = c
        .wait()
        .for_element(Locator::Css("#doc-status.status-published"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "已发布");
    c.goto(&format!("{base}/catalog/{}", draft.index_no))
        .await
        .unwrap();
    let body = c
        .find(Locator::Css("article .body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("138****5678"), "{body}");

    // A work plan: uploaded in the browser, previewed, confirmed; its tree in status colours;
    // progress with an evidence file reported as done and confirmed.
    let plan_file = std::env::temp_dir().join(format!("gongkai-plan-{}.txt", driver.port));
    std::fs::write(
        &plan_file,
        include_str!("../../../core/tests/samples/work-plan-2024-shanghai-civil-affairs.txt"),
    )
    .unwrap();
    c.goto(&format!("{base}/admin/work-plans")).await.unwrap();
    c.find(Locator::Css("#plan-upload #file"))
        .await
        .unwrap()
        .send_keys(&plan_file.display().to_string())
        .await
        .unwrap();
    click("#plan-upload button[type=submit]").await;
    let count = c
        .wait()
        .for_element(Locator::Id("task-count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(count, "25");
    click("#confirm-import").await;
    c.wait()
        .for_element(Locator::Id("plan-tree"))
        .await
        .unwrap();
    let tasks = c
        .find_all(Locator::Css("#plan-tree .plan-task"))
        .await
        .unwrap();
    assert_eq!(tasks.len(), 25);
    let colour = c
        .execute(
            "return getComputedStyle(document.querySelector('#plan-tree .task-status.status-not_started')).backgroundColor",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(colour, serde_json::json!("rgb(238, 238, 238)"));
    if let Ok(dir) = std::env::var("GONGKAI_SCREENSHOTS") {
        let _ = std::fs::write(
            format!("{dir}/work-plan.png"),
            c.screenshot().await.unwrap(),
        );
    }
    c.find(Locator::Css("#plan-tree .plan-task a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Id("progress-form"))
        .await
        .unwrap();
    c.find(Locator::Css("#progress-form #text"))
        .await
        .unwrap()
        .send_keys("已发布新修订的认定办法并做好解读。")
        .await
        .unwrap();
    let evidence = std::env::temp_dir().join(format!("gongkai-evidence-{}.txt", driver.port));
    std::fs::write(&evidence, "救助政策清单").unwrap();
    c.find(Locator::Css("#progress-form #file"))
        .await
        .unwrap()
        .send_keys(&evidence.display().to_string())
        .await
        .unwrap();
    click("#progress-form input[name=completion]").await;
    click("#progress-form button[type=submit]").await;
    let progress = c
        .wait()
        .for_element(Locator::Id("progress"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        progress.contains("已发布新修订的认定办法并做好解读。"),
        "{progress}"
    );
    assert!(progress.contains("gongkai-evidence-"), "{progress}");
    assert!(progress.contains("报告完成"), "{progress}");
    click("#review-form button[value=accept]").await;
    let status = c
        .wait()
        .for_element(Locator::Css("#task-status.status-done"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "已完成");
    if let Ok(dir) = std::env::var("GONGKAI_SCREENSHOTS") {
        let _ = std::fs::write(
            format!("{dir}/work-plan-task.png"),
            c.screenshot().await.unwrap(),
        );
    }
    let _ = std::fs::remove_file(&plan_file);
    let _ = std::fs::remove_file(&evidence);

    c.close().await.unwrap();
    let _ = stop.send(());
    let _ = server.await;
    app.cleanup().await;
}
