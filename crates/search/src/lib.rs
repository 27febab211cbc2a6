//! Chinese full-text search over the catalog.
//!
//! One embedded tantivy index per app node (`DATA_DIR/search`), kept in step with the database by
//! following the change feed (`catalog_changes`). Text is folded before indexing and querying
//! (traditional → simplified, full-width → half-width, lower case; `normalize`) and indexed as
//! overlapping character bigrams with consecutive positions (`tokenizer`), whose phrase queries match
//! exactly the documents that contain the query as a substring; BM25 over those bigrams ranks them.
//! There is no word segmenter: substring recall needs the bigrams anyway, and the relevance checks
//! pass without jieba's extra fields, which cost indexing time. Counts come from cached clause
//! bitsets (`sets`). Exact 索引号, 文件编号 and title matches come first. Attachments' text
//! comes from `gongkai_files::text_of`.

mod error;
mod fields;
mod follower;
mod index;
pub mod normalize;
pub mod query;
mod sets;
mod snippet;
pub mod tokenizer;

pub use error::SearchError;
pub use index::{
    DEFAULT_REBUILD_MEMORY_MB, Hit, Scope, SearchFilter, SearchIndex, SearchRequest, SearchResults,
    Sort,
};
