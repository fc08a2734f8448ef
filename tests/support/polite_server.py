#!/usr/bin/env python3
"""Many loopback "hosts" for the politeness test (tests/integration/politeness_test.sh).

Usage:
    polite_server.py --hosts N --port-file FILE --log FILE
                     [--delay SECONDS]

Listens on N ports of 127.0.0.1 and nowhere else: each port is one host
for Gazette's pacer, back-off and connection limits (they key on host:port).
The ports are written to FILE, one a line, once all are listening.

Every request appends one JSON line to the log: host (the port's index),
port, start and end (wall-clock seconds: when the request line was read,
when the response was written), method, path, status and agent (the
User-Agent: which poller asked, when several do).

What each host serves (HOST is the port's index):
  /hHOST/feedI.xml   an RSS feed of two items, answered after --delay
                     seconds (so requests overlap, and a missing connection
                     limit shows as more at once than allowed)
  host 0, /h0/feed0.xml: its first request gets 429 with Retry-After: 30
  host 1, /moved3.xml: 301 to /moved3-new.xml, always
  host 2, /moved1.xml: 301 to /moved1-new.xml the first time only
  /moved3-new.xml, /moved1-new.xml: a feed
  host 3, /gone.xml: 410 Gone
  host 4, /wall.xml: 403 with cf-mitigated: challenge and an HTML
                     "Just a moment..." interstitial
Anything else: 404.

Python 3 standard library only. Stops on SIGTERM or SIGINT.
"""
import argparse
import http.server
import json
import signal
import socketserver
import sys
import threading
import time

from server_lifecycle import write_port_file

LOCK = threading.Lock()
SEEN = {}  # path -> requests so far (a handful of fixed paths)


def feed(title, link):
    items = "".join(
        f"<item><title>{title} item {n}</title><link>{link}#{n}</link>"
        f"<guid>{link}#{n}</guid><description>Story {n} of {title}.</description></item>"
        for n in (1, 2))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{link}</link><description>test</description>{items}</channel></rss>")


INTERSTITIAL = ("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
                "<noscript>Enable JavaScript and cookies to continue</noscript></body></html>")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "polite-server"

    def log_message(self, *args):
        pass

    def count(self, path):
        with LOCK:
            SEEN[path] = SEEN.get(path, 0) + 1
            return SEEN[path]

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        return status

    def route(self):
        host = self.server.index
        path = self.path
        if host == 0 and path == "/h0/feed0.xml" and self.count(path) == 1:
            return self.answer(429, b"slow down", [("Retry-After", "30"),
                                                  ("Content-Type", "text/plain")])
        if host == 1 and path == "/moved3.xml":
            return self.answer(301, b"", [("Location", "/moved3-new.xml")])
        if host == 2 and path == "/moved1.xml" and self.count(path) == 1:
            return self.answer(301, b"", [("Location", "/moved1-new.xml")])
        if host == 3 and path == "/gone.xml":
            return self.answer(410, b"gone", [("Content-Type", "text/plain")])
        if host == 4 and path == "/wall.xml":
            return self.answer(403, INTERSTITIAL.encode(),
                               [("Content-Type", "text/html; charset=UTF-8"),
                                ("cf-mitigated", "challenge")])
        origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path in ("/moved3-new.xml", "/moved1-new.xml") or (
                path.startswith(f"/h{host}/feed") and path.endswith(".xml")):
            if path.startswith("/h"):
                time.sleep(self.server.delay)
            body = feed(f"host {host} {path}", origin + path).encode()
            return self.answer(200, body, [("Content-Type", "application/rss+xml")])
        return self.answer(404, b"not here", [("Content-Type", "text/plain")])

    def do_GET(self):
        start = time.time()
        status = 0
        try:
            status = self.route()
        finally:
            entry = {"host": self.server.index, "port": self.server.server_address[1],
                     "start": start, "end": time.time(), "method": "GET",
                     "path": self.path, "status": status,
                     "agent": self.headers.get("User-Agent", "")}
            with LOCK:
                self.server.log.write(json.dumps(entry) + "\n")
                self.server.log.flush()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--delay", type=float, default=2.5)
    args = parser.parse_args()
    log = open(args.log, "a", encoding="utf-8")
    servers = []
    for index in range(args.hosts):
        server = Server(("127.0.0.1", 0), Handler)  # loopback only, always
        server.index = index
        server.delay = args.delay
        server.log = log
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    write_port_file(args.port_file, [s.server_address[1] for s in servers])
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    for server in servers:
        server.shutdown()
    log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
