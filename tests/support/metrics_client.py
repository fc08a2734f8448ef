#!/usr/bin/env python3
"""A client for the daemon's metrics endpoint, for the integration tests.

ADDRESS is what [metrics] listen says: "127.0.0.1:PORT" or "unix:/path".
Only loopback and Unix sockets: the tests never send a packet elsewhere.

    metrics_client.py ADDRESS METHOD PATH    prints the status, then the body
"""
import http.client
import socket
import sys


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=10):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


def connection(address, timeout=10):
    if address.startswith("unix:"):
        return UnixConnection(address[len("unix:"):], timeout)
    host, port = address.rsplit(":", 1)
    if host != "127.0.0.1":
        raise SystemExit(f"refusing {address}: tests only talk to 127.0.0.1")
    return http.client.HTTPConnection(host, int(port), timeout=timeout)


def raw_socket(address, timeout=10):
    """A connected socket, for requests http.client would not send."""
    if address.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(address[len("unix:"):])
        return s
    host, port = address.rsplit(":", 1)
    if host != "127.0.0.1":
        raise SystemExit(f"refusing {address}: tests only talk to 127.0.0.1")
    return socket.create_connection((host, int(port)), timeout=timeout)


def request(address, method, path, headers=None):
    """Returns (status, headers dict with lower-case names, body text)."""
    conn = connection(address)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        body = response.read().decode("utf-8")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    status, _, body = request(sys.argv[1], sys.argv[2], sys.argv[3])
    try:
        print(status)
        sys.stdout.write(body)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head -1`: only the status was wanted
        sys.stdout = None
