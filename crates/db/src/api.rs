//! [`Db`]: the one entry point to storage. Each method runs the engine's copy of a query.

use crate::backend::{postgres, sqlite};
use crate::*;
use chrono::{DateTime, Utc};
use gongkai_core::application::case::Event as ApplicationEvent;
use gongkai_core::application::settings::ApplicationSettings;
use gongkai_core::document::DocumentFields;
use gongkai_core::org::OrgCode;
use gongkai_core::role::Role;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Which engine a [`Db`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A handle to the database; cheap to clone (it holds a connection pool).
#[derive(Debug, Clone)]
pub struct Db {
    pool: Pool,
}

/// Runs `module::function(pool, args...)` on the engine's copy of the queries.
macro_rules! dispatch {
    ($db:expr, $m:ident :: $f:ident ( $($arg:expr),* $(,)? )) => {
        match &$db.pool {
            Pool::Sqlite(p) => sqlite::q::$m::$f(p, $($arg),*).await,
            Pool::Postgres(p) => postgres::q::$m::$f(p, $($arg),*).await,
        }
    };
}

impl Db {
    /// Connects to `url` (`sqlite://path/to/file.db` or `postgres://…`). A SQLite file is created
    /// when missing. Does not migrate: call [`Db::migrate`].
    pub async fn connect(url: &str) -> DbResult<Db> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts = PgConnectOptions::from_str(url)?;
            Self::connect_pg(opts).await
        } else {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Reads through a memory map and a 64 MiB page cache per connection rather than
                // a system call per 4 KiB page: scanning the catalog (reindex) is several times
                // faster. Memory-mapped pages are the OS page cache, shared, not the heap.
                .pragma("mmap_size", "1073741824")
                .pragma("cache_size", "-65536");
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(opts)
                .await?;
            Ok(Db {
                pool: Pool::Sqlite(pool),
            })
        }
    }

    /// Connects to PostgreSQL with `schema` as the search path, creating the schema if needed.
    /// Tests use it to give each test its own schema in one shared database.
    pub async fn connect_postgres_schema(url: &str, schema: &str) -> DbResult<Db> {
        if !schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(DbError::Conflict("invalid schema name".into()));
        }
        let base = PgConnectOptions::from_str(url)?;
        {
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(base.clone())
                .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .execute(&admin)
            .await?;
            admin.close().await;
        }
        Self::connect_pg(base.options([("search_path", schema)])).await
    }

    async fn connect_pg(opts: PgConnectOptions) -> DbResult<Db> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        Ok(Db {
            pool: Pool::Postgres(pool),
        })
    }

    /// Drops a schema made by [`Db::connect_postgres_schema`] (test clean-up).
    pub async fn drop_postgres_schema(&self, schema: &str) -> DbResult<()> {
        if let Pool::Postgres(p) = &self.pool
            && schema
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(p)
            .await?;
        }
        Ok(())
    }

    pub fn engine(&self) -> Engine {
        match self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies pending migrations of the engine.
    pub async fn migrate(&self) -> DbResult<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    // ---- organizations, departments, columns ----

    pub async fn create_org(
        &self,
        code: &OrgCode,
        name: &str,
        parent_code: Option<&str>,
        contact: &OrgContact,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Organization> {
        dispatch!(
            self,
            orgs::create(code, name, parent_code, contact, actor, now)
        )
    }
    pub async fn org_by_code(&self, code: &str) -> DbResult<Option<Organization>> {
        dispatch!(self, orgs::by_code(code))
    }
    pub async fn org_by_id(&self, id: i64) -> DbResult<Option<Organization>> {
        dispatch!(self, orgs::by_id(id))
    }
    pub async fn orgs(&self) -> DbResult<Vec<Organization>> {
        dispatch!(self, orgs::all())
    }
    pub async fn update_org(
        &self,
        org_id: i64,
        name: &str,
        contact: &OrgContact,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            orgs::update_contact(org_id, name, contact, actor, now)
        )
    }
    pub async fn departments(&self, org_id: i64) -> DbResult<Vec<Department>> {
        dispatch!(self, orgs::departments(org_id))
    }
    pub async fn add_department(
        &self,
        org_id: i64,
        name: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Department> {
        dispatch!(self, orgs::add_department(org_id, name, actor, now))
    }
    pub async fn delete_department(
        &self,
        org_id: i64,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, orgs::delete_department(org_id, id, actor, now))
    }
    pub async fn columns(&self, org_id: i64) -> DbResult<Vec<Column>> {
        dispatch!(self, columns::of_org(org_id))
    }
    /// Ids of the columns with `slug` (in `org_id`, or in every organization) and their sub-columns.
    pub async fn column_ids(&self, slug: &str, org_id: Option<i64>) -> DbResult<Vec<i64>> {
        dispatch!(self, columns::ids_by_slug(slug, org_id))
    }
    /// `(slug, name)` of every column slug in use, for the public filter.
    pub async fn column_choices(&self) -> DbResult<Vec<(String, String)>> {
        dispatch!(self, columns::distinct())
    }
    #[expect(clippy::too_many_arguments, reason = "one argument per column field")]
    pub async fn add_column(
        &self,
        org_id: i64,
        slug: &str,
        name: &str,
        parent_id: Option<i64>,
        position: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Column> {
        dispatch!(
            self,
            columns::add(org_id, slug, name, parent_id, position, actor, now)
        )
    }
    pub async fn update_column(
        &self,
        org_id: i64,
        id: i64,
        name: &str,
        position: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            columns::update(org_id, id, name, position, actor, now)
        )
    }
    pub async fn delete_column(
        &self,
        org_id: i64,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, columns::delete(org_id, id, actor, now))
    }

    // ---- users and sessions ----

    pub async fn create_user(
        &self,
        u: &NewUser,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<User> {
        dispatch!(self, users::create(u, actor, now))
    }
    pub async fn user_by_username(&self, username: &str) -> DbResult<Option<User>> {
        dispatch!(self, users::by_username(username))
    }
    pub async fn user_by_id(&self, id: i64) -> DbResult<Option<User>> {
        dispatch!(self, users::by_id(id))
    }
    pub async fn users_of_org(&self, org_id: i64) -> DbResult<Vec<User>> {
        dispatch!(self, users::of_org(org_id))
    }
    /// Returns the number of consecutive failures so far (0 after a lockout started).
    pub async fn record_login_failure(&self, user: &User, now: DateTime<Utc>) -> DbResult<u32> {
        dispatch!(self, users::record_failure(user, now))
    }
    pub async fn record_login_success(&self, user_id: i64) -> DbResult<()> {
        dispatch!(self, users::record_success(user_id))
    }
    pub async fn set_password(
        &self,
        user: &User,
        password_hash: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, users::set_password(user, password_hash, actor, now))
    }
    pub async fn update_user(
        &self,
        user: &User,
        role: Role,
        active: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, users::update(user, role, active, actor, now))
    }
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, sessions::create(token_hash, user_id, now, expires_at))
    }
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> DbResult<Option<User>> {
        dispatch!(self, sessions::user(token_hash, now))
    }
    pub async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        dispatch!(self, sessions::delete(token_hash))
    }
    pub async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> DbResult<u64> {
        dispatch!(self, sessions::purge_expired(now))
    }

    // ---- documents ----

    pub async fn create_document(
        &self,
        org_id: i64,
        f: &DocumentFields,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, documents::create(org_id, f, actor, now))
    }
    pub async fn update_document(
        &self,
        id: i64,
        expected_version: i64,
        f: &DocumentFields,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, documents::update(id, expected_version, f, actor, now))
    }
    /// 提交审查: a draft (or withdrawn / filed item) goes to the confidentiality review.
    pub async fn submit_document(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, review::submit(id, actor, now))
    }
    /// 保密审查 of a submitted item; `names` are the people the reviewer listed, whose names in
    /// the body count as personal data.
    pub async fn review_document(
        &self,
        id: i64,
        input: &gongkai_core::review::ReviewInput,
        names: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, review::review(id, input, names, actor, now))
    }
    /// The leader's approval of a reviewed item: publishes now, schedules, files, or returns.
    pub async fn approve_document(
        &self,
        id: i64,
        decision: gongkai_core::review::Decision,
        reason: &str,
        scheduled_at: Option<DateTime<Utc>>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(
            self,
            review::approve(id, decision, reason, scheduled_at, actor, now)
        )
    }
    pub async fn unschedule_document(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, review::unschedule(id, actor, now))
    }
    /// Publishes the scheduled items whose time has come (once, whichever node runs it first).
    pub async fn release_due_documents(&self, now: DateTime<Utc>) -> DbResult<Vec<i64>> {
        dispatch!(self, review::release_due(now))
    }
    /// Starts a revision of a published item (a linked draft); when the revision is published
    /// the item becomes 已修订 and links to it.
    pub async fn revise_document(
        &self,
        id: i64,
        today: chrono::NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, review::revise(id, today, actor, now))
    }
    pub async fn channels(&self, org_id: i64) -> DbResult<Vec<Channel>> {
        dispatch!(self, channels::list(org_id))
    }
    /// Adds a release channel; `webhook` is (address, signing secret).
    pub async fn add_channel(
        &self,
        org_id: i64,
        kind: gongkai_core::channel::ChannelKind,
        name: &str,
        webhook: Option<(&str, &str)>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Channel> {
        dispatch!(self, channels::add(org_id, kind, name, webhook, actor, now))
    }
    pub async fn set_channel_enabled(
        &self,
        org_id: i64,
        id: i64,
        enabled: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, channels::set_enabled(org_id, id, enabled, actor, now))
    }
    /// Records by hand an item's release on a channel.
    pub async fn record_channel_release(
        &self,
        document_id: i64,
        channel_id: i64,
        released_at: DateTime<Utc>,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            channels::record_release(document_id, channel_id, released_at, note, actor, now)
        )
    }
    pub async fn channel_releases(&self, document_id: i64) -> DbResult<Vec<ChannelRelease>> {
        dispatch!(self, channels::releases(document_id))
    }
    /// Items released in `[from, to)` per channel, and in all (each item once).
    pub async fn channel_release_counts(
        &self,
        org_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DbResult<(Vec<(String, i64)>, i64)> {
        dispatch!(self, channels::release_counts(org_id, from, to))
    }
    /// Claims due webhook deliveries for this node.
    pub async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> DbResult<Vec<ClaimedDelivery>> {
        dispatch!(self, channels::claim_due(now, lease, limit))
    }
    pub async fn finish_delivery(
        &self,
        d: &ClaimedDelivery,
        result: &AttemptResult,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, channels::finish(d, result, now))
    }
    pub async fn deliveries(
        &self,
        org_id: i64,
        channel_id: i64,
        limit: i64,
    ) -> DbResult<Vec<Delivery>> {
        dispatch!(self, channels::deliveries(org_id, channel_id, limit))
    }
    pub async fn retry_delivery(&self, org_id: i64, id: i64, now: DateTime<Utc>) -> DbResult<()> {
        dispatch!(self, channels::retry(org_id, id, now))
    }
    /// Records a topic of public concern (舆情).
    #[allow(clippy::too_many_arguments)]
    pub async fn add_concern(
        &self,
        org_id: i64,
        topic: &str,
        level: gongkai_core::concern::Level,
        noticed_at: DateTime<Utc>,
        source: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Concern> {
        dispatch!(
            self,
            concerns::add(org_id, topic, level, noticed_at, source, actor, now)
        )
    }
    /// Records a response to a topic.
    #[allow(clippy::too_many_arguments)]
    pub async fn respond_to_concern(
        &self,
        org_id: i64,
        concern_id: i64,
        kind: gongkai_core::concern::ResponseKind,
        responded_at: DateTime<Utc>,
        summary: &str,
        link: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            concerns::respond(
                org_id,
                concern_id,
                kind,
                responded_at,
                summary,
                link,
                actor,
                now
            )
        )
    }
    /// The topics noticed in `[from, to)` with their responses.
    pub async fn concerns(
        &self,
        org_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DbResult<Vec<(Concern, Vec<ConcernResponse>)>> {
        dispatch!(self, concerns::list(org_id, from, to))
    }
    /// Registers a deputy's suggestion or a CPPCC proposal.
    #[allow(clippy::too_many_arguments)]
    pub async fn register_proposal(
        &self,
        org_id: i64,
        kind: gongkai_core::proposal::Kind,
        number: &str,
        title: &str,
        author: &str,
        received_on: chrono::NaiveDate,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Proposal> {
        dispatch!(
            self,
            proposals::register(org_id, kind, number, title, author, received_on, actor, now)
        )
    }
    pub async fn proposal(&self, id: i64) -> DbResult<Option<Proposal>> {
        dispatch!(self, proposals::by_id(id))
    }
    pub async fn assign_proposal(
        &self,
        org_id: i64,
        id: i64,
        department_id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Proposal> {
        dispatch!(
            self,
            proposals::assign(org_id, id, department_id, actor, now)
        )
    }
    /// Records the answer; published unless `withhold_reason` is given.
    pub async fn answer_proposal(
        &self,
        org_id: i64,
        id: i64,
        text: &str,
        withhold_reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Proposal> {
        dispatch!(
            self,
            proposals::answer(org_id, id, text, withhold_reason, actor, now)
        )
    }
    pub async fn proposals(
        &self,
        org_id: i64,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> DbResult<Vec<Proposal>> {
        dispatch!(self, proposals::list(org_id, from, to))
    }
    pub async fn published_proposals(&self, limit: i64) -> DbResult<Vec<Proposal>> {
        dispatch!(self, proposals::published(limit))
    }
    /// Adds an FAQ entry, optionally made from an answered message.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_faq(
        &self,
        org_id: i64,
        topic: &str,
        question: &str,
        answer: &str,
        message_id: Option<i64>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<FaqEntry> {
        dispatch!(
            self,
            faq::add(org_id, topic, question, answer, message_id, actor, now)
        )
    }
    pub async fn set_faq_published(
        &self,
        org_id: i64,
        id: i64,
        published: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, faq::set_published(org_id, id, published, actor, now))
    }
    /// FAQ entries: an organization's (staff) or every published one (public), matching `q`.
    pub async fn faq(
        &self,
        org_id: Option<i64>,
        published_only: bool,
        q: Option<&str>,
    ) -> DbResult<Vec<FaqEntry>> {
        dispatch!(self, faq::list(org_id, published_only, q))
    }
    /// The major administrative decisions catalog of a year.
    pub async fn major_decisions(
        &self,
        org_id: Option<i64>,
        year: i64,
    ) -> DbResult<Vec<MajorDecision>> {
        dispatch!(self, decisions::list(org_id, year))
    }
    /// Adds (`id` None) or saves an item of the organization's catalog; returns its id.
    pub async fn save_major_decision(
        &self,
        org_id: i64,
        id: Option<i64>,
        f: &DecisionFields,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<i64> {
        dispatch!(self, decisions::save(org_id, id, f, actor, now))
    }
    pub async fn consultation(&self, id: i64) -> DbResult<Option<Consultation>> {
        dispatch!(self, consultations::by_id(id))
    }
    /// Consultations of one organization, or every organization's started by `started_by`.
    pub async fn consultations(
        &self,
        org_id: Option<i64>,
        started_by: Option<chrono::NaiveDate>,
    ) -> DbResult<Vec<Consultation>> {
        dispatch!(self, consultations::list(org_id, started_by))
    }
    #[allow(clippy::too_many_arguments)]
    pub async fn create_consultation(
        &self,
        org_id: i64,
        title: &str,
        kind: gongkai_core::consultation::Kind,
        body: &str,
        start: chrono::NaiveDate,
        end: chrono::NaiveDate,
        short_reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Consultation> {
        dispatch!(
            self,
            consultations::create(
                org_id,
                title,
                kind,
                body,
                start,
                end,
                short_reason,
                actor,
                now
            )
        )
    }
    /// A comment from the public while the period is open (shown once approved).
    pub async fn comment_on_consultation(
        &self,
        id: i64,
        body: &str,
        name: &str,
        contact: &str,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, consultations::comment(id, body, name, contact, now))
    }
    pub async fn consultation_comments(
        &self,
        id: i64,
        approved_only: bool,
    ) -> DbResult<Vec<ConsultationComment>> {
        dispatch!(self, consultations::comments(id, approved_only))
    }
    pub async fn moderate_comment(
        &self,
        org_id: i64,
        id: i64,
        approve: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            consultations::moderate(org_id, id, approve, actor, now)
        )
    }
    pub async fn dispose_comment(
        &self,
        org_id: i64,
        id: i64,
        d: gongkai_core::consultation::Disposition,
        reason: &str,
        today: chrono::NaiveDate,
    ) -> DbResult<()> {
        dispatch!(self, consultations::dispose(org_id, id, d, reason, today))
    }
    /// Generates the adoption report and publishes it with the final document.
    pub async fn publish_adoption_report(
        &self,
        org_id: i64,
        id: i64,
        final_index_no: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Consultation> {
        dispatch!(
            self,
            consultations::publish_report(org_id, id, final_index_no, actor, now)
        )
    }
    pub async fn message_boxes(&self, org_id: i64) -> DbResult<Vec<MessageBox>> {
        dispatch!(self, messages::boxes(org_id))
    }
    pub async fn update_message_box(
        &self,
        org_id: i64,
        box_id: i64,
        reply_wd: i64,
        enabled: bool,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            messages::update_box(org_id, box_id, reply_wd, enabled, actor, now)
        )
    }
    /// Stores a message from the public; returns it and the secret shown once to the submitter.
    pub async fn submit_message(
        &self,
        m: &NewMessage,
        now: DateTime<Utc>,
    ) -> DbResult<(Message, String)> {
        let secret = crate::secret::new_secret();
        let hash = crate::secret::hash_secret(secret.clone()).await?;
        let msg = dispatch!(self, messages::submit(m, &hash, now))?;
        Ok((msg, secret))
    }
    pub async fn message(&self, id: i64) -> DbResult<Option<Message>> {
        dispatch!(self, messages::by_id(id))
    }
    /// A handling step; `expected` is the status the caller saw.
    pub async fn message_step(
        &self,
        id: i64,
        expected: &str,
        a: &MessageAction,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Message> {
        dispatch!(self, messages::act(id, expected, a, actor, now))
    }
    /// The message with this tracking number when `secret` is its secret (the submitter's
    /// view); an unknown number takes as long as a wrong secret.
    pub async fn message_by_tracking(
        &self,
        tracking_no: &str,
        secret: &str,
    ) -> DbResult<Option<Message>> {
        let found = dispatch!(self, messages::by_tracking(tracking_no))?;
        let (m, hash) = match found {
            Some((m, h)) => (Some(m), Some(h)),
            None => (None, None),
        };
        let ok = crate::secret::verify_secret(secret.to_string(), hash).await;
        Ok(m.filter(|_| ok))
    }
    pub async fn rate_message(
        &self,
        id: i64,
        rating: gongkai_core::message::Rating,
        comment: &str,
        now: DateTime<Utc>,
    ) -> DbResult<Message> {
        dispatch!(self, messages::rate(id, rating, comment, now))
    }
    pub async fn message_events(&self, id: i64) -> DbResult<Vec<MessageEvent>> {
        dispatch!(self, messages::events(id))
    }
    /// The submitter's name and contact (audited).
    pub async fn message_submitter(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Option<(String, String)>> {
        dispatch!(self, messages::submitter(id, actor, now))
    }
    pub async fn message_queue(
        &self,
        org_id: i64,
        queue: &str,
        department_id: Option<i64>,
        today: chrono::NaiveDate,
        soon: chrono::NaiveDate,
    ) -> DbResult<Vec<Message>> {
        dispatch!(
            self,
            messages::queue(org_id, queue, department_id, today, soon)
        )
    }
    /// The messages received in `[from, to]`, as the statistics need them.
    pub async fn message_facts(
        &self,
        org_id: i64,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> DbResult<Vec<MessageFacts>> {
        let rows = dispatch!(self, messages::facts(org_id, from, to))?;
        Ok(rows
            .into_iter()
            .map(
                |(box_kind, department, category, received_on, due_on, replied_on, rating)| {
                    MessageFacts {
                        box_kind,
                        department,
                        category,
                        facts: gongkai_core::message::Facts {
                            received_on,
                            due_on,
                            replied_on,
                            rating: rating
                                .as_deref()
                                .and_then(gongkai_core::message::Rating::parse),
                        },
                    }
                },
            )
            .collect())
    }
    pub async fn published_messages(
        &self,
        org_id: Option<i64>,
        kind: Option<&str>,
        limit: i64,
    ) -> DbResult<Vec<Message>> {
        dispatch!(self, messages::published(org_id, kind, limit))
    }
    /// Proactive items of the organization not yet released (for the timeliness dashboard).
    pub async fn unreleased_documents(&self, org_id: i64) -> DbResult<Vec<UnreleasedDocument>> {
        dispatch!(self, timeliness::unreleased(org_id))
    }
    /// (成文日期, publication time) of the organization's releases in `[from, to)`.
    pub async fn document_releases(
        &self,
        org_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> DbResult<Vec<(chrono::NaiveDate, DateTime<Utc>)>> {
        dispatch!(self, timeliness::releases(org_id, from, to))
    }
    /// The organization's forbidden or sensitive expressions, checked in every review.
    pub async fn review_words(
        &self,
        org_id: i64,
    ) -> DbResult<Vec<(String, gongkai_core::redaction::Severity)>> {
        dispatch!(self, settings::review_words(org_id))
    }
    pub async fn save_review_words(
        &self,
        org_id: i64,
        words: &[(String, gongkai_core::redaction::Severity)],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, settings::save_review_words(org_id, words, actor, now))
    }
    /// The personal data in an item's body and attachments, as the reviewer sees it.
    pub async fn document_findings(
        &self,
        id: i64,
        names: &[String],
    ) -> DbResult<Vec<gongkai_files::ItemFinding>> {
        dispatch!(self, review::findings(id, names))
    }
    /// Replaces an attachment of an item under review by its de-identified copy; returns how
    /// many findings were masked (a PDF is refused: a clean file must replace it).
    pub async fn redact_attachment(
        &self,
        document_id: i64,
        attachment_id: i64,
        names: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<usize> {
        dispatch!(
            self,
            review::redact_attachment(document_id, attachment_id, names, actor, now)
        )
    }
    /// Masks the personal data in the body of an item under review; returns how many.
    pub async fn redact_document_body(
        &self,
        id: i64,
        names: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<usize> {
        dispatch!(self, review::redact_body(id, names, actor, now))
    }
    /// Tests only: tries to publish without review by plain SQL (update, insert); `(true, true)`
    /// when the database refused both.
    pub async fn try_publish_unreviewed(&self, id: i64) -> (bool, bool) {
        dispatch!(self, review::try_publish_unreviewed(id))
    }
    /// The submission / review / approval history of an item.
    pub async fn document_reviews(&self, id: i64) -> DbResult<Vec<ReviewRecord>> {
        dispatch!(self, review::history(id))
    }
    pub async fn withdraw_document(
        &self,
        id: i64,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, documents::withdraw(id, reason, actor, now))
    }
    /// Marks a published item 已废止 or 已失效 (see `documents::set_validity`).
    pub async fn set_document_validity(
        &self,
        id: i64,
        validity: gongkai_core::catalog::Validity,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Document> {
        dispatch!(self, documents::set_validity(id, validity, actor, now))
    }
    pub async fn document(&self, id: i64) -> DbResult<Option<Document>> {
        dispatch!(self, documents::by_id(id))
    }
    pub async fn document_by_index_no(&self, index_no: &str) -> DbResult<Option<Document>> {
        dispatch!(self, documents::by_index_no(index_no))
    }
    /// Documents in id order after `after_id`, any status (to scan the catalog in batches).
    pub async fn documents_after(&self, after_id: i64, limit: i64) -> DbResult<Vec<Document>> {
        dispatch!(self, documents::after_id(after_id, limit))
    }
    /// A document with only what the search index holds.
    pub async fn index_source(&self, id: i64) -> DbResult<Option<IndexSource>> {
        dispatch!(self, documents::index_source(id))
    }
    /// Documents after `after_id` (by id) with only what the search index holds.
    pub async fn index_sources_after(
        &self,
        after_id: i64,
        limit: i64,
    ) -> DbResult<Vec<IndexSource>> {
        dispatch!(self, documents::index_sources_after(after_id, limit))
    }
    pub async fn count_documents(&self) -> DbResult<u64> {
        dispatch!(self, documents::count())
    }
    pub async fn import_documents(
        &self,
        org_id: i64,
        docs: &[ImportedDocument],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Vec<Result<String, DbError>>> {
        dispatch!(self, documents::import_batch(org_id, docs, actor, now))
    }
    pub async fn related_documents(
        &self,
        doc: &Document,
        limit: i64,
    ) -> DbResult<Vec<DocumentSummary>> {
        dispatch!(self, documents::related(doc, limit))
    }
    /// The published interpretations (政策解读) of a policy.
    pub async fn interpretations(&self, id: i64) -> DbResult<Vec<DocumentSummary>> {
        dispatch!(self, documents::interpretations(id))
    }
    pub async fn predecessors(&self, id: i64) -> DbResult<Vec<DocumentSummary>> {
        dispatch!(self, documents::predecessors(id))
    }
    pub async fn public_listing(
        &self,
        f: &ListingFilter,
        after: Option<Cursor>,
        limit: i64,
    ) -> DbResult<ListingPage> {
        dispatch!(self, listing::public(f, after, limit))
    }
    pub async fn public_count(&self, f: &ListingFilter) -> DbResult<Counted> {
        dispatch!(self, listing::public_count(f))
    }
    pub async fn public_page(
        &self,
        f: &ListingFilter,
        after: Option<Cursor>,
        limit: i64,
    ) -> DbResult<(Vec<DocumentSummary>, Option<Cursor>)> {
        dispatch!(self, listing::public_page(f, after, limit))
    }
    pub async fn staff_listing(
        &self,
        org_id: i64,
        f: &ListingFilter,
        before_id: Option<i64>,
        limit: i64,
    ) -> DbResult<Vec<DocumentSummary>> {
        dispatch!(self, listing::staff(org_id, f, before_id, limit))
    }
    pub async fn publication_years(&self) -> DbResult<Vec<i32>> {
        dispatch!(self, listing::years())
    }

    // ---- attachments ----

    pub async fn attachments(&self, document_id: i64) -> DbResult<Vec<Attachment>> {
        dispatch!(self, attachments::of_document(document_id))
    }
    pub async fn add_attachment(
        &self,
        document_id: i64,
        a: &NewAttachment,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Attachment> {
        dispatch!(self, attachments::add(document_id, a, actor, now))
    }
    pub async fn attachment_with_bytes(
        &self,
        document_id: i64,
        attachment_id: i64,
    ) -> DbResult<Option<(Attachment, Vec<u8>)>> {
        dispatch!(self, attachments::with_bytes(document_id, attachment_id))
    }
    /// `(document_id, content_type, bytes)` of the attachments of documents `from..=to` (ids).
    pub async fn attachment_bytes_in_range(
        &self,
        from: i64,
        to: i64,
    ) -> DbResult<Vec<(i64, String, Vec<u8>)>> {
        dispatch!(self, attachments::bytes_in_range(from, to))
    }
    pub async fn remove_attachment(
        &self,
        document_id: i64,
        attachment_id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(
            self,
            attachments::remove(document_id, attachment_id, actor, now)
        )
    }

    // ---- audit trail and change feed ----

    pub async fn audit_for(&self, entity: &str, id: i64) -> DbResult<Vec<AuditEntry>> {
        dispatch!(self, audit::for_entity(entity, id))
    }
    pub async fn recent_audit(&self, org_id: i64, limit: i64) -> DbResult<Vec<AuditEntry>> {
        dispatch!(self, audit::recent(org_id, limit))
    }
    /// Attempts to rewrite the audit trail; it must fail (used by tests of the invariant).
    pub async fn try_rewrite_audit(&self) -> DbResult<()> {
        dispatch!(self, audit::try_rewrite())
    }
    pub async fn last_change_seq(&self) -> DbResult<i64> {
        dispatch!(self, changes::last_seq())
    }
    /// `(seq, document_id, kind)` after `seq`, oldest first.
    pub async fn changes_after(&self, seq: i64, limit: i64) -> DbResult<Vec<(i64, i64, String)>> {
        dispatch!(self, changes::after(seq, limit))
    }

    // ---- applications for disclosure (依申请公开) and the calendar ----

    /// The working-day calendar in force: the built-in 2015–2026 arrangement, with the years an
    /// admin loaded replacing theirs.
    pub async fn calendar(&self) -> DbResult<gongkai_core::calendar::Calendar> {
        dispatch!(self, calendar::current())
    }
    /// The loaded calendar years.
    pub async fn calendar_years(&self) -> DbResult<Vec<CalendarYear>> {
        dispatch!(self, calendar::years())
    }
    /// Stores every year of `cal` (replacing earlier loads of it) and recomputes the deadlines of
    /// every open case, noting on each case the old and new reply deadline; one transaction.
    pub async fn load_calendar(
        &self,
        cal: &gongkai_core::calendar::Calendar,
        source: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<CalendarLoad> {
        dispatch!(self, calendar::load(cal, source, actor, now))
    }
    /// The organization's application settings (documented defaults where none is stored).
    pub async fn application_settings(&self, org_id: i64) -> DbResult<ApplicationSettings> {
        dispatch!(self, settings::applications(org_id))
    }
    /// Stores the organization's application settings, audits the changes and recomputes the
    /// deadlines of its open cases under them; one transaction.
    pub async fn save_application_settings(
        &self,
        org_id: i64,
        settings: &ApplicationSettings,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<SettingsSaved> {
        dispatch!(
            self,
            settings::save_applications(org_id, settings, actor, now)
        )
    }
    /// Registers a new case under its organization's settings. The returned secret is shown to
    /// the applicant once; only its Argon2id hash is stored.
    pub async fn create_application(
        &self,
        a: &NewApplication,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<CreatedApplication> {
        let secret = crate::secret::new_secret();
        let hash = crate::secret::hash_secret(secret.clone()).await?;
        let case = dispatch!(self, applications::create(a, &hash, actor, now))?;
        Ok(CreatedApplication { case, secret })
    }
    /// Appends `event` to the case log if the core rules (under the organization's settings)
    /// allow it (a refusal is a field error `event` with the core's message); `expected_events`
    /// is the log length the caller saw.
    pub async fn record_application_event(
        &self,
        case_id: i64,
        expected_events: i64,
        event: &ApplicationEvent,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<ApplicationCase> {
        dispatch!(
            self,
            applications::record_event(case_id, expected_events, event, actor, now)
        )
    }
    pub async fn application(&self, id: i64) -> DbResult<Option<ApplicationCase>> {
        dispatch!(self, applications::by_id(id))
    }
    /// The case with this tracking number at this organization, when `secret` is its secret
    /// (the applicant's view). Takes as long for an unknown number as for a wrong secret.
    pub async fn application_by_tracking(
        &self,
        org_code: &str,
        tracking_no: &str,
        secret: &str,
    ) -> DbResult<Option<ApplicationCase>> {
        let found = dispatch!(self, applications::by_tracking(org_code, tracking_no))?;
        let (case, hash) = match found {
            Some((c, h)) => (Some(c), h),
            None => (None, None),
        };
        let ok = crate::secret::verify_secret(secret.to_string(), hash).await;
        Ok(case.filter(|_| ok))
    }
    /// The case log, oldest first.
    pub async fn application_events(&self, case_id: i64) -> DbResult<Vec<StoredEvent>> {
        dispatch!(self, applications::events(case_id))
    }
    /// The applicant's personal data; writes the audit entry 查看申请人信息 (case id only).
    pub async fn application_applicant(
        &self,
        case_id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Option<ApplicantInfo>> {
        dispatch!(self, applications::applicant(case_id, actor, now))
    }
    pub async fn add_application_comment(
        &self,
        case_id: i64,
        body: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<CaseComment> {
        dispatch!(self, applications::add_comment(case_id, body, actor, now))
    }
    /// Internal comments and system notes of a case, oldest first.
    pub async fn application_comments(&self, case_id: i64) -> DbResult<Vec<CaseComment>> {
        dispatch!(self, applications::comments(case_id))
    }
    pub async fn assign_application(
        &self,
        case_id: i64,
        handler_id: Option<i64>,
        department_id: Option<i64>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<ApplicationCase> {
        dispatch!(
            self,
            applications::assign(case_id, handler_id, department_id, actor, now)
        )
    }
    /// Cases of an organization with filters; offset pagination.
    pub async fn applications(
        &self,
        org_id: i64,
        f: &CaseFilter,
        today: chrono::NaiveDate,
        limit: i64,
        offset: i64,
    ) -> DbResult<Vec<ApplicationCase>> {
        dispatch!(self, applications::list(org_id, f, today, limit, offset))
    }
    /// Reconsideration and litigation records of an organization's cases (report table 4).
    pub async fn application_reviews(&self, org_id: i64) -> DbResult<Vec<CaseReview>> {
        dispatch!(self, applications::reviews(org_id))
    }
    /// The records core `year_counts` needs for Table 3 of `year`, in one query.
    /// The annual report's Table 2 figures entered for `year`: (key, value, source).
    pub async fn table2_figures(
        &self,
        org_id: i64,
        year: i32,
    ) -> DbResult<Vec<(String, String, String)>> {
        dispatch!(self, annual_report::figures(org_id, year))
    }
    /// Stores Table 2 figures (checked by core `Table2::set`; one bad value refuses them all).
    pub async fn save_table2_figures(
        &self,
        org_id: i64,
        year: i32,
        entries: &[(String, String)],
        source: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        let entries: Vec<(String, String, String)> = entries
            .iter()
            .map(|(k, v)| (k.clone(), v.clone(), source.to_string()))
            .collect();
        self.save_table2_rows(org_id, year, &entries, actor, now)
            .await
    }
    /// Stores Table 2 figures each with its own source (an imported file), all or none.
    pub async fn save_table2_rows(
        &self,
        org_id: i64,
        year: i32,
        entries: &[(String, String, String)],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        dispatch!(self, annual_report::save(org_id, year, entries, actor, now))
    }
    /// The year's case records with each case's id and tracking number (report drill-down).
    pub async fn application_year_records_with_refs(
        &self,
        org_id: i64,
        year: i32,
    ) -> DbResult<Vec<(i64, String, gongkai_core::application::year::CaseRecord)>> {
        dispatch!(self, applications::year_records_with_refs(org_id, year))
    }
    /// The reconsideration and litigation records Table 4 of `year` counts.
    pub async fn application_year_reviews(
        &self,
        org_id: i64,
        year: i32,
    ) -> DbResult<Vec<gongkai_core::application::review::ReviewRecord>> {
        dispatch!(self, applications::year_reviews(org_id, year))
    }
    pub async fn application_year_records(
        &self,
        org_id: i64,
        year: i32,
    ) -> DbResult<Vec<gongkai_core::application::year::CaseRecord>> {
        dispatch!(self, applications::year_records(org_id, year))
    }
    /// Stored applications of this applicant to the organization received in the natural month
    /// of `month` (for 按件计收 and the Art. 35 flag).
    pub async fn applicant_month_count(
        &self,
        org_id: i64,
        who: &NewApplicant,
        month: chrono::NaiveDate,
    ) -> DbResult<i64> {
        dispatch!(
            self,
            applications::applicant_month_count(org_id, who, month)
        )
    }
    /// Imports parsed lines (core `parse_line`), each in its own savepoint.
    pub async fn import_applications(
        &self,
        org_id: i64,
        items: &[gongkai_core::application::import::ImportedApplication],
        cal: &gongkai_core::calendar::Calendar,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> DbResult<Vec<Result<String, DbError>>> {
        dispatch!(
            self,
            applications::import_batch(org_id, items, cal, actor, now)
        )
    }
    /// Attempts to update and to delete case events; `(true, true)` when both were refused.
    pub async fn try_rewrite_application_events(&self) -> (bool, bool) {
        dispatch!(self, applications::try_rewrite_events())
    }
}

// Notices and other queries of the web pages of applications (a child module: it needs the pool).
#[path = "web_support.rs"]
pub mod web_support;

// Flags of repeat and excessive applications and staff's decisions (a child module, as above).
#[path = "flags.rs"]
pub mod flags;

// The annual report assembled from storage (a child module, as above).
#[path = "annual_report.rs"]
pub mod annual_report;

// Work plans: imports, tasks, progress and reviews (a child module, as above).
#[path = "work_plans.rs"]
pub mod work_plans;

// E-mail reminders of work-plan tasks and staff's addresses (a child module, as above).
#[path = "reminders.rs"]
pub mod reminders;
