#!/usr/bin/env bash
# The PostgreSQL side of docs/querying.md: the querying doc's fixture
# (tests/support/querying_fixture.sh) copied into a throwaway PostgreSQL,
# then every query of the doc through psql: a psql form where the doc gives
# one after the sqlite3 command, else the sqlite3 command's own SQL. Each
# must run without a message on stderr and return rows.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/pg_cluster.sh"
doc="$SOURCE_DIR/docs/querying.md"

pg_start
source "$TESTS_DIR/support/querying_fixture.sh"  # sets DB

# The schema, from the migrations PgStore runs (storage/postgres/
# pg_migrations.cc), as the SQL they hold: this binary's CLI does not open
# PostgreSQL yet, so the fixture is polled into SQLite and copied.
python3 - "$SOURCE_DIR/storage/postgres/pg_migrations.cc" >"$WORK/schema.sql" <<'PY'
import re, sys
blocks = re.findall(r'R"sql\((.*?)\)sql"', open(sys.argv[1]).read(), flags=re.S)
if not blocks:
    sys.exit("no migration found")
print("\n".join(blocks))
PY
pg_sql "$(cat "$WORK/schema.sql")" >/dev/null
for table in sources stories articles article_keys sightings fetches tombstones; do
  # (PostgreSQL-only columns, such as articles.story_seq, have nothing to
  # copy: only the columns both tables have.)
  in_sqlite=$(sqlite3 "$DB" "select group_concat(name) from pragma_table_info('$table')")
  columns=$(pg_sql "select string_agg(column_name, ', ' order by ordinal_position)
    from information_schema.columns
    where table_schema = current_schema() and table_name = '$table' and is_generated = 'NEVER'
      and column_name = any(string_to_array('$in_sqlite', ','))")
  # sqlite3 -csv writes NULL as nothing and '' as "": PostgreSQL's CSV reads
  # them back the same way.
  sqlite3 -csv "$DB" "select $columns from $table" |
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$GAZETTE_PG_URL" \
      -c "\\copy $table ($columns) from stdin with (format csv)" ||
    fail "copying $table"
  expect_eq "rows of $table" "$(sql "$DB" "select count(*) from $table")" \
    "$(pg_sql "select count(*) from $table")"
done
expect_eq "articles_v" "$(sql "$DB" 'select id, published, seen_in, story_id from articles_v order by id')" \
  "$(pg_sql 'select id, published, seen_in, story_id from articles_v order by id')"

# One command per line: the doc's psql blocks, and for a sqlite3 block that
# no psql block follows, its SQL through psql.
python3 - "$doc" >"$WORK/commands" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
blocks = [b.strip().replace("\n", " ")
          for b in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M)]
commands = []
for i, b in enumerate(blocks):
    if b.startswith("psql "):
        commands.append(b)
    elif b.startswith("sqlite3 "):
        following = blocks[i + 1] if i + 1 < len(blocks) else ""
        if following.startswith("psql "):
            continue
        sql = b.split('"$DB" ', 1)[1]
        commands.append('psql "$DB_URL" -c ' + sql)
    else:
        sys.exit("neither sqlite3 nor psql: " + b)
print("\n".join(commands))
PY
count=$(wc -l <"$WORK/commands")
[ "$(grep -c '^psql' "$WORK/commands")" -ge 10 ] || fail "only $count psql commands from $doc"

export DB_URL="$GAZETTE_PG_URL" PGOPTIONS='-c default_transaction_read_only=on' PSQLRC=/dev/null
n=0
while IFS= read -r command; do
  n=$((n + 1))
  out=$(bash -c "set -euo pipefail; $command" 2>"$WORK/err") \
    || fail "command $n failed: $command
$(cat "$WORK/err")"
  [ -z "$(cat "$WORK/err")" ] || fail "command $n wrote errors: $(cat "$WORK/err")"
  [ -n "$out" ] && ! grep -q '^(0 rows)$' <<<"$out" || fail "command $n returned no rows: $command"
  echo "ok $n: $(sed -n 3p <<<"$out" | cut -c1-100)"
done <"$WORK/commands"
# The session was read-only, as the doc says.
PGOPTIONS='-c default_transaction_read_only=on' pg_sql "delete from tombstones" 2>"$WORK/err" &&
  fail "PGOPTIONS did not make the session read-only"
grep -q "read-only transaction" "$WORK/err" || fail "unexpected error: $(cat "$WORK/err")"
echo "PASS ($n commands)"
