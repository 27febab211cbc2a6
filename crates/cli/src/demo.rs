//! Loading the synthetic demo documents of `gongkai_core::demo` into the database.

use crate::import::Report;
use chrono::Duration;
use gongkai_core::demo::{DEMO_ORG, documents};
use gongkai_core::time::china_midnight;
use gongkai_db::{Actor, Db, ImportedDocument, ImportedReview};
use gongkai_web::Clock;

const BATCH: usize = 1000;

/// Generates `n` documents with `seed` and stores them as published in the demo bureau.
pub async fn load(
    db: &Db,
    clock: &Clock,
    seed: u64,
    n: usize,
    progress: bool,
) -> anyhow::Result<Report> {
    let org = db
        .org_by_code(DEMO_ORG.code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo organization missing"))?;
    let today = clock.today();
    let bar = progress.then(|| crate::import::progress_bar(n as u64, "生成演示信息"));
    let mut report = Report::default();
    let mut batch = Vec::with_capacity(BATCH);
    for (i, d) in documents(seed, n).enumerate() {
        let line = i + 1;
        match d.input.validate(today) {
            Ok(fields) => {
                // Spread publication times over the working day so lists have a stable order.
                let offset = Duration::hours(9) + Duration::seconds(((i as i64) * 37) % 28_800);
                batch.push((
                    line,
                    ImportedDocument {
                        fields,
                        published_at: Some(china_midnight(d.published_on) + offset),
                        review: Some(ImportedReview::cleared_by("演示数据审查员")),
                    },
                ));
            }
            Err(e) => report.reject(line, e.to_string()),
        }
        if batch.len() == BATCH {
            crate::import::flush(
                db,
                org.id,
                &mut batch,
                &mut report,
                &Actor::system("demo-data"),
                clock,
            )
            .await?;
            if let Some(b) = &bar {
                b.set_position(line as u64);
            }
        }
    }
    crate::import::flush(
        db,
        org.id,
        &mut batch,
        &mut report,
        &Actor::system("demo-data"),
        clock,
    )
    .await?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(report)
}
