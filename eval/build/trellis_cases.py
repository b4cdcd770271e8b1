from casekit import Cases, F

c = Cases("trellis")
D = "docs/"

# ---------------------------------------------------------------- direct
c.add("direct", "Raise MaxParams to 64",
  body="Generated REST gateways hit the 32-parameter limit. Params are stored in a slice now, so the limit is only a sanity check.",
  message="params: raise MaxParams from 32 to 64\n\nThe fixed-size array was replaced by a pooled slice in #388; the\nlimit only guards against pathological patterns now.",
  files=[
    F("params.go", "modified", r"""
@@ 9
 // MaxParams is the maximum number of parameters a single pattern may declare.
-const MaxParams = 32
+const MaxParams = 64
 
 type paramList struct {
-	keys   [MaxParams]string
-	values [MaxParams]string
+	keys   []string
+	values []string
 	n      int
 }
"""),
    F("pattern_test.go", "modified", r"""
@@ 140 | func TestPatternTooManyParams(t *testing.T) {
 	var b strings.Builder
-	for i := 0; i <= 32; i++ {
+	for i := 0; i <= MaxParams; i++ {
 		fmt.Fprintf(&b, "/{p%d}", i)
 	}
"""),
  ],
  truth=[D + "routing/patterns.md", D + "reference/api-index.md"])

c.add("direct", "middleware/RequestID: only trust short, safe incoming IDs",
  body="Incoming `X-Request-Id` values were accepted up to 200 chars with any content, and ended up verbatim in logs. Accept at most 64 characters from `[A-Za-z0-9._-]`; otherwise generate a new ID.",
  files=[
    F("middleware/request_id.go", "modified", r"""
@@ 14
-const maxIncomingIDLen = 200
+const maxIncomingIDLen = 64
 
 // RequestID is a middleware that injects a request ID into the context of each request.
 func RequestID(next http.Handler) http.Handler {
 	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
 		id := r.Header.Get(RequestIDHeader)
-		if id == "" || len(id) > maxIncomingIDLen {
+		if !validIncomingID(id) {
 			id = newID()
 		}
@@ 35
 		next.ServeHTTP(w, r.WithContext(ctx))
 	})
 }
+
+func validIncomingID(id string) bool {
+	if id == "" || len(id) > maxIncomingIDLen {
+		return false
+	}
+	for _, c := range []byte(id) {
+		switch {
+		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '_', c == '-':
+		default:
+			return false
+		}
+	}
+	return true
+}
"""),
  ],
  truth=[D + "middleware/built-in.md"])

c.add("direct", "compress: skip responses smaller than 1 KiB",
  body="Compressing sub-1KiB bodies costs more CPU than it saves bytes and often makes them larger. Raise the threshold from 256 bytes and make it configurable on the Compressor.",
  files=[
    F("middleware/compress.go", "modified", r"""
@@ 21
-// minSize is the smallest Content-Length that is worth compressing.
-const minSize = 256
+// DefaultMinSize is the smallest Content-Length that is worth compressing.
+const DefaultMinSize = 1024
 
 type Compressor struct {
 	level    int
 	types    map[string]struct{}
 	encoders map[string]EncoderFunc
+	minSize  int
 }
@@ 141 | func (cw *compressResponseWriter) WriteHeader(code int) {
-	if cl, err := strconv.Atoi(cw.Header().Get("Content-Length")); err == nil && cl < minSize {
+	if cl, err := strconv.Atoi(cw.Header().Get("Content-Length")); err == nil && cl < cw.c.minSize {
 		cw.passthrough = true
 	}
"""),
  ],
  truth=[D + "middleware/compress.md", D + "troubleshooting.md"])

c.add("direct", "ratelimit: keep at most 10,000 buckets by default",
  body="100k buckets used ~25 MB per process, which surprised people running many small replicas.",
  files=[
    F("middleware/ratelimit.go", "modified", r"""
@@ 33 | func RateLimit(opts RateLimitOptions) func(http.Handler) http.Handler {
 	if opts.KeyFunc == nil {
 		opts.KeyFunc = KeyByIP
 	}
 	if opts.MaxKeys == 0 {
-		opts.MaxKeys = 100_000
+		opts.MaxKeys = 10_000
 	}
"""),
  ],
  truth=[D + "middleware/rate-limit.md"])

c.add("direct", "server: default ReadHeaderTimeout to 5s",
  files=[
    F("server.go", "modified", r"""
@@ 47 | func (o *ServerOptions) withDefaults() ServerOptions {
 	out := *o
 	if out.ReadHeaderTimeout == 0 {
-		out.ReadHeaderTimeout = 10 * time.Second
+		out.ReadHeaderTimeout = 5 * time.Second
 	}
 	if out.IdleTimeout == 0 {
 		out.IdleTimeout = 120 * time.Second
 	}
"""),
    F("server_test.go", "modified", r"""
@@ 22 | func TestServerDefaults(t *testing.T) {
-	if got.ReadHeaderTimeout != 10*time.Second {
+	if got.ReadHeaderTimeout != 5*time.Second {
 		t.Errorf("ReadHeaderTimeout = %v", got.ReadHeaderTimeout)
 	}
"""),
  ],
  truth=[D + "guides/graceful-shutdown.md"])

c.add("direct", "cors: set Vary: Origin on every response",
  body="We only added `Vary: Origin` when the request had an Origin header, so a shared cache could store the non-CORS response and serve it to browsers.",
  files=[
    F("middleware/cors.go", "modified", r"""
@@ 118 | func (c *cors) handleActual(w http.ResponseWriter, r *http.Request) {
 	origin := r.Header.Get("Origin")
-	if origin == "" {
-		return
-	}
 	h := w.Header()
 	h.Add("Vary", "Origin")
+	if origin == "" {
+		return
+	}
 	if !c.isOriginAllowed(r, origin) {
 		c.logf("cors: origin %q not allowed", origin)
 		return
 	}
"""),
    F("middleware/cors_test.go", "modified", r"""
@@ 199
 	}
 }
+
+func TestCORSVaryWithoutOrigin(t *testing.T) {
+	h := CORS(CORSOptions{AllowedOrigins: []string{"https://a.example"}})(okHandler)
+	rec := httptest.NewRecorder()
+	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
+	if got := rec.Header().Values("Vary"); len(got) != 1 || got[0] != "Origin" {
+		t.Fatalf("Vary = %v", got)
+	}
+}
"""),
  ],
  truth=[D + "middleware/cors.md"])

c.add("direct", "bind: treat an empty JSON body as a zero value when allowed",
  body="PATCH endpoints with all-optional fields had to special-case empty bodies. `BindOptions.AllowEmpty` (and the message for the error case) changes that; the default still rejects empty bodies.",
  files=[
    F("bind.go", "modified", r"""
@@ 27 | type BindOptions struct {
 	MaxBodyBytes          int64
 	DisallowUnknownFields bool
+	// AllowEmpty makes an empty body leave v unchanged instead of failing with 400.
+	AllowEmpty bool
 }
@@ 74 | func bindJSON(r *http.Request, v any, o BindOptions) error {
 	if r.ContentLength == 0 || r.Body == http.NoBody {
-		return NewHTTPError(http.StatusBadRequest, "request body is empty")
+		if o.AllowEmpty {
+			return nil
+		}
+		return NewHTTPError(http.StatusBadRequest, "request body is empty (expected JSON)")
 	}
"""),
  ],
  truth=[D + "handlers/binding.md"])

c.add("direct", "ratelimit: send the combined RateLimit header",
  body="Follow draft-ietf-httpapi-ratelimit-headers-08: with `Headers: true` we now send `RateLimit: limit=20, remaining=3, reset=2` plus `RateLimit-Policy`, instead of three separate headers.",
  files=[
    F("middleware/ratelimit.go", "modified", r"""
@@ 88 | func (l *limiter) writeHeaders(w http.ResponseWriter, st bucketState) {
-	h := w.Header()
-	h.Set("RateLimit-Limit", strconv.Itoa(l.opts.Burst))
-	h.Set("RateLimit-Remaining", strconv.Itoa(st.remaining))
-	h.Set("RateLimit-Reset", strconv.Itoa(st.resetSeconds))
+	h := w.Header()
+	h.Set("RateLimit", fmt.Sprintf("limit=%d, remaining=%d, reset=%d", l.opts.Burst, st.remaining, st.resetSeconds))
+	h.Set("RateLimit-Policy", fmt.Sprintf("%d;w=1;burst=%d", int(l.opts.Rate), l.opts.Burst))
 }
"""),
    F("middleware/ratelimit_test.go", "modified", r"""
@@ 66
-	if rec.Header().Get("RateLimit-Remaining") != "1" {
+	if rec.Header().Get("RateLimit") != "limit=2, remaining=1, reset=1" {
 		t.Fatalf("headers: %v", rec.Header())
 	}
"""),
  ],
  truth=[D + "middleware/rate-limit.md"])

c.add("direct", "render: send X-Content-Type-Options: nosniff with JSON",
  files=[
    F("render.go", "modified", r"""
@@ 18 | func JSON(w http.ResponseWriter, status int, v any) error {
 	h := w.Header()
 	h.Set("Content-Type", "application/json; charset=utf-8")
+	h.Set("X-Content-Type-Options", "nosniff")
 	w.WriteHeader(status)
 	enc := json.NewEncoder(w)
 	enc.SetEscapeHTML(false)
 	return enc.Encode(v)
 }
"""),
    F("render_test.go", "modified", r"""
@@ 19 | func TestJSON(t *testing.T) {
 	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
 		t.Errorf("Content-Type = %q", ct)
 	}
+	if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
+		t.Errorf("X-Content-Type-Options = %q", got)
+	}
"""),
  ],
  truth=[D + "handlers/responses.md"])

c.add("direct", "logger: log 4xx responses at WARN",
  files=[
    F("middleware/logger.go", "modified", r"""
@@ 52 | func defaultLevel(status int) slog.Level {
-	if status >= 500 {
+	switch {
+	case status >= 500:
 		return slog.LevelError
+	case status >= 400:
+		return slog.LevelWarn
+	default:
+		return slog.LevelInfo
 	}
-	return slog.LevelInfo
 }
"""),
    F("middleware/logger_test.go", "modified", r"""
@@ 46
 	}
 }
+
+func TestLoggerLevels(t *testing.T) {
+	for status, want := range map[int]slog.Level{200: slog.LevelInfo, 404: slog.LevelWarn, 502: slog.LevelError} {
+		if got := defaultLevel(status); got != want {
+			t.Errorf("status %d: level %v, want %v", status, got, want)
+		}
+	}
+}
"""),
  ],
  truth=[D + "middleware/logger.md"])

c.add("direct", "timeout: answer 504 Gateway Timeout",
  body="503 suggested the server was overloaded; the handler simply took too long. 504 is what proxies and most frameworks use.",
  files=[
    F("middleware/timeout.go", "modified", r"""
@@ 30 | func Timeout(d time.Duration) func(http.Handler) http.Handler {
 			defer func() {
 				if ctx.Err() == context.DeadlineExceeded && !ww.wroteHeader() {
-					w.WriteHeader(http.StatusServiceUnavailable)
+					w.WriteHeader(http.StatusGatewayTimeout)
 				}
 			}()
"""),
    F("middleware/timeout_test.go", "modified", r"""
@@ 27
-	if rec.Code != http.StatusServiceUnavailable {
-		t.Fatalf("status = %d, want 503", rec.Code)
+	if rec.Code != http.StatusGatewayTimeout {
+		t.Fatalf("status = %d, want 504", rec.Code)
 	}
"""),
  ],
  truth=[D + "middleware/built-in.md", D + "guides/testing.md"])

c.add("direct", "static: serve /.well-known/ even when dotfiles are hidden",
  body="ACME challenges, `security.txt` and `apple-app-site-association` live under `.well-known`, which was blocked by the dotfile rule.",
  files=[
    F("static.go", "modified", r"""
@@ 96 | func hasDotSegment(p string) bool {
 	for _, seg := range strings.Split(p, "/") {
-		if strings.HasPrefix(seg, ".") && seg != "." && seg != ".." {
+		if strings.HasPrefix(seg, ".") && seg != "." && seg != ".." && seg != ".well-known" {
 			return true
 		}
 	}
 	return false
 }
"""),
    F("static_test.go", "modified", r"""
@@ 86
 	}
 }
+
+func TestStaticWellKnown(t *testing.T) {
+	r := New()
+	r.Static("/", fstest.MapFS{".well-known/security.txt": {Data: []byte("Contact: x")}})
+	res := trellistest.Get(t, r, "/.well-known/security.txt")
+	res.AssertStatus(t, http.StatusOK)
+}
"""),
  ],
  truth=[D + "handlers/static-files.md"])

c.add("direct", "metrics: use latency buckets suited to HTTP APIs",
  body="`prometheus.DefBuckets` top out at 10s and have poor resolution below 25ms. Switch to 1ms–30s.",
  files=[
    F("middleware/metrics.go", "modified", r"""
@@ 20
+// DefaultBuckets are the latency buckets used when MetricsOptions.Buckets is nil.
+var DefaultBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}
+
 func MetricsWith(reg prometheus.Registerer, opts MetricsOptions) func(http.Handler) http.Handler {
 	if opts.Buckets == nil {
-		opts.Buckets = prometheus.DefBuckets
+		opts.Buckets = DefaultBuckets
 	}
"""),
  ],
  truth=[D + "guides/observability.md"])

c.add("direct", "mount: strip the prefix for every mounted handler",
  body="Only `*Router` got a stripped path; every other handler needed `http.StripPrefix`, which people forgot. Strip for all handlers and set `X-Forwarded-Prefix` so they can rebuild absolute URLs.\n\nHandlers that already wrap themselves with `http.StripPrefix` must drop that wrapper; called out in the release notes.",
  files=[
    F("mount.go", "modified", r"""
@@ 31 | func (r *Router) Mount(prefix string, h http.Handler) {
-	if sub, ok := h.(*Router); ok {
-		sub.basePrefix = r.fullPattern(prefix)
-		h = sub
-	}
+	full := r.fullPattern(prefix)
+	if sub, ok := h.(*Router); ok {
+		sub.basePrefix = full
+	} else {
+		h = stripMountPrefix(full, h)
+	}
 	r.Handle(mountAnyMethod, prefix+"/{rest...}", h)
 }
+
+func stripMountPrefix(prefix string, h http.Handler) http.Handler {
+	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
+		req.Header.Set("X-Forwarded-Prefix", prefix)
+		http.StripPrefix(prefix, h).ServeHTTP(w, req)
+	})
+}
"""),
  ],
  truth=[D + "routing/groups-and-mounting.md", D + "troubleshooting.md"])

c.add("direct", "405: include OPTIONS in Allow when auto-options is on",
  files=[
    F("notfound.go", "modified", r"""
@@ 40 | func (r *Router) allowedMethods(path string) []string {
 	var allowed []string
 	for method, tree := range r.trees {
 		if tree.match(path) {
 			allowed = append(allowed, method)
 		}
 	}
+	if len(allowed) > 0 && r.opts.autoOptions && !slices.Contains(allowed, http.MethodOptions) {
+		allowed = append(allowed, http.MethodOptions)
+	}
 	sort.Strings(allowed)
 	return allowed
 }
"""),
  ],
  truth=[D + "routing/not-found-and-405.md"])

c.add("direct", "Use 308 for every trailing-slash redirect",
  body="301 for GET was a leftover from v1. 308 is cacheable too and never turns a POST into a GET, so we can use one code for every method.",
  files=[
    F("cleanpath.go", "modified", r"""
@@ 54 | func (r *Router) redirectTrailingSlash(w http.ResponseWriter, req *http.Request, target string) {
-	code := http.StatusMovedPermanently
-	if req.Method != http.MethodGet && req.Method != http.MethodHead {
-		code = http.StatusPermanentRedirect
-	}
+	code := http.StatusPermanentRedirect
 	if q := req.URL.RawQuery; q != "" {
 		target += "?" + q
 	}
 	http.Redirect(w, req, target, code)
 }
"""),
  ],
  truth=[D + "routing/trailing-slashes.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "Run: reject a non-numeric PORT",
  body="`PORT=localhost:3000` produced `listen tcp: address :localhost:3000: too many colons` deep inside net/http. Validate PORT early and point to TRELLIS_ADDR.",
  files=[
    F("server.go", "modified", r"""
@@ 71 | func defaultAddr() (string, error) {
 	if a := os.Getenv("TRELLIS_ADDR"); a != "" {
 		return a, nil
 	}
-	if p := os.Getenv("PORT"); p != "" {
-		return ":" + p, nil
+	if p := os.Getenv("PORT"); p != "" {
+		n, err := strconv.Atoi(p)
+		if err != nil || n < 0 || n > 65535 {
+			return "", fmt.Errorf("trellis: invalid PORT %q: must be a number (use TRELLIS_ADDR for host:port)", p)
+		}
+		return ":" + p, nil
 	}
 	return ":8080", nil
 }
"""),
    F("server_test.go", "modified", r"""
@@ 46
 	}
 }
+
+func TestDefaultAddrInvalidPort(t *testing.T) {
+	t.Setenv("PORT", "localhost:3000")
+	if _, err := defaultAddr(); err == nil || !strings.Contains(err.Error(), "invalid PORT") {
+		t.Fatalf("err = %v", err)
+	}
+}
"""),
  ],
  truth=[D + "guides/graceful-shutdown.md"])

c.add("misleading", "ParamInt and friends: answer 404 for malformed values",
  body="`/todos/abc` is a URL that doesn't identify a resource; 404 is more accurate than 400 and matches what a constraint would do.",
  files=[
    F("params.go", "modified", r"""
@@ 58 | func ParamInt(r *http.Request, name string) (int, error) {
 	v := Param(r, name)
 	n, err := strconv.Atoi(v)
 	if err != nil {
-		return 0, Errorf(http.StatusBadRequest, "parameter %q: %q is not an integer", name, v)
+		return 0, Errorf(http.StatusNotFound, "parameter %q: %q is not an integer", name, v)
 	}
 	return n, nil
 }
@@ 70 | func ParamInt64(r *http.Request, name string) (int64, error) {
 	if err != nil {
-		return 0, Errorf(http.StatusBadRequest, "parameter %q: %q is not an integer", name, v)
+		return 0, Errorf(http.StatusNotFound, "parameter %q: %q is not an integer", name, v)
 	}
@@ 84 | func ParamUUID(r *http.Request, name string) ([16]byte, error) {
 	if !ok {
-		return u, Errorf(http.StatusBadRequest, "parameter %q: %q is not a UUID", name, v)
+		return u, Errorf(http.StatusNotFound, "parameter %q: %q is not a UUID", name, v)
 	}
"""),
  ],
  truth=[D + "routing/patterns.md", D + "handlers/errors.md"])

c.add("misleading", "Fix CORS preflight for paths with a trailing slash",
  body="Browsers don't follow redirects on preflight, so redirecting `OPTIONS /api/items/` to `/api/items` broke CORS. Never redirect OPTIONS requests for slashes or cleaning; route them as-is.",
  files=[
    F("cleanpath.go", "modified", r"""
@@ 22 | func (r *Router) tryRedirect(w http.ResponseWriter, req *http.Request, path string) bool {
+	// Preflight requests must not be redirected (browsers treat that as a CORS failure).
+	if req.Method == http.MethodOptions {
+		return false
+	}
 	if r.opts.cleanPath {
 		if clean := cleanPath(path); clean != path {
"""),
    F("router_test.go", "modified", r"""
@@ 410
 	}
 }
+
+func TestNoRedirectForOptions(t *testing.T) {
+	r := New()
+	r.Get("/items", okHandler)
+	res := trellistest.Do(t, r, httptest.NewRequest(http.MethodOptions, "/items/", nil))
+	if res.Code == http.StatusPermanentRedirect || res.Code == http.StatusMovedPermanently {
+		t.Fatalf("OPTIONS was redirected")
+	}
+}
"""),
  ],
  truth=[D + "routing/trailing-slashes.md"])

c.add("misleading", "realip: use the right-most untrusted X-Forwarded-For address",
  body="The left-most address is chosen by the client and trivially spoofable, which also let clients dodge `RateLimit` with `KeyByIP`. Walk the header from the right, skipping private/loopback proxies.",
  files=[
    F("middleware/realip.go", "modified", r"""
@@ 26 | func realIP(r *http.Request) string {
 	if xrip := r.Header.Get("X-Real-IP"); xrip != "" {
 		return xrip
 	}
 	if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
-		first, _, _ := strings.Cut(xff, ",")
-		return strings.TrimSpace(first)
+		parts := strings.Split(xff, ",")
+		for i := len(parts) - 1; i >= 0; i-- {
+			ip := net.ParseIP(strings.TrimSpace(parts[i]))
+			if ip == nil {
+				continue
+			}
+			if !ip.IsPrivate() && !ip.IsLoopback() {
+				return ip.String()
+			}
+		}
 	}
 	return ""
 }
"""),
  ],
  truth=[D + "middleware/built-in.md"])

c.add("misleading", "Include the request ID in error responses",
  body="Support asks users for the request ID; now it's in the error body (`request_id`) whenever `middleware.RequestID` ran.",
  files=[
    F("errors.go", "modified", r"""
@@ 88 | func DefaultErrorHandler(w http.ResponseWriter, r *http.Request, err error) {
-	writeError(w, r, status, msg)
+	writeError(w, r, status, msg, requestIDFrom(r.Context()))
 }
 
-func writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
+func writeError(w http.ResponseWriter, r *http.Request, status int, msg, reqID string) {
 	if prefersJSON(r) {
-		JSON(w, status, map[string]any{"error": map[string]any{"status": status, "message": msg}})
+		body := map[string]any{"status": status, "message": msg}
+		if reqID != "" {
+			body["request_id"] = reqID
+		}
+		JSON(w, status, map[string]any{"error": body})
 		return
 	}
 	http.Error(w, msg, status)
 }
"""),
    F("context.go", "modified", r"""
@@ 37
 	return rc
 }

+// requestIDKey is shared with middleware.RequestID through internal linkage.
+type requestIDKey struct{}
+
+func requestIDFrom(ctx context.Context) string {
+	id, _ := ctx.Value(requestIDKey{}).(string)
+	return id
+}
"""),
  ],
  truth=[D + "handlers/errors.md"])

c.add("misleading", "debug: accept TRELLIS_DEBUG=true and other boolean spellings",
  files=[
    F("debug.go", "modified", r"""
@@ 8
 func debugEnabled() bool {
-	return os.Getenv("TRELLIS_DEBUG") == "1"
+	v, err := strconv.ParseBool(os.Getenv("TRELLIS_DEBUG"))
+	return err == nil && v
 }
"""),
  ],
  truth=[D + "reference/router-options.md"])

c.add("misleading", "pattern: forbid capturing groups in constraints",
  body="A capturing group in a constraint (`{ext:(png|jpg)}`) shifted submatch indexes and silently broke parameter extraction for later parameters in the same segment. Reject at registration and suggest `(?:...)`.",
  files=[
    F("pattern.go", "modified", r"""
@@ 112 | func compileConstraint(pattern, name, expr string) (*regexp.Regexp, error) {
 	re, err := regexp.Compile("^(?:" + expr + ")$")
 	if err != nil {
 		return nil, fmt.Errorf("trellis: invalid pattern %q: %s", pattern, errMessage(err))
 	}
+	if re.NumSubexp() > 0 {
+		return nil, fmt.Errorf(
+			"trellis: invalid pattern %q: constraint for {%s} has a capturing group; use (?:...) instead",
+			pattern, name)
+	}
 	return re, nil
 }
"""),
    F("pattern_test.go", "modified", r"""
@@ 75
 	}
 }
+
+func TestConstraintCapturingGroup(t *testing.T) {
+	_, err := parsePattern("/img/{name}.{ext:(png|jpg)}")
+	if err == nil || !strings.Contains(err.Error(), "capturing group") {
+		t.Fatalf("err = %v", err)
+	}
+}
"""),
  ],
  truth=[D + "routing/patterns.md"])

c.add("misleading", "Negotiate: return empty string when nothing is acceptable",
  body="Returning the first offer when the client explicitly refused it (`Accept: image/png`) made it impossible to answer 406. The no-header case still returns the first offer.",
  files=[
    F("internal/header/accept.go", "modified", r"""
@@ 44 | func Best(accept string, offers []string) string {
 	if accept == "" {
 		return offers[0]
 	}
 	best, bestQ := "", -1.0
 	for _, spec := range parse(accept) {
 		for _, o := range offers {
 			if spec.matches(o) && spec.q > bestQ && spec.q > 0 {
 				best, bestQ = o, spec.q
 			}
 		}
 	}
-	if best == "" {
-		return offers[0]
-	}
 	return best
 }
"""),
    F("render.go", "modified", r"""
@@ 101
-// Negotiate returns the offer that best matches the Accept header, or the first offer.
+// Negotiate returns the offer that best matches the Accept header. It returns the first
+// offer when there is no Accept header and "" when no offer is acceptable (answer 406).
 func Negotiate(r *http.Request, offers ...string) string {
"""),
  ],
  truth=[D + "handlers/responses.md"])

c.add("misleading", "stream: lift the write deadline for event streams",
  body="With `WriteTimeout` set on the server, SSE connections were cut after the timeout. `Stream` now clears the deadline with `http.ResponseController` before the first event.",
  files=[
    F("stream.go", "modified", r"""
@@ 19 | func Stream(w http.ResponseWriter, r *http.Request, fn func(send func(event, data string) error) error) error {
+	rc := http.NewResponseController(w)
+	// Server.WriteTimeout would otherwise terminate long-lived streams.
+	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
+		return err
+	}
 	h := w.Header()
 	h.Set("Content-Type", "text/event-stream")
 	h.Set("Cache-Control", "no-cache")
-	flusher, ok := w.(http.Flusher)
-	if !ok {
-		return errors.New("trellis: Stream requires an http.Flusher")
-	}
"""),
  ],
  truth=[D + "handlers/responses.md"])

c.add("misleading", "Answer 501 for unknown request methods",
  body="`FOO /articles` used to get 405 with an Allow header. RFC 9110 says an unrecognised method should get 501 Not Implemented.",
  files=[
    F("notfound.go", "modified", r"""
@@ 12
+var standardMethods = map[string]bool{
+	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
+	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
+	http.MethodConnect: true, http.MethodTrace: true,
+}
+
 func (r *Router) handleNoRoute(w http.ResponseWriter, req *http.Request) {
+	if !standardMethods[req.Method] && r.trees[req.Method] == nil {
+		http.Error(w, http.StatusText(http.StatusNotImplemented), http.StatusNotImplemented)
+		return
+	}
 	if allowed := r.allowedMethods(req.URL.Path); len(allowed) > 0 && r.opts.methodNotAllowed != nil {
"""),
  ],
  truth=[D + "routing/not-found-and-405.md"])

# ---------------------------------------------------------------- new identifiers
c.add("new_identifier", "Add WithPanicHandler option",
  body="Lets applications turn panics into responses without adding `middleware.Recoverer`, and report them with the matched route.",
  files=[
    F("options.go", "modified", r"""
@@ 88
+// WithPanicHandler installs fn to recover panics raised by route handlers. fn receives the
+// recovered value; the matched route is available through RouteContext(r). Without this
+// option panics propagate (use middleware.Recoverer to catch them earlier).
+func WithPanicHandler(fn func(w http.ResponseWriter, r *http.Request, v any)) Option {
+	return func(o *options) { o.panicHandler = fn }
+}
+
 // WithLogger sets the logger used for internal messages and by DefaultErrorHandler.
"""),
    F("router.go", "modified", r"""
@@ 141 | func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
+	if ph := r.opts.panicHandler; ph != nil {
+		defer func() {
+			if v := recover(); v != nil {
+				if v == http.ErrAbortHandler {
+					panic(v)
+				}
+				ph(w, req, v)
+			}
+		}()
+	}
 	r.handler.ServeHTTP(w, req)
"""),
  ],
  truth=[D + "reference/router-options.md"])

c.add("new_identifier", "middleware: add ContentType to restrict request bodies",
  files=[
    F("middleware/content_type.go", "added", r"""
package middleware

import (
	"mime"
	"net/http"
	"strings"
)

// ContentType rejects requests with a body whose Content-Type is not one of types
// (compared without parameters, case-insensitively) with 415 Unsupported Media Type.
// Requests without a body are passed through.
func ContentType(types ...string) func(http.Handler) http.Handler {
	allowed := make(map[string]struct{}, len(types))
	for _, t := range types {
		allowed[strings.ToLower(strings.TrimSpace(t))] = struct{}{}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength == 0 && r.Body == http.NoBody {
				next.ServeHTTP(w, r)
				return
			}
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if _, ok := allowed[strings.ToLower(mt)]; err != nil || !ok {
				w.WriteHeader(http.StatusUnsupportedMediaType)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
"""),
  ],
  truth=[D + "middleware/built-in.md"])

c.add("new_identifier", "server: add ServerOptions.MaxHeaderBytes",
  files=[
    F("server.go", "modified", r"""
@@ 24 | type ServerOptions struct {
 	IdleTimeout       time.Duration
 	ShutdownTimeout   time.Duration
+	// MaxHeaderBytes limits the size of request headers. Zero means
+	// http.DefaultMaxHeaderBytes (1 MiB).
+	MaxHeaderBytes int
 	OnShutdown        func()
 	TLSConfig         *tls.Config
 }
@@ 96 | func RunWith(h http.Handler, o ServerOptions) error {
 		ReadTimeout:       o.ReadTimeout,
 		WriteTimeout:      o.WriteTimeout,
 		IdleTimeout:       o.IdleTimeout,
+		MaxHeaderBytes:    o.MaxHeaderBytes,
 		TLSConfig:         o.TLSConfig,
"""),
  ],
  truth=[D + "guides/graceful-shutdown.md"])

c.add("new_identifier", "trellistest: add PutJSON, PatchJSON and DeleteRequest",
  files=[
    F("trellistest/trellistest.go", "modified", r"""
@@ 61 | func PostJSON(t testing.TB, h http.Handler, path string, body any) *Response {
 	t.Helper()
-	req := NewRequest(http.MethodPost, path, body)
-	req.Header.Set("Content-Type", "application/json")
-	return Do(t, h, req)
+	return sendJSON(t, h, http.MethodPost, path, body)
+}
+
+// PutJSON performs a PUT request with body encoded as JSON.
+func PutJSON(t testing.TB, h http.Handler, path string, body any) *Response {
+	t.Helper()
+	return sendJSON(t, h, http.MethodPut, path, body)
+}
+
+// PatchJSON performs a PATCH request with body encoded as JSON.
+func PatchJSON(t testing.TB, h http.Handler, path string, body any) *Response {
+	t.Helper()
+	return sendJSON(t, h, http.MethodPatch, path, body)
+}
+
+// DeleteRequest performs a DELETE request without a body.
+func DeleteRequest(t testing.TB, h http.Handler, path string) *Response {
+	t.Helper()
+	return Do(t, h, NewRequest(http.MethodDelete, path, nil))
+}
+
+func sendJSON(t testing.TB, h http.Handler, method, path string, body any) *Response {
+	t.Helper()
+	req := NewRequest(method, path, body)
+	req.Header.Set("Content-Type", "application/json")
+	return Do(t, h, req)
 }
"""),
  ],
  truth=[D + "guides/testing.md"])

c.add("new_identifier", "cors: support Private Network Access preflights",
  body="Chrome sends `Access-Control-Request-Private-Network: true` when a public site calls a private-network API. New `CORSOptions.AllowPrivateNetwork` answers it.",
  files=[
    F("middleware/cors.go", "modified", r"""
@@ 34 | type CORSOptions struct {
 	MaxAge             time.Duration
 	OptionsPassthrough bool
+	// AllowPrivateNetwork answers Private Network Access preflights
+	// (Access-Control-Request-Private-Network: true) with
+	// Access-Control-Allow-Private-Network: true.
+	AllowPrivateNetwork bool
 	Debug              bool
 }
@@ 160 | func (c *cors) handlePreflight(w http.ResponseWriter, r *http.Request) {
 	if c.opts.MaxAge > 0 {
 		h.Set("Access-Control-Max-Age", strconv.Itoa(int(c.opts.MaxAge.Seconds())))
 	}
+	if c.opts.AllowPrivateNetwork && r.Header.Get("Access-Control-Request-Private-Network") == "true" {
+		h.Set("Access-Control-Allow-Private-Network", "true")
+	}
"""),
  ],
  truth=[D + "middleware/cors.md"])

c.add("new_identifier", "params: add ParamFloat",
  files=[
    F("params.go", "modified", r"""
@@ 89
 	return u, nil
 }
+
+// ParamFloat returns the named parameter parsed as a float64. Values that are not finite
+// numbers yield a 400 *HTTPError.
+func ParamFloat(r *http.Request, name string) (float64, error) {
+	v := Param(r, name)
+	f, err := strconv.ParseFloat(v, 64)
+	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
+		return 0, Errorf(http.StatusBadRequest, "parameter %q: %q is not a number", name, v)
+	}
+	return f, nil
+}
"""),
    F("params_test.go", "modified", r"""
@@ 52
 	}
 }
+
+func TestParamFloat(t *testing.T) {
+	req := trellistest.WithParams(httptest.NewRequest("GET", "/", nil), map[string]string{"lat": "48.85"})
+	if f, err := ParamFloat(req, "lat"); err != nil || f != 48.85 {
+		t.Fatalf("got %v, %v", f, err)
+	}
+}
"""),
  ],
  truth=[D + "routing/patterns.md", D + "reference/api-index.md"])

# ---------------------------------------------------------------- renames / removals
c.add("rename", "Rename E to HandlerE",
  body="`trellis.E` was too terse to find in code review and clashed with common variable names. `E` stays as a deprecated alias until v3.",
  files=[
    F("handler.go", "modified", r"""
@@ 12
-// E adapts a HandlerFuncE to an http.Handler using the default error handler.
-func E(h HandlerFuncE) http.Handler {
+// HandlerE adapts a HandlerFuncE to an http.Handler using the default error handler.
+func HandlerE(h HandlerFuncE) http.Handler {
 	return eHandler{h: h, onError: DefaultErrorHandler}
 }
+
+// E is the former name of HandlerE.
+//
+// Deprecated: use HandlerE.
+func E(h HandlerFuncE) http.Handler { return HandlerE(h) }
"""),
  ],
  truth=[D + "handlers/errors.md", D + "reference/api-index.md"])

c.add("rename", "middleware: replace RequestIDHeader variable with RequestIDWithHeader",
  body="A mutable package-level variable was racy in tests and affected every router in the process.\n\nBREAKING CHANGE: `middleware.RequestIDHeader` is removed; use `middleware.RequestIDWithHeader(\"X-Correlation-Id\")`.",
  files=[
    F("middleware/request_id.go", "modified", r"""
@@ 8
-// RequestIDHeader is the header read and written by RequestID.
-var RequestIDHeader = "X-Request-Id"
+const defaultRequestIDHeader = "X-Request-Id"
 
 // RequestID is a middleware that injects a request ID into the context of each request.
-func RequestID(next http.Handler) http.Handler {
-	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
-		id := r.Header.Get(RequestIDHeader)
+func RequestID(next http.Handler) http.Handler {
+	return RequestIDWithHeader(defaultRequestIDHeader)(next)
+}
+
+// RequestIDWithHeader is like RequestID but reads and writes the given header.
+func RequestIDWithHeader(header string) func(http.Handler) http.Handler {
+	return func(next http.Handler) http.Handler {
+		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
+			id := r.Header.Get(header)
"""),
  ],
  truth=[D + "middleware/built-in.md"])

c.add("rename", "static: replace SPAFallback with Fallback",
  body="`SPAFallback bool` always served `Index` from the root. Apps mounted under a prefix, or with a dedicated `app.html`, need to choose the file. `Fallback: \"index.html\"` is the old behaviour.",
  files=[
    F("static.go", "modified", r"""
@@ 20 | type StaticOptions struct {
 	Index string
-	// SPAFallback serves Index for unknown extension-less paths.
-	SPAFallback bool
+	// Fallback is a file (relative to the root of the file system) served for unknown
+	// paths without an extension, e.g. "index.html" for single-page applications.
+	Fallback string
 	CacheControl string
@@ 71 | func (s *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
-	if errors.Is(err, fs.ErrNotExist) && s.opts.SPAFallback && path.Ext(name) == "" {
-		name = s.opts.Index
+	if errors.Is(err, fs.ErrNotExist) && s.opts.Fallback != "" && path.Ext(name) == "" {
+		name = s.opts.Fallback
 		f, err = s.fs.Open(name)
 	}
"""),
    F("static_test.go", "modified", r"""
@@ 39 | func TestStaticSPAFallback(t *testing.T) {
 	fsys := fstest.MapFS{"index.html": {Data: []byte("<h1>app</h1>")}}
 	r := New()
-	r.StaticWith("/", fsys, StaticOptions{SPAFallback: true})
+	r.StaticWith("/", fsys, StaticOptions{Fallback: "index.html"})
 	res := trellistest.Get(t, r, "/settings/profile")
"""),
  ],
  truth=[D + "handlers/static-files.md"])

c.add("rename", "metrics: rename in-flight gauge to trellis_http_active_requests",
  body="Align with the OpenTelemetry semantic convention `http.server.active_requests`.",
  files=[
    F("middleware/metrics.go", "modified", r"""
@@ 52 | func MetricsWith(reg prometheus.Registerer, opts MetricsOptions) func(http.Handler) http.Handler {
 	inflight := prometheus.NewGauge(prometheus.GaugeOpts{
 		Namespace: opts.Namespace,
 		Subsystem: "http",
-		Name:      "requests_in_flight",
-		Help:      "Number of requests currently being served.",
+		Name:      "active_requests",
+		Help:      "Number of requests currently being served.",
 	})
"""),
    F("middleware/metrics_test.go", "modified", r"""
@@ 28 | func TestMetrics(t *testing.T) {
 	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/users/1", nil))
 	assertMetric(t, reg, "trellis_http_requests_total", 1)
-	assertMetric(t, reg, "trellis_http_requests_in_flight", 0)
+	assertMetric(t, reg, "trellis_http_active_requests", 0)
 }
"""),
  ],
  truth=[D + "guides/observability.md"])

# ---------------------------------------------------------------- path mirrors
c.add("path_mirror", "compress: honour identity;q=0 and the * coding",
  body="`Accept-Encoding: *` now selects our preferred encoder, and `identity;q=0` without any supported coding gets 406 instead of an uncompressed body.",
  files=[
    F("middleware/compress.go", "modified", r"""
@@ 188 | func (c *Compressor) selectEncoder(h http.Header) (string, bool) {
 	specs := header.ParseAccept(h.Get("Accept-Encoding"))
+	identityRefused := false
 	for _, s := range specs {
+		if s.Value == "identity" && s.Q == 0 {
+			identityRefused = true
+		}
+		if s.Value == "*" && s.Q > 0 {
+			return c.preferred(), true
+		}
 		if _, ok := c.encoders[s.Value]; ok && s.Q > 0 {
 			return s.Value, true
 		}
 	}
-	return "", true
+	// Nothing we support; only fail if the client explicitly refused an uncompressed body.
+	return "", !identityRefused
 }
"""),
    F("middleware/compress_test.go", "modified", r"""
@@ 118
 	}
 }
+
+func TestCompressIdentityRefused(t *testing.T) {
+	req := httptest.NewRequest("GET", "/", nil)
+	req.Header.Set("Accept-Encoding", "zstd, identity;q=0")
+	rec := httptest.NewRecorder()
+	Compress(5)(textHandler).ServeHTTP(rec, req)
+	if rec.Code != http.StatusNotAcceptable {
+		t.Fatalf("status = %d", rec.Code)
+	}
+}
"""),
  ],
  truth=[D + "middleware/compress.md"])

c.add("path_mirror", "bind: parse multipart forms within the body limit",
  body="`ParseMultipartForm(32 << 20)` ignored `MaxBodyBytes`, so a 1 MiB limit didn't apply to uploads. Use the configured limit for in-memory parts and wrap the body with `http.MaxBytesReader`.",
  files=[
    F("bind.go", "modified", r"""
@@ 101 | func bindForm(r *http.Request, v any, o BindOptions) error {
+	r.Body = http.MaxBytesReader(nil, r.Body, o.MaxBodyBytes)
 	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
-		if err := r.ParseMultipartForm(32 << 20); err != nil {
+		if err := r.ParseMultipartForm(o.MaxBodyBytes); err != nil {
+			var mbe *http.MaxBytesError
+			if errors.As(err, &mbe) {
+				return NewHTTPError(http.StatusRequestEntityTooLarge,
+					fmt.Sprintf("request body exceeds %d bytes", mbe.Limit))
+			}
 			return NewHTTPError(http.StatusBadRequest, "invalid multipart form").Wrap(err)
 		}
 	} else if err := r.ParseForm(); err != nil {
"""),
    F("bind_test.go", "modified", r"""
@@ 138
 	}
 }
+
+func TestBindMultipartTooLarge(t *testing.T) {
+	req := multipartRequest(t, map[string]string{"f": strings.Repeat("x", 2<<20)})
+	var v struct{ F string `form:"f"` }
+	err := BindWith(req, &v, BindOptions{MaxBodyBytes: 1 << 20})
+	assertHTTPStatus(t, err, http.StatusRequestEntityTooLarge)
+}
"""),
  ],
  truth=[D + "handlers/binding.md"])

c.add("path_mirror", "cors: restrict origin wildcards to whole left-most labels",
  body="`https://*example.com` matched `https://evilexample.com`. A wildcard must now be a complete left-most DNS label (`https://*.example.com`), and it doesn't match the apex.",
  files=[
    F("middleware/cors.go", "modified", r"""
@@ 71 | func compileOrigin(pattern string) (originMatcher, error) {
 	i := strings.IndexByte(pattern, '*')
 	if i < 0 {
 		return exactOrigin(pattern), nil
 	}
-	prefix, suffix := pattern[:i], pattern[i+1:]
-	return func(o string) bool {
-		return len(o) >= len(prefix)+len(suffix) && strings.HasPrefix(o, prefix) && strings.HasSuffix(o, suffix)
-	}, nil
+	scheme, rest, ok := strings.Cut(pattern, "://")
+	if !ok || !strings.HasPrefix(rest, "*.") || strings.Count(pattern, "*") > 1 {
+		return nil, fmt.Errorf("cors: invalid origin pattern %q: use scheme://*.domain", pattern)
+	}
+	suffix := rest[1:] // ".example.com"
+	return func(o string) bool {
+		s, host, ok := strings.Cut(o, "://")
+		if !ok || s != scheme || !strings.HasSuffix(host, suffix) {
+			return false
+		}
+		label := strings.TrimSuffix(host, suffix)
+		return label != "" && !strings.Contains(label, ".")
+	}, nil
 }
"""),
  ],
  truth=[D + "middleware/cors.md"])

c.add("path_mirror", "static: only fall back to index for browser navigations",
  body="API clients requesting a missing JSON file got the SPA's HTML with a 200. Only fall back when the request accepts `text/html`.",
  files=[
    F("static.go", "modified", r"""
@@ 71 | func (s *staticHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
-	if errors.Is(err, fs.ErrNotExist) && s.opts.SPAFallback && path.Ext(name) == "" {
+	if errors.Is(err, fs.ErrNotExist) && s.opts.SPAFallback && path.Ext(name) == "" && acceptsHTML(r) {
 		name = s.opts.Index
 		f, err = s.fs.Open(name)
 	}
@@ 137
 	return false
 }
+
+// acceptsHTML reports whether the request is a browser navigation (Accept includes text/html
+// or */* with no more specific type).
+func acceptsHTML(r *http.Request) bool {
+	return header.Best(r.Header.Get("Accept"), []string{"text/html"}) != ""
+}
"""),
  ],
  truth=[D + "handlers/static-files.md"])

c.add("rename", "middleware: rename Heartbeat to HealthCheck",
  body="`Heartbeat` answered `200 .`, which confused load balancers that check for a body. `HealthCheck(path)` answers `200 ok` with `Content-Type: text/plain` and `Cache-Control: no-store`. `Heartbeat` remains as a deprecated wrapper.",
  files=[
    F("middleware/healthcheck.go", "renamed", r"""
@@ 8
-// Heartbeat answers GET requests to path with "200 ." before routing, for load-balancer checks.
-func Heartbeat(path string) func(http.Handler) http.Handler {
+// HealthCheck answers GET and HEAD requests to path with "200 ok" before routing, for
+// load-balancer and orchestrator health checks.
+func HealthCheck(path string) func(http.Handler) http.Handler {
 	return func(next http.Handler) http.Handler {
 		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
-			if r.Method == http.MethodGet && r.URL.Path == path {
-				w.WriteHeader(http.StatusOK)
-				w.Write([]byte("."))
+			if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.Path == path {
+				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
+				w.Header().Set("Cache-Control", "no-store")
+				w.WriteHeader(http.StatusOK)
+				if r.Method == http.MethodGet {
+					w.Write([]byte("ok"))
+				}
 				return
 			}
 			next.ServeHTTP(w, r)
 		})
 	}
 }
+
+// Heartbeat is the former name of HealthCheck.
+//
+// Deprecated: use HealthCheck.
+func Heartbeat(path string) func(http.Handler) http.Handler { return HealthCheck(path) }
""", prev="middleware/heartbeat.go"),
  ],
  truth=[D + "middleware/built-in.md"])

c.write()
