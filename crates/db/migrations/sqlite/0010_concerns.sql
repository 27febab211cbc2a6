-- Responses to public concern (政务舆情回应): topics and the responses to each. Kept in step with
-- ../postgres/0010_concerns.sql.
CREATE TABLE concerns (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations(id),
    topic       TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('major_emergency', 'ordinary')),
    noticed_at  TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX concerns_org ON concerns(org_id, noticed_at DESC);

CREATE TABLE concern_responses (
    id            INTEGER PRIMARY KEY,
    concern_id    INTEGER NOT NULL REFERENCES concerns(id),
    kind          TEXT NOT NULL,
    responded_at  TEXT NOT NULL,
    summary       TEXT NOT NULL,
    link          TEXT NOT NULL DEFAULT '',
    recorded_by   TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX concern_responses_concern ON concern_responses(concern_id, responded_at);
