#!/usr/bin/env python3
"""The report of bench/daemon.sh, in Markdown, from what it recorded.

    daemon_report.py --access LOG --samples FILE --start T --interval S
                     --clock-ticks N [--steady-after S]

--access: nginx's access log, one "MSEC URI STATUS BYTES" line per request.
--samples: one line per sample of the daemon's /proc: "T VmRSS RssAnon
RssFile RssShmem Threads CPU_TICKS RUNQ_NS" (KiB, ticks of utime + stime,
nanoseconds the main thread waited for a core), the last
line being the end of the run, and a line "peak VmHWM" (KiB).

Dispatch lag: for two consecutive requests of one feed, the second came
`lag` seconds after its due time, the first one's second (the daemon counts
whole seconds) plus the interval plus the source's jitter (poll/poller.cc:
url_jitter, FNV-1a of the URL over interval/20 seconds). The first
request of each feed comes from the start-up spread, not an interval: it
is not counted; feeds never requested are counted apart. A gap over twice
the interval is a back-off after errors (the daemon's log says) or a source
left waiting: it is in the lag too.
"""
import argparse
import bisect
import collections
import math


def url_jitter(url, span):
    if span <= 1:
        return 0
    h = 1469598103934665603
    for c in url.encode():
        h = ((h ^ c) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h % span


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--access", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--start", type=float, required=True)
    ap.add_argument("--interval", type=int, required=True)
    ap.add_argument("--origin", required=True, help="http://127.0.0.1:PORT, to rebuild source URLs")
    ap.add_argument("--feeds", type=int, required=True, help="how many feeds the daemon polls")
    ap.add_argument("--clock-ticks", type=int, default=100)
    ap.add_argument("--steady-after", type=float, default=120.0,
                    help="seconds after the start from which the steady state counts")
    args = ap.parse_args()

    requests = collections.defaultdict(list)  # uri -> [time]
    status_count = collections.Counter()
    times = []
    with open(args.access) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or not parts[1].startswith("/feeds/"):
                continue
            t = float(parts[0])
            requests[parts[1]].append(t)
            status_count[parts[2]] += 1
            times.append(t)
    times.sort()

    samples, peak = [], 0
    with open(args.samples) as f:
        for line in f:
            parts = line.split()
            if parts[0] == "peak":
                peak = int(parts[1])
            else:
                samples.append([float(parts[0])] + [int(x) for x in parts[1:]])
    end = samples[-1][0]
    duration = end - args.start

    def polls_between(a, b):
        return bisect.bisect_right(times, b) - bisect.bisect_right(times, a)

    def cpu_at(t):  # CPU seconds at the last sample at or before t
        best = samples[0]
        for s in samples:
            if s[0] <= t:
                best = s
        return best[0], best[6] / args.clock_ticks

    polls = polls_between(args.start, end)
    cpu_total = samples[-1][6] / args.clock_ticks
    steady_t, steady_cpu = cpu_at(args.start + args.steady_after)
    steady_polls = polls_between(steady_t, end)
    steady_cpu = cpu_total - steady_cpu

    lags, long_gaps = [], 0
    span = max(args.interval // 20, 1)
    for uri, ts in requests.items():
        ts.sort()
        jitter = url_jitter(args.origin + uri, span)
        for a, b in zip(ts, ts[1:]):
            if b - a > 2 * args.interval:
                long_gaps += 1
            lags.append(b - (math.floor(a) + args.interval + jitter))
    lags.sort()

    print(f"| what | value |")
    print(f"|---|---|")
    print(f"| run | {duration:.0f} s; {len(requests)} of {args.feeds} feeds requested, "
          f"{args.feeds - len(requests)} never |")
    print(f"| polls (requests) | {polls} ({', '.join(f'{n} x {s}' for s, n in sorted(status_count.items()))}), "
          f"{polls / duration:.1f}/s |")
    print(f"| CPU, whole run | {cpu_total:.1f} s, {1000 * cpu_total / max(polls, 1):.2f} ms per poll |")
    print(f"| CPU, steady state (from {steady_t - args.start:.0f} s) | {steady_cpu:.1f} s for {steady_polls} polls, "
          f"{1000 * steady_cpu / max(steady_polls, 1):.2f} ms per poll, "
          f"{100 * steady_cpu / max(end - steady_t, 1):.1f} % of a core |")
    print(f"| peak RSS (VmHWM) | {peak / 1024:.1f} MiB |")
    if lags:
        print(f"| dispatch lag (s): p50 / p90 / p99 / max | {percentile(lags, 50):.2f} / "
              f"{percentile(lags, 90):.2f} / {percentile(lags, 99):.2f} / {lags[-1]:.2f} "
              f"({len(lags)} intervals; {sum(1 for x in lags if x < -1)} more than 1 s early) |")
    print(f"| gaps over twice the interval (back-off, or left waiting) | {long_gaps} |")
    print()
    print("RSS over the run (KiB; anon: the heap; file: the binary, libraries and the mapped WAL index):")
    print()
    print("| t s | VmRSS | RssAnon | RssFile | RssShmem | threads | CPU s | main thread's wait for a core s | polls so far |")
    print("|---|---|---|---|---|---|---|---|---|")
    step = max(1, len(samples) // 20)
    shown = samples[::step]
    if shown[-1] is not samples[-1]:
        shown.append(samples[-1])
    for s in shown:
        print(f"| {s[0] - args.start:.0f} | {s[1]} | {s[2]} | {s[3]} | {s[4]} | {s[5]} | "
              f"{s[6] / args.clock_ticks:.1f} | {s[7] / 1e9:.1f} | {polls_between(args.start, s[0])} |")


if __name__ == "__main__":
    main()
