//! Work plans: the confirmed import, tasks and their units, progress with evidence, reviews.

use super::attachments::store_blob;
use super::{DB, audit, begin_write, orgs, secs, text_field};
use crate::api::work_plans::{
    Evidence, NewEvidence, NewProgress, Plan, PlanUnit, Progress, Task, TaskEdit, TaskUnit,
    UnitChoice,
};
use crate::{Actor, DbError, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::time::china_date;
use gongkai_core::work_plan::ParsedPlan;
use gongkai_core::work_plan::matching::{UnitMatch, match_unit};
use gongkai_core::work_plan::tracking::{Decision, check_progress, check_review};
use serde_json::json;
use sqlx::{Pool, Transaction};

const PLAN_SELECT: &str =
    "SELECT p.id, p.org_id, p.year, p.title, p.issuer, p.doc_no, p.written_on,
    p.source_name, p.problems, p.created_by, p.created_at,
    (SELECT COUNT(*) FROM work_plan_tasks t WHERE t.plan_id = p.id) AS task_count
  FROM work_plans p";

const TASK_SELECT: &str = "SELECT t.id, t.plan_id, p.title AS plan_title, t.position,
    t.part_number, t.part_title, t.section_number, t.section_title, t.number, t.title, t.text,
    t.deadline_text, t.deadline, t.due_on, t.completed_on,
    (SELECT COUNT(*) FROM work_plan_progress g WHERE g.task_id = t.id) AS progress_count,
    (SELECT COUNT(*) FROM work_plan_progress g WHERE g.task_id = t.id AND g.completion
        AND NOT EXISTS (SELECT 1 FROM work_plan_reviews r WHERE r.progress_id = g.id))
        AS pending_reports,
    (SELECT g.text FROM work_plan_progress g WHERE g.task_id = t.id ORDER BY g.id DESC LIMIT 1)
        AS latest_progress
  FROM work_plan_tasks t JOIN work_plans p ON p.id = t.plan_id";

const UNIT_SELECT: &str = "SELECT tu.task_id, tu.role, tu.name, u.department_id,
    d.name AS department_name, u.all_departments
  FROM work_plan_task_units tu
  JOIN work_plan_tasks t ON t.id = tu.task_id
  JOIN work_plan_units u ON u.plan_id = t.plan_id AND u.name = tu.name
  LEFT JOIN departments d ON d.id = u.department_id";

/// The department named `name`, created when missing.
async fn department_named(tx: &mut Transaction<'_, DB>, org_id: i64, name: &str) -> DbResult<i64> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(DbError::field("units", "处室名称须为 1 至 50 个字"));
    }
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM departments WHERE org_id = $1 AND name = $2")
            .bind(org_id)
            .bind(name)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some((id,)) = found {
        return Ok(id);
    }
    let (next,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(position) FROM departments WHERE org_id = $1")
            .bind(org_id)
            .fetch_one(&mut **tx)
            .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO departments (org_id, name, position) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(org_id)
    .bind(name)
    .bind(next.unwrap_or(0) + 10)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// `(department_id, all_departments)` for a choice, creating the department when asked.
async fn resolve(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    name: &str,
    choice: &UnitChoice,
) -> DbResult<(Option<i64>, bool)> {
    Ok(match choice {
        UnitChoice::Department(id) => {
            orgs::own_department(tx, org_id, *id, "units").await?;
            (Some(*id), false)
        }
        UnitChoice::All => (None, true),
        UnitChoice::Create => (Some(department_named(tx, org_id, name).await?), false),
        UnitChoice::Unmapped => (None, false),
    })
}

pub async fn create(
    pool: &Pool<DB>,
    org_id: i64,
    plan: &ParsedPlan,
    source_name: &str,
    units: &[(String, UnitChoice)],
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    if plan.tasks().next().is_none() {
        return Err(DbError::field(
            "file",
            "未找到编号的工作任务，不能导入；请检查文件或修改文本后重新识别",
        ));
    }
    if !gongkai_core::work_plan::YEARS.contains(&plan.year) {
        return Err(DbError::field("year", "请填写工作要点所属年度"));
    }
    let title = plan
        .title
        .clone()
        .unwrap_or_else(|| format!("{}年政务公开工作要点", plan.year));
    let title = text_field("title", &title, 200, Some("标题"))?;
    let source_name = text_field("file", source_name, 200, None)?;
    let mut tx = begin_write(pool).await?;
    let (plan_id,): (i64,) = sqlx::query_as(
        "INSERT INTO work_plans (org_id, year, title, issuer, doc_no, written_on, source_name,
            problems, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(org_id)
    .bind(i64::from(plan.year))
    .bind(&title)
    .bind(&plan.issuer)
    .bind(&plan.doc_no)
    .bind(plan.date)
    .bind(&source_name)
    .bind(serde_json::to_string(&plan.problems).unwrap_or_else(|_| "[]".into()))
    .bind(&actor.name)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    for name in plan.unit_names() {
        let choice = units
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&UnitChoice::Unmapped, |(_, c)| c);
        let (dep, all) = resolve(&mut tx, org_id, &name, choice).await?;
        sqlx::query(
            "INSERT INTO work_plan_units (plan_id, name, department_id, all_departments)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(plan_id)
        .bind(&name)
        .bind(dep)
        .bind(all)
        .execute(&mut *tx)
        .await?;
    }
    let mut position = 0i64;
    for part in &plan.parts {
        let groups = std::iter::once(("", "", &part.tasks)).chain(
            part.sections
                .iter()
                .map(|s| (s.number.as_str(), s.title.as_str(), &s.tasks)),
        );
        for (sec_no, sec_title, tasks) in groups {
            for t in tasks {
                position += 1;
                let due = t
                    .due(plan.year)
                    .ok_or(DbError::field("year", "年度不正确"))?;
                let (task_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO work_plan_tasks (plan_id, position, part_number, part_title,
                        section_number, section_title, number, title, text, deadline_text,
                        deadline, due_on, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
                )
                .bind(plan_id)
                .bind(position)
                .bind(&part.number)
                .bind(&part.title)
                .bind(sec_no)
                .bind(sec_title)
                .bind(&t.number)
                .bind(&t.title)
                .bind(&t.text)
                .bind(&t.deadline_text)
                .bind(t.deadline)
                .bind(due)
                .bind(secs(now))
                .fetch_one(&mut *tx)
                .await?;
                insert_task_units(&mut tx, task_id, &t.lead_units, &t.responsible_units).await?;
            }
        }
    }
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "work_plan.import",
        "work_plan",
        Some(plan_id),
        &format!("导入工作要点《{title}》（{position}项任务）"),
        json!({ "year": plan.year, "tasks": position }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(plan_id)
}

async fn insert_task_units(
    tx: &mut Transaction<'_, DB>,
    task_id: i64,
    lead: &[String],
    responsible: &[String],
) -> DbResult<()> {
    for (role, names) in [("lead", lead), ("responsible", responsible)] {
        for (k, name) in names.iter().enumerate() {
            sqlx::query(
                "INSERT INTO work_plan_task_units (task_id, role, position, name)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(task_id)
            .bind(role)
            .bind(k as i64)
            .bind(name)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

pub async fn plans(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<Plan>> {
    let sql = format!("{PLAN_SELECT} WHERE p.org_id = $1 ORDER BY p.year DESC, p.id DESC");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .fetch_all(pool)
        .await?)
}

pub async fn plan(pool: &Pool<DB>, org_id: i64, id: i64) -> DbResult<Option<Plan>> {
    let sql = format!("{PLAN_SELECT} WHERE p.id = $1 AND p.org_id = $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(org_id)
        .fetch_optional(pool)
        .await?)
}

pub async fn tasks(pool: &Pool<DB>, plan_id: i64) -> DbResult<Vec<Task>> {
    let sql = format!("{TASK_SELECT} WHERE t.plan_id = $1 ORDER BY t.position");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(plan_id)
        .fetch_all(pool)
        .await?)
}

pub async fn task(pool: &Pool<DB>, org_id: i64, task_id: i64) -> DbResult<Option<Task>> {
    let sql = format!("{TASK_SELECT} WHERE t.id = $1 AND p.org_id = $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(task_id)
        .bind(org_id)
        .fetch_optional(pool)
        .await?)
}

pub async fn department_tasks(
    pool: &Pool<DB>,
    org_id: i64,
    department_id: i64,
) -> DbResult<Vec<Task>> {
    let sql = format!(
        "{TASK_SELECT} WHERE p.org_id = $1 AND EXISTS (
            SELECT 1 FROM work_plan_task_units tu
            JOIN work_plan_units u ON u.plan_id = t.plan_id AND u.name = tu.name
            WHERE tu.task_id = t.id AND (u.department_id = $2 OR u.all_departments))
         ORDER BY t.due_on, t.plan_id, t.position"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(department_id)
        .fetch_all(pool)
        .await?)
}

pub async fn overdue_tasks(pool: &Pool<DB>, org_id: i64, today: NaiveDate) -> DbResult<Vec<Task>> {
    let sql = format!(
        "{TASK_SELECT} WHERE p.org_id = $1 AND t.completed_on IS NULL AND t.due_on < $2
         ORDER BY t.due_on, t.plan_id, t.position"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id)
        .bind(today)
        .fetch_all(pool)
        .await?)
}

pub async fn task_units(pool: &Pool<DB>, plan_id: i64) -> DbResult<Vec<TaskUnit>> {
    let sql =
        format!("{UNIT_SELECT} WHERE t.plan_id = $1 ORDER BY tu.task_id, tu.role, tu.position");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(plan_id)
        .fetch_all(pool)
        .await?)
}

pub async fn units_of_task(pool: &Pool<DB>, task_id: i64) -> DbResult<Vec<TaskUnit>> {
    let sql = format!("{UNIT_SELECT} WHERE tu.task_id = $1 ORDER BY tu.role, tu.position");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(task_id)
        .fetch_all(pool)
        .await?)
}

pub async fn units(pool: &Pool<DB>, plan_id: i64) -> DbResult<Vec<PlanUnit>> {
    Ok(sqlx::query_as(
        "SELECT u.name, u.department_id, d.name AS department_name, u.all_departments
         FROM work_plan_units u LEFT JOIN departments d ON d.id = u.department_id
         WHERE u.plan_id = $1 ORDER BY u.name",
    )
    .bind(plan_id)
    .fetch_all(pool)
    .await?)
}

pub async fn set_unit(
    pool: &Pool<DB>,
    org_id: i64,
    plan_id: i64,
    name: &str,
    choice: &UnitChoice,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let known: Option<(String,)> = sqlx::query_as(
        "SELECT u.name FROM work_plan_units u JOIN work_plans p ON p.id = u.plan_id
         WHERE u.plan_id = $1 AND p.org_id = $2 AND u.name = $3",
    )
    .bind(plan_id)
    .bind(org_id)
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    if known.is_none() {
        return Err(DbError::NotFound);
    }
    let (dep, all) = resolve(&mut tx, org_id, name, choice).await?;
    sqlx::query(
        "UPDATE work_plan_units SET department_id = $1, all_departments = $2
         WHERE plan_id = $3 AND name = $4",
    )
    .bind(dep)
    .bind(all)
    .bind(plan_id)
    .bind(name)
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "work_plan.unit",
        "work_plan",
        Some(plan_id),
        &format!("调整工作要点单位“{name}”的对应处室"),
        json!({ "department_id": dep, "all_departments": all }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn progress(pool: &Pool<DB>, task_id: i64) -> DbResult<Vec<Progress>> {
    Ok(sqlx::query_as(
        "SELECT g.id, g.task_id, g.completion, g.text, g.happened_on, d.name AS department_name,
            g.author, g.created_at, r.decision, r.note AS decision_note
         FROM work_plan_progress g
         LEFT JOIN departments d ON d.id = g.department_id
         LEFT JOIN work_plan_reviews r ON r.progress_id = g.id
         WHERE g.task_id = $1 ORDER BY g.id",
    )
    .bind(task_id)
    .fetch_all(pool)
    .await?)
}

pub async fn evidence(pool: &Pool<DB>, task_id: i64) -> DbResult<Vec<Evidence>> {
    Ok(sqlx::query_as(
        "SELECT e.id, e.progress_id, e.document_id, d.index_no, d.title AS document_title,
            e.file_name, e.size
         FROM work_plan_evidence e
         JOIN work_plan_progress g ON g.id = e.progress_id
         LEFT JOIN documents d ON d.id = e.document_id
         WHERE g.task_id = $1 ORDER BY e.id",
    )
    .bind(task_id)
    .fetch_all(pool)
    .await?)
}

pub async fn evidence_file(
    pool: &Pool<DB>,
    org_id: i64,
    evidence_id: i64,
) -> DbResult<Option<(String, String, Vec<u8>)>> {
    Ok(sqlx::query_as(
        "SELECT e.file_name, e.content_type, b.data
         FROM work_plan_evidence e
         JOIN blobs b ON b.sha256 = e.sha256
         JOIN work_plan_progress g ON g.id = e.progress_id
         JOIN work_plan_tasks t ON t.id = g.task_id
         JOIN work_plans p ON p.id = t.plan_id
         WHERE e.id = $1 AND p.org_id = $2",
    )
    .bind(evidence_id)
    .bind(org_id)
    .fetch_optional(pool)
    .await?)
}

/// The task's title and completion date, when it belongs to the organization.
async fn task_state(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    task_id: i64,
) -> DbResult<(String, Option<NaiveDate>, i64)> {
    let row: Option<(String, Option<NaiveDate>, i64)> = sqlx::query_as(
        "SELECT t.number, t.completed_on, t.plan_id FROM work_plan_tasks t
         JOIN work_plans p ON p.id = t.plan_id WHERE t.id = $1 AND p.org_id = $2",
    )
    .bind(task_id)
    .bind(org_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.ok_or(DbError::NotFound)
}

pub async fn add_progress(
    pool: &Pool<DB>,
    org_id: i64,
    task_id: i64,
    entry: &NewProgress,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    let mut tx = begin_write(pool).await?;
    let (number, completed_on, plan_id) = task_state(&mut tx, org_id, task_id).await?;
    check_progress(
        &entry.text,
        entry.happened_on,
        china_date(now),
        completed_on.is_some(),
    )
    .map_err(|(f, m)| DbError::field(f, m))?;
    if let Some(dep) = entry.department_id {
        orgs::own_department(&mut tx, org_id, dep, "department").await?;
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO work_plan_progress (task_id, completion, text, happened_on, department_id,
            author, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(task_id)
    .bind(entry.completion)
    .bind(entry.text.trim())
    .bind(entry.happened_on)
    .bind(entry.department_id)
    .bind(&actor.name)
    .bind(secs(now))
    .fetch_one(&mut *tx)
    .await?;
    for ev in &entry.evidence {
        match ev {
            NewEvidence::Document(index_no) => {
                let doc: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM documents WHERE index_no = $1 AND org_id = $2")
                        .bind(index_no.trim())
                        .bind(org_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((doc_id,)) = doc else {
                    return Err(DbError::field(
                        "evidence",
                        format!("索引号“{}”不是本机关目录中的信息", index_no.trim()),
                    ));
                };
                sqlx::query(
                    "INSERT INTO work_plan_evidence (progress_id, document_id) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(doc_id)
                .execute(&mut *tx)
                .await?;
            }
            NewEvidence::File {
                name,
                content_type,
                bytes,
            } => {
                let name = text_field("evidence", name, 200, Some("文件名"))?;
                let sha = store_blob(&mut tx, bytes).await?;
                sqlx::query(
                    "INSERT INTO work_plan_evidence (progress_id, file_name, content_type, size, sha256)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(&name)
                .bind(content_type)
                .bind(bytes.len() as i64)
                .bind(&sha)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    sqlx::query("UPDATE work_plan_tasks SET updated_at = $1 WHERE id = $2")
        .bind(secs(now))
        .bind(task_id)
        .execute(&mut *tx)
        .await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        if entry.completion {
            "work_plan.report_done"
        } else {
            "work_plan.progress"
        },
        "work_plan_task",
        Some(task_id),
        &format!(
            "{}工作要点任务{number}",
            if entry.completion {
                "报告完成"
            } else {
                "报送进展"
            }
        ),
        json!({ "plan_id": plan_id, "evidence": entry.evidence.len() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn review(
    pool: &Pool<DB>,
    org_id: i64,
    task_id: i64,
    decision: Decision,
    note: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let note = text_field("note", note, 2000, None)?;
    let mut tx = begin_write(pool).await?;
    let (number, completed_on, plan_id) = task_state(&mut tx, org_id, task_id).await?;
    let waiting: Option<(i64,)> = sqlx::query_as(
        "SELECT g.id FROM work_plan_progress g WHERE g.task_id = $1 AND g.completion
           AND NOT EXISTS (SELECT 1 FROM work_plan_reviews r WHERE r.progress_id = g.id)
         ORDER BY g.id DESC LIMIT 1",
    )
    .bind(task_id)
    .fetch_optional(&mut *tx)
    .await?;
    check_review(waiting.is_some(), completed_on.is_some(), decision, &note)
        .map_err(|m| DbError::field("note", m))?;
    let Some((progress_id,)) = waiting else {
        return Err(DbError::NotFound);
    };
    let today = china_date(now);
    sqlx::query(
        "INSERT INTO work_plan_reviews (task_id, progress_id, decision, note, decided_on, author, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(task_id)
    .bind(progress_id)
    .bind(decision.as_str())
    .bind(&note)
    .bind(today)
    .bind(&actor.name)
    .bind(secs(now))
    .execute(&mut *tx)
    .await?;
    // An earlier report left waiting is decided by this one too: one decision per report.
    sqlx::query(
        "INSERT INTO work_plan_reviews (task_id, progress_id, decision, note, decided_on, author, created_at)
         SELECT g.task_id, g.id, $2, $3, $4, $5, $6 FROM work_plan_progress g
         WHERE g.task_id = $1 AND g.completion
           AND NOT EXISTS (SELECT 1 FROM work_plan_reviews r WHERE r.progress_id = g.id)",
    )
    .bind(task_id)
    .bind(decision.as_str())
    .bind(&note)
    .bind(today)
    .bind(&actor.name)
    .bind(secs(now))
    .execute(&mut *tx)
    .await?;
    if decision == Decision::Accept {
        sqlx::query("UPDATE work_plan_tasks SET completed_on = $1, updated_at = $2 WHERE id = $3")
            .bind(today)
            .bind(secs(now))
            .bind(task_id)
            .execute(&mut *tx)
            .await?;
    }
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "work_plan.review",
        "work_plan_task",
        Some(task_id),
        &format!("工作要点任务{number}：{}", decision.label()),
        json!({ "plan_id": plan_id, "decision": decision.as_str() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn clean_units(units: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in units.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
        if !out.iter().any(|o| o == u) {
            out.push(u.to_string());
        }
    }
    out
}

/// A task's edited fields, checked; the title defaults to the text's first sentence.
struct Checked {
    number: String,
    title: String,
    text: String,
    deadline_text: Option<String>,
    lead: Vec<String>,
    responsible: Vec<String>,
}

fn check_edit(edit: &TaskEdit) -> DbResult<Checked> {
    let mut errors = gongkai_core::FieldErrors::new();
    let number = text_field("number", &edit.number, 20, Some("序号"));
    let text = text_field("text", &edit.text, 5000, Some("任务内容"));
    let title = text_field("title", &edit.title, 300, None);
    let deadline_text = text_field("deadline_text", &edit.deadline_text, 200, None);
    for r in [&number, &text, &title, &deadline_text] {
        if let Err(DbError::Invalid(e)) = r {
            errors.0.extend(e.0.iter().cloned());
        }
    }
    let lead = clean_units(&edit.lead_units);
    let responsible = clean_units(&edit.responsible_units);
    if lead
        .iter()
        .chain(&responsible)
        .any(|u| u.chars().count() > 50)
    {
        errors.add("units", "单位名称不超过50个字");
    }
    if !errors.is_empty() {
        return Err(DbError::Invalid(errors));
    }
    let (number, text, title, deadline_text) = (number?, text?, title?, deadline_text?);
    let title = if title.is_empty() {
        gongkai_core::work_plan::first_sentence_of(&text)
    } else {
        title
    };
    Ok(Checked {
        number,
        title,
        text,
        deadline_text: (!deadline_text.is_empty()).then_some(deadline_text),
        lead,
        responsible,
    })
}

/// The due date of a task of the plan: its deadline, else the plan year's end.
async fn due_in_plan(
    tx: &mut Transaction<'_, DB>,
    plan_id: i64,
    deadline: Option<NaiveDate>,
) -> DbResult<NaiveDate> {
    let (year,): (i64,) = sqlx::query_as("SELECT year FROM work_plans WHERE id = $1")
        .bind(plan_id)
        .fetch_one(&mut **tx)
        .await?;
    deadline
        .or_else(|| NaiveDate::from_ymd_opt(i32::try_from(year).unwrap_or(0), 12, 31))
        .ok_or_else(|| DbError::field("deadline", "截止日期不正确"))
}

/// Writes a task's unit names, adding the names new to the plan matched like an import's.
async fn write_units(
    tx: &mut Transaction<'_, DB>,
    org_id: i64,
    plan_id: i64,
    task_id: i64,
    c: &Checked,
) -> DbResult<()> {
    sqlx::query("DELETE FROM work_plan_task_units WHERE task_id = $1")
        .bind(task_id)
        .execute(&mut **tx)
        .await?;
    insert_task_units(tx, task_id, &c.lead, &c.responsible).await?;
    let departments: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM departments WHERE org_id = $1 ORDER BY position, id")
            .bind(org_id)
            .fetch_all(&mut **tx)
            .await?;
    for name in c.lead.iter().chain(&c.responsible) {
        let m = match_unit(name, &departments);
        sqlx::query(
            "INSERT INTO work_plan_units (plan_id, name, department_id, all_departments)
             VALUES ($1, $2, $3, $4) ON CONFLICT (plan_id, name) DO NOTHING",
        )
        .bind(plan_id)
        .bind(name)
        .bind(m.department())
        .bind(m == UnitMatch::All)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn update_task(
    pool: &Pool<DB>,
    org_id: i64,
    task_id: i64,
    edit: &TaskEdit,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let c = check_edit(edit)?;
    let mut tx = begin_write(pool).await?;
    let (_, _, plan_id) = task_state(&mut tx, org_id, task_id).await?;
    let due = due_in_plan(&mut tx, plan_id, edit.deadline).await?;
    sqlx::query(
        "UPDATE work_plan_tasks SET number = $1, title = $2, text = $3, deadline_text = $4,
            deadline = $5, due_on = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(&c.number)
    .bind(&c.title)
    .bind(&c.text)
    .bind(&c.deadline_text)
    .bind(edit.deadline)
    .bind(due)
    .bind(secs(now))
    .bind(task_id)
    .execute(&mut *tx)
    .await?;
    write_units(&mut tx, org_id, plan_id, task_id, &c).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "work_plan.edit",
        "work_plan_task",
        Some(task_id),
        &format!("修改工作要点任务{}", c.number),
        json!({ "plan_id": plan_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a task the import missed, right after `after_id`, in the same part and section.
pub async fn add_task_after(
    pool: &Pool<DB>,
    org_id: i64,
    after_id: i64,
    edit: &TaskEdit,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    let c = check_edit(edit)?;
    let mut tx = begin_write(pool).await?;
    let (_, _, plan_id) = task_state(&mut tx, org_id, after_id).await?;
    let due = due_in_plan(&mut tx, plan_id, edit.deadline).await?;
    let (position,): (i64,) = sqlx::query_as("SELECT position FROM work_plan_tasks WHERE id = $1")
        .bind(after_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE work_plan_tasks SET position = position + 1 WHERE plan_id = $1 AND position > $2",
    )
    .bind(plan_id)
    .bind(position)
    .execute(&mut *tx)
    .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO work_plan_tasks (plan_id, position, part_number, part_title, section_number,
            section_title, number, title, text, deadline_text, deadline, due_on, updated_at)
         SELECT plan_id, $1, part_number, part_title, section_number, section_title,
            $2, $3, $4, $5, $6, $7, $8
         FROM work_plan_tasks WHERE id = $9 RETURNING id",
    )
    .bind(position + 1)
    .bind(&c.number)
    .bind(&c.title)
    .bind(&c.text)
    .bind(&c.deadline_text)
    .bind(edit.deadline)
    .bind(due)
    .bind(secs(now))
    .bind(after_id)
    .fetch_one(&mut *tx)
    .await?;
    write_units(&mut tx, org_id, plan_id, id, &c).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "work_plan.add_task",
        "work_plan_task",
        Some(id),
        &format!("新增工作要点任务{}", c.number),
        json!({ "plan_id": plan_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Deletes the rows of the given tasks (their units and reminders first).
async fn delete_tasks(
    tx: &mut Transaction<'_, DB>,
    where_plan: i64,
    task: Option<i64>,
) -> DbResult<()> {
    let filter = "task_id IN (SELECT id FROM work_plan_tasks WHERE plan_id = $1 AND ($2 IS NULL OR id = $2))";
    for table in ["work_plan_task_units", "work_plan_reminders"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE {filter}"
        )))
        .bind(where_plan)
        .bind(task)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM work_plan_tasks WHERE plan_id = $1 AND ($2 IS NULL OR id = $2)")
        .bind(where_plan)
        .bind(task)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether any of the plan's tasks (or the one task) has a progress entry.
async fn has_progress(
    tx: &mut Transaction<'_, DB>,
    plan_id: i64,
    task: Option<i64>,
) -> DbResult<bool> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT g.id FROM work_plan_progress g JOIN work_plan_tasks t ON t.id = g.task_id
         WHERE t.plan_id = $1 AND ($2 IS NULL OR t.id = $2) LIMIT 1",
    )
    .bind(plan_id)
    .bind(task)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

/// Deletes a task recognised by mistake; refused once progress was reported on it.
pub async fn delete_task(
    pool: &Pool<DB>,
    org_id: i64,
    task_id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    let mut tx = begin_write(pool).await?;
    let (number, _, plan_id) = task_state(&mut tx, org_id, task_id).await?;
    if has_progress(&mut tx, plan_id, Some(task_id)).await? {
        return Err(DbError::Conflict("已有进展记录的任务不能删除".into()));
    }
    delete_tasks(&mut tx, plan_id, Some(task_id)).await?;
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "work_plan.delete_task",
        "work_plan_task",
        Some(task_id),
        &format!("删除工作要点任务{number}"),
        json!({ "plan_id": plan_id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(plan_id)
}

/// Deletes a plan imported by mistake; refused once progress was reported on any task.
pub async fn delete_plan(
    pool: &Pool<DB>,
    org_id: i64,
    plan_id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> DbResult<()> {
    let mut tx = begin_write(pool).await?;
    let plan: Option<(String,)> =
        sqlx::query_as("SELECT title FROM work_plans WHERE id = $1 AND org_id = $2")
            .bind(plan_id)
            .bind(org_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (title,) = plan.ok_or(DbError::NotFound)?;
    if has_progress(&mut tx, plan_id, None).await? {
        return Err(DbError::Conflict(
            "已有任务报送了进展，不能删除该工作要点".into(),
        ));
    }
    delete_tasks(&mut tx, plan_id, None).await?;
    for sql in [
        "DELETE FROM work_plan_units WHERE plan_id = $1",
        "DELETE FROM work_plans WHERE id = $1",
    ] {
        sqlx::query(sql).bind(plan_id).execute(&mut *tx).await?;
    }
    audit::append(
        &mut tx,
        actor,
        Some(org_id),
        "work_plan.delete",
        "work_plan",
        Some(plan_id),
        &format!("删除工作要点《{title}》"),
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Per unit name, the newest plan's mapping of it to a department or to every department.
pub async fn remembered_units(pool: &Pool<DB>, org_id: i64) -> DbResult<Vec<PlanUnit>> {
    Ok(sqlx::query_as(
        "SELECT u.name, u.department_id, d.name AS department_name, u.all_departments
         FROM work_plan_units u
         JOIN work_plans p ON p.id = u.plan_id
         LEFT JOIN departments d ON d.id = u.department_id
         WHERE p.org_id = $1 AND (u.department_id IS NOT NULL OR u.all_departments)
           AND NOT EXISTS (
             SELECT 1 FROM work_plan_units u2 JOIN work_plans p2 ON p2.id = u2.plan_id
             WHERE p2.org_id = $1 AND u2.name = u.name AND p2.id > p.id
               AND (u2.department_id IS NOT NULL OR u2.all_departments))
         ORDER BY u.name",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await?)
}
