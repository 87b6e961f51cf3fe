"""Summary of a pipeline run, from the stages' --stats logs, the plan and the SQLite store.

Usage: python3 Pipelines/lib/summary.py WORK_DIR [STORE]            (a few lines for people)
       python3 Pipelines/lib/summary.py --one-line WORK_DIR [STORE] (one line for cron mail)
"""
import json
import os
import re
import sqlite3
import sys
from collections import Counter

STAGES = ["normalize", "dedupe", "enrich", "route", "remediate", "sink"]
STATS = re.compile(r"^(\w+): stats: (.*)$")
PAIR = re.compile(r"\s*([^=]+?)=(\S+)")


def stats_of(log_path):
    """Counters of every '--stats' line in a log, summed (a log may hold several runs)."""
    totals = Counter()
    if not os.path.exists(log_path):
        return totals
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = STATS.match(line.rstrip("\n"))
            if not match:
                continue
            for key, value in PAIR.findall(match.group(2)):
                if value.isdigit():
                    totals[key] += int(value)
    return totals


def plan_of(path):
    """Planned actions per playbook, and how many need approval."""
    playbooks, approval = Counter(), 0
    if os.path.exists(path):
        with open(path, encoding="utf-8") as plan:
            for line in plan:
                if line.strip():
                    record = json.loads(line)
                    playbooks[record.get("playbook", "?")] += 1
                    approval += record.get("approvalRequired") is True
    return playbooks, approval


def severities_of(store):
    if not store or not os.path.exists(store):
        return []
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        return db.execute(
            "SELECT severity_label, count(*) FROM findings GROUP BY 1 ORDER BY max(severity_normalized) DESC"
        ).fetchall()
    finally:
        db.close()


def main(argv):
    one_line = argv[:1] == ["--one-line"]
    if one_line:
        argv = argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    work, store = argv[0], (argv[1] if len(argv) > 1 else None)
    stats = {stage: stats_of(os.path.join(work, "logs", f"{stage}.log")) for stage in STAGES}
    playbooks, approval = plan_of(os.path.join(work, "plan.ndjson"))
    routed = {k[len("target "):]: v for k, v in stats["route"].items() if k.startswith("target ")}
    rejected = sum(s["rejected"] for s in stats.values())
    delivered = {k[len("delivered["):-1]: v for k, v in stats["sink"].items() if k.startswith("delivered[")}
    stats["sink"]["written"] = max(delivered.values(), default=0)
    if one_line:
        parts = [f"read={stats['normalize']['read']}", f"findings={stats['normalize']['written']}",
                 f"new-or-changed={stats['dedupe']['written']}", f"delivered={stats['sink']['written']}",
                 f"planned={sum(playbooks.values())}", f"rejected={rejected}"]
        print(" ".join(parts))
        return 0
    n = stats["normalize"]
    print(f"findings in: {n['written']} (documents read {n['read']}, not findings {n['skipped']}, rejected {n['rejected']})")
    print("out per stage: " + "  ".join(f"{stage} {stats[stage]['written']}" for stage in STAGES))
    d = stats["dedupe"]
    print(f"dedupe: new {d['new']}, changed {d['changed']}, duplicate {d['duplicate']}, stale {d['stale']}")
    severities = severities_of(store)
    if severities:
        print("by severity (store): " + "  ".join(f"{label or '?'} {count}" for label, count in severities))
    if routed:
        print("routed per target: " + "  ".join(f"{target} {count}" for target, count in sorted(routed.items()))
              + f"  (no rule matched: {stats['route']['unmatched']})")
    print(f"remediations planned: {sum(playbooks.values())} ({approval} need approval)"
          + ("".join(f"\n  {name} {count}" for name, count in playbooks.most_common())))
    if delivered:
        print("delivered: " + "  ".join(f"{dest} {count}" for dest, count in delivered.items()))
    if rejected:
        print(f"rejected records: {rejected} (see {os.path.join(work, 'dead-letters')})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
