#!/usr/bin/env bash
# Every fault ends in one logged error naming the source and a fetches row
# with the error; the healthy source of the same pass is stored regardless.
source "$(dirname "$0")/../support/lib.sh"

bash "$TESTS_DIR/support/make_test_ca.sh" "$WORK/pki" >/dev/null
start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
start_server UNTRUSTED "$TESTS_DIR/fixtures/demo-site" https://herald.example \
  --tls "$WORK/pki/untrusted.crt" "$WORK/pki/untrusted.key"
start_server WRONGNAME "$TESTS_DIR/fixtures/demo-site" https://herald.example \
  --tls "$WORK/pki/wrong-host.crt" "$WORK/pki/wrong-host.key"
base="http://127.0.0.1:$SITE_PORT"

# A port that refuses: bind, note, close.
refused_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

declare -A faults=(
  [reset]="$base/_fault/reset"
  [refused]="http://127.0.0.1:$refused_port/feed/"
  [truncated]="$base/_fault/truncated"
  [slow-headers]="$base/_fault/slow-headers/10"
  [slow-body]="$base/_fault/slow-body/10"
  [too-large]="$base/_fault/huge/3"
  [gzip-bomb]="$base/_fault/gzip-bomb/50"
  [bad-gzip]="$base/_fault/bad-gzip"
  [redirect-loop]="$base/_fault/redirect-loop"
  [not-found]="$base/_fault/status/404"
  [server-error]="$base/_fault/status/500"
  [untrusted-ca]="https://127.0.0.1:$UNTRUSTED_PORT/feed/"
  [wrong-host]="https://127.0.0.1:$WRONGNAME_PORT/feed/"
  [not-xml]="$base/_fault/not-xml"
  [not-a-feed]="$base/_fault/not-feed"
)
# Expected words in each fetches.error (case-insensitive).
declare -A expect=(
  [reset]="reset" [refused]="refused" [truncated]="truncated" [slow-headers]="timeout"
  [slow-body]="timeout" [too-large]="too_large" [gzip-bomb]="too_large" [bad-gzip]="bad_encoding"
  [redirect-loop]="redirect" [not-found]="HTTP 404" [server-error]="HTTP 500" [untrusted-ca]="tls"
  [wrong-host]="tls" [not-xml]="parse" [not-a-feed]="parse"
)

{
  cat <<TOML
[daemon]
database = "$WORK/gazette.db"
ca_file = "$WORK/pki/ca.crt"
[fetch]
connect_timeout = "2s"
header_timeout = "2s"
total_timeout = "4s"
max_body_size = "1MiB"
max_decoded_size = "4MiB"
[[feed]]
url = "$base/feed/"
TOML
  for name in "${!faults[@]}"; do printf '[[feed]]\nurl = "%s"\n' "${faults[$name]}"; done
} >"$WORK/gazette.toml"

status=0
"$GAZETTE" --config "$WORK/gazette.toml" poll >"$WORK/poll.out" 2>"$WORK/poll.err" || status=$?
expect_eq "exit code when some sources failed" 1 "$status"
db="$WORK/gazette.db"
expect_eq "healthy source stored" 5 "$(sql "$db" 'select count(*) from articles')"

for name in "${!faults[@]}"; do
  url=${faults[$name]}
  err=$(sql "$db" "select f.error from fetches f join sources s on s.id=f.source_id where s.url='$url'")
  [ -n "$err" ] || fail "$name: no error recorded for $url"
  grep -qi -- "${expect[$name]}" <<<"$err" || fail "$name: error [$err] does not mention ${expect[$name]}"
  error_lines=$(grep -F -- "$url" "$WORK/poll.err" | grep -c 'error' || true)
  expect_eq "$name: logged error lines naming $url" 1 "$error_lines"
  expect_eq "$name: error count" 1 "$(sql "$db" "select error_count from sources where url='$url'")"
  echo "ok $name: $err"
done
echo "PASS"
