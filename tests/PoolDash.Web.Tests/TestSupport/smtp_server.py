"""A real SMTP server for PoolDash's tests (Debian's python3-aiosmtpd): listens on the given loopback address and port,
accepts AUTH PLAIN/LOGIN for one user and password without TLS (loopback only), and prints each message it takes as one
JSON line on stdout; "ready" once it listens. It stops when its stdin closes."""
import asyncio
import json
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


class Printer:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "user": session.authenticated and user,
            "data": envelope.content.decode("utf-8", "replace"),
        }), flush=True)
        return "250 Message accepted for delivery"


controller = Controller(Printer(), hostname=host, port=port, authenticator=authenticate, auth_require_tls=False, auth_required=True)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
