//! Shared application state handed to every handler.

use crate::cache::PageCache;
use crate::clock::Clock;
use crate::error::{AppError, AppResult};
use crate::limit::Limits;
use gongkai_db::Db;
use gongkai_search::SearchIndex;
use std::sync::Arc;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when the site is served over HTTPS).
    pub secure_cookies: bool,
    /// Largest accepted attachment, in bytes.
    pub max_upload_bytes: usize,
    /// Lifetime of a staff session.
    pub session_hours: i64,
    /// The SMTP server the e-mail reminders of work-plan tasks go through; `None`: no e-mail.
    pub smtp: Option<SmtpConfig>,
}

/// An SMTP server reached without TLS or authentication: the agency's internal relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// The sender address (`From`), e.g. `gongkai@mzj.example.gov.cn`.
    pub from: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            max_upload_bytes: 50 * 1024 * 1024,
            session_hours: 8,
            smtp: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub clock: Clock,
    pub cache: PageCache,
    pub search: Arc<SearchIndex>,
    pub config: WebConfig,
    /// Per-address limits of the public application forms (in memory, per node).
    pub limits: Limits,
    /// One search at a time per core (see `public::search::run`).
    pub search_slots: tokio::sync::Semaphore,
}

impl AppState {
    pub async fn new(
        db: Db,
        clock: Clock,
        config: WebConfig,
        search: SearchIndex,
    ) -> Result<AppState, gongkai_db::DbError> {
        let cache = PageCache::new(db.last_change_seq().await?);
        Ok(AppState(Arc::new(Inner {
            db,
            clock,
            cache,
            search: Arc::new(search),
            config,
            limits: Limits::default(),
            search_slots: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
            ),
        })))
    }

    /// Applies the change feed to this node's page cache and search index: called right after a
    /// local write (so its author sees it at once) and every second by the follower task.
    pub async fn sync_changes(&self) -> AppResult<()> {
        self.cache.sync(&self.db).await?;
        self.search
            .sync(&self.db)
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(())
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
