-- Applications for disclosure (依申请公开) and the loaded working-day calendar.
-- Kept in step with ../sqlite/0002_applications.sql. Timestamps are TIMESTAMPTZ, dates DATE.

-- Official holiday arrangements loaded by an admin (`gongkai calendar import`). A loaded year
-- replaces the built-in data of that year.
CREATE TABLE calendar_years (
    year          BIGINT PRIMARY KEY,
    source        TEXT NOT NULL,
    loaded_at     TIMESTAMPTZ NOT NULL,
    loaded_by_id  BIGINT REFERENCES users(id),
    loaded_by     TEXT NOT NULL
);

CREATE TABLE calendar_days (
    day   DATE PRIMARY KEY,
    year  BIGINT NOT NULL REFERENCES calendar_years(year),
    kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX calendar_days_year ON calendar_days(year);

-- Per organization and year (of receipt), the last tracking-number serial handed out.
CREATE TABLE application_counters (
    org_id       BIGINT NOT NULL REFERENCES organizations(id),
    year         BIGINT NOT NULL,
    last_serial  BIGINT NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- One row per case. The columns from `status` to `on_time` are derived: rewritten from the core
-- `State` (replay of application_events) in the transaction that appends an event. Cases imported
-- without a log take them from the import line. No personal data here: see application_applicants.
CREATE TABLE application_cases (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           BIGINT NOT NULL REFERENCES organizations(id),
    tracking_no      TEXT NOT NULL,
    secret_hash      TEXT,
    applicant_type   TEXT NOT NULL,
    channel          TEXT,
    receipt_basis    TEXT,
    received_on      DATE NOT NULL,
    status           TEXT NOT NULL,
    reply_due        DATE,
    provisional      BOOLEAN NOT NULL DEFAULT FALSE,
    paused           BOOLEAN NOT NULL DEFAULT FALSE,
    outcome          TEXT,
    closed_on        DATE,
    served_on        DATE,
    on_time          BOOLEAN,
    handler_id       BIGINT REFERENCES users(id),
    department_id    BIGINT REFERENCES departments(id),
    request_text     TEXT NOT NULL DEFAULT '',
    provision_form   TEXT NOT NULL DEFAULT '',
    delivery_method  TEXT NOT NULL DEFAULT '',
    reference        TEXT,
    imported         BOOLEAN NOT NULL DEFAULT FALSE,
    event_count      BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, tracking_no)
);
CREATE INDEX application_cases_org_status ON application_cases(org_id, status, reply_due);
CREATE INDEX application_cases_org_received ON application_cases(org_id, received_on);
CREATE INDEX application_cases_org_closed ON application_cases(org_id, closed_on);
CREATE INDEX application_cases_handler ON application_cases(handler_id, status);
CREATE INDEX application_cases_department ON application_cases(department_id, status);

-- The case log: JSON of core `Event` (serde), in order. Append-only like audit_log.
CREATE TABLE application_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES application_cases(id),
    seq          BIGINT NOT NULL,
    event        TEXT NOT NULL,
    actor_id     BIGINT REFERENCES users(id),
    actor_name   TEXT NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, seq)
);
CREATE FUNCTION application_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'application_events is append-only'; END; $$;
CREATE TRIGGER application_events_no_change BEFORE UPDATE OR DELETE ON application_events
FOR EACH ROW EXECUTE FUNCTION application_events_append_only();

-- The applicant's personal data, apart so that lists never select it; reading it is audited.
CREATE TABLE application_applicants (
    case_id      BIGINT PRIMARY KEY REFERENCES application_cases(id),
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
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES application_cases(id),
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    author_id    BIGINT REFERENCES users(id),
    author_name  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX application_comments_case ON application_comments(case_id, id);

-- Reconsideration and litigation records (report table 4). Derived from the log's review events
-- for cases with a log (rewritten with the other derived columns); the record itself for cases
-- imported without a log.
CREATE TABLE application_reviews (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES application_cases(id),
    kind        TEXT NOT NULL,
    filed_on    DATE NOT NULL,
    decided_on  DATE,
    result      TEXT,
    UNIQUE (case_id, kind)
);
