//! The search layer's error type.

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("search query: {0}")]
    Query(#[from] tantivy::query::QueryParserError),
    #[error("database: {0}")]
    Db(#[from] gongkai_db::DbError),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}
