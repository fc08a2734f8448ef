#!/usr/bin/env bash
# Runs the libFuzzer targets built in BUILD_DIR (cmake -DGAZETTE_FUZZ=ON, see
# `make fuzz`) for a bounded time each and prints, per target, the executions
# reached, the corpus size and any crash.
#
#   fuzz/run_fuzzers.sh BUILD_DIR [TARGET...]      (default: every target)
#   FUZZ_SECONDS=60   time per target
#   FUZZ_FORK=0       N>0: libFuzzer fork mode with N jobs, going on past
#                     crashes, timeouts and OOMs (each is still saved and reported)
#   FUZZ_ARGS=...     extra libFuzzer flags (e.g. -max_len=4096)
#   SHARED_DIR=../shared
#
# Seeds are copied at run time from ../shared (never committed), the
# repository's own fixtures and tests/fuzz/regressions/<target>/ into
# BUILD_DIR/fuzz-seeds/<target>/. New inputs accumulate in
# BUILD_DIR/fuzz-corpus/<target>/ across runs; crashers go to
# BUILD_DIR/fuzz-artifacts/<target>/. Exit status 1 when any target crashed.
set -u
build=${1:?usage: run_fuzzers.sh BUILD_DIR [TARGET...]}
shift
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED_DIR:-$repo/../shared}
seconds=${FUZZ_SECONDS:-60}
fork=${FUZZ_FORK:-0}
all_targets=(feed date html page robots opml config charset content)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

# Per target: the largest input (bytes), the dictionary, and where seeds come
# from (find(1) patterns under ../shared and the repository). A new parser is
# one more entry in each table (and a fuzz/<name>_fuzz.cc); JSON Feed needs
# no new target: parse_feed is fuzzed whole, and *.json feeds already seed it.
declare -A max_len=([feed]=65536 [date]=256 [html]=32768 [page]=65536 [robots]=8192
                    [opml]=32768 [config]=8192 [charset]=16384 [content]=65536)
declare -A dict=([feed]=xml [date]=date [html]=html [page]=html [robots]=robots
                 [opml]=xml [config]=toml [charset]=html [content]=xml)

copy_files() {  # DEST FIND_ARGS...: copies matches, named by a hash of their path
  local dest=$1; shift
  find "$@" -type f -size -2M 2>/dev/null | while read -r f; do
    cp "$f" "$dest/$(printf '%s' "$f" | md5sum | cut -c1-16)"
  done
}

seed() {  # TARGET DEST
  local t=$1 dest=$2 s=$shared
  case $t in
    feed)
      copy_files "$dest" "$s/corpus/feedparser" "$s/corpus/synthfeeds" \( -name '*.xml' -o -name '*.json' -o -name '*.jsonc' \)
      copy_files "$dest" "$s/fixtures/newsline/site/feed" "$repo/tests/fixtures/feeds" \
        "$repo/tests/fixtures/demo-site/feed" "$repo/tests/fixtures/demo-site/atom" ;;
    date)  # every date element's text in the feed corpora, one per file
      grep -rhoE '<(pubDate|lastBuildDate|dc:date|dcterms:[a-z]+|updated|published|issued|modified|created)>[^<]{1,80}<' \
        "$s/corpus/feedparser" "$s/corpus/synthfeeds" "$repo/tests/fixtures/feeds" 2>/dev/null |
        sed -E 's/^<[^>]*>//; s/<$//' | sort -u | head -3000 | {
          n=0; while IFS= read -r d; do printf '%s' "$d" > "$dest/d$n"; n=$((n + 1)); done; } ;;
    html)
      copy_files "$dest" "$s/corpus/readability" -name 'expected.html'
      copy_files "$dest" "$s/corpus/feedparser/wellformed/sanitize" "$s/corpus/feedparser/wellformed/rss" -name '*content*'
      copy_files "$dest" "$repo/tests/fixtures/pages" ;;
    page|charset)
      copy_files "$dest" "$s/corpus/readability" -name 'source.html'
      copy_files "$dest" "$s/fixtures/newsline/site" -name '*.html'
      copy_files "$dest" "$repo/tests/fixtures/pages" "$repo/tests/fixtures/demo-site" -name '*.html'
      [ "$t" = charset ] && copy_files "$dest" "$s/corpus/feedparser" -ipath '*encoding*' ;;
    robots) ;;  # no robots.txt in the corpora: tests/fuzz/regressions/robots seeds it
    opml)
      copy_files "$dest" "$s/corpus/synthfeeds" "$repo/tests/fixtures/opml" -name '*.opml' ;;
    config)
      copy_files "$dest" "$repo/tests/fixtures/config" "$repo/config" -name '*.toml' ;;
    content) ;;  # compressed bodies: tests/fuzz/regressions/content seeds them
  esac
  [ -d "$repo/tests/fuzz/regressions/$t" ] && copy_files "$dest" "$repo/tests/fuzz/regressions/$t"
}

failed=()
summary=()
for t in "${targets[@]}"; do
  program=$build/fuzz/fuzz_$t
  if [ ! -x "$program" ]; then echo "no $program: build with -DGAZETTE_FUZZ=ON" >&2; exit 2; fi
  seeds=$build/fuzz-seeds/$t corpus=$build/fuzz-corpus/$t artifacts=$build/fuzz-artifacts/$t
  rm -rf "$seeds"; mkdir -p "$seeds" "$corpus" "$artifacts"
  seed "$t" "$seeds"
  log=$build/fuzz-logs/$t.log; mkdir -p "$(dirname "$log")"
  flags=(-max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=10 -rss_limit_mb=2048
         -malloc_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/"
         -dict="$repo/fuzz/dict/${dict[$t]}.dict")
  [ "$fork" -gt 0 ] && flags+=(-fork="$fork" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  echo "== $t: $(ls "$seeds" | wc -l) seeds, $seconds s (log: $log)"
  start=$(date +%s)
  # shellcheck disable=SC2086
  "$program" "${flags[@]}" ${FUZZ_ARGS:-} "$corpus" "$seeds" > "$log" 2>&1
  status=$?
  wall=$(( $(date +%s) - start ))
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  [ -z "$runs" ] && runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  crashes=$(ls "$artifacts" | wc -l)
  line=$(printf '%-8s %12s execs %6s s wall  corpus %5s files %6s  artifacts %s  exit %s' "$t" "${runs:-?}" \
    "$wall" "$(ls "$corpus" | wc -l)" "$(du -sh "$corpus" | cut -f1)" "$crashes" "$status")
  summary+=("$line")
  echo "$line"
  if [ "$status" -ne 0 ] || grep -aqE '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error:|fuzz check failed)' "$log"; then
    failed+=("$t")
    grep -aE 'ERROR: (AddressSanitizer|libFuzzer)|runtime error:|fuzz check failed|Test unit written to|SUMMARY:' "$log" | sort | uniq -c | head -20
  fi
done
echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]} (inputs in $build/fuzz-artifacts/<target>/, logs in $build/fuzz-logs/)"
  exit 1
fi
