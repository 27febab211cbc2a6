-- Notices (告知书) of applications for disclosure: each notice issued for a case, and the
-- organizations' edited templates. Kept in step with ../sqlite/0003_notices.sql.

-- A notice as issued: the rendered text is the record (later template edits do not change it).
-- `kind` is core `NoticeKind::key`. Shown to staff on the case page and to the applicant on the
-- tracking page. Append-only like audit_log.
CREATE TABLE application_notices (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id        BIGINT NOT NULL REFERENCES application_cases(id),
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    created_by_id  BIGINT REFERENCES users(id),
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX application_notices_case ON application_notices(case_id, id);
CREATE FUNCTION application_notices_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'application_notices is append-only'; END; $$;
CREATE TRIGGER application_notices_no_change BEFORE UPDATE OR DELETE ON application_notices
FOR EACH ROW EXECUTE FUNCTION application_notices_append_only();

-- An organization's own text of a notice kind; without a row the core default applies.
CREATE TABLE notice_templates (
    org_id         BIGINT NOT NULL REFERENCES organizations(id),
    kind           TEXT NOT NULL,
    body           TEXT NOT NULL,
    updated_by_id  BIGINT REFERENCES users(id),
    updated_by     TEXT NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, kind)
);
