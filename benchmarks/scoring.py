"""What the decoder benchmarks share: timing one call, percentiles, and scoring a BoofCV photo.

A module of its own, with no import of the package, so that ``decode_budget.py`` can measure an old
checkout (``PYTHONPATH``) with the same scoring as ``bench_decoders.py``.
"""

from __future__ import annotations

import time


def timed(fn, arg):
    """(what ``fn(arg)`` returned, milliseconds it took)."""
    start = time.perf_counter()
    out = fn(arg)
    return out, (time.perf_counter() - start) * 1000


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def spellings(rows):
    """Every text's other spellings of the same bytes (UTF-8 or Shift-JIS), gathered over the whole
    manifest: one photo may list only one spelling of a code whose other spelling another lists."""
    same: dict = {}
    for row in rows:
        for code in row["codes"]:
            if code["text"]:
                group = {code["text"], *code["alts"]}
                for text in group:
                    same.setdefault(text, set()).update(group)
    return same


def score(codes, got, same=None):
    """(known codes, read, wrong) for one picture: a code counts as read when its text or one of its
    other spellings was decoded; a decoded text that is none of them is wrong, unless the picture
    holds a code nobody could read (it may be that one)."""
    got = {t.replace("\r\n", "\n") for t in got}
    same = same or {}
    known = [c for c in codes if c["text"]]
    forms = [same.get(c["text"], set()) | {c["text"], *c["alts"]} for c in known]
    all_spellings = set().union(*forms) if forms else set()
    read = sum(1 for f in forms if f & got)
    wrong = len(got - all_spellings) if all(c["text"] for c in codes) else 0
    return len(known), read, wrong
