//! The catalog listing (政府信息公开目录) with filters and keyset pagination.

use super::{ListingQuery, filter_query, parse_query};
use crate::cache::Page;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use crate::views::{DocRow, genre_choices, subject_choices, validity_choices};
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::sync::Arc;

pub const PAGE_SIZE: i64 = 20;

pub async fn catalog(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> AppResult<Response> {
    let q: ListingQuery = parse_query(raw.as_deref())?;
    let (filter, after) = q.to_filter()?;
    let cache_key = format!("/catalog?{}", filter_query(&filter));
    // First pages are the ones everybody sees; deeper pages are rendered on demand.
    if after.is_none()
        && let Some(page) = state.cache.list(&cache_key)
    {
        return Ok(page.respond(&headers));
    }
    let listing = state.db.public_listing(&filter, after, PAGE_SIZE).await?;
    let orgs = state.db.orgs().await?;
    let columns = state.db.column_choices().await?;
    let years = state.db.publication_years().await?;
    let base = filter_query(&filter);
    let next_url = listing.next.map(|c| {
        if base.is_empty() {
            format!("/catalog?after={}", c.encode())
        } else {
            format!("/catalog?{base}&after={}", c.encode())
        }
    });
    let first_url = if base.is_empty() {
        "/catalog".to_string()
    } else {
        format!("/catalog?{base}")
    };
    let html = render(
        "catalog.html",
        crate::ctx! {
            items => listing.items.iter().map(DocRow::from).collect::<Vec<_>>(),
            count => listing.count,
            count_capped => listing.count_capped,
            next_url => next_url,
            first_url => first_url,
            is_first => after.is_none(),
            filter => &filter,
            orgs => orgs.iter().map(|o| (o.code.clone(), o.name.clone())).collect::<Vec<_>>(),
            columns => columns,
            years => years,
            subjects => subject_choices(),
            genres => genre_choices(),
            validities => validity_choices(),
        },
    )?;
    let page = Arc::new(Page::new(html));
    if after.is_none() {
        state.cache.put_list(&cache_key, page.clone());
    }
    Ok(page.respond(&headers))
}
