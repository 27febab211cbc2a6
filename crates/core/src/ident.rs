//! Identity numbers an applicant gives (Art. 29 (一): 身份证明), and their masking for display.
//!
//! * The resident identity number of GB 11643-1999 (公民身份号码): 6-digit address code, 8-digit
//!   birth date, 3-digit sequence, 1 check character (ISO 7064 MOD 11-2, `X` for 10). The legacy
//!   15-digit form (first-generation cards: 2-digit year in the 1900s, no check character) is
//!   accepted too. A lowercase `x` is accepted and normalised to `X`: people type it that way.
//! * The unified social credit code of GB 32100-2015 (统一社会信用代码) of organisations: 18
//!   characters from `0-9` and the 21 capital letters other than I, O, Z, S, V; position 18 is a
//!   MOD 31 check character.
//!
//! What is checked is what the standards fix arithmetically. The address code is checked only
//! for its province-level prefix: county codes change every year and a stale table would reject
//! real people. The 9-character organisation code inside a credit code is not checked separately
//! (codes of 个体工商户 and recent registrations do not all carry a GB 11714 check digit).

use chrono::{Datelike, NaiveDate};

/// Why an identity number was refused. `message()` is the text shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentError {
    Empty,
    /// A resident identity number is 18 characters (or 15 digits for the old form).
    IdWrongLength,
    IdBadCharacter,
    IdBadRegion,
    IdBadBirthDate,
    IdFutureBirthDate,
    IdBadChecksum,
    CreditCodeWrongLength,
    CreditCodeBadCharacter,
    CreditCodeBadRegion,
    CreditCodeBadChecksum,
}

impl IdentError {
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => "号码不能为空",
            Self::IdWrongLength => "身份证号码应为18位（或旧版15位）",
            Self::IdBadCharacter => "身份证号码只能由数字组成，最后一位可以是X",
            Self::IdBadRegion => "身份证号码的地址码不正确",
            Self::IdBadBirthDate => "身份证号码中的出生日期不是有效日期",
            Self::IdFutureBirthDate => "身份证号码中的出生日期晚于今天",
            Self::IdBadChecksum => "身份证号码校验位不正确",
            Self::CreditCodeWrongLength => "统一社会信用代码应为18位",
            Self::CreditCodeBadCharacter => {
                "统一社会信用代码只能由数字和大写字母组成（不使用I、O、Z、S、V）"
            }
            Self::CreditCodeBadRegion => "统一社会信用代码第3至8位应为行政区划码（数字）",
            Self::CreditCodeBadChecksum => "统一社会信用代码校验位不正确",
        }
    }
}

impl std::fmt::Display for IdentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for IdentError {}

/// Province-level prefixes of GB/T 2260 address codes, plus 71 (台湾), 81/82 (港澳) and 83
/// (台湾居民居住证), which residence permits of Hong Kong, Macao and Taiwan residents carry.
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// Trims and upper-cases (`x` → `X`): the stored form of a resident identity number.
pub fn normalize_resident_id(s: &str) -> String {
    s.trim().to_ascii_uppercase()
}

/// The GB 11643 check character for the first 17 digits, `None` if they are not 17 digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    Some(ID_CHECK[(sum % 11) as usize] as char)
}

/// Validates an 18-character or legacy 15-digit resident identity number (no clock: the birth
/// date is only checked to exist; see [`validate_resident_id_at`] to also refuse future dates).
pub fn validate_resident_id(s: &str) -> Result<(), IdentError> {
    parse_resident_id(s).map(|_| ())
}

/// As [`validate_resident_id`], and the birth date may not be after `today`.
pub fn validate_resident_id_at(s: &str, today: NaiveDate) -> Result<(), IdentError> {
    if parse_resident_id(s)? > today {
        return Err(IdentError::IdFutureBirthDate);
    }
    Ok(())
}

/// The birth date encoded in a valid resident identity number.
pub fn resident_id_birth_date(s: &str) -> Option<NaiveDate> {
    parse_resident_id(s).ok()
}

/// Converts a valid legacy 15-digit number to its 18-character form (inserts `19`, appends the
/// check character), as the public security organs did when re-issuing cards.
pub fn upgrade_resident_id(s15: &str) -> Option<String> {
    let s = normalize_resident_id(s15);
    if s.len() != 15 || parse_resident_id(&s).is_err() {
        return None;
    }
    let first17 = format!("{}19{}", &s[..6], &s[6..]);
    let check = resident_id_check_char(&first17)?;
    Some(format!("{first17}{check}"))
}

/// Returns the birth date of a valid number.
fn parse_resident_id(raw: &str) -> Result<NaiveDate, IdentError> {
    let s = normalize_resident_id(raw);
    if s.is_empty() {
        return Err(IdentError::Empty);
    }
    let b = s.as_bytes();
    let (date_digits, century) = match b.len() {
        18 => {
            let body_ok = b[..17].iter().all(u8::is_ascii_digit);
            let last_ok = b[17].is_ascii_digit() || b[17] == b'X';
            if !body_ok || !last_ok {
                return Err(IdentError::IdBadCharacter);
            }
            (&s[6..14], "")
        }
        15 => {
            if !b.iter().all(u8::is_ascii_digit) {
                return Err(IdentError::IdBadCharacter);
            }
            // First-generation cards were issued from 1984 to people born in the 1900s.
            (&s[6..12], "19")
        }
        _ => return Err(IdentError::IdWrongLength),
    };
    let province = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !PROVINCES.contains(&province) {
        return Err(IdentError::IdBadRegion);
    }
    let birth = NaiveDate::parse_from_str(&format!("{century}{date_digits}"), "%Y%m%d")
        .map_err(|_| IdentError::IdBadBirthDate)?;
    // 1800 leaves room for the standard's own example (born 1880) and nothing absurd.
    if birth.year() < 1800 {
        return Err(IdentError::IdBadBirthDate);
    }
    if b.len() == 18 && resident_id_check_char(&s[..17]) != Some(b[17] as char) {
        return Err(IdentError::IdBadChecksum);
    }
    Ok(birth)
}

/// The 31 characters of GB 32100 in the order of their values 0–30.
const CREDIT_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn credit_value(c: u8) -> Option<u32> {
    CREDIT_CHARS.iter().position(|&x| x == c).map(|p| p as u32)
}

/// The GB 32100 check character for the first 17 characters, `None` if one is outside the set.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in b.iter().zip(CREDIT_WEIGHTS) {
        sum += credit_value(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(CREDIT_CHARS[check as usize] as char)
}

/// Trims and upper-cases a unified social credit code.
pub fn normalize_credit_code(s: &str) -> String {
    s.trim().to_ascii_uppercase()
}

/// Validates a unified social credit code (lowercase letters are accepted and mean the same).
pub fn validate_credit_code(raw: &str) -> Result<(), IdentError> {
    let s = normalize_credit_code(raw);
    if s.is_empty() {
        return Err(IdentError::Empty);
    }
    if s.chars().count() != 18 {
        return Err(IdentError::CreditCodeWrongLength);
    }
    let b = s.as_bytes();
    if !b.iter().all(|c| credit_value(*c).is_some()) {
        return Err(IdentError::CreditCodeBadCharacter);
    }
    if !b[2..8].iter().all(u8::is_ascii_digit) {
        return Err(IdentError::CreditCodeBadRegion);
    }
    if credit_code_check_char(&s[..17]) != Some(b[17] as char) {
        return Err(IdentError::CreditCodeBadChecksum);
    }
    Ok(())
}

/// `110105********1234`: the first 6 (address code) and last 4 characters stay visible, every
/// other character becomes `*`, so the length is kept. Short inputs keep only the last 2.
pub fn mask_id(s: &str) -> String {
    mask_middle(s.trim(), 6, 4)
}

/// `138****5678`: the first 3 and last 4 characters stay visible.
pub fn mask_phone(s: &str) -> String {
    mask_middle(s.trim(), 3, 4)
}

fn mask_middle(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    // Too short to hide anything in the middle: hide all but the last two characters.
    let (head, tail) = if n > head + tail {
        (head, tail)
    } else {
        (0, 2)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", resident_id_check_char(first17).unwrap())
    }

    #[test]
    fn the_published_examples_of_gb_11643_are_valid() {
        // Both examples are printed in GB 11643-1999 itself.
        assert_eq!(validate_resident_id("11010519491231002X"), Ok(()));
        assert_eq!(validate_resident_id("440524188001010014"), Ok(()));
        assert_eq!(resident_id_check_char("11010519491231002"), Some('X'));
        assert_eq!(
            resident_id_birth_date("11010519491231002X"),
            NaiveDate::from_ymd_opt(1949, 12, 31)
        );
    }

    #[test]
    fn computed_numbers_are_valid_and_a_changed_digit_is_caught() {
        for first17 in [
            "32010619900307123",
            "51010720001229456",
            "65010219850101001",
            "81000019960229002",
        ] {
            let id = with_check(first17);
            assert_eq!(validate_resident_id(&id), Ok(()), "{id}");
            // Any single changed digit changes the checksum (MOD 11-2 detects all of them).
            let mut bad = id.clone().into_bytes();
            bad[16] = if bad[16] == b'9' { b'0' } else { bad[16] + 1 };
            let bad = String::from_utf8(bad).unwrap();
            assert_eq!(validate_resident_id(&bad), Err(IdentError::IdBadChecksum));
        }
    }

    #[test]
    fn wrong_checksum_is_refused_with_a_chinese_message() {
        let e = validate_resident_id("110105194912310021").unwrap_err();
        assert_eq!(e, IdentError::IdBadChecksum);
        assert_eq!(e.to_string(), "身份证号码校验位不正确");
    }

    #[test]
    fn lowercase_x_is_accepted_and_normalised() {
        assert_eq!(validate_resident_id("11010519491231002x"), Ok(()));
        assert_eq!(
            normalize_resident_id(" 11010519491231002x "),
            "11010519491231002X"
        );
        // X is only possible in the last position.
        assert_eq!(
            validate_resident_id("1101051949123100X2"),
            Err(IdentError::IdBadCharacter)
        );
    }

    #[test]
    fn impossible_birth_dates_are_refused() {
        // 30 February, month 13, and 29 February of a common year.
        for first17 in [
            "11010519490230002",
            "11010519491301002",
            "11010520230229002",
        ] {
            assert_eq!(
                validate_resident_id(&with_check(first17)),
                Err(IdentError::IdBadBirthDate),
                "{first17}"
            );
        }
        // 29 February 2024 exists.
        assert_eq!(
            validate_resident_id(&with_check("11010520240229002")),
            Ok(())
        );
        let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        assert_eq!(
            validate_resident_id_at(&with_check("11010520250101002"), today),
            Err(IdentError::IdFutureBirthDate)
        );
        assert_eq!(validate_resident_id_at("11010519491231002X", today), Ok(()));
    }

    #[test]
    fn wrong_length_region_and_characters() {
        assert_eq!(validate_resident_id(""), Err(IdentError::Empty));
        assert_eq!(
            validate_resident_id("11010519491231002"),
            Err(IdentError::IdWrongLength)
        );
        assert_eq!(
            validate_resident_id("11010519491231002X1"),
            Err(IdentError::IdWrongLength)
        );
        assert_eq!(
            validate_resident_id("1101051949123100２X"),
            Err(IdentError::IdWrongLength),
            "a full-width digit is 3 bytes"
        );
        assert_eq!(
            validate_resident_id("11010519491231A02X"),
            Err(IdentError::IdBadCharacter)
        );
        // 00 and 99 are no province.
        assert_eq!(
            validate_resident_id(&with_check("00010519491231002")),
            Err(IdentError::IdBadRegion)
        );
        assert_eq!(
            validate_resident_id(&with_check("99010519491231002")),
            Err(IdentError::IdBadRegion)
        );
    }

    #[test]
    fn legacy_15_digit_numbers() {
        assert_eq!(validate_resident_id("130503670401001"), Ok(()));
        assert_eq!(
            resident_id_birth_date("130503670401001"),
            NaiveDate::from_ymd_opt(1967, 4, 1)
        );
        assert_eq!(
            upgrade_resident_id("130503670401001").as_deref(),
            Some("130503196704010016")
        );
        assert_eq!(validate_resident_id("130503196704010016"), Ok(()));
        assert_eq!(
            validate_resident_id("130503671301001"),
            Err(IdentError::IdBadBirthDate)
        );
        assert_eq!(
            validate_resident_id("13050367040100X"),
            Err(IdentError::IdBadCharacter)
        );
        assert_eq!(upgrade_resident_id("11010519491231002X"), None);
    }

    #[test]
    fn the_credit_code_example_of_gb_32100_is_valid() {
        assert_eq!(validate_credit_code("91350100M000100Y43"), Ok(()));
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(validate_credit_code("91350100m000100y43"), Ok(()));
    }

    #[test]
    fn credit_codes_are_checked() {
        // A 民政 (5) registered 社会团体 (1) code, computed.
        let first17 = "51110105MJ0012345";
        let code = format!("{first17}{}", credit_code_check_char(first17).unwrap());
        assert_eq!(validate_credit_code(&code), Ok(()));
        let e = validate_credit_code("91350100M000100Y44").unwrap_err();
        assert_eq!(e, IdentError::CreditCodeBadChecksum);
        assert_eq!(e.to_string(), "统一社会信用代码校验位不正确");
        assert_eq!(
            validate_credit_code("91350100M000100Y4"),
            Err(IdentError::CreditCodeWrongLength)
        );
        // I, O, Z, S, V are not in the character set.
        for c in ['I', 'O', 'Z', 'S', 'V'] {
            let s = format!("91350100M000100{c}43");
            assert_eq!(
                validate_credit_code(&s),
                Err(IdentError::CreditCodeBadCharacter),
                "{s}"
            );
        }
        // Positions 3–8 are the administrative division code.
        let first17 = "9135A100M000100Y4";
        let s = format!("{first17}{}", credit_code_check_char(first17).unwrap());
        assert_eq!(
            validate_credit_code(&s),
            Err(IdentError::CreditCodeBadRegion)
        );
    }

    #[test]
    fn masking() {
        assert_eq!(mask_id("110105194912311234"), "110105********1234");
        assert_eq!(mask_id("130503670401001"), "130503*****1001");
        assert_eq!(mask_id("91350100M000100Y43"), "913501********0Y43");
        assert_eq!(mask_id("12345"), "***45");
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("010-12345678"), "010*****5678");
        assert_eq!(mask_phone("1234"), "**34");
        assert_eq!(mask_phone(""), "");
    }
}
