#!/usr/bin/env bash
# Fleet size: how the cost of bringing one more pool in grows with the fleet. Builds Release, starts PoolDash on a
# scratch data folder without the demo, then creates POOLS pools of HOSTS hosts each through the API (each with its
# own ids) and prints the seconds each batch of 500 took. Per-pool work should stay per pool: the last batch should
# cost about what the first did. Usage: bash bench/fleet/run.sh [POOLS=4000] [HOSTS=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
pools=${1:-4000}
hosts=${2:-64}
port=5193
data=$(mktemp -d)
dotnet build -c Release src/PoolDash.Web -v q -nologo >/dev/null
dotnet src/PoolDash.Web/bin/Release/net10.0/PoolDash.Web.dll --urls "http://127.0.0.1:$port" \
  --PoolDash:Demo:Enabled=false --PoolDash:DataDirectory="$data" --PoolDash:Bootstrap:AdminPassword=Bench-Admin-Pass-1 \
  --Logging:LogLevel:Default=Warning >/dev/null &
server=$!
trap 'kill $server; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
python3 bench/fleet/create_pools.py "http://127.0.0.1:$port" "$pools" "$hosts"
