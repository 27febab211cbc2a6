//! The public portal: pages anyone can read, in Simplified Chinese, usable without JavaScript.

pub mod apply;
pub mod catalog;
pub mod consultations;
pub mod decisions;
pub mod document;
pub mod faq;
pub mod guide;
pub mod home;
pub mod messages;
pub mod proposals;
pub mod search;
pub mod track;

use crate::error::AppError;
use gongkai_core::catalog::{Validity, valid_column_slug};
use gongkai_core::org::OrgCode;
use gongkai_core::subject::Subject;
use gongkai_db::{Cursor, ListingFilter};
use serde::Deserialize;

/// Query parameters of listings (catalog page and API), as typed in a URL.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListingQuery {
    pub org: Option<String>,
    pub column: Option<String>,
    pub subject: Option<String>,
    pub genre: Option<String>,
    pub year: Option<String>,
    pub validity: Option<String>,
    pub after: Option<String>,
    pub q: Option<String>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses a raw query string; a malformed one is a 400 with a Chinese explanation.
pub fn parse_query<T: serde::de::DeserializeOwned + Default>(
    raw: Option<&str>,
) -> Result<T, AppError> {
    match raw {
        None | Some("") => Ok(T::default()),
        Some(q) => serde_urlencoded::from_str(q)
            .map_err(|_| AppError::BadRequest("查询参数格式不正确".into())),
    }
}

/// The `?year=` of a yearly page: a year in `first..=last`; absent, not a number or out of range
/// means `default` (a filter with an unknown value is ignored, as elsewhere).
pub fn year_param(raw: Option<&str>, first: i32, last: i32, default: i32) -> Result<i32, AppError> {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct YearQuery {
        year: String,
    }
    let q: YearQuery = parse_query(raw)?;
    Ok(q.year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (first..=last).contains(y))
        .unwrap_or(default))
}

impl ListingQuery {
    /// Checks every filter value; each wrong one is named in the 400 message.
    pub fn to_filter(&self) -> Result<(ListingFilter, Option<Cursor>), AppError> {
        let mut f = ListingFilter::default();
        if let Some(o) = present(&self.org) {
            let code =
                OrgCode::parse(o).map_err(|_| AppError::BadRequest("机关代码格式不正确".into()))?;
            f.org = Some(code.as_str().to_string());
        }
        if let Some(c) = present(&self.column) {
            if !valid_column_slug(c) {
                return Err(AppError::BadRequest("栏目参数不正确".into()));
            }
            f.column = Some(c.to_string());
        }
        if let Some(s) = present(&self.subject) {
            Subject::from_code(s)
                .ok_or_else(|| AppError::BadRequest("主题分类参数不正确".into()))?;
            f.subject = Some(s.to_string());
        }
        if let Some(g) = present(&self.genre) {
            if !gongkai_core::genre::is_valid(g) {
                return Err(AppError::BadRequest("体裁参数不正确".into()));
            }
            f.genre = Some(g.to_string());
        }
        if let Some(y) = present(&self.year) {
            let year: i32 = y
                .parse()
                .ok()
                .filter(|y| (1949..=2100).contains(y))
                .ok_or_else(|| AppError::BadRequest("年份参数应为四位数字，例如 2024".into()))?;
            f.year = Some(year);
        }
        if let Some(v) = present(&self.validity) {
            Validity::parse(v).ok_or_else(|| AppError::BadRequest("有效性参数不正确".into()))?;
            f.validity = Some(v.to_string());
        }
        if let Some(q) = present(&self.q) {
            if q.chars().count() > 100 {
                return Err(AppError::BadRequest("检索词过长（最多 100 个字）".into()));
            }
            f.title_contains = Some(q.to_string());
        }
        let after = match present(&self.after) {
            None => None,
            Some(a) => Some(
                Cursor::decode(a).ok_or_else(|| AppError::BadRequest("分页参数不正确".into()))?,
            ),
        };
        Ok((f, after))
    }
}

/// Query string for a filter, to build "next page" links that keep the filters.
pub fn filter_query(f: &ListingFilter) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(v) = &f.org {
        pairs.push(("org", v.clone()));
    }
    if let Some(v) = &f.column {
        pairs.push(("column", v.clone()));
    }
    if let Some(v) = &f.subject {
        pairs.push(("subject", v.clone()));
    }
    if let Some(v) = &f.genre {
        pairs.push(("genre", v.clone()));
    }
    if let Some(v) = f.year {
        pairs.push(("year", v.to_string()));
    }
    if let Some(v) = &f.validity {
        pairs.push(("validity", v.clone()));
    }
    if let Some(v) = &f.title_contains {
        pairs.push(("q", v.clone()));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}
