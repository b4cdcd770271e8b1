from casekit import Cases, F

c = Cases("strata")
D = "docs/"

# ---------------------------------------------------------------- direct
c.add("direct", "Wait up to 120s for the run lock by default",
  body="Rolling deploys with 20+ replicas that all migrate on startup regularly exceeded 60s of waiting behind the one replica that actually applies migrations.",
  files=[
    F("strata-core/src/lock.rs", "modified", r"""
@@ 11
-pub const DEFAULT_RUN_LOCK_TIMEOUT: Duration = Duration::from_secs(60);
+pub const DEFAULT_RUN_LOCK_TIMEOUT: Duration = Duration::from_secs(120);
 
 /// Serialises concurrent migration runs against the same migrations table.
 pub struct RunLock<'c> {
"""),
    F("strata-cli/src/config.rs", "modified", r"""
@@ 88 | impl Default for MigrationsConfig {
             lock_timeout: Some(Duration::from_secs(10)),
             statement_timeout: None,
-            run_lock_timeout: Duration::from_secs(60),
+            run_lock_timeout: strata_core::lock::DEFAULT_RUN_LOCK_TIMEOUT,
             out_of_order: OutOfOrder::Deny,
"""),
  ],
  truth=[D + "concepts/locking.md", D + "configuration/strata-toml.md"])

c.add("direct", "config: default connect_timeout to 30s",
  body="Serverless Postgres providers (Neon, Aurora Serverless) can take 15-20 seconds to wake up a suspended compute; 10s made the first `strata up` of the day fail.",
  files=[
    F("strata-cli/src/config.rs", "modified", r"""
@@ 61 | impl Default for DatabaseConfig {
     fn default() -> Self {
         Self {
             url: None,
             schema: None,
             dialect: None,
-            connect_timeout: Duration::from_secs(10),
+            connect_timeout: Duration::from_secs(30),
             connect_retries: 0,
         }
     }
"""),
  ],
  truth=[D + "configuration/strata-toml.md"])

c.add("direct", "completions: add nushell",
  files=[
    F("strata-cli/src/commands/completions.rs", "modified", r"""
@@ 3
 use clap::CommandFactory;
-use clap_complete::{generate, Shell};
+use clap_complete::{generate, Generator, Shell};
+use clap_complete_nushell::Nushell;
 
-pub fn run(shell: Shell) -> anyhow::Result<()> {
+#[derive(Clone, Copy, Debug, clap::ValueEnum)]
+pub enum CompletionShell {
+    Bash, Zsh, Fish, Powershell, Elvish, Nushell,
+}
+
+pub fn run(shell: CompletionShell) -> anyhow::Result<()> {
     let mut cmd = crate::args::Cli::command();
-    generate(shell, &mut cmd, "strata", &mut std::io::stdout());
+    let out = &mut std::io::stdout();
+    match shell {
+        CompletionShell::Nushell => generate(Nushell, &mut cmd, "strata", out),
+        CompletionShell::Bash => generate(Shell::Bash, &mut cmd, "strata", out),
+        CompletionShell::Zsh => generate(Shell::Zsh, &mut cmd, "strata", out),
+        CompletionShell::Fish => generate(Shell::Fish, &mut cmd, "strata", out),
+        CompletionShell::Powershell => generate(Shell::PowerShell, &mut cmd, "strata", out),
+        CompletionShell::Elvish => generate(Shell::Elvish, &mut cmd, "strata", out),
+    }
     Ok(())
 }
"""),
    F("strata-cli/Cargo.toml", "modified", r"""
@@ 19 | [dependencies]
 clap = { version = "4.5", features = ["derive", "env", "wrap_help"] }
 clap_complete = "4.5"
+clap_complete_nushell = "4.5"
"""),
  ],
  truth=[D + "getting-started/installation.md"])

c.add("direct", "new: transliterate non-ASCII names",
  body="`strata new \"Ajouter réduction\"` produced `ajouter_r_duction`. Transliterate to ASCII first (`ajouter_reduction`) and collapse repeated underscores.",
  files=[
    F("strata-cli/src/commands/new.rs", "modified", r"""
@@ 71 | fn migration_name(input: &str) -> Result<String, CliError> {
-    let name: String = input
-        .trim()
-        .chars()
-        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
-        .collect();
+    let ascii = deunicode::deunicode(input.trim());
+    let mut name = String::with_capacity(ascii.len());
+    for c in ascii.chars() {
+        if c.is_ascii_alphanumeric() {
+            name.push(c.to_ascii_lowercase());
+        } else if !name.ends_with('_') {
+            name.push('_');
+        }
+    }
+    let name = name.trim_matches('_').to_owned();
     if name.is_empty() {
         return Err(CliError::usage("migration name must contain at least one letter or digit"));
     }
     Ok(name)
 }
"""),
  ],
  truth=[D + "cli/new.md"])

c.add("direct", "checksum: ignore a leading UTF-8 BOM",
  body="Files saved by some Windows editors start with a BOM. It is invisible in diffs and caused confusing S101 errors after someone opened and saved a migration.",
  files=[
    F("strata-core/src/checksum.rs", "modified", r"""
@@ 8 | /// Normalises a script before hashing so that checkouts on different platforms agree.
 fn normalise(script: &str) -> String {
-    let mut out = String::with_capacity(script.len());
-    for line in script.split('\n') {
+    let script = script.strip_prefix('\u{feff}').unwrap_or(script);
+    let mut out = String::with_capacity(script.len());
+    for line in script.split('\n') {
         out.push_str(line.trim_end_matches(['\r', ' ', '\t']));
         out.push('\n');
     }
     out
 }
"""),
    F("strata-core/tests/checksum.rs", "modified", r"""
@@ 28
     );
 }
+
+#[test]
+fn bom_does_not_change_checksum() {
+    let plain = "CREATE TABLE t (id int);\n";
+    let with_bom = "\u{feff}CREATE TABLE t (id int);\r\n";
+    assert_eq!(checksum(plain), checksum(with_bom));
+}
"""),
  ],
  truth=[D + "concepts/migrations-table.md", D + "troubleshooting.md"])

c.add("direct", "status: show the last 50 migrations by default",
  body="Projects with years of history printed thousands of lines. `--limit 0` shows everything.",
  files=[
    F("strata-cli/src/commands/status.rs", "modified", r"""
@@ 14 | pub struct StatusArgs {
     #[arg(long)]
     pending: bool,
-    /// Only show the last N migrations.
-    #[arg(long)]
-    limit: Option<usize>,
+    /// Only show the last N migrations (0 = all).
+    #[arg(long, default_value_t = 50)]
+    limit: usize,
@@ 51 | pub async fn run(args: StatusArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
     let rows = migrator.status().await?;
-    let rows = match args.limit {
-        Some(n) => &rows[rows.len().saturating_sub(n)..],
-        None => &rows[..],
-    };
+    let hidden = if args.limit == 0 { 0 } else { rows.len().saturating_sub(args.limit) };
+    let rows = &rows[hidden..];
+    if hidden > 0 {
+        ctx.out.note(format!("{hidden} older migrations not shown (use --limit 0)"));
+    }
     print_table(rows, &ctx.out);
"""),
  ],
  truth=[D + "cli/status.md"])

c.add("direct", "down: confirm --to when it reverts more than one migration",
  files=[
    F("strata-cli/src/commands/down.rs", "modified", r"""
@@ 63 | pub async fn run(args: DownArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
     let plan = migrator.plan_revert(target).await?;
-    let needs_confirmation = args.all || args.steps.unwrap_or(1) > 1 || is_production_env();
+    let needs_confirmation = args.all || plan.len() > 1 || is_production_env();
     if needs_confirmation && !args.yes {
-        confirm(&format!("Revert {} migrations?", plan.len()))?;
+        confirm(&format!(
+            "Revert {} migrations (down to {})?",
+            plan.len(),
+            plan.last().map(|m| m.version.to_string()).unwrap_or_default()
+        ))?;
     }
"""),
  ],
  truth=[D + "cli/down.md"])

c.add("direct", "lint: don't flag CREATE INDEX on tables created in the same migration",
  body="A new, empty table can't be blocked by anything; requiring CONCURRENTLY there forced people into no-transaction migrations for no reason.",
  files=[
    F("strata-core/src/lint/postgres.rs", "modified", r"""
@@ 42 | fn create_index_blocking(stmt: &Statement, ctx: &LintContext) -> Option<Finding> {
     let Statement::CreateIndex { concurrently, table, .. } = stmt else { return None };
-    if *concurrently {
+    if *concurrently || ctx.created_in_this_migration(table) {
         return None;
     }
"""),
    F("strata-core/tests/lint.rs", "modified", r"""
@@ 56
     );
 }
+
+#[test]
+fn index_on_new_table_is_fine() {
+    let findings = lint_pg("CREATE TABLE t (id int); CREATE INDEX t_id ON t (id);");
+    assert!(findings.iter().all(|f| f.rule != "create-index-blocking"));
+}
"""),
  ],
  truth=[D + "cli/lint.md"])

c.add("direct", "mysql: accept lower-case ssl-mode values",
  files=[
    F("strata-core/src/driver/mysql.rs", "modified", r"""
@@ 37 | fn parse_ssl_mode(value: &str) -> Result<MySqlSslMode, Error> {
-    match value {
+    match value.to_ascii_uppercase().replace('-', "_").as_str() {
         "DISABLED" => Ok(MySqlSslMode::Disabled),
         "PREFERRED" => Ok(MySqlSslMode::Preferred),
         "REQUIRED" => Ok(MySqlSslMode::Required),
         "VERIFY_CA" => Ok(MySqlSslMode::VerifyCa),
         "VERIFY_IDENTITY" => Ok(MySqlSslMode::VerifyIdentity),
-        other => Err(Error::config(format!("invalid ssl-mode `{other}`"))),
+        _ => Err(Error::config(format!(
+            "invalid ssl-mode `{value}` (expected disabled, preferred, required, verify_ca or verify_identity)"
+        ))),
     }
 }
"""),
  ],
  truth=[D + "databases/mysql.md"])

c.add("direct", "sqlite: name the offending tables in foreign key violations",
  files=[
    F("strata-core/src/driver/sqlite.rs", "modified", r"""
@@ 119 | async fn check_foreign_keys(conn: &mut SqliteConnection, m: &Migration) -> Result<(), Error> {
     let rows: Vec<(String, i64, String, i64)> =
         sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&mut *conn).await?;
     if rows.is_empty() {
         return Ok(());
     }
-    Err(Error::new(Code::S303, format!("foreign key violations after migration {}", m.id())))
+    let mut tables: Vec<String> = rows.iter().map(|(t, _, parent, _)| format!("{t} → {parent}")).collect();
+    tables.dedup();
+    Err(Error::new(
+        Code::S303,
+        format!("{} foreign key violation(s) after migration {}: {}", rows.len(), m.id(), tables.join(", ")),
+    ))
 }
"""),
  ],
  truth=[D + "databases/sqlite.md", D + "errors.md"])

c.add("direct", "up: include checksum in JSON output",
  files=[
    F("strata-cli/src/output.rs", "modified", r"""
@@ 45 | #[derive(Serialize)]
 struct AppliedLine<'a> {
     version: i64,
     name: &'a str,
     status: &'static str,
     duration_ms: u64,
+    checksum: &'a str,
 }
@@ 71 | pub fn applied(&self, m: &Migration, took: Duration) {
             Format::Json => self.json(&AppliedLine {
                 version: m.version,
                 name: &m.name,
                 status: "applied",
                 duration_ms: took.as_millis() as u64,
+                checksum: &m.checksum,
             }),
"""),
  ],
  truth=[D + "cli/up.md"])

c.add("direct", "postgres: include the version in application_name",
  body="Makes it possible to tell which Strata version holds a lock in `pg_stat_activity`.",
  files=[
    F("strata-core/src/driver/postgres.rs", "modified", r"""
@@ 26 | pub(crate) fn connect_options(url: &Url) -> Result<PgConnectOptions, Error> {
     let mut opts: PgConnectOptions = url.as_str().parse()?;
     if !url.query_pairs().any(|(k, _)| k == "application_name") {
-        opts = opts.application_name("strata");
+        opts = opts.application_name(concat!("strata/", env!("CARGO_PKG_VERSION")));
     }
     Ok(opts)
 }
"""),
  ],
  truth=[D + "databases/postgresql.md", D + "troubleshooting.md"])

c.add("direct", "baseline: allow re-baselining over a previous baseline row",
  body="Teams that squash migrations periodically need to move the baseline forward. If the table contains only baseline rows, replace them instead of failing with S106.",
  files=[
    F("strata-core/src/history.rs", "modified", r"""
@@ 140 | pub(crate) async fn insert_baseline(&mut self, version: i64, name: &str) -> Result<(), Error> {
-    if self.count().await? > 0 {
+    let kinds = self.kinds().await?;
+    if kinds.iter().any(|k| *k != Kind::Baseline) {
         return Err(Error::new(Code::S106, "cannot baseline: migrations table is not empty"));
     }
+    self.delete_kind(Kind::Baseline).await?;
     self.insert(version, name, "", Kind::Baseline).await
 }
"""),
    F("strata-cli/src/commands/baseline.rs", "modified", r"""
@@ 29 | pub async fn run(args: BaselineArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
-    if args.if_empty && migrator.history().await?.len() > 0 {
+    if args.if_empty && migrator.history().await?.iter().any(|r| r.kind != Kind::Baseline) {
         return Ok(ExitCode::SUCCESS);
     }
"""),
  ],
  truth=[D + "cli/baseline.md"])

c.add("direct", "placeholders: allow dots and dashes in names",
  body="Lets people namespace placeholders (`${reporting.schema}`), matching TOML dotted keys.",
  files=[
    F("strata-core/src/placeholders.rs", "modified", r"""
@@ 4
 use regex::Regex;

-static PLACEHOLDER: Lazy<Regex> = Lazy::new(|| Regex::new(r"\$(\$?)\{([A-Za-z0-9_]+|strata:[a-z_]+)\}").unwrap());
+static PLACEHOLDER: Lazy<Regex> =
+    Lazy::new(|| Regex::new(r"\$(\$?)\{([A-Za-z0-9_][A-Za-z0-9_.-]*|strata:[a-z_]+)\}").unwrap());

 pub struct Placeholders {
"""),
    F("strata-core/tests/parse.rs", "modified", r"""
@@ 100
     );
 }
+
+#[test]
+fn dotted_placeholder_names() {
+    let p = placeholders([("reporting.schema", "rpt")]);
+    assert_eq!(p.apply("GRANT USAGE ON SCHEMA ${reporting.schema} TO x").unwrap(), "GRANT USAGE ON SCHEMA rpt TO x");
+}
"""),
  ],
  truth=[D + "configuration/placeholders.md"])

c.add("direct", "hooks: call on_error after the rollback",
  body="`on_error` ran inside the failed transaction, so any query it made failed with `current transaction is aborted`. It now runs after rollback, on a fresh connection.",
  files=[
    F("strata-core/src/migrator.rs", "modified", r"""
@@ 212 |     async fn apply_one(&self, conn: &mut Conn, m: &Migration) -> Result<Duration, Error> {
         let result = self.run_in_tx(&mut tx, m).await;
         if let Err(err) = result {
-            self.hooks.on_error(&mut HookContext::new(&mut tx), m, &err).await.ok();
             tx.rollback().await?;
+            // The transaction is aborted at this point on PostgreSQL; give the hook a usable connection.
+            self.hooks.on_error(&mut HookContext::new(conn), m, &err).await.ok();
             return Err(err);
         }
"""),
    F("strata-core/src/hooks.rs", "modified", r"""
@@ 38 | pub trait Hooks: Send + Sync {
-    /// Called when a migration fails, before its transaction is rolled back.
+    /// Called when a migration fails, after its transaction was rolled back.
+    /// `ctx.conn()` is a plain connection outside any transaction.
     async fn on_error(&self, ctx: &mut HookContext<'_>, m: &Migration, err: &Error) -> Result<()> {
"""),
  ],
  truth=[D + "library/hooks.md"])

c.add("direct", "install.sh: honour XDG_BIN_HOME",
  files=[
    F("install.sh", "modified", r"""
@@ 12
-INSTALL_DIR="${STRATA_INSTALL_DIR:-$HOME/.local/bin}"
+# Precedence: STRATA_INSTALL_DIR, then XDG_BIN_HOME, then ~/.local/bin
+INSTALL_DIR="${STRATA_INSTALL_DIR:-${XDG_BIN_HOME:-$HOME/.local/bin}}"
 
 mkdir -p "$INSTALL_DIR"
 if ! echo ":$PATH:" | grep -q ":$INSTALL_DIR:"; then
"""),
  ],
  truth=[D + "getting-started/installation.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "config: fail on unset variables in strata.toml",
  body="`url = \"${DATABASE_URL}\"` with DATABASE_URL unset expanded to an empty string and produced a confusing S401 later. Referencing an unset variable without a default is now an S403 error naming the variable. `${VAR:-}` keeps the old behaviour.",
  files=[
    F("strata-cli/src/env.rs", "modified", r"""
@@ 18 | pub fn expand_vars(input: &str, key: &str) -> Result<String, ConfigError> {
     let mut out = String::with_capacity(input.len());
     let mut rest = input;
     while let Some(start) = rest.find("${") {
         out.push_str(&rest[..start]);
         let end = rest[start..].find('}').ok_or_else(|| ConfigError::unterminated(key))? + start;
         let expr = &rest[start + 2..end];
         let (name, default) = match expr.split_once(":-") {
             Some((n, d)) => (n, Some(d)),
             None => (expr, None),
         };
-        out.push_str(&std::env::var(name).ok().or(default.map(str::to_owned)).unwrap_or_default());
+        match std::env::var(name).ok().or(default.map(str::to_owned)) {
+            Some(v) => out.push_str(&v),
+            None => {
+                return Err(ConfigError::invalid(
+                    key,
+                    format!("environment variable `{name}` is not set (use `${{{name}:-}}` to allow that)"),
+                ))
+            }
+        }
         rest = &rest[end + 1..];
     }
"""),
  ],
  truth=[D + "configuration/strata-toml.md", D + "troubleshooting.md"])

c.add("misleading", "mysql: also set innodb_lock_wait_timeout from lock_timeout",
  body="`lock_wait_timeout` only covers metadata locks. Row-lock waits during DML in migrations (backfills) used InnoDB's 50s default. Set both, and round up to whole seconds as before.",
  files=[
    F("strata-core/src/driver/mysql.rs", "modified", r"""
@@ 88 | async fn set_lock_timeout(conn: &mut MySqlConnection, timeout: Option<Duration>) -> Result<(), Error> {
     let Some(t) = timeout.filter(|t| !t.is_zero()) else { return Ok(()) };
     let secs = t.as_secs() + u64::from(t.subsec_nanos() > 0);
-    sqlx::query(&format!("SET SESSION lock_wait_timeout = {secs}")).execute(&mut *conn).await?;
+    sqlx::query(&format!(
+        "SET SESSION lock_wait_timeout = {secs}, SESSION innodb_lock_wait_timeout = {secs}"
+    ))
+    .execute(&mut *conn)
+    .await?;
     Ok(())
 }
"""),
  ],
  truth=[D + "concepts/locking.md"])

c.add("misleading", "S101: show both checksums and how to resolve",
  files=[
    F("strata-core/src/plan.rs", "modified", r"""
@@ 77 | fn check_applied(applied: &AppliedRow, file: &Migration) -> Result<(), Error> {
     if applied.checksum != file.checksum {
-        return Err(Error::new(
-            Code::S101,
-            format!("checksum mismatch for applied migration {}", file.id()),
-        ));
+        return Err(Error::new(
+            Code::S101,
+            format!(
+                "checksum mismatch for applied migration {} (recorded {}, file {})",
+                file.id(),
+                short(&applied.checksum),
+                short(&file.checksum)
+            ),
+        )
+        .with_help("revert the edit, or run `strata repair` if the change is cosmetic"));
     }
     Ok(())
 }
"""),
  ],
  truth=[D + "errors.md"])

c.add("misleading", "baseline: import failed Flyway migrations as dirty",
  body="`--from-flyway` skipped rows with `success = false`, so a database with a failed Flyway migration looked clean to Strata. Import them as dirty so that `strata up` stops until someone looks.",
  files=[
    F("strata-core/src/import/flyway.rs", "modified", r"""
@@ 31 | pub(crate) async fn import(conn: &mut Conn, history: &mut History) -> Result<ImportReport, Error> {
-    let rows = fetch_rows(conn, "SELECT version, description, checksum, installed_on, execution_time FROM flyway_schema_history WHERE success").await?;
+    let rows = fetch_rows(conn, "SELECT version, description, checksum, installed_on, execution_time, success FROM flyway_schema_history").await?;
     let mut report = ImportReport::default();
     for row in rows {
         let Some(version) = row.version.as_deref().and_then(parse_flyway_version) else {
             report.skipped_repeatable += 1;
             continue;
         };
-        history.insert_imported(version, &row.description, row.installed_on, row.execution_time).await?;
+        history
+            .insert_imported(version, &row.description, row.installed_on, row.execution_time, !row.success)
+            .await?;
+        if !row.success {
+            report.dirty.push(version);
+        }
         report.imported += 1;
     }
"""),
  ],
  truth=[D + "guides/existing-database.md"])

c.add("misleading", "Reject no-transaction migrations with several statements",
  body="A second statement failing in a `no-transaction` migration leaves the first applied and the migration unrecorded, and re-running it fails forever. The docs already advised one statement; now it's enforced (new code S109), overridable with `-- strata:allow-multiple-statements`.",
  files=[
    F("strata-core/src/directives.rs", "modified", r"""
@@ 52 | pub(crate) fn validate(m: &Migration) -> Result<(), Error> {
+    if m.directives.no_transaction
+        && !m.directives.allow_multiple_statements
+        && crate::split::count_statements(&m.up_sql, m.dialect) > 1
+    {
+        return Err(Error::new(
+            Code::S109,
+            format!("no-transaction migration {} must contain a single statement", m.id()),
+        ));
+    }
     Ok(())
 }
"""),
    F("strata-core/src/error.rs", "modified", r"""
@@ 21 | pub enum Code {
     S108,
+    /// no-transaction migration contains several statements
+    S109,
     S110,
"""),
  ],
  truth=[D + "concepts/transactions.md", D + "errors.md"])

c.add("misleading", "postgres: detect transaction-mode poolers",
  body="Running through PgBouncer in transaction mode silently broke advisory locks. We now check whether two consecutive statements see the same `pg_backend_pid()`; if not, fail with S405 and suggest STRATA_DATABASE_URL.",
  files=[
    F("strata-core/src/driver/postgres.rs", "modified", r"""
@@ 61 | pub(crate) async fn prepare_session(conn: &mut PgConnection) -> Result<(), Error> {
+    let a: i32 = sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut *conn).await?;
+    let b: i32 = sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut *conn).await?;
+    if a != b {
+        return Err(Error::new(
+            Code::S405,
+            "connection goes through a transaction-mode pooler; use a direct connection (STRATA_DATABASE_URL)",
+        ));
+    }
     sqlx::query("SET application_name = 'strata'").execute(&mut *conn).await?;
"""),
    F("strata-core/src/error.rs", "modified", r"""
@@ 40 | pub enum Code {
     S404,
+    /// session state doesn't persist: transaction-mode pooler detected
+    S405,
 }
"""),
  ],
  truth=[D + "databases/postgresql.md", D + "errors.md"])

c.add("misleading", "down --all: require typing the database name",
  body="`strata down --all` on the wrong `DATABASE_URL` is catastrophic. Interactively, ask for the database name instead of y/N. `--yes` still skips the prompt for scripts.",
  files=[
    F("strata-cli/src/commands/down.rs", "modified", r"""
@@ 66 |     if needs_confirmation && !args.yes {
-        confirm(&format!("Revert {} migrations?", plan.len()))?;
+        if args.all {
+            let db = migrator.database_name().await?;
+            confirm_typed(
+                &format!("This reverts ALL {} migrations of database `{db}`. Type the database name to continue", plan.len()),
+                &db,
+            )?;
+        } else {
+            confirm(&format!("Revert {} migrations?", plan.len()))?;
+        }
     }
"""),
    F("strata-cli/src/confirm.rs", "modified", r"""
@@ 21
     Ok(())
 }

+pub fn confirm_typed(prompt: &str, expected: &str) -> Result<(), CliError> {
+    if !std::io::stdin().is_terminal() {
+        return Err(CliError::usage("refusing to continue without a terminal; pass --yes"));
+    }
+    let answer: String = dialoguer::Input::new().with_prompt(prompt).interact_text()?;
+    if answer.trim() != expected {
+        return Err(CliError::aborted("database name did not match"));
+    }
+    Ok(())
+}
"""),
  ],
  truth=[D + "cli/down.md"])

c.add("misleading", "init: write .gitattributes to keep migration line endings stable",
  body="Checksums are normalised, but `git diff` still showed whole-file changes for CRLF checkouts, which hid real edits in review.",
  files=[
    F("strata-cli/src/commands/init.rs", "modified", r"""
@@ 34 | pub fn run(args: InitArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
     fs::create_dir_all(&migrations_dir)?;
     ctx.out.created(&migrations_dir);
+    let attrs = migrations_dir.join(".gitattributes");
+    if !attrs.exists() {
+        fs::write(&attrs, "*.sql text eol=lf\n")?;
+        ctx.out.created(&attrs);
+    }
     if !args.no_config {
         write_default_config(&config_path, &args)?;
         ctx.out.created(&config_path);
     }
"""),
  ],
  truth=[D + "getting-started/tutorial.md", D + "cli/overview.md"])

c.add("misleading", "Speed up checksum validation",
  body="`validate` re-read and re-hashed every repeatable migration and reported changed ones as errors, although changed repeatables are simply re-applied by `up`. Report them as informational (`outdated`) and only hash versioned files that are applied.",
  files=[
    F("strata-cli/src/commands/validate.rs", "modified", r"""
@@ 38 | pub async fn run(args: ValidateArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
     let report = migrator.validate().await?;
-    let problems: Vec<_> = report.problems.iter().filter(|p| !args.ignore.contains(&p.code)).collect();
+    let (outdated, problems): (Vec<_>, Vec<_>) = report
+        .problems
+        .iter()
+        .filter(|p| !args.ignore.contains(&p.code))
+        .partition(|p| p.migration.as_ref().is_some_and(|m| m.is_repeatable()));
+    for p in &outdated {
+        ctx.out.note(format!("{} is outdated and will be re-applied by `strata up`", p.id()));
+    }
"""),
    F("strata-core/src/plan.rs", "modified", r"""
@@ 49 | pub(crate) fn validate(applied: &[AppliedRow], files: &[Migration]) -> Vec<Problem> {
     let mut problems = Vec::new();
     let applied_versions: HashSet<i64> = applied.iter().map(|r| r.version).collect();
-    for file in files {
+    for file in files.iter().filter(|f| f.is_repeatable() || applied_versions.contains(&f.version)) {
         if let Some(row) = applied.iter().find(|r| r.version == file.version) {
"""),
  ],
  truth=[D + "cli/validate-repair.md"])

c.add("misleading", "postgres: default to sslmode=require for remote hosts",
  body="Without an explicit `sslmode`, connections to non-local hosts could fall back to plaintext (`prefer`). Default to `require` unless the host is localhost or a Unix socket.",
  files=[
    F("strata-core/src/driver/postgres.rs", "modified", r"""
@@ 26 | pub(crate) fn connect_options(url: &Url) -> Result<PgConnectOptions, Error> {
     let mut opts: PgConnectOptions = url.as_str().parse()?;
+    let explicit_ssl = url.query_pairs().any(|(k, _)| k == "sslmode");
+    let local = matches!(url.host_str(), None | Some("localhost" | "127.0.0.1" | "::1"))
+        || url.host_str().is_some_and(|h| h.starts_with('%'));
+    if !explicit_ssl && !local {
+        opts = opts.ssl_mode(PgSslMode::Require);
+    }
"""),
  ],
  truth=[D + "databases/postgresql.md"])

# ---------------------------------------------------------------- new identifiers
c.add("new_identifier", "Add `strata squash`",
  body="Automates the squash recipe from the FAQ: dumps the schema at `--to` into a new migration with that version, moves older files to `migrations/archive/`, and prints the `repair` command to run on existing databases.",
  files=[
    F("strata-cli/src/commands/mod.rs", "modified", r"""
@@ 9
 pub mod repair;
 pub mod baseline;
 pub mod lint;
+pub mod squash;
 pub mod completions;
"""),
    F("strata-cli/src/args.rs", "modified", r"""
@@ 57 | pub enum Command {
     /// Check migrations for risky operations.
     Lint(commands::lint::LintArgs),
+    /// Replace all migrations up to a version with a single schema dump.
+    Squash(commands::squash::SquashArgs),
     /// Print shell completions.
     Completions { shell: commands::completions::CompletionShell },
"""),
    F("strata-cli/src/main.rs", "modified", r"""
@@ 44 |     let code = match cli.command {
         Command::Lint(args) => commands::lint::run(args, &ctx).await?,
+        Command::Squash(args) => commands::squash::run(args, &ctx).await?,
         Command::Completions { shell } => commands::completions::run(shell).map(|_| ExitCode::SUCCESS)?,
"""),
  ],
  truth=[D + "cli/overview.md", D + "faq.md"])

c.add("new_identifier", "lint: add truncate-table rule",
  files=[
    F("strata-core/src/lint/rules.rs", "modified", r"""
@@ 12 | pub static RULES: &[RuleDef] = &[
     RuleDef { name: "drop-table", level: Level::Error, check: drop_table },
+    RuleDef { name: "truncate-table", level: Level::Error, check: truncate_table },
     RuleDef { name: "rename-column", level: Level::Error, check: rename_column },
@@ 137
     ))
 }

+fn truncate_table(stmt: &Statement, _ctx: &LintContext) -> Option<Finding> {
+    let Statement::Truncate { table_names, .. } = stmt else { return None };
+    Some(Finding::new(
+        format!("TRUNCATE {} deletes all rows and takes an ACCESS EXCLUSIVE lock", join_names(table_names)),
+        "delete in batches, or drop-and-recreate in a later release",
+    ))
+}
"""),
  ],
  truth=[D + "cli/lint.md"])

c.add("new_identifier", "Retry migrations that hit the lock timeout",
  body="New `migrations.lock_retries` (and `--lock-retries`): when a migration fails with S202, wait with backoff (1s, 2s, 4s…) and retry it up to N times. Default 0.",
  files=[
    F("strata-cli/src/config.rs", "modified", r"""
@@ 79 | pub struct MigrationsConfig {
     pub lock_timeout: Option<Duration>,
+    /// Retries for a migration that fails with S202 (lock timeout).
+    pub lock_retries: u32,
     pub statement_timeout: Option<Duration>,
"""),
    F("strata-core/src/migrator.rs", "modified", r"""
@@ 198 |     async fn apply_with_retries(&self, conn: &mut Conn, m: &Migration) -> Result<Duration, Error> {
-        self.apply_one(conn, m).await
+        let mut attempt = 0;
+        loop {
+            match self.apply_one(conn, m).await {
+                Err(e) if e.code() == Code::S202 && attempt < self.lock_retries => {
+                    attempt += 1;
+                    let wait = Duration::from_secs(1 << (attempt - 1).min(5));
+                    tracing::warn!(migration = %m.id(), attempt, ?wait, "lock timeout, retrying");
+                    tokio::time::sleep(wait).await;
+                }
+                other => return other,
+            }
+        }
     }
"""),
  ],
  truth=[D + "concepts/locking.md", D + "configuration/strata-toml.md"])

c.add("new_identifier", "library: add Migrator::plan for dry runs",
  files=[
    F("strata-core/src/migrator.rs", "modified", r"""
@@ 116 | impl Migrator {
         self.hooks = Box::new(hooks);
         self
     }

+    /// Returns the migrations `run()` would apply, in order, without applying anything.
+    /// Placeholders are substituted in the returned SQL.
+    pub async fn plan(&self) -> Result<Vec<PlannedMigration>, Error> {
+        let mut conn = self.driver.connect().await?;
+        let applied = History::new(&self.table).load(&mut conn).await?;
+        let pending = crate::plan::pending(&applied, &self.source.load()?, self.allow_out_of_order)?;
+        pending
+            .into_iter()
+            .map(|m| Ok(PlannedMigration { sql: self.placeholders.apply(&m.up_sql)?, migration: m }))
+            .collect()
+    }
+
     /// Applies all pending migrations.
     pub async fn run(&self) -> Result<Report, Error> {
"""),
    F("strata-core/src/lib.rs", "modified", r"""
@@ 17
 pub use hooks::{HookContext, Hooks};
-pub use migrator::{Migrator, Source};
+pub use migrator::{Migrator, PlannedMigration, Source};
 pub use report::Report;
"""),
  ],
  truth=[D + "library/embedding.md"])

c.add("new_identifier", "placeholders: add ${strata:database}",
  files=[
    F("strata-core/src/placeholders.rs", "modified", r"""
@@ 31 | fn builtin(name: &str, ctx: &RunContext) -> Option<String> {
     match name {
         "schema" => ctx.schema.clone(),
         "table" => Some(ctx.table.clone()),
         "user" => ctx.user.clone(),
+        "database" => ctx.database.clone(),
         "version" => ctx.current.map(|v| v.to_string()),
         _ => None,
     }
"""),
  ],
  truth=[D + "configuration/placeholders.md"])

c.add("new_identifier", "logging: JSON log output",
  body="`STRATA_LOG_FORMAT=json` switches stderr logs to one JSON object per line, for log pipelines in CI/CD systems.",
  files=[
    F("strata-cli/src/main.rs", "modified", r"""
@@ 17 | fn init_logging(verbosity: u8) {
     let filter = EnvFilter::try_from_env("STRATA_LOG").unwrap_or_else(|_| default_filter(verbosity));
-    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
+    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
+    match std::env::var("STRATA_LOG_FORMAT").as_deref() {
+        Ok("json") => builder.json().flatten_event(true).init(),
+        Ok("text") | Err(_) => builder.init(),
+        Ok(other) => {
+            builder.init();
+            tracing::warn!("unknown STRATA_LOG_FORMAT `{other}`, using text");
+        }
+    }
 }
"""),
  ],
  truth=[D + "configuration/environment-variables.md"])

# ---------------------------------------------------------------- renames / removals
c.add("rename", "repair: rename --remove-missing to --forget-missing",
  body="\"remove\" made people think files would be deleted. The rows are forgotten; files aren't touched. Old flag kept as hidden alias.",
  files=[
    F("strata-cli/src/commands/repair.rs", "modified", r"""
@@ 8 | pub struct RepairArgs {
     #[arg(long)]
     dry_run: bool,
-    /// Delete rows of migrations whose files are missing (S102).
-    #[arg(long)]
-    remove_missing: bool,
+    /// Forget (delete the rows of) applied migrations whose files are missing (S102).
+    #[arg(long, alias = "remove-missing")]
+    forget_missing: bool,
     /// Clear the dirty flag after fixing a failed MySQL migration by hand.
@@ 44 | pub async fn run(args: RepairArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
-    if args.remove_missing {
+    if args.forget_missing {
         for row in report.missing() {
"""),
    F("strata-core/src/error.rs", "modified", r"""
@@ 57 | impl Code {
             Code::S101 => "revert the edit, or run `strata repair` if the change is cosmetic",
-            Code::S102 => "restore the file, or run `strata repair --remove-missing`",
+            Code::S102 => "restore the file, or run `strata repair --forget-missing`",
             Code::S103 => "rename one of the files; `strata new` avoids this",
"""),
  ],
  truth=[D + "cli/validate-repair.md", D + "errors.md", D + "faq.md"])

c.add("rename", "config: replace out_of_order with allow_out_of_order",
  body="The three-valued `out_of_order = \"deny\" | \"warn\" | \"allow\"` is replaced by a boolean `allow_out_of_order`; `warn` was equivalent to allow + a log line, which now always happens. The old key is still accepted with a deprecation warning.",
  files=[
    F("strata-cli/src/config.rs", "modified", r"""
@@ 82 | pub struct MigrationsConfig {
     pub run_lock_timeout: Duration,
-    pub out_of_order: OutOfOrder,
+    #[serde(default)]
+    pub allow_out_of_order: bool,
+    /// Deprecated, mapped onto `allow_out_of_order`.
+    #[serde(default, rename = "out_of_order", skip_serializing)]
+    legacy_out_of_order: Option<OutOfOrder>,
     pub placeholders: BTreeMap<String, String>,
@@ 117 | impl MigrationsConfig {
             run_lock_timeout: self.run_lock_timeout,
         }
     }
+
+    pub(crate) fn migrate_legacy(&mut self, warn: impl Fn(&str)) {
+        if let Some(v) = self.legacy_out_of_order.take() {
+            warn("migrations.out_of_order is deprecated; use allow_out_of_order = true|false");
+            self.allow_out_of_order = !matches!(v, OutOfOrder::Deny);
+        }
+    }
"""),
  ],
  truth=[D + "configuration/strata-toml.md", D + "concepts/migration-files.md"])

c.add("rename", "hooks: rename HookContext::conn to transaction",
  files=[
    F("strata-core/src/hooks.rs", "modified", r"""
@@ 12 | impl<'a> HookContext<'a> {
-    /// The connection running the current migration.
-    pub fn conn(&mut self) -> &mut Conn {
+    /// The transaction of the current migration (a plain connection for
+    /// `no-transaction` migrations and outside `before_each`/`after_each`).
+    pub fn transaction(&mut self) -> &mut Conn {
         self.conn
     }
+
+    #[deprecated(since = "1.8.0", note = "use `transaction()`")]
+    pub fn conn(&mut self) -> &mut Conn {
+        self.transaction()
+    }
"""),
  ],
  truth=[D + "library/hooks.md"])

c.add("rename", "Remove the 0.x command aliases migrate and rollback",
  body="Hidden since 1.0. Removing them frees `strata migrate` for a future subcommand group.",
  message="cli: drop `migrate` and `rollback` aliases\n\nBREAKING CHANGE: use `strata up` / `strata down`.",
  files=[
    F("strata-cli/src/args.rs", "modified", r"""
@@ 33 | pub enum Command {
     /// Apply pending migrations.
-    #[command(alias = "migrate")]
     Up(commands::up::UpArgs),
     /// Revert migrations.
-    #[command(alias = "rollback")]
     Down(commands::down::DownArgs),
"""),
    F("strata-cli/tests/cli.rs", "modified", r"""
@@ 198
     strata().arg("--version").assert().success();
 }

-#[test]
-fn legacy_aliases_still_work() {
-    strata().arg("migrate").arg("--help").assert().success();
-    strata().arg("rollback").arg("--help").assert().success();
-}
+#[test]
+fn legacy_aliases_are_gone() {
+    strata().arg("migrate").assert().failure().code(2);
+}
"""),
  ],
  truth=[D + "changelog.md"])

# ---------------------------------------------------------------- path mirrors
c.add("path_mirror", "status: show how long each migration took",
  files=[
    F("strata-cli/src/commands/status.rs", "modified", r"""
@@ 71 | fn print_table(rows: &[StatusRow], out: &Output) {
-    let mut table = out.table(["VERSION", "NAME", "STATE", "APPLIED AT"]);
+    let mut table = out.table(["VERSION", "NAME", "STATE", "APPLIED AT", "TOOK"]);
     for r in rows {
         table.row([
             r.version_label(),
             r.name.clone(),
             r.state.colored(),
             r.applied_at.map(format_utc).unwrap_or_default(),
+            r.duration_ms.map(|ms| format_ms(ms)).unwrap_or_default(),
         ]);
     }
"""),
    F("strata-cli/tests/snapshots/status.snap", "modified", r"""
@@ 1
 source: strata-cli/tests/cli.rs
 ---
-VERSION         NAME           STATE     APPLIED AT
-20240611093012  create_users   applied   2024-06-11 09:31:40 UTC
+VERSION         NAME           STATE     APPLIED AT               TOOK
+20240611093012  create_users   applied   2024-06-11 09:31:40 UTC  12 ms

 Database is at 20240611093012.
"""),
  ],
  truth=[D + "cli/status.md"])

c.add("path_mirror", "new: expose the git author to templates",
  body="Templates can now use `{{author}}` (from `git config user.name`, empty outside a repository).",
  files=[
    F("strata-cli/src/commands/new.rs", "modified", r"""
@@ 102 | fn render_template(tpl: &str, version: i64, name: &str) -> String {
-    tpl.replace("{{name}}", name)
+    let author = git_author().unwrap_or_default();
+    tpl.replace("{{name}}", name)
         .replace("{{version}}", &version.to_string())
         .replace("{{date}}", &chrono::Utc::now().format("%Y-%m-%d").to_string())
+        .replace("{{author}}", &author)
+}
+
+fn git_author() -> Option<String> {
+    let out = std::process::Command::new("git").args(["config", "user.name"]).output().ok()?;
+    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
 }
"""),
  ],
  truth=[D + "cli/new.md"])

c.add("path_mirror", "mysql splitter: case-insensitive, multi-character DELIMITER",
  body="`delimiter $$` (lower case, as written by many GUI tools) was sent to the server verbatim and failed.",
  files=[
    F("strata-core/src/driver/mysql.rs", "modified", r"""
@@ 140 | fn split_statements(sql: &str) -> Result<Vec<String>, Error> {
     for line in sql.lines() {
-        if let Some(rest) = line.trim_start().strip_prefix("DELIMITER ") {
-            delimiter = rest.trim().to_owned();
+        let trimmed = line.trim_start();
+        if trimmed.len() > 10 && trimmed[..10].eq_ignore_ascii_case("delimiter ") {
+            let d = trimmed[10..].trim();
+            if d.is_empty() || d.contains(char::is_whitespace) {
+                return Err(Error::parse(format!("invalid DELIMITER `{d}`")));
+            }
+            delimiter = d.to_owned();
             continue;
         }
"""),
    F("strata-core/tests/mysql.rs", "modified", r"""
@@ 64
     );
 }
+
+#[test]
+fn lowercase_delimiter_directive() {
+    let parts = split_statements("delimiter $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END $$\ndelimiter ;\nSELECT 2;").unwrap();
+    assert_eq!(parts.len(), 2);
+}
"""),
  ],
  truth=[D + "databases/mysql.md"])

c.add("path_mirror", "baseline: refuse versions newer than every migration file",
  body="A typo (`2024010100000` instead of `20240101000000`) silently marked every future migration as applied. Without `--force`, the version must match an existing migration or be older than the newest file.",
  files=[
    F("strata-cli/src/commands/baseline.rs", "modified", r"""
@@ 12 | pub struct BaselineArgs {
     #[arg(long)]
     if_empty: bool,
+    /// Allow a version newer than every migration file.
+    #[arg(long)]
+    force: bool,
@@ 30 | pub async fn run(args: BaselineArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
 pub async fn run(args: BaselineArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
     let migrator = ctx.migrator().await?;
+    let newest = migrator.source().newest_version()?;
+    if !args.force && newest.is_some_and(|n| args.version > n) {
+        return Err(CliError::usage(format!(
+            "baseline version {} is newer than the newest migration ({}); pass --force if that's intended",
+            args.version,
+            newest.unwrap()
+        ))
+        .into());
+    }
     if args.if_empty && migrator.history().await?.len() > 0 {
"""),
  ],
  truth=[D + "cli/baseline.md"])

c.add("rename", "Remove the native-tls feature",
  body="native-tls pulled in OpenSSL on Linux, broke our static musl builds and was used by <1% of installs (crates.io feature stats). rustls is now the only TLS backend.",
  message="build: remove native-tls feature\n\nBREAKING CHANGE: `--features native-tls` no longer exists; rustls is always used.",
  files=[
    F("strata-core/src/driver/tls_native.rs", "removed", r"""
//! TLS configuration for the `native-tls` feature.

use crate::error::{Code, Error};

pub(crate) fn check_root_cert(path: &std::path::Path) -> Result<(), Error> {
    let pem = std::fs::read(path).map_err(|e| Error::new(Code::S402, format!("cannot read {}: {e}", path.display())))?;
    native_tls::Certificate::from_pem(&pem)
        .map(|_| ())
        .map_err(|e| Error::new(Code::S402, format!("invalid root certificate {}: {e}", path.display())))
}
"""),
    F("strata-core/Cargo.toml", "modified", r"""
@@ 14 | [features]
 default = ["postgres", "mysql", "sqlite", "rustls"]
 postgres = ["sqlx/postgres"]
 mysql = ["sqlx/mysql"]
 sqlite = ["sqlx/sqlite"]
 rustls = ["sqlx/runtime-tokio-rustls"]
-native-tls = ["sqlx/runtime-tokio-native-tls", "dep:native-tls"]
@@ 27 | [dependencies]
 once_cell = "1"
-native-tls = { version = "0.2", optional = true }
 regex = "1.10"
"""),
    F("strata-core/src/driver/mod.rs", "modified", r"""
@@ 3
 #[cfg(feature = "sqlite")]
 pub(crate) mod sqlite;
-#[cfg(feature = "native-tls")]
-mod tls_native;
-#[cfg(all(feature = "native-tls", feature = "rustls"))]
-compile_error!("features `native-tls` and `rustls` are mutually exclusive");
 
 use crate::error::Error;
"""),
  ],
  truth=[D + "getting-started/installation.md"])

c.write()
