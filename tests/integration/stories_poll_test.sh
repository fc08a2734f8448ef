#!/usr/bin/env bash
# Stories (issue 15): three outlets' feeds on 127.0.0.1 report one flood in
# different words; the poll stores it as one story with three sources, while
# "Apple" the company and an apple harvest stay apart, and a week-old article
# republished is a story of its own. A second poll changes nothing;
# `gazette stories` and the JSON exports show the story.
source "$(dirname "$0")/../support/lib.sh"

start_server SITE "$TESTS_DIR/fixtures/stories" https://stories.example
base="http://127.0.0.1:$SITE_PORT"
cat >"$WORK/gazette.toml" <<TOML
[daemon]
database = "$WORK/gazette.db"
[[feed]]
url = "$base/wire.xml"
[[feed]]
url = "$base/daily.xml"
[[feed]]
url = "$base/coast.xml"
TOML
db="$WORK/gazette.db"
story_of() { sql "$db" "select story_id from articles where title = '$1' and published like '$2%'"; }

note "first poll"
"$GAZETTE" -q --config "$WORK/gazette.toml" poll 2>"$WORK/poll1.err" \
  || { cat "$WORK/poll1.err"; fail "first poll exited $?"; }
expect_eq "articles" 12 "$(sql "$db" 'select count(*) from articles')"
expect_eq "articles without a story" 0 "$(sql "$db" 'select count(*) from articles where story_id is null')"
flood=$(story_of 'Storm surge floods harbour district overnight' 2026-11-20)
expect_eq "City Daily's flood article" "$flood" "$(story_of 'Harbour district under water after storm' 2026-11-20)"
expect_eq "Coast Gazette's flood article" "$flood" \
  "$(story_of 'Flooding: storm surge swamps harbour, quay evacuated' 2026-11-20)"
expect_eq "the flood's sources" 3 "$(sql "$db" "select sources from stories_v where story_id = $flood")"
expect_eq "the flood's title (its first article's)" "Storm surge floods harbour district overnight" \
  "$(sql "$db" "select title from stories_v where story_id = $flood")"
apple=$(story_of 'Apple unveils thinner iPhone at Cupertino event' 2026-11-20)
harvest=$(story_of 'Early frost hits Washington apple harvest' 2026-11-20)
[ "$apple" != "$harvest" ] || fail "the iPhone and the apple harvest share story $apple"
week_old=$(story_of 'Council approves harbour bridge plan' 2026-11-13)
again=$(story_of 'Council approves harbour bridge plan' 2026-11-20)
[ "$week_old" != "$again" ] || fail "an article republished a week later joined its old story $again"
expect_eq "stories" 10 "$(sql "$db" 'select count(*) from stories_v')"
before=$(sql "$db" 'select group_concat(id || ":" || story_id) from articles; select group_concat(id || first_published || last_published) from stories')

note "second poll changes nothing"
"$GAZETTE" -q --config "$WORK/gazette.toml" poll 2>"$WORK/poll2.err" \
  || { cat "$WORK/poll2.err"; fail "second poll exited $?"; }
expect_eq "articles and stories after the second poll" "$before" \
  "$(sql "$db" 'select group_concat(id || ":" || story_id) from articles; select group_concat(id || first_published || last_published) from stories')"

note "gazette stories"
out=$("$GAZETTE" --config "$WORK/gazette.toml" stories --min-sources 2)
expect_contains "stories with two sources or more" "$out" "Storm surge floods harbour district overnight"
expect_contains "its sources" "$out" "Coast Gazette: Flooding: storm surge swamps harbour, quay evacuated"
expect_eq "only the flood has two sources" 1 "$(printf '%s\n' "$out" | grep -c '^  story ')"
json=$("$GAZETTE" --config "$WORK/gazette.toml" stories --since 2026-11-20 --json)
expect_eq "stories --json, biggest first" "$flood 3 3" "$(printf '%s' "$json" | python3 -c '
import json, sys
s = json.load(sys.stdin)[0]
print(s["story_id"], s["sources"], len(s["members"]))')"
expect_eq "stories --since leaves out the week-old one" "" "$(printf '%s' "$json" | python3 -c "
import json, sys
print(' '.join(str(s['story_id']) for s in json.load(sys.stdin) if s['story_id'] == $week_old))")"

note "exports carry story_id"
"$GAZETTE" --config "$WORK/gazette.toml" export --format json --out "$WORK/articles.jsonl"
expect_eq "json lines story_id" "$flood" "$(python3 -c "
import json
for line in open('$WORK/articles.jsonl'):
    a = json.loads(line)
    if a['title'] == 'Harbour district under water after storm': print(a['story_id'])")"
"$GAZETTE" --config "$WORK/gazette.toml" export --format jsonfeed --out "$WORK/feed.json"
expect_eq "json feed _gazette.story_id" "$flood" "$(python3 -c "
import json
for i in json.load(open('$WORK/feed.json'))['items']:
    if i['title'] == 'Harbour district under water after storm': print(i['_gazette']['story_id'])")"
"$GAZETTE" --config "$WORK/gazette.toml" export --format hugo --out "$WORK/hugo"
expect_eq "hugo pages of the flood in its stories taxonomy" 3 \
  "$(grep -l "^stories: \[\"story-$flood\"\]" -r "$WORK/hugo" | wc -l)"

note "[stories] enabled = false stores no story"
printf '\n[stories]\nenabled = false\n' >>"$WORK/gazette.toml"
sed -i "s|database = \"$WORK/gazette.db\"|database = \"$WORK/off.db\"|" "$WORK/gazette.toml"
"$GAZETTE" -q --config "$WORK/gazette.toml" poll 2>"$WORK/poll3.err" \
  || { cat "$WORK/poll3.err"; fail "poll without stories exited $?"; }
expect_eq "articles without stories" "12 0" \
  "$(sql "$WORK/off.db" "select count(*) || ' ' || count(story_id) from articles")"
echo "PASS"
