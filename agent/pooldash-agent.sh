#!/bin/sh
# PoolDash's heartbeat agent for a XenServer / XCP-ng host's dom0 (POSIX sh + curl: dom0 has no .NET).
# Sends the host's heartbeat to PoolDash every POOLDASH_INTERVAL seconds; backs off (doubling, up to 60 intervals)
# while PoolDash cannot be reached; stops with PoolDash's own message when PoolDash refuses the host for good
# (a wrong token, or a host that was forgotten: reinstall it, as the XenServer guide says).
#
# Usage: pooldash-agent.sh [/etc/pooldash/agent.conf]
# The file (mode 0600: it holds the host's token) has one KEY=VALUE a line:
#   POOLDASH_URL=https://pooldash.example.org
#   POOLDASH_HOST_ID=<the host's uuid>
#   POOLDASH_TOKEN=<the token PoolDash issued for this host>
#   POOLDASH_INTERVAL=10
# Exit codes: 2 bad configuration, 3 token refused (401), 4 host unknown to PoolDash (forgotten), 5 request refused.
set -u

conf=${1:-/etc/pooldash/agent.conf}

say() {
  printf '%s pooldash-agent: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"
}

fail() {
  code=$1
  shift
  say "$*"
  exit "$code"
}

[ -r "$conf" ] || fail 2 "cannot read $conf: write POOLDASH_URL, POOLDASH_HOST_ID and POOLDASH_TOKEN there (mode 0600)"
mode=$(stat -c %a "$conf" 2>/dev/null || echo unknown)
case "$mode" in
  600 | 400) ;;
  *) fail 2 "$conf is mode $mode; it holds the host's token: chmod 600 $conf" ;;
esac

POOLDASH_URL=
POOLDASH_HOST_ID=
POOLDASH_TOKEN=
POOLDASH_INTERVAL=10
# Read as data, never run: only the four known keys are taken.
while IFS='=' read -r key value || [ -n "$key" ]; do
  case "$key" in
    POOLDASH_URL) POOLDASH_URL=$value ;;
    POOLDASH_HOST_ID) POOLDASH_HOST_ID=$value ;;
    POOLDASH_TOKEN) POOLDASH_TOKEN=$value ;;
    POOLDASH_INTERVAL) POOLDASH_INTERVAL=$value ;;
    '' | \#*) ;;
    *) say "ignoring unknown setting $key in $conf" ;;
  esac
done < "$conf"

[ -n "$POOLDASH_URL" ] || fail 2 "POOLDASH_URL is missing in $conf"
[ -n "$POOLDASH_HOST_ID" ] || fail 2 "POOLDASH_HOST_ID is missing in $conf"
[ -n "$POOLDASH_TOKEN" ] || fail 2 "POOLDASH_TOKEN is missing in $conf"
case "$POOLDASH_INTERVAL" in
  '' | *[!0-9]* | 0) fail 2 "POOLDASH_INTERVAL must be a whole number of seconds above 0, not '$POOLDASH_INTERVAL'" ;;
esac
command -v curl >/dev/null 2>&1 || fail 2 "curl is needed"

url="${POOLDASH_URL%/}/api/v1/heartbeats"
body=$(mktemp) || fail 2 "cannot create a temporary file"
trap 'rm -f "$body"' EXIT
trap 'exit 0' INT TERM

# The server's words from a problem-details answer: its title, then what to do.
message() {
  title=$(sed -n 's/.*"title":"\([^"]*\)".*/\1/p' "$body")
  detail=$(sed -n 's/.*"detail":"\([^"]*\)".*/\1/p' "$body")
  code=$(sed -n 's/.*"code":"\([^"]*\)".*/\1/p' "$body")
  printf '%s: %s. %s' "${code:-HTTP $status}" "${title:-no message}" "$detail"
}

wait=$POOLDASH_INTERVAL
longest=$((POOLDASH_INTERVAL * 60))
state=starting
say "sending heartbeats for host $POOLDASH_HOST_ID to $url every $POOLDASH_INTERVAL s"
while :; do
  status=$(curl -sS -o "$body" -w '%{http_code}' --max-time 10 -X POST "$url" \
    -H "Authorization: Bearer $POOLDASH_TOKEN" -H 'Content-Type: application/json' \
    --data "{\"hostId\":\"$POOLDASH_HOST_ID\"}" 2>/dev/null) || status=000
  case "$status" in
    204)
      [ "$state" = up ] || say "heartbeat accepted"
      state=up
      wait=$POOLDASH_INTERVAL
      ;;
    401) fail 3 "PoolDash refused this host's token ($(message)); put the token PoolDash issued for this host in $conf" ;;
    404) fail 4 "PoolDash does not know this host ($(message))" ;;
    400 | 413 | 415) fail 5 "PoolDash refused the heartbeat ($(message))" ;;
    *)
      say "PoolDash unreachable (HTTP $status); retrying in $wait s"
      state=down
      sleep "$wait"
      wait=$((wait * 2))
      [ "$wait" -le "$longest" ] || wait=$longest
      continue
      ;;
  esac
  sleep "$POOLDASH_INTERVAL"
done
