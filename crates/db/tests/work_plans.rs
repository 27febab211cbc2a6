//! Work plans in storage on every engine available: a confirmed import of a real plan with its
//! unit mapping, a department's tasks, progress with evidence, the completion review, edits, and
//! refusals that leave nothing behind.

use chrono::NaiveDate;
use gongkai_core::document::DocumentInput;
use gongkai_core::work_plan::tracking::{Decision, TaskStatus};
use gongkai_core::work_plan::{ParsedPlan, parse};
use gongkai_db::testing::{at, each, org};
use gongkai_db::work_plans::{NewEvidence, NewProgress, TaskEdit, UnitChoice};
use gongkai_db::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn office() -> Actor {
    Actor::system("公开办")
}

fn shanghai() -> ParsedPlan {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/samples/work-plan-2024-shanghai-civil-affairs.txt"
    ))
    .unwrap();
    parse(&text, None)
}

struct Setup {
    org: i64,
    plan: i64,
    rescue: i64,
    pension: i64,
}

/// The Shanghai plan imported into an organization with two departments: 救助处 mapped to
/// 社会救助处, 相关处室 to every department, 宣传处 created, the rest left unmapped.
async fn setup(db: &Db) -> Setup {
    let now = at(2024, 3, 1);
    let o = org(db, "SMZJ", now).await;
    let rescue = db
        .add_department(o.id, "社会救助处", &office(), now)
        .await
        .unwrap();
    let pension = db
        .add_department(o.id, "养老服务处", &office(), now)
        .await
        .unwrap();
    let units = vec![
        ("救助处".to_string(), UnitChoice::Department(rescue.id)),
        ("养老服务处".to_string(), UnitChoice::Department(pension.id)),
        ("相关处室".to_string(), UnitChoice::All),
        ("宣传处".to_string(), UnitChoice::Create),
    ];
    let plan = db
        .create_work_plan(o.id, &shanghai(), "plan.txt", &units, &office(), now)
        .await
        .unwrap();
    Setup {
        org: o.id,
        plan,
        rescue: rescue.id,
        pension: pension.id,
    }
}

#[tokio::test]
async fn an_import_keeps_every_task_and_the_confirmed_unit_mapping() {
    each(async |t| {
        let db = &t.db;
        let s = setup(db).await;
        let parsed = shanghai();
        let plan = db.work_plan(s.org, s.plan).await.unwrap().unwrap();
        assert_eq!(plan.title, "2024年上海市民政局政务公开工作要点");
        assert_eq!(plan.year, 2024);
        assert_eq!(plan.task_count, 25);
        let tasks = db.work_plan_tasks(s.plan).await.unwrap();
        let numbers: Vec<&str> = tasks.iter().map(|t| t.number.as_str()).collect();
        let expected: Vec<&str> = parsed.tasks().map(|t| t.number.as_str()).collect();
        assert_eq!(numbers, expected, "{}", t.label);
        assert_eq!(tasks[0].part_number, "一");
        // Deadlines as read, the others due at the year's end.
        let due: Vec<NaiveDate> = parsed.tasks().map(|t| t.due(2024).unwrap()).collect();
        assert_eq!(tasks.iter().map(|t| t.due_on).collect::<Vec<_>>(), due);
        assert_eq!(tasks[18].deadline_text.as_deref(), Some("8月份"));
        assert_eq!(tasks[18].due_on, day("2024-08-31"));
        assert_eq!(tasks[23].due_on, day("2024-06-30"));
        assert_eq!(tasks[0].due_on, day("2024-12-31"));

        let units = db.work_plan_units(s.plan).await.unwrap();
        let unit = |n: &str| units.iter().find(|u| u.name == n).unwrap();
        assert_eq!(unit("救助处").department_id, Some(s.rescue));
        assert!(unit("相关处室").all_departments);
        assert_eq!(unit("宣传处").department_name.as_deref(), Some("宣传处"));
        assert_eq!(unit("社团处").department_id, None);
        assert!(!unit("社团处").all_departments);
        let deps = db.departments(s.org).await.unwrap();
        assert!(
            deps.iter().any(|d| d.name == "宣传处"),
            "created with the import"
        );

        // The rescue division sees the tasks naming 救助处 and those of 相关处室 (everyone's).
        let mine = db
            .department_work_plan_tasks(s.org, s.rescue)
            .await
            .unwrap();
        let task_units = db.work_plan_task_units(s.plan).await.unwrap();
        let expected: Vec<i64> = tasks
            .iter()
            .filter(|t| {
                task_units
                    .iter()
                    .any(|u| u.task_id == t.id && (u.name == "救助处" || u.name == "相关处室"))
            })
            .map(|t| t.id)
            .collect();
        let mut got: Vec<i64> = mine.iter().map(|t| t.id).collect();
        got.sort();
        assert_eq!(got, expected);
        assert!(got.contains(&tasks[0].id), "task 1 names 救助处");
        // The pension division: its own task 2, not task 1.
        let theirs = db
            .department_work_plan_tasks(s.org, s.pension)
            .await
            .unwrap();
        assert!(theirs.iter().any(|t| t.id == tasks[1].id));
        assert!(!theirs.iter().any(|t| t.id == tasks[0].id));
    })
    .await;
}

#[tokio::test]
async fn a_plan_without_tasks_or_year_is_refused_and_nothing_is_saved() {
    each(async |t| {
        let db = &t.db;
        let now = at(2024, 3, 1);
        let o = org(db, "SMZJ", now).await;
        let empty = parse("关于做好工作的通知\n请认真落实。", Some(2024));
        let e = db
            .create_work_plan(o.id, &empty, "x.txt", &[], &office(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Invalid(ref f) if f.get("file").is_some()));
        let mut no_year = shanghai();
        no_year.year = 0;
        let e = db
            .create_work_plan(o.id, &no_year, "x.txt", &[], &office(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Invalid(ref f) if f.get("year").is_some()));
        // A department of another organization cannot be chosen; the new one is not created.
        let other = org(db, "QTJG", now).await;
        let foreign = db
            .add_department(other.id, "外单位处", &office(), now)
            .await
            .unwrap();
        let units = vec![
            ("宣传处".to_string(), UnitChoice::Create),
            ("救助处".to_string(), UnitChoice::Department(foreign.id)),
        ];
        assert!(
            db.create_work_plan(o.id, &shanghai(), "x.txt", &units, &office(), now)
                .await
                .is_err()
        );
        assert!(db.work_plans(o.id).await.unwrap().is_empty());
        assert!(db.departments(o.id).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn progress_evidence_and_the_completion_review() {
    each(async |t| {
        let db = &t.db;
        let s = setup(db).await;
        let tasks = db.work_plan_tasks(s.plan).await.unwrap();
        let task = &tasks[0];
        let today = day("2024-05-10");
        let now = at(2024, 5, 10);
        assert_eq!(task.facts().status(today), TaskStatus::NotStarted);

        // Evidence: a catalog item of the organization by 索引号, and a file.
        let input = DocumentInput {
            title: "关于调整最低生活保障标准的通知".into(),
            publisher: "示范市民政局".into(),
            written_on: "2024-04-01".into(),
            subject: "17.03".into(),
            genre: "通知".into(),
            disclosure: "proactive".into(),
            body: "正文".into(),
            column: "zcwj".into(),
            ..Default::default()
        };
        let doc = db
            .create_document(s.org, &input.validate(today).unwrap(), &office(), now)
            .await
            .unwrap();
        let mut entry = NewProgress {
            text: "已修订社会救助政策清单并公开。".into(),
            happened_on: today,
            completion: false,
            department_id: Some(s.rescue),
            evidence: vec![
                NewEvidence::Document(doc.index_no.clone()),
                NewEvidence::File {
                    name: "清单.txt".into(),
                    content_type: "text/plain".into(),
                    bytes: "政策清单".as_bytes().to_vec(),
                },
            ],
        };
        // An unknown 索引号 refuses the whole entry.
        let mut bad = entry.clone();
        bad.evidence.push(NewEvidence::Document("XXXX/2024-00001".into()));
        let e = db
            .add_work_plan_progress(s.org, task.id, &bad, &office(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Invalid(ref f) if f.get("evidence").is_some()));
        assert!(db.work_plan_progress(task.id).await.unwrap().is_empty());
        // A date in the future and an empty text are refused.
        let mut future = entry.clone();
        future.happened_on = day("2024-05-11");
        assert!(
            db.add_work_plan_progress(s.org, task.id, &future, &office(), now)
                .await
                .is_err()
        );

        db.add_work_plan_progress(s.org, task.id, &entry, &office(), now)
            .await
            .unwrap();
        let task_now = db.work_plan_task(s.org, task.id).await.unwrap().unwrap();
        assert_eq!(task_now.facts().status(today), TaskStatus::InProgress);
        assert_eq!(
            task_now.latest_progress.as_deref(),
            Some("已修订社会救助政策清单并公开。")
        );
        let ev = db.work_plan_evidence(task.id).await.unwrap();
        assert_eq!(ev.len(), 2);
        assert_eq!(ev[0].index_no.as_deref(), Some(doc.index_no.as_str()));
        let file = ev.iter().find(|e| e.file_name.is_some()).unwrap();
        let (name, _, bytes) = db
            .work_plan_evidence_file(s.org, file.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((name.as_str(), bytes.as_slice()), ("清单.txt", "政策清单".as_bytes()));
        // Another organization cannot fetch the file.
        let other = org(db, "QTJG", now).await;
        assert!(
            db.work_plan_evidence_file(other.id, file.id)
                .await
                .unwrap()
                .is_none()
        );

        // No completion report yet: nothing to review.
        let e = db
            .review_work_plan_task(s.org, task.id, Decision::Accept, "", &office(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Invalid(ref f) if f.get("note") == Some("责任单位尚未报告完成，不能审核")));

        entry.completion = true;
        entry.evidence.clear();
        entry.text = "任务已完成。".into();
        db.add_work_plan_progress(s.org, task.id, &entry, &office(), now)
            .await
            .unwrap();
        let t1 = db.work_plan_task(s.org, task.id).await.unwrap().unwrap();
        assert_eq!(t1.pending_reports, 1);
        // A return needs a reason; with one, the report is decided and the task goes on.
        assert!(
            db.review_work_plan_task(s.org, task.id, Decision::Return, " ", &office(), now)
                .await
                .is_err()
        );
        db.review_work_plan_task(s.org, task.id, Decision::Return, "请补充佐证材料", &office(), now)
            .await
            .unwrap();
        let t2 = db.work_plan_task(s.org, task.id).await.unwrap().unwrap();
        assert_eq!(t2.pending_reports, 0);
        assert_eq!(t2.completed_on, None);
        let entries = db.work_plan_progress(task.id).await.unwrap();
        assert_eq!(entries[1].decision.as_deref(), Some("return"));
        assert_eq!(entries[1].decision_note.as_deref(), Some("请补充佐证材料"));

        // Reported again and accepted: completed on the review's date.
        let later = at(2024, 6, 3);
        entry.happened_on = day("2024-06-03");
        db.add_work_plan_progress(s.org, task.id, &entry, &office(), later)
            .await
            .unwrap();
        db.review_work_plan_task(s.org, task.id, Decision::Accept, "", &office(), later)
            .await
            .unwrap();
        let done = db.work_plan_task(s.org, task.id).await.unwrap().unwrap();
        assert_eq!(done.completed_on, Some(day("2024-06-03")));
        assert_eq!(done.facts().status(day("2025-01-05")), TaskStatus::Done);
        assert!(done.facts().on_time());
        // The annual report's paragraph, as of the year's end: tasks 19 (8月份) and 24
        // (上半年) are overdue by then, the rest under way.
        let texts = db.work_plan_year_texts(s.org, 2024).await.unwrap();
        assert_eq!(texts.len(), 1);
        assert!(
            texts[0].starts_with(
                "对照《2024年上海市民政局政务公开工作要点》，逐项分解落实25项工作任务，\
                 已完成1项（其中按期完成1项），正在推进22项，逾期未完成2项。"
            ),
            "{}",
            texts[0]
        );
        assert!(db.work_plan_year_texts(s.org, 2023).await.unwrap().is_empty());
        // A completed task takes no more progress.
        assert!(
            db.add_work_plan_progress(s.org, task.id, &entry, &office(), later)
                .await
                .is_err()
        );

        // Overdue after the year: every other task; on 1 July, task 24 (上半年).
        let overdue = db
            .overdue_work_plan_tasks(s.org, day("2025-01-02"))
            .await
            .unwrap();
        assert_eq!(overdue.len(), 24);
        assert!(!overdue.iter().any(|t| t.id == task.id));
        let july: Vec<String> = db
            .overdue_work_plan_tasks(s.org, day("2024-07-01"))
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.number)
            .collect();
        assert_eq!(july, vec!["24"]);
    })
    .await;
}

#[tokio::test]
async fn tasks_are_edited_and_new_units_matched() {
    each(async |t| {
        let db = &t.db;
        let s = setup(db).await;
        let tasks = db.work_plan_tasks(s.plan).await.unwrap();
        let now = at(2024, 4, 1);
        let edit = TaskEdit {
            number: "7".into(),
            title: String::new(),
            text: "推进社会组织信息公开。按季度更新名录。".into(),
            deadline_text: "6月底前".into(),
            deadline: Some(day("2024-06-30")),
            lead_units: vec!["养老服务处".into(), " ".into()],
            responsible_units: vec!["救助处".into(), "社会救助处".into()],
        };
        db.update_work_plan_task(s.org, tasks[6].id, &edit, &office(), now)
            .await
            .unwrap();
        let t7 = db
            .work_plan_task(s.org, tasks[6].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t7.title, "推进社会组织信息公开");
        assert_eq!(t7.due_on, day("2024-06-30"));
        assert_eq!(t7.deadline_text.as_deref(), Some("6月底前"));
        let units = db.work_plan_units_of_task(tasks[6].id).await.unwrap();
        let names: Vec<(&str, &str)> = units
            .iter()
            .map(|u| (u.role.as_str(), u.name.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("lead", "养老服务处"),
                ("responsible", "救助处"),
                ("responsible", "社会救助处")
            ]
        );
        // 社会救助处 is new to the plan and matched exactly.
        assert_eq!(
            units[2].department_id,
            Some(s.rescue),
            "a new name is matched to its department"
        );
        // Overdue on 1 July with task 24 (上半年), and the pension division now sees it.
        let overdue = db
            .overdue_work_plan_tasks(s.org, day("2024-07-01"))
            .await
            .unwrap();
        assert_eq!(overdue.len(), 2);
        assert_eq!(overdue[0].id, tasks[6].id);
        assert!(
            db.department_work_plan_tasks(s.org, s.pension)
                .await
                .unwrap()
                .iter()
                .any(|t| t.id == tasks[6].id)
        );
        // An empty text is refused with the field named.
        let mut bad = edit.clone();
        bad.text = " ".into();
        let e = db
            .update_work_plan_task(s.org, tasks[6].id, &bad, &office(), now)
            .await
            .unwrap_err();
        assert!(matches!(e, DbError::Invalid(ref f) if f.get("text").is_some()));

        // Remapping a unit afterwards.
        db.set_work_plan_unit(
            s.org,
            s.plan,
            "社团处",
            &UnitChoice::Department(s.pension),
            &office(),
            now,
        )
        .await
        .unwrap();
        let u = db.work_plan_units(s.plan).await.unwrap();
        assert_eq!(
            u.iter().find(|u| u.name == "社团处").unwrap().department_id,
            Some(s.pension)
        );
        assert!(matches!(
            db.set_work_plan_unit(s.org, s.plan, "不存在", &UnitChoice::All, &office(), now)
                .await,
            Err(DbError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn staff_belong_to_a_department() {
    each(async |t| {
        let db = &t.db;
        let s = setup(db).await;
        let now = at(2024, 4, 1);
        let u = db
            .create_user(
                &NewUser {
                    username: "zhang".into(),
                    display_name: "张三".into(),
                    password_hash: "x".into(),
                    role: gongkai_core::role::Role::Editor,
                    org_id: s.org,
                },
                &office(),
                now,
            )
            .await
            .unwrap();
        assert_eq!(u.department_id, None);
        db.set_user_department(s.org, u.id, Some(s.rescue), &office(), now)
            .await
            .unwrap();
        let u = db.user_by_id(u.id).await.unwrap().unwrap();
        assert_eq!(u.department_id, Some(s.rescue));
        // A department in use is not deleted: the message says by what.
        match db.delete_department(s.org, s.rescue, &office(), now).await {
            Err(DbError::Conflict(m)) => {
                assert!(
                    m.contains("1 名用户") && m.contains("工作要点单位对应"),
                    "{m}"
                )
            }
            other => panic!("{other:?}"),
        }
        let unused = db
            .add_department(s.org, "区划地名处", &office(), now)
            .await
            .unwrap();
        db.delete_department(s.org, unused.id, &office(), now)
            .await
            .unwrap();
        let other = org(db, "QTJG", now).await;
        let foreign = db
            .add_department(other.id, "外单位处", &office(), now)
            .await
            .unwrap();
        assert!(
            db.set_user_department(s.org, u.id, Some(foreign.id), &office(), now)
                .await
                .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn missed_tasks_are_added_and_mistaken_ones_deleted() {
    each(async |t| {
        let db = &t.db;
        let s = setup(db).await;
        let now = at(2024, 4, 1);
        let tasks = db.work_plan_tasks(s.plan).await.unwrap();
        let edit = TaskEdit {
            number: "7.1".into(),
            title: String::new(),
            text: "做好社会团体年检结果公开。".into(),
            deadline_text: String::new(),
            deadline: None,
            lead_units: vec![],
            responsible_units: vec!["社团处".into()],
        };
        let id = db
            .add_work_plan_task_after(s.org, tasks[6].id, &edit, &office(), now)
            .await
            .unwrap();
        let after = db.work_plan_tasks(s.plan).await.unwrap();
        assert_eq!(after.len(), 26);
        assert_eq!(after[7].id, id);
        assert_eq!(
            (
                after[6].number.as_str(),
                after[7].number.as_str(),
                after[8].number.as_str()
            ),
            ("7", "7.1", "8")
        );
        assert_eq!(after[7].part_number, tasks[6].part_number);
        assert_eq!(after[7].due_on, day("2024-12-31"));
        assert_eq!(
            db.work_plan_units_of_task(id).await.unwrap()[0].name,
            "社团处"
        );

        // Deleted again: the plan is as imported.
        db.delete_work_plan_task(s.org, id, &office(), now)
            .await
            .unwrap();
        let numbers: Vec<String> = db
            .work_plan_tasks(s.plan)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.number)
            .collect();
        assert_eq!(numbers.len(), 25);
        assert_eq!(numbers[7], "8");

        // A task with progress stays, and so does its plan.
        let entry = NewProgress {
            text: "已启动。".into(),
            happened_on: day("2024-04-01"),
            completion: false,
            department_id: None,
            evidence: vec![],
        };
        db.add_work_plan_progress(s.org, tasks[0].id, &entry, &office(), now)
            .await
            .unwrap();
        assert!(matches!(
            db.delete_work_plan_task(s.org, tasks[0].id, &office(), now)
                .await,
            Err(DbError::Conflict(_))
        ));
        assert!(matches!(
            db.delete_work_plan(s.org, s.plan, &office(), now).await,
            Err(DbError::Conflict(_))
        ));
        // Another organization cannot delete it; a plan without progress goes whole.
        let other = org(db, "QTJG", now).await;
        assert!(matches!(
            db.delete_work_plan(other.id, s.plan, &office(), now).await,
            Err(DbError::NotFound)
        ));
        let second = db
            .create_work_plan(s.org, &shanghai(), "again.txt", &[], &office(), now)
            .await
            .unwrap();
        db.delete_work_plan(s.org, second, &office(), now)
            .await
            .unwrap();
        assert!(db.work_plan(s.org, second).await.unwrap().is_none());
        assert!(db.work_plan_tasks(second).await.unwrap().is_empty());
        assert!(db.work_plan_units(second).await.unwrap().is_empty());
        assert_eq!(db.work_plans(s.org).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_newest_confirmed_mapping_of_a_name_is_remembered() {
    each(async |t| {
        let db = &t.db;
        let s = setup(db).await;
        let now = at(2025, 3, 1);
        // Next year's plan: 救助处 now mapped to the pension division, 社团处 left unmapped.
        let units = vec![("救助处".to_string(), UnitChoice::Department(s.pension))];
        db.create_work_plan(s.org, &shanghai(), "2025.txt", &units, &office(), now)
            .await
            .unwrap();
        let r = db.remembered_work_plan_units(s.org).await.unwrap();
        let of = |n: &str| r.iter().find(|u| u.name == n);
        assert_eq!(of("救助处").unwrap().department_id, Some(s.pension));
        // Still remembered from the first plan, though the second left it unmapped.
        assert!(of("相关处室").unwrap().all_departments);
        assert_eq!(of("养老服务处").unwrap().department_id, Some(s.pension));
        // Never mapped: nothing to remember.
        assert!(of("社团处").is_none());
        let other = org(db, "QTJG", now).await;
        assert!(
            db.remembered_work_plan_units(other.id)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}
