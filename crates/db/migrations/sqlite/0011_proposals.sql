-- Deputies' suggestions (人大代表建议) and CPPCC proposals (政协提案) handled by an organization.
-- Kept in step with ../postgres/0011_proposals.sql.
CREATE TABLE proposals (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organizations(id),
    kind             TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')),
    number           TEXT NOT NULL,
    title            TEXT NOT NULL,
    author           TEXT NOT NULL,
    received_on      TEXT NOT NULL,
    status           TEXT NOT NULL,
    department_id    INTEGER REFERENCES departments(id),
    assigned_on      TEXT,
    due_on           TEXT,
    answer           TEXT,
    answered_on      TEXT,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    withhold_reason  TEXT,
    updated_at       TEXT NOT NULL,
    UNIQUE (org_id, kind, number)
);
CREATE INDEX proposals_org ON proposals(org_id, received_on);
