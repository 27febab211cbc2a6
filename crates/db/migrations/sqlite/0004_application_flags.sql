-- Flags of possible repeat (Art. 36(6)) and excessive (Art. 35) applications, raised in the
-- transaction that registers a case, and staff's decision on each. Kept in step with
-- ../postgres/0004_application_flags.sql.

-- `detail` names no person: the earlier case's tracking number and the similarity, or the count
-- in the window. `related_case_id` is the earlier case of a possible repeat. The decision columns
-- stay NULL until staff decide; a decision is final and flags are never deleted (triggers).
CREATE TABLE application_flags (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES application_cases(id),
    kind             TEXT NOT NULL CHECK (kind IN ('repeat', 'excessive')),
    detail           TEXT NOT NULL,
    related_case_id  INTEGER REFERENCES application_cases(id),
    raised_at        TEXT NOT NULL,
    decision         TEXT CHECK (decision IN ('confirmed', 'dismissed')),
    decided_by_id    INTEGER REFERENCES users(id),
    decided_by       TEXT,
    decided_at       TEXT,
    decision_note    TEXT,
    UNIQUE (case_id, kind)
);
CREATE INDEX application_flags_undecided ON application_flags(case_id) WHERE decision IS NULL;
CREATE TRIGGER application_flags_decision_final BEFORE UPDATE ON application_flags
WHEN OLD.decision IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'application_flags: a decision is final'); END;
CREATE TRIGGER application_flags_no_delete BEFORE DELETE ON application_flags
BEGIN SELECT RAISE(ABORT, 'application_flags are never deleted'); END;
