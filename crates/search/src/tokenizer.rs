//! Character bigrams, one every two characters, with consecutive positions.
//!
//! `最低生活保障` → 最低(0) 生活(1) 保障(2); a run of odd length ends with its last character
//! alone: `低保户` → 低保(0) 户(1). Whitespace and punctuation separate runs, are not indexed, and
//! leave one position unused, so that no phrase reaches across them.
//!
//! Every character is in exactly one token, so a text costs half the tokens of overlapping bigrams
//! (indexing time is mostly spent per token). A query run is then found in one of two alignments
//! ([`alignments`]): starting a bigram (`养老服务` as 养老 服务), or ending one (`?养` 老服 `务?`),
//! each a phrase whose first and last slot may be any bigram ending or starting with a character.
//! Together they match exactly the texts that contain the run as a substring.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

#[derive(Clone, Default)]
pub struct BigramTokenizer;

/// Streams the bigrams of a text without collecting them: indexing spends much of its time here,
/// so the token's text buffer is reused rather than allocated per gram.
pub struct BigramStream<'a> {
    text: &'a str,
    /// Byte offset of the next character to look at.
    next: usize,
    /// Whether a separator was passed since the last token.
    gap: bool,
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
fn char_at(text: &str, at: usize) -> Option<(usize, char)> {
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

/// `text` with the first character of each run replaced by a space: its bigrams are the ones
/// the text's own tokens straddle (`养老服务` → `老服` `务`). Indexed beside the title, so that
/// every bigram of a title is a term of the document, in whichever alignment a query meets it.
pub fn shifted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        let indexed = is_indexed(c);
        out.push(if indexed && !in_run { ' ' } else { c });
        in_run = indexed;
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
            gap: false,
            token,
        }
    }
}

impl TokenStream for BigramStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((after, c)) = char_at(self.text, self.next) else {
                return false;
            };
            let from = self.next;
            self.next = after;
            if !is_indexed(c) {
                self.gap = true;
                continue;
            }
            let to = match char_at(self.text, after) {
                Some((end, n)) if is_indexed(n) => end,
                _ => after,
            };
            self.next = to;
            let t = &mut self.token;
            t.text.clear();
            t.text.push_str(&self.text[from..to]);
            t.offset_from = from;
            t.offset_to = to;
            let step = if self.gap && t.position != usize::MAX {
                2
            } else {
                1
            };
            t.position = t.position.wrapping_add(step);
            t.position_length = 1;
            self.gap = false;
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

/// One position of a phrase over the index's bigrams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// This bigram.
    Term(String),
    /// Any token starting with the character: a bigram, or the character alone at a run's end.
    Starting(char),
    /// Any bigram ending with the character.
    Ending(char),
}

/// The phrases a run of indexed query characters can appear as, one per alignment: its first
/// character starting a token, or ending one. A document contains the run iff it matches one.
pub fn alignments(run: &[char]) -> Vec<Vec<Slot>> {
    let pairs = |chars: &[char]| -> Vec<Slot> {
        chars
            .chunks(2)
            .map(|pair| match pair {
                [a, b] => Slot::Term([*a, *b].iter().collect()),
                [a, ..] => Slot::Starting(*a),
                [] => unreachable!("chunks are never empty"),
            })
            .collect()
    };
    match run {
        [] => vec![],
        [first, rest @ ..] => {
            let mut odd = vec![Slot::Ending(*first)];
            odd.extend(pairs(rest));
            vec![pairs(run), odd]
        }
    }
}

/// The bigrams of a run, overlapping (`养老服务` → 养老 老服 服务): a document contains some of
/// them in whichever alignment, which is what ranking scores.
pub fn cover(run: &[char]) -> Vec<String> {
    run.windows(2).map(|pair| pair.iter().collect()).collect()
}

/// Splits normalised query text into runs of indexed characters.
pub fn query_runs(text: &str) -> Vec<Vec<char>> {
    text.split(|c: char| !is_indexed(c))
        .filter(|run| !run.is_empty())
        .map(|run| run.chars().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn query_runs_split_at_separators() {
        assert_eq!(query_runs("养老服务"), [chars("养老服务")]);
        assert_eq!(query_runs("粮"), [chars("粮")]);
        assert_eq!(query_runs("养老 服务").len(), 2);
        assert_eq!(query_runs("养老，服务").len(), 2);
    }

    fn terms(s: &str) -> Vec<String> {
        bigrams(s).into_iter().map(|t| t.0).collect()
    }

    fn positions(s: &str) -> Vec<usize> {
        let mut tokenizer = BigramTokenizer;
        let mut stream = tokenizer.token_stream(s);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().position);
        }
        out
    }

    #[test]
    fn one_bigram_every_two_characters() {
        assert_eq!(terms("养老服务"), ["养老", "服务"]);
        assert_eq!(terms("低保户"), ["低保", "户"]);
        assert_eq!(terms("民"), ["民"]);
        assert_eq!(positions("最低生活保障"), [0, 1, 2]);
    }

    #[test]
    fn punctuation_and_spaces_split_runs_and_leave_a_position_free() {
        assert_eq!(terms("养老，服务"), ["养老", "服务"]);
        assert_eq!(positions("养老，服务"), [0, 2]);
        assert_eq!(positions("，养老"), [0]);
        assert_eq!(terms("a b"), ["a", "b"]);
        assert_eq!(terms("〔2024〕"), ["〔2", "02", "4〕"]);
    }

    #[test]
    fn shifted_text_holds_the_straddling_bigrams() {
        assert_eq!(terms(&shifted("养老服务")), ["老服", "务"]);
        assert_eq!(terms(&shifted("低保，救助")), ["保", "助"]);
    }

    #[test]
    fn a_run_is_looked_up_in_both_alignments() {
        let t = |s: &str| Slot::Term(s.to_string());
        assert_eq!(
            alignments(&chars("养老服务")),
            [
                vec![t("养老"), t("服务")],
                vec![Slot::Ending('养'), t("老服"), Slot::Starting('务')]
            ]
        );
        assert_eq!(
            alignments(&chars("低保户")),
            [
                vec![t("低保"), Slot::Starting('户')],
                vec![Slot::Ending('低'), t("保户")]
            ]
        );
        assert_eq!(
            alignments(&chars("粮")),
            [vec![Slot::Starting('粮')], vec![Slot::Ending('粮')]]
        );
        assert_eq!(cover(&chars("养老服务")), ["养老", "老服", "服务"]);
    }
}
