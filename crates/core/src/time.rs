//! Conversions between stored UTC instants and the China Standard Time dates users see.
//! Pure functions: the current time is always passed in by the caller.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

/// China Standard Time (UTC+8, no daylight saving).
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar date in China at instant `at`.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// Midnight at the start of `date` in China, as a UTC instant.
pub fn china_midnight(date: NaiveDate) -> DateTime<Utc> {
    let naive = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    china()
        .from_local_datetime(&naive)
        .single()
        .expect("fixed offsets have no gaps")
        .with_timezone(&Utc)
}

/// `2024年03月05日`, the way disclosure catalogs print dates.
pub fn format_cn_date(date: NaiveDate) -> String {
    date.format("%Y年%m月%d日").to_string()
}

/// Parses `YYYY-MM-DD` strictly (the format of HTML date inputs and of import files).
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_utc_is_next_day_in_china() {
        let at = Utc.with_ymd_and_hms(2024, 12, 31, 17, 0, 0).unwrap();
        assert_eq!(china_date(at), NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
    }

    #[test]
    fn midnight_roundtrips() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(china_date(china_midnight(d)), d);
        assert_eq!(china_midnight(d).to_rfc3339(), "2024-02-28T16:00:00+00:00");
    }

    #[test]
    fn iso_dates_are_strict() {
        assert!(parse_iso_date("2024-02-30").is_none());
        assert!(parse_iso_date("2024-2-3").is_none());
        assert_eq!(
            parse_iso_date(" 2024-02-03 "),
            NaiveDate::from_ymd_opt(2024, 2, 3)
        );
        assert_eq!(
            format_cn_date(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()),
            "2024年03月05日"
        );
    }
}
