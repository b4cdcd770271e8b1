from casekit import Cases, F as _F


def F(path, status, patch, prev=None):
    # patches are raw strings; \" is only used to write docstring quotes
    return _F(path, status, patch.replace('\\"', '"'), prev)


c = Cases("pylon")
D = "website/docs/"

# ---------------------------------------------------------------- direct
c.add("direct", "retry: cap a single backoff wait at 30 seconds",
  body="With `Retry-After` honoured up to `max_backoff`, a misbehaving server could park a worker for a full minute per attempt. 30 s is plenty for transient errors.",
  files=[
    F("pylon/retry.py", "modified", r"""
@@ 18 | class RetryPolicy:
     total: int = 2
     backoff_factor: float = 0.5
-    max_backoff: float = 60.0
+    max_backoff: float = 30.0
     status_forcelist: tuple[int, ...] = (429, 500, 502, 503, 504)
     retry_methods: frozenset[str] = IDEMPOTENT_METHODS
     respect_retry_after: bool = True
"""),
    F("pylon/config.py", "modified", r"""
@@ 61 | _DEFAULTS = {
     "retry.total": 2,
     "retry.backoff_factor": 0.5,
-    "retry.max_backoff": 60.0,
+    "retry.max_backoff": 30.0,
     "cache.enabled": False,
     "cache.ttl": 3600,
"""),
    F("tests/test_retry.py", "modified", r"""
@@ 44 | def test_backoff_is_capped():
     policy = RetryPolicy(total=10, jitter=False)
-    assert policy.backoff(9) == 60.0
+    assert policy.backoff(9) == 30.0
"""),
  ],
  truth=[D + "guides/retries-and-backoff.md", D + "reference/configuration.md"])

c.add("direct", "Raise the default read and write timeouts to 30 seconds",
  body="Ten seconds is too short for many report-style endpoints and for slow sites behind Cloudflare challenges. Connect and pool timeouts stay at 5 s so dead hosts still fail fast.",
  files=[
    F("pylon/timeouts.py", "modified", r"""
@@ 9
-DEFAULT_TIMEOUT = Timeout(connect=5.0, read=10.0, write=10.0, pool=5.0)
+DEFAULT_TIMEOUT = Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
 
 
 class Timeout:
     \"\"\"Timeouts in seconds for the phases of a request.\"\"\"
"""),
    F("pylon/config.py", "modified", r"""
@@ 54 | _DEFAULTS = {
-    "client.timeout": 10.0,
+    "client.timeout": 30.0,
     "client.user_agent": None,
     "client.max_redirects": 20,
"""),
    F("tests/test_config.py", "modified", r"""
@@ 12 | def test_defaults():
     cfg = load_config(paths=[])
-    assert cfg.client.timeout == 10.0
+    assert cfg.client.timeout == 30.0
"""),
  ],
  truth=[D + "api/client.md", D + "reference/configuration.md"])

c.add("direct", "redirects: lower max_redirects default to 10",
  body="Browsers give up around 20, but every real chain we've seen in bug reports that went past 10 was a loop between two login pages. Failing earlier saves 10 requests against a rate-limited host.",
  files=[
    F("pylon/redirects.py", "modified", r"""
@@ 7
-DEFAULT_MAX_REDIRECTS = 20
+DEFAULT_MAX_REDIRECTS = 10
 
 
 def follow_redirects(send, request, response, *, max_redirects=DEFAULT_MAX_REDIRECTS):
"""),
    F("pylon/config.py", "modified", r"""
@@ 56 | _DEFAULTS = {
     "client.user_agent": None,
-    "client.max_redirects": 20,
+    "client.max_redirects": 10,
     "client.http2": False,
"""),
    F("tests/test_redirects.py", "modified", r"""
@@ 80 | def test_too_many_redirects(loop_server):
     with pytest.raises(pylon.TooManyRedirects) as info:
         pylon.get(loop_server.url("/loop/0"))
-    assert len(info.value.history) == 20
+    assert len(info.value.history) == 10
"""),
  ],
  truth=[D + "api/client.md", D + "reference/configuration.md"])

c.add("direct", "ratelimit: accept /min, /h and /hour in rate strings",
  body="Lots of published API limits are per hour (`5000/h`). Only `s` and `m` were accepted, and `30/min` raised a confusing `ValueError`.",
  files=[
    F("pylon/ratelimit.py", "modified", r"""
@@ 14
-_UNITS = {"s": 1.0, "m": 60.0}
+_UNITS = {
+    "s": 1.0, "sec": 1.0, "second": 1.0,
+    "m": 60.0, "min": 60.0, "minute": 60.0,
+    "h": 3600.0, "hour": 3600.0,
+}
 
 
 def parse_rate(text: str) -> float:
     \"\"\"Parse ``COUNT/UNIT`` into requests per second.\"\"\"
     count, _, unit = text.partition("/")
-    if unit not in _UNITS:
-        raise ValueError(f"invalid rate {text!r}: unit must be 's' or 'm'")
+    if unit not in _UNITS:
+        raise ValueError(f"invalid rate {text!r}: unit must be one of s, m, min, h, hour")
     return float(count) / _UNITS[unit]
"""),
    F("tests/test_ratelimit.py", "modified", r"""
@@ 10
-@pytest.mark.parametrize("text,rate", [("5/s", 5.0), ("30/m", 0.5)])
+@pytest.mark.parametrize("text,rate", [
+    ("5/s", 5.0), ("30/m", 0.5), ("30/min", 0.5), ("3600/h", 1.0), ("7200/hour", 2.0),
+])
 def test_parse_rate(text, rate):
     assert parse_rate(text) == rate
"""),
  ],
  truth=[D + "guides/rate-limiting.md"])

c.add("direct", "cache: never store responses that set cookies",
  body="A cached login response replayed its `Set-Cookie` to a different client sharing the SQLite file. Responses with `Set-Cookie` are no longer stored.",
  files=[
    F("pylon/cache/policy.py", "modified", r"""
@@ 22 | def is_cacheable(request, response) -> bool:
     if request.method not in ("GET", "HEAD"):
         return False
     if response.status_code not in CACHEABLE_STATUSES:
         return False
+    if "set-cookie" in response.headers:
+        return False
     cc = parse_cache_control(response.headers.get("cache-control", ""))
     if "no-store" in cc or "private" in cc:
         return False
"""),
    F("tests/test_cache.py", "modified", r"""
@@ 118
     assert not is_cacheable(req, resp)
 
+
+def test_set_cookie_is_not_cached():
+    req = pylon.Request("GET", "https://example.com/login")
+    resp = pylon.Response(200, headers={"Set-Cookie": "sid=1"}, request=req)
+    assert not is_cacheable(req, resp)
"""),
  ],
  truth=[D + "guides/caching.md"])

c.add("direct", "Selector.text(): strip whitespace by default",
  body="Almost every call site in the wild passes `strip=True`, and the quickstart output with stray newlines looks broken. `strip=False` keeps the old behaviour.\n\nBREAKING CHANGE: `Selector.text()` and `SelectorList.texts()` now default to `strip=True`.",
  files=[
    F("pylon/parse/selector.py", "modified", r"""
@@ 96 | class Selector:
-    def text(self, strip: bool = False, separator: str = "") -> str:
+    def text(self, strip: bool = True, separator: str = "") -> str:
         parts = self._node.itertext()
         if strip:
             parts = (p.strip() for p in parts)
             parts = (p for p in parts if p)
         return separator.join(parts)
@@ 171 | class SelectorList(list):
-    def texts(self, strip: bool = False) -> list[str]:
+    def texts(self, strip: bool = True) -> list[str]:
         return [s.text(strip=strip) for s in self]
"""),
    F("tests/test_selector.py", "modified", r"""
@@ 33 | def test_text_whitespace():
     sel = Selector("<p>\n  Price: <b>12.99</b>\n</p>")
-    assert sel.text() == "\n  Price: 12.99\n"
+    assert sel.text() == "Price:12.99"
+    assert sel.text(strip=False) == "\n  Price: 12.99\n"
"""),
  ],
  truth=[D + "api/selector.md", D + "concepts/selectors.md"])

c.add("direct", "Response.json(): raise ParseError for invalid JSON",
  body="Callers had to catch `json.JSONDecodeError` next to `pylon.PylonError`. `ParseError` subclasses `ValueError`, so `except ValueError` keeps working.",
  files=[
    F("pylon/response.py", "modified", r"""
@@ 142 | class Response:
     def json(self, **kwargs):
-        return json.loads(self.content, **kwargs)
+        try:
+            return json.loads(self.content, **kwargs)
+        except json.JSONDecodeError as exc:
+            raise ParseError(
+                f"response body is not valid JSON: {exc.msg} at position {exc.pos}",
+                source=self.text[:200],
+            ) from exc
"""),
    F("tests/test_response.py", "modified", r"""
@@ 61
         pylon.Response(200, content=b"x").html().xpath("//[")
 
+
+def test_json_invalid_raises_parse_error():
+    with pytest.raises(pylon.ParseError):
+        pylon.Response(200, content=b"<html>").json()
"""),
  ],
  truth=[D + "api/response.md", D + "api/exceptions.md"])

c.add("direct", "fetch: don't retry by default",
  body="A one-off `pylon fetch` that silently tried three times confused people debugging a flaky endpoint. Default `--retries` to 0; the library default is unchanged.",
  files=[
    F("pylon/cli/fetch.py", "modified", r"""
@@ 58 | def build_parser(sub):
     p.add_argument("--timeout", type=float, metavar="SECONDS",
                    help="timeout for connect and read (default: from config)")
-    p.add_argument("--retries", type=int, default=2, metavar="N",
-                   help="retries for transient errors (default: 2)")
+    p.add_argument("--retries", type=int, default=0, metavar="N",
+                   help="retries for transient errors (default: 0)")
     p.add_argument("--no-follow", action="store_true", help="don't follow redirects")
"""),
    F("tests/cli/test_fetch.py", "modified", r"""
@@ 90 | def test_fetch_flaky(run, flaky_server):
-    result = run("fetch", flaky_server.url("/fail-once"))
-    assert result.exit_code == 0
+    result = run("fetch", flaky_server.url("/fail-once"), "--fail")
+    assert result.exit_code == 3
+    result = run("fetch", flaky_server.url("/fail-once"), "--retries", "1")
+    assert result.exit_code == 0
"""),
  ],
  truth=[D + "cli/fetch.md"])

c.add("direct", "crawl: stop after 500 pages by default",
  body="A forgotten `max_pages` on a big site meant 1000 pages at `concurrency=8` before anyone noticed. 500 is still enough for most docs sites.",
  files=[
    F("pylon/crawl/crawler.py", "modified", r"""
@@ 41 | class Crawler:
         client: Client | None = None,
         max_depth: int = 3,
-        max_pages: int = 1000,
+        max_pages: int = 500,
         allowed_domains: Iterable[str] | None = None,
         concurrency: int = 8,
"""),
    F("pylon/cli/crawl.py", "modified", r"""
@@ 33 | def build_parser(sub):
-    p.add_argument("--max-pages", type=int, default=1000, metavar="N")
+    p.add_argument("--max-pages", type=int, default=500, metavar="N")
"""),
    F("pylon/config.py", "modified", r"""
@@ 66 | _DEFAULTS = {
     "crawl.max_depth": 3,
-    "crawl.max_pages": 1000,
+    "crawl.max_pages": 500,
     "crawl.concurrency": 8,
"""),
  ],
  truth=[D + "api/crawler.md", D + "cli/crawl.md", D + "reference/configuration.md"])

c.add("direct", "robots: keep fetched robots.txt for one hour instead of a day",
  body="Long crawls kept obeying a robots.txt that the site had already relaxed (or tightened). Google re-fetches at most every 24 h but typically much sooner; one hour is a better default for us.",
  files=[
    F("pylon/robots.py", "modified", r"""
@@ 30 | class RobotsPolicy:
     def __init__(self, user_agent: str | None = None, *,
-                 cache_ttl: float = 86400.0,
+                 cache_ttl: float = 3600.0,
                  on_error: str = "allow") -> None:
         self.user_agent = user_agent
         self.cache_ttl = cache_ttl
"""),
  ],
  truth=[D + "guides/robots-txt.md"])

c.add("direct", "Include the project URL in the default User-Agent",
  body="Site operators asked for a way to find out what `pylon/1.8.2` is. The default is now `pylon/VERSION (+https://pylon.dev/bot)`.",
  files=[
    F("pylon/useragent.py", "modified", r"""
@@ 3
 from .__version__ import __version__
 
-DEFAULT_USER_AGENT = f"pylon/{__version__}"
+BOT_INFO_URL = "https://pylon.dev/bot"
+DEFAULT_USER_AGENT = f"pylon/{__version__} (+{BOT_INFO_URL})"
"""),
    F("tests/test_client.py", "modified", r"""
@@ 27 | def test_default_user_agent(echo_server):
     resp = pylon.get(echo_server.url("/headers"))
-    assert resp.json()["user-agent"] == f"pylon/{pylon.__version__}"
+    assert resp.json()["user-agent"] == f"pylon/{pylon.__version__} (+https://pylon.dev/bot)"
"""),
  ],
  truth=[D + "api/client.md", D + "reference/configuration.md", D + "faq.md"])

c.add("direct", "Crawler: allowed_domains also matches subdomains",
  body="`allowed_domains=[\"example.com\"]` skipped `www.example.com` and `docs.example.com`, which is never what people want. Match like Scrapy: the host equals the domain or ends with `.domain`.",
  files=[
    F("pylon/crawl/crawler.py", "modified", r"""
@@ 118 | class Crawler:
     def _is_allowed_host(self, host: str) -> bool:
-        return host in self._allowed_domains
+        host = host.lower().rstrip(".")
+        return any(host == d or host.endswith("." + d) for d in self._allowed_domains)
"""),
    F("tests/test_crawler.py", "modified", r"""
@@ 140
+def test_allowed_domains_include_subdomains():
+    crawler = Crawler(["https://example.com/"], allowed_domains=["example.com"])
+    assert crawler._is_allowed_host("docs.example.com")
+    assert not crawler._is_allowed_host("badexample.com")
+
+
 def test_offsite_links_are_counted(mock_site):
"""),
  ],
  truth=[D + "api/crawler.md"])

c.add("direct", "DigestAuth: support SHA-256 and SHA-512-256",
  body="RFC 7616 servers that only offer `algorithm=SHA-256` failed with `ValueError: unsupported digest algorithm`.",
  files=[
    F("pylon/auth.py", "modified", r"""
@@ 102 | class DigestAuth(Auth):
     _ALGORITHMS = {
         "MD5": hashlib.md5,
         "MD5-SESS": hashlib.md5,
+        "SHA-256": hashlib.sha256,
+        "SHA-256-SESS": hashlib.sha256,
+        "SHA-512-256": lambda b=b"": hashlib.new("sha512_256", b),
+        "SHA-512-256-SESS": lambda b=b"": hashlib.new("sha512_256", b),
     }
"""),
    F("tests/test_auth.py", "modified", r"""
@@ 75
-@pytest.mark.parametrize("algorithm", ["MD5", "MD5-sess"])
+@pytest.mark.parametrize("algorithm", ["MD5", "MD5-sess", "SHA-256", "SHA-512-256"])
 def test_digest_auth(digest_server, algorithm):
"""),
  ],
  truth=[D + "guides/authentication.md"])

c.add("direct", "hooks: run response hooks only for final responses",
  body="Metrics hooks double-counted every retried request. Response hooks now run once per call, for the response that is returned; intermediate redirect responses are still passed to hooks.",
  files=[
    F("pylon/client.py", "modified", r"""
@@ 233 | def _send_with_retries(self, request, **kwargs):
         while True:
             response = self._send_handling_redirects(request, **kwargs)
-            self._run_hooks("response", response)
             if not policy.should_retry(request, response, attempt):
+                self._run_hooks("response", response)
                 return response
             attempt += 1
             response.close()
"""),
    F("tests/test_hooks.py", "modified", r"""
@@ 52 | def test_response_hook_with_retries(flaky_server):
     seen = []
     client = pylon.Client(event_hooks={"response": [seen.append]}, retries=2)
     client.get(flaky_server.url("/fail-once"))
-    assert [r.status_code for r in seen] == [503, 200]
+    assert [r.status_code for r in seen] == [200]
"""),
  ],
  truth=[D + "guides/event-hooks.md"])

c.add("direct", "encoding: always decode JSON bodies as UTF-8",
  body="charset-normalizer guessed `cp1250` for short JSON bodies without a charset, so `resp.text` showed mojibake even though `resp.json()` was fine. RFC 8259 requires UTF-8.",
  files=[
    F("pylon/encoding.py", "modified", r"""
@@ 18 | def detect_encoding(headers, content: bytes) -> str:
     charset = content_type_charset(headers)
     if charset:
         return charset
+    mime = headers.get("content-type", "").split(";")[0].strip().lower()
+    if mime == "application/json" or mime.endswith("+json"):
+        return "utf-8"
     if is_html(headers):
         meta = sniff_meta_charset(content[:1024])
         if meta:
             return meta
"""),
    F("tests/test_encoding.py", "modified", r"""
@@ 40
+def test_json_defaults_to_utf8():
+    headers = pylon.Headers({"Content-Type": "application/json"})
+    assert detect_encoding(headers, '{"a": "é"}'.encode()) == "utf-8"
+
+
 def test_meta_charset_wins_over_guess():
"""),
  ],
  truth=[D + "concepts/requests-and-responses.md"])

c.add("direct", "Drop support for Python 3.9",
  body="3.9 reaches end of life in October. Dropping it lets us use `match` and `X | Y` unions at runtime.",
  files=[
    F("pyproject.toml", "modified", r"""
@@ 6 | [project]
 description = "A friendly HTTP client and scraping toolkit"
 readme = "README.md"
-requires-python = ">=3.9"
+requires-python = ">=3.10"
 license = "BSD-3-Clause"
 classifiers = [
-    "Programming Language :: Python :: 3.9",
     "Programming Language :: Python :: 3.10",
"""),
    F("noxfile.py", "modified", r"""
@@ 5
-PYTHONS = ["3.9", "3.10", "3.11", "3.12", "3.13", "pypy3.9"]
+PYTHONS = ["3.10", "3.11", "3.12", "3.13", "pypy3.10"]
"""),
    F(".github/workflows/ci.yml", "modified", r"""
@@ 14
       matrix:
-        python: ["3.9", "3.10", "3.11", "3.12", "3.13", "pypy-3.9"]
+        python: ["3.10", "3.11", "3.12", "3.13", "pypy-3.10"]
"""),
  ],
  truth=[D + "getting-started/installation.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "NO_PROXY: match IP addresses against CIDR ranges",
  body="Kubernetes setups commonly export `NO_PROXY=10.0.0.0/8,.svc.cluster.local`. We compared entries as strings, so pod IPs still went through the corporate proxy. Entries that parse as a network now match any address inside it; IPv6 too.",
  files=[
    F("pylon/proxies.py", "modified", r"""
@@ 71 | def should_bypass(host: str, port: int | None, no_proxy: str) -> bool:
+    try:
+        addr = ipaddress.ip_address(host.strip("[]"))
+    except ValueError:
+        addr = None
     for entry in _split(no_proxy):
         if entry == "*":
             return True
+        if addr is not None and "/" in entry:
+            try:
+                if addr in ipaddress.ip_network(entry, strict=False):
+                    return True
+            except ValueError:
+                pass
+            continue
         name, _, entry_port = entry.partition(":")
         if entry_port and port is not None and int(entry_port) != port:
             continue
"""),
    F("tests/test_proxies.py", "modified", r"""
@@ 88
+@pytest.mark.parametrize("host,expected", [
+    ("10.1.2.3", True), ("11.0.0.1", False), ("[fd00::1]", True),
+])
+def test_no_proxy_cidr(host, expected):
+    assert should_bypass(host, None, "10.0.0.0/8,fd00::/8") is expected
+
+
 def test_no_proxy_star():
"""),
  ],
  truth=[D + "guides/proxies.md"])

c.add("misleading", "base_url: keep query parameters of the base URL",
  body="APIs that authenticate with `?key=...` forced everyone to repeat `params=` on every call. Query parameters in `base_url` are now merged into each request; request `params` win on conflicts.",
  files=[
    F("pylon/urls.py", "modified", r"""
@@ 52 | def join_base_url(base: URL, url: str | URL) -> URL:
     url = URL(url)
     if url.is_absolute:
         return url
     path = base.path.rstrip("/") + "/" + url.path.lstrip("/")
-    return base.copy_with(path=path, query=url.query, fragment=url.fragment)
+    query = merge_query(base.query, url.query)
+    return base.copy_with(path=path, query=query, fragment=url.fragment)
"""),
    F("tests/test_urls.py", "modified", r"""
@@ 30
-def test_base_url_query_is_dropped():
+def test_base_url_query_is_merged():
     base = URL("https://api.example.com/v1?key=abc")
-    assert str(join_base_url(base, "items")) == "https://api.example.com/v1/items"
+    assert str(join_base_url(base, "items?page=2")) == "https://api.example.com/v1/items?key=abc&page=2"
"""),
  ],
  truth=[D + "api/client.md"])

c.add("misleading", "Fewer ConnectTimeout errors: keep idle connections for 15 s",
  body="On crawls with a `rate_limit` of 1/s per host, each connection sat idle for just over 5 s between requests and was closed, so every request paid a fresh TCP+TLS handshake and flaky networks surfaced as `ConnectTimeout`.",
  files=[
    F("pylon/limits.py", "modified", r"""
@@ 8
 @dataclass(frozen=True)
 class Limits:
     max_connections: int | None = 100
     max_keepalive_connections: int | None = 20
-    keepalive_expiry: float | None = 5.0
+    keepalive_expiry: float | None = 15.0
"""),
    F("pylon/transport/pool.py", "modified", r"""
@@ 64 | class ConnectionPool:
     def _expire_idle(self, now: float) -> None:
-        # close connections idle for longer than keepalive_expiry (5 s by default)
+        # close connections idle for longer than limits.keepalive_expiry
         for conn in list(self._idle):
             if now - conn.idle_since > self._limits.keepalive_expiry:
"""),
  ],
  truth=[D + "concepts/clients-and-sessions.md"])

c.add("misleading", "Response.select: support :has() and :is()",
  body="`resp.select(\"tr:has(td.price)\")` is the most requested selector feature. Both are compiled to descendant checks, so they work with `html.parser` too.",
  files=[
    F("pylon/parse/css.py", "modified", r"""
@@ 140 | def _compile_pseudo(name: str, arg: str | None) -> Matcher:
     if name == "not":
         inner = compile_selector_group(arg)
         return lambda el: not inner(el)
+    if name == "is":
+        inner = compile_selector_group(arg)
+        return inner
+    if name == "has":
+        inner = compile_relative_group(arg)
+        return lambda el: any(inner(d, el) for d in el.iterdescendants())
     raise UnsupportedSelector(f":{name}()")
"""),
    F("tests/test_css.py", "modified", r"""
@@ 210
+def test_has_and_is():
+    sel = Selector("<table><tr><td class=price>1</td></tr><tr><td>x</td></tr></table>")
+    assert len(sel.css("tr:has(td.price)")) == 1
+    assert len(sel.css("td:is(.price, .total)")) == 1
+
+
 def test_unsupported_pseudo_raises():
-    with pytest.raises(pylon.ParseError, match=":has"):
-        Selector("<p></p>").css("p:has(b)")
+    with pytest.raises(pylon.ParseError, match=":contains"):
+        Selector("<p></p>").css("p:contains(x)")
"""),
  ],
  truth=[D + "concepts/selectors.md"])

c.add("misleading", "crawl: count redirects toward max_depth",
  body="Sites that redirect every link through a tracker (`/out?u=...`) could be crawled without limit because the redirect target inherited the depth of the link. A redirect now adds one level, like a followed link.",
  files=[
    F("pylon/crawl/crawler.py", "modified", r"""
@@ 201 | async def _process(self, item: FrontierItem) -> None:
         resp = await self._client.get(item.url, follow_redirects=False)
-        while resp.is_redirect and hops < self._client.max_redirects:
-            resp = await self._client.get(resp.next_url, follow_redirects=False)
-            hops += 1
+        depth = item.depth
+        while resp.is_redirect and hops < self._client.max_redirects:
+            depth += 1
+            if depth > self.max_depth:
+                self.stats["skipped_depth"] += 1
+                return
+            resp = await self._client.get(resp.next_url, follow_redirects=False)
+            hops += 1
-        ctx = Context(self, resp, depth=item.depth, referer=item.referer)
+        ctx = Context(self, resp, depth=depth, referer=item.referer)
"""),
    F("tests/test_crawler.py", "modified", r"""
@@ 188
+def test_redirect_counts_as_a_level(mock_site):
+    mock_site.redirect("/out", "/target")
+    crawler = Crawler([mock_site.url("/out")], max_depth=0, client=mock_site.client())
+    crawler.run()
+    assert crawler.stats["pages"] == 0
"""),
  ],
  truth=[D + "concepts/crawling-model.md"])

c.add("misleading", "PYLON_LOG_LEVEL: add a trace level that logs headers",
  body="`debug` logs one line per request, which is rarely enough to see why a site returns 403. `PYLON_LOG_LEVEL=trace` also logs request and response headers (with `Authorization` and `Cookie` redacted).",
  files=[
    F("pylon/logging.py", "modified", r"""
@@ 9
+TRACE = 5
+logging.addLevelName(TRACE, "TRACE")
+
 _LEVELS = {
+    "trace": TRACE,
     "debug": logging.DEBUG,
     "info": logging.INFO,
     "warning": logging.WARNING,
     "error": logging.ERROR,
 }
@@ 40 | def log_response(response) -> None:
     logger.debug("< %s %s (%.2fs)", response.status_code, response.url, response.elapsed.total_seconds())
+    if logger.isEnabledFor(TRACE):
+        for name, value in redact(response.request.headers).items():
+            logger.log(TRACE, "> %s: %s", name, value)
+        for name, value in response.headers.items():
+            logger.log(TRACE, "< %s: %s", name, value)
"""),
    F("tests/test_env.py", "modified", r"""
@@ 51
+def test_log_level_trace(monkeypatch):
+    monkeypatch.setenv("PYLON_LOG_LEVEL", "trace")
+    assert env.log_level() == 5
"""),
  ],
  truth=[D + "reference/environment-variables.md"])

c.add("misleading", "raise_for_status: include a body excerpt in the error message",
  body="Logs only showed `422 Unprocessable Entity for url ...`; the useful part was in the body. The message now ends with up to 200 characters of the decoded body for text and JSON responses.",
  files=[
    F("pylon/exceptions.py", "modified", r"""
@@ 61 | class HTTPStatusError(PylonError):
     def __init__(self, response):
         self.response = response
         self.request = response.request
-        super().__init__(f"{response.status_code} {response.reason} for url {response.url}")
+        msg = f"{response.status_code} {response.reason} for url {response.url}"
+        excerpt = _body_excerpt(response, limit=200)
+        if excerpt:
+            msg += f": {excerpt}"
+        super().__init__(msg)
"""),
    F("tests/test_exceptions.py", "modified", r"""
@@ 20
+def test_status_error_message_has_body_excerpt():
+    resp = pylon.Response(422, json={"error": "name is required"}, url="https://x.example/items")
+    with pytest.raises(pylon.HTTPStatusError, match="name is required"):
+        resp.raise_for_status()
"""),
  ],
  truth=[D + "api/exceptions.md"])

c.add("misleading", "Honour Retry-After dates on 429 responses",
  body="Several APIs send `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` with their 429s. We ignored anything that wasn't an integer and retried immediately, which got clients banned.",
  files=[
    F("pylon/retry.py", "modified", r"""
@@ 88 | def retry_after_seconds(response) -> float | None:
     value = response.headers.get("retry-after")
     if value is None:
         return None
-    try:
-        return max(0.0, float(value))
-    except ValueError:
-        return None
+    value = value.strip()
+    if value.isdigit():
+        return float(value)
+    try:
+        when = email.utils.parsedate_to_datetime(value)
+    except (TypeError, ValueError):
+        return None
+    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
"""),
    F("tests/test_retry.py", "modified", r"""
@@ 102
+def test_retry_after_http_date(freezer):
+    freezer.move_to("2026-10-21 07:27:30+00:00")
+    resp = pylon.Response(429, headers={"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})
+    assert retry_after_seconds(resp) == 30.0
"""),
  ],
  truth=[D + "guides/retries-and-backoff.md"])

c.add("misleading", "fetch: exit with the network error code on TLS failures",
  body="A certificate error is a connection problem from a script's point of view, but `pylon fetch` exited 1 like an internal crash. Map `TLSError` and `ProxyError` to exit code 4.",
  files=[
    F("pylon/cli/exitcodes.py", "modified", r"""
@@ 12
 def exit_code_for(exc: BaseException) -> int:
     if isinstance(exc, RobotsDisallowed):
         return ROBOTS_DISALLOWED   # 5
-    if isinstance(exc, (ConnectError, RequestTimeout)):
+    if isinstance(exc, (ConnectError, RequestTimeout, TLSError, ProxyError)):
         return NETWORK_ERROR       # 4
     if isinstance(exc, HTTPStatusError):
         return HTTP_ERROR          # 3
     return UNEXPECTED              # 1
"""),
    F("tests/cli/test_fetch.py", "modified", r"""
@@ 140
+def test_fetch_tls_error_exit_code(run, self_signed_server):
+    result = run("fetch", self_signed_server.url("/"))
+    assert result.exit_code == 4
+    assert "CERTIFICATE_VERIFY_FAILED" in result.stderr
"""),
  ],
  truth=[D + "cli/overview.md"])

c.add("misleading", "Match the user agent token case-insensitively",
  body="RFC 9309 says the product token match is case-insensitive. With `user_agent=\"AcmeBot/1.0\"`, a `User-agent: acmebot` group was ignored and the `*` rules applied.",
  files=[
    F("pylon/robots.py", "modified", r"""
@@ 118 | class RobotsRules:
     def _group_for(self, token: str) -> Group:
+        token = token.lower()
         for group in self.groups:
-            if token in group.agents:
+            if token in (a.lower() for a in group.agents):
                 return group
         return self.default_group
"""),
    F("tests/test_robots.py", "modified", r"""
@@ 64
+def test_user_agent_match_ignores_case():
+    rules = RobotsRules.parse("User-agent: acmebot\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
+    assert not rules.can_fetch("AcmeBot/1.0", "/page")
"""),
  ],
  truth=[D + "guides/robots-txt.md"])

# ---------------------------------------------------------------- new_identifier
c.add("new_identifier", "Add trust_env to opt out of proxy and CA environment variables",
  body="Services that must never go through `HTTPS_PROXY` had to pass `proxies={}` and a CA path explicitly. `Client(trust_env=False)` ignores `*_PROXY`, `NO_PROXY`, `PYLON_PROXY`, `SSL_CERT_FILE`, `PYLON_CA_BUNDLE` and `NETRC`.",
  files=[
    F("pylon/client.py", "modified", r"""
@@ 64 | class Client:
         limits: Limits = DEFAULT_LIMITS,
         transport: Transport | None = None,
+        trust_env: bool = True,
     ) -> None:
+        self.trust_env = trust_env
         self._config = load_config()
@@ 97 | class Client:
-        if proxies is None:
+        if proxies is None and trust_env:
             proxies = proxies_from_env()
-        if verify is True:
+        if verify is True and trust_env:
             verify = ca_bundle_from_env() or True
"""),
    F("tests/test_proxies.py", "modified", r"""
@@ 120
+def test_trust_env_false_ignores_proxy_env(monkeypatch):
+    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
+    client = pylon.Client(trust_env=False)
+    assert client.proxy_for("https://example.com/") is None
"""),
  ],
  truth=[D + "api/client.md", D + "guides/proxies.md"])

c.add("new_identifier", "fetch: add --save-headers to write response headers to a file",
  body="`-i` mixes headers into the body output, which breaks `-o file.pdf`. `--save-headers FILE` writes the status line and headers separately, like `curl -D`.",
  files=[
    F("pylon/cli/fetch.py", "modified", r"""
@@ 44 | def build_parser(sub):
     p.add_argument("-i", "--include", action="store_true",
                    help="print the status line and headers before the body")
+    p.add_argument("--save-headers", metavar="FILE", type=Path,
+                   help="write the status line and headers to FILE")
     p.add_argument("-o", "--output", metavar="FILE", help="write the body to FILE")
@@ 121 | def run(args) -> int:
     resp = client.request(args.method, args.url, **request_kwargs(args))
+    if args.save_headers:
+        args.save_headers.write_text(format_head(resp))
     write_body(resp, args)
"""),
    F("tests/cli/test_fetch.py", "modified", r"""
@@ 160
+def test_save_headers(run, echo_server, tmp_path):
+    out = tmp_path / "h.txt"
+    run("fetch", echo_server.url("/get"), "--save-headers", str(out))
+    assert out.read_text().startswith("HTTP/1.1 200 OK")
"""),
  ],
  truth=[D + "cli/fetch.md"])

c.add("new_identifier", "Read PYLON_HTTP2 from the environment",
  body="The CLI had no way to enable HTTP/2 without a config file. `PYLON_HTTP2=1` sets the default for `http2` in code and in the CLI.",
  files=[
    F("pylon/env.py", "modified", r"""
@@ 22
 _ENV_KEYS = {
     "PYLON_TIMEOUT": ("client.timeout", float),
     "PYLON_USER_AGENT": ("client.user_agent", str),
+    "PYLON_HTTP2": ("client.http2", parse_bool),
     "PYLON_MAX_RETRIES": ("retry.total", int),
     "PYLON_PROXY": ("client.proxy", str),
"""),
    F("tests/test_env.py", "modified", r"""
@@ 30
+@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
+def test_http2_env(monkeypatch, value):
+    monkeypatch.setenv("PYLON_HTTP2", value)
+    assert load_config(paths=[]).client.http2 is True
"""),
  ],
  truth=[D + "reference/environment-variables.md"])

c.add("new_identifier", "Selector.re(): extract regular expression matches from text",
  body="Pulling a number out of `Price: £12.99` always took `re.search(...)` around `.text()`. `sel.re(r\"[\\d.]+\")` returns all matches; `re_first()` the first one or a default.",
  files=[
    F("pylon/parse/selector.py", "modified", r"""
@@ 118 | class Selector:
         return separator.join(parts)
 
+    def re(self, pattern: str | re.Pattern, flags: int = 0) -> list[str]:
+        \"\"\"Return all matches of ``pattern`` in ``text()``; the first group if there is one.\"\"\"
+        rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
+        return [m.group(1) if rx.groups else m.group(0) for m in rx.finditer(self.text())]
+
+    def re_first(self, pattern, default=None, flags: int = 0):
+        found = self.re(pattern, flags)
+        return found[0] if found else default
+
     def attr(self, name: str, default=None, absolute: bool = False):
"""),
    F("tests/test_selector.py", "modified", r"""
@@ 80
+def test_re():
+    sel = Selector("<p>Price: £12.99, was £15.00</p>")
+    assert sel.re(r"£([\d.]+)") == ["12.99", "15.00"]
+    assert sel.re_first(r"€([\d.]+)", default="n/a") == "n/a"
"""),
  ],
  truth=[D + "api/selector.md"])

c.add("new_identifier", "Add max_body_size and ContentTooLarge",
  body="A crawler hit a 4 GB video linked from a blog and ran out of memory. `Client(max_body_size=...)` aborts reading a non-streamed body past the limit and raises `pylon.ContentTooLarge` (a `RequestError`). Default: no limit.",
  files=[
    F("pylon/exceptions.py", "modified", r"""
@@ 40
 class TLSError(RequestError):
     \"\"\"Certificate verification or the TLS handshake failed.\"\"\"
 
+
+class ContentTooLarge(RequestError):
+    \"\"\"The response body is larger than ``max_body_size``.\"\"\"
+
+    def __init__(self, message, *, request, limit):
+        super().__init__(message, request=request)
+        self.limit = limit
"""),
    F("pylon/client.py", "modified", r"""
@@ 66 | class Client:
         transport: Transport | None = None,
+        max_body_size: int | None = None,
     ) -> None:
@@ 250 | def _read_body(self, response) -> bytes:
     chunks, size = [], 0
     for chunk in response.iter_raw():
         size += len(chunk)
+        if self.max_body_size is not None and size > self.max_body_size:
+            response.close()
+            raise ContentTooLarge(
+                f"response body exceeds max_body_size={self.max_body_size}",
+                request=response.request, limit=self.max_body_size)
         chunks.append(chunk)
"""),
    F("pylon/__init__.py", "modified", r"""
@@ 18
     ConnectTimeout,
+    ContentTooLarge,
     HTTPStatusError,
"""),
  ],
  truth=[D + "api/client.md", D + "api/exceptions.md"])

c.add("new_identifier", "Add the pylon sitemap command",
  body="`pylon sitemap https://example.com/` lists the URLs of a site's sitemaps (from robots.txt, or `/sitemap.xml`), following sitemap indexes. `--lastmod-after DATE` filters by `lastmod`.",
  files=[
    F("pylon/cli/sitemap.py", "added", r"""
import argparse

from ..sitemap import iter_sitemap_urls
from .output import echo


def build_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sitemap", help="list the URLs in a site's sitemaps")
    p.add_argument("url", help="site URL or sitemap URL")
    p.add_argument("--lastmod-after", metavar="DATE",
                   help="only URLs modified after DATE (YYYY-MM-DD)")
    p.add_argument("--limit", type=int, metavar="N", help="stop after N URLs")
    p.set_defaults(func=run)


def run(args, client) -> int:
    count = 0
    for entry in iter_sitemap_urls(client, args.url, lastmod_after=args.lastmod_after):
        echo(entry.loc)
        count += 1
        if args.limit and count >= args.limit:
            break
    return 0
"""),
    F("pylon/cli/main.py", "modified", r"""
@@ 12
-from . import cache, config, crawl, fetch, robots
+from . import cache, config, crawl, fetch, robots, sitemap
@@ 40 | def build_parser() -> argparse.ArgumentParser:
     fetch.build_parser(sub)
     crawl.build_parser(sub)
     robots.build_parser(sub)
+    sitemap.build_parser(sub)
     cache.build_parser(sub)
     config.build_parser(sub)
"""),
    F("tests/cli/test_sitemap.py", "added", r"""
def test_sitemap_lists_urls(run, mock_site):
    mock_site.sitemap(["/a", "/b"])
    result = run("sitemap", mock_site.url("/"))
    assert result.stdout.split() == [mock_site.url("/a"), mock_site.url("/b")]
"""),
  ],
  truth=[D + "cli/overview.md"])

# ---------------------------------------------------------------- rename
c.add("rename", "Rename PYLON_NO_ROBOTS to PYLON_IGNORE_ROBOTS",
  body="`PYLON_NO_ROBOTS=0` read as a double negative and several people set it to `0` expecting checks to be *off*. The new name matches `--ignore-robots`. The old variable still works for one release with a `DeprecationWarning`.",
  files=[
    F("pylon/env.py", "modified", r"""
@@ 30
     "PYLON_CACHE_DIR": ("cache.dir", str),
-    "PYLON_NO_ROBOTS": ("robots.ignore", parse_bool),
+    "PYLON_IGNORE_ROBOTS": ("robots.ignore", parse_bool),
     "PYLON_LOG_LEVEL": ("log.level", str),
 }
+
+_DEPRECATED = {"PYLON_NO_ROBOTS": "PYLON_IGNORE_ROBOTS"}
"""),
    F("tests/test_env.py", "modified", r"""
@@ 64
-def test_no_robots(monkeypatch):
-    monkeypatch.setenv("PYLON_NO_ROBOTS", "1")
+def test_ignore_robots(monkeypatch):
+    monkeypatch.setenv("PYLON_IGNORE_ROBOTS", "1")
     assert load_config(paths=[]).robots.ignore is True
+
+
+def test_no_robots_is_deprecated(monkeypatch):
+    monkeypatch.setenv("PYLON_NO_ROBOTS", "1")
+    with pytest.warns(DeprecationWarning, match="PYLON_IGNORE_ROBOTS"):
+        assert load_config(paths=[]).robots.ignore is True
"""),
  ],
  truth=[D + "reference/environment-variables.md", D + "guides/robots-txt.md"])

c.add("rename", "RetryPolicy: rename status_forcelist to retry_statuses",
  body="`status_forcelist` was inherited from urllib3 and nobody outside that world knows what it means.\n\nBREAKING CHANGE: `RetryPolicy(status_forcelist=...)` is now `RetryPolicy(retry_statuses=...)`.",
  message="retry: rename status_forcelist to retry_statuses (#517)\n\nBREAKING CHANGE: RetryPolicy(status_forcelist=...) is now\nRetryPolicy(retry_statuses=...).",
  files=[
    F("pylon/retry.py", "modified", r"""
@@ 18 | class RetryPolicy:
     total: int = 2
     backoff_factor: float = 0.5
     max_backoff: float = 60.0
-    status_forcelist: tuple[int, ...] = (429, 500, 502, 503, 504)
+    retry_statuses: tuple[int, ...] = (429, 500, 502, 503, 504)
     retry_methods: frozenset[str] = IDEMPOTENT_METHODS
@@ 57 | def should_retry(self, request, response, attempt) -> bool:
-        return response is not None and response.status_code in self.status_forcelist
+        return response is not None and response.status_code in self.retry_statuses
"""),
    F("tests/test_retry.py", "modified", r"""
@@ 21 | def test_custom_statuses(flaky_server):
-    policy = RetryPolicy(total=1, status_forcelist=(418,))
+    policy = RetryPolicy(total=1, retry_statuses=(418,))
     resp = pylon.Client(retries=policy).get(flaky_server.url("/teapot-once"))
"""),
  ],
  truth=[D + "guides/retries-and-backoff.md", D + "reference/configuration.md"])

c.add("rename", "crawl: rename --same-domain to --same-host",
  body="`--same-domain` compared exact hosts, so `www.example.com` was 'another domain'. The flag now says what it does. `--same-domain` remains as a hidden alias.",
  files=[
    F("pylon/cli/crawl.py", "modified", r"""
@@ 35 | def build_parser(sub):
-    p.add_argument("--same-domain", action="store_true",
-                   help="only follow links to the hosts of the start URLs")
+    p.add_argument("--same-host", "--same-domain", dest="same_host", action="store_true",
+                   help="only follow links to the hosts of the start URLs")
@@ 88 | def run(args, client) -> int:
-    allowed = hosts_of(args.urls) if args.same_domain else None
+    allowed = hosts_of(args.urls) if args.same_host else None
"""),
    F("tests/cli/test_crawl.py", "modified", r"""
@@ 40 | def test_crawl_stays_on_host(run, mock_site):
-    result = run("crawl", mock_site.url("/"), "--same-domain", "--depth", "2")
+    result = run("crawl", mock_site.url("/"), "--same-host", "--depth", "2")
     assert all(item["url"].startswith(mock_site.url("/")) for item in result.items)
"""),
  ],
  truth=[D + "cli/crawl.md", D + "getting-started/tutorial-scraping-a-bookstore.md"])

c.add("rename", "export: rename JsonlExporter to JsonLinesExporter",
  body="Match the format's name and `CsvExporter`'s style. `pylon.export.jsonl` moves to `pylon.export.jsonlines`; `JsonlExporter` stays importable from `pylon.export` as a deprecated alias.",
  files=[
    F("pylon/export/jsonlines.py", "renamed", r"""
@@ 9
 
-class JsonlExporter(Exporter):
+class JsonLinesExporter(Exporter):
     \"\"\"Write one JSON object per line.\"\"\"
 
     def __init__(self, path, *, append=False, flush_every=100, ensure_ascii=False):
""", prev="pylon/export/jsonl.py"),
    F("pylon/export/__init__.py", "modified", r"""
@@ 1
 from .base import Exporter
 from .csv import CsvExporter
-from .jsonl import JsonlExporter
+from .jsonlines import JsonLinesExporter
+from ._compat import JsonlExporter  # deprecated alias
 
-__all__ = ["Exporter", "CsvExporter", "JsonlExporter"]
+__all__ = ["Exporter", "CsvExporter", "JsonLinesExporter"]
"""),
    F("pylon/cli/crawl.py", "modified", r"""
@@ 8
-from ..export import CsvExporter, JsonlExporter
+from ..export import CsvExporter, JsonLinesExporter
@@ 104 | def make_exporter(args):
     if fmt == "jsonl":
-        return JsonlExporter(args.output or "-")
+        return JsonLinesExporter(args.output or "-")
"""),
  ],
  truth=[D + "guides/exporting-data.md", D + "api/crawler.md",
         D + "getting-started/tutorial-scraping-a-bookstore.md"])

# ---------------------------------------------------------------- path_mirror
c.add("path_mirror", "cache info: report expired entries and the oldest entry",
  body="Before pruning you want to know how much is stale.",
  files=[
    F("pylon/cli/cache.py", "modified", r"""
@@ 38 | def cmd_info(args) -> int:
     stats = cache.stats()
     rows = [
         ("path", str(cache.path)),
         ("entries", f"{stats.entries:,}"),
+        ("expired", f"{stats.expired:,}"),
         ("size", human_size(stats.bytes)),
         ("hosts", str(stats.hosts)),
+        ("oldest", stats.oldest.isoformat(timespec="seconds") if stats.oldest else "-"),
     ]
     print_table(rows)
"""),
    F("tests/cli/test_cache.py", "modified", r"""
@@ 22 | def test_cache_info(run, filled_cache):
     result = run("cache", "info", "--path", str(filled_cache))
     assert "entries  3" in result.stdout
+    assert "expired  1" in result.stdout
"""),
  ],
  truth=[D + "cli/cache.md"])

c.add("path_mirror", "robots command: show Sitemap lines",
  files=[
    F("pylon/cli/robots.py", "modified", r"""
@@ 52 | def run(args, client) -> int:
     if rules.crawl_delay(token) is not None:
         echo(f"  delay     {rules.crawl_delay(token)}")
+    for url in rules.sitemaps:
+        echo(f"  sitemap   {url}")
     return 0 if allowed else ROBOTS_DISALLOWED
"""),
    F("tests/cli/test_robots.py", "modified", r"""
@@ 30
+def test_robots_prints_sitemaps(run, mock_site):
+    mock_site.robots("User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n")
+    result = run("robots", mock_site.url("/"))
+    assert "sitemap   " + mock_site.url("/sitemap.xml") in result.stdout
"""),
  ],
  truth=[D + "cli/robots.md"])

c.add("path_mirror", "testing: allow coroutine handlers in MockTransport",
  body="Async tests often need to `await` something in the handler (an event, a fake clock).",
  files=[
    F("pylon/testing.py", "modified", r"""
@@ 20 | class MockTransport(Transport, AsyncTransport):
     def handle_request(self, request: Request) -> Response:
+        if inspect.iscoroutinefunction(self.handler):
+            raise TypeError("an async handler needs an AsyncClient")
         return self._finish(self.handler(request), request)
 
     async def handle_async_request(self, request: Request) -> Response:
-        return self._finish(self.handler(request), request)
+        result = self.handler(request)
+        if inspect.isawaitable(result):
+            result = await result
+        return self._finish(result, request)
"""),
    F("tests/test_testing.py", "modified", r"""
@@ 45
+async def test_async_handler():
+    async def handler(request):
+        await asyncio.sleep(0)
+        return pylon.Response(204)
+
+    async with pylon.AsyncClient(transport=MockTransport(handler)) as client:
+        assert (await client.get("https://x.example/")).status_code == 204
"""),
  ],
  truth=[D + "guides/testing.md"])

c.add("path_mirror", "csv exporter: flatten nested dicts into dotted columns",
  body="A JSON blob in one cell is useless in a spreadsheet. `{\"price\": {\"amount\": 12.99, \"currency\": \"GBP\"}}` now becomes `price.amount` and `price.currency`; lists are still JSON.",
  files=[
    F("pylon/export/csv.py", "modified", r"""
@@ 31 | class CsvExporter(Exporter):
     def write(self, item: dict) -> None:
+        item = _flatten(item)
         if self._writer is None:
             self._open(fields=self.fields or list(item))
-        row = {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in item.items()}
+        row = {k: json.dumps(v) if isinstance(v, list) else v for k, v in item.items()}
         self._writer.writerow(row)
+
+
+def _flatten(item: dict, prefix: str = "") -> dict:
+    out = {}
+    for key, value in item.items():
+        if isinstance(value, dict):
+            out.update(_flatten(value, f"{prefix}{key}."))
+        else:
+            out[f"{prefix}{key}"] = value
+    return out
"""),
    F("tests/test_export.py", "modified", r"""
@@ 58
+def test_csv_flattens_dicts(tmp_path):
+    path = tmp_path / "out.csv"
+    with CsvExporter(path) as out:
+        out.write({"title": "A", "price": {"amount": 1.5, "currency": "GBP"}})
+    assert path.read_text().splitlines()[0] == "title,price.amount,price.currency"
"""),
  ],
  truth=[D + "guides/exporting-data.md"])

c.write()
