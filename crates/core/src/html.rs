//! HTML text escaping for the few places that build HTML by hand (search excerpts, report
//! tables); templates escape through the template engine.

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| push_escaped(&mut out, c));
    out
}

/// Appends `c` to `out`, escaped.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_are_escaped_and_text_kept() {
        assert_eq!(
            super::escape("<a href=\"x\">A&B's</a> 中文“引号”"),
            "&lt;a href=&quot;x&quot;&gt;A&amp;B&#39;s&lt;/a&gt; 中文“引号”"
        );
    }
}
