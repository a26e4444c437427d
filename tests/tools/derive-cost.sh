#!/usr/bin/env bash
# Expansion cost of #[derive(ApiError)]: `cargo check` time of a crate whose error enum derives
# over a 1,000-entry catalog, against the same crate with the derive (and its attributes)
# removed. Two shapes are measured:
#   bound-10    a 10-variant enum over the 1,000-entry catalog (a service using a shared catalog)
#   bound-1000  a 1,000-variant enum, one variant per entry
# and each of these twice: as cargo builds it by default (the proc macro and errcat-codegen
# unoptimized, as every proc macro in a dev build), and with `[profile.dev.build-override]
# opt-level = 3` in the deriving crate, which is how crates that lean on proc macros usually
# build them.
# Each crate is checked RUNS times after touching its lib.rs (dependencies, including the
# proc macro, are built once up front); the median wall time is reported. Crates and their
# shared target dir live under target/derive-cost/. Wall and CPU time are both reported.
#
# usage: tests/tools/derive-cost.sh [RUNS]     (default 7)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
runs=${1:-7}
work="$root/target/derive-cost"
mkdir -p "$work"

entries=1000
{
  echo "service: Derive cost"
  echo "errors:"
  for i in $(seq 0 $((entries - 1))); do
    echo "  - code: area$((i % 10))/error-$i"
    echo "    status: $((400 + i % 30))"
    echo "    message: \"Error $i on '{name}' after {count} tries\""
    echo "    fields:"
    echo "      name: { type: string }"
    echo "      count: { type: u32 }"
    echo "    cause: Something went wrong in step $i"
    echo "    solution: Retry step $i"
  done
} > "$work/errors.yaml"

# crate NAME VARIANTS DERIVE(yes|no) OPTIMIZED_MACROS(yes|no)
crate() {
  local dir="$work/$1" variants=$2 derive=$3 optimized=$4
  mkdir -p "$dir/src"
  cp "$work/errors.yaml" "$dir/errors.yaml"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "derive-cost-$1"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
errcat = { path = "$root/runtime" }

[workspace]
TOML
  if [ "$optimized" = yes ]; then
    printf '\n[profile.dev.build-override]\nopt-level = 3\n' >> "$dir/Cargo.toml"
  fi
  {
    echo "#![allow(dead_code)]"
    if [ "$derive" = yes ]; then
      echo "#[derive(Debug, errcat::ApiError)]"
      echo "#[api_error(catalog = \"errors.yaml\")]"
    else
      echo "#[derive(Debug)]"
    fi
    echo "pub enum AppError {"
    for i in $(seq 0 $((variants - 1))); do
      [ "$derive" = yes ] && echo "    #[api_error(code = \"area$((i % 10))/error-$i\")]"
      echo "    E$i { name: String, count: u32 },"
    done
    echo "}"
  } > "$dir/src/lib.rs"
}

shapes="bound10 bound1000 bound10-opt bound1000-opt"
for shape in $shapes; do
  variants=${shape#bound}; variants=${variants%-opt}
  optimized=no; [ "$shape" != "${shape%-opt}" ] && optimized=yes
  crate "$shape-derive" "$variants" yes "$optimized"
  crate "$shape-plain" "$variants" no "$optimized"
done

export CARGO_TARGET_DIR="$work/target"
. tests/tools/timing.sh
# Median wall and CPU ms of RUNS `cargo check`s of crate $1 after touching its lib.rs.
checked_ms() {
  median_ms "$runs" "$work/$1/src/lib.rs" cargo check -q --manifest-path "$work/$1/Cargo.toml"
}
for shape in $shapes; do
  for kind in derive plain; do
    cargo check -q --manifest-path "$work/$shape-$kind/Cargo.toml"
  done
done

printf '%-14s %18s %18s %18s\n' shape "derive wall/cpu" "plain wall/cpu" "added wall/cpu"
for shape in $shapes; do
  read -r with_wall with_cpu <<<"$(checked_ms "$shape-derive")"
  read -r without_wall without_cpu <<<"$(checked_ms "$shape-plain")"
  printf '%-14s %18s %18s %18s\n' "$shape" "$with_wall/$with_cpu ms" "$without_wall/$without_cpu ms" \
    "$((with_wall - without_wall))/$((with_cpu - without_cpu)) ms"
done
