//! `/search?q=`: finds published documents whose title contains the words.
//!
//! A plain substring match over titles, enough for a small catalog. The Chinese full-text search
//! over titles, numbers, bodies and attachments (tantivy + jieba) replaces it behind the same URL.

use super::{ListingQuery, filter_query, parse_query};
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use crate::views::DocRow;
use axum::extract::{RawQuery, State};
use axum::response::Html;

pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> AppResult<Html<String>> {
    let q: ListingQuery = parse_query(raw.as_deref())?;
    let (filter, after) = q.to_filter()?;
    let query = filter.title_contains.clone().unwrap_or_default();
    let listing = if query.is_empty() {
        None
    } else {
        Some(state.db.public_listing(&filter, after, 20).await?)
    };
    let next_url = listing
        .as_ref()
        .and_then(|l| l.next)
        .map(|c| format!("/search?{}&after={}", filter_query(&filter), c.encode()));
    let html = render(
        "search.html",
        crate::ctx! {
            q => query,
            searched => listing.is_some(),
            count => listing.as_ref().map(|l| l.count).unwrap_or(0),
            count_capped => listing.as_ref().is_some_and(|l| l.count_capped),
            items => listing.as_ref().map(|l| l.items.iter().map(DocRow::from).collect::<Vec<_>>()).unwrap_or_default(),
            next_url => next_url,
        },
    )?;
    Ok(Html(html))
}
