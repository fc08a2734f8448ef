#!/usr/bin/env bash
# The Debian package, installed into this machine as an operator would:
# dpkg -i runs its maintainer scripts without a running systemd (a CI
# container); the installed gazette is the version under test and accepts
# the config the package installs and the example; `systemd-analyze verify`
# accepts the unit and `systemd-analyze security --offline` rates it under
# 2.0; the binary carries the hardening flags. Then the daemon runs as the
# package's user, traced with strace, and every system call it makes must be
# one the unit's SystemCallFilter= allows, every socket a family
# RestrictAddressFamilies= allows, no W+X memory (MemoryDenyWriteExecute=),
# no write outside its state folder (ProtectSystem=strict), no /proc file
# outside its own (ProcSubset=pid): what the sandbox would refuse, checked
# without systemd. The package is purged at the end, whatever happens.
#
# Needs root (it installs into the machine): skipped otherwise, when dpkg is
# missing, and when Gazette is already installed here (it would be replaced
# and purged). Uses GAZETTE_DEB_DIR's gazette_*.deb when set (`make
# test-normal` builds it with `make deb` first), else builds one with
# packaging/build-deb.sh (which compiles gazette once more).
source "$(dirname "$0")/../support/lib.sh"

[ "$(id -u)" = 0 ] || skip "needs root: it installs the package with dpkg -i (run the suite as root, as CI does)"
command -v dpkg >/dev/null || skip "dpkg is missing: not a Debian system"
if dpkg-query -W -f='${Status}' gazette 2>/dev/null | grep -q 'installed'; then
  skip "the gazette package is installed on this machine; this test would replace and purge it"
fi
for existing in /usr/bin/gazette /etc/gazette /var/lib/gazette; do
  [ ! -e "$existing" ] || skip "$existing exists (Gazette installed from source?); this test would replace or purge it"
done
for tool in systemd-analyze strace setpriv readelf sqlite3; do
  command -v "$tool" >/dev/null || fail "$tool is missing (make deps installs it)"
done

arch=$(dpkg --print-architecture)
if [ -n "${GAZETTE_DEB_DIR:-}" ]; then
  debs=("$GAZETTE_DEB_DIR"/gazette_*_"$arch".deb)
else
  note "building the package (packaging/build-deb.sh)"
  bash "$SOURCE_DIR/packaging/build-deb.sh" "$WORK/dist" >"$WORK/build-deb.log" 2>&1 ||
    fail "packaging/build-deb.sh failed:
$(tail -40 "$WORK/build-deb.log")"
  debs=("$WORK"/dist/gazette_*_"$arch".deb)
fi
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "expected one gazette_*_$arch.deb, found: ${debs[*]}"
deb=${debs[0]}
note "package: $deb"

had_user=no
getent passwd gazette >/dev/null && had_user=yes
purge_package() {
  if dpkg-query -W -f='${Status}' gazette 2>/dev/null | grep -q 'installed\|config-files\|half'; then
    dpkg --purge gazette >>"$WORK/dpkg.log" 2>&1 || echo "warning: dpkg --purge gazette failed" >&2
  fi
  if [ "$had_user" = no ] && getent passwd gazette >/dev/null; then
    userdel gazette 2>/dev/null || true
    groupdel gazette 2>/dev/null || true
  fi
}
trap 'set +e; purge_package; cleanup' EXIT

# --- install ----------------------------------------------------------------
note "dpkg -i"
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >"$WORK/dpkg.log" 2>&1 || fail "dpkg -i failed:
$(cat "$WORK/dpkg.log")"
expect_eq "package status" "install ok installed" "$(dpkg-query -W -f='${Status}' gazette)"
if [ ! -d /run/systemd/system ]; then
  note "no running systemd here: the maintainer scripts must have enabled the unit without it"
fi
[ -L /etc/systemd/system/multi-user.target.wants/gazette.service ] ||
  fail "the unit was not enabled (deb-systemd-helper in postinst)"
getent passwd gazette >/dev/null || fail "postinst did not create the gazette user"
expect_eq "owner of /var/lib/gazette" "gazette:gazette 750" "$(stat -c '%U:%G %a' /var/lib/gazette)"

version=$(dpkg-deb -f "$deb" Version)
expect_eq "installed gazette --version" "gazette ${version%-*}" "$(/usr/bin/gazette --version)"
expect_eq "installed version = the build under test" "$("$GAZETTE" --version)" "$(/usr/bin/gazette --version)"

config=/etc/gazette/gazette.toml
expect_contains "conffiles" "$(dpkg-query -W -f='${Conffiles}' gazette)" "$config"
out=$(/usr/bin/gazette --config "$config" check-config) || fail "check-config $config: $out"
expect_contains "check-config of the installed config" "$out" "database /var/lib/gazette/gazette.db"
example=/usr/share/doc/gazette/examples/gazette.example.toml
out=$(/usr/bin/gazette --config "$example" check-config) || fail "check-config $example: $out"
expect_contains "check-config of the installed example" "$out" "ok ("
[ -f /usr/share/man/man1/gazette.1.gz ] || fail "the man page is not installed"
[ -f /usr/share/doc/gazette/operations.md ] || fail "docs/operations.md is not installed"

# --- the binary's hardening (dpkg-buildflags hardening=+all) ------------------
# (readelf's output read whole first: `readelf | grep -q` can fail on SIGPIPE.)
elf_header=$(readelf -h /usr/bin/gazette)
elf_segments=$(readelf -l /usr/bin/gazette)
elf_dynamic=$(readelf -d /usr/bin/gazette)
elf_symbols=$(readelf -s --wide /usr/bin/gazette)
grep -q 'Type:.*DYN' <<<"$elf_header" || fail "gazette is not a PIE"
grep -q GNU_RELRO <<<"$elf_segments" || fail "gazette has no RELRO segment"
grep -q 'BIND_NOW\|FLAGS.*NOW' <<<"$elf_dynamic" || fail "gazette is not linked with -z now"
grep -q '__stack_chk_fail' <<<"$elf_symbols" || fail "gazette has no stack protector"
grep -q '__[a-z]*_chk@' <<<"$elf_symbols" || fail "gazette has no _FORTIFY_SOURCE checks"

# --- the unit -----------------------------------------------------------------
unit=/lib/systemd/system/gazette.service
[ -f "$unit" ] || fail "$unit is not installed"
cmp -s "$unit" "$SOURCE_DIR/packaging/gazette.service" || fail "$unit differs from packaging/gazette.service"
note "systemd-analyze verify"
verify=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify $unit failed:
$verify"
[ -z "$verify" ] || fail "systemd-analyze verify $unit warned:
$verify"
note "systemd-analyze security --offline=true"
security=$(systemd-analyze security --offline=true "$unit" 2>&1) || fail "systemd-analyze security failed:
$security"
score=$(sed -n 's/.*Overall exposure level for gazette.service: \([0-9.]*\).*/\1/p' <<<"$security")
[ -n "$score" ] || fail "no exposure level in:
$security"
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < 2.0 else 1)' "$score" ||
  fail "systemd-analyze security rates gazette.service $score (must stay under 2.0):
$(grep '✗' <<<"$security")"
note "exposure level $score"

# --- the daemon inside the unit's limits, traced -------------------------------
# A feed on 127.0.0.1, named "localhost" so the resolver runs as it does for
# real sources; a config the gazette user can read (the installed one lists
# real sites: never polled here); the database in /var/lib/gazette.
site="$WORK/site/feed"
mkdir -p "$site"
cat >"$site/index.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Packaged</title><link>https://package.example/</link>
<item><title>First</title><link>https://package.example/first</link><guid>first</guid></item>
<item><title>Second</title><link>https://package.example/second</link><guid>second</guid></item>
</channel></rss>
XML
start_server SITE "$WORK/site" https://package.example
chmod 0711 "$WORK"
mkdir -m 0755 "$WORK/etc"
test_config="$WORK/etc/gazette.toml"
printf '[daemon]\ndatabase = "/var/lib/gazette/gazette.db"\ndefault_interval = "1m"\n[[feed]]\nurl = "http://localhost:%s/feed/"\n' \
  "$SITE_PORT" >"$test_config"
chmod 0644 "$test_config"
mkdir -m 0777 "$WORK/trace"

# systemd's notify socket, so the READY/RELOADING/WATCHDOG calls are traced too.
start_notify_socket "$WORK/trace/notify.sock" "$WORK/notify.log"
chmod 0666 "$WORK/trace/notify.sock"

# as_gazette COMMAND...: becomes COMMAND run as the unit runs it: user
# gazette, umask 0077, no supplementary groups (call it in a subshell).
as_gazette() {
  umask 0077
  exec setpriv --reuid=gazette --regid=gazette --clear-groups "$@"
}
daemon_log="$WORK/trace/daemon.err"
note "gazette run as user gazette, under strace"
NOTIFY_SOCKET="$WORK/trace/notify.sock" WATCHDOG_USEC=1000000 \
  as_gazette strace -f -qq -o "$WORK/trace/run.trace" /usr/bin/gazette --config "$test_config" run \
  2>"$daemon_log" &
tracer=$!  # strace, whose child is the daemon
stop_daemon() { [ -z "${daemon:-}" ] || kill "$daemon" 2>/dev/null; }
trap 'set +e; stop_daemon; wait "$tracer" 2>/dev/null; purge_package; cleanup' EXIT
daemon=
for _ in $(seq 100); do
  daemon=$(pgrep -P "$tracer" -x gazette || true)
  [ -n "$daemon" ] && break
  sleep 0.1
done
[ -n "$daemon" ] || fail "the traced daemon did not start: $(cat "$daemon_log")"
wait_until() {  # wait_until WHAT COMMAND...: up to 30 s
  local what=$1
  shift
  for _ in $(seq 300); do
    "$@" && return 0
    kill -0 "$daemon" 2>/dev/null || fail "the daemon exited while waiting for: $what
$(cat "$daemon_log")"
    sleep 0.1
  done
  fail "timed out waiting for: $what
$(cat "$daemon_log")"
}
# Read as the gazette user: a root reader could leave root-owned -wal/-shm
# files the daemon cannot open.
stored() {
  [ "$( (as_gazette sqlite3 -batch -noheader /var/lib/gazette/gazette.db 'select count(*) from articles') 2>/dev/null)" = 2 ]
}
ready_at_least() { [ "$(grep -c 'READY=1' "$WORK/notify.log" 2>/dev/null)" -ge "$1" ]; }
wait_until "the feed's two articles" stored
wait_until "READY=1" ready_at_least 1
wait_until "a watchdog ping" grep -q 'WATCHDOG=1' "$WORK/notify.log"
kill -HUP "$daemon"
wait_until "READY=1 after the reload" ready_at_least 2
kill -TERM "$daemon"
rc=0
wait "$tracer" || rc=$?
daemon=
expect_eq "daemon exit status after SIGTERM" 0 "$rc"
# ExecReload runs check-config in the same sandbox.
(as_gazette strace -f -qq -o "$WORK/trace/check.trace" /usr/bin/gazette --config "$test_config" check-config) >/dev/null ||
  fail "check-config as user gazette failed"

note "checking the traces against the unit's limits"
python3 "$TESTS_DIR/support/unit_sandbox_check.py" "$unit" "$WORK/trace/run.trace" "$WORK/trace/check.trace" ||
  fail "the daemon does something gazette.service forbids (above)"
expect_eq "database files' mode (UMask=0077)" "600" "$(stat -c '%a' /var/lib/gazette/gazette.db)"

# --- removal ---------------------------------------------------------------------
note "dpkg --purge"
dpkg --purge gazette >>"$WORK/dpkg.log" 2>&1 || fail "dpkg --purge failed:
$(tail -20 "$WORK/dpkg.log")"
for gone in /usr/bin/gazette /etc/gazette /var/lib/gazette "$unit" /etc/systemd/system/multi-user.target.wants/gazette.service; do
  [ ! -e "$gone" ] || fail "$gone is still there after dpkg --purge"
done
echo "ok: installed, checked (exposure $score) and purged $(basename "$deb")"
