//! Work plans: the two real plans in `tests/samples/` (copies of the shared samples), every task with its number, units and
//! deadline words. The expectations were written by reading the documents, not from the parser.

use chrono::NaiveDate;
use gongkai_core::work_plan::{ParsedPlan, Task, parse};

fn sample(name: &str) -> String {
    let path = format!("{}/tests/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("sample {path} missing: {e}"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn list(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split('、').map(String::from).collect()
    }
}

/// One expected task: number, lead units, responsible units (each list joined by 、),
/// deadline words and date.
type Expected = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

fn check(plan: &ParsedPlan, expected: &[Expected]) {
    let tasks: Vec<&Task> = plan.tasks().collect();
    assert_eq!(tasks.len(), expected.len(), "task count");
    for (task, &(number, lead, resp, words, deadline)) in tasks.iter().zip(expected) {
        assert_eq!(task.number, number);
        assert_eq!(task.lead_units, list(lead), "lead units of task {number}");
        assert_eq!(
            task.responsible_units,
            list(resp),
            "responsible units of task {number}"
        );
        assert_eq!(
            task.deadline_text.as_deref(),
            words,
            "deadline words of task {number}"
        );
        assert_eq!(
            task.deadline,
            deadline.map(date),
            "deadline of task {number}"
        );
    }
}

const GANSU_ALL: &str = "省政府各部门、各市州政府、兰州新区管委会";
const GANSU_SOME: &str = "省政府有关部门、各市州政府、兰州新区管委会";
const OFFICE: &str = "省政府办公厅";

#[rustfmt::skip]
const GANSU: &[Expected] = &[
    ("1", "", GANSU_ALL, None, None),
    ("2", OFFICE, GANSU_ALL, None, None),
    ("3", "", GANSU_SOME, None, None),
    ("4", "省审改办", "省政府有关部门", None, None),
    ("5", "省财政厅", GANSU_SOME, Some("6月底前"), Some("2018-06-30")),
    ("6", "省发展改革委、省国土资源厅、省林业厅、省公共资源交易局", GANSU_SOME, None, None),
    ("7", "省公共资源交易局", GANSU_SOME, None, None),
    ("8", "", GANSU_SOME, Some("2018年6月底前；年内"), Some("2018-12-31")),
    ("9", "", GANSU_ALL, None, None),
    ("10", "", GANSU_ALL, None, None),
    ("11", "", GANSU_SOME, None, None),
    ("12", "", GANSU_ALL, Some("年内"), Some("2018-12-31")),
    ("13", "", GANSU_ALL, Some("24小时内"), Some("2018-12-31")),
    ("14", "", GANSU_ALL, None, None),
    ("15", "", GANSU_ALL, None, None),
    ("16", "", "省政府办公厅、各市州政府、兰州新区管委会", None, None),
    ("17", "省政府办公厅、省编办〔省审改办〕", GANSU_SOME, None, None),
    ("18", OFFICE, GANSU_SOME, None, None),
    ("19", OFFICE, GANSU_SOME, None, None),
    ("20", "", GANSU_ALL, None, None),
    ("21", OFFICE, GANSU_SOME, None, None),
    ("22", OFFICE, GANSU_SOME, None, None),
    ("23", OFFICE, GANSU_SOME, None, None),
    ("24", "省编办〔省审改办〕、省质监局", GANSU_SOME, Some("1个工作日内"), Some("2018-12-31")),
    ("25", "", "省政府办公厅、各市州政府、兰州新区管委会", None, None),
    ("26", "", "省政府办公厅、各市州政府、兰州新区管委会", None, None),
    ("27", "省编办〔省审改办〕、省政府办公厅", "", None, None),
    ("28", "省工商局、省建设厅", "各市州政府、兰州新区管委会", None, None),
    ("29", "省编办〔省审改办〕", GANSU_SOME, None, None),
    ("30", OFFICE, GANSU_SOME, None, None),
    ("31", OFFICE, GANSU_ALL, None, None),
    ("32", OFFICE, GANSU_ALL, None, None),
    ("33", OFFICE, GANSU_ALL, Some("年内"), Some("2018-12-31")),
    ("34", OFFICE, GANSU_ALL, None, None),
    ("35", "", GANSU_ALL, None, None),
    ("36", "", "各市州政府、兰州新区管委会", Some("年底前"), Some("2018-12-31")),
    ("37", "", GANSU_ALL, None, None),
    ("38", OFFICE, "", None, None),
    ("39", "", "省政府各部门、各市州政府", None, None),
    ("40", "", "省政府有关部门、各相关市州政府", Some("12月底前"), Some("2018-12-31")),
    ("41", "", GANSU_ALL, None, None),
    ("42", "", GANSU_ALL, None, None),
    ("43", "", "各市州政府、兰州新区管委会", None, None),
    ("44", "", "省政府办公厅、省政府各部门、各市州政府、兰州新区管委会", Some("年底前"), Some("2018-12-31")),
];

#[test]
fn gansu_2018_every_task() {
    let plan = parse(&sample("work-plan-2018-gansu-province.txt"), None);
    assert_eq!(plan.problems, Vec::<String>::new());
    assert_eq!(plan.title.as_deref(), Some("甘肃省2018年政务公开工作要点"));
    assert_eq!(plan.issuer.as_deref(), Some("甘肃省人民政府办公厅"));
    assert_eq!(plan.doc_no.as_deref(), Some("甘政办发〔2018〕83号"));
    assert_eq!(plan.date, Some(date("2018-05-23")));
    assert_eq!(plan.year, 2018);

    // 4 parts, 17 sections, 44 tasks.
    let parts: Vec<(&str, &str, usize)> = plan
        .parts
        .iter()
        .map(|p| (p.number.as_str(), p.title.as_str(), p.sections.len()))
        .collect();
    assert_eq!(
        parts,
        [
            ("一", "着力加强公开解读回应工作", 4),
            ("二", "着力提升政务服务工作实效", 3),
            ("三", "着力推进政务公开平台建设", 4),
            ("四", "着力推进政务公开制度化规范化", 6),
        ]
    );
    assert!(plan.parts.iter().all(|p| p.tasks.is_empty()));
    assert_eq!(plan.section_count(), 17);
    let per_section: Vec<(String, usize)> = plan
        .parts
        .iter()
        .flat_map(|p| &p.sections)
        .map(|s| (s.number.clone(), s.tasks.len()))
        .collect();
    let numbers = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
        "十五", "十六", "十七",
    ];
    let counts = [4, 5, 3, 4, 6, 4, 4, 4, 1, 1, 1, 2, 1, 1, 1, 1, 1];
    let expected: Vec<(String, usize)> = numbers
        .iter()
        .zip(counts)
        .map(|(n, c)| (format!("（{n}）"), c))
        .collect();
    assert_eq!(per_section, expected);
    let first = &plan.parts[0].sections[0];
    assert_eq!(first.title, "围绕建设法治政府全面推进政务公开");
    assert_eq!(plan.parts[2].sections[1].title, "用好“两微一端”新平台");

    check(&plan, GANSU);

    let tasks: Vec<&Task> = plan.tasks().collect();
    assert_eq!(tasks[0].title, "推进政策执行更加阳光透明");
    assert!(
        tasks[0]
            .text
            .starts_with("推进政策执行更加阳光透明。把公开透明")
    );
    assert!(
        tasks[0]
            .text
            .ends_with("(责任单位:省政府各部门、各市州政府、兰州新区管委会)")
    );
    assert_eq!(tasks[15].title, "建立问责制度");
    // The page footer after the last task is not part of it.
    assert!(
        tasks[43].text.ends_with("兰州新区管委会)"),
        "{}",
        tasks[43].text
    );
    // Due dates: the deadline, else the year end.
    assert_eq!(tasks[0].due(plan.year), Some(date("2018-12-31")));
    assert_eq!(tasks[4].due(plan.year), Some(date("2018-06-30")));
}

const SH_OFFICE_LAW_REL: &str = "办公室、法规处、相关处室";

#[rustfmt::skip]
const SHANGHAI: &[Expected] = &[
    ("1", "", "救助处", None, None),
    ("2", "", "养老服务处", None, None),
    ("3", "", "儿福处", None, None),
    ("4", "", "残福处", None, None),
    ("5", "", "登记处、相关处室", None, None),
    ("6", "", "社管处、相关处室", None, None),
    ("7", "", "社团处", None, None),
    ("8", "", "慈善处、基金会处、法规处", None, None),
    ("9", "", "婚管处、殡管处", None, None),
    ("10", "", "组织人事处、计财处", None, None),
    ("11", "", SH_OFFICE_LAW_REL, None, None),
    ("12", "", "相关处室、办公室、法规处、传媒中心", None, None),
    ("13", "", "社团处、相关处室、办公室", None, None),
    ("14", "", "养老服务处、办公室", None, None),
    ("15", "", "信访办、相关处室、社区服务中心", None, None),
    ("16", "", "相关处室、办公室、传媒中心", Some("年内"), Some("2024-12-31")),
    ("17", "", "相关处室、法规处", None, None),
    ("18", "", "办公室、相关处室", None, None),
    ("19", "", "办公室、相关处室", Some("8月份"), Some("2024-08-31")),
    ("20", "", "社区服务中心、信访办、办公室、相关处室", None, None),
    ("21", "", SH_OFFICE_LAW_REL, None, None),
    ("22", "", SH_OFFICE_LAW_REL, None, None),
    ("23", "", "宣传处、办公室、相关处室、传媒中心", None, None),
    ("24", "", "法规处、办公室、组织人事处", Some("上半年"), Some("2024-06-30")),
    ("25", "", "办公室、组织人事处、各处室", None, None),
];

#[test]
fn shanghai_2024_every_task() {
    let plan = parse(&sample("work-plan-2024-shanghai-civil-affairs.txt"), None);
    assert_eq!(plan.problems, Vec::<String>::new());
    assert_eq!(
        plan.title.as_deref(),
        Some("2024年上海市民政局政务公开工作要点")
    );
    assert_eq!(plan.issuer.as_deref(), Some("上海市民政局"));
    assert_eq!(plan.doc_no.as_deref(), Some("沪民便函〔2024〕73 号"));
    assert_eq!(plan.date, Some(date("2024-04-15")));
    assert_eq!(plan.year, 2024);

    // 4 parts, no sections, 25 tasks directly under the parts.
    let parts: Vec<(&str, &str, usize)> = plan
        .parts
        .iter()
        .map(|p| (p.number.as_str(), p.title.as_str(), p.tasks.len()))
        .collect();
    assert_eq!(
        parts,
        [
            ("一", "突出聚焦重点工作,依法依规做实主动公开", 10),
            ("二", "着眼政策落地见效,优化全流程公开", 6),
            ("三", "践行人民城市理念,持续深化公众参与", 4),
            ("四", "夯实工作基础,提升政务公开质效", 5),
        ]
    );
    assert_eq!(plan.section_count(), 0);

    check(&plan, SHANGHAI);

    let tasks: Vec<&Task> = plan.tasks().collect();
    assert_eq!(tasks[20].title, "更好统筹政务公开和安全保密");
    assert_eq!(
        tasks[0].title,
        "围绕开展分层分类社会救助工作,及时发布新修订的社会救助家庭经济状况认定标准、认定办法等相关文件,及时解读本市《关于加强低收入人口动态监测,做好分层分类社会救助工作的实施意见》"
    );
    // The page's note after the last task is not part of it.
    assert!(
        tasks[24]
            .text
            .ends_with("(责任单位:办公室、组织人事处、各处室)")
    );
    // --year wins.
    let plan = parse(
        &sample("work-plan-2024-shanghai-civil-affairs.txt"),
        Some(2025),
    );
    assert_eq!(plan.year, 2025);
    assert_eq!(
        plan.tasks().nth(18).unwrap().deadline,
        Some(date("2025-08-31"))
    );
}
