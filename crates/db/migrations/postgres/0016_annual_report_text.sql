-- The annual report beyond Table 2's entered figures: the narrative staff write, the explanation
-- of a continuity warning, the catalog item the report is published as; what the catalog needs to
-- count Table 2 itself (which documents are 规章 / 行政规范性文件, and when their validity
-- changed); and whether an organization is a government or a department (report deadlines).
-- Kept in step with ../sqlite/0016_annual_report_text.sql.

CREATE TABLE annual_reports (
    org_id           BIGINT NOT NULL REFERENCES organizations(id),
    year             BIGINT NOT NULL,
    overview         TEXT NOT NULL DEFAULT '',
    problems         TEXT NOT NULL DEFAULT '',
    other            TEXT NOT NULL DEFAULT '',
    continuity_note  TEXT NOT NULL DEFAULT '',
    -- Table 3's 「结转下年度继续办理」 as it stood when the report went to the catalog (JSON, 7
    -- numbers): next year's 「上年结转」 is checked against what was published.
    carried_to_next  TEXT,
    document_id      BIGINT REFERENCES documents(id),
    updated_by       TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, year)
);

-- 'rule' (规章), 'normative' (行政规范性文件) or NULL: what Table 2's first block counts.
ALTER TABLE documents ADD COLUMN legal_kind TEXT;

-- 'government' (人民政府: report due 31 March) or 'department' (due 31 January).
ALTER TABLE organizations ADD COLUMN kind TEXT NOT NULL DEFAULT 'department';
UPDATE organizations SET kind = 'government' WHERE name LIKE '%人民政府';

-- Every validity a document has had and since when (Table 2's 本年废止件数 and 现行有效件数 are
-- counted as of a date). Written by triggers, so no path changes a validity without a trace.
CREATE TABLE document_validity (
    id           BIGSERIAL PRIMARY KEY,
    document_id  BIGINT NOT NULL REFERENCES documents(id),
    validity     TEXT NOT NULL,
    changed_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX document_validity_document ON document_validity(document_id, changed_at);

INSERT INTO document_validity (document_id, validity, changed_at)
SELECT id, validity, updated_at FROM documents;

CREATE FUNCTION documents_validity_trace() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.validity <> OLD.validity THEN
        INSERT INTO document_validity (document_id, validity, changed_at)
        VALUES (NEW.id, NEW.validity, NEW.updated_at);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER documents_validity_trace AFTER INSERT OR UPDATE OF validity ON documents
FOR EACH ROW EXECUTE FUNCTION documents_validity_trace();
