//! Document numbers (文件编号 / 发文字号) such as `沪民便函〔2024〕73号`.
//!
//! People type the year brackets in many ways: 〔〕 (the standard, U+3014/U+3015), [], ［］, 【】,
//! (), （）. We store what was entered, normalised to 〔〕, and compare numbers by a key in which
//! all variants are equal, so `沪民便函[2024]73号` finds `沪民便函〔2024〕73号`.

/// Rewrites every bracket variant around a four-digit year to the standard 〔〕 and trims spaces.
pub fn normalize(input: &str) -> String {
    let chars: Vec<char> = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(fold_digit)
        .collect();
    let mut out = String::with_capacity(input.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_year_open(c) && i + 5 < chars.len() && is_year_close(chars[i + 5]) {
            let year = &chars[i + 1..i + 5];
            if year.iter().all(|d| d.is_ascii_digit()) {
                out.push('〔');
                out.extend(year);
                out.push('〕');
                i += 6;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The key under which two document numbers are the same number (used for uniqueness and lookup).
/// Today normalisation already makes all variants equal; the key is kept separate so that
/// looser matching (if ever needed) does not change what is displayed.
pub fn match_key(input: &str) -> String {
    normalize(input)
}

/// Full-width digits are common in text pasted from word processors.
fn fold_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// A bracket that may open the year of a document number (`〔` and the variants people type).
pub fn is_year_open(c: char) -> bool {
    matches!(c, '〔' | '[' | '［' | '【' | '(' | '（' | '〖')
}

/// A bracket that may close the year of a document number.
pub fn is_year_close(c: char) -> bool {
    matches!(c, '〕' | ']' | '］' | '】' | ')' | '）' | '〗')
}

/// The parts of a standard number: issuer prefix (机关代字), year and serial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNoParts {
    pub prefix: String,
    pub year: i32,
    pub serial: u32,
}

/// Splits a (normalised) standard number `{代字}〔{YYYY}〕{n}号`. Numbers in other shapes are
/// legal to store (many agencies have their own), they just have no parts.
pub fn parts(doc_no: &str) -> Option<DocNoParts> {
    let n = match_key(doc_no);
    let (prefix, rest) = n.split_once('〔')?;
    let (year, rest) = rest.split_once('〕')?;
    let serial = rest.strip_suffix('号')?;
    if prefix.is_empty() || year.len() != 4 || serial.is_empty() || serial.starts_with('0') {
        return None;
    }
    if !serial.bytes().all(|b| b.is_ascii_digit()) || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(DocNoParts {
        prefix: prefix.to_string(),
        year: year.parse().ok()?,
        serial: serial.parse().ok()?,
    })
}

/// Checks a document number typed into a form. Returns a Chinese message on failure.
/// Accepts the standard shape and free forms without brackets; rejects what is surely a typo.
pub fn validate(input: &str) -> Result<String, String> {
    let n = normalize(input);
    if n.chars().count() > 60 {
        return Err("文件编号过长（最多 60 个字符）".into());
    }
    let opens = n.chars().filter(|c| is_year_open(*c)).count();
    let closes = n.chars().filter(|c| is_year_close(*c)).count();
    if opens != closes {
        return Err("文件编号的括号不成对，标准写法如：沪民便函〔2024〕73号".into());
    }
    if n.contains('〔') && parts(&n).is_none() {
        return Err(
            "文件编号格式不正确，标准写法如：沪民便函〔2024〕73号（序号不加“第”、不编虚位）".into(),
        );
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bracket_variant_normalises_to_the_standard() {
        for v in [
            "沪民便函〔2024〕73号",
            "沪民便函[2024]73号",
            "沪民便函［2024］73号",
            "沪民便函【2024】73号",
            "沪民便函(2024)73号",
            "沪民便函（2024）73号",
            " 沪民便函 〔2024〕 73号 ",
        ] {
            assert_eq!(normalize(v), "沪民便函〔2024〕73号", "{v}");
        }
    }

    #[test]
    fn brackets_not_around_a_year_are_kept() {
        assert_eq!(normalize("民函(试行)1号"), "民函(试行)1号");
    }

    #[test]
    fn match_key_folds_full_width_digits() {
        assert_eq!(
            match_key("国办发［２０１７］４７号"),
            match_key("国办发〔2017〕47号")
        );
    }

    #[test]
    fn splits_standard_numbers() {
        let p = parts("国办发〔2017〕47号").unwrap();
        assert_eq!(p.prefix, "国办发");
        assert_eq!((p.year, p.serial), (2017, 47));
        assert!(parts("国办发〔2017〕047号").is_none(), "no leading zeros");
        assert!(parts("国办发〔2017〕第47号").is_none(), "no 第");
        assert!(parts("第3号令").is_none());
    }

    #[test]
    fn validation_explains_in_chinese() {
        assert_eq!(validate("国办发[2017]47号").unwrap(), "国办发〔2017〕47号");
        assert!(
            validate("国办发〔2017〕第47号")
                .unwrap_err()
                .contains("不加“第”")
        );
        assert!(validate("国办发〔2017 47号").unwrap_err().contains("括号"));
        assert_eq!(validate("民政部令第61号").unwrap(), "民政部令第61号");
    }
}
