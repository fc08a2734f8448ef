"""How the test servers of tests/support start and stop (imported by them).

A test learns where a server listens from its port file (lib.sh's
launch_server, tests/http/test_server.h wait for it), and stops it with
SIGTERM.
"""

import os
import signal
import threading


def write_port_file(path, ports):
    """Writes the ports, one a line, to PATH at once: a reader waiting for a
    non-empty file never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("".join(f"{port}\n" for port in ports))
    os.replace(tmp, path)


def serve_until_stopped(server):
    """Serves SERVER (a socketserver) until SIGTERM or SIGINT, then closes it."""

    def stop(*_):
        # shutdown() blocks until serve_forever() returns, so not from the
        # main thread, which runs serve_forever(). (Raising from the handler
        # instead can hit the main thread inside Thread.start() and wedge.)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever(poll_interval=0.05)  # a short poll: SIGTERM takes effect at once
    server.server_close()
