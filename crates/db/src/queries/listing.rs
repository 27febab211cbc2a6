//! Catalog listings with filters and keyset pagination.
//!
//! Pages are addressed by the (published_at, id) of the last row shown, never by OFFSET: the
//! database walks the `documents_*_public` indexes from that point, so page 5,000 of a million
//! documents costs what page 1 costs.

use super::documents::SUMMARY_SELECT;
use super::{DB, columns, orgs, secs};
use crate::{COUNT_CAP, Counted, Cursor, DbResult, DocumentSummary, ListingFilter, ListingPage};
use chrono::NaiveDate;
use gongkai_core::catalog::Status;
use gongkai_core::time::china_midnight;
use sqlx::Pool;

enum Arg {
    Text(String),
    Int(i64),
    Time(chrono::DateTime<chrono::Utc>),
}

/// A WHERE clause built from fixed fragments, with every value bound as a parameter.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    args: Vec<Arg>,
}

impl Where {
    fn next(&self) -> usize {
        self.args.len() + 1
    }
    fn eq(&mut self, column: &str, value: Arg) {
        self.parts.push(format!("{column} = ${}", self.next()));
        self.args.push(value);
    }
    fn push(&mut self, fragment: String, values: Vec<Arg>) {
        self.parts.push(fragment);
        self.args.extend(values);
    }
    fn sql(&self) -> String {
        if self.parts.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.parts.join(" AND "))
        }
    }
}

fn bind_all<'q, O>(
    mut q: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments>,
    args: &[Arg],
) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments> {
    for a in args {
        q = match a {
            Arg::Text(s) => q.bind(s.clone()),
            Arg::Int(i) => q.bind(*i),
            Arg::Time(t) => q.bind(*t),
        };
    }
    q
}

/// Turns filter values into SQL conditions. Returns `None` when a filter names something that
/// does not exist (an unknown organization or column): the listing is then empty.
async fn conditions(
    pool: &Pool<DB>,
    f: &ListingFilter,
    public: bool,
    w: &mut Where,
) -> DbResult<Option<()>> {
    let status = if public {
        Some(Status::Published.as_str().to_string())
    } else {
        f.status.clone()
    };
    if let Some(s) = status {
        w.eq("d.status", Arg::Text(s));
    }
    let mut org_id = None;
    if let Some(code) = &f.org {
        match orgs::by_code(pool, code).await? {
            Some(o) => {
                org_id = Some(o.id);
                w.eq("d.org_id", Arg::Int(o.id));
            }
            None => return Ok(None),
        }
    }
    if let Some(slug) = &f.column {
        let ids = columns::ids_by_slug(pool, slug, org_id).await?;
        if ids.is_empty() {
            return Ok(None);
        }
        let start = w.next();
        let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", start + i)).collect();
        w.push(
            format!("d.column_id IN ({})", marks.join(", ")),
            ids.into_iter().map(Arg::Int).collect(),
        );
    }
    if let Some(s) = &f.subject {
        let n = w.next();
        w.push(
            format!("(d.subject = ${n} OR d.subject LIKE ${})", n + 1),
            vec![Arg::Text(s.clone()), Arg::Text(format!("{s}.%"))],
        );
    }
    if let Some(g) = &f.genre {
        w.eq("d.genre", Arg::Text(g.clone()));
    }
    if let Some(v) = &f.validity {
        w.eq("d.validity", Arg::Text(v.clone()));
    }
    if let Some(y) = f.year {
        let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y + 1, 1, 1),
        ) else {
            return Ok(None);
        };
        let n = w.next();
        w.push(
            format!("d.published_at >= ${n} AND d.published_at < ${}", n + 1),
            vec![
                Arg::Time(china_midnight(from)),
                Arg::Time(china_midnight(to)),
            ],
        );
    }
    if let Some(t) = &f.title_contains {
        let n = w.next();
        w.push(
            format!("d.title LIKE ${n}"),
            vec![Arg::Text(format!("%{}%", escape_like(t)))],
        );
    }
    Ok(Some(()))
}

fn escape_like(s: &str) -> String {
    // `%` and `_` typed by a user are matched literally.
    s.replace(['%', '_'], "")
}

/// How many published documents match, counted up to [`COUNT_CAP`].
pub async fn public_count(pool: &Pool<DB>, f: &ListingFilter) -> DbResult<Counted> {
    let mut w = Where::default();
    if conditions(pool, f, true, &mut w).await?.is_none() {
        return Ok(Counted {
            count: 0,
            capped: false,
        });
    }
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM documents d{} LIMIT {}) AS capped",
        w.sql(),
        COUNT_CAP + 1
    );
    let (n,): (i64,) = bind_all(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &w.args)
        .fetch_one(pool)
        .await?;
    Ok(Counted {
        count: n.min(COUNT_CAP),
        capped: n > COUNT_CAP,
    })
}

/// A page of published documents after `after`, newest first, and the cursor of the next page.
pub async fn public_page(
    pool: &Pool<DB>,
    f: &ListingFilter,
    after: Option<Cursor>,
    limit: i64,
) -> DbResult<(Vec<DocumentSummary>, Option<Cursor>)> {
    let mut w = Where::default();
    if conditions(pool, f, true, &mut w).await?.is_none() {
        return Ok((vec![], None));
    }
    if let Some(c) = after {
        let n = w.next();
        w.push(
            format!("(d.published_at, d.id) < (${n}, ${})", n + 1),
            vec![Arg::Time(secs(c.published_at)), Arg::Int(c.id)],
        );
    }
    let sql = format!(
        "{SUMMARY_SELECT}{} ORDER BY d.published_at DESC, d.id DESC LIMIT {}",
        w.sql(),
        limit + 1
    );
    let mut items: Vec<DocumentSummary> =
        bind_all(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &w.args)
            .fetch_all(pool)
            .await?;
    let next = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().and_then(|d| {
            d.published_at.map(|p| Cursor {
                published_at: p,
                id: d.id,
            })
        })
    } else {
        None
    };
    Ok((items, next))
}

/// A page with its count.
pub async fn public(
    pool: &Pool<DB>,
    f: &ListingFilter,
    after: Option<Cursor>,
    limit: i64,
) -> DbResult<ListingPage> {
    let counted = public_count(pool, f).await?;
    let (items, next) = public_page(pool, f, after, limit).await?;
    Ok(ListingPage {
        items,
        next,
        count: counted.count,
        count_capped: counted.capped,
    })
}

/// The back office's list of an organization's documents in any status, most recently changed first.
pub async fn staff(
    pool: &Pool<DB>,
    org_id: i64,
    f: &ListingFilter,
    before_id: Option<i64>,
    limit: i64,
) -> DbResult<Vec<DocumentSummary>> {
    let mut w = Where::default();
    w.eq("d.org_id", Arg::Int(org_id));
    let mut f = f.clone();
    f.org = None;
    if conditions(pool, &f, false, &mut w).await?.is_none() {
        return Ok(vec![]);
    }
    if let Some(b) = before_id {
        let n = w.next();
        w.push(format!("d.id < ${n}"), vec![Arg::Int(b)]);
    }
    let sql = format!(
        "{SUMMARY_SELECT}{} ORDER BY d.id DESC LIMIT {limit}",
        w.sql()
    );
    Ok(bind_all(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &w.args)
        .fetch_all(pool)
        .await?)
}

/// Years in which something was published (for the year filter), newest first.
pub async fn years(pool: &Pool<DB>) -> DbResult<Vec<i32>> {
    // Two ordered one-row reads walk the status index from each end; MIN and MAX in one
    // statement would scan every published row on SQLite.
    let bound = async |sql: &'static str| -> DbResult<Option<chrono::DateTime<chrono::Utc>>> {
        let row: Option<(Option<chrono::DateTime<chrono::Utc>>,)> = sqlx::query_as(sql)
            .bind(Status::Published.as_str())
            .fetch_optional(pool)
            .await?;
        Ok(row.and_then(|r| r.0))
    };
    let first = bound(
        "SELECT published_at FROM documents WHERE status = $1 ORDER BY published_at ASC LIMIT 1",
    )
    .await?;
    let last = bound(
        "SELECT published_at FROM documents WHERE status = $1 ORDER BY published_at DESC LIMIT 1",
    )
    .await?;
    use chrono::Datelike;
    Ok(match (first, last) {
        (Some(a), Some(b)) => {
            let (a, b) = (
                gongkai_core::time::china_date(a).year(),
                gongkai_core::time::china_date(b).year(),
            );
            (a..=b).rev().collect()
        }
        _ => vec![],
    })
}
