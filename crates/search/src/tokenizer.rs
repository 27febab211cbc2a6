//! Overlapping character bigrams with consecutive positions.
//!
//! `最低生活保障` → 最低(0) 低生(1) 生活(2) 活保(3) 保障(4) 障(5). A phrase query over the
//! query's own bigrams then matches exactly the texts that contain the query as a substring, however
//! a word segmenter would have cut either (tantivy's NgramTokenizer puts every gram at position 0,
//! which makes phrase queries inexact). The last character also stands alone, so a one-character
//! query can match it as a prefix. Whitespace and punctuation separate runs and are not indexed.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

#[derive(Clone, Default)]
pub struct BigramTokenizer;

pub struct BigramStream {
    tokens: Vec<Token>,
    index: usize,
}

/// Characters that are indexed; everything else separates runs.
pub fn is_indexed(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '〔' | '〕')
}

/// The bigram terms of `text` (already normalised), in order, with their byte offsets.
pub fn bigrams(text: &str) -> Vec<(String, usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(offset, c)) in chars.iter().enumerate() {
        if !is_indexed(c) {
            continue;
        }
        match chars.get(k + 1) {
            Some(&(next_off, n)) if is_indexed(n) => {
                let end = next_off + n.len_utf8();
                out.push((text[offset..end].to_string(), offset, end));
            }
            _ => out.push((c.to_string(), offset, offset + c.len_utf8())),
        }
    }
    out
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        let tokens = bigrams(text)
            .into_iter()
            .enumerate()
            .map(|(position, (text, from, to))| Token {
                offset_from: from,
                offset_to: to,
                position,
                text,
                position_length: 1,
            })
            .collect();
        BigramStream { tokens, index: 0 }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// How a run of query text is looked up in a bigram field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunQuery {
    /// Two or more characters: these bigrams at consecutive positions.
    Phrase(Vec<String>),
    /// One character: any bigram that starts with it (or the character alone).
    Prefix(char),
}

/// Splits normalised query text into runs of indexed characters, each with its lookup.
pub fn query_runs(text: &str) -> Vec<RunQuery> {
    let mut runs = Vec::new();
    let mut current: Vec<char> = Vec::new();
    let flush = |current: &mut Vec<char>, runs: &mut Vec<RunQuery>| {
        match current.len() {
            0 => {}
            1 => runs.push(RunQuery::Prefix(current[0])),
            _ => runs.push(RunQuery::Phrase(
                current.windows(2).map(|w| w.iter().collect()).collect(),
            )),
        }
        current.clear();
    };
    for c in text.chars() {
        if is_indexed(c) {
            current.push(c);
        } else {
            flush(&mut current, &mut runs);
        }
    }
    flush(&mut current, &mut runs);
    runs
}

#[cfg(test)]
mod tests {
    use super::{RunQuery, bigrams, query_runs};

    #[test]
    fn query_runs_use_true_bigrams_only() {
        assert_eq!(
            query_runs("养老服务"),
            [RunQuery::Phrase(vec![
                "养老".into(),
                "老服".into(),
                "服务".into()
            ])]
        );
        assert_eq!(query_runs("低保"), [RunQuery::Phrase(vec!["低保".into()])]);
        assert_eq!(query_runs("粮"), [RunQuery::Prefix('粮')]);
        assert_eq!(query_runs("养老 服务").len(), 2);
    }

    fn terms(s: &str) -> Vec<String> {
        bigrams(s).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn overlapping_pairs_and_a_lone_last_character() {
        assert_eq!(terms("养老服务"), ["养老", "老服", "服务", "务"]);
        assert_eq!(terms("低保"), ["低保", "保"]);
        assert_eq!(terms("民"), ["民"]);
    }

    #[test]
    fn punctuation_and_spaces_split_runs() {
        assert_eq!(terms("养老，服务"), ["养老", "老", "服务", "务"]);
        assert_eq!(terms("a b"), ["a", "b"]);
        assert_eq!(terms("〔2024〕"), ["〔2", "20", "02", "24", "4〕", "〕"]);
    }
}
