#!/usr/bin/env python3
"""Checks strace logs of a program against a systemd unit's sandbox, without
systemd: what the unit would refuse, the traced run must not have done.

    unit_sandbox_check.py UNIT TRACE...

TRACE: the output of `strace -f -o TRACE COMMAND` (default format: "PID
call(args) = result"). Prints one line per problem and exits 1 when there
is one:
  - a system call outside the unit's SystemCallFilter= (its lines merged in
    order, the @groups expanded with `systemd-analyze syscall-filter`);
  - socket() of a family outside RestrictAddressFamilies=;
  - writable and executable memory, or mprotect() adding PROT_EXEC
    (MemoryDenyWriteExecute=);
  - a /proc file other than the process's own (ProcSubset=pid);
  - a file under /home, /root or /run/user (ProtectHome=);
  - a file opened for writing outside the StateDirectory= folders, /tmp and
    /var/tmp (PrivateTmp=) and /dev/null (ProtectSystem=strict).
The first execve of each trace (strace starting the program) is not counted.
"""
import re, subprocess, sys

unit, traces = sys.argv[1], sys.argv[2:]

# The unit's SystemCallFilter= lines, in order, as systemd merges them (an
# allow-list first): a list adds its calls, a ~list removes them.
groups = {}
listing = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True, text=True, check=True).stdout
current = None
for line in listing.splitlines():
    if line.startswith("@"):
        current = line.strip()
        groups[current] = []
    elif current and line.strip() and not line.strip().startswith("#"):
        groups[current].append(line.strip())

def expand(name, seen=None):
    seen = set() if seen is None else seen
    if not name.startswith("@"):
        return {name}
    if name in seen:
        return set()
    seen.add(name)
    out = set()
    for member in groups.get(name, []):
        out |= expand(member, seen)
    return out

filters = [l.split("=", 1)[1].strip() for l in open(unit) if l.startswith("SystemCallFilter=")]
assert filters and not filters[0].startswith("~"), "no SystemCallFilter= allow-list in " + unit
allowed = set()
for f in filters:
    names = set()
    for name in f.lstrip("~").split():
        names |= expand(name)
    allowed = allowed - names if f.startswith("~") else allowed | names
families = set()
writable = ["/tmp/", "/var/tmp/", "/dev/shm/", "/dev/null"]
for l in open(unit):
    if l.startswith("RestrictAddressFamilies="):
        families |= set(l.split("=", 1)[1].split())
    if l.startswith("StateDirectory="):
        writable += ["/var/lib/%s/" % d for d in l.split("=", 1)[1].split()]

call = re.compile(r"^\d+\s+(?:<\.\.\. )?([a-z_0-9]+)(\(| resumed>)(.*)$")
problems = []
for trace in traces:
    first_exec = True
    for line in open(trace, errors="replace"):
        m = call.match(line)
        if not m:
            continue
        name, rest = m.group(1), m.group(3)
        if name == "execve" and first_exec:
            first_exec = False  # strace starting the program: not the program's call
            continue
        if name not in allowed:
            problems.append("system call %s outside SystemCallFilter=: %s" % (name, line.strip()))
        if name == "socket" and m.group(2) == "(":
            family = rest.split(",")[0]
            if family not in families:
                problems.append("socket family %s outside RestrictAddressFamilies=: %s" % (family, line.strip()))
        if name in ("mmap", "mprotect", "pkey_mprotect") and "PROT_EXEC" in rest:
            if name != "mmap" or "PROT_WRITE" in rest:
                problems.append("W+X memory (MemoryDenyWriteExecute=): " + line.strip())
        if name in ("openat", "open", "creat") and m.group(2) == "(":
            path = re.search(r'"([^"]*)"', rest)
            if not path:
                continue
            path = path.group(1)
            writing = re.search(r"O_WRONLY|O_RDWR|O_CREAT", rest) is not None
            if path.startswith("/proc/") and not re.match(r"^/proc/(self|thread-self|\d+)(/|$)", path):
                problems.append("/proc file outside its own (ProcSubset=pid): " + line.strip())
            if path.startswith(("/home/", "/root/", "/run/user/")):
                problems.append("home folder (ProtectHome=): " + line.strip())
            if writing and not path.startswith(tuple(writable)):
                problems.append("write outside %s (ProtectSystem=strict): %s" % (" ".join(writable), line.strip()))
for p in sorted(set(problems)):
    print(p)
sys.exit(1 if problems else 0)
