//! Overlapping character bigrams with consecutive positions.
//!
//! `最低生活保障` → 最低(0) 低生(1) 生活(2) 活保(3) 保障(4). A phrase query over the query's own
//! bigrams then matches exactly the texts that contain the query as a substring, however a word
//! segmenter would have cut either (tantivy's NgramTokenizer puts every gram at position 0, which
//! makes phrase queries inexact). A character alone is a token only where it is a whole run (`a b`);
//! a one-character query looks for the bigrams that start or end with it as well. Whitespace and
//! punctuation separate runs and are not indexed.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

#[derive(Clone, Default)]
pub struct BigramTokenizer;

/// Streams the bigrams of a text without collecting them: indexing spends most of its time here,
/// so the token's text buffer is reused rather than allocated per gram.
pub struct BigramStream<'a> {
    text: &'a str,
    /// Byte offset of the next character to start a gram at.
    next: usize,
    /// Whether the character before `next` is indexed.
    in_run: bool,
    token: Token,
}

/// Characters that are indexed; everything else separates runs.
pub fn is_indexed(c: char) -> bool {
    match c {
        // The common cases first, without the Unicode tables.
        '\u{4E00}'..='\u{9FFF}' => true,
        '\0'..='\u{7F}' => c.is_ascii_alphanumeric(),
        '〔' | '〕' => true,
        // Common CJK punctuation (、。《》「」【】) separates.
        '\u{3000}'..='\u{3003}' | '\u{3008}'..='\u{3011}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The character at byte `at` of `text` and the offset after it.
fn gram_at(text: &str, at: usize) -> Option<(usize, char)> {
    let c = text[at..].chars().next()?;
    Some((at + c.len_utf8(), c))
}

/// The bigram terms of `text` (already normalised), in order, with their byte offsets.
pub fn bigrams(text: &str) -> Vec<(String, usize, usize)> {
    let mut tokenizer = BigramTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from, t.offset_to));
    }
    out
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream<'a> {
        // Position usize::MAX, so that the first gram's increment makes it 0.
        let token = Token {
            position: usize::MAX,
            ..Token::default()
        };
        BigramStream {
            text,
            next: 0,
            in_run: false,
            token,
        }
    }
}

impl TokenStream for BigramStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((after, c)) = gram_at(self.text, self.next) else {
                return false;
            };
            let from = self.next;
            self.next = after;
            let starts_run = !self.in_run;
            self.in_run = is_indexed(c);
            if !self.in_run {
                continue;
            }
            let to = match gram_at(self.text, after) {
                Some((end, n)) if is_indexed(n) => end,
                // The last character of a run is already in the bigram before it; only a
                // one-character run needs its own token. (Indexing time goes per token: this
                // saves about one in ten.)
                _ if starts_run => after,
                _ => continue,
            };
            let t = &mut self.token;
            t.text.clear();
            t.text.push_str(&self.text[from..to]);
            t.offset_from = from;
            t.offset_to = to;
            t.position = t.position.wrapping_add(1);
            t.position_length = 1;
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// How a run of query text is looked up in a bigram field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunQuery {
    /// Two or more characters, consecutive (looked up as a phrase of bigrams).
    Run(Vec<char>),
    /// One character: any bigram that starts or ends with it, or the character alone.
    Char(char),
}

/// The terms to look up for a run of two or more indexed characters, each with its offset from
/// the run's start: its bigrams, each overlapping the next by one character, so that (as in the
/// index) no punctuation can sit between two matched characters.
pub fn cover(run: &[char]) -> Vec<(usize, String)> {
    run.windows(2)
        .enumerate()
        .map(|(i, pair)| (i, pair.iter().collect()))
        .collect()
}

/// The runs of indexed characters in `text`, in order (what separators split it into).
pub fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c| !is_indexed(c)).filter(|r| !r.is_empty())
}

/// Splits normalised query text into runs of indexed characters, each with its lookup.
pub fn query_runs(text: &str) -> Vec<RunQuery> {
    runs(text)
        .map(|run| {
            let chars: Vec<char> = run.chars().collect();
            match chars[..] {
                [c] => RunQuery::Char(c),
                _ => RunQuery::Run(chars),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_runs_split_at_separators() {
        assert_eq!(
            query_runs("养老服务"),
            [RunQuery::Run("养老服务".chars().collect())]
        );
        assert_eq!(query_runs("粮"), [RunQuery::Char('粮')]);
        assert_eq!(query_runs("养老 服务").len(), 2);
        assert_eq!(query_runs("养老，服务").len(), 2);
    }

    fn terms(s: &str) -> Vec<String> {
        bigrams(s).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn overlapping_pairs_and_a_lone_character_only_as_a_whole_run() {
        assert_eq!(terms("养老服务"), ["养老", "老服", "服务"]);
        assert_eq!(terms("低保"), ["低保"]);
        assert_eq!(terms("民"), ["民"]);
        assert_eq!(terms("民，低保 a"), ["民", "低保", "a"]);
    }

    #[test]
    fn punctuation_and_spaces_split_runs() {
        assert_eq!(terms("养老，服务"), ["养老", "服务"]);
        assert_eq!(terms("a b"), ["a", "b"]);
        assert_eq!(terms("〔2024〕"), ["〔2", "20", "02", "24", "4〕"]);
    }

    #[test]
    fn a_run_is_looked_up_as_its_bigrams() {
        let run: Vec<char> = "养老服务".chars().collect();
        assert_eq!(
            cover(&run),
            [
                (0, "养老".to_string()),
                (1, "老服".to_string()),
                (2, "服务".to_string())
            ]
        );
    }
}
