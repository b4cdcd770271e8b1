from casekit import Cases, F

c = Cases("anvil")
W = "website/docs/"


def _indent(line):
    n = len(line) - len(line.lstrip(" "))
    return "\t" * (n // 4) + " " * (n % 4) + line.lstrip(" ")


def G(path, status, patch, prev=None):
    """Like F, for Go sources: 4 leading spaces after the diff marker become a tab."""
    out = []
    for line in patch.strip("\n").split("\n"):
        if status in ("added", "removed"):
            out.append(_indent(line) if line.strip() else "")
        elif line.startswith("@@") or line == "":
            out.append(line)
        else:
            out.append(line[0] + _indent(line[1:]))
    return F(path, status, "\n".join(out), prev)


def msg(title, rest=""):
    n = len(c.items) + 1
    m = f"{title} (#{c._pr(n)})"
    return m + ("\n\n" + rest.strip() if rest else "")


# 01 ------------------------------------------------------------------ direct
c.add("direct", "release: raise the default --timeout to 1h",
  body="Multi-arch Docker builds under QEMU regularly take more than 25 minutes on hosted runners, and a few users with big build matrices hit the 30m default halfway through publishing. An hour is still short enough to catch a hung `docker push`.",
  files=[
    G("cmd/release.go", "modified", r"""
@@ 18
     "github.com/spf13/cobra"
 )
 
+// defaultReleaseTimeout bounds a whole `anvil release` run. Multi-arch docker
+// builds under QEMU regularly need more than the previous 30 minutes.
+const defaultReleaseTimeout = time.Hour
+
 type releaseCmd struct {
     cmd  *cobra.Command
     opts releaseOpts
@@ 71 | func newReleaseCmd() *releaseCmd {
     cmd.Flags().BoolVar(&root.opts.draft, "draft", false, "Whether to set the release to draft. Overrides release.draft in the configuration file")
     cmd.Flags().IntVarP(&root.opts.parallelism, "parallelism", "p", 0, "Amount tasks to run concurrently (default: 4)")
-    cmd.Flags().DurationVar(&root.opts.timeout, "timeout", 30*time.Minute, "Timeout to the entire release process")
+    cmd.Flags().DurationVar(&root.opts.timeout, "timeout", defaultReleaseTimeout, "Timeout to the entire release process")
     cmd.Flags().BoolVar(&root.opts.failFast, "fail-fast", false, "Whether to abort the release publishing on the first error")
"""),
    G("cmd/release_test.go", "modified", r"""
@@ 44 | func TestReleaseFlags(t *testing.T) {
     t.Run("timeout", func(t *testing.T) {
         cmd := newReleaseCmd()
         require.NoError(t, cmd.cmd.ParseFlags(nil))
-        require.Equal(t, 30*time.Minute, cmd.opts.timeout)
+        require.Equal(t, time.Hour, cmd.opts.timeout)
     })
"""),
  ],
  truth=[W + "cli/release.md", W + "troubleshooting.md"])

# 02 ------------------------------------------------------------------ misleading
c.add("misleading", "init: stop generating the deprecated archives.format",
  body="A config fresh out of `anvil init` made `anvil check` exit 2 with the `archives.format` deprecation. Generate `formats` lists instead and add a test so the template can't drift again.\n\nFixes #1712",
  files=[
    F("cmd/static/config.yaml", "modified", r"""
@@ 15
       - windows
 
 archives:
-  - format: tar.gz
+  - formats: [tar.gz]
     name_template: >-
       {{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}
     format_overrides:
       - goos: windows
-        format: zip
+        formats: [zip]
 
 changelog:
   sort: asc
"""),
    G("cmd/init_test.go", "modified", r"""
@@ 58 | func TestInitGitIgnoreExists(t *testing.T) {
     require.Equal(t, "mybinary\n\n# Added by anvil init:\ndist/\n", string(bts))
 }
+
+func TestInitConfigHasNoDeprecations(t *testing.T) {
+    dir := setup(t)
+    require.NoError(t, newInitCmd().cmd.Execute())
+
+    cfg, err := config.Load(filepath.Join(dir, ".anvil.yaml"))
+    require.NoError(t, err)
+    ctx := context.New(cfg)
+    require.NoError(t, defaults.Run(ctx))
+    require.False(t, ctx.Deprecated, "anvil init generated a deprecated configuration")
+}
"""),
  ],
  truth=[W + "getting-started/quick-start.md"])

# 03 ------------------------------------------------------------------ new_identifier
c.add("new_identifier", "checksums: support blake3",
  body="BLAKE3 is much faster than sha256 on large archives and is what a few package ecosystems now expect. Uses lukechampine.com/blake3 with a 256-bit digest.",
  files=[
    G("internal/pipe/checksums/checksums.go", "modified", r"""
@@ 4 | import (
     "crypto/sha512"
     "hash"
     "hash/crc32"
 
     "github.com/anvil-dev/anvil/v2/pkg/context"
     "golang.org/x/crypto/blake2b"
     "golang.org/x/crypto/blake2s"
     "golang.org/x/crypto/sha3"
+    "lukechampine.com/blake3"
 )
@@ 27
 var hashers = map[string]func() hash.Hash{
     "sha1":     sha1.New,
     "sha224":   sha256.New224,
     "sha256":   sha256.New,
     "sha384":   sha512.New384,
     "sha512":   sha512.New,
     "sha3-224": sha3.New224,
     "sha3-256": sha3.New256,
     "sha3-384": sha3.New384,
     "sha3-512": sha3.New512,
     "blake2b":  mustBlake2b,
     "blake2s":  mustBlake2s,
+    "blake3":   func() hash.Hash { return blake3.New(32, nil) },
     "crc32":    func() hash.Hash { return crc32.NewIEEE() },
     "md5":      md5.New,
 }
"""),
    G("internal/pipe/checksums/checksums_test.go", "modified", r"""
@@ 212 | func TestPipeCheckSumsWithAlgorithms(t *testing.T) {
     for algo, want := range map[string]string{
         "sha256":  "61d034473102d7dac305902770471fd50f4c5b26f6831a56dd90b5184b3c30fc",
         "blake2b": "ca1fa4c2dc7fe6aa28b8ca3fa4fa8a79c18e1d0c5fd6e6a56b39e8d5b2b5c2ee48f4c6a4a5d9b5e0a1a53bda7a0ab1e2f5dd35a4c6c3d7b8af44b28e07d5a1d1",
+        "blake3":  "b3c6f4a7d0ad79d8f8dcf8a2a52d4a4f5f8d2a95c6b7f1ad0d37d8d3e1e4a0c2",
     } {
"""),
    G("go.mod", "modified", r"""
@@ 41 | require (
     golang.org/x/sync v0.8.0
     golang.org/x/text v0.18.0
     gopkg.in/yaml.v3 v3.0.1
+    lukechampine.com/blake3 v1.3.0
 )
"""),
  ],
  truth=[W + "customization/checksums.md"])

# 04 ------------------------------------------------------------------ direct
c.add("direct", "build: drop 386 from the default goarch list",
  body="32-bit x86 accounts for well under 0.1% of downloads for every project that shared numbers in #1702, yet each build without an explicit `goarch` produced `linux/386` and `windows/386` binaries and archives. Projects that still need them can list `386` in `goarch`.",
  message=msg("build: drop 386 from the default goarch list",
              "BREAKING CHANGE: builds that don't set goarch no longer produce linux/386 and windows/386 binaries."),
  files=[
    G("internal/builders/golang/targets.go", "modified", r"""
@@ 19
 // Defaults used when a build sets neither goos/goarch nor targets.
 var (
     defaultGoos   = []string{"linux", "darwin", "windows"}
-    defaultGoarch = []string{"amd64", "arm64", "386"}
+    defaultGoarch = []string{"amd64", "arm64"}
     defaultGoarm  = []string{"6"}
+    // darwin/386 is not produced by default any more, but keep ignoring it
+    // for builds that list 386 explicitly: Go dropped it in 1.15.
     defaultIgnore = []config.IgnoredBuild{
         {Goos: "darwin", Goarch: "386"},
     }
"""),
    G("internal/builders/golang/targets_test.go", "modified", r"""
@@ 14 | func TestDefaultTargets(t *testing.T) {
     build := config.Build{}
     require.NoError(t, setBuildDefaults(&build))
     require.ElementsMatch(t, []string{
         "linux_amd64_v1",
         "linux_arm64",
-        "linux_386",
         "darwin_amd64_v1",
         "darwin_arm64",
         "windows_amd64_v1",
         "windows_arm64",
-        "windows_386",
     }, build.Targets)
 }
"""),
  ],
  truth=[W + "customization/builds.md", W + "getting-started/quick-start.md"])

# 05 ------------------------------------------------------------------ path_mirror
c.add("path_mirror", "changelog cmd: print the same markdown as the release body",
  body="`anvil changelog` printed one line per commit and ignored sections, so people couldn't preview what their `groups` config actually produces. Render through the same function the release pipe uses.",
  files=[
    G("cmd/changelog.go", "modified", r"""
@@ 74 | func runChangelog(ctx *context.Context, opts changelogOpts) error {
     entries, err := changelog.Entries(ctx, opts.since, opts.to)
     if err != nil {
         return err
     }
     if opts.format == "json" {
         return json.NewEncoder(os.Stdout).Encode(entries)
     }
-    for _, e := range entries {
-        fmt.Println(changelog.FormatLine(ctx, e))
-    }
-    return nil
+    // Render exactly what `anvil release` puts in the release body, with
+    // sections, titles and dividers.
+    out, err := changelog.Render(ctx, entries)
+    if err != nil {
+        return err
+    }
+    fmt.Print(out)
+    return nil
 }
"""),
    G("internal/pipe/changelog/changelog.go", "modified", r"""
@@ 132 | func (Pipe) Run(ctx *context.Context) error {
-    body, err := render(ctx, entries)
+    body, err := Render(ctx, entries)
     if err != nil {
         return err
     }
@@ 160
-func render(ctx *context.Context, entries []Entry) (string, error) {
+// Render formats entries as the markdown body of a release, applying
+// changelog.groups, changelog.divider and changelog.format.
+func Render(ctx *context.Context, entries []Entry) (string, error) {
     if len(ctx.Config.Changelog.Groups) == 0 {
         return renderFlat(ctx, entries)
     }
"""),
    G("cmd/changelog_test.go", "modified", r"""
@@ 38 | func TestChangelogCmd(t *testing.T) {
+    t.Run("groups", func(t *testing.T) {
+        cfg := testConfig(t)
+        cfg.Changelog.Groups = []config.ChangelogGroup{
+            {Title: "Features", Regexp: "^feat:", Order: 0},
+            {Title: "Others", Order: 1},
+        }
+        out := captureStdout(t, func() { require.NoError(t, runChangelog(testctx(cfg), changelogOpts{})) })
+        require.Contains(t, out, "### Features\n* ")
+        require.Contains(t, out, "### Others\n* ")
+    })
+
     t.Run("json", func(t *testing.T) {
"""),
  ],
  truth=[W + "cli/changelog.md"])

# 06 ------------------------------------------------------------------ misleading
c.add("misleading", "Fix GITHUB_TOKEN detection on GitHub Actions",
  body="Releasing to a self-hosted Gitea from GitHub Actions failed with `multiple tokens found`, because Actions exports `GITHUB_TOKEN` to every step. When `release` configures exactly one of `github`, `gitlab` or `gitea`, use that forge's token and ignore the others. `ANVIL_FORCE_TOKEN` still takes precedence.",
  files=[
    G("internal/client/token.go", "modified", r"""
@@ 24 | func TokenType(ctx *context.Context) (context.TokenType, string, error) {
     if forced := os.Getenv("ANVIL_FORCE_TOKEN"); forced != "" {
         t := context.TokenType(forced)
         return t, env[t], nil
     }
+    // If the configuration names exactly one forge, use its token and ignore
+    // the others: CI systems export their own token to every job.
+    if t, ok := configuredForge(ctx.Config.Release); ok && env[t] != "" {
+        return t, env[t], nil
+    }
     var found []context.TokenType
     for t, v := range env {
         if v != "" {
             found = append(found, t)
         }
     }
     if len(found) > 1 {
         return "", "", ErrMultipleTokens
     }
@@ 58
+
+func configuredForge(r config.Release) (context.TokenType, bool) {
+    var types []context.TokenType
+    if r.GitHub.Name != "" {
+        types = append(types, context.TokenTypeGitHub)
+    }
+    if r.GitLab.Name != "" {
+        types = append(types, context.TokenTypeGitLab)
+    }
+    if r.Gitea.Name != "" {
+        types = append(types, context.TokenTypeGitea)
+    }
+    if len(types) != 1 {
+        return "", false
+    }
+    return types[0], true
+}
"""),
    G("internal/client/token_test.go", "modified", r"""
@@ 61 | func TestTokenType(t *testing.T) {
+    t.Run("configured forge wins over extra tokens", func(t *testing.T) {
+        t.Setenv("GITHUB_TOKEN", "ghs_actions")
+        t.Setenv("GITEA_TOKEN", "gitea")
+        ctx := testctx.NewWithCfg(config.Project{Release: config.Release{
+            Gitea: config.Repo{Owner: "me", Name: "tally"},
+        }})
+        typ, token, err := TokenType(ctx)
+        require.NoError(t, err)
+        require.Equal(t, context.TokenTypeGitea, typ)
+        require.Equal(t, "gitea", token)
+    })
+
     t.Run("multiple tokens", func(t *testing.T) {
"""),
  ],
  truth=[W + "reference/environment-variables.md", W + "reference/errors.md"])

# 07 ------------------------------------------------------------------ direct
c.add("direct", "slack: link the release in the default message",
  body="Discord and the webhook announcer already include `.ReleaseURL`; a Slack message without a link was the most common thing people customised.",
  files=[
    G("internal/pipe/slack/slack.go", "modified", r"""
@@ 19
 const (
-    defaultMessageTemplate = `{{ .ProjectName }} {{ .Tag }} is out!`
+    defaultMessageTemplate = `{{ .ProjectName }} {{ .Tag }} is out! Check it out at {{ .ReleaseURL }}`
     webhookEnv             = "SLACK_WEBHOOK"
 )
"""),
    G("internal/pipe/slack/slack_test.go", "modified", r"""
@@ 27 | func TestDefault(t *testing.T) {
     ctx := testctx.NewWithCfg(config.Project{Announce: config.Announce{Slack: config.Slack{Enabled: "true"}}})
     require.NoError(t, Pipe{}.Default(ctx))
-    require.Equal(t, "{{ .ProjectName }} {{ .Tag }} is out!", ctx.Config.Announce.Slack.MessageTemplate)
+    require.Equal(t, "{{ .ProjectName }} {{ .Tag }} is out! Check it out at {{ .ReleaseURL }}", ctx.Config.Announce.Slack.MessageTemplate)
 }
"""),
  ],
  truth=[W + "announce/slack.md"])

# 08 ------------------------------------------------------------------ rename
c.add("rename", "brew: rename brews.folder to brews.directory",
  body="Every other publisher that writes into a repository (`scoops`, `aurs`) calls this `directory`. `folder` keeps working for now and prints a deprecation notice.",
  files=[
    G("pkg/config/config.go", "modified", r"""
@@ 231 | type Homebrew struct {
     Name                  string       `yaml:"name,omitempty" json:"name,omitempty"`
     Repository            RepoRef      `yaml:"repository,omitempty" json:"repository,omitempty"`
     CommitAuthor          CommitAuthor `yaml:"commit_author,omitempty" json:"commit_author,omitempty"`
     CommitMessageTemplate string       `yaml:"commit_msg_template,omitempty" json:"commit_msg_template,omitempty"`
-    Folder                string       `yaml:"folder,omitempty" json:"folder,omitempty"`
+    Directory             string       `yaml:"directory,omitempty" json:"directory,omitempty"`
+    Folder                string       `yaml:"folder,omitempty" json:"folder,omitempty" jsonschema:"description=deprecated: use directory"`
     Caveats               string       `yaml:"caveats,omitempty" json:"caveats,omitempty"`
"""),
    G("internal/pipe/brew/brew.go", "modified", r"""
@@ 62 | func (Pipe) Default(ctx *context.Context) error {
     for i := range ctx.Config.Brews {
         brew := &ctx.Config.Brews[i]
+        if brew.Folder != "" {
+            deprecate.Notice(ctx, "brews.folder")
+            if brew.Directory == "" {
+                brew.Directory = brew.Folder
+            }
+        }
 
         if brew.CommitAuthor.Name == "" {
             brew.CommitAuthor.Name = "anvilbot"
         }
@@ 190 | func doPublish(ctx *context.Context, formula *artifact.Artifact, cl client.Client) error {
-    path := filepath.Join(brew.Folder, formula.Name)
+    path := filepath.Join(brew.Directory, formula.Name)
     content, err := os.ReadFile(formula.Path)
"""),
    G("internal/pipe/brew/brew_test.go", "modified", r"""
@@ 402 | func TestDefault(t *testing.T) {
+    t.Run("folder is deprecated", func(t *testing.T) {
+        ctx := testctx.NewWithCfg(config.Project{Brews: []config.Homebrew{{Folder: "Formula"}}})
+        require.NoError(t, Pipe{}.Default(ctx))
+        require.Equal(t, "Formula", ctx.Config.Brews[0].Directory)
+        require.True(t, ctx.Deprecated)
+    })
+
     t.Run("commit author", func(t *testing.T) {
"""),
  ],
  truth=[W + "publishers/homebrew.md", W + "getting-started/tutorial.md", W + "deprecations.md"])

# 09 ------------------------------------------------------------------ direct
c.add("direct", "upload: retry failed uploads 5 times with exponential backoff",
  body="Artifactory behind a load balancer returns short bursts of 502s during deploys; three retries one second apart weren't enough to ride them out. Retries now back off exponentially (1s, 2s, 4s, … capped at 30s), which also benefits every other caller of `retry.Do`.",
  files=[
    G("internal/retry/retry.go", "modified", r"""
@@ 8
-// Do runs fn up to 1+times times, sleeping delay between attempts, while
-// retryIf returns true for the returned error.
+// Do runs fn up to 1+times times while retryIf returns true for the returned
+// error. The first retry waits delay, every following one twice as long as
+// the previous, capped at MaxDelay.
 func Do(ctx context.Context, times int, delay time.Duration, retryIf func(error) bool, fn func() error) error {
     var err error
     for i := 0; i <= times; i++ {
         if err = fn(); err == nil || !retryIf(err) {
             return err
         }
         if i == times {
             break
         }
         select {
         case <-ctx.Done():
             return ctx.Err()
-        case <-time.After(delay):
+        case <-time.After(backoff(delay, i)):
         }
     }
     return err
 }
+
+// MaxDelay caps the wait between two attempts.
+const MaxDelay = 30 * time.Second
+
+func backoff(delay time.Duration, attempt int) time.Duration {
+    d := delay << attempt
+    if d <= 0 || d > MaxDelay {
+        return MaxDelay
+    }
+    return d
+}
"""),
    G("internal/pipe/upload/upload.go", "modified", r"""
@@ 151 | func uploadAsset(ctx *context.Context, upload *config.Upload, art *artifact.Artifact) error {
     defer file.Close()
 
-    err = retry.Do(ctx, 3, time.Second, isRetriable, func() error {
+    err = retry.Do(ctx, 5, time.Second, isRetriable, func() error {
         if _, err := file.Seek(0, io.SeekStart); err != nil {
             return err
         }
         return doUpload(ctx, upload, targetURL, file, headers)
     })
"""),
    G("internal/retry/retry_test.go", "modified", r"""
@@ 30 | func TestDo(t *testing.T) {
+    t.Run("backoff", func(t *testing.T) {
+        require.Equal(t, time.Second, backoff(time.Second, 0))
+        require.Equal(t, 4*time.Second, backoff(time.Second, 2))
+        require.Equal(t, MaxDelay, backoff(time.Second, 10))
+    })
+
     t.Run("gives up", func(t *testing.T) {
"""),
  ],
  truth=[W + "publishers/http-upload.md"])

# 10 ------------------------------------------------------------------ misleading
c.add("misleading", "tmpl: incpatch on a prerelease returns the release version",
  body="`{{ incpatch \"1.4.0-rc.1\" }}` returned `1.4.1`, skipping 1.4.0 entirely. Follow semver like the underlying library does: the next patch after a prerelease is the release itself. `incmajor` and `incminor` are unchanged.",
  files=[
    G("internal/tmpl/funcs.go", "modified", r"""
@@ 88
 func incPatch(v string) (string, error) {
     sv, err := semver.NewVersion(v)
     if err != nil {
         return "", fmt.Errorf("incpatch: %w", err)
     }
-    next := sv.IncPatch()
-    if sv.Prerelease() != "" {
-        // IncPatch on a prerelease only strips the prerelease; we always
-        // want a strictly higher patch.
-        next = next.IncPatch()
-    }
-    return next.String(), nil
+    // semver: 1.2.3-rc.1 is followed by 1.2.3, not 1.2.4.
+    next := sv.IncPatch()
+    return next.String(), nil
 }
"""),
    G("internal/tmpl/tmpl_test.go", "modified", r"""
@@ 301 | func TestIncFuncs(t *testing.T) {
     for in, want := range map[string]string{
         `{{ incpatch "1.2.3" }}`:         "1.2.4",
-        `{{ incpatch "1.2.3-rc.1" }}`:    "1.2.4",
+        `{{ incpatch "1.2.3-rc.1" }}`:    "1.2.3",
         `{{ incminor "1.3.0-beta.2" }}`:  "1.4.0",
         `{{ incmajor "1.2.3" }}`:         "2.0.0",
     } {
"""),
  ],
  truth=[W + "reference/templates.md"])

# 11 ------------------------------------------------------------------ direct
c.add("direct", "winget: generate manifests with schema 1.6.0",
  body="The winget-pkgs validation pipeline started flagging 1.5.0 manifests as outdated. 1.6.0 only adds optional fields, so the generated content is otherwise the same.",
  files=[
    G("internal/pipe/winget/template.go", "modified", r"""
@@ 8
-const manifestSchemaVersion = "1.5.0"
+const manifestSchemaVersion = "1.6.0"
 
 const versionTemplate = `# yaml-language-server: $schema=https://aka.ms/winget-manifest.version.{{ .SchemaVersion }}.schema.json
 # This file was generated by Anvil. DO NOT EDIT.
"""),
    G("internal/pipe/winget/winget_test.go", "modified", r"""
@@ 233 | func TestRunPipe(t *testing.T) {
             bts, err := os.ReadFile(filepath.Join(dist, "winget", "manifests", "t", "Tally", "1.2.1", "TallyAuthors.Tally.installer.yaml"))
             require.NoError(t, err)
-            require.Contains(t, string(bts), "ManifestVersion: 1.5.0")
+            require.Contains(t, string(bts), "ManifestVersion: 1.6.0")
"""),
  ],
  truth=[W + "publishers/winget.md"])

# 12 ------------------------------------------------------------------ new_identifier
c.add("new_identifier", "archives: add strip_binary_directory",
  body="With `binary: bin/tally`, the binary ends up in `bin/` inside the archive, which breaks install scripts that expect it at the top. The new option puts binaries at the top level of the archive (or directly under `wrap_in_directory`).",
  files=[
    G("pkg/config/config.go", "modified", r"""
@@ 402 | type Archive struct {
     ID                        string           `yaml:"id,omitempty" json:"id,omitempty"`
     IDs                       []string         `yaml:"ids,omitempty" json:"ids,omitempty"`
     BuildsInfo                FileInfo         `yaml:"builds_info,omitempty" json:"builds_info,omitempty"`
     NameTemplate              string           `yaml:"name_template,omitempty" json:"name_template,omitempty"`
     Formats                   []string         `yaml:"formats,omitempty" json:"formats,omitempty"`
     FormatOverrides           []FormatOverride `yaml:"format_overrides,omitempty" json:"format_overrides,omitempty"`
     WrapInDirectory           string           `yaml:"wrap_in_directory,omitempty" json:"wrap_in_directory,omitempty" jsonschema:"oneof_type=string;boolean"`
+    StripBinaryDirectory      bool             `yaml:"strip_binary_directory,omitempty" json:"strip_binary_directory,omitempty"`
     Files                     []File           `yaml:"files,omitempty" json:"files,omitempty"`
     Meta                      bool             `yaml:"meta,omitempty" json:"meta,omitempty"`
     AllowDifferentBinaryCount bool             `yaml:"allow_different_binary_count,omitempty" json:"allow_different_binary_count,omitempty"`
 }
"""),
    G("internal/pipe/archive/archive.go", "modified", r"""
@@ 214 | func create(ctx *context.Context, arch config.Archive, binaries []*artifact.Artifact, format string) error {
     for _, binary := range binaries {
-        dst := filepath.Join(wrap, binary.Name)
+        name := binary.Name
+        if arch.StripBinaryDirectory {
+            name = filepath.Base(name)
+        }
+        dst := filepath.Join(wrap, name)
         if err := a.Add(config.File{
             Source:      binary.Path,
             Destination: dst,
             Info:        arch.BuildsInfo,
         }); err != nil {
"""),
    G("internal/pipe/archive/archive_test.go", "modified", r"""
@@ 512 | func TestRunPipeBinaryInSubdir(t *testing.T) {
     require.Equal(t, []string{"bin/tally", "README.md"}, tarFiles(t, filepath.Join(dist, "tally_linux_amd64.tar.gz")))
+
+    ctx.Config.Archives[0].StripBinaryDirectory = true
+    require.NoError(t, os.RemoveAll(filepath.Join(dist, "tally_linux_amd64.tar.gz")))
+    require.NoError(t, Pipe{}.Run(ctx))
+    require.Equal(t, []string{"tally", "README.md"}, tarFiles(t, filepath.Join(dist, "tally_linux_amd64.tar.gz")))
 }
"""),
  ],
  truth=[W + "customization/archives.md"])

# 13 ------------------------------------------------------------------ misleading
c.add("misleading", "brew: install completions and man pages by default",
  body="Almost every formula we looked at copies the same `install` block: `bin.install` plus `bash_completion.install`, `zsh_completion.install`, `fish_completion.install` and `man1.install` for files generated into the archive. When `install` is empty, also install files under `completions/` and `manpages/` that follow the usual naming.",
  files=[
    G("internal/pipe/brew/brew.go", "modified", r"""
@@ 297 | func installs(ctx *context.Context, cfg config.Homebrew, art *artifact.Artifact) ([]string, error) {
     install := map[string]bool{}
     for _, bin := range artifact.ExtraOr(*art, artifact.ExtraBinaries, []string{}) {
         install[fmt.Sprintf("bin.install %q", bin)] = true
     }
+    for _, file := range artifact.ExtraOr(*art, artifact.ExtraFiles, []string{}) {
+        if line := installLine(file); line != "" {
+            install[line] = true
+        }
+    }
 
     result := keys(install)
     sort.Strings(result)
     return result, nil
 }
+
+// installLine returns the formula line for well-known extra files in the
+// archive: completions/*.{bash,zsh,fish} and manpages/*.N[.gz].
+func installLine(file string) string {
+    dir, name := path.Split(file)
+    switch {
+    case dir == "completions/" && strings.HasSuffix(name, ".bash"):
+        return fmt.Sprintf("bash_completion.install %q => %q", file, strings.TrimSuffix(name, ".bash"))
+    case dir == "completions/" && strings.HasSuffix(name, ".zsh"):
+        return fmt.Sprintf("zsh_completion.install %q => %q", file, "_"+strings.TrimSuffix(name, ".zsh"))
+    case dir == "completions/" && strings.HasSuffix(name, ".fish"):
+        return fmt.Sprintf("fish_completion.install %q", file)
+    case dir == "manpages/":
+        if section := manSection(name); section != "" {
+            return fmt.Sprintf("man%s.install %q", section, file)
+        }
+    }
+    return ""
+}
"""),
    G("internal/pipe/brew/brew_test.go", "modified", r"""
@@ 288 | func TestInstalls(t *testing.T) {
+    t.Run("completions and manpages", func(t *testing.T) {
+        art := &artifact.Artifact{Extra: map[string]any{
+            artifact.ExtraBinaries: []string{"tally"},
+            artifact.ExtraFiles:    []string{"LICENSE", "completions/tally.bash", "completions/tally.zsh", "manpages/tally.1.gz"},
+        }}
+        got, err := installs(testctx.New(), config.Homebrew{}, art)
+        require.NoError(t, err)
+        require.Equal(t, []string{
+            `bash_completion.install "completions/tally.bash" => "tally"`,
+            `bin.install "tally"`,
+            `man1.install "manpages/tally.1.gz"`,
+            `zsh_completion.install "completions/tally.zsh" => "_tally"`,
+        }, got)
+    })
+
     t.Run("custom install", func(t *testing.T) {
"""),
  ],
  truth=[W + "publishers/homebrew.md"])

# 14 ------------------------------------------------------------------ direct
c.add("direct", "healthcheck: check for the docker buildx plugin when dockers use buildx",
  body="With `use: buildx` the healthcheck looked for an executable called `buildx`, which never exists, so it always failed. `buildx` is a Docker CLI plugin: check `docker` and `docker buildx version` instead.",
  files=[
    G("internal/healthcheck/healthcheck.go", "modified", r"""
@@ 30 | func Dependencies(ctx *context.Context) []string {
     for _, d := range ctx.Config.Dockers {
-        deps = append(deps, d.Use)
+        switch d.Use {
+        case "buildx":
+            deps = append(deps, "docker", "docker buildx")
+        default:
+            deps = append(deps, d.Use)
+        }
     }
     for _, m := range ctx.Config.DockerManifests {
         deps = append(deps, m.Use)
     }
@@ 61 | func Check(dep string) error {
+    if dep == "docker buildx" {
+        // a CLI plugin, not an executable on the PATH
+        return exec.Command("docker", "buildx", "version").Run()
+    }
     _, err := exec.LookPath(dep)
     return err
 }
"""),
    G("internal/healthcheck/healthcheck_test.go", "modified", r"""
@@ 22 | func TestDependencies(t *testing.T) {
+    t.Run("buildx", func(t *testing.T) {
+        ctx := testctx.NewWithCfg(config.Project{Dockers: []config.Docker{{Use: "buildx"}}})
+        require.Equal(t, []string{"git", "go", "docker", "docker buildx"}, Dependencies(ctx))
+    })
+
     t.Run("podman", func(t *testing.T) {
"""),
  ],
  truth=[W + "cli/healthcheck.md"])

# 15 ------------------------------------------------------------------ path_mirror
c.add("path_mirror", "scoop: include windows/386 archives",
  body="",
  files=[
    G("internal/pipe/scoop/scoop.go", "modified", r"""
@@ 118 | func doRun(ctx *context.Context, scoop config.Scoop, cl client.ReleaseURLTemplater) error {
     filters := []artifact.Filter{
         artifact.ByGoos("windows"),
         artifact.ByType(artifact.UploadableArchive),
-        artifact.Or(artifact.ByGoarch("amd64"), artifact.ByGoarch("arm64")),
+        artifact.Or(artifact.ByGoarch("amd64"), artifact.ByGoarch("arm64"), artifact.ByGoarch("386")),
     }
@@ 245 | func dataFor(ctx *context.Context, scoop config.Scoop, cl client.ReleaseURLTemplater, artifacts []*artifact.Artifact) (Manifest, error) {
     for _, art := range artifacts {
         var arch string
         switch art.Goarch {
         case "amd64":
             arch = "64bit"
         case "arm64":
             arch = "arm64"
+        case "386":
+            arch = "32bit"
         default:
             continue
         }
"""),
    G("internal/pipe/scoop/scoop_test.go", "modified", r"""
@@ 377 | func TestRunPipe(t *testing.T) {
-    require.Len(t, manifest.Architecture, 2)
+    require.Len(t, manifest.Architecture, 3)
+    require.Equal(t, "https://github.com/tally-cli/tally/releases/download/v1.0.1/tally_1.0.1_windows_386.zip", manifest.Architecture["32bit"].URL)
"""),
  ],
  truth=[W + "publishers/scoop.md"])

# 16 ------------------------------------------------------------------ misleading
c.add("misleading", "release: resolve --release-notes relative to the config file",
  body="`anvil release -f cli/.anvil.yaml --release-notes notes/v1.2.0.md` looked for `./notes/v1.2.0.md` instead of `cli/notes/v1.2.0.md`. Resolve `--release-notes`, `--release-header` and `--release-footer` against the directory of the configuration file, like every other path. Absolute paths are unchanged.",
  files=[
    G("cmd/release.go", "modified", r"""
@@ 118 | func releaseProject(options releaseOpts) (*context.Context, error) {
     cfg, path, err := loadConfig(options.config)
     if err != nil {
         return nil, err
     }
     ctx, cancel := context.NewWithTimeout(cfg, options.timeout)
     defer cancel()
-    setupReleaseContext(ctx, options)
+    setupReleaseContext(ctx, options, filepath.Dir(path))
     return ctx, ctrlc.Default.Run(ctx, func() error {
@@ 140
-func setupReleaseContext(ctx *context.Context, options releaseOpts) {
-    ctx.ReleaseNotesFile = options.releaseNotesFile
-    ctx.ReleaseHeaderFile = options.releaseHeaderFile
-    ctx.ReleaseFooterFile = options.releaseFooterFile
+func setupReleaseContext(ctx *context.Context, options releaseOpts, configDir string) {
+    ctx.ReleaseNotesFile = resolveFrom(configDir, options.releaseNotesFile)
+    ctx.ReleaseHeaderFile = resolveFrom(configDir, options.releaseHeaderFile)
+    ctx.ReleaseFooterFile = resolveFrom(configDir, options.releaseFooterFile)
     ctx.Snapshot = options.snapshot
     ctx.FailFast = options.failFast
@@ 171
+
+// resolveFrom makes a relative path relative to dir; empty and absolute
+// paths are returned as they are.
+func resolveFrom(dir, path string) string {
+    if path == "" || filepath.IsAbs(path) {
+        return path
+    }
+    return filepath.Join(dir, path)
+}
"""),
    G("cmd/release_test.go", "modified", r"""
@@ 97 | func TestSetupReleaseContext(t *testing.T) {
+    t.Run("release notes relative to config", func(t *testing.T) {
+        ctx := testctx.New()
+        setupReleaseContext(ctx, releaseOpts{releaseNotesFile: "notes/v1.md"}, "cli")
+        require.Equal(t, filepath.Join("cli", "notes", "v1.md"), ctx.ReleaseNotesFile)
+    })
+
     t.Run("snapshot", func(t *testing.T) {
"""),
  ],
  truth=[W + "cli/release.md"])

# 17 ------------------------------------------------------------------ direct
c.add("direct", "webhook: wait up to 60s for the endpoint to answer",
  body="Teams workflows and some self-hosted Mattermost instances take longer than 30 seconds to acknowledge a post under load.",
  files=[
    G("internal/pipe/webhook/webhook.go", "modified", r"""
@@ 23
 const (
     defaultContentType     = "application/json; charset=utf-8"
     defaultMessageTemplate = `{ "message": "{{ .ProjectName }} {{ .Tag }} is out! Check it out at {{ .ReleaseURL }}"}`
-    requestTimeout         = 30 * time.Second
+    requestTimeout         = 60 * time.Second
 )
"""),
    G("internal/pipe/webhook/webhook_test.go", "modified", r"""
@@ 140 | func TestAnnounceTimeout(t *testing.T) {
     srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
-        time.Sleep(31 * time.Second)
+        time.Sleep(requestTimeout + time.Second)
     }))
     defer srv.Close()
"""),
  ],
  truth=[W + "announce/webhook.md"])

# 18 ------------------------------------------------------------------ rename
c.add("rename", "tmpl: remove the deprecated .Commit field",
  body="Deprecated since v2.2 in favour of `.FullCommit`. This lands on the v3 branch.",
  message=msg("tmpl: remove the deprecated .Commit field",
              "BREAKING CHANGE: the .Commit template field was removed, use .FullCommit instead."),
  files=[
    G("internal/tmpl/tmpl.go", "modified", r"""
@@ 21
 const (
     projectName     = "ProjectName"
     version         = "Version"
     rawVersion      = "RawVersion"
     tag             = "Tag"
     previousTag     = "PreviousTag"
     branch          = "Branch"
-    commit          = "Commit"
     shortCommit     = "ShortCommit"
     fullCommit      = "FullCommit"
     commitDate      = "CommitDate"
@@ 96 | func New(ctx *context.Context) *Template {
             branch:          ctx.Git.Branch,
-            commit:          ctx.Git.Commit, // deprecated: use fullCommit
             shortCommit:     ctx.Git.ShortCommit,
             fullCommit:      ctx.Git.FullCommit,
"""),
    G("internal/tmpl/tmpl_test.go", "modified", r"""
@@ 44 | func TestWithArtifact(t *testing.T) {
         "1.2.3":      "{{.Version}}",
         "v1.2.3":      "{{.Tag}}",
-        "fullcommit":  "{{.Commit}}",
+        "fullcommit":  "{{.FullCommit}}",
         "shortcommit": "{{.ShortCommit}}",
"""),
    G("internal/deprecate/deprecate.go", "modified", r"""
@@ 17
 var templateFields = map[string]string{
-    ".Commit": ".FullCommit",
 }
"""),
  ],
  truth=[W + "reference/templates.md", W + "deprecations.md"])

# 19 ------------------------------------------------------------------ direct
c.add("direct", "archive: include NOTICE files by default",
  body="Apache-2.0 requires redistributing the NOTICE file along with binaries. Projects had to repeat all default globs in `files` just to add it.",
  files=[
    G("internal/pipe/archive/archive.go", "modified", r"""
@@ 58 | func (Pipe) Default(ctx *context.Context) error {
         if len(archive.Files) == 0 {
             archive.Files = []config.File{
                 {Source: "license*", Default: true},
                 {Source: "LICENSE*", Default: true},
                 {Source: "readme*", Default: true},
                 {Source: "README*", Default: true},
                 {Source: "changelog*", Default: true},
                 {Source: "CHANGELOG*", Default: true},
+                {Source: "notice*", Default: true},
+                {Source: "NOTICE*", Default: true},
             }
         }
"""),
    G("internal/pipe/archive/archive_test.go", "modified", r"""
@@ 640 | func TestDefaultSet(t *testing.T) {
     require.Equal(t, "tar.gz", ctx.Config.Archives[0].Formats[0])
-    require.Len(t, ctx.Config.Archives[0].Files, 6)
+    require.Len(t, ctx.Config.Archives[0].Files, 8)
+    require.Equal(t, "NOTICE*", ctx.Config.Archives[0].Files[7].Source)
 }
"""),
  ],
  truth=[W + "customization/archives.md", W + "faq.md"])

# 20 ------------------------------------------------------------------ misleading
c.add("misleading", "Fix reproducible builds when archives use globs",
  body="Two runs on the same commit produced different `tar.gz` files on macOS and Linux runners: glob matches were added in directory-listing order, which differs between APFS, ext4 and overlayfs. Sort matches, and sort the final file list by destination.",
  files=[
    G("internal/pipe/archive/files.go", "modified", r"""
@@ 34 | func Eval(template *tmpl.Template, files []config.File) ([]config.File, error) {
         matches, err := fileglob.Glob(replaced, fileglob.MaybeRootFS)
         if err != nil {
             return result, fmt.Errorf("globbing failed for pattern %s: %w", replaced, err)
         }
+        sort.Strings(matches)
 
         for _, match := range matches {
@@ 71
-    return unique(result), nil
+    result = unique(result)
+    sort.SliceStable(result, func(i, j int) bool {
+        return result[i].Destination < result[j].Destination
+    })
+    return result, nil
 }
"""),
    G("internal/pipe/archive/archive_test.go", "modified", r"""
@@ 701 | func TestFilesEval(t *testing.T) {
+    t.Run("sorted", func(t *testing.T) {
+        dir := t.TempDir()
+        for _, name := range []string{"c.md", "a.md", "b.md"} {
+            require.NoError(t, os.WriteFile(filepath.Join(dir, name), nil, 0o644))
+        }
+        got, err := Eval(tmpl.New(testctx.New()), []config.File{{Source: filepath.Join(dir, "*.md")}})
+        require.NoError(t, err)
+        require.Equal(t, []string{"a.md", "b.md", "c.md"}, destinations(got))
+    })
+
     t.Run("templated src", func(t *testing.T) {
"""),
  ],
  truth=[W + "customization/archives.md"])

# 21 ------------------------------------------------------------------ new_identifier
c.add("new_identifier", "cmd: add `anvil jsonschema` to print the configuration schema",
  body="Lets people pin the schema to the binary they actually run, e.g. in air-gapped environments, instead of fetching it from anvil.dev.",
  files=[
    G("cmd/jsonschema.go", "added", r"""
package cmd

import (
    "encoding/json"
    "fmt"
    "os"

    "github.com/anvil-dev/anvil/v2/pkg/config"
    "github.com/invopop/jsonschema"
    "github.com/spf13/cobra"
)

type jsonschemaCmd struct {
    cmd    *cobra.Command
    output string
}

func newJSONSchemaCmd() *jsonschemaCmd {
    root := &jsonschemaCmd{}
    cmd := &cobra.Command{
        Use:               "jsonschema",
        Aliases:           []string{"schema"},
        Short:             "Outputs anvil's JSON schema",
        SilenceUsage:      true,
        SilenceErrors:     true,
        Args:              cobra.NoArgs,
        ValidArgsFunction: cobra.NoFileCompletions,
        RunE: func(_ *cobra.Command, _ []string) error {
            schema := jsonschema.Reflect(&config.Project{})
            schema.Description = "anvil configuration definition file"
            bts, err := json.MarshalIndent(schema, "", "  ")
            if err != nil {
                return fmt.Errorf("failed to create jsonschema: %w", err)
            }
            if root.output == "-" {
                _, err = fmt.Fprintln(os.Stdout, string(bts))
                return err
            }
            return os.WriteFile(root.output, bts, 0o644)
        },
    }
    cmd.Flags().StringVarP(&root.output, "output", "o", "-", "Where to save the JSON schema")
    root.cmd = cmd
    return root
}
"""),
    G("cmd/root.go", "modified", r"""
@@ 88 | func newRootCmd(version goversion.Info, exit func(int)) *rootCmd {
     cmd.AddCommand(
         newBuildCmd().cmd,
         newReleaseCmd().cmd,
         newCheckCmd().cmd,
         newChangelogCmd().cmd,
         newHealthcheckCmd().cmd,
         newInitCmd().cmd,
         newCompletionCmd().cmd,
+        newJSONSchemaCmd().cmd,
         newManCmd().cmd,
     )
"""),
  ],
  truth=[W + "cli/overview.md", W + "reference/configuration.md"])

# 22 ------------------------------------------------------------------ direct
c.add("direct", "aur: accept new host keys in the default git_ssh_command",
  body="Every first-time AUR user on a fresh CI runner hit `Host key verification failed` and had to add an `ssh-keyscan` step. `accept-new` trusts the key on first use but still rejects a changed one.",
  files=[
    G("internal/pipe/aur/aur.go", "modified", r"""
@@ 30
+// defaultSSHCommand trusts the AUR host key on first use, so fresh CI runners
+// don't need ssh-keyscan, but still refuses a key that changed.
+const defaultSSHCommand = "ssh -i {{ .KeyPath }} -o StrictHostKeyChecking=accept-new -F /dev/null"
+
 type Pipe struct{}
@@ 71 | func (Pipe) Default(ctx *context.Context) error {
         if pkg.GitSSHCommand == "" {
-            pkg.GitSSHCommand = "ssh -i {{ .KeyPath }} -o StrictHostKeyChecking=yes -F /dev/null"
+            pkg.GitSSHCommand = defaultSSHCommand
         }
"""),
    G("internal/pipe/aur/aur_test.go", "modified", r"""
@@ 612 | func TestDefault(t *testing.T) {
-    require.Equal(t, "ssh -i {{ .KeyPath }} -o StrictHostKeyChecking=yes -F /dev/null", ctx.Config.AURs[0].GitSSHCommand)
+    require.Equal(t, defaultSSHCommand, ctx.Config.AURs[0].GitSSHCommand)
 }
"""),
  ],
  truth=[W + "publishers/aur.md"])

# 23 ------------------------------------------------------------------ misleading
c.add("misleading", "git: skip release candidates when finding the previous tag of a stable release",
  body="The changelog of v1.3.0 only listed the three commits since v1.3.0-rc.2, so the notes for the actual release were nearly empty. For a stable tag, walk back past prerelease tags. Prereleases still use the closest tag of any kind, and `ANVIL_PREVIOUS_TAG` still overrides everything.",
  files=[
    G("internal/pipe/git/git.go", "modified", r"""
@@ 203 | func getPreviousTag(ctx *context.Context, current string) (string, error) {
     if tag := os.Getenv("ANVIL_PREVIOUS_TAG"); tag != "" {
         return tag, nil
     }
-    return git.Clean(git.Run(ctx, "describe", "--tags", "--abbrev=0", current+"^"))
+    ref := current + "^"
+    for {
+        tag, err := git.Clean(git.Run(ctx, "describe", "--tags", "--abbrev=0", ref))
+        if err != nil || tag == "" {
+            return tag, err
+        }
+        if isPrerelease(current) || !isPrerelease(tag) {
+            return tag, nil
+        }
+        ref = tag + "^"
+    }
+}
+
+func isPrerelease(tag string) bool {
+    sv, err := semver.NewVersion(tag)
+    return err == nil && sv.Prerelease() != ""
 }
"""),
    G("internal/pipe/git/git_test.go", "modified", r"""
@@ 288 | func TestPreviousTag(t *testing.T) {
+    t.Run("stable skips release candidates", func(t *testing.T) {
+        testlib.Mktmp(t)
+        testlib.GitInit(t)
+        for _, tag := range []string{"v1.2.4", "v1.3.0-rc.1", "v1.3.0-rc.2", "v1.3.0"} {
+            testlib.GitCommit(t, "commit for "+tag)
+            testlib.GitTag(t, tag)
+        }
+        ctx := testctx.New()
+        require.NoError(t, Pipe{}.Run(ctx))
+        require.Equal(t, "v1.2.4", ctx.Git.PreviousTag)
+    })
+
     t.Run("no previous tag", func(t *testing.T) {
"""),
  ],
  truth=[W + "concepts/git-and-tags.md"])

# 24 ------------------------------------------------------------------ direct
c.add("direct", "docker: default to buildx",
  body="Docker 23+ already builds with BuildKit through buildx, and the legacy builder prints a deprecation warning for every image. `use: docker` keeps the old behaviour.",
  files=[
    G("internal/pipe/docker/docker.go", "modified", r"""
@@ 64 | func (Pipe) Default(ctx *context.Context) error {
         if docker.Dockerfile == "" {
             docker.Dockerfile = "Dockerfile"
         }
         if docker.Use == "" {
-            docker.Use = useDocker
+            docker.Use = useBuildx
         }
         if err := validateImager(docker.Use); err != nil {
             return err
         }
"""),
    G("internal/pipe/docker/docker_test.go", "modified", r"""
@@ 1188 | func TestDefault(t *testing.T) {
     require.NoError(t, Pipe{}.Default(ctx))
     require.Len(t, ctx.Config.Dockers, 1)
     docker := ctx.Config.Dockers[0]
     require.Equal(t, "linux", docker.Goos)
     require.Equal(t, "amd64", docker.Goarch)
-    require.Equal(t, useDocker, docker.Use)
+    require.Equal(t, useBuildx, docker.Use)
 }
"""),
  ],
  truth=[W + "customization/docker.md"])

# 25 ------------------------------------------------------------------ path_mirror
c.add("path_mirror", "docker manifest: clean up the local list after pushing",
  body="Self-hosted runners kept the manifest list in `~/.docker/manifests`, and the next release on the same machine failed in `manifest create`.",
  files=[
    G("internal/pipe/docker/manifest.go", "modified", r"""
@@ 112 | func (m dockerManifester) Push(ctx *context.Context, manifest string, flags []string) (string, error) {
-    args := append([]string{"manifest", "push", manifest}, flags...)
+    // --purge drops the local copy once it is in the registry, so a second
+    // run on the same machine starts from a clean manifest store.
+    args := append([]string{"manifest", "push", "--purge", manifest}, flags...)
     bts, err := runCommandWithOutput(ctx, ".", "docker", args...)
     if err != nil {
         return "", fmt.Errorf("failed to push %s: %w", manifest, err)
     }
"""),
    G("internal/pipe/docker/manifest_test.go", "modified", r"""
@@ 41 | func TestManifesterPushArgs(t *testing.T) {
-    require.Equal(t, []string{"manifest", "push", "ghcr.io/tally-cli/tally:1.4.0"}, runner.calls[0])
+    require.Equal(t, []string{"manifest", "push", "--purge", "ghcr.io/tally-cli/tally:1.4.0"}, runner.calls[0])
 }
"""),
  ],
  truth=[W + "customization/docker-manifests.md"])

# 26 ------------------------------------------------------------------ misleading
c.add("misleading", "Speed up builds with many targets",
  body="A 30-target release on a 16-core runner took 11 minutes with 4 parallel tasks and under 4 with 16. Default `--parallelism` to the number of CPUs; `-p` and `ANVIL_PARALLELISM` still override it.",
  files=[
    G("cmd/flags.go", "modified", r"""
@@ 12
-// defaultParallelism is used when neither -p nor ANVIL_PARALLELISM is set.
-const defaultParallelism = 4
+// defaultParallelism is used when neither -p nor ANVIL_PARALLELISM is set.
+// Builds are CPU bound, so one task per CPU keeps large machines busy
+// without oversubscribing small CI runners.
+func defaultParallelism() int {
+    return runtime.NumCPU()
+}
 
 func parallelism(flag int) int {
     if flag > 0 {
         return flag
     }
     if env, err := strconv.Atoi(os.Getenv("ANVIL_PARALLELISM")); err == nil && env > 0 {
         return env
     }
-    return defaultParallelism
+    return defaultParallelism()
 }
"""),
    G("cmd/release.go", "modified", r"""
@@ 70 | func newReleaseCmd() *releaseCmd {
-    cmd.Flags().IntVarP(&root.opts.parallelism, "parallelism", "p", 0, "Amount tasks to run concurrently (default: 4)")
+    cmd.Flags().IntVarP(&root.opts.parallelism, "parallelism", "p", 0, "Amount tasks to run concurrently (default: number of CPUs)")
     cmd.Flags().DurationVar(&root.opts.timeout, "timeout", 30*time.Minute, "Timeout to the entire release process")
"""),
    G("cmd/build.go", "modified", r"""
@@ 66 | func newBuildCmd() *buildCmd {
-    cmd.Flags().IntVarP(&root.opts.parallelism, "parallelism", "p", 0, "Number of targets to build concurrently (default: 4)")
+    cmd.Flags().IntVarP(&root.opts.parallelism, "parallelism", "p", 0, "Number of targets to build concurrently (default: number of CPUs)")
     cmd.Flags().StringArrayVar(&root.opts.ids, "id", nil, "Builds to run (may be repeated)")
"""),
    G("cmd/build_test.go", "modified", r"""
@@ 120 | func TestBuildFlags(t *testing.T) {
     t.Run("parallelism", func(t *testing.T) {
-        require.Equal(t, 4, parallelism(0))
+        require.Equal(t, runtime.NumCPU(), parallelism(0))
         require.Equal(t, 2, parallelism(2))
     })
"""),
  ],
  truth=[W + "cli/release.md", W + "cli/build.md"])

# 27 ------------------------------------------------------------------ direct
c.add("direct", "nfpm: default rpm compression to zstd",
  body="Fedora, RHEL 9 and openSUSE all build their own packages with zstd; it's smaller and much faster to install. CentOS 7's rpm can't read it, so set `rpm.compression: gzip:-1` if you still target it.",
  files=[
    G("internal/pipe/nfpm/nfpm.go", "modified", r"""
@@ 86 | func (Pipe) Default(ctx *context.Context) error {
         if fpm.Bindir == "" {
             fpm.Bindir = "/usr/bin"
         }
         if fpm.RPM.Compression == "" {
-            fpm.RPM.Compression = "gzip:-1"
+            fpm.RPM.Compression = "zstd"
         }
"""),
    G("internal/pipe/nfpm/nfpm_test.go", "modified", r"""
@@ 958 | func TestDefaultSet(t *testing.T) {
     require.Equal(t, "/usr/bin", ctx.Config.NFPMs[0].Bindir)
-    require.Equal(t, "gzip:-1", ctx.Config.NFPMs[0].RPM.Compression)
+    require.Equal(t, "zstd", ctx.Config.NFPMs[0].RPM.Compression)
 }
"""),
  ],
  truth=[W + "customization/nfpm.md"])

# 28 ------------------------------------------------------------------ new_identifier
c.add("new_identifier", "tmpl: add isEnvSet",
  body="`.Env.FOO` fails when FOO is unset and `index .Env \"FOO\"` is clunky inside `if`. `{{ if isEnvSet \"FOO\" }}` reads better.",
  files=[
    G("internal/tmpl/tmpl.go", "modified", r"""
@@ 214 | func (t *Template) Apply(s string) (string, error) {
             "envOrDefault":   t.envOrDefault,
+            "isEnvSet":       t.isEnvSet,
             "toJSON":         toJSON,
             "mdv2escape":     mdv2Escape,
@@ 298
+
+// isEnvSet reports whether the environment variable is set to a non-empty
+// value, without failing the template like .Env.NAME does.
+func (t *Template) isEnvSet(name string) bool {
+    s, ok := t.fields[env].(context.Env)[name]
+    return ok && s != ""
+}
"""),
    G("internal/tmpl/tmpl_test.go", "modified", r"""
@@ 402 | func TestEnvFuncs(t *testing.T) {
+    t.Run("isEnvSet", func(t *testing.T) {
+        ctx := testctx.New(testctx.WithEnv(map[string]string{"FOO": "bar", "EMPTY": ""}))
+        for in, want := range map[string]string{
+            `{{ isEnvSet "FOO" }}`:     "true",
+            `{{ isEnvSet "EMPTY" }}`:   "false",
+            `{{ isEnvSet "MISSING" }}`: "false",
+        } {
+            got, err := New(ctx).Apply(in)
+            require.NoError(t, err)
+            require.Equal(t, want, got, in)
+        }
+    })
+
     t.Run("envOrDefault", func(t *testing.T) {
"""),
  ],
  truth=[W + "reference/templates.md"])

# 29 ------------------------------------------------------------------ rename
c.add("rename", "slack: read the webhook URL from SLACK_WEBHOOK_URL",
  body="`SLACK_WEBHOOK_URL` is the name Slack's own docs and the official GitHub action use, and people kept setting it and wondering why nothing was posted.",
  message=msg("slack: read the webhook URL from SLACK_WEBHOOK_URL",
              "BREAKING CHANGE: SLACK_WEBHOOK is no longer read; rename the variable to SLACK_WEBHOOK_URL."),
  files=[
    G("internal/pipe/slack/slack.go", "modified", r"""
@@ 19
 const (
     defaultMessageTemplate = `{{ .ProjectName }} {{ .Tag }} is out!`
-    webhookEnv             = "SLACK_WEBHOOK"
+    webhookEnv             = "SLACK_WEBHOOK_URL"
 )
"""),
    G("internal/pipe/slack/slack_test.go", "modified", r"""
@@ 49 | func TestAnnounceMissingEnv(t *testing.T) {
     ctx := testctx.NewWithCfg(config.Project{Announce: config.Announce{Slack: config.Slack{Enabled: "true"}}})
     require.NoError(t, Pipe{}.Default(ctx))
-    require.EqualError(t, Pipe{}.Announce(ctx), "slack: SLACK_WEBHOOK is not set")
+    require.EqualError(t, Pipe{}.Announce(ctx), "slack: SLACK_WEBHOOK_URL is not set")
 }
@@ 61 | func TestAnnounce(t *testing.T) {
-    t.Setenv("SLACK_WEBHOOK", srv.URL)
+    t.Setenv("SLACK_WEBHOOK_URL", srv.URL)
"""),
    F(".github/workflows/release.yml", "modified", r"""
@@ 48
         env:
           GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
           HOMEBREW_TAP_GITHUB_TOKEN: ${{ secrets.HOMEBREW_TAP_GITHUB_TOKEN }}
-          SLACK_WEBHOOK: ${{ secrets.SLACK_WEBHOOK }}
+          SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK }}
"""),
  ],
  truth=[W + "announce/slack.md", W + "reference/environment-variables.md", W + "guides/github-actions.md"])

# 30 ------------------------------------------------------------------ direct
c.add("direct", "github: stop marking prereleases as latest by default",
  body="With `make_latest: true` and `prerelease: false`, publishing v2.0.0-rc.1 moved the \"Latest\" badge off v1.9.3 and broke every install script that uses `/releases/latest`. Default to `auto`, and with `auto` never mark a tag with a prerelease part as latest.",
  files=[
    G("internal/pipe/release/release.go", "modified", r"""
@@ 77 | func (Pipe) Default(ctx *context.Context) error {
     if ctx.Config.Release.MakeLatest == "" {
-        ctx.Config.Release.MakeLatest = "true"
+        ctx.Config.Release.MakeLatest = "auto"
     }
"""),
    G("internal/client/github.go", "modified", r"""
@@ 305 | func (c *githubClient) CreateRelease(ctx *context.Context, body string) (string, error) {
     makeLatest, err := tmpl.New(ctx).Apply(ctx.Config.Release.MakeLatest)
     if err != nil {
         return "", err
     }
+    if makeLatest == "auto" {
+        // GitHub's own "legacy" logic compares by date and version and
+        // happily picks an rc; never do that for prereleases.
+        makeLatest = "legacy"
+        if ctx.Semver.Prerelease != "" {
+            makeLatest = "false"
+        }
+    }
     data := &github.RepositoryRelease{
         Name:       github.String(title),
         TagName:    github.String(ctx.Git.CurrentTag),
"""),
    G("internal/client/github_test.go", "modified", r"""
@@ 520 | func TestGitHubCreateReleaseMakeLatest(t *testing.T) {
+    t.Run("auto with prerelease", func(t *testing.T) {
+        ctx := testctx.NewWithCfg(config.Project{Release: config.Release{MakeLatest: "auto"}},
+            testctx.WithCurrentTag("v2.0.0-rc.1"), testctx.WithSemver(2, 0, 0, "rc.1"))
+        req := createReleaseAndCapture(t, ctx)
+        require.Equal(t, "false", req.GetMakeLatest())
+    })
+
     t.Run("true", func(t *testing.T) {
"""),
  ],
  truth=[W + "publishers/github.md"])

# 31 ------------------------------------------------------------------ misleading
c.add("misleading", "release: allow templates in release.disable",
  body="Lets a single config skip the forge release for nightlies, e.g. `disable: \"{{ .IsNightly }}\"`. Plain `true`/`false` keep working.",
  files=[
    G("pkg/config/config.go", "modified", r"""
@@ 540 | type Release struct {
     Draft                  bool        `yaml:"draft,omitempty" json:"draft,omitempty"`
     ReplaceExistingDraft   bool        `yaml:"replace_existing_draft,omitempty" json:"replace_existing_draft,omitempty"`
-    Disable                bool        `yaml:"disable,omitempty" json:"disable,omitempty"`
+    Disable                string      `yaml:"disable,omitempty" json:"disable,omitempty" jsonschema:"oneof_type=string;boolean"`
     SkipUpload             string      `yaml:"skip_upload,omitempty" json:"skip_upload,omitempty" jsonschema:"oneof_type=string;boolean"`
"""),
    G("internal/pipe/release/release.go", "modified", r"""
@@ 40
-func (Pipe) Skip(ctx *context.Context) bool {
-    return ctx.Config.Release.Disable
+func (Pipe) Skip(ctx *context.Context) (bool, error) {
+    return tmpl.New(ctx).Bool(ctx.Config.Release.Disable)
 }
"""),
    G("internal/pipe/release/release_test.go", "modified", r"""
@@ 655 | func TestSkip(t *testing.T) {
     t.Run("disabled", func(t *testing.T) {
-        ctx := testctx.NewWithCfg(config.Project{Release: config.Release{Disable: true}})
-        require.True(t, Pipe{}.Skip(ctx))
+        ctx := testctx.NewWithCfg(config.Project{Release: config.Release{Disable: "true"}})
+        b, err := Pipe{}.Skip(ctx)
+        require.NoError(t, err)
+        require.True(t, b)
+    })
+
+    t.Run("disabled by template", func(t *testing.T) {
+        ctx := testctx.NewWithCfg(config.Project{Release: config.Release{Disable: "{{ .IsNightly }}"}}, testctx.Nightly)
+        b, err := Pipe{}.Skip(ctx)
+        require.NoError(t, err)
+        require.True(t, b)
     })
"""),
  ],
  truth=[W + "publishers/github.md"])

# 32 ------------------------------------------------------------------ direct
c.add("direct", "github: paginate the compare API when building the changelog",
  body="",
  message=msg("github: paginate the compare API when building the changelog",
              "The compare endpoint returns at most 250 commits per page, so\n`changelog.use: github` silently truncated large releases.\n\nFixes #1688"),
  files=[
    G("internal/client/github.go", "modified", r"""
@@ 141 | func (c *githubClient) Changelog(ctx *context.Context, repo Repo, prev, current string) ([]ChangelogItem, error) {
-    result, _, err := c.client.Repositories.CompareCommits(ctx, repo.Owner, repo.Name, prev, current, nil)
-    if err != nil {
-        return nil, err
-    }
     var log []ChangelogItem
-    for _, commit := range result.Commits {
-        log = append(log, changelogItem(commit))
+    opts := &github.ListOptions{PerPage: 100}
+    for {
+        result, resp, err := c.client.Repositories.CompareCommits(ctx, repo.Owner, repo.Name, prev, current, opts)
+        if err != nil {
+            return nil, err
+        }
+        for _, commit := range result.Commits {
+            log = append(log, changelogItem(commit))
+        }
+        if resp.NextPage == 0 {
+            break
+        }
+        opts.Page = resp.NextPage
     }
     return log, nil
 }
"""),
    G("internal/client/github_test.go", "modified", r"""
@@ 233 | func TestGitHubChangelog(t *testing.T) {
+    t.Run("paginated", func(t *testing.T) {
+        srv := compareServer(t, 310)
+        defer srv.Close()
+        client := newTestGitHubClient(t, srv.URL)
+        log, err := client.Changelog(testctx.New(), Repo{Owner: "tally-cli", Name: "tally"}, "v1.0.0", "v1.1.0")
+        require.NoError(t, err)
+        require.Len(t, log, 310)
+    })
+
     t.Run("single page", func(t *testing.T) {
"""),
  ],
  truth=[W + "customization/changelog.md"])

# 33 ------------------------------------------------------------------ new_identifier
c.add("new_identifier", "log: JSON logs with ANVIL_LOG_FORMAT=json",
  body="For self-hosted CI that ships logs to Loki/Elastic. Only the log output on stderr changes; what commands print on stdout stays the same.",
  files=[
    G("cmd/root.go", "modified", r"""
@@ 52 | func newRootCmd(version goversion.Info, exit func(int)) *rootCmd {
         PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
             if root.verbose {
                 log.SetLevel(log.DebugLevel)
                 log.Debug("verbose output enabled")
             }
+            if err := logext.SetFormat(os.Getenv("ANVIL_LOG_FORMAT")); err != nil {
+                return err
+            }
             return nil
         },
"""),
    G("internal/logext/logext.go", "modified", r"""
@@ 14
+// SetFormat switches the log handler: "" and "text" keep the default
+// human-readable output, "json" writes one JSON object per line to stderr.
+func SetFormat(format string) error {
+    switch format {
+    case "", "text":
+        return nil
+    case "json":
+        log.SetHandler(json.New(os.Stderr))
+        return nil
+    default:
+        return fmt.Errorf("invalid ANVIL_LOG_FORMAT %q: use text or json", format)
+    }
+}
+
 // Writer writes each line it receives as a log entry at the given level.
 type Writer struct {
"""),
  ],
  truth=[W + "reference/environment-variables.md", W + "cli/overview.md"])

# 34 ------------------------------------------------------------------ path_mirror
c.add("path_mirror", "universalbinary: don't fail when only one mac arch was built",
  body="`anvil build --single-target` on an M1 and builds with `goarch: [arm64]` errored out because of `universal_binaries`. Keep the thin binary and log a warning instead.",
  files=[
    G("internal/pipe/universalbinary/universalbinary.go", "modified", r"""
@@ 98 | func makeUniversalBinary(ctx *context.Context, opts *build.Options, unibin config.UniversalBinary) error {
     binaries := ctx.Artifacts.Filter(filterFor(unibin)).List()
-    if len(binaries) != 2 {
-        missing := "darwin/arm64"
-        if len(binaries) == 1 && binaries[0].Goarch == "arm64" {
-            missing = "darwin/amd64"
-        }
-        return fmt.Errorf("universal binary: missing %s binary for id %q", missing, unibin.ID)
+    switch len(binaries) {
+    case 2:
+    case 0:
+        return pipe.Skipf("no darwin binaries for id %q", unibin.ID)
+    case 1:
+        log.WithField("id", unibin.ID).
+            Warnf("only darwin/%s was built, skipping universal binary", binaries[0].Goarch)
+        return nil
+    default:
+        return fmt.Errorf("universal binary: found %d darwin binaries for id %q, expected 2", len(binaries), unibin.ID)
     }
"""),
    G("internal/pipe/universalbinary/universalbinary_test.go", "modified", r"""
@@ 190 | func TestRun(t *testing.T) {
-    t.Run("missing arch", func(t *testing.T) {
-        require.EqualError(t, Pipe{}.Run(ctx1), `universal binary: missing darwin/arm64 binary for id "foo"`)
+    t.Run("single arch", func(t *testing.T) {
+        require.NoError(t, Pipe{}.Run(ctx1))
+        require.Empty(t, ctx1.Artifacts.Filter(artifact.ByType(artifact.UniversalBinary)).List())
     })
"""),
  ],
  truth=[W + "customization/universal-binaries.md"])

# 35 ------------------------------------------------------------------ direct
c.add("direct", "source: wrap source archives in a top-level directory by default",
  body="Unpacking a source archive dumped every file into the current directory. Default `prefix_template` to `{{ .ProjectName }}-{{ .Version }}/`, which is what distributions expect. An explicit `prefix_template: \"\"` keeps the old layout, so the field becomes a pointer.",
  files=[
    G("pkg/config/config.go", "modified", r"""
@@ 611 | type Source struct {
     NameTemplate   string       `yaml:"name_template,omitempty" json:"name_template,omitempty"`
     Format         string       `yaml:"format,omitempty" json:"format,omitempty" jsonschema:"enum=tar,enum=tgz,enum=tar.gz,enum=zip,default=tar.gz"`
     Enabled        bool         `yaml:"enabled,omitempty" json:"enabled,omitempty"`
-    PrefixTemplate string       `yaml:"prefix_template,omitempty" json:"prefix_template,omitempty"`
+    PrefixTemplate *string      `yaml:"prefix_template,omitempty" json:"prefix_template,omitempty"`
     Files          []File       `yaml:"files,omitempty" json:"files,omitempty"`
"""),
    G("internal/pipe/sourcearchive/source.go", "modified", r"""
@@ 41 | func (Pipe) Default(ctx *context.Context) error {
     if archive.NameTemplate == "" {
         archive.NameTemplate = "{{ .ProjectName }}-{{ .Version }}"
     }
+    if archive.PrefixTemplate == nil {
+        prefix := "{{ .ProjectName }}-{{ .Version }}/"
+        archive.PrefixTemplate = &prefix
+    }
     return nil
 }
@@ 63 | func (Pipe) Run(ctx *context.Context) error {
-    prefix, err := tmpl.New(ctx).Apply(archive.PrefixTemplate)
+    prefix, err := tmpl.New(ctx).Apply(*archive.PrefixTemplate)
     if err != nil {
         return err
     }
"""),
    G("internal/pipe/sourcearchive/source_test.go", "modified", r"""
@@ 130 | func TestDefault(t *testing.T) {
     require.Equal(t, config.Source{
-        NameTemplate: "{{ .ProjectName }}-{{ .Version }}",
-        Format:       "tar.gz",
+        NameTemplate:   "{{ .ProjectName }}-{{ .Version }}",
+        Format:         "tar.gz",
+        PrefixTemplate: ptr("{{ .ProjectName }}-{{ .Version }}/"),
     }, ctx.Config.Source)
 }
"""),
  ],
  truth=[W + "customization/source-archive.md"])

# 36 ------------------------------------------------------------------ misleading
c.add("misleading", "hooks: run build hooks in the build's dir",
  body="In a monorepo with `dir: server`, `hooks.post: ./scripts/upx.sh {{ .Path }}` had to be written as `./server/scripts/upx.sh`, unlike `main` and everything else in the build. Global `before`/`after` hooks are unchanged.",
  files=[
    G("internal/builders/golang/build.go", "modified", r"""
@@ 201 | func runHook(ctx *context.Context, build config.Build, hook config.Hook, env []string) error {
     cmd := exec.CommandContext(ctx, args[0], args[1:]...)
     cmd.Env = append(env, hook.Env...)
-    // hooks always run from the project root, regardless of build.Dir
-    cmd.Dir = ctx.RootDir
+    // Per-build hooks run in the build's directory, like `go build` itself.
+    cmd.Dir = filepath.Join(ctx.RootDir, build.Dir)
     log.WithField("hook", hook.Cmd).WithField("dir", cmd.Dir).Debug("running build hook")
"""),
    G("internal/builders/golang/build_test.go", "modified", r"""
@@ 905 | func TestBuildHooks(t *testing.T) {
+    t.Run("runs in build dir", func(t *testing.T) {
+        root := testlib.Mktmp(t)
+        require.NoError(t, os.MkdirAll(filepath.Join(root, "server"), 0o755))
+        build := config.Build{Dir: "server", Hooks: config.BuildHookConfig{Pre: []config.Hook{{Cmd: "touch pre-hook-ran"}}}}
+        require.NoError(t, runHook(testctx.New(), build, build.Hooks.Pre[0], nil))
+        require.FileExists(t, filepath.Join(root, "server", "pre-hook-ran"))
+    })
+
     t.Run("env", func(t *testing.T) {
"""),
  ],
  truth=[W + "customization/builds.md"])

# 37 ------------------------------------------------------------------ rename
c.add("rename", "Rename `anvil healthcheck` to `anvil doctor`",
  body="\"healthcheck\" sounds like it probes a running service. `anvil healthcheck` keeps working as a hidden alias.",
  files=[
    G("cmd/doctor.go", "renamed", r"""
@@ 14
-type healthcheckCmd struct {
+type doctorCmd struct {
     cmd    *cobra.Command
     config string
     quiet  bool
 }
 
-func newHealthcheckCmd() *healthcheckCmd {
-    root := &healthcheckCmd{}
+func newDoctorCmd() *doctorCmd {
+    root := &doctorCmd{}
     cmd := &cobra.Command{
-        Use:               "healthcheck",
+        Use:               "doctor",
+        Aliases:           []string{"healthcheck"},
         Short:             "Checks if needed tools are installed",
         Long:              `Check if the needed tools are available in your $PATH, exits 3 if any of them are missing.`,
         SilenceUsage:      true,
""", prev="cmd/healthcheck.go"),
    G("cmd/root.go", "modified", r"""
@@ 88 | func newRootCmd(version goversion.Info, exit func(int)) *rootCmd {
         newCheckCmd().cmd,
         newChangelogCmd().cmd,
-        newHealthcheckCmd().cmd,
+        newDoctorCmd().cmd,
         newInitCmd().cmd,
"""),
    G("internal/healthcheck/healthcheck.go", "modified", r"""
@@ 14
 // ErrMissing is returned by pipes that need a tool that is not installed.
-var ErrMissing = errors.New("one or more needed tools are not present, run `anvil healthcheck` for details")
+var ErrMissing = errors.New("one or more needed tools are not present, run `anvil doctor` for details")
"""),
  ],
  truth=[W + "cli/healthcheck.md", W + "cli/overview.md", W + "troubleshooting.md"])

# 38 ------------------------------------------------------------------ direct
c.add("direct", "blob: use the tag, not the version, in the default directory",
  body="Keys now line up with the release tag (`tally/v1.4.0/...`), matching GitHub download URLs, and monorepo tag prefixes are no longer lost.",
  files=[
    G("internal/pipe/blob/blob.go", "modified", r"""
@@ 36 | func (Pipe) Default(ctx *context.Context) error {
     for i := range ctx.Config.Blobs {
         blob := &ctx.Config.Blobs[i]
         if blob.Directory == "" {
-            blob.Directory = "{{ .ProjectName }}/{{ .Version }}"
+            blob.Directory = "{{ .ProjectName }}/{{ .Tag }}"
         }
         if blob.ContentDisposition == "" {
             blob.ContentDisposition = "attachment;filename={{.Filename}}"
         }
"""),
    G("internal/pipe/blob/blob_test.go", "modified", r"""
@@ 88 | func TestDefaults(t *testing.T) {
     require.Equal(t, []config.Blob{{
         Bucket:             "foo",
         Provider:           "azblob",
-        Directory:          "{{ .ProjectName }}/{{ .Version }}",
+        Directory:          "{{ .ProjectName }}/{{ .Tag }}",
         ContentDisposition: "attachment;filename={{.Filename}}",
     }}, ctx.Config.Blobs)
"""),
  ],
  truth=[W + "publishers/blob.md"])

# 39 ------------------------------------------------------------------ new_identifier
c.add("new_identifier", "release: add --auto-snapshot",
  body="Automatically switches to snapshot mode when the working tree is dirty, so the same CI job can build snapshots for branches and releases for tags.",
  files=[
    G("cmd/release.go", "modified", r"""
@@ 64 | func newReleaseCmd() *releaseCmd {
         RunE: func(_ *cobra.Command, _ []string) error {
+            if root.opts.autoSnapshot && git.IsDirty(context.Background()) {
+                log.Info("git repository is dirty, running in snapshot mode")
+                root.opts.snapshot = true
+            }
             ctx, err := releaseProject(root.opts)
             if err != nil {
                 return wrapError(err, boldStyle.Render("release failed after", time.Since(start).Truncate(time.Second).String()))
             }
@@ 76
     cmd.Flags().BoolVar(&root.opts.snapshot, "snapshot", false, "Generate an unversioned snapshot release, skipping all validations and without publishing any artifacts")
+    cmd.Flags().BoolVar(&root.opts.autoSnapshot, "auto-snapshot", false, "Automatically sets --snapshot if the repository is dirty")
     cmd.Flags().BoolVar(&root.opts.nightly, "nightly", false, "Generate a nightly build, publishing artifacts to a rolling release")
+    _ = cmd.MarkFlagsMutuallyExclusive("auto-snapshot", "nightly")
"""),
    G("internal/git/git.go", "modified", r"""
@@ 88
+
+// IsDirty reports whether the working tree has uncommitted changes.
+func IsDirty(ctx context.Context) bool {
+    out, err := Run(ctx, "status", "--porcelain")
+    return err != nil || strings.TrimSpace(out) != ""
+}
"""),
    G("cmd/release_test.go", "modified", r"""
@@ 112 | func TestRelease(t *testing.T) {
+    t.Run("auto-snapshot", func(t *testing.T) {
+        setup(t)
+        createFile(t, "dirty.txt", "x")
+        cmd := newReleaseCmd()
+        cmd.cmd.SetArgs([]string{"--auto-snapshot", "--clean", "--skip=sign,docker"})
+        require.NoError(t, cmd.cmd.Execute())
+        require.True(t, cmd.opts.snapshot)
+    })
+
     t.Run("snapshot", func(t *testing.T) {
"""),
  ],
  truth=[W + "cli/release.md"])

# 40 ------------------------------------------------------------------ direct
c.add("direct", "hooks: show hook output with --verbose",
  body="",
  files=[
    G("internal/pipe/hooks/hooks.go", "modified", r"""
@@ 58 | func Run(ctx *context.Context, hooks config.Hooks, extraEnv []string) error {
         log.WithField("hook", hook.Cmd).Info("running")
-        out, err := shell.Run(ctx, dir, args, env, hook.Output)
+        // with --verbose, always stream the output, like for every other
+        // command Anvil runs.
+        showOutput := hook.Output || log.IsLevelEnabled(log.DebugLevel)
+        out, err := shell.Run(ctx, dir, args, env, showOutput)
         if err != nil {
             return fmt.Errorf("hook %q failed: %w\n%s", hook.Cmd, err, out)
         }
"""),
    G("internal/pipe/hooks/hooks_test.go", "modified", r"""
@@ 77 | func TestRunOutput(t *testing.T) {
+    t.Run("verbose", func(t *testing.T) {
+        log.SetLevel(log.DebugLevel)
+        t.Cleanup(func() { log.SetLevel(log.InfoLevel) })
+        out := captureLog(t, func() {
+            require.NoError(t, Run(testctx.New(), config.Hooks{{Cmd: "echo hello"}}, nil))
+        })
+        require.Contains(t, out, "hello")
+    })
+
     t.Run("output false", func(t *testing.T) {
"""),
  ],
  truth=[W + "customization/hooks.md"])

c.write()
