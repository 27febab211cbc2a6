//! `TestApp`: the real router over a fresh database, driven in-process with `oneshot`, plus a
//! small cookie jar so that tests log in and submit forms as a browser would.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::{NaiveDate, TimeZone, Utc};
use gongkai_core::document::DocumentInput;
use gongkai_core::org::OrgCode;
use gongkai_core::role::Role;
use gongkai_db::testing::{TestDb, engines};
use gongkai_db::{Actor, Document, NewUser, OrgContact, Organization};
use gongkai_web::state::AppState;
use gongkai_web::{Clock, WebConfig};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct-horse-42";

static SEARCH_DIRS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

pub struct TestApp {
    pub state: AppState,
    search_dir: std::path::PathBuf,
    pub org: Organization,
    pub clock: Clock,
    pub label: &'static str,
    db: TestDb,
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Cookies kept between requests, like a browser's.
#[derive(Default, Clone, Debug)]
pub struct Jar(pub BTreeMap<String, String>);

impl Jar {
    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn absorb(&mut self, headers: &HeaderMap) {
        for v in headers.get_all(header::SET_COOKIE) {
            let s = v.to_str().unwrap_or("");
            let pair = s.split(';').next().unwrap_or("");
            if let Some((k, val)) = pair.split_once('=') {
                if val.is_empty() || s.contains("Max-Age=0") {
                    self.0.remove(k);
                } else {
                    self.0.insert(k.to_string(), val.to_string());
                }
            }
        }
    }

    pub fn csrf(&self) -> String {
        self.0.get("gk_csrf").cloned().unwrap_or_default()
    }
}

fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        use argon2::password_hash::PasswordHasher;
        argon2::Argon2::default()
            .hash_password(PASSWORD.as_bytes())
            .unwrap()
            .to_string()
    })
    .clone()
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 3, 2, 30, 0).unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
}

pub fn doc_input(title: &str) -> DocumentInput {
    DocumentInput {
        title: title.into(),
        publisher: "示范市民政局".into(),
        written_on: "2024-05-20".into(),
        subject: "17.03".into(),
        genre: "通知".into(),
        disclosure: "proactive".into(),
        body: "为进一步做好最低生活保障工作，现就有关事项通知如下。\n\n一、提高保障标准。".into(),
        column: "zcwj".into(),
        ..Default::default()
    }
}

/// Runs `f` against an app on every available engine.
pub async fn each_engine(f: impl AsyncFn(&TestApp)) {
    for db in engines().await {
        let app = TestApp::new(db).await;
        f(&app).await;
        app.cleanup().await;
    }
}

impl TestApp {
    /// An app for a test that manages its own engine (the browser test uses SQLite only).
    pub async fn for_browser(db: TestDb) -> TestApp {
        TestApp::new(db).await
    }

    pub async fn cleanup(self) {
        let _ = std::fs::remove_dir_all(&self.search_dir);
        self.db.cleanup().await;
    }

    async fn new(db: TestDb) -> TestApp {
        TestApp::with_config(db, |_| {}).await
    }

    /// An app whose settings `configure` changes from the tests' usual ones (e.g. an SMTP
    /// server for the e-mail reminders).
    pub async fn with_config(db: TestDb, configure: impl FnOnce(&mut WebConfig)) -> TestApp {
        // Errors that become 500 pages are logged; show them in failing tests' output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("error")
            .try_init();
        let clock = Clock::fixed(now());
        let actor = Actor::system("test");
        let org = db
            .db
            .create_org(
                &OrgCode::parse("0024204128").unwrap(),
                "示范市民政局",
                None,
                &OrgContact {
                    address: "示范市人民路1号".into(),
                    phone: "0000-12345678".into(),
                    office_hours: "工作日 9:00-17:00".into(),
                    ..Default::default()
                },
                &actor,
                now(),
            )
            .await
            .unwrap();
        db.db
            .add_department(org.id, "社会救助处", &actor, now())
            .await
            .unwrap();
        for role in Role::ALL {
            db.db
                .create_user(
                    &NewUser {
                        username: role.as_str().replace('_', "-"),
                        display_name: format!("测试{}", role.label()),
                        password_hash: password_hash(),
                        role,
                        org_id: org.id,
                    },
                    &actor,
                    now(),
                )
                .await
                .unwrap();
        }
        let mut config = WebConfig {
            max_upload_bytes: 64 * 1024,
            ..WebConfig::default()
        };
        configure(&mut config);
        let search_dir = std::env::temp_dir().join(format!(
            "gongkai-web-search-{}-{}",
            std::process::id(),
            SEARCH_DIRS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&search_dir);
        let search = gongkai_search::SearchIndex::open(&search_dir).unwrap();
        let state = AppState::new(db.db.clone(), clock.clone(), config, search)
            .await
            .unwrap();
        TestApp {
            state,
            search_dir,
            org,
            clock,
            label: db.label,
            db,
        }
    }

    pub fn db(&self) -> &gongkai_db::Db {
        &self.db.db
    }

    pub fn router(&self) -> Router {
        gongkai_web::router(self.state.clone())
    }

    pub async fn send(&self, req: Request<Body>, jar: Option<&mut Jar>) -> Resp {
        let mut req = req;
        if let Some(j) = &jar
            && !j.0.is_empty()
        {
            req.headers_mut()
                .insert(header::COOKIE, j.header().parse().unwrap());
        }
        let res = self.router().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        if let Some(j) = jar {
            j.absorb(&headers);
        }
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(Request::get(path).body(Body::empty()).unwrap(), None)
            .await
    }

    pub async fn get_with(&self, path: &str, jar: &mut Jar) -> Resp {
        self.send(Request::get(path).body(Body::empty()).unwrap(), Some(jar))
            .await
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)], jar: &mut Jar) -> Resp {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req, Some(jar)).await
    }

    /// Logs in as the test user of `role` and returns the browser's cookies.
    pub async fn login(&self, role: Role) -> Jar {
        let mut jar = Jar::default();
        self.get_with("/admin/login", &mut jar).await;
        let csrf = jar.csrf();
        let user = role.as_str().replace('_', "-");
        let r = self
            .post_form(
                "/admin/login",
                &[
                    ("username", &user),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("next", "/admin"),
                ],
                &mut jar,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "login as {user} failed ({}): {}",
            self.label,
            r.body
        );
        jar
    }

    /// A multipart form (`fields` first, then one file), as a browser sends an upload.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
        jar: &mut Jar,
    ) -> Resp {
        let boundary = "----gongkaitestboundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, file_name, bytes) = file;
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::post(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .unwrap();
        self.send(req, Some(jar)).await
    }

    /// An application registered in person today, directly in storage.
    pub async fn application(&self, name: &str) -> gongkai_db::ApplicationCase {
        use gongkai_core::application::applicant::ApplicantType;
        use gongkai_core::application::receipt::Channel;
        let new = gongkai_db::NewApplication {
            org_id: self.org.id,
            applicant_type: ApplicantType::NaturalPerson,
            channel: Channel::InPerson,
            received_on: today(),
            request_text: "信息名称：2023年度低保资金发放情况".into(),
            provision_form: "电子文档".into(),
            delivery_method: "电子邮件".into(),
            handler_id: None,
            department_id: None,
            applicant: gongkai_db::NewApplicant {
                name: name.into(),
                id_kind: "resident_id".into(),
                id_number: "11010519491231002X".into(),
                phone: "13812345678".into(),
                email: "zhang@example.cn".into(),
                ..Default::default()
            },
        };
        self.db()
            .create_application(&new, &Actor::system("test"), now())
            .await
            .unwrap()
            .case
    }

    /// A document created directly in storage (optionally published).
    pub async fn document(&self, title: &str, publish: bool) -> Document {
        let f = doc_input(title).validate(today()).unwrap();
        let actor = Actor::system("test");
        let d = self
            .db()
            .create_document(self.org.id, &f, &actor, now())
            .await
            .unwrap();
        let d = if publish {
            gongkai_db::testing::publish(self.db(), d.id, &actor, now())
                .await
                .unwrap()
        } else {
            d
        };
        // As the follower task would: this node's cache and index catch up with the write.
        self.state.sync_changes().await.unwrap();
        d
    }
}

/// The text between `start` and `end` in a page (panics when `start` is missing).
pub fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in page"))
        + start.len();
    let j = s[i..].find(end).unwrap() + i;
    &s[i..j]
}
