//! The catalog listing (政府信息公开目录) with filters and keyset pagination.

use super::{ListingQuery, filter_query, parse_query};
use crate::cache::{FilterChoices, Page};
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
    let base = filter_query(&filter);
    let counted = match state.cache.count(&base) {
        Some(c) => c,
        None => {
            let c = state.db.public_count(&filter).await?;
            state.cache.put_count(&base, c);
            c
        }
    };
    let (items, next) = state.db.public_page(&filter, after, PAGE_SIZE).await?;
    let choices = filter_choices(&state).await?;
    let next_url = next.map(|c| {
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
            items => items.iter().map(DocRow::from).collect::<Vec<_>>(),
            count => counted.count,
            count_capped => counted.capped,
            next_url => next_url,
            first_url => first_url,
            is_first => after.is_none(),
            filter => &filter,
            orgs => choices.orgs,
            columns => choices.columns,
            years => choices.years,
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

/// The filter form's options, from the cache while the catalog is unchanged.
pub async fn filter_choices(state: &AppState) -> AppResult<Arc<FilterChoices>> {
    if let Some(c) = state.cache.choices() {
        return Ok(c);
    }
    let c = Arc::new(FilterChoices {
        orgs: state
            .db
            .orgs()
            .await?
            .into_iter()
            .map(|o| (o.code, o.name))
            .collect(),
        columns: state.db.column_choices().await?,
        years: state.db.publication_years().await?,
    });
    state.cache.put_choices(c.clone());
    Ok(c)
}
