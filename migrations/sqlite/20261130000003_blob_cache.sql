-- Texts of documentation pages by git blob sha: a page that did not change is never fetched from
-- GitHub again. Keyed by repository as well, so one installation never reads another's text.
CREATE TABLE blob_cache (
    repo       TEXT NOT NULL,
    sha        TEXT NOT NULL,
    text       TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (repo, sha)
);
