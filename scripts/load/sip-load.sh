#!/usr/bin/env bash
# SIP load against the sample server (samples/UcStack.Server, Release) with sipp (Debian sip-tester): a REGISTER
# storm with digest, MESSAGE between registered users, or calls from registered users through the proxy to a
# registered sipp UAS; over UDP or TCP. Samples the server's CPU and RSS, prints a summary, exits 1 on any failed
# call. See scripts/load/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/load/sip-load.sh [options]
  --scenario register|message|call   what to run (default register)
  --transport udp|tcp                sipp -t u1 or t1 (default udp)
  --rate N                           calls (registrations, messages) per second (default 100)
  --duration S                       seconds of load (default 300)
  --users N                          users in the generated users file (default 1000)
  --hold MS                          call scenario: milliseconds between ACK and BYE (default 1000)
  --find-max                         step the rate up from --rate (x --step-factor, --step-duration s each)
                                     until a step fails; report the highest clean rate
  --step-factor F                    default 1.5
  --step-duration S                  default 30
  --max-steps N                      default 12
  --port P                           server UDP/TCP port; sipp uses P+1..P+3 (default 25060)
  --out DIR                          results (default /tmp/ucstack-load)
  --no-build                         use the existing Release build of the server
env: SAMPLE_INTERVAL (seconds between CPU/RSS samples, default 5); SIPP_OPTIONS (added to every sipp)
EOF
}

scenario=register transport=udp rate=100 duration=300 users=1000 hold=1000 find_max=0 step_factor=1.5
step_duration=30 max_steps=12 port=25060 out=/tmp/ucstack-load build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) scenario="$2"; shift 2 ;;
    --transport) transport="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --users) users="$2"; shift 2 ;;
    --hold) hold="$2"; shift 2 ;;
    --find-max) find_max=1; shift ;;
    --step-factor) step_factor="$2"; shift 2 ;;
    --step-duration) step_duration="$2"; shift 2 ;;
    --max-steps) max_steps="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$scenario" in register | message | call) ;; *) echo "--scenario: register, message or call" >&2; exit 2 ;; esac
case "$transport" in udp) sipp_transport=u1 ;; tcp) sipp_transport=t1 ;; *) echo "--transport: udp or tcp" >&2; exit 2 ;; esac
for n in "$rate" "$duration" "$users" "$hold" "$port" "$step_duration" "$max_steps"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "not a whole number: $n" >&2; exit 2; }
done
[ "$users" -ge 2 ] || { echo "--users: at least 2" >&2; exit 2; }

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"
command -v sipp >/dev/null || { echo "sipp is not installed (apt-get install -y sip-tester)" >&2; exit 2; }

domain=example.org
server_dir="$root/samples/UcStack.Server/bin/Release/net10.0"
if [ "$build" = 1 ] || [ ! -x "$server_dir/ucstack-server" ]; then
  echo "building samples/UcStack.Server (Release)..."
  dotnet build -c Release "$root/samples/UcStack.Server" -v quiet -nologo >/dev/null
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
trap 'sample_stop; stop_owned' EXIT
trap 'exit 130' INT TERM

# Users: load00001..loadNNNNN with password pw-00001...; the first half call or write to the second half.
users_file="$out/users-$users.txt"
if [ ! -s "$users_file" ]; then
  for ((i = 1; i <= users; i++)); do printf 'load%05d:pw-%05d\n' "$i" "$i"; done >"$users_file"
fi
half=$((users / 2))

# SIPp 3.6 does not expand [field0] inside [authentication ...]; an injected field may hold the whole keyword.
auth_field() { printf '[authentication username=load%05d password=pw-%05d]' "$1" "$1"; }

# csv_register FILE FROM TO CONTACT_PORT: sipp injection file, fields user;password;contact port;credentials.
csv_register() {
  { echo SEQUENTIAL; for ((i = $2; i <= $3; i++)); do printf 'load%05d;pw-%05d;%d;%s\n' "$i" "$i" "$4" "$(auth_field "$i")"; done; } >"$1"
}

# csv_pairs FILE: fields caller;password;callee;credentials, caller i of the first half to callee half+i.
csv_pairs() {
  { echo SEQUENTIAL; for ((i = 1; i <= half; i++)); do printf 'load%05d;pw-%05d;load%05d;%s\n' "$i" "$i" $((half + i)) "$(auth_field "$i")"; done; } >"$1"
}

# start_server DIR: starts the server with the users file; sets SERVER_PID.
start_server() {
  local dir="$1"
  # SIPp 3.6 answers only MD5 and only the first challenge (docs/server.md: DigestAlgorithms).
  (cd "$dir" && exec "$server_dir/ucstack-server" \
      --Server:Sip:Domain="$domain" --Server:Sip:Address=127.0.0.1 --Server:Sip:UdpPort="$port" \
      --Server:Sip:TcpPort="$port" --Server:Sip:TlsPort=-1 --Server:Sip:UsersFile="$users_file" \
      --Server:Sip:DigestAlgorithms=MD5 \
      --Logging:LogLevel:Default=Warning --Logging:LogLevel:UcStack.Server=Information \
      >server.log 2>&1) &
  SERVER_PID=$!
  own "$SERVER_PID"
  if ! wait_for_line "$dir/server.log" "SIP for $domain on Tcp" 60 "$SERVER_PID"; then
    echo "the server did not start:" >&2
    cat "$dir/server.log" >&2
    return 1
  fi
}

# sipp_common: options every sipp run here uses. -recv_timeout turns a message that never comes (TCP has no
# retransmissions) into a failed call instead of a hang.
# SIPP_OPTIONS (environment) adds options to every sipp, e.g. SIPP_OPTIONS=-trace_msg for a short debugging run.
read -r -a sipp_extra <<<"${SIPP_OPTIONS:-}"
sipp_common=(-i 127.0.0.1 -t "$sipp_transport" -nostdin -key domain "$domain" -recv_timeout 32000
  -trace_stat -fd 5 -trace_err -max_socket 4096 "${sipp_extra[@]}")

# register_helpers DIR FROM TO CONTACT_PORT: registers users FROM..TO with CONTACT_PORT as their Contact port
# (where the answering sipp listens), from a sipp on port+3. Fails unless every registration succeeded.
register_helpers() {
  local dir="$1" count=$(($3 - $2 + 1))
  csv_register "$dir/register-helpers.csv" "$2" "$3" "$4"
  (cd "$dir" && timeout 300 sipp "${sipp_common[@]}" -sf "$here/sipp/register.xml" -inf register-helpers.csv \
      -p $((port + 3)) -r 200 -m "$count" -l 1000 -stf register-helpers.csv.stat 127.0.0.1:"$port" \
      >register-helpers.out 2>&1) || true
  local ok
  ok=$(sipp_stat "$dir/register-helpers.csv.stat" 'SuccessfulCall(C)')
  if [ "$ok" != "$count" ]; then
    echo "registering the answering users failed: $ok of $count (see $dir/register-helpers.out)" >&2
    return 1
  fi
}

# run_once RATE SECONDS LABEL: one complete run (server, answering sipp, load, summary). Sets RUN_FAILED
# (failed calls) and RUN_DIR; returns 0 when it ran to the end.
run_once() {
  local rate="$1" seconds="$2" label="$3"
  local dir="$out/$(date -u +%Y%m%dT%H%M%SZ)-$scenario-$transport-$rate-$label"
  mkdir -p "$dir"
  RUN_DIR="$dir"
  local load_start uas_pid="" uas_file="" calls=$((rate * seconds))
  load_start="$(loadavg)"
  start_server "$dir" || return 1
  local server_rss0
  server_rss0=$(rss_kib "$SERVER_PID")

  local uac_file uac_csv
  case "$scenario" in
    register)
      uac_file=register.xml uac_csv=register.csv
      csv_register "$dir/$uac_csv" 1 "$users" $((port + 1))
      ;;
    message | call)
      if [ "$scenario" = message ]; then uac_file=message-send.xml uas_file=message-receive.xml; else uac_file=call-uac.xml uas_file=call-uas.xml; fi
      uac_csv=pairs.csv
      csv_pairs "$dir/$uac_csv"
      (cd "$dir" && exec sipp "${sipp_common[@]}" -sf "$here/sipp/$uas_file" -p $((port + 2)) -stf uas.stat \
          -deadcall_wait 40000 >uas.out 2>&1) &
      uas_pid=$!
      own "$uas_pid"
      sleep 0.5
      kill -0 "$uas_pid" 2>/dev/null || { echo "the answering sipp did not start:" >&2; cat "$dir/uas.out" >&2; return 1; }
      register_helpers "$dir" $((half + 1)) $((half * 2)) $((port + 2)) || return 1
      ;;
  esac

  sample_start "$SERVER_PID" "$dir/server-samples.csv"
  local started ended rc=0 drops_before
  drops_before=$(udp_rcvbuf_errors)
  started=$(date +%s.%N)
  # -l bounds the calls in progress (30 s of calls) so an overloaded server shows as failures, not as memory.
  (cd "$dir" && timeout $((seconds * 2 + 120)) sipp "${sipp_common[@]}" -sf "$here/sipp/$uac_file" -inf "$uac_csv" \
      -p $((port + 1)) -r "$rate" -m "$calls" -l $((rate * 30 + 100)) -d "$hold" -stf uac.stat \
      -timeout $((seconds * 2 + 90))s -timeout_error 127.0.0.1:"$port" >uac.out 2>&1) || rc=$?
  ended=$(date +%s.%N)
  local kernel_drops=$(($(udp_rcvbuf_errors) - drops_before))
  sample_stop
  local load_end
  load_end="$(loadavg)"
  # Let the answering side finish its last transactions, then stop it and the server.
  if [ -n "$uas_pid" ]; then sleep 2; stop_pid "$uas_pid" 10 || true; fi
  local server_rc=0
  stop_pid "$SERVER_PID" 20 || server_rc=$?
  OWNED_PIDS=()

  summarize_samples "$dir/server-samples.csv" >"$dir/samples.txt"
  local ok failed retrans uas_ok=0 uas_failed=0 uas_retrans=0 elapsed achieved errors
  ok=$(sipp_stat "$dir/uac.stat" 'SuccessfulCall(C)')
  failed=$(sipp_stat "$dir/uac.stat" 'FailedCall(C)')
  retrans=$(sipp_stat "$dir/uac.stat" 'Retransmissions(C)')
  if [ -n "$uas_file" ]; then
    uas_ok=$(sipp_stat "$dir/uas.stat" 'SuccessfulCall(C)')
    uas_failed=$(sipp_stat "$dir/uas.stat" 'FailedCall(C)')
    uas_retrans=$(sipp_stat "$dir/uas.stat" 'Retransmissions(C)')
  fi
  # Calls that never finished (sipp killed by its timeout) count as failed too.
  local missing=$((calls - ok - failed))
  [ "$missing" -gt 0 ] || missing=0
  elapsed=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  # Calls are started over the run and each lasts its hold time: the last ones end that much after the last start.
  local tail_s=0
  [ "$scenario" != call ] || tail_s=$(awk -v h="$hold" 'BEGIN { print h / 1000 }')
  achieved=$(awk -v n="$ok" -v s="$elapsed" -v t="$tail_s" 'BEGIN { d = s - t; printf "%.1f", (d > 0 ? n / d : 0) }')
  errors=$(cat "$dir"/*_errors.log 2>/dev/null | grep -c . || true)
  RUN_FAILED=$((failed + uas_failed + missing))
  {
    echo "scenario=$scenario"
    echo "transport=$transport"
    echo "rate_target=$rate"
    echo "duration_s=$seconds"
    echo "elapsed_s=$elapsed"
    echo "calls_ok=$ok"
    echo "rate_achieved=$achieved"
    echo "failed_uac=$failed"
    echo "failed_uas=$uas_failed"
    echo "unfinished=$missing"
    echo "uas_ok=$uas_ok"
    echo "retransmissions_uac=$retrans"
    echo "retransmissions_uas=$uas_retrans"
    echo "sipp_error_lines=$errors"
    echo "kernel_udp_rcvbuf_drops=$kernel_drops"
    echo "sipp_uac_exit=$rc"
    echo "server_exit=$server_rc"
    echo "server_rss_before_load_mib=$(awk -v r="$server_rss0" 'BEGIN { printf "%.1f", r / 1024 }')"
    cat "$dir/samples.txt"
    echo "loadavg_start=$load_start"
    echo "loadavg_end=$load_end"
  } >"$dir/summary.txt"

  printf '%s %s %s: target %s/s, achieved %s/s over %s s, %s ok, failed %s (uac %s, uas %s, unfinished %s), retrans %s+%s\n' \
    "$label" "$scenario" "$transport" "$rate" "$achieved" "$elapsed" "$ok" "$RUN_FAILED" "$failed" "$uas_failed" "$missing" "$retrans" "$uas_retrans"
  printf '  server CPU avg %s%% max %s%%; RSS %s -> %s MiB (max %s), slope %s MiB/min (2nd half %s); load %s -> %s\n' \
    "$(kv "$dir/samples.txt" cpu_avg)" "$(kv "$dir/samples.txt" cpu_max)" "$(kv "$dir/samples.txt" rss_start_mib)" \
    "$(kv "$dir/samples.txt" rss_end_mib)" "$(kv "$dir/samples.txt" rss_max_mib)" "$(kv "$dir/samples.txt" slope_mib_per_min)" \
    "$(kv "$dir/samples.txt" slope2_mib_per_min)" "$load_start" "$load_end"
  [ "$server_rc" = 0 ] || echo "  the server exited with $server_rc (see $dir/server.log)"
  [ "$kernel_drops" = 0 ] || echo "  kernel UDP receive-buffer drops during the load (machine-wide): $kernel_drops"
  [ "$errors" = 0 ] || echo "  sipp logged $errors error lines: $dir/*_errors.log"
  echo "  details: $dir"

  # One line per run for tables: appended to OUT/summary.tsv.
  [ -s "$out/summary.tsv" ] || printf 'utc\tscenario\ttransport\trate\tachieved\tduration_s\tfailed\tretrans\tcpu_avg\tcpu_max\trss_start_mib\trss_end_mib\trss_max_mib\tslope_mib_min\tslope2_mib_min\tload_start\tload_end\tdir\n' >"$out/summary.tsv"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$scenario" "$transport" \
    "$rate" "$achieved" "$elapsed" "$RUN_FAILED" "$((retrans + uas_retrans))" "$(kv "$dir/samples.txt" cpu_avg)" \
    "$(kv "$dir/samples.txt" cpu_max)" "$(kv "$dir/samples.txt" rss_start_mib)" "$(kv "$dir/samples.txt" rss_end_mib)" \
    "$(kv "$dir/samples.txt" rss_max_mib)" "$(kv "$dir/samples.txt" slope_mib_per_min)" "$(kv "$dir/samples.txt" slope2_mib_per_min)" \
    "${load_start%% *}" "${load_end%% *}" "$dir" >>"$out/summary.tsv"
  RUN_ACHIEVED="$achieved"
  return 0
}

echo "UcStack SIP load: $scenario over $transport, $users users, cores $(nproc), load average $(loadavg)"
if [ "$find_max" = 0 ]; then
  run_once "$rate" "$duration" run || exit 1
  [ "$RUN_FAILED" = 0 ] || { echo "FAILED: $RUN_FAILED failed calls"; exit 1; }
  echo "OK: no failed calls"
  exit 0
fi

# --find-max: a step is clean when nothing failed and sipp achieved at least 95 % of the target rate (below
# that, the offered load was not what the step claims).
best=0
step_rate="$rate"
for ((step = 1; step <= max_steps; step++)); do
  run_once "$step_rate" "$step_duration" "step$step" || { echo "step $step could not run"; break; }
  if [ "$RUN_FAILED" != 0 ]; then echo "  -> step failed: $RUN_FAILED failed calls"; break; fi
  if ! awk -v a="$RUN_ACHIEVED" -v t="$step_rate" 'BEGIN { exit !(a >= 0.95 * t) }'; then
    echo "  -> step short of its rate (achieved $RUN_ACHIEVED of $step_rate/s)"
    break
  fi
  best="$step_rate"
  step_rate=$(awk -v r="$step_rate" -v f="$step_factor" 'BEGIN { n = int(r * f + 0.5); print (n > r) ? n : r + 1 }')
done
echo "highest clean rate: $best/s ($scenario over $transport, ${step_duration}s steps, load average now $(loadavg))"
[ "$best" != 0 ] || exit 1
