//! `/search`: full-text search of published documents, also used by the JSON API and (with the
//! staff scope) by the back office. Lenient by design: filters with unknown values are ignored
//! with a note, an over-long query is cut with a message; nothing here is a 400.

use crate::cache::Page;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::templates::render;
use crate::views::{genre_choices, subject_choices, validity_choices};
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use gongkai_core::catalog::{Validity, valid_column_slug};
use gongkai_core::subject::Subject;
use gongkai_core::time::{china_date, format_cn_date};
use gongkai_search::{Scope, SearchFilter, SearchRequest, SearchResults, Sort};
use serde::Serialize;
use std::sync::Arc;

pub const PAGE_SIZE: usize = 20;
/// Deeper pages are not offered: a refined query serves better than page 51.
pub const MAX_PAGE: usize = 50;

#[derive(Debug, Default)]
pub struct SearchParams {
    pub q: String,
    pub org: String,
    pub column: String,
    pub subject: String,
    pub genre: String,
    pub year: String,
    pub validity: String,
    pub sort: String,
    pub page: String,
}

impl SearchParams {
    /// The parameters of a raw query string, leniently: a parameter given twice keeps its first
    /// value (with a note), unknown ones are ignored, and undecodable bytes become U+FFFD.
    pub fn parse(raw: Option<&str>, notes: &mut Vec<String>) -> SearchParams {
        let mut p = SearchParams::default();
        let mut seen: Vec<String> = Vec::new();
        // Pairs in order, repeats kept; decoding is lossy, so this does not fail on real input.
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "q" => &mut p.q,
                "org" => &mut p.org,
                "column" => &mut p.column,
                "subject" => &mut p.subject,
                "genre" => &mut p.genre,
                "year" => &mut p.year,
                "validity" => &mut p.validity,
                "sort" => &mut p.sort,
                "page" => &mut p.page,
                _ => continue,
            };
            if !seen.contains(&key) {
                *slot = value;
                seen.push(key);
            } else {
                let note = format!("参数“{key}”出现了多次，只使用了第一个");
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
        p
    }
}

/// A search as run, with what the page needs to explain it.
pub struct Outcome {
    pub params: SearchParams,
    pub results: SearchResults,
    pub page: usize,
    pub sort: Sort,
    /// Why a filter or parameter was ignored (Chinese).
    pub notes: Vec<String>,
}

impl Outcome {
    pub fn pages(&self) -> usize {
        self.results.total.div_ceil(PAGE_SIZE).clamp(1, MAX_PAGE)
    }

    /// The query string of this search with another page or sort.
    pub fn link(&self, page: usize, sort: Sort) -> String {
        let p = &self.params;
        let mut pairs: Vec<(&str, String)> = vec![("q", p.q.clone())];
        for (k, v) in [
            ("org", &p.org),
            ("column", &p.column),
            ("subject", &p.subject),
            ("genre", &p.genre),
            ("year", &p.year),
            ("validity", &p.validity),
        ] {
            if !v.trim().is_empty() {
                pairs.push((k, v.trim().to_string()));
            }
        }
        if sort == Sort::Date {
            pairs.push(("sort", "date".into()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// Parses the parameters, resolves the filters and runs the search in `scope`.
pub async fn run(state: &AppState, raw: Option<&str>, scope: Scope) -> AppResult<Outcome> {
    let mut notes = Vec::new();
    let params = SearchParams::parse(raw, &mut notes);
    let mut filter = SearchFilter::default();
    let org = params.org.trim();
    if !org.is_empty() {
        match state.db.org_by_code(org).await? {
            Some(o) => filter.org_id = Some(o.id),
            None => notes.push(format!("没有代码为“{org}”的机关，已忽略该条件")),
        }
    }
    let column = params.column.trim();
    if !column.is_empty() {
        let ids = if valid_column_slug(column) {
            state.db.column_ids(column, filter.org_id).await?
        } else {
            vec![]
        };
        if ids.is_empty() {
            notes.push("栏目不存在，已忽略该条件".into());
        } else {
            filter.column_ids = ids;
        }
    }
    let subject = params.subject.trim();
    if !subject.is_empty() {
        if Subject::from_code(subject).is_some() {
            filter.subject = Some(subject.to_string());
        } else {
            notes.push("主题分类不正确，已忽略该条件".into());
        }
    }
    let genre = params.genre.trim();
    if !genre.is_empty() {
        if gongkai_core::genre::is_valid(genre) {
            filter.genre = Some(genre.to_string());
        } else {
            notes.push("体裁不正确，已忽略该条件".into());
        }
    }
    let year = params.year.trim();
    if !year.is_empty() {
        match year.parse::<i32>() {
            Ok(y) if (1949..=2100).contains(&y) => filter.year = Some(y),
            _ => notes.push("年份应为四位数字，已忽略该条件".into()),
        }
    }
    let validity = params.validity.trim();
    if !validity.is_empty() {
        if Validity::parse(validity).is_some() {
            filter.validity = Some(validity.to_string());
        } else {
            notes.push("有效性不正确，已忽略该条件".into());
        }
    }
    let sort = if params.sort == "date" {
        Sort::Date
    } else {
        Sort::Relevance
    };
    let page = match params.page.trim() {
        "" => 1,
        p => match p.parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => {
                notes.push(format!("页码应为 1 至 {MAX_PAGE}，已显示第 1 页"));
                1
            }
        },
    };
    let req = SearchRequest {
        query: params.q.clone(),
        filter,
        scope,
        sort,
        offset: (page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
    };
    let index = state.search.clone();
    // Searches are CPU-bound: with more running than cores, each is slowed by all the others and
    // a slow one takes many times its own time; queued, they finish in turn.
    let _slot = state
        .search_slots
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let results = tokio::task::spawn_blocking(move || index.search(&req))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    if results.parsed.truncated {
        notes.push(format!(
            "检索词过长，只使用了前 {} 个字",
            gongkai_search::query::MAX_QUERY_CHARS
        ));
    }
    Ok(Outcome {
        params,
        results,
        page,
        sort,
        notes,
    })
}

#[derive(Serialize)]
pub struct HitView {
    pub id: i64,
    pub url: String,
    pub index_no: String,
    pub title_html: String,
    pub snippet_html: String,
    pub doc_no: String,
    pub published_on: String,
    pub status: String,
}

pub fn hit_views(o: &Outcome) -> Vec<HitView> {
    o.results
        .hits
        .iter()
        .map(|h| HitView {
            id: h.id,
            url: crate::views::doc_url(&h.index_no),
            index_no: h.index_no.clone(),
            title_html: h.title_html.clone(),
            snippet_html: h.snippet_html.clone(),
            doc_no: h.doc_no.clone(),
            published_on: h
                .published_at
                .map(|p| format_cn_date(china_date(p)))
                .unwrap_or_default(),
            status: gongkai_core::catalog::Status::parse(&h.status)
                .map(|s| s.label())
                .unwrap_or("")
                .into(),
        })
        .collect()
}

/// Other searches to try when nothing was found: the same words without the filters, each word
/// alone, the words without quotes, and for a document number that is not in the catalog the
/// issuer's numbers of that year (`民发〔2024〕12号` → `民发〔2024〕`; bracket spellings are
/// already equal, so suggesting another spelling would find nothing more).
pub fn suggestions(o: &Outcome) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |label: String, q: &str| {
        let link = serde_urlencoded::to_string([("q", q)]).unwrap_or_default();
        if !q.is_empty() && !out.iter().any(|(_, l)| *l == link) {
            out.push((label, link));
        }
    };
    let p = &o.params;
    let q = p.q.trim();
    let filtered = [
        &p.org,
        &p.column,
        &p.subject,
        &p.genre,
        &p.year,
        &p.validity,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    if filtered {
        push(format!("{q}（不限筛选条件）"), q);
    }
    let words = &o.results.parsed.include;
    if words.len() > 1 {
        for w in words {
            push(w.clone(), w);
        }
    }
    if q.contains(['"', '“', '”']) {
        let plain = q.replace(['"', '“', '”'], " ");
        push(plain.trim().to_string(), plain.trim());
    }
    if let Some(parts) = gongkai_core::doc_no::parts(q) {
        let issuer_year = format!("{}〔{}〕", parts.prefix, parts.year);
        push(
            format!("{issuer_year}（该机关代字当年的文件）"),
            &issuer_year,
        );
    }
    out
}

pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> AppResult<Response> {
    // The same query under the same index generation renders the same page: serve it from
    // memory (with its gzip form and ETag). Over-long query strings are not kept.
    let raw_query = raw.as_deref().unwrap_or("");
    let key =
        (raw_query.len() <= 2_000).then(|| format!("{}|{raw_query}", state.search.generation()));
    if let Some(page) = key.as_deref().and_then(|k| state.cache.search(k)) {
        return Ok(page.respond(&headers));
    }
    let o = run(&state, raw.as_deref(), Scope::Public).await?;
    let choices = super::catalog::filter_choices(&state).await?;
    let pages: Vec<(usize, String)> = page_window(&o)
        .into_iter()
        .map(|p| (p, o.link(p, o.sort)))
        .collect();
    let html = render(
        "search.html",
        crate::ctx! {
            q => o.params.q.clone(),
            searched => !o.results.parsed.is_empty(),
            total => o.results.total,
            hits => hit_views(&o),
            notes => o.notes.clone(),
            page => o.page,
            pages => pages,
            prev_url => (o.page > 1).then(|| o.link(o.page - 1, o.sort)),
            next_url => (o.page < o.pages()).then(|| o.link(o.page + 1, o.sort)),
            by_relevance_url => o.link(1, Sort::Relevance),
            by_date_url => o.link(1, Sort::Date),
            sort_date => o.sort == Sort::Date,
            suggestions => suggestions(&o),
            params => serde_json::json!({
                "org": o.params.org, "column": o.params.column, "subject": o.params.subject,
                "genre": o.params.genre, "year": o.params.year, "validity": o.params.validity,
            }),
            orgs => choices.orgs.clone(),
            columns => choices.columns.clone(),
            years => choices.years.clone(),
            subjects => subject_choices(),
            genres => genre_choices(),
            validities => validity_choices(),
        },
    )?;
    let page = Arc::new(Page::seldom_repeated(html));
    if let Some(k) = key {
        state.cache.put_search(&k, page.clone());
    }
    Ok(page.respond(&headers))
}

/// Page numbers to offer around the current one.
pub fn page_window(o: &Outcome) -> Vec<usize> {
    let last = o.pages();
    let from = o.page.saturating_sub(3).max(1);
    let to = (o.page + 3).min(last);
    (from..=to).collect()
}
