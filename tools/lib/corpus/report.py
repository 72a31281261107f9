"""Writes the corpus report: corpus-report.csv (one row per case: source,case,categories,result,reason)
and corpus-report.md (counts per source and per feature category, the reasons for everything
that is not a pass, the real production schemas with times and sizes, and the constructs the
corpus uses that the .schema language does not have)."""

import collections
import csv
import os
import re

RESULTS = ("pass", "fail", "out-of-scope", "weak-oracle")


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["source", "case", "categories", "result", "reason"])
        for r in rows:
            writer.writerow([r["source"], r["case"], " ".join(r["categories"]), r["result"], r["reason"]])


def count_table(title, key_rows):
    lines = ["| %s | cases | pass | fail | out-of-scope | weak-oracle | in-scope pass rate |" % title,
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key, rows in key_rows:
        counts = collections.Counter(r["result"] for r in rows)
        in_scope = counts["pass"] + counts["fail"]
        rate = "%.1f%%" % (100.0 * counts["pass"] / in_scope) if in_scope else "-"
        lines.append("| %s | %d | %d | %d | %d | %d | %s |" % (key, len(rows), counts["pass"], counts["fail"],
                                                              counts["out-of-scope"], counts["weak-oracle"], rate))
    return lines


def reason_class(reason):
    """A reason with the case-specific details removed, to group out-of-scope cases."""
    text = re.sub(r"\(.*", "", reason).strip()
    text = re.sub(r":.*", "", text).strip()
    return text or reason


def write_markdown(path, rows, realworld, constructs, meta):
    out = ["# schemac corpus report", ""]
    out.append("Run: %s. %d cases%s. Each fixture pair: FROM loaded into A and TO into B, both pulled, the "
               "fixture's `@renamed` annotations written as `@was`, `generate` (baselined on A) then `migrate` A, "
               "then A compared with B through a second `schemac pull` and through the managed part of "
               "`pg_dump --schema-only` (column order ignored)." % (meta["mode"], len(rows), meta.get("extra", "")))
    out.append("")
    out.append("Results: **pass** (A matches B), **fail** (a schemac bug, or a harness gap, named in the reason), "
               "**out-of-scope** (the case needs what the .schema language does not describe, or does not load on "
               "PostgreSQL 15; the managed part is still checked where the case loads), **weak-oracle** (the peer "
               "tool's own expected migration does not reproduce TO on PostgreSQL 15, per ORACLE_BASELINE.csv; "
               "schemac's own outcome is in the reason).")
    out.append("")
    out.append("## Per source")
    out.append("")
    by_source = collections.OrderedDict()
    for r in rows:
        by_source.setdefault(r["source"], []).append(r)
    out += count_table("source", by_source.items())
    out.append("")
    out.append("## Per feature category")
    out.append("")
    by_category = collections.defaultdict(list)
    for r in rows:
        for c in r["categories"]:
            by_category[c].append(r)
    out += count_table("category", sorted(by_category.items()))
    out.append("")
    failures = [r for r in rows if r["result"] == "fail"]
    out.append("## Failures (%d)" % len(failures))
    out.append("")
    if not failures:
        out.append("None.")
    for r in failures:
        out.append("- `%s` %s: %s" % (r["source"], r["case"], r["reason"]))
    out.append("")
    out.append("## Out of scope, by reason")
    out.append("")
    groups = collections.Counter(reason_class(r["reason"]) for r in rows if r["result"] == "out-of-scope")
    out.append("| reason | cases |")
    out.append("| --- | ---: |")
    for reason, n in groups.most_common():
        out.append("| %s | %d |" % (reason.replace("|", "\\|"), n))
    out.append("")
    weak = [r for r in rows if r["result"] == "weak-oracle"]
    out.append("## Weak oracle (%d), counted apart" % len(weak))
    out.append("")
    schemac_says = collections.Counter(r["reason"].split("schemac: ")[-1].split(":")[0] for r in weak)
    out.append("schemac's own outcome on these: " + ", ".join("%s %d" % (k, n) for k, n in sorted(schemac_says.items())))
    out.append("")
    if realworld:
        out.append("## Real production schemas")
        out.append("")
        out.append("Loaded, pulled, generated from empty, verified (`schemac verify`: replayed in a scratch database "
                   "and compared with the snapshot), migrated into a fresh database, compared. Times in seconds. "
                   "Functions (and procedures) and triggers are those schemac manages: pulled, generated and "
                   "created by it. Hand-written prerequisites: what a migration written by hand before the tables "
                   "must create for the managed objects to build (\"none\": schemac's migrations build everything).")
        out.append("")
        out.append("| schema | result | SQL bytes | .schema bytes | migration bytes | functions | triggers | "
                   "hand-written prerequisites | unmanaged | load | pull | generate | verify | migrate | notes |")
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in realworld:
            s = r["stats"]
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                r["case"], r["result"], s.get("sql_bytes", ""), s.get("schema_bytes", ""),
                s.get("migration_bytes", ""), s.get("functions", ""), s.get("triggers", ""),
                s.get("prerequisites", ""), s.get("unmanaged", ""), s.get("load_s", ""), s.get("pull_s", ""),
                s.get("generate_s", ""), s.get("verify_s", ""), s.get("migrate_s", ""), r["reason"].replace("|", "\\|")))
        out.append("")
    if constructs:
        out.append("## Constructs the corpus uses that the .schema language does not have")
        out.append("")
        out.append("Objects schemac reported as unmanaged across all databases loaded in this run (cases counted once "
                   "per kind). Listed, not added.")
        out.append("")
        out.append("| construct | cases using it | objects |")
        out.append("| --- | ---: | ---: |")
        for kind, (cases, objects) in sorted(constructs.items(), key=lambda kv: -kv[1][0]):
            out.append("| %s | %d | %d |" % (kind, cases, objects))
        out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def write(directory, rows, realworld, constructs, meta):
    os.makedirs(directory, exist_ok=True)
    write_csv(os.path.join(directory, "corpus-report.csv"), rows + realworld)
    write_markdown(os.path.join(directory, "corpus-report.md"), rows, realworld, constructs, meta)
