//! Common n-grams: the three- and four-character strings that occur in many documents, indexed
//! as single terms beside the bigrams (the idea of Lucene's CommonGrams).
//!
//! A query word of three or more characters is a phrase of bigrams, and a phrase is checked
//! position by position in every document that has all its bigrams: for a word in a third of the
//! corpus (民政局, 工作人员) that is most of a query's time. When the word is a common n-gram it is
//! one term instead, counted from its posting list and ranked with block-max WAND. Exactness is
//! kept: an n-gram is indexed at every place it occurs as a substring, so its term matches exactly
//! the documents that contain it.
//!
//! The list is chosen from a sample of the catalog when the index is rebuilt and stored in the
//! index directory, so that every later change is indexed, and every query looked up, with the same
//! list. An index without a list (a new node before its first rebuild) simply uses phrases.

use rustc_hash::FxHashSet;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The file in an index directory that holds its list, one n-gram a line.
pub const FILE: &str = "common-grams.txt";

/// An n-gram is common when at least this share of the sampled documents contains it.
const MIN_SHARE: f64 = 0.05;
/// At most this many n-grams, the most frequent first: each one's occurrences are extra postings,
/// and the demo corpus (templated text) has a thousand n-grams in a fifth of its documents.
const MAX_GRAMS: usize = 1_000;
/// Documents sampled to choose the list.
pub const SAMPLE_DOCS: usize = 4_000;

/// The list, with packed-code-point sets so that the tokenizer's check at every character is a
/// cheap hash lookup that almost always fails at the first step.
#[derive(Default)]
pub struct CommonGrams {
    set: HashSet<String>,
    /// First two characters of some n-gram.
    prefixes: FxHashSet<u64>,
    trigrams: FxHashSet<u64>,
    quadgrams: FxHashSet<u128>,
}

fn pack(chars: &[char]) -> u128 {
    chars
        .iter()
        .fold(0u128, |acc, c| (acc << 21) | u128::from(u32::from(*c)))
}

impl std::fmt::Debug for CommonGrams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CommonGrams({} n-grams)", self.set.len())
    }
}

/// Characters an n-gram is made of: CJK ideographs (numbers and Latin words stay bigrams).
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

impl CommonGrams {
    pub fn new(grams: impl IntoIterator<Item = String>) -> CommonGrams {
        let set: HashSet<String> = grams
            .into_iter()
            .filter(|g| (3..=4).contains(&g.chars().count()) && g.chars().all(is_ideograph))
            .collect();
        let mut grams = CommonGrams::default();
        for g in &set {
            let chars: Vec<char> = g.chars().collect();
            grams.prefixes.insert(pack(&chars[..2]) as u64);
            if chars.len() == 3 {
                grams.trigrams.insert(pack(&chars) as u64);
            } else {
                grams.quadgrams.insert(pack(&chars));
            }
        }
        grams.set = set;
        grams
    }

    /// Ends (byte offsets) of the common n-grams that start at byte `at` of `text`, shortest
    /// first; `count` of the two slots are used.
    pub fn starting_at(&self, text: &str, at: usize) -> ([usize; 2], usize) {
        let mut found = ([0; 2], 0);
        if self.prefixes.is_empty() {
            return found;
        }
        let mut chars = text[at..].char_indices();
        let mut window = ['\0'; 4];
        for slot in window.iter_mut().take(2) {
            match chars.next() {
                Some((_, c)) => *slot = c,
                None => return found,
            }
        }
        if !self.prefixes.contains(&(pack(&window[..2]) as u64)) {
            return found;
        }
        for n in 3..=4 {
            let Some((i, c)) = chars.next() else {
                break;
            };
            window[n - 1] = c;
            let known = if n == 3 {
                self.trigrams.contains(&(pack(&window[..3]) as u64))
            } else {
                self.quadgrams.contains(&pack(&window))
            };
            if known {
                found.0[found.1] = at + i + c.len_utf8();
                found.1 += 1;
            }
        }
        found
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    pub fn contains(&self, s: &str) -> bool {
        self.set.contains(s)
    }

    /// Byte ranges of every occurrence of a common n-gram in `text`, overlapping ones included,
    /// ordered by start (shorter first).
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (at, _) in text.char_indices() {
            let (ends, n) = self.starting_at(text, at);
            found.extend(ends[..n].iter().map(|end| (at, *end)));
        }
        found
    }

    /// The n-grams in at least [`MIN_SHARE`] of `texts` (normalised document text).
    pub fn select<'a>(texts: impl IntoIterator<Item = &'a str>) -> CommonGrams {
        // n-gram → (documents containing it, last document counted)
        let mut df: HashMap<&'a str, (u32, u32)> = HashMap::new();
        let mut docs = 0u32;
        for text in texts {
            docs += 1;
            let starts: Vec<(usize, char)> = text.char_indices().collect();
            for k in 0..starts.len() {
                for n in 3..=4 {
                    let Some(window) = starts.get(k..k + n) else {
                        break;
                    };
                    if !window.iter().all(|(_, c)| is_ideograph(*c)) {
                        break;
                    }
                    let end = starts.get(k + n).map_or(text.len(), |(i, _)| *i);
                    let entry = df.entry(&text[starts[k].0..end]).or_insert((0, 0));
                    if entry.1 != docs {
                        *entry = (entry.0 + 1, docs);
                    }
                }
            }
        }
        let min = ((f64::from(docs) * MIN_SHARE).ceil() as u32).max(2);
        let mut common: Vec<(&str, u32)> = df
            .into_iter()
            .filter(|(_, (n, _))| *n >= min)
            .map(|(g, (n, _))| (g, n))
            .collect();
        common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        common.truncate(MAX_GRAMS);
        CommonGrams::new(common.into_iter().map(|(g, _)| g.to_string()))
    }

    /// Reads the list stored in index directory `dir`; none there: an empty list.
    pub fn load(dir: &Path) -> std::io::Result<CommonGrams> {
        match std::fs::read_to_string(dir.join(FILE)) {
            Ok(text) => Ok(CommonGrams::new(text.lines().map(str::to_string))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CommonGrams::default()),
            Err(e) => Err(e),
        }
    }

    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        let mut grams: Vec<&String> = self.set.iter().collect();
        grams.sort();
        let text: String = grams.iter().map(|g| format!("{g}\n")).collect();
        std::fs::write(dir.join(FILE), text)
    }

    /// The terms to look up for a run of two or more indexed characters, each with its offset
    /// from the run's start: common n-grams where they fit, bigrams elsewhere. Consecutive terms
    /// overlap by one character, so that (as with bigrams alone) no punctuation can sit between
    /// two matched characters.
    pub fn cover(&self, run: &[char]) -> Vec<(usize, String)> {
        let n = run.len();
        let mut terms = Vec::new();
        let mut i = 0;
        while i + 1 < n {
            let len = [4, 3]
                .into_iter()
                .find(|len| {
                    i + len <= n
                        && self
                            .set
                            .contains(&run[i..i + len].iter().collect::<String>())
                })
                .unwrap_or(2);
            terms.push((i, run[i..i + len].iter().collect()));
            i += len - 1;
        }
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn frequent_ngrams_are_chosen() {
        let texts: Vec<String> = (0..200)
            .map(|i| format!("示范市民政局第{i}号通知，工作人员"))
            .collect();
        let g = CommonGrams::select(texts.iter().map(String::as_str));
        assert!(g.contains("民政局"));
        assert!(g.contains("工作人员"));
        assert!(!g.contains("局第"), "bigrams are indexed anyway");
        assert!(!g.contains("号通知，"), "punctuation is never inside");
    }

    #[test]
    fn every_occurrence_is_found() {
        let g = CommonGrams::new(["民政局".to_string(), "政局长".to_string()]);
        assert_eq!(
            g.find("市民政局长，民政局"),
            [(3, 12), (6, 15), (18, 27)],
            "overlapping occurrences count"
        );
    }

    #[test]
    fn a_run_is_covered_with_overlapping_terms() {
        let g = CommonGrams::new(["工作人员".to_string(), "民政局".to_string()]);
        assert_eq!(g.cover(&chars("工作人员")), [(0, "工作人员".to_string())]);
        assert_eq!(
            g.cover(&chars("民政局长")),
            [(0, "民政局".to_string()), (2, "局长".to_string())]
        );
        assert_eq!(
            CommonGrams::default().cover(&chars("养老服务")),
            [
                (0, "养老".to_string()),
                (1, "老服".to_string()),
                (2, "服务".to_string())
            ]
        );
    }
}
