#!/usr/bin/env python3
"""A small HTTP proxy for Gazette's tests, on 127.0.0.1 only.

Usage:

    proxy_server.py [--port N] [--port-file FILE] [--log FILE]
                    [--auth USER:PASSWORD] [--deny]

  --port N          port to bind on 127.0.0.1; 0 (the default) picks a free one.
  --port-file FILE  write the bound port there (atomically, once listening).
  --log FILE        append one JSON object per request: method, target, auth
                    ("ok", "missing", "wrong" or "not required"), status.
  --auth U:P        require Proxy-Authorization: Basic for U:P (else 407 with
                    Proxy-Authenticate).
  --deny            answer 403 to every request, as a proxy whose ACL says no.

Two ways through, as real proxies (Squid) offer them:
  CONNECT host:port             a tunnel: "200 Connection established", then
                                bytes both ways (TLS to the origin, end to end);
  GET http://host:port/path     an absolute-form request, forwarded in origin
                                form and answered with the origin's response,
                                its body unchanged (Content-Encoding kept).

The host must be 127.0.0.1 or localhost, and the connection always goes to
127.0.0.1: whatever a test asks, this proxy never sends a packet elsewhere
(anything else is answered 403 and logged). Python 3 standard library only.
"""
import argparse
import base64
import http.client
import http.server
import json
import select
import socket
import sys
import threading
import urllib.parse

from server_lifecycle import serve_until_stopped, write_port_file

LOCK = threading.Lock()
LOCAL_NAMES = ("127.0.0.1", "localhost")
# Hop-by-hop fields (RFC 9110 7.6.1) and the proxy's own: never forwarded.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authorization", "proxy-connection",
              "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade",
              "content-length"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def record(self, status, auth):
        if not self.server.log_path:
            return
        entry = {"method": self.command, "target": self.path, "auth": auth, "status": status}
        with LOCK, open(self.server.log_path, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def check_auth(self):
        """'ok', 'not required', or None after answering 407."""
        expected = self.server.auth
        if expected is None:
            return "not required"
        given = self.headers.get("Proxy-Authorization")
        if given == "Basic " + base64.b64encode(expected.encode()).decode():
            return "ok"
        state = "missing" if given is None else "wrong"
        self.refuse(407, state, "proxy authentication required",
                    {"Proxy-Authenticate": 'Basic realm="gazette test proxy"'})
        return None

    def refuse(self, status, auth, text, headers=None):
        body = (text + "\n").encode()
        self.record(status, auth)
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_CONNECT(self):
        auth = self.check_auth()
        if auth is None:
            return
        if self.server.deny:
            return self.refuse(403, auth, "denied by the test proxy's ACL")
        host, _, port = self.path.rpartition(":")
        if host not in LOCAL_NAMES or not port.isdigit():
            return self.refuse(403, auth, "the test proxy only reaches 127.0.0.1")
        try:
            upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
        except OSError as e:
            return self.refuse(502, auth, f"cannot reach 127.0.0.1:{port}: {e}")
        self.record(200, auth)
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        pipe(self.connection, upstream)

    def do_GET(self):
        auth = self.check_auth()
        if auth is None:
            return
        if self.server.deny:
            return self.refuse(403, auth, "denied by the test proxy's ACL")
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or url.hostname not in LOCAL_NAMES:
            return self.refuse(403, auth, "the test proxy only reaches http://127.0.0.1")
        path = url.path or "/"
        if url.query:
            path += "?" + url.query
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        try:
            upstream = http.client.HTTPConnection("127.0.0.1", url.port or 80, timeout=30)
            upstream.request("GET", path, headers=headers)
            response = upstream.getresponse()
            body = response.read()
        except OSError as e:
            return self.refuse(502, auth, f"cannot reach 127.0.0.1:{url.port}: {e}")
        self.record(response.status, auth)
        self.send_response(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        upstream.close()


def pipe(a, b):
    """Copies bytes both ways until either side closes."""
    sockets = [a, b]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 60)
            if not readable:
                return
            for s in readable:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)
    except OSError:
        return
    finally:
        b.close()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port, log_path, auth, deny):
        super().__init__(("127.0.0.1", port), Handler)
        self.log_path = log_path
        self.auth = auth
        self.deny = deny


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--log")
    parser.add_argument("--auth")
    parser.add_argument("--deny", action="store_true")
    args = parser.parse_args()
    server = Server(args.port, args.log, args.auth, args.deny)
    port = server.server_address[1]
    if args.port_file:
        write_port_file(args.port_file, [port])
    print(f"PORT {port}", flush=True)
    serve_until_stopped(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
