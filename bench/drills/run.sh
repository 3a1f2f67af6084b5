#!/usr/bin/env bash
# The dropped-connection drill against a Release build on loopback: [DROPS=200] bash bench/drills/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd bench/drills && npm ci --silent --no-audit --no-fund)
port=5194
source bench/server.sh
start_pooldash $port
node bench/drills/dropped-connections.mjs "http://127.0.0.1:$port" Bench-Admin-Pass-1
