#!/usr/bin/env bash
# Push latency to the wall on loopback: a Release PoolDash, PAGES wall pages in Debian's Chromium, ROUNDS hosts going
# silent one after another; prints p50/p95/max from each verdict's deadline to "dead" in each page's DOM.
# Usage: bash bench/wall/run.sh [PAGES=20] [ROUNDS=10] [FILLER=0 pools of 64 hosts]
set -euo pipefail
cd "$(dirname "$0")/../.."
port=5195
source bench/server.sh
start_pooldash $port
dotnet run -c Release --project bench/PoolDash.WallBench -- "http://127.0.0.1:$port" Bench-Admin-Pass-1 "${1:-20}" "${2:-10}" "${3:-0}"
