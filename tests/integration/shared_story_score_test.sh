#!/usr/bin/env bash
# Issue 15's acceptance on the shared headlines: ../shared/tools/story_score.py
# polls them (one feed per outlet, on 127.0.0.1) and scores articles_v.story_id;
# B-cubed F1 must be at least 0.10 above the TF-IDF baseline it prints, and
# precision at least 0.85. Skips when ../shared is absent.
source "$(dirname "$0")/../support/lib.sh"
TOOL="$SHARED_DIR/tools/story_score.py"
[ -f "$TOOL" ] && [ -d "$SHARED_DIR/corpus/stories" ] || skip "../shared is absent"

python3 "$TOOL" --gazette "$GAZETTE" >"$WORK/score.txt" 2>&1 || { cat "$WORK/score.txt"; fail "story_score.py exited $?"; }
cat "$WORK/score.txt"
python3 - "$WORK/score.txt" <<'PY' || fail "below the acceptance"
import re, sys
text = open(sys.argv[1]).read()
base = re.search(r"baseline.*?P ([\d.]+) R ([\d.]+) F1 ([\d.]+)", text)
ours = re.search(r"gazette\s+P ([\d.]+) R ([\d.]+) F1 ([\d.]+)", text)
if not base or not ours:
    sys.exit("no scores in the output")
bp, br, bf = map(float, base.groups())
p, r, f = map(float, ours.groups())
print(f"F1 {f:.3f} vs baseline {bf:.3f} (+{f - bf:.3f}), precision {p:.3f}")
if f < bf + 0.10 or p < 0.85:
    sys.exit(1)
PY
echo "PASS"
