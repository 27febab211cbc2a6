//! The home page: a search box and the latest items of each column.

use crate::cache::Page;
use crate::error::AppResult;
use crate::state::AppState;
use crate::templates::render;
use crate::views::DocRow;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use gongkai_db::ListingFilter;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
struct Section {
    slug: String,
    name: String,
    items: Vec<DocRow>,
}

pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(page) = state.cache.list("/") {
        return Ok(page.respond(&headers));
    }
    let latest = state
        .db
        .public_listing(&ListingFilter::default(), None, 10)
        .await?;
    let mut sections = Vec::new();
    for (slug, name) in state.db.column_choices().await? {
        let f = ListingFilter {
            column: Some(slug.clone()),
            ..Default::default()
        };
        let page = state.db.public_listing(&f, None, 6).await?;
        if !page.items.is_empty() {
            sections.push(Section {
                slug,
                name,
                items: page.items.iter().map(DocRow::from).collect(),
            });
        }
    }
    let orgs = state.db.orgs().await?;
    let html = render(
        "home.html",
        crate::ctx! {
            latest => latest.items.iter().map(DocRow::from).collect::<Vec<_>>(),
            total => latest.count,
            total_capped => latest.count_capped,
            sections => sections,
            orgs => orgs,
        },
    )?;
    let page = Arc::new(Page::new(html));
    state.cache.put_list("/", page.clone());
    Ok(page.respond(&headers))
}
