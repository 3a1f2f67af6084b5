"""Creates pools one after another through PoolDash's API and prints how long each batch of 500 took."""
import json
import sys
import time
import urllib.request
import uuid

base, token, pools, hosts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def post(path, body, token=None):
    request = urllib.request.Request(base + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def description(n):
    ids = [str(uuid.uuid4()) for _ in range(hosts)]
    sr = str(uuid.uuid4())
    return {
        "id": str(uuid.uuid4()),
        "name": f"fleet-{n:05d}",
        "hosts": [{"id": h, "name": f"p{n}-h{i}", "address": "192.0.2.1", "memoryMiB": 65536, "role": "Master" if i == 0 else "Member"}
                  for i, h in enumerate(ids)],
        "srs": [{"id": sr, "name": "nfs", "shared": True}],
    }


print(f"pools of {hosts} hosts; seconds per batch of 500 pools")
started = time.monotonic()
batch_start = started
for n in range(1, pools + 1):
    post("/api/v1/pools", description(n), token)
    if n % 500 == 0:
        now = time.monotonic()
        print(f"pools {n - 499:>6}-{n:<6} hosts so far {n * hosts:>8}: {now - batch_start:6.2f} s", flush=True)
        batch_start = now
print(f"{pools} pools ({pools * hosts} hosts) in {time.monotonic() - started:.1f} s")
