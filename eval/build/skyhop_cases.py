from casekit import Cases, F

c = Cases("skyhop")
W = "website/docs/"

# ---------------------------------------------------------------- direct
c.add("direct", "deploy: allow up to 64 parallel uploads",
  body="Users on fast CI runners asked for more parallelism. The API now accepts 64 concurrent upload streams per deploy, so raise the cap for `--concurrency` and `deploy.concurrency`.",
  message="deploy: raise the concurrency cap from 32 to 64",
  files=[
    F("src/config/schema.ts", "modified", r"""
@@ 41 | export const deploySchema = z.object({
   concurrency: z
     .number()
     .int()
     .min(1)
-    .max(32, 'must be an integer between 1 and 32')
+    .max(MAX_CONCURRENCY, `must be an integer between 1 and ${MAX_CONCURRENCY}`)
     .optional(),
   ignore: z.array(z.string()).default([]),
   clean_urls: z.boolean().default(true),
"""),
    F("src/config/defaults.ts", "modified", r"""
@@ 3
 export const DEFAULT_CONCURRENCY = 8;
+export const MAX_CONCURRENCY = 64;
 export const DEFAULT_TIMEOUT_SECONDS = 600;
 export const DEFAULT_API_URL = 'https://api.skyhop.dev';
"""),
    F("src/commands/deploy.ts", "modified", r"""
@@ 58 | export const deployCommand = new Command('deploy')
   .option('--no-build', 'skip build.command')
-  .option('--concurrency <n>', 'parallel uploads (1-32)', parseIntFlag)
+  .option('--concurrency <n>', `parallel uploads (1-${MAX_CONCURRENCY})`, parseIntFlag)
   .option('--no-wait', 'return as soon as files are uploaded')
@@ 112 |   const concurrency = resolveConcurrency(opts, config);
-  if (concurrency < 1 || concurrency > 32) {
-    throw new UsageError(`--concurrency must be between 1 and 32, got ${concurrency}`);
+  if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
+    throw new UsageError(`--concurrency must be between 1 and ${MAX_CONCURRENCY}, got ${concurrency}`);
   }
"""),
  ],
  truth=[W + "cli/deploy.md", W + "reference/configuration.md"])

c.add("direct", "domains verify --wait: poll every 5s for up to 15 minutes",
  body="Certificate issuance got slower on some registrars; 10 minutes wasn't enough and users re-ran the command. Poll more often and for longer.",
  files=[
    F("src/commands/domains.ts", "modified", r"""
@@ 14
 import {formatDnsRecords} from '../output/dns.js';
 
-const VERIFY_POLL_INTERVAL_MS = 10_000;
-const VERIFY_MAX_WAIT_MS = 10 * 60_000;
+const VERIFY_POLL_INTERVAL_MS = 5_000;
+const VERIFY_MAX_WAIT_MS = 15 * 60_000;
 
@@ 121 | async function verify(domain: string, opts: VerifyOptions) {
   if (!opts.wait) {
     return printVerification(await api.verifyDomain(site.id, domain));
   }
-  spinner.start(`Waiting for ${domain} (checking every 10s, up to 10 minutes)`);
+  spinner.start(`Waiting for ${domain} (checking every 5s, up to 15 minutes)`);
   const deadline = Date.now() + VERIFY_MAX_WAIT_MS;
"""),
  ],
  truth=[W + "cli/domains.md"])

c.add("direct", "logs: raise --limit maximum to 500",
  files=[
    F("src/commands/logs.ts", "modified", r"""
@@ 22 | export const logsCommand = new Command('logs')
   .option('--deploy <id>', 'print the log of one deploy')
   .option('-f, --follow', 'stream until the deploy finishes')
-  .option('--limit <n>', 'number of deploys to list (max 100)', parseIntFlag, 20)
+  .option('--limit <n>', 'number of deploys to list (max 500)', parseIntFlag, 20)
   .option('--state <state>', 'only list deploys in this state')
@@ 47 |   .action(async (opts: LogsOptions) => {
-    if (opts.limit < 1 || opts.limit > 100) {
-      throw new UsageError('--limit must be between 1 and 100');
+    if (opts.limit < 1 || opts.limit > 500) {
+      throw new UsageError('--limit must be between 1 and 500');
     }
-    const deploys = await api.listDeploys(site.id, {limit: opts.limit, state: opts.state});
+    const deploys = await api.listDeploysPaged(site.id, {limit: opts.limit, state: opts.state});
"""),
  ],
  truth=[W + "cli/logs.md"])

c.add("direct", "env: accept lower-case variable names",
  body="Some frameworks read lower-case variables (e.g. `npm_config_*`). The API accepts them since last week; relax the client-side check.\n\nKeys still can't start with `SKYHOP_` in any case.",
  files=[
    F("src/env/validate.ts", "modified", r"""
@@ 1
-const KEY_PATTERN = /^[A-Z_][A-Z0-9_]*$/;
+const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
 const RESERVED_PREFIX = 'SKYHOP_';
 
 export function validateEnvKey(key: string): void {
   if (!KEY_PATTERN.test(key)) {
     throw new UsageError(
-      `Invalid variable name "${key}": use upper-case letters, digits and underscores, not starting with a digit.`,
+      `Invalid variable name "${key}": use letters, digits and underscores, not starting with a digit.`,
     );
   }
-  if (key.startsWith(RESERVED_PREFIX)) {
+  if (key.toUpperCase().startsWith(RESERVED_PREFIX)) {
     throw new UsageError(`Variable names starting with ${RESERVED_PREFIX} are reserved.`);
   }
 }
"""),
    F("test/env.test.ts", "modified", r"""
@@ 9 | describe('validateEnvKey', () => {
   it('accepts upper-case keys', () => {
     expect(() => validateEnvKey('PUBLIC_API_URL')).not.toThrow();
   });
+
+  it('accepts lower-case keys', () => {
+    expect(() => validateEnvKey('npm_config_registry')).not.toThrow();
+  });
 
   it('rejects the reserved prefix', () => {
     expect(() => validateEnvKey('SKYHOP_FOO')).toThrow(/reserved/);
+    expect(() => validateEnvKey('skyhop_foo')).toThrow(/reserved/);
   });
"""),
  ],
  truth=[W + "cli/env.md"])

c.add("direct", "headers: reject Alt-Svc and Connection in header rules",
  body="The edge strips these anyway, which confused people who set them. Fail at deploy time instead.",
  files=[
    F("src/headers/validate.ts", "modified", r"""
@@ 4
 const MANAGED_HEADERS = new Set([
   'content-length',
   'date',
   'server',
   'transfer-encoding',
+  'connection',
+  'alt-svc',
 ]);
 
 export function validateHeaderRule(rule: HeaderRule, where: string): Diagnostic[] {
"""),
    F("test/headers.test.ts", "modified", r"""
@@ 31 | describe('validateHeaderRule', () => {
     expect(diags[0].message).toMatch(/managed by the edge/);
   });
+
+  it.each(['Connection', 'Alt-Svc'])('rejects %s', (name) => {
+    const diags = validateHeaderRule({for: '/*', values: {[name]: 'x'}}, 'skyhop.toml:3');
+    expect(diags).toHaveLength(1);
+  });
 });
"""),
  ],
  truth=[W + "guides/headers-and-caching.md"])

c.add("direct", "cache policy: recognise base64url content hashes as fingerprints",
  body="Vite 5 and Rollup 4 emit hashes like `index-BdS8a1xQ.js`, which our hex-only regex didn't match, so those bundles got `max-age=3600` instead of `immutable`.",
  message="cache-policy: treat 8+ char base64url hashes as fingerprints\n\nFixes #812",
  files=[
    F("src/headers/cache-policy.ts", "modified", r"""
@@ 6
-// A fingerprint is 8 or more hex characters between separators, e.g. app.4f1a9c2e.js
-const FINGERPRINT = /[.-][0-9a-f]{8,}\./i;
+// A fingerprint is 8 or more hex or base64url characters between separators, e.g.
+// app.4f1a9c2e.js (webpack) or index-BdS8a1xQ.js (Vite 5 / Rollup 4). Pure words such
+// as "component" are excluded by requiring at least one digit.
+const FINGERPRINT = /[.-](?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{8,}\./;
 
 export function defaultCacheControl(path: string, contentType: string): string {
"""),
    F("test/headers.test.ts", "modified", r"""
@@ 52 | describe('defaultCacheControl', () => {
   it('marks hex-hashed assets immutable', () => {
     expect(defaultCacheControl('/assets/app.4f1a9c2e.js', 'text/javascript')).toContain('immutable');
   });
+
+  it('marks base64url-hashed assets immutable', () => {
+    expect(defaultCacheControl('/assets/index-BdS8a1xQ.js', 'text/javascript')).toContain('immutable');
+  });
+
+  it('does not treat plain words as hashes', () => {
+    expect(defaultCacheControl('/assets/component-library.css', 'text/css')).toBe('public, max-age=3600');
+  });
"""),
  ],
  truth=[W + "guides/headers-and-caching.md"])

c.add("direct", "limits: raise redirect rules per site to 5,000",
  files=[
    F("src/deploy/limits.ts", "modified", r"""
@@ 8 | export const PLAN_LIMITS: Record<Plan, PlanLimits> = {
   free: {
     maxFileBytes: 25 * MB,
     maxFiles: 20_000,
-    maxRedirectRules: 2_000,
+    maxRedirectRules: 5_000,
     maxHeaderRules: 100,
   },
   pro: {
     maxFileBytes: 25 * MB,
     maxFiles: 50_000,
-    maxRedirectRules: 2_000,
+    maxRedirectRules: 5_000,
     maxHeaderRules: 100,
   },
"""),
    F("test/limits.test.ts", "modified", r"""
@@ 40
-  it('rejects more than 2,000 redirect rules on free', () => {
-    const rules = Array.from({length: 2_001}, (_, i) => rule(`/r${i}`));
+  it('rejects more than 5,000 redirect rules on free', () => {
+    const rules = Array.from({length: 5_001}, (_, i) => rule(`/r${i}`));
     expect(() => checkRuleLimits(rules, [], PLAN_LIMITS.free)).toThrow(/E_TOO_MANY_RULES/);
   });
"""),
  ],
  truth=[W + "reference/limits.md", W + "guides/redirects.md"])

c.add("direct", "login: device codes now expire after 10 minutes",
  body="The auth service shortened device-code lifetime to 10 minutes (security review SEC-211). Update the client countdown and the timeout message.",
  files=[
    F("src/auth/device-flow.ts", "modified", r"""
@@ 12
-const DEVICE_CODE_TTL_MS = 15 * 60_000;
+const DEVICE_CODE_TTL_MS = 10 * 60_000;
 
 export async function deviceLogin(client: ApiClient, opts: DeviceLoginOptions): Promise<Token> {
@@ 58 |     if (Date.now() > expiresAt) {
       throw new CliError(
         'E_DEVICE_CODE_EXPIRED',
-        'The login code expired after 15 minutes. Run "skyhop login" again.',
+        'The login code expired after 10 minutes. Run "skyhop login" again.',
       );
     }
"""),
  ],
  truth=[W + "cli/login.md"])

c.add("direct", "whoami: include token expiry in output",
  body="Adds `expiresAt` to `whoami --json` and prints `expires in N days` for device-flow tokens.",
  files=[
    F("src/commands/whoami.ts", "modified", r"""
@@ 18 |   .action(async () => {
     const creds = await resolveCredentials(globalOpts());
     const me = await api(creds).me();
+    const expiresAt = me.token.expiresAt ?? null;
 
     if (isJson()) {
-      return printJson({email: me.email, team: me.team.slug, source: creds.source});
+      return printJson({email: me.email, team: me.team.slug, source: creds.source, expiresAt});
     }
-    log.info(`${me.email} (team: ${me.team.slug}) — token from ${describeSource(creds)}`);
+    const expiry = expiresAt ? `, expires in ${daysUntil(expiresAt)} days` : '';
+    log.info(`${me.email} (team: ${me.team.slug}) — token from ${describeSource(creds)}${expiry}`);
   });
"""),
  ],
  truth=[W + "cli/login.md"])

c.add("direct", "alias: allow names up to 63 characters",
  body="The 40-character limit was arbitrary; the real constraint is the DNS label (`<alias>--<site>` must fit in 63 chars). Long branch names were being rejected.",
  files=[
    F("src/deploy/alias.ts", "modified", r"""
@@ 3
-const MAX_ALIAS_LENGTH = 40;
+const MAX_LABEL_LENGTH = 63;
 const ALIAS_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
 
-export function normalizeAlias(input: string): string {
+export function normalizeAlias(input: string, siteName: string): string {
   const alias = input.toLowerCase().replace(/[/_]/g, '-');
   if (alias.startsWith('d-')) {
     throw new UsageError(`Alias "${alias}" is reserved: names starting with "d-" are deploy IDs.`);
   }
-  if (alias.length > MAX_ALIAS_LENGTH || !ALIAS_PATTERN.test(alias)) {
+  const max = MAX_LABEL_LENGTH - siteName.length - 2;
+  if (alias.length > max || !ALIAS_PATTERN.test(alias)) {
     throw new UsageError(
-      `Invalid alias "${alias}": use 1-40 lowercase letters, digits and hyphens.`,
+      `Invalid alias "${alias}": use 1-${max} lowercase letters, digits and hyphens (the alias and site name together must fit in 63 characters).`,
     );
   }
   return alias;
"""),
    F("test/alias.test.ts", "modified", r"""
@@ 14
-  it('rejects aliases longer than 40 characters', () => {
-    expect(() => normalizeAlias('a'.repeat(41))).toThrow(/1-40/);
+  it('rejects aliases that overflow the DNS label', () => {
+    expect(() => normalizeAlias('a'.repeat(55), 'my-site')).toThrow(/1-54/);
+    expect(normalizeAlias('a'.repeat(54), 'my-site')).toHaveLength(54);
   });
"""),
  ],
  truth=[W + "guides/preview-deployments.md"])

c.add("direct", "Check for updates weekly and never in non-interactive shells",
  files=[
    F("src/util/update-check.ts", "modified", r"""
@@ 7
-const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000; // once a day
+const CHECK_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000; // once a week
 
 export function shouldCheckForUpdate(env: NodeJS.ProcessEnv, state: UpdateState): boolean {
   if (env.SKYHOP_NO_UPDATE_CHECK || env.CI) return false;
+  if (!process.stderr.isTTY) return false;
   return Date.now() - state.lastCheckedAt > CHECK_INTERVAL_MS;
 }
"""),
  ],
  truth=[W + "getting-started/installation.mdx", W + "reference/environment-variables.md"])

c.add("direct", "api: retry 429 responses up to five times",
  body="Large teams hitting the per-token rate limit saw `E_RATE_LIMITED` during bursts of `domains verify` calls. Retry more and cap Retry-After at 60s.",
  files=[
    F("src/api/retry.ts", "modified", r"""
@@ 5
-const MAX_RATE_LIMIT_RETRIES = 3;
+const MAX_RATE_LIMIT_RETRIES = 5;
+const MAX_RETRY_AFTER_MS = 60_000;
 
 export async function withRateLimitRetry<T>(fn: () => Promise<Response>): Promise<Response> {
   for (let attempt = 0; ; attempt++) {
     const res = await fn();
     if (res.status !== 429 || attempt >= MAX_RATE_LIMIT_RETRIES) return res;
-    const wait = parseRetryAfter(res.headers.get('retry-after')) ?? 2 ** attempt * 1000;
+    const wait = Math.min(
+      parseRetryAfter(res.headers.get('retry-after')) ?? 2 ** attempt * 1000,
+      MAX_RETRY_AFTER_MS,
+    );
     log.debug(`rate limited, retrying in ${wait}ms (attempt ${attempt + 1})`);
     await sleep(wait);
   }
"""),
  ],
  truth=[W + "reference/limits.md"])

c.add("direct", "rollback: production lock expires after 24 hours",
  body="Forgotten locks were the #1 cause of \"my deploy didn't go live\" tickets. Locks created by `skyhop rollback` now expire after 24h; the CLI prints when.",
  files=[
    F("src/commands/rollback.ts", "modified", r"""
@@ 71 |   const result = await api.publishDeploy(site.id, target.id, {
-    lock: opts.lock,
+    lock: opts.lock ? {expiresInSeconds: LOCK_TTL_SECONDS} : false,
   });
   spinner.succeed(`Deploy ${target.id} is live`);
   if (opts.lock) {
-    log.warn('Production is locked: `skyhop deploy --prod` will not publish until you run `skyhop rollback --unlock`.');
+    log.warn(
+      `Production is locked until ${formatTime(result.lock.expiresAt)}: ` +
+        '`skyhop deploy --prod` will not publish until then or until you run `skyhop rollback --unlock`.',
+    );
   }
"""),
    F("src/config/defaults.ts", "modified", r"""
@@ 6
 export const DEFAULT_TIMEOUT_SECONDS = 600;
 export const DEFAULT_API_URL = 'https://api.skyhop.dev';
+export const LOCK_TTL_SECONDS = 24 * 60 * 60;
"""),
  ],
  truth=[W + "guides/rollbacks.md", W + "cli/rollback.md"])

c.add("direct", "sites rename: keep the old subdomain redirect for 90 days",
  files=[
    F("src/commands/sites.ts", "modified", r"""
@@ 96 | sitesCommand
   .command('rename <new-name>')
   .description('rename the linked site')
   .action(async (newName: string) => {
     const site = await requireSite();
     const renamed = await api.renameSite(site.id, newName);
     log.success(`Renamed ${site.name} to ${renamed.name}`);
-    log.info(`${site.name}.skyhop.app will redirect to ${renamed.name}.skyhop.app for 30 days.`);
+    log.info(
+      `${site.name}.skyhop.app will redirect to ${renamed.name}.skyhop.app until ${formatDate(renamed.previousNameExpiresAt)} (90 days).`,
+    );
   });
"""),
    F("src/api/types.ts", "modified", r"""
@@ 34 | export interface Site {
   id: string;
   name: string;
   teamId: string;
   productionUrl: string;
+  /** When the redirect from the previous `<name>.skyhop.app` stops, after a rename. */
+  previousNameExpiresAt?: string;
 }
"""),
  ],
  truth=[W + "cli/sites.md", W + "concepts/sites-and-teams.md"])

c.add("direct", "Run build.ignore_command in build.base",
  body="`build.ignore_command` ran in the folder of skyhop.toml while `build.command` ran in `build.base`. In monorepos that meant the two commands saw different relative paths. Run both in `build.base`.\n\nThis changes the meaning of relative paths in existing ignore commands; called out in the release notes.",
  files=[
    F("src/build/run.ts", "modified", r"""
@@ 33 | export async function shouldSkipBuild(config: ResolvedConfig): Promise<boolean> {
   const cmd = config.build.ignore_command;
   if (!cmd) return false;
-  const {exitCode} = await execShell(cmd, {cwd: config.root, env: buildEnv(config)});
+  const {exitCode} = await execShell(cmd, {cwd: config.build.baseDir, env: buildEnv(config)});
-  log.debug(`build.ignore_command exited with ${exitCode} (cwd: ${config.root})`);
+  log.debug(`build.ignore_command exited with ${exitCode} (cwd: ${config.build.baseDir})`);
   return exitCode === 0;
 }
"""),
  ],
  truth=[W + "guides/monorepos.md", W + "reference/configuration.md"])

c.add("direct", "ignore: skip __MACOSX and .vercel/.netlify folders by default",
  body="Zips extracted on macOS and sites migrated from other hosts were uploading junk folders.",
  files=[
    F("src/deploy/ignore.ts", "modified", r"""
@@ 3
 export const DEFAULT_IGNORES = [
   '.git/',
   '.svn/',
   '.hg/',
   'node_modules/',
   '.DS_Store',
   'Thumbs.db',
   'desktop.ini',
+  '__MACOSX/',
+  '.vercel/',
+  '.netlify/',
   '.skyhop/',
   'skyhop.toml',
   '.env',
   '.env.*',
 ];
"""),
  ],
  truth=[W + "guides/ignoring-files.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "deploy: resolve --dir relative to --cwd",
  body="`skyhop deploy --cwd apps/docs --dir build` looked for `./build` in the shell's directory instead of `apps/docs/build`. Resolve `--dir` against the effective working directory.",
  files=[
    F("src/commands/deploy.ts", "modified", r"""
@@ 131 | async function resolvePublishDir(opts: DeployOptions, config: ResolvedConfig): Promise<string> {
   if (opts.dir) {
-    return path.resolve(process.cwd(), opts.dir);
+    // --dir is relative to the effective working directory (--cwd), like every other path flag.
+    return path.resolve(globalOpts().cwd ?? process.cwd(), opts.dir);
   }
   if (config.build.publish) {
     return path.resolve(config.root, config.build.publish);
   }
"""),
    F("test/deploy.test.ts", "modified", r"""
@@ 88 | describe('resolvePublishDir', () => {
+  it('resolves --dir against --cwd', async () => {
+    setGlobalOpts({cwd: '/repo/apps/docs'});
+    expect(await resolvePublishDir({dir: 'build'} as DeployOptions, emptyConfig)).toBe('/repo/apps/docs/build');
+  });
+
   it('falls back to build.publish', async () => {
"""),
  ],
  truth=[W + "cli/deploy.md"])

c.add("misleading", "auth: fall back to SKYHOP_AUTH_TOKEN when SKYHOP_TOKEN is empty",
  body="GitHub Actions sets `SKYHOP_TOKEN: ''` when a secret is missing, which hid a still-configured legacy `SKYHOP_AUTH_TOKEN` and broke deploys for people mid-migration. Treat an empty `SKYHOP_TOKEN` as unset.",
  files=[
    F("src/auth/token.ts", "modified", r"""
@@ 9 | export function tokenFromEnv(env: NodeJS.ProcessEnv): EnvToken | undefined {
-  if (env.SKYHOP_TOKEN !== undefined) {
-    return {token: env.SKYHOP_TOKEN, source: 'env'};
+  const token = env.SKYHOP_TOKEN?.trim();
+  if (token) {
+    return {token, source: 'env'};
   }
-  if (env.SKYHOP_AUTH_TOKEN) {
+  const legacy = env.SKYHOP_AUTH_TOKEN?.trim();
+  if (legacy) {
     warnOnce('SKYHOP_AUTH_TOKEN is deprecated; rename it to SKYHOP_TOKEN.');
-    return {token: env.SKYHOP_AUTH_TOKEN, source: 'env'};
+    return {token: legacy, source: 'env'};
   }
   return undefined;
 }
"""),
    F("test/auth.test.ts", "modified", r"""
@@ 20 | describe('tokenFromEnv', () => {
+  it('ignores an empty SKYHOP_TOKEN and uses the legacy variable', () => {
+    expect(tokenFromEnv({SKYHOP_TOKEN: '', SKYHOP_AUTH_TOKEN: 'legacy'})).toEqual({token: 'legacy', source: 'env'});
+  });
+
   it('prefers SKYHOP_TOKEN over SKYHOP_AUTH_TOKEN', () => {
"""),
  ],
  truth=[W + "migrating-from-v2.md"])

c.add("misleading", "Fix preview deployments on GitHub Actions pull requests",
  body="On `pull_request` workflows the checkout is a detached HEAD, so `SKYHOP_BRANCH` was empty in the build. Fall back to `GITHUB_HEAD_REF` / `GITHUB_REF_NAME`, and to `CI_COMMIT_REF_NAME` on GitLab.",
  files=[
    F("src/util/git.ts", "modified", r"""
@@ 27 | export async function currentBranch(cwd: string): Promise<string | undefined> {
   const {stdout, exitCode} = await exec('git', ['symbolic-ref', '--short', '-q', 'HEAD'], {cwd});
-  if (exitCode !== 0) return undefined;
-  return stdout.trim() || undefined;
+  if (exitCode === 0 && stdout.trim()) return stdout.trim();
+  // Detached HEAD, as in most CI checkouts: ask the CI provider.
+  return (
+    process.env.GITHUB_HEAD_REF ||
+    process.env.GITHUB_REF_NAME ||
+    process.env.CI_COMMIT_REF_NAME ||
+    undefined
+  );
 }
"""),
    F("src/env/build-env.ts", "modified", r"""
@@ 15 | export async function buildEnv(config: ResolvedConfig, deploy: PendingDeploy): Promise<Record<string, string>> {
     SKYHOP_DEPLOY_URL: deploy.url,
     SKYHOP_SITE_NAME: config.site.name,
   };
-  const [sha, branch] = await Promise.all([currentCommit(config.root), currentBranch(config.root)]);
+  const sha = (await currentCommit(config.root)) ?? process.env.GITHUB_SHA;
+  const branch = await currentBranch(config.root);
   if (sha) env.SKYHOP_COMMIT_SHA = sha;
   if (branch) env.SKYHOP_BRANCH = branch;
"""),
  ],
  truth=[W + "reference/environment-variables.md"])

c.add("misleading", "deploy: allow --alias together with --prod",
  body="Teams want the production deploy to also be reachable at a stable `release` alias. Drop the mutual-exclusion check; the deploy is published to production and the alias is updated.",
  files=[
    F("src/commands/deploy.ts", "modified", r"""
@@ 52 | export const deployCommand = new Command('deploy')
   .option('--prod', 'publish to production when ready')
-  .option('--alias <name>', 'also publish at <name>--<site>.skyhop.app (not with --prod)')
+  .option('--alias <name>', 'also publish at <name>--<site>.skyhop.app')
   .option('-m, --message <text>', 'deploy message')
@@ 104 |   .action(async (opts: DeployOptions) => {
-    if (opts.prod && opts.alias) {
-      throw new UsageError('--alias cannot be combined with --prod');
-    }
     if (opts.deleteAlias && !opts.alias) {
       throw new UsageError('--delete-alias requires --alias');
     }
"""),
    F("src/deploy/alias.ts", "modified", r"""
@@ 31 | export async function publishAlias(api: ApiClient, siteId: string, deployId: string, alias: string) {
-  assert(!deploy.production, 'production deploys cannot have an alias');
   await api.setAlias(siteId, alias, deployId);
 }
"""),
  ],
  truth=[W + "cli/deploy.md"])

c.add("misleading", "redirects: require https for proxy rewrites",
  body="A `200` rule pointing at an `http://` upstream silently downgraded requests. Reject it at deploy time.",
  files=[
    F("src/redirects/validate.ts", "modified", r"""
@@ 44 | export function validateRule(rule: RedirectRule, where: string): Diagnostic[] {
   const diags: Diagnostic[] = [];
   const external = /^[a-z][a-z0-9+.-]*:\/\//i.test(rule.to);
+  if (external && rule.status === 200 && !rule.to.startsWith('https://')) {
+    diags.push(
+      error(where, `proxy rewrites must target an https:// URL, got "${rule.to}"`),
+    );
+  }
   if (!rule.from.startsWith('/')) {
     diags.push(error(where, `"from" must start with "/", got "${rule.from}"`));
   }
"""),
    F("test/redirects.test.ts", "modified", r"""
@@ 77 | describe('validateRule', () => {
+  it('rejects http proxy targets', () => {
+    const diags = validateRule({from: '/api/*', to: 'http://api.example.com/:splat', status: 200}, '_redirects:1');
+    expect(diags[0].message).toMatch(/https:\/\//);
+  });
+
   it('accepts splats', () => {
"""),
  ],
  truth=[W + "guides/redirects.md"])

c.add("misleading", "Suggest candidate folders when the publish directory is missing",
  files=[
    F("src/commands/deploy.ts", "modified", r"""
@@ 142 | async function resolvePublishDir(opts: DeployOptions, config: ResolvedConfig): Promise<string> {
   if (!(await isDirectory(dir))) {
+    const candidates = (await findOutputFolders(config.root)).map((d) => `"${d}"`);
     throw new CliError(
       'E_PUBLISH_DIR_MISSING',
-      `Publish directory "${relative(dir)}" does not exist. Did the build run?`,
+      `Publish directory "${relative(dir)}" does not exist.` +
+        (candidates.length
+          ? ` Found ${candidates.join(', ')}; set build.publish or pass --dir.`
+          : ' Check build.publish and that the build writes there.'),
     );
   }
"""),
    F("src/build/detect.ts", "modified", r"""
@@ 85
   return undefined;
 }

+const OUTPUT_FOLDERS = ['dist', 'build', 'out', 'public', '_site', '.output/public'];
+
+/** Folders next to skyhop.toml that look like build output and contain an index.html. */
+export async function findOutputFolders(root: string): Promise<string[]> {
+  const found: string[] = [];
+  for (const name of OUTPUT_FOLDERS) {
+    if (await fileExists(path.join(root, name, 'index.html'))) found.push(name);
+  }
+  return found;
+}
"""),
  ],
  truth=[W + "troubleshooting.md"])

c.add("misleading", "Make deploys more reliable on flaky networks",
  body="Retry failed file uploads five times instead of three, with full jitter, and restart a retried upload from scratch rather than reusing the half-written stream.",
  files=[
    F("src/deploy/upload.ts", "modified", r"""
@@ 11
-const MAX_ATTEMPTS = 3;
+const MAX_ATTEMPTS = 5;
 const BASE_DELAY_MS = 500;
 
 async function uploadWithRetry(file: ManifestEntry, ctx: UploadContext): Promise<void> {
   for (let attempt = 1; ; attempt++) {
     try {
-      return await ctx.api.uploadFile(ctx.deployId, file.hash, ctx.stream);
+      return await ctx.api.uploadFile(ctx.deployId, file.hash, fs.createReadStream(file.absPath));
     } catch (err) {
       if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
-      await sleep(BASE_DELAY_MS * 2 ** (attempt - 1));
+      // full jitter: spread retries of parallel uploads so they don't collide again
+      await sleep(Math.random() * BASE_DELAY_MS * 2 ** attempt);
     }
   }
 }
"""),
  ],
  truth=[W + "concepts/how-deploys-work.md"])

c.add("misleading", "build: load .env.<context> files when build.dotenv is on",
  body="With `build.dotenv = true` we only read `.env`. Now also read `.env.production` or `.env.preview` (matching the deploy context) on top of it, like Vite does.",
  files=[
    F("src/env/dotenv.ts", "modified", r"""
@@ 8 | export async function loadDotenv(root: string, context: DeployContext): Promise<Record<string, string>> {
-  const file = path.join(root, '.env');
-  if (!(await fileExists(file))) return {};
-  return parseDotenv(await fs.readFile(file, 'utf8'));
+  // Later files win: .env, then .env.<context> (.env.production or .env.preview).
+  const files = ['.env', `.env.${context}`].map((f) => path.join(root, f));
+  const vars: Record<string, string> = {};
+  for (const file of files) {
+    if (await fileExists(file)) {
+      Object.assign(vars, parseDotenv(await fs.readFile(file, 'utf8')));
+      log.debug(`loaded ${path.basename(file)}`);
+    }
+  }
+  return vars;
 }
"""),
    F("src/env/build-env.ts", "modified", r"""
@@ 31 |   if (config.build.dotenv) {
-    Object.assign(env, await loadDotenv(config.root));
+    Object.assign(env, await loadDotenv(config.root, deploy.context));
   }
"""),
  ],
  truth=[W + "guides/environment-variables.md", W + "reference/configuration.md"])

c.add("misleading", "errors: add a hint field to JSON error output",
  body="Scripts had to pattern-match messages to tell users what to do. Every `CliError` now carries an optional `hint`, printed under the message in human mode and as `error.hint` with `--json`.",
  files=[
    F("src/errors.ts", "modified", r"""
@@ 1
 export class CliError extends Error {
   constructor(
     readonly code: string,
     message: string,
     readonly exitCode: number = ExitCode.Error,
+    readonly hint?: string,
   ) {
     super(message);
   }
 }
"""),
    F("src/output/json.ts", "modified", r"""
@@ 14 | export function printJsonError(err: CliError): void {
-  const body = {error: {code: err.code, message: err.message, exitCode: err.exitCode}};
+  const body = {
+    error: {
+      code: err.code,
+      message: err.message,
+      exitCode: err.exitCode,
+      ...(err.hint ? {hint: err.hint} : {}),
+    },
+  };
   process.stdout.write(JSON.stringify(body) + '\n');
 }
"""),
    F("src/output/logger.ts", "modified", r"""
@@ 61 | export function printError(err: CliError): void {
   process.stderr.write(`${red('✖')} ${err.code}: ${err.message}\n`);
+  if (err.hint) process.stderr.write(`  ${dim('hint:')} ${err.hint}\n`);
 }
"""),
  ],
  truth=[W + "cli/overview.md", W + "reference/exit-codes.md"])

c.add("misleading", "Serve the nearest 404.html for missing pages in sub-folders",
  body="`deploy.not_found` used to accept only one page for the whole site. Now, when it is left at its default, a `404.html` in a sub-folder (e.g. `/docs/404.html`) is used for missing paths under that folder.",
  files=[
    F("src/deploy/manifest.ts", "modified", r"""
@@ 64 | export function buildManifest(files: CollectedFile[], config: ResolvedConfig): Manifest {
-  const notFound = config.deploy.not_found ?? '404.html';
+  const notFound = config.deploy.not_found;
+  // With the default setting, every folder may have its own 404.html; the edge uses the
+  // deepest one that is an ancestor of the requested path.
+  const notFoundPages = notFound
+    ? [toUrlPath(notFound)]
+    : files.filter((f) => path.posix.basename(f.urlPath) === '404.html').map((f) => f.urlPath);
   return {
     files: Object.fromEntries(files.map((f) => [f.urlPath, f.hash])),
-    notFound: toUrlPath(notFound),
+    notFoundPages,
   };
"""),
    F("src/config/schema.ts", "modified", r"""
@@ 52 | export const deploySchema = z.object({
   trailing_slash: z.enum(['always', 'never', 'preserve']).default('preserve'),
-  not_found: z.string().default('404.html'),
+  not_found: z.string().optional(),
 });
"""),
  ],
  truth=[W + "reference/configuration.md"])

# ---------------------------------------------------------------- new identifiers
c.add("new_identifier", "deploy: add --exclude flag",
  body="Adds a repeatable `--exclude <glob>` to `skyhop deploy` for one-off exclusions without editing skyhop.toml. Patterns are combined with `deploy.ignore` and `.skyhopignore`.",
  files=[
    F("src/commands/deploy.ts", "modified", r"""
@@ 60 | export const deployCommand = new Command('deploy')
   .option('--dry-run', 'report what would be uploaded, do not deploy')
+  .option(
+    '--exclude <glob>',
+    'exclude files matching <glob> (relative to the publish directory); repeatable',
+    collect,
+    [] as string[],
+  )
   .option('--delete-alias', 'with --alias, delete the alias instead of deploying')
@@ 160 |   const ignore = await loadIgnoreRules(publishDir, config.deploy.ignore);
+  if (opts.exclude.length) ignore.add(opts.exclude, '--exclude');
   const files = await collectFiles(publishDir, ignore);
"""),
    F("src/deploy/ignore.ts", "modified", r"""
@@ 40 | export class IgnoreRules {
-  add(patterns: string[], source: '.skyhopignore' | 'deploy.ignore'): void {
+  add(patterns: string[], source: '.skyhopignore' | 'deploy.ignore' | '--exclude'): void {
     for (const p of patterns) this.rules.push({matcher: compileGlob(p), pattern: p, source});
   }
"""),
  ],
  truth=[W + "cli/deploy.md", W + "guides/ignoring-files.md"])

c.add("new_identifier", "env: add `skyhop env import`",
  body="Bulk-load variables from a dotenv file. Useful when moving a site from another host.\n\n```\nskyhop env import .env.production --context production --secret\n```",
  files=[
    F("src/commands/env.ts", "modified", r"""
@@ 118 | envCommand
+envCommand
+  .command('import <file>')
+  .description('set every variable found in a dotenv file')
+  .option('--context <context>', 'production, preview or all', parseContext, 'all')
+  .option('--secret', 'store every imported value as a secret')
+  .option('--dry-run', 'print the keys that would be set')
+  .action(async (file: string, opts: ImportOptions) => {
+    const site = await requireSite();
+    const vars = parseDotenv(await fs.readFile(file, 'utf8'));
+    for (const key of Object.keys(vars)) validateEnvKey(key);
+    if (opts.dryRun) {
+      return printKeys(Object.keys(vars));
+    }
+    await api.setEnvBulk(site.id, vars, {context: opts.context, secret: opts.secret});
+    log.success(`Imported ${Object.keys(vars).length} variables into ${opts.context}`);
+  });
+
 envCommand
   .command('pull')
"""),
    F("src/api/client.ts", "modified", r"""
@@ 201 | export class ApiClient {
+  async setEnvBulk(siteId: string, vars: Record<string, string>, opts: {context: EnvContext; secret?: boolean}) {
+    return this.request('PUT', `/v1/sites/${siteId}/env`, {
+      variables: Object.entries(vars).map(([key, value]) => ({key, value, ...opts})),
+    });
+  }
+
   async deleteEnv(siteId: string, key: string, context?: EnvContext) {
"""),
  ],
  truth=[W + "cli/env.md"])

c.add("new_identifier", "config: add deploy.compress to pre-compress text assets",
  body="When enabled, the CLI uploads brotli-compressed variants of HTML/CSS/JS/SVG/JSON files larger than 1 KiB so the edge can serve them without compressing on the fly.",
  files=[
    F("src/config/schema.ts", "modified", r"""
@@ 49 | export const deploySchema = z.object({
   clean_urls: z.boolean().default(true),
   trailing_slash: z.enum(['always', 'never', 'preserve']).default('preserve'),
+  compress: z.union([z.boolean(), z.enum(['brotli', 'gzip', 'both'])]).default(false),
   not_found: z.string().default('404.html'),
 });
"""),
    F("src/deploy/manifest.ts", "modified", r"""
@@ 80 | export function buildManifest(files: CollectedFile[], config: ResolvedConfig): Manifest {
+  const encodings = compressionEncodings(config.deploy.compress);
+  const variants = encodings.length
+    ? files.filter((f) => isCompressible(f.contentType) && f.size > 1024)
+    : [];
   return {
     files: Object.fromEntries(files.map((f) => [f.urlPath, f.hash])),
+    encoded: Object.fromEntries(variants.map((f) => [f.urlPath, encodings])),
     notFound: toUrlPath(notFound),
   };
"""),
  ],
  truth=[W + "reference/configuration.md"])

c.add("new_identifier", "upload: per-request timeout configurable via environment",
  files=[
    F("src/deploy/upload.ts", "modified", r"""
@@ 9
 const BASE_DELAY_MS = 500;
+const DEFAULT_UPLOAD_TIMEOUT_MS = 120_000;
+
+function uploadTimeoutMs(env: NodeJS.ProcessEnv): number {
+  const raw = env.SKYHOP_UPLOAD_TIMEOUT;
+  if (!raw) return DEFAULT_UPLOAD_TIMEOUT_MS;
+  const seconds = Number(raw);
+  if (!Number.isFinite(seconds) || seconds <= 0) {
+    throw new UsageError(`SKYHOP_UPLOAD_TIMEOUT must be a positive number of seconds, got "${raw}"`);
+  }
+  return seconds * 1000;
+}
@@ 25 | async function uploadWithRetry(file: ManifestEntry, ctx: UploadContext): Promise<void> {
   for (let attempt = 1; ; attempt++) {
     try {
-      return await ctx.api.uploadFile(ctx.deployId, file.hash, fs.createReadStream(file.absPath));
+      return await ctx.api.uploadFile(ctx.deployId, file.hash, fs.createReadStream(file.absPath), {
+        signal: AbortSignal.timeout(uploadTimeoutMs(process.env)),
+      });
     } catch (err) {
"""),
  ],
  truth=[W + "reference/environment-variables.md"])

c.add("new_identifier", "init: detect SvelteKit projects",
  files=[
    F("src/build/frameworks.ts", "modified", r"""
@@ 62 | export const FRAMEWORKS: FrameworkDefinition[] = [
   {
     id: 'astro',
     name: 'Astro',
     detect: ['astro.config.mjs', 'astro.config.ts', 'astro.config.js'],
     build: 'npm run build',
     publish: 'dist',
   },
+  {
+    id: 'sveltekit',
+    name: 'SvelteKit',
+    detect: ['svelte.config.js', 'svelte.config.ts'],
+    // adapter-static writes to build/ by default
+    build: 'npm run build',
+    publish: 'build',
+    requires: {dependency: '@sveltejs/adapter-static'},
+  },
   {
     id: 'eleventy',
"""),
    F("src/commands/init.ts", "modified", r"""
@@ 24 | export const initCommand = new Command('init')
   .option(
     '--framework <id>',
-    'skip detection: vite, astro, next, eleventy, hugo, docusaurus, static',
+    'skip detection: vite, astro, sveltekit, next, eleventy, hugo, docusaurus, static',
   )
"""),
  ],
  truth=[W + "cli/init.md"])

c.add("new_identifier", "sites: add `skyhop sites transfer <team>`",
  body="Site transfers were dashboard-only. The API endpoint exists; expose it in the CLI. Requires owner role in both teams.",
  files=[
    F("src/commands/sites.ts", "modified", r"""
@@ 110 | sitesCommand
+sitesCommand
+  .command('transfer <team>')
+  .description('move the linked site to another team')
+  .option('-y, --yes', 'do not ask for confirmation')
+  .action(async (team: string, opts: {yes?: boolean}) => {
+    const site = await requireSite();
+    await confirmOrExit(opts.yes, `Transfer ${site.name} to team "${team}"? Members of the current team lose access.`);
+    const moved = await api.transferSite(site.id, team);
+    await updateLinkFile({siteId: moved.id, teamId: moved.teamId});
+    log.success(`Transferred ${site.name} to ${team}`);
+  });
+
 sitesCommand
   .command('delete <name-or-id>')
"""),
    F("src/api/client.ts", "modified", r"""
@@ 148 | export class ApiClient {
+  async transferSite(siteId: string, teamSlug: string): Promise<Site> {
+    return this.request('POST', `/v1/sites/${siteId}/transfer`, {team: teamSlug});
+  }
+
   async deleteSite(siteId: string): Promise<void> {
"""),
  ],
  truth=[W + "cli/sites.md", W + "concepts/sites-and-teams.md"])

# ---------------------------------------------------------------- renames / removals
c.add("rename", "rollback: rename --unlock to --release-lock",
  body="`--unlock` read like it undid the rollback. `--unlock` keeps working as a hidden alias until 4.0.",
  files=[
    F("src/commands/rollback.ts", "modified", r"""
@@ 19 | export const rollbackCommand = new Command('rollback')
   .argument('[deploy-id]', 'deploy to publish (default: the previous production deploy)')
   .option('-y, --yes', 'do not ask for confirmation')
-  .option('--unlock', 'remove the production lock without changing the live deploy')
+  .option('--release-lock', 'remove the production lock without changing the live deploy')
+  .addOption(new Option('--unlock').hideHelp())
   .option('--no-lock', 'roll back without locking production')
   .action(async (deployId: string | undefined, opts: RollbackOptions) => {
-    if (opts.unlock) {
+    if (opts.unlock) {
+      warnOnce('--unlock is deprecated; use --release-lock.');
+    }
+    if (opts.releaseLock || opts.unlock) {
       return releaseLock(await requireSite());
     }
"""),
    F("src/commands/deploy.ts", "modified", r"""
@@ 201 |   if (result.lockedProduction) {
     log.warn(
-      'Production is locked after a rollback; this deploy was not published. Run `skyhop rollback --unlock` to release the lock.',
+      'Production is locked after a rollback; this deploy was not published. Run `skyhop rollback --release-lock` to release the lock.',
     );
"""),
  ],
  truth=[W + "cli/rollback.md", W + "guides/rollbacks.md"])

c.add("rename", "Rename SKYHOP_CONFIG to SKYHOP_CONFIG_PATH",
  body="`SKYHOP_CONFIG` clashed with a variable some users already had for their own build config. The old name is still read, with a warning.",
  files=[
    F("src/config/find.ts", "modified", r"""
@@ 12 | export async function findConfigFile(opts: GlobalOptions, env = process.env): Promise<string | undefined> {
   if (opts.config) return path.resolve(opts.cwd, opts.config);
-  if (env.SKYHOP_CONFIG) return path.resolve(opts.cwd, env.SKYHOP_CONFIG);
+  if (env.SKYHOP_CONFIG_PATH) return path.resolve(opts.cwd, env.SKYHOP_CONFIG_PATH);
+  if (env.SKYHOP_CONFIG) {
+    warnOnce('SKYHOP_CONFIG is deprecated; use SKYHOP_CONFIG_PATH.');
+    return path.resolve(opts.cwd, env.SKYHOP_CONFIG);
+  }
   return searchUpwards(opts.cwd, 'skyhop.toml', await gitRoot(opts.cwd));
 }
"""),
    F("src/flags.ts", "modified", r"""
@@ 18 | export function addGlobalOptions(cmd: Command): Command {
     .option('--cwd <path>', 'run as if started in <path>')
-    .option('--config <path>', 'path to skyhop.toml (env: SKYHOP_CONFIG)')
+    .option('--config <path>', 'path to skyhop.toml (env: SKYHOP_CONFIG_PATH)')
     .option('--json', 'machine-readable output on stdout')
"""),
  ],
  truth=[W + "reference/environment-variables.md", W + "cli/overview.md"])

c.add("rename", "rollback: E_DEPLOY_NOT_READY is now E_DEPLOY_NOT_RESTORABLE",
  body="The old code was also used for deploys that *were* ready but had expired. New name covers both.",
  files=[
    F("src/commands/rollback.ts", "modified", r"""
@@ 48 | async function resolveTarget(site: Site, deployId?: string): Promise<Deploy> {
-  if (deploy.state !== 'ready') {
+  if (deploy.state !== 'ready' || deploy.expired) {
+    const why = deploy.expired ? 'has expired' : `is ${deploy.state}`;
     throw new CliError(
-      'E_DEPLOY_NOT_READY',
-      `Deploy ${deploy.id} is ${deploy.state}; only ready deploys can be published.`,
+      'E_DEPLOY_NOT_RESTORABLE',
+      `Deploy ${deploy.id} ${why}; only ready, unexpired deploys can be published.`,
       ExitCode.Conflict,
     );
   }
"""),
    F("src/api/errors.ts", "modified", r"""
@@ 22 | const API_ERROR_CODES: Record<string, string> = {
   deploy_not_found: 'E_DEPLOY_NOT_FOUND',
-  deploy_not_ready: 'E_DEPLOY_NOT_READY',
+  deploy_not_ready: 'E_DEPLOY_NOT_RESTORABLE',
+  deploy_expired: 'E_DEPLOY_NOT_RESTORABLE',
   no_previous_deploy: 'E_NO_PREVIOUS_DEPLOY',
"""),
  ],
  truth=[W + "cli/rollback.md"])

c.add("rename", "domains: use _skyhop-verify for ownership TXT records",
  body="Align the TXT record name with the API (which renamed it in March). Old `_skyhop-challenge` records are still accepted by the API for existing domains.",
  files=[
    F("src/commands/domains.ts", "modified", r"""
@@ 176 | function printOwnershipChallenge(domain: string, challenge: DomainChallenge) {
   log.warn(`${domain} is already used by another site.`);
   log.info('To prove that you own it, add this record and run `skyhop domains verify` again:');
   printDnsTable([
-    {type: 'TXT', name: `_skyhop-challenge.${domain}`, value: challenge.token},
+    {type: 'TXT', name: `_skyhop-verify.${domain}`, value: challenge.token},
   ]);
 }
"""),
    F("test/domains.test.ts", "modified", r"""
@@ 32 | describe('domains add', () => {
     const out = await runCli(['domains', 'add', 'example.com']);
-    expect(out).toContain('_skyhop-challenge.example.com');
+    expect(out).toContain('_skyhop-verify.example.com');
     expect(out).toContain('is already used by another site');
"""),
  ],
  truth=[W + "guides/custom-domains.md"])

# ---------------------------------------------------------------- path mirrors
c.add("path_mirror", "logs: show build duration and absolute creation time",
  body="Replaces the relative AGE column with CREATED (local time) and adds DURATION (from creation to ready/failed).",
  files=[
    F("src/commands/logs.ts", "modified", r"""
@@ 71 | function printDeployTable(deploys: Deploy[]): void {
   printTable(
-    ['ID', 'STATE', 'CONTEXT', 'AGE', 'MESSAGE'],
+    ['ID', 'STATE', 'CONTEXT', 'CREATED', 'DURATION', 'MESSAGE'],
     deploys.map((d) => [
       d.id,
       colorState(d.state),
       d.production ? 'production' : 'preview',
-      formatAge(d.createdAt),
+      formatLocalTime(d.createdAt),
+      d.finishedAt ? formatDuration(d.createdAt, d.finishedAt) : '—',
       truncate(d.message ?? '', 48),
     ]),
   );
"""),
    F("src/output/table.ts", "modified", r"""
@@ 36
   if (s < 86_400) return `${Math.floor(s / 3600)}h`;
   return `${Math.floor(s / 86_400)}d`;
 }

+export function formatDuration(from: string, to: string): string {
+  const s = Math.round((Date.parse(to) - Date.parse(from)) / 1000);
+  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
+}
"""),
  ],
  truth=[W + "cli/logs.md"])

c.add("path_mirror", "login: back off when the auth server says slow_down",
  body="RFC 8628 says clients must add 5 seconds to the polling interval on `slow_down`. We kept polling at the original rate and got 429s.",
  files=[
    F("src/auth/device-flow.ts", "modified", r"""
@@ 41 | export async function deviceLogin(client: ApiClient, opts: DeviceLoginOptions): Promise<Token> {
-  const intervalMs = start.interval * 1000;
+  let intervalMs = start.interval * 1000;
   for (;;) {
     await sleep(intervalMs);
     const res = await client.pollDeviceToken(start.deviceCode);
     if (res.ok) return res.token;
-    if (res.error !== 'authorization_pending') {
-      throw new CliError('E_LOGIN_FAILED', `Login failed: ${res.error}`, ExitCode.Auth);
+    switch (res.error) {
+      case 'authorization_pending':
+        continue;
+      case 'slow_down':
+        intervalMs += 5_000;
+        continue;
+      case 'access_denied':
+        throw new CliError('E_LOGIN_DENIED', 'Login was denied in the browser.', ExitCode.Auth);
+      default:
+        throw new CliError('E_LOGIN_FAILED', `Login failed: ${res.error}`, ExitCode.Auth);
     }
   }
"""),
    F("src/commands/login.ts", "modified", r"""
@@ 37 |   .action(async (opts: LoginOptions) => {
     const token = await deviceLogin(api, {openBrowser: opts.browser});
+    log.debug('device flow completed');
     await saveCredentials(token);
"""),
  ],
  truth=[W + "cli/login.md"])

c.add("path_mirror", "domains list: primary first, show days until certificate renewal",
  files=[
    F("src/commands/domains.ts", "modified", r"""
@@ 58 | async function list(): Promise<void> {
   const site = await requireSite();
-  const domains = await api.listDomains(site.id);
+  const domains = (await api.listDomains(site.id)).sort(
+    (a, b) => Number(b.primary) - Number(a.primary) || a.name.localeCompare(b.name),
+  );
   if (isJson()) return printJson(domains);
   printTable(
-    ['DOMAIN', 'STATUS', 'PRIMARY', 'CERT EXPIRES'],
+    ['DOMAIN', 'STATUS', 'PRIMARY', 'CERTIFICATE'],
     domains.map((d) => [
       d.name,
       colorStatus(d.status),
       d.primary ? 'yes' : '',
-      d.certificate ? formatDate(d.certificate.expiresAt) : '—',
+      d.certificate ? `renews in ${daysUntil(d.certificate.renewsAt)}d` : '—',
     ]),
   );
 }
"""),
  ],
  truth=[W + "cli/domains.md"])

c.add("path_mirror", "redirects parser: support inline # comments",
  body="`/a /b 301  # moved in 2023` failed with \"unexpected token '#'\". Strip comments that start with whitespace + `#`; a `#` inside a URL fragment is kept.",
  files=[
    F("src/redirects/parse.ts", "modified", r"""
@@ 18 | export function parseRedirectsFile(text: string, file = '_redirects'): ParsedRules {
   const rules: RedirectRule[] = [];
   const diagnostics: Diagnostic[] = [];
   text.split(/\r?\n/).forEach((raw, i) => {
-    const line = raw.trim();
-    if (!line || line.startsWith('#')) return;
+    const line = stripComment(raw).trim();
+    if (!line) return;
     const parts = line.split(/\s+/);
@@ 58
   return {rules, diagnostics};
 }

+/** Removes a trailing comment: a `#` at the start of the line or preceded by whitespace. */
+function stripComment(line: string): string {
+  const m = /(^|\s)#/.exec(line);
+  return m ? line.slice(0, m.index) : line;
+}
"""),
    F("test/redirects.test.ts", "modified", r"""
@@ 3
 import {parseRedirectsFile} from '../src/redirects/parse.js';

 describe('parseRedirectsFile', () => {
+  it('ignores inline comments', () => {
+    const {rules} = parseRedirectsFile('/a  /b  301  # moved in 2023\n/c /d#top 302');
+    expect(rules).toEqual([
+      expect.objectContaining({from: '/a', to: '/b', status: 301}),
+      expect.objectContaining({from: '/c', to: '/d#top', status: 302}),
+    ]);
+  });
+
   it('parses a rule with a status', () => {
"""),
  ],
  truth=[W + "guides/redirects.md"])

c.add("rename", "Rename `skyhop config migrate` to `skyhop migrate-config`",
  body="Top-level command, so it shows up in `skyhop --help` where people look for it during the v2 → v3 upgrade. `config migrate` keeps working as a hidden alias.",
  files=[
    F("src/commands/migrate-config.ts", "renamed", r"""
@@ 9
-export const configMigrateCommand = new Command('config')
-  .command('migrate')
-  .description('convert skyhop.json (v2) to skyhop.toml')
+export const migrateConfigCommand = new Command('migrate-config')
+  .alias('config migrate')
+  .description('convert skyhop.json (v2) to skyhop.toml')
   .option('--keep', 'keep skyhop.json after converting')
   .action(async (opts: {keep?: boolean}) => {
     const legacy = await findLegacyConfig(globalOpts().cwd);
""", prev="src/commands/config-migrate.ts"),
    F("src/commands/index.ts", "modified", r"""
@@ 11
 import {completionCommand} from './completion.js';
-import {configMigrateCommand} from './config-migrate.js';
+import {migrateConfigCommand} from './migrate-config.js';
 import {deployCommand} from './deploy.js';
@@ 30 | export function registerCommands(program: Command): void {
   program.addCommand(completionCommand);
-  program.addCommand(configMigrateCommand);
+  program.addCommand(migrateConfigCommand);
   program.addCommand(deployCommand);
"""),
    F("src/config/legacy.ts", "modified", r"""
@@ 22 | export async function loadLegacyConfig(file: string): Promise<Config> {
   warnOnce(
-    `${path.basename(file)} is deprecated and will not be read by skyhop 4. Run "skyhop config migrate" to convert it.`,
+    `${path.basename(file)} is deprecated and will not be read by skyhop 4. Run "skyhop migrate-config" to convert it.`,
   );
"""),
  ],
  truth=[W + "migrating-from-v2.md"])

c.add("rename", "Drop support for skyhop.json",
  body="Part of the 4.0 branch. `skyhop.json` has printed a deprecation warning since 3.0; the converter moves to a separate package (`npx @skyhop/migrate-config`).\n\nBREAKING CHANGE: skyhop.json is no longer read.",
  message="config: remove skyhop.json (v2) support\n\nBREAKING CHANGE: skyhop.json is no longer read. Use\n`npx @skyhop/migrate-config` to convert it.",
  files=[
    F("src/config/legacy.ts", "removed", r"""
import path from 'node:path';
import fs from 'node:fs/promises';
import {warnOnce} from '../output/logger.js';
import type {Config} from './schema.js';

const RENAMED_KEYS: Record<string, string> = {
  buildCommand: 'build.command',
  outputDir: 'build.publish',
  rootDir: 'build.base',
  uploadConcurrency: 'deploy.concurrency',
  exclude: 'deploy.ignore',
};

export async function loadLegacyConfig(file: string): Promise<Config> {
  warnOnce(
    `${path.basename(file)} is deprecated and will not be read by skyhop 4. Run "skyhop migrate-config" to convert it.`,
  );
  const raw = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  return convertLegacy(raw);
}

export function convertLegacy(raw: Record<string, unknown>): Config {
  const out: Record<string, any> = {build: {}, deploy: {}, redirects: raw.routes ?? []};
  for (const [from, to] of Object.entries(RENAMED_KEYS)) {
    if (raw[from] === undefined) continue;
    const [section, key] = to.split('.');
    out[section][key] = raw[from];
  }
  return out as Config;
}
"""),
    F("src/config/find.ts", "modified", r"""
@@ 20 | export async function findConfigFile(opts: GlobalOptions, env = process.env): Promise<string | undefined> {
-  return searchUpwards(opts.cwd, ['skyhop.toml', 'skyhop.json'], await gitRoot(opts.cwd));
+  const found = await searchUpwards(opts.cwd, ['skyhop.toml', 'skyhop.json'], await gitRoot(opts.cwd));
+  if (found?.endsWith('.json')) {
+    throw new UsageError(
+      `${found} is no longer supported. Convert it with "npx @skyhop/migrate-config", then delete it.`,
+    );
+  }
+  return found;
 }
"""),
    F("src/config/load.ts", "modified", r"""
@@ 2
 import path from 'node:path';
 import {parseToml} from './toml.js';
-import {loadLegacyConfig} from './legacy.js';
 import {defaults} from './defaults.js';
 import type {ResolvedConfig} from './schema.js';
@@ 31 | export async function loadConfig(file: string | undefined): Promise<ResolvedConfig> {
   if (!file) return resolve(defaults(), process.cwd());
-  const config = file.endsWith('.json') ? await loadLegacyConfig(file) : parseToml(await fs.readFile(file, 'utf8'), file);
+  const config = parseToml(await fs.readFile(file, 'utf8'), file);
   return resolve(config, path.dirname(file));
"""),
  ],
  truth=[W + "migrating-from-v2.md", W + "cli/overview.md"])

c.write()
