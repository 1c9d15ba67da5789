#!/usr/bin/env bash
# What baseline detection adds to `statewall analyze` (issue 6: "no more than 30 % over the
# policy-only analyze time on modbus_2m.pcap").
#
# Two commands on the same capture, run alternately (policy-only, baseline, policy-only, ...),
# each under /usr/bin/time, because absolute times drift by 1.5-3x on a shared machine while
# figures taken side by side do not:
#   policy    statewall analyze --policy examples/modbus-bench.yaml CAPTURE
#   baseline  statewall analyze --policy examples/modbus-bench.yaml --baseline B CAPTURE
# B is learned once on the capture itself (`statewall learn --policy ...`, kept in bench-out as
# NAME.baseline.yaml and learned again when older than the capture or the build), so the
# baseline run checks every transaction and finds nothing: the cost of checking, not of alerting.
# Reported per command: median wall, the analysis time of its own stderr summary (start-up,
# policy and baseline loading excluded), user+sys CPU and peak RSS; and the added share, the
# median over rounds of baseline/policy - 1, for wall and analysis time. A second table does the
# same with the capture given five times in one run, where start-up and JIT warm-up weigh less:
# the cost of detection itself.
# Output: a Markdown report on stdout and in bench-out/baseline-cost-<date>.md.
#
# usage: benchmarks/run-baseline-cost.sh [--pcap FILE] [--runs N]
#   --pcap FILE  capture (default: bench-out/modbus_2m.pcap, generated when missing, as run-e2e.sh)
#   --runs N     alternating rounds of the single-capture pair (default 10; the five-fold pair
#                runs half as many, at least 2)
# ---------------------------------------------------------------------------------------------
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$root/../shared"
out_dir="$root/bench-out"
reference_sha256=8eebe2486b6431661c216dc34b911c7dc375ff7726f86e56fa2cbe75645d9ba0 # bench/README.md

runs=10
pcap=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pcap) [ $# -ge 2 ] || { echo "run-baseline-cost: --pcap needs a file" >&2; exit 2; }; pcap="$2"; shift 2 ;;
    --runs) [ $# -ge 2 ] || { echo "run-baseline-cost: --runs needs a number" >&2; exit 2; }; runs="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run-baseline-cost: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "run-baseline-cost: --runs takes a positive whole number, not '$runs'" >&2; exit 2 ;; esac

say() { echo "run-baseline-cost: $*" >&2; }
[ -x /usr/bin/time ] || { say "needs /usr/bin/time (apt-get install time)"; exit 2; }
[ -x /usr/bin/python3 ] || { say "needs /usr/bin/python3 for the report"; exit 2; }

mkdir -p "$out_dir"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/statewall-baseline-cost.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=workload.sh
. "$here/workload.sh"
select_workload

statewall="${STATEWALL:-$root/statewall}"
policy="$root/examples/modbus-bench.yaml"
say "building / checking the statewall CLI ..."
"$statewall" --version >/dev/null
jar="$root/cli/target/statewall.jar"

baseline="$out_dir/$(basename "${pcap%.*}").baseline.yaml"
if [ ! -f "$baseline" ] || [ "$pcap" -nt "$baseline" ] || { [ -f "$jar" ] && [ "$jar" -nt "$baseline" ]; }; then
  say "learning $baseline from the capture ..."
  "$statewall" learn --policy "$policy" --out "$baseline" "$pcap" >&2
fi

results="$tmp/results.tsv" # table round command wall user sys maxrss_kb analysis_s status
: >"$results"

run_one() { # table round command captures...
  local table="$1" round="$2" command="$3" attempt status
  shift 3
  local args=(analyze --policy "$policy")
  [ "$command" = baseline ] && args+=(--baseline "$baseline")
  for attempt in 1 2; do
    status=0
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time.txt" "$statewall" "${args[@]}" "$@" >/dev/null 2>"$tmp/err.txt" || status=$?
    # Others edit the sources while this runs: a run that rebuilt the CLI is not a measurement.
    grep -q '^statewall: building' "$tmp/err.txt" || break
    say "statewall rebuilt itself during round $round ($command): measuring again"
  done
  [ "$status" = 0 ] || { say "statewall exited with status $status ($command, round $round):"; tail -n 5 "$tmp/err.txt" >&2; }
  local analysis alerts
  analysis="$(sed -n 's/^packets .* in \([0-9.]*\) s:.*/\1/p' "$tmp/err.txt" | head -n 1)"
  alerts="$(sed -n 's/^verdicts *\([0-9,]*\) alerts.*/\1/p' "$tmp/err.txt" | tr -d , | head -n 1)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$table" "$round" "$command" "$(tail -n 1 "$tmp/time.txt" | tr ' ' '\t')" \
    "${analysis:--}" "$status" "${alerts:--}" >>"$results"
}

for i in $(seq 1 "$runs"); do
  say "round $i/$runs (one capture)"
  run_one single "$i" policy "$pcap"
  run_one single "$i" baseline "$pcap"
done
fivefold=$(( runs / 2 < 2 ? 2 : runs / 2 ))
for i in $(seq 1 "$fivefold"); do
  say "round $i/$fivefold (the capture five times in one run)"
  run_one fivefold "$i" policy "$pcap" "$pcap" "$pcap" "$pcap" "$pcap"
  run_one fivefold "$i" baseline "$pcap" "$pcap" "$pcap" "$pcap" "$pcap"
done

report="$out_dir/baseline-cost-$(date +%Y%m%d-%H%M%S).md"
/usr/bin/python3 - "$results" "$pcap" "$baseline" "$workload_note" "$(nproc)" "$(cat /proc/loadavg)" >"$report" <<'EOF'
import statistics, sys
results, pcap, baseline, note, ncpu, load = sys.argv[1:7]
rows = [line.rstrip('\n').split('\t') for line in open(results) if line.strip()]
def rec(r):
    return dict(table=r[0], round=int(r[1]), command=r[2], wall=float(r[3]), cpu=float(r[4]) + float(r[5]),
                rss=int(r[6]) / 1024, analysis=None if r[7] == '-' else float(r[7]), status=int(r[8]),
                alerts=r[9])
rows = [rec(r) for r in rows]
print("# What baseline detection adds to `statewall analyze`\n")
print(f"* capture: `{pcap}` ({note}); baseline: `{baseline}`, learned on the same capture")
print(f"* policy: `examples/modbus-bench.yaml`; {ncpu} CPUs, load average at the end {load.split()[0]}")
print("* commands alternate, policy-only then baseline, each round; medians over rounds; cpu = user + sys")
failed = [r for r in rows if r['status'] != 0]
if failed:
    print(f"* **{len(failed)} runs failed** (see the script's stderr); they are left out")
rows = [r for r in rows if r['status'] == 0]
for table, title in (('single', 'One capture per run'), ('fivefold', 'The capture five times in one run')):
    t = [r for r in rows if r['table'] == table]
    if not t:
        continue
    print(f"\n## {title}\n")
    print("| command | runs | median wall s | median analysis s | median cpu s | peak RSS MiB | alerts |")
    print("|---|---|---|---|---|---|---|")
    for command in ('policy', 'baseline'):
        c = [r for r in t if r['command'] == command]
        if not c:
            continue
        an = [r['analysis'] for r in c if r['analysis'] is not None]
        print(f"| {command} | {len(c)} | {statistics.median(r['wall'] for r in c):.3f} | "
              f"{statistics.median(an) if an else float('nan'):.3f} | {statistics.median(r['cpu'] for r in c):.2f} | "
              f"{max(r['rss'] for r in c):.0f} | {c[-1]['alerts']} |")
    for key, label in (('wall', 'wall'), ('analysis', 'analysis time')):
        ratios = []
        for rnd in sorted({r['round'] for r in t}):
            p = [r for r in t if r['round'] == rnd and r['command'] == 'policy']
            b = [r for r in t if r['round'] == rnd and r['command'] == 'baseline']
            if p and b and p[0][key] and b[0][key]:
                ratios.append(b[0][key] / p[0][key] - 1)
        if ratios:
            shown = ', '.join(f"{100 * x:+.0f} %" for x in ratios)
            print(f"\nAdded by the baseline, {label}: **{100 * statistics.median(ratios):+.0f} %** "
                  f"(median of {len(ratios)} rounds: {shown})")
EOF
cat "$report"
say "report written to $report"
