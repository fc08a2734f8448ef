#!/usr/bin/env python3
"""Checks the include graph by folder (README.md, "Layout"):

    cli -> daemon -> poll -> {http, export -> storage} -> config -> feeds -> base

A folder may include its own headers and those of the folders below it,
never one above or beside it: feeds/ includes nothing from config/,
storage/, http/ or poll/; http/ knows nothing of the database. Tests in
tests/<folder>/ keep their folder's rules (and may include tests/ helpers).
Prints every include that breaks a rule, as file:line, and fails.
A folder's sub-folders belong to its layer: storage/postgres/ (the
PostgreSQL store) is storage, and includes what storage/ may.

Usage: layering_test.py SOURCE_DIR
"""
import pathlib
import re
import sys

# What each folder may include besides itself.
BELOW = {
    "base": set(),
    "feeds": {"base"},
    "config": {"feeds", "base"},
    "storage": {"config", "feeds", "base"},
    "export": {"storage", "config", "feeds", "base"},
    "http": {"config", "feeds", "base"},
    "poll": {"http", "export", "storage", "config", "feeds", "base"},
    "daemon": {"poll", "http", "export", "storage", "config", "feeds", "base"},
    "cli": {"daemon", "poll", "http", "export", "storage", "config", "feeds", "base"},
}
# Sub-folders that must be there and checked with their top folder's rules.
SUBFOLDERS = {"storage/postgres": "storage"}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def check(root: pathlib.Path) -> int:
    problems = []
    scanned = {}
    for layer in BELOW:
        for top, is_test in ((root / layer, False), (root / "tests" / layer, True)):
            if not top.is_dir():
                continue
            for path in sorted(top.rglob("*")):
                if path.suffix not in (".h", ".cc", ".inc"):
                    continue
                scanned[layer] = scanned.get(layer, 0) + 1
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
                for number, line in enumerate(lines, 1):
                    match = INCLUDE.match(line)
                    if not match or "/" not in match.group(1):
                        continue  # a system header or the generated version.h
                    folder = match.group(1).split("/", 1)[0]
                    if folder == layer or folder in BELOW[layer]:
                        continue
                    if is_test and folder == "tests":
                        continue
                    where = path.relative_to(root)
                    problems.append(f"{where}:{number}: {layer}/ may not include "
                                    f'"{match.group(1)}" ({folder}/ is not below it)')
    missing = [layer for layer in BELOW if not scanned.get(layer)]
    missing += [sub for sub in SUBFOLDERS
                if not any(p.suffix in (".h", ".cc") for p in (root / sub).glob("*"))]
    if missing:
        # Checking nothing would pass forever: a renamed folder must be renamed here too.
        print(f"no sources found in {', '.join(missing)} under {root}")
        return 1
    for problem in problems:
        print(problem)
    print(f"{sum(scanned.values())} files checked, {len(problems)} include(s) against the layering")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(check(pathlib.Path(sys.argv[1])))
