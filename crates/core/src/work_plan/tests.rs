use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

/// The task of a one-task plan and the plan's problems, but for the missing units (most bodies
/// here name none).
fn one_task(body: &str) -> (Task, Vec<String>) {
    let plan = parse(&format!("2024年政务公开工作要点\n一、总体\n1.{body}"), None);
    let task = plan.tasks().next().expect("a task").clone();
    let problems = plan
        .problems
        .into_iter()
        .filter(|p| !p.contains("未写明牵头单位或责任单位"))
        .collect();
    (task, problems)
}

fn units_of(body: &str) -> (Vec<String>, Vec<String>) {
    let (t, _) = one_task(body);
    (t.lead_units, t.responsible_units)
}

fn v(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}

#[test]
fn unit_spellings() {
    assert_eq!(
        units_of("做好公开。（牵头单位：省政府办公厅；责任单位：各市州政府、兰州新区管委会）"),
        (v(&["省政府办公厅"]), v(&["各市州政府", "兰州新区管委会"]))
    );
    assert_eq!(
        units_of("做好公开。(牵头单位:省编办〔省审改办〕、省政府办公厅)"),
        (v(&["省编办〔省审改办〕", "省政府办公厅"]), v(&[]))
    );
    assert_eq!(
        units_of("做好公开。（省政府办公厅牵头，各市州政府负责）"),
        (v(&["省政府办公厅"]), v(&["各市州政府"]))
    );
    assert_eq!(
        units_of("做好公开（省政府办公厅、省财政厅牵头，省政府各部门按职责分工负责）。"),
        (v(&["省政府办公厅", "省财政厅"]), v(&["省政府各部门"]))
    );
    assert_eq!(
        units_of("做好公开。(责任单位: 办公室，法规处)"),
        (v(&[]), v(&["办公室", "法规处"]))
    );
    assert_eq!(
        units_of("做好公开。\n牵头单位：市政府办公室\n责任单位：各区政府"),
        (v(&["市政府办公室"]), v(&["各区政府"]))
    );
    // Brackets that are no annotation.
    assert_eq!(
        units_of("按照《通知》（国办发〔2018〕22号）要求，报送总结（总体情况、做法、成果等）。"),
        (v(&[]), v(&[]))
    );
    // A role word in a bracket in the middle is no annotation.
    assert_eq!(
        units_of("由（各部门负责）的事项及时公开。"),
        (v(&[]), v(&[]))
    );
}

#[test]
fn deadline_words() {
    let cases: &[(&str, &str, &str)] = &[
        ("6月底前完成。", "6月底前", "2024-06-30"),
        ("12月底前完成。", "12月底前", "2024-12-31"),
        ("年底前完成。", "年底前", "2024-12-31"),
        ("年内完成。", "年内", "2024-12-31"),
        ("上半年完成。", "上半年", "2024-06-30"),
        ("下半年完成。", "下半年", "2024-12-31"),
        ("8月份开展。", "8月份", "2024-08-31"),
        (
            "于每年1月1日至5月31日公开。",
            "每年1月1日至5月31日",
            "2024-05-31",
        ),
        ("一季度完成。", "一季度", "2024-03-31"),
        ("第三季度末前完成。", "第三季度末前", "2024-09-30"),
        ("3月15日前报送。", "3月15日前", "2024-03-15"),
        ("2月29日前报送。", "2月29日前", "2024-02-29"),
        ("六月底前完成。", "六月底前", "2024-06-30"),
        ("9月中旬前完成。", "9月中旬前", "2024-09-20"),
        ("6月前完成。", "6月前", "2024-05-31"),
        ("2025年底前完成。", "2025年底前", "2025-12-31"),
        ("2025年3月底前完成。", "2025年3月底前", "2025-03-31"),
        ("今年底前完成。", "今年底前", "2024-12-31"),
        ("应在24小时内发布。", "24小时内", "2024-12-31"),
        ("5个工作日内答复。", "5个工作日内", "2024-12-31"),
    ];
    for &(body, words, date) in cases {
        let (t, problems) = one_task(body);
        assert_eq!(t.deadline_text.as_deref(), Some(words), "{body}");
        assert_eq!(t.deadline, d(date), "{body}");
        assert!(problems.is_empty(), "{body}: {problems:?}");
    }
    // No deadline: spans of years, dates that are no limit, plain years.
    for body in [
        "三年内完成。",
        "近两年内形成经验。",
        "2024年内容建设。",
        "于2024年6月30日召开会议。",
        "编制2024年度目录（2024年版）。",
        "统一月度报告，落实“十四五”规划，第一解读人。",
    ] {
        let (t, problems) = one_task(body);
        assert_eq!(t.deadline_text, None, "{body}");
        assert_eq!(t.deadline, None, "{body}");
        assert!(problems.is_empty(), "{body}: {problems:?}");
        assert_eq!(t.due(2024), d("2024-12-31"));
    }
    // Several: all the words, the latest date.
    let (t, _) = one_task("6月底前制定办法，年底前完成。");
    assert_eq!(t.deadline_text.as_deref(), Some("6月底前；年底前"));
    assert_eq!(t.deadline, d("2024-12-31"));
}

#[test]
fn unreadable_deadlines_are_problems() {
    let (t, problems) = one_task("在13月底前完成。");
    assert_eq!(t.deadline_text.as_deref(), Some("13月底前"));
    assert_eq!(t.deadline, None);
    assert_eq!(problems, v(&["任务 1：期限“13月底前”无法识别为日期。"]));
    let (_, problems) = one_task("2月30日前完成；第五季度完成。");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("2月30日前"));
    assert!(problems[1].contains("第五季度"));
}

#[test]
fn sections_without_numbered_items_are_the_tasks() {
    let text = "某某局2023年政务公开工作要点\n\
        一、加强主动公开\n\
        （一）做好财政信息公开。6月底前公开预算。（责任单位：财务处）\n\
        (二)做好政策解读。\n加强解读材料审核。\n（牵头单位：办公室；责任单位：各处室）\n\
        二、加强平台建设\n\
        持续优化网站。（责任单位：信息中心）\n";
    let plan = parse(text, None);
    assert_eq!(plan.problems, Vec::<String>::new());
    assert_eq!(plan.year, 2023);
    let s = &plan.parts[0].sections;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].number, "（一）");
    assert_eq!(s[0].title, "做好财政信息公开");
    assert_eq!(s[0].tasks.len(), 1);
    let t = &s[0].tasks[0];
    assert_eq!(t.number, "（一）");
    assert_eq!(t.responsible_units, v(&["财务处"]));
    assert_eq!(t.deadline, d("2023-06-30"));
    let t = &s[1].tasks[0];
    assert_eq!(t.number, "（二）");
    assert_eq!(
        t.text,
        "做好政策解读。\n加强解读材料审核。\n（牵头单位：办公室；责任单位：各处室）"
    );
    assert_eq!(t.lead_units, v(&["办公室"]));
    assert_eq!(t.responsible_units, v(&["各处室"]));
    // A part with neither sections nor tasks is itself the task.
    let p = &plan.parts[1];
    assert_eq!(p.tasks.len(), 1);
    assert_eq!(p.tasks[0].number, "二");
    assert_eq!(p.tasks[0].responsible_units, v(&["信息中心"]));
}

#[test]
fn numbering_variants_and_gaps() {
    let text = "2022年工作要点\n一、甲\n1、做甲。\n２．做乙。\n4.做丁。\n1.5亿元资金及时公开。\n三、丙\n1.做戊。\n";
    let plan = parse(text, None);
    let numbers: Vec<&str> = plan.tasks().map(|t| t.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "4", "1"]);
    // "1.5亿元" is no task number: it continues task 4.
    assert!(
        plan.tasks()
            .nth(2)
            .unwrap()
            .text
            .ends_with("1.5亿元资金及时公开。")
    );
    assert_eq!(
        plan.problems,
        v(&[
            "任务编号不连续：任务 2 之后是任务 4。",
            "部分编号不连续：“一”之后是“三”。",
            "所有任务都未写明牵头单位或责任单位。",
        ])
    );
    // Numbering starting again at 1 in each section is fine.
    let text = "2022年工作要点\n（一）甲（责任单位：办公室）\n1.做甲。\n2.做乙。\n（二）乙\n1.做丙。（责任单位：法规处）\n";
    let plan = parse(text, None);
    assert_eq!(plan.problems, Vec::<String>::new());
    assert_eq!(plan.parts.len(), 1);
    assert_eq!(plan.parts[0].number, "");
    assert_eq!(plan.tasks().count(), 3);
}

#[test]
fn numbering_steps_back_and_repeats() {
    // 2. after 4., a repeated 3., a repeated section, a repeated part.
    let text = "2024年工作要点\n一、甲\n（一）子\n1.做甲。（责任单位：办公室）\n\
        2.做乙。（责任单位：办公室）\n3.做丙。（责任单位：办公室）\n4.做丁。（责任单位：办公室）\n\
        2.做戊。（责任单位：办公室）\n3.做己。（责任单位：办公室）\n3.做庚。（责任单位：办公室）\n\
        （一）又一节\n一、又一部分\n";
    let plan = parse(text, None);
    assert_eq!(
        plan.problems,
        v(&[
            "任务编号不连续：任务 4 之后是任务 2。",
            "任务编号重复：任务 3 出现了两次。",
            "节编号重复：“（一）”出现了两次。",
            "部分编号重复：“一”出现了两次。",
            "任务（一）：未写明牵头单位或责任单位。",
            "任务 一：未写明牵头单位或责任单位。",
        ])
    );
    // Everything is still there to be edited.
    let numbers: Vec<&str> = plan.tasks().map(|t| t.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "2", "3", "3", "（一）", "一"]);
    // Starting at another number than 1.
    let plan = parse(
        "2024年工作要点\n一、甲\n3.做甲。（责任单位：办公室）\n",
        None,
    );
    assert_eq!(
        plan.problems,
        v(&["任务编号不连续：第一项任务的编号是 3。"])
    );
}

#[test]
fn tasks_without_units() {
    // Some tasks without units: one problem each.
    let text = "2024年工作要点\n一、甲\n1.做甲。（责任单位：办公室）\n2.做乙。\n\
        二、乙\n（一）做丙。\n（二）做丁。（牵头单位：法规处）\n";
    let plan = parse(text, None);
    assert_eq!(
        plan.problems,
        v(&[
            "任务 2：未写明牵头单位或责任单位。",
            "任务（一）：未写明牵头单位或责任单位。",
        ])
    );
    // No task names any: one problem for the plan.
    let plan = parse("2024年工作要点\n一、甲\n1.做甲。\n2.做乙。\n", None);
    assert_eq!(plan.problems, v(&["所有任务都未写明牵头单位或责任单位。"]));
    // Units in a heading apply to the tasks under it that name none; a task's own win.
    let text = "2024年工作要点\n\
        一、加强公开（牵头单位：办公室；责任单位：各处室）\n\
        1.做甲。\n\
        （一）做好解读\n责任单位：法规处\n2.做乙。\n3.做丙。（责任单位：信息中心）\n\
        （二）做好回应\n4.做丁。\n";
    let plan = parse(text, None);
    assert_eq!(plan.problems, Vec::<String>::new());
    let units: Vec<(Vec<String>, Vec<String>)> = plan
        .tasks()
        .map(|t| (t.lead_units.clone(), t.responsible_units.clone()))
        .collect();
    assert_eq!(
        units,
        [
            (v(&["办公室"]), v(&["各处室"])),
            (v(&[]), v(&["法规处"])),
            (v(&[]), v(&["信息中心"])),
            (v(&["办公室"]), v(&["各处室"])),
        ]
    );
    // The task's text is its own.
    assert_eq!(plan.tasks().next().unwrap().text, "做甲。");
    assert_eq!(plan.parts[0].title, "加强公开");
}

#[test]
fn front_matter() {
    let text = "XX市人民政府办公室关于印发《XX市2021年政务公开工作要点》的通知\n\
        某政办发[2021]5号\n各区县人民政府：\n现印发给你们。\nXX市人民政府办公室\n二〇二一年三月二日\n\
        一、总体\n1.做好公开。\n";
    let plan = parse(text, None);
    assert_eq!(plan.title.as_deref(), Some("XX市2021年政务公开工作要点"));
    assert_eq!(plan.issuer.as_deref(), Some("XX市人民政府办公室"));
    assert_eq!(plan.doc_no.as_deref(), Some("某政办发[2021]5号"));
    assert_eq!(plan.date, d("2021-03-02"));
    assert_eq!(plan.year, 2021);
    // A signature after the plan ends it and gives issuer and date.
    let text = "政务公开工作要点\n一、总体\n1.做好公开。\n某某县人民政府\n2020年1月6日\n";
    let plan = parse(text, None);
    assert_eq!(plan.tasks().next().unwrap().text, "做好公开。");
    assert_eq!(plan.issuer.as_deref(), Some("某某县人民政府"));
    assert_eq!(plan.date, d("2020-01-06"));
    assert_eq!(plan.year, 2020);
}

#[test]
fn bad_input() {
    let plan = parse("", None);
    assert_eq!(plan.problems, v(&["文本为空：没有可读的内容。"]));
    assert!(plan.parts.is_empty());
    let plan = parse(" \n\u{3000}\n\u{feff}", Some(2024));
    assert_eq!(plan.problems, v(&["文本为空：没有可读的内容。"]));
    assert_eq!(plan.year, 2024);

    let plan = parse("2024年工作总结\n今年我们做了很多工作。\n", None);
    assert!(plan.parts.is_empty());
    assert_eq!(
        plan.problems,
        v(&["未找到编号的工作任务：文中没有“一、”“（一）”“1.”式的编号，无法识别工作要点的结构。"])
    );

    let plan = parse("一、总体\n1.6月底前完成。\n", None);
    assert_eq!(plan.year, 0);
    assert_eq!(plan.tasks().next().unwrap().deadline, None);
    assert_eq!(
        plan.tasks().next().unwrap().deadline_text.as_deref(),
        Some("6月底前")
    );
    assert!(plan.problems[0].starts_with("无法确定计划所属年份"));
}

#[test]
fn odd_inputs_never_panic() {
    let pieces = [
        "一、",
        "（",
        "(",
        "）",
        ")",
        "（一）",
        "(十一)",
        "1.",
        "1",
        "．",
        "、",
        "年",
        "月",
        "日",
        "底前",
        "内",
        "2018年",
        "每年",
        "至",
        "第",
        "季度",
        "牵头单位：",
        "责任单位:",
        "牵头",
        "负责",
        "；",
        "，",
        "。",
        "\n",
        " ",
        "〔",
        "〕",
        "《",
        "》",
        "九十九",
        "十",
        "0",
        "99999",
        "\u{feff}",
        "é",
        "🙂",
        "\r\n",
        "上半年",
        "小时",
    ];
    // A small deterministic generator: every text of up to 5 pieces from a rotating window.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..4000 {
        let mut text = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut s = seed;
        for _ in 0..(s % 12) {
            text.push_str(pieces[(s % pieces.len() as u64) as usize]);
            s /= pieces.len() as u64;
            if s == 0 {
                s = seed.rotate_left(17);
            }
        }
        let plan = parse(&text, None);
        let _ = plan.tasks().count();
        let plan = parse(&text, Some(2024));
        for t in plan.tasks() {
            if let Some(d) = t.deadline {
                assert!(d.to_string().len() == 10, "{text:?}");
            }
        }
    }
}
