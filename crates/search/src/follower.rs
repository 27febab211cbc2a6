//! Keeping the index in step with the database, and rebuilding it.
//!
//! `sync` applies the change feed from the position stored in the index's last commit; the position
//! moves only with a commit, so a crash mid-way loses nothing (the changes are applied again). A
//! node that was down catches up the same way. `rebuild` writes a complete new index beside the live
//! one and then switches `CURRENT` to it; a running server notices the switch on its next sync and
//! keeps answering from the old index until then.

use crate::SearchError;
use crate::index::{Bulk, Indexed, Live, SearchIndex, read_current, write_current};
use gongkai_db::{Db, IndexSource};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

const BATCH: i64 = 1000;

impl SearchIndex {
    /// Applies every change after the index's position. Returns how many documents were updated.
    pub async fn sync(&self, db: &Db) -> Result<usize, SearchError> {
        let _guard = self.sync_lock.lock().await;
        self.switch_if_rebuilt()?;
        let mut updated = 0;
        loop {
            let live = self.live();
            let from = live.position()?;
            let changes = db.changes_after(from, BATCH).await?;
            let Some(last) = changes.last().map(|c| c.0) else {
                return Ok(updated);
            };
            let ids: BTreeSet<i64> = changes.iter().map(|c| c.1).filter(|id| *id > 0).collect();
            let docs = read_changed(db, &ids).await?;
            updated += docs.len();
            tokio::task::spawn_blocking(move || live.apply(&docs, last))
                .await
                .map_err(|e| SearchError::Io(std::io::Error::other(e)))??;
            self.bump_generation();
        }
    }

    /// Opens the index named in `CURRENT` if `gongkai reindex` replaced the live one.
    fn switch_if_rebuilt(&self) -> Result<(), SearchError> {
        let Some(name) = read_current(&self.root) else {
            return Ok(());
        };
        if name == self.live().name {
            return Ok(());
        }
        let fresh = Live::open(&self.root, &name)?;
        *self.live.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(fresh);
        self.bump_generation();
        tracing::info!(search.index = %name, "switched to the rebuilt search index");
        remove_older(&self.root, &name);
        Ok(())
    }

    /// Builds a complete new index from the database beside the live one, then makes it current.
    /// The indexing threads share `memory_mb` MiB ([`crate::DEFAULT_REBUILD_MEMORY_MB`]);
    /// `progress(done, total)` is called after each batch.
    ///
    /// Reading the database and indexing overlap: batches go through a short channel to one
    /// blocking thread that feeds a writer with an indexing thread per core, and the new index is
    /// committed once, at the end.
    pub async fn rebuild(
        root: &std::path::Path,
        db: &Db,
        memory_mb: usize,
        progress: impl Fn(u64, u64),
    ) -> Result<u64, SearchError> {
        std::fs::create_dir_all(root)?;
        let previous = read_current(root);
        let name = format!("index-{}", next_generation(previous.as_deref()));
        let dir = root.join(&name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        // Changes made while the rebuild runs are after this position and are applied by the
        // next sync: nothing is missed.
        let position = db.last_change_seq().await?;
        let total = db.count_documents().await?;
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<Indexed>>(2);
        let indexer = tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            let bulk = Bulk::create(&dir, memory_mb)?;
            while let Some(batch) = rx.blocking_recv() {
                bulk.add(&batch)?;
            }
            bulk.finish(position)
        });
        let mut after = 0;
        let mut done = 0u64;
        loop {
            let docs = db.index_sources_after(after, BATCH).await?;
            let Some(last) = docs.last().map(|d| d.id) else {
                break;
            };
            after = last;
            done += docs.len() as u64;
            let batch = with_attachments_in_range(db, docs).await?;
            if tx.send(batch).await.is_err() {
                break; // the indexer stopped: its error is reported below
            }
            progress(done, total);
        }
        drop(tx);
        indexer
            .await
            .map_err(|e| SearchError::Io(std::io::Error::other(e)))??;
        // Older indexes are left to the server, which removes them once it has switched (a
        // second rebuild may finish before it has).
        write_current(root, &name)?;
        Ok(done)
    }
}

/// The changed documents as the index needs them (`None`: deleted). Ids close together (an
/// import, a catch-up after downtime) are read as one range, as a rebuild reads them: one query
/// per document made a catch-up mostly round trips to the database's thread. Scattered ids are
/// read one by one.
async fn read_changed(
    db: &Db,
    ids: &BTreeSet<i64>,
) -> Result<Vec<(i64, Option<Indexed>)>, SearchError> {
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
        return Ok(vec![]);
    };
    let span = last - first + 1;
    if span > 2 * ids.len() as i64 {
        let mut docs = Vec::with_capacity(ids.len());
        for &id in ids {
            let doc = match db.index_source(id).await? {
                Some(d) => Some(with_attachments(db, d).await?),
                None => None,
            };
            docs.push((id, doc));
        }
        return Ok(docs);
    }
    let changed: Vec<IndexSource> = db
        .index_sources_after(first - 1, span)
        .await?
        .into_iter()
        .filter(|d| ids.contains(&d.id))
        .collect();
    let mut found: BTreeMap<i64, Indexed> = with_attachments_in_range(db, changed)
        .await?
        .into_iter()
        .map(|d| (d.doc.id, d))
        .collect();
    Ok(ids.iter().map(|&id| (id, found.remove(&id))).collect())
}

/// `docs` (in id order) with the bytes of their attachments, read in one range query.
async fn with_attachments_in_range(
    db: &Db,
    docs: Vec<IndexSource>,
) -> Result<Vec<Indexed>, SearchError> {
    let (Some(first), Some(last)) = (docs.first().map(|d| d.id), docs.last().map(|d| d.id)) else {
        return Ok(vec![]);
    };
    let mut files: BTreeMap<i64, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    for (id, content_type, bytes) in db.attachment_bytes_in_range(first, last).await? {
        files.entry(id).or_default().push((content_type, bytes));
    }
    Ok(docs
        .into_iter()
        .map(|doc| Indexed {
            attachments: files.remove(&doc.id).unwrap_or_default(),
            doc,
        })
        .collect())
}

/// The document with the bytes of its attachments (their text is extracted while indexing).
async fn with_attachments(db: &Db, doc: IndexSource) -> Result<Indexed, SearchError> {
    let mut attachments = Vec::new();
    for a in db.attachments(doc.id).await? {
        if let Some((meta, bytes)) = db.attachment_with_bytes(doc.id, a.id).await? {
            attachments.push((meta.content_type, bytes));
        }
    }
    Ok(Indexed { doc, attachments })
}

fn generation_of(name: &str) -> Option<u64> {
    name.strip_prefix("index-")?.parse().ok()
}

fn next_generation(current: Option<&str>) -> u64 {
    current.and_then(generation_of).map_or(1, |n| n + 1)
}

/// Removes the indexes older than `live` under `root`, which no search reads any more (searches
/// still running on one keep its mapped files until they end). Newer ones are kept: a rebuild
/// may be writing one.
pub(crate) fn remove_older(root: &std::path::Path, live: &str) {
    let Some(current) = generation_of(live) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if generation_of(&name).is_some_and(|g| g < current)
            && let Err(e) = std::fs::remove_dir_all(entry.path())
        {
            tracing::warn!(search.index = %name, error = %e, "could not remove an old search index");
        }
    }
}
