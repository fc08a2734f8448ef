#!/usr/bin/env python3
"""Gazette's test web server: fixture sites and fault drills, on 127.0.0.1 only.

Usage (this command line is relied on by tests and benchmarks: keep it stable):

    fixture_server.py [--root DIR] [--origin URL] [--port N] [--port-file FILE]
                      [--tls CERT KEY] [--log FILE] [--keepalive-timeout S]

  --root DIR        serve the files under DIR; a path ending in "/" serves its
                    index.html, else index.xml (so /feed/ serves feed/index.xml).
                    Without --root only the /_fault/ drills answer.
                    A file FILE.content-type beside FILE gives FILE's
                    Content-Type header (else it follows from the name).
  --origin URL      every occurrence of URL in a served file is replaced by this
                    server's own origin (http[s]://127.0.0.1:PORT), so fixtures
                    can carry real-looking absolute links that lead back here.
  --port N          port to bind on 127.0.0.1; 0 (the default) picks a free one.
  --port-file FILE  write the bound port there (atomically, once listening).
                    "PORT <n>" is printed on stdout as well.
  --tls CERT KEY    speak HTTPS with this PEM certificate and key. The TLS
                    handshake happens in the connection's own thread, so a
                    client that aborts it (untrusted CA) disturbs nobody else.
  --log FILE        append one JSON object per request: t, method, path,
                    headers, status, peer (client port) and connection (a serial
                    number per TCP connection, to check keep-alive reuse).
  --keepalive-timeout S
                    close a connection that stays idle (or silent) for S
                    seconds, as real servers do; by default it stays open.
  --no-validators   send files without ETag, Last-Modified and Cache-Control
                    and never answer 304, as servers that ignore conditional
                    requests do (for the body hash, poll/body_fingerprint.h).

HTTP as a well-run site does it: HTTP/1.1 keep-alive with Content-Length on
every response; ETag and Last-Modified on files, If-None-Match /
If-Modified-Since answered with 304; gzip when Accept-Encoding allows it;
GET and HEAD (other methods: 405, except on /_fault/).

Fault drills, under /_fault/:
  status/NNN              status NNN with a short text body
  retry-after/N           429 with Retry-After: N
  redirect/N/PATH         N 301 redirects (relative Locations), then /PATH
  redirect-permanent/PATH one 301 to /PATH
  redirect-temporary/PATH one 302 to /PATH
  redirect-status/C/PATH  one redirect with status C (301, 302, 303, 307, 308)
  redirect-loop           302 to itself, forever
  redirect-loopback/N/PATH  one 302 to http://127.0.0.1:N/PATH, another port
                          (origin) on loopback; the host is fixed, so a test can
                          never send the client off the machine
  slow-headers/S          sleeps S seconds (may be fractional) before any byte
  slow-body/S             headers, then one byte a second for S seconds, then
                          closes short of the promised Content-Length
  reset                   closes the connection with a TCP RST, no answer
  truncated               promises 10000 bytes, sends about 100, closes
  huge/MB                 a valid RSS document of MB megabytes
  chunked/KB              an RSS document of KB kibibytes, chunked, no Content-Length
  gzip-bomb/MB            gzip body inflating to MB megabytes of zeros
  bad-gzip                Content-Encoding: gzip on a body that is not gzip
  deflate                 a small feed with Content-Encoding: deflate (zlib)
  brotli/PATH             serves /PATH with Content-Encoding: br, whatever the
                          request's Accept-Encoding (libbrotlienc via ctypes)
  brotli-bomb/MB          br body decoding to MB megabytes of zeros
  not-xml                 an HTML page served as application/rss+xml
  not-feed                well-formed XML that is not a feed
  wrong-type              a feed served as image/png
  count/PATH              how many requests /PATH has had so far (a number)
  counter/PATH            serves /PATH, counted as a request to /PATH
  stats                   text lines "name value": requests, connections,
                          open_connections, max_open_connections,
                          active_requests, max_active_requests (requests
                          received whose response has not started yet: what
                          a client's concurrency limit bounds exactly).
                          Requests to /_fault/stats (and connections that
                          carried only those) are not counted.

Stops on SIGTERM or SIGINT. Python 3 standard library only (Brotli through
ctypes from Debian's libbrotli1, which Gazette itself links).
"""
import argparse
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import socket
import ssl
import struct
import threading
import time
import urllib.parse
import zlib

from server_lifecycle import serve_until_stopped, write_port_file

LOCK = threading.Lock()
STATS = {
    "requests": 0,
    "connections": 0,
    "open_connections": 0,
    "max_open_connections": 0,
    "active_requests": 0,
    "max_active_requests": 0,
}
COUNTS = {}
CONNECTION_SERIAL = [0]

SMALL_FEED = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
              b"<title>Drill feed</title><link>http://127.0.0.1/</link>"
              b"<item><title>First drill item</title><link>http://127.0.0.1/a</link>"
              b"<guid>drill-1</guid></item></channel></rss>\n")
NOT_XML = (b"<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>"
           b"<body><p>Checking your browser<br>please wait</p></body></html>\n")
NOT_FEED = (b'<?xml version="1.0" encoding="utf-8"?>\n'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>http://127.0.0.1/a</loc></url></urlset>\n")


def stat_add(name, delta):
    """Adds delta to a counter; keeps max_<name> for the gauges."""
    with LOCK:
        STATS[name] += delta
        peak = "max_" + name
        if peak in STATS:
            STATS[peak] = max(STATS[peak], STATS[name])


def brotli_compress(data, quality=11):
    """Brotli-compresses `data` with libbrotlienc: the standard library has no brotli."""
    import ctypes
    lib = ctypes.CDLL("libbrotlienc.so.1")
    lib.BrotliEncoderMaxCompressedSize.restype = ctypes.c_size_t
    lib.BrotliEncoderMaxCompressedSize.argtypes = [ctypes.c_size_t]
    lib.BrotliEncoderCompress.restype = ctypes.c_int
    lib.BrotliEncoderCompress.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_size_t,
                                          ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t),
                                          ctypes.c_char_p]
    size = ctypes.c_size_t(lib.BrotliEncoderMaxCompressedSize(len(data)) or len(data) + 1024)
    out = ctypes.create_string_buffer(size.value)
    # 22: the default window (BROTLI_DEFAULT_WINDOW); 0: BROTLI_MODE_GENERIC.
    if not lib.BrotliEncoderCompress(quality, 22, 0, len(data), data, ctypes.byref(size), out):
        raise RuntimeError("BrotliEncoderCompress failed")
    return out.raw[:size.value]


def content_type_for(path, data):
    # FILE.content-type beside FILE, when there is one, holds the header to
    # send (a server's wrong or missing charset, for encoding tests).
    if os.path.isfile(path + ".content-type"):
        with open(path + ".content-type", encoding="ascii") as f:
            return f.read().strip()
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


def accepts(header, coding):
    """True when an Accept-Encoding value allows `coding` (q=0 refuses it)."""
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        if fields[0].lower() not in (coding, "*"):
            continue
        for f in fields[1:]:
            if f.replace(" ", "").lower() in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
                return False
        return True
    return False


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GazetteFixture/1"

    def setup(self):
        self.timeout = self.server.keepalive_timeout  # StreamRequestHandler applies it
        super().setup()
        with LOCK:
            CONNECTION_SERIAL[0] += 1
            self.connection_id = CONNECTION_SERIAL[0]
        self.counted = False  # counted once it carries a request other than stats

    def finish(self):
        try:
            super().finish()
        finally:
            if self.counted:
                stat_add("open_connections", -1)

    def log_message(self, fmt, *args):
        pass  # the JSON log replaces stderr chatter

    def record(self, status):
        if not self.server.log_path:
            return
        line = json.dumps({"t": time.time(), "method": self.command, "path": self.path,
                           "headers": dict(self.headers.items()), "status": status,
                           "peer": self.client_address[1], "connection": self.connection_id})
        with LOCK, open(self.server.log_path, "a") as f:
            f.write(line + "\n")

    def origin(self):
        scheme = "https" if self.server.tls else "http"
        return f"{scheme}://127.0.0.1:{self.server.server_address[1]}"

    def send(self, status, body=b"", ctype="text/plain; charset=utf-8", headers=None,
             head_only=False):
        self.record(status)
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and not head_only:
            self.wfile.write(body)

    def do_GET(self):
        self.dispatch(head_only=False)

    def do_HEAD(self):
        self.dispatch(head_only=True)

    def do_POST(self):
        if self.path.startswith("/_fault/"):
            return self.dispatch(head_only=False)
        self.send(405, b"method not allowed\n", headers={"Allow": "GET, HEAD"})

    do_PUT = do_DELETE = do_PATCH = do_POST

    def dispatch(self, head_only):
        path = urllib.parse.urlsplit(self.path).path
        is_stats = path == "/_fault/stats"
        if not is_stats:
            if not self.counted:
                self.counted = True
                stat_add("connections", 1)
                stat_add("open_connections", 1)
            stat_add("requests", 1)
            stat_add("active_requests", 1)
            self.active = True
            with LOCK:
                COUNTS[path] = COUNTS.get(path, 0) + 1
        try:
            if path.startswith("/_fault/"):
                self.fault(path[len("/_fault/"):].split("/"), head_only)
            else:
                self.serve_file(path, head_only)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up: normal in drills
        finally:
            self.end_active()

    def end_active(self):
        if getattr(self, "active", False):
            self.active = False
            stat_add("active_requests", -1)

    def send_response(self, code, message=None):
        # Before the first byte goes out: a client may send its next request
        # as soon as it has this response.
        self.end_active()
        super().send_response(code, message)

    def serve_file(self, path, head_only, coding=None):
        root = self.server.root
        if not root:
            return self.send(404, b"no --root given\n", head_only=head_only)
        full = os.path.realpath(os.path.join(root, urllib.parse.unquote(path).lstrip("/")))
        if full != root and not full.startswith(root + os.sep):
            return self.send(403, b"outside the root\n", head_only=head_only)
        if os.path.isdir(full):
            for index in ("index.html", "index.xml"):
                if os.path.isfile(os.path.join(full, index)):
                    full = os.path.join(full, index)
                    break
        if not os.path.isfile(full):
            return self.send(404, b"not found\n", head_only=head_only)
        with open(full, "rb") as f:
            data = f.read()
        if self.server.origin:
            data = data.replace(self.server.origin.encode(), self.origin().encode())
        mtime = int(os.path.getmtime(full))
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True),
                   "Vary": "Accept-Encoding", "Cache-Control": "max-age=60"}
        if self.server.no_validators:
            headers = {"Vary": "Accept-Encoding"}
        elif self.not_modified(etag, mtime):
            return self.send(304, b"", ctype=None, headers=headers, head_only=True)
        ctype = content_type_for(full, data)
        if coding == "br":
            data = brotli_compress(data)
            headers["Content-Encoding"] = "br"
        elif accepts(self.headers.get("Accept-Encoding"), "gzip"):
            data = gzip.compress(data, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self.send(200, data, ctype=ctype, headers=headers, head_only=head_only)

    def not_modified(self, etag, mtime):
        # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is None:
            return False
        try:
            return email.utils.parsedate_to_datetime(ims).timestamp() >= mtime
        except (TypeError, ValueError):
            return False

    def send_headers_only(self, status, ctype, length):
        """Starts a response whose body the caller writes (or fails to)."""
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.flush()

    def fault(self, parts, head_only):
        kind, args = parts[0], parts[1:]
        if kind == "status":
            code = int(args[0])
            return self.send(code, f"status {code}\n".encode(), head_only=head_only)
        if kind == "retry-after":
            return self.send(429, b"slow down\n", headers={"Retry-After": args[0]},
                             head_only=head_only)
        if kind == "redirect":
            hops = int(args[0])
            rest = "/".join(args[1:])
            target = f"/_fault/redirect/{hops - 1}/{rest}" if hops > 1 else "/" + rest
            return self.redirect(301, target)
        if kind == "redirect-permanent":
            return self.redirect(301, "/" + "/".join(args))
        if kind == "redirect-temporary":
            return self.redirect(302, "/" + "/".join(args))
        if kind == "redirect-status":
            return self.redirect(int(args[0]), "/" + "/".join(args[1:]))
        if kind == "redirect-loop":
            return self.redirect(302, "/_fault/redirect-loop")
        if kind == "redirect-loopback":
            port = int(args[0])
            return self.redirect(302, f"http://127.0.0.1:{port}/" + "/".join(args[1:]))
        if kind == "slow-headers":
            time.sleep(float(args[0]))
            return self.send(200, SMALL_FEED, ctype="application/rss+xml", head_only=head_only)
        if kind == "slow-body":
            seconds = float(args[0])
            self.send_headers_only(200, "application/rss+xml", int(seconds) + 1000)
            self.close_connection = True
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(min(1.0, max(0.0, end - time.monotonic())))
            return
        if kind == "reset":
            self.record(0)
            # Linger 0: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if kind == "chunked":
            # Transfer-Encoding: chunked, no Content-Length: the size is only
            # known by reading. 16 KiB chunks of an RSS document of KB kibibytes.
            head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>chunked</title><!--'
            tail = b"--></channel></rss>\n"
            body = head + b"x" * max(0, int(args[0]) * 1024 - len(head) - len(tail)) + tail
            self.record(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if not head_only:
                for at in range(0, len(body), 16384):
                    piece = body[at:at + 16384]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            return
        if kind == "truncated":
            self.send_headers_only(200, "application/rss+xml", 10000)
            self.wfile.write(SMALL_FEED[:100])
            self.wfile.flush()
            self.close_connection = True
            return
        if kind == "huge":
            item = (b"<item><title>filler</title><description>" + b"x" * 900 +
                    b"</description></item>\n")
            count = int(args[0]) * 1024 * 1024 // len(item)
            body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>' +
                    item * count + b"</channel></rss>\n")
            return self.send(200, body, ctype="application/rss+xml", head_only=head_only)
        if kind == "gzip-bomb":
            body = gzip.compress(b"\0" * (int(args[0]) * 1024 * 1024), compresslevel=9, mtime=0)
            return self.send(200, body, ctype="application/rss+xml",
                             headers={"Content-Encoding": "gzip"}, head_only=head_only)
        if kind == "bad-gzip":
            return self.send(200, b"<rss>this is not gzip at all</rss>", ctype="application/rss+xml",
                             headers={"Content-Encoding": "gzip"}, head_only=head_only)
        if kind == "deflate":
            return self.send(200, zlib.compress(SMALL_FEED), ctype="application/rss+xml",
                             headers={"Content-Encoding": "deflate"}, head_only=head_only)
        if kind == "brotli":
            return self.serve_file("/" + "/".join(args), head_only, coding="br")
        if kind == "brotli-bomb":
            body = brotli_compress(b"\0" * (int(args[0]) * 1024 * 1024), quality=5)
            return self.send(200, body, ctype="application/rss+xml",
                             headers={"Content-Encoding": "br"}, head_only=head_only)
        if kind == "not-xml":
            return self.send(200, NOT_XML, ctype="application/rss+xml", head_only=head_only)
        if kind == "not-feed":
            return self.send(200, NOT_FEED, ctype="application/xml", head_only=head_only)
        if kind == "wrong-type":
            return self.send(200, SMALL_FEED, ctype="image/png", head_only=head_only)
        if kind == "counter":
            target = "/" + "/".join(args)
            with LOCK:
                COUNTS[target] = COUNTS.get(target, 0) + 1
            return self.serve_file(target, head_only)
        if kind == "count":
            with LOCK:
                count = COUNTS.get("/" + "/".join(args), 0)
            return self.send(200, f"{count}\n".encode(), head_only=head_only)
        if kind == "stats":
            with LOCK:
                text = "".join(f"{name} {value}\n" for name, value in STATS.items())
            return self.send(200, text.encode(), head_only=head_only)
        return self.send(404, f"no such fault drill: {kind}\n".encode(), head_only=head_only)

    def redirect(self, status, location):
        self.send(status, b"moved\n", headers={"Location": location})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, root, origin, tls_context, log_path, keepalive_timeout=None):
        super().__init__(address, Handler)
        self.keepalive_timeout = keepalive_timeout
        self.root = os.path.realpath(root) if root else None
        self.origin = origin
        self.tls = tls_context
        self.log_path = log_path
        self.no_validators = False

    def finish_request(self, request, client_address):
        # Runs in the connection's thread: a slow or failing TLS handshake
        # only stalls this connection.
        if self.tls is None:
            return super().finish_request(request, client_address)
        request.settimeout(10)
        try:
            secure = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # e.g. the client rejected our certificate
        try:
            secure.settimeout(None)
            super().finish_request(secure, client_address)
        finally:
            secure.close()

    def handle_error(self, request, client_address):
        pass  # clients hanging up mid-drill are expected


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root")
    parser.add_argument("--origin")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--log")
    parser.add_argument("--keepalive-timeout", type=float)
    parser.add_argument("--no-validators", action="store_true")
    args = parser.parse_args()

    tls_context = None
    if args.tls:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(args.tls[0], args.tls[1])
    server = Server(("127.0.0.1", args.port), args.root, args.origin, tls_context, args.log,
                    args.keepalive_timeout)
    server.no_validators = args.no_validators
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, [port])
    print(f"PORT {port}", flush=True)
    serve_until_stopped(server)


if __name__ == "__main__":
    main()
