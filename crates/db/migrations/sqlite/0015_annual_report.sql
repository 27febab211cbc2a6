-- The Table 2 figures of the annual report that the platform does not own (行政许可, 行政处罚,
-- 收费 …), entered by staff with their source. Kept in step with ../postgres/0015_annual_report.sql.
CREATE TABLE annual_report_figures (
    org_id      INTEGER NOT NULL REFERENCES organizations(id),
    year        INTEGER NOT NULL,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, year, key)
);
