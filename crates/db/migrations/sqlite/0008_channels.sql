-- Release channels (两微一端 and others), the record of each release of an item on a channel
-- (an item counts once in statistics however many channels carried it), and the outbox of signed
-- webhook deliveries to the channels' integrations. Kept in step with ../postgres/0008_channels.sql.
CREATE TABLE channels (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    webhook_url  TEXT,
    secret       TEXT,
    enabled      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE channel_releases (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    channel_id   INTEGER NOT NULL REFERENCES channels(id),
    released_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    UNIQUE (document_id, channel_id)
);
CREATE INDEX channel_releases_time ON channel_releases(channel_id, released_at);

-- `pending` → `delivering` (claimed by one node until `locked_until`) → `delivered`, or back to
-- `pending` with a later `next_attempt_at`, or `failed` after the last attempt.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    channel_id       INTEGER NOT NULL REFERENCES channels(id),
    document_id      INTEGER NOT NULL REFERENCES documents(id),
    event            TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    locked_until     TEXT,
    last_status      INTEGER,
    last_error       TEXT,
    delivered_at     TEXT,
    created_at       TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status IN ('pending', 'delivering');
CREATE INDEX webhook_deliveries_channel ON webhook_deliveries(channel_id, id);
