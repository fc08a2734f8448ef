#!/usr/bin/env bash
# Runs every ```sh block of docs/querying.md with the sqlite3 CLI against a
# fixture database (tests/support/querying_fixture.sh) and checks that each
# returns rows.
source "$(dirname "$0")/../support/lib.sh"
doc="$SOURCE_DIR/docs/querying.md"

source "$TESTS_DIR/support/querying_fixture.sh"  # sets DB

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
  # The psql forms: tests/integration/postgres_querying_doc_test.sh.
  [[ "$command" == psql\ * ]] && continue
  [[ "$command" == sqlite3\ * ]] || fail "block $n does not run sqlite3: $command"
  out=$(bash -c "set -euo pipefail; $command" 2>"$WORK/err") \
    || fail "block $n failed: $command
$(cat "$WORK/err")"
  [ -z "$(cat "$WORK/err")" ] || fail "block $n wrote errors: $(cat "$WORK/err")"
  [ -n "$out" ] || fail "block $n returned no rows: $command"
  echo "ok $n: $(head -1 <<<"$out" | cut -c1-100)"
done <"$WORK/commands"
echo "PASS ($n commands)"
