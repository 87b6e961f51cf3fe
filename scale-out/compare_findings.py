"""Checks that two pipeline outputs hold the same findings, as sets (order does not matter).

Usage: python3 scale-out/compare_findings.py [--ignore FIELD]... EXPECTED ACTUAL
Each side is an NDJSON file, a directory of them (read recursively: Spark's part-* files, a
partitioned output), or a SQLite findings store (sink sqlite:PATH; its 'finding' column). Findings
are compared as JSON values, without the dotted FIELDs given with --ignore (e.g. Note.UpdatedAt,
which remediate sets from the clock). Prints the counts and up to 5 differences; exit 0 when equal, 1 not.
"""
import glob
import json
import os
import sqlite3
import sys
from collections import Counter


IGNORED = []


def without(value, path):
    head, _, rest = path.partition(".")
    if isinstance(value, dict) and head in value:
        if rest:
            without(value[head], rest)
        else:
            del value[head]


def canonical(text):
    finding = json.loads(text)
    for path in IGNORED:
        without(finding, path)
    return json.dumps(finding, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def findings_of(path):
    found = Counter()
    if os.path.isdir(path):
        paths = sorted(p for p in glob.glob(os.path.join(path, "**", "*"), recursive=True)
                       if os.path.isfile(p) and not os.path.basename(p).startswith((".", "_")) and not p.endswith(".crc"))
    elif path.endswith(".db"):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for (text,) in db.execute("SELECT finding FROM findings"):
                found[canonical(text)] += 1
        finally:
            db.close()
        return found
    else:
        paths = [path]
    for name in paths:
        with open(name, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    found[canonical(line)] += 1
    return found


def main(argv):
    while len(argv) > 2 and argv[0] == "--ignore":
        IGNORED.append(argv[1])
        argv = argv[2:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    expected, actual = findings_of(argv[0]), findings_of(argv[1])
    print(f"expected {sum(expected.values())} finding(s), actual {sum(actual.values())}")
    if expected == actual:
        print("same findings")
        return 0
    missing, extra = expected - actual, actual - expected
    for label, diff in (("missing", missing), ("unexpected", extra)):
        for text in list(diff)[:5]:
            finding = json.loads(text)
            print(f"{label}: {finding.get('ProductArn')} {finding.get('Id')} {finding.get('UpdatedAt')}")
    print(f"{sum(missing.values())} missing, {sum(extra.values())} unexpected")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
