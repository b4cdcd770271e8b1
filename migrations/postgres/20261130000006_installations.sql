-- Installations and their repositories, kept from installation / installation_repositories
-- events and a periodic sync, so refresh schedules start and stop with the App's access.
CREATE TABLE installations (
    id          BIGINT PRIMARY KEY,
    account     TEXT NOT NULL,
    suspended   BIGINT NOT NULL DEFAULT 0,
    deleted     BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL
);

-- schedule      the refresh schedule as read from the repository (`weekly@UTC`, `off`, …)
-- last_period   the last period a refresh was queued for (the scheduler's position)
-- refreshed_sha the default branch commit the docs were last brought up to date with
-- refresh_*     minibot's open refresh pull request: its number, the commit minibot last pushed
--               to its branch (another head means a person pushed), and the range it covers
CREATE TABLE repositories (
    repo            TEXT PRIMARY KEY,
    installation_id BIGINT NOT NULL,
    active          BIGINT NOT NULL DEFAULT 1,
    schedule        TEXT NOT NULL DEFAULT 'off',
    last_period     TEXT,
    last_result     TEXT,
    last_run_at     BIGINT,
    refreshed_sha   TEXT,
    refresh_pr      BIGINT,
    refresh_branch_sha TEXT,
    refresh_range   TEXT,
    closed_range    TEXT,
    updated_at      BIGINT NOT NULL
);
