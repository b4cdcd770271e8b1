from casekit import Cases, F

c = Cases("flagpole")
W = "website/docs/"

# ---------------------------------------------------------------- direct
c.add("direct", "rollout: exclude contexts without the bucketBy attribute",
  body="Contexts missing the `bucketBy` attribute were all hashed into bucket 0, so with any rollout > 0% they *all* got the first variant, which skewed experiments badly. They now get the rollout's last variant (for the usual `true`/`false` rollout: `false`) and `inRollout: false`.",
  files=[
    F("packages/core/src/rollout.ts", "modified", r"""
@@ 22 | export function evaluateRollout(flag: FlagRules, rollout: Rollout, ctx: Context): RolloutResult {
   const attr = rollout.bucketBy ?? 'key';
   const value = attr === 'key' ? ctx.key : ctx.attributes?.[attr];
   if (value === undefined || value === null || value === '') {
-    warnOnce(`flag ${flag.key}: context has no "${attr}" attribute; using bucket 0`);
-    return pickVariant(rollout, 0);
+    warnOnce(`flag ${flag.key}: context has no "${attr}" attribute; excluded from rollout`);
+    const last = rollout.variants[rollout.variants.length - 1];
+    return {variant: last.variant, inRollout: false};
   }
   const bucket = bucketFor(flag.key, flag.salt, String(value));
-  return pickVariant(rollout, bucket);
+  return {...pickVariant(rollout, bucket), inRollout: true, bucket};
 }
"""),
    F("packages/core/test/rollout.test.ts", "modified", r"""
@@ 58 | describe('evaluateRollout', () => {
-  it('uses bucket 0 when the attribute is missing', () => {
-    expect(evaluateRollout(flag, tenPercent('orgId'), {key: 'u1'}).variant).toBe('true');
+  it('excludes contexts without the bucketBy attribute', () => {
+    const r = evaluateRollout(flag, tenPercent('orgId'), {key: 'u1'});
+    expect(r).toEqual({variant: 'false', inRollout: false});
   });
"""),
  ],
  truth=[W + "concepts/percentage-rollouts.md", W + "troubleshooting.md"])

c.add("direct", "stream: send heartbeats every 15 seconds",
  body="Some load balancers (GCP HTTP(S) LB with default settings, Azure Front Door) drop connections idle for 30s. 25s was too close.",
  files=[
    F("packages/server/src/config-schema.ts", "modified", r"""
@@ 61 |   streaming: z
     .object({
       enabled: z.boolean().default(true),
-      heartbeat: duration.default('25s'),
+      heartbeat: duration.default('15s'),
     })
     .default({}),
"""),
    F("packages/server/test/stream.test.ts", "modified", r"""
@@ 40
-  it('sends a heartbeat every 25s', async () => {
+  it('sends a heartbeat every 15s', async () => {
     const events = await collect(stream, {advanceBy: 31_000});
-    expect(events.filter((e) => e.comment === 'heartbeat')).toHaveLength(1);
+    expect(events.filter((e) => e.comment === 'heartbeat')).toHaveLength(2);
   });
"""),
  ],
  truth=[W + "server/streaming.md", W + "server/configuration.md", W + "getting-started/self-hosting.md"])

c.add("direct", "sdk-node: poll every 60s by default",
  body="With streaming on by default, polling is only a fallback; 30s polling from thousands of pods was the top source of load on larger installs.",
  files=[
    F("packages/sdk-node/src/options.ts", "modified", r"""
@@ 9 | export const DEFAULTS = {
   baseUrl: process.env.FLAGPOLE_URL,
   streaming: true,
-  pollInterval: 30_000,
+  pollInterval: 60_000,
   timeout: 5_000,
   readyTimeout: 10_000,
 } as const;
"""),
  ],
  truth=[W + "sdks/node.md", W + "server/streaming.md", W + "troubleshooting.md"])

c.add("direct", "sdk-node: ready() times out after 5 seconds",
  files=[
    F("packages/sdk-node/src/options.ts", "modified", r"""
@@ 13 | export const DEFAULTS = {
   timeout: 5_000,
-  readyTimeout: 10_000,
+  readyTimeout: 5_000,
 } as const;
"""),
    F("packages/sdk-node/test/client.test.ts", "modified", r"""
@@ 88 | describe('ready()', () => {
   it('rejects after readyTimeout', async () => {
     const client = new Flagpole({sdkKey: 'fp_srv_x', baseUrl: unreachable});
-    vi.advanceTimersByTime(10_000);
-    await expect(client.ready()).rejects.toThrow('ready() timed out after 10000 ms');
+    vi.advanceTimersByTime(5_000);
+    await expect(client.ready()).rejects.toThrow('ready() timed out after 5000 ms');
   });
"""),
  ],
  truth=[W + "sdks/node.md", W + "troubleshooting.md"])

c.add("direct", "Keep archived flags in SDK payloads for 14 days",
  body="7 days wasn't enough for weekly-release mobile backends: old builds still evaluated the archived flag and hit FLAG_NOT_FOUND.",
  files=[
    F("packages/server/src/routes/sdk/flags.ts", "modified", r"""
@@ 17
-const ARCHIVED_GRACE_MS = 7 * 24 * 60 * 60 * 1000;
+const ARCHIVED_GRACE_MS = 14 * 24 * 60 * 60 * 1000;
 
 export async function loadRuleset(store: Store, envId: string, since?: number): Promise<Ruleset> {
"""),
    F("packages/server/test/flags.test.ts", "modified", r"""
@@ 212 | describe('SDK ruleset', () => {
-  it('drops flags archived more than 7 days ago', async () => {
-    await archiveFlag('old-banner', {daysAgo: 8});
+  it('drops flags archived more than 14 days ago', async () => {
+    await archiveFlag('old-banner', {daysAgo: 15});
+    await archiveFlag('recent-banner', {daysAgo: 10});
     const ruleset = await loadRuleset(store, env.id);
     expect(ruleset.flags).not.toHaveProperty('old-banner');
+    expect(ruleset.flags).toHaveProperty('recent-banner');
   });
"""),
  ],
  truth=[W + "concepts/flags-and-variants.md", W + "concepts/evaluation-reasons.md"])

c.add("direct", "context: allow up to 100 attributes",
  files=[
    F("packages/core/src/context.ts", "modified", r"""
@@ 4
-export const MAX_ATTRIBUTES = 50;
+export const MAX_ATTRIBUTES = 100;
 export const MAX_MATCH_LENGTH = 1024;
 
 export function normalizeContext(input: unknown): Context {
@@ 31 |   const entries = Object.entries(attributes);
   if (entries.length > MAX_ATTRIBUTES) {
-    throw new InvalidContextError(`context has ${entries.length} attributes; the limit is 50`);
+    throw new InvalidContextError(`context has ${entries.length} attributes; the limit is ${MAX_ATTRIBUTES}`);
   }
"""),
  ],
  truth=[W + "concepts/evaluation-context.md"])

c.add("direct", "prerequisites: allow nesting up to 10 levels",
  files=[
    F("packages/core/src/prerequisites.ts", "modified", r"""
@@ 6
-const MAX_DEPTH = 5;
+const MAX_DEPTH = 10;
 
 export function checkPrerequisites(
"""),
    F("packages/core/src/validate.ts", "modified", r"""
@@ 77 | function validatePrerequisiteGraph(flags: Map<string, FlagDefinition>): ValidationError[] {
       if (depth > MAX_PREREQUISITE_DEPTH) {
         errors.push({
           path: ['prerequisites'],
-          message: `prerequisites are nested more than 5 levels deep (${chain.join(' → ')})`,
+          message: `prerequisites are nested more than ${MAX_PREREQUISITE_DEPTH} levels deep (${chain.join(' → ')})`,
         });
"""),
  ],
  truth=[W + "concepts/flags-and-variants.md"])

c.add("direct", "api: raise maximum page size to 500",
  files=[
    F("packages/server/src/routes/admin/pagination.ts", "modified", r"""
@@ 3
 export const DEFAULT_LIMIT = 50;
-export const MAX_LIMIT = 200;
+export const MAX_LIMIT = 500;
 
 export const paginationQuery = z.object({
   limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
"""),
  ],
  truth=[W + "api/rest-api.md"])

c.add("direct", "evaluate endpoint: raise per-IP limit to 300 req/s",
  body="Corporate NATs put thousands of browsers behind one IP and tripped the 100 req/s limit every morning.",
  files=[
    F("packages/server/src/rate-limit.ts", "modified", r"""
@@ 8 | export const LIMITS = {
   admin: {perToken: 600, windowMs: 60_000},
-  evaluate: {perIp: 100, windowMs: 1_000},
+  // Corporate NATs put many browsers behind one address.
+  evaluate: {perIp: 300, windowMs: 1_000},
 };
 
 export function evaluateLimiter(app: FastifyInstance) {
"""),
  ],
  truth=[W + "api/sdk-endpoints.md"])

c.add("direct", "webhooks: retry failed deliveries for 72 hours",
  files=[
    F("packages/server/src/routes/admin/webhooks.ts", "modified", r"""
@@ 12
-const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
+const RETRY_WINDOW_MS = 72 * 60 * 60 * 1000;
 const BACKOFF_MS = [10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];
"""),
    F("packages/server/src/audit.ts", "modified", r"""
@@ 90 | async function scheduleRetry(delivery: WebhookDelivery) {
   if (Date.now() - delivery.firstAttemptAt > RETRY_WINDOW_MS) {
-    log.warn({webhook: delivery.webhookId}, 'giving up on webhook delivery after 24h');
+    log.warn({webhook: delivery.webhookId}, 'giving up on webhook delivery after 72h');
     return markFailed(delivery);
   }
"""),
  ],
  truth=[W + "server/audit-log.md"])

c.add("direct", "Shorten the default dashboard session to 8 hours",
  files=[
    F("packages/server/src/config-schema.ts", "modified", r"""
@@ 44 |   auth: z
     .object({
       adminToken: z.string().min(16).optional(),
-      sessionTtl: duration.default('12h'),
+      sessionTtl: duration.default('8h'),
     })
"""),
  ],
  truth=[W + "server/configuration.md"])

c.add("direct", "codegen: also emit a FLAG_KEYS array",
  body="Handy for runtime checks and for listing flags in admin UIs without importing the SDK.",
  files=[
    F("packages/cli/src/commands/codegen.ts", "modified", r"""
@@ 48 | function render(flags: FlagSummary[]): string {
   lines.push('}');
   lines.push('export type FlagKey = keyof FlagTypes;');
+  lines.push('');
+  lines.push('export const FLAG_KEYS = [');
+  for (const f of flags) lines.push(`  ${JSON.stringify(f.key)},`);
+  lines.push('] as const satisfies readonly FlagKey[];');
   return lines.join('\n') + '\n';
 }
"""),
  ],
  truth=[W + "guides/typed-flags.md"])

c.add("direct", "segments: allow 250,000 keys in included/excluded lists",
  files=[
    F("packages/server/src/routes/admin/segments.ts", "modified", r"""
@@ 14
-const MAX_LIST_SIZE = 100_000;
+const MAX_LIST_SIZE = 250_000;
 
 const patchBody = z.object({
@@ 52 |   if (next.included.length > MAX_LIST_SIZE || next.excluded.length > MAX_LIST_SIZE) {
     throw new ApiError(400, 'invalid_request', `segment lists are limited to ${MAX_LIST_SIZE} keys`);
   }
"""),
  ],
  truth=[W + "concepts/segments.md"])

c.add("direct", "flags: allow keys up to 200 characters",
  files=[
    F("packages/core/src/validate.ts", "modified", r"""
@@ 9
-export const FLAG_KEY_PATTERN = /^[a-z][a-z0-9._-]{0,99}$/;
+export const FLAG_KEY_PATTERN = /^[a-z][a-z0-9._-]{0,199}$/;
 
 export function validateFlagKey(key: string): ValidationError | undefined {
   if (!FLAG_KEY_PATTERN.test(key)) {
     return {
       path: ['key'],
-      message: 'must be 1-100 characters: lowercase letters, digits, ".", "-" or "_", starting with a letter',
+      message: 'must be 1-200 characters: lowercase letters, digits, ".", "-" or "_", starting with a letter',
     };
   }
"""),
  ],
  truth=[W + "concepts/flags-and-variants.md"])

c.add("direct", "browser: refresh values every 5 minutes by default",
  files=[
    F("packages/sdk-browser/src/client.ts", "modified", r"""
@@ 27 | const DEFAULT_OPTIONS = {
   anonymous: false,
   privateAttributes: [] as string[],
   streaming: false,
-  refreshInterval: 60_000,
+  refreshInterval: 300_000,
 };
"""),
  ],
  truth=[W + "sdks/browser.md"])

c.add("direct", "operators: accept a leading v in semver comparisons",
  body="Mobile apps report versions like `v5.2.0`; `semver_gte` returned false for them.",
  files=[
    F("packages/core/src/operators.ts", "modified", r"""
@@ 88 | function parseSemver(value: unknown): SemVer | undefined {
   if (typeof value !== 'string') return undefined;
-  const m = SEMVER_RE.exec(value.trim());
+  const m = SEMVER_RE.exec(value.trim().replace(/^[vV]/, ''));
   if (!m) return undefined;
"""),
    F("packages/core/test/operators.test.ts", "modified", r"""
@@ 117 | describe('semver operators', () => {
     });
   });
+
+  it('ignores a leading v', () => {
+    expect(match({operator: 'semver_gte', values: ['5.0.0']}, 'v5.2.0')).toBe(true);
+    expect(match({operator: 'semver_lt', values: ['v5.0.0']}, '4.9.1')).toBe(true);
+  });
 });
"""),
  ],
  truth=[W + "concepts/targeting-rules.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "config: fall back to PORT when FLAGPOLE_PORT is unset",
  body="Cloud Run, Heroku and Render inject `PORT`. Use it when `FLAGPOLE_PORT` isn't set.",
  files=[
    F("packages/server/src/config.ts", "modified", r"""
@@ 38 | function fromEnv(env: NodeJS.ProcessEnv): PartialConfig {
   return {
-    port: env.FLAGPOLE_PORT,
+    port: env.FLAGPOLE_PORT ?? env.PORT,
     host: env.FLAGPOLE_HOST,
     publicUrl: env.FLAGPOLE_PUBLIC_URL,
"""),
    F("packages/server/test/config.test.ts", "modified", r"""
@@ 22 | describe('loadConfig', () => {
     expect(loadConfig({FLAGPOLE_PORT: '8080'}).port).toBe(8080);
   });
+
+  it('uses PORT when FLAGPOLE_PORT is unset', () => {
+    expect(loadConfig({PORT: '8080'}).port).toBe(8080);
+    expect(loadConfig({PORT: '8080', FLAGPOLE_PORT: '4242'}).port).toBe(4242);
+  });
 });
"""),
  ],
  truth=[W + "server/configuration.md"])

c.add("misleading", "cli: `flags toggle` without --on/--off flips the flag",
  files=[
    F("packages/cli/src/commands/flags/toggle.ts", "modified", r"""
@@ 14 | export const toggle = new Command('toggle')
   .requiredOption('--env <env>', 'environment')
   .option('--on', 'turn the flag on')
   .option('--off', 'turn the flag off')
   .option('--comment <text>', 'comment for the audit log')
   .action(async (key: string, opts: ToggleOptions) => {
-    if (opts.on === opts.off) {
-      throw new UsageError('pass exactly one of --on or --off');
+    if (opts.on && opts.off) {
+      throw new UsageError('--on and --off are mutually exclusive');
     }
-    const on = Boolean(opts.on);
+    const on = opts.on ? true : opts.off ? false : !(await api.getFlagState(key, opts.env)).on;
     await api.toggle(key, opts.env, on, opts.comment);
     out.success(`${key} is now ${on ? 'ON' : 'OFF'} in ${opts.env}`);
   });
"""),
  ],
  truth=[W + "cli/flags.md"])

c.add("misleading", "Fix rollout percentages for small audiences",
  body="The bucketing input was `<flag key>.<salt>.<value>`, but the salt *defaults to* the flag key, so the key was hashed twice and, worse, SDKs in other languages following the docs literally computed different buckets. Hash `<salt>.<value>` where salt defaults to the key, and `<salt>.<seed>.<value>` when a seed is set.\n\nThis re-buckets contexts on flags with a custom seed only.",
  files=[
    F("packages/core/src/hash.ts", "modified", r"""
@@ 12 | export function bucketFor(flagKey: string, salt: string | undefined, value: string, seed = 0): number {
-  const input = `${flagKey}.${salt ?? flagKey}.${value}`;
+  const base = salt ?? flagKey;
+  const input = seed ? `${base}.${seed}.${value}` : `${base}.${value}`;
   return murmur3_32(input) % BUCKETS;
 }
"""),
    F("packages/core/test/rollout.test.ts", "modified", r"""
@@ 14 | describe('bucketFor', () => {
   it('is stable across releases', () => {
-    expect(bucketFor('new-checkout', undefined, 'user-1')).toBe(27183);
+    expect(bucketFor('new-checkout', undefined, 'user-1')).toBe(61420);
+    expect(bucketFor('new-checkout', undefined, 'user-1', 7)).toBe(3094);
   });
"""),
  ],
  truth=[W + "concepts/percentage-rollouts.md"])

c.add("misleading", "sdk-node: accept a file path as bootstrap",
  files=[
    F("packages/sdk-node/src/options.ts", "modified", r"""
@@ 29 | export interface FlagpoleOptions {
   readyTimeout?: number;
-  bootstrap?: Ruleset;
+  /** Rules to evaluate before the first download: a ruleset object or the path of a JSON file
+   *  produced by `flagpole export --sdk`. */
+  bootstrap?: Ruleset | string;
   offline?: boolean;
"""),
    F("packages/sdk-node/src/client.ts", "modified", r"""
@@ 61 |   constructor(options: FlagpoleOptions) {
     this.options = resolveOptions(options);
-    if (this.options.bootstrap) this.store.replace(this.options.bootstrap);
+    const bootstrap = this.options.bootstrap;
+    if (typeof bootstrap === 'string') {
+      this.store.replace(JSON.parse(readFileSync(bootstrap, 'utf8')) as Ruleset);
+    } else if (bootstrap) {
+      this.store.replace(bootstrap);
+    }
"""),
  ],
  truth=[W + "sdks/node.md"])

c.add("misleading", "Browser SDK: allow wildcard subdomains in CORS origins",
  body="Preview deployments get a new subdomain each time; listing them all in `FLAGPOLE_CORS_ORIGINS` wasn't practical. Entries may now use one leading `*.` label.",
  files=[
    F("packages/server/src/cors.ts", "modified", r"""
@@ 5 | export function corsOriginMatcher(origins: string[]): (origin: string) => boolean {
   if (origins.includes('*')) return () => true;
-  const allowed = new Set(origins);
-  return (origin) => allowed.has(origin);
+  const exact = new Set(origins.filter((o) => !o.includes('*')));
+  const wildcards = origins
+    .filter((o) => o.includes('://*.'))
+    .map((o) => {
+      const [scheme, host] = o.split('://*.');
+      return {scheme, suffix: '.' + host};
+    });
+  return (origin) => {
+    if (exact.has(origin)) return true;
+    const [scheme, host = ''] = origin.split('://');
+    return wildcards.some((w) => w.scheme === scheme && host.endsWith(w.suffix) && !host.slice(0, -w.suffix.length).includes('.'));
+  };
 }
"""),
  ],
  truth=[W + "server/configuration.md", W + "troubleshooting.md"])

c.add("misleading", "openfeature: map FLAG_NOT_FOUND to the OpenFeature error code",
  body="We reported every Flagpole error kind as `GENERAL`. Map `FLAG_NOT_FOUND`, `WRONG_TYPE` (→ `TYPE_MISMATCH`), `CLIENT_NOT_READY` (→ `PROVIDER_NOT_READY`) and `MALFORMED_FLAG` (→ `PARSE_ERROR`).",
  files=[
    F("packages/openfeature/src/mapping.ts", "modified", r"""
@@ 24
+const ERROR_CODES: Record<ErrorKind, ErrorCode> = {
+  FLAG_NOT_FOUND: ErrorCode.FLAG_NOT_FOUND,
+  WRONG_TYPE: ErrorCode.TYPE_MISMATCH,
+  CLIENT_NOT_READY: ErrorCode.PROVIDER_NOT_READY,
+  MALFORMED_FLAG: ErrorCode.PARSE_ERROR,
+  INVALID_CONTEXT: ErrorCode.TARGETING_KEY_MISSING,
+};
+
 export function toResolutionDetails<T>(detail: EvaluationDetail<T>): ResolutionDetails<T> {
   if (detail.reason === 'ERROR') {
-    const errorCode =
-      detail.errorKind === 'INVALID_CONTEXT' ? ErrorCode.TARGETING_KEY_MISSING : ErrorCode.GENERAL;
+    const errorCode = ERROR_CODES[detail.errorKind] ?? ErrorCode.GENERAL;
     return {value: detail.value, reason: StandardResolutionReasons.ERROR, errorCode};
   }
"""),
  ],
  truth=[W + "sdks/openfeature.md"])

c.add("misleading", "cli rollout: accept fractional percentages",
  body="Large consumer apps start at 0.1%. `--percent 0.5` used to be rejected; weights are in thousandths of a percent so three decimals are representable.",
  files=[
    F("packages/cli/src/commands/flags/rollout.ts", "modified", r"""
@@ 9 | function parsePercent(raw: string): number {
-  const n = Number.parseInt(raw, 10);
-  if (!Number.isInteger(n) || n < 0 || n > 100) {
-    throw new UsageError(`--percent must be an integer between 0 and 100, got "${raw}"`);
+  const n = Number(raw);
+  if (!Number.isFinite(n) || n < 0 || n > 100 || Math.round(n * 1000) !== n * 1000) {
+    throw new UsageError(`--percent must be between 0 and 100 with at most 3 decimals, got "${raw}"`);
   }
   return n;
 }
@@ 30 |   .action(async (key: string, opts: RolloutOptions) => {
     const variant = opts.variant ?? 'true';
-    const weight = opts.percent * 1000;
+    const weight = Math.round(opts.percent * 1000);
     await api.setRollout(key, opts.env, {variant, weight, bucketBy: opts.bucketBy});
"""),
  ],
  truth=[W + "cli/flags.md"])

c.add("misleading", "auth: explain why a token was rejected",
  body="Support tickets about 401s were mostly expired or revoked tokens. The message now distinguishes invalid, expired and revoked tokens (the `error` code stays `unauthorized`).",
  files=[
    F("packages/server/src/auth/middleware.ts", "modified", r"""
@@ 33 | export async function authenticate(req: FastifyRequest): Promise<Principal> {
   const token = bearer(req.headers.authorization);
   if (!token) {
-    throw new ApiError(401, 'unauthorized', 'invalid or missing token');
+    throw new ApiError(401, 'unauthorized', 'missing token: send "Authorization: Bearer <token>"');
   }
   const record = await tokens.lookup(token);
-  if (!record || record.revokedAt || isExpired(record)) {
-    throw new ApiError(401, 'unauthorized', 'invalid or missing token');
+  if (!record) {
+    throw new ApiError(401, 'unauthorized', 'invalid token');
+  }
+  if (record.revokedAt) {
+    throw new ApiError(401, 'unauthorized', `token was revoked on ${record.revokedAt.toISOString()}`);
+  }
+  if (isExpired(record)) {
+    throw new ApiError(401, 'unauthorized', 'token has expired');
   }
"""),
  ],
  truth=[W + "server/authentication.md"])

c.add("misleading", "Faster flag changes for browser clients",
  body="With `streaming: true`, each tab opened its own EventSource. Tabs of the same origin now elect a leader over BroadcastChannel and share one stream.",
  files=[
    F("packages/sdk-browser/src/client.ts", "modified", r"""
@@ 112 |   private startStreaming() {
-    this.source = new EventSource(this.streamUrl());
-    this.source.addEventListener('patch', () => this.refresh());
+    this.channel = new BroadcastChannel(`flagpole:${this.options.clientKey}`);
+    this.channel.onmessage = (e) => e.data?.type === 'patch' && this.refresh();
+    this.election = electLeader(this.channel, () => {
+      // Only the leader tab keeps an SSE connection open; it relays patches to the others.
+      this.source = new EventSource(this.streamUrl());
+      this.source.addEventListener('patch', () => {
+        this.channel!.postMessage({type: 'patch'});
+        this.refresh();
+      });
+    });
   }
"""),
  ],
  truth=[W + "server/streaming.md"])

c.add("misleading", "Only accept the bootstrap admin token until the first user exists",
  body="`FLAGPOLE_ADMIN_TOKEN` was meant for first login but stayed an owner credential forever if nobody removed it. Once a user with the owner role exists it is rejected (and a warning is logged at startup).",
  files=[
    F("packages/server/src/auth/tokens.ts", "modified", r"""
@@ 41 | export async function lookup(token: string): Promise<TokenRecord | undefined> {
   if (config.auth.adminToken && timingSafeEqualStr(token, config.auth.adminToken)) {
+    if (await store.hasOwner()) {
+      log.warn('rejected FLAGPOLE_ADMIN_TOKEN: an owner account exists; remove the variable');
+      return undefined;
+    }
     return {id: 'bootstrap', role: 'owner', envRoles: {}, source: 'env'};
   }
"""),
    F("packages/server/src/main.ts", "modified", r"""
@@ 27 | async function start() {
   await migrateIfNeeded(store);
+  if (config.auth.adminToken && (await store.hasOwner())) {
+    log.warn('FLAGPOLE_ADMIN_TOKEN is set but will be ignored because an owner account exists');
+  }
   const app = await buildApp({config, store});
"""),
  ],
  truth=[W + "server/authentication.md"])

# ---------------------------------------------------------------- new identifiers
c.add("new_identifier", "operators: add ip_in_cidr",
  body="Target office networks or internal VPN ranges: `ip ip_in_cidr 10.0.0.0/8,192.168.0.0/16`. Works with IPv4 and IPv6.",
  files=[
    F("packages/core/src/operators.ts", "modified", r"""
@@ 14 | export const OPERATORS = {
   exists: (v: unknown) => v !== undefined && v !== null,
   not_exists: (v: unknown) => v === undefined || v === null,
+  ip_in_cidr: (v: unknown, values: string[]) => {
+    if (typeof v !== 'string') return false;
+    const addr = parseIp(v);
+    return addr !== undefined && values.some((cidr) => cidrContains(parseCidr(cidr), addr));
+  },
 } satisfies Record<string, OperatorFn>;
"""),
    F("packages/core/src/validate.ts", "modified", r"""
@@ 117 | function validateCondition(cond: Condition, path: Path): ValidationError[] {
   if (!(cond.operator in OPERATORS)) {
     return [{path, message: `unknown operator "${cond.operator}"`}];
   }
+  if (cond.operator === 'ip_in_cidr') {
+    const bad = cond.values.filter((v) => parseCidr(String(v)) === undefined);
+    if (bad.length) return [{path, message: `invalid CIDR range(s): ${bad.join(', ')}`}];
+  }
   if (!Array.isArray(cond.values) || cond.values.length === 0) {
"""),
  ],
  truth=[W + "concepts/targeting-rules.md"])

c.add("new_identifier", "cli: add `flagpole flags diff`",
  files=[
    F("packages/cli/src/commands/flags/copy.ts", "modified", r"""
@@ 37
     out.success(`Copied ${key} from ${opts.from} to ${opts.to}`);
   });

+export const diff = new Command('diff')
+  .description('show how the targeting of a flag differs between two environments')
+  .argument('<key>')
+  .requiredOption('--from <env>', 'first environment')
+  .requiredOption('--to <env>', 'second environment')
+  .action(async (key: string, opts: {from: string; to: string}) => {
+    const flag = await api.getFlag(key);
+    const a = flag.envs[opts.from];
+    const b = flag.envs[opts.to];
+    if (!a || !b) throw new NotFoundError(`unknown environment ${!a ? opts.from : opts.to}`);
+    out.diff(describeTargeting(a), describeTargeting(b), {labels: [opts.from, opts.to]});
+    process.exitCode = isEqualTargeting(a, b) ? 0 : 1;
+  });
"""),
    F("packages/cli/src/index.ts", "modified", r"""
@@ 22
 flags.addCommand(rollout);
 flags.addCommand(copy);
+flags.addCommand(diff);
 flags.addCommand(archive);
"""),
  ],
  truth=[W + "cli/flags.md"])

c.add("new_identifier", "server: add FLAGPOLE_TRUST_PROXY",
  body="Behind a load balancer every browser had the LB's IP, so the per-IP limit on `/sdk/v1/evaluate` applied to everyone at once. When set, the client IP comes from `X-Forwarded-For` (number of trusted hops, or `true`).",
  files=[
    F("packages/server/src/config-schema.ts", "modified", r"""
@@ 30 | export const configSchema = z.object({
   host: z.string().default('0.0.0.0'),
+  trustProxy: z.union([z.boolean(), z.number().int().min(1)]).default(false),
   publicUrl: z.string().url().default('http://localhost:4242'),
"""),
    F("packages/server/src/config.ts", "modified", r"""
@@ 41 | function fromEnv(env: NodeJS.ProcessEnv): PartialConfig {
     host: env.FLAGPOLE_HOST,
+    trustProxy: parseTrustProxy(env.FLAGPOLE_TRUST_PROXY),
     publicUrl: env.FLAGPOLE_PUBLIC_URL,
"""),
    F("packages/server/src/app.ts", "modified", r"""
@@ 18 | export async function buildApp({config, store}: AppDeps) {
-  const app = Fastify({logger: makeLogger(config.log)});
+  const app = Fastify({logger: makeLogger(config.log), trustProxy: config.trustProxy});
   await app.register(cors, corsOptions(config));
   await app.register(authPlugin, {store});
"""),
  ],
  truth=[W + "server/configuration.md"])

c.add("new_identifier", "sdk-node: option to disable usage reporting",
  body="Some regulated users can't send any telemetry, even aggregate counts. `usageReporting: false` turns off `/sdk/v1/usage` reports (stale detection then relies on other SDKs).",
  files=[
    F("packages/sdk-node/src/options.ts", "modified", r"""
@@ 38 | export interface FlagpoleOptions {
   onError?: (err: Error) => void;
+  /** Send aggregate evaluation counts to the server every 60s. Default true. */
+  usageReporting?: boolean;
 }
"""),
    F("packages/sdk-node/src/client.ts", "modified", r"""
@@ 79 |   constructor(options: FlagpoleOptions) {
     this.poller = new Poller(this.http, this.store, this.options);
-    this.usage = new UsageReporter(this.http, 60_000);
+    this.usage = this.options.usageReporting === false ? noopReporter : new UsageReporter(this.http, 60_000);
     this.stream = this.options.streaming ? new StreamClient(this.http, this.store) : undefined;
"""),
  ],
  truth=[W + "sdks/node.md"])

c.add("new_identifier", "react: add useFlags hook",
  body="`useFlags(['a', 'b'])` returns several values at once and re-renders when any of them changes.",
  files=[
    F("packages/react/src/hooks.ts", "modified", r"""
@@ 58
   return useSyncExternalStore(subscribe, snapshot, snapshot);
 }

+export function useFlags<K extends string>(keys: readonly K[], defaults?: Partial<Record<K, FlagValue>>) {
+  const client = useFlagpoleClient();
+  const subscribe = useCallback(
+    (cb: () => void) => client.on('update', (changed: string[]) => changed.some((k) => keys.includes(k as K)) && cb()),
+    [client, keys.join('\0')],
+  );
+  const snapshot = useCallback(
+    () => stableRecord(keys.map((k) => [k, client.value(k, defaults?.[k])] as const)),
+    [client, keys.join('\0')],
+  );
+  return useSyncExternalStore(subscribe, snapshot, snapshot);
+}
+
 export function useFlagDetail<T extends FlagValue>(key: string, defaultValue: T) {
"""),
    F("packages/react/src/index.ts", "modified", r"""
@@ 2
 export {FlagpoleProvider} from './provider';
-export {useFlag, useVariant, useNumber, useJSON, useFlagDetail, useFlagpoleStatus, useFlagpoleClient} from './hooks';
+export {useFlag, useFlags, useVariant, useNumber, useJSON, useFlagDetail, useFlagpoleStatus, useFlagpoleClient} from './hooks';
 export type {FlagpoleProviderProps} from './provider';
"""),
  ],
  truth=[W + "sdks/react.md"])

c.add("new_identifier", "api: add a dry-run evaluation endpoint",
  body="`POST /api/v1/flags/{key}/envs/{env}/evaluate` evaluates a flag for a context supplied in the body and returns the detail, without an SDK. Powers the dashboard's \"Test a context\" panel.",
  files=[
    F("packages/server/src/routes/admin/flags.ts", "modified", r"""
@@ 169 | export default async function flagRoutes(app: FastifyInstance) {
       return {key: req.params.key, env: req.params.env, on: req.body.on};
     },
   );

+  app.post<{Params: {key: string; env: string}; Body: {context: unknown}}>(
+    '/api/v1/flags/:key/envs/:env/evaluate',
+    {preHandler: requireRole('viewer')},
+    async (req) => {
+      const ruleset = await loadRuleset(app.store, await envId(req.params.env));
+      const context = normalizeContext(req.body.context);
+      return evaluate(ruleset, req.params.key, context, {includeTrace: true});
+    },
+  );
+
   app.post<{Params: {key: string}}>(
     '/api/v1/flags/:key/archive',
"""),
  ],
  truth=[W + "api/rest-api.md"])

# ---------------------------------------------------------------- renames / removals
c.add("rename", "Drop ruleIndex from evaluation details",
  body="`ruleIndex` changes whenever rules are reordered, which made it useless (and misleading) in analytics. Use `ruleId`.",
  files=[
    F("packages/core/src/reasons.ts", "modified", r"""
@@ 12 | export interface EvaluationDetail<T = FlagValue> {
   value: T;
   variant?: string;
   reason: Reason;
   ruleId?: string;
-  ruleIndex?: number;
   inRollout?: boolean;
   bucket?: number;
"""),
    F("packages/core/src/evaluate.ts", "modified", r"""
@@ 74 |   for (const [i, rule] of env.rules.entries()) {
     if (matchesRule(rule, ctx, segments)) {
-      return serve(flag, rule.result, ctx, {reason: 'RULE_MATCH', ruleId: rule.id, ruleIndex: i});
+      return serve(flag, rule.result, ctx, {reason: 'RULE_MATCH', ruleId: rule.id});
     }
   }
"""),
  ],
  truth=[W + "concepts/evaluation-reasons.md"])

c.add("rename", "Rename FLAGPOLE_CACHE_TTL to FLAGPOLE_RULESET_CACHE_TTL",
  body="There are now several caches; the name should say which one. The old variable is still read with a deprecation warning.",
  files=[
    F("packages/server/src/config.ts", "modified", r"""
@@ 51 | function fromEnv(env: NodeJS.ProcessEnv): PartialConfig {
     streaming: {enabled: parseBool(env.FLAGPOLE_STREAMING), heartbeat: env.FLAGPOLE_STREAM_HEARTBEAT},
-    cache: {ttl: env.FLAGPOLE_CACHE_TTL},
+    cache: {ttl: env.FLAGPOLE_RULESET_CACHE_TTL ?? deprecatedEnv(env, 'FLAGPOLE_CACHE_TTL', 'FLAGPOLE_RULESET_CACHE_TTL')},
     audit: {retentionDays: parseIntEnv(env.FLAGPOLE_AUDIT_RETENTION_DAYS)},
"""),
    F("packages/server/src/config-schema.ts", "modified", r"""
@@ 70 |   cache: z
     .object({
-      ttl: duration.default('5s'),
+      /** ruleset cache; env FLAGPOLE_RULESET_CACHE_TTL */
+      ttl: duration.default('5s'),
     })
"""),
  ],
  truth=[W + "server/configuration.md", W + "server/authentication.md", W + "server/streaming.md"])

c.add("rename", "cli rules add: rename --serve to --variant",
  body="`--serve` was the only place we used that word; `flags rollout` already uses `--variant`. `--serve` keeps working, hidden, until 2.0.",
  files=[
    F("packages/cli/src/commands/flags/rules.ts", "modified", r"""
@@ 27 | const add = new Command('add')
   .requiredOption('--env <env>', 'environment')
   .option('--if <condition>', 'condition (repeatable, combined with AND)', collect, [])
-  .requiredOption('--serve <variant>', 'variant to serve when the rule matches')
+  .option('--variant <variant>', 'variant to serve when the rule matches')
+  .addOption(new Option('--serve <variant>').hideHelp())
   .action(async (key: string, opts: AddRuleOptions) => {
+    const variant = opts.variant ?? opts.serve;
+    if (opts.serve) out.warn('--serve is deprecated; use --variant');
+    if (variant === undefined) throw new UsageError('--variant is required');
     const conditions = opts.if.map(parseCondition);
-    await api.addRule(key, opts.env, {conditions, result: {variant: opts.serve}});
+    await api.addRule(key, opts.env, {conditions, result: {variant}});
"""),
  ],
  truth=[W + "cli/flags.md", W + "guides/progressive-delivery.md"])

c.add("rename", "testing: rename setForContext to setForKey",
  body="The method takes a context *key*, not a context. Old name kept as deprecated alias.",
  files=[
    F("packages/sdk-node/src/testing.ts", "modified", r"""
@@ 31 | export class TestFlagpole<Flags extends FlagMap = FlagMap> {
-  setForContext<K extends keyof Flags>(key: K, contextKey: string, value: Flags[K]): this {
+  setForKey<K extends keyof Flags>(key: K, contextKey: string, value: Flags[K]): this {
     (this.overrides[key] ??= new Map()).set(contextKey, value);
     return this;
   }
+
+  /** @deprecated use setForKey */
+  setForContext<K extends keyof Flags>(key: K, contextKey: string, value: Flags[K]): this {
+    return this.setForKey(key, contextKey, value);
+  }
"""),
  ],
  truth=[W + "guides/testing-with-flags.md"])

# ---------------------------------------------------------------- path mirrors
c.add("path_mirror", "export: stable output for diffs",
  body="Exports were ordered by creation date and included every default, so committing them to Git produced noisy diffs. Sort keys alphabetically and omit fields equal to their defaults (re-applied on import).",
  files=[
    F("packages/cli/src/commands/export.ts", "modified", r"""
@@ 44 | async function runExport(opts: ExportOptions) {
   const data = await api.export({envs: opts.env, flags: opts.flags});
-  const doc = opts.sdk ? toSdkRuleset(data) : data;
+  const doc = opts.sdk ? toSdkRuleset(data) : sortKeysDeep(stripDefaults(data));
   out.write(opts.format === 'yaml' ? yaml.stringify(doc) : JSON.stringify(doc, null, 2));
 }
+
+function stripDefaults(data: ExportDocument): ExportDocument {
+  return mapFlags(data, (flag) => omitBy(flag, (value, field) => isEqual(value, FLAG_DEFAULTS[field])));
+}
"""),
    F("packages/cli/src/commands/import.ts", "modified", r"""
@@ 36 | async function runImport(file: string, opts: ImportOptions) {
-  const doc = parseExport(await readFile(file, 'utf8'));
+  const doc = applyDefaults(parseExport(await readFile(file, 'utf8')));
   const plan = await api.planImport(doc, {env: opts.env, prune: opts.prune});
"""),
  ],
  truth=[W + "cli/import-export.md"])

c.add("path_mirror", "stream: tell clients when replay is impossible",
  body="If `Last-Event-ID` is older than the change log we keep (1,000 versions), we now send `reset` instead of silently replaying a partial history, and we advertise `retry: 5000` to EventSource clients.",
  files=[
    F("packages/server/src/routes/sdk/stream.ts", "modified", r"""
@@ 29 | export default async function streamRoute(app: FastifyInstance) {
     reply.raw.writeHead(200, SSE_HEADERS);
+    reply.raw.write('retry: 5000\n\n');
     const lastId = Number(req.headers['last-event-id'] ?? NaN);
     if (Number.isFinite(lastId)) {
-      for (const change of await changes.since(env.id, lastId)) send(reply, 'patch', change);
+      const oldest = await changes.oldestVersion(env.id);
+      if (oldest !== undefined && lastId < oldest) {
+        send(reply, 'reset', {version: await changes.currentVersion(env.id)});
+      } else {
+        for (const change of await changes.since(env.id, lastId)) send(reply, 'patch', change);
+      }
     }
"""),
  ],
  truth=[W + "server/streaming.md"])

c.add("path_mirror", "provider: compare context deeply before re-identifying",
  body="Shallow comparison re-identified on every render when callers built `attributes` arrays inline (`roles: [...]`), causing a request per render.",
  files=[
    F("packages/react/src/provider.tsx", "modified", r"""
@@ 44 | export function FlagpoleProvider(props: FlagpoleProviderProps) {
-  const contextKey = useMemo(() => shallowKey(props.context), [props.context]);
+  // Deep, order-insensitive comparison: inline arrays/objects in attributes must not trigger identify().
+  const contextKey = useMemo(() => stableStringify(props.context), [props.context]);
   useEffect(() => {
     if (!client || contextKey === lastContextKey.current) return;
     lastContextKey.current = contextKey;
     void client.identify(props.context);
   }, [client, contextKey]);
"""),
  ],
  truth=[W + "sdks/react.md"])

c.add("path_mirror", "audit: purge old entries hourly in small batches",
  body="The nightly purge deleted millions of rows in one statement and locked the table on large installs. Run every hour, 10,000 rows at a time.",
  files=[
    F("packages/server/src/audit.ts", "modified", r"""
@@ 131
-export function scheduleRetentionJob(store: Store, days: number) {
-  return cron('0 3 * * *', async () => {
-    const cutoff = new Date(Date.now() - days * DAY_MS);
-    const n = await store.audit.deleteOlderThan(cutoff);
-    log.info({deleted: n}, 'audit retention');
-  });
+export function scheduleRetentionJob(store: Store, days: number) {
+  return cron('17 * * * *', async () => {
+    const cutoff = new Date(Date.now() - days * DAY_MS);
+    let total = 0;
+    for (;;) {
+      const n = await store.audit.deleteOlderThan(cutoff, {limit: 10_000});
+      total += n;
+      if (n < 10_000) break;
+      await sleep(250);
+    }
+    log.info({deleted: total}, 'audit retention');
+  });
 }
"""),
  ],
  truth=[W + "server/audit-log.md"])

c.write()
