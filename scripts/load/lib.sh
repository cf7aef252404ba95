# Shared helpers for scripts/load/*.sh (sourced, not run). Bash 4+.
#
# Process sampling: sample_start PID FILE writes one CSV line every $SAMPLE_INTERVAL seconds:
#   elapsed_s,cpu_percent,rss_kib,load1
# cpu_percent is user+system time over the interval, from /proc/PID/stat (100 = one core busy);
# rss_kib is VmRSS from /proc/PID/status; load1 the one-minute load average of the machine.

SAMPLE_INTERVAL="${SAMPLE_INTERVAL:-5}"
CLOCK_TICKS="$(getconf CLK_TCK)"

# Processes this script started, stopped in reverse order on exit (never anything else).
declare -a OWNED_PIDS=()

own() { OWNED_PIDS+=("$1"); }

# stop_pid PID [SECONDS]: SIGTERM, wait up to SECONDS (default 15), then SIGKILL. Returns the exit status.
stop_pid() {
  local pid="$1" limit="${2:-15}" waited=0 rc=0
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((limit * 10)) ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      echo "process $pid did not stop within ${limit}s after SIGTERM: killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || rc=$?
  return "$rc"
}

stop_owned() {
  local i
  for ((i = ${#OWNED_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${OWNED_PIDS[$i]}" 5 || true; done
  OWNED_PIDS=()
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# cpu_ticks PID: utime+stime in clock ticks. Fields counted after the ')' closing the command name, which may
# itself contain spaces: utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
cpu_ticks() {
  local rest
  rest="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  rest="${rest##*) }"
  awk '{ print $12 + $13 }' <<<"$rest"
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# sample_start PID FILE: starts the sampler in the background; sets SAMPLER_PID.
sample_start() {
  local pid="$1" file="$2"
  echo "elapsed_s,cpu_percent,rss_kib,load1" >"$file"
  (
    sleeper=""
    trap '[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null; exit 0' TERM
    start=$(date +%s.%N)
    prev_ticks=$(cpu_ticks "$pid") || exit 0
    prev_time=$start
    echo "0,0,$(rss_kib "$pid"),$(load1)" >>"$file"
    while kill -0 "$pid" 2>/dev/null; do
      sleep "$SAMPLE_INTERVAL" &
      sleeper=$!
      wait "$sleeper"
      sleeper=""
      ticks=$(cpu_ticks "$pid") || break
      now=$(date +%s.%N)
      rss=$(rss_kib "$pid") || break
      awk -v s="$start" -v n="$now" -v p="$prev_time" -v t="$ticks" -v pt="$prev_ticks" -v hz="$CLOCK_TICKS" \
        -v r="$rss" -v l="$(load1)" 'BEGIN { printf "%.1f,%.1f,%s,%s\n", n - s, (t - pt) / hz / (n - p) * 100, r, l }' >>"$file"
      prev_ticks=$ticks
      prev_time=$now
    done
  ) &
  SAMPLER_PID=$!
  own "$SAMPLER_PID"
}

sample_stop() { stop_pid "${SAMPLER_PID:-}" 2 || true; SAMPLER_PID=""; }

# summarize_samples FILE: prints key=value lines: samples, cpu_avg, cpu_max, rss_start_mib, rss_end_mib,
# rss_max_mib, slope_mib_per_min (least squares over all samples) and slope2_mib_per_min (second half only,
# after warm-up: the number that says whether memory is flat), load_avg (mean of load1 over the samples).
summarize_samples() {
  awk -F, 'NR > 1 && $3 != "" { n++; t[n] = $1; c[n] = $2; r[n] = $3 / 1024; l[n] = $4 }
    function slope(from, to,   i, k, st, sr, stt, str, d) {
      k = 0; st = 0; sr = 0; stt = 0; str = 0
      for (i = from; i <= to; i++) { k++; st += t[i]; sr += r[i]; stt += t[i] * t[i]; str += t[i] * r[i] }
      d = k * stt - st * st
      return (k < 2 || d == 0) ? 0 : (k * str - st * sr) / d * 60
    }
    END {
      if (n == 0) { print "samples=0"; exit }
      cs = 0; cm = 0; rm = 0; ls = 0
      for (i = 2; i <= n; i++) { cs += c[i]; if (c[i] > cm) cm = c[i] }
      for (i = 1; i <= n; i++) { if (r[i] > rm) rm = r[i]; ls += l[i] }
      printf "samples=%d\ncpu_avg=%.0f\ncpu_max=%.0f\n", n, (n > 1 ? cs / (n - 1) : 0), cm
      printf "rss_start_mib=%.1f\nrss_end_mib=%.1f\nrss_max_mib=%.1f\n", r[1], r[n], rm
      printf "slope_mib_per_min=%.2f\nslope2_mib_per_min=%.2f\nload_avg=%.1f\n", slope(1, n), slope(int(n / 2) + 1, n), ls / n
    }' "$1"
}

# kv FILE KEY: the value of KEY in a key=value file.
kv() { sed -n "s/^$2=//p" "$1" | tail -1; }

# sipp_stat FILE COLUMN: COLUMN (by header name) of the last row of a sipp -trace_stat file; 0 when absent.
sipp_stat() {
  [ -s "$1" ] || { echo 0; return; }
  awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print (c && $c != "") ? $c : 0 }' "$1"
}

# wait_for_line FILE PATTERN SECONDS PID: waits until FILE has a line matching PATTERN; fails if PID exits first.
wait_for_line() {
  local file="$1" pattern="$2" limit="$3" pid="$4" i
  for ((i = 0; i < limit * 10; i++)); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# udp_rcvbuf_errors: the kernel's count of UDP datagrams dropped because a socket's receive buffer was full
# (/proc/net/snmp, RcvbufErrors; machine-wide, so other processes' drops count too).
udp_rcvbuf_errors() {
  awk '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) if ($i == "RcvbufErrors") c = i; h = 1 } else print $c }' /proc/net/snmp
}
