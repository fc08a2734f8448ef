#!/usr/bin/env bash
# feedparser's own test suite (../shared/corpus/feedparser) against
# `gazette parse --format feedparser`, outside wellformed/sanitize: fails
# when fewer tests pass than the line below. The line is a ratchet (see
# docs/conformance.md): the score Gazette has reached, never above it, so a
# regression fails; raise it when a change passes more tests. The issue's
# goal is 97%.
source "$(dirname "$0")/../support/lib.sh"
SUITE="$SHARED_DIR/corpus/feedparser"
HARNESS="$SHARED_DIR/tools/feedparser_suite.py"
[ -d "$SUITE" ] && [ -f "$HARNESS" ] || skip "../shared is absent"

LINE_PERCENT=${GAZETTE_CONFORMANCE_LINE:-41.7}

# A generous per-test timeout: a loaded machine must not fail the line.
python3 "$HARNESS" --suite "$SUITE" --jobs 2 --timeout 30 --report "$WORK/report.json" \
  --cmd "$GAZETTE parse --format feedparser {file}" >"$WORK/suite.out" 2>&1 ||
  { cat "$WORK/suite.out" >&2; fail "the harness broke (exit $?)"; }
tail -n 3 "$WORK/suite.out"

python3 - "$WORK/report.json" "$LINE_PERCENT" <<'PY' || fail "below the conformance line"
import json, sys
report = json.load(open(sys.argv[1]))
line = float(sys.argv[2])
def score(tests):
    ran = [t for t in tests if t["status"] != "skip"]
    return sum(t["status"] == "pass" for t in ran), len(ran)
outside = [t for t in report["tests"] if t["folder"] != "wellformed/sanitize"]
sanitize = [t for t in report["tests"] if t["folder"] == "wellformed/sanitize"]
passed, ran = score(outside)
s_passed, s_ran = score(sanitize)
percent = 100.0 * passed / ran if ran else 0.0
print(f"outside wellformed/sanitize: {passed} of {ran} passed ({percent:.2f}%), line {line}%")
print(f"wellformed/sanitize (reported, not gated): {s_passed} of {s_ran} passed")
assert ran > 1000, f"only {ran} tests ran: the suite did not run"
sys.exit(0 if percent >= line else 1)
PY
