"""XenServer's own Python SDK (XenAPI.py, as Debian's python3-os-xenapi ships it; XML-RPC only) against a XAPI
endpoint: logs in (it reads the API version right after), reads every record of the classes PoolDash mirrors, and
makes one call that must fail the way XAPI fails. Prints one JSON line of what it saw; exits non-zero when it could not.
Usage: /usr/bin/python3 xenapi-check.py http://ADDRESS:PORT [user] [password]"""
import json
import sys

from os_xenapi.client import XenAPI

url = sys.argv[1]
user = sys.argv[2] if len(sys.argv) > 2 else "root"
password = sys.argv[3] if len(sys.argv) > 3 else ""

session = XenAPI.Session(url)
session.xenapi.login_with_password(user, password)
try:
    counts = {}
    for cls in ("pool", "host", "host_metrics", "VM", "VM_metrics", "SR", "PBD", "VDI", "VBD"):
        counts[cls] = len(getattr(session.xenapi, cls).get_all_records())
    pool = list(session.xenapi.pool.get_all_records().values())[0]
    master = session.xenapi.host.get_record(pool["master"])
    try:
        session.xenapi.VM.get_record("OpaqueRef:00000000-0000-0000-0000-000000000000")
        refusal = None
    except XenAPI.Failure as failure:
        refusal = failure.details
    print(json.dumps({
        "pool": pool["name_label"],
        "master": master["name_label"],
        "apiVersion": [master["API_version_major"], master["API_version_minor"]],
        "counts": counts,
        "refusal": refusal,
    }))
finally:
    session.xenapi.session.logout()
