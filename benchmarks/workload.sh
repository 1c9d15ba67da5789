# The 2M-packet Modbus/TCP workload, shared by the benchmark scripts (sourced, not run).
# select_workload: with $pcap empty, bench-out/modbus_2m.pcap, generated when missing (or not the
# reference file) with ../shared/bench/gen_modbus_pcap.py, or with this module's Java
# ModbusWorkloadGenerator when ../shared is absent; with $pcap set, that file. Sets pcap (an
# absolute path) and workload_note. Needs here, shared, out_dir, tmp, reference_sha256 and say.

generate_with_java() {
  local target="$1"
  [ -n "${JAVA_HOME:-}" ] || { say "needs JDK 25 for the Java generator; set JAVA_HOME"; exit 2; }
  say "generating $target with the Java ModbusWorkloadGenerator ..."
  mkdir -p "$tmp/gen"
  "$JAVA_HOME/bin/javac" -d "$tmp/gen" "$here"/src/main/java/io/statewall/benchmarks/workload/*.java
  "$JAVA_HOME/bin/java" -cp "$tmp/gen" io.statewall.benchmarks.workload.ModbusWorkloadGenerator \
    --packets 2000000 --out "$target" >&2
}

select_workload() {
  workload_note=""
  if [ -n "$pcap" ]; then
    [ -f "$pcap" ] || { say "$pcap: no such file"; exit 2; }
    workload_note="given with --pcap"
  else
    pcap="$out_dir/modbus_2m.pcap"
    if [ -f "$shared/bench/gen_modbus_pcap.py" ]; then
      if [ ! -f "$pcap" ] || [ "$(sha256sum "$pcap" | cut -d' ' -f1)" != "$reference_sha256" ]; then
        say "generating $pcap with ../shared/bench/gen_modbus_pcap.py (about 20 s) ..."
        /usr/bin/python3 "$shared/bench/gen_modbus_pcap.py" -o "$pcap" >/dev/null
      fi
      workload_note="../shared/bench/gen_modbus_pcap.py, seed 502"
    else
      say "../shared absent: the workload comes from the Java generator"
      [ -f "$pcap" ] || generate_with_java "$pcap"
      workload_note="Java ModbusWorkloadGenerator (../shared absent)"
    fi
  fi
  pcap="$(cd "$(dirname "$pcap")" && pwd)/$(basename "$pcap")"
}
