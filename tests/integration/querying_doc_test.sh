#!/usr/bin/env bash
# Runs every ```sh block of docs/querying.md with the sqlite3 CLI against a
# fixture database (the demo site polled by gazette, times moved to today,
# a source failing for two days) and checks that each returns rows.
source "$(dirname "$0")/../support/lib.sh"
doc="$SOURCE_DIR/docs/querying.md"

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
DB="$WORK/gazette.db"
"$GAZETTE" --db "$DB" add "$base/feed/" --tag demo >/dev/null
"$GAZETTE" --db "$DB" add "$base/atom/" >/dev/null
"$GAZETTE" --db "$DB" add "http://127.0.0.1:9/gone.xml" >/dev/null
"$GAZETTE" --db "$DB" -q poll >/dev/null 2>&1 || true  # the third source fails
expect_eq "articles" 5 "$(sql "$DB" 'select count(*) from articles')"

# The demo articles are from a fixed week: move them to the last hours, and
# make the failing source's streak two days old, with the sqlite3 CLI.
# Never before midnight, so "today" has rows whenever the test runs.
sql "$DB" "update articles set
  published = max(strftime('%Y-%m-%dT00:00:00Z', 'now'),
                  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (id * 10) || ' minutes')),
  first_seen = max(strftime('%Y-%m-%dT00:00:00Z', 'now'),
                   strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (id * 10) || ' minutes'))"
sql "$DB" "update fetches set started = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days')
  where source_id = (select id from sources where url like '%gone.xml')"
expect_eq "failing source" 1 "$(sql "$DB" "select count(*) from sources_v where failing_since is not null")"

export DB
python3 - "$doc" >"$WORK/commands" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M)
for b in blocks:
    print(b.strip().replace("\n", " "))
PY
count=$(wc -l <"$WORK/commands")
[ "$count" -ge 10 ] || fail "only $count sh blocks found in $doc"
n=0
while IFS= read -r command; do
  n=$((n + 1))
  [[ "$command" == sqlite3\ * ]] || fail "block $n does not run sqlite3: $command"
  out=$(bash -c "set -euo pipefail; $command" 2>"$WORK/err") \
    || fail "block $n failed: $command
$(cat "$WORK/err")"
  [ -z "$(cat "$WORK/err")" ] || fail "block $n wrote errors: $(cat "$WORK/err")"
  [ -n "$out" ] || fail "block $n returned no rows: $command"
  echo "ok $n: $(head -1 <<<"$out" | cut -c1-100)"
done <"$WORK/commands"
echo "PASS ($n commands)"
