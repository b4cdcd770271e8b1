from casekit import Cases, F

c = Cases("spool")
W = "website/docs/"

# ---------------------------------------------------------------- direct
c.add("direct", "worker: default drainDelay to 10 seconds",
  body="Halves the number of BZPOPMIN round-trips on idle queues. Idle workers on managed Redis were showing up as a noticeable share of commands/sec.",
  files=[
    F("lib/worker.js", "modified", r"""
@@ 27 | const DEFAULT_OPTS = {
   concurrency: 1,
   lockDuration: 30000,
   stalledInterval: 30000,
   maxStalledCount: 1,
-  drainDelay: 5,
+  drainDelay: 10,
   autorun: true,
   useWorkerThreads: false,
 };
"""),
    F("types/worker.d.ts", "modified", r"""
@@ 58 | export interface WorkerOptions extends QueueBaseOptions {
   /**
    * Number of seconds to block waiting for a job before checking again.
-   * @default 5
+   * @default 10
    */
   drainDelay?: number;
"""),
  ],
  truth=[W + "api/worker.md"])

c.add("direct", "Keep 20 stack traces per job by default",
  body="10 was not enough for jobs with many attempts: by the time someone looked, the stack of the first failure (usually the interesting one) was gone.",
  files=[
    F("lib/job.js", "modified", r"""
@@ 12
-const DEFAULT_STACK_TRACE_LIMIT = 10;
+const DEFAULT_STACK_TRACE_LIMIT = 20;
 
 class Job {
"""),
    F("types/job.d.ts", "modified", r"""
@@ 91 | export interface JobOptions {
   /**
    * Number of stack traces kept across attempts.
-   * @default 10
+   * @default 20
    */
   stackTraceLimit?: number;
"""),
  ],
  truth=[W + "api/queue.md", W + "configuration.md", W + "concepts/workers.md"])

c.add("direct", "job.changePriority: also accept delayed jobs",
  body="Previously `changePriority` threw for delayed jobs. Now the new priority is stored and applied when the job is promoted.",
  files=[
    F("lib/commands/changePriority-7.lua", "modified", r"""
@@ 24
 if rcall("EXISTS", jobKey) == 1 then
   local jobId = ARGV[1]
   local priority = tonumber(ARGV[2])
+  -- Delayed jobs keep their place in the delayed set; the priority is used on promotion.
+  if rcall("ZSCORE", KEYS[6], jobId) then
+    rcall("HSET", jobKey, "priority", priority)
+    return 0
+  end
   if rcall("LREM", KEYS[1], -1, jobId) > 0 or rcall("ZREM", KEYS[3], jobId) > 0 then
     addJobWithPriority(KEYS[1], KEYS[3], priority, jobId, KEYS[4], isPaused)
"""),
    F("lib/job.js", "modified", r"""
@@ 402 |   async changePriority(opts) {
-    if (!(await this.isWaiting()) && !(await this.isPrioritized())) {
-      throw new Error(`Job ${this.id} is not waiting or prioritized. changePriority`);
-    }
     const code = await this.scripts.changePriority(this.id, opts.priority, opts.lifo);
     if (code < 0) {
       throw this.scripts.finishedErrors(code, this.id, 'changePriority');
     }
"""),
  ],
  truth=[W + "api/job.md"])

c.add("direct", "flow-producer: getFlow loads up to 100 children per level",
  files=[
    F("lib/flow-producer.js", "modified", r"""
@@ 188 |   async getFlow(opts) {
-    const {depth = 10, maxChildren = 20, queueName, id} = opts;
+    const {depth = 10, maxChildren = 100, queueName, id} = opts;
     const client = await this.client;
"""),
    F("types/flow.d.ts", "modified", r"""
@@ 44 | export interface NodeOpts {
   /** Maximum depth of the tree to load. @default 10 */
   depth?: number;
-  /** Maximum number of children loaded per level. @default 20 */
+  /** Maximum number of children loaded per level. @default 100 */
   maxChildren?: number;
 }
"""),
  ],
  truth=[W + "api/flow-producer.md"])

c.add("direct", "QueueEvents: block for 5s per XREAD",
  body="With 10s blocks, `close()` could take up to 10 seconds. 5 seconds is a better trade-off.",
  files=[
    F("lib/queue-events.js", "modified", r"""
@@ 19 | class QueueEvents extends QueueBase {
   constructor(name, opts = {}) {
     super(name, {
       autorun: true,
-      blockingTimeout: 10000,
+      blockingTimeout: 5000,
       lastEventId: '$',
       ...opts,
     });
"""),
    F("types/queue-events.d.ts", "modified", r"""
@@ 12
-  /** Milliseconds each XREAD blocks. @default 10000 */
+  /** Milliseconds each XREAD blocks. @default 5000 */
   blockingTimeout?: number;
"""),
  ],
  truth=[W + "api/queue-events.md"])

c.add("direct", "dashboard: expose spool_failed_total counter",
  files=[
    F("lib/dashboard/metrics.js", "modified", r"""
@@ 31 | async function renderMetrics(queues) {
     for (const [state, count] of Object.entries(counts)) {
       lines.push(`spool_jobs{queue="${q.name}",state="${state}"} ${count}`);
     }
-    const {count: completed} = await q.getMetrics('completed', 0, 0);
+    const [{count: completed}, {count: failed}] = await Promise.all([
+      q.getMetrics('completed', 0, 0),
+      q.getMetrics('failed', 0, 0),
+    ]);
     lines.push(`spool_completed_total{queue="${q.name}"} ${completed}`);
+    lines.push(`spool_failed_total{queue="${q.name}"} ${failed}`);
   }
   return lines.join('\n') + '\n';
"""),
    F("test/dashboard.test.js", "modified", r"""
@@ 77 | describe('GET /metrics', () => {
     expect(res.text).toMatch(/spool_completed_total\{queue="emails"\} 2/);
+    expect(res.text).toMatch(/spool_failed_total\{queue="emails"\} 1/);
   });
"""),
  ],
  truth=[W + "cli/dashboard.md"])

c.add("direct", "cli inspect: show 50 jobs by default",
  files=[
    F("lib/cli/commands/inspect.js", "modified", r"""
@@ 8 | module.exports = (program) =>
   program
     .command('inspect <queue>')
     .description('show jobs of a queue')
     .option('--state <state>', 'job state to list', 'failed')
-    .option('--limit <n>', 'number of jobs to show', toInt, 20)
+    .option('--limit <n>', 'number of jobs to show', toInt, 50)
     .option('--id <jobId>', 'show one job in full')
     .action(withConnection(inspect));
"""),
  ],
  truth=[W + "cli/overview.md"])

c.add("direct", "version-check: name the server and accept Valkey 7.2+",
  body="Valkey reports its own version in `INFO server` (`valkey_version`), so Valkey 8.0 was reported as \"found 7.2.4\" and people were confused. Report the server name and check the right version field.",
  files=[
    F("lib/version-check.js", "modified", r"""
@@ 4
 const MIN_REDIS = '6.2.0';
+const MIN_VALKEY = '7.2.0';
 
 async function checkServerVersion(client) {
   const info = parseInfo(await client.info('server'));
-  const version = info.redis_version;
-  if (semverLt(version, MIN_REDIS)) {
-    throw new Error(`Spool requires Redis ${MIN_REDIS} or later, found ${version}`);
+  const isValkey = info.server_name === 'valkey' || 'valkey_version' in info;
+  const server = isValkey ? 'Valkey' : 'Redis';
+  const version = isValkey ? info.valkey_version || info.redis_version : info.redis_version;
+  const min = isValkey ? MIN_VALKEY : MIN_REDIS;
+  if (semverLt(version, min)) {
+    throw new Error(
+      `Spool requires Redis ${MIN_REDIS} or Valkey ${MIN_VALKEY} or later, found ${server} ${version}`,
+    );
   }
-  return version;
+  return {server, version};
 }
"""),
  ],
  truth=[W + "configuration.md"])

c.add("direct", "deduplication: replace requires a delay",
  body="`replace: true` on a job without `delay` silently did nothing, because the first job was usually already active. Throw instead.",
  files=[
    F("lib/deduplication.js", "modified", r"""
@@ 6 | function validateDeduplication(opts) {
   const dedup = opts.deduplication;
   if (!dedup) return;
   if (typeof dedup.id !== 'string' || dedup.id === '') {
     throw new TypeError('deduplication.id must be a non-empty string');
   }
+  if (dedup.replace && !(opts.delay > 0)) {
+    throw new TypeError('deduplication.replace requires a delay: only delayed jobs can be replaced');
+  }
+  if (dedup.replace && !(dedup.ttl > 0)) {
+    throw new TypeError('deduplication.replace requires a ttl');
+  }
 }
"""),
    F("test/deduplication.test.js", "modified", r"""
@@ 61 | describe('deduplication', () => {
     });
   });
+
+  it('rejects replace without delay', async () => {
+    await expect(
+      queue.add('x', {}, {deduplication: {id: 'a', ttl: 1000, replace: true}}),
+    ).rejects.toThrow(/requires a delay/);
+  });
 });
"""),
  ],
  truth=[W + "guides/deduplication.md"])

c.add("direct", "sandbox: support job.getChildrenValues() in sandboxed processors",
  body="Parents in flows often run in sandboxes too. Forward `getChildrenValues` over the IPC channel like `updateProgress`.",
  files=[
    F("lib/sandbox/job-proxy.js", "modified", r"""
@@ 18 | function createJobProxy(serialized, send) {
     updateProgress: (progress) => send({cmd: 'progress', value: progress}),
     updateData: (data) => send({cmd: 'update', value: data}),
     log: (line) => send({cmd: 'log', value: line}),
+    getChildrenValues: () => send({cmd: 'getChildrenValues'}, {expectReply: true}),
   };
"""),
    F("lib/sandbox/sandbox.js", "modified", r"""
@@ 61 |       switch (msg.cmd) {
         case 'log':
           await job.log(msg.value);
           break;
+        case 'getChildrenValues':
+          child.send({cmd: 'reply', requestId: msg.requestId, value: await job.getChildrenValues()});
+          break;
         default:
           debug('unknown command from sandbox: %s', msg.cmd);
"""),
  ],
  truth=[W + "guides/sandboxed-processors.md"])

c.add("direct", "queue.add: reject custom job IDs containing ':'",
  body="IDs with a colon broke key parsing in `getChildrenValues` and the dashboard. The docs already said not to use them; now we enforce it.",
  files=[
    F("lib/validate.js", "modified", r"""
@@ 14 | function validateJobId(jobId) {
   if (jobId === undefined) return;
   if (String(parseInt(jobId, 10)) === String(jobId)) {
     throw new Error(messages.CUSTOM_ID_INTEGER);
   }
+  if (String(jobId).includes(':')) {
+    throw new Error(messages.CUSTOM_ID_COLON);
+  }
 }
"""),
    F("lib/errors/messages.js", "modified", r"""
@@ 3
 module.exports = {
   CUSTOM_ID_INTEGER: 'Custom Id cannot be integers',
+  CUSTOM_ID_COLON: 'Custom Id cannot contain :',
   DATA_TOO_LARGE: 'Job data exceeds the size limit',
"""),
  ],
  truth=[W + "api/errors.md"])

c.add("direct", "backoff: jitter randomises around the computed delay",
  body="With `jitter: 0.5` the delay used to be uniform in [50%, 100%] of the computed delay, so jitter always shortened backoffs. It is now uniform in [50%, 150%], keeping the mean.",
  files=[
    F("lib/backoffs.js", "modified", r"""
@@ 20 | function applyJitter(delay, jitter) {
   if (!jitter) return delay;
   const j = Math.min(Math.max(jitter, 0), 1);
-  // uniform in [delay * (1 - j), delay]
-  return Math.round(delay * (1 - j * Math.random()));
+  // uniform in [delay * (1 - j), delay * (1 + j)]: same mean as without jitter
+  return Math.round(delay * (1 - j + 2 * j * Math.random()));
 }
"""),
    F("test/backoff.test.js", "modified", r"""
@@ 33 | describe('jitter', () => {
-  it('never exceeds the computed delay', () => {
+  it('stays within ±jitter of the computed delay', () => {
     for (let i = 0; i < 1000; i++) {
-      expect(applyJitter(1000, 0.5)).toBeLessThanOrEqual(1000);
+      const d = applyJitter(1000, 0.5);
+      expect(d).toBeGreaterThanOrEqual(500);
+      expect(d).toBeLessThanOrEqual(1500);
     }
   });
"""),
  ],
  truth=[W + "guides/retries-and-backoff.md"])

c.add("direct", "repeat: honour `immediately` for cron patterns",
  files=[
    F("lib/repeat.js", "modified", r"""
@@ 71 | function nextMillis(millis, opts) {
-  if (opts.every) {
-    if (opts.immediately && opts.count === 0) return millis;
+  if (opts.immediately && opts.count === 0) {
+    // first occurrence runs now, for both `every` and `pattern`
+    return millis;
+  }
+  if (opts.every) {
     return Math.floor(millis / opts.every) * opts.every + opts.every;
   }
   return parseCron(opts.pattern, {tz: opts.tz, currentDate: new Date(millis)}).next().getTime();
 }
"""),
    F("test/repeat.test.js", "modified", r"""
@@ 137 | describe('repeatable jobs', () => {
     });
   });
+
+  it('runs a pattern job immediately when asked', async () => {
+    await queue.add('r', {}, {repeat: {pattern: '0 0 * * *', immediately: true}});
+    const [job] = await queue.getJobs(['wait']);
+    expect(job.name).toBe('r');
+  });
 });
"""),
  ],
  truth=[W + "guides/repeatable-jobs.md"])

c.add("direct", "drain: also remove prioritized jobs",
  body="`queue.drain()` left jobs in the `prioritized` set behind, so a drained queue still processed them. Fixes #1419.",
  files=[
    F("lib/commands/drain-5.lua", "modified", r"""
@@ 1
 --[[
   Remove waiting, prioritized and (optionally) delayed jobs.
     KEYS[1] wait key
     KEYS[2] paused key
     KEYS[3] delayed key
+    KEYS[4] prioritized key
+    KEYS[5] priority counter key
 ]]
 local rcall = redis.call
 removeListJobs(KEYS[1], true, ARGV[1])
 removeListJobs(KEYS[2], true, ARGV[1])
+removeZSetJobs(KEYS[4], true, ARGV[1], 0)
+rcall("DEL", KEYS[5])
 if ARGV[2] == "1" then
   removeZSetJobs(KEYS[3], true, ARGV[1], 0)
 end
"""),
    F("lib/scripts.js", "modified", r"""
@@ 311 |   async drain(delayed) {
-    const keys = [this.keys.wait, this.keys.paused, this.keys.delayed];
+    const keys = [this.keys.wait, this.keys.paused, this.keys.delayed, this.keys.prioritized, this.keys.pc];
     return this.execCommand('drain', keys.concat([this.keys[''], delayed ? '1' : '0']));
   }
"""),
  ],
  truth=[W + "api/queue.md", W + "concepts/queues.md"])

c.add("direct", "job.changeDelay: re-delay waiting jobs too",
  body="`changeDelay` on a job that had already been promoted threw `Missing key`. It now moves a waiting job back to delayed, which is what people expected.",
  files=[
    F("lib/commands/changeDelay-4.lua", "modified", r"""
@@ 15
 if rcall("EXISTS", jobKey) == 1 then
-  if rcall("ZSCORE", KEYS[1], jobId) == false then
-    return -3 -- not delayed
+  local inDelayed = rcall("ZSCORE", KEYS[1], jobId)
+  if not inDelayed then
+    if rcall("LREM", KEYS[4], 0, jobId) == 0 then
+      return -3 -- neither delayed nor waiting
+    end
   end
   local delayedTimestamp = tonumber(ARGV[1]) + tonumber(ARGV[2])
   rcall("ZADD", KEYS[1], delayedTimestamp * 0x1000 + bit.band(jobCounter, 0xfff), jobId)
"""),
    F("lib/job.js", "modified", r"""
@@ 431 |   async changeDelay(delay) {
-    await this.scripts.changeDelay(this.id, delay);
+    // Works for delayed and waiting jobs; throws for active or finished ones.
+    await this.scripts.changeDelay(this.id, delay, {allowWaiting: true});
     this.delay = delay;
   }
"""),
  ],
  truth=[W + "guides/delayed-jobs.md", W + "api/job.md"])

c.add("direct", "priority: allow values up to 2^31 - 1",
  body="The 2,097,152 cap came from packing priority and a counter into one double. The new scheme uses a separate counter key, so the full int32 range is available.",
  files=[
    F("lib/validate.js", "modified", r"""
@@ 28 | function validateJobOptions(opts) {
-  const MAX_PRIORITY = 2 ** 21;
+  const MAX_PRIORITY = 2 ** 31 - 1;
   if (opts.priority !== undefined) {
     if (!Number.isInteger(opts.priority) || opts.priority < 0 || opts.priority > MAX_PRIORITY) {
-      throw new Error(`Priority should be between 0 and ${MAX_PRIORITY}`);
+      throw new Error(`Priority should be an integer between 0 and ${MAX_PRIORITY}`);
     }
   }
"""),
    F("lib/commands/addPrioritizedJob-8.lua", "modified", r"""
@@ 39
 local priority = tonumber(args[7]) or 0
-local score = priority * 0x200000 + rcall("INCR", KEYS[8]) % 0x200000
-rcall("ZADD", KEYS[3], score, jobId)
+local counter = rcall("INCR", KEYS[8])
+rcall("ZADD", KEYS[3], priority, string.format("%020d:%s", counter, jobId))
 rcall("HSET", jobIdKey, "priority", priority)
"""),
  ],
  truth=[W + "guides/priorities.md", W + "api/queue.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "worker: validate concurrency set at runtime",
  body="`worker.concurrency = '10'` (string from an env var) made the worker stop fetching. Coerce numeric strings and throw for anything else.",
  files=[
    F("lib/worker.js", "modified", r"""
@@ 214 |   set concurrency(value) {
-    this.opts.concurrency = value;
+    const n = typeof value === 'string' ? Number(value) : value;
+    if (!Number.isInteger(n) || n < 1) {
+      throw new TypeError(`concurrency must be an integer greater than 0, got ${value}`);
+    }
+    this.opts.concurrency = n;
     this.wakeUp();
   }
"""),
    F("test/worker.test.js", "modified", r"""
@@ 399 | describe('concurrency', () => {
     });
   });
+
+  it('rejects invalid values', () => {
+    expect(() => (worker.concurrency = 0)).toThrow(/greater than 0/);
+    worker.concurrency = '4';
+    expect(worker.concurrency).toBe(4);
+  });
 });
"""),
  ],
  truth=[W + "api/worker.md"])

c.add("misleading", "dashboard: --port 0 picks a free port",
  body="Useful in tests and when several dashboards run on one machine. The chosen URL is printed on startup. `--port` now also always wins over `PORT`.",
  files=[
    F("lib/cli/commands/dashboard.js", "modified", r"""
@@ 12 | module.exports = (program) =>
     .command('dashboard')
-    .option('--port <port>', 'port to listen on', toInt, Number(process.env.PORT) || 3030)
+    .option('--port <port>', 'port to listen on (0 = any free port)', toInt)
     .option('--host <host>', 'interface to bind', '127.0.0.1')
@@ 31 | async function runDashboard(opts) {
-  server.listen(opts.port, opts.host, () => {
-    console.log(`Spool dashboard on http://${opts.host}:${opts.port}${opts.basePath}`);
+  const port = opts.port ?? (Number(process.env.PORT) || 3030);
+  server.listen(port, opts.host, () => {
+    const {port: actual} = server.address();
+    console.log(`Spool dashboard on http://${opts.host}:${actual}${opts.basePath}`);
   });
"""),
  ],
  truth=[W + "cli/dashboard.md"])

c.add("misleading", "queue.add: validate the attempts option",
  body="`attempts: 0` and `attempts: -1` were silently treated as 1; `attempts: '3'` was treated as 1 too. Throw a clear error.",
  files=[
    F("lib/validate.js", "modified", r"""
@@ 36 | function validateJobOptions(opts) {
+  if (opts.attempts !== undefined && !(Number.isInteger(opts.attempts) && opts.attempts >= 1)) {
+    throw new TypeError(`attempts must be a positive integer, got ${JSON.stringify(opts.attempts)}`);
+  }
   if (opts.delay !== undefined && (!Number.isFinite(opts.delay) || opts.delay < 0)) {
     throw new TypeError('delay must be a non-negative number');
   }
"""),
    F("test/queue.test.js", "modified", r"""
@@ 219 | describe('add options', () => {
 describe('add options', () => {
   const queue = new Queue('add-options', {connection});

+  it.each([0, -1, '3', 1.5])('rejects attempts=%p', async (attempts) => {
+    await expect(queue.add('x', {}, {attempts})).rejects.toThrow(/attempts must be a positive integer/);
+  });
+
   it('rejects a negative delay', async () => {
"""),
  ],
  truth=[W + "api/queue.md"])

c.add("misleading", "Reduce Redis memory used by the event stream",
  body="Most users never replay events, but every queue kept ~10k entries (often several MB with large return values). Lower the default `streams.events.maxLen` to 1,000.",
  files=[
    F("lib/queue-base.js", "modified", r"""
@@ 9
-const DEFAULT_EVENTS_MAXLEN = 10000;
+const DEFAULT_EVENTS_MAXLEN = 1000;
 
 class QueueBase extends EventEmitter {
"""),
    F("types/queue.d.ts", "modified", r"""
@@ 27 | export interface QueueOptions extends QueueBaseOptions {
   streams?: {
     events: {
-      /** Approximate max length of the event stream. @default 10000 */
+      /** Approximate max length of the event stream. @default 1000 */
       maxLen: number;
     };
   };
"""),
  ],
  truth=[W + "api/queue.md", W + "configuration.md", W + "guides/observability.md"])

c.add("misleading", "Don't retry jobs that throw UnrecoverableError in a sandbox",
  body="Errors cross the process boundary as plain objects, so the `instanceof UnrecoverableError` check always failed for sandboxed processors and the job was retried. Compare by name after deserialising.",
  files=[
    F("lib/sandbox/sandbox.js", "modified", r"""
@@ 88 |         case 'failed': {
-          const err = Object.assign(new Error(msg.value.message), msg.value);
+          const err = deserializeError(msg.value);
           reject(err);
           break;
         }
"""),
    F("lib/errors/index.js", "modified", r"""
@@ 6
+const CLASSES = {UnrecoverableError, DelayedError, RateLimitError, WaitingChildrenError};
+
+/** Rebuilds an error sent from a sandbox, restoring Spool's error classes by name. */
+function deserializeError(obj) {
+  const Cls = CLASSES[obj.name] || Error;
+  const err = new Cls(obj.message);
+  err.stack = obj.stack;
+  return err;
+}
+
 module.exports = {
   UnrecoverableError,
   DelayedError,
   RateLimitError,
   WaitingChildrenError,
+  deserializeError,
 };
"""),
  ],
  truth=[W + "guides/sandboxed-processors.md"])

c.add("misleading", "connection: accept tls and family query parameters in Redis URLs",
  body="`SPOOL_REDIS_URL=redis://host:6379?tls=true&family=6` now works, which is the only way to enable TLS with a `redis://` URL on providers that don't offer `rediss://`.",
  files=[
    F("lib/redis-connection.js", "modified", r"""
@@ 33 | function optionsFromUrl(url) {
   const u = new URL(url);
-  return {
+  const opts = {
     host: u.hostname,
     port: Number(u.port || 6379),
     username: decodeURIComponent(u.username) || undefined,
     password: decodeURIComponent(u.password) || undefined,
     db: Number(u.pathname.slice(1) || 0),
-    tls: u.protocol === 'rediss:' ? {} : undefined,
+    tls: u.protocol === 'rediss:' || u.searchParams.get('tls') === 'true' ? {} : undefined,
   };
+  const family = u.searchParams.get('family');
+  if (family) opts.family = Number(family);
+  return opts;
 }
"""),
  ],
  truth=[W + "concepts/connections.md"])

c.add("misleading", "Make the worker survive Redis restarts quietly",
  body="After a Redis restart every script call first failed with NOSCRIPT, which we logged as an error although we reload and retry transparently. Log it at debug level, and only warn if scripts are flushed more than 5 times in a minute.",
  files=[
    F("lib/scripts.js", "modified", r"""
@@ 72 |   async execCommand(name, args) {
     try {
       return await this.client[name](...args);
     } catch (err) {
       if (!String(err.message).includes('NOSCRIPT')) throw err;
-      console.error(`ERR Error running script ${name}: NOSCRIPT, reloading`);
+      debug('NOSCRIPT for %s, reloading scripts', name);
+      if (this.flushes.record() > 5) {
+        console.warn('spool: Lua scripts were flushed more than 5 times in the last minute');
+      }
       await this.loadCommands(true);
       return this.client[name](...args);
     }
"""),
  ],
  truth=[W + "troubleshooting.md"])

c.add("misleading", "rate limiter: warn when workers disagree on limiter options",
  body="\"Last one to start wins\" led to hard-to-explain throughput changes during rolling deploys. Store the limiter in the queue meta key; a worker whose options differ now logs a warning and uses the stored ones until `queue.setGlobalRateLimit()` is called.",
  files=[
    F("lib/rate-limiter.js", "modified", r"""
@@ 15 | async function registerLimiter(client, keys, limiter, queueName) {
-  await client.hset(keys.meta, 'max', limiter.max, 'duration', limiter.duration);
+  const stored = await client.hmget(keys.meta, 'max', 'duration');
+  if (stored[0] === null) {
+    await client.hset(keys.meta, 'max', limiter.max, 'duration', limiter.duration);
+    return limiter;
+  }
+  const current = {max: Number(stored[0]), duration: Number(stored[1])};
+  if (current.max !== limiter.max || current.duration !== limiter.duration) {
+    console.warn(
+      `spool: limiter for queue "${queueName}" differs from the stored one ` +
+        `(${current.max}/${current.duration}ms); using the stored limiter`,
+    );
+  }
+  return current;
 }
"""),
  ],
  truth=[W + "guides/rate-limiting.md"])

c.add("misleading", "job.updateProgress: reject numbers outside 0-100",
  files=[
    F("lib/job.js", "modified", r"""
@@ 188 |   async updateProgress(progress) {
+    if (typeof progress === 'number' && !(progress >= 0 && progress <= 100)) {
+      throw new RangeError(`Progress must be between 0 and 100, got ${progress}`);
+    }
+    if (typeof progress !== 'number' && (progress === null || typeof progress !== 'object')) {
+      throw new TypeError('Progress must be a number or an object');
+    }
     this.progress = progress;
     await this.scripts.updateProgress(this.id, progress);
     this.queue.emit('progress', this, progress);
   }
"""),
  ],
  truth=[W + "api/job.md", W + "guides/observability.md"])

c.add("misleading", "cli clean: default --grace to 1h",
  body="`spool clean emails` with grace 0 removed jobs that had completed a second ago, which made the dashboard look broken. Keep the last hour by default; pass `--grace 0` for the old behaviour.",
  files=[
    F("lib/cli/commands/clean.js", "modified", r"""
@@ 9 | module.exports = (program) =>
     .command('clean <queue>')
     .option('--state <state>', 'completed or failed', 'completed')
-    .option('--grace <duration>', 'only remove jobs older than this', parseDuration, 0)
+    .option('--grace <duration>', 'only remove jobs older than this', parseDuration, parseDuration('1h'))
     .option('--limit <n>', 'maximum number of jobs to remove', toInt, 0)
"""),
  ],
  truth=[W + "cli/overview.md"])

# ---------------------------------------------------------------- new identifiers
c.add("new_identifier", "worker: add a `name` option",
  body="Named workers show up in `queue.getWorkers()` (via `CLIENT SETNAME`) and in the dashboard's worker list, which makes it possible to tell pods apart.",
  files=[
    F("lib/worker.js", "modified", r"""
@@ 61 |   constructor(name, processor, opts = {}) {
     super(name, {...DEFAULT_OPTS, ...opts});
+    if (opts.name !== undefined && (typeof opts.name !== 'string' || /\s/.test(opts.name))) {
+      throw new TypeError('worker name must be a string without spaces');
+    }
+    this.workerName = opts.name;
@@ 120 |   async createBlockingConnection() {
     const client = await this.blockingConnection.client;
-    await client.client('SETNAME', `${this.clientName()}`);
+    await client.client('SETNAME', this.clientName(this.workerName ? `:w:${this.workerName}` : ''));
     return client;
   }
"""),
    F("types/worker.d.ts", "modified", r"""
@@ 16 | export interface WorkerOptions extends QueueBaseOptions {
   /**
    * Number of jobs processed in parallel by this worker.
    * @default 1
    */
   concurrency?: number;
+  /**
+   * Name reported by `queue.getWorkers()` and shown in the dashboard.
+   * Must not contain spaces.
+   */
+  name?: string;
"""),
  ],
  truth=[W + "api/worker.md"])

c.add("new_identifier", "queue: add retryJobs() for bulk retries",
  body="The CLI already retried in batches with a private helper; make it public as `queue.retryJobs({state, count, timestamp})`.",
  files=[
    F("lib/queue.js", "modified", r"""
@@ 295 | class Queue extends QueueBase {
     await this.scripts.obliterate({force: false, count: 1000, ...opts});
   }

+  /**
+   * Retries jobs in bulk.
+   * @param {{state?: 'failed'|'completed', count?: number, timestamp?: number}} opts
+   *   count: jobs moved per iteration (default 1000);
+   *   timestamp: only jobs finished before this time
+   */
+  async retryJobs(opts = {}) {
+    const {state = 'failed', count = 1000, timestamp = Date.now()} = opts;
+    let cursor = 0;
+    do {
+      cursor = await this.scripts.retryJobs(state, count, timestamp);
+    } while (cursor);
+  }
+
   async getRateLimitTtl(maxJobs) {
"""),
    F("lib/cli/commands/retry.js", "modified", r"""
@@ 21 | async function retry(queue, opts) {
   const count = await queue.getJobCountByTypes(opts.state);
-  await retryAllInBatches(queue, opts.state, 1000);
+  await queue.retryJobs({state: opts.state, count: 1000});
   console.log(`Retried ${count} ${opts.state} jobs in ${queue.name}`);
"""),
    F("types/queue.d.ts", "modified", r"""
@@ 100 | export declare class Queue<DataType = any, ResultType = any, NameType extends string = string> {
   obliterate(opts?: {force?: boolean; count?: number}): Promise<void>;
   drain(delayed?: boolean): Promise<void>;
+  retryJobs(opts?: {state?: 'failed' | 'completed'; count?: number; timestamp?: number}): Promise<void>;
   getRateLimitTtl(maxJobs?: number): Promise<number>;
"""),
  ],
  truth=[W + "api/queue.md"])

c.add("new_identifier", "cli: add `spool export` to dump jobs as NDJSON",
  files=[
    F("lib/cli/commands/export.js", "added", r"""
'use strict';
const fs = require('node:fs');
const {withConnection, toInt} = require('../options');

module.exports = (program) =>
  program
    .command('export <queue>')
    .description('write jobs as newline-delimited JSON')
    .option('--state <states>', 'comma-separated states', 'failed')
    .option('--limit <n>', 'maximum number of jobs, 0 = all', toInt, 0)
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .action(withConnection(exportJobs));

async function exportJobs(queue, opts) {
  const out = opts.output ? fs.createWriteStream(opts.output) : process.stdout;
  const states = opts.state.split(',');
  const pageSize = 500;
  let written = 0;
  for (let start = 0; ; start += pageSize) {
    const jobs = await queue.getJobs(states, start, start + pageSize - 1, true);
    for (const job of jobs) {
      out.write(JSON.stringify(job.asJSON()) + '\n');
      if (++written === opts.limit) return;
    }
    if (jobs.length < pageSize) return;
  }
}
"""),
    F("lib/cli/index.js", "modified", r"""
@@ 14
 require('./commands/clean')(program);
 require('./commands/pause')(program);
 require('./commands/dashboard')(program);
+require('./commands/export')(program);
"""),
  ],
  truth=[W + "cli/overview.md"])

c.add("new_identifier", "dashboard: optional bearer-token auth for the standalone server",
  body="Set `SPOOL_DASHBOARD_TOKEN` (or `--token`) and the standalone dashboard requires `Authorization: Bearer <token>` or a `?token=` query parameter on first visit (then a cookie).",
  files=[
    F("lib/dashboard/auth.js", "added", r"""
'use strict';
const crypto = require('node:crypto');

function tokenAuth(expected) {
  const want = Buffer.from(expected);
  const ok = (got) => got && got.length === want.length && crypto.timingSafeEqual(Buffer.from(got), want);
  return (req, res, next) => {
    const header = req.headers.authorization || '';
    const bearer = header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const cookie = /(?:^|;\s*)spool_token=([^;]+)/.exec(req.headers.cookie || '')?.[1];
    const query = new URL(req.url, 'http://x').searchParams.get('token');
    if (ok(bearer) || ok(cookie)) return next();
    if (ok(query)) {
      res.setHeader('Set-Cookie', `spool_token=${query}; HttpOnly; SameSite=Strict; Path=/`);
      return next();
    }
    res.statusCode = 401;
    res.end('Unauthorized');
  };
}

module.exports = {tokenAuth};
"""),
    F("lib/cli/commands/dashboard.js", "modified", r"""
@@ 15 | module.exports = (program) =>
     .option('--read-only', 'hide actions that change state')
+    .option('--token <token>', 'require this bearer token (env: SPOOL_DASHBOARD_TOKEN)')
@@ 37 | async function runDashboard(opts) {
   const dashboard = createDashboard({queues, basePath: opts.basePath, readOnly: opts.readOnly});
-  const server = http.createServer(dashboard.router);
+  const token = opts.token || process.env.SPOOL_DASHBOARD_TOKEN;
+  const handler = token ? chain(tokenAuth(token), dashboard.router) : dashboard.router;
+  const server = http.createServer(handler);
   server.listen(opts.port, opts.host, () => {
"""),
  ],
  truth=[W + "cli/dashboard.md", W + "configuration.md"])

c.add("new_identifier", "job: add moveToWait(token)",
  body="Lets a processor give a job back to the queue without counting an attempt (e.g. it picked up a job for a tenant it can't serve). Counterpart of `moveToDelayed`.",
  files=[
    F("lib/job.js", "modified", r"""
@@ 509 | class Job {
     return this.scripts.moveToWaitingChildren(this.id, token, opts);
   }

+  /**
+   * Moves an active job back to the waiting list without incrementing attemptsMade.
+   * Call from inside the processor and then throw a `DelayedError`.
+   * @param {string} token lock token of the current attempt
+   */
+  async moveToWait(token) {
+    const code = await this.scripts.moveJobFromActiveToWait(this.id, token);
+    if (code < 0) throw this.scripts.finishedErrors(code, this.id, 'moveToWait', 'active');
+    return code;
+  }
+
   async moveToDelayed(timestamp, token) {
"""),
    F("types/job.d.ts", "modified", r"""
@@ 140 | export declare class Job<DataType = any, ReturnType = any, NameType extends string = string> {
   moveToDelayed(timestamp: number, token?: string): Promise<void>;
+  moveToWait(token: string): Promise<number>;
"""),
  ],
  truth=[W + "api/job.md"])

c.add("new_identifier", "flows: add continueParentOnFailure",
  body="New child option: when the child fails, the parent is moved to `waiting` immediately (other children may still be running) so that it can react, e.g. cancel the rest. `job.getFailedChildrenValues()` returns the failures.",
  files=[
    F("lib/commands/moveToFinished-14.lua", "modified", r"""
@@ 142
     if opts['fpof'] then
       moveParentToFailed(parentData, "child " .. jobIdKey .. " failed", timestamp)
+    elseif opts['cpof'] then
+      rcall("HSET", parentKey .. ":failed", jobIdKey, ARGV[4])
+      moveParentToWaitIfNeeded(parentQueueKey, parentKey .. ":dependencies", parentKey, parentId, timestamp, true)
     elseif opts['idof'] or opts['rdof'] then
"""),
    F("lib/flow-producer.js", "modified", r"""
@@ 233 | function packChildOpts(opts = {}) {
   return {
     ...opts,
     fpof: opts.failParentOnFailure,
+    cpof: opts.continueParentOnFailure,
     idof: opts.ignoreDependencyOnFailure,
     rdof: opts.removeDependencyOnFailure,
   };
"""),
    F("types/flow.d.ts", "modified", r"""
@@ 18 | export interface FlowChildJobOpts extends JobOptions {
   failParentOnFailure?: boolean;
+  /** Move the parent to waiting as soon as this child fails; see job.getFailedChildrenValues(). */
+  continueParentOnFailure?: boolean;
   ignoreDependencyOnFailure?: boolean;
"""),
  ],
  truth=[W + "guides/flows.md", W + "api/flow-producer.md"])

# ---------------------------------------------------------------- renames / removals
c.add("rename", "stalled: clearer failure reason for jobs that stall too often",
  body="Replaces `job stalled more than allowable limit` with a message that names the setting. Anyone matching on the old string needs to update.",
  files=[
    F("lib/commands/moveStalledJobsToWait-9.lua", "modified", r"""
@@ 77
         if stalledCount > maxStalledJobCount then
           local rawOpts = rcall("HGET", jobKey, "opts")
           local opts = cjson.decode(rawOpts)
-          local failedReason = "job stalled more than allowable limit"
+          local failedReason = "job stalled more than maxStalledCount (" .. maxStalledJobCount .. ") times"
           rcall("ZADD", failedKey, timestamp, jobId)
"""),
    F("test/stalled.test.js", "modified", r"""
@@ 94 | describe('stalled jobs', () => {
     const job = await queue.getJob(id);
     expect(await job.getState()).toBe('failed');
-    expect(job.failedReason).toBe('job stalled more than allowable limit');
+    expect(job.failedReason).toBe('job stalled more than maxStalledCount (1) times');
   });
"""),
  ],
  truth=[W + "troubleshooting.md", W + "guides/stalled-jobs.md", W + "concepts/job-lifecycle.md"])

c.add("rename", "Remove job.discard()",
  body="`discard()` was a footgun: it only took effect if the processor threw afterwards, and people expected it to stop the job. `UnrecoverableError` covers the use case.\n\nBREAKING CHANGE: `job.discard()` is removed; throw `UnrecoverableError` instead.",
  files=[
    F("lib/job.js", "modified", r"""
@@ 561
-  /**
-   * Marks the job as not retryable: if the current attempt throws, the job fails
-   * regardless of remaining attempts.
-   */
-  discard() {
-    this.discarded = true;
-  }
-
   async moveToFailed(err, token, fetchNext = false) {
-    const retry = !this.discarded && !(err instanceof UnrecoverableError) && this.attemptsMade < this.opts.attempts;
+    const retry = !(err instanceof UnrecoverableError) && this.attemptsMade < this.opts.attempts;
"""),
    F("types/job.d.ts", "modified", r"""
@@ 149
   retry(state?: 'failed' | 'completed'): Promise<void>;
   remove(): Promise<void>;
-  discard(): void;
   moveToDelayed(timestamp: number, token?: string): Promise<void>;
"""),
  ],
  truth=[W + "api/job.md", W + "concepts/job-lifecycle.md"])

c.add("rename", "debug: rename spool:scripts namespace to spool:redis, add spool:sandbox",
  files=[
    F("lib/debug.js", "modified", r"""
@@ 1
 const createDebug = require('debug');
 
 module.exports = {
   queue: createDebug('spool:queue'),
   worker: createDebug('spool:worker'),
-  scripts: createDebug('spool:scripts'),
+  redis: createDebug('spool:redis'),
   stalled: createDebug('spool:stalled'),
+  sandbox: createDebug('spool:sandbox'),
 };
"""),
    F("lib/scripts.js", "modified", r"""
@@ 3
 const path = require('node:path');
-const debug = require('./debug').scripts;
+const debug = require('./debug').redis;
 const {version} = require('../package.json');
"""),
    F("lib/sandbox/child-pool.js", "modified", r"""
@@ 1
 'use strict';
 const path = require('node:path');
+const debug = require('../debug').sandbox;
 const {fork} = require('node:child_process');
 const {Worker: ThreadWorker} = require('node:worker_threads');
@@ 40 |   async retain(processFile) {
     const child = this.free[processFile]?.pop() ?? (await this.spawn(processFile));
+    debug('retained sandbox pid=%d for %s', child.pid, processFile);
     this.retained[child.pid] = child;
"""),
  ],
  truth=[W + "guides/observability.md"])

c.add("rename", "cli: rename --redis to --url",
  body="`--redis` read oddly now that Valkey and Dragonfly are supported. `--redis` stays as a hidden alias for one major version.",
  files=[
    F("lib/cli/options.js", "modified", r"""
@@ 9 | function addGlobalOptions(program) {
   return program
-    .option('--redis <url>', 'Redis URL (env: SPOOL_REDIS_URL)')
+    .option('--url <url>', 'server URL (env: SPOOL_REDIS_URL)')
+    .addOption(new Option('--redis <url>').hideHelp())
     .option('--prefix <prefix>', 'key prefix (env: SPOOL_PREFIX)')
     .option('--json', 'print JSON');
 }
 
 function connectionFrom(opts) {
-  return opts.redis || process.env.SPOOL_REDIS_URL || 'redis://127.0.0.1:6379';
+  if (opts.redis) warnOnce('--redis is deprecated, use --url');
+  return opts.url || opts.redis || process.env.SPOOL_REDIS_URL || 'redis://127.0.0.1:6379';
 }
"""),
  ],
  truth=[W + "cli/overview.md", W + "cli/dashboard.md"])

# ---------------------------------------------------------------- path mirrors
c.add("path_mirror", "dashboard command: refuse public binding without a read-only or proxy hint",
  body="Binding the standalone server to 0.0.0.0 exposed destructive buttons to anyone on the network. When the host isn't loopback, require either `--read-only` or `--trust-proxy` (meaning an authenticating proxy sits in front).",
  message="dashboard: require --read-only or --trust-proxy on non-loopback hosts",
  files=[
    F("lib/cli/commands/dashboard.js", "modified", r"""
@@ 16 | module.exports = (program) =>
     .option('--read-only', 'hide actions that change state')
+    .option('--trust-proxy', 'the server runs behind an authenticating reverse proxy')
@@ 31 | async function runDashboard(opts) {
 async function runDashboard(opts) {
   const queues = await discoverQueues(opts);
+  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(opts.host);
+  if (!loopback && !opts.readOnly && !opts.trustProxy) {
+    console.error(
+      `Refusing to serve a writable dashboard on ${opts.host} without authentication.\n` +
+        'Pass --read-only, or --trust-proxy if an authenticating proxy sits in front.',
+    );
+    process.exitCode = 2;
+    return;
+  }
   const dashboard = createDashboard({queues, basePath: opts.basePath, readOnly: opts.readOnly});
"""),
  ],
  truth=[W + "cli/dashboard.md"])

c.add("path_mirror", "flow-producer: validate every node before writing",
  files=[
    F("lib/flow-producer.js", "modified", r"""
@@ 96 |   async add(flow, opts) {
+    validateTree(flow);
     const client = await this.client;
     const multi = client.multi();
@@ 257
     rdof: opts.removeDependencyOnFailure,
   };
 }

+function validateTree(node, path = 'flow') {
+  if (!node.queueName) {
+    throw new TypeError(`${path}: every node of a flow needs a queueName`);
+  }
+  if (node.opts?.jobId && node.opts?.repeat) {
+    throw new TypeError(`${path}: repeatable jobs can't be part of a flow`);
+  }
+  (node.children || []).forEach((child, i) => validateTree(child, `${path}.children[${i}]`));
+}
+
 module.exports = {FlowProducer};
"""),
    F("test/flow.test.js", "modified", r"""
@@ 28 | describe('FlowProducer.add', () => {
     });
   });
+
+  it('rejects children without queueName', async () => {
+    await expect(flows.add({name: 'p', queueName: 'q', children: [{name: 'c'}]})).rejects.toThrow(
+      /flow\.children\[0\]: every node of a flow needs a queueName/,
+    );
+  });
 });
"""),
  ],
  truth=[W + "api/flow-producer.md"])

c.add("path_mirror", "queue-events: keep going after malformed stream entries",
  body="A single entry written by an old version with a different field layout made the XREAD loop throw and stop forever. Emit an `error` event and continue; also make `close()` wait for the in-flight read.",
  files=[
    F("lib/queue-events.js", "modified", r"""
@@ 71 |   async consumeEvents(client) {
     while (!this.closing) {
       const data = await this.checkConnectionError(() =>
         client.xread('BLOCK', this.opts.blockingTimeout, 'STREAMS', this.keys.events, this.id),
       );
       if (!data) continue;
       for (const [id, fields] of data[0][1]) {
         this.id = id;
-        const args = array2obj(fields);
-        this.emit(args.event, args, id);
+        let args;
+        try {
+          args = array2obj(fields);
+        } catch (err) {
+          this.emit('error', new Error(`malformed event ${id}: ${err.message}`));
+          continue;
+        }
+        this.emit(args.event, args, id);
       }
     }
+    this.consuming.resolve();
   }
"""),
  ],
  truth=[W + "api/queue-events.md"])

c.add("path_mirror", "child-pool: shut down sandboxes idle for 60 seconds",
  body="A worker with concurrency 8 kept 8 Node processes alive forever even on queues that get a job an hour. Kill idle sandboxes after `sandboxIdleTimeout` ms (default 60000).",
  files=[
    F("lib/sandbox/child-pool.js", "modified", r"""
@@ 52 |   release(child) {
     delete this.retained[child.pid];
     this.getFree(child.processFile).push(child);
+    child.idleTimer = setTimeout(() => this.reap(child), this.opts.sandboxIdleTimeout ?? 60_000);
+    child.idleTimer.unref();
   }
+
+  reap(child) {
+    const free = this.getFree(child.processFile);
+    const i = free.indexOf(child);
+    if (i === -1) return;
+    free.splice(i, 1);
+    debug('killing idle sandbox pid=%d', child.pid);
+    this.kill(child);
+  }
"""),
    F("lib/worker.js", "modified", r"""
@@ 88 |     if (typeof processor === 'string') {
-      this.childPool = new ChildPool({useWorkerThreads: this.opts.useWorkerThreads});
+      this.childPool = new ChildPool({
+        useWorkerThreads: this.opts.useWorkerThreads,
+        sandboxIdleTimeout: this.opts.sandboxIdleTimeout,
+      });
       this.processFn = sandbox(processor, this.childPool);
"""),
  ],
  truth=[W + "guides/sandboxed-processors.md", W + "api/worker.md"])

c.write()
