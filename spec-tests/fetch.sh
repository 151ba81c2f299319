#!/usr/bin/env bash
# Fetch the official WebAssembly test suite at the pinned commit into spec-tests/testsuite/ (git-ignored).
# The pin comes from ../shared/testsuite/SOURCE.md when that snapshot exists, so both copies agree.
set -euo pipefail
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$repo_root/spec-tests/testsuite"
# Overridable for mirrors (and for testing this script against a local repository).
url="${SPEC_TESTSUITE_URL:-https://github.com/WebAssembly/testsuite.git}"
default_commit="193e551ff22663995b1ac95dc62344133669e14b"

commit="$default_commit"
source_md="$repo_root/../shared/testsuite/SOURCE.md"
if [[ -n "${SPEC_TESTSUITE_COMMIT:-}" ]]; then
  commit="$SPEC_TESTSUITE_COMMIT"
elif [[ -f "$source_md" ]]; then
  found="$(grep -oE '\bcommit [0-9a-f]{40}\b' "$source_md" | head -n1 | awk '{print $2}' || true)"
  if [[ -n "$found" ]]; then commit="$found"; fi
fi

if [[ ! -d "$dest/.git" ]]; then
  rm -rf "$dest"
  git clone --no-checkout "$url" "$dest"
fi
git -C "$dest" fetch --quiet origin "$commit" || git -C "$dest" fetch --quiet origin
git -C "$dest" checkout --quiet --detach "$commit"
echo "spec-tests/testsuite is at $(git -C "$dest" rev-parse HEAD)"
