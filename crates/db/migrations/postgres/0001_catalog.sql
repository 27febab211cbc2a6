-- The catalog foundation: organizations, staff, sessions, the catalog tree, documents,
-- attachments, the audit trail and the change feed. Kept in step with ../sqlite/0001_catalog.sql.
-- Timestamps are TIMESTAMPTZ (UTC), dates DATE.

CREATE TABLE organizations (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    parent_id     BIGINT REFERENCES organizations(id),
    address       TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    office_hours  TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    fax           TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    guide_notes   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE departments (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id    BIGINT NOT NULL REFERENCES organizations(id),
    name      TEXT NOT NULL,
    position  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (org_id, name)
);

CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    org_id         BIGINT NOT NULL REFERENCES organizations(id),
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins  BIGINT NOT NULL DEFAULT 0,
    locked_until   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL
);

-- Only a hash of the session token is stored: a copy of the table opens no sessions.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE columns (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organizations(id),
    parent_id  BIGINT REFERENCES columns(id),
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (org_id, slug)
);

-- Per organization and year, the last serial handed out. Only ever incremented.
CREATE TABLE index_counters (
    org_id       BIGINT NOT NULL REFERENCES organizations(id),
    year         BIGINT NOT NULL,
    last_serial  BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE documents (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id             BIGINT NOT NULL REFERENCES organizations(id),
    index_no           TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    doc_no             TEXT,
    doc_no_key         TEXT,
    publisher          TEXT NOT NULL,
    written_on         DATE NOT NULL,
    published_at       TIMESTAMPTZ,
    subject            TEXT NOT NULL,
    genre              TEXT NOT NULL,
    disclosure         TEXT NOT NULL,
    disclosure_reason  TEXT,
    validity           TEXT NOT NULL,
    successor_id       BIGINT REFERENCES documents(id),
    column_id          BIGINT REFERENCES columns(id),
    department_id      BIGINT REFERENCES departments(id),
    keywords           TEXT NOT NULL DEFAULT '',
    summary            TEXT NOT NULL DEFAULT '',
    body_html          TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    withdrawn_reason   TEXT,
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    created_by         BIGINT REFERENCES users(id),
    updated_by         BIGINT REFERENCES users(id),
    UNIQUE (org_id, doc_no_key)
);
-- Public listings read newest first; keyset pagination walks these indexes.
CREATE INDEX documents_public ON documents(status, published_at DESC, id DESC);
CREATE INDEX documents_org_public ON documents(org_id, status, published_at DESC, id DESC);
CREATE INDEX documents_column_public ON documents(column_id, status, published_at DESC, id DESC);
CREATE INDEX documents_org_updated ON documents(org_id, updated_at DESC, id DESC);

-- Attachment bytes, content-addressed: identical files are stored once. Kept in the database so
-- that every app node sharing it serves the same files.
CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    size    BIGINT NOT NULL,
    data    BYTEA NOT NULL
);

CREATE TABLE attachments (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id   BIGINT NOT NULL REFERENCES documents(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL REFERENCES blobs(sha256),
    position      BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_document ON attachments(document_id);

-- Append-only record of every change: who, when, what.
CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT REFERENCES users(id),
    actor_name  TEXT NOT NULL,
    org_id      BIGINT REFERENCES organizations(id),
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   BIGINT,
    summary     TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_org ON audit_log(org_id, id DESC);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Change feed: one numbered row per change of a catalog document, written in the same
-- transaction. App nodes follow it to drop cached pages (and, later, to update search indexes).
CREATE TABLE catalog_changes (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id  BIGINT NOT NULL,
    kind         TEXT NOT NULL,
    at           TIMESTAMPTZ NOT NULL
);
