//! Chinese full-text search over the catalog.
//!
//! One embedded tantivy index per app node (`DATA_DIR/search`), kept in step with the database by
//! following the change feed (`catalog_changes`). Text is folded before indexing and querying
//! (traditional → simplified, full-width → half-width, lower case; `normalize`). Every text field is
//! indexed twice: as overlapping character bigrams with consecutive positions (`tokenizer`), whose
//! phrase queries match exactly the documents that contain the query as a substring (recall), and as
//! jieba words, which rank whole-word matches higher (relevance). Exact 索引号 and 文件编号 matches
//! come first.

mod error;
pub mod extract;
mod fields;
mod follower;
mod index;
pub mod normalize;
pub mod query;
mod snippet;
pub mod tokenizer;

pub use error::SearchError;
pub use index::{Hit, Scope, SearchFilter, SearchIndex, SearchRequest, SearchResults, Sort};
