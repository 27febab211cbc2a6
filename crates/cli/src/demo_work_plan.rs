//! The demo bureau's work plan for the current year: imported from text with its units matched
//! to the departments (core `work_plan::matching`, as the import page proposes), one task
//! completed and confirmed, one under way — through the same `Db` methods staff use.

use gongkai_core::work_plan::matching::{UnitMatch, match_unit};
use gongkai_core::work_plan::parse;
use gongkai_core::work_plan::tracking::Decision;
use gongkai_db::work_plans::{NewProgress, UnitChoice};
use gongkai_db::{Actor, Db};
use gongkai_web::Clock;

fn plan_text(year: i32) -> String {
    format!(
        "示范市民政局{year}年政务公开工作要点\n\
         一、聚焦重点领域信息公开\n\
         1.及时公开最低生活保障、特困人员救助供养等社会救助政策和标准调整情况，做好政策解读。（责任单位：社会救助处）\n\
         2.公开养老服务补贴、高龄津贴发放政策和养老机构名录，6月底前完成名录更新。（责任单位：养老服务处）\n\
         3.做好困境儿童保障政策公开，上半年发布年度工作情况。（责任单位：儿童福利处）\n\
         二、规范政策文件管理\n\
         4.3月底前完成行政规范性文件清理，公开现行有效文件目录。（牵头单位：政策法规处；责任单位：各处室）\n\
         5.严格落实政策文件与解读材料同步组织、同步审签、同步部署。（责任单位：政策法规处、办公室）\n\
         三、夯实公开工作基础\n\
         6.1月31日前发布上年度政府信息公开工作年度报告。（责任单位：办公室）\n\
         7.规范依申请公开办理，年内组织一次业务培训。（责任单位：办公室）\n\
         8.加强政府网站和政务新媒体内容保障，12月底前完成栏目梳理。（牵头单位：办公室；责任单位：各处室）\n"
    )
}

/// Adds the plan; the demo editor works in 办公室 (set by the caller).
pub async fn load(db: &Db, clock: &Clock, org_id: i64) -> anyhow::Result<()> {
    let now = clock.now();
    let today = clock.today();
    let staff = Actor::system("演示数据");
    let plan = parse(&plan_text(chrono::Datelike::year(&today)), None);
    let departments: Vec<(i64, String)> = db
        .departments(org_id)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let units: Vec<(String, UnitChoice)> = plan
        .unit_names()
        .into_iter()
        .map(|name| {
            let choice = match match_unit(&name, &departments) {
                UnitMatch::Exact(d) | UnitMatch::Close(d) => UnitChoice::Department(d),
                UnitMatch::All => UnitChoice::All,
                UnitMatch::None => UnitChoice::Unmapped,
            };
            (name, choice)
        })
        .collect();
    let id = db
        .create_work_plan(org_id, &plan, "演示数据", &units, &staff, now)
        .await?;
    let tasks = db.work_plan_tasks(id).await?;
    let office = departments.iter().find(|d| d.1 == "办公室").map(|d| d.0);
    // Task 6 (the annual report) reported done and confirmed; task 7 under way.
    let report = |text: &str, completion| NewProgress {
        text: text.into(),
        happened_on: today,
        completion,
        department_id: office,
        evidence: Vec::new(),
    };
    if let Some(t) = tasks.iter().find(|t| t.number == "6") {
        db.add_work_plan_progress(
            org_id,
            t.id,
            &report("已在政府信息公开专栏发布上年度年度报告。", true),
            &staff,
            now,
        )
        .await?;
        db.review_work_plan_task(org_id, t.id, Decision::Accept, "", &staff, now)
            .await?;
    }
    if let Some(t) = tasks.iter().find(|t| t.number == "7") {
        db.add_work_plan_progress(
            org_id,
            t.id,
            &report("已拟定培训方案，正在征求各处室意见。", false),
            &staff,
            now,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_plan_parses_cleanly() {
        let plan = gongkai_core::work_plan::parse(&super::plan_text(2026), None);
        assert_eq!(plan.tasks().count(), 8);
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        assert_eq!(plan.year, 2026);
    }
}
