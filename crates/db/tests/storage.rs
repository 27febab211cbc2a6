//! Storage behaviour, run on every engine available (see `gongkai_db::testing`).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use gongkai_core::document::DocumentInput;
use gongkai_core::org::OrgCode;
use gongkai_db::testing::{each, org};
use gongkai_db::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 2, 30, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
}

fn admin() -> Actor {
    Actor::system("test")
}

fn input(title: &str, doc_no: &str, written_on: &str) -> DocumentInput {
    DocumentInput {
        title: title.into(),
        doc_no: doc_no.into(),
        publisher: "示范市民政局".into(),
        written_on: written_on.into(),
        subject: "17.03".into(),
        genre: "通知".into(),
        disclosure: "proactive".into(),
        body: "正文第一段。\n\n正文第二段。".into(),
        column: "zcwj".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn organizations_start_with_the_default_columns_and_codes_are_unique() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let cols = t.db.columns(o.id).await.unwrap();
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names[0], "机构职能", "{}", t.label);
        assert!(names.contains(&"年度报告") && names.contains(&"公开指南"));
        let err =
            t.db.create_org(
                &OrgCode::parse("0024204128").unwrap(),
                "重复",
                None,
                &OrgContact::default(),
                &admin(),
                now(),
            )
            .await
            .unwrap_err();
        match err {
            DbError::Invalid(e) => assert_eq!(e.get("code"), Some("机关代码已被使用")),
            other => panic!("{}: {other:?}", t.label),
        }
    })
    .await;
}

#[tokio::test]
async fn index_numbers_count_up_per_org_and_year_of_writing() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let f = |title: &str, d: &str| input(title, "", d).validate(today()).unwrap();
        let a =
            t.db.create_document(o.id, &f("甲", "2024-01-05"), &admin(), now())
                .await
                .unwrap();
        let b =
            t.db.create_document(o.id, &f("乙", "2024-02-05"), &admin(), now())
                .await
                .unwrap();
        let c =
            t.db.create_document(o.id, &f("丙", "2023-12-30"), &admin(), now())
                .await
                .unwrap();
        assert_eq!(a.index_no, "0024204128/2024-00001", "{}", t.label);
        assert_eq!(b.index_no, "0024204128/2024-00002");
        assert_eq!(c.index_no, "0024204128/2023-00001");
        assert_eq!(a.status, "draft");
        assert_eq!(a.column_name.as_deref(), Some("政策文件"));
    })
    .await;
}

#[tokio::test]
async fn a_document_number_is_unique_within_an_organization_whatever_the_brackets() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let other = org(&t.db, "0024204129", now()).await;
        let first = input("甲", "示民发〔2024〕12号", "2024-01-05")
            .validate(today())
            .unwrap();
        let a =
            t.db.create_document(o.id, &first, &admin(), now())
                .await
                .unwrap();
        let dup = input("乙", "示民发[2024]12号", "2024-01-06")
            .validate(today())
            .unwrap();
        match t
            .db
            .create_document(o.id, &dup, &admin(), now())
            .await
            .unwrap_err()
        {
            DbError::Invalid(e) => assert!(
                e.get("doc_no").unwrap().contains(&a.index_no),
                "{}",
                t.label
            ),
            other => panic!("{other:?}"),
        }
        // Another organization may use the same number.
        t.db.create_document(other.id, &dup, &admin(), now())
            .await
            .unwrap();
        // Editing a document keeps its own number without tripping over itself.
        t.db.update_document(a.id, a.version, &first, &admin(), now())
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn publish_withdraw_and_republish() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let f = input("关于做好最低生活保障工作的通知", "", "2024-01-05")
            .validate(today())
            .unwrap();
        let d =
            t.db.create_document(o.id, &f, &admin(), now())
                .await
                .unwrap();
        let empty =
            t.db.public_listing(&ListingFilter::default(), None, 20)
                .await
                .unwrap();
        assert_eq!(empty.count, 0, "drafts are not public ({})", t.label);

        let p = gongkai_db::testing::publish(&t.db, d.id, &admin(), now())
            .await
            .unwrap();
        assert_eq!(p.status, "published");
        assert_eq!(p.published_at, Some(now()));
        assert!(matches!(
            gongkai_db::testing::publish(&t.db, d.id, &admin(), now()).await,
            Err(DbError::Conflict(_))
        ));
        let listed =
            t.db.public_listing(&ListingFilter::default(), None, 20)
                .await
                .unwrap();
        assert_eq!(listed.items.len(), 1);
        assert_eq!(listed.items[0].index_no, d.index_no);

        assert!(matches!(
            t.db.withdraw_document(d.id, "  ", &admin(), now()).await,
            Err(DbError::Invalid(_))
        ));
        let later = now() + chrono::Duration::days(3);
        let w =
            t.db.withdraw_document(d.id, "内容有误，需更正", &admin(), later)
                .await
                .unwrap();
        assert_eq!(w.status, "withdrawn");
        assert_eq!(w.withdrawn_reason.as_deref(), Some("内容有误，需更正"));
        assert_eq!(
            t.db.public_listing(&ListingFilter::default(), None, 20)
                .await
                .unwrap()
                .count,
            0
        );

        let again = gongkai_db::testing::publish(&t.db, d.id, &admin(), later)
            .await
            .unwrap();
        assert_eq!(again.index_no, d.index_no);
        assert_eq!(
            again.published_at,
            Some(now()),
            "first publication date is kept"
        );

        let trail = t.db.audit_for("document", d.id).await.unwrap();
        let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "document.publish",
                "document.review",
                "document.submit",
                "document.withdraw",
                "document.publish",
                "document.review",
                "document.submit",
                "document.create"
            ],
            "{}",
            t.label
        );
        assert!(
            t.db.try_rewrite_audit().await.is_err(),
            "audit trail must be append-only"
        );
        let feed = t.db.changes_after(0, 100).await.unwrap();
        let kinds: Vec<&str> = feed
            .iter()
            .filter(|c| c.1 == d.id)
            .map(|c| c.2.as_str())
            .collect();
        assert_eq!(
            kinds,
            [
                "created",
                "updated",
                "updated",
                "published",
                "withdrawn",
                "updated",
                "updated",
                "published"
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_stale_edit_changes_nothing() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let f = input("原标题", "", "2024-01-05").validate(today()).unwrap();
        let d =
            t.db.create_document(o.id, &f, &admin(), now())
                .await
                .unwrap();
        let f2 = input("第一次修改", "", "2024-01-05")
            .validate(today())
            .unwrap();
        let d2 =
            t.db.update_document(d.id, d.version, &f2, &admin(), now())
                .await
                .unwrap();
        assert_eq!(d2.version, d.version + 1);
        let f3 = input("过时的修改", "", "2024-01-05")
            .validate(today())
            .unwrap();
        assert!(matches!(
            t.db.update_document(d.id, d.version, &f3, &admin(), now())
                .await,
            Err(DbError::Conflict(_))
        ));
        assert_eq!(
            t.db.document(d.id).await.unwrap().unwrap().title,
            "第一次修改",
            "{}",
            t.label
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_references_are_field_errors_and_write_nothing() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let mut i = input("甲", "", "2024-01-05");
        i.column = "nosuch".into();
        i.department = "不存在处".into();
        match t
            .db
            .create_document(o.id, &i.validate(today()).unwrap(), &admin(), now())
            .await
            .unwrap_err()
        {
            DbError::Invalid(e) => {
                assert_eq!(e.get("column"), Some("栏目不存在"));
                assert_eq!(e.get("department"), Some("起草处室不存在"));
            }
            other => panic!("{other:?}"),
        }
        assert!(
            t.db.staff_listing(o.id, &ListingFilter::default(), None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // The counter did not move either: the next document still gets serial 1.
        let f = input("乙", "", "2024-01-05").validate(today()).unwrap();
        let ok =
            t.db.create_document(o.id, &f, &admin(), now())
                .await
                .unwrap();
        assert_eq!(ok.index_no, "0024204128/2024-00001", "{}", t.label);
    })
    .await;
}

#[tokio::test]
async fn import_keeps_good_items_and_reports_bad_ones() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let mk = |title: &str, no: &str| ImportedDocument {
            fields: input(title, no, "2022-03-01").validate(today()).unwrap(),
            review: Some(gongkai_db::ImportedReview::cleared_by("测试审查员")),
            published_at: Some(Utc.with_ymd_and_hms(2022, 3, 2, 1, 0, 0).unwrap()),
        };
        let docs = vec![
            mk("一", "示民发〔2022〕1号"),
            mk("二", "示民发〔2022〕1号"),
            mk("三", "示民发〔2022〕3号"),
        ];
        let res =
            t.db.import_documents(o.id, &docs, &admin(), now())
                .await
                .unwrap();
        assert!(res[0].is_ok() && res[2].is_ok(), "{}", t.label);
        assert!(matches!(&res[1], Err(DbError::Invalid(e)) if e.get("doc_no").is_some()));
        let page =
            t.db.public_listing(&ListingFilter::default(), None, 10)
                .await
                .unwrap();
        assert_eq!(page.count, 2);
        assert_eq!(res[2].as_ref().unwrap(), "0024204128/2022-00002");
    })
    .await;
}

#[tokio::test]
async fn keyset_pages_cover_everything_once_and_filters_apply() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let mut docs = Vec::new();
        for i in 0..25u32 {
            let mut inp = input(&format!("文件{i}"), "", "2023-01-05");
            if i % 5 == 0 {
                inp.subject = "15.02".into();
                inp.column = "ghjh".into();
            }
            docs.push(ImportedDocument {
                fields: inp.validate(today()).unwrap(),
                review: Some(gongkai_db::ImportedReview::cleared_by("测试审查员")),
                // Several items share a publication second: the id breaks ties.
                published_at: Some(
                    Utc.with_ymd_and_hms(2023 + (i % 2) as i32, 1, 10, 0, 0, i / 3)
                        .unwrap(),
                ),
            });
        }
        t.db.import_documents(o.id, &docs, &admin(), now())
            .await
            .unwrap();
        let all = ListingFilter::default();
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = t.db.public_listing(&all, after, 10).await.unwrap();
            assert_eq!(page.count, 25);
            seen.extend(page.items.iter().map(|d| (d.published_at.unwrap(), d.id)));
            match page.next {
                Some(c) => after = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), 25, "{}", t.label);
        let mut sorted = seen.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(seen, sorted, "newest first, ties by id");

        let by_subject = ListingFilter {
            subject: Some("15".into()),
            ..Default::default()
        };
        assert_eq!(
            t.db.public_listing(&by_subject, None, 50)
                .await
                .unwrap()
                .count,
            5
        );
        let by_column = ListingFilter {
            column: Some("ghjh".into()),
            org: Some("0024204128".into()),
            ..Default::default()
        };
        assert_eq!(
            t.db.public_listing(&by_column, None, 50)
                .await
                .unwrap()
                .count,
            5
        );
        let by_year = ListingFilter {
            year: Some(2024),
            ..Default::default()
        };
        assert_eq!(
            t.db.public_listing(&by_year, None, 50).await.unwrap().count,
            12
        );
        let parent =
            t.db.columns(o.id)
                .await
                .unwrap()
                .into_iter()
                .find(|c| c.slug == "ghjh")
                .unwrap();
        t.db.add_column(
            o.id,
            "ndjh",
            "年度计划",
            Some(parent.id),
            0,
            &admin(),
            now(),
        )
        .await
        .unwrap();
        let mut child_doc = input("年度计划文件", "", "2023-01-05");
        child_doc.column = "ndjh".into();
        let d =
            t.db.create_document(o.id, &child_doc.validate(today()).unwrap(), &admin(), now())
                .await
                .unwrap();
        gongkai_db::testing::publish(&t.db, d.id, &admin(), now())
            .await
            .unwrap();
        assert_eq!(
            t.db.public_listing(&by_column, None, 50)
                .await
                .unwrap()
                .count,
            6,
            "sub-columns count under their parent"
        );
        let unknown_org = ListingFilter {
            org: Some("NOPE".into()),
            ..Default::default()
        };
        assert_eq!(
            t.db.public_listing(&unknown_org, None, 50)
                .await
                .unwrap()
                .count,
            0
        );
        assert_eq!(t.db.publication_years().await.unwrap(), vec![2024, 2023]);
        let _ = d;
    })
    .await;
}

#[tokio::test]
async fn attachments_are_stored_once_per_content() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let d =
            t.db.create_document(
                o.id,
                &input("甲", "", "2024-01-05").validate(today()).unwrap(),
                &admin(),
                now(),
            )
            .await
            .unwrap();
        let file = NewAttachment {
            file_name: "附件1：申请表.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: b"%PDF-1.4 test".to_vec(),
        };
        let a =
            t.db.add_attachment(d.id, &file, &admin(), now())
                .await
                .unwrap();
        let b =
            t.db.add_attachment(d.id, &file, &admin(), now())
                .await
                .unwrap();
        assert_eq!(a.sha256, b.sha256);
        use sha2::Digest;
        assert_eq!(a.sha256, hex::encode(sha2::Sha256::digest(&file.bytes)));
        let (meta, bytes) =
            t.db.attachment_with_bytes(d.id, a.id)
                .await
                .unwrap()
                .unwrap();
        assert_eq!(bytes, file.bytes, "{}", t.label);
        assert_eq!(meta.size, 13);
        assert!(
            t.db.attachment_with_bytes(d.id + 1, a.id)
                .await
                .unwrap()
                .is_none()
        );
        t.db.remove_attachment(d.id, a.id, &admin(), now())
            .await
            .unwrap();
        assert_eq!(t.db.attachments(d.id).await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn repeated_login_failures_lock_the_account() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let u =
            t.db.create_user(
                &NewUser {
                    username: "li.ming".into(),
                    display_name: "李明".into(),
                    password_hash: "x".into(),
                    role: gongkai_core::role::Role::Editor,
                    org_id: o.id,
                },
                &admin(),
                now(),
            )
            .await
            .unwrap();
        for _ in 0..4 {
            t.db.record_login_failure(&u, now()).await.unwrap();
        }
        assert!(
            t.db.user_by_id(u.id)
                .await
                .unwrap()
                .unwrap()
                .locked_until
                .is_none()
        );
        t.db.record_login_failure(&u, now()).await.unwrap();
        let locked = t.db.user_by_id(u.id).await.unwrap().unwrap();
        assert_eq!(
            locked.locked_until,
            Some(now() + chrono::Duration::minutes(15)),
            "{}",
            t.label
        );
        t.db.record_login_success(u.id).await.unwrap();
        assert!(
            t.db.user_by_id(u.id)
                .await
                .unwrap()
                .unwrap()
                .locked_until
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn index_sources_are_the_documents_fields_the_search_index_holds() {
    each(async |t| {
        let o = org(&t.db, "0024204128", now()).await;
        let mut ids = Vec::new();
        for (title, doc_no) in [("甲通知", "示民发〔2024〕1号"), ("乙通知", "")] {
            let f = input(title, doc_no, "2024-06-01")
                .validate(today())
                .unwrap();
            let d =
                t.db.create_document(o.id, &f, &admin(), now())
                    .await
                    .unwrap();
            ids.push(d.id);
        }
        testing::publish(&t.db, ids[0], &admin(), now())
            .await
            .unwrap();
        let sources = t.db.index_sources_after(0, 10).await.unwrap();
        assert_eq!(
            sources.iter().map(|s| s.id).collect::<Vec<_>>(),
            ids,
            "{}",
            t.label
        );
        for s in &sources {
            let d = t.db.document(s.id).await.unwrap().unwrap();
            // Every field the index holds is the document's.
            macro_rules! same {
                ($($field:ident),*) => {
                    $(assert_eq!(s.$field, d.$field, "{} of {}", stringify!($field), t.label);)*
                };
            }
            same!(
                id,
                org_id,
                index_no,
                title,
                doc_no,
                publisher,
                published_at,
                subject,
                genre,
                validity,
                column_id,
                keywords,
                summary,
                body_html,
                status
            );
            let one = t.db.index_source(s.id).await.unwrap().unwrap();
            assert_eq!(format!("{one:?}"), format!("{s:?}"), "{}", t.label);
        }
        assert!(sources[0].published_at.is_some() && sources[1].published_at.is_none());
        assert_eq!(sources[1].doc_no, None);
        assert!(t.db.index_source(ids[1] + 100).await.unwrap().is_none());
        let after_first = t.db.index_sources_after(ids[0], 10).await.unwrap();
        assert_eq!(after_first.len(), 1);
        assert_eq!(after_first[0].id, ids[1]);
    })
    .await;
}
