-- Flags of possible repeat (Art. 36(6)) and excessive (Art. 35) applications, raised in the
-- transaction that registers a case, and staff's decision on each. Kept in step with
-- ../sqlite/0004_application_flags.sql.

-- `detail` names no person: the earlier case's tracking number and the similarity, or the count
-- in the window. `related_case_id` is the earlier case of a possible repeat. The decision columns
-- stay NULL until staff decide; a decision is final and flags are never deleted (trigger).
CREATE TABLE application_flags (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id          BIGINT NOT NULL REFERENCES application_cases(id),
    kind             TEXT NOT NULL CHECK (kind IN ('repeat', 'excessive')),
    detail           TEXT NOT NULL,
    related_case_id  BIGINT REFERENCES application_cases(id),
    raised_at        TIMESTAMPTZ NOT NULL,
    decision         TEXT CHECK (decision IN ('confirmed', 'dismissed')),
    decided_by_id    BIGINT REFERENCES users(id),
    decided_by       TEXT,
    decided_at       TIMESTAMPTZ,
    decision_note    TEXT,
    UNIQUE (case_id, kind)
);
CREATE INDEX application_flags_undecided ON application_flags(case_id) WHERE decision IS NULL;
CREATE FUNCTION application_flags_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'application_flags are never deleted';
    END IF;
    IF OLD.decision IS NOT NULL THEN
        RAISE EXCEPTION 'application_flags: a decision is final';
    END IF;
    RETURN NEW;
END; $$;
CREATE TRIGGER application_flags_guard BEFORE UPDATE OR DELETE ON application_flags
FOR EACH ROW EXECUTE FUNCTION application_flags_guard();
