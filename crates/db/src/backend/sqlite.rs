//! The SQLite copy of the queries.

pub type DB = sqlx::Sqlite;

/// Takes the write lock at the start, so that a transaction that reads before it writes never
/// fails half-way with SQLITE_BUSY because another writer got in between.
pub async fn begin_write(pool: &sqlx::Pool<DB>) -> sqlx::Result<sqlx::Transaction<'static, DB>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

#[path = "../queries/mod.rs"]
pub mod q;
