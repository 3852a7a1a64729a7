"""Chinese typesetting in what the window and the services say (GB/T 15834/15835 practice): no
space between a Chinese character and a number — "应到44人", "共3条", never "应到 44 人".

Reads the string literals of ui/, services/, commands/ (the CLI's lines for people) and the
domain modules whose messages the window shows, and fails on a space between Chinese and a
digit or a numeric placeholder. A placeholder that holds a word, a name or a path ({name},
{path}, {label}…) may keep its space.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "selfgov_desktop"
NOT_YET: set[str] = set()
DOMAIN_MESSAGES = ["domain/rules.py", "domain/sessions.py", "domain/paper.py", "domain/topics.py",
                   "domain/four_two.py", "domain/evaluation.py", "domain/meetings.py", "domain/roster.py",
                   "domain/roster_rows.py", "domain/idnumber.py", "domain/passwords.py"]

CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
PLACEHOLDER = r"\{[^{}\n]*\}"
BEFORE = re.compile(rf"({CJK}) ({PLACEHOLDER}|\d)")
AFTER = re.compile(rf"({PLACEHOLDER}|\d[\d.,%]*) ({CJK})")
WORDS = re.compile(r"name|path|\bout\b|out\.|value|what|join|key|folder|src|dest|program|user|title|"
                   r"label|sheet|found|when|counts|kind|role|word|text|reason|motion|msg|exc|keep|"
                   r"\bsx\b|file|table|sql|column|col\b|field|header|item|detail|where|place|unit|who|"
                   r"^\{e\}$|error|problem|strerror|parts|names|state|stance|category|source|channel|"
                   r"dir\b|saved|summary|env\.|login|\bside\b|^\{t\}$|ENV_|DEMO_")


def _numeric(piece: str) -> bool:
    # {len(names)} and {a - b} are numbers whatever the words inside them
    return (piece[0].isdigit() or piece.startswith("{len(") or " - " in piece or " + " in piece
            or not WORDS.search(piece))


def _modules() -> list[Path]:
    found = [p for sub in ("ui", "services", "commands") for p in (ROOT / sub).rglob("*.py")
             if "forms/ui_" not in p.as_posix() and "services/demo/" not in p.as_posix()
             and p.relative_to(ROOT).as_posix() not in NOT_YET]
    steps = sorted((ROOT / "domain" / "workflows").glob("*.py"))  # each step's help and checks
    return found + [ROOT / m for m in DOMAIN_MESSAGES] + steps


def spaced_numbers(source: str) -> list[str]:
    """The string literals of `source` with a space between Chinese and a number."""
    bad = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.STRING or tok.string.lstrip("rRbBuUfF").startswith(('"""', "'''")):
            continue  # docstrings are documentation, not messages
        s = tok.string
        hits = [m.group(2) for m in BEFORE.finditer(s)] + [m.group(1) for m in AFTER.finditer(s)]
        if any(_numeric(h) for h in hits):
            bad.append(f"{tok.start[0]}: {s[:80]}")
    return bad


def test_the_checker_sees_a_spaced_number():
    assert spaced_numbers('x = f"应到 {n} 人"\n')
    assert spaced_numbers('x = "共 3 条"\n')
    assert not spaced_numbers('x = f"应到{n}人，已导出到 {path}"\n')
    assert not spaced_numbers('x = "Excel 2.0"\n')


def test_no_message_puts_spaces_around_a_number():
    bad = {}
    for path in _modules():
        hits = spaced_numbers(path.read_text(encoding="utf-8"))
        # the base of a meeting is stored vocabulary ("全体 18 周岁以上居民"), not a message
        hits = [h for h in hits if "周岁以上居民" not in h and "2—3 名代表" not in h]
        if hits:
            bad[path.relative_to(ROOT).as_posix()] = hits
    assert not bad, bad


THOUSANDS = re.compile(r"\{[^{}\n]*:,[^{}\n]*\}")


def test_no_thousands_separator_in_running_text():
    """"在册居民2318人", never "2,318人" (GB/T 15835: no comma grouping in Chinese text): no
    message formats a number with the `:,` separator."""
    assert THOUSANDS.search('f"居民{n:,}人"') and not THOUSANDS.search('f"居民{n}人"')
    bad = {}
    for path in [*_modules(), *sorted((ROOT / "documents").glob("*.py"))]:
        hits = [f"{i}: {line.strip()[:80]}"
                for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if THOUSANDS.search(line)]
        if hits:
            bad[path.relative_to(ROOT).as_posix()] = hits
    assert not bad, bad
