-- The publishing workflow (先审查、后公开): submission, confidentiality review, approval, scheduled
-- release. Kept in step with ../postgres/0006_review.sql.

-- `review_cycle`: reviews and approvals count only for the cycle they were given in; a cycle ends
-- when the content changes under review, at a return, and at a withdrawal. `scheduled_at`: the
-- approved release time of a `scheduled` item. `revises_id`: the item this one is a revision of.
ALTER TABLE documents ADD COLUMN review_cycle INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN scheduled_at TEXT;
ALTER TABLE documents ADD COLUMN revises_id INTEGER REFERENCES documents(id);
CREATE INDEX documents_scheduled ON documents(scheduled_at) WHERE status = 'scheduled';

-- One row per step: `submission`, `review` (保密审查: decision, bases, disclosure mode, reason,
-- the written reason for personal data left in) and `approval` (decision, release time).
-- `imported`: recorded by an import from a named reviewer. Append-only.
CREATE TABLE document_reviews (
    id               INTEGER PRIMARY KEY,
    document_id      INTEGER NOT NULL REFERENCES documents(id),
    cycle            INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('submission', 'review', 'approval')),
    decision         TEXT CHECK (decision IN ('pass', 'return')),
    bases            TEXT NOT NULL DEFAULT '',
    disclosure       TEXT,
    reason           TEXT NOT NULL DEFAULT '',
    override_reason  TEXT NOT NULL DEFAULT '',
    findings         INTEGER NOT NULL DEFAULT 0,
    scheduled_at     TEXT,
    imported         BOOLEAN NOT NULL DEFAULT FALSE,
    actor_id         INTEGER REFERENCES users(id),
    actor_name       TEXT NOT NULL,
    at               TEXT NOT NULL
);
CREATE INDEX document_reviews_document ON document_reviews(document_id, cycle);
CREATE TRIGGER document_reviews_no_update BEFORE UPDATE ON document_reviews
BEGIN SELECT RAISE(ABORT, 'document_reviews are append-only'); END;
CREATE TRIGGER document_reviews_no_delete BEFORE DELETE ON document_reviews
BEGIN SELECT RAISE(ABORT, 'document_reviews are append-only'); END;

-- No path publishes an item without its own review record: whatever code runs, the database
-- refuses an item becoming published without a passed review (主动公开) and a passed approval of
-- its current cycle, and refuses inserting an item as published.
CREATE TRIGGER documents_publish_needs_review BEFORE UPDATE OF status ON documents
WHEN NEW.status = 'published' AND OLD.status <> 'published' AND NOT (
    EXISTS (SELECT 1 FROM document_reviews r WHERE r.document_id = NEW.id
            AND r.cycle = NEW.review_cycle AND r.kind = 'review' AND r.decision = 'pass'
            AND r.disclosure = 'proactive')
    AND EXISTS (SELECT 1 FROM document_reviews r WHERE r.document_id = NEW.id
            AND r.cycle = NEW.review_cycle AND r.kind = 'approval' AND r.decision = 'pass'))
BEGIN SELECT RAISE(ABORT, 'documents: publication needs a passed review and approval of the current cycle'); END;
CREATE TRIGGER documents_insert_unpublished BEFORE INSERT ON documents
WHEN NEW.status = 'published'
BEGIN SELECT RAISE(ABORT, 'documents: an item is inserted unpublished and released through review'); END;
