//! The index number (索引号) of a catalog document: `ORGCODE/YEAR-NNNNN`.
//!
//! Assigned once from a per-organization, per-year counter that only ever goes up, so a number
//! is never reused; after publication it never changes (the public URL is built from it).
//! The year is the year of the document's 成文日期 (regulations.md §6.3, engineering rule).

use crate::org::OrgCode;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IndexNo {
    pub org_code: String,
    pub year: i32,
    pub serial: u32,
}

impl IndexNo {
    /// The number following `last_serial` (0 when the counter is new) for `org` in `year`.
    pub fn assign(org: &OrgCode, year: i32, last_serial: u32) -> IndexNo {
        IndexNo {
            org_code: org.as_str().to_string(),
            year,
            serial: last_serial + 1,
        }
    }

    /// Parses `CODE/YYYY-NNNNN` (at least five serial digits, as assigned).
    pub fn parse(s: &str) -> Option<IndexNo> {
        let (code, rest) = s.split_once('/')?;
        let code = OrgCode::parse(code).ok()?;
        let (year, serial) = rest.split_once('-')?;
        if year.len() != 4 || serial.len() < 5 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !serial.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let serial: u32 = serial.parse().ok()?;
        if serial == 0 {
            return None;
        }
        Some(IndexNo {
            org_code: code.as_str().to_string(),
            year: year.parse().ok()?,
            serial,
        })
    }
}

impl std::fmt::Display for IndexNo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}-{:05}", self.org_code, self.year, self.serial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigns_the_next_serial_with_five_digits() {
        let org = OrgCode::parse("0024204128").unwrap();
        let first = IndexNo::assign(&org, 2024, 0);
        assert_eq!(first.to_string(), "0024204128/2024-00001");
        let later = IndexNo::assign(&org, 2024, 54);
        assert_eq!(later.to_string(), "0024204128/2024-00055");
        // A province-scale year can exceed 99,999 items: the serial widens, it never wraps.
        assert_eq!(
            IndexNo::assign(&org, 2024, 99_999).to_string(),
            "0024204128/2024-100000"
        );
    }

    #[test]
    fn parses_what_it_prints() {
        let n = IndexNo::parse("000014349/2017-00110").unwrap();
        assert_eq!(n.year, 2017);
        assert_eq!(n.serial, 110);
        assert_eq!(n.to_string(), "000014349/2017-00110");
    }

    #[test]
    fn rejects_malformed_numbers() {
        for s in [
            "000014349/17-00110",
            "000014349/2017-110",
            "000014349-2017-00110",
            "000014349/2017-00000",
            "a b/2017-00001",
            "000014349/2017-0011x",
        ] {
            assert!(IndexNo::parse(s).is_none(), "{s}");
        }
    }
}
