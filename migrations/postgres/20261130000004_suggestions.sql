-- Suggestions minibot posted, by fingerprint (path + normalised replacement): running
-- /mini suggest again, or after new pushes, posts only what was not suggested before.
CREATE TABLE suggestions (
    repo        TEXT NOT NULL,
    pr_number   BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    path        TEXT NOT NULL,
    line        BIGINT NOT NULL,
    job_id      BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (repo, pr_number, fingerprint)
);
