//! The change feed every node follows: numbered in the order changes become visible.

use gongkai_db::testing;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

async fn insert_change(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, document_id: i64) {
    sqlx::query(
        "INSERT INTO catalog_changes (document_id, kind, at) VALUES ($1, 'updated', now())",
    )
    .bind(document_id)
    .execute(&mut **tx)
    .await
    .expect("insert a change");
}

/// Two writers on PostgreSQL: the one that wrote its change first commits last. A node that
/// read the feed between the two commits has moved its position past the second writer's
/// change; it must still find the first writer's change after that position, or its index
/// would never learn of it.
#[tokio::test]
async fn a_change_committed_late_is_numbered_after_what_nodes_already_read() {
    let Some(t) = testing::postgres().await else {
        return;
    };
    let url = std::env::var("GONGKAI_TEST_POSTGRES_URL").expect("set with a PostgreSQL test db");
    let schema = t.postgres_schema().expect("a PostgreSQL schema");
    let options = PgConnectOptions::from_str(&url)
        .expect("a PostgreSQL URL")
        .options([("search_path", schema)]);
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(options)
        .await
        .expect("connect");

    let mut first = pool.begin().await.expect("begin");
    insert_change(&mut first, 101).await;
    let mut second = pool.begin().await.expect("begin");
    insert_change(&mut second, 202).await;
    second.commit().await.expect("commit the second writer");

    let read = t.db.changes_after(0, 100).await.expect("read the feed");
    assert_eq!(
        read.iter().map(|c| c.1).collect::<Vec<_>>(),
        [202],
        "only the committed change is visible"
    );
    let position = read[0].0;

    first.commit().await.expect("commit the first writer");
    let next = t.db.changes_after(position, 100).await.expect("read on");
    assert_eq!(
        next.iter().map(|c| c.1).collect::<Vec<_>>(),
        [101],
        "the late commit comes after the node's position"
    );
    assert_eq!(t.db.last_change_seq().await.expect("last seq"), next[0].0);

    pool.close().await;
    t.cleanup().await;
}
