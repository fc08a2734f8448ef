#!/usr/bin/env bash
# Politeness under pressure (issue 13): 300 sources on 20 loopback hosts
# (20 ports of 127.0.0.1: the pacer, the back-off and the connection limits
# key on host:port), `gazette run` for about two minutes with 1-minute
# intervals, then the test server's request log is read:
#   - no host ever has more requests in progress than max_connections_per_host,
#     and no two requests to one host start closer than min_host_delay;
#   - a 429 with Retry-After: 30 gets no request to that host before 30 s;
#   - a 301 met on three polls in a row moves the fetch URL, a single one does not;
#   - a 410 disables its source (status and sources show it; no more requests);
#   - a challenge page is "blocked", not a broken feed.
# The daemon runs until the third poll of the moved source (about 2 minutes:
# three polls a minute apart), at most 170 s.
source "$(dirname "$0")/../support/lib.sh"

HOSTS=20
PER_HOST=15
start_polite_server "$HOSTS" 2.5 # lib.sh: PORTS, POLITE_LOG

# Source i of host h: the plain feeds, with one special source on hosts 1-4
# (host 0's first feed answers 429 the first time).
db="$WORK/gazette.db"
{
  cat <<TOML
[daemon]
database = "$db"
default_interval = "1m"
[fetch]
max_connections = 40
max_connections_per_host = 2
min_host_delay = "1s"
min_feed_host_delay = "1s"
robots_txt = false
TOML
  for h in $(seq 0 $((HOSTS - 1))); do
    base="http://127.0.0.1:${PORTS[$h]}"
    for i in $(seq 0 $((PER_HOST - 1))); do
      url="$base/h$h/feed$i.xml"
      if [ "$i" = 0 ]; then
        case $h in
          1) url="$base/moved3.xml" ;;
          2) url="$base/moved1.xml" ;;
          3) url="$base/gone.xml" ;;
          4) url="$base/wall.xml" ;;
        esac
      fi
      printf '[[feed]]\nurl = "%s"\n' "$url"
    done
  done
} >"$WORK/gazette.toml"
moved3="http://127.0.0.1:${PORTS[1]}/moved3.xml"
moved1="http://127.0.0.1:${PORTS[2]}/moved1.xml"
gone="http://127.0.0.1:${PORTS[3]}/gone.xml"
wall="http://127.0.0.1:${PORTS[4]}/wall.xml"

note "gazette run: 300 sources, 20 hosts"
"$GAZETTE" --config "$WORK/gazette.toml" -v run 2>"$WORK/daemon.err" &
daemon=$!
deadline=$((SECONDS + 170))
moved=""
while [ $SECONDS -lt $deadline ]; do
  kill -0 "$daemon" 2>/dev/null || { tail -20 "$WORK/daemon.err" >&2; fail "daemon exited"; }
  moved=$(sql "$db" "select fetch_url from sources where url = '$moved3'" 2>/dev/null || true)
  [ "$moved" = "http://127.0.0.1:${PORTS[1]}/moved3-new.xml" ] && break
  sleep 1
done
note "status while the daemon runs"
status_json=$("$GAZETTE" --config "$WORK/gazette.toml" status --json)
status_text=$("$GAZETTE" --config "$WORK/gazette.toml" status)
sources_text=$("$GAZETTE" --config "$WORK/gazette.toml" sources)
kill -TERM "$daemon"
wait "$daemon" || fail "daemon exit status $?"

note "a 301 on three polls in a row moves the fetch URL"
expect_eq "moved3 fetch_url" "http://127.0.0.1:${PORTS[1]}/moved3-new.xml" "$moved"
expect_eq "moved3 url kept" 1 "$(sql "$db" "select count(*) from sources_v where url = '$moved3'")"
expect_contains "sources shows the move" "$sources_text" "moved to http://127.0.0.1:${PORTS[1]}/moved3-new.xml"
note "a single 301 does not"
expect_eq "moved1 fetch_url" "$moved1" "$(sql "$db" "select fetch_url from sources where url = '$moved1'")"
expect_eq "moved1 count" "0|" "$(sql "$db" "select redirect_count, redirect_url from sources_v where url = '$moved1'")"

note "a 410 disables its source"
expect_eq "gone disabled" "HTTP 410 Gone from $gone" \
  "$(sql "$db" "select disabled_reason from sources_v where url = '$gone' and disabled_at is not null")"
expect_contains "status --json disabled" "$status_json" '"disabled": 1'
expect_contains "status text" "$status_text" "1 disabled"
expect_contains "sources shows it" "$sources_text" "disabled since"

note "a challenge page is blocked"
expect_eq "wall error" "blocked: HTTP 403, cf-mitigated: challenge" \
  "$(sql "$db" "select last_error from sources where url = '$wall'")"
expect_contains "status --json blocked" "$status_json" '"blocked": 1'
expect_contains "sources shows blocked" "$sources_text" "blocked: HTTP 403"

note "the host of the 429 was held: its other sources deferred"
expect_contains "deferral logged" "$(cat "$WORK/daemon.err")" "deferred"

note "the request log"
python3 - "$POLITE_LOG" <<'PY' || fail "request log check failed"
import collections
import json
import sys

LIMIT, GAP, RETRY_AFTER = 2, 1.0, 30.0
# The server stamps a request when it reads it, up to a few scheduling delays
# after the client's pacer let it go: a gap is measured with this much slack.
SLACK = 0.2
log = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
by_host = collections.defaultdict(list)
for r in log:
    by_host[r["host"]].append(r)
problems = []
print(f"{len(log)} requests to {len(by_host)} hosts")
if len(by_host) != 20:
    problems.append(f"only {len(by_host)} hosts were asked")
for host, requests in sorted(by_host.items()):
    requests.sort(key=lambda r: r["start"])
    events = sorted([(r["start"], 1) for r in requests] + [(r["end"], -1) for r in requests],
                    key=lambda e: (e[0], e[1]))
    now = peak = 0
    for _, step in events:
        now += step
        peak = max(peak, now)
    gaps = [b["start"] - a["start"] for a, b in zip(requests, requests[1:])]
    smallest = min(gaps) if gaps else None
    print(f"host {host}: {len(requests)} requests, at most {peak} at once, "
          f"smallest gap {smallest:.3f} s" if gaps else f"host {host}: {len(requests)} requests")
    if peak > LIMIT:
        problems.append(f"host {host}: {peak} requests at once (limit {LIMIT})")
    if smallest is not None and smallest < GAP - SLACK:
        problems.append(f"host {host}: two requests {smallest:.3f} s apart (minimum {GAP} s)")
# Overlap happened somewhere: the limit was tested, not idle.
if not any(sum(1 for r in rs if r["start"] < x["end"] and r["end"] > x["start"]) >= 2
           for rs in by_host.values() for x in rs):
    problems.append("no two requests to one host ever overlapped: the limit was not exercised")

refusals = [r for r in by_host[0] if r["status"] == 429]
if len(refusals) != 1:
    problems.append(f"host 0: {len(refusals)} 429 answers, expected 1")
else:
    t = refusals[0]
    early = [r for r in by_host[0]
             if r["start"] > t["end"] and r["start"] < t["start"] + RETRY_AFTER]
    later = [r for r in by_host[0] if r["start"] >= t["start"] + RETRY_AFTER]
    print(f"host 0: 429 at {t['start']:.3f}; next request "
          f"{(later[0]['start'] - t['start']) if later else float('nan'):.3f} s later")
    if early:
        problems.append(f"host 0: {len(early)} requests within {RETRY_AFTER} s of the 429, "
                        f"the first {early[0]['start'] - t['start']:.3f} s after it")
    if not later:
        problems.append("host 0: no request after the hold ended")

def paths(host, path):
    return [r["status"] for r in by_host[host] if r["path"] == path]

if paths(1, "/moved3.xml") != [301, 301, 301]:
    problems.append(f"/moved3.xml answered {paths(1, '/moved3.xml')}, expected three 301s")
if paths(2, "/moved1.xml")[:1] != [301] or len(paths(2, "/moved1.xml")) < 2:
    problems.append(f"/moved1.xml answered {paths(2, '/moved1.xml')}: the source did not stay")
if paths(3, "/gone.xml") != [410]:
    problems.append(f"/gone.xml answered {paths(3, '/gone.xml')}: asked again after the 410")
for p in problems:
    print("PROBLEM:", p)
sys.exit(1 if problems else 0)
PY
note "a disabled source: refused by name, re-enabled by a changed config entry or by add"
cli() { "$GAZETTE" --config "$WORK/gazette.toml" "$@"; }
disabled_at() { sql "$db" "select coalesce(disabled_at, 'enabled') from sources where url = '$gone'"; }
status=0
out=$(cli poll --source "$gone" 2>&1) || status=$?
expect_eq "poll --source of a disabled source" 5 "$status"
expect_contains "and why" "$out" "is disabled"
[ "$(disabled_at)" != enabled ] || fail "a poll without a change enabled it"
# The same entry with a title: a changed entry, so `poll` (which writes the
# config's sources first, as `run` does) enables and polls it; the 410 disables it again.
sed -i "s|^url = \"$gone\"\$|url = \"$gone\"\ntitle = \"Gone\"|" "$WORK/gazette.toml"
grep -q '^title = "Gone"' "$WORK/gazette.toml" || fail "config not edited"
before=$(grep -c '"/gone.xml"' "$POLITE_LOG")
cli poll --source "$gone" >/dev/null 2>&1 || true
expect_eq "polled once more after the entry changed" $((before + 1)) "$(grep -c '"/gone.xml"' "$POLITE_LOG")"
[ "$(disabled_at)" != enabled ] || fail "the second 410 did not disable it again"
out=$(cli add "$gone" --no-fetch)
expect_contains "add re-enables" "$out" "re-enabled (disabled since"
expect_eq "enabled after add" enabled "$(disabled_at)"
echo PASS
