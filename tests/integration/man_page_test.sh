#!/usr/bin/env bash
# gazette(1), as packaging/cli_md_to_man.py writes it from docs/cli.md (the
# build and the package run the same script): groff and man report no
# warnings, every command and option `gazette --help` lists has its entry,
# and the page lists no command the program does not have.
source "$(dirname "$0")/../support/lib.sh"

for tool in groff man; do
  command -v "$tool" >/dev/null || fail "$tool is missing (make deps installs groff-base and man-db)"
done
page="$WORK/gazette.1"
python3 "$SOURCE_DIR/packaging/cli_md_to_man.py" --version 0.0.0 "$SOURCE_DIR/docs/cli.md" "$page" ||
  fail "cli_md_to_man.py failed"

warnings=$(groff -man -ww -z "$page" 2>&1) || fail "groff failed: $warnings"
[ -z "$warnings" ] || fail "groff -man -ww warns:
$warnings"
warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) || fail "man -l failed: $warnings"
[ -z "$warnings" ] || fail "man --warnings -l warns:
$warnings"

# The tags of the .TP entries of the COMMANDS section (up to the next .SH or
# .SS), as words: \fB and \fR dropped, \- read as -.
tags=$(awk '/^\.S[HS] / { on = ($0 == ".SH COMMANDS"); next }
  on && tp { print; tp = 0 } on && /^\.TP/ { tp = 1 }' "$page" |
  sed 's/\\f[BIR]//g; s/\\-/-/g' | awk '{ print $1 }' | sort -u)
[ -n "$tags" ] || fail "no .TP entries in the COMMANDS section of the page"
text=$(groff -man -Tascii -P-cbou "$page" 2>/dev/null)

help=$("$GAZETTE" --help)
commands=$(awk '/^Subcommands:/ { on = 1; next } /^[^ ]/ { on = 0 } on && NF { print $1 }' <<<"$help" | sort -u)
[ "$(wc -l <<<"$commands")" -ge 10 ] || fail "could not read the commands from gazette --help:
$help"
missing=$(comm -23 <(echo "$commands") <(echo "$tags"))
[ -z "$missing" ] || fail "commands of gazette --help missing from the man page: $missing"
extra=$(comm -13 <(echo "$commands") <(echo "$tags"))
[ -z "$extra" ] || fail "the man page lists commands gazette --help does not have: $extra"

options=$(awk '/^Options:/ { on = 1; next } /^[^ ]/ { on = 0 } on' <<<"$help" |
  grep -o -- '--[a-z][a-z-]*' | sort -u)
[ -n "$options" ] || fail "could not read the options from gazette --help"
for option in $options; do
  grep -qE -- "^       (-[a-z], )?$option( |,|$)" <<<"$text" || fail "option $option of gazette --help has no entry in the man page"
done
echo "ok: $(wc -l <<<"$commands") commands and $(wc -w <<<"$options") options documented; no groff or man warnings"
