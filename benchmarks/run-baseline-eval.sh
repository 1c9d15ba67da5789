#!/usr/bin/env bash
# Baseline evaluation (issue 6): how well a learned baseline detects the demo's attack campaign,
# how soon, and how many false alerts it raises on clean traffic.
#
#   1. demo:   records `statewall demo` runs (real time): clean ones with training seeds and held-out
#              seeds, and the attack campaign with other seeds; learns a baseline on the training
#              recordings (`statewall learn --policy <policy written beside the capture>`), checks
#              every other recording (`statewall analyze --baseline`), and prints per scenario:
#              detected or not, by which detectors, time from its first message to the first baseline
#              alert, and whether that is within the HMI's scan cycle of the controller attacked;
#              alerts on clean traffic (and outside every attack in campaign runs) are false.
#   2. day:    a long clean run in plant time (same plant, NMA, HMI and crew stepped on a plant-time
#              clock, the crew's sequence repeating every 1,500 s): learned on one seed's recording,
#              checked on another's; false alerts per 24 h of plant time.
#   3. corpus: each normal Modbus capture of ../shared/corpus, learned on its first half by time and
#              checked on the second (skipped when the corpus is absent).
#
# Output: a table on stdout, bench-out/baseline-eval.json, and the recordings, baselines and EVE
# files under bench-out/baseline-eval/. Defaults take about 25 min of demo runs (7 x 2 min 15 s)
# plus the two plant-time days (see benchmarks/README.md for measured times).
#
# usage: benchmarks/run-baseline-eval.sh [--skip-build] [harness options]
#   --skip-build                 use the jars already built (cli/target, benchmarks/target)
#   --train-seeds 1,4,5          clean demo runs to learn from
#   --clean-seeds 3,6            held-out clean demo runs
#   --attack-seeds 2,7           demo runs with the attack campaign
#   --day-hours 24               plant hours of the long clean test run
#   --day-train-hours 24         plant hours of the long clean training run
#   --day-seeds 101,102          seeds of the long training and test runs
#   --corpus DIR                 the third-party corpus (default ../shared/corpus)
#   --only demo,day,corpus       run only these parts
#   --reuse                      keep recordings already in bench-out/baseline-eval (same seeds)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
say() { echo "run-baseline-eval: $*" >&2; }

build=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) build=0; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ -z "${JAVA_HOME:-}" ] || ! grep -qE '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$JAVA_HOME/release" 2>/dev/null; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
[ -n "${JAVA_HOME:-}" ] || { say "needs JDK 25; set JAVA_HOME"; exit 2; }

cd "$root"
if [ "$build" = 1 ]; then
  say "building statewall and the benchmarks ..."
  # Test sources are not compiled: the harness needs only the main code.
  ./mvnw -q -B -Dmaven.test.skip=true -Dstatewall.fuzz.skip=true -pl benchmarks -am package >&2
fi
bench_jar="$(ls benchmarks/target/statewall-benchmarks-*.jar 2>/dev/null | grep -v -- '-sources' | head -1 || true)"
[ -f cli/target/statewall.jar ] && [ -n "$bench_jar" ] || { say "no build found: run without --skip-build"; exit 2; }

# The run takes long: a copy of the jars keeps it on one build while others rebuild the tree.
snap="$(mktemp -d "${TMPDIR:-/tmp}/statewall-baseline-eval.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
cp -r cli/target/statewall.jar cli/target/lib "$snap/"
cp "$bench_jar" "$snap/benchmarks.jar"

exec_java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$snap/benchmarks.jar:$snap/statewall.jar:$snap/lib/*")
"${exec_java[@]}" io.statewall.benchmarks.baseline.BaselineEval --jar "$snap/statewall.jar" \
  --java "$JAVA_HOME/bin/java" --out "$root/bench-out" ${args[@]+"${args[@]}"}
