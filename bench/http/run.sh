#!/usr/bin/env bash
# Heartbeat API under load on loopback: builds Release, starts PoolDash on a scratch data folder without the demo,
# creates the example pool, then has wrk post one host's heartbeat for 10 s. Needs Debian's wrk.
# INCIDENTS=N first adds a pool of N silent hosts (2 s timeout) and a notification channel whose receiver is gone, and
# waits until their N incidents are open: the load then runs beside N open incidents whose messages keep failing.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "apt-get install wrk first"; exit 1; }
port=5190
source bench/server.sh
start_pooldash $port
created=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/pools" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" \
  --data @docs/pool-description.example.json)
export HOST_ID=6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012
TOKEN=$(python3 -c 'import json,sys; print([t["token"] for t in json.load(sys.stdin)["tokens"] if t["hostId"]==sys.argv[1]][0])' "$HOST_ID" <<<"$created")
export TOKEN
incidents=${INCIDENTS:-0}
if [ "$incidents" -gt 0 ]; then
  curl -s -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/notifications/channels" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $admin" -d '{"kind":"webhook","name":"gone","url":"http://127.0.0.1:9/","secret":"bench-secret-0123456789","minSeverity":"suspect"}'
  python3 bench/http/big_pool.py --hosts "$incidents" --vms "$incidents" --timeout 2 \
    | curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/pools" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" --data @-
  until [ "$(curl -sf "http://127.0.0.1:$port/api/v1/incidents?state=triggered" -H "Authorization: Bearer $admin" \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -ge "$incidents" ]; do sleep 0.5; done
  echo "$incidents incidents open"
fi
wrk -t2 -c32 -d10s --latency -s bench/http/heartbeat.lua "http://127.0.0.1:$port/api/v1/heartbeats"
