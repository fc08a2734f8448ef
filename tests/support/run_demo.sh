#!/usr/bin/env bash
# `make demo`: serves tests/fixtures/demo-site on 127.0.0.1 and runs the
# daemon against it. The database is var/demo.db; query it while it runs:
#   sqlite3 var/demo.db 'select published, title from articles order by published desc'
set -euo pipefail
GAZETTE=${1:?usage: run_demo.sh path/to/gazette}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$ROOT/var"
# The site gets a new port each time: start from a fresh database.
rm -f "$ROOT/var/demo.db" "$ROOT/var/demo.db-wal" "$ROOT/var/demo.db-shm"
work=$(mktemp -d)
python3 "$ROOT/tests/support/fixture_server.py" --root "$ROOT/tests/fixtures/demo-site" \
  --origin https://herald.example --port 0 --port-file "$work/port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")
cat >"$work/demo.toml" <<TOML
[daemon]
database = "$ROOT/var/demo.db"
default_interval = "1m"

[[feed]]
url = "http://127.0.0.1:$port/feed/"
tags = ["demo"]

[[feed]]
url = "http://127.0.0.1:$port/atom/"
title = "Herald top stories"

[[page]]
url = "http://127.0.0.1:$port/"
title = "Herald home page"
TOML
echo "demo site on http://127.0.0.1:$port/ ; database $ROOT/var/demo.db ; Ctrl-C to stop"
"$GAZETTE" --config "$work/demo.toml" run
