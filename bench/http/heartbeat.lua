-- wrk script: POST one host's heartbeat with its bearer token.
-- HOST_ID and TOKEN come from the environment (see bench/http/run.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"hostId":"' .. os.getenv("HOST_ID") .. '"}'

done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
