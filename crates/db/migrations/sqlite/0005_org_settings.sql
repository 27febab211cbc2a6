-- An organization's settings, stored as overrides of the product's documented defaults: a key
-- with no row keeps its default. `scope` groups the keys of one capability ('applications' for
-- the core `application::settings`). Kept in step with ../postgres/0005_org_settings.sql.
CREATE TABLE org_settings (
    org_id         INTEGER NOT NULL REFERENCES organizations(id),
    scope          TEXT NOT NULL,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by_id  INTEGER REFERENCES users(id),
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (org_id, scope, key)
);
