#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ for a while each.
#
#   tests/tools/fuzz.sh TARGET SECONDS     one target (load, template, envelope, client, emit_rust)
#   tests/tools/fuzz.sh all SECONDS        every target, one after the other
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer's coverage instrumentation works on a
# stable toolchain, so without a nightly the targets run with no sanitizer (`-s none`, the
# default here); ERRCAT_FUZZ_SANITIZER=address picks AddressSanitizer, which needs a nightly (or
# RUSTC_BOOTSTRAP=1 on a toolchain that ships the sanitizer runtimes).
#
# The corpus grows in fuzz/corpus/<target>/ (not committed). A crash is left by libFuzzer in
# fuzz/artifacts/<target>/ and this script exits non-zero: minimize it (`cargo fuzz tmin`), fix
# it, and commit the input to tests/fuzz-regressions/<target>/, which a plain `cargo test`
# replays (tests/tests/fuzz_regressions.rs). Inputs already there seed every run.
set -euo pipefail
cd "$(dirname "$0")/../.."

targets=(load template envelope client emit_rust)
if [ $# -ne 2 ]; then
  echo "usage: $0 TARGET|all SECONDS   (targets: ${targets[*]})" >&2
  exit 2
fi
which=$1
seconds=$2
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
  exit 3
fi
if [ "$which" = all ]; then
  run=("${targets[@]}")
else
  run=("$which")
fi
sanitizer=${ERRCAT_FUZZ_SANITIZER:-none}
# The fuzz crate is its own workspace; a target dir of its own keeps its instrumented build
# from invalidating the workspace's.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}/fuzz

for target in "${run[@]}"; do
  corpus=fuzz/corpus/$target
  seeds=tests/fuzz-regressions/$target
  mkdir -p "$corpus" "$seeds"
  # The regression inputs and (for catalog targets) the shipped and test catalogs seed the run.
  case $target in
    load | emit_rust) cp -n catalog/*.yaml tests/hostile/*.yaml tests/ui/*.yaml "$corpus"/ 2>/dev/null || true ;;
  esac
  echo "== fuzz $target for ${seconds}s (sanitizer: $sanitizer)"
  cargo fuzz run -s "$sanitizer" "$target" "$corpus" "$seeds" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
