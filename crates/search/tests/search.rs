//! Search over the demo corpus: recall against plain substring matching, a fixed relevance set,
//! and keeping the index in step with the database.

use chrono::{TimeZone, Utc};
use gongkai_core::demo::{DEMO_ORG, documents};
use gongkai_core::org::OrgCode;
use gongkai_db::testing::TestDb;
use gongkai_db::{Actor, Db, Document, ImportedDocument, OrgContact};
use gongkai_search::normalize::normalize;
use gongkai_search::{Scope, SearchFilter, SearchIndex, SearchRequest, Sort};
use std::collections::BTreeSet;

const CORPUS: usize = 1500;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap()
}

struct Fixture {
    t: TestDb,
    dir: std::path::PathBuf,
    index: SearchIndex,
    docs: Vec<Document>,
}

async fn fixture(name: &str) -> Fixture {
    let t = gongkai_db::testing::sqlite().await;
    let db = &t.db;
    let actor = Actor::system("test");
    let org = db
        .create_org(
            &OrgCode::parse(DEMO_ORG.code).unwrap(),
            DEMO_ORG.name,
            None,
            &OrgContact::default(),
            &actor,
            now(),
        )
        .await
        .unwrap();
    for d in DEMO_ORG.departments {
        db.add_department(org.id, d, &actor, now()).await.unwrap();
    }
    let today = gongkai_core::time::china_date(now());
    let batch: Vec<ImportedDocument> = documents(11, CORPUS)
        .map(|d| ImportedDocument {
            fields: d.input.validate(today).unwrap(),
            review: Some(gongkai_db::ImportedReview::cleared_by("测试审查员")),
            published_at: Some(
                gongkai_core::time::china_midnight(d.published_on) + chrono::Duration::hours(10),
            ),
        })
        .collect();
    for r in db
        .import_documents(org.id, &batch, &actor, now())
        .await
        .unwrap()
    {
        r.unwrap();
    }
    let dir = std::env::temp_dir().join(format!("gongkai-search-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let index = SearchIndex::open(&dir).unwrap();
    index.sync(db).await.unwrap();
    let docs = db.documents_after(0, 100_000).await.unwrap();
    Fixture {
        t,
        dir,
        index,
        docs,
    }
}

impl Fixture {
    fn db(&self) -> &Db {
        &self.t.db
    }

    fn search(
        &self,
        q: &str,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> gongkai_search::SearchResults {
        self.index
            .search(&SearchRequest {
                query: q.into(),
                filter: SearchFilter::default(),
                scope: Scope::Public,
                sort,
                offset,
                limit,
            })
            .unwrap()
    }

    fn first(&self, q: &str) -> Option<i64> {
        self.search(q, Sort::Relevance, 0, 5)
            .hits
            .first()
            .map(|h| h.id)
    }

    /// Every hit of `q`, page by page in date order (checked: newest first, no page repeating
    /// another's hits).
    fn all_ids(&self, q: &str) -> BTreeSet<i64> {
        let mut ids = BTreeSet::new();
        let mut offset = 0;
        let mut last = None;
        loop {
            let r = self.search(q, Sort::Date, offset, 100);
            if r.hits.is_empty() {
                break;
            }
            offset += r.hits.len();
            for h in &r.hits {
                assert!(
                    last.is_none_or(|l| h.published_at <= l),
                    "{q:?}: newest first"
                );
                last = Some(h.published_at);
                assert!(ids.insert(h.id), "{q:?}: {} on two pages", h.id);
            }
            if offset >= r.total {
                break;
            }
        }
        ids
    }

    async fn cleanup(self) {
        drop(self.index);
        let _ = std::fs::remove_dir_all(&self.dir);
        self.t.cleanup().await;
    }
}

/// The text a substring search promises to cover, folded like the index folds it.
fn searchable(d: &Document) -> String {
    let body = gongkai_core::document::body_text(&d.body_html);
    normalize(&format!("{}\n{}", d.title, body))
}

/// Deterministic query strings of 2–6 characters cut from titles and bodies.
fn sample_queries(docs: &[Document], n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    while out.len() < n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let d = &docs[(state % docs.len() as u64) as usize];
        let text: Vec<char> = searchable(d).chars().collect();
        let len = 2 + (state >> 20) as usize % 5;
        if text.len() <= len {
            continue;
        }
        let start = (state >> 32) as usize % (text.len() - len);
        let q: String = text[start..start + len].iter().collect();
        if q.chars().all(|c| c.is_alphanumeric()) && !out.contains(&q) {
            out.push(q);
        }
    }
    out
}

#[tokio::test]
async fn every_document_containing_the_query_is_found() {
    let f = fixture("recall").await;
    let published: Vec<&Document> = f.docs.iter().filter(|d| d.status == "published").collect();
    assert!(published.len() > CORPUS * 9 / 10);
    let texts: Vec<(i64, String)> = published.iter().map(|d| (d.id, searchable(d))).collect();
    let mut queries = sample_queries(&f.docs, 200);
    let sampled = queries.len();
    // The benchmark's 200 queries of one to three words (BENCHMARKS.md), each word ANDed.
    queries.extend(
        include_str!("../../../bench/search-queries.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from),
    );
    // One-character queries: a character at the end of a run is indexed only in the bigram
    // before it.
    let last_chars: Vec<String> = queries
        .iter()
        .step_by(10)
        .filter_map(|q| q.chars().last().map(String::from))
        .collect();
    for c in last_chars {
        if !queries.contains(&c) {
            queries.push(c);
        }
    }
    // First the index kept by the change feed, then a rebuilt one (written by the bulk writer):
    // both must find the same, complete sets.
    let mut first: Vec<BTreeSet<i64>> = Vec::new();
    for rebuilt in [false, true] {
        if rebuilt {
            SearchIndex::rebuild(&f.dir, f.db(), 64, |_, _| {})
                .await
                .unwrap();
            f.index.sync(f.db()).await.unwrap();
        }
        let mut extra_total = 0;
        for (k, q) in queries.iter().enumerate() {
            let words: Vec<&str> = q.split(' ').collect();
            let expected: BTreeSet<i64> = texts
                .iter()
                .filter(|(_, t)| words.iter().all(|w| t.contains(w)))
                .map(|(id, _)| *id)
                .collect();
            let found = f.all_ids(q);
            // The count shown (from clause bitsets) and the top results (ranked by the words'
            // terms, kept to the matches) agree with the documents the query iterates.
            let ranked = f.search(q, Sort::Relevance, 0, 20);
            assert_eq!(ranked.total, found.len(), "query {q:?}: count");
            assert_eq!(ranked.hits.len(), found.len().min(20), "query {q:?}");
            assert!(ranked.hits.iter().all(|h| found.contains(&h.id)), "{q:?}");
            let missed: Vec<_> = expected.difference(&found).collect();
            assert!(
                missed.is_empty(),
                "query {q:?} (rebuilt: {rebuilt}): {} of {} documents missed",
                missed.len(),
                expected.len()
            );
            if k < sampled {
                extra_total += found.len() - expected.len();
            }
            if rebuilt {
                assert_eq!(found, first[k], "query {q:?}: same hits after the rebuild");
            } else {
                first.push(found);
            }
        }
        // Extra hits can only come from the other indexed fields (publisher, keywords, numbers).
        assert!(extra_total < sampled * 20, "{extra_total} extra hits");
    }
    f.cleanup().await;
}

/// Whether `text` holds `a`, then one or more separators (characters that are not indexed),
/// then `b`.
fn side_by_side(text: &str, a: &str, b: &str) -> bool {
    text.match_indices(a).any(|(i, _)| {
        let rest = &text[i + a.len()..];
        let after = rest.trim_start_matches(|c| !gongkai_search::tokenizer::is_indexed(c));
        after.len() < rest.len() && after.starts_with(b)
    })
}

/// The separately indexed texts of a document, folded: title, numbers and other metadata, body.
fn indexed_values(d: &Document) -> [String; 3] {
    let meta = format!(
        "{}\n{}\n{}\n{}\n{}",
        d.publisher,
        d.keywords,
        d.doc_no.clone().unwrap_or_default(),
        d.index_no,
        d.summary
    );
    [
        normalize(&d.title),
        normalize(&meta),
        normalize(&gongkai_core::document::body_text(&d.body_html)),
    ]
}

#[tokio::test]
async fn a_quoted_phrase_of_several_words_needs_them_side_by_side() {
    let f = fixture("phrase-words").await;
    let published: Vec<&Document> = f.docs.iter().filter(|d| d.status == "published").collect();
    // Pairs of words that stand on either side of a separator somewhere in the corpus
    // (`养老，服务`), taking those that other documents contain apart.
    let mut candidates: Vec<(String, String)> = Vec::new();
    for d in published.iter().take(200) {
        let body: Vec<char> = indexed_values(d)[2].chars().collect();
        for w in body.windows(5) {
            if w.iter().enumerate().all(|(i, c)| {
                gongkai_search::tokenizer::is_indexed(*c) == (i != 2) && (i == 2 || !c.is_ascii())
            }) {
                let pair = (w[..2].iter().collect(), w[3..].iter().collect());
                if !candidates.contains(&pair) {
                    candidates.push(pair);
                }
            }
        }
    }
    let mut checked = 0;
    for (a, b) in candidates {
        let values: Vec<(i64, [String; 3])> = published
            .iter()
            .map(|d| (d.id, indexed_values(d)))
            .collect();
        let adjacent: BTreeSet<i64> = values
            .iter()
            .filter(|(_, v)| v.iter().any(|t| side_by_side(t, &a, &b)))
            .map(|(id, _)| *id)
            .collect();
        let apart: BTreeSet<i64> = values
            .iter()
            .filter(|(id, v)| {
                !adjacent.contains(id)
                    && v.iter().any(|t| t.contains(a.as_str()))
                    && v.iter().any(|t| t.contains(b.as_str()))
            })
            .map(|(id, _)| *id)
            .collect();
        if apart.is_empty() {
            continue;
        }
        let found = f.all_ids(&format!("\"{a} {b}\""));
        assert_eq!(found, adjacent, "\"{a} {b}\"");
        assert_eq!(f.all_ids(&format!("{a}，{b}")), adjacent, "{a}，{b}");
        // Unquoted, the two words are needed anywhere.
        assert!(apart.is_subset(&f.all_ids(&format!("{a} {b}"))), "{a} {b}");
        checked += 1;
        if checked == 5 {
            break;
        }
    }
    assert_eq!(checked, 5, "five word pairs checked");
    f.cleanup().await;
}

#[tokio::test]
async fn the_relevance_set() {
    let f = fixture("relevance").await;
    let published: Vec<&Document> = f.docs.iter().filter(|d| d.status == "published").collect();
    let mut checked = 0;

    // Titles: a unique title finds its document first.
    let mut seen = std::collections::HashMap::new();
    for d in &published {
        *seen.entry(d.title.clone()).or_insert(0) += 1;
    }
    for d in published.iter().filter(|d| seen[&d.title] == 1).take(15) {
        assert_eq!(f.first(&d.title), Some(d.id), "title {:?}", d.title);
        checked += 1;
    }
    // Document numbers, in any bracket style, find that document first.
    for d in published.iter().filter(|d| d.doc_no.is_some()).take(10) {
        let no = d.doc_no.clone().unwrap();
        assert_eq!(f.first(&no), Some(d.id), "doc_no {no}");
        let variant = no.replace('〔', "[").replace('〕', "]");
        assert_eq!(f.first(&variant), Some(d.id), "doc_no {variant}");
        checked += 2;
    }
    // Index numbers find their document first.
    for d in published.iter().take(5) {
        assert_eq!(f.first(&d.index_no), Some(d.id), "index_no {}", d.index_no);
        checked += 1;
    }
    // Two-character words find exactly the documents containing them.
    for w in ["养老", "低保", "救助", "殡葬", "婚姻", "慈善"] {
        let expected: BTreeSet<i64> = published
            .iter()
            .filter(|d| searchable(d).contains(w))
            .map(|d| d.id)
            .collect();
        assert!(!expected.is_empty(), "{w} occurs in the demo corpus");
        let found = f.all_ids(w);
        assert!(expected.is_subset(&found), "{w}");
        checked += 1;
    }
    // A quoted phrase matches its exact occurrences; unquoted words are ANDed.
    let phrase = "最低生活保障";
    let with_phrase: BTreeSet<i64> = published
        .iter()
        .filter(|d| searchable(d).contains(phrase))
        .map(|d| d.id)
        .collect();
    let quoted = f.all_ids(&format!("\"{phrase}\""));
    assert!(
        !with_phrase.is_empty() && with_phrase.is_subset(&quoted),
        "phrase {phrase}"
    );
    let and: BTreeSet<i64> = published
        .iter()
        .filter(|d| {
            let t = searchable(d);
            t.contains("养老") && t.contains("服务")
        })
        .map(|d| d.id)
        .collect();
    assert!(and.is_subset(&f.all_ids("养老 服务")));
    checked += 2;
    // A leading minus excludes.
    let without = f.all_ids("养老 -服务");
    assert!(without.iter().all(|id| !and.contains(id)));
    checked += 1;
    // Traditional characters match their simplified forms.
    assert_eq!(f.all_ids("養老"), f.all_ids("养老"));
    assert_eq!(f.all_ids("政府信息公開"), f.all_ids("政府信息公开"));
    checked += 2;
    assert!(checked >= 40, "{checked} relevance checks");

    // Highlighting marks the words, escaped.
    let r = f.search("养老", Sort::Relevance, 0, 3);
    assert!(
        r.hits.iter().all(
            |h| h.title_html.contains("<mark>") || h.snippet_html.contains("<mark>养老</mark>")
        )
    );
    f.cleanup().await;
}

#[tokio::test]
async fn the_index_follows_withdrawals_and_survives_reopening() {
    let f = fixture("follow").await;
    let d = f.docs.iter().find(|d| d.status == "published").unwrap();
    assert_eq!(f.first(&d.index_no), Some(d.id));
    // A word of its title, searched before the withdrawal: its counts are cached by then.
    let word: String = d
        .title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect();
    let before = f.search(&word, Sort::Relevance, 0, 10).total;
    assert!(f.all_ids(&word).contains(&d.id));
    f.db()
        .withdraw_document(d.id, "测试撤回", &Actor::system("t"), now())
        .await
        .unwrap();
    assert_eq!(f.index.sync(f.db()).await.unwrap(), 1);
    assert_eq!(
        f.search(&word, Sort::Relevance, 0, 10).total,
        before - 1,
        "the count drops by the withdrawn document"
    );
    assert!(!f.all_ids(&word).contains(&d.id));
    assert_eq!(
        f.first(&d.index_no),
        None,
        "withdrawn documents leave the public results"
    );
    let staff = f
        .index
        .search(&SearchRequest {
            query: d.index_no.clone(),
            filter: SearchFilter::default(),
            scope: Scope::Staff { org_id: d.org_id },
            sort: Sort::Relevance,
            offset: 0,
            limit: 5,
        })
        .unwrap();
    assert_eq!(staff.hits[0].id, d.id, "staff still find it");
    assert_eq!(staff.hits[0].status, "withdrawn");

    let position = f.index.position().unwrap();
    assert_eq!(position, f.db().last_change_seq().await.unwrap());
    let Fixture {
        t,
        dir,
        index,
        docs,
    } = f;
    drop(index);
    let reopened = SearchIndex::open(&dir).unwrap();
    assert_eq!(
        reopened.position().unwrap(),
        position,
        "the position is stored with the commit"
    );
    assert_eq!(reopened.sync(&t.db).await.unwrap(), 0, "nothing to redo");
    let f = Fixture {
        t,
        dir,
        index: reopened,
        docs,
    };
    f.cleanup().await;
}

#[tokio::test]
async fn a_rebuild_replaces_the_live_index() {
    let f = fixture("rebuild").await;
    let before = f.all_ids("救助");
    let built = SearchIndex::rebuild(&f.dir, f.db(), 64, |_, _| {})
        .await
        .unwrap();
    assert_eq!(built as usize, f.docs.len());
    // The running index switches on its next sync and answers the same.
    f.index.sync(f.db()).await.unwrap();
    assert_eq!(f.all_ids("救助"), before);
    assert!(
        std::fs::read_to_string(f.dir.join("CURRENT"))
            .unwrap()
            .starts_with("index-1")
    );
    assert!(
        !f.dir.join("index-0").exists(),
        "the server removed the old index"
    );
    // Two rebuilds before the server syncs: the index it reads is kept until it switches.
    for _ in 0..2 {
        SearchIndex::rebuild(&f.dir, f.db(), 64, |_, _| {})
            .await
            .unwrap();
    }
    assert!(f.dir.join("index-1").exists());
    assert_eq!(f.all_ids("救助"), before, "still answered from index-1");
    f.index.sync(f.db()).await.unwrap();
    assert_eq!(f.all_ids("救助"), before);
    assert!(f.dir.join("index-3").exists());
    assert!(!f.dir.join("index-1").exists() && !f.dir.join("index-2").exists());
    f.cleanup().await;
}

#[tokio::test]
async fn attachment_text_is_searchable() {
    let f = fixture("attach").await;
    let d = f.docs.iter().find(|d| d.status == "published").unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>附表：经济困难老年人助餐补贴申领流程</w:t></w:r></w:p></w:body></w:document>"#;
        std::io::Write::write_all(&mut z, xml.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let att = gongkai_db::NewAttachment {
        file_name: "附表.docx".into(),
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            .into(),
        bytes: buf.into_inner(),
    };
    // A published item's attachments change only through withdrawal and a new review.
    f.db()
        .withdraw_document(d.id, "补充附件", &Actor::system("t"), now())
        .await
        .unwrap();
    f.db()
        .add_attachment(d.id, &att, &Actor::system("t"), now())
        .await
        .unwrap();
    gongkai_db::testing::publish(f.db(), d.id, &Actor::system("t"), now())
        .await
        .unwrap();
    f.index.sync(f.db()).await.unwrap();
    let r = f.search("助餐补贴申领", Sort::Relevance, 0, 5);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].id, d.id);
    assert!(
        r.hits[0].snippet_html.starts_with("附件："),
        "{}",
        r.hits[0].snippet_html
    );
    assert!(r.hits[0].snippet_html.contains("<mark>助餐补贴申领</mark>"));
    f.cleanup().await;
}

#[tokio::test]
async fn scattered_and_adjacent_changes_are_both_applied() {
    let f = fixture("scatter").await;
    let published: Vec<&Document> = f.docs.iter().filter(|d| d.status == "published").collect();
    assert!(published.len() > 20, "the fixture has enough documents");
    // Far apart (read one by one), then side by side (read as a range).
    for pair in [
        [published[0], published[published.len() - 1]],
        [published[5], published[6]],
    ] {
        for d in pair {
            assert_eq!(f.first(&d.index_no), Some(d.id));
            f.db()
                .withdraw_document(d.id, "测试撤回", &Actor::system("t"), now())
                .await
                .unwrap();
        }
        assert_eq!(f.index.sync(f.db()).await.unwrap(), 2);
        for d in pair {
            assert_eq!(
                f.first(&d.index_no),
                None,
                "{} left the results",
                d.index_no
            );
        }
    }
    // Their neighbours, unchanged, are still found.
    for d in [published[1], published[4], published[7]] {
        assert_eq!(f.first(&d.index_no), Some(d.id));
    }
    f.cleanup().await;
}
