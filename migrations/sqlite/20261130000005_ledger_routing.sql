-- Every attempt of a model call is a ledger row: fallbacks, failures and cache hits included.
-- model        the model that answered (or was tried); model_asked: the first model of the route
-- outcome      ok | unusable | error | cache_hit
-- work_group   the work a job asked for, whichever model did it: a retried job reuses its answer
-- request_hash the exact request (model, messages, parameters): the response cache's key
ALTER TABLE llm_calls ADD COLUMN model_asked TEXT;
ALTER TABLE llm_calls ADD COLUMN installation_id INTEGER;
ALTER TABLE llm_calls ADD COLUMN outcome TEXT NOT NULL DEFAULT 'ok';
ALTER TABLE llm_calls ADD COLUMN error TEXT;
ALTER TABLE llm_calls ADD COLUMN latency_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE llm_calls ADD COLUMN saved_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE llm_calls ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE llm_calls ADD COLUMN work_group TEXT;
ALTER TABLE llm_calls ADD COLUMN request_hash TEXT;
CREATE INDEX llm_calls_work_group ON llm_calls (work_group);
CREATE INDEX llm_calls_request_hash ON llm_calls (request_hash);
CREATE INDEX llm_calls_created ON llm_calls (created_at);
CREATE INDEX llm_calls_repo_created ON llm_calls (repo, created_at);

-- Jobs a budget stopped before any model call (for /metrics and reports).
CREATE TABLE budget_refusals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id      INTEGER,
    repo        TEXT NOT NULL,
    installation_id INTEGER,
    scope       TEXT NOT NULL,
    spent_micros    INTEGER NOT NULL,
    estimate_micros INTEGER NOT NULL,
    budget_micros   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
