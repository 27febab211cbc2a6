-- Policy interpretations (政策解读, 三同步): an interpretation links to the policy it explains;
-- a policy marked `needs_interpretation` is released only together with an approved one.
-- Kept in step with ../postgres/0007_interpretations.sql.
ALTER TABLE documents ADD COLUMN interprets_id INTEGER REFERENCES documents(id);
ALTER TABLE documents ADD COLUMN needs_interpretation BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX documents_interprets ON documents(interprets_id) WHERE interprets_id IS NOT NULL;
