#!/usr/bin/env bash
# Polling through an HTTP proxy (issue 13): tests/support/proxy_server.py on
# 127.0.0.1 in front of fixture_server.py sites on 127.0.0.1, http (absolute
# form) and https (CONNECT, TLS to the origin with the test CA); the proxy
# from [fetch] proxy and from the environment; no_proxy; a proxy answering
# 407 and 403; the address policy through the proxy; a Brotli-encoded feed.
# The proxy only ever connects to 127.0.0.1.
source "$(dirname "$0")/../support/lib.sh"

bash "$TESTS_DIR/support/make_test_ca.sh" "$WORK/pki" >/dev/null
start_server SITE "$TESTS_DIR/fixtures/demo-site" https://herald.example
start_server TLS "$TESTS_DIR/fixtures/demo-site" https://herald.example \
  --tls "$WORK/pki/server.crt" "$WORK/pki/server.key"
start_server OTHER "$TESTS_DIR/fixtures/demo-site" https://herald.example

start_support_server PROXY proxy_server.py --auth "gazette:s3cret"
start_support_server DENY proxy_server.py --deny
touch "$PROXY_LOG" "$DENY_LOG"  # counted before the first request

site="http://127.0.0.1:$SITE_PORT"
secure="https://localhost:$TLS_PORT"  # by name: SNI and the DNS:localhost certificate entry
proxy_url="http://gazette:s3cret@127.0.0.1:$PROXY_PORT"
lines() { wc -l <"$1"; }

write_config() {  # write_config NAME [fetch lines...] -- [feed URLs...]
  local name=$1
  shift
  {
    printf '[daemon]\ndatabase = "%s"\nca_file = "%s"\n' "$WORK/$name.db" "$WORK/pki/ca.crt"
    printf '[fetch]\nmin_host_delay = "0s"\nconnect_timeout = "3s"\ntotal_timeout = "10s"\n'
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
      printf '%s\n' "$1"
      shift
    done
    shift
    local url
    for url in "$@"; do printf '[[feed]]\nurl = "%s"\n' "$url"; done
  } >"$WORK/$name.toml"
}

poll() {  # poll NAME [env assignments...]: exit status in $status
  local name=$1
  shift
  status=0
  env "$@" "$GAZETTE" --config "$WORK/$name.toml" poll >"$WORK/$name.out" 2>"$WORK/$name.err" || status=$?
}

articles() { sql "$WORK/$1.db" "select count(*) from articles where url like '$2%'"; }
last_error() { sql "$WORK/$1.db" "select last_error from sources where url = '$2'"; }

note "[fetch] proxy with credentials: http through the absolute form, https through CONNECT"
write_config viaconfig "proxy = \"$proxy_url\"" -- "$site/feed/" "$secure/feed/"
poll viaconfig
[ "$status" = 0 ] || { cat "$WORK/viaconfig.err"; fail "poll through the proxy: exit $status"; }
expect_eq "http articles" 5 "$(articles viaconfig "$site/news/")"
expect_eq "https articles" 5 "$(articles viaconfig "https://127.0.0.1:$TLS_PORT/news/")"
expect_eq "proxy requests" 2 "$(lines "$PROXY_LOG")"
grep -q "\"method\": \"GET\", \"target\": \"$site/feed/\", \"auth\": \"ok\", \"status\": 200" "$PROXY_LOG" ||
  fail "no absolute-form GET in the proxy log: $(cat "$PROXY_LOG")"
grep -q "\"method\": \"CONNECT\", \"target\": \"localhost:$TLS_PORT\", \"auth\": \"ok\", \"status\": 200" "$PROXY_LOG" ||
  fail "no CONNECT in the proxy log: $(cat "$PROXY_LOG")"
expect_eq "the site saw the request" 1 "$(grep -c '"path": "/feed/"' "$SITE_LOG")"
grep -q 'Proxy-Authorization' "$SITE_LOG" "$TLS_LOG" && fail "Proxy-Authorization reached a site"
grep -rq s3cret "$WORK/viaconfig.out" "$WORK/viaconfig.err" && fail "the proxy password was printed"
sqlite3 "$WORK/viaconfig.db" .dump | grep -q s3cret && fail "the proxy password is in the database"

note "a second poll through the proxy is conditional: 304s, nothing new"
poll viaconfig
[ "$status" = 0 ] || { cat "$WORK/viaconfig.err"; fail "second poll: exit $status"; }
expect_eq "proxy requests after the second poll" 4 "$(lines "$PROXY_LOG")"
expect_eq "304s at the site" 1 "$(grep -c '"status": 304' "$SITE_LOG")"
expect_eq "304s at the https site" 1 "$(grep -c '"status": 304' "$TLS_LOG")"

note "a Brotli-encoded feed, through the proxy, is stored as the plain one"
write_config brotli "proxy = \"$proxy_url\"" -- "$site/_fault/brotli/feed/"
poll brotli
[ "$status" = 0 ] || { cat "$WORK/brotli.err"; fail "poll of the br feed: exit $status"; }
grep '"/_fault/brotli/feed/"' "$SITE_LOG" | grep -q '"Accept-Encoding": "gzip, deflate, br"' ||
  fail "br not advertised: $(grep brotli "$SITE_LOG")"
stored="select url, title, summary, content_html from articles where url like '$site/%' order by url"
plain=$(sql "$WORK/viaconfig.db" "$stored")
[ "$(wc -l <<<"$plain")" -ge 5 ] || fail "the plain feed's articles: [$plain]"
expect_eq "br articles equal the plain feed's" "$plain" "$(sql "$WORK/brotli.db" "$stored")"
expect_eq "br article count" 5 "$(articles brotli "$site/news/")"

note "the environment: https_proxy and http_proxy when the config says nothing"
write_config viaenv -- "$site/feed/" "$secure/feed/"
before=$(lines "$PROXY_LOG")
poll viaenv "https_proxy=$proxy_url" "HTTP_PROXY=$proxy_url" no_proxy= NO_PROXY=
[ "$status" = 0 ] || { cat "$WORK/viaenv.err"; fail "poll with the proxy from the environment: exit $status"; }
expect_eq "proxy requests from the environment's settings" $((before + 2)) "$(lines "$PROXY_LOG")"
expect_eq "articles" 10 "$(sql "$WORK/viaenv.db" 'select count(*) from articles')"

note "no_proxy (environment, then config) bypasses the proxy"
write_config envbypass -- "$site/feed/" "$secure/feed/"
before=$(lines "$PROXY_LOG")
site_before=$(lines "$SITE_LOG")
poll envbypass "https_proxy=$proxy_url" "http_proxy=$proxy_url" "NO_PROXY=127.0.0.1,localhost"
[ "$status" = 0 ] || { cat "$WORK/envbypass.err"; fail "poll with NO_PROXY: exit $status"; }
expect_eq "no request through the proxy" "$before" "$(lines "$PROXY_LOG")"
expect_eq "the site was reached directly" $((site_before + 1)) "$(lines "$SITE_LOG")"
write_config confbypass "proxy = \"$proxy_url\"" 'no_proxy = ["127.0.0.1", ".localhost"]' -- \
  "$site/feed/" "$secure/feed/"
poll confbypass "NO_PROXY="
[ "$status" = 0 ] || { cat "$WORK/confbypass.err"; fail "poll with [fetch] no_proxy: exit $status"; }
expect_eq "no request through the proxy" "$before" "$(lines "$PROXY_LOG")"
write_config configoff 'proxy = ""' -- "$site/feed/"
poll configoff "https_proxy=$proxy_url" "http_proxy=$proxy_url"
[ "$status" = 0 ] || { cat "$WORK/configoff.err"; fail "poll with proxy = \"\": exit $status"; }
expect_eq "proxy = \"\" ignores the environment" "$before" "$(lines "$PROXY_LOG")"

note "a proxy asking for credentials (407) and one denying (403): clear errors"
write_config noauth "proxy = \"http://127.0.0.1:$PROXY_PORT\"" -- "$site/feed/" "$secure/feed/"
poll noauth
expect_eq "exit status when sources failed" 1 "$status"
expect_eq "https source's error" \
  "proxy: proxy http://127.0.0.1:$PROXY_PORT (CONNECT localhost:$TLS_PORT) refused the tunnel with status 407 Proxy Authentication Required: the proxy URL has no credentials (http://user:password@host:port) for $secure/feed/" \
  "$(last_error noauth "$secure/feed/")"
expect_eq "http source's error" \
  "proxy: proxy http://127.0.0.1:$PROXY_PORT refused the request with status 407: the proxy URL has no credentials (http://user:password@host:port) for $site/feed/" \
  "$(last_error noauth "$site/feed/")"
expect_contains "logged with the source" "$(cat "$WORK/noauth.err")" \
  "refused the tunnel with status 407 Proxy Authentication Required"
write_config wrongauth "proxy = \"http://gazette:hunter2@127.0.0.1:$PROXY_PORT\"" -- "$secure/feed/"
poll wrongauth
expect_contains "wrong credentials" "$(last_error wrongauth "$secure/feed/")" \
  "the proxy did not accept the credentials in the proxy URL"
grep -rq hunter2 "$WORK/wrongauth.out" "$WORK/wrongauth.err" && fail "the wrong password was printed"
write_config denied "proxy = \"http://127.0.0.1:$DENY_PORT\"" -- "$secure/feed/"
poll denied
expect_eq "403 from the proxy" \
  "proxy: proxy http://127.0.0.1:$DENY_PORT (CONNECT localhost:$TLS_PORT) refused the tunnel with status 403 Forbidden for $secure/feed/" \
  "$(last_error denied "$secure/feed/")"
expect_eq "nothing got past the denying proxy" 0 "$(grep -c '"status": 200' "$DENY_LOG" || true)"

note "the address policy holds through the proxy: a redirect to another loopback origin is refused"
write_config policy "proxy = \"$proxy_url\"" -- "$site/_fault/redirect-loopback/$OTHER_PORT/feed/"
before=$(lines "$PROXY_LOG")
poll policy
expect_eq "exit status" 1 "$status"
expect_eq "refusal" \
  "refused: 127.0.0.1 (loopback) for http://127.0.0.1:$OTHER_PORT/feed/ reached by redirect from $site/_fault/redirect-loopback/$OTHER_PORT/feed/" \
  "$(last_error policy "$site/_fault/redirect-loopback/$OTHER_PORT/feed/")"
expect_eq "only the first hop went through the proxy" $((before + 1)) "$(lines "$PROXY_LOG")"
[ -s "$OTHER_LOG" ] && fail "the other origin was reached: $(cat "$OTHER_LOG")"

note "check-config: an unusable proxy URL is a config error with its line, without the password"
printf '[daemon]\ndatabase = "%s"\n[fetch]\n\nproxy = "socks5://gazette:hunter2@127.0.0.1:1080"\n' \
  "$WORK/bad.db" >"$WORK/bad.toml"
status=0
out=$("$GAZETTE" --config "$WORK/bad.toml" check-config 2>&1) || status=$?
[ "$status" -ne 0 ] || fail "a socks5 proxy accepted"
expect_contains "names the line and key" "$out" "bad.toml:5"
expect_contains "says why" "$out" 'only http:// proxies are supported'
grep -q hunter2 <<<"$out" && fail "the password was printed: $out"
echo PASS
