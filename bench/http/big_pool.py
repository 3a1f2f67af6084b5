#!/usr/bin/env python3
"""Writes a pool description with 64 hosts and 1000 running VMs (one shared SR), for trying the pages at size:
python3 bench/http/big_pool.py > /tmp/big.json, then POST it to /api/v1/pools and open /pools/<id>."""
import json
import sys
import uuid


def uid(kind, i):
    return str(uuid.UUID(int=(kind << 124) + i))


hosts = [{"id": uid(1, i), "name": f"h{i:02}", "address": "192.0.2.1", "memoryMiB": 1048576,
          "role": "Master" if i == 0 else "Member"} for i in range(64)]
sr = {"id": uid(2, 0), "name": "nfs", "shared": True}
vdis, vms = [], []
for i in range(1000):
    vdis.append({"id": uid(3, i), "name": f"d{i}", "srId": sr["id"]})
    vms.append({"id": uid(4, i), "name": f"vm{i:04}", "memoryMiB": 2048, "powerState": "Running",
                "residentOn": hosts[i % 64]["id"], "disks": [{"vdiId": uid(3, i), "mode": "RW"}]})
json.dump({"id": uid(5, 1), "name": "big", "hosts": hosts, "srs": [sr], "vdis": vdis, "vms": vms}, sys.stdout)
