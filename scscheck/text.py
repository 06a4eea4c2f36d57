"""Published text is hostile input for display: the characters a reader cannot see, or that a terminal
acts on, and the ways scscheck keeps them out of what it compares and what it prints.

- `visible`: a name or column name as a reader sees it (invisible characters gone, whitespace one space);
- `shown`: a value inside a one-line message (control, bidi, invisible characters and undecodable bytes
  escaped, long values cut);
- the character classes, for the modules that strip (listings) or escape (raw rows, JSON) them.
"""

import re

# Bidirectional controls: they can reverse what a line shows (U+202E).
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# C0 controls but tab and newline, DEL, C1.
CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Format characters a reader does not see: soft hyphen, zero-width spaces and joiners, fillers, variation
# selectors, byte-order mark, tags.
FORMAT = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2065\u206a-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff"
)
LINE_SEPARATORS = "\u2028\u2029"
# Lone surrogates: undecodable bytes kept by the readers' error handler (U+DC80-U+DCFF) or bad JSON escapes.
SURROGATES = "\ud800-\udfff"

INVISIBLE = re.compile(f"[\t\n{CONTROL}{BIDI}{FORMAT}]")
UNSAFE = re.compile(f"[\t\n{CONTROL}{BIDI}{FORMAT}{LINE_SEPARATORS}{SURROGATES}]")


# What a terminal must not receive from a list or a query (escape sequences, bidi reversal), where line
# breaks and tabs of our own layout are kept.
TERMINAL_UNSAFE = re.compile(f"[{CONTROL}{BIDI}{LINE_SEPARATORS}{SURROGATES}]")


def for_terminal(value: object) -> str:
    """A value as a terminal may show it: escape sequences and bidi controls written out (`\\x1b` as
    `\\u001b`), line breaks kept."""
    return TERMINAL_UNSAFE.sub(escape, str(value))


# Characters json.dumps(ensure_ascii=False) leaves as they are but a terminal would act on.
JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI}{LINE_SEPARATORS}]")


def json_dumps(data: object, indent: int | None = 2) -> str:
    """JSON as scscheck prints it: UTF-8 text with Chinese unescaped, but C1 controls, bidi controls and
    line separators as \\u escapes (the same data, harmless on a terminal)."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible(text: str) -> str:
    """The text as a reader sees it: invisible and control characters dropped, whitespace runs one space."""
    words = text.split()
    if INVISIBLE.search(text):
        words = [w for w in (INVISIBLE.sub("", word) for word in words) if w]
    return " ".join(words)


def escape(match: re.Match[str]) -> str:
    """A character that must not reach a terminal, written out: `\\n`, `\\u202e`, `\\xff` (undecodable)."""
    ch = match.group()
    if "\udc00" <= ch <= "\udcff":  # an undecodable byte kept by the readers' error handler
        return f"\\x{ord(ch) - 0xDC00:02x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or f"\\u{ord(ch):04x}"


def shown(value: object, limit: int = 80) -> str:
    """A value from an untrusted file as it may appear inside a one-line message: unsafe characters
    escaped, cut to `limit` characters with an ellipsis."""
    text = str(value)
    cut = len(text) > limit
    text = UNSAFE.sub(escape, text[:limit])
    return text + "…" if cut else text
