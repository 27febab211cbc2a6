//! Exact result counts from per-segment document sets.
//!
//! The search page shows how many documents match, exactly. Counting an intersection by walking
//! posting lists costs time in proportion to the matches: at a million documents, two common words
//! match hundreds of thousands and the count alone took milliseconds. Here each clause of a query
//! (a word, an exclusion, a filter) is turned into a bitset per segment, and the count is a few
//! thousand word-wide ANDs and popcounts. The bitsets are kept in a cache bounded by bytes (the
//! idea of Lucene's query cache), keyed by segment and clause: a segment never changes once written,
//! so an entry stays true until merging retires its segment; deletions are applied at count time
//! from the segment's set of live documents.

use crate::SearchError;
use quick_cache::sync::Cache;
use std::sync::Arc;
use tantivy::query::{TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, SegmentReader, Term, index::SegmentId};

/// A set of documents of one segment, one bit each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    pub(crate) fn empty(max_doc: DocId) -> Bits {
        Bits(vec![0; (max_doc as usize).div_ceil(64)])
    }

    pub(crate) fn insert(&mut self, doc: DocId) {
        self.0[doc as usize / 64] |= 1 << (doc % 64);
    }

    pub(crate) fn contains(&self, doc: DocId) -> bool {
        self.0
            .get(doc as usize / 64)
            .is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    pub(crate) fn and(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    pub(crate) fn and_not(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= !b);
    }

    /// The documents in the set, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        self.0.iter().enumerate().flat_map(|(i, w)| {
            let mut w = *w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let bit = w.trailing_zeros();
                    w &= w - 1;
                    i as DocId * 64 + bit
                })
            })
        })
    }

    pub(crate) fn len(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    fn bytes(&self) -> u64 {
        (self.0.len() * 8) as u64
    }

    /// The documents `weight` matches in the segment (deleted ones included).
    pub(crate) fn of(weight: &dyn Weight, reader: &SegmentReader) -> Result<Bits, SearchError> {
        let mut bits = Bits::empty(reader.max_doc());
        weight.for_each_no_score(reader, &mut |docs| {
            for d in docs {
                bits.insert(*d);
            }
        })?;
        Ok(bits)
    }

    /// The documents containing `term` in the segment (deleted ones included), read a block of
    /// postings at a time: several times faster than through a scorer, which is what a common
    /// word's first search costs.
    pub(crate) fn of_term(term: &Term, reader: &SegmentReader) -> Result<Bits, SearchError> {
        let mut bits = Bits::empty(reader.max_doc());
        let postings = reader
            .inverted_index(term.field())?
            .read_block_postings(term, IndexRecordOption::Basic)?;
        if let Some(mut block) = postings {
            while block.block_len() > 0 {
                block.docs().iter().for_each(|d| bits.insert(*d));
                block.advance();
            }
        }
        Ok(bits)
    }
}

/// A clause ready to be evaluated: its cache key, its weight, and its term when it is a single
/// term (read straight from the postings).
pub(crate) struct ClauseWeight<'a> {
    pub(crate) key: &'a str,
    pub(crate) weight: Box<dyn Weight>,
    pub(crate) term: Option<Term>,
}

impl ClauseWeight<'_> {
    pub(crate) fn term_of(query: &dyn tantivy::query::Query) -> Option<Term> {
        query
            .as_any()
            .downcast_ref::<TermQuery>()
            .map(|q| q.term().clone())
    }
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<(SegmentId, String), Arc<Bits>> for ByBytes {
    fn weight(&self, _key: &(SegmentId, String), bits: &Arc<Bits>) -> u64 {
        bits.bytes().max(1)
    }
}

/// Clause bitsets by segment and clause key, bounded by their size in bytes.
pub(crate) struct SetCache {
    cache: Cache<(SegmentId, String), Arc<Bits>, ByBytes>,
}

/// Memory for cached bitsets: at a million documents a clause takes 122 KiB, so about 500
/// clauses (the words of the day's popular searches) stay.
pub(crate) const CACHE_BYTES: u64 = 64 * 1024 * 1024;

impl SetCache {
    pub(crate) fn new(bytes: u64) -> SetCache {
        SetCache {
            cache: Cache::with_weighter(1_000, bytes, ByBytes),
        }
    }

    /// The clause's set in this segment, from the cache or computed and kept.
    pub(crate) fn clause(
        &self,
        clause: &ClauseWeight,
        reader: &SegmentReader,
    ) -> Result<Arc<Bits>, SearchError> {
        let k = (reader.segment_id(), clause.key.to_string());
        self.cache.get_or_insert_with(&k, || {
            match &clause.term {
                Some(term) => Bits::of_term(term, reader),
                None => Bits::of(clause.weight.as_ref(), reader),
            }
            .map(Arc::new)
        })
    }

    /// The segment's live documents; `None` when none is deleted.
    pub(crate) fn alive(&self, reader: &SegmentReader) -> Option<Arc<Bits>> {
        let alive = reader.alive_bitset()?;
        // The set of live documents shrinks with each deletion: the count of deleted documents
        // tells its versions apart.
        let k = (
            reader.segment_id(),
            format!("\u{0}alive:{}", reader.num_deleted_docs()),
        );
        self.cache
            .get_or_insert_with(&k, || -> Result<_, std::convert::Infallible> {
                let mut bits = Bits::empty(reader.max_doc());
                alive.iter_alive().for_each(|d| bits.insert(d));
                Ok(Arc::new(bits))
            })
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(max: DocId, docs: &[DocId]) -> Bits {
        let mut b = Bits::empty(max);
        docs.iter().for_each(|d| b.insert(*d));
        b
    }

    #[test]
    fn set_algebra_counts() {
        let mut a = bits(200, &[0, 63, 64, 130, 199]);
        a.and(&bits(200, &[63, 64, 199, 5]));
        assert_eq!(a.len(), 3);
        a.and_not(&bits(200, &[64]));
        assert_eq!(a, bits(200, &[63, 199]));
        assert!(a.contains(63) && a.contains(199) && !a.contains(64) && !a.contains(500));
        assert_eq!(a.iter().collect::<Vec<_>>(), [63, 199]);
    }
}
