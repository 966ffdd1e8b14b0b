"""Suggestions for an unknown code: the nearest valid codes of a code list, best first.

One rule serves every code list, so users meet the same behaviour everywhere:

1. **Repairs** come first: the valid codes that the input becomes after one obvious fix, in this
   order: surrounding whitespace removed, upper-cased, separators (``.``, ``-``, ``_``, space)
   removed, trailing zeros removed (``"2500"`` is sub-major group ``"25"`` padded to four
   digits, as some survey files store it), and, when the input is longer than every valid
   code, cut to the longest valid prefix (``"25121"`` -> ``"2512"``).
2. **Neighbours** follow: codes of the same length as the input (of any length when none has
   it), ranked by the longest shared leading part, then by edit distance, then by how far apart
   the first differing characters are (``"2517"`` is nearer ``"2519"`` than ``"2511"``), then
   by the code itself. A neighbour must share at least its first character with the input, or
   be within an edit distance of ``max(1, len(code) // 2)`` and start with the same kind of
   character (digit or letter).

At most *limit* codes are returned, without duplicates.

The cost is bounded whatever the input: neighbours are looked for only when the input (after
the repairs) is at most :data:`MAX_NEIGHBOUR_EXCESS` characters longer than the longest valid
code, so a 20,000-character "code" costs the repairs (linear in its length) and nothing more.
:func:`shown_code` cuts a long code for error messages.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

__all__ = [
    "MAX_NEIGHBOUR_EXCESS",
    "MAX_SHOWN_CODE",
    "edit_distance",
    "shared_prefix",
    "shown_code",
    "suggest",
]

#: How much longer than the longest valid code an input may be and still get neighbours.
MAX_NEIGHBOUR_EXCESS = 4
#: The longest code quoted in full in an error message.
MAX_SHOWN_CODE = 40

_SEPARATORS = str.maketrans("", "", ".-_ ")


def shown_code(code: object) -> str:
    """*code* for an error message: a string as it is, anything else as its repr, cut short.

    >>> shown_code("2512"), shown_code(2512), shown_code("9" * 100)[-12:]
    ('2512', '2512', '…(100 chars)')
    """
    text = code if isinstance(code, str) else repr(code)[:200]
    if len(text) > MAX_SHOWN_CODE:
        return f"{text[:MAX_SHOWN_CODE]}…({len(text)} chars)"
    return text


def shared_prefix(a: str, b: str) -> int:
    """The number of leading characters *a* and *b* have in common.

    >>> shared_prefix("2512", "2519"), shared_prefix("2512", "3512")
    (3, 0)
    """
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between *a* and *b* (insertions, deletions, substitutions).

    >>> edit_distance("2512", "2521"), edit_distance("", "abc")
    (2, 3)
    """
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _gap(a: str, b: str) -> int:
    # How far apart the first differing characters are: "2517" is nearer "2519" than "2511".
    n = shared_prefix(a, b)
    if n >= min(len(a), len(b)):
        return 0
    return abs(ord(a[n]) - ord(b[n]))


def _same_kind(a: str, b: str) -> bool:
    # A letter is no near miss for a digit: "1" suggests no ISIC section.
    return a.isdigit() == b.isdigit() and a.isalpha() == b.isalpha()


def _repairs(code: str, longest: int) -> Iterable[str]:
    stripped = code.strip()
    yield stripped
    upper = stripped.upper()
    yield upper
    compact = upper.translate(_SEPARATORS)
    yield compact
    trimmed = compact.rstrip("0")
    if trimmed:
        yield trimmed
    if len(compact) > longest:
        for end in range(longest, 0, -1):
            yield compact[:end]


def suggest(
    code: str,
    valid: Collection[str],
    *,
    limit: int = 5,
    extra: Callable[[str], Iterable[str]] | None = None,
) -> tuple[str, ...]:
    """The nearest codes of *valid* to the unknown *code*, best first (see the module docstring).

    Args:
        code: The code that was not found.
        valid: Every valid code of the list.
        limit: The most suggestions to return.
        extra: Further repairs specific to a code list (e.g. a region's name to its code),
            tried after the generic ones.

    >>> suggest("2517", ["2511", "2512", "2519", "2521", "25"])
    ('2519', '2512', '2511', '2521')
    >>> suggest("2500", ["25", "2511"])
    ('25', '2511')
    """
    found: list[str] = []

    def add(candidate: str) -> None:
        if candidate in valid and candidate not in found:
            found.append(candidate)

    longest = max((len(c) for c in valid), default=0)
    for candidate in _repairs(code, longest):
        add(candidate)
    if extra is not None:
        for candidate in extra(code):  # a suggestion hook, not Django  # nosec B610
            add(candidate)

    key = code.strip().upper().translate(_SEPARATORS) or code
    if len(key) > longest + MAX_NEIGHBOUR_EXCESS:
        return tuple(found[:limit])  # no code is near it: the repairs are all there is
    pool = [c for c in valid if len(c) == len(key)] or list(valid)
    tolerance = max(1, len(key) // 2)
    scored = []
    for candidate in pool:
        prefix = shared_prefix(key, candidate)
        distance = edit_distance(key, candidate)
        if prefix == 0 and (distance > tolerance or not _same_kind(key[:1], candidate[:1])):
            continue
        scored.append((-prefix, distance, _gap(key, candidate), candidate))
    for *_, candidate in sorted(scored):
        if len(found) >= limit:
            break
        add(candidate)
    return tuple(found[:limit])
