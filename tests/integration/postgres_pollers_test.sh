#!/usr/bin/env bash
# Several pollers, one store (issue 16): three `gazette run` processes on one
# PostgreSQL database, 300 feed sources on 20 loopback hosts (20 ports of
# 127.0.0.1: hosts to Gazette's politeness, which keys on host:port), 1-minute
# intervals. Each poller names itself in its User-Agent, which the test
# server logs with every request. One poller is killed with SIGKILL in the
# middle of its polls (holding leases); the others run on for the lease, an
# interval and some. Then, from the server's request log and the database:
#   - each source is fetched once per interval, not once per poller: no two
#     fetches of a source are less than half an interval apart (but for the
#     killed poller's fetches that never got recorded);
#   - no article is stored twice (articles_v: count(*) = count(DISTINCT url));
#   - per host, the gap between request starts and the connection limit hold
#     across the three pollers (the shared host gate, storage/postgres/pg_host_gate.h);
#   - the sources the killed poller held leases on are not fetched by the
#     others while its leases last, and are fetched by them soon after
#     the leases run out ([daemon] lease);
#   - after the kill, every source is still polled.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/pg_cluster.sh"

pg_start

HOSTS=20
PER_HOST=15
INTERVAL=60 # seconds: [daemon] default_interval, pinned by min/max_interval
LEASE=30    # seconds: [daemon] lease
GAP=1.0     # seconds: [fetch] min_host_delay and min_feed_host_delay
LIMIT=2     # [fetch] max_connections_per_host
start_polite_server "$HOSTS" 1.5 # lib.sh: PORTS, POLITE_LOG

# Feeds 1..15 of each host: plain two-item feeds (host 0's feed0 answers 429
# once, for the politeness test; none of it here).
write_config() { # write_config N: poller N's config, in a folder of its own
  local dir="$WORK/poller$1"
  mkdir -p "$dir"
  {
    cat <<TOML
[daemon]
database = "$GAZETTE_PG_URL"
default_interval = "${INTERVAL}s"
min_interval = "${INTERVAL}s"
max_interval = "${INTERVAL}s"
lease = "${LEASE}s"
user_agent = "gazette-test-poller-$1"
[fetch]
max_connections = 40
max_connections_per_host = $LIMIT
min_host_delay = "1s"
min_feed_host_delay = "1s"
connect_timeout = "2s"
header_timeout = "5s"
total_timeout = "8s"
robots_txt = false
TOML
    for h in $(seq 0 $((HOSTS - 1))); do
      for i in $(seq 1 "$PER_HOST"); do
        printf '[[feed]]\nurl = "http://127.0.0.1:%s/h%s/feed%s.xml"\n' "${PORTS[$h]}" "$h" "$i"
      done
    done
  } >"$dir/gazette.toml"
}

declare -A POLLER
for n in 1 2 3; do
  write_config "$n"
  "$GAZETTE" --config "$WORK/poller$n/gazette.toml" -v run 2>"$WORK/poller$n/daemon.err" &
  POLLER[$n]=$!
  SERVER_PIDS+=($!)
done

alive() { # an exited poller not yet waited for is a zombie: kill -0 would succeed
  local n state
  for n in "$@"; do
    state=$(ps -o stat= -p "${POLLER[$n]}" 2>/dev/null || true)
    if [ -z "$state" ] || [ "${state:0:1}" = Z ]; then
      tail -20 "$WORK/poller$n/daemon.err" >&2
      fail "poller $n exited"
    fi
  done
}

note "three pollers on one database: wait for poller 2 to be in the middle of its polls"
# Pollers on PostgreSQL do not spread the sources due at their start: each
# leases what is due from the first look, so poller 2 may be caught mid-poll
# in its first round or in any later one (every INTERVAL).
deadline=$((SECONDS + 2 * INTERVAL + 30))
while :; do
  alive 1 2 3
  done_by_2=$(grep -c '"agent": "gazette-test-poller-2"' "$POLITE_LOG" || true)
  if [ "$done_by_2" -ge 5 ]; then
    # Mid-poll: it holds leases (sources taken, not yet recorded).
    held=$(pg_sql "select count(*) from source_leases where holder like '%:${POLLER[2]}:%'")
    [ "$held" -ge 3 ] && break
  fi
  [ $SECONDS -lt $deadline ] ||
    fail "poller 2 answered $done_by_2 requests in $((2 * INTERVAL + 30)) s, never holding 3 leases when looked at"
  sleep 0.5
done
sources=$(pg_sql "select count(*) from sources")
expect_eq "sources" $((HOSTS * PER_HOST)) "$sources"

# What poller 2 holds (its leases name it machine:pid:token), read just before the kill.
pid2=${POLLER[2]}
pg_sql "select s.fetch_url, extract(epoch from l.leased_until) from source_leases l
        join sources s on s.id = l.source_id where l.holder like '%:$pid2:%'" |
  tr '|' ' ' >"$WORK/leased-by-2"
kill -9 "$pid2"
killed=$(date +%s.%N)
note "poller 2 killed with $(wc -l <"$WORK/leased-by-2") leased sources"
[ -s "$WORK/leased-by-2" ] || fail "poller 2 held no lease when killed: it was not mid-poll"

# The survivors run on for the lease, an interval and some more.
end=$((SECONDS + LEASE + INTERVAL + 25))
while [ $SECONDS -lt $end ]; do
  alive 1 3
  sleep 1
done
for n in 1 3; do kill -TERM "${POLLER[$n]}"; done
for n in 1 3; do wait "${POLLER[$n]}" || fail "poller $n exit status $?"; done
stopped=$(date +%s.%N)

# What went wrong in the pollers, for a failing check.
pollers_said() {
  local n
  for n in 1 2 3; do
    echo "poller $n's warnings and errors:"
    grep -E "warning|error" "$WORK/poller$n/daemon.err" | head -20 || true
  done
}

note "no article is stored twice"
counts=$(pg_sql "select count(*), count(distinct url) from articles_v")
expect_eq "articles_v: every url once" "${counts%%|*}|${counts%%|*}" "$counts"
[ "${counts%%|*}" -ge "$sources" ] || fail "only ${counts%%|*} articles from $sources sources"
expect_eq "no url shared by two articles" 0 \
  "$(pg_sql "select count(*) from (select url from articles group by url having count(*) > 1) d")"
expect_eq "every article has its keys, no key two articles" \
  "$(pg_sql "select count(*) from articles")" \
  "$(pg_sql "select count(distinct article_id) from article_keys")"
expect_eq "no connection slot left held by the survivors" 0 \
  "$(pg_sql "select count(*) from host_slots where expires > now()
             and holder not like '%:$pid2:%'")"

note "the request log"
python3 - "$POLITE_LOG" "$WORK/leased-by-2" "$killed" "$stopped" "$sources" \
  "$INTERVAL" "$LEASE" "$GAP" "$LIMIT" <<'PY' || { pollers_said; fail "request log check failed"; }
import collections
import json
import sys

log_file, leased_file = sys.argv[1], sys.argv[2]
killed, stopped = float(sys.argv[3]), float(sys.argv[4])
sources, interval, lease = int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
gap, limit = float(sys.argv[8]), int(sys.argv[9])
KILLED = "gazette-test-poller-2"
# The server stamps a request when it reads it, up to a few scheduling
# delays after the client let it go: a gap is measured with this slack.
SLACK = 0.2
# A source whose lease ran out is leased again at the scheduler's next look
# and then waits its turn at its host (a gap a request, two at once): this long.
TAKEOVER = 30.0

log = [json.loads(line) for line in open(log_file, encoding="utf-8")]
problems = []
agents = collections.Counter(r["agent"] for r in log)
print(f"{len(log)} requests; by poller: {dict(sorted(agents.items()))}")
for n in (1, 2, 3):
    if not agents[f"gazette-test-poller-{n}"]:
        problems.append(f"poller {n} sent no request: the work was not shared")

# The killed poller's leases at the kill: each one a poll it had not
# recorded (recording ends the lease), so polled again when the lease runs out.
leased = {}
for line in open(leased_file, encoding="utf-8"):
    url, until = line.split()
    leased["/" + url.split("/", 3)[3]] = float(until)
# Its fetches that never got recorded: those still answering at the kill,
# and those of the sources it still held (fetched, not yet stored).
unrecorded = {id(r) for r in log if r["agent"] == KILLED and
              (r["end"] >= killed or (r["path"] in leased and r["start"] < killed))}
by_path = collections.defaultdict(list)
for r in log:
    by_path[r["path"]].append(r)
if len(by_path) != sources:
    problems.append(f"{len(by_path)} sources fetched, expected {sources}")

# Once per interval, not once per poller.
closest = None
for path, requests in by_path.items():
    kept = sorted((r for r in requests if id(r) not in unrecorded), key=lambda r: r["start"])
    for a, b in zip(kept, kept[1:]):
        apart = b["start"] - a["start"]
        if closest is None or apart < closest[0]:
            closest = (apart, path)
        if apart < interval / 2:
            problems.append(f"{path} fetched twice {apart:.1f} s apart (interval {interval:.0f} s): "
                            f"by {a['agent']} {a['start'] - killed:+.1f} s and {b['agent']} "
                            f"{b['start'] - killed:+.1f} s from the kill")
print(f"closest two recorded fetches of one source: {closest[0]:.1f} s ({closest[1]})"
      if closest else "no source fetched twice")
if closest is None:
    problems.append("no source was fetched a second time: the run did not cover an interval")

# Per host, across the three pollers: the gap and the connection limit.
by_host = collections.defaultdict(list)
for r in log:
    by_host[r["host"]].append(r)
for host, requests in sorted(by_host.items()):
    requests.sort(key=lambda r: r["start"])
    events = sorted([(r["start"], 1) for r in requests] + [(r["end"], -1) for r in requests])
    now = peak = 0
    for _, step in events:
        now += step
        peak = max(peak, now)
    gaps = [(b["start"] - a["start"], a["agent"], b["agent"]) for a, b in zip(requests, requests[1:])]
    smallest = min(gaps) if gaps else None
    mixed = sum(1 for g in gaps if g[1] != g[2])
    print(f"host {host}: {len(requests)} requests, {mixed} turns passed between pollers, "
          f"at most {peak} at once, smallest gap {smallest[0]:.3f} s" if gaps else f"host {host}")
    if peak > limit:
        problems.append(f"host {host}: {peak} requests at once (limit {limit})")
    if smallest is not None and smallest[0] < gap - SLACK:
        problems.append(f"host {host}: {smallest[1]} and {smallest[2]} started requests "
                        f"{smallest[0]:.3f} s apart (minimum {gap} s)")
# The gate was exercised: hosts passed from one poller to another, often.
handovers = sum(1 for rs in by_host.values() for a, b in zip(rs, rs[1:]) if a["agent"] != b["agent"])
print(f"{handovers} times a host's next request came from another poller")
if handovers < 10:
    problems.append(f"a host passed between pollers only {handovers} times: too little was shared")

# The killed poller's leases: nobody else fetches those sources while they
# last, and the others do soon after they run out.
late = []
for path, until in sorted(leased.items()):
    others = sorted(r["start"] for r in by_path[path] if r["agent"] != KILLED and r["start"] > killed)
    early = [t for t in others if t < until - 1.0]
    if early:
        problems.append(f"{path}: fetched {until - early[0]:.1f} s before poller 2's lease ran out")
    taken = [t for t in others if t >= until - 1.0]
    if not taken or taken[0] > until + TAKEOVER:
        late.append(path)
    else:
        print(f"{path}: leased by poller 2 until {until - killed:+.1f} s after the kill, "
              f"fetched by another {taken[0] - until:+.1f} s after that")
if late:
    problems.append(f"{len(late)} of poller 2's {len(leased)} leased sources were not fetched by "
                    f"the others within {TAKEOVER:.0f} s of the lease's end: {late[:5]}")

# After the kill, nothing is lost: every source is polled again by the others.
after = {r["path"] for r in log if r["agent"] != KILLED and r["start"] > killed}
if len(after) != sources:
    problems.append(f"after the kill only {len(after)} of {sources} sources were fetched again "
                    f"(in {stopped - killed:.0f} s)")
for p in problems:
    print("PROBLEM:", p)
sys.exit(1 if problems else 0)
PY
echo PASS
