# The newsline fixture of ../shared served for a test (sourced after lib.sh).
# Sourcing it skips the test (exit 77) when ../shared is absent, so source it
# before anything that needs cleaning up (pg_start). Sets NEWSLINE, the
# fixture's folder (site/ and expected.json).

NEWSLINE="$SHARED_DIR/fixtures/newsline"
[ -d "$NEWSLINE/site" ] || skip "../shared is absent"

# The article page whose sidebars ("Hot this week", "Topics") link the others.
NEWSLINE_ARTICLE_PATH=/2025/11/01/kim-jong-un-xi-jinping-reaffirm-strong-ties/

# start_newsline_server NAME [extra fixture_server.py args...]: the site as
# https://newsline.example on 127.0.0.1; sets ${NAME}_PORT and ${NAME}_LOG.
start_newsline_server() {
  local name=$1
  shift
  start_server "$name" "$NEWSLINE/site" https://newsline.example "$@"
}

# start_newsline_site: start_newsline_server SITE, and sets base, the
# site's http://127.0.0.1:PORT.
start_newsline_site() {
  start_newsline_server SITE
  base="http://127.0.0.1:$SITE_PORT"
}

# write_newsline_config FILE DATABASE [FETCH_LINES]: a config of the site's
# three sources (its feed, its home page and the article page), 50 ms
# between requests, and FETCH_LINES (more [fetch] settings) when given.
write_newsline_config() {
  cat >"$1" <<TOML
[daemon]
database = "$2"
[fetch]
min_host_delay = "50ms"
${3:-}
[[feed]]
url = "$base/feed/"
[[page]]
url = "$base/"
[[page]]
url = "$base$NEWSLINE_ARTICLE_PATH"
TOML
}
