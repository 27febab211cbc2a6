-- Deputies' suggestions (人大代表建议) and CPPCC proposals (政协提案) handled by an organization.
-- Kept in step with ../sqlite/0011_proposals.sql.
CREATE TABLE proposals (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id           BIGINT NOT NULL REFERENCES organizations(id),
    kind             TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')),
    number           TEXT NOT NULL,
    title            TEXT NOT NULL,
    author           TEXT NOT NULL,
    received_on      DATE NOT NULL,
    status           TEXT NOT NULL,
    department_id    BIGINT REFERENCES departments(id),
    assigned_on      DATE,
    due_on           DATE,
    answer           TEXT,
    answered_on      DATE,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    withhold_reason  TEXT,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, kind, number)
);
CREATE INDEX proposals_org ON proposals(org_id, received_on);
