-- Every webhook delivery minibot acknowledged. The delivery id is GitHub's X-GitHub-Delivery GUID,
-- which a redelivery keeps: the primary key is the dedupe.
CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    event           TEXT NOT NULL,
    action          TEXT,
    installation_id INTEGER,
    repo            TEXT,
    received_at     INTEGER NOT NULL  -- unix milliseconds, UTC
);

-- The durable job queue. `job_key` makes enqueueing idempotent.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    job_key          TEXT NOT NULL UNIQUE,
    payload          TEXT NOT NULL,           -- JSON
    delivery_id      TEXT,
    state            TEXT NOT NULL,           -- queued | running | done | failed
    attempts         INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL,
    run_after        INTEGER NOT NULL,        -- unix ms
    lease_owner      TEXT,
    lease_expires_at INTEGER,                 -- unix ms
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX jobs_claimable ON jobs (state, run_after);

-- The ledger: one row per model call. Money in integer micro-dollars; NULL cost = unpriced model.
-- `work_key` identifies the exact request of a job, so a retry reuses the stored answer instead
-- of paying for it again.
CREATE TABLE llm_calls (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    work_key       TEXT NOT NULL UNIQUE,
    job_id         INTEGER,
    repo           TEXT NOT NULL,
    pr_number      INTEGER,
    task           TEXT NOT NULL,
    model          TEXT NOT NULL,
    input_tokens   INTEGER NOT NULL,
    cached_tokens  INTEGER NOT NULL,
    output_tokens  INTEGER NOT NULL,
    cost_micros    INTEGER,
    response       TEXT NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX llm_calls_pr ON llm_calls (repo, pr_number);

-- Pull requests minibot opened: the branch is their stable identity.
CREATE TABLE bot_pulls (
    repo        TEXT NOT NULL,
    branch      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    source_pr   INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    url         TEXT NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (repo, branch)
);
