#!/usr/bin/env python3
"""A small SMTP server for the integration tests (tests/it/smtp.rs), on 127.0.0.1 only.

It listens on a free port and prints that port as the first line of standard output once it
accepts connections; it exits when its standard input closes (the test dropped it, or died).

    --dir DIR           DIR/received/NNNN.eml: every accepted message, the bytes as received
                        (after the dot-unstuffing of DATA); DIR/events.log: one line per event
    --tls starttls      STARTTLS required before anything else, then AUTH required (587)
    --tls implicit      TLS from the first byte, AUTH required (465)
    --tls none          plain, no STARTTLS offered and no AUTH (a local relay)
    --cert/--key FILE   the server's certificate chain and key (PEM), for --tls starttls|implicit
    --user/--password   the only login accepted (AUTH PLAIN and LOGIN)
    --only-auth MECH    offer this AUTH mechanism only (PLAIN or LOGIN)
    --reply-data CODE   answer CODE (451, 554, ...) to the end of DATA of the first N messages
    --close-mid-data    close the connection in the middle of the DATA of the first N messages
                        (after the first line, before the final dot); nothing is saved
    --fail-first N      N for the two above (default 1); later messages are accepted
    --silent            accept TCP connections and never say anything (for time-outs)

Needs aiosmtpd (scripts/test.sh installs it) except with --silent.
"""
import argparse
import os
import socket
import ssl
import sys
import threading

HOST = "127.0.0.1"


class Events:
    """The log the tests read: one line per event, written before the client can see the event's
    effect, so a finished client run means a complete log."""

    def __init__(self, directory):
        self.received = os.path.join(directory, "received")
        os.makedirs(self.received, exist_ok=True)
        self.file = open(os.path.join(directory, "events.log"), "a", encoding="utf-8")
        self.lock = threading.Lock()
        self.count = 0

    def log(self, line):
        with self.lock:
            self.file.write(line + "\n")
            self.file.flush()

    def save(self, content):
        """Writes a message under a temporary name and renames it: a file there is whole."""
        with self.lock:
            self.count += 1
            name = f"{self.count:04}.eml"
        tmp = os.path.join(self.received, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(content)
        os.replace(tmp, os.path.join(self.received, name))
        return name


class Failures:
    """How many of the first messages still get the chosen failure."""

    def __init__(self, count):
        self.left = count

    def take(self):
        if self.left > 0:
            self.left -= 1
            return True
        return False


def exit_when_stdin_closes():
    def wait():
        try:
            while sys.stdin.buffer.read(65536):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=wait, daemon=True).start()


def serve_silently(events):
    listener = socket.create_server((HOST, 0))
    print(listener.getsockname()[1], flush=True)
    kept = []  # open and unanswered until the end
    while True:
        conn, peer = listener.accept()
        kept.append(conn)
        events.log(f"connection from {peer[0]} (silent)")


def serve_smtp(args, events):
    import asyncio
    import logging

    # aiosmtpd warns about its own use of a deprecated attribute on every login.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

    failures = Failures(args.fail_first if (args.reply_data or args.close_mid_data) else 0)

    class Handler:
        async def handle_EHLO(self, server, session, envelope, hostname, responses):
            session.host_name = hostname
            tls = "tls" if session.ssl is not None or args.tls == "implicit" else "plain"
            events.log(f"EHLO {hostname} ({tls})")
            return responses

        async def handle_DATA(self, server, session, envelope):
            if args.reply_data and failures.take():
                reply = f"{args.reply_data} {reply_text(args.reply_data)}"
                events.log(f"DATA answered {reply}")
                return reply
            name = events.save(envelope.original_content)
            rcpts = ",".join(envelope.rcpt_tos)
            events.log(f"accepted {name} from {envelope.mail_from} to {rcpts}")
            return f"250 2.0.0 Ok: saved as {name}"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == args.user.encode("utf-8")
            and auth_data.password == args.password.encode("utf-8")
        )
        events.log(f"AUTH {mechanism} {'ok' if ok else 'refused'}")
        # handled=False: aiosmtpd answers a refusal with 535 itself.
        return AuthResult(success=ok, handled=False)

    class TestSMTP(SMTP):
        async def smtp_QUIT(self, arg):
            events.log("QUIT")
            return await super().smtp_QUIT(arg)

        async def smtp_DATA(self, arg):
            # Only a DATA that would be accepted (after RCPT) counts as one of the first N.
            if not (args.close_mid_data and self.envelope.rcpt_tos and failures.take()):
                return await super().smtp_DATA(arg)
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            first = await self._reader.readuntil(b"\r\n")
            events.log(f"DATA closed mid-way after {len(first)} bytes")
            self.transport.close()

    context = None
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def factory():
        return TestSMTP(
            Handler(),
            hostname="sk-test-smtp",  # no getfqdn(): it may wait for DNS
            tls_context=context if args.tls == "starttls" else None,
            require_starttls=args.tls == "starttls",
            auth_required=args.tls != "none",
            # aiosmtpd cannot tell an implicit-TLS connection from a plain one: it is TLS here.
            auth_require_tls=args.tls != "implicit",
            auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if args.only_auth not in (None, m)],
            authenticator=authenticator,
            loop=loop,
        )

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(factory, HOST, 0, ssl=context if args.tls == "implicit" else None)
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


def reply_text(code):
    if code.startswith("4"):
        return "4.3.0 Test server: busy, try again later"
    return "5.7.1 Test server: this message is refused"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--tls", choices=["starttls", "implicit", "none"], default="starttls")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user", default="")
    p.add_argument("--password", default="")
    p.add_argument("--only-auth", choices=["PLAIN", "LOGIN"])
    p.add_argument("--reply-data", metavar="CODE")
    p.add_argument("--close-mid-data", action="store_true")
    p.add_argument("--fail-first", type=int, default=1, metavar="N")
    p.add_argument("--silent", action="store_true")
    args = p.parse_args()
    if args.tls != "none" and not args.silent and not (args.cert and args.key):
        p.error("--tls starttls|implicit needs --cert and --key")
    if args.reply_data and not (len(args.reply_data) == 3 and args.reply_data[0] in "45"):
        p.error("--reply-data takes a 4xx or 5xx code")

    events = Events(args.dir)
    exit_when_stdin_closes()
    if args.silent:
        serve_silently(events)
    else:
        serve_smtp(args, events)


if __name__ == "__main__":
    main()
