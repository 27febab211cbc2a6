//! Work plans in the back office: an import previewed then confirmed (nothing saved before, bad
//! files refused), the plan's tree and summary, a division's "my tasks", progress with evidence
//! and the completion review, the overdue list, reminders and the XLSX export.

use crate::support::*;
use axum::http::StatusCode;
use gongkai_core::role::Role;
use std::io::Read;

const PLAN: &str =
    include_str!("../../../core/tests/samples/work-plan-2024-shanghai-civil-affairs.txt");

/// The hidden unit names and selected mapping values of the preview form, in order.
fn unit_choices(body: &str) -> Vec<(String, String)> {
    let table = between(body, "id=\"unit-matches\"", "</table>");
    let mut out = Vec::new();
    for row in table.split("<tr>").skip(2) {
        let name = between(row, "name=\"unit\" value=\"", "\"").to_string();
        let selected = row
            .split("<option ")
            .find(|o| o.contains(" selected"))
            .map(|o| between(o, "value=\"", "\"").to_string())
            .unwrap_or_else(|| "none".into());
        out.push((name, selected));
    }
    out
}

/// Uploads the Shanghai plan and confirms the preview's choices; returns the plan's page path.
async fn import(app: &TestApp, jar: &mut Jar) -> String {
    let c = jar.csrf();
    let r = app
        .post_multipart(
            "/admin/work-plans/preview",
            &[("csrf", &c), ("year", "")],
            ("file", "要点.txt", PLAN.as_bytes()),
            jar,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let choices = unit_choices(&r.body);
    let mut form: Vec<(&str, &str)> = vec![
        ("csrf", &c),
        ("text", PLAN),
        ("year", ""),
        ("source_name", "要点.txt"),
    ];
    for (n, v) in &choices {
        form.push(("unit", n));
        form.push(("map", v));
    }
    let r = app.post_form("/admin/work-plans", &form, jar).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().split('?').next().unwrap().to_string()
}

#[tokio::test]
async fn an_import_is_previewed_and_saved_only_when_confirmed() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let c = head.csrf();
        // A bad file: refused with the reason, nothing saved.
        for (name, bytes, message) in [
            ("empty.txt", &b""[..], "文件为空"),
            ("plan.pdf", &b"%PDF-1.4 binary"[..], "TXT"),
        ] {
            let r = app
                .post_multipart(
                    "/admin/work-plans/preview",
                    &[("csrf", &c), ("year", "")],
                    ("file", name, bytes),
                    &mut head,
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {}",
                r.body
            );
            assert!(r.body.contains("id=\"import-error\""), "{name}");
            assert!(
                r.body.contains(message),
                "{name}: {}",
                between(&r.body, "import-error", "</p>")
            );
        }

        // A year that is no year: refused, nothing read.
        let r = app
            .post_multipart(
                "/admin/work-plans/preview",
                &[("csrf", &c), ("year", "二〇二四")],
                ("file", "要点.txt", PLAN.as_bytes()),
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("年度应为四位数字"));

        let r = app
            .post_multipart(
                "/admin/work-plans/preview",
                &[("csrf", &c), ("year", "")],
                ("file", "要点.txt", PLAN.as_bytes()),
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("2024年上海市民政局政务公开工作要点"));
        assert_eq!(between(&r.body, "id=\"task-count\">", "<"), "25");
        // 救助处 is matched to the organization's 社会救助处; 相关处室 means every division.
        let choices = unit_choices(&r.body);
        let dep = app.db().departments(app.org.id).await.unwrap()[0].id;
        assert!(
            choices.contains(&("救助处".into(), format!("dep:{dep}"))),
            "{choices:?}"
        );
        assert!(choices.contains(&("相关处室".into(), "all".into())));
        assert!(choices.contains(&("社团处".into(), "none".into())));
        assert!(
            app.db().work_plans(app.org.id).await.unwrap().is_empty(),
            "nothing saved yet"
        );

        // A text without numbered tasks can be read but not confirmed.
        let r = app
            .post_form(
                "/admin/work-plans",
                &[
                    ("csrf", &c),
                    ("text", "关于做好工作的通知\n请认真落实。"),
                    ("year", "2024"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("未找到编号的工作任务"), "{}", r.body);
        // A corrected text read again.
        let r = app
            .post_form(
                "/admin/work-plans/reparse",
                &[
                    ("csrf", &c),
                    (
                        "text",
                        "2025年工作要点\n一、公开\n1.做好公开。（责任单位：办公室）",
                    ),
                    ("year", ""),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(between(&r.body, "id=\"task-count\">", "<"), "1");
        assert!(app.db().work_plans(app.org.id).await.unwrap().is_empty());

        let path = import(app, &mut head).await;
        let plans = app.db().work_plans(app.org.id).await.unwrap();
        assert_eq!(plans.len(), 1);
        assert_eq!(plans[0].task_count, 25);
        let r = app.get_with(&path, &mut head).await;
        assert_eq!(r.status, StatusCode::OK);
        let tree = between(&r.body, "id=\"plan-tree\"", "id=\"units\"");
        assert_eq!(tree.matches("class=\"plan-task").count(), 25);
        // 3 June 2024: nothing is due within the week (task 24, 上半年, is due 30 June).
        assert!(!tree.contains("到期"), "{tree}");
        assert!(tree.contains("上半年（2024年06月30日）"));
        let summary = between(&r.body, "id=\"plan-summary\"", "</table>");
        assert!(
            summary.contains("<th scope=\"row\">全部任务</th><td>25</td><td>0</td>"),
            "{summary}"
        );
        // 社团处 mapped afterwards on the plan page; the next import proposes that mapping.
        let dep = app.db().departments(app.org.id).await.unwrap()[0].id;
        let r = app
            .post_form(
                &format!("{path}/units"),
                &[
                    ("csrf", &c),
                    ("name", "社团处"),
                    ("map", &format!("dep:{dep}")),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .post_multipart(
                "/admin/work-plans/preview",
                &[("csrf", &c), ("year", "")],
                ("file", "要点.txt", PLAN.as_bytes()),
                &mut head,
            )
            .await;
        assert!(unit_choices(&r.body).contains(&("社团处".into(), format!("dep:{dep}"))));
        let row = between(&r.body, "name=\"unit\" value=\"社团处\"", "</tr>");
        assert!(row.contains("沿用上次导入的对应"), "{row}");

        // Filtered by unit.
        let r = app
            .get_with(
                &format!("{path}?unit=%E6%95%91%E5%8A%A9%E5%A4%84"),
                &mut head,
            )
            .await;
        let tree = between(&r.body, "id=\"plan-tree\"", "id=\"units\"");
        assert!(tree.matches("class=\"plan-task").count() >= 1);
        assert!(tree.matches("class=\"plan-task").count() < 25);
    })
    .await;
}

#[tokio::test]
async fn a_division_reports_progress_and_the_office_confirms_completion() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let path = import(app, &mut head).await;
        let tasks = app
            .db()
            .work_plan_tasks(path.rsplit('/').next().unwrap().parse().unwrap())
            .await
            .unwrap();
        let task1 = tasks[0].id;

        // The editor has no division yet: no tasks of their own, and may not report.
        let mut editor = app.login(Role::Editor).await;
        let r = app.get_with("/admin/work-plans/mine", &mut editor).await;
        assert!(r.body.contains("未设置所在处室"));
        let ec = editor.csrf();
        let r = app
            .post_multipart(
                &format!("/admin/work-plans/tasks/{task1}/progress"),
                &[
                    ("csrf", &ec),
                    ("text", "已发布新修订的认定办法。"),
                    ("happened_on", "2024-06-01"),
                ],
                ("file", "", b""),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        // The administrator puts the editor in 社会救助处 (救助处 in the plan).
        let mut admin = app.login(Role::Admin).await;
        let ac = admin.csrf();
        let editor_id = app
            .db()
            .user_by_username("editor")
            .await
            .unwrap()
            .unwrap()
            .id;
        let dep = app.db().departments(app.org.id).await.unwrap()[0].id;
        let r = app
            .post_form(
                &format!("/admin/users/{editor_id}/department"),
                &[("csrf", &ac), ("department", &dep.to_string())],
                &mut admin,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);

        let r = app.get_with("/admin/work-plans/mine", &mut editor).await;
        let list = between(&r.body, "id=\"task-list\"", "</table>");
        assert!(
            list.contains(&format!("/admin/work-plans/tasks/{task1}\"")),
            "{list}"
        );
        // 相关处室 tasks are everyone's: task 5 names 登记处、相关处室.
        assert!(list.contains(&format!("/admin/work-plans/tasks/{}\"", tasks[4].id)));
        // Task 2 is 养老服务处's only.
        assert!(!list.contains(&format!("/admin/work-plans/tasks/{}\"", tasks[1].id)));

        // A refused entry keeps what was typed: an unknown 索引号.
        let r = app
            .post_multipart(
                &format!("/admin/work-plans/tasks/{task1}/progress"),
                &[
                    ("csrf", &ec),
                    ("text", "已发布新修订的认定办法。"),
                    ("happened_on", "2024-06-01"),
                    ("documents", "XXXX/2024-99999"),
                ],
                ("file", "", b""),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("不是本机关目录中的信息"));
        assert!(r.body.contains("已发布新修订的认定办法。</textarea>"));
        assert!(app.db().work_plan_progress(task1).await.unwrap().is_empty());

        // A file type that is not accepted as evidence: refused, nothing recorded.
        let r = app
            .post_multipart(
                &format!("/admin/work-plans/tasks/{task1}/progress"),
                &[
                    ("csrf", &ec),
                    ("text", "见附件。"),
                    ("happened_on", "2024-06-01"),
                ],
                ("file", "tool.exe", b"MZ"),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("不支持的文件类型"));
        assert!(app.db().work_plan_progress(task1).await.unwrap().is_empty());

        // Progress with a catalog item and a file as evidence, reported as done.
        let doc = app.document("社会救助家庭经济状况认定办法", true).await;
        let r = app
            .post_multipart(
                &format!("/admin/work-plans/tasks/{task1}/progress"),
                &[
                    ("csrf", &ec),
                    ("text", "已发布新修订的认定办法。"),
                    ("happened_on", "2024-06-01"),
                    ("completion", "1"),
                    ("documents", &doc.index_no),
                ],
                ("file", "清单.txt", "救助政策清单".as_bytes()),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .get_with(&format!("/admin/work-plans/tasks/{task1}"), &mut editor)
            .await;
        assert_eq!(between(&r.body, "id=\"task-status\">", "<"), "进行中");
        let entries = between(&r.body, "id=\"progress\"", "</ol>");
        assert!(entries.contains(&doc.index_no));
        assert!(entries.contains("清单.txt"));
        assert!(entries.contains("报告完成"));
        assert!(
            !r.body.contains("id=\"review-form\""),
            "the editor does not review"
        );
        // The file is there for staff.
        let ev = app.db().work_plan_evidence(task1).await.unwrap();
        let file = ev.iter().find(|e| e.file_name.is_some()).unwrap();
        let r = app
            .get_with(
                &format!("/admin/work-plans/evidence/{}", file.id),
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, "救助政策清单");

        // The office head sees the report waiting on the dashboard, returns it without a
        // reason (refused), then confirms.
        let r = app.get_with("/admin", &mut head).await;
        assert!(
            between(&r.body, "id=\"tasks-to-confirm\"", "</ul>")
                .contains(&format!("/tasks/{task1}\""))
        );
        let hc = head.csrf();
        let review = format!("/admin/work-plans/tasks/{task1}/review");
        let r = app
            .post_form(
                &review,
                &[("csrf", &hc), ("decision", "return"), ("note", "")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("退回须写明理由"));
        let r = app
            .post_form(
                &review,
                &[("csrf", &hc), ("decision", "accept"), ("note", "")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .get_with(&format!("/admin/work-plans/tasks/{task1}"), &mut head)
            .await;
        assert_eq!(between(&r.body, "id=\"task-status\">", "<"), "已完成");
        assert!(r.body.contains("2024年06月03日确认完成"));
        // Done tasks take no more progress: the form is gone.
        let r = app
            .get_with(&format!("/admin/work-plans/tasks/{task1}"), &mut editor)
            .await;
        assert!(!r.body.contains("id=\"progress-form\""));

        // The plan's summary counts it, on time.
        let r = app.get_with(&path, &mut head).await;
        let summary = between(&r.body, "id=\"plan-summary\"", "</table>");
        assert!(
            summary.contains("<th scope=\"row\">全部任务</th><td>25</td><td>1</td><td>1</td>"),
            "{summary}"
        );

        // The annual report offers the plan's 贯彻落实情况 for section 六, and inserts it.
        let r = app
            .get_with("/admin/annual-report?year=2024", &mut head)
            .await;
        let facts = between(&r.body, "id=\"facts\"", "</ul>");
        assert!(facts.contains("value=\"work_plan\""), "{facts}");
        assert!(facts.contains("逐项分解落实25项工作任务，已完成1项（其中按期完成1项）"));
        let r = app
            .post_form(
                "/admin/annual-report/facts",
                &[("csrf", &hc), ("year", "2024"), ("key", "work_plan")],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let text = app
            .db()
            .annual_report_text(app.org.id, 2024)
            .await
            .unwrap()
            .unwrap();
        assert!(
            text.other
                .contains("对照《2024年上海市民政局政务公开工作要点》"),
            "{}",
            text.other
        );

        // On 26 August: task 24 (上半年, due 30 June) is overdue, on the list and the dashboard.
        app.clock.advance(chrono::Duration::days(84));
        // Sessions do not last that long: everyone logs in again.
        let mut head = app.login(Role::OfficeHead).await;
        let hc = head.csrf();
        let mut editor = app.login(Role::Editor).await;
        let ec = editor.csrf();
        let r = app.get_with("/admin/work-plans/overdue", &mut head).await;
        let list = between(&r.body, "id=\"task-list\"", "</table>");
        assert_eq!(
            list.matches("<tr class=\"task-overdue\"").count(),
            1,
            "{list}"
        );
        assert!(list.contains(&format!("/admin/work-plans/tasks/{}\"", tasks[23].id)));
        assert!(list.contains("已逾期57天"));
        let r = app.get_with("/admin", &mut head).await;
        assert!(r.body.contains("逾期未完成的任务 1 项"));
        // The editor's division is reminded of task 19 (8月份, 相关处室), due in five days.
        let r = app.get_with("/admin", &mut editor).await;
        let reminders = between(&r.body, "id=\"task-reminders\"", "</ul>");
        assert!(
            reminders.contains(&format!("/tasks/{}\"", tasks[18].id)),
            "{reminders}"
        );
        assert!(reminders.contains("5天后到期"));
        assert!(
            !reminders.contains(&format!("/tasks/{task1}\"")),
            "done tasks are not reminded"
        );

        // The office head edits a task; a bad date is refused with what was typed kept.
        let edit = format!("/admin/work-plans/tasks/{}", tasks[1].id);
        let r = app
            .post_form(
                &edit,
                &[
                    ("csrf", &hc),
                    ("number", "2"),
                    ("title", ""),
                    ("text", "完善养老服务信息公开。"),
                    ("deadline_text", "9月底前"),
                    ("deadline", "九月"),
                    ("lead_units", ""),
                    ("responsible_units", "养老服务处"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("完善养老服务信息公开。</textarea>"));
        let r = app
            .post_form(
                &edit,
                &[
                    ("csrf", &hc),
                    ("number", "2"),
                    ("title", ""),
                    ("text", "完善养老服务信息公开。"),
                    ("deadline_text", "9月底前"),
                    ("deadline", "2024-09-30"),
                    ("lead_units", ""),
                    ("responsible_units", "养老服务处"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let t2 = app
            .db()
            .work_plan_task(app.org.id, tasks[1].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t2.due_on.to_string(), "2024-09-30");
        // The editor may not edit.
        let r = app
            .post_form(
                &edit,
                &[("csrf", &ec), ("number", "2"), ("text", "x")],
                &mut editor,
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn the_plan_status_exports_as_a_workbook() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let path = import(app, &mut head).await;
        let r = app.get_with(&format!("{path}/export"), &mut head).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        // Named after the plan (UTF-8, RFC 5987), never cached.
        let disposition = r.headers["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment;")
                && disposition.contains("filename*=UTF-8''2024%E5%B9%B4"),
            "{disposition}"
        );
        assert!(
            r.headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("no-store")
        );
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.bytes.clone())).unwrap();
        let mut strings = String::new();
        zip.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut strings)
            .unwrap();
        assert!(strings.contains("2024年上海市民政局政务公开工作要点"));
        assert!(strings.contains("救助处"));
        assert!(strings.contains("未开始"));
    })
    .await;
}

#[tokio::test]
async fn the_office_adds_a_missed_task_and_deletes_a_mistaken_plan() {
    each_engine(async |app| {
        let mut head = app.login(Role::OfficeHead).await;
        let hc = head.csrf();
        let path = import(app, &mut head).await;
        let plan: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
        let tasks = app.db().work_plan_tasks(plan).await.unwrap();
        let after = format!("/admin/work-plans/tasks/{}/after", tasks[6].id);
        // Refused without its text, what was typed kept in the add form.
        let r = app
            .post_form(
                &after,
                &[
                    ("csrf", &hc),
                    ("number", "7.1"),
                    ("text", ""),
                    ("responsible_units", "社团处"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(between(&r.body, "id=\"add-form\"", "</form>").contains("value=\"7.1\""));
        let r = app
            .post_form(
                &after,
                &[
                    ("csrf", &hc),
                    ("number", "7.1"),
                    ("text", "做好社会团体年检结果公开。"),
                    ("responsible_units", "社团处"),
                    ("deadline", "2024-10-31"),
                ],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app.get_with(&path, &mut head).await;
        let tree = between(&r.body, "id=\"plan-tree\"", "id=\"units\"");
        assert_eq!(tree.matches("class=\"plan-task").count(), 26);
        let seven = tree.find(">7. ").unwrap();
        let added = tree.find(">7.1. 做好社会团体年检结果公开").unwrap();
        let eight = tree.find(">8. ").unwrap();
        assert!(seven < added && added < eight);

        // The added task deleted again; a task with progress stays (409, with the reason).
        let added: i64 = app.db().work_plan_tasks(plan).await.unwrap()[7].id;
        let r = app
            .post_form(
                &format!("/admin/work-plans/tasks/{added}/delete"),
                &[("csrf", &hc)],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(app.db().work_plan_tasks(plan).await.unwrap().len(), 25);
        let first = tasks[0].id;
        let r = app
            .post_multipart(
                &format!("/admin/work-plans/tasks/{first}/progress"),
                &[
                    ("csrf", &hc),
                    ("text", "已启动。"),
                    ("happened_on", "2024-06-01"),
                ],
                ("file", "", b""),
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app
            .post_form(
                &format!("/admin/work-plans/tasks/{first}/delete"),
                &[("csrf", &hc)],
                &mut head,
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("已有进展记录的任务不能删除"));
        let r = app
            .post_form(&format!("{path}/delete"), &[("csrf", &hc)], &mut head)
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("不能删除该工作要点"));

        // A plan without progress deleted whole: the list is empty again.
        let path = import(app, &mut head).await;
        let plan: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
        assert_eq!(app.db().work_plans(app.org.id).await.unwrap().len(), 2);
        let r = app
            .post_form(&format!("{path}/delete"), &[("csrf", &hc)], &mut head)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(
            app.db()
                .work_plan(app.org.id, plan)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(app.db().work_plans(app.org.id).await.unwrap().len(), 1);
        let r = app.get_with(&path, &mut head).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    })
    .await;
}
