#!/usr/bin/env bash
# Smoke test for scripts/docusaurus-build.sh: copies the fixture site to a temp dir and
#   1. builds it (must pass),
#   2. builds it again with one page edited (must pass; warm Rspack cache),
#   3. breaks two pages (`Vec<String>` in prose, an unclosed <details>) and builds (must fail
#      and name both errors).
# Usage: scripts/docusaurus-build-check.sh      (same environment variables as docusaurus-build.sh)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
BUILD="$SCRIPT_DIR/docusaurus-build.sh"
FIXTURE="$SCRIPT_DIR/../tests/fixtures/docusaurus-site"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/docusaurus-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

site="$WORK/site"
cp -R "$FIXTURE" "$site"
rm -rf "$site/node_modules" "$site/.docusaurus" "$site/build"

step() { echo "== $*" >&2; }
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

step "1/3 build the fixture"
t=$(date +%s.%N); "$BUILD" "$site"; echo "   total $(elapsed "$t")s (incl. install if first run)" >&2

step "2/3 edit one page, build again"
sed -i 's/It receives webhooks/It receives incoming webhooks/' "$site/docs/intro.md"
t=$(date +%s.%N); "$BUILD" "$site"; echo "   total $(elapsed "$t")s" >&2

step "3/3 broken pages must fail the build"
printf '\nThe handler returns a Vec<String> of event names.\n' >>"$site/docs/guides/webhooks.md"
printf '\n<details>\n<summary>Advanced</summary>\n\nMore settings.\n' >>"$site/docs/configuration.md"
set +e
out=$("$BUILD" "$site" 2>&1)
rc=$?
set -e
if [[ $rc -eq 0 ]]; then
  echo "FAIL: the broken site built" >&2; exit 1
fi
for want in 'Expected a closing tag for `<String>`' 'Expected a closing tag for `<details>`' \
            "$site/docs/guides/webhooks.md" "$site/docs/configuration.md"; do
  if ! grep -qF -- "$want" <<<"$out"; then
    echo "$out" >&2; echo "FAIL: error output lacks: $want" >&2; exit 1
  fi
done
echo "   failed as expected (exit $rc), both errors named" >&2
echo "docusaurus-build-check: ok" >&2
