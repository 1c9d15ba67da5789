#!/usr/bin/env bash
# Added latency and throughput of something placed between a Modbus/TCP client and server, on
# loopback: the libmodbus bench server and load client of ../shared/bench/inline, direct and
# through socat, HAProxy and the Statewall NMA (`statewall nma` with examples/inline-bench.yaml,
# judging every request and inferring the plant state from every answer).
#
# Each round runs, for K = 1 and K = 16 connections, the direct path and then every relay, so
# that "added" = relay - direct of the same round; medians over rounds are reported. The relays
# are started once and kept warm (an inline appliance runs for months); the client warms up
# 1000 requests per connection before timing. CPU per request is the relay process's
# utime+stime (from /proc) over the timed run, divided by its requests.
# Output: a Markdown report on stdout and in bench-out/inline-<date>.md.
#
# usage: benchmarks/run-inline.sh [--rounds R] [--quick] [--paths direct,socat,haproxy,statewall]
#   --rounds R   paired rounds (default 3)
#   --quick      a one-minute smoke run (fewer requests)
#   --paths      which relays to run (direct always runs: it is the reference)
#   --soak MIN   instead: MIN minutes of K=16 load through the NMA, its RSS sampled every 30 s
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
shared="$root/../shared"
out_dir="$root/bench-out"
rounds=3
quick=0
paths="socat,haproxy,statewall"
soak=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="${2:?}"; shift 2 ;;
    --quick) quick=1; shift ;;
    --paths) paths="$(echo "${2:?}" | sed 's/direct,\?//')"; shift 2 ;;
    --soak) soak="${2:?}"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run-inline: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "run-inline: --rounds takes a positive whole number" >&2; exit 2 ;; esac

say() { echo "run-inline: $*" >&2; }
[ -d "$shared/bench/inline" ] || { say "../shared/bench/inline not found beside the repository"; exit 2; }
missing=()
for tool in gcc socat haproxy; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -f /usr/include/modbus/modbus.h ] || missing+=(libmodbus-dev)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get install -y -qq "${missing[@]/gcc/gcc}" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/statewall-inline.XXXXXX")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

gcc -O2 -o "$tmp/mb_server" "$shared/bench/inline/mb_server.c" -lmodbus
gcc -O2 -o "$tmp/mb_load" "$shared/bench/inline/mb_load.c" -lmodbus -lpthread

# The policy names the server's port: the bench server listens where examples/inline-bench.yaml says.
server_port=25020
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # port, what
  for _ in $(seq 200); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  say "$2 is not listening on $1"; exit 2
}
if (echo > "/dev/tcp/127.0.0.1/$server_port") 2>/dev/null; then say "port $server_port is taken (the bench server needs it)"; exit 2; fi
"$tmp/mb_server" "$server_port" >/dev/null 2>&1 & pids+=($!)
wait_port "$server_port" "mb_server"

declare -A port pid
if [[ ",$paths," == *",socat,"* ]]; then
  port[socat]=$(free_port)
  socat "TCP-LISTEN:${port[socat]},bind=127.0.0.1,reuseaddr,fork,nodelay" "TCP:127.0.0.1:$server_port,nodelay" & pid[socat]=$!; pids+=($!)
  wait_port "${port[socat]}" socat
fi
if [[ ",$paths," == *",haproxy,"* ]]; then
  port[haproxy]=$(free_port)
  sed -e "s/127.0.0.1:25022/127.0.0.1:${port[haproxy]}/" -e "s/127.0.0.1:25020/127.0.0.1:$server_port/" \
    "$shared/bench/inline/haproxy.cfg" > "$tmp/haproxy.cfg"
  haproxy -db -f "$tmp/haproxy.cfg" >/dev/null 2>&1 & pid[haproxy]=$!; pids+=($!)
  wait_port "${port[haproxy]}" haproxy
fi
if [[ ",$paths," == *",statewall,"* ]]; then
  port[statewall]=$(free_port)
  "$root/statewall" --version >/dev/null 2>&1 || true # build and train once, outside the timing
  "$root/statewall" nma --listen "127.0.0.1:${port[statewall]}" --upstream "127.0.0.1:$server_port" \
    --policy "$root/examples/inline-bench.yaml" --eve "$tmp/eve.json" --metrics 127.0.0.1:0 2> "$tmp/nma.err" &
  launcher=$!; pids+=($!)
  for _ in $(seq 600); do grep -q "metrics on" "$tmp/nma.err" 2>/dev/null && break; sleep 0.05; done
  grep -q "listening" "$tmp/nma.err" || { say "statewall nma did not start: $(cat "$tmp/nma.err")"; exit 2; }
  pid[statewall]=$launcher # the launcher execs the JVM: same PID
  metrics_url="$(sed -n 's/.*metrics on \(http[^ ]*\).*/\1/p' "$tmp/nma.err")"
fi
relays=()
for r in socat haproxy statewall; do [ -n "${port[$r]:-}" ] && relays+=("$r"); done

# utime + stime, plus the reaped children's (socat forks one per connection)
cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# also count socat's forked children: sum over the process group's members whose parent is it
cpu_of() { # name -> ticks of the relay and its children
  local p="${pid[$1]}" t
  t=$(cpu_ticks "$p")
  for c in $(pgrep -P "$p" 2>/dev/null); do t=$((t + $(cpu_ticks "$c"))); done
  echo "$t"
}
rss_kib() { awk '/VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hz=$(getconf CLK_TCK)

load() { # port k n -> mb_load's line
  "$tmp/mb_load" 127.0.0.1 "$1" "$2" "$3" 1000 10
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

if [ "$soak" != 0 ]; then
  [ -n "${port[statewall]:-}" ] || { say "--soak needs the statewall path"; exit 2; }
  say "soak: $soak minutes of K=16 load through the NMA"
  end=$((SECONDS + soak * 60))
  echo "| minute | NMA RSS MiB | requests (cumulative) | errors |"; echo "|---|---|---|---|"
  total=0; errors=0; next_sample=$SECONDS
  while [ $SECONDS -lt $end ]; do
    line=$(load "${port[statewall]}" 16 2000)
    total=$((total + $(field requests "$line"))); errors=$((errors + $(field errors "$line")))
    if [ $SECONDS -ge $next_sample ]; then
      printf '| %.1f | %.1f | %d | %d |\n' "$(echo "($SECONDS - $end + $soak * 60) / 60" | bc -l)" \
        "$(echo "$(rss_kib "${pid[statewall]}") / 1024" | bc -l)" "$total" "$errors"
      next_sample=$((SECONDS + 30))
    fi
  done
  curl -s "$metrics_url" | grep -E '^statewall_inline_(requests|blocked|responses)_total' || true
  exit 0
fi

if [ "$quick" = 1 ]; then n1=3000; n16=1000; else n1=20000; n16=5000; fi
# Warm every relay (the JVM compiles its hot paths; connection set-up paths too) before timing.
for r in "${relays[@]}"; do
  say "warming $r"
  load "${port[$r]}" 16 "$n16" >/dev/null
  load "${port[$r]}" 1 "$n1" >/dev/null
done
declare -A results
for round in $(seq "$rounds"); do
  for k in 1 16; do
    n=$([ "$k" = 1 ] && echo $n1 || echo $n16)
    say "round $round/$rounds, K=$k: direct"
    results[$round,$k,direct]="$(load "$server_port" "$k" "$n") cpu_us=0"
    for r in "${relays[@]}"; do
      say "round $round/$rounds, K=$k: $r"
      before=$(cpu_of "$r")
      line=$(load "${port[$r]}" "$k" "$n")
      after=$(cpu_of "$r")
      requests=$(field requests "$line")
      cpu_us=$(echo "($after - $before) * 1000000 / $hz / $requests" | bc -l)
      results[$round,$k,$r]="$line cpu_us=$cpu_us"
    done
  done
done

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
added() { # round k relay metric -> relay - direct
  echo "$(field "$4" "${results[$1,$2,$3]}") - $(field "$4" "${results[$1,$2,direct]}")" | bc -l
}
stamp="$(date -u +%Y%m%d-%H%M%S)"
report="$out_dir/inline-$stamp.md"
mkdir -p "$out_dir"
{
  echo "# Inline path: added latency and throughput ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "* machine: $(nproc) vCPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" -version 2>&1 | head -1)"
  echo "* server: libmodbus \`mb_server\`; client: \`mb_load\` (FC 3, 10 registers, closed loop, 1000 warm-up requests per connection), ../shared/bench/inline"
  echo "* statewall: commit $(git -C "$root" rev-parse --short HEAD), \`statewall nma\` with examples/inline-bench.yaml (plant model, 13 rules, EVE alerts/state/anomaly/stats, Prometheus on)"
  echo "* peers: $(socat -V 2>/dev/null | sed -n 's/^socat version \([^ ]*\).*/socat \1/p' | head -1), $(haproxy -v 2>/dev/null | head -1 | cut -d' ' -f1-3)"
  echo "* $rounds paired rounds; medians; requests per run: K=1 $n1, K=16 16 x $n16; added = relay - direct of the same round"
  for k in 1 16; do
    echo
    echo "## K = $k connection$([ $k = 1 ] || echo s)"
    echo
    echo "| path | p50 µs | p99 µs | p99.9 µs | added p50 µs | added p99 µs | added p99.9 µs | tx/s | tx/s vs direct | relay CPU µs/request | errors |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for r in direct "${relays[@]}"; do
      row="| $r"
      for m in p50_us p99_us p999_us; do
        row="$row | $(for i in $(seq "$rounds"); do field $m "${results[$i,$k,$r]}"; done | median)"
      done
      for m in p50_us p99_us p999_us; do
        if [ "$r" = direct ]; then row="$row | -"; else
          row="$row | $(for i in $(seq "$rounds"); do added "$i" "$k" "$r" $m; done | median | xargs printf '%.1f')"
        fi
      done
      row="$row | $(for i in $(seq "$rounds"); do field tps "${results[$i,$k,$r]}"; done | median | xargs printf '%.0f')"
      row="$row | $(for i in $(seq "$rounds"); do echo "$(field tps "${results[$i,$k,$r]}") / $(field tps "${results[$i,$k,direct]}")" | bc -l; done | median | xargs printf '%.2f')"
      row="$row | $([ "$r" = direct ] && echo - || for i in $(seq "$rounds"); do field cpu_us "${results[$i,$k,$r]}"; done | median | xargs printf '%.1f')"
      row="$row | $(for i in $(seq "$rounds"); do field errors "${results[$i,$k,$r]}"; done | awk '{ s += $1 } END { print s }') |"
      echo "$row"
    done
  done
  if [ -n "${pid[statewall]:-}" ]; then
    echo
    echo "## The NMA during the run"
    echo
    echo "* RSS at the end: $(echo "$(rss_kib "${pid[statewall]}") / 1024" | bc -l | xargs printf '%.0f') MiB"
    echo "* its own counters (Prometheus):"
    echo '```'
    curl -s "$metrics_url" | grep -E '^statewall_(state\{|inline_(requests|allowed|blocked|responses|malformed|anomalies)_total)' || true
    echo '```'
  fi
} | tee "$report"
say "report: $report"
