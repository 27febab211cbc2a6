//! Personal-data scanner and masking for text (去标识化).
//!
//! Before an item is published its text is scanned for personal data: resident identity numbers,
//! mobile and landline numbers, bank card numbers, e-mail addresses, street addresses, the names
//! a reviewer enters and a configurable list of sensitive expressions. [`scan`] returns the
//! findings with byte offsets and a severity; [`mask`] replaces them (`110105********1234`,
//! `138****5678`, …). Extracting text from attachments is not done here.
//!
//! Accuracy matters more than volume, so every rule is written against look-alikes that fill
//! government documents: 文件编号 (`甘政办发〔2018〕56号`), 索引号, unified social credit codes,
//! dates, amounts, statistics, postal codes and public hotlines. Matching is hand-written over
//! characters (no regex engine): numbers must stand alone (not inside a longer run of digits,
//! letters or a longer grouped number), identity and card numbers must pass their checksums, and
//! addresses need a road/street/village segment directly followed by a house number.
//!
//! Severity: identity numbers, bank cards, mobile numbers and entered names are high; e-mail
//! addresses and addresses that name a dwelling (room, unit, household, village) are medium; a
//! landline and an address that is only a house number (typically an office printed on a
//! letterhead) are low. Sensitive expressions carry the severity of their list entry.
//!
//! Pure: no IO, no clock.

mod address;
mod list;
mod mask;
mod numbers;
mod text;
mod words;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use list::{format_word_list, parse_word_list};
pub use mask::{mask, mask_match};

use text::Text;

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Resident identity number (公民身份号码), 18 characters or legacy 15 digits.
    IdCard,
    /// Mobile or landline number.
    Phone,
    /// Bank card number (Luhn).
    BankCard,
    Email,
    /// Street address with a house number (heuristic).
    Address,
    /// A name entered by the reviewer.
    Name,
    /// An expression from the configured list of forbidden or sensitive words.
    SensitiveWord,
}

impl FindingKind {
    /// The serialised name (`id_card`, `phone`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IdCard => "id_card",
            Self::Phone => "phone",
            Self::BankCard => "bank_card",
            Self::Email => "email",
            Self::Address => "address",
            Self::Name => "name",
            Self::SensitiveWord => "sensitive_word",
        }
    }

    /// The label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Self::IdCard => "身份证号码",
            Self::Phone => "电话号码",
            Self::BankCard => "银行卡号",
            Self::Email => "电子邮箱",
            Self::Address => "住址",
            Self::Name => "姓名",
            Self::SensitiveWord => "敏感词",
        }
    }
}

/// How much a finding matters. Ordered: `Low < Medium < High`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    /// The label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "低",
            Self::Medium => "中",
            Self::High => "高",
        }
    }
}

/// One piece of personal data (or sensitive expression) found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The matched text, exactly `input[start..end]`.
    pub text: String,
    /// Byte offset of the first byte in the input.
    pub start: usize,
    /// Byte offset just after the last byte.
    pub end: usize,
    pub severity: Severity,
}

/// What the reviewer adds to the built-in rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanOptions {
    /// Names to find (every occurrence, also with blanks between the characters). Entries
    /// shorter than two characters are ignored: one character would match everywhere.
    pub names: Vec<String>,
    /// Forbidden or sensitive expressions and the severity of each.
    pub words: Vec<(String, Severity)>,
}

/// A match before overlaps are resolved, in character indices of [`Text`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cand {
    pub kind: FindingKind,
    pub severity: Severity,
    pub i: usize,
    pub j: usize,
}

/// Scans `text` and returns the findings sorted by start, without overlaps: where matches
/// overlap, the higher severity wins, then the longer match, then the earlier one.
pub fn scan(text: &str, opts: &ScanOptions) -> Vec<Finding> {
    let t = Text::new(text);
    let mut cands = Vec::new();
    numbers::scan(&t, &mut cands);
    address::scan(&t, &mut cands);
    words::scan_email(&t, &mut cands);
    words::scan_names(&t, &opts.names, &mut cands);
    words::scan_words(&t, &opts.words, &mut cands);
    resolve(&t, cands)
}

fn resolve(t: &Text<'_>, mut cands: Vec<Cand>) -> Vec<Finding> {
    cands.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then((b.j - b.i).cmp(&(a.j - a.i)))
            .then(a.i.cmp(&b.i))
            .then(a.kind.cmp(&b.kind))
    });
    // Accepted ranges never overlap, so ordered by start they are also ordered by end: the one
    // starting last before a candidate's end is the only one that can reach into it.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept = Vec::new();
    for c in cands {
        if c.i >= c.j {
            continue;
        }
        let overlaps = taken
            .range(..c.j)
            .next_back()
            .is_some_and(|(_, &end)| end > c.i);
        if !overlaps {
            taken.insert(c.i, c.j);
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| (c.i, c.j));
    kept.into_iter().map(|c| t.finding(c)).collect()
}

#[cfg(test)]
mod tests;
