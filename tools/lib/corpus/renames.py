"""Translates sqldef's rename annotations (`-- @renamed from=old` and `/* @renamed from=old */` in the
desired SQL) into schemac's `@was(old)` directives in the .schema files pulled from TO.

`find_renames(sql)` reads the annotations and says what each one renames: a table, a column, an
index, a constraint, an enum or an enum value. `apply_renames(texts, renames)` adds the directives
to the pulled files (schema text in, schema text out; `schemac fmt` re-aligns them afterwards)."""

import re
from dataclasses import dataclass

ANNOTATION = re.compile(r"@renamed\s+from\s*=\s*(\"(?:[^\"]|\"\")*\"|[^\s*]+)")


@dataclass
class Rename:
    kind: str        # table, column, index, constraint, enum, value
    schema: str      # "" when the SQL does not name one (the default schema)
    owner: str       # the table (for column, constraint, index) or enum (for value); else ""
    name: str        # the new name
    old: str


def identifier(token):
    """A SQL identifier token as PostgreSQL stores it: quoted kept, unquoted folded to lower case."""
    if token.startswith('"'):
        return token[1:-1].replace('""', '"')
    return token.lower()


TOKEN = re.compile(r"""
    (?P<line_comment>--[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>(?:[eE])?'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<punct>[(),;.])
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)


def tokens(sql):
    for m in TOKEN.finditer(sql):
        kind = m.lastgroup
        text = m.group(kind)
        if kind in ("line_comment", "block_comment"):
            found = ANNOTATION.search(text)
            if found:
                yield ("rename", identifier(found.group(1)))
            continue
        yield (kind, text)


def statements(sql):
    current = []
    for t in tokens(sql):
        if t == ("punct", ";"):
            if current:
                yield current
            current = []
        else:
            current.append(t)
    if current:
        yield current


def qualified(toks, i):
    """Reads `name` or `schema.name` at toks[i]; returns (schema, name, next index)."""
    first = identifier(toks[i][1])
    if i + 2 < len(toks) and toks[i + 1] == ("punct", ".") and toks[i + 2][0] in ("word", "quoted"):
        return first, identifier(toks[i + 2][1]), i + 3
    return "", first, i + 1


def words(toks):
    return [t[1].upper() if t[0] == "word" else t[1] for t in toks if t[0] != "rename"]


def find_renames(sql):
    found = []
    for st in statements(sql):
        if not any(t[0] == "rename" for t in st):
            continue
        w = words(st)
        plain = [t for t in st if t[0] != "rename"]
        if w[:2] == ["CREATE", "TABLE"]:
            found += table_renames(st)
        elif w[:2] == ["CREATE", "TYPE"] or (w[:1] == ["CREATE"] and "TYPE" in w[:2]):
            found += enum_renames(st)
        elif w[0] == "CREATE" and "INDEX" in w[:3]:
            i = w.index("INDEX") + 1
            while w[i] in ("CONCURRENTLY", "IF", "NOT", "EXISTS"):
                i += 1
            schema, name, j = qualified(plain, i)
            on = w.index("ON", j)
            if w[on + 1] == "ONLY":
                on += 1
            table_schema, table, _ = qualified(plain, on + 1)
            olds = [t[1] for t in st if t[0] == "rename"]
            found.append(Rename("index", schema or table_schema, table, name, olds[0]))
        elif w[:2] == ["ALTER", "TABLE"] and "CONSTRAINT" in w:
            i = 2
            if w[i] == "ONLY":
                i += 1
            schema, table, _ = qualified(plain, i)
            c = w.index("CONSTRAINT")
            olds = [t[1] for t in st if t[0] == "rename"]
            found.append(Rename("constraint", schema, table, identifier(plain[c + 1][1]), olds[0]))
    return found


def table_renames(st):
    found = []
    plain = [t for t in st if t[0] != "rename"]
    w = words(st)
    j = 2
    while w[j] in ("IF", "NOT", "EXISTS"):
        j += 1
    schema, table, _ = qualified(plain, j)
    depth = 0
    element = []        # tokens of the element being read
    previous = []       # tokens of the last finished element
    for t in st:
        if t[0] == "rename":
            if depth == 0 or (depth == 1 and not element and not previous):
                found.append(Rename("table", schema, "", table, t[1]))
            else:
                target = element or previous
                found += element_rename(schema, table, target, t[1])
            continue
        if t == ("punct", "("):
            depth += 1
            if depth == 1:
                continue
        elif t == ("punct", ")"):
            depth -= 1
            if depth == 0:
                previous, element = element, []
                continue
        if depth == 1 and t == ("punct", ","):
            previous, element = element, []
            continue
        if depth >= 1:
            element.append(t)
    return found


def element_rename(schema, table, element, old):
    if not element:
        return []
    first = element[0][1].upper() if element[0][0] == "word" else None
    if first == "CONSTRAINT" and len(element) > 1:
        return [Rename("constraint", schema, table, identifier(element[1][1]), old)]
    if first in ("PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"):
        return []
    return [Rename("column", schema, table, identifier(element[0][1]), old)]


def enum_renames(st):
    found = []
    plain = [t for t in st if t[0] != "rename"]
    w = words(st)
    schema, name, _ = qualified(plain, w.index("TYPE") + 1)
    last_value = None
    for t in st:
        if t[0] == "string":
            last_value = t[1][1:-1].replace("''", "'")
        elif t[0] == "rename":
            if last_value is None:
                found.append(Rename("enum", schema, "", name, t[1]))
            else:
                found.append(Rename("value", schema, name, last_value, t[1]))
    return found


# ---------------------------------------------------------------- applying them to pulled files

SIMPLE = re.compile(r"^[a-z_][a-z0-9_]*$")


def schema_identifier(name):
    return name if SIMPLE.match(name) else '"%s"' % name.replace('"', '""')


def name_pattern(schema, name):
    """A regex for a (possibly schema-qualified) name as the schema writer spells it."""
    n = re.escape(schema_identifier(name))
    if schema:
        return r"(?:%s\.)?%s" % (re.escape(schema_identifier(schema)), n)
    return r"(?:[^\s.]+\.)?%s" % n


def was(old):
    return "@was(%s)" % schema_identifier(old)


def apply_renames(texts, renames):
    """texts: {file name: .schema text}. Returns (new texts, renames that found no place)."""
    texts = dict(texts)
    missed = []
    for r in renames:
        done = False
        for fname, text in texts.items():
            new = apply_one(text, r)
            if new != text:
                texts[fname] = new
                done = True
                break
        if not done:
            missed.append(r)
    return texts, missed


def apply_one(text, r):
    lines = text.split("\n")
    if r.kind == "table":
        pat = re.compile(r"^(table %s)( \{)" % name_pattern(r.schema, r.name))
        return sub_first(lines, pat, lambda m: "%s %s%s" % (m.group(1), was(r.old), m.group(2)))
    if r.kind == "enum":
        pat = re.compile(r"^(enum %s)( \{)" % name_pattern(r.schema, r.name))
        return sub_first(lines, pat, lambda m: "%s %s%s" % (m.group(1), was(r.old), m.group(2)))
    if r.kind == "value":
        pat = re.compile(r"^(enum %s(?: @was\([^)]*\))? \{)(.*)(\})\s*$" % name_pattern(r.schema, r.owner))
        value = re.escape(schema_identifier(r.name))

        def add(m):
            body = re.sub(r"(?<![^\s,{])(%s)(?=\s*(?:,|$))" % value, r"\1 " + was(r.old).replace("\\", "\\\\"),
                          m.group(2).rstrip(), count=1)
            return m.group(1) + body + " " + m.group(3)
        return sub_first(lines, pat, add)
    # column, index, constraint: inside the table's block
    start = re.compile(r"^table %s(?: @was\([^)]*\))? \{" % name_pattern(r.schema, r.owner))
    for i, line in enumerate(lines):
        if start.match(line):
            for k in range(i + 1, len(lines)):
                if lines[k].startswith("}"):
                    break
                new = inside_table(lines[k], r)
                if new != lines[k]:
                    lines[k] = new
                    return "\n".join(lines)
    return text


def inside_table(line, r):
    n = re.escape(schema_identifier(r.name))
    if r.kind == "column":
        m = re.match(r"^(\s+%s\s+\S.*?)\s*$" % n, line)
        if m and not re.match(r"^\s+(index|unique|check|foreign|primary|comment)\b", line):
            return m.group(1) + " " + was(r.old)
        return line
    if r.kind == "index":
        m = re.match(r"^(\s+(?:unique )?index %s)( .*)$" % n, line)
        return m.group(1) + " " + was(r.old) + m.group(2) if m else line
    # a named constraint: table-level `unique NAME (...)`, `check NAME (...)`, `foreign key NAME (...)`,
    # or a constraint written on a column (`... unique NAME`?) which the writer does not produce for names
    m = re.match(r"^(\s+(?:unique|check|foreign key|primary key|exclude) %s)( .*)$" % n, line)
    return m.group(1) + " " + was(r.old) + m.group(2) if m else line


def sub_first(lines, pattern, replace):
    for i, line in enumerate(lines):
        m = pattern.match(line)
        if m:
            lines[i] = replace(m) + line[m.end():]
            return "\n".join(lines)
    return "\n".join(lines)
