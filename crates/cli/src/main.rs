//! The `gongkai` command. It only parses arguments and wires the library crates together.

mod applications;
mod bench;
mod config;
mod demo;
mod demo_interaction;
mod demo_work_plan;
mod import;
mod report;
mod scan;
mod setup;
mod workplan;

/// mimalloc rather than the system allocator: a search request allocates and frees many small
/// strings (excerpts, template values), and under load glibc's malloc took a tenth of its time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use config::Config;
use gongkai_db::Db;
use gongkai_web::{Clock, WebConfig};
use std::path::PathBuf;

/// gongkai 政务公开平台
#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    about = "gongkai 政务公开平台（政府信息公开）"
)]
struct Cli {
    /// Directory for the SQLite database and other local data.
    #[arg(long, global = true, env = "GONGKAI_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://USER@HOST/DB. Default: SQLite in the data dir.
    #[arg(long, global = true, env = "GONGKAI_DATABASE_URL")]
    database_url: Option<String>,
    /// Configuration file (TOML). Default: gongkai.toml in the data dir, if present.
    #[arg(long, global = true, env = "GONGKAI_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start the web server (migrates the database first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "GONGKAI_BIND")]
        bind: Option<String>,
        /// Set up a demo agency with staff accounts and a few hundred documents (first run only).
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations.
    Migrate,
    /// Generate deterministic synthetic documents for the demo agency (demos and benchmarks).
    DemoData {
        /// Number of documents (up to 1,000,000).
        #[arg(long)]
        docs: usize,
        /// Seed of the generator: the same seed gives the same documents.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The working-day calendar (工作日).
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Manage organizations.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Rebuild this node's search index from the database (a running server switches to it).
    Reindex {
        /// Memory of the indexing threads, in MiB: more makes fewer index segments (a larger
        /// catalog needs more to avoid merging them; it is only taken as documents fill it).
        #[arg(long, default_value_t = gongkai_search::DEFAULT_REBUILD_MEMORY_MB)]
        memory_mb: usize,
    },
    /// Time searches against this node's index: one query per line of FILE (benchmarks).
    SearchBench {
        #[arg(long)]
        queries: PathBuf,
        /// Write one JSON line per query (query, total, median_ms) to this file.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Timed runs per query, after one warm-up run.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// The information-processing fee (信息处理费, 国办函〔2020〕109号): the amount in yuan on the
    /// first line, then how it was computed.
    Fee {
        #[command(subcommand)]
        command: FeeCommand,
    },
    /// Applications for disclosure (依申请公开).
    Applications {
        #[command(subcommand)]
        command: ApplicationsCommand,
    },
    /// Scan a file (text, PDF, DOCX, XLSX) for personal data and sensitive words, hidden parts
    /// included: one line per finding (location, kind, severity, text) and a summary. Exit
    /// status 0 when nothing is found, 1 when something is, 2 when the file cannot be read.
    Scan {
        file: PathBuf,
        /// Print a JSON array of findings instead (kind, text, location, severity, hidden).
        #[arg(long)]
        json: bool,
        /// Names to look for, separated by commas (张三,李四).
        #[arg(long, value_delimiter = ',')]
        names: Vec<String>,
        /// Sensitive expressions: one per line, optionally followed by a tab and high, medium
        /// or low (default medium).
        #[arg(long)]
        words: Option<PathBuf>,
    },
    /// Reports (报告).
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Work plans (工作要点).
    Workplan {
        #[command(subcommand)]
        command: WorkplanCommand,
    },
    /// Import catalog documents from a JSON Lines file (one document per line).
    Import {
        file: PathBuf,
        /// Organization the documents belong to (or an "org" field on each line).
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum ReportCommand {
    /// The statutory annual report (政府信息公开工作年度报告) of an organization and year, as
    /// JSON, HTML, DOCX, XLSX or PDF. Exit status 0 when written (problems found by the checks
    /// are warned about on stderr), 2 for bad input.
    Annual(report::AnnualArgs),
}

#[derive(Subcommand, Debug)]
enum WorkplanCommand {
    /// Read a plan (plain text, HTML or DOCX) and print its parts, sections and tasks with their
    /// units and deadlines, without saving anything. Exit status 0 when it parses cleanly, 1 when
    /// there are problems (listed), 2 for bad input (unreadable, empty, another format, no numbered items).
    Parse {
        file: PathBuf,
        /// Print JSON instead: parts, each with its sections and tasks.
        #[arg(long)]
        json: bool,
        /// The plan's year, for deadlines such as 6月底前 (default: the title's, else the date's).
        #[arg(long)]
        year: Option<i32>,
    },
}

#[derive(Subcommand, Debug)]
enum CalendarCommand {
    /// The N-th working day after FROM (FROM itself not counted): the date on the first line, the
    /// explanation after it.
    Due {
        /// Start date, YYYY-MM-DD.
        from: String,
        /// Number of working days.
        n: u32,
    },
    /// Load official holiday arrangements from a CSV file (date,kind,name; kind holiday or
    /// workday). Each year in the file replaces what was known of it; the deadlines of open
    /// cases are recomputed.
    Import { file: PathBuf },
}

#[derive(Subcommand, Debug)]
enum FeeCommand {
    /// 按量计收: the fee for one application providing P pages.
    Pages { pages: u32 },
    /// 按件计收: the fee for M new applications by an applicant who already made K this month.
    Count {
        /// Applications (件) the applicant already made this natural month.
        #[arg(long)]
        prior: u32,
        /// New applications (件).
        #[arg(long = "new")]
        new: u32,
    },
}

#[derive(Subcommand, Debug)]
enum ApplicationsCommand {
    /// Import historical cases from a JSON Lines file (one case per line; see README).
    Import {
        file: PathBuf,
        /// Organization the cases belong to (or an "org" field on each line).
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum OrgCommand {
    /// Add an organization (its default catalog columns are created with it).
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// Code of the parent organization.
        #[arg(long)]
        parent: Option<String>,
    },
    /// List organizations.
    List,
}

#[derive(Subcommand, Debug)]
enum UserCommand {
    /// Add a staff account. Without --password, a random one is generated and printed once.
    Add {
        #[arg(long)]
        username: String,
        /// Display name (姓名).
        #[arg(long)]
        name: String,
        /// admin, editor, reviewer, office_head or case_handler.
        #[arg(long)]
        role: String,
        /// Organization code.
        #[arg(long)]
        org: String,
        /// Read the password from this environment variable instead of generating one.
        #[arg(long)]
        password_env: Option<String>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // Scanning a file needs no database and no configuration.
    if let Command::Scan {
        file,
        json,
        names,
        words,
    } = &cli.command
    {
        std::process::exit(scan::run(file, *json, names, words.as_deref()));
    }
    // Nor does reading a work plan.
    if let Command::Workplan {
        command: WorkplanCommand::Parse { file, json, year },
    } = &cli.command
    {
        std::process::exit(workplan::run(file, *json, *year));
    }
    let config = Config::load(
        cli.data_dir.clone(),
        cli.database_url.clone(),
        cli.config.clone(),
    )?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(cli, config))
}

async fn open(config: &Config) -> anyhow::Result<Db> {
    let url = config.database_url()?;
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", config::redact(&url)))?;
    db.migrate().await.context("cannot migrate the database")?;
    Ok(db)
}

async fn run(cli: Cli, config: Config) -> anyhow::Result<()> {
    let clock = Clock::System;
    match cli.command {
        Command::Migrate => {
            open(&config).await?;
            println!("数据库已是最新结构");
        }
        Command::Serve { bind, demo } => {
            let db = open(&config).await?;
            if demo {
                setup::demo(&db, &clock).await?;
            }
            let bind = bind
                .or(config.bind.clone())
                .unwrap_or_else(|| "127.0.0.1:8080".into());
            let listener = tokio::net::TcpListener::bind(&bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            let smtp = config.smtp();
            if let Some(s) = &smtp {
                gongkai_web::mail::Sender::new(s).context("invalid smtp_from")?;
            }
            let web = WebConfig {
                secure_cookies: config.secure_cookies,
                max_upload_bytes: config.max_upload_mb * 1024 * 1024,
                smtp,
                ..WebConfig::default()
            };
            let search = gongkai_search::SearchIndex::open(&config.data_dir.join("search"))
                .context("cannot open the search index")?;
            let state = gongkai_web::state::AppState::new(db, clock, web, search).await?;
            println!("gongkai 已启动：http://{}", listener.local_addr()?);
            gongkai_web::serve(state, listener, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        }
        Command::DemoData { docs, seed } => {
            anyhow::ensure!(docs <= 1_000_000, "--docs 最多 1,000,000");
            let db = open(&config).await?;
            setup::demo_orgs(&db, &clock).await?;
            let report = demo::load(&db, &clock, seed, docs, true).await?;
            println!(
                "已生成演示信息 {} 条（拒绝 {} 条）",
                report.imported,
                report.rejected.len()
            );
        }
        Command::Calendar {
            command: CalendarCommand::Due { from, n },
        } => {
            let start = gongkai_core::time::parse_iso_date(&from)
                .ok_or_else(|| anyhow::anyhow!("日期格式应为 YYYY-MM-DD：{from}"))?;
            anyhow::ensure!(n <= 3650, "工作日数最多 3650");
            let db = open(&config).await?;
            let deadline = db.calendar().await?.add_working_days(start, n);
            println!("{}", deadline.due);
            for line in deadline.explain() {
                println!("{line}");
            }
        }
        Command::Calendar {
            command: CalendarCommand::Import { file },
        } => {
            let db = open(&config).await?;
            let code = applications::calendar_import(&db, &clock, &file).await?;
            if code != 0 {
                std::process::exit(code);
            }
        }
        Command::Fee { command } => {
            let lines = match command {
                FeeCommand::Pages { pages } => applications::fee_pages(pages),
                FeeCommand::Count { prior, new } => {
                    anyhow::ensure!(prior <= 100_000 && new <= 100_000, "申请件数最多 100000");
                    applications::fee_count(prior, new)
                }
            };
            for l in lines {
                println!("{l}");
            }
        }
        Command::Applications {
            command: ApplicationsCommand::Import { file, org },
        } => {
            let db = open(&config).await?;
            let report = applications::import(&db, &clock, &file, org.as_deref()).await?;
            report.print();
            if !report.rejected.is_empty() {
                std::process::exit(2);
            }
        }
        Command::Report {
            command: ReportCommand::Annual(args),
        } => {
            let code = report::annual(&config, &clock, args).await?;
            if code != 0 {
                std::process::exit(code);
            }
        }
        Command::Org { command } => {
            let db = open(&config).await?;
            setup::org_command(&db, &clock, command).await?;
        }
        Command::User { command } => {
            let db = open(&config).await?;
            setup::user_command(&db, &clock, command).await?;
        }
        Command::Reindex { memory_mb } => {
            let db = open(&config).await?;
            let bar = import::progress_bar(0, "重建检索索引");
            let built = gongkai_search::SearchIndex::rebuild(
                &config.data_dir.join("search"),
                &db,
                memory_mb,
                |done, total| {
                    bar.set_length(total);
                    bar.set_position(done);
                },
            )
            .await?;
            bar.finish_and_clear();
            println!("检索索引已重建：{built} 条信息");
        }
        Command::SearchBench { queries, out, runs } => {
            let index = gongkai_search::SearchIndex::open(&config.data_dir.join("search"))?;
            let text = std::fs::read_to_string(&queries)?;
            let qs: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let summary = bench::run(&index, &qs, runs.max(1), out.as_deref())?;
            println!("{summary}");
        }
        Command::Scan { .. } => unreachable!("scan runs before the configuration is loaded"),
        Command::Workplan { .. } => {
            unreachable!("workplan runs before the configuration is loaded")
        }
        Command::Import { file, org } => {
            let db = open(&config).await?;
            let report = import::run(&db, &clock, &file, org.as_deref()).await?;
            report.print();
            if !report.rejected.is_empty() {
                std::process::exit(2);
            }
        }
    }
    Ok(())
}
