//! E-mail addresses, entered names and sensitive expressions.

use super::text::Text;
use super::{Cand, FindingKind, Severity};

/// `local@domain.tld`: the local part of letters, digits and `._%+-`, a domain of at least two
/// labels with an alphabetic top-level label of two or more letters.
pub(crate) fn scan_email(t: &Text<'_>, out: &mut Vec<Cand>) {
    let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    for at in 0..t.len() {
        if t.at(at) != Some('@') {
            continue;
        }
        let mut i = at;
        while t.before(i, 1).is_some_and(local) {
            i -= 1;
        }
        while i < at && matches!(t.at(i), Some('.' | '-' | '+')) {
            i += 1;
        }
        if i == at || t.before(at, 1) == Some('.') {
            continue;
        }
        let mut j = at + 1;
        while t.at(j).is_some_and(domain) {
            j += 1;
        }
        while j > at + 1 && matches!(t.before(j, 1), Some('.' | '-')) {
            j -= 1;
        }
        let dom: String = (at + 1..j).filter_map(|k| t.at(k)).collect();
        let labels: Vec<&str> = dom.split('.').collect();
        let labels_ok = labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        let tld_ok = labels
            .last()
            .is_some_and(|l| l.len() >= 2 && l.bytes().all(|b| b.is_ascii_alphabetic()));
        if labels_ok && tld_ok {
            out.push(Cand {
                kind: FindingKind::Email,
                severity: Severity::Medium,
                i,
                j,
            });
        }
    }
}

/// Every occurrence of every entered name (two characters or more), also with blanks between
/// its characters (`张 三`).
pub(crate) fn scan_names(t: &Text<'_>, names: &[String], out: &mut Vec<Cand>) {
    for name in names {
        let needle: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
        if needle.len() >= 2 {
            find_all(t, &needle, FindingKind::Name, Severity::High, out);
        }
    }
}

/// Every occurrence of every listed expression, as names are found (ASCII letters compared
/// without case).
pub(crate) fn scan_words(t: &Text<'_>, words: &[(String, Severity)], out: &mut Vec<Cand>) {
    for (word, severity) in words {
        let needle: Vec<char> = word.chars().filter(|c| !c.is_whitespace()).collect();
        if !needle.is_empty() {
            find_all(t, &needle, FindingKind::SensitiveWord, *severity, out);
        }
    }
}

/// Blanks allowed between two characters of a name or expression.
const MAX_BLANKS: usize = 2;

fn find_all(
    t: &Text<'_>,
    needle: &[char],
    kind: FindingKind,
    severity: Severity,
    out: &mut Vec<Cand>,
) {
    let same = |a: char, b: char| a == b || a.eq_ignore_ascii_case(&b);
    for i in 0..t.len() {
        if !t.at(i).is_some_and(|c| same(c, needle[0])) {
            continue;
        }
        let mut k = i + 1;
        let mut matched = 1;
        while matched < needle.len() {
            let mut blanks = 0;
            while blanks < MAX_BLANKS && t.at(k + blanks).is_some_and(char::is_whitespace) {
                blanks += 1;
            }
            if t.at(k + blanks).is_some_and(|c| same(c, needle[matched])) {
                k += blanks + 1;
                matched += 1;
            } else {
                break;
            }
        }
        if matched == needle.len() {
            out.push(Cand {
                kind,
                severity,
                i,
                j: k,
            });
        }
    }
}
