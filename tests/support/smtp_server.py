#!/usr/bin/python3
"""An SMTP server for the alert mail tests: Debian's aiosmtpd on 127.0.0.1, a free port.

Prints "port N" on stdout once it listens, then one line per event the tests wait for:
"cmd EHLO|STARTTLS|AUTH|MAIL|RCPT|DATA", "auth ok|fail", "mail FILE" (a received message,
written whole to --maildir before the line). Stops on SIGTERM or when stdin closes.

Modes:
  plain        no TLS (an internal relay)
  starttls     STARTTLS offered and required before MAIL and AUTH
  tls          TLS from the first byte (SMTPS)
  no-starttls  no TLS, yet AUTH offered in the clear: a client must refuse to go on
  hang         accepts connections and never answers
--auth USER:PASSWORD requires that login (PLAIN/LOGIN) before MAIL. A recipient whose local
part starts with "refuse" is refused with 550. --cert-dir gets a self-signed certificate for
localhost / 127.0.0.1 (cert.pem, key.pem), made with the openssl command.
"""

import argparse
import asyncio
import os
import signal
import ssl
import subprocess
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def make_cert(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
             "-days", "2", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


class Recording(SMTP):
    """Reports each command the client sent, before handling it."""

    async def smtp_EHLO(self, arg):
        say("cmd EHLO")
        return await super().smtp_EHLO(arg)

    async def smtp_STARTTLS(self, arg):
        say("cmd STARTTLS")
        return await super().smtp_STARTTLS(arg)

    async def smtp_AUTH(self, arg):
        say("cmd AUTH")
        return await super().smtp_AUTH(arg)

    async def smtp_MAIL(self, arg):
        say("cmd MAIL")
        return await super().smtp_MAIL(arg)

    async def smtp_RCPT(self, arg):
        say("cmd RCPT")
        return await super().smtp_RCPT(arg)

    async def smtp_DATA(self, arg):
        say("cmd DATA")
        return await super().smtp_DATA(arg)


class Handler:
    def __init__(self, maildir):
        self.maildir = maildir
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.split("@")[0].startswith("refuse"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = "%04d.eml" % self.count
        tmp = os.path.join(self.maildir, name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(("X-Envelope-From: %s\r\n" % envelope.mail_from).encode())
            f.write(("X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)).encode())
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(self.maildir, name))
        say("mail " + name)
        return "250 Message accepted"


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, data):
        ok = (isinstance(data, LoginPassword) and data.login.decode() == user
              and data.password.decode() == password)
        say("auth ok" if ok else "auth fail")
        return AuthResult(success=ok, handled=False)
    return authenticate


class Silent(asyncio.Protocol):
    """Takes the connection and never answers (a firewall that swallows packets)."""

    def connection_made(self, transport):
        say("cmd CONNECT")
        self.transport = transport


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", required=True,
                   choices=["plain", "starttls", "tls", "no-starttls", "hang"])
    p.add_argument("--maildir", required=True)
    p.add_argument("--cert-dir")
    p.add_argument("--auth", default="")
    args = p.parse_args()
    loop = asyncio.get_running_loop()
    handler = Handler(args.maildir)
    ctx = make_cert(args.cert_dir) if args.mode in ("starttls", "tls") else None
    kwargs = {"hostname": "smtp.test", "enable_SMTPUTF8": True}
    if args.auth:
        user, password = args.auth.split(":", 1)
        kwargs["authenticator"] = authenticator_for(user, password)
        kwargs["auth_required"] = True
    if args.mode == "starttls":
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = True
    if args.mode in ("no-starttls", "tls"):
        # "tls": the socket is TLS from the first byte, which aiosmtpd does not see.
        kwargs["auth_require_tls"] = False

    if args.mode == "hang":
        server = await loop.create_server(Silent, "127.0.0.1", 0)
    else:
        server = await loop.create_server(
            lambda: Recording(handler, **kwargs), "127.0.0.1", 0,
            ssl=ctx if args.mode == "tls" else None)
    say("port %d" % server.sockets[0].getsockname()[1])

    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.read(1) else None)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
