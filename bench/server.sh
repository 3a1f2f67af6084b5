# Sourced by the benchmarks: publishes Release (as the Dockerfile does: a build run outside Development serves no
# static web assets, so a browser would get a page without its scripts) and starts it on loopback port $1 with a
# scratch data folder, no demo and a known admin password; stops it and removes both on exit. Sets $admin to a bearer token.
start_pooldash() {
  local port=$1
  data=$(mktemp -d)
  app=$(mktemp -d)
  dotnet publish -c Release src/PoolDash.Web -o "$app" -v q -nologo >/dev/null
  (cd "$app" && exec dotnet PoolDash.Web.dll --urls "http://127.0.0.1:$port" \
    --PoolDash:Demo:Enabled=false --PoolDash:DataDirectory="$data" --PoolDash:Bootstrap:AdminPassword=Bench-Admin-Pass-1 \
    --Logging:LogLevel:Default=Warning >/dev/null) &
  server=$!
  trap 'kill $server; rm -rf "$data" "$app"' EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  # Creating a pool is a Pool Admin's act: sign in as the bootstrap admin.
  admin=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"admin","password":"Bench-Admin-Pass-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
}
