-- Applications for disclosure (依申请公开) and the loaded working-day calendar.
-- Kept in step with ../postgres/0002_applications.sql. Dates (YYYY-MM-DD) and timestamps are text
-- as in 0001; booleans are 0/1.

-- Official holiday arrangements loaded by an admin (`gongkai calendar import`). A loaded year
-- replaces the built-in data of that year.
CREATE TABLE calendar_years (
    year          INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    loaded_at     TEXT NOT NULL,
    loaded_by_id  INTEGER REFERENCES users(id),
    loaded_by     TEXT NOT NULL
);

CREATE TABLE calendar_days (
    day   TEXT PRIMARY KEY,
    year  INTEGER NOT NULL REFERENCES calendar_years(year),
    kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calendar_days_year ON calendar_days(year);

-- Per organization and year (of receipt), the last tracking-number serial handed out.
CREATE TABLE application_counters (
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    year         INTEGER NOT NULL,
    last_serial  INTEGER NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- One row per case. The columns from `status` to `on_time` are derived: rewritten from the core
-- `State` (replay of application_events) in the transaction that appends an event. Cases imported
-- without a log take them from the import line. No personal data here: see application_applicants.
CREATE TABLE application_cases (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations(id),
    tracking_no      TEXT NOT NULL,
    secret_hash      TEXT,
    applicant_type   TEXT NOT NULL,
    channel          TEXT,
    receipt_basis    TEXT,
    received_on      TEXT NOT NULL,
    status           TEXT NOT NULL,
    reply_due        TEXT,
    provisional      BOOLEAN NOT NULL DEFAULT FALSE,
    paused           BOOLEAN NOT NULL DEFAULT FALSE,
    outcome          TEXT,
    closed_on        TEXT,
    served_on        TEXT,
    on_time          BOOLEAN,
    handler_id       INTEGER REFERENCES users(id),
    department_id    INTEGER REFERENCES departments(id),
    request_text     TEXT NOT NULL DEFAULT '',
    provision_form   TEXT NOT NULL DEFAULT '',
    delivery_method  TEXT NOT NULL DEFAULT '',
    reference        TEXT,
    imported         BOOLEAN NOT NULL DEFAULT FALSE,
    event_count      INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (org_id, tracking_no)
);
CREATE INDEX application_cases_org_status ON application_cases(org_id, status, reply_due);
CREATE INDEX application_cases_org_received ON application_cases(org_id, received_on);
CREATE INDEX application_cases_org_closed ON application_cases(org_id, closed_on);
CREATE INDEX application_cases_handler ON application_cases(handler_id, status);
CREATE INDEX application_cases_department ON application_cases(department_id, status);

-- The case log: JSON of core `Event` (serde), in order. Append-only like audit_log.
CREATE TABLE application_events (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES application_cases(id),
    seq          INTEGER NOT NULL,
    event        TEXT NOT NULL,
    actor_id     INTEGER REFERENCES users(id),
    actor_name   TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    UNIQUE (case_id, seq)
);
CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events
BEGIN SELECT RAISE(ABORT, 'application_events is append-only'); END;
CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events
BEGIN SELECT RAISE(ABORT, 'application_events is append-only'); END;

-- The applicant's personal data, apart so that lists never select it; reading it is audited.
CREATE TABLE application_applicants (
    case_id      INTEGER PRIMARY KEY REFERENCES application_cases(id),
    name         TEXT NOT NULL DEFAULT '',
    id_kind      TEXT NOT NULL DEFAULT '',
    id_number    TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    org_name     TEXT NOT NULL DEFAULT '',
    credit_code  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_applicants_id_number ON application_applicants(id_number);
CREATE INDEX application_applicants_name ON application_applicants(name);

-- Internal comments of staff (kind 'comment') and notes of the system (kind 'system', e.g. the
-- deadlines recomputed after a calendar was loaded). Never shown to the applicant.
CREATE TABLE application_comments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES application_cases(id),
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users(id),
    author_name  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX application_comments_case ON application_comments(case_id, id);

-- Reconsideration and litigation records (report table 4). Derived from the log's review events
-- for cases with a log (rewritten with the other derived columns); the record itself for cases
-- imported without a log.
CREATE TABLE application_reviews (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES application_cases(id),
    kind        TEXT NOT NULL,
    filed_on    TEXT NOT NULL,
    decided_on  TEXT,
    result      TEXT,
    UNIQUE (case_id, kind)
);
