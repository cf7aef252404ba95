#!/usr/bin/env bash
# Fuzzes UcStack's network parsers with AFL++ through SharpFuzz (see fuzz/README.md).
#
#   scripts/fuzz.sh [--seconds N] [--out DIR] [--no-build] [TARGET...]
#
# Builds fuzz/UcStack.Fuzz Release, copies its output to a work dir and instruments the UcStack.*.dll copies there
# with the sharpfuzz tool, collects seed corpora from the test fixtures, runs `afl-fuzz -V N` per target (all targets
# when none are named, a few seconds each by default), replays every crash file through `--replay` on the
# uninstrumented build to confirm it, prints one summary line per target and exits 1 if any crash is confirmed.
# --no-build reuses the last Release build of fuzz/UcStack.Fuzz. Needs only the .NET SDK and afl++ (Debian: apt-get install -y afl++); runs as root in a container.
set -euo pipefail

seconds=5
out=""
build_first=1
targets=()
while (($#)); do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --no-build) build_first=0; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "fuzz.sh: --seconds needs a positive integer" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v afl-fuzz >/dev/null || { echo "fuzz.sh: afl-fuzz not found (apt-get install -y afl++)" >&2; exit 2; }
out="${out:-$root/artifacts/fuzz/run-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release) and instrument"
dotnet tool restore >/dev/null
build="$root/fuzz/UcStack.Fuzz/bin/Release/net10.0"
if ((build_first)) || [[ ! -f "$build/UcStack.Fuzz.dll" ]]; then
    dotnet build fuzz/UcStack.Fuzz -c Release -nologo -v quiet
fi
# Instrument copies, never the build output: the replay step needs the plain assemblies, and sharpfuzz refuses an
# assembly it has already instrumented.
app="$out/app"
rm -rf "$app"
cp -r "$build" "$app"
for dll in "$app"/UcStack.*.dll; do
    [[ "$(basename "$dll")" == UcStack.Fuzz.dll ]] && continue
    dotnet tool run sharpfuzz "$dll" >/dev/null
done

mapfile -t all < <(dotnet "$build/UcStack.Fuzz.dll" list | awk '{print $1}')
((${#targets[@]})) || targets=("${all[@]}")
for t in "${targets[@]}"; do
    printf '%s\n' "${all[@]}" | grep -qx -- "$t" || { echo "fuzz.sh: unknown target $t (have: ${all[*]})" >&2; exit 2; }
done

echo "== seeds from the test fixtures"
seeds="$out/seeds"
rm -rf "$seeds"
dotnet "$build/UcStack.Fuzz.dll" seeds "$root" "$seeds" >/dev/null

# What AFL needs in a container: no CPU-frequency or core_pattern checks, a managed "binary" it cannot inspect,
# no UI, no CPU pinning (shared machine), and time for the .NET runtime to start before the fork server answers.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=60000

afl_stat() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null | head -n1; }

confirmed_total=0
summary=()
for t in "${targets[@]}"; do
    echo "== $t: afl-fuzz for ${seconds}s"
    findings="$out/findings/$t"
    rm -rf "$findings"
    mkdir -p "$findings"
    # -t 5000+: 5 s per input, and seeds that time out during the dry run are skipped instead of aborting.
    afl-fuzz -i "$seeds/$t" -o "$findings" -V "$seconds" -t 5000+ -m none -- dotnet "$app/UcStack.Fuzz.dll" "$t" \
        >"$findings/afl.log" 2>&1 || { echo "afl-fuzz failed for $t; last lines of $findings/afl.log:"; tail -n 20 "$findings/afl.log"; exit 1; }

    stats="$findings/default/fuzzer_stats"
    execs="$(afl_stat "$stats" execs_done)"
    paths="$(afl_stat "$stats" corpus_count)"; paths="${paths:-$(afl_stat "$stats" paths_total)}"
    crashes="$(afl_stat "$stats" saved_crashes)"; crashes="${crashes:-$(afl_stat "$stats" unique_crashes)}"
    hangs="$(afl_stat "$stats" saved_hangs)"; hangs="${hangs:-$(afl_stat "$stats" unique_hangs)}"

    confirmed=0
    crash_dir="$findings/default/crashes"
    if compgen -G "$crash_dir/id:*" >/dev/null; then
        if ! dotnet "$build/UcStack.Fuzz.dll" "$t" --replay "$crash_dir" >"$findings/replay.log" 2>&1; then
            confirmed="$(grep -c '^CRASH ' "$findings/replay.log" || true)"
            grep '^CRASH ' "$findings/replay.log" | head -n 5
        fi
    fi
    confirmed_total=$((confirmed_total + confirmed))
    summary+=("$(printf '%-18s execs=%-9s paths=%-6s crashes=%-4s confirmed=%-4s hangs=%s' "$t" "${execs:-?}" "${paths:-?}" "${crashes:-?}" "$confirmed" "${hangs:-?}")")
done

echo "== summary (${seconds}s per target; findings in $out/findings)"
printf '%s\n' "${summary[@]}"
if ((confirmed_total > 0)); then
    echo "fuzz.sh: $confirmed_total confirmed crash(es); inputs kept under $out/findings/<target>/default/crashes" >&2
    exit 1
fi
