"""`pg_dump --schema-only` restricted to the object kinds schemac manages, in a form where two
databases with the same managed schema compare equal: entries are keyed by pg_dump's own table of
contents comment (`-- Name: x; Type: INDEX; Schema: s; Owner: -`), unmanaged kinds are left out,
and column lines inside CREATE TABLE are sorted (column order may differ: ADD COLUMN appends)."""

import re
import subprocess

# pg_dump entry types whose objects schemac manages. TYPE is kept only for enums, SEQUENCE only
# for sequences owned by a column (serial), COMMENT only on managed kinds, ACL (privileges) only
# on managed kinds (ACL_KINDS); row level security, policies and default privileges are managed.
MANAGED = {"SCHEMA", "EXTENSION", "TYPE", "TABLE", "SEQUENCE", "SEQUENCE OWNED BY", "DEFAULT",
           "CONSTRAINT", "FK CONSTRAINT", "INDEX", "COMMENT", "FUNCTION", "PROCEDURE", "TRIGGER",
           "ROW SECURITY", "POLICY", "ACL", "DEFAULT ACL"}
ACL_KINDS = ("TABLE ", "COLUMN ", "SCHEMA ", "FUNCTION ", "PROCEDURE ", "SEQUENCE ")
MANAGED_COMMENTS = ("TABLE ", "COLUMN ", "SCHEMA ", "FUNCTION ", "PROCEDURE ", "TRIGGER ")
# pg_dump's own lines between entries: comments, session settings, psql's restrict markers.
SESSION_LINES = ("--", "SET ", "SELECT pg_catalog.set_config", "\\restrict", "\\unrestrict")
HEADER = re.compile(r"^-- (?:Data for )?Name: (?P<name>.*); Type: (?P<type>[A-Z ]+); Schema: (?P<schema>[^;]*);")


def dump(url, exclude_schemas=()):
    command = ["pg_dump", "--schema-only", "--no-owner", "--no-tablespaces", "--dbname", url]
    for s in exclude_schemas:
        command += ["--exclude-schema", s]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError("pg_dump failed: " + result.stderr.strip()[:300])
    return result.stdout


def entries(text):
    """[(type, schema, name, body)] in pg_dump's order."""
    found = []
    current = None
    body = []
    for line in text.split("\n"):
        m = HEADER.match(line)
        if m:
            if current:
                found.append(current + ("\n".join(body).strip(),))
            current = (m.group("type"), m.group("schema"), m.group("name"))
            body = []
        elif current is not None and not line.startswith(SESSION_LINES):
            body.append(line)
    if current:
        found.append(current + ("\n".join(body).strip(),))
    return found


def owned_sequences(items):
    owned = set()
    for kind, schema, name, body in items:
        if kind == "SEQUENCE OWNED BY":
            m = re.match(r"ALTER SEQUENCE (\S+) OWNED BY", body)
            if m:
                owned.add(m.group(1))
    return owned


def normalise(kind, body):
    if kind in ("ACL", "DEFAULT ACL"):  # a GRANT per ACL entry, in the order they were granted
        return "\n".join(sorted(body.split("\n")))
    if kind == "TABLE":
        lines = body.split("\n")
        if len(lines) > 2 and lines[0].startswith("CREATE TABLE") and lines[0].endswith("("):
            end = next((i for i in range(len(lines) - 1, 0, -1) if lines[i].startswith(")")), len(lines) - 1)
            columns = sorted(line.strip().rstrip(",") for line in lines[1:end])
            lines = [lines[0]] + ["    " + c for c in columns] + lines[end:]
        return "\n".join(lines)
    return body


RELATION_KINDS = {"view", "materialized view", "foreign table", "composite type", "sequence", "partition",
                  "partitioned table", "inheriting table"}
# Planner statistics targets are tuning, not schema: schemac neither manages nor reports them.
STATISTICS = re.compile(r"^ALTER (?:INDEX|TABLE) .* SET STATISTICS \d+;$", re.MULTILINE)
# Whether a constraint's rows were checked (NOT VALID) is the state of the data, not of the
# schema: schemac builds constraints validated and does not compare it (docs/migrations.md).
NOT_VALID = re.compile(r" NOT VALID;$", re.MULTILINE)
# Storage parameters are a set: PostgreSQL keeps them (and pg_dump writes them) in the order given.
WITH_OPTIONS = re.compile(r"WITH \(([^()]*)\)")
# A check with an array constructor: PostgreSQL stores what an IN list on a varchar column
# becomes, `(ARRAY['a'::character varying])::text[]`, and moves the cast into the elements when
# the check is created again (pg_dump and a restore do the same). In such a check, casts and
# parentheses are not compared (schemac's own comparison, the planner's fingerprint, runs first).
CASTS_AND_PARENTHESES = re.compile(r"::[\w ]+(?:\[\])?|[()]")
ON_TABLE = re.compile(r"(?:ALTER TABLE(?: ONLY)?|ON(?: ONLY)?) (\S+)")


def unmanaged_relations(unmanaged):
    """The schema-qualified names (as pg_dump spells them) of the relations schemac reported as unmanaged."""
    names = set()
    for kind, schema, name in unmanaged:
        if kind in RELATION_KINDS:
            names.add("%s.%s" % (schema, name))
    return names


def belongs_to_unmanaged(kind, schema, name, body, unmanaged, relations):
    if kind in ("TABLE", "SEQUENCE", "SEQUENCE OWNED BY") and "%s.%s" % (schema, name) in relations:
        return True
    if kind in ("INDEX", "CONSTRAINT", "FK CONSTRAINT", "DEFAULT", "ROW SECURITY", "POLICY"):
        m = ON_TABLE.search(body)
        if m and m.group(1).replace('"', "") in relations:
            return True
    if kind == "CONSTRAINT" and any(k == "exclusion constraint" and s == schema and name.endswith(" " + n)
                                    for k, s, n in unmanaged):
        return True
    # A function pull reported as unmanaged (one over an unmanaged relation's row type): neither
    # schemac nor the hand-written migrations build it (see prerequisites).
    if kind in ("FUNCTION", "PROCEDURE") and any(k in ("function", "procedure") and s == schema and
                                                 n.split("(")[0] == name.split("(")[0] for k, s, n in unmanaged):
        return True
    if kind == "ACL":  # pg_dump's name: "TABLE t", "COLUMN t.c", "FUNCTION f(integer)", "SEQUENCE s"
        what, _, object_name = name.partition(" ")
        if what in ("TABLE", "SEQUENCE") and "%s.%s" % (schema, object_name.replace('"', "")) in relations:
            return True
        if what == "COLUMN" and "%s.%s" % (schema, object_name.rsplit(".", 1)[0].replace('"', "")) in relations:
            return True
        if what in ("FUNCTION", "PROCEDURE") and any(
                k in ("function", "procedure") and s == schema and n.split("(")[0] == object_name.split("(")[0]
                for k, s, n in unmanaged):
            return True
    if kind == "TRIGGER":  # pg_dump's name: "table trigger"; a trigger on an unmanaged relation is unmanaged too
        m = ON_TABLE.search(body)
        if m and m.group(1).replace('"', "") in relations:
            return True
        if any(k == "trigger" and s == schema and name.endswith(" " + n) for k, s, n in unmanaged):
            return True
    return False


COLLATE = re.compile(r' COLLATE (?:"[^"]*"|\S+)\.?(?:"[^"]*")?')


SET_DEFAULT = re.compile(r"^ALTER TABLE (?:ONLY )?(\S+) ALTER COLUMN (\S+) SET DEFAULT (.*);$", re.DOTALL)


def inline_defaults(items):
    """pg_dump writes a column's default as its own entry when the default uses a sequence the
    column owns, and inside CREATE TABLE otherwise: both become the CREATE TABLE form."""
    defaults, rest = {}, []
    for item in items:
        m = SET_DEFAULT.match(item[3]) if item[0] == "DEFAULT" else None
        if m:
            defaults.setdefault(m.group(1), {})[m.group(2)] = m.group(3)
        else:
            rest.append(item)
    out = []
    for kind, schema, name, body in rest:
        columns = defaults.get("%s.%s" % (schema, name)) or defaults.get("%s.%s" % (quote(schema), quote(name)))
        if kind == "TABLE" and columns:
            lines = body.split("\n")
            for i, line in enumerate(lines):
                column = line.strip().split(" ")[0]
                if i > 0 and column in columns:
                    comma = line.endswith(",")
                    text = line.rstrip(",")
                    head, not_null, _ = text.partition(" NOT NULL")
                    lines[i] = head + " DEFAULT " + columns[column] + (" NOT NULL" if not_null else "") + ("," if comma else "")
            body = "\n".join(lines)
        out.append((kind, schema, name, body))
    return out


def quote(name):
    return name if re.match(r"^[a-z_][a-z0-9_$]*$", name) else '"%s"' % name.replace('"', '""')


def managed(text, unmanaged=()):
    """The managed part of a pg_dump, as a sorted list of entry texts. `unmanaged` lists the
    (kind, schema, name) objects schemac reported as unmanaged: their entries are left out, and
    column collations (an unmanaged attribute) are not compared."""
    items = inline_defaults(entries(text))
    owned = owned_sequences(items)
    relations = unmanaged_relations(unmanaged)
    for kind, schema, name, body in items:  # sequences owned by an unmanaged table go with it
        m = re.match(r"ALTER SEQUENCE (\S+) OWNED BY (\S+)\.[^.]+;", body) if kind == "SEQUENCE OWNED BY" else None
        if m and m.group(2).replace('"', "") in relations:
            relations.add(m.group(1).replace('"', ""))
    kept = []
    for kind, schema, name, body in items:
        if kind not in MANAGED:
            continue
        if belongs_to_unmanaged(kind, schema, name, body, unmanaged, relations):
            continue
        body = STATISTICS.sub("", body).strip()
        if kind in ("CONSTRAINT", "FK CONSTRAINT"):
            body = NOT_VALID.sub(";", body)
        if kind == "TABLE":
            body = COLLATE.sub("", body)
        if kind in ("TABLE", "CONSTRAINT"):
            body = "\n".join(CASTS_AND_PARENTHESES.sub("", line) if " CHECK " in line and "ARRAY[" in line else line
                              for line in body.split("\n"))
        if kind in ("TABLE", "INDEX", "CONSTRAINT"):
            body = WITH_OPTIONS.sub(lambda m: "WITH (%s)" % ", ".join(sorted(m.group(1).split(", "))), body)
        if kind == "TYPE" and "AS ENUM" not in body:
            continue
        if kind == "COMMENT" and not name.startswith(MANAGED_COMMENTS):
            continue
        if kind == "ACL" and not name.startswith(ACL_KINDS):
            continue
        if kind == "SEQUENCE":
            m = re.match(r"CREATE SEQUENCE (\S+)", body)
            if not m or m.group(1) not in owned:
                continue
        if kind == "TABLE" and not body.startswith("CREATE TABLE"):
            continue
        kept.append("-- %s %s.%s\n%s" % (kind, schema, name, normalise(kind, body)))
    return sorted(kept)


def differences(a_text, b_text, unmanaged=(), limit=6):
    """Lines of a readable difference between two managed dumps ([] when equal)."""
    a, b = managed(a_text, unmanaged), managed(b_text, unmanaged)
    if a == b:
        return []
    only_a = [e for e in a if e not in b]
    only_b = [e for e in b if e not in a]
    out = []
    for e in only_a[:limit]:
        out.append("migrated: " + one_line(e))
    for e in only_b[:limit]:
        out.append("target:   " + one_line(e))
    return out


def one_line(entry):
    return re.sub(r"\s+", " ", entry)[:240]


# Unmanaged kinds that managed objects can use (an index using an operator class, a column default
# taking a free sequence's next value): a project adopting schemac keeps them in a hand-written
# migration that runs before its tables are created. Functions, procedures and triggers are
# managed: pulled, generated and created by schemac itself, never part of it (but a function pull
# reported as unmanaged).
PREREQUISITES = {"FUNCTION", "AGGREGATE", "PROCEDURE", "COLLATION", "OPERATOR", "OPERATOR CLASS", "OPERATOR FAMILY",
                 "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY", "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE",
                 "CAST", "SEQUENCE"}


def prerequisites(text, unmanaged=()):
    """The SQL of the dump's unmanaged objects that managed ones may use, in pg_dump's order,
    with pg_dump's own session settings (function bodies are not checked when created). A
    sequence a column owns is serial's, except those pull reported (in `unmanaged`): it read
    their columns' defaults as written, so the sequences must exist before the tables. An object
    that names a function schemac manages (an operator over it) cannot be created before
    schemac's migration creates that function: it goes in a second hand-written migration, run
    after. Returns the SQL before, the SQL after ("" when nothing is needed), and how many
    entries of each pg_dump kind they hold."""
    items = entries(text)
    reported = unmanaged_relations(unmanaged)
    owned = {o for o in owned_sequences(items) if o.replace('"', "") not in reported}
    # Functions and procedures only when something else here names them: one that takes or
    # returns a table's row type cannot be created before the tables (musicbrainz has some),
    # and what no table uses is not needed to build the managed objects.
    # A function a needed function calls is needed too (to a fixed point).
    users = " ".join(body for kind, _, _, body in items
                     if kind in MANAGED or (kind in PREREQUISITES and kind not in ("FUNCTION", "PROCEDURE")))
    reported_functions = {(schema, name.split("(")[0]) for kind, schema, name in unmanaged
                          if kind in ("function", "procedure")}
    functions = [(name.split("(")[0], body) for kind, schema, name, body in items
                 if kind in ("FUNCTION", "PROCEDURE") and (schema, name.split("(")[0]) in reported_functions]
    needed = set()
    while True:
        more = {name for name, body in functions
                if name not in needed and re.search(r"\b%s\b" % re.escape(name), users)}
        if not more:
            break
        needed |= more
        users += " ".join(body for name, body in functions if name in more)
    managed_functions = {name.split("(")[0] for kind, schema, name, _ in items
                         if kind in ("FUNCTION", "PROCEDURE") and (schema, name.split("(")[0]) not in reported_functions}
    out = ["SET check_function_bodies = false;"]
    after = list(out)
    counts = {}
    for kind, schema, name, body in items:
        if kind not in PREREQUISITES:
            continue
        if kind == "SEQUENCE":
            # schemac manages free sequences: only one pull reported as unmanaged (an unlogged one)
            # is written by hand.
            m = re.match(r"CREATE (?:UNLOGGED )?SEQUENCE (\S+)", body)
            if not m or m.group(1) in owned or m.group(1).replace('"', "") not in reported:
                continue
        if kind in ("FUNCTION", "PROCEDURE") and (name.split("(")[0] not in needed or
                                                  (schema, name.split("(")[0]) not in reported_functions):
            continue
        # A function over an unmanaged relation's row type (musicbrainz's partitioned tables) can
        # be built by neither migration: the relation is left out of the comparison, and so is it.
        if kind in ("FUNCTION", "PROCEDURE") and any(
                re.search(r"(?<![\w.])%s\b" % re.escape(r), body) for r in reported):
            continue
        uses_managed = kind not in ("FUNCTION", "PROCEDURE") and any(
            re.search(r"\b%s\b" % re.escape(f), body) for f in managed_functions)
        (after if uses_managed else out).append(body)
        counts[kind] = counts.get(kind, 0) + 1

    def script(statements):
        return "\n\n".join(statements) + "\n" if len(statements) > 1 else ""
    return script(out), script(after), counts
