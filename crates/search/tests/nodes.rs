//! Several app nodes share one database; each keeps its own index in step by following the change
//! feed. Runs on SQLite and, when configured, PostgreSQL (the multi-node deployment).

use chrono::{TimeZone, Utc};
use gongkai_core::document::DocumentInput;
use gongkai_core::org::OrgCode;
use gongkai_db::testing::engines;
use gongkai_db::{Actor, OrgContact};
use gongkai_search::{Scope, SearchFilter, SearchIndex, SearchRequest, Sort};

fn total(index: &SearchIndex, q: &str) -> usize {
    index
        .search(&SearchRequest {
            query: q.into(),
            filter: SearchFilter::default(),
            scope: Scope::Public,
            sort: Sort::Relevance,
            offset: 0,
            limit: 10,
        })
        .unwrap()
        .total
}

#[tokio::test]
async fn every_node_converges_including_one_that_was_down() {
    for t in engines().await {
        let now = Utc.with_ymd_and_hms(2024, 6, 3, 2, 0, 0).unwrap();
        let today = gongkai_core::time::china_date(now);
        let actor = Actor::system("t");
        let db = &t.db;
        let org = db
            .create_org(
                &OrgCode::parse("0024204128").unwrap(),
                "示范市民政局",
                None,
                &OrgContact::default(),
                &actor,
                now,
            )
            .await
            .unwrap();
        let base =
            std::env::temp_dir().join(format!("gongkai-nodes-{}-{}", t.label, std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let a = SearchIndex::open(&base.join("a")).unwrap();
        let b = SearchIndex::open(&base.join("b")).unwrap();
        let doc = |title: &str| {
            DocumentInput {
                title: title.into(),
                publisher: "示范市民政局".into(),
                written_on: "2024-05-01".into(),
                subject: "17".into(),
                genre: "通知".into(),
                disclosure: "proactive".into(),
                body: "关于社区养老服务设施建设的有关事项。".into(),
                ..Default::default()
            }
            .validate(today)
            .unwrap()
        };
        let d1 = db
            .create_document(org.id, &doc("第一份通知"), &actor, now)
            .await
            .unwrap();
        gongkai_db::testing::publish(db, d1.id, &actor, now)
            .await
            .unwrap();
        a.sync(db).await.unwrap();
        b.sync(db).await.unwrap();
        assert_eq!(
            (total(&a, "社区养老"), total(&b, "社区养老")),
            (1, 1),
            "{}",
            t.label
        );

        // Node b is down while node a's users publish and withdraw.
        let d2 = db
            .create_document(org.id, &doc("第二份通知"), &actor, now)
            .await
            .unwrap();
        gongkai_db::testing::publish(db, d2.id, &actor, now)
            .await
            .unwrap();
        db.withdraw_document(d1.id, "错误", &actor, now)
            .await
            .unwrap();
        a.sync(db).await.unwrap();
        assert_eq!(total(&a, "第一份"), 0);
        assert_eq!(total(&b, "第一份"), 1, "b has not caught up yet");

        // b comes back: reopened from disk, it resumes from its own stored position.
        drop(b);
        let b = SearchIndex::open(&base.join("b")).unwrap();
        b.sync(db).await.unwrap();
        for index in [&a, &b] {
            assert_eq!(total(index, "第一份"), 0, "{}", t.label);
            assert_eq!(total(index, "第二份"), 1);
            assert_eq!(
                index.position().unwrap(),
                db.last_change_seq().await.unwrap()
            );
        }
        drop((a, b));
        let _ = std::fs::remove_dir_all(&base);
        t.cleanup().await;
    }
}
