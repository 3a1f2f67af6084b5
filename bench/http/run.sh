#!/usr/bin/env bash
# Heartbeat API under load on loopback: builds Release, starts PoolDash on a scratch data folder without the demo,
# creates the example pool, then has wrk post one host's heartbeat for 10 s. Needs Debian's wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "apt-get install wrk first"; exit 1; }
port=5190
data=$(mktemp -d)
dotnet build -c Release src/PoolDash.Web -v q -nologo >/dev/null
dotnet src/PoolDash.Web/bin/Release/net10.0/PoolDash.Web.dll --urls "http://127.0.0.1:$port" \
  --PoolDash:Demo:Enabled=false --PoolDash:DataDirectory="$data" --PoolDash:Bootstrap:AdminPassword=Bench-Admin-Pass-1 \
  --Logging:LogLevel:Default=Warning >/dev/null &
server=$!
trap 'kill $server; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
# Creating a pool is a Pool Admin's act: sign in as the bootstrap admin first.
admin=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"admin","password":"Bench-Admin-Pass-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
created=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/pools" -H 'Content-Type: application/json' -H "Authorization: Bearer $admin" \
  --data @docs/pool-description.example.json)
export HOST_ID=6f1c2b1e-6f1a-4c55-9d0b-2a7e8f1a0012
TOKEN=$(python3 -c 'import json,sys; print([t["token"] for t in json.load(sys.stdin)["tokens"] if t["hostId"]==sys.argv[1]][0])' "$HOST_ID" <<<"$created")
export TOKEN
wrk -t2 -c32 -d10s --latency -s bench/http/heartbeat.lua "http://127.0.0.1:$port/api/v1/heartbeats"
