//! Test support shared by the test suites of every crate: a fresh, migrated database per test on
//! each available engine.
//!
//! SQLite always runs (a new file in the temp directory). PostgreSQL runs when
//! `GONGKAI_TEST_POSTGRES_URL` is set, each test in its own schema; otherwise a line says it was
//! skipped. With `GONGKAI_REQUIRE_POSTGRES=1` (set by CI) a missing URL fails the test instead.

use crate::Db;
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A migrated test database; removes itself (file or schema) when dropped... explicitly, by
/// [`TestDb::cleanup`], since clean-up is async.
pub struct TestDb {
    pub db: Db,
    pub label: &'static str,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Schema(String),
}

impl TestDb {
    /// The PostgreSQL schema of this test database (`None` on SQLite), for tests that need a
    /// second, raw connection to it.
    pub fn postgres_schema(&self) -> Option<&str> {
        match &self.cleanup {
            Cleanup::Schema(s) => Some(s),
            Cleanup::File(_) => None,
        }
    }

    pub async fn cleanup(self) {
        self.db.close().await;
        match self.cleanup {
            Cleanup::File(p) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
                }
            }
            Cleanup::Schema(s) => {
                if let Ok(url) = std::env::var("GONGKAI_TEST_POSTGRES_URL")
                    && let Ok(db) = Db::connect(&url).await
                {
                    let _ = db.drop_postgres_schema(&s).await;
                    db.close().await;
                }
            }
        }
    }
}

fn unique_suffix() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    #[expect(
        clippy::disallowed_methods,
        reason = "makes test database names unique; not domain time"
    )]
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), n, nanos)
}

pub async fn sqlite() -> TestDb {
    let path = std::env::temp_dir().join(format!("gongkai_test_{}.db", unique_suffix()));
    let db = Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open SQLite test database");
    db.migrate().await.expect("migrate SQLite");
    TestDb {
        db,
        label: "sqlite",
        cleanup: Cleanup::File(path),
    }
}

/// A PostgreSQL test database, or `None` (with a printed line) when none is configured.
pub async fn postgres() -> Option<TestDb> {
    let Ok(url) = std::env::var("GONGKAI_TEST_POSTGRES_URL") else {
        if std::env::var("GONGKAI_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
            panic!("GONGKAI_REQUIRE_POSTGRES=1 but GONGKAI_TEST_POSTGRES_URL is not set");
        }
        eprintln!("skipped on PostgreSQL: GONGKAI_TEST_POSTGRES_URL is not set");
        return None;
    };
    let schema = format!("gk_test_{}", unique_suffix());
    let db = Db::connect_postgres_schema(&url, &schema)
        .await
        .expect("connect to PostgreSQL test database");
    db.migrate().await.expect("migrate PostgreSQL");
    Some(TestDb {
        db,
        label: "postgres",
        cleanup: Cleanup::Schema(schema),
    })
}

/// Every engine available to this run: SQLite, then PostgreSQL when configured.
pub async fn engines() -> Vec<TestDb> {
    let mut v = vec![sqlite().await];
    v.extend(postgres().await);
    v
}

/// Takes a draft through the whole workflow — submission, a passed confidentiality review
/// (主动公开, basis 无) and approval — so it is published at `now`, as tests of other features
/// need published items. The workflow itself is tested in `tests/review.rs`.
pub async fn publish(
    db: &Db,
    id: i64,
    actor: &crate::Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::DbResult<crate::Document> {
    use gongkai_core::catalog::Disclosure;
    use gongkai_core::review::{Basis, Decision, ReviewInput};
    db.submit_document(id, actor, now).await?;
    let review = ReviewInput {
        decision: Decision::Pass,
        bases: vec![Basis::None],
        disclosure: Disclosure::Proactive,
        reason: String::new(),
        override_reason: String::new(),
    };
    db.review_document(id, &review, &[], actor, now).await?;
    db.approve_document(id, Decision::Pass, "", None, actor, now)
        .await
}

/// Runs a test body once per available engine, each time on a fresh database.
pub async fn each(f: impl AsyncFn(&TestDb)) {
    for t in engines().await {
        f(&t).await;
        t.cleanup().await;
    }
}

/// A test organization 示范市民政局 with the given code.
pub async fn org(db: &Db, code: &str, now: chrono::DateTime<chrono::Utc>) -> crate::Organization {
    let code = gongkai_core::org::OrgCode::parse(code).expect("a valid test organization code");
    db.create_org(
        &code,
        "示范市民政局",
        None,
        &crate::OrgContact::default(),
        &crate::Actor::system("test"),
        now,
    )
    .await
    .expect("the test organization is created")
}

/// A moment of that day, 10:00 China time: the "now" of tests about dates.
pub fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(y, m, d, 2, 0, 0)
        .single()
        .expect("a valid test date")
}
