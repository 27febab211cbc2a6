//! The `gongkai` command as a user runs it: a fresh data directory per test, the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gongkai-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn gongkai(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("GONGKAI_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gongkai")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn organizations_and_users_from_the_command_line() {
    let dir = data_dir("org");
    let o = gongkai(
        &dir,
        &[
            "org",
            "add",
            "--code",
            "0024200001",
            "--name",
            "示范市人民政府",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Options after the subcommand work too.
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "org",
            "add",
            "--code",
            "0024204128",
            "--name",
            "示范市民政局",
            "--parent",
            "0024200001",
            "--data-dir",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dup = gongkai(
        &dir,
        &["org", "add", "--code", "0024204128", "--name", "重复"],
    );
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("机关代码已被使用"));
    let list = stdout(&gongkai(&dir, &["org", "list"]));
    assert!(list.contains("0024204128\t示范市民政局"), "{list}");

    let o = gongkai(
        &dir,
        &[
            "user",
            "add",
            "--username",
            "li.ming",
            "--name",
            "李明",
            "--role",
            "editor",
            "--org",
            "0024204128",
        ],
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("初始密码（只显示这一次）："), "{out}");
    let bad = gongkai(
        &dir,
        &[
            "user",
            "add",
            "--username",
            "x",
            "--name",
            "某",
            "--role",
            "boss",
            "--org",
            "0024204128",
        ],
    );
    assert!(!bad.status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn import_reports_bad_lines_and_keeps_good_ones() {
    let dir = data_dir("import");
    assert!(
        gongkai(
            &dir,
            &[
                "org",
                "add",
                "--code",
                "0024204128",
                "--name",
                "示范市民政局"
            ]
        )
        .status
        .success()
    );
    let good = |title: &str, no: &str| {
        format!(
            r#"{{"title":"{title}","doc_no":"{no}","publisher":"示范市民政局","written_on":"2023-04-01","subject":"17.03","genre":"通知","disclosure":"proactive","column":"zcwj","body":"正文","published_on":"2023-04-03","reviewed_by":"李审查","review_basis":"none"}}"#
        )
    };
    let lines = [
        good("第一份", "示民发〔2023〕1号"),
        "{not json".to_string(),
        good("第三份", "示民发[2023]1号"),
        r#"{"title":"","publisher":"示范市民政局","written_on":"2023-02-30","subject":"17","genre":"通知","disclosure":"proactive"}"#.to_string(),
        good("第五份", "示民发〔2023〕5号").replace("2023-04-03", "2023-03-01"),
        good("第六份", ""),
        good("第七份", "").replace(r#","reviewed_by":"李审查""#, ""),
    ];
    let file = dir.join("docs.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let o = gongkai(
        &dir,
        &["import", file.to_str().unwrap(), "--org", "0024204128"],
    );
    let out = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "bad lines make the exit status 2: {out}"
    );
    assert!(out.contains("已导入 2 条，拒绝 5 条"), "{out}");
    assert!(
        out.contains("第 7 行：reviewed_by：已发布的信息须注明保密审查人"),
        "{out}"
    );
    assert!(out.contains("第 2 行：不是有效的 JSON"), "{out}");
    assert!(
        out.contains("第 3 行：doc_no：本机关已有相同文件编号的信息"),
        "{out}"
    );
    assert!(out.contains("第 4 行：title：请填写标题"), "{out}");
    assert!(out.contains("written_on：成文日期格式应为"), "{out}");
    assert!(
        out.contains("第 5 行：published_on：发布日期不能早于成文日期"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn demo_data_is_deterministic() {
    let a = data_dir("demo-a");
    let b = data_dir("demo-b");
    for d in [&a, &b] {
        let o = gongkai(d, &["demo-data", "--docs", "120", "--seed", "7"]);
        assert!(
            stdout(&o).contains("已生成演示信息 120 条（拒绝 0 条）"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let dump = |d: &Path| {
        let url = format!("sqlite://{}", d.join("gongkai.db").display());
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            let db = gongkai_db::Db::connect(&url).await.unwrap();
            let org = db.org_by_code("0024204128").await.unwrap().unwrap();
            let rows = db
                .staff_listing(org.id, &Default::default(), None, 1000)
                .await
                .unwrap();
            db.close().await;
            rows.iter()
                .map(|r| format!("{} {} {:?}", r.index_no, r.title, r.doc_no))
                .collect::<Vec<_>>()
        })
    };
    let (x, y) = (dump(&a), dump(&b));
    assert_eq!(x.len(), 120);
    assert_eq!(x, y, "same seed, same documents");
    let over = gongkai(&a, &["demo-data", "--docs", "1000001"]);
    assert!(!over.status.success());
    std::fs::remove_dir_all(&a).unwrap();
    std::fs::remove_dir_all(&b).unwrap();
}

#[test]
fn calendar_due_prints_the_date_then_why() {
    let dir = data_dir("calendar");
    let o = gongkai(&dir, &["calendar", "due", "2024-09-27", "20"]);
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("2024-10-30"), "{out}");
    assert!(out.contains("09-29（国庆节调休上班）"), "{out}");
    let bad = gongkai(&dir, &["calendar", "due", "2024-13-01", "20"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("日期格式应为 YYYY-MM-DD"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn calendar_import_loads_a_year_or_nothing() {
    let dir = data_dir("calendar-import");
    let due = |dir: &Path| stdout(&gongkai(dir, &["calendar", "due", "2026-12-10", "20"]));
    let before = due(&dir);
    assert!(before.starts_with("2027-01-07\n"), "{before}");
    assert!(before.contains("2027年的节假日安排尚未载入"), "{before}");

    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,holiday,元旦\n2027-02-08,workday,春节\n",
    )
    .unwrap();
    let o = gongkai(&dir, &["calendar", "import", bad.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("未载入任何数据"), "{out}");
    assert!(out.contains("第 3 行：日期格式应为 YYYY-MM-DD"), "{out}");
    assert!(out.contains("第 4 行：调休上班日应为周六或周日"), "{out}");
    assert!(due(&dir).starts_with("2027-01-07\n"), "nothing was loaded");

    let good = dir.join("2027.csv");
    std::fs::write(
        &good,
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,workday,春节\n",
    )
    .unwrap();
    let o = gongkai(&dir, &["calendar", "import", good.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("已载入 2027 年节假日安排：2 天"), "{out}");
    assert!(out.contains("已重新计算 0 件办理中申请的期限"), "{out}");
    let after = due(&dir);
    assert!(after.starts_with("2027-01-08\n"), "{after}");
    assert!(!after.contains("尚未载入"), "{after}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fees_print_the_amount_on_the_first_line() {
    let dir = data_dir("fee");
    let out = stdout(&gongkai(&dir, &["fee", "pages", "2219"]));
    assert_eq!(out.lines().next(), Some("83460.00"), "{out}");
    assert!(out.contains("按量计收"), "{out}");
    let out = stdout(&gongkai(&dir, &["fee", "pages", "30"]));
    assert_eq!(out.lines().next(), Some("0.00"), "{out}");
    let out = stdout(&gongkai(
        &dir,
        &["fee", "count", "--prior", "9", "--new", "3"],
    ));
    assert_eq!(out.lines().next(), Some("200.00"), "{out}");
    assert!(
        out.contains("第 11–12 件：每件 100.00 元 × 2 件 = 200.00 元。"),
        "{out}"
    );
    let out = stdout(&gongkai(
        &dir,
        &["fee", "count", "--prior", "30", "--new", "1"],
    ));
    assert_eq!(out.lines().next(), Some("200.00"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn applications_import_reports_bad_lines_and_keeps_good_ones() {
    let dir = data_dir("applications-import");
    assert!(
        gongkai(
            &dir,
            &[
                "org",
                "add",
                "--code",
                "0024204128",
                "--name",
                "示范市民政局"
            ]
        )
        .status
        .success()
    );
    let file = dir.join("cases.jsonl");
    std::fs::write(
        &file,
        [
            r#"{"applicant_type":"natural_person","received_on":"2023-03-01","outcome":"granted","closed_on":"2023-03-20","applicant_name":"李四"}"#,
            r#"{"applicant_type":"company","received_on":"2023-03-01","outcome":null,"closed_on":null}"#,
            r#"{"applicant_type":"commercial_enterprise","received_on":"2023-12-28","outcome":"denied.third_party","closed_on":"2024-01-20","credit_code":"91350100M000100Y43"}"#,
            "",
            r#"{"applicant_type":"natural_person","received_on":"2023-02-30","outcome":null,"closed_on":null,"id_number":"110105194912310021"}"#,
            r#"{"applicant_type":"other","received_on":"2024-01-02","outcome":"granted","closed_on":"2024-01-15","events":[{"type":"registered","received_on":"2024-01-02","channel":"online"},{"type":"replied","on":"2024-01-15","outcome":"granted"}]}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let o = gongkai(
        &dir,
        &[
            "applications",
            "import",
            "--org",
            "0024204128",
            file.to_str().unwrap(),
        ],
    );
    let out = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("已导入 3 条，拒绝 2 条"), "{out}");
    assert!(out.contains("第 2 行：未知的申请人类型“company”"), "{out}");
    assert!(out.contains("第 5 行："), "{out}");
    assert!(out.contains("received_on"), "{out}");

    let unknown = gongkai(
        &dir,
        &[
            "applications",
            "import",
            "--org",
            "9999999999",
            file.to_str().unwrap(),
        ],
    );
    assert!(stdout(&unknown).contains("机关代码 9999999999 不存在"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn scan_prints_findings_and_exits_by_outcome() {
    let dir = data_dir("scan");
    let file = dir.join("名单.txt");
    std::fs::write(
        &file,
        "申请人名单\n联系人 张三 13800138000\n文号 甘政办发〔2018〕56号\n",
    )
    .unwrap();
    let words = dir.join("words.txt");
    std::fs::write(&words, "申请人名单\tlow\n").unwrap();
    let path = file.to_str().unwrap();
    let o = gongkai(
        &dir,
        &[
            "scan",
            path,
            "--names",
            "张三,李四",
            "--words",
            words.to_str().unwrap(),
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "第1行\t敏感词\t低\t申请人名单", "{out}");
    assert_eq!(lines[1], "第2行\t姓名\t高\t张三", "{out}");
    assert_eq!(lines[2], "第2行\t电话号码\t高\t13800138000", "{out}");
    assert!(lines[3].starts_with("共发现 3 处"), "{out}");

    let o = gongkai(&dir, &["scan", path, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["kind"], "phone");
    assert_eq!(v[0]["text"], "13800138000");
    assert_eq!(v[0]["location"], "第2行");
    assert_eq!(v[0]["severity"], "high");
    assert_eq!(v[0]["hidden"], false);

    let clean = dir.join("clean.csv");
    std::fs::write(&clean, "项目,金额\n助餐补贴,12345.67\n").unwrap();
    let o = gongkai(&dir, &["scan", clean.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("未发现"), "{}", stdout(&o));

    let fake = dir.join("公示.pdf");
    std::fs::write(&fake, "这不是 PDF").unwrap();
    let o = gongkai(&dir, &["scan", fake.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("附件类型与内容不符"));
}

#[test]
fn workplan_parse_prints_the_plan_as_json() {
    let dir = data_dir("workplan");
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/samples/work-plan-2024-shanghai-civil-affairs.txt"
    );
    assert!(Path::new(sample).exists(), "sample {sample} missing");
    let o = gongkai(&dir, &["workplan", "parse", sample, "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["year"], 2024);
    assert_eq!(v["doc_no"], "沪民便函〔2024〕73 号");
    let parts = v["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0]["number"], "一");
    assert_eq!(parts[0]["sections"].as_array().unwrap().len(), 0);
    let tasks: Vec<&serde_json::Value> = parts
        .iter()
        .flat_map(|p| p["tasks"].as_array().unwrap())
        .collect();
    assert_eq!(tasks.len(), 25);
    let t = tasks[18];
    assert_eq!(t["number"], "19");
    assert!(t["text"].as_str().unwrap().contains("8月份集中组织开展"));
    assert_eq!(t["lead_units"], serde_json::json!([]));
    assert_eq!(
        t["responsible_units"],
        serde_json::json!(["办公室", "相关处室"])
    );
    assert_eq!(t["deadline_text"], "8月份");
    assert_eq!(t["deadline"], "2024-08-31");
    assert_eq!(tasks[0]["deadline"], serde_json::Value::Null);
    assert_eq!(tasks[0]["deadline_text"], serde_json::Value::Null);

    // --year moves the deadlines; the tree is the default output.
    let o = gongkai(&dir, &["workplan", "parse", sample, "--year", "2025"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("期限：8月份（2025-08-31）"),
        "{}",
        stdout(&o)
    );

    // Parts with sections: the tasks are in the sections, the part's own list is empty.
    let gansu = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/samples/work-plan-2018-gansu-province.txt"
    );
    let o = gongkai(&dir, &["workplan", "parse", gansu, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let part = &v["parts"][0];
    assert_eq!(part["tasks"], serde_json::json!([]));
    let section = &part["sections"][0];
    assert_eq!(section["number"], "（一）");
    let task = section["tasks"][0].as_object().unwrap();
    let mut keys: Vec<&str> = task.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "deadline",
            "deadline_text",
            "lead_units",
            "number",
            "responsible_units",
            "text",
            "title"
        ]
    );
    assert_eq!(v["problems"], serde_json::json!([]));

    // The same plan as an HTML page.
    let text = std::fs::read_to_string(sample).unwrap();
    let mut html = String::from("<html><head><style>p{margin:0}</style></head><body>");
    for line in text.lines() {
        let line = line
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('“', "&ldquo;");
        html.push_str(&format!("<p>&nbsp;{line}</p>\n"));
    }
    html.push_str("</body></html>");
    let page = dir.join("要点.html");
    std::fs::write(&page, html).unwrap();
    let o = gongkai(
        &dir,
        &["workplan", "parse", page.to_str().unwrap(), "--json"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let from_html: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let o = gongkai(&dir, &["workplan", "parse", sample, "--json"]);
    let from_text: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(from_html, from_text);

    // Problems: listed after the plan, exit 1.
    let odd = dir.join("要点.txt");
    std::fs::write(
        &odd,
        "2024年工作要点\n一、总体\n1.13月底前完成。（责任单位：办公室）\n3.做好解读。\n",
    )
    .unwrap();
    let o = gongkai(&dir, &["workplan", "parse", odd.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("任务 1：期限“13月底前”无法识别为日期。"),
        "{out}"
    );
    assert!(
        out.contains("任务编号不连续：任务 1 之后是任务 3。"),
        "{out}"
    );
    assert!(out.contains("任务 3：未写明牵头单位或责任单位。"), "{out}");

    // Bad input: a message in Chinese on stderr, nothing on stdout, exit 2.
    let png = dir.join("要点.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let empty = dir.join("空.txt");
    std::fs::write(&empty, b"").unwrap();
    let plain = dir.join("总结.txt");
    std::fs::write(&plain, "2024年工作总结\n今年做了很多工作。\n").unwrap();
    let fake = dir.join("要点.docx");
    std::fs::write(&fake, "这不是 Word 文件").unwrap();
    let missing = dir.join("没有这个文件.txt");
    for (file, words) in [
        (&png, "无法识别的文件格式：请上传纯文本、HTML或DOCX文件"),
        (&empty, "文件为空"),
        (&plain, "未找到编号的工作任务"),
        (&fake, "附件类型与内容不符"),
        (&missing, "无法读取文件"),
    ] {
        for json in [false, true] {
            let mut args = vec!["workplan", "parse", file.to_str().unwrap()];
            if json {
                args.push("--json");
            }
            let o = gongkai(&dir, &args);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{file:?}: {err}");
            assert!(err.contains(words), "{file:?}: {err}");
            assert!(!err.contains("panicked"), "{err}");
            assert!(o.stdout.is_empty(), "{file:?}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The change-feed position in the last commit of the index under `data`, if it has one.
fn index_position(data: &Path) -> Option<i64> {
    let meta = std::fs::read_to_string(data.join("search/index-0/meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).ok()?;
    meta["payload"].as_str()?.parse().ok()
}

/// Starts `gongkai serve` on a free port of 127.0.0.1.
fn serve(dir: &Path) -> std::process::Child {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("--data-dir")
        .arg(dir)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env_remove("GONGKAI_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start gongkai serve")
}

/// Waits up to two minutes for the index under `dir` to reach a position `done` accepts.
fn wait_for_position(dir: &Path, done: impl Fn(i64) -> bool) -> i64 {
    let start = std::time::Instant::now();
    loop {
        if let Some(p) = index_position(dir).filter(|p| done(*p)) {
            return p;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "the index did not get there"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[test]
fn a_server_killed_while_indexing_loses_nothing() {
    let dir = data_dir("crash");
    let o = gongkai(&dir, &["demo-data", "--docs", "3000"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = format!("sqlite://{}", dir.join("gongkai.db").display());
    let db = rt.block_on(gongkai_db::Db::connect(&url)).unwrap();
    let last = rt.block_on(db.last_change_seq()).unwrap();
    let documents = rt.block_on(db.count_documents()).unwrap();

    // The server's follower indexes the change feed a batch at a time from its start. Killed
    // (SIGKILL, no shutdown) as soon as the first batch is committed, it dies indexing the next.
    let mut server = serve(&dir);
    let crashed_at = wait_for_position(&dir, |p| p > 0);
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        crashed_at < last,
        "killed before the feed's end ({crashed_at} of {last})"
    );

    // The index opens, and holds exactly what its position says: the documents changed up to it.
    let index = gongkai_search::SearchIndex::open(&dir.join("search")).unwrap();
    let position = index.position().unwrap();
    assert!(position >= crashed_at && position < last, "{position}");
    let changed: std::collections::BTreeSet<i64> = rt
        .block_on(db.changes_after(0, position))
        .unwrap()
        .into_iter()
        .filter(|(seq, id, _)| *seq <= position && *id > 0)
        .map(|(_, id, _)| id)
        .collect();
    assert_eq!(index.len(), changed.len() as u64);
    drop(index);

    // Started again, the server catches up from there: every document is found.
    let mut server = serve(&dir);
    wait_for_position(&dir, |p| p >= last);
    server.kill().unwrap();
    server.wait().unwrap();
    let index = gongkai_search::SearchIndex::open(&dir.join("search")).unwrap();
    assert_eq!(index.len(), documents);
    let newest = rt
        .block_on(db.documents_after(0, i64::MAX))
        .unwrap()
        .into_iter()
        .filter(|d| d.status == "published")
        .max_by_key(|d| d.id)
        .expect("a published demo document");
    let found = index
        .search(&gongkai_search::SearchRequest {
            query: newest.index_no.clone(),
            filter: Default::default(),
            scope: gongkai_search::Scope::Public,
            sort: Default::default(),
            offset: 0,
            limit: 1,
        })
        .unwrap();
    assert_eq!(found.hits.first().map(|h| h.id), Some(newest.id));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reindex_builds_a_complete_index_even_with_little_memory() {
    let dir = data_dir("reindex");
    let o = gongkai(&dir, &["demo-data", "--docs", "1500"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // 16 MiB is the least tantivy takes per indexing thread: the rebuild writes more segments.
    let o = gongkai(&dir, &["reindex", "--memory-mb", "16"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout(&o).contains("检索索引已重建：1500 条信息"),
        "{}",
        stdout(&o)
    );
    let current = std::fs::read_to_string(dir.join("search/CURRENT")).unwrap();
    assert_eq!(current.trim(), "index-1", "a new index beside the first");
    let index = gongkai_search::SearchIndex::open(&dir.join("search")).unwrap();
    assert_eq!(index.len(), 1500);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let url = format!("sqlite://{}", dir.join("gongkai.db").display());
    let db = rt.block_on(gongkai_db::Db::connect(&url)).unwrap();
    assert_eq!(
        index.position().unwrap(),
        rt.block_on(db.last_change_seq()).unwrap(),
        "the rebuilt index starts where the feed is"
    );
    let o = gongkai(&dir, &["reindex", "--memory-mb", "many"]);
    assert!(!o.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}
