//! The query syntax a person would guess: words are ANDed, "quoted phrases" match exactly, a
//! leading minus excludes. Nothing is an error: unbalanced quotes and stray operators are text.

use crate::normalize::normalize;

/// Longest query taken; longer input is cut and the page says so.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Each must appear (as a substring, after folding).
    pub include: Vec<String>,
    /// None may appear.
    pub exclude: Vec<String>,
    /// The input was longer than [`MAX_QUERY_CHARS`] and was cut.
    pub truncated: bool,
}

impl ParsedQuery {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty()
    }
}

pub fn parse(input: &str) -> ParsedQuery {
    let truncated = input.chars().count() > MAX_QUERY_CHARS;
    let text: String = input.chars().take(MAX_QUERY_CHARS).collect();
    // Curly quotes are what Chinese input methods type.
    let text = normalize(&text).replace(['“', '”', '「', '」'], "\"");
    let mut q = ParsedQuery {
        truncated,
        ..Default::default()
    };
    let balanced = text.matches('"').count().is_multiple_of(2);
    let mut rest = text.as_str();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let (negated, body) = match rest.strip_prefix('-') {
            Some(b) if !b.is_empty() && !b.starts_with(char::is_whitespace) => (true, b),
            _ => (false, rest),
        };
        let (word, next) = if balanced && body.starts_with('"') {
            let inner = &body[1..];
            match inner.find('"') {
                Some(end) => (inner[..end].trim().to_string(), &inner[end + 1..]),
                None => (inner.to_string(), ""),
            }
        } else {
            let end = body.find(char::is_whitespace).unwrap_or(body.len());
            // A quote inside a word separates, as the punctuation it stands for does.
            (body[..end].replace('"', " "), &body[end..])
        };
        rest = next;
        let word = word
            .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace())
            .to_string();
        if word.chars().any(crate::tokenizer::is_indexed) {
            if negated {
                q.exclude.push(word)
            } else {
                q.include.push(word)
            }
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_and_exclusions() {
        let q = parse("养老 \"服务 机构\" -殡葬");
        assert_eq!(q.include, ["养老", "服务 机构"]);
        assert_eq!(q.exclude, ["殡葬"]);
        let q = parse("“最低生活保障” 标准");
        assert_eq!(q.include, ["最低生活保障", "标准"]);
    }

    #[test]
    fn odd_input_is_text() {
        assert_eq!(parse("\"养老 服务").include, ["养老", "服务"]);
        assert_eq!(parse("- -- + 低保 -").include, ["低保"]);
        assert!(parse("  ").is_empty());
        assert!(
            parse("-养老").is_empty(),
            "only exclusions: nothing to search for"
        );
        assert_eq!(parse("示民发[2024]3号").include, ["示民发〔2024〕3号"]);
    }

    #[test]
    fn long_queries_are_cut() {
        let long = "养".repeat(10_000);
        let q = parse(&long);
        assert!(q.truncated);
        assert_eq!(q.include[0].chars().count(), MAX_QUERY_CHARS);
    }
}
