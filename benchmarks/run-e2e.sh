#!/usr/bin/env bash
# End-to-end throughput of `statewall analyze` against Suricata 7 on one Modbus/TCP capture.
#
# The two are run side by side, alternating (Statewall, Suricata, Statewall, Suricata ...), each
# under /usr/bin/time, because absolute times drift by 1.5-3x on a shared machine while ratios
# taken side by side do not. Two pairs are compared, like with like:
#   1. alert-only:  `statewall analyze CAPTURE`            vs  Suricata single, Modbus on, no rules
#   2. rules:       `statewall analyze --policy examples/modbus-bench.yaml --eve OUT --eve-types alert`
#                                                          vs  Suricata single, the 10 bench rules, alerts only
#   3. full EVE:    `statewall analyze --policy … --eve OUT CAPTURE`  vs  Suricata single, the 10 bench
#                                                              rules, an EVE record per Modbus transaction
# Output: a Markdown report on stdout and in bench-out/e2e-<date>.md under the repository root.
#
# usage: benchmarks/run-e2e.sh [--pcap FILE] [--runs N]
#   --pcap FILE  capture to analyse (default: bench-out/modbus_2m.pcap, generated when missing:
#                with ../shared/bench/gen_modbus_pcap.py when ../shared exists, else with the
#                Java ModbusWorkloadGenerator of this module)
#   --runs N     alternating rounds (default 5); medians are reported
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$root/../shared" # beside the repository, wherever it is checked out
out_dir="$root/bench-out"
reference_sha256=8eebe2486b6431661c216dc34b911c7dc375ff7726f86e56fa2cbe75645d9ba0 # bench/README.md

runs=5
pcap=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pcap) [ $# -ge 2 ] || { echo "run-e2e: --pcap needs a file" >&2; exit 2; }; pcap="$2"; shift 2 ;;
    --runs) [ $# -ge 2 ] || { echo "run-e2e: --runs needs a number" >&2; exit 2; }; runs="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run-e2e: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "run-e2e: --runs takes a positive whole number, not '$runs'" >&2; exit 2 ;; esac

say() { echo "run-e2e: $*" >&2; }

if [ ! -x /usr/bin/time ]; then
  say "/usr/bin/time missing: installing package 'time'"
  apt-get install -y -qq time >/dev/null || { say "cannot install 'time'"; exit 2; }
fi

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi

mkdir -p "$out_dir"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/statewall-e2e.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------------------------
# Workload
# ---------------------------------------------------------------------------------------------
# shellcheck source=workload.sh
. "$here/workload.sh"
select_workload

count_packets() {
  if command -v capinfos >/dev/null 2>&1; then
    capinfos -M -c "$1" 2>/dev/null | sed -n 's/^Number of packets: *\([0-9]*\).*/\1/p'
  elif [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 - "$1" <<'EOF'
import struct, sys
n, f = 0, open(sys.argv[1], 'rb')
f.seek(24)
while (h := f.read(16)) and len(h) == 16:
    f.seek(struct.unpack('<IIII', h)[2], 1)
    n += 1
print(n)
EOF
  fi
}
packets="$(count_packets "$pcap")"
[ -n "$packets" ] && [ "$packets" -gt 0 ] || { say "cannot count the packets of $pcap"; exit 2; }
pcap_bytes="$(stat -c %s "$pcap")"
pcap_sha="$(sha256sum "$pcap" | cut -d' ' -f1)"

# ---------------------------------------------------------------------------------------------
# The two tools
# ---------------------------------------------------------------------------------------------
statewall="${STATEWALL:-$root/statewall}" # STATEWALL overrides the launcher (another build, a stub)
bench_policy="$root/examples/modbus-bench.yaml" # the same semantics as suricata/modbus-bench.rules
have_statewall=1
statewall_note=""
say "building / checking the statewall CLI ..."
if ! "$statewall" analyze --help >"$tmp/statewall-help.txt" 2>"$tmp/statewall-build.log"; then
  have_statewall=0
  statewall_note="the statewall CLI did not build or run (\`$statewall analyze --help\` failed): Suricata only."
  say "the statewall CLI does not build or run yet; measuring Suricata only. Last lines:"
  tail -n 15 "$tmp/statewall-build.log" >&2
fi
statewall_how="the \`statewall\` launcher (its JDK AOT cache made after the build)"

have_suricata=1
suricata_note=""
if ! command -v suricata >/dev/null 2>&1; then
  have_suricata=0
  suricata_note="Suricata is not installed (../shared/bench/install.sh installs it): Statewall only."
elif [ ! -f "$shared/bench/suricata/make_yaml.py" ]; then
  have_suricata=0
  suricata_note="../shared/bench/suricata is absent, so there are no bench configs for Suricata: Statewall only."
else
  # make_yaml.py writes next to itself: run a copy, never write into ../shared.
  mkdir -p "$tmp/suricata"
  cp "$shared/bench/suricata/make_yaml.py" "$shared/bench/suricata/"*.rules "$tmp/suricata/"
  /usr/bin/python3 "$tmp/suricata/make_yaml.py" >/dev/null
  suricata_version="$(suricata -V 2>/dev/null | sed -n 's/.*version \([0-9.]*\).*/\1/p')"
fi
[ -z "$suricata_note" ] || say "$suricata_note"
if [ "$have_statewall" = 0 ] && [ "$have_suricata" = 0 ]; then
  say "nothing to measure"
  exit 1
fi

# As bench/README.md runs it: single runmode, no checksum validation, the modbus-enabled config,
# logs into a fresh directory.
suricata_cmd() { # pair logdir: sets the array su_cmd
  local cfg rules
  case "$1" in
    alert) cfg="$tmp/suricata/suricata-alerts.yaml"; rules=/dev/null ;;
    rules) cfg="$tmp/suricata/suricata-alerts.yaml"; rules="$tmp/suricata/modbus-bench.rules" ;;
    *) cfg="$tmp/suricata/suricata-modbuslog.yaml"; rules="$tmp/suricata/modbus-bench.rules" ;;
  esac
  su_cmd=(suricata --runmode single -k none -c "$cfg" -S "$rules" -l "$2" -r "$pcap")
}

# ---------------------------------------------------------------------------------------------
# Measurements: one row per run in results.tsv
#   pair tool run wall user sys maxrss_kb status inproc_pps transactions modbus_records
# ---------------------------------------------------------------------------------------------
results="$tmp/results.tsv"
: >"$results"

timed() { # stdout-file stderr-file cmd...: prints "wall user sys maxrss_kb status"
  local tf="$tmp/time.txt" status=0
  local out="$1" err="$2"; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$out" 2>"$err" || status=$?
  # time(1) puts "Command exited with non-zero status N" first when it fails: keep the last line.
  echo "$(tail -n 1 "$tf") $status"
}

run_statewall() { # pair run
  local pair="$1" i="$2" eve="$tmp/statewall-eve.json" t attempt
  for attempt in 1 2; do
    case "$pair" in
      alert) t="$(timed "$tmp/sw.out" "$tmp/sw.err" "$statewall" analyze "$pcap")" ;;
      rules) t="$(timed "$tmp/sw.out" "$tmp/sw.err" "$statewall" analyze --policy "$bench_policy" --eve "$eve" --eve-types alert "$pcap")" ;;
      *) t="$(timed "$tmp/sw.out" "$tmp/sw.err" "$statewall" analyze --policy "$bench_policy" --eve "$eve" "$pcap")" ;;
    esac
    # Others edit the sources while this runs: a run that rebuilt the CLI is not a measurement.
    grep -q '^statewall: building' "$tmp/sw.err" || break
    say "statewall rebuilt itself during run $i ($pair): measuring again"
  done
  local pps tx records=""
  pps="$(sed -n 's/^packets .*: \([0-9,.]*\) packets\/s.*/\1/p' "$tmp/sw.err" | tr -d , | head -n 1)"
  tx="$(sed -n 's/^transactions *\([0-9,]*\) Modbus.*/\1/p' "$tmp/sw.err" | tr -d , | head -n 1)"
  if [ "$pair" = eve ] && [ -f "$eve" ]; then
    records="$(grep -c '"event_type":"modbus"' "$eve" || true)"
  elif [ "$pair" = rules ] && [ -f "$eve" ]; then
    records="$(grep -c '"event_type":"alert"' "$eve" || true)"
  fi
  rm -f "$eve"
  [ "${t##* }" = 0 ] || { say "statewall exited with status ${t##* } in run $i ($pair):"; tail -n 5 "$tmp/sw.err" >&2; }
  printf '%s\tstatewall\t%s\t%s\t%s\t%s\t%s\n' "$pair" "$i" "$(echo "$t" | tr ' ' '\t')" "${pps:--}" "${tx:--}" "${records:--}" >>"$results"
}

run_suricata() { # pair run
  local pair="$1" i="$2" log="$tmp/suricata-log" t records="" tx=""
  rm -rf "$log"; mkdir -p "$log"
  suricata_cmd "$pair" "$log"
  t="$(timed "$tmp/su.out" "$tmp/su.err" "${su_cmd[@]}")"
  if [ -f "$log/eve.json" ]; then
    if [ "$pair" = rules ]; then
      records="$(grep -c '"event_type":"alert"' "$log/eve.json" || true)"
    else
      records="$(grep -c '"event_type":"modbus"' "$log/eve.json" || true)"
    fi
  fi
  if [ -f "$log/stats.log" ]; then
    tx="$(sed -n 's/^app_layer\.tx\.modbus *| *Total *| *\([0-9]*\).*/\1/p' "$log/stats.log" | tail -n 1)"
  fi
  [ "${t##* }" = 0 ] || { say "suricata exited with status ${t##* } in run $i ($pair):"; tail -n 5 "$tmp/su.err" >&2; }
  printf '%s\tsuricata\t%s\t%s\t-\t%s\t%s\n' "$pair" "$i" "$(echo "$t" | tr ' ' '\t')" "${tx:--}" "${records:--}" >>"$results"
  rm -rf "$log"
}

say "capture $pcap: $packets packets; $runs alternating rounds"
for i in $(seq 1 "$runs"); do
  for pair in alert rules eve; do
    if [ "$have_statewall" = 1 ]; then say "round $i/$runs, $pair: statewall"; run_statewall "$pair" "$i"; fi
    if [ "$have_suricata" = 1 ]; then say "round $i/$runs, $pair: suricata"; run_suricata "$pair" "$i"; fi
  done
done

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
stamp="$(date -u +%Y%m%d-%H%M%S)"
report="$out_dir/e2e-$stamp.md"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty=""
[ -z "$(git -C "$root" status --porcelain 2>/dev/null | head -n 1)" ] || dirty=" + uncommitted changes"
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
java_version="$("${JAVA_HOME:-/usr}/bin/java" -version 2>&1 | head -n 1 | sed 's/"//g')"

awk -F '\t' \
  -v packets="$packets" -v pcap="$pcap" -v pcap_bytes="$pcap_bytes" -v sha="$pcap_sha" -v runs="$runs" \
  -v note="$workload_note" -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v commit="$commit$dirty" \
  -v cpu="$cpu" -v ncpu="$(nproc)" -v mem="$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)" \
  -v java="$java_version" -v suri="${suricata_version:-absent}" -v suri_note="$suricata_note" \
  -v have_sw="$have_statewall" -v have_su="$have_suricata" -v sw_note="$statewall_note" -v sw_how="$statewall_how" '
function median(list,    a, n, i, j, v) {
  n = split(list, a, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { v = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
  return (n % 2) ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function grouped(x,    s, neg) {
  x = sprintf("%.0f", x); neg = (x ~ /^-/); if (neg) x = substr(x, 2)
  s = ""
  while (length(x) > 3) { s = "," substr(x, length(x) - 2) s; x = substr(x, 1, length(x) - 3) }
  return (neg ? "-" : "") x s
}
function add(key, v) { vals[key] = (key in vals) ? vals[key] " " v : v }
$8 == 0 {
  k = $1 SUBSEP $2
  add(k SUBSEP "wall", $4); add(k SUBSEP "cpu", $5 + $6); add(k SUBSEP "rss", $7 / 1024)
  if ($9 != "-") add(k SUBSEP "pps", $9)
  if ($10 != "-") last_tx[k] = $10
  if ($11 != "-") last_rec[k] = $11
  wall[$1, $2, $3] = $4
}
$8 != 0 { failed[$1, $2]++ }
function row(pair, tool, label, cmd,    k, w) {
  k = pair SUBSEP tool
  if (!((k SUBSEP "wall") in vals)) {
    if ((pair, tool) in failed) printf "| %s | `%s` | failed in all %d runs | | | |\n", label, cmd, failed[pair, tool]
    return
  }
  w = median(vals[k SUBSEP "wall"])
  printf "| %s | `%s` | %.3f | %.2f | %.0f | %s |\n", label, cmd, w, median(vals[k SUBSEP "cpu"]),
    median(vals[k SUBSEP "rss"]), grouped(packets / w)
}
function ratio(pair,    i, list, shown, n, r) {
  list = ""; shown = ""; n = 0
  for (i = 1; i <= runs; i++)
    if (((pair, "statewall", i) in wall) && ((pair, "suricata", i) in wall) && wall[pair, "statewall", i] > 0) {
      # same packets on both sides: the packets/s ratio of one round is the inverse ratio of walls
      r = wall[pair, "suricata", i] / wall[pair, "statewall", i]
      list = list " " r; shown = shown (n ? ", " : "") sprintf("%.2f", r); n++
    }
  if (n == 0) return ""
  return sprintf("**%.2f×** (median of %d side-by-side rounds: %s)", median(list), n, shown)
}
function section(pair, title, sw_cmd, su_cmd,    k) {
  printf "\n## %s\n\n", title
  printf "| tool | command | median wall s | median cpu s | peak RSS MiB | packets/s (wall) |\n"
  printf "|---|---|---|---|---|---|\n"
  if (have_sw) row(pair, "statewall", "Statewall", sw_cmd)
  if (have_su) row(pair, "suricata", "Suricata " suri, su_cmd)
  k = pair SUBSEP "statewall" SUBSEP "pps"
  if (k in vals) printf "\nStatewall in-process figure (its own stderr summary, start-up excluded): median %s packets/s.\n", grouped(median(vals[k]))
  if (have_sw && have_su) {
    r = ratio(pair)
    if (r != "") printf "\nStatewall / Suricata in packets/s: %s\n", r
  }
  printf "\nPer round, wall s (Statewall | Suricata):"
  for (i = 1; i <= runs; i++) printf " %s | %s;", ((pair, "statewall", i) in wall) ? wall[pair, "statewall", i] : "-", ((pair, "suricata", i) in wall) ? wall[pair, "suricata", i] : "-"
  printf "\n"
}
END {
  printf "# Statewall vs Suricata, end to end (%s)\n\n", date
  printf "* capture: `%s` (%s), %s packets, %.1f MB, sha256 %s\n", pcap, note, grouped(packets), pcap_bytes / 1e6, sha
  printf "* machine: %s vCPU %s, %s GiB; %s; Suricata %s\n", ncpu, cpu, mem, java, suri
  printf "* statewall: commit %s; run as %s\n", commit, sw_how
  printf "* %d alternating rounds (Statewall then Suricata, per pair); medians; cpu = user + sys; RSS from /usr/bin/time\n", runs
  if (suri_note != "") printf "* %s\n", suri_note
  if (sw_note != "") printf "* %s\n", sw_note
  section("alert", "1. Alert-only (no EVE output)", "statewall analyze CAPTURE",
    "suricata --runmode single -k none -c suricata-alerts.yaml -S /dev/null -l LOG -r CAPTURE")
  section("rules", "2. The 10 bench rules, alerts only", "statewall analyze --policy examples/modbus-bench.yaml --eve OUT --eve-types alert CAPTURE",
    "suricata --runmode single -k none -c suricata-alerts.yaml -S modbus-bench.rules -l LOG -r CAPTURE")
  if ((("rules" SUBSEP "statewall") in last_rec) && (("rules" SUBSEP "suricata") in last_rec))
    printf "\nAlerts: Statewall %s, Suricata %s%s\n", grouped(last_rec["rules", "statewall"]), grouped(last_rec["rules", "suricata"]),
      (last_rec["rules", "statewall"] + 0 == last_rec["rules", "suricata"] + 0) ? " (equal)" : " (**differ**)"
  section("eve", "3. Full per-transaction EVE, with the 10 rules", "statewall analyze --policy examples/modbus-bench.yaml --eve OUT CAPTURE",
    "suricata --runmode single -k none -c suricata-modbuslog.yaml -S modbus-bench.rules -l LOG -r CAPTURE")
  printf "\n## Sanity\n\n"
  sw_tx = (("eve" SUBSEP "statewall") in last_tx) ? last_tx["eve", "statewall"] : ((("alert" SUBSEP "statewall") in last_tx) ? last_tx["alert", "statewall"] : "")
  su_rec = (("eve" SUBSEP "suricata") in last_rec) ? last_rec["eve", "suricata"] : ""
  sw_rec = (("eve" SUBSEP "statewall") in last_rec) ? last_rec["eve", "statewall"] : ""
  su_tx = (("eve" SUBSEP "suricata") in last_tx) ? last_tx["eve", "suricata"] : ""
  if (sw_tx != "") printf "* Statewall Modbus transactions (stderr summary): %s\n", grouped(sw_tx)
  if (sw_rec != "") printf "* Statewall EVE `modbus` records: %s\n", grouped(sw_rec)
  if (su_rec != "") printf "* Suricata `\"event_type\":\"modbus\"` records: %s (app_layer.tx.modbus %s)\n", grouped(su_rec), (su_tx == "" ? "?" : grouped(su_tx))
  if (sw_rec != "" && su_rec != "" && sw_rec + 0 != su_rec + 0)
    printf "* **MISMATCH** between EVE files: Statewall %s `modbus` records vs Suricata %s\n", grouped(sw_rec), grouped(su_rec)
  if (sw_tx != "" && su_rec != "") {
    if (sw_tx + 0 == su_rec + 0) printf "* transactions agree: **%s = %s**\n", grouped(sw_tx), grouped(su_rec)
    else printf "* **MISMATCH**: Statewall %s vs Suricata %s (difference %s)\n", grouped(sw_tx), grouped(su_rec), grouped(sw_tx - su_rec)
  }
  for (k in failed) { split(k, p, SUBSEP); printf "* %s (%s) failed in %d run(s)\n", p[2], p[1], failed[k] }
}' "$results" >"$report"

cat "$report"
say "report written to $report"
