#!/usr/bin/env bash
# Loopback SIP load: sipp's built-in `uac` scenario against `ucstack sip uas` (UDP) at increasing call rates,
# then the same against sipp's own `uas` (what sipp alone generates on its one core). For each rate it prints
# the calls/s achieved, successful and failed calls, and the 99th-percentile response time (sipp -trace_rtt:
# INVITE sent to 200 received). The "sustained" rate is the highest one with zero failed calls.
#
# usage: benchmarks/scripts/sipp-uas-load.sh [SECONDS_PER_RATE] [RATE...]
#   env UCSTACK: the ucstack binary (default: build samples/UcStack.Tool in Release and use it)
#   env PORT:    the UAS port (default 25070; sipp's own UAS uses PORT+1)
set -euo pipefail

seconds="${1:-20}"
shift || true
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(200 500 1000 2000)
port="${PORT:-25070}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d -t ucstack-sipp-load-XXXXXX)"
uas_pid=""

command -v sipp >/dev/null || { echo "sipp is not installed (apt-get install -y sip-tester)" >&2; exit 2; }

cleanup() {
  if [ -n "$uas_pid" ] && kill -0 "$uas_pid" 2>/dev/null; then kill -TERM "$uas_pid"; wait "$uas_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${UCSTACK:-}" ]; then
  dotnet build -c Release "$root/samples/UcStack.Tool" -v quiet -nologo >/dev/null
  UCSTACK="$root/samples/UcStack.Tool/bin/Release/net10.0/ucstack"
fi

# p99 of column 2 (response_time_ms) of a sipp rtt file, nearest-rank.
p99() {
  awk -F';' 'NR > 1 && $3 == 1 { print $2 }' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } i = int(NR * 0.99 + 0.999); if (i < 1) i = 1; print v[i] }'
}

# Reads a column of the last line of a sipp -trace_stat file by its header name.
stat() {
  awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print $c }' "$1"
}

# run_load LABEL TARGET_PORT RATE: one sipp uac run; prints a result line.
run_load() {
  local label="$1" target="$2" rate="$3" dir="$work/$1-$3"
  mkdir -p "$dir"
  local calls=$((rate * seconds))
  local start end rc=0
  start=$(date +%s.%N)
  (cd "$dir" && timeout $((seconds * 3 + 60)) sipp -sn uac "127.0.0.1:$target" -i 127.0.0.1 -p $((port + 2)) \
      -m "$calls" -r "$rate" -l $((rate * 10)) -nostdin -timeout $((seconds * 2 + 30))s -timeout_error \
      -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1000 -trace_err >sipp.out 2>&1) || rc=$?
  end=$(date +%s.%N)
  local ok failed elapsed
  ok=$(stat "$dir/stat.csv" 'SuccessfulCall(C)')
  failed=$(stat "$dir/stat.csv" 'FailedCall(C)')
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  printf '%-6s target %5d cps: %6.0f cps achieved, %7s ok, %5s failed, p99 %s ms, sipp exit %d, %s s\n' \
    "$label" "$rate" "$(awk -v n="$ok" -v s="$elapsed" 'BEGIN { print n / s }')" "$ok" "$failed" "$(p99 "$dir"/*_rtt.csv)" "$rc" "$elapsed"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc); ${seconds}s per rate"

"$UCSTACK" sip uas --listen "127.0.0.1:$port" >"$work/uas.out" 2>&1 &
uas_pid=$!
for _ in $(seq 100); do grep -q '^listening' "$work/uas.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^listening' "$work/uas.out" || { echo "ucstack sip uas did not start:" >&2; cat "$work/uas.out" >&2; exit 1; }

for rate in "${rates[@]}"; do run_load ucstack "$port" "$rate"; done
# SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
kill -TERM "$uas_pid"; wait "$uas_pid" || true; uas_pid=""
sed 's/^/  uas: /' "$work/uas.out"

# sipp -bg forks and prints "Background mode - PID=[N]": stop exactly that process afterwards.
sipp_uas_pid=$( (cd "$work" && sipp -sn uas -i 127.0.0.1 -p $((port + 1)) -nostdin -bg 2>&1 || true) | sed -n 's/.*PID=\[\([0-9]*\)\].*/\1/p')
[ -n "$sipp_uas_pid" ] || { echo "sipp -sn uas did not start" >&2; exit 1; }
for rate in "${rates[@]}"; do run_load sipp "$((port + 1))" "$rate"; done
kill "$sipp_uas_pid" 2>/dev/null || true

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
