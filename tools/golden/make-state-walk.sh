#!/usr/bin/env bash
# Records nma's golden capture with real third-party Modbus peers: pymodbus as the PLC and
# mbpoll as both the HMI (polls) and the engineering station (commands), captured by tcpdump on
# loopback. The plant walks stopped -> start-up -> normal, then an operator's breaker-open
# command arrives in normal operation, then the unit runs down to stopped.
# Needs root (tcpdump), python3-pymodbus, mbpoll, tcpdump.   usage: make-state-walk.sh OUT.pcap
set -euo pipefail
out="${1:?usage: $0 OUT.pcap}"
here="$(cd "$(dirname "$0")" && pwd)"
port=5020
tcpdump -i lo -U -s 0 -w "$out" "tcp port $port" 2>/dev/null & dump=$!
/usr/bin/python3 "$here/plant_server.py" "$port" 2>/dev/null & server=$!
trap 'kill $server $dump 2>/dev/null || true' EXIT
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
mb() { mbpoll -m tcp -p "$port" -a 1 -1 -q "$@" >/dev/null; }
speed() { mb -t 4 -r 11 127.0.0.1 "$1"; }            # holding register 10 (mbpoll counts from 1)
breaker() { mb -t 0 -r 6 127.0.0.1 "$1"; }           # coil 5
poll() { mb -t 4 -r 11 -c 1 127.0.0.1; mb -t 0 -r 6 -c 1 127.0.0.1; }
speed 0; breaker 0; poll; poll                       # stopped
speed 1500; poll; poll                               # start-up
speed 3000; poll
breaker 1; poll; poll                                # normal
breaker 0                                            # the command the policy blocks in normal
poll
speed 2000; poll                                     # the breaker is open now: start-up again
speed 0; poll; poll                                  # stopped
sleep 0.5
kill $server 2>/dev/null || true
sleep 0.3
kill $dump
wait $dump 2>/dev/null || true
trap - EXIT
echo "wrote $out ($(tcpdump -r "$out" 2>/dev/null | wc -l) packets)"
