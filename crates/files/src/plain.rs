//! Plain text (`.txt`, `.csv`): UTF-8, or GB18030 (which covers GBK and GB2312) for files saved
//! by older Chinese software. Each line is a part; the redacted copy is UTF-8.

use gongkai_core::redaction::{ScanOptions, mask, scan};

use crate::{FileError, Redaction, RichPart};

/// The text, and whether a copy written as UTF-8 should start with a byte-order mark (the
/// original had one, or was GB18030: without it, spreadsheet programs would read the UTF-8 copy
/// of a CSV file in the local code page).
pub(crate) fn decode(bytes: &[u8]) -> Option<(String, bool)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(match s.strip_prefix('\u{feff}') {
            Some(rest) => (rest.to_string(), true),
            None => (s.to_string(), false),
        }),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|s| (s.into_owned(), true)),
    }
}

pub(crate) fn parts(bytes: &[u8]) -> Result<Vec<RichPart>, FileError> {
    let (text, _) = decode(bytes).ok_or(FileError::Unsupported)?;
    Ok(text
        .split('\n')
        .enumerate()
        .map(|(n, line)| (n, line.strip_suffix('\r').unwrap_or(line)))
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| RichPart::plain(format!("第{}行", n + 1), line.to_string(), false))
        .collect())
}

pub(crate) fn redact(bytes: &[u8], opts: &ScanOptions) -> Result<Redaction, FileError> {
    let (text, bom) = decode(bytes).ok_or(FileError::Unsupported)?;
    let mut masked = 0;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let (body, cr) = match line.strip_suffix('\r') {
                Some(b) => (b, "\r"),
                None => (line, ""),
            };
            let found = scan(body, opts);
            masked += found.len();
            format!("{}{cr}", mask(body, &found))
        })
        .collect();
    let mut out = if bom {
        "\u{feff}".to_string()
    } else {
        String::new()
    };
    out.push_str(&lines.join("\n"));
    Ok(Redaction::Redacted {
        bytes: out.into_bytes(),
        masked,
    })
}
