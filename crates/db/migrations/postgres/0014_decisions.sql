-- The major administrative decisions catalog (重大行政决策事项目录): per organization and year,
-- each item with the steps of the procedure it links. Kept in step with ../sqlite/0014_decisions.sql.
CREATE TABLE major_decisions (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id             BIGINT NOT NULL REFERENCES organizations(id),
    year               BIGINT NOT NULL,
    title              TEXT NOT NULL,
    sponsor            TEXT NOT NULL,
    planned            TEXT NOT NULL DEFAULT '',
    consultation_id    BIGINT REFERENCES consultations(id),
    expert_review      TEXT NOT NULL DEFAULT '',
    risk_assessment    TEXT NOT NULL DEFAULT '',
    public_attendance  TEXT NOT NULL DEFAULT '',
    final_document_id  BIGINT REFERENCES documents(id),
    updated_by         TEXT NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX major_decisions_org ON major_decisions(org_id, year);
