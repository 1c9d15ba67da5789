#!/usr/bin/env bash
# Added latency and throughput of something placed between a Modbus/TCP client and server, on
# loopback: the Statewall NMA against socat and HAProxy, each measured against a direct
# connection of the same round (../shared/bench/README.md, "Inline path").
#
# Server: ../shared/bench/inline/mb_server.c (libmodbus, one thread, like a PLC). Client:
# ../shared/bench/inline/mb_load.c (K connections, closed loop, FC 3 reads of 10 registers,
# 1000 untimed warm-up requests per connection, every round trip timed). Paths:
#   direct     mb_load -> mb_server
#   socat      socat TCP-LISTEN:P,bind=127.0.0.1,reuseaddr,fork,nodelay TCP:127.0.0.1:S,nodelay
#   haproxy    haproxy -db with ../shared/bench/inline/haproxy.cfg, its ports rewritten
#   statewall  statewall nma --listen 127.0.0.1:P --upstream 127.0.0.1:S
#              --policy examples/inline-bench.yaml (its plc port rewritten to S), EVE and
#              Prometheus metrics on, as deployed
# Every relay is started once, kept running, and warmed up with untimed runs: three at K=16 (a
# JIT-compiled relay keeps compiling, and speeding up, over its first few runs; the C relays are
# indifferent) and one at K=1.
# Each round then runs, for K = 1 and K = 16, direct and then every relay: "added" is the
# relay's p50/p99/p99.9 minus the direct run's of the same round. CPU per request is the relay
# process's utime+stime (its reaped children's too: socat forks one per connection) from
# /proc/PID/stat across the mb_load run, divided by the requests it relayed, warm-up included.
# Medians over rounds are reported. For the NMA the report also checks that no request was
# lost (mb_load errors, and the NMA's own counters against the requests sent) and gives its
# RSS (VmRSS) before and after the load.
# Output: a Markdown report on stdout and in bench-out/inline-<date>.md under the repository root.
#
# usage: benchmarks/run-inline.sh [--paths LIST] [--rounds R] [--requests N1,N16] [--warmup-runs W] [--quick]
#        benchmarks/run-inline.sh --soak MINUTES [--requests N1,N16]
#   --paths LIST       comma-separated, from direct,socat,haproxy,statewall (default: all four);
#                      direct always runs: it is every relay's reference
#   --rounds R         paired rounds (default 3)
#   --requests N1,N16  timed requests per connection at K=1 and at K=16 (default 50000,10000:
#                      about 3 minutes for all four paths)
#   --warmup-runs W    untimed K=16 runs per path before round 1 (default 3; then one at K=1)
#   --quick            smoke run of under a minute: 10000,2000 requests
#   --soak MINUTES     instead of the rounds: MINUTES of back-to-back K=16 runs through the NMA
#                      alone, its RSS sampled every 30 s, and the same no-loss check
# Needs gcc, libmodbus-dev, socat and haproxy (installed with apt-get when missing) and, for
# the statewall path, JDK 25. STATEWALL=/path/to/launcher measures another build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$root/../shared" # beside the repository, wherever it is checked out
out_dir="$root/bench-out"
statewall="${STATEWALL:-$root/statewall}"
policy_file="$root/examples/inline-bench.yaml"
policy_server_port=25020 # the plc asset's port in policy_file, replaced by the chosen one
warmup=1000              # mb_load's untimed requests per connection (its default)
qty=10                   # registers per read (mb_load's default)

die() { echo "run-inline: $*" >&2; exit 2; }
say() { echo "run-inline: $*" >&2; }

paths_arg="direct,socat,haproxy,statewall"
rounds=3
warmup_runs=3
requests=""
quick=0
soak=0
while [ $# -gt 0 ]; do
  case "$1" in
    --paths) [ $# -ge 2 ] || die "--paths needs a list"; paths_arg="$2"; shift 2 ;;
    --rounds) [ $# -ge 2 ] || die "--rounds needs a number"; rounds="$2"; shift 2 ;;
    --warmup-runs) [ $# -ge 2 ] || die "--warmup-runs needs a number"; warmup_runs="$2"; shift 2 ;;
    --requests) [ $# -ge 2 ] || die "--requests needs N1,N16"; requests="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --soak) [ $# -ge 2 ] || die "--soak needs a number of minutes"; soak="$2"; paths_arg=direct,statewall; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) die "--rounds takes a positive whole number, not '$rounds'" ;; esac
case "$warmup_runs" in ''|*[!0-9]*|0) die "--warmup-runs takes a positive whole number, not '$warmup_runs'" ;; esac
case "$soak" in ''|*[!0-9]*) die "--soak takes a whole number of minutes, not '$soak'" ;; esac
if [ -z "$requests" ]; then
  if [ "$quick" = 1 ]; then requests=10000,2000; else requests=50000,10000; fi
fi
[[ "$requests" =~ ^[1-9][0-9]*,[1-9][0-9]*$ ]] || die "--requests takes two positive numbers N1,N16, not '$requests'"
n_per_conn=([1]="${requests%,*}" [16]="${requests#*,}")

relays=() # in the order given, without direct
IFS=, read -r -a wanted <<<"$paths_arg"
[ ${#wanted[@]} -gt 0 ] || die "--paths is empty"
for p in "${wanted[@]}"; do
  case "$p" in
    direct) ;;
    socat|haproxy|statewall) [[ " ${relays[*]} " == *" $p "* ]] || relays+=("$p") ;;
    *) die "unknown path '$p' in --paths (direct, socat, haproxy, statewall)" ;;
  esac
done
has() { [[ " ${relays[*]} " == *" $1 "* ]]; }
[ "$soak" = 0 ] || has statewall || die "--soak measures the NMA: give --paths with statewall"

[ -f "$shared/bench/inline/mb_server.c" ] && [ -f "$shared/bench/inline/mb_load.c" ] \
  || die "$shared/bench/inline/mb_server.c and mb_load.c are needed (../shared beside the repository)"
if has statewall; then
  [ -f "$policy_file" ] || die "$policy_file is missing"
  [ "$(grep -c "port: $policy_server_port\b" "$policy_file")" = 1 ] \
    || die "$policy_file must name the server port $policy_server_port exactly once (the plc asset)"
fi

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[ -f /usr/include/modbus/modbus.h ] || missing+=(libmodbus-dev)
if has socat && ! command -v socat >/dev/null 2>&1; then missing+=(socat); fi
if has haproxy && ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then missing+=(haproxy); fi
if [ ${#missing[@]} -gt 0 ]; then
  apt=(apt-get)
  [ "$(id -u)" = 0 ] || apt=(sudo -n apt-get)
  say "installing ${missing[*]} ..."
  if ! "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    "${apt[@]}" update -qq >/dev/null 2>&1 || true
    "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null 2>&1 || die "cannot install ${missing[*]} (apt-get install ${missing[*]})"
  fi
fi
export PATH="$PATH:/usr/sbin" # haproxy lives there

tmp="$(mktemp -d "${TMPDIR:-/tmp}/statewall-inline.XXXXXX")"
started=() # PIDs of every process this script started and must end

stop_pid() { # pid: TERM, then KILL after 10 s; socat's per-connection children first
  local p="$1" c
  kill -0 "$p" 2>/dev/null || { wait "$p" 2>/dev/null || true; return 0; }
  for c in $(pgrep -P "$p" 2>/dev/null || true); do kill "$c" 2>/dev/null || true; done
  kill "$p" 2>/dev/null || true
  for _ in $(seq 200); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null || true
}
cleanup() {
  local p
  for p in "${started[@]}"; do stop_pid "$p"; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "building mb_server and mb_load ..."
gcc -O2 -o "$tmp/mb_server" "$shared/bench/inline/mb_server.c" -lmodbus 2>"$tmp/gcc.log" \
  || die "gcc mb_server.c failed: $(head -n 1 "$tmp/gcc.log")"
gcc -O2 -o "$tmp/mb_load" "$shared/bench/inline/mb_load.c" -lmodbus -lpthread 2>"$tmp/gcc.log" \
  || die "gcc mb_load.c failed: $(head -n 1 "$tmp/gcc.log")"

if has statewall; then
  # Build (when the sources changed) and make the AOT cache now, not while timing.
  say "building / checking the statewall CLI ..."
  "$statewall" nma --help >/dev/null 2>"$tmp/statewall-build.log" \
    || die "\`$statewall nma --help\` failed ($(grep -m 1 -E 'ERROR|rror' "$tmp/statewall-build.log" || tail -n 1 "$tmp/statewall-build.log")); --paths direct,socat,haproxy measures the peers alone"
fi

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------
free_ports() { # count: distinct loopback ports the OS has just handed out (all bound at once)
  if command -v python3 >/dev/null 2>&1; then
    python3 -c '
import socket, sys
ss = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))' "$1"
  else # no python: probe random high ports until nothing answers
    local out=() p
    while [ ${#out[@]} -lt "$1" ]; do
      p=$((20000 + RANDOM % 30000))
      [[ " ${out[*]} " == *" $p "* ]] && continue
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || out+=("$p")
    done
    echo "${out[*]}"
  fi
}
wait_port() { # port name pid log: until the port accepts connections (10 s), or the process dies
  for _ in $(seq 200); do
    kill -0 "$3" 2>/dev/null || die "$2 exited at start: $(tail -n 1 "$4" 2>/dev/null)"
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  die "$2 did not listen on 127.0.0.1:$1 within 10 s"
}
read -r server_port port_socat port_haproxy port_statewall <<<"$(free_ports 4)"
declare -A port=([direct]="$server_port" [socat]="$port_socat" [haproxy]="$port_haproxy" [statewall]="$port_statewall")
declare -A pid=()

"$tmp/mb_server" "$server_port" >"$tmp/mb_server.log" 2>&1 &
started+=($!)
wait_port "$server_port" mb_server $! "$tmp/mb_server.log"

if has socat; then
  socat "TCP-LISTEN:$port_socat,bind=127.0.0.1,reuseaddr,fork,nodelay" "TCP:127.0.0.1:$server_port,nodelay" \
    >"$tmp/socat.log" 2>&1 &
  pid[socat]=$!; started+=($!)
  wait_port "$port_socat" socat "${pid[socat]}" "$tmp/socat.log"
fi
if has haproxy; then
  sed -e "s/127\.0\.0\.1:25022/127.0.0.1:$port_haproxy/" -e "s/127\.0\.0\.1:25020/127.0.0.1:$server_port/" \
    "$shared/bench/inline/haproxy.cfg" >"$tmp/haproxy.cfg"
  grep -q "127.0.0.1:$port_haproxy" "$tmp/haproxy.cfg" && grep -q "127.0.0.1:$server_port" "$tmp/haproxy.cfg" \
    || die "../shared/bench/inline/haproxy.cfg no longer binds 127.0.0.1:25022 to server 127.0.0.1:25020"
  haproxy -db -f "$tmp/haproxy.cfg" >"$tmp/haproxy.log" 2>&1 &
  pid[haproxy]=$!; started+=($!)
  wait_port "$port_haproxy" haproxy "${pid[haproxy]}" "$tmp/haproxy.log"
fi
if has statewall; then
  sed "s/port: $policy_server_port\b/port: $server_port/" "$policy_file" >"$tmp/inline-bench.yaml"
  "$statewall" nma --listen "127.0.0.1:$port_statewall" --upstream "127.0.0.1:$server_port" \
    --policy "$tmp/inline-bench.yaml" --eve "$tmp/nma-eve.json" --metrics 127.0.0.1:0 >"$tmp/nma.out" 2>"$tmp/nma.err" &
  pid[statewall]=$!; started+=($!) # the launcher execs the JVM: the same PID
  start_timeout=120 # the launcher may still rebuild if someone edits the sources meanwhile
  for ((i = 0; i < start_timeout * 20; i++)); do
    grep -q 'listening' "$tmp/nma.err" && break
    kill -0 "${pid[statewall]}" 2>/dev/null || die "statewall nma exited at start: $(grep -v '^statewall: building' "$tmp/nma.err" | tail -n 1)"
    sleep 0.05
  done
  grep -q 'listening' "$tmp/nma.err" || die "statewall nma printed no 'listening' line within $start_timeout s"
  # The metrics line follows the listening line.
  for _ in $(seq 100); do grep -q 'metrics on' "$tmp/nma.err" && break; sleep 0.05; done
  metrics_url="$(sed -n 's/.*metrics on \(http[^ ]*\).*/\1/p' "$tmp/nma.err" | head -n 1)"
  java_bin="$(readlink "/proc/${pid[statewall]}/exe" 2>/dev/null || true)"
fi

# ---------------------------------------------------------------------------------------------
# Measurements: one line per mb_load run in results.txt:
#   round=R k=K path=P relayed=N cpu_ticks=T <mb_load's line: conns= requests= errors= ... >
# ---------------------------------------------------------------------------------------------
hz="$(getconf CLK_TCK)"
proc_ticks() { # pid: utime + stime + cutime + cstime, once its per-connection children are reaped
  for _ in $(seq 100); do [ -z "$(pgrep -P "$1" 2>/dev/null || true)" ] && break; sleep 0.02; done
  sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 + $14 + $15 }'
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
metrics() {
  [ -n "${metrics_url:-}" ] || return 0
  if command -v curl >/dev/null 2>&1; then curl -fsS --max-time 5 "$metrics_url" || true
  else python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$metrics_url" || true
  fi
}
results="$tmp/results.txt"
: >"$results"
nma_sent=0  # requests mb_load sent through the NMA, warm-ups included
nma_conns=0 # connections mb_load opened through it

run_load() { # round k path: one mb_load run, appended to results.txt (round 0 = warm-up)
  local round="$1" k="$2" path="$3" n="${n_per_conn[$2]}" before=0 after=0 line status=0 relayed
  [ "$path" = direct ] || before="$(proc_ticks "${pid[$path]}")"
  line="$("$tmp/mb_load" 127.0.0.1 "${port[$path]}" "$k" "$n" "$warmup" "$qty" 2>"$tmp/mb_load.err")" || status=$?
  [ "$status" = 0 ] || die "mb_load through $path (K=$k) exited with $status: $(tail -n 1 "$tmp/mb_load.err")"
  [[ "$line" == conns=* ]] || die "mb_load through $path (K=$k) printed no result line"
  [ "$path" = direct ] || after="$(proc_ticks "${pid[$path]}")"
  relayed=$((k * (n + warmup)))
  if [ "$path" = statewall ]; then nma_sent=$((nma_sent + relayed)); nma_conns=$((nma_conns + k)); fi
  echo "round=$round k=$k path=$path relayed=$relayed cpu_ticks=$((after - before)) $line" >>"$results"
}

has statewall && nma_rss_start="$(rss_kib "${pid[statewall]}")"
say "server 127.0.0.1:$server_port; paths: direct ${relays[*]}; $rounds rounds; K=1 x ${n_per_conn[1]}, K=16 x ${n_per_conn[16]} requests"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for path in direct "${relays[@]}"; do
  say "warming up $path"
  for w in $(seq 1 "$warmup_runs"); do
    run_load 0 16 "$path"
  done
  run_load 0 1 "$path"
done
has statewall && nma_rss_warm="$(rss_kib "${pid[statewall]}")"
soak_file="$tmp/soak.txt"
: >"$soak_file"
if [ "$soak" -gt 0 ]; then
  rounds=0
  say "soak: $soak minutes of K=16 runs through the NMA"
  soak_start=$SECONDS
  next_sample=$SECONDS
  while [ $((SECONDS - soak_start)) -lt $((soak * 60)) ]; do
    run_load soak 16 statewall
    if [ $SECONDS -ge $next_sample ]; then
      echo "elapsed=$((SECONDS - soak_start)) rss=$(rss_kib "${pid[statewall]}") sent=$nma_sent" >>"$soak_file"
      next_sample=$((SECONDS + 30))
    fi
  done
  echo "elapsed=$((SECONDS - soak_start)) rss=$(rss_kib "${pid[statewall]}") sent=$nma_sent" >>"$soak_file"
fi
for round in $(seq "$rounds"); do
  for k in 1 16; do
    for path in direct "${relays[@]}"; do
      say "round $round/$rounds, K=$k: $path"
      run_load "$round" "$k" "$path"
    done
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

nma_facts=""
if has statewall; then
  nma_rss_end="$(rss_kib "${pid[statewall]}")"
  metrics >"$tmp/metrics.txt"
  # The EVE file is complete once the NMA has stopped (SIGTERM writes the last events).
  stop_pid "${pid[statewall]}"
  eve_bytes="$(stat -c %s "$tmp/nma-eve.json" 2>/dev/null || echo 0)"
  eve_alerts="$(grep -c '"event_type":"alert"' "$tmp/nma-eve.json" 2>/dev/null || true)"
  eve_states="$(grep -c '"event_type":"state"' "$tmp/nma-eve.json" 2>/dev/null || true)"
  policy_rules="$(awk '/^[a-z_]+:/ { section = $1 } /^ *- id:/ { if (section == "protected:") p++; else r++ } END { print r + 0, p + 0 }' "$policy_file")"
  nma_facts="rules=${policy_rules% *} protected=${policy_rules#* } nma_sent=$nma_sent nma_conns=$nma_conns rss_start=$nma_rss_start rss_warm=$nma_rss_warm rss_end=$nma_rss_end"
  nma_facts="$nma_facts eve_bytes=$eve_bytes eve_alerts=${eve_alerts:-0} eve_states=${eve_states:-0}"
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
mkdir -p "$out_dir"
stamp="$(date -u +%Y%m%d-%H%M%S)"
report="$out_dir/inline-$stamp.md"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -z "$(git -C "$root" status --porcelain 2>/dev/null | head -n 1)" ] || commit="$commit + uncommitted changes"
versions="libmodbus $(pkg-config --modversion libmodbus 2>/dev/null || dpkg-query -W -f '${Version}' libmodbus-dev 2>/dev/null || echo '?')"
versions="$versions, $(gcc -dumpfullversion 2>/dev/null | sed 's/^/gcc /')"
has socat && versions="$versions, socat $(socat -V 2>/dev/null | sed -n 's/^socat version \([^ ]*\).*/\1/p' | head -n 1)"
has haproxy && versions="$versions, HAProxy $(haproxy -v 2>/dev/null | sed -n 's/^HAProxy version \([^ ]*\).*/\1/p' | head -n 1)"
has statewall && versions="$versions, $("${java_bin:-java}" -version 2>&1 | head -n 1 | sed 's/"//g')"

awk -v rounds="$rounds" -v relays="${relays[*]}" -v hz="$hz" -v nma="$nma_facts" \
  -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" -v commit="$commit" -v versions="$versions" \
  -v cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" -v ncpu="$(nproc)" \
  -v mem="$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" -v kernel="$(uname -r)" \
  -v load_start="$load_start" -v load_end="$load_end" -v n1="${n_per_conn[1]}" -v n16="${n_per_conn[16]}" \
  -v warmup="$warmup" -v warmup_runs="$warmup_runs" -v server_port="$server_port" -v metrics_file="$tmp/metrics.txt" \
  -v soak="$soak" -v soak_file="$soak_file" '
function median(list,    a, n, i, j, v) {
  n = split(list, a, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { v = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
  return (n % 2) ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function add(key, v) { vals[key] = (key in vals) ? vals[key] " " v : v }
function med(key) { return (key in vals) ? median(vals[key]) : "" }
function grouped(x,    s, neg) {
  x = sprintf("%.0f", x); neg = (x ~ /^-/); if (neg) x = substr(x, 2)
  s = ""
  while (length(x) > 3) { s = "," substr(x, length(x) - 2) s; x = substr(x, 1, length(x) - 3) }
  return (neg ? "-" : "") x s
}
function f1(x) { return x == "" ? "–" : sprintf("%.1f", x) }
function f2(x) { return x == "" ? "–" : sprintf("%.2f", x) }
function signed(x) { return x == "" ? "–" : sprintf("%+.1f", x) }
function kv(line, arr,    n, a, i, eq) {
  delete arr
  n = split(line, a, " ")
  for (i = 1; i <= n; i++) { eq = index(a[i], "="); if (eq) arr[substr(a[i], 1, eq - 1)] = substr(a[i], eq + 1) }
}
{
  kv($0, r)
  if (r["path"] == "statewall") nma_errors += r["errors"]
  if (r["round"] == "soak") { soak_runs++; add("soak_tps", r["tps"]); add("soak_p50", r["p50_us"]); add("soak_p99", r["p99_us"]); add("soak_p999", r["p999_us"]); next }
  if (r["round"] == 0) next
  key = r["round"] SUBSEP r["k"] SUBSEP r["path"]
  for (m in r) run[key, m] = r[m]
  run[key, "cpu_us"] = r["cpu_ticks"] * 1e6 / hz / r["relayed"]
  errors[r["k"], r["path"]] += r["errors"]
}
function collect(k, path,    i, d, key, m, n, metric) {
  split("p50_us p99_us p999_us tps", metric, " ")
  for (i = 1; i <= rounds; i++) {
    key = i SUBSEP k SUBSEP path; d = i SUBSEP k SUBSEP "direct"
    if (!((key, "tps") in run)) continue
    for (m = 1; m <= 4; m++) add(k SUBSEP path SUBSEP metric[m], run[key, metric[m]])
    if (path != "direct") {
      add(k SUBSEP path SUBSEP "cpu_us", run[key, "cpu_us"])
      if ((d, "tps") in run) {
        for (m = 1; m <= 3; m++) add(k SUBSEP path SUBSEP "added_" metric[m], run[key, metric[m]] - run[d, metric[m]])
        add(k SUBSEP path SUBSEP "vs_direct", run[key, "tps"] / run[d, "tps"])
      }
      if (path != "statewall" && ((i SUBSEP k SUBSEP "statewall", "tps") in run)) {
        add(k SUBSEP path SUBSEP "sw_tps_ratio", run[i SUBSEP k SUBSEP "statewall", "tps"] / run[key, "tps"])
        if (run[key, "cpu_us"] > 0)
          add(k SUBSEP path SUBSEP "sw_cpu_ratio", run[i SUBSEP k SUBSEP "statewall", "cpu_us"] / run[key, "cpu_us"])
        add(k SUBSEP path SUBSEP "sw_added_p50", run[i SUBSEP k SUBSEP "statewall", "p50_us"] - run[key, "p50_us"])
      }
    }
  }
}
function table(k,    p, path, np, list, b) {
  np = split("direct " relays, list, " ")
  printf "\n## K = %d connection%s (%s requests per run)\n\n", k, k == 1 ? "" : "s", grouped(k * (k == 1 ? n1 : n16))
  printf "| path | p50 µs | p99 µs | p99.9 µs | added p50 µs | added p99 µs | added p99.9 µs | tx/s | tx/s vs direct | relay CPU µs/request | errors |\n"
  printf "|---|---|---|---|---|---|---|---|---|---|---|\n"
  for (p = 1; p <= np; p++) {
    path = list[p]; collect(k, path); b = k SUBSEP path SUBSEP
    if (path == "direct")
      printf "| direct | %s | %s | %s | | | | %s | 1.00 | | %d |\n", f1(med(b "p50_us")), f1(med(b "p99_us")), f1(med(b "p999_us")),
        grouped(med(b "tps")), errors[k, path]
    else
      printf "| %s | %s | %s | %s | **%s** | %s | %s | %s | **%s** | **%s** | %d |\n", (path == "statewall" ? "**statewall NMA**" : path),
        f1(med(b "p50_us")), f1(med(b "p99_us")), f1(med(b "p999_us")),
        signed(med(b "added_p50_us")), signed(med(b "added_p99_us")), signed(med(b "added_p999_us")),
        grouped(med(b "tps")), f2(med(b "vs_direct")), f1(med(b "cpu_us")), errors[k, path]
  }
  for (p = 1; p <= np; p++) {
    path = list[p]; b = k SUBSEP path SUBSEP
    if ((b "sw_tps_ratio") in vals)
      printf "\nStatewall against %s, same rounds (medians of per-round figures): p50 %s µs, tx/s × %s, CPU per request × %s.\n",
        path, signed(med(b "sw_added_p50")), f2(med(b "sw_tps_ratio")), f2(med(b "sw_cpu_ratio"))
  }
}
function metric_sum(name,    line, v, s, found) {
  s = 0; found = 0
  while ((getline line < metrics_file) > 0)
    if (index(line, name "{") == 1 || index(line, name " ") == 1) { v = line; sub(/.* /, "", v); s += v; found = 1 }
  close(metrics_file)
  return found ? s : ""
}
function metric_state(    line, st) {
  st = ""
  while ((getline line < metrics_file) > 0)
    if (line ~ /^statewall_state\{state="[^"]*"\} 1(\.0)?$/) { st = line; sub(/^statewall_state\{state="/, "", st); sub(/".*/, "", st) }
  close(metrics_file)
  return st
}
function mean_us(name,    s, c) {
  s = metric_sum(name "_sum"); c = metric_sum(name "_count")
  return (s == "" || c + 0 == 0) ? "" : sprintf("%.1f µs (%s samples)", s / c * 1e6, grouped(c))
}
function per_round(    i, k, p, np, list, key) {
  np = split("direct " relays, list, " ")
  printf "\n## Every run\n\n| round | K | path | p50 µs | p99 µs | p99.9 µs | max µs | tx/s | relay CPU µs/request | errors |\n|---|---|---|---|---|---|---|---|---|---|\n"
  for (i = 1; i <= rounds; i++)
    for (k = 1; k <= 16; k += 15)
      for (p = 1; p <= np; p++) {
        key = i SUBSEP k SUBSEP list[p]
        if (!((key, "tps") in run)) continue
        printf "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %d |\n", i, k, list[p], run[key, "p50_us"], run[key, "p99_us"],
          run[key, "p999_us"], run[key, "max_us"], grouped(run[key, "tps"]), list[p] == "direct" ? "" : f1(run[key, "cpu_us"]), run[key, "errors"]
      }
}
END {
  printf "# Inline path: added latency and throughput on loopback (%s)\n\n", date
  printf "* machine: %s vCPU %s, %s GiB, Linux %s; load average %s at the start, %s at the end\n", ncpu, cpu, mem, kernel, load_start, load_end
  printf "* statewall: commit %s\n", commit
  printf "* versions: %s\n", versions
  printf "* workload: ../shared/bench/inline `mb_load` (FC 3, %d registers, closed loop, %d untimed warm-up requests per connection) against `mb_server` on 127.0.0.1:%s\n", 10, warmup, server_port
  if (load_start + 0 >= 1)
    printf "* **the machine was not quiet**: load average %s before the first run; other processes shared the CPUs, so K = 1 latencies and every ratio are less trustworthy than usual\n", load_start
  if (rounds > 0) {
    printf "* %d paired rounds, each K = 1 then K = 16, direct then %s; medians over rounds; added = relay − direct of the same round; relays warmed up before round 1 with %d untimed K = 16 runs and one K = 1 run, and kept running\n", rounds, relays, warmup_runs
    printf "* relay CPU = utime + stime of the relay process (its threads and reaped children) over the mb_load run, divided by every request it relayed (warm-up included), %s ticks/s\n", hz
    table(1)
    table(16)
  }
  if (soak > 0) {
    printf "\n## Soak: %d minute%s of back-to-back K = 16 runs through the NMA\n\n", soak, soak == 1 ? "" : "s"
    printf "%d runs of 16 x %s timed requests; medians over runs: p50 %s µs, p99 %s µs, p99.9 %s µs, %s tx/s.\n\n",
      soak_runs, grouped(n16), f1(med("soak_p50")), f1(med("soak_p99")), f1(med("soak_p999")), grouped(med("soak_tps"))
    printf "| elapsed s | NMA RSS MiB | requests sent so far |\n|---|---|---|\n"
    while ((getline line < soak_file) > 0) { kv(line, sample); printf "| %d | %.1f | %s |\n", sample["elapsed"], sample["rss"] / 1024, grouped(sample["sent"]) }
    close(soak_file)
  }
  if (nma != "") {
    kv(nma, s)
    req = metric_sum("statewall_inline_requests_total"); resp = metric_sum("statewall_inline_responses_total")
    blk = metric_sum("statewall_inline_blocked_total"); alw = metric_sum("statewall_inline_allowed_total")
    alr = metric_sum("statewall_inline_alerted_total"); mal = metric_sum("statewall_inline_malformed_total")
    ano = metric_sum("statewall_inline_anomalies_total"); fo = metric_sum("statewall_inline_fail_open_forwards_total")
    changes = metric_sum("statewall_state_changes_total"); st = metric_state()
    printf "\n## The Statewall NMA\n\n"
    printf "* policy: examples/inline-bench.yaml (a plant model, rules: %d, protected entries: %d); EVE (alert, state, anomaly, stats) and Prometheus metrics on\n", s["rules"], s["protected"]
    none_lost = (nma_errors == 0 && req != "" && req + 0 == s["nma_sent"] && resp + 0 == s["nma_sent"] && alw + 0 == s["nma_sent"])
    printf "* requests lost: **%s** — mb_load errors %d over every NMA run; requests sent through it, warm-ups included, %s; the NMA counted %s requests, %s allowed, %s answered, %s blocked, %s alerted, %s malformed, %s anomalies, %s fail-open forwards\n",
      none_lost ? "0" : "CHECK: some were", nma_errors, grouped(s["nma_sent"]), req == "" ? "?" : grouped(req), alw == "" ? "?" : grouped(alw),
      resp == "" ? "?" : grouped(resp), blk == "" ? "?" : grouped(blk), alr == "" ? "?" : grouped(alr), mal == "" ? "?" : grouped(mal),
      ano == "" ? "?" : grouped(ano), fo == "" ? "?" : grouped(fo)
    printf "* plant state at the end: **%s** (state changes: %s; EVE: %s state records, %s alerts, %s bytes)\n",
      st == "" ? "?" : st, changes == "" ? "?" : grouped(changes), s["eve_states"], s["eve_alerts"], grouped(s["eve_bytes"])
    acc = metric_sum("statewall_inline_connections_accepted_total")
    printf "* RSS (VmRSS): %.1f MiB listening, before any request; %.1f MiB after the warm-up; **%.1f MiB** after the last run; %s connections were opened through it (it accepted %s)\n",
      s["rss_start"] / 1024, s["rss_warm"] / 1024, s["rss_end"] / 1024, grouped(s["nma_conns"]), acc == "" ? "?" : grouped(acc)
    d = mean_us("statewall_inline_decision_seconds"); q = mean_us("statewall_inline_request_path_seconds"); a = mean_us("statewall_inline_response_path_seconds")
    if (d != "" || q != "" || a != "")
      printf "* its own timers, means over the whole run: parse and judge a request %s; request path %s; response path %s\n", d == "" ? "?" : d, q == "" ? "?" : q, a == "" ? "?" : a
  }
  if (rounds > 0) per_round()
  printf "\n## Reading it\n\n"
  printf "* At K = 1 a round trip is mostly virtual-CPU wake-ups: the added latency and the tx/s ratio are the figures to quote, never absolute µs. A negative added value means the relay run happened to wake faster than its direct run (other activity on the box keeps vCPUs awake); look at the per-round table and the load average.\n"
  printf "* At K = 16 client, server and relay share the CPUs: CPU µs per request decides throughput.\n"
  printf "* Anchors measured on a similar machine are in ../shared/bench/README.md (\"Inline path\"); only figures from the same run compare.\n"
}' "$results" >"$report"

cat "$report"
say "report written to $report"
