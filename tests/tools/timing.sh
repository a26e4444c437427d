# Sourced by the cost scripts in this folder: timing of repeated rebuilds.

# median_ms RUNS FILE COMMAND...: runs COMMAND RUNS times, each after touching FILE (so cargo
# recompiles that crate and nothing else), and prints two medians in ms: wall time, and CPU
# time (user + sys of COMMAND and its children), which other load on the machine disturbs
# much less than wall time.
median_ms() {
  local runs=$1 file=$2 walls=() cpus=() line real user sys
  shift 2
  for _ in $(seq "$runs"); do
    touch "$file"
    line=$( { TIMEFORMAT='%R %U %S'; time "$@"; } 2>&1 | tail -1)
    read -r real user sys <<<"$line"
    walls+=("$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')")
  done
  local mid=$(((runs + 1) / 2))
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p") $(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}
