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
source bench/server.sh
start_pooldash $port
python3 bench/fleet/create_pools.py "http://127.0.0.1:$port" "$admin" "$pools" "$hosts"
