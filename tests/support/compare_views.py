#!/usr/bin/env python3
"""Compares a read-API view (articles_v, sources_v, stories_v) as SQLite and
PostgreSQL show it, row by row and column by column: after `gazette
migrate` the two must be the same rows.

Usage: compare_views.py SQLITE_DB PSQL_BIN PG_URL VIEW ORDER_COLUMN [MIN_ROWS]
Prints the number of rows compared; exits 1 naming the first difference.
"""
import json
import subprocess
import sys


def main():
    db, psql, url, view, order = sys.argv[1:6]
    min_rows = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    lite = json.loads(subprocess.run(
        ["sqlite3", "-json", db, f"select * from {view} order by {order}"],
        check=True, capture_output=True, text=True).stdout or "[]")
    # row_to_json keeps the view's column names and order; numbers stay
    # numbers, NULL is null, as in sqlite3 -json.
    pg = json.loads(subprocess.run(
        [psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
         f"select coalesce(json_agg(row_to_json(v) order by {order}), '[]') from {view} v"],
        check=True, capture_output=True, text=True).stdout)
    if len(lite) < min_rows:
        sys.exit(f"{view}: only {len(lite)} rows in SQLite, expected at least {min_rows}")
    if len(lite) != len(pg):
        sys.exit(f"{view}: SQLite has {len(lite)} rows, PostgreSQL {len(pg)}")
    for a, b in zip(lite, pg):
        if list(a) != list(b):
            sys.exit(f"{view}: columns differ: SQLite {list(a)}, PostgreSQL {list(b)}")
        for column in a:
            if a[column] != b[column]:
                sys.exit(f"{view} {order}={a[order]}: column {column} differs: "
                         f"SQLite {a[column]!r:.200}, PostgreSQL {b[column]!r:.200}")
    print(f"{view}: {len(lite)} rows identical")


if __name__ == "__main__":
    main()
