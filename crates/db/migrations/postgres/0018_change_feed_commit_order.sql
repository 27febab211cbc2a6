-- Every node follows catalog_changes in seq order and moves its position past each seq it has
-- read, so a seq must never become visible after a higher one. Identity values are taken when a
-- row is inserted, but transactions commit in any order: a transaction that inserted first and
-- committed last would be skipped by a node that read in between. So each change is numbered
-- again when its transaction commits, under a lock the next committing transaction waits for;
-- the lock is released only once this transaction is visible. (SQLite has one writer at a time.)
CREATE FUNCTION catalog_changes_number_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7316812026);
    UPDATE catalog_changes SET seq = DEFAULT WHERE seq = NEW.seq;
    RETURN NULL;
END; $$;
CREATE CONSTRAINT TRIGGER catalog_changes_commit_order AFTER INSERT ON catalog_changes
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION catalog_changes_number_at_commit();
