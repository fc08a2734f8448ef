#!/usr/bin/env python3
"""Gazette's own test web server: fixture sites and fault drills, loopback only.

    fixture_server.py --root DIR [--port 0] [--port-file FILE] [--origin URL]
                      [--tls CERT KEY] [--log FILE]

Serves the files under DIR over HTTP/1.1 with keep-alive, on 127.0.0.1 only.
A path ending in "/" is served from its index.html, or index.xml where that
exists (so /feed/ serves feed/index.xml). Every text body has each occurrence
of --origin replaced by this server's own origin (http[s]://127.0.0.1:PORT),
so fixtures can carry real-looking absolute links that lead back here.

As a well-run site does: ETag and Last-Modified on every file, 304 for a
matching If-None-Match / If-Modified-Since, gzip when Accept-Encoding allows.

Fault drills (paths under /_fault/):
  status/NNN             answers status NNN with a short HTML body
  retry-after/N          429 with Retry-After: N
  redirect/N/PATH        N 301 redirects, then PATH (a path of the site)
  redirect-permanent/PATH  one 301 to /PATH
  redirect-temporary/PATH  one 302 to /PATH
  redirect-loop          302 to itself, forever
  slow-headers/S         sleeps S seconds before answering
  slow-body/S            headers, then one byte a second for S seconds
  reset                  closes the connection without answering (RST)
  truncated              promises 10000 bytes, sends 100, closes
  huge/MB                a valid RSS document of MB megabytes
  gzip-bomb/MB           gzip body inflating to MB megabytes of zeros
  bad-gzip               Content-Encoding: gzip with a body that is not gzip
  not-xml                an HTML page served as application/rss+xml
  not-feed               well-formed XML that is not a feed
  count/PATH             how many requests PATH has had (plain text number)

Each request is appended to --log as one JSON object a line: method, path,
headers, status, peer port (so tests can see connection reuse). The bound
port is printed as "PORT n" and written to --port-file. Stops on SIGTERM.
"""
import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import zlib

ARGS = None
LOCK = threading.Lock()
COUNTS = {}
ORIGIN = ""


def content_type_for(path, data):
    if path.endswith(".xml"):
        head = data[:2048]
        if b"<rss" in head or b"<rdf:RDF" in head:
            return "application/rss+xml; charset=utf-8"
        if b"<feed" in head:
            return "application/atom+xml; charset=utf-8"
        return "text/xml; charset=utf-8"
    if path.endswith(".json"):
        return "application/feed+json" if b"jsonfeed" in data[:512] else "application/json"
    if path.endswith((".html", ".htm")):
        return "text/html; charset=utf-8"
    if path.endswith(".txt"):
        return "text/plain; charset=utf-8"
    return "application/octet-stream"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GazetteFixture/1"

    def log_message(self, fmt, *args):  # quiet: the JSON log is what tests read
        pass

    def record(self, status):
        with LOCK:
            COUNTS[self.path] = COUNTS.get(self.path, 0) + 1
            if ARGS.log:
                with open(ARGS.log, "a") as fh:
                    fh.write(json.dumps({
                        "method": self.command, "path": self.path,
                        "headers": dict(self.headers.items()), "status": status,
                        "peer_port": self.client_address[1]}) + "\n")

    def send_body(self, status, body, ctype="text/html; charset=utf-8", extra=None):
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        if self.path.startswith("/_fault/"):
            return self.fault(self.path[len("/_fault/"):])
        self.serve_file(self.path.split("?", 1)[0])

    def serve_file(self, url_path):
        rel = os.path.normpath(url_path.lstrip("/")) if url_path.strip("/") else ""
        if rel.startswith(".."):
            return self.send_body(403, b"forbidden")
        full = os.path.join(ARGS.root, rel)
        if os.path.isdir(full):
            for index in ("index.xml", "index.html"):
                if os.path.isfile(os.path.join(full, index)):
                    full = os.path.join(full, index)
                    break
        if not os.path.isfile(full):
            return self.send_body(404, b"<h1>Not found</h1>")
        with open(full, "rb") as fh:
            data = fh.read()
        if ARGS.origin:
            data = data.replace(ARGS.origin.encode(), ORIGIN.encode())
        mtime = int(os.path.getmtime(full))
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm and etag in [t.strip() for t in inm.split(",")]) or (
                not inm and ims and ims == last_modified):
            self.record(304)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        extra = {"ETag": etag, "Last-Modified": last_modified}
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data)
            extra["Content-Encoding"] = "gzip"
            extra["Vary"] = "Accept-Encoding"
        self.send_body(200, data, content_type_for(full, data if "Content-Encoding" not in extra
                                                   else gzip.decompress(data)), extra)

    def fault(self, spec):
        parts = spec.split("/")
        kind = parts[0]
        arg = parts[1] if len(parts) > 1 else ""
        if kind == "status":
            code = int(arg)
            return self.send_body(code, b"<html><body>status %d</body></html>" % code)
        if kind == "retry-after":
            return self.send_body(429, b"slow down", extra={"Retry-After": arg})
        if kind == "redirect":
            n = int(arg)
            rest = "/".join(parts[2:])
            target = "/_fault/redirect/%d/%s" % (n - 1, rest) if n > 1 else "/" + rest
            return self.send_body(301, b"moved", extra={"Location": target})
        if kind == "redirect-permanent":
            return self.send_body(301, b"moved", extra={"Location": "/" + "/".join(parts[1:])})
        if kind == "redirect-temporary":
            return self.send_body(302, b"found", extra={"Location": "/" + "/".join(parts[1:])})
        if kind == "redirect-loop":
            return self.send_body(302, b"loop", extra={"Location": "/_fault/redirect-loop"})
        if kind == "slow-headers":
            time.sleep(float(arg))
            return self.send_body(200, b"<rss version='2.0'><channel></channel></rss>",
                                  "application/rss+xml")
        if kind == "slow-body":
            seconds = int(arg)
            self.record(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(seconds + 100))
            self.end_headers()
            try:
                for _ in range(seconds):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            self.close_connection = True
            return
        if kind == "reset":
            self.record(0)
            # SO_LINGER 0: close sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if kind == "truncated":
            self.record(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"<rss version='2.0'>" + b" " * 81)
            self.wfile.flush()
            self.close_connection = True
            return
        if kind == "huge":
            megabytes = int(arg)
            item = b"<item><title>Filler</title><description>" + b"x" * 900 + b"</description></item>"
            count = megabytes * 1024 * 1024 // len(item) + 1
            body = b"<rss version='2.0'><channel><title>Huge</title>" + item * count + b"</channel></rss>"
            return self.send_body(200, body, "application/rss+xml")
        if kind == "gzip-bomb":
            megabytes = int(arg)
            compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
            chunk = b"\0" * (1024 * 1024)
            body = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
            return self.send_body(200, body, "application/rss+xml", {"Content-Encoding": "gzip"})
        if kind == "bad-gzip":
            return self.send_body(200, b"this is not gzip data at all" * 10, "application/rss+xml",
                                  {"Content-Encoding": "gzip"})
        if kind == "not-xml":
            return self.send_body(200, b"<!doctype html><html><body><p>Hello & welcome<br></body></html>",
                                  "application/rss+xml")
        if kind == "not-feed":
            return self.send_body(200, b"<?xml version='1.0'?><catalog><book>XML, not a feed</book></catalog>",
                                  "application/xml")
        if kind == "count":
            target = "/" + "/".join(parts[1:])
            with LOCK:
                n = COUNTS.get(target, 0)
            return self.send_body(200, str(n).encode(), "text/plain")
        return self.send_body(404, b"unknown fault")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    global ARGS, ORIGIN
    ap = argparse.ArgumentParser(description="Gazette test server (127.0.0.1 only)")
    ap.add_argument("--root", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--origin", default="")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--log")
    ARGS = ap.parse_args()
    server = Server(("127.0.0.1", ARGS.port), Handler)
    scheme = "http"
    if ARGS.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS.tls[0], ARGS.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
        scheme = "https"
    port = server.server_address[1]
    ORIGIN = "%s://127.0.0.1:%d" % (scheme, port)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print("PORT %d" % port, flush=True)
    if ARGS.port_file:
        tmp = ARGS.port_file + ".tmp"
        with open(tmp, "w") as fh:
            fh.write(str(port))
        os.rename(tmp, ARGS.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
