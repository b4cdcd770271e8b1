#!/usr/bin/env bash
# Build a Docusaurus 3 site with a shared, cached node_modules.
#
#   scripts/docusaurus-build.sh SITE_DIR
#
# SITE_DIR is a copy of tests/fixtures/docusaurus-site (possibly with edited docs).
# Exit code: the build's exit code (or 2 for usage/setup errors). On failure the
# build's output (which holds the error text) is printed on stderr.
#
# Environment:
#   MINIBOT_DOCUSAURUS_CACHE  cache root (default ~/.cache/minibot/docusaurus-3.10.2).
#                             Holds deps-<hash>/node_modules, installed once per distinct
#                             package.json, and nothing inside git.
#   MINIBOT_DOCUSAURUS_OUT    keep the build output here instead of a removed temp dir.
#   MINIBOT_DOCUSAURUS_VERBOSE=1  stream the build output instead of printing it on failure only.
#   MINIBOT_DOCUSAURUS_SLOTS  number of fixed build directories (default 2, see step 2).
#   MINIBOT_DOCUSAURUS_IN_PLACE=1  build in SITE_DIR itself (no warm Rspack cache).
#
# Needs node >= 20 and npm; the registry is used only for the first install.
# The build itself runs offline (update notifier off, CI=true).
set -euo pipefail

die() { echo "docusaurus-build: $*" >&2; exit 2; }

[[ $# -eq 1 ]] || die "usage: $0 SITE_DIR"
SITE_DIR=$(cd "$1" 2>/dev/null && pwd -P) || die "no such directory: $1"
[[ -f "$SITE_DIR/package.json" ]] || die "$SITE_DIR/package.json missing"

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
FIXTURE_DIR="$SCRIPT_DIR/../tests/fixtures/docusaurus-site"
CACHE="${MINIBOT_DOCUSAURUS_CACHE:-$HOME/.cache/minibot/docusaurus-3.10.2}"
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd -P)

command -v node >/dev/null || die "node not found"
command -v npm >/dev/null || die "npm not found"
command -v flock >/dev/null || die "flock not found"

# The dependencies come from the site's package.json (normally identical to the fixture's).
# Only the dependency-relevant part is hashed, so a changed "description" does not re-install.
PKG="$SITE_DIR/package.json"
if ! cmp -s "$PKG" "$FIXTURE_DIR/package.json" 2>/dev/null; then
  echo "docusaurus-build: note: $PKG differs from the fixture's package.json" >&2
fi
HASH=$(node -e '
  const p = require(process.argv[1]);
  const k = {dependencies: p.dependencies || {}, devDependencies: p.devDependencies || {},
             overrides: p.overrides || {}, node: process.versions.node.split(".")[0]};
  const sorted = o => Object.fromEntries(Object.entries(o).sort());
  for (const key of ["dependencies", "devDependencies", "overrides"]) k[key] = sorted(k[key]);
  process.stdout.write(require("crypto").createHash("sha256").update(JSON.stringify(k)).digest("hex").slice(0, 16));
' "$PKG")
DEPS="$CACHE/deps-$HASH"
export NO_UPDATE_NOTIFIER=1 CI=true npm_config_update_notifier=false

# ---- 1. install once per package.json hash, under a lock --------------------------------
if [[ ! -f "$DEPS/.complete" ]]; then
  exec 9>"$CACHE/install.lock"
  flock 9
  if [[ ! -f "$DEPS/.complete" ]]; then
    STAGE="$CACHE/.stage-$HASH-$$"
    rm -rf "$STAGE" "$DEPS"
    mkdir -p "$STAGE"
    cp "$PKG" "$STAGE/package.json"
    echo "docusaurus-build: installing dependencies into $DEPS (once; takes minutes)" >&2
    start=$(date +%s)
    if ! (cd "$STAGE" && npm install --no-audit --no-fund --no-package-lock --loglevel=error \
            >"$STAGE/install.log" 2>&1); then
      cat "$STAGE/install.log" >&2
      rm -rf "$STAGE"
      die "npm install failed"
    fi
    # node_modules is relocatable (.bin links are relative), so the staged install is
    # renamed into place: a reader either sees no deps dir or a complete one.
    mv "$STAGE" "$DEPS"
    echo "$(date -u +%FT%TZ) $(( $(date +%s) - start ))s" >"$DEPS/.complete"
    echo "docusaurus-build: installed in $(( $(date +%s) - start )) s" >&2
  fi
  flock -u 9
  exec 9>&-
fi

# ---- 2. pick the directory to build in, link the shared node_modules into it -------------
# Rspack's persistent cache (node_modules/.cache/rspack, i.e. inside $DEPS through the
# symlink) is keyed by the site's absolute path. A fresh temp copy would therefore build cold
# and leave ~17 MB of cache behind, every time. So by default the site is synced into one of
# a few fixed "slot" directories under the cache (each with a warm cache) and built there;
# paths in the output are rewritten back to SITE_DIR. MINIBOT_DOCUSAURUS_IN_PLACE=1 builds in
# SITE_DIR itself instead (node_modules symlinked into it, persistent cache off).
link_node_modules() { # DIR
  local nm="$1/node_modules"
  if [[ -L "$nm" ]]; then
    [[ "$(readlink "$nm")" == "$DEPS/node_modules" ]] || ln -sfn "$DEPS/node_modules" "$nm"
  elif [[ -e "$nm" ]]; then
    die "$nm exists and is not a symlink; remove it (the shared cache is used instead)"
  else
    ln -s "$DEPS/node_modules" "$nm"
  fi
}

if [[ "${MINIBOT_DOCUSAURUS_IN_PLACE:-}" == 1 ]]; then
  BUILD_DIR="$SITE_DIR"
  export DOCUSAURUS_NO_PERSISTENT_CACHE=1
else
  SLOTS="${MINIBOT_DOCUSAURUS_SLOTS:-2}"
  mkdir -p "$CACHE/slots"
  slot=""
  for ((i = 0; i < SLOTS; i++)); do       # take a free slot...
    exec 8>"$CACHE/slots/$i.lock"
    if flock -n 8; then slot=$i; break; fi
    exec 8>&-
  done
  if [[ -z "$slot" ]]; then               # ...or wait for one
    slot=$(( $$ % SLOTS ))
    exec 8>"$CACHE/slots/$slot.lock"
    flock 8
  fi
  BUILD_DIR="$CACHE/slots/$slot"
  mkdir -p "$BUILD_DIR"
  # --checksum: unchanged files keep the slot's mtimes, so the cache sees only real edits.
  if command -v rsync >/dev/null; then
    rsync -rlpt --checksum --delete \
      --exclude=/node_modules --exclude=/.docusaurus --exclude=/build \
      "$SITE_DIR/" "$BUILD_DIR/"
  else
    find "$BUILD_DIR" -mindepth 1 -maxdepth 1 ! -name node_modules ! -name .docusaurus -exec rm -rf {} +
    tar -C "$SITE_DIR" --exclude=./node_modules --exclude=./.docusaurus --exclude=./build -cf - . \
      | tar -C "$BUILD_DIR" -xf -
  fi
fi
link_node_modules "$BUILD_DIR"

# ---- 3. build ---------------------------------------------------------------------------
if [[ -n "${MINIBOT_DOCUSAURUS_OUT:-}" ]]; then
  mkdir -p "$MINIBOT_DOCUSAURUS_OUT"
  OUT=$(cd "$MINIBOT_DOCUSAURUS_OUT" && pwd -P)
  LOG=$(mktemp "${TMPDIR:-/tmp}/docusaurus-build.XXXXXX.log")
  cleanup() { rm -f "$LOG"; }
else
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/docusaurus-out.XXXXXX")
  LOG="$OUT.log"
  cleanup() { rm -rf "$OUT" "$LOG"; }
fi
trap cleanup EXIT

# Paths inside the slot are shown as SITE_DIR paths (sed with | as the delimiter).
show() { if [[ "$BUILD_DIR" == "$SITE_DIR" ]]; then cat; else sed -u "s|$BUILD_DIR|$SITE_DIR|g"; fi; }

cd "$BUILD_DIR"
start=$(date +%s.%N)
set +e
if [[ "${MINIBOT_DOCUSAURUS_VERBOSE:-}" == 1 ]]; then
  ./node_modules/.bin/docusaurus build --out-dir "$OUT" 2>&1 | show | tee "$LOG"
  rc=${PIPESTATUS[0]}
else
  ./node_modules/.bin/docusaurus build --out-dir "$OUT" >"$LOG" 2>&1
  rc=$?
fi
set -e
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

if [[ $rc -ne 0 ]]; then
  if [[ "${MINIBOT_DOCUSAURUS_VERBOSE:-}" != 1 ]]; then show <"$LOG" >&2; fi
  echo "docusaurus-build: FAILED (exit $rc) after ${secs}s: $SITE_DIR" >&2
  exit "$rc"
fi
echo "docusaurus-build: ok in ${secs}s: $SITE_DIR" >&2
exit 0
