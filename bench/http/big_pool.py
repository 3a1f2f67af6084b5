#!/usr/bin/env python3
"""Writes a pool description with 64 hosts and 1000 running VMs (one shared SR), for trying the pages at size:
python3 bench/http/big_pool.py > /tmp/big.json, then POST it to /api/v1/pools and open /pools/<id>.
--hosts, --vms and --timeout (the liveness timeout in seconds) change its size and how soon silent hosts die."""
import argparse
import json
import sys
import uuid

parser = argparse.ArgumentParser()
parser.add_argument("--hosts", type=int, default=64)
parser.add_argument("--vms", type=int, default=1000)
parser.add_argument("--timeout", type=float, default=600)
args = parser.parse_args()


def uid(kind, i):
    return str(uuid.UUID(int=(kind << 124) + i))


hosts = [{"id": uid(1, i), "name": f"h{i:04}", "address": "192.0.2.1", "memoryMiB": 1048576,
          "role": "Master" if i == 0 else "Member"} for i in range(args.hosts)]
sr = {"id": uid(2, 0), "name": "nfs", "shared": True}
vdis, vms = [], []
for i in range(args.vms):
    vdis.append({"id": uid(3, i), "name": f"d{i}", "srId": sr["id"]})
    vms.append({"id": uid(4, i), "name": f"vm{i:04}", "memoryMiB": 2048, "powerState": "Running",
                "residentOn": hosts[i % args.hosts]["id"], "disks": [{"vdiId": uid(3, i), "mode": "RW"}]})
json.dump({"id": uid(5, 1), "name": "big", "livenessTimeoutSeconds": args.timeout, "hosts": hosts, "srs": [sr], "vdis": vdis, "vms": vms},
          sys.stdout)
