//! The PostgreSQL copy of the queries.

pub type DB = sqlx::Postgres;

pub async fn begin_write(pool: &sqlx::Pool<DB>) -> sqlx::Result<sqlx::Transaction<'static, DB>> {
    pool.begin().await
}

#[path = "../queries/mod.rs"]
pub mod q;
