//! HTTP layer of gongkai: the public portal, the back office (/admin) and the JSON API (/api/v1).
//!
//! `router` lists every route in one place; handlers live in `public/`, `admin/` and `api.rs`.
//! Errors become responses only in `error.rs`; the clock is read only in `clock.rs`.

pub mod admin;
pub mod api;
pub mod application_form;
pub mod application_views;
pub mod auth;
pub mod cache;
pub mod clock;
pub mod csrf;
pub mod delivery;
pub mod docx;
pub mod error;
pub mod extract;
pub mod forms;
pub mod limit;
pub mod mail;
pub mod public;
pub mod reminders;
pub mod state;
pub mod templates;
pub mod views;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use error::AppError;
use state::AppState;
use std::time::Duration;

pub use clock::Clock;
pub use state::{SmtpConfig, WebConfig};

const CSS: &str = include_str!("../static/site.css");

/// Every route of the application.
pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.max_upload_bytes + 64 * 1024;
    let admin = Router::new()
        .route("/", get(admin::dashboard::dashboard))
        .route("/login", get(admin::login::form).post(admin::login::submit))
        .route("/logout", post(admin::login::logout))
        .route(
            "/documents",
            get(admin::documents::list).post(admin::documents::create),
        )
        .route("/documents/new", get(admin::documents::new))
        .route(
            "/documents/{id}",
            get(admin::documents::show).post(admin::documents::update),
        )
        .route("/documents/{id}/edit", get(admin::documents::edit))
        .route("/documents/{id}/submit", post(admin::review::submit))
        .route("/documents/{id}/review", post(admin::review::review))
        .route("/documents/{id}/redact", post(admin::review::redact))
        .route(
            "/documents/{id}/attachments/{aid}/redact",
            post(admin::review::redact_attachment),
        )
        .route("/documents/{id}/revise", post(admin::review::revise))
        .route(
            "/documents/{id}/validity",
            post(admin::documents::set_validity),
        )
        .route("/documents/{id}/approve", post(admin::review::approve))
        .route(
            "/documents/{id}/unschedule",
            post(admin::review::unschedule),
        )
        .route("/documents/{id}/withdraw", post(admin::documents::withdraw))
        .route(
            "/documents/{id}/attachments",
            post(admin::attachments::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/documents/{id}/attachments/{aid}",
            get(admin::attachments::download),
        )
        .route(
            "/documents/{id}/attachments/{aid}/delete",
            post(admin::attachments::remove),
        )
        .route(
            "/columns",
            get(admin::structure::columns).post(admin::structure::add_column),
        )
        .route("/columns/{id}", post(admin::structure::update_column))
        .route(
            "/columns/{id}/delete",
            post(admin::structure::delete_column),
        )
        .route(
            "/departments",
            get(admin::structure::departments).post(admin::structure::add_department),
        )
        .route(
            "/departments/{id}/delete",
            post(admin::structure::delete_department),
        )
        .route(
            "/org",
            get(admin::structure::org).post(admin::structure::save_org),
        )
        .route("/users", get(admin::users::list).post(admin::users::create))
        .route("/users/{id}", post(admin::users::update))
        .route("/users/{id}/password", post(admin::users::set_password))
        .route("/users/{id}/department", post(admin::users::set_department))
        .route("/users/{id}/email", post(admin::users::set_email))
        .route("/audit", get(admin::audit::list))
        .route(
            "/applications",
            get(admin::applications::list::list).post(admin::applications::register::create),
        )
        .route("/applications/new", get(admin::applications::register::new))
        .route("/applications/{id}", get(admin::applications::case::show))
        .route(
            "/applications/{id}/events/{kind}",
            post(admin::applications::actions::record),
        )
        .route(
            "/applications/{id}/assign",
            post(admin::applications::case::assign),
        )
        .route(
            "/applications/{id}/comments",
            post(admin::applications::case::comment),
        )
        .route(
            "/applications/{id}/applicant",
            post(admin::applications::case::applicant),
        )
        .route(
            "/applications/{id}/flags",
            post(admin::applications::flags::decide),
        )
        .route(
            "/applications/{id}/notices",
            post(admin::applications::notices::issue),
        )
        .route(
            "/applications/{id}/notices/{nid}",
            get(admin::applications::notices::show),
        )
        .route(
            "/applications/{id}/notices/{nid}/docx",
            get(admin::applications::notices::download),
        )
        .route(
            "/notice-templates",
            get(admin::notice_templates::list).post(admin::notice_templates::save),
        )
        .route(
            "/calendar",
            get(admin::calendar::show).post(admin::calendar::upload),
        )
        .route(
            "/settings/words",
            get(admin::words::show).post(admin::words::save),
        )
        .route(
            "/settings/applications",
            get(admin::settings::show).post(admin::settings::save),
        )
        .route("/search", get(admin::search::search))
        .route("/timeliness", get(admin::timeliness::show))
        .route("/annual-report", get(admin::annual_report::show))
        .route(
            "/annual-report/cases",
            get(admin::annual_report::drill::cases),
        )
        .route(
            "/annual-report/documents",
            get(admin::annual_report::drill::documents),
        )
        .route(
            "/annual-report/export",
            get(admin::annual_report::export::download),
        )
        .route(
            "/annual-report/status",
            get(admin::annual_report::status::show),
        )
        .route(
            "/annual-report/text",
            post(admin::annual_report::text::save),
        )
        .route(
            "/annual-report/facts",
            post(admin::annual_report::text::insert_fact),
        )
        .route(
            "/annual-report/catalog",
            post(admin::annual_report::text::to_catalog),
        )
        .route(
            "/annual-report/figures",
            post(admin::annual_report::figures::import),
        )
        .route(
            "/annual-report/table2",
            post(admin::annual_report::figures::save_table2),
        )
        .route(
            "/proposals",
            get(admin::proposals::list).post(admin::proposals::register),
        )
        .route(
            "/work-plans",
            get(admin::work_plans::import::index).post(admin::work_plans::import::confirm),
        )
        .route(
            "/work-plans/preview",
            post(admin::work_plans::import::preview).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/work-plans/reparse",
            post(admin::work_plans::import::reparse),
        )
        .route("/work-plans/mine", get(admin::work_plans::lists::mine))
        .route(
            "/work-plans/overdue",
            get(admin::work_plans::lists::overdue),
        )
        .route("/work-plans/{id}", get(admin::work_plans::plan::show))
        .route(
            "/work-plans/{id}/units",
            post(admin::work_plans::plan::set_unit),
        )
        .route(
            "/work-plans/{id}/export",
            get(admin::work_plans::plan::export),
        )
        .route(
            "/work-plans/{id}/delete",
            post(admin::work_plans::plan::delete),
        )
        .route(
            "/work-plans/tasks/{id}/after",
            post(admin::work_plans::task::add_after),
        )
        .route(
            "/work-plans/tasks/{id}/delete",
            post(admin::work_plans::task::delete),
        )
        .route(
            "/work-plans/tasks/{id}",
            get(admin::work_plans::task::show).post(admin::work_plans::task::edit),
        )
        .route(
            "/work-plans/tasks/{id}/progress",
            post(admin::work_plans::task::progress).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/work-plans/tasks/{id}/review",
            post(admin::work_plans::task::review),
        )
        .route(
            "/work-plans/evidence/{id}",
            get(admin::work_plans::task::evidence),
        )
        .route("/proposals/{id}/assign", post(admin::proposals::assign))
        .route("/proposals/{id}/answer", post(admin::proposals::answer))
        .route(
            "/concerns",
            get(admin::concerns::list).post(admin::concerns::add),
        )
        .route("/concerns/{id}/responses", post(admin::concerns::respond))
        .route(
            "/consultations",
            get(admin::consultations::list).post(admin::consultations::create),
        )
        .route("/consultations/{id}", get(admin::consultations::show))
        .route(
            "/consultations/{id}/comments",
            post(admin::consultations::comment),
        )
        .route(
            "/consultations/{id}/report",
            post(admin::consultations::report),
        )
        .route(
            "/decisions",
            get(admin::decisions::list).post(admin::decisions::add),
        )
        .route("/decisions/catalog", post(admin::decisions::draft))
        .route("/decisions/{id}", post(admin::decisions::update))
        .route("/faq", get(admin::faq::list).post(admin::faq::add))
        .route("/faq/{id}/published", post(admin::faq::publish))
        .route("/messages", get(admin::messages::list))
        .route("/messages/stats", get(admin::messages::stats))
        .route("/messages/{id}", get(admin::messages::show))
        .route("/messages/{id}/submitter", post(admin::messages::submitter))
        .route("/messages/{id}/steps/{step}", post(admin::messages::step))
        .route(
            "/message-boxes",
            get(admin::messages::boxes).post(admin::messages::save_box),
        )
        .route(
            "/channels",
            get(admin::channels::list).post(admin::channels::add),
        )
        .route("/channels/{id}/enabled", post(admin::channels::enable))
        .route(
            "/channels/{id}/deliveries",
            get(admin::channels::deliveries),
        )
        .route(
            "/channels/{id}/deliveries/{did}/retry",
            post(admin::channels::retry),
        )
        .route(
            "/documents/{id}/releases",
            post(admin::channels::record_release),
        )
        .layer(DefaultBodyLimit::max(4 * 1024 * 1024))
        // Only pages with state-changing forms need the token cookie; public pages stay
        // cookie-free, so they can be cached by browsers and proxies alike.
        .layer(axum::middleware::from_fn(csrf::layer));
    // The public application forms carry a CSRF token like the back office; only these pages
    // set the token cookie on the public side (and are never cached).
    let apply = Router::new()
        .route(
            "/apply",
            get(public::apply::form).post(public::apply::submit),
        )
        .route(
            "/apply/track",
            get(public::track::form).post(public::track::show),
        )
        .route("/apply/track/notice", post(public::track::download))
        .route(
            "/messages/new",
            get(public::messages::form).post(public::messages::submit),
        )
        .route(
            "/messages/track",
            get(public::messages::track_form).post(public::messages::track),
        )
        .route("/messages/rate", post(public::messages::rate))
        .route("/consultations/{id}", get(public::consultations::show))
        .route(
            "/consultations/{id}/comments",
            post(public::consultations::comment),
        )
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(axum::middleware::from_fn(csrf::layer));
    let api = Router::new()
        .route("/documents", get(api::documents))
        .route("/documents/{code}/{serial}", get(api::document))
        .route("/organizations", get(api::organizations))
        .route("/subjects", get(api::subjects))
        .route("/search", get(api::search))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(public::home::home))
        .route("/catalog", get(public::catalog::catalog))
        .route("/catalog/{code}/{serial}", get(public::document::page))
        .route(
            "/catalog/{code}/{serial}/attachments/{id}",
            get(public::document::attachment),
        )
        .route("/guide", get(public::guide::index))
        .route("/guide/{code}", get(public::guide::org))
        .route("/search", get(public::search::search))
        .route("/messages", get(public::messages::index))
        .route("/messages/{id}", get(public::messages::show))
        .route("/mailbox", get(public::messages::mailbox))
        .route("/proposals", get(public::proposals::index))
        .route("/faq", get(public::faq::index))
        .route("/consultations", get(public::consultations::index))
        .route("/decisions", get(public::decisions::index))
        .route("/proposals/{id}", get(public::proposals::show))
        .route("/static/site.css", get(stylesheet))
        .route("/healthz", get(healthz))
        .merge(apply)
        .nest("/admin", admin)
        .nest("/api/v1", api)
        .fallback(not_found)
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::NotFound
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.last_change_seq().await {
        Ok(_) => "ok".into_response(),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}

async fn stylesheet() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        CSS,
    )
        .into_response()
}

/// Headers every response carries.
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
    );
    res
}

/// Follows the change feed so that this node's cached pages and search index reflect what any
/// node changed, releases scheduled items whose time has come (every 15 s; the database makes
/// sure only one node releases each), and removes expired sessions now and then.
pub fn spawn_cache_follower(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        let mut ticks: u64 = 0;
        // The e-mail reminders run beside the loop (sending may take a while); one pass at a time.
        let mut reminder_pass: Option<tokio::task::JoinHandle<()>> = None;
        loop {
            tick.tick().await;
            if let Err(e) = state.sync_changes().await {
                tracing::warn!(error.cause = %e, "change feed sync failed");
            }
            ticks += 1;
            if ticks % 15 == 1 {
                match state.db.release_due_documents(state.clock.now()).await {
                    Ok(ids) if !ids.is_empty() => {
                        tracing::info!(count = ids.len(), "scheduled items released");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error.cause = %e, "scheduled release failed"),
                }
            }
            if ticks % 5 == 2
                && let Err(e) = delivery::deliver_due(&state, state.clock.now()).await
            {
                tracing::warn!(error.cause = %e, "webhook delivery failed");
            }
            if ticks % 300 == 3
                && state.config.smtp.is_some()
                && reminder_pass.as_ref().is_none_or(|h| h.is_finished())
            {
                let state = state.clone();
                reminder_pass = Some(tokio::spawn(async move {
                    if let Err(e) = reminders::send_due(&state, state.clock.now()).await {
                        tracing::warn!(error.cause = %e, "work-plan reminders failed");
                    }
                }));
            }
            if ticks % 3600 == 1
                && let Err(e) = state.db.purge_expired_sessions(state.clock.now()).await
            {
                tracing::warn!(error.cause = %e, "session purge failed");
            }
        }
    })
}

/// Serves `state` on `listener` until `shutdown` completes.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let follower = spawn_cache_follower(state.clone());
    let app = router(state).layer(tower_http::trace::TraceLayer::new_for_http());
    // The peer address feeds the per-address limits of the public forms (`limit::ClientAddr`).
    let r = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    follower.abort();
    r
}
