#!/usr/bin/env bash
# TURN relay load: coturn's turnutils_uclient with many clients (client-to-client through two allocations each
# way, long-term credentials) against our server (`ucstack turn server`, Release) and, for comparison, coturn's
# turnserver with the same parameters on the same machine. Samples the server's CPU and RSS, prints a summary,
# exits 1 when a run loses packets or uclient fails. See scripts/load/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/load/turn-load.sh [options]
  --server ucstack|coturn|both       which servers to run, one after the other (default both)
  --transport udp|tcp|both           client to server transport, uclient -t for tcp (default both)
  --clients N                        clients in all, even (default 100; one allocation each with -c, paired by -y)
  --clients-per-user N               uclient -m per process, even: one uclient process and one user per N
                                     clients (default 6: with 8, uclient -y -c exceeds the 10 allocations per
                                     user that ucstack turn server allows and gets 486)
  --messages N                       uclient -n: messages per client (default 2000)
  --length B                         uclient -l: message length in bytes (default 160)
  --interval MS                      uclient -z: milliseconds between a client's messages (default 20)
  --port P                           server port (default 23478); relay ports 40000-60000
  --out DIR                          results (default /tmp/ucstack-load)
  --no-build                         use the existing Release build of samples/UcStack.Tool
env: SAMPLE_INTERVAL (seconds between CPU/RSS samples, default 5)
A run lasts about messages x interval; 15000 x 20 ms = 5 minutes.
EOF
}

servers=both transports=both clients=100 per_user=6 messages=2000 length=160 interval=20 port=23478 out=/tmp/ucstack-load build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --server) servers="$2"; shift 2 ;;
    --transport) transports="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --clients-per-user) per_user="$2"; shift 2 ;;
    --messages) messages="$2"; shift 2 ;;
    --length) length="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$servers" in both) servers="ucstack coturn" ;; ucstack | coturn) ;; *) echo "--server: ucstack, coturn or both" >&2; exit 2 ;; esac
case "$transports" in both) transports="udp tcp" ;; udp | tcp) ;; *) echo "--transport: udp, tcp or both" >&2; exit 2 ;; esac
for n in "$clients" "$per_user" "$messages" "$length" "$interval" "$port"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "not a whole number: $n" >&2; exit 2; }
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
for tool in turnutils_uclient turnserver; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install -y coturn)" >&2; exit 2; }
done

tool_dir="$root/samples/UcStack.Tool/bin/Release/net10.0"
if [[ " $servers " == *" ucstack "* ]] && { [ "$build" = 1 ] || [ ! -x "$tool_dir/ucstack" ]; }; then
  echo "building samples/UcStack.Tool (Release)..."
  dotnet build -c Release "$root/samples/UcStack.Tool" -v quiet -nologo >/dev/null
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
trap 'sample_stop; stop_owned' EXIT
trap 'exit 130' INT TERM

realm=example.org
# uclient -y pairs its clients and rounds an odd -m up, so both counts are even.
[ "$per_user" -ge 2 ] && [ "$clients" -ge 2 ] && [ $((per_user % 2)) = 0 ] && [ $((clients % 2)) = 0 ] \
  || { echo "--clients and --clients-per-user: even, at least 2" >&2; exit 2; }
processes=$(((clients + per_user - 1) / per_user))
# One user per uclient process (user001/pw-001 ...): a server's per-user allocation quota applies to each.
user_args_ucstack=() user_args_coturn=()
for ((u = 1; u <= processes; u++)); do
  user_args_ucstack+=(--user "$(printf 'user%03d:pw-%03d' "$u" "$u")")
  user_args_coturn+=(--user="$(printf 'user%03d:pw-%03d' "$u" "$u")")
done

# start_server KIND DIR: sets SERVER_PID once the server listens.
start_server() {
  local kind="$1" dir="$2"
  if [ "$kind" = ucstack ]; then
    # turnutils_uclient picks channel numbers from the RFC 5766 range, hence --rfc5766-channels.
    (cd "$dir" && exec "$tool_dir/ucstack" turn server --listen "127.0.0.1:$port" --realm "$realm" \
        "${user_args_ucstack[@]}" --allow-loopback-peers --rfc5766-channels --relay-ports 40000-60000 >server.log 2>&1) &
    SERVER_PID=$!
    own "$SERVER_PID"
    wait_for_line "$dir/server.log" '^listening' 60 "$SERVER_PID" || { echo "ucstack turn server did not start:" >&2; cat "$dir/server.log" >&2; return 1; }
  else
    # Our own instance on loopback (not the Debian service): interop-notes.md.
    (cd "$dir" && exec turnserver -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$port" \
        --lt-cred-mech "${user_args_coturn[@]}" --realm="$realm" --no-cli --allow-loopback-peers --fingerprint \
        --min-port=40000 --max-port=60000 --no-tls --no-dtls --pidfile="$dir/turnserver.pid" \
        --userdb="$dir/turndb" --log-file=stdout --simple-log >server.log 2>&1) &
    SERVER_PID=$!
    own "$SERVER_PID"
    local i
    for ((i = 0; i < 100; i++)); do
      ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && break
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    ss -ltn | grep -q "127.0.0.1:$port " || { echo "turnserver did not start:" >&2; tail -20 "$dir/server.log" >&2; return 1; }
  fi
}

overall=0

# run_once KIND TRANSPORT
run_once() {
  local kind="$1" transport="$2"
  local dir="$out/$(date -u +%Y%m%dT%H%M%SZ)-turn-$kind-$transport-m$clients-n$messages"
  mkdir -p "$dir"
  local load_start load_end started ended rc=0 server_rc=0
  load_start="$(loadavg)"
  start_server "$kind" "$dir" || { overall=1; return; }
  sample_start "$SERVER_PID" "$dir/server-samples.csv"
  local drops_before
  drops_before=$(udp_rcvbuf_errors)
  started=$(date +%s.%N)
  local expected_s=$((messages * interval / 1000)) u m left="$clients" pids=() p
  for ((u = 1; u <= processes; u++)); do
    m=$((left < per_user ? left : per_user))
    left=$((left - m))
    local args=(-u "$(printf 'user%03d' "$u")" -w "$(printf 'pw-%03d' "$u")" -y -c -m "$m" -n "$messages" -l "$length" -z "$interval" -p "$port")
    [ "$transport" = udp ] || args+=(-t)
    (cd "$dir" && exec timeout $((expected_s * 3 + 120)) turnutils_uclient "${args[@]}" 127.0.0.1 >"uclient-$u.out" 2>&1) &
    pids+=($!)
    own "$!"
  done
  for p in "${pids[@]}"; do wait "$p" || rc=$?; done
  ended=$(date +%s.%N)
  local kernel_drops=$(($(udp_rcvbuf_errors) - drops_before))
  # One report for all processes: sums, the received-weighted mean of the averages, the largest maximum.
  awk '
    /tot_send_msgs=[0-9]+, tot_recv_msgs=/ && !/msz=/ { sub(/.*tot_send_msgs=/, ""); split($0, a, /, tot_recv_msgs=/); s = a[1] + 0; r = a[2] + 0; S += s; R += r; last_r = r }
    /Total transmit time is/ { t = $NF + 0; if (t > T) T = t }
    /Total lost packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") L += $(i + 1) }
    /Average round trip delay/ { for (i = 1; i <= NF; i++) { if ($i == "delay") RT += $(i + 1) * last_r; if ($i == "max" && $(i + 2) + 0 > RM) RM = $(i + 2) + 0 } }
    /Average jitter/ { for (i = 1; i <= NF; i++) { if ($i == "jitter") J += $(i + 1) * last_r } }
    END {
      printf "0: : start_mclient: tot_send_msgs=%d, tot_recv_msgs=%d\n", S, R
      printf "0: : Total transmit time is %d\n", T
      printf "0: : Total lost packets %d (%.6f%%)\n", L, (S > 0 ? L * 100 / S : 0)
      printf "0: : Average round trip delay %.6f ms; min = 0 ms, max = %s ms\n", (R > 0 ? RT / R : 0), RM + 0
      printf "0: : Average jitter %.6f ms\n", (R > 0 ? J / R : 0)
    }' "$dir"/uclient-*.out >"$dir/uclient.out"
  sample_stop
  load_end="$(loadavg)"
  stop_pid "$SERVER_PID" 20 || server_rc=$?
  OWNED_PIDS=()

  summarize_samples "$dir/server-samples.csv" >"$dir/samples.txt"
  local sent received lost lost_pct rtt rtt_max jitter elapsed transmit_s relayed_rate
  sent=$(sed -n 's/.*tot_send_msgs=\([0-9]*\).*/\1/p' "$dir/uclient.out" | tail -1)
  received=$(sed -n 's/.*tot_recv_msgs=\([0-9]*\).*/\1/p' "$dir/uclient.out" | tail -1)
  lost=$(sed -n 's/.*Total lost packets \([0-9]*\).*/\1/p' "$dir/uclient.out" | tail -1)
  lost_pct=$(sed -n 's/.*Total lost packets [0-9]* (\([0-9.]*\)%).*/\1/p' "$dir/uclient.out" | tail -1)
  rtt=$(sed -n 's/.*Average round trip delay \([0-9.]*\) ms.*/\1/p' "$dir/uclient.out" | tail -1)
  rtt_max=$(sed -n 's/.*Average round trip delay .*max = \([0-9.]*\) ms.*/\1/p' "$dir/uclient.out" | tail -1)
  transmit_s=$(sed -n 's/.*Total transmit time is \([0-9]*\).*/\1/p' "$dir/uclient.out" | tail -1)
  jitter=$(sed -n 's/.*Average jitter \([0-9.]*\) ms.*/\1/p' "$dir/uclient.out" | tail -1)
  elapsed=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  # Messages received per second of uclient's transmit time (allocations are made before it starts). Each
  # message crosses the server twice (client -> its allocation -> the peer's allocation -> the peer).
  relayed_rate=$(awk -v r="${received:-0}" -v s="${transmit_s:-0}" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
  local failed=0
  { [ "$rc" = 0 ] && [ "${sent:-0}" -gt 0 ] && [ "${lost:-1}" = 0 ] && [ "$sent" = "$received" ]; } || failed=1
  [ "$failed" = 0 ] || overall=1
  {
    echo "server=$kind"
    echo "transport=$transport"
    echo "clients=$clients"
    echo "uclient_processes=$processes"
    echo "messages_per_client=$messages"
    echo "length=$length"
    echo "interval_ms=$interval"
    echo "elapsed_s=$elapsed"
    echo "sent=$sent"
    echo "received=$received"
    echo "lost=$lost"
    echo "lost_percent=$lost_pct"
    echo "rtt_avg_ms=$rtt"
    echo "rtt_max_ms=$rtt_max"
    echo "transmit_s=$transmit_s"
    echo "jitter_avg_ms=$jitter"
    echo "messages_received_per_s=$relayed_rate"
    echo "kernel_udp_rcvbuf_drops=$kernel_drops"
    echo "uclient_exit=$rc"
    echo "server_exit=$server_rc"
    echo "failed=$failed"
    cat "$dir/samples.txt"
    echo "loadavg_start=$load_start"
    echo "loadavg_end=$load_end"
  } >"$dir/summary.txt"

  printf '%s over %s: %s clients (%s uclient processes) x %s messages of %s B every %s ms: sent %s, received %s, lost %s (%s%%), RTT avg %s max %s ms, jitter %s ms, %s msg/s over %s s transmit (%s s in all)%s\n' \
    "$kind" "$transport" "$clients" "$processes" "$messages" "$length" "$interval" "${sent:-?}" "${received:-?}" "${lost:-?}" "${lost_pct:-?}" \
    "${rtt:-?}" "${rtt_max:-?}" "${jitter:-?}" "$relayed_rate" "${transmit_s:-?}" "$elapsed" "$([ "$failed" = 0 ] || echo ' FAILED')"
  printf '  server CPU avg %s%% max %s%%; RSS %s -> %s MiB (max %s), slope %s MiB/min (2nd half %s); load %s -> %s\n' \
    "$(kv "$dir/samples.txt" cpu_avg)" "$(kv "$dir/samples.txt" cpu_max)" "$(kv "$dir/samples.txt" rss_start_mib)" \
    "$(kv "$dir/samples.txt" rss_end_mib)" "$(kv "$dir/samples.txt" rss_max_mib)" "$(kv "$dir/samples.txt" slope_mib_per_min)" \
    "$(kv "$dir/samples.txt" slope2_mib_per_min)" "$load_start" "$load_end"
  echo "  kernel UDP receive-buffer drops during the run (machine-wide): $kernel_drops"
  [ "$rc" = 0 ] || echo "  a turnutils_uclient exited with $rc (see $dir/uclient-*.out)"
  # turnserver ends on SIGTERM without a handler of its own (status 143); ours stops cleanly with 0.
  if [ "$server_rc" != 0 ] && { [ "$kind" = ucstack ] || [ "$server_rc" != 143 ]; }; then
    echo "  the server exited with $server_rc (see $dir/server.log)"
  fi
  echo "  details: $dir"

  [ -s "$out/turn-summary.tsv" ] || printf 'utc\tserver\ttransport\tclients\tmessages\tlength\tinterval_ms\tduration_s\ttransmit_s\tsent\treceived\tlost\trtt_ms\tjitter_ms\tcpu_avg\tcpu_max\trss_start_mib\trss_end_mib\trss_max_mib\tslope_mib_min\tslope2_mib_min\tload_start\tload_end\tdir\n' >"$out/turn-summary.tsv"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$kind" "$transport" \
    "$clients" "$messages" "$length" "$interval" "$elapsed" "${transmit_s:-}" "${sent:-}" "${received:-}" "${lost:-}" "${rtt:-}" "${jitter:-}" \
    "$(kv "$dir/samples.txt" cpu_avg)" "$(kv "$dir/samples.txt" cpu_max)" "$(kv "$dir/samples.txt" rss_start_mib)" \
    "$(kv "$dir/samples.txt" rss_end_mib)" "$(kv "$dir/samples.txt" rss_max_mib)" "$(kv "$dir/samples.txt" slope_mib_per_min)" \
    "$(kv "$dir/samples.txt" slope2_mib_per_min)" "${load_start%% *}" "${load_end%% *}" "$dir" >>"$out/turn-summary.tsv"
}

echo "UcStack TURN load: servers [$servers], transports [$transports], cores $(nproc), load average $(loadavg)"
for transport in $transports; do
  for kind in $servers; do run_once "$kind" "$transport"; done
done
if [ "$overall" != 0 ]; then echo "FAILED: a run lost packets or uclient failed"; exit 1; fi
echo "OK: no lost packets"
