#!/usr/bin/env bash
# `gazette extract` on the Kim Jong Un page prints the title, author, date,
# the three paragraphs and the two subheadings, nothing else.
source "$(dirname "$0")/../support/lib.sh"
source "$TESTS_DIR/support/newsline_site.sh"
page="$NEWSLINE/site${NEWSLINE_ARTICLE_PATH}index.html"
"$GAZETTE" extract "$page" >"$WORK/out.txt" || fail "extract exited $?"
python3 - "$NEWSLINE/expected.json" "$WORK/out.txt" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["articles"][0]
out = open(sys.argv[2]).read()
blocks = [b for b in out.strip().split("\n\n")]
head = blocks[0].split("\n")
assert head == [a["title"], "By " + a["author"], "2025-11-01T03:00:00Z"], head
body = blocks[1:]
assert body == a["body_text"].split("\n\n"), body
assert len(body) == 5, len(body)
for s in json.load(open(sys.argv[1]))["boilerplate_strings"]:
    assert s not in out, s
print("extract output is exactly title, byline, date, 3 paragraphs and 2 subheadings")
PY
"$GAZETTE" extract --json "$page" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["is_article"] and d["article"]["author"] == "Desk Team", d["article"]
blocks = {b["block"] for h in d["headlines"] for b in h["seen_in"]}
assert {"Hot this week", "Topics"} <= blocks, blocks
print("--json: article and sidebar blocks", sorted(blocks))'
echo PASS
