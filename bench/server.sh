# Sourced by the benchmarks: builds Release and starts PoolDash on loopback port $1 with a scratch data folder, no
# demo and a known admin password; stops it and removes the folder on exit. Sets $admin to a bearer token.
start_pooldash() {
  local port=$1
  data=$(mktemp -d)
  dotnet build -c Release src/PoolDash.Web -v q -nologo >/dev/null
  dotnet src/PoolDash.Web/bin/Release/net10.0/PoolDash.Web.dll --urls "http://127.0.0.1:$port" \
    --PoolDash:Demo:Enabled=false --PoolDash:DataDirectory="$data" --PoolDash:Bootstrap:AdminPassword=Bench-Admin-Pass-1 \
    --Logging:LogLevel:Default=Warning >/dev/null &
  server=$!
  trap 'kill $server; rm -rf "$data"' EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  # Creating a pool is a Pool Admin's act: sign in as the bootstrap admin.
  admin=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"admin","password":"Bench-Admin-Pass-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
}
