#!/usr/bin/env bash
# Builds the benchmark workloads: bench/c/<name>.c -> bench/wasm/<name>.wasm
# (export-only wasm32 modules, no imports), then computes the reference
# checksums in bench/expected.json by compiling the same C natively with gcc and
# clang and running run(n) for each workload's defaultN, quickN and testN; the two
# native compilers must agree. Requires clang-16 + wasm-ld-16, gcc, node.
set -euo pipefail
cd "$(dirname "$0")"

WASM_CC=${WASM_CC:-clang-16}
WASM_FLAGS=(--target=wasm32 -O2 -nostdlib -ffreestanding -Wl,--no-entry -Wl,--export=run)
mkdir -p wasm

wasm() { # name extra-flags...
  local name=$1
  shift
  "$WASM_CC" "${WASM_FLAGS[@]}" "$@" -o "wasm/$name.wasm" "c/$name.c"
}

wasm fib
wasm sieve
wasm nbody
wasm matmul
wasm i64
wasm crc32
wasm sha256 -Wl,--export=digest_ptr -Wl,--export=message_ptr
wasm bulk -mbulk-memory
wasm interp
wasm lz77
wasm raytrace
wasm simd -msimd128

# Reference checksums from native builds of the same sources.
# -ffp-contract=off: no fused multiply-add, so f64/f32 results match wasm bit for bit.
NATIVE_FLAGS=(-O2 -ffp-contract=off -fno-strict-aliasing -w)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node -e '
  const m = JSON.parse(require("fs").readFileSync("workloads.json", "utf8"));
  for (const w of m.workloads) console.log(w.name, w.defaultN, w.quickN, w.testN);
' >"$tmp/list"
{
  echo "{"
  first=1
  while read -r name dflt quick tiny; do
    gcc "${NATIVE_FLAGS[@]}" -o "$tmp/$name.gcc" "c/$name.c" c/native_main.c -lm
    clang-16 "${NATIVE_FLAGS[@]}" -o "$tmp/$name.clang" "c/$name.c" c/native_main.c -lm
    a=$("$tmp/$name.gcc" "$dflt" "$quick" "$tiny" | tr '\n' ' ')
    b=$("$tmp/$name.clang" "$dflt" "$quick" "$tiny" | tr '\n' ' ')
    if [ "$a" != "$b" ]; then
      echo "build.sh: gcc and clang disagree on $name: $a vs $b" >&2
      exit 1
    fi
    read -r cd cq ct <<<"$a"
    [ $first = 1 ] || echo ","
    first=0
    printf '  "%s": { "%s": %s, "%s": %s, "%s": %s }' "$name" "$dflt" "$cd" "$quick" "$cq" "$tiny" "$ct"
  done <"$tmp/list"
  echo
  echo "}"
} >expected.json.new
mv expected.json.new expected.json
echo "built $(ls wasm/*.wasm | wc -l) modules; reference checksums in bench/expected.json"
