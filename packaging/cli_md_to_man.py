#!/usr/bin/env python3
"""Writes the gazette(1) man page from docs/cli.md, so the two never differ.

    cli_md_to_man.py --version 0.1.0 docs/cli.md gazette.1

docs/cli.md is plain Markdown: headings, paragraphs, fenced code blocks,
"- " lists and tables. Only that subset is converted (anything else is kept
as text); the build runs this at every change of docs/cli.md (pandoc would
be one more build dependency for a page this regular). Tables become tagged
paragraphs (.TP), the first cell the tag, because a two-column table of a
command and its description is what a man page's .TP list is. The first
heading is the page title, the first code block the SYNOPSIS, the text
before the first "##" the DESCRIPTION; FILES and SEE ALSO are added at the
end. The page date is SOURCE_DATE_EPOCH when set (reproducible package
builds), else docs/cli.md's modification time.
"""

import argparse
import datetime
import os
import re
import sys

NAME_LINE = r"gazette \- news aggregator daemon that polls feeds and news pages into SQLite"

EPILOGUE = r""".SH FILES
.TP
.I /etc/gazette/gazette.toml
The config file read by default (docs/config.md; an example is in
.IR /usr/share/doc/gazette/examples/ ).
.TP
.I /var/lib/gazette/gazette.db
The database the packaged config names (the \fBgazette\fR user's state folder).
.TP
.I /lib/systemd/system/gazette.service
The systemd unit that runs \fBgazette run\fR as user \fBgazette\fR.
.SH SEE ALSO
.BR systemctl (1),
.BR journalctl (1),
.BR sqlite3 (1),
and the documentation in
.IR /usr/share/doc/gazette/ :
config.md, operations.md, schema.md, querying.md.
"""


def escape_text(text):
    """Escapes plain text for roff: backslashes and every non-ASCII character."""
    text = text.replace("\\", "\\e")
    return "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in text)


def escape_code(text):
    # Hyphens in code (options, commands) are real minus signs: \- keeps them
    # ASCII when the page is copied from.
    return escape_text(text).replace("-", "\\-")


LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def inline(text):
    """Converts `code`, **bold** and [links](target) of one line or cell."""
    text = text.replace("\\|", "|")
    parts = re.split(r"(`[^`]*`)", text)
    out = []
    for part in parts:
        if len(part) >= 2 and part.startswith("`") and part.endswith("`"):
            out.append("\\fB" + escape_code(part[1:-1]) + "\\fR")
            continue
        # A link keeps its text; an absolute one keeps its target too. Links
        # into the other docs name the file, which the package installs.
        def link(m):
            label, target = m.group(1), m.group(2)
            if target.startswith(("http://", "https://")):
                return "%s <%s>" % (label, target)
            if target.startswith("#"):
                return label
            target = target.split("#")[0]
            return label if label == target else "%s (%s)" % (label, target)

        part = LINK.sub(link, part)
        part = escape_text(part)
        part = BOLD.sub(lambda m: "\\fB" + m.group(1) + "\\fR", part)
        out.append(part)
    return "".join(out)


def roff_line(text):
    """A text line must not start with a control character (. or ')."""
    if text.startswith((".", "'")):
        return "\\&" + text
    return text


def split_row(line):
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [c.strip() for c in cells]


def convert(markdown, version, date):
    lines = markdown.splitlines()
    out = [
        '.\\" Generated from docs/cli.md by packaging/cli_md_to_man.py: edit those.',
        '.TH GAZETTE 1 "%s" "gazette %s" "User Commands"' % (date, version),
        ".SH NAME",
        NAME_LINE,
    ]
    i = 0
    seen_synopsis = False
    paragraph = []

    def flush():
        if paragraph:
            out.append(".PP")
            # One line per paragraph: a code span may run over a line break.
            out.append(roff_line(inline(" ".join(paragraph))))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            block = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                block.append(lines[i])
                i += 1
            i += 1
            # The first block is the synopsis (hyphens as minus signs, as
            # options are typed); the others are examples, indented.
            synopsis = not seen_synopsis
            seen_synopsis = True
            escape = escape_code if synopsis else escape_text
            out.extend([".SH SYNOPSIS"] if synopsis else [".PP", ".RS 4"])
            out.append(".nf")
            out.extend(roff_line(escape(b)) for b in block)
            out.append(".fi")
            out.append(".SH DESCRIPTION" if synopsis else ".RE")
            continue
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            flush()
            level, title = len(heading.group(1)), heading.group(2)
            if level == 1:
                pass  # the page title: NAME says it
            elif level == 2:
                # Section names in capitals, as man pages have them; code
                # spans keep their case.
                out.append(".SH " + inline(title if "`" in title else title.upper()))
            else:
                out.append(".SS " + inline(title))
            i += 1
            continue
        if stripped.startswith("|"):
            flush()
            header = split_row(stripped)
            i += 1
            if i < len(lines) and re.match(r"^\|?\s*:?-+", lines[i].strip()):
                i += 1
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = split_row(lines[i])
                out.append(".TP")
                out.append(roff_line(inline(cells[0])))
                rest = cells[1:]
                if len(header) > 2:
                    # A wider table: each further cell under its column's name.
                    for n, cell in enumerate(rest):
                        if n:
                            out.append(".br")
                        name = header[n + 1] if n + 1 < len(header) else ""
                        out.append(roff_line(inline("%s: %s" % (name, cell))))
                else:
                    out.append(roff_line(inline(" ".join(rest))))
                i += 1
            continue
        item = re.match(r"^(\s*)[-*]\s+(.*)$", line)
        if item:
            flush()
            depth = len(item.group(1)) // 2
            out.append(".IP \\(bu %d" % (2 + 4 * depth))
            text = [item.group(2)]
            i += 1
            # Continuation lines of the item, indented under it.
            while i < len(lines) and lines[i].startswith("  ") and not re.match(r"^\s*[-*]\s+", lines[i]):
                text.append(lines[i].strip())
                i += 1
            out.append(roff_line(inline(" ".join(text))))
            continue
        if not stripped:
            flush()
            i += 1
            continue
        paragraph.append(stripped)
        i += 1
    flush()
    out.append(EPILOGUE.rstrip("\n"))
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True)
    parser.add_argument("markdown")
    parser.add_argument("output")
    args = parser.parse_args()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = int(epoch) if epoch else int(os.stat(args.markdown).st_mtime)
    date = datetime.datetime.fromtimestamp(when, datetime.timezone.utc).strftime("%Y-%m-%d")
    with open(args.markdown, encoding="utf-8") as f:
        page = convert(f.read(), args.version, date)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(page)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    sys.exit(main())
