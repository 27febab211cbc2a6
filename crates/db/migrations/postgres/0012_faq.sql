-- Frequently asked questions (常见问题), often made from answered messages. Kept in step with
-- ../sqlite/0012_faq.sql.
CREATE TABLE faq_entries (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organizations(id),
    topic       TEXT NOT NULL,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    message_id  BIGINT REFERENCES messages(id),
    published   BOOLEAN NOT NULL DEFAULT TRUE,
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX faq_entries_org ON faq_entries(org_id, topic);
