//! The index itself: opening, writing documents, searching.

use crate::SearchError;
use crate::fields::{Fields, register_tokenizers, schema};
use crate::normalize::normalize;
use crate::query::{ParsedQuery, parse};
use crate::snippet::highlight;
use crate::tokenizer::{RunQuery, query_runs};
use chrono::{DateTime, Datelike, Utc};
use gongkai_core::catalog::Status;
use gongkai_core::document::body_text;
use gongkai_db::Document;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

/// Who is searching: the public sees published documents; staff see every status of their
/// organization's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Public,
    Staff { org_id: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest publication first.
    Date,
}

/// Filters; the web layer resolves codes and slugs to ids.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub org_id: Option<i64>,
    /// A column and its sub-columns.
    pub column_ids: Vec<i64>,
    pub subject: Option<String>,
    pub genre: Option<String>,
    pub year: Option<i32>,
    pub validity: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub filter: SearchFilter,
    pub scope: Scope,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub id: i64,
    pub index_no: String,
    /// HTML, escaped, query words in `<mark>`.
    pub title_html: String,
    pub doc_no: String,
    /// HTML, escaped, query words in `<mark>`.
    pub snippet_html: String,
    pub published_at: Option<DateTime<Utc>>,
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub parsed: ParsedQuery,
}

/// A document with its attachments' bytes, as the indexer needs it.
pub struct Indexed {
    pub doc: Document,
    /// `(content type, bytes)` of each attachment.
    pub attachments: Vec<(String, Vec<u8>)>,
}

/// The index that is live now; replaced as a whole when `gongkai reindex` finishes.
pub(crate) struct Live {
    pub(crate) name: String,
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) writer: Mutex<IndexWriter>,
    pub(crate) fields: Fields,
}

/// The search index of this node, under `root` (`DATA_DIR/search`).
pub struct SearchIndex {
    pub(crate) root: PathBuf,
    pub(crate) live: RwLock<Arc<Live>>,
    pub(crate) sync_lock: tokio::sync::Mutex<()>,
}

const CURRENT: &str = "CURRENT";
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

impl Live {
    pub(crate) fn open(dir: &Path, name: &str) -> Result<Live, SearchError> {
        let path = dir.join(name);
        std::fs::create_dir_all(&path)?;
        let (schema, fields) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(&path)?;
        let index = Index::open_or_create(mmap, schema)?;
        register_tokenizers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        Ok(Live {
            name: name.to_string(),
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    /// The change-feed position this index reflects (stored with each commit).
    pub(crate) fn position(&self) -> Result<i64, SearchError> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .and_then(|p| p.parse().ok())
            .unwrap_or(0))
    }

    /// Replaces the given documents (`None`: deleted) and records `position`, in one commit.
    pub(crate) fn apply(
        &self,
        docs: &[(i64, Option<Indexed>)],
        position: i64,
    ) -> Result<(), SearchError> {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        for (id, doc) in docs {
            w.delete_term(Term::from_field_u64(self.fields.id, *id as u64));
            if let Some(d) = doc {
                w.add_document(to_tantivy(&self.fields, d))?;
            }
        }
        let mut commit = w.prepare_commit()?;
        commit.set_payload(&position.to_string());
        commit.commit()?;
        drop(w);
        self.reader.reload()?;
        Ok(())
    }
}

/// Stored attachment text is cut to this many characters (for snippets only; all of it is indexed).
const ATTACHMENT_SHOWN: usize = 20_000;

fn to_tantivy(f: &Fields, indexed: &Indexed) -> TantivyDocument {
    let d = &indexed.doc;
    let mut doc = TantivyDocument::default();
    let attached: Vec<String> = indexed
        .attachments
        .iter()
        .filter_map(|(ct, bytes)| crate::extract::text_of(ct, bytes))
        .collect();
    if !attached.is_empty() {
        let text = attached.join("\n");
        doc.add_text(f.attach_bi, normalize(&text));
        doc.add_text(
            f.attach_show,
            text.chars().take(ATTACHMENT_SHOWN).collect::<String>(),
        );
    }
    doc.add_u64(f.id, d.id as u64);
    doc.add_u64(f.org_id, d.org_id as u64);
    if let Some(c) = d.column_id {
        doc.add_u64(f.column_id, c as u64);
    }
    doc.add_text(f.status, &d.status);
    doc.add_text(f.subject, &d.subject);
    if let Some((top, _)) = d.subject.split_once('.') {
        doc.add_text(f.subject, top);
    }
    doc.add_text(f.genre, &d.genre);
    doc.add_text(f.validity, &d.validity);
    if let Some(p) = d.published_at {
        doc.add_u64(f.year, gongkai_core::time::china_date(p).year() as u64);
        doc.add_i64(f.published_at, p.timestamp());
    } else {
        doc.add_i64(f.published_at, 0);
    }
    doc.add_text(f.index_no, &d.index_no);
    let title = normalize(&d.title);
    doc.add_text(f.title_exact, squeeze(&title));
    doc.add_text(f.title_bi, &title);
    doc.add_text(f.title_jb, &title);
    doc.add_text(f.title_show, &d.title);
    let body = body_text(&d.body_html);
    let body_norm = normalize(&body);
    doc.add_text(f.body_bi, &body_norm);
    doc.add_text(f.body_jb, &body_norm);
    doc.add_text(f.body_show, &body);
    let doc_no = d.doc_no.clone().unwrap_or_default();
    if !doc_no.is_empty() {
        doc.add_text(f.doc_no, doc_no_term(&doc_no));
        doc.add_text(f.doc_no_show, &doc_no);
    }
    let meta = format!(
        "{} {} {} {} {}",
        d.publisher, d.keywords, doc_no, d.index_no, d.summary
    );
    doc.add_text(f.meta_bi, normalize(&meta));
    doc
}

/// Text without whitespace, for whole-value comparisons.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn doc_no_term(s: &str) -> String {
    normalize(&gongkai_core::doc_no::match_key(s))
}

impl SearchIndex {
    /// Opens the index under `root`, creating an empty one when there is none.
    pub fn open(root: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(root)?;
        let name = match std::fs::read_to_string(root.join(CURRENT)) {
            Ok(n) if !n.trim().is_empty() => n.trim().to_string(),
            _ => {
                let n = "index-0".to_string();
                write_current(root, &n)?;
                n
            }
        };
        let live = Live::open(root, &name)?;
        Ok(SearchIndex {
            root: root.to_path_buf(),
            live: RwLock::new(Arc::new(live)),
            sync_lock: tokio::sync::Mutex::new(()),
        })
    }

    pub(crate) fn live(&self) -> Arc<Live> {
        self.live.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The change-feed position the live index reflects.
    pub fn position(&self) -> Result<i64, SearchError> {
        self.live().position()
    }

    /// Number of documents in the index (all statuses).
    pub fn len(&self) -> u64 {
        self.live().reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs a search. Blocking (CPU-bound): call it from `spawn_blocking` in async code.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let parsed = parse(&req.query);
        if parsed.is_empty() {
            return Ok(SearchResults {
                total: 0,
                hits: vec![],
                parsed,
            });
        }
        let live = self.live();
        let f = &live.fields;
        let query = build_query(f, &parsed, &req.query, req);
        let searcher = live.reader.searcher();
        let limit = req.limit.clamp(1, 100);
        let (addresses, total): (Vec<DocAddress>, usize) = match req.sort {
            Sort::Relevance => {
                let top = TopDocs::with_limit(limit)
                    .and_offset(req.offset)
                    .order_by_score();
                let (docs, n) = searcher.search(&query, &(top, Count))?;
                (docs.into_iter().map(|(_, a)| a).collect(), n)
            }
            Sort::Date => {
                let top = TopDocs::with_limit(limit)
                    .and_offset(req.offset)
                    .order_by_fast_field::<i64>("published_at", Order::Desc);
                let (docs, n) = searcher.search(&query, &(top, Count))?;
                (docs.into_iter().map(|(_, a)| a).collect(), n)
            }
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for a in addresses {
            let doc: TantivyDocument = searcher.doc(a)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            };
            let ts = doc
                .get_first(f.published_at)
                .and_then(|v| v.as_i64())
                .unwrap_or(0);
            hits.push(Hit {
                id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0) as i64,
                index_no: text(f.index_no),
                title_html: highlight(&text(f.title_show), &parsed.include, None),
                doc_no: text(f.doc_no_show),
                snippet_html: snippet(&text(f.body_show), &text(f.attach_show), &parsed.include),
                published_at: (ts > 0).then(|| DateTime::from_timestamp(ts, 0)).flatten(),
                status: text(f.status),
            });
        }
        Ok(SearchResults {
            total,
            hits,
            parsed,
        })
    }
}

/// The body around the first match; when only an attachment matches, the attachment's text.
fn snippet(body: &str, attachments: &str, words: &[String]) -> String {
    let from_body = highlight(body, words, Some(120));
    if from_body.contains("<mark>") || attachments.is_empty() {
        return from_body;
    }
    let from_attachment = highlight(attachments, words, Some(120));
    if from_attachment.contains("<mark>") {
        format!("附件：{from_attachment}")
    } else {
        from_body
    }
}

pub(crate) fn write_current(root: &Path, name: &str) -> Result<(), SearchError> {
    let tmp = root.join("CURRENT.tmp");
    std::fs::write(&tmp, name)?;
    std::fs::rename(tmp, root.join(CURRENT))?;
    Ok(())
}

pub(crate) fn read_current(root: &Path) -> Option<String> {
    std::fs::read_to_string(root.join(CURRENT))
        .ok()
        .map(|s| s.trim().to_string())
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn filter(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(term(field, text), IndexRecordOption::Basic))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

/// Documents whose bigram `field` contains `word` as a substring.
fn substring(field: Field, word: &str) -> Option<Box<dyn Query>> {
    let runs: Vec<Box<dyn Query>> = query_runs(word)
        .into_iter()
        .map(|r| -> Box<dyn Query> {
            match r {
                RunQuery::Phrase(grams) if grams.len() == 1 => Box::new(TermQuery::new(
                    term(field, &grams[0]),
                    IndexRecordOption::WithFreqs,
                )),
                RunQuery::Phrase(grams) => Box::new(PhraseQuery::new(
                    grams.iter().map(|g| term(field, g)).collect(),
                )),
                RunQuery::Prefix(c) => {
                    match RegexQuery::from_pattern(&format!("{}.?", regex_escape(c)), field) {
                        Ok(q) => Box::new(q),
                        Err(_) => Box::new(TermQuery::new(
                            term(field, &c.to_string()),
                            IndexRecordOption::Basic,
                        )),
                    }
                }
            }
        })
        .collect();
    match runs.len() {
        0 => None,
        1 => runs.into_iter().next(),
        _ => Some(Box::new(BooleanQuery::new(
            runs.into_iter().map(|q| (Occur::Must, q)).collect(),
        ))),
    }
}

fn regex_escape(c: char) -> String {
    if c.is_ascii_alphanumeric() || !c.is_ascii() {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

/// A word matches in the title, the body, the other fields, or exactly as 索引号 or 文件编号.
fn word_query(f: &Fields, word: &str, ranked: bool) -> Box<dyn Query> {
    let (t, b, m) = if ranked {
        (6.0, 1.0, 1.5)
    } else {
        (1.0, 1.0, 1.0)
    };
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let a = if ranked { 0.5 } else { 1.0 };
    for (field, boost) in [
        (f.title_bi, t),
        (f.body_bi, b),
        (f.meta_bi, m),
        (f.attach_bi, a),
    ] {
        if let Some(q) = substring(field, word) {
            should.push((Occur::Should, boosted(q, boost)));
        }
    }
    let squeezed = squeeze(word);
    should.push((
        Occur::Should,
        boosted(term_query(f.index_no, &squeezed.to_uppercase()), 100.0),
    ));
    should.push((
        Occur::Should,
        boosted(term_query(f.doc_no, &doc_no_term(&squeezed)), 100.0),
    ));
    Box::new(BooleanQuery::new(should))
}

fn build_query(f: &Fields, parsed: &ParsedQuery, raw: &str, req: &SearchRequest) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for w in &parsed.include {
        clauses.push((Occur::Must, word_query(f, w, true)));
    }
    for w in &parsed.exclude {
        clauses.push((Occur::MustNot, word_query(f, w, false)));
    }
    // Ranking only: the whole query as the exact title, and whole-word (jieba) matches.
    clauses.push((
        Occur::Should,
        boosted(term_query(f.title_exact, &squeeze(&normalize(raw))), 50.0),
    ));
    for w in &parsed.include {
        for (field, boost) in [(f.title_jb, 2.0), (f.body_jb, 0.3)] {
            let mut analyzer = jieba();
            let mut stream = analyzer.token_stream(w);
            while let Some(tok) = stream.next() {
                clauses.push((Occur::Should, boosted(term_query(field, &tok.text), boost)));
            }
        }
    }
    match req.scope {
        Scope::Public => clauses.push(filter(term_query(f.status, Status::Published.as_str()))),
        Scope::Staff { org_id } => clauses.push(filter(Box::new(TermQuery::new(
            Term::from_field_u64(f.org_id, org_id as u64),
            IndexRecordOption::Basic,
        )))),
    }
    let sf = &req.filter;
    if let Some(o) = sf.org_id {
        clauses.push(filter(Box::new(TermQuery::new(
            Term::from_field_u64(f.org_id, o as u64),
            IndexRecordOption::Basic,
        ))));
    }
    if !sf.column_ids.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = sf
            .column_ids
            .iter()
            .map(|c| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_u64(f.column_id, *c as u64),
                        IndexRecordOption::Basic,
                    )),
                )
            })
            .collect();
        clauses.push(filter(Box::new(BooleanQuery::new(any))));
    }
    for (field, value) in [
        (f.subject, &sf.subject),
        (f.genre, &sf.genre),
        (f.validity, &sf.validity),
    ] {
        if let Some(v) = value {
            clauses.push(filter(term_query(field, v)));
        }
    }
    if let Some(y) = sf.year {
        clauses.push(filter(Box::new(TermQuery::new(
            Term::from_field_u64(f.year, y.max(0) as u64),
            IndexRecordOption::Basic,
        ))));
    }
    BooleanQuery::new(clauses)
}

/// The jieba analyzer, as registered for the `*_jb` fields (the dictionary is loaded once).
fn jieba() -> tantivy::tokenizer::TextAnalyzer {
    tantivy::tokenizer::TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new()).build()
}
