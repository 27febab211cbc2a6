//! E-mail reminders of work-plan tasks in storage, on every engine available: who is reminded of
//! which task (their department is named, directly or as every department; active, with an
//! address, in the plan's organization; the task open and due within the window), the claim
//! that lets a reminder go out once, its release after a failed send, and staff's addresses.

use chrono::NaiveDate;
use gongkai_core::role::Role;
use gongkai_core::work_plan::mail::ReminderKind;
use gongkai_core::work_plan::parse;
use gongkai_core::work_plan::tracking::Decision;
use gongkai_db::testing::{at, each, org};
use gongkai_db::work_plans::{NewProgress, UnitChoice};
use gongkai_db::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn office() -> Actor {
    Actor::system("公开办")
}

const PLAN: &str = "2024年示范市民政局政务公开工作要点\n\
一、深化重点领域信息公开\n\
1.做好社会救助政策公开，于6月底前完成。（责任单位：社会救助处）\n\
2.做好民政服务事项公开，于6月底前完成。（责任单位：相关处室）\n\
3.做好养老服务信息公开，于6月底前完成。（责任单位：养老服务处）\n\
4.做好救助资金使用情况公开。（责任单位：社会救助处）\n";

async fn user(
    db: &Db,
    org_id: i64,
    username: &str,
    department: Option<i64>,
    email: Option<&str>,
) -> User {
    let now = at(2024, 3, 1);
    let u = db
        .create_user(
            &NewUser {
                username: username.into(),
                display_name: format!("{username}姓名"),
                password_hash: "x".into(),
                role: Role::Editor,
                org_id,
            },
            &office(),
            now,
        )
        .await
        .unwrap();
    if department.is_some() {
        db.set_user_department(org_id, u.id, department, &office(), now)
            .await
            .unwrap();
    }
    if email.is_some() {
        db.set_user_email(org_id, u.id, email, &office(), now)
            .await
            .unwrap();
    }
    db.user_by_id(u.id).await.unwrap().unwrap()
}

struct Org {
    id: i64,
    rescue: i64,
    pension: i64,
    /// Task ids in plan order.
    tasks: Vec<i64>,
}

/// An organization with 社会救助处 and 养老服务处 and the plan above imported: 相关处室 stands
/// for every department.
async fn setup(db: &Db, code: &str) -> Org {
    let now = at(2024, 3, 1);
    let o = org(db, code, now).await;
    let rescue = db
        .add_department(o.id, "社会救助处", &office(), now)
        .await
        .unwrap()
        .id;
    let pension = db
        .add_department(o.id, "养老服务处", &office(), now)
        .await
        .unwrap()
        .id;
    let units = vec![
        ("社会救助处".to_string(), UnitChoice::Department(rescue)),
        ("养老服务处".to_string(), UnitChoice::Department(pension)),
        ("相关处室".to_string(), UnitChoice::All),
    ];
    let plan = db
        .create_work_plan(o.id, &parse(PLAN, None), "plan.txt", &units, &office(), now)
        .await
        .unwrap();
    let tasks: Vec<i64> = db
        .work_plan_tasks(plan)
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(tasks.len(), 4);
    Org {
        id: o.id,
        rescue,
        pension,
        tasks,
    }
}

fn pairs(c: &[gongkai_db::reminders::ReminderCandidate]) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = c.iter().map(|c| (c.task_id, c.user_id)).collect();
    v.sort();
    v
}

#[tokio::test]
async fn the_staff_of_the_named_departments_with_an_address_are_reminded() {
    each(async |t| {
        let db = &t.db;
        let a = setup(db, "SMZJ").await;
        let zhang = user(
            db,
            a.id,
            "zhang",
            Some(a.rescue),
            Some("zhang@mzj.example.cn"),
        )
        .await;
        let li = user(
            db,
            a.id,
            "lisi",
            Some(a.pension),
            Some("lisi@mzj.example.cn"),
        )
        .await;
        // No address; no department; inactive: never reminded.
        user(db, a.id, "wang", Some(a.rescue), None).await;
        user(db, a.id, "qian", None, Some("qian@mzj.example.cn")).await;
        let zhao = user(
            db,
            a.id,
            "zhao",
            Some(a.rescue),
            Some("zhao@mzj.example.cn"),
        )
        .await;
        db.update_user(&zhao, Role::Editor, false, &office(), at(2024, 3, 1))
            .await
            .unwrap();
        // Another organization with the same plan and a reminded member of its own.
        let b = setup(db, "QTJG").await;
        let sun = user(db, b.id, "sun", Some(b.rescue), Some("sun@qt.example.cn")).await;

        // Task 3 (养老服务处) is completed: accepted by the office.
        let now = at(2024, 6, 20);
        let report = NewProgress {
            text: "已完成。".into(),
            happened_on: day("2024-06-20"),
            completion: true,
            department_id: Some(a.pension),
            evidence: Vec::new(),
        };
        db.add_work_plan_progress(a.id, a.tasks[2], &report, &office(), now)
            .await
            .unwrap();
        db.review_work_plan_task(a.id, a.tasks[2], Decision::Accept, "", &office(), now)
            .await
            .unwrap();

        // On 25 June with a week's window: tasks 1-3 are due on 30 June, task 4 at the year's
        // end (outside the window).
        let today = day("2024-06-25");
        let c = db.reminder_candidates(today, 7).await.unwrap();
        let mut expected = vec![
            (a.tasks[0], zhang.id),
            (a.tasks[1], zhang.id),
            (a.tasks[1], li.id),
            (b.tasks[0], sun.id),
            (b.tasks[1], sun.id),
        ];
        expected.sort();
        assert_eq!(pairs(&c), expected, "{}", t.label);
        let first = c
            .iter()
            .find(|c| c.task_id == a.tasks[0] && c.user_id == zhang.id)
            .unwrap();
        assert_eq!(first.task_number, "1");
        assert_eq!(first.task_title, "做好社会救助政策公开，于6月底前完成");
        assert_eq!(first.due_on, day("2024-06-30"));
        assert_eq!(first.plan_title, "2024年示范市民政局政务公开工作要点");
        assert_eq!(first.org_name, "示范市民政局");
        assert_eq!(first.email, "zhang@mzj.example.cn");
        assert_eq!(first.display_name, "zhang姓名");

        // A narrower window reaches nothing; overdue tasks are always candidates.
        assert!(db.reminder_candidates(today, 4).await.unwrap().is_empty());
        let late = db.reminder_candidates(day("2024-07-10"), 0).await.unwrap();
        assert_eq!(pairs(&late), expected);
        // Task 4, due at the year's end, enters the window in late December.
        let december = db.reminder_candidates(day("2024-12-25"), 7).await.unwrap();
        assert!(pairs(&december).contains(&(a.tasks[3], zhang.id)));
        assert!(!pairs(&december).contains(&(a.tasks[3], li.id)));
    })
    .await;
}

#[tokio::test]
async fn a_reminder_is_claimed_once_and_released_after_a_failed_send() {
    each(async |t| {
        let db = &t.db;
        let a = setup(db, "SMZJ").await;
        let zhang = user(
            db,
            a.id,
            "zhang",
            Some(a.rescue),
            Some("zhang@mzj.example.cn"),
        )
        .await;
        let today = day("2024-06-25");
        let task = a.tasks[0];
        let soon = ReminderKind::DueSoon;
        assert!(
            db.claim_reminder(task, zhang.id, soon, today)
                .await
                .unwrap()
        );
        assert!(
            !db.claim_reminder(task, zhang.id, soon, today)
                .await
                .unwrap(),
            "{}: claimed twice",
            t.label
        );
        // Another day does not make it new.
        assert!(
            !db.claim_reminder(task, zhang.id, soon, day("2024-06-26"))
                .await
                .unwrap()
        );
        db.release_reminder(task, zhang.id, soon).await.unwrap();
        assert!(
            db.claim_reminder(task, zhang.id, soon, today)
                .await
                .unwrap()
        );

        // The overdue reminder is another one; once it is claimed, nothing is left for the pair.
        let overdue = day("2024-07-01");
        assert!(
            pairs(&db.reminder_candidates(overdue, 7).await.unwrap()).contains(&(task, zhang.id))
        );
        assert!(
            db.claim_reminder(task, zhang.id, ReminderKind::Overdue, overdue)
                .await
                .unwrap()
        );
        assert!(
            !pairs(&db.reminder_candidates(overdue, 7).await.unwrap()).contains(&(task, zhang.id))
        );
        // Releasing the claim of an unknown pair is harmless.
        db.release_reminder(a.tasks[1], zhang.id, soon)
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn staff_addresses_are_checked_and_belong_to_the_organization() {
    each(async |t| {
        let db = &t.db;
        let a = setup(db, "SMZJ").await;
        let zhang = user(db, a.id, "zhang", Some(a.rescue), None).await;
        assert_eq!(zhang.email, None);
        let now = at(2024, 4, 1);
        db.set_user_email(a.id, zhang.id, Some(" zhang@mzj.example.cn "), &office(), now)
            .await
            .unwrap();
        let u = db.user_by_id(zhang.id).await.unwrap().unwrap();
        assert_eq!(u.email.as_deref(), Some("zhang@mzj.example.cn"));
        for bad in ["zhang", "zhang san@example.cn", "a@b@example.cn"] {
            let e = db
                .set_user_email(a.id, zhang.id, Some(bad), &office(), now)
                .await
                .unwrap_err();
            assert!(
                matches!(e, DbError::Invalid(ref f) if f.get("email") == Some("邮箱地址格式不正确")),
                "{}: {bad}",
                t.label
            );
        }
        let long = format!("{}@example.cn", "a".repeat(200));
        assert!(
            db.set_user_email(a.id, zhang.id, Some(&long), &office(), now)
                .await
                .is_err()
        );
        let u = db.user_by_id(zhang.id).await.unwrap().unwrap();
        assert_eq!(u.email.as_deref(), Some("zhang@mzj.example.cn"), "unchanged");
        // A user of another organization cannot be reached.
        let b = setup(db, "QTJG").await;
        assert!(matches!(
            db.set_user_email(b.id, zhang.id, Some("x@example.cn"), &office(), now)
                .await
                .unwrap_err(),
            DbError::NotFound
        ));
        // An empty text clears it.
        db.set_user_email(a.id, zhang.id, Some(" "), &office(), now)
            .await
            .unwrap();
        assert_eq!(db.user_by_id(zhang.id).await.unwrap().unwrap().email, None);
        db.set_user_email(a.id, zhang.id, Some("zhang@mzj.example.cn"), &office(), now)
            .await
            .unwrap();
        db.set_user_email(a.id, zhang.id, None, &office(), now)
            .await
            .unwrap();
        assert_eq!(db.user_by_id(zhang.id).await.unwrap().unwrap().email, None);
    })
    .await;
}
