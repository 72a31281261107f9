"""Reads the corpus (../shared/corpus) into cases: the fixture pairs of migra, pgschema and sqldef,
and the real production schemas. Reads only; nothing here touches a database."""

import csv
import glob
import os
import re
from dataclasses import dataclass, field

import yaml


@dataclass
class Case:
    source: str                 # migra, pgschema, sqldef, realworld
    name: str
    from_sql: str = ""          # the schema to start from ("" = an empty database)
    to_sql: str = ""            # the schema to reach
    expected_sql: str = ""      # the peer tool's own expected migration ("" = none given)
    setup_sql: str = ""         # run in both databases before FROM / TO (pgschema's setup.sql)
    search_path: str = ""       # a default schema the fixture assumes (sqldef's `user:` cases)
    load_files: list = field(default_factory=list)  # realworld: files loaded in order
    notes: list = field(default_factory=list)       # why a case cannot be run as written

    @property
    def key(self):
        return (self.source, self.name)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def migra_cases(corpus):
    cases = []
    for d in sorted(glob.glob(os.path.join(corpus, "migra/tests/FIXTURES/*/"))):
        name = os.path.basename(os.path.dirname(d))
        cases.append(Case("migra", name, read(d + "a.sql"), read(d + "b.sql"), read(d + "expected.sql")))
    return cases


def pgschema_cases(corpus):
    cases = []
    root = os.path.join(corpus, "pgschema/testdata/diff")
    for d in sorted(glob.glob(os.path.join(root, "*/*/"))):
        name = os.path.relpath(d, root).rstrip("/")
        setup = read(d + "setup.sql") if os.path.exists(d + "setup.sql") else ""
        expected = read(d + "plan.sql") if os.path.exists(d + "plan.sql") else ""
        cases.append(Case("pgschema", name, read(d + "old.sql"), read(d + "new.sql"), expected, setup))
    return cases


def sqldef_cases(corpus):
    cases = []
    for path in sorted(glob.glob(os.path.join(corpus, "sqldef/cmd/psqldef/tests_*.yml"))):
        with open(path, encoding="utf-8") as f:
            suite = yaml.safe_load(f)
        for name, spec in suite.items():
            case = Case("sqldef", "%s:%s" % (os.path.basename(path), name), spec.get("current") or "", spec.get("desired") or "", spec.get("up") or "")
            if spec.get("user"):
                case.search_path = spec["user"]
            if spec.get("error"):
                case.notes.append("the fixture expects the tool to refuse (%s)" % spec["error"].strip().splitlines()[0])
            if spec.get("flavor"):
                case.notes.append("needs the %s flavour (an extension not packaged for Debian 12)" % spec["flavor"])
            if spec.get("min_version") and float(str(spec["min_version"]).split(".")[0]) > 15:
                case.notes.append("needs PostgreSQL %s" % spec["min_version"])
            if spec.get("enable_drop") is False:
                case.notes.append("sqldef run without drops (enable_drop: false)")
            if spec.get("manage"):
                case.notes.append("sqldef run with `manage:` filters")
            if spec.get("offline"):
                case.notes.append("sqldef offline mode")
            cases.append(case)
    return cases


# Real production schemas: how each is loaded (files in order, a schema and search_path first).
REALWORLD = [
    ("lago-api", ["realworld/lago-api/db/structure.sql"], ""),
    ("danbooru", ["realworld/danbooru/db/structure.sql"], ""),
    ("gisia", ["realworld/gisia/db/structure.sql"], ""),
    ("musicbrainz", ["realworld/musicbrainz-server/admin/sql/%s.sql" % f for f in (
        "Extensions", "CreateCollations", "CreateTypes", "CreateTables", "CreatePrimaryKeys",
        "CreateSearchConfiguration", "CreateFunctions", "CreateIndexes", "CreateFKConstraints",
        "CreateConstraints", "CreateViews", "CreateTriggers", "CreateSearchIndexes")], "musicbrainz"),
    ("openstreetmap", ["realworld/openstreetmap-website/db/structure.sql"], ""),
    ("feedbin", ["realworld/feedbin/db/structure.sql"], ""),
    ("pagila", ["realworld/pagila/pagila-schema.sql"], ""),
    ("synapse", ["realworld/synapse/synapse/storage/schema/main/full_schemas/72/full.sql.postgres"], ""),
]


def realworld_cases(corpus):
    cases = []
    for name, files, schema in REALWORLD:
        paths = [os.path.join(corpus, f) for f in files]
        if all(os.path.exists(p) for p in paths):
            case = Case("realworld", name, load_files=paths, search_path=schema)
            cases.append(case)
    return cases


def all_cases(corpus):
    return migra_cases(corpus) + pgschema_cases(corpus) + sqldef_cases(corpus)


def oracle_baseline(corpus):
    """(source, case) -> the row of ORACLE_BASELINE.csv: does the peer's own expected migration
    reproduce TO on PostgreSQL 15?"""
    rows = {}
    path = os.path.join(corpus, "ORACLE_BASELINE.csv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rows[(row["source"], row["case"])] = row
    return rows


def weak_oracle_reason(row):
    """Why the peer's own expected migration does not reproduce TO, or None when it does (or when
    there is no expected migration, so that TO itself is the only oracle)."""
    if row is None or row.get("expected") != "yes":
        return None
    applies = row.get("expected_applies", "")
    if not applies:  # FROM or TO did not load, so the baseline could not try the expected migration
        return None
    if applies != "yes":
        return "the peer's expected migration fails on PostgreSQL 15 (%s)" % re.sub(r"\s+", " ", applies)[:120]
    if row.get("dump_match") not in ("yes", "colorder-only"):
        return "the peer's expected migration does not reproduce TO (pg_dump differs)"
    return None
