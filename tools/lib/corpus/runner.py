"""Runs one corpus case against a PostgreSQL cluster with the schemac binary, the way a user would:
load FROM into database A and TO into database B, `schemac pull` both, add `@was` for the
fixture's rename annotations, `generate` A's schema (baselined on A) and then B's, `migrate` A, and
compare A with B through schemac's introspection (a second pull) and through the managed part of
`pg_dump --schema-only`. A real production schema is loaded, pulled, generated from empty and
migrated into a fresh database, then compared the same way."""

import difflib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

import managed_dump
import renames as rename_annotations

HISTORY_SCHEMA = "schemac_corpus_history"
COMMAND_TIMEOUT = 900


@dataclass
class Outcome:
    result: str                 # pass, fail, out-of-scope
    reason: str = ""
    stats: dict = field(default_factory=dict)


class Cluster:
    """A PostgreSQL cluster reached as a superuser; databases are created and dropped per case."""

    def __init__(self, url):
        self.url = url
        self.base = url.rsplit("/", 1)[0]
        self.counter = 0
        self.lock = threading.Lock()

    def database_url(self, name):
        return "%s/%s" % (self.base, name)

    def psql(self, url, sql=None, path=None, search_path="", stop_on_error=True):
        command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=%d" % stop_on_error, "-d", url]
        if sql is not None:
            command += ["-c", sql]
        if path is not None:
            command += ["-f", path]
        env = dict(os.environ)
        env["PGOPTIONS"] = "-c client_min_messages=warning" + (
            " -c search_path=%s,public" % search_path if search_path else "")
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=COMMAND_TIMEOUT)

    def new_database(self, label):
        with self.lock:
            self.counter += 1
            name = "corpus_%d_%s" % (self.counter, label)
        result = self.psql(self.url, 'CREATE DATABASE "%s"' % name)
        if result.returncode != 0:
            raise RuntimeError("cannot create a database: " + result.stderr.strip())
        return name

    def drop_database(self, name):
        self.psql(self.url, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)

    def load(self, name, sql_text="", files=(), search_path=""):
        """Loads SQL into a database; returns the first error line, or None."""
        url = self.database_url(name)
        if search_path:
            prepared = self.psql(url, 'CREATE SCHEMA IF NOT EXISTS "%s"' % search_path)
            if prepared.returncode != 0:
                return first_error(prepared.stderr)
        paths = list(files)
        temporary = None
        if sql_text:
            temporary = tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False, encoding="utf-8")
            temporary.write(sql_text)
            temporary.close()
            paths.append(temporary.name)
        try:
            for path in paths:
                result = self.psql(url, path=path, search_path=search_path)
                if result.returncode != 0:
                    return first_error(result.stderr) or "psql exit %d" % result.returncode
        finally:
            if temporary:
                os.unlink(temporary.name)
        return None

    def user_schemas(self, name):
        result = self.psql(self.database_url(name),
                           "SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> "
                           "'information_schema' AND nspname <> '%s' ORDER BY 1" % HISTORY_SCHEMA)
        return [line for line in result.stdout.split("\n") if line]


def first_error(stderr):
    for line in stderr.split("\n"):
        if "ERROR:" in line or "error:" in line or "FATAL:" in line:
            return re.sub(r"^psql:[^:]*:\d+: ", "", line).strip()
    lines = [line for line in stderr.split("\n") if line.strip()]
    return lines[0].strip() if lines else None


@dataclass
class Pull:
    exit_code: int
    files: dict            # file name -> text
    unmanaged: list        # (kind, schema, name) for each unmanaged object reported
    errors: list           # error lines (cannot-compare and others)
    stderr: str


UNMANAGED = re.compile(r"^warning: unmanaged: (.*?) \(schemac leaves it alone")
RELATION_KIND = re.compile(r"^(partitioned table|inheriting table|materialized view|foreign table|composite type|row level security|exclusion constraint|"
                           r"column collation|extended statistics|window function|range type|base type|"
                           r"view|sequence|partition|function|procedure|aggregate|trigger|rule|policy|domain|"
                           r"collation|operator) (.*)$")


def split_unmanaged(text):
    m = RELATION_KIND.match(text)
    if not m:
        return ("object", "", text)
    kind, rest = m.group(1), m.group(2)
    name = rest.split(" owned by ")[0].split(" on ")[0].split(" of ")[0].split(" inherits ")[0].split(" collate ")[0].split(" forced")[0]
    if kind in ("function", "procedure", "aggregate", "window function", "operator"):
        name = rest
    schema, dot, bare = name.partition(".")
    if not dot or "(" in schema:
        schema, bare = "public", name
    return (kind, schema.strip('"'), bare.strip('"'))


class Schemac:
    def __init__(self, binary):
        self.binary = binary

    def run(self, *args, cwd=None):
        return subprocess.run([self.binary, *args, "--color", "never"], capture_output=True, text=True, cwd=cwd,
                              timeout=COMMAND_TIMEOUT)

    def same_by_planner(self, url, directory, schemas):
        """Whether schemac's planner finds nothing to change between the database at `url` and
        the .schema files in `directory`: the product's own comparison (expression fingerprints),
        for texts PostgreSQL deparses differently after a round trip."""
        result = self.run("push", "--dry-run", "--database", url, "--schema", directory, "--schemas", *schemas)
        return result.returncode == 0 and "already matches" in result.stderr

    def verify(self, directory, migrations, server_url):
        """`schemac verify`: the migration directory replayed from empty in a scratch database that
        schemac creates (and drops) on the harness's own server, compared with the snapshot."""
        return self.run("verify", "--schema", directory, "--migrations", migrations, "--dev-url", server_url,
                        "--history-schema", HISTORY_SCHEMA, "-q")

    def pull(self, url, directory, schemas):
        result = self.run("pull", "--database", url, "-o", directory, "--force", "--verbose", "--schemas", *schemas)
        files = {}
        if os.path.isdir(directory):
            for f in sorted(os.listdir(directory)):
                if f.endswith(".schema"):
                    with open(os.path.join(directory, f), encoding="utf-8") as handle:
                        files[f] = handle.read()
        unmanaged, errors = [], []
        for line in result.stderr.split("\n"):
            m = UNMANAGED.match(line)
            if m:
                unmanaged.append(split_unmanaged(m.group(1)))
            elif line.startswith("error:") or line.startswith("schemac: error:") or re.match(r"^\S+:\d+:\d+: error:", line):
                errors.append(line)
        return Pull(result.returncode, files, sorted(unmanaged), errors, result.stderr)


def write_files(directory, files):
    os.makedirs(directory, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(text)


def short(text, limit=300):
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[:limit - 3] + "..."


def schemac_error(result, limit=300):
    """The most telling line of a failed schemac command (a CompletedProcess or a Pull)."""
    lines = [line for line in result.stderr.split("\n") if line.strip()]
    for line in lines:
        if "error" in line:
            return short(line, limit)
    return short(lines[0] if lines else "exit %d" % getattr(result, "returncode", getattr(result, "exit_code", 0)), limit)


def migration_versions(directory):
    if not os.path.isdir(directory):
        return []
    return sorted(int(f[:4]) for f in os.listdir(directory) if re.match(r"^\d{4}_.*\.sql$", f))


def describe_unmanaged(objects):
    kinds = count_kinds(objects)
    return ", ".join("%s %s" % (n, k) for k, n in sorted(kinds.items()))


def column_order_ignored(text):
    """A pulled file with the lines inside each table block sorted: ADD COLUMN appends, so column
    order is the one thing a migration may leave different."""
    out, block = [], None
    for line in text.split("\n"):
        if block is not None:
            if line.startswith("}"):
                out += sorted(block) + [line]
                block = None
            else:
                block.append(line)
        else:
            out.append(line)
            if line.startswith("table ") and line.endswith("{"):
                block = []
    return out + (block or [])


def compare_pulls(migrated, target):
    """Differences between the .schema files pulled from the migrated database and from the target."""
    if migrated == target:
        return []
    out = []
    for name in sorted(set(migrated) | set(target)):
        a = column_order_ignored(migrated.get(name, ""))
        b = column_order_ignored(target.get(name, ""))
        if a != b:
            changed = [line for line in difflib.unified_diff(b, a, "target", "migrated", n=0, lineterm="")
                       if line[:1] in "+-" and not line.startswith(("+++", "---"))]
            out.append("%s: %s" % (name, " / ".join(changed[:6])))
    return out


NOT_NULL_REFUSAL = re.compile(r"^(\S+\.schema):(\d+):\d+: error: new column \S+ is NOT NULL, but table", re.MULTILINE)
MISSING_FUNCTION = re.compile(r"function \S+ does not exist")
DEPENDENT = re.compile(r"depends on|other objects depend|because other objects|cannot alter type of a column used by a "
                       r"view or rule|used by a view", re.IGNORECASE)


class CaseRunner:
    def __init__(self, cluster, schemac, keep_dir=None):
        self.cluster = cluster
        self.schemac = schemac
        self.keep_dir = keep_dir

    # ------------------------------------------------------------ fixture pairs
    def run_fixture(self, case):
        work = tempfile.mkdtemp(prefix="schemac-corpus-")
        databases = []
        try:
            a = self.cluster.new_database("a")
            databases.append(a)
            b = self.cluster.new_database("b")
            databases.append(b)
            seen = []
            outcome = self.fixture_steps(case, a, b, work, seen)
            outcome.stats["unmanaged_kinds"] = count_kinds(seen)
            return outcome
        except subprocess.TimeoutExpired as e:
            return Outcome("fail", "timed out: %s" % short(" ".join(e.cmd[:3])))
        except Exception as e:  # a harness defect must show as this case's failure, not end the run
            return Outcome("fail", "harness error: %s: %s" % (type(e).__name__, short(str(e))))
        finally:
            for d in databases:
                self.cluster.drop_database(d)
            self.keep(case, work)

    def keep(self, case, work):
        """Removes a case's work folder, keeping a copy under --keep."""
        if self.keep_dir:
            target = os.path.join(self.keep_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", "%s-%s" % case.key))
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(work, target)
        shutil.rmtree(work, ignore_errors=True)

    def fixture_steps(self, case, a, b, work, seen):
        for db, sql, label in ((a, case.from_sql, "FROM"), (b, case.to_sql, "TO")):
            error = self.cluster.load(db, case.setup_sql + "\n" + sql, search_path=case.search_path)
            if error:
                return Outcome("out-of-scope", "%s does not load on PostgreSQL 15: %s" % (label, short(error, 160)))
        schemas = sorted(set(self.cluster.user_schemas(a)) | set(self.cluster.user_schemas(b)))
        url_a, url_b = self.cluster.database_url(a), self.cluster.database_url(b)
        before = self.schemac.pull(url_a, os.path.join(work, "from"), schemas)
        target = self.schemac.pull(url_b, os.path.join(work, "to"), schemas)
        seen += sorted(set(before.unmanaged) | set(target.unmanaged))
        for pulled, label in ((before, "FROM"), (target, "TO")):
            if pulled.exit_code != 0:
                if "the .schema language cannot describe" in pulled.stderr:
                    return Outcome("out-of-scope", "%s has what the .schema language cannot describe: %s"
                                   % (label, schemac_error(pulled, 200)))
                return Outcome("fail", "pull %s: %s" % (label, short("; ".join(pulled.errors) or pulled.stderr)))

        # The fixture's rename annotations become @was directives in TO's .schema files.
        desired = dict(target.files)
        found = rename_annotations.find_renames(case.to_sql) if "@renamed" in case.to_sql else []
        found = first_per_object(found)
        desired, missed = rename_annotations.apply_renames(desired, found)
        missed = [r for r in missed if still_relevant(r, before.files)]
        if missed:
            return Outcome("fail", "harness: no place for @was in the pulled files: %s" %
                           ", ".join("%s %s" % (r.kind, r.name) for r in missed))
        write_files(os.path.join(work, "desired"), desired)

        migrations = os.path.join(work, "migrations")
        os.makedirs(migrations)
        first = self.schemac.run("generate", "--schema", os.path.join(work, "from"), "--migrations", migrations,
                                 "--name", "from", "-q")
        if first.returncode != 0:
            return Outcome("fail", "generate FROM: " + schemac_error(first))
        versions = migration_versions(migrations)
        history = ["--history-schema", HISTORY_SCHEMA]
        if versions:
            baseline = self.schemac.run("baseline", "--database", url_a, "--migrations", migrations, "--schema",
                                        os.path.join(work, "from"), "--to", str(versions[-1]), "-q",
                                        "--schemas", *schemas, *history)
            if baseline.returncode != 0:
                return Outcome("fail", "baseline on FROM: " + schemac_error(baseline))
        second = self.generate_answering_backfills(work, migrations)
        if second.returncode != 0:
            return Outcome("fail", "generate TO: " + schemac_error(second))
        migrate = self.schemac.run("migrate", "--database", url_a, "--migrations", migrations, "-q", *history)
        if migrate.returncode != 0:
            message = schemac_error(migrate)
            if DEPENDENT.search(migrate.stderr) and (before.unmanaged or target.unmanaged):
                return Outcome("out-of-scope", "an unmanaged object (%s) depends on a changed object: %s"
                               % (describe_unmanaged(before.unmanaged), message))
            exists = re.search(r'relation "([^"]+)" already exists', migrate.stderr)
            if exists and any(n == exists.group(1) for _, _, n in before.unmanaged):
                return Outcome("out-of-scope", "TO makes a table of what FROM has as an unmanaged object: %s" % message)
            if MISSING_FUNCTION.search(migrate.stderr) and any(k == "function" for k, _, _ in target.unmanaged):
                return Outcome("out-of-scope", "TO's managed objects use a function (unmanaged) that FROM does not "
                               "have: %s" % message)
            return Outcome("fail", "migrate: " + message)

        after = self.schemac.pull(url_a, os.path.join(work, "after"), schemas)
        if after.exit_code != 0:
            return Outcome("fail", "pull after migrate: " + short("; ".join(after.errors) or after.stderr))
        problems = compare_pulls(after.files, target.files)
        if problems and not self.schemac.same_by_planner(url_a, os.path.join(work, "to"), schemas):
            return Outcome("fail", "introspection differs: " + short(problems[0], 400))
        # A trigger, rule or policy goes with its table when TO drops the table: not schemac's doing.
        lost = [u for u in before.unmanaged if u not in after.unmanaged
                and not (u not in target.unmanaged and u[0] in ("trigger", "rule", "policy", "row level security"))]
        if lost:
            return Outcome("fail", "unmanaged objects dropped: %s" % ", ".join("%s %s" % (k, n) for k, _, n in lost))
        unmanaged = sorted(set(before.unmanaged) | set(target.unmanaged))
        differences = managed_dump.differences(managed_dump.dump(url_a, [HISTORY_SCHEMA]),
                                               managed_dump.dump(url_b, [HISTORY_SCHEMA]), unmanaged)
        if differences:
            return Outcome("fail", "pg_dump differs: " + short(" | ".join(differences[:2]), 400))
        if before.unmanaged != target.unmanaged:
            return Outcome("out-of-scope", "changes objects schemac does not manage (%s); the managed part matches "
                           "and FROM's unmanaged objects were reported and kept" %
                           describe_unmanaged(sorted(set(before.unmanaged) ^ set(target.unmanaged))))
        note = ""
        if before.unmanaged:
            note = "managed part matches; %s reported as unmanaged and kept" % describe_unmanaged(before.unmanaged)
        return Outcome("pass", note)

    def generate_answering_backfills(self, work, migrations):
        """`generate` of TO. A new NOT NULL column without a default on an existing table is refused
        until the schema says how existing rows get a value; the fixtures' tables are empty, so the
        harness answers as the hint says, with `@backfill(null)` (which fails at migrate if a row
        exists, since SET NOT NULL then finds a null)."""
        desired = os.path.join(work, "desired")
        for _ in range(3):
            result = self.schemac.run("generate", "--schema", desired, "--migrations", migrations, "--name", "to",
                                      "--allow-data-loss", "-q")
            places = NOT_NULL_REFUSAL.findall(result.stderr)
            if result.returncode == 0 or not places:
                return result
            for path, line in sorted(set(places)):
                with open(path, encoding="utf-8") as f:
                    lines = f.read().split("\n")
                lines[int(line) - 1] += " @backfill(null)"
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines))
        return result

    # ------------------------------------------------------------ real production schemas
    def adoption_migrations(self, source_dump, pulled, work, migrations, stats):
        """The migrations a project adopting schemac for this database would have: its schemas,
        extensions and enums; then a hand-written migration (`schemac new`) with the unmanaged
        objects that managed ones use (operators, free sequences...; functions, procedures and
        triggers are schemac's own), only where there are any (stats["prerequisites"] says what it
        holds, or "none"); then the rest; then, by hand again, unmanaged objects over functions
        schemac manages. Returns what went wrong, or None."""
        containers = containers_only(pulled.files)
        steps = []
        if containers:
            write_files(os.path.join(work, "containers"), {"containers.schema": containers})
            steps.append(("generate", os.path.join(work, "containers"), "schemas_and_types"))
        prerequisites, after, kinds = managed_dump.prerequisites(source_dump, pulled.unmanaged)
        stats["prerequisites"] = ", ".join("%d %s" % (n, k.lower()) for k, n in sorted(kinds.items())) or "none"
        if prerequisites:
            steps.append(("new", prerequisites, "unmanaged_prerequisites"))
        steps.append(("generate", os.path.join(work, "schemas"), "tables"))
        if after:  # unmanaged objects over managed functions (an operator): after schemac creates them
            steps.append(("new", after, "unmanaged_after_functions"))
        for kind, what, name in steps:
            if kind == "generate":
                result = self.schemac.run("generate", "--schema", what, "--migrations", migrations, "--name", name, "-q")
            else:
                result = self.schemac.run("new", "--migrations", migrations, "--name", name, "-q")
                if result.returncode == 0:
                    created = [f for f in os.listdir(migrations) if f.endswith("_%s.sql" % name)]
                    with open(os.path.join(migrations, created[0]), "a", encoding="utf-8") as f:
                        f.write(what)
                    result = self.schemac.run("hash", "--migrations", migrations, "-q")
            if result.returncode != 0:
                return "%s %s: %s" % (kind, name, schemac_error(result))
        return None

    def run_realworld(self, case):
        work = tempfile.mkdtemp(prefix="schemac-corpus-")
        databases = []
        stats = {}
        try:
            source = self.cluster.new_database("real")
            databases.append(source)
            started = time.monotonic()
            error = self.cluster.load(source, files=case.load_files, search_path=case.search_path)
            stats["load_s"] = round(time.monotonic() - started, 2)
            stats["sql_bytes"] = sum(os.path.getsize(f) for f in case.load_files)
            if error:
                return Outcome("fail", "does not load completely: " + short(error, 200), stats)
            schemas = self.cluster.user_schemas(source)
            url = self.cluster.database_url(source)
            started = time.monotonic()
            pulled = self.schemac.pull(url, os.path.join(work, "schemas"), schemas)
            stats["pull_s"] = round(time.monotonic() - started, 2)
            stats["schema_bytes"] = sum(len(t) for t in pulled.files.values())
            stats["unmanaged"] = len(pulled.unmanaged)
            stats["unmanaged_kinds"] = count_kinds(pulled.unmanaged)
            stats["functions"], stats["triggers"] = count_code(pulled.files)
            if pulled.exit_code != 0:
                # As for a fixture: a construct the language has no words for (listed, with its
                # count, among the constructs the report names) puts the schema out of scope.
                if "the .schema language cannot describe" in pulled.stderr:
                    return Outcome("out-of-scope", "has what the .schema language cannot describe: "
                                   + schemac_error(pulled, 400), stats)
                return Outcome("fail", "pull: " + schemac_error(pulled, 400), stats)
            migrations = os.path.join(work, "migrations")
            started = time.monotonic()
            target_dump = managed_dump.dump(url, [HISTORY_SCHEMA])
            problem = self.adoption_migrations(target_dump, pulled, work, migrations, stats)
            stats["generate_s"] = round(time.monotonic() - started, 2)
            if problem:
                return Outcome("fail", problem, stats)
            stats["migration_bytes"] = sum(os.path.getsize(os.path.join(migrations, f))
                                           for f in os.listdir(migrations) if f.endswith(".sql"))
            # What a project would run in CI: the directory replayed from empty and compared with the
            # snapshot, before the harness's own migrate of a fresh database.
            started = time.monotonic()
            verified = self.schemac.verify(os.path.join(work, "schemas"), migrations, self.cluster.url)
            stats["verify_s"] = round(time.monotonic() - started, 2)
            if verified.returncode != 0:
                return Outcome("fail", "verify: " + schemac_error(verified, 400), stats)
            fresh = self.cluster.new_database("fresh")
            databases.append(fresh)
            fresh_url = self.cluster.database_url(fresh)
            started = time.monotonic()
            migrate = self.schemac.run("migrate", "--database", fresh_url, "--migrations", migrations, "-q",
                                       "--history-schema", HISTORY_SCHEMA)
            stats["migrate_s"] = round(time.monotonic() - started, 2)
            if migrate.returncode != 0:
                return Outcome("fail", "migrate: " + schemac_error(migrate), stats)
            again = self.schemac.pull(fresh_url, os.path.join(work, "after"), schemas)
            problems = compare_pulls(again.files, pulled.files)
            if problems and self.schemac.same_by_planner(fresh_url, os.path.join(work, "schemas"), schemas):
                stats["note"] = "pulled text differs (%s); schemac's planner finds no change" % short(problems[0], 120)
                problems = []
            if again.exit_code != 0 or problems:
                return Outcome("fail", "introspection differs: " + short((problems or again.errors or [""])[0], 400),
                               stats)
            migrated_dump = managed_dump.dump(fresh_url, [HISTORY_SCHEMA])
            for label, text in (("migrated", migrated_dump), ("target", target_dump)):
                with open(os.path.join(work, "managed-%s.txt" % label), "w", encoding="utf-8") as f:
                    f.write("\n\n".join(managed_dump.managed(text, pulled.unmanaged)))
            differences = managed_dump.differences(migrated_dump, target_dump, pulled.unmanaged)
            if differences:
                return Outcome("fail", "pg_dump differs: " + short(" | ".join(differences[:2]), 400), stats)
            stats["tables"] = sum(t.count("\ntable ") + t.startswith("table ") for t in pulled.files.values())
            note = stats.pop("note", None)
            return Outcome("pass", "managed objects identical; %s left out as unmanaged%s" %
                           (describe_unmanaged(pulled.unmanaged) or "nothing", "; " + note if note else ""), stats)
        except subprocess.TimeoutExpired as e:
            return Outcome("fail", "timed out: %s" % short(" ".join(e.cmd[:3])), stats)
        except Exception as e:
            return Outcome("fail", "harness error: %s: %s" % (type(e).__name__, short(str(e))), stats)
        finally:
            for d in databases:
                self.cluster.drop_database(d)
            self.keep(case, work)


def containers_only(files):
    """The schema, extension and enum declarations of pulled files (enums may span lines)."""
    out, inside = [], False
    for name in sorted(files):
        for line in files[name].split("\n"):
            if inside or line.startswith(("schema ", "extension ", "enum ")):
                out.append(line)
                inside = line.startswith("enum ") and not line.rstrip().endswith("}") or \
                    (inside and not line.startswith("}"))
    return "\n".join(out) + "\n" if out else ""


# Declarations in pulled .schema text: a function or procedure starts a line; a trigger is a line
# inside its table or view.
FUNCTION_LINE = re.compile(r"^(?:function|procedure) ", re.MULTILINE)
TRIGGER_LINE = re.compile(r"^\s+(?:constraint )?trigger ", re.MULTILINE)


def count_code(files):
    """(functions and procedures, triggers) that pull wrote: the ones schemac manages."""
    return (sum(len(FUNCTION_LINE.findall(t)) for t in files.values()),
            sum(len(TRIGGER_LINE.findall(t)) for t in files.values()))


def count_kinds(objects):
    kinds = {}
    for kind, _, _ in objects:
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def first_per_object(found):
    seen, out = set(), []
    for r in found:
        key = (r.kind, r.schema, r.owner, r.name)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def still_relevant(rename, from_files):
    """A rename whose new name cannot be found in TO's pull matters only if the old name exists in FROM."""
    pattern = re.escape(rename_annotations.schema_identifier(rename.old))
    return any(re.search(r"(?<![\w\"])%s(?![\w\"])" % pattern, text) for text in from_files.values())
