#!/usr/bin/env bash
# Benchmark of issue 4: `gazette export` of 100,000 generated articles to
# hugo and jsonfeed (time, peak RSS), a second unchanged hugo export (must
# take under a tenth of the first), and `gazette search` on 1,000,000
# articles (median of warm runs; target under 50 ms). Prints Markdown.
#
#   bench/export.sh path/to/gazette [ARTICLES] [SEARCH_ARTICLES]
#
# The search database is generated once and kept in
# ${GAZETTE_BENCH_DIR:-/tmp}/gazette-bench-search-N.db for later runs.
set -euo pipefail
GAZETTE=$(realpath "${1:?usage: bench/export.sh path/to/gazette [articles] [search articles]}")
N=${2:-100000}
SEARCH_N=${3:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/gazette-bench-export.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# make_db PATH COUNT: the schema from gazette itself, the rows from SQL.
make_db() {
  "$GAZETTE" --db "$1" add https://bench.invalid/feed >/dev/null
  "$GAZETTE" --db "$1" sources >/dev/null
  sqlite3 "$1" "delete from sources"
  sqlite3 -cmd ".parameter set :n $2" "$1" <"$HERE/generate_articles.sql" >/dev/null
  [ "$(sqlite3 "$1" 'select count(*) from articles')" = "$2" ] || { echo "generating $1 failed" >&2; exit 1; }
}

# measure LABEL COMMAND...: prints "seconds peak-RSS-MiB" and keeps the output
measure() {
  local label=$1
  shift
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >"$WORK/$label.out"
  awk '{ printf "%s %.0f\n", $1, $2 / 1024 }' "$WORK/time"
}

echo "generating $N articles..." >&2
t0=$(date +%s)
make_db "$WORK/export.db" "$N"
echo "  $(($(date +%s) - t0)) s" >&2

read -r hugo_s hugo_mb < <(measure hugo1 "$GAZETTE" --db "$WORK/export.db" export --format hugo --out "$WORK/hugo")
read -r again_s again_mb < <(measure hugo2 "$GAZETTE" --db "$WORK/export.db" export --format hugo --out "$WORK/hugo")
grep -q "^written 0, unchanged $N, removed 0$" "$WORK/hugo2.out" || { echo "second export wrote files: $(cat "$WORK/hugo2.out")" >&2; exit 1; }
read -r feed_s feed_mb < <(measure jsonfeed "$GAZETTE" --db "$WORK/export.db" export --format jsonfeed --out "$WORK/feed.json")
ratio=$(awk -v a="$again_s" -v b="$hugo_s" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')
files=$(find "$WORK/hugo" -name '*.md' | wc -l)
hugo_size=$(du -sm "$WORK/hugo" | cut -f1)
feed_size=$(du -m "$WORK/feed.json" | cut -f1)
rm -rf "$WORK/hugo" "$WORK/feed.json" "$WORK/export.db"*

SEARCH_DB=${GAZETTE_BENCH_DIR:-/tmp}/gazette-bench-search-$SEARCH_N.db
if [ ! -f "$SEARCH_DB" ] || [ "$(sqlite3 "$SEARCH_DB" 'select count(*) from articles' 2>/dev/null)" != "$SEARCH_N" ]; then
  echo "generating $SEARCH_N articles in $SEARCH_DB (once)..." >&2
  rm -f "$SEARCH_DB"*
  t0=$(date +%s)
  make_db "$SEARCH_DB" "$SEARCH_N"
  echo "  $(($(date +%s) - t0)) s" >&2
fi

# median_ms QUERY [OPTION...]: 2 warm-up runs, then the median of 11 timed runs of the whole process.
median_ms() {
  local i t0 t1 times=()
  for i in 1 2; do "$GAZETTE" --db "$SEARCH_DB" search --limit 20 "$@" >/dev/null; done
  for i in $(seq 11); do
    t0=$(date +%s%N)
    "$GAZETTE" --db "$SEARCH_DB" search --limit 20 "$@" >"$WORK/search.out"
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 6p | awk '{ printf "%.1f", $1 / 1000 }'
}
# order: what the last search printed first (gazette search says when it did not rank)
order() { if grep -q '^More than' "$WORK/search.out"; then echo "newest first"; else echo ranked; fi; }
matches() { sqlite3 "$SEARCH_DB" "select count(*) from articles_fts where articles_fts match '$1'"; }

echo "## bench/export.sh ($(date -u +%Y-%m-%d))"
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM."
echo "Command: \`bench/export.sh $1 $N $SEARCH_N\`"
echo
echo "| export of $N articles | time (s) | peak RSS (MiB) | output |"
echo "|---|---|---|---|"
echo "| \`--format hugo\`, empty folder | $hugo_s | $hugo_mb | $files files, $hugo_size MiB |"
echo "| \`--format hugo\` again, nothing changed | $again_s | $again_mb | written 0 ($ratio of the first) |"
echo "| \`--format jsonfeed\` | $feed_s | $feed_mb | $feed_size MiB |"
echo
echo "| \`gazette search\` on $SEARCH_N articles | matches | order | median of 11 warm runs (ms) |"
echo "|---|---|---|---|"
for q in kalotan 'vimerka OR solberqua' '"the council said"' 'kalotan solberqua' 'title:vimerka' 'title:kaka' 'kalo*' 'lo*'; do
  ms=$(median_ms "$q")
  echo "| \`$q\` | $(matches "$q") | $(order) | $ms |"
done
for q in kalotan '"the council said"'; do
  ms=$(median_ms "$q" --rank-all)
  echo "| \`$q\` with \`--rank-all\` | $(matches "$q") | $(order) | $ms |"
done
echo
awk -v r="$ratio" 'BEGIN { exit !(r < 0.1) }' || { echo "FAIL: the unchanged export took $ratio of the first (limit 0.1)" >&2; exit 1; }
