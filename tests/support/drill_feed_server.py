#!/usr/bin/env python3
"""Feeds that change at every request, for the kill -9 drill, on 127.0.0.1 only.

Usage:

    drill_feed_server.py --sources N --port-file FILE --log FILE

GET /feed/I (0 <= I < N) answers source I's next response R (R counts that
source's requests from 0). Each response is an RSS document whose channel
title names it ("Drill source I response R") and whose items make every poll
write something:

  - new stories: two per response (s<I>-r<R>-0, s<I>-r<R>-1), and the two
    of the response before, sent again unchanged;
  - a live story, s<I>-live, whose title and text change at every response
    (an edit of an article the source created);
  - two shared stories, shared-<K>, that several sources send at once with
    texts of their own (the same story through several sources: dedup).

Every item has a link http://127.0.0.1:PORT/story/<story> and a guid
<story>. No ETag or Last-Modified: every poll gets a 200 and a new document.

--log gets one JSON line per response, written before the response is sent
(so it holds everything a client may have received): {"t": unix time,
"source": I, "response": R, "items": [[story, title], ...]}.

Stops on SIGTERM or SIGINT. Python 3 standard library only.
"""
import argparse
import email.utils
import http.server
import json
import threading
import time
from xml.sax.saxutils import escape

from server_lifecycle import serve_until_stopped, write_port_file

LOCK = threading.Lock()
RESPONSES = {}  # source -> responses sent so far
SHARED_STORIES = 40


def items_for(source, response):
    """[(story, title, text)] of source's response number `response`."""
    items = []
    for r in (response, response - 1):
        if r < 0:
            continue
        for j in (0, 1):
            story = f"s{source}-r{r}-{j}"
            items.append((story, f"Story {j} of source {source} response {r}",
                          f"First report number {j} from source {source}, response {r}."))
    items.append((f"s{source}-live", f"Live {source} revision {response}",
                   f"Live coverage from source {source}, now at revision {response}."))
    # Neighbouring sources send the same shared stories at about the same
    # time, each with its own words (a longer text on later responses).
    for k in ((source + response) % SHARED_STORIES, (source * 7 + response // 2) % SHARED_STORIES):
        story = f"shared-{k}"
        if any(story == s for s, _, _ in items):
            continue
        items.append((story, f"Shared story {k}",
                      f"Shared story {k} as told by source {source}." +
                      " More detail." * (response % 5)))
    return items


def document(origin, source, response, items):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
           f"<title>Drill source {source} response {response}</title>",
           f"<link>{origin}/</link><description>kill -9 drill</description>"]
    now = email.utils.formatdate(time.time(), usegmt=True)
    for story, title, text in items:
        out.append(f"<item><title>{escape(title)}</title><link>{origin}/story/{story}</link>"
                   f'<guid isPermaLink="false">{story}</guid><pubDate>{now}</pubDate>'
                   f"<description>{escape(text)}</description></item>")
    out.append("</channel></rss>\n")
    return "".join(out).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        parts = self.path.split("/")
        if len(parts) != 3 or parts[1] != "feed" or not parts[2].isdigit() \
                or int(parts[2]) >= self.server.sources:
            return self.answer(404, b"not found\n", "text/plain")
        source = int(parts[2])
        with LOCK:
            response = RESPONSES.get(source, 0)
            RESPONSES[source] = response + 1
            items = items_for(source, response)
            with open(self.server.log_path, "a") as f:
                f.write(json.dumps({"t": time.time(), "source": source, "response": response,
                                    "items": [[s, t] for s, t, _ in items]}) + "\n")
        origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.answer(200, document(origin, source, response, items), "application/rss+xml")

    def answer(self, status, body, ctype):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the daemon was killed mid-response


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # a killed client is the point of the drill


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=int, required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.sources = args.sources
    server.log_path = args.log
    write_port_file(args.port_file, [server.server_address[1]])
    serve_until_stopped(server)


if __name__ == "__main__":
    main()
