-- Work plans (政务公开工作要点): an imported plan, its tasks, the units they name and how those map
-- to departments, progress reported by the units with evidence, and the disclosure office's
-- completion reviews, the e-mail reminders sent. Staff now belong to a department ("my tasks")
-- and may have an e-mail address (reminders, when an SMTP server is configured).
-- Kept in step with ../postgres/0017_work_plans.sql.

ALTER TABLE users ADD COLUMN department_id INTEGER REFERENCES departments(id);
ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE work_plans (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations(id),
    year         INTEGER NOT NULL,
    title        TEXT NOT NULL,
    issuer       TEXT,
    doc_no       TEXT,
    written_on   TEXT,
    source_name  TEXT NOT NULL,
    -- What the parser could not read cleanly when it was imported (JSON list of Chinese texts).
    problems     TEXT NOT NULL DEFAULT '[]',
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX work_plans_org ON work_plans(org_id, year);

-- Each unit name the plan uses, once, and what it stands for: one department, every department
-- (各处室), or nothing yet.
CREATE TABLE work_plan_units (
    plan_id          INTEGER NOT NULL REFERENCES work_plans(id),
    name             TEXT NOT NULL,
    department_id    INTEGER REFERENCES departments(id),
    all_departments  BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (plan_id, name)
);

CREATE TABLE work_plan_tasks (
    id              INTEGER PRIMARY KEY,
    plan_id         INTEGER NOT NULL REFERENCES work_plans(id),
    position        INTEGER NOT NULL,
    part_number     TEXT NOT NULL,
    part_title      TEXT NOT NULL,
    section_number  TEXT NOT NULL,
    section_title   TEXT NOT NULL,
    number          TEXT NOT NULL,
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    deadline_text   TEXT,
    deadline        TEXT,
    -- The deadline, or the end of the plan's year.
    due_on          TEXT NOT NULL,
    -- Derived: the date the office accepted the completion (the last accepting review).
    completed_on    TEXT,
    updated_at      TEXT NOT NULL
);
CREATE INDEX work_plan_tasks_plan ON work_plan_tasks(plan_id, position);

CREATE TABLE work_plan_task_units (
    task_id   INTEGER NOT NULL REFERENCES work_plan_tasks(id),
    role      TEXT NOT NULL CHECK (role IN ('lead', 'responsible')),
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (task_id, role, position)
);
CREATE INDEX work_plan_task_units_name ON work_plan_task_units(name);

-- Progress reported on a task; `completion` marks a report that the task is done, for review.
CREATE TABLE work_plan_progress (
    id             INTEGER PRIMARY KEY,
    task_id        INTEGER NOT NULL REFERENCES work_plan_tasks(id),
    completion     BOOLEAN NOT NULL DEFAULT FALSE,
    text           TEXT NOT NULL,
    happened_on    TEXT NOT NULL,
    department_id  INTEGER REFERENCES departments(id),
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX work_plan_progress_task ON work_plan_progress(task_id, id);

-- Evidence of a progress entry: a catalog item, or an uploaded file (bytes in `blobs`).
CREATE TABLE work_plan_evidence (
    id            INTEGER PRIMARY KEY,
    progress_id   INTEGER NOT NULL REFERENCES work_plan_progress(id),
    document_id   INTEGER REFERENCES documents(id),
    file_name     TEXT,
    content_type  TEXT,
    size          INTEGER,
    sha256        TEXT REFERENCES blobs(sha256),
    CHECK ((document_id IS NULL) <> (sha256 IS NULL))
);
CREATE INDEX work_plan_evidence_progress ON work_plan_evidence(progress_id);

CREATE TABLE work_plan_reviews (
    id          INTEGER PRIMARY KEY,
    task_id     INTEGER NOT NULL REFERENCES work_plan_tasks(id),
    -- The completion report decided: one decision each.
    progress_id INTEGER NOT NULL UNIQUE REFERENCES work_plan_progress(id),
    decision    TEXT NOT NULL CHECK (decision IN ('accept', 'return')),
    note        TEXT NOT NULL,
    decided_on  TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX work_plan_reviews_task ON work_plan_reviews(task_id, id);

-- E-mail reminders sent: one per task, staff member and kind ('due_soon', 'overdue'). A node
-- claims a reminder by inserting its row (the key makes the claim once for all nodes) and
-- removes the row again when sending failed, so that a later pass retries.
CREATE TABLE work_plan_reminders (
    task_id  INTEGER NOT NULL REFERENCES work_plan_tasks(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    kind     TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    sent_on  TEXT NOT NULL,
    PRIMARY KEY (task_id, user_id, kind)
);
