//! The index itself: opening, writing documents, searching.

use crate::SearchError;
use crate::fields::{Fields, TITLE_COPIES, register_tokenizers, schema};
use crate::normalize::normalize;
use crate::query::{ParsedQuery, parse};
use crate::sets::{self, Bits, ClauseWeight, SetCache};
use crate::snippet::highlight;
use crate::tokenizer::{RunQuery, cover, query_runs};
use chrono::{DateTime, Datelike, Utc};
use gongkai_core::catalog::Status;
use gongkai_core::document::body_text;
use gongkai_db::IndexSource;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher,
    TantivyDocument, Term,
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
    pub doc: IndexSource,
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
    /// Clause bitsets for exact counts (see `sets`).
    pub(crate) sets: SetCache,
}

/// The search index of this node, under `root` (`DATA_DIR/search`).
pub struct SearchIndex {
    pub(crate) root: PathBuf,
    pub(crate) live: RwLock<Arc<Live>>,
    pub(crate) sync_lock: tokio::sync::Mutex<()>,
    /// Bumped whenever what searches see changes (a sync applied changes, a rebuilt index was
    /// switched to): results cached under an older generation are never served again.
    pub(crate) generation: std::sync::atomic::AtomicU64,
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
            sets: SetCache::new(sets::CACHE_BYTES),
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

/// A new index being written from scratch by `rebuild`: no deletions to apply, an indexing
/// thread per core, one commit at the end.
pub(crate) struct Bulk {
    writer: IndexWriter,
    fields: Fields,
}

/// The default memory of a rebuild's indexing threads, in MiB (`gongkai reindex --memory-mb`).
///
/// Each thread writes a segment whenever its share is full, so this sets how many segments a
/// rebuild writes: at a million demo documents 2 GiB makes four, fewer than the eight at which
/// tantivy's merge policy starts merging; with 384 MiB merging made the rebuild 12 % longer
/// (BENCHMARKS.md). Memory is only taken as documents fill it.
pub const DEFAULT_REBUILD_MEMORY_MB: usize = 2048;

impl Bulk {
    /// A new index in `dir` (which must not hold one), its writer's threads sharing
    /// `memory_mb` MiB.
    pub(crate) fn create(dir: &Path, memory_mb: usize) -> Result<Bulk, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        register_tokenizers(&index);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        // tantivy takes 15 MB to just under 4 GiB per thread.
        let per_thread = (memory_mb.saturating_mul(1 << 20) / threads)
            .clamp(16 << 20, u32::MAX as usize - (2 << 20));
        let writer = index.writer_with_num_threads(threads, threads * per_thread)?;
        Ok(Bulk { writer, fields })
    }

    pub(crate) fn add(&self, docs: &[Indexed]) -> Result<(), SearchError> {
        for d in docs {
            self.writer.add_document(to_tantivy(&self.fields, d))?;
        }
        Ok(())
    }

    /// Commits with the change-feed `position` and waits for the merges to end.
    pub(crate) fn finish(mut self, position: i64) -> Result<(), SearchError> {
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&position.to_string());
        commit.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Stored attachment text is cut to this many characters (for snippets only; all of it is indexed).
const ATTACHMENT_SHOWN: usize = 20_000;

fn to_tantivy(f: &Fields, indexed: &Indexed) -> TantivyDocument {
    let d = &indexed.doc;
    let mut doc = TantivyDocument::default();
    let text_field = if d.status == Status::Published.as_str() {
        f.text
    } else {
        f.staff_text
    };
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
    for _ in 0..TITLE_COPIES {
        doc.add_text(text_field, &title);
    }
    doc.add_text(f.title_show, &d.title);
    let doc_no = d.doc_no.clone().unwrap_or_default();
    if !doc_no.is_empty() {
        doc.add_text(f.doc_no, doc_no_term(&doc_no));
        doc.add_text(f.doc_no_show, &doc_no);
    }
    let meta = format!(
        "{}\n{}\n{}\n{}\n{}",
        d.publisher, d.keywords, doc_no, d.index_no, d.summary
    );
    doc.add_text(text_field, normalize(&meta));
    let body = body_text(&d.body_html);
    doc.add_text(text_field, normalize(&body));
    doc.add_text(f.body_show, body);
    let attached: Vec<String> = indexed
        .attachments
        .iter()
        .filter_map(|(ct, bytes)| gongkai_files::text_of(ct, bytes))
        .collect();
    if !attached.is_empty() {
        let text = attached.join("\n");
        doc.add_text(text_field, normalize(&text));
        doc.add_text(
            f.attach_show,
            text.chars().take(ATTACHMENT_SHOWN).collect::<String>(),
        );
    }
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
        crate::follower::remove_older(root, &name);
        Ok(SearchIndex {
            root: root.to_path_buf(),
            live: RwLock::new(Arc::new(live)),
            sync_lock: tokio::sync::Mutex::new(()),
            generation: std::sync::atomic::AtomicU64::new(0),
        })
    }

    pub(crate) fn live(&self) -> Arc<Live> {
        self.live.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The generation of what searches see; it changes whenever results may change.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub(crate) fn bump_generation(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
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
    ///
    /// Results are the exact matches (the whole query as a 索引号, 文件编号 or title) first, then the
    /// documents containing every query word ranked by BM25 over bigrams. The count is exact.
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
        let searcher = live.reader.searcher();
        let limit = req.limit.clamp(1, 100);
        let plan = plan(f, &parsed, req, &searcher);
        let exact = exact_query(f, &parsed, &req.query, req);
        let (addresses, total): (Vec<DocAddress>, usize) = match req.sort {
            Sort::Relevance => {
                let first: Vec<DocAddress> = searcher
                    .search(&exact, &TopDocs::with_limit(EXACT_MAX).order_by_score())?
                    .into_iter()
                    .map(|(_, a)| a)
                    .collect();
                let wanted = req.offset + limit;
                let top = (first.len() < wanted).then_some(Top::Relevance(wanted + first.len()));
                let (rest, total) = count_and_rank(&live, &searcher, &plan, &exact, top)?;
                let mut all = first.clone();
                all.extend(rest.into_iter().filter(|a| !first.contains(a)));
                (
                    all.into_iter().skip(req.offset).take(limit).collect(),
                    total,
                )
            }
            Sort::Date => {
                let top = Some(Top::Newest(req.offset + limit));
                let (newest, total) = count_and_rank(&live, &searcher, &plan, &exact, top)?;
                let page = newest.into_iter().skip(req.offset).take(limit).collect();
                (page, total)
            }
        };
        // A word such as `养老，服务` is marked run by run: the text may have other separators.
        let mut marked: Vec<String> = Vec::new();
        for run in parsed
            .include
            .iter()
            .flat_map(|w| crate::tokenizer::runs(w))
        {
            if !marked.iter().any(|m| m == run) {
                marked.push(run.to_string());
            }
        }
        let hits = addresses
            .into_iter()
            .map(|a| hit(&searcher, f, a, &marked))
            .collect::<Result<Vec<Hit>, SearchError>>()?;
        Ok(SearchResults {
            total,
            hits,
            parsed,
        })
    }
}

/// A result as shown: its stored fields, the title and an excerpt with the query's `words` marked.
fn hit(
    searcher: &Searcher,
    f: &Fields,
    a: DocAddress,
    words: &[String],
) -> Result<Hit, SearchError> {
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
    Ok(Hit {
        id: doc.get_first(f.id).and_then(|v| v.as_u64()).unwrap_or(0) as i64,
        index_no: text(f.index_no),
        title_html: highlight(&text(f.title_show), words, None),
        doc_no: text(f.doc_no_show),
        snippet_html: snippet(&text(f.body_show), &text(f.attach_show), words),
        published_at: (ts > 0).then(|| DateTime::from_timestamp(ts, 0)).flatten(),
        status: text(f.status),
    })
}

/// At most this many exact matches are put first.
const EXACT_MAX: usize = 10;

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
///
/// A word of several runs (`养老 服务` in quotes, `养老，服务`) is one phrase when every run has
/// two or more characters: separators take no position in the index, so the runs' bigrams are
/// consecutive there exactly where the runs stand next to each other, whatever punctuation or
/// space is between them. A run of one character may sit at the end of a longer run of the text
/// (`民` in `国民`), which a phrase slot cannot express; such words need each run anywhere.
fn substring(field: Field, word: &str) -> Option<Box<dyn Query>> {
    let runs = query_runs(word);
    if runs.len() > 1 && runs.iter().all(|r| matches!(r, RunQuery::Run(_))) {
        let mut terms = Vec::new();
        let mut start = 0;
        for r in &runs {
            if let RunQuery::Run(chars) = r {
                let cover = cover(chars);
                let next = start + cover.len();
                terms.extend(
                    cover
                        .into_iter()
                        .map(|(offset, text)| (start + offset, term(field, &text))),
                );
                start = next;
            }
        }
        return Some(Box::new(PhraseQuery::new_with_offset(terms)));
    }
    let runs: Vec<Box<dyn Query>> = runs
        .into_iter()
        .map(|r| -> Box<dyn Query> {
            match r {
                RunQuery::Run(chars) => {
                    let mut terms: Vec<(usize, Term)> = cover(&chars)
                        .into_iter()
                        .map(|(offset, text)| (offset, term(field, &text)))
                        .collect();
                    if terms.len() == 1 {
                        let (_, t) = terms.remove(0);
                        Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
                    } else {
                        Box::new(PhraseQuery::new_with_offset(terms))
                    }
                }
                RunQuery::Char(c) => {
                    let e = regex_escape(c);
                    match RegexQuery::from_pattern(&format!("{e}.?|.{e}"), field) {
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
    all_of(runs)
}

/// One query that needs all of `queries`; `None` for none.
fn all_of(mut queries: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Must, q)).collect(),
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

/// The text fields a scope searches.
fn text_fields(f: &Fields, scope: Scope) -> Vec<Field> {
    match scope {
        Scope::Public => vec![f.text],
        Scope::Staff { .. } => vec![f.text, f.staff_text],
    }
}

/// Documents containing `word` in any of `fields`.
fn word_query(fields: &[Field], word: &str) -> Option<Box<dyn Query>> {
    let mut any: Vec<Box<dyn Query>> = fields.iter().filter_map(|f| substring(*f, word)).collect();
    match any.len() {
        0 => None,
        1 => any.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            any.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))),
    }
}

/// A part of a query, with the key naming it in the set cache.
struct Clause {
    key: String,
    query: Box<dyn Query>,
}

/// What a search looks for, in the two forms it is evaluated in.
struct Plan {
    /// Each must match: the words, the scope and the filters.
    include: Vec<Clause>,
    /// None may match.
    exclude: Vec<Clause>,
    /// Scores the matches: the words' terms alone where possible (see [`rank_query`]), else all
    /// of the plan as one query.
    rank: Box<dyn Query>,
}

/// Every include word, no exclude word, within scope and filters.
fn plan(f: &Fields, parsed: &ParsedQuery, req: &SearchRequest, searcher: &Searcher) -> Plan {
    let fields = text_fields(f, req.scope);
    let scope = match req.scope {
        Scope::Public => "public",
        Scope::Staff { .. } => "staff",
    };
    let words = |ws: &[String]| -> Vec<Clause> {
        ws.iter()
            .filter_map(|w| {
                word_query(&fields, w).map(|query| Clause {
                    key: format!("{scope} word {w}"),
                    query,
                })
            })
            .collect()
    };
    let mut include = words(&parsed.include);
    let exclude = words(&parsed.exclude);
    include.extend(filters(f, req));
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = include
        .iter()
        .map(|c| (Occur::Must, c.query.box_clone()))
        .chain(
            exclude
                .iter()
                .map(|c| (Occur::MustNot, c.query.box_clone())),
        )
        .collect();
    let main: Box<dyn Query> = if clauses.len() == 1 {
        clauses.remove(0).1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    let rank = rank_query(f, parsed, req.scope, searcher).unwrap_or(main);
    Plan {
        include,
        exclude,
        rank,
    }
}

/// The include words' bigrams as one intersection, which tantivy ranks with block-max WAND
/// (a phrase or a filter clause would make it score every match), each run of a word standing
/// for itself by its rarest bigram: ranking visits every document of the intersection whose
/// block could still make the top, and with words common across the corpus that is most of
/// them, at a cost that grows with the number of terms (`基层 工作人员 系统` has five bigrams but
/// three runs). It may match more than the query (the terms need not be adjacent): ranking only
/// scores documents already known to match. `None` when the words are not all terms (a
/// one-character word, staff search over two fields).
fn rank_query(
    f: &Fields,
    parsed: &ParsedQuery,
    scope: Scope,
    searcher: &Searcher,
) -> Option<Box<dyn Query>> {
    if scope != Scope::Public {
        return None;
    }
    let mut terms: Vec<String> = Vec::new();
    for w in &parsed.include {
        for run in query_runs(w) {
            let RunQuery::Run(chars) = run else {
                return None;
            };
            let rarest = cover(&chars)
                .into_iter()
                .map(|(_, t)| t)
                .min_by_key(|t| searcher.doc_freq(&term(f.text, t)).unwrap_or(u64::MAX))?;
            if !terms.contains(&rarest) {
                terms.push(rarest);
            }
        }
    }
    let mut queries: Vec<Box<dyn Query>> = terms
        .iter()
        .map(|t| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                term(f.text, t),
                IndexRecordOption::WithFreqs,
            ))
        })
        .collect();
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => all_of(queries),
    }
}

/// Which top results `count_and_rank` collects besides the count.
#[derive(Clone, Copy)]
enum Top {
    /// The best `k` by relevance.
    Relevance(usize),
    /// The newest `k` by publication time.
    Newest(usize),
}

/// A score with a total order (scores are never NaN; `total_cmp` makes that irrelevant).
#[derive(Clone, Copy, PartialEq)]
struct Ranked(Score);

impl Eq for Ranked {}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The best `k` documents by a key (greater is better; on equal keys the earlier document), a
/// min-heap of the ones kept so far.
struct Best<K: Ord> {
    k: usize,
    heap: BinaryHeap<Reverse<(K, Reverse<DocAddress>)>>,
}

impl<K: Ord + Copy> Best<K> {
    fn new(k: usize) -> Best<K> {
        Best {
            k: k.max(1),
            heap: BinaryHeap::with_capacity(k + 1),
        }
    }

    fn push(&mut self, key: K, address: DocAddress) {
        self.heap.push(Reverse((key, Reverse(address))));
        if self.heap.len() > self.k {
            self.heap.pop();
        }
    }

    /// The key a document must beat to get in, once `k` are kept.
    fn threshold(&self) -> Option<K> {
        (self.heap.len() >= self.k)
            .then(|| self.heap.peek().map(|Reverse((key, _))| *key))
            .flatten()
    }

    /// The documents kept, best first.
    fn into_sorted(self) -> Vec<DocAddress> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse((_, Reverse(a)))| a)
            .collect()
    }
}

/// Counts the documents matching the plan or the exact query, exactly, from clause bitsets (see
/// `sets`), and collects the `top` ones.
fn count_and_rank(
    live: &Live,
    searcher: &Searcher,
    plan: &Plan,
    exact: &dyn Query,
    top: Option<Top>,
) -> Result<(Vec<DocAddress>, usize), SearchError> {
    let unscored = EnableScoring::disabled_from_searcher(searcher);
    let include = weights(&plan.include, unscored)?;
    let exclude = weights(&plan.exclude, unscored)?;
    let exact = exact.weight(unscored)?;
    let ranker = match top {
        Some(Top::Relevance(_)) => Some(
            plan.rank
                .weight(EnableScoring::enabled_from_searcher(searcher))?,
        ),
        _ => None,
    };
    let mut total = 0;
    let mut best_scores = Best::<Ranked>::new(match top {
        Some(Top::Relevance(k)) => k,
        _ => 1,
    });
    let mut newest = Best::<i64>::new(match top {
        Some(Top::Newest(k)) => k,
        _ => 1,
    });
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let mut matches = match include.split_first() {
            Some((first, rest)) => {
                let mut m = Bits::clone(&*live.sets.clause(first, reader)?);
                for c in rest {
                    m.and(&*live.sets.clause(c, reader)?);
                }
                m
            }
            None => Bits::empty(reader.max_doc()),
        };
        for c in &exclude {
            matches.and_not(&*live.sets.clause(c, reader)?);
        }
        if let Some(alive) = live.sets.alive(reader) {
            matches.and(&alive);
        }
        let mut exact_matches = Bits::of(exact.as_ref(), reader)?;
        if let Some(alive) = live.sets.alive(reader) {
            exact_matches.and(&alive);
        }
        exact_matches.and_not(&matches);
        total += (matches.len() + exact_matches.len()) as usize;
        let address = |doc: DocId| DocAddress::new(ord as u32, doc);
        match (top, &ranker) {
            (Some(Top::Relevance(_)), Some(ranker)) if matches.len() > 0 => {
                let mut threshold = best_scores.threshold().map_or(Score::MIN, |r| r.0);
                ranker.for_each_pruning(threshold, reader, &mut |doc, score| {
                    if matches.contains(doc) {
                        best_scores.push(Ranked(score), address(doc));
                        threshold = best_scores.threshold().map_or(Score::MIN, |r| r.0);
                    }
                    threshold
                })?;
            }
            (Some(Top::Newest(_)), _) => {
                // Every match's publication time, from the fast field: in proportion to the
                // matches, but with no query to run again.
                let published = reader.fast_fields().i64("published_at")?;
                for doc in matches.iter().chain(exact_matches.iter()) {
                    let at = published.first(doc).unwrap_or(0);
                    if newest.threshold().is_none_or(|t| at >= t) {
                        newest.push(at, address(doc));
                    }
                }
            }
            _ => {}
        }
    }
    let addresses = match top {
        Some(Top::Relevance(_)) => best_scores.into_sorted(),
        Some(Top::Newest(_)) => newest.into_sorted(),
        None => vec![],
    };
    Ok((addresses, total))
}

/// Each clause ready to be evaluated.
fn weights<'a>(
    clauses: &'a [Clause],
    scoring: EnableScoring<'_>,
) -> tantivy::Result<Vec<ClauseWeight<'a>>> {
    clauses
        .iter()
        .map(|c| {
            Ok(ClauseWeight {
                key: &c.key,
                weight: c.query.weight(scoring)?,
                term: ClauseWeight::term_of(c.query.as_ref()),
            })
        })
        .collect()
}

/// The whole query as a 索引号, a 文件编号 or a title, within scope and filters.
fn exact_query(f: &Fields, parsed: &ParsedQuery, raw: &str, req: &SearchRequest) -> BooleanQuery {
    let squeezed = squeeze(&normalize(raw));
    let mut any: Vec<(Occur, Box<dyn Query>)> = vec![
        (
            Occur::Should,
            boosted(term_query(f.index_no, &squeezed.to_uppercase()), 100.0),
        ),
        (
            Occur::Should,
            boosted(term_query(f.doc_no, &doc_no_term(&squeezed)), 100.0),
        ),
        (
            Occur::Should,
            boosted(term_query(f.title_exact, &squeezed), 50.0),
        ),
    ];
    if parsed.include.len() == 1 {
        // A single word typed with stray quotes or spaces: also its plain form.
        let word = squeeze(&parsed.include[0]);
        if word != squeezed {
            any.push((
                Occur::Should,
                boosted(term_query(f.index_no, &word.to_uppercase()), 100.0),
            ));
            any.push((
                Occur::Should,
                boosted(term_query(f.doc_no, &doc_no_term(&word)), 100.0),
            ));
        }
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(any)))];
    clauses.extend(filters(f, req).into_iter().map(|c| (Occur::Must, c.query)));
    if req.scope == Scope::Public {
        clauses.push(filter(term_query(f.status, Status::Published.as_str())));
    }
    BooleanQuery::new(clauses)
}

/// The scope's and the filters' clauses (scoring nothing).
fn filters(f: &Fields, req: &SearchRequest) -> Vec<Clause> {
    let mut clauses = Vec::new();
    let mut add = |key: String, q: Box<dyn Query>| {
        clauses.push(Clause {
            key,
            query: Box::new(ConstScoreQuery::new(q, 0.0)),
        })
    };
    let u64_term = |field: Field, v: u64| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_u64(field, v),
            IndexRecordOption::Basic,
        ))
    };
    if let Scope::Staff { org_id } = req.scope {
        add(format!("org {org_id}"), u64_term(f.org_id, org_id as u64));
    }
    let sf = &req.filter;
    if let Some(o) = sf.org_id {
        add(format!("org {o}"), u64_term(f.org_id, o as u64));
    }
    if !sf.column_ids.is_empty() {
        let any: Vec<(Occur, Box<dyn Query>)> = sf
            .column_ids
            .iter()
            .map(|c| (Occur::Should, u64_term(f.column_id, *c as u64)))
            .collect();
        add(
            format!("columns {:?}", sf.column_ids),
            Box::new(BooleanQuery::new(any)),
        );
    }
    for (name, field, value) in [
        ("subject", f.subject, &sf.subject),
        ("genre", f.genre, &sf.genre),
        ("validity", f.validity, &sf.validity),
    ] {
        if let Some(v) = value {
            add(format!("{name} {v}"), term_query(field, v));
        }
    }
    if let Some(y) = sf.year {
        add(format!("year {y}"), u64_term(f.year, y.max(0) as u64));
    }
    clauses
}
