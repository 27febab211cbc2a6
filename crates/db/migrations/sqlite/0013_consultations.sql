-- Public consultation on drafts (意见征集): the consultation, the public's comments (moderated;
-- the commenter's name and contact private), their dispositions and the adoption report. Kept in
-- step with ../postgres/0013_consultations.sql.
CREATE TABLE consultations (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES organizations(id),
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL,
    body               TEXT NOT NULL,
    start_on           TEXT NOT NULL,
    end_on             TEXT NOT NULL,
    short_reason       TEXT NOT NULL DEFAULT '',
    final_document_id  INTEGER REFERENCES documents(id),
    report             TEXT,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX consultations_org ON consultations(org_id, start_on DESC);

CREATE TABLE consultation_comments (
    id                  INTEGER PRIMARY KEY,
    consultation_id     INTEGER NOT NULL REFERENCES consultations(id),
    body                TEXT NOT NULL,
    commenter_name      TEXT NOT NULL DEFAULT '',
    commenter_contact   TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    disposition         TEXT,
    disposition_reason  TEXT NOT NULL DEFAULT '',
    submitted_at        TEXT NOT NULL
);
CREATE INDEX consultation_comments_of ON consultation_comments(consultation_id, id);
