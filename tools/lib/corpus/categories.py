"""Feature categories of a corpus case, read from its FROM, TO and expected SQL (as SOURCES.md counts
them): a case belongs to every category whose pattern its text matches."""

import re

CATEGORIES = [
    ("enum", r"\bas\s+enum\b|\badd\s+value\b"),
    ("rename", r"\brename\b|@renamed"),
    ("index", r"\bcreate\s+(unique\s+)?index\b|\bdrop\s+index\b"),
    ("fk", r"\bforeign\s+key\b|\breferences\b"),
    ("check", r"\bcheck\s*\("),
    ("unique/pk", r"\bunique\b|\bprimary\s+key\b"),
    ("identity", r"\bgenerated\s+(always|by\s+default)\s+as\s+identity\b"),
    ("generated", r"\bgenerated\s+always\s+as\s*\("),
    ("default", r"\bdefault\b"),
    ("not-null", r"\bnot\s+null\b"),
    ("comment", r"\bcomment\s+on\b"),
    ("extension", r"\bcreate\s+extension\b"),
    ("schema", r"\bcreate\s+schema\b"),
    ("type-change", r"\balter\s+column\s+\S+\s+(set\s+data\s+)?type\b"),
    ("partition", r"\bpartition\s+(by|of)\b"),
    ("view", r"\bcreate\s+(or\s+replace\s+)?view\b"),
    ("matview", r"\bmaterialized\s+view\b"),
    ("function", r"\bcreate\s+(or\s+replace\s+)?(function|procedure|aggregate)\b"),
    ("trigger", r"\bcreate\s+(or\s+replace\s+)?(constraint\s+)?trigger\b"),
    ("sequence", r"\bcreate\s+sequence\b|\bserial\b"),
    ("domain", r"\bcreate\s+domain\b"),
    ("policy/rls", r"\bcreate\s+policy\b|\brow\s+level\s+security\b"),
    ("grant", r"\bgrant\b|\brevoke\b|\bdefault\s+privileges\b"),
    ("exclude", r"\bexclude\s+using\b"),
    ("inherits", r"\binherits\s*\("),
]
COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in CATEGORIES]


def categories(*texts):
    text = "\n".join(t for t in texts if t)
    found = [name for name, pattern in COMPILED if pattern.search(text)]
    return found or ["table"]
