#!/usr/bin/env bash
# Compile time of the code errcat-codegen generates, at N codes (default 10,000): a release
# build of a crate that runs the Builder in build.rs and `include_catalog!()`s the result,
# against two crates declaring the same `Error` enum (same variants, fields and messages) by
# hand, measured in the same run:
#   thiserror  #[derive(Debug, thiserror::Error)] with the catalog's messages as #[error(..)]:
#              what a crate writes without errcat, and Display only (no code, status or body)
#   plain      #[derive(Debug)] alone: the floor, what declaring the types costs
# The catalog mixes the shapes of real ones: a third of the entries with two fields (string
# and u32), a third fieldless, a third with a Retry-After header over a u32 field.
# Each crate is built RUNS times after touching its lib.rs (dependencies and the build script
# run once up front, so only the generated file is compiled); medians of wall and CPU time.
# Two builds are timed: a release build, and `cargo check` (dev profile), the edit/check loop
# rust-analyzer runs. Also printed: the size of the generated errcat.rs. Ratios within one run
# are what to compare across runs (other load on the machine moves absolute times).
# Crates and their shared target dir live under target/compile-cost/.
#
# usage: tests/tools/compile-cost.sh [N] [RUNS]     (defaults 10000 and 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
n=${1:-10000}
runs=${2:-3}
work="$root/target/compile-cost"
mkdir -p "$work"
. tests/tools/timing.sh

# entry I: code, message, and the Rust fields of its variant ("" when fieldless).
catalog="$work/errors-$n.yaml"
baseline_enum="$work/enum-$n.rs"
{
  echo "service: Compile cost"
  echo "errors:"
} >"$catalog"
echo "pub enum Error {" >"$baseline_enum"
for i in $(seq 0 $((n - 1))); do
  case $((i % 3)) in
    0)
      message="Thing '{name}' number $i was not found after {count} tries"
      printf '  - code: area%d/thing-%d-not-found\n    status: 404\n    message: "%s"\n    fields:\n      name: { type: string }\n      count: { type: u32 }\n    cause: Thing %d does not exist\n    solution: Check the name\n' \
        $((i % 10)) "$i" "$message" "$i" >>"$catalog"
      printf '    #[error("%s")]\n    V%d { name: String, count: u32 },\n' "$message" "$i" >>"$baseline_enum" ;;
    1)
      message="Request $i was rejected"
      printf '  - code: area%d/request-%d-rejected\n    status: 422\n    message: %s\n    cause: Bad request\n' \
        $((i % 10)) "$i" "$message" >>"$catalog"
      printf '    #[error("%s")]\n    V%d,\n' "$message" "$i" >>"$baseline_enum" ;;
    2)
      message="Limit $i reached, retry in {retry_after} s"
      printf '  - code: area%d/limit-%d-reached\n    status: 429\n    message: "%s"\n    fields:\n      retry_after: { type: u32 }\n    retry_after: "{retry_after}"\n' \
        $((i % 10)) "$i" "$message" >>"$catalog"
      printf '    #[error("%s")]\n    V%d { retry_after: u32 },\n' "$message" "$i" >>"$baseline_enum" ;;
  esac
done
echo "}" >>"$baseline_enum"

# crate NAME DEPENDENCIES BUILD_DEPENDENCIES: a release-built lib crate under $work/NAME.
crate() {
  mkdir -p "$work/$1/src"
  cat >"$work/$1/Cargo.toml" <<TOML
[package]
name = "compile-cost-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$2

[build-dependencies]
$3

[workspace]
TOML
}

crate errcat "errcat = { path = \"$root/runtime\" }" "errcat-codegen = { path = \"$root/codegen\" }"
cp "$catalog" "$work/errcat/errors.yaml"
cat >"$work/errcat/build.rs" <<'RS'
fn main() {
    errcat_codegen::Builder::new()
        .catalog("errors.yaml")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
}
RS
echo 'errcat::include_catalog!();' >"$work/errcat/src/lib.rs"

crate thiserror 'thiserror = "2"' ""
{ echo "#[derive(Debug, thiserror::Error)]"; cat "$baseline_enum"; } >"$work/thiserror/src/lib.rs"

crate plain "" ""
{ echo "#[derive(Debug)]"; grep -v '#\[error' "$baseline_enum"; } >"$work/plain/src/lib.rs"

export CARGO_TARGET_DIR="$work/target"
shapes="errcat thiserror plain"
for shape in $shapes; do
  cargo build -q --release --manifest-path "$work/$shape/Cargo.toml"
  cargo check -q --manifest-path "$work/$shape/Cargo.toml"
done
generated=$(find "$work/target/release/build" -path '*compile-cost-errcat-*/out/errcat.rs' | head -1)
echo "$n codes; generated errcat.rs: $(wc -l <"$generated") lines, $(wc -c <"$generated") bytes"

# time KIND CARGO_ARGS...: the medians of each crate, then the CPU ratios.
time_all() {
  local kind=$1
  shift
  printf '%-10s %22s\n' crate "$kind wall/cpu"
  declare -gA wall cpu
  for shape in $shapes; do
    read -r wall[$shape] cpu[$shape] <<<"$(median_ms "$runs" "$work/$shape/src/lib.rs" \
      cargo "$@" -q --manifest-path "$work/$shape/Cargo.toml")"
    printf '%-10s %22s\n' "$shape" "${wall[$shape]}/${cpu[$shape]} ms"
  done
  awk -v k="$kind" -v e="${cpu[errcat]}" -v t="${cpu[thiserror]}" -v p="${cpu[plain]}" 'BEGIN {
    printf "%s cpu ratios: errcat/thiserror %.2f, errcat/plain %.2f, thiserror/plain %.2f\n", k, e / t, e / p, t / p
  }'
}

time_all "release build" build --release
time_all "cargo check" check
