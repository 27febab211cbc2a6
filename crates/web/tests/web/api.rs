//! The JSON API.

use crate::support::*;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn documents_are_listed_and_readable_as_json() {
    each_engine(async |app| {
        for i in 0..3 {
            app.document(&format!("接口文件{i}"), true).await;
        }
        let r = app.get("/api/v1/documents").await;
        assert_eq!(r.status, StatusCode::OK, "{}", app.label);
        let v: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["count"], 3);
        let first = &v["items"][0];
        assert_eq!(first["organization"], "0024204128");
        let url = first["url"]
            .as_str()
            .unwrap()
            .replace("/catalog/", "/api/v1/documents/");
        let d: Value = serde_json::from_str(&app.get(&url).await.body).unwrap();
        assert_eq!(d["title"], first["title"]);
        assert_eq!(d["subject_label"], "民政、扶贫、救灾\\社会福利");
        assert!(d["body_html"].as_str().unwrap().contains("最低生活保障"));
    })
    .await;
}

#[tokio::test]
async fn api_errors_are_json_in_chinese() {
    each_engine(async |app| {
        let r = app.get("/api/v1/documents?year=abcd").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let v: Value = serde_json::from_str(&r.body).unwrap();
        assert!(v["error"]["message"].as_str().unwrap().contains("年份"));
        let r = app.get("/api/v1/documents/0024204128/2024-00077").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(serde_json::from_str::<Value>(&r.body).is_ok());
        assert_eq!(
            app.get("/api/v1/nothing").await.status,
            StatusCode::NOT_FOUND
        );
        let s: Value = serde_json::from_str(&app.get("/api/v1/subjects").await.body).unwrap();
        assert_eq!(s["items"].as_array().unwrap().len(), 143);
    })
    .await;
}
