#!/usr/bin/env bash
# `gazette status` (read-only, from the database), `gazette backup` while
# another process writes articles, and the command line as operators type
# it: global options after the command, an example of each command in
# --help (docs/cli.md, docs/operations.md).
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
base="http://127.0.0.1:$SITE_PORT"
db="$WORK/gazette.db"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$db"
[[feed]]
url = "$base/feed/"
[[feed]]
url = "$base/no-such-feed/"
TOML

note "global options after the command"
status=0
"$GAZETTE" poll --config "$WORK/gazette.toml" -q >"$WORK/poll.out" 2>"$WORK/poll.err" || status=$?
expect_eq "poll --config ... -q (one source fails)" 1 "$status"
expect_contains "poll summary" "$(cat "$WORK/poll.out")" "polled 2 sources: 1 failed, 5 new articles"
# -q keeps the progress lines ("[1/2] ok ...") off stderr: only warnings and errors.
expect_contains "poll -q logs the failure" "$(cat "$WORK/poll.err")" " error: "
! grep -qvE ' (error|warning): ' "$WORK/poll.err" || fail "-q after the command was ignored: $(cat "$WORK/poll.err")"
out=$("$GAZETTE" check-config --config "$WORK/gazette.toml")
expect_contains "check-config --config" "$out" "$WORK/gazette.toml: ok (2 feeds"
out=$("$GAZETTE" sources --db "$db")
expect_contains "sources --db" "$out" "$base/feed/"
out=$("$GAZETTE" --config "$WORK/gazette.toml" sources --db "$WORK/none.db" 2>&1) && fail "--db after the command was ignored"
expect_contains "--db after the command wins over the config's database" "$out" "$WORK/none.db"
status=0
out=$("$GAZETTE" poll --frobnicate 2>&1) || status=$?
expect_eq "an unknown option is still refused" 2 "$status"
expect_contains "and named with its command" "$out" "gazette poll: --frobnicate: unknown option"

note "--help shows an example of each command"
help=$("$GAZETTE" --help)
commands=$(sed -n '/^Subcommands:/,/^$/p' <<<"$help" | awk 'NF && !/^Subcommands:/ {print $1}')
[ "$(wc -l <<<"$commands")" -ge 13 ] || fail "too few commands in --help: $commands"
for cmd in $commands; do
  grep -qE "^  gazette $cmd( |\$)" <<<"$help" || fail "--help has no example of $cmd"
done

note "status, read-only"
before=$(sha256sum "$db" | cut -d' ' -f1)
text=$("$GAZETTE" status --db "$db")
json=$("$GAZETTE" status --json --db "$db")
expect_eq "status leaves the database alone" "$before" "$(sha256sum "$db" | cut -d' ' -f1)"
expect_contains "status: sources" "$text" "sources    2 (1 ok, 1 failing, 0 never polled, 0 disabled; 0 due now)"
expect_contains "status: oldest failure" "$text" "failing    $base/no-such-feed/ since 20"
expect_contains "status: the failure's error" "$text" "HTTP 404"
expect_contains "status: articles" "$text" "articles   5 today (UTC), 5 in the last 7 days, 5 in all"
expect_contains "status: database" "$text" "database   $db: "
expect_contains "status: next poll" "$text" "next poll  20"
python3 - "$json" "$db" <<'PY' || fail "status --json: $json"
import json, os, sys
s = json.loads(sys.argv[1]); db = sys.argv[2]
assert s["sources"] == {"total": 2, "ok": 1, "failing": 1, "never_polled": 0, "due": 0,
                        "disabled": 0, "blocked": 0}, s["sources"]
f = s["oldest_failure"]
assert f["url"].endswith("/no-such-feed/") and f["error_count"] == 1 and "404" in f["error"], f
assert f["failing_since"].endswith("Z"), f
assert s["articles"] == {"total": 5, "today": 5, "this_week": 5}, s["articles"]
assert s["database"]["path"] == db and s["database"]["bytes"] == os.path.getsize(db), s["database"]
wal = db + "-wal"
assert s["database"]["wal_bytes"] == (os.path.getsize(wal) if os.path.exists(wal) else 0)
assert s["next_poll"]["at"].endswith("Z") and s["next_poll"]["url"].startswith("http://127.0.0.1:")
PY
# An article first stored 8 days ago counts in all, not this week.
sql "$db" "update articles set first_seen = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-8 days') where id = (select min(id) from articles)"
expect_contains "status: an old article" "$("$GAZETTE" status --db "$db")" \
  "articles   4 today (UTC), 4 in the last 7 days, 5 in all"
status=0
out=$("$GAZETTE" status --db "$WORK/none.db" 2>&1) || status=$?
expect_eq "status of a missing database" 4 "$status"
[ ! -e "$WORK/none.db" ] || fail "status created a database"

note "backup while another process writes articles"
start_article_writer "$db" # lib.sh: WRITER_PID, WRITER_COMMITTED
committed_before=$(cat "$WRITER_COMMITTED")
out=$("$GAZETTE" backup "$WORK/backups/copy.db" --db "$db" 2>&1) && fail "backup into a missing folder succeeded"
mkdir "$WORK/backups"
"$GAZETTE" --db "$db" backup "$WORK/backups/copy.db" >"$WORK/backup.out" \
  || fail "backup exited $?: $(cat "$WORK/backup.out")"
committed_after=$(cat "$WRITER_COMMITTED")
kill "$WRITER_PID"
wait "$WRITER_PID" 2>/dev/null || true
expect_contains "backup says what it did" "$(cat "$WORK/backup.out")" "backed up $db to $WORK/backups/copy.db"
[ "$committed_after" -gt "$committed_before" ] || fail "the writer was stopped during the backup"
echo "articles committed by the writer during the backup: $((committed_after - committed_before))"
copy="$WORK/backups/copy.db"
expect_eq "no temporary file left" "copy.db" "$(ls -A "$WORK/backups")"
expect_eq "backup passes integrity_check" ok "$(sql "$copy" 'pragma integrity_check')"
sql "$copy" "insert into articles_fts(articles_fts) values ('integrity-check')" \
  || fail "backup fails the FTS integrity check"
expect_eq "backup holds every article committed before it started" "$committed_before" \
  "$(sql "$copy" "select count(*) from articles where id <= $committed_before")"
expect_eq "backup holds only committed articles" "$(sql "$copy" 'select max(id) from articles')" \
  "$(sql "$db" "select max(id) from articles where id <= $(sql "$copy" 'select max(id) from articles')")"
expect_eq "backup is searchable" 1 \
  "$(sql "$copy" "select count(*) from articles_fts where articles_fts match '\"article 6001\"'")"
expect_eq "backup opens in gazette" 0 "$("$GAZETTE" status --json --db "$copy" >/dev/null; echo $?)"

note "backup refuses to overwrite unless --force"
echo "precious" >"$WORK/backups/other.db"
status=0
out=$("$GAZETTE" backup "$WORK/backups/other.db" --db "$db" 2>&1) || status=$?
expect_eq "backup onto an existing file" 5 "$status"
expect_contains "says why" "$out" "already exists (use --force to replace it)"
expect_eq "the file is untouched" precious "$(cat "$WORK/backups/other.db")"
ln -s "$WORK/backups/other.db" "$WORK/backups/link.db"
status=0
"$GAZETTE" backup "$WORK/backups/link.db" --db "$db" 2>/dev/null || status=$?
expect_eq "backup onto a symbolic link" 5 "$status"
"$GAZETTE" backup "$WORK/backups/other.db" --force --db "$db" >/dev/null
expect_eq "--force replaces it" ok "$(sql "$WORK/backups/other.db" 'pragma integrity_check')"
"$GAZETTE" backup "$WORK/backups/link.db" --force --db "$db" >/dev/null
[ ! -L "$WORK/backups/link.db" ] || fail "--force wrote through a symbolic link"
status=0
"$GAZETTE" backup "$WORK/backups" --force --db "$db" 2>/dev/null || status=$?
expect_eq "backup onto a folder" 5 "$status"
expect_eq "no temporary file left after the refusals" "copy.db copy.db-shm copy.db-wal link.db other.db" \
  "$(ls -A "$WORK/backups" | tr '\n' ' ' | sed 's/ $//')"

note "restore: the copy replaces the database (docs/operations.md)"
cp "$copy" "$WORK/restored.db"
out=$("$GAZETTE" status --db "$WORK/restored.db")
expect_contains "restored database reads" "$out" "in all"
echo PASS
