//! `gongkai search-bench`: search latency measured in-process, for BENCHMARKS.md.

use gongkai_search::{Scope, SearchFilter, SearchIndex, SearchRequest, Sort};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Runs every query once to warm up, then `runs` times; a query's latency is the median of its
/// runs. The warm-up run is reported too ("first run"): it is the query's cost when the index's
/// clause sets for its words are not cached yet. Returns the summary as a JSON line.
pub fn run(
    index: &SearchIndex,
    queries: &[&str],
    runs: usize,
    out: Option<&Path>,
) -> anyhow::Result<String> {
    let mut per_query = Vec::with_capacity(queries.len());
    let mut first_runs = Vec::with_capacity(queries.len());
    let mut lines = Vec::new();
    for q in queries {
        let req = SearchRequest {
            query: q.to_string(),
            filter: SearchFilter::default(),
            scope: Scope::Public,
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
        };
        let start = Instant::now();
        let total = index.search(&req)?.total;
        let first = start.elapsed().as_secs_f64() * 1000.0;
        first_runs.push(first);
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let _ = index.search(&req);
                start.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = percentile(&times, 50.0);
        per_query.push(median);
        lines.push(
            serde_json::json!({ "query": q, "total": total, "median_ms": median, "first_ms": first }).to_string(),
        );
    }
    if let Some(path) = out {
        let mut f = std::fs::File::create(path)?;
        for l in &lines {
            writeln!(f, "{l}")?;
        }
    }
    per_query.sort_by(f64::total_cmp);
    first_runs.sort_by(f64::total_cmp);
    let mean = per_query.iter().sum::<f64>() / per_query.len().max(1) as f64;
    Ok(serde_json::json!({
        "queries": per_query.len(),
        "documents": index.len(),
        "median_ms": percentile(&per_query, 50.0),
        "p99_ms": percentile(&per_query, 99.0),
        "mean_ms": mean,
        "max_ms": per_query.last().copied().unwrap_or(0.0),
        "first_run_median_ms": percentile(&first_runs, 50.0),
        "first_run_p99_ms": percentile(&first_runs, 99.0),
    })
    .to_string())
}
