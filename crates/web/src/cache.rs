//! Rendered public pages, kept in memory with their gzip form.
//!
//! A document page is rendered and compressed once per change, not once per request: that is what
//! lets the portal answer at nginx-like rates. Entries are dropped by following the change feed
//! (`catalog_changes`): after a local write the handler syncs at once, and a background task syncs
//! every second so that changes made through other app nodes reach this node's cache too.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;
use gongkai_db::{Counted, Db};
use quick_cache::sync::Cache;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

/// A finished page: the HTML, its gzip form and an ETag.
#[derive(Debug)]
pub struct Page {
    html: Bytes,
    /// Compressed when a client first accepts gzip: a search page is often asked for once, and
    /// compressing it was a tenth of a search request's time.
    gzip: OnceLock<Bytes>,
    level: Compression,
    etag: String,
}

impl Page {
    /// A page served many times between changes (a document, a listing): compressed once, at
    /// gzip's default level.
    pub fn new(html: String) -> Page {
        Page::with_level(html, Compression::default())
    }

    /// A page seldom asked for twice (a search results page): compressed at gzip's fastest
    /// level (on a 27 KB results page, zlib's level 1 took half the time of level 6 for 11 %
    /// more bytes; BENCHMARKS.md, 2026-12-07).
    pub fn seldom_repeated(html: String) -> Page {
        Page::with_level(html, Compression::fast())
    }

    fn with_level(html: String, level: Compression) -> Page {
        let etag = format!(
            "\"{}\"",
            &hex::encode(Sha256::digest(html.as_bytes()))[..32]
        );
        Page {
            html: Bytes::from(html),
            gzip: OnceLock::new(),
            level,
            etag,
        }
    }

    fn gzip(&self) -> Bytes {
        self.gzip
            .get_or_init(|| {
                let mut enc = GzEncoder::new(Vec::with_capacity(self.html.len() / 3), self.level);
                // Writing to a Vec cannot fail.
                let _ = enc.write_all(&self.html);
                Bytes::from(enc.finish().unwrap_or_default())
            })
            .clone()
    }

    /// Bytes held, for caches bounded by size, counting the gzip form (about a fifth of the
    /// HTML) whether made yet or not: an entry's weight is fixed when it is inserted.
    fn bytes(&self) -> u64 {
        (self.html.len() + self.html.len() / 4 + self.etag.len()) as u64
    }

    /// The response for a request with `headers`: 304 when the browser has it, gzip when accepted.
    pub fn respond(&self, headers: &HeaderMap) -> Response {
        let etag = HeaderValue::from_str(&self.etag).unwrap_or(HeaderValue::from_static("\"\""));
        if headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == self.etag.as_bytes())
        {
            return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
        }
        let gzip_ok = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
        let common = [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (header::VARY, HeaderValue::from_static("Accept-Encoding")),
            (header::ETAG, etag),
        ];
        if gzip_ok {
            (
                common,
                [(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))],
                self.gzip(),
            )
                .into_response()
        } else {
            (common, self.html.clone()).into_response()
        }
    }
}

/// What the listing's filter form offers; the same for every page until the catalog changes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FilterChoices {
    pub orgs: Vec<(String, String)>,
    pub columns: Vec<(String, String)>,
    pub years: Vec<i32>,
}

/// Memory for cached search pages (a results page is about 30 KB).
const SEARCH_PAGES_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, Arc<Page>> for ByBytes {
    fn weight(&self, key: &String, page: &Arc<Page>) -> u64 {
        key.len() as u64 + page.bytes()
    }
}

pub struct PageCache {
    /// Document pages by index number.
    documents: Cache<String, Arc<Page>>,
    /// Home page and first listing pages, by path and query.
    lists: Cache<String, Arc<Page>>,
    /// Match counts by filter: deeper pages of a listing reuse the count of its first page.
    counts: Cache<String, Counted>,
    /// Rendered public search pages, by search-index generation and query string: a popular
    /// query is answered from memory until the index changes. Bounded by bytes, since most
    /// queries are asked once.
    searches: Cache<String, Arc<Page>, ByBytes>,
    choices: std::sync::Mutex<Option<Arc<FilterChoices>>>,
    /// Last change-feed position applied.
    seq: AtomicI64,
    sync_lock: tokio::sync::Mutex<()>,
}

impl PageCache {
    pub fn new(last_seq: i64) -> PageCache {
        PageCache {
            documents: Cache::new(20_000),
            lists: Cache::new(2_000),
            counts: Cache::new(2_000),
            searches: Cache::with_weighter(5_000, SEARCH_PAGES_BYTES, ByBytes),
            choices: std::sync::Mutex::new(None),
            seq: AtomicI64::new(last_seq),
            sync_lock: tokio::sync::Mutex::new(()),
        }
    }

    pub fn document(&self, index_no: &str) -> Option<Arc<Page>> {
        self.documents.get(index_no)
    }

    pub fn put_document(&self, index_no: &str, page: Arc<Page>) {
        self.documents.insert(index_no.to_string(), page);
    }

    pub fn list(&self, key: &str) -> Option<Arc<Page>> {
        self.lists.get(key)
    }

    pub fn put_list(&self, key: &str, page: Arc<Page>) {
        self.lists.insert(key.to_string(), page);
    }

    pub fn search(&self, key: &str) -> Option<Arc<Page>> {
        self.searches.get(key)
    }

    pub fn put_search(&self, key: &str, page: Arc<Page>) {
        self.searches.insert(key.to_string(), page);
    }

    pub fn count(&self, filter_key: &str) -> Option<Counted> {
        self.counts.get(filter_key)
    }

    pub fn put_count(&self, filter_key: &str, c: Counted) {
        self.counts.insert(filter_key.to_string(), c);
    }

    pub fn choices(&self) -> Option<Arc<FilterChoices>> {
        self.choices
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn put_choices(&self, c: Arc<FilterChoices>) {
        *self.choices.lock().unwrap_or_else(|e| e.into_inner()) = Some(c);
    }

    fn clear_lists(&self) {
        self.lists.clear();
        self.counts.clear();
        self.searches.clear();
        *self.choices.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Applies the change feed since the last sync. A publication or withdrawal may change other
    /// pages' "related documents", and a renamed organization or column shows on many pages, so
    /// those drop every document page; an edit drops its own page.
    pub async fn sync(&self, db: &Db) -> Result<(), gongkai_db::DbError> {
        let _guard = self.sync_lock.lock().await;
        loop {
            let from = self.seq.load(Ordering::SeqCst);
            let changes = db.changes_after(from, 500).await?;
            let Some(last) = changes.last().map(|c| c.0) else {
                return Ok(());
            };
            self.clear_lists();
            for (_, doc_id, kind) in &changes {
                if kind == "published"
                    || kind == "withdrawn"
                    || kind == gongkai_db::CHANGE_STRUCTURE
                {
                    self.documents.clear();
                } else if let Some(d) = db.document(*doc_id).await? {
                    self.documents.remove(&d.index_no);
                }
            }
            self.seq.store(last, Ordering::SeqCst);
        }
    }
}
