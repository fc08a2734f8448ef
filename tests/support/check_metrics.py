#!/usr/bin/env python3
"""Scrapes the daemon's /metrics, parses it with the Prometheus client
library's own text parser (Debian python3-prometheus-client), and checks the
values against the database the daemon writes.

    check_metrics.py ADDRESS DATABASE VERSION SOURCES

SOURCES: how many sources the config lists (each polled once by now).
Prints what it checked; exits 1 on the first mismatch.
"""
import sqlite3
import sys

from prometheus_client.parser import text_string_to_metric_families

from metrics_client import request


def fail(what):
    print(f"FAIL: {what}", file=sys.stderr)
    sys.exit(1)


def expect(what, expected, actual):
    if expected != actual:
        fail(f"{what}: expected {expected!r}, got {actual!r}")
    print(f"ok: {what} = {actual!r}")


def main():
    address, database, version, sources = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    status, headers, body = request(address, "GET", "/metrics")
    expect("GET /metrics status", 200, status)
    if not headers.get("content-type", "").startswith("text/plain; version=0.0.4"):
        fail(f"content type {headers.get('content-type')!r}")

    samples = {}  # (sample name, sorted labels) -> value
    types = {}
    for family in text_string_to_metric_families(body):  # raises on a malformed exposition
        types[family.name] = family.type
        for s in family.samples:
            key = (s.name, tuple(sorted(s.labels.items())))
            if key in samples:
                fail(f"duplicate sample {key}")
            samples[key] = s.value

    def value(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        if key not in samples:
            fail(f"no sample {name}{labels}")
        return samples[key]

    def by_label(name, label):
        return {dict(k[1])[label]: v for k, v in samples.items() if k[0] == name}

    for family, kind in [("gazette_polls", "counter"), ("gazette_fetch_errors", "counter"),
                         ("gazette_fetched_bytes", "counter"),
                         ("gazette_articles_stored", "counter"),
                         ("gazette_fetch_duration_seconds", "histogram"),
                         ("gazette_store_duration_seconds", "histogram"),
                         ("gazette_dispatch_lag_seconds", "histogram"),
                         ("gazette_sources_due", "gauge"), ("gazette_sources", "gauge"),
                         ("gazette_build_info", "gauge"), ("gazette_healthy", "gauge")]:
        expect(f"type of {family}", kind, types.get(family))

    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731

    polls = by_label("gazette_polls_total", "outcome")
    expect("polls by outcome: the label set", {"ok", "not_modified", "fetch_error", "http_error",
                                               "robots_refused", "parse_error"}, set(polls))
    expect("polls == fetches recorded", one("SELECT count(*) FROM fetches"), sum(polls.values()))
    expect("polls == sources polled", sources, sum(polls.values()))
    expect("polls ok == fetches without an error",
           one("SELECT count(*) FROM fetches WHERE error = ''"), polls["ok"] + polls["not_modified"])
    expect("polls http_error == fetches with an HTTP error status",
           one("SELECT count(*) FROM fetches WHERE http_status >= 400"), polls["http_error"])
    expect("polls fetch_error == fetches without a response",
           one("SELECT count(*) FROM fetches WHERE http_status = 0 AND error != ''"),
           polls["fetch_error"])
    errors = by_label("gazette_fetch_errors_total", "kind")
    expect("fetch errors by kind == polls without a response", polls["fetch_error"],
           sum(errors.values()))
    expect("articles stored == rows", one("SELECT count(*) FROM articles"),
           value("gazette_articles_stored_total"))
    expect("source bytes == fetches.bytes", one("SELECT coalesce(sum(bytes), 0) FROM fetches"),
           value("gazette_fetched_bytes_total", what="source"))
    responses = by_label("gazette_http_responses_total", "class")
    expect("HTTP responses == polls with a response", sources - polls["fetch_error"],
           sum(responses.values()))
    for histogram in ("gazette_fetch_duration_seconds", "gazette_dispatch_lag_seconds"):
        expect(f"{histogram} count == fetches", sources, value(f"{histogram}_count"))
        expect(f"{histogram} +Inf bucket == count", value(f"{histogram}_count"),
               value(f"{histogram}_bucket", le="+Inf"))
    expect("store duration count == polls", sources, value("gazette_store_duration_seconds_count"))
    expect("sources by state: the label set", {"ok", "failing", "never_polled", "disabled"},
           set(by_label("gazette_sources", "state")))
    expect("sources by state add up to the sources", sources,
           sum(by_label("gazette_sources", "state").values()))
    if value("gazette_sources_due") < 0:
        fail("negative gazette_sources_due")
    expect("build info", 1.0, value("gazette_build_info", version=version))
    expect("healthy", 1.0, value("gazette_healthy"))
    # Bounded labels: no value read from the network (URLs, hosts) is a label.
    for (name, labels) in samples:
        for label, text in labels:
            if "://" in text or "127.0.0.1" in text:
                fail(f"{name} carries an untrusted label value {label}={text!r}")
    print("PASS metrics")


if __name__ == "__main__":
    main()
