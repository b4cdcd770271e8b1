from casekit import Cases, F

c = Cases("kiln")
D = "docs/"
CLI = "crates/kiln-cli/src/"
CORE = "crates/kiln-core/src/"

# ---------------------------------------------------------------- direct
c.add("direct", "serve: move live reload to port 35729",
  body="Port 1024 is privileged-adjacent and collides with other tools; use the conventional livereload port.",
  files=[F(CLI + "cmd/serve.rs", "modified", r"""
@@ 18 | use crate::args::ServeArgs;
 
-const LIVE_RELOAD_PORT: u16 = 1024;
+const LIVE_RELOAD_PORT: u16 = 35729;
 const DEBOUNCE: Duration = Duration::from_millis(100);
 
@@ 77 | pub fn run(args: ServeArgs, site: Site) -> Result<()> {
     let ws = TcpListener::bind((args.interface, LIVE_RELOAD_PORT))
         .context("binding the live-reload socket")?;
"""), F(CORE + "server/reload.rs", "modified", r"""
@@ 9 | pub fn reload_script(port: u16) -> String {
-    // connects to ws://host:1024/livereload
+    // connects to ws://host:35729/livereload
     format!(r#"<script>new WebSocket("ws://" + location.hostname + ":{port}/livereload")</script>"#)
 }
""")],
  truth=[D + "cli/serve.md", D + "troubleshooting.md", D + "faq.md"])

c.add("direct", "check: raise the default external request timeout to 30 seconds",
  body="Many documentation hosts are slow to answer HEAD requests.",
  files=[F(CLI + "args.rs", "modified", r"""
@@ 88 | pub struct CheckArgs {
     /// Skip external links starting with this prefix.
     #[arg(long = "skip-prefix")]
     pub skip_prefixes: Vec<String>,
-    /// Timeout of each external request, in seconds.
-    #[arg(long, default_value_t = 10)]
+    /// Timeout of each external request, in seconds.
+    #[arg(long, default_value_t = 30)]
     pub timeout: u64,
 }
""")],
  truth=[D + "cli/check.md"])

c.add("direct", "images: default quality 75 -> 82",
  body="WebP at 75 shows banding on gradients. 82 is what most image CDNs default to.",
  files=[F(CORE + "config/images.rs", "modified", r"""
@@ 6 | pub struct ImagesConfig {
 #[derive(Debug, Clone, Deserialize)]
 #[serde(default)]
 pub struct ImagesConfig {
     pub quality: u8,
     pub cache_dir: PathBuf,
 }
 
 impl Default for ImagesConfig {
     fn default() -> Self {
-        Self { quality: 75, cache_dir: PathBuf::from(".kiln-cache") }
+        Self { quality: 82, cache_dir: PathBuf::from(".kiln-cache") }
     }
 }
""")],
  truth=[D + "reference/configuration.md", D + "troubleshooting.md", D + "reference/template-functions.md"])

c.add("direct", "build: allow up to 256 render jobs",
  files=[F(CLI + "args.rs", "modified", r"""
@@ 40 | pub struct BuildArgs {
     /// Pages rendered in parallel.
-    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..=64))]
+    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..=256))]
     pub jobs: Option<u16>,
     /// Include draft pages.
     #[arg(long)]
     pub drafts: bool,
""")],
  truth=[D + "cli/build.md"])

c.add("direct", "reading_time: assume 230 words per minute",
  files=[F(CORE + "templates/filters.rs", "modified", r"""
@@ 51 | pub fn reading_time(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
     let text = try_get_value!("reading_time", "value", String, value);
-    let minutes = (word_count(&text) + 199) / 200;
+    let minutes = (word_count(&text) + 229) / 230;
     Ok(to_value(minutes.max(1)).unwrap())
 }
""")],
  truth=[D + "reference/filters.md"])

c.add("direct", "check: allow 4 concurrent requests per host",
  body="Two per host made checking large sites on a single docs host very slow.",
  files=[F(CORE + "links/check.rs", "modified", r"""
@@ 14 | use tokio::sync::Semaphore;
 
 const MAX_IN_FLIGHT: usize = 8;
-const MAX_PER_HOST: usize = 2;
+const MAX_PER_HOST: usize = 4;
 
@@ 60 | async fn check_external(links: Vec<Url>, opts: &ExternalOptions) -> Vec<LinkError> {
     let global = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
     let hosts = HostLimiter::new(MAX_PER_HOST);
""")],
  truth=[D + "cli/check.md"])

c.add("direct", "images: reject sources larger than 16384 pixels per side",
  files=[F(CORE + "images/resize.rs", "modified", r"""
@@ 30 | pub fn open_checked(path: &Path) -> Result<DynamicImage, ImageError> {
     let (w, h) = image::image_dimensions(path)?;
-    if w > 10_000 || h > 10_000 {
+    if w > 16_384 || h > 16_384 {
         return Err(ImageError::TooLarge { path: path.to_owned(), w, h });
     }
     Ok(image::open(path)?)
""")],
  truth=[D + "guides/images.md"])

c.add("direct", "serve: try the next 20 ports when the port is taken",
  files=[F(CORE + "server/mod.rs", "modified", r"""
@@ 44 | pub fn bind_with_fallback(interface: IpAddr, port: u16) -> io::Result<TcpListener> {
-    for candidate in port..port.saturating_add(10) {
+    for candidate in port..port.saturating_add(20) {
         match TcpListener::bind((interface, candidate)) {
             Ok(l) => return Ok(l),
             Err(e) if e.kind() == io::ErrorKind::AddrInUse => continue,
""")],
  truth=[D + "cli/serve.md", D + "troubleshooting.md"])

c.add("direct", "feeds: use the first paragraph as summary when there is no description",
  body="The `<!-- more -->` marker is rarely used; the whole post ended up in the feed.",
  files=[F(CORE + "feeds.rs", "modified", r"""
@@ 71 | fn entry_summary(page: &Page) -> Option<String> {
     if let Some(d) = &page.meta.description {
         return Some(d.clone());
     }
-    page.summary.clone()
+    page.summary.clone().or_else(|| first_paragraph(&page.content))
 }
""")],
  truth=[D + "guides/feeds.md"])

c.add("direct", "slugify: keep dots in slugs",
  body="Version numbers like `v1.2` were turned into `v1-2`.",
  files=[F(CORE + "content/slug.rs", "modified", r"""
@@ 12 | pub fn slugify(s: &str) -> String {
     let mut out = String::with_capacity(s.len());
     for c in deunicode(s).chars() {
-        if c.is_ascii_alphanumeric() {
+        if c.is_ascii_alphanumeric() || c == '.' {
             out.push(c.to_ascii_lowercase());
         } else if !out.ends_with('-') {
             out.push('-');
""")],
  truth=[D + "reference/filters.md"])

c.add("direct", "get_hash: default to sha_type 256",
  files=[F(CORE + "templates/functions.rs", "modified", r"""
@@ 140 | impl Function for GetHash {
     fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
         let path = required_arg!(args, "path", String);
-        let sha_type = optional_arg!(args, "sha_type", u16).unwrap_or(384);
+        let sha_type = optional_arg!(args, "sha_type", u16).unwrap_or(256);
         let base64 = optional_arg!(args, "base64", bool).unwrap_or(true);
""")],
  truth=[D + "reference/template-functions.md"])

c.add("direct", "watch: debounce file events for 250 ms",
  files=[F(CLI + "cmd/serve.rs", "modified", r"""
@@ 18 | use crate::args::ServeArgs;
 
 const LIVE_RELOAD_PORT: u16 = 1024;
-const DEBOUNCE: Duration = Duration::from_millis(100);
+const DEBOUNCE: Duration = Duration::from_millis(250);
 
 pub fn run(args: ServeArgs, site: Site) -> Result<()> {
""")],
  truth=[D + "cli/serve.md"])

c.add("direct", "sections: pages without weight sort first",
  files=[F(CORE + "content/section.rs", "modified", r"""
@@ 96 | fn sort_pages(pages: &mut [PageRef], by: SortBy) {
         SortBy::Weight => pages.sort_by(|a, b| match (a.meta.weight, b.meta.weight) {
             (Some(x), Some(y)) => x.cmp(&y),
-            (Some(_), None) => Ordering::Less,
-            (None, Some(_)) => Ordering::Greater,
+            (Some(_), None) => Ordering::Greater,
+            (None, Some(_)) => Ordering::Less,
             (None, None) => a.path.cmp(&b.path),
         }),
""")],
  truth=[D + "concepts/content-structure.md"])

c.add("direct", "init: docs template also enables markdown.smart_punctuation",
  files=[F(CLI + "cmd/init.rs", "modified", r"""
@@ 120 | fn docs_config(base_url: &str) -> String {
     format!(r#"base_url = "{base_url}"
 build_search_index = true
 
 [markdown]
 highlight_code = true
 insert_anchor_links = "right"
+smart_punctuation = true
 "#)
 }
""")],
  truth=[D + "cli/init.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "serve: --drafts also shows pages scheduled in the future",
  files=[F(CORE + "content/mod.rs", "modified", r"""
@@ 210 | pub fn is_visible(page: &Page, opts: &RenderOptions) -> bool {
-    !page.meta.draft || opts.drafts
+    let scheduled = page.meta.date.is_some_and(|d| d > opts.now);
+    (!page.meta.draft && !scheduled) || opts.drafts
 }
"""), F(CLI + "args.rs", "modified", r"""
@@ 70 | pub struct ServeArgs {
-    /// Include draft pages.
+    /// Include draft pages and pages dated in the future.
     #[arg(long)]
     pub drafts: bool,
""")],
  truth=[D + "concepts/content-structure.md", D + "cli/serve.md"])

c.add("misleading", "serve: bind the port given with --port exactly when it is explicit",
  body="Falling back to another port is surprising when the user asked for one.",
  files=[F(CLI + "cmd/serve.rs", "modified", r"""
@@ 77 | pub fn run(args: ServeArgs, site: Site) -> Result<()> {
-    let listener = bind_with_fallback(args.interface, args.port)?;
+    let listener = match args.port {
+        Some(port) => TcpListener::bind((args.interface, port))?,
+        None => bind_with_fallback(args.interface, DEFAULT_PORT)?,
+    };
"""), F(CLI + "args.rs", "modified", r"""
@@ 62 | pub struct ServeArgs {
-    #[arg(short, long, default_value_t = 1111)]
-    pub port: u16,
+    #[arg(short, long)]
+    pub port: Option<u16>,
""")],
  truth=[D + "cli/serve.md", D + "troubleshooting.md"])

c.add("misleading", "base-url: strip a trailing slash from --base-url",
  files=[F(CORE + "config/mod.rs", "modified", r"""
@@ 150 | impl Config {
     pub fn set_base_url(&mut self, url: &str) {
-        self.base_url = url.to_string();
+        self.base_url = url.trim_end_matches('/').to_string();
     }
"""), F("crates/kiln-core/tests/config.rs", "modified", r"""
@@ 33
 #[test]
 fn base_url_override() {
+    let mut c = Config::default_for_test();
+    c.set_base_url("https://example.org/");
+    assert_eq!(c.base_url, "https://example.org");
 }
""")],
  truth=[D + "reference/configuration.md"])

c.add("misleading", "Make resize_image deterministic across platforms",
  body="`op = \"fill\"` cropped one pixel differently on aarch64 because of float rounding.",
  files=[F(CORE + "images/resize.rs", "modified", r"""
@@ 71 | fn crop_box(src: (u32, u32), dst: (u32, u32)) -> (u32, u32, u32, u32) {
     let scale = f64::max(dst.0 as f64 / src.0 as f64, dst.1 as f64 / src.1 as f64);
-    let w = (dst.0 as f64 / scale) as u32;
-    let h = (dst.1 as f64 / scale) as u32;
+    let w = ((dst.0 as f64 / scale).round() as u32).min(src.0);
+    let h = ((dst.1 as f64 / scale).round() as u32).min(src.1);
     ((src.0 - w) / 2, (src.1 - h) / 2, w, h)
""")],
  truth=[D + "guides/images.md"])

c.add("misleading", "search: drafts are indexed with --drafts",
  body="Previews of the search in `kiln serve --drafts` did not find draft pages.",
  files=[F(CORE + "search/index.rs", "modified", r"""
@@ 22 | pub fn build_index(site: &Site, opts: &RenderOptions) -> Index {
     for page in site.pages() {
-        if page.meta.draft || !page.meta.in_search_index {
+        if (page.meta.draft && !opts.drafts) || !page.meta.in_search_index {
             continue;
         }
""")],
  truth=[D + "guides/search.md"])

c.add("misleading", "Faster first build on big sites",
  body="Syntax sets were loaded per thread; load them once and share.",
  files=[F(CORE + "markdown/highlight.rs", "modified", r"""
@@ 8 | use syntect::parsing::SyntaxSet;
 
-thread_local! {
-    static SYNTAXES: SyntaxSet = load_syntaxes();
-}
+static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(load_syntaxes);
 
 pub fn highlight(code: &str, lang: &str, theme: &Theme) -> String {
""")],
  truth=[D + "guides/syntax-highlighting.md"])

c.add("misleading", "taxonomies: undeclared terms warn instead of failing",
  files=[F(CORE + "taxonomies.rs", "modified", r"""
@@ 58 | pub fn collect(site: &Site, config: &Config) -> Result<Vec<Taxonomy>> {
         let Some(tax) = declared.get_mut(name.as_str()) else {
-            return Err(Error::UndeclaredTaxonomy { page: page.path.clone(), name: name.clone() });
+            tracing::warn!(page = %page.path.display(), %name, "taxonomy not declared in kiln.toml");
+            continue;
         };
""")],
  truth=[D + "concepts/taxonomies.md"])

c.add("misleading", "logging: KILN_LOG no longer overrides --quiet",
  files=[F(CLI + "logging.rs", "modified", r"""
@@ 12 | pub fn init(verbose: u8, quiet: bool) {
-    let filter = std::env::var("KILN_LOG").ok().unwrap_or_else(|| default_filter(verbose, quiet));
+    let filter = if quiet {
+        "error".to_string()
+    } else {
+        std::env::var("KILN_LOG").ok().unwrap_or_else(|| default_filter(verbose, quiet))
+    };
""")],
  truth=[D + "cli/overview.md", D + "reference/environment-variables.md"])

c.add("misleading", "build: write the .kiln-output marker also with --force",
  files=[F(CLI + "cmd/build.rs", "modified", r"""
@@ 35 | pub fn run(args: BuildArgs, site: Site) -> Result<()> {
     let out = args.output_dir.unwrap_or_else(|| site.config.output_dir.clone());
     if !is_kiln_output(&out)? && !args.force {
         bail!("Refusing to empty output directory {}", out.display());
     }
     clean_dir(&out)?;
+    fs::write(out.join(".kiln-output"), "")?;
""")],
  truth=[D + "cli/build.md"])

c.add("misleading", "front matter: read the date from folder names too",
  body="`content/blog/2024-05-01-hello/index.md` now gets its date from the folder name.",
  files=[F(CORE + "content/front_matter.rs", "modified", r"""
@@ 80 | fn date_from_path(path: &Path) -> Option<NaiveDate> {
-    let stem = path.file_stem()?.to_str()?;
+    let stem = if path.file_stem()? == "index" {
+        path.parent()?.file_name()?.to_str()?
+    } else {
+        path.file_stem()?.to_str()?
+    };
     NaiveDate::parse_from_str(stem.get(..10)?, "%Y-%m-%d").ok()
""")],
  truth=[D + "reference/front-matter.md"])

# ---------------------------------------------------------------- new_identifier
c.add("new_identifier", "build: add --no-sitemap",
  files=[F(CLI + "args.rs", "modified", r"""
@@ 44 | pub struct BuildArgs {
     /// Minify the generated HTML.
     #[arg(long)]
     pub minify: bool,
+    /// Don't write sitemap.xml, whatever kiln.toml says.
+    #[arg(long)]
+    pub no_sitemap: bool,
     /// Write into a non-empty output directory.
     #[arg(long)]
     pub force: bool,
""")],
  truth=[D + "cli/build.md"])

c.add("new_identifier", "markdown: add lazy_async_image option",
  files=[F(CORE + "config/markdown.rs", "modified", r"""
@@ 10 | pub struct MarkdownConfig {
     pub external_links_no_follow: bool,
     pub insert_anchor_links: AnchorPosition,
+    /// Add `loading="lazy" decoding="async"` to images.
+    pub lazy_async_image: bool,
 }
"""), F(CORE + "markdown/mod.rs", "modified", r"""
@@ 140 | fn render_image(&self, src: &str, alt: &str) -> String {
-    format!(r#"<img src="{src}" alt="{alt}">"#)
+    let lazy = if self.config.lazy_async_image { r#" loading="lazy" decoding="async""# } else { "" };
+    format!(r#"<img src="{src}" alt="{alt}"{lazy}>"#)
 }
""")],
  truth=[D + "reference/configuration.md"])

c.add("new_identifier", "cache: honour XDG cache dir via KILN_CACHE_HOME",
  files=[F(CLI + "env.rs", "modified", r"""
@@ 4 | pub fn cache_dir(config: &Config) -> PathBuf {
     if let Ok(dir) = std::env::var("KILN_CACHE_DIR") {
         return PathBuf::from(dir);
     }
+    if let Ok(home) = std::env::var("KILN_CACHE_HOME") {
+        return PathBuf::from(home).join(config.site_id());
+    }
     config.images.cache_dir.clone()
""")],
  truth=[D + "reference/environment-variables.md"])

c.add("new_identifier", "templates: add get_image_metadata()",
  files=[F(CORE + "templates/functions.rs", "modified", r"""
@@ 200 | pub fn register(tera: &mut Tera, site: &Site) {
     tera.register_function("resize_image", ResizeImage::new(site));
     tera.register_function("load_data", LoadData::new(site));
+    tera.register_function("get_image_metadata", GetImageMetadata::new(site));
     tera.register_function("get_hash", GetHash::new(site));
 }
+
+pub struct GetImageMetadata {
+    root: PathBuf,
+}
""")],
  truth=[D + "reference/template-functions.md"])

c.add("new_identifier", "filters: add a truncate_words filter",
  files=[F(CORE + "templates/filters.rs", "modified", r"""
@@ 90 | pub fn register(tera: &mut Tera) {
     tera.register_filter("reading_time", reading_time);
     tera.register_filter("word_count", word_count_filter);
+    tera.register_filter("truncate_words", truncate_words);
     tera.register_filter("num_format", num_format);
 }
+
+pub fn truncate_words(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
+    let text = try_get_value!("truncate_words", "value", String, value);
+    let n = args.get("count").and_then(Value::as_u64).unwrap_or(50) as usize;
+    Ok(to_value(text.split_whitespace().take(n).collect::<Vec<_>>().join(" ")).unwrap())
+}
""")],
  truth=[D + "reference/filters.md"])

c.add("new_identifier", "check: add --ignore-anchors",
  files=[F(CLI + "args.rs", "modified", r"""
@@ 84 | pub struct CheckArgs {
     /// Also request every external link.
     #[arg(long)]
     pub external: bool,
+    /// Don't check that #anchors exist on internal links.
+    #[arg(long)]
+    pub ignore_anchors: bool,
"""), F(CORE + "links/check.rs", "modified", r"""
@@ 30 | pub fn check_internal(site: &Site, opts: &CheckOptions) -> Vec<LinkError> {
-        if let Some(anchor) = link.anchor() {
+        if let Some(anchor) = link.anchor().filter(|_| !opts.ignore_anchors) {
""")],
  truth=[D + "cli/check.md"])

# ---------------------------------------------------------------- rename
c.add("rename", "config: rename feed_limit to feed_max_entries",
  files=[F(CORE + "config/feeds.rs", "modified", r"""
@@ 5 | pub struct FeedConfig {
     pub generate_feeds: bool,
     pub feed_filenames: Vec<String>,
-    pub feed_limit: Option<usize>,
+    #[serde(alias = "feed_limit")]
+    pub feed_max_entries: Option<usize>,
 }
"""), F(CORE + "feeds.rs", "modified", r"""
@@ 30 | pub fn render_feed(pages: &[PageRef], config: &Config) -> Result<String> {
-    let n = config.feeds.feed_limit.unwrap_or(usize::MAX);
+    let n = config.feeds.feed_max_entries.unwrap_or(usize::MAX);
""")],
  truth=[D + "reference/configuration.md", D + "guides/feeds.md"])

c.add("rename", "serve: rename --interface to --bind",
  files=[F(CLI + "args.rs", "modified", r"""
@@ 60 | pub struct ServeArgs {
     /// Interface to bind.
-    #[arg(short, long, default_value = "127.0.0.1")]
-    pub interface: IpAddr,
+    #[arg(short, long, alias = "interface", default_value = "127.0.0.1")]
+    pub bind: IpAddr,
"""), F(CLI + "cmd/serve.rs", "modified", r"""
@@ 77 | pub fn run(args: ServeArgs, site: Site) -> Result<()> {
-    let listener = bind_with_fallback(args.interface, args.port)?;
+    let listener = bind_with_fallback(args.bind, args.port)?;
""")],
  truth=[D + "cli/serve.md", D + "getting-started/installation.md", D + "upgrading-to-0-9.md"])

c.add("rename", "Remove the deprecated generate_rss key",
  files=[F(CORE + "config/mod.rs", "modified", r"""
@@ 210 | fn apply_deprecations(raw: &mut toml::Table) -> Vec<String> {
     let mut warnings = Vec::new();
-    if let Some(v) = raw.remove("generate_rss") {
-        warnings.push("`generate_rss` is deprecated, use `generate_feeds`".into());
-        raw.entry("generate_feeds").or_insert(v);
-    }
     if let Some(v) = raw.remove("highlight_code") {
""")],
  truth=[D + "upgrading-to-0-9.md"])

c.add("rename", "filters: rename urlencode_strict to url_encode_strict",
  files=[F(CORE + "templates/filters.rs", "modified", r"""
@@ 90 | pub fn register(tera: &mut Tera) {
     tera.register_filter("word_count", word_count_filter);
-    tera.register_filter("urlencode_strict", urlencode_strict);
+    tera.register_filter("url_encode_strict", url_encode_strict);
     tera.register_filter("num_format", num_format);
 }
""")],
  truth=[D + "reference/filters.md"])

# ---------------------------------------------------------------- path_mirror
c.add("path_mirror", "init: print next steps after creating the site",
  files=[F(CLI + "cmd/init.rs", "modified", r"""
@@ 60 | pub fn run(args: InitArgs) -> Result<()> {
     write_skeleton(&dir, template)?;
+    println!("Done! Next steps:");
+    println!("  cd {}", dir.display());
+    println!("  kiln serve");
     Ok(())
 }
""")],
  truth=[D + "cli/init.md"])

c.add("path_mirror", "taxonomies: sort term list by page count",
  files=[F(CORE + "taxonomies.rs", "modified", r"""
@@ 120 | impl Taxonomy {
     pub fn sorted_terms(&self) -> Vec<&Term> {
         let mut terms: Vec<&Term> = self.terms.values().collect();
-        terms.sort_by(|a, b| a.name.cmp(&b.name));
+        terms.sort_by(|a, b| b.pages.len().cmp(&a.pages.len()).then(a.name.cmp(&b.name)));
         terms
     }
""")],
  truth=[D + "concepts/taxonomies.md"])

c.write()
