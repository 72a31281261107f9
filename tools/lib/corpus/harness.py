"""The corpus harness (run by tools/corpus): runs the chosen corpus cases against a PostgreSQL
cluster, writes the report, and exits 1 when an in-scope case fails that is not a known failure
(tools/lib/corpus/known-failures.csv, each with its reason), or when a known failure now passes
(so that the list stays true)."""

import argparse
import collections
import concurrent.futures
import csv
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import categories  # noqa: E402
import fixtures  # noqa: E402
import report  # noqa: E402
import runner  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# Roles the fixtures grant to or run as (SOURCES.md lists sqldef's; migra and pgschema need more).
ROLES = ["readonly_user", "app_user", "admin_role", "user-with-dash", "user.with.dot", "user with spaces",
         "CamelCaseUser", "UPPERCASE_USER", "user1", "user2", "user3", "user4", "My User", "reader", "writer",
         "admin", "reader1", "reader2", "writer1", "writer2", "role1", "role2", "power_user", "user@domain.com",
         "schemainspect_test_role", "psqldef_user", "app_role", "app_readonly", "app_admin", "api_user",
         "readonly_role", "test_role", "postgres_user", "testuser"]

# The fast subset: every migra case, and every Nth case of the others in their sorted order
# (a fixed sample that spans every fixture file and category).
FAST_STRIDE = {"pgschema": 5, "sqldef": 9}


def select(cases, full):
    if full:
        return cases
    chosen, seen = [], collections.Counter()
    for case in cases:
        stride = FAST_STRIDE.get(case.source, 1)
        if seen[case.source] % stride == 0:
            chosen.append(case)
        seen[case.source] += 1
    return chosen


def known_failures():
    path = os.path.join(HERE, "known-failures.csv")
    known = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                known[(row["source"], row["case"])] = row["reason"]
    return known


def create_roles(cluster):
    statements = ["DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN "
                  "CREATE ROLE \"%s\" LOGIN; END IF; END$$;" % (r.replace("'", "''"), r.replace('"', '""'))
                  for r in ROLES]
    result = cluster.psql(cluster.url, "\n".join(statements))
    if result.returncode != 0:
        raise SystemExit("corpus: cannot create the fixtures' roles: " + result.stderr.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--schemac", required=True)
    parser.add_argument("--url", required=True, help="a superuser URL of the cluster to use")
    parser.add_argument("--out", required=True)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--only", default="", help="run only cases whose source/case contains this text")
    parser.add_argument("--category", default="",
                        help="run only cases of this feature category (categories.py: grant, policy/rls, ...), "
                             "from every case, not the fast subset")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", default="", help="keep each case's work folder under this directory")
    args = parser.parse_args()

    cluster = runner.Cluster(args.url)
    create_roles(cluster)
    case_runner = runner.CaseRunner(cluster, runner.Schemac(args.schemac), args.keep or None)
    oracle = fixtures.oracle_baseline(args.corpus)
    cases = select(fixtures.all_cases(args.corpus), args.full or bool(args.only) or bool(args.category))
    real = fixtures.realworld_cases(args.corpus) if args.full else []
    if args.only:
        cases = [c for c in cases if args.only in "%s/%s" % c.key]
        real = [c for c in fixtures.realworld_cases(args.corpus) if args.only in "%s/%s" % c.key]
    if args.category:
        cases = [c for c in cases if args.category in categories.categories(c.from_sql, c.to_sql, c.expected_sql)]
        real = []
    started = time.monotonic()

    rows = []
    constructs = collections.defaultdict(lambda: [0, 0])

    def run(case):
        return case, case_runner.run_fixture(case)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for done, (case, outcome) in enumerate(pool.map(run, cases), 1):
            result, reason = outcome.result, outcome.reason
            weak = fixtures.weak_oracle_reason(oracle.get(case.key))
            if weak:
                reason = "%s; schemac: %s%s" % (weak, result, ": " + reason if reason else "")
                result = "weak-oracle"
            elif result == "fail" and case.notes:
                reason = "%s; schemac: %s" % ("; ".join(case.notes), reason)
                result = "out-of-scope"
            rows.append({"source": case.source, "case": case.name, "result": result, "reason": reason,
                         "categories": categories.categories(case.from_sql, case.to_sql, case.expected_sql)})
            for kind, count in outcome.stats.get("unmanaged_kinds", {}).items():
                constructs[kind][0] += 1
                constructs[kind][1] += count
            if result == "fail":
                print("corpus: FAIL %s %s: %s" % (case.source, case.name, reason), flush=True)
            if done % 50 == 0:
                print("corpus: %d/%d cases, %.0f s" % (done, len(cases), time.monotonic() - started), flush=True)

    realworld = []
    for case in real:
        outcome = case_runner.run_realworld(case)
        realworld.append({"source": "realworld", "case": case.name, "result": outcome.result, "reason": outcome.reason,
                          "categories": ["realworld"], "stats": outcome.stats})
        for kind, count in outcome.stats.get("unmanaged_kinds", {}).items():
            constructs[kind][0] += 1
            constructs[kind][1] += count
        print("corpus: realworld %s: %s %s %s" % (case.name, outcome.result, outcome.reason, outcome.stats), flush=True)

    known = known_failures()
    regressions, fixed = [], []
    for r in rows + realworld:
        key = (r["source"], r["case"])
        if r["result"] == "fail":
            if key in known:
                r["reason"] += " (known: %s)" % known[key]
            else:
                regressions.append(r)
        elif key in known and r["result"] == "pass":
            fixed.append(r)
    elapsed = time.monotonic() - started
    mode = "full" if args.full else "fast subset (all migra cases, every %d%s pgschema case, every %d%s sqldef case)" % (
        FAST_STRIDE["pgschema"], "th", FAST_STRIDE["sqldef"], "th")
    if args.only:
        mode += ", only `%s`" % args.only
    if args.category:
        mode = "every %s case" % args.category
    report.write(args.out, rows, realworld, dict(constructs),
                 {"mode": mode, "extra": ", %.0f s on %d workers" % (elapsed, args.jobs)})
    counts = collections.Counter(r["result"] for r in rows + realworld)
    print("corpus: %d cases in %.0f s: %s; report in %s" % (
        len(rows) + len(realworld), elapsed, ", ".join("%s %d" % (k, counts[k]) for k in report.RESULTS),
        os.path.join(args.out, "corpus-report.md")))
    for r in regressions:
        print("corpus: error: in-scope case fails: %s %s: %s" % (r["source"], r["case"], r["reason"]))
    for r in fixed:
        print("corpus: error: %s %s is listed in known-failures.csv but passes now: take it off the list" %
              (r["source"], r["case"]))
    return 1 if regressions or fixed else 0


if __name__ == "__main__":
    sys.exit(main())
