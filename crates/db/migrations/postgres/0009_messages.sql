-- Messages from the public (网民留言, 领导信箱, 政策咨询): boxes per organization, messages with
-- their handling status, the submitter's name and contact kept apart (never public), and the
-- append-only handling history. Kept in step with ../sqlite/0009_messages.sql.
CREATE TABLE message_boxes (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id    BIGINT NOT NULL REFERENCES organizations(id),
    kind      TEXT NOT NULL CHECK (kind IN ('board', 'mailbox', 'policy')),
    name      TEXT NOT NULL,
    reply_wd  BIGINT NOT NULL,
    enabled   BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (org_id, kind)
);
-- Every organization starts with the three boxes and their documented reply periods.
INSERT INTO message_boxes (org_id, kind, name, reply_wd) SELECT id, 'board', '网民留言', 10 FROM organizations;
INSERT INTO message_boxes (org_id, kind, name, reply_wd) SELECT id, 'mailbox', '领导信箱', 15 FROM organizations;
INSERT INTO message_boxes (org_id, kind, name, reply_wd) SELECT id, 'policy', '政策咨询', 5 FROM organizations;

CREATE TABLE message_counters (
    year         BIGINT PRIMARY KEY,
    last_serial  BIGINT NOT NULL
);

CREATE TABLE messages (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    box_id           BIGINT NOT NULL REFERENCES message_boxes(id),
    org_id           BIGINT NOT NULL REFERENCES organizations(id),
    tracking_no      TEXT NOT NULL UNIQUE,
    secret_hash      TEXT NOT NULL,
    category         TEXT NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    allow_publish    BOOLEAN NOT NULL,
    document_id      BIGINT REFERENCES documents(id),
    received_at      TIMESTAMPTZ NOT NULL,
    received_on      DATE NOT NULL,
    due_on           DATE NOT NULL,
    provisional      BOOLEAN NOT NULL DEFAULT FALSE,
    status           TEXT NOT NULL,
    department_id    BIGINT REFERENCES departments(id),
    reply            TEXT,
    replied_on       DATE,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    rejected_reason  TEXT,
    rating           TEXT,
    rating_comment   TEXT,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX messages_queue ON messages(org_id, status, due_on);
CREATE INDEX messages_public ON messages(org_id, published, replied_on DESC, id DESC);

CREATE TABLE message_submitters (
    message_id  BIGINT PRIMARY KEY REFERENCES messages(id),
    name        TEXT NOT NULL,
    contact     TEXT NOT NULL
);

CREATE TABLE message_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id     BIGINT NOT NULL REFERENCES messages(id),
    step           TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    department_id  BIGINT REFERENCES departments(id),
    actor_id       BIGINT REFERENCES users(id),
    actor_name     TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX message_events_message ON message_events(message_id, id);
CREATE FUNCTION message_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'message_events are append-only';
END; $$;
CREATE TRIGGER message_events_append_only BEFORE UPDATE OR DELETE ON message_events
FOR EACH ROW EXECUTE FUNCTION message_events_append_only();
