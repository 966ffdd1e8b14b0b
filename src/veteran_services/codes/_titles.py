"""Job titles as people write them, matched to ISCO-08 unit groups.

Two tables are read on first use and cached (importing the package reads neither):

- ``data/isco08_zh.csv``: a Chinese title for every ISCO-08 group (through
  :attr:`~veteran_services.codes.isco.Occupation.title_zh`);
- ``data/job_titles_zh.csv``: job titles as district ledgers write them (``保安员``, ``外卖骑手``,
  ``滴滴司机``, ...) and a few English ones, each mapped to a unit group, with its source (the
  project's own mapping, or an occupation name of China's 职业分类大典 2022) and a note where the
  mapping is a judgement call.

:func:`find_occupations` ranks unit groups for a title; :func:`match_occupation` gives a code
only when the best candidate is unambiguous.

>>> [(m.code, m.score, m.method) for m in find_occupations("保安员", limit=1)]
[('5414', 100.0, 'exact')]
>>> match_occupation("顺丰快递员"), match_occupation("司机（货车）"), match_occupation("会计员")
('9621', '8332', None)
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Literal, NamedTuple

from attrs import field, frozen

from veteran_services._checks import checked, whole_number
from veteran_services.codes._labels import Lang
from veteran_services.codes.isco import occupation, occupations

__all__ = [
    "MATCH_MARGIN",
    "MATCH_MIN_SCORE",
    "MAX_TITLE_LENGTH",
    "JobTitle",
    "MatchMethod",
    "MatchSource",
    "OccupationMatch",
    "find_occupations",
    "job_titles",
    "match_occupation",
]

#: Titles are cut to this many characters (after normalising) before matching, so that the
#: cost of a lookup is bounded whatever is pasted into a cell.
MAX_TITLE_LENGTH = 64

#: :func:`match_occupation` accepts a candidate that is not an exact or normalised match only
#: with at least this score ...
MATCH_MIN_SCORE = 80.0
#: ... and at least this lead over the best candidate of another unit group.
MATCH_MARGIN = 10.0

MatchMethod = Literal["exact", "normalised", "variant", "contains", "fuzzy"]
"""How a title matched: ``exact`` (the name as written, surrounding spaces aside),
``normalised`` (equal after folding full-width forms, case, spaces and punctuation),
``variant`` (equal but for a trailing 员/工/师/人员/工人/师傅, or an English plural),
``contains`` (one contains the other: ``小区保安`` contains ``保安``), ``fuzzy`` (similar;
needs the ``match`` extra)."""

MatchSource = Literal["alias", "title"]
"""What matched: an entry of the job-title table (``alias``) or an ISCO-08 title (``title``)."""

_METHOD_RANK: Mapping[str, int] = {
    "exact": 0,
    "normalised": 1,
    "variant": 2,
    "contains": 3,
    "fuzzy": 4,
}
_SCORES: Mapping[str, float] = {"exact": 100.0, "normalised": 99.0, "variant": 95.0}
# A partial or fuzzy match never reaches a variant's score.
_PARTIAL_CAP = 90.0
# Chinese titles are head-final (公交车司机: a driver, of a bus): a name found at the end of
# the title matched the head noun, which counts for more than one found in the middle.
_HEAD_BONUS = 10.0
# Candidates below this score are not returned.
_MIN_SCORE = 50.0
# A part of a title split at punctuation (保安/门卫, 保安（夜班）) scores well below the whole
# title: "司机" alone must not rival "货车司机" for 司机（货车）.
_PART_PENALTY = 15.0
_MAX_PARTS = 4

_SUFFIXES_ZH = ("工作人员", "人员", "工人", "师傅", "员", "工", "师", "者", "手")
_STOPWORDS_EN = frozenset(
    {"a", "an", "and", "or", "of", "the", "in", "for", "to", "other", "related", "excluding"}
    | {"not", "elsewhere", "classified", "nec"}
)
_SEPARATORS = re.compile(r"[\W_]+")
_LATIN = re.compile(r"[a-z0-9]+")


@frozen(kw_only=True)
class JobTitle:
    """One row of the job-title table: a title as people write it and its unit group.

    Attributes:
        title: The title as written (``"外卖骑手"``).
        code: The ISCO-08 unit group (``"9621"``).
        lang: ``"zh"`` or ``"en"``.
        source: ``"own"`` (the project's own mapping) or ``"职业分类大典 2022 (occupation
            name)"`` for a name of China's national occupational classification (the name only;
            its own codes are not recorded).
        note: Why the mapping was chosen where it is a judgement call (starts with
            ``"judgement"``), else empty.
    """

    title: str
    code: str
    lang: Lang
    source: str
    note: str = field(default="")


@frozen(kw_only=True)
class OccupationMatch:
    """One candidate unit group for a job title.

    Attributes:
        code: The ISCO-08 unit group (4 digits).
        title: The group's title in the language searched.
        score: 0 to 100: 100 exact, 99 normalised, 95 variant, at most 90 for a partial or
            fuzzy match.
        matched: The name that matched: an alias from the job-title table or the ISCO-08 title.
        source: ``"alias"`` or ``"title"``.
        method: How it matched (see :data:`MatchMethod`).
    """

    code: str
    title: str
    score: float
    matched: str
    source: MatchSource
    method: MatchMethod


class _Name(NamedTuple):
    key: str
    stem: str
    code: str
    text: str
    source: MatchSource


class _Index(NamedTuple):
    names: tuple[_Name, ...]
    keys: tuple[str, ...]
    by_key: Mapping[str, tuple[_Name, ...]]
    by_stem: Mapping[str, tuple[_Name, ...]]


@checked
@cache
def job_titles(lang: Lang | None = None) -> tuple[JobTitle, ...]:
    """The job-title table (``data/job_titles_zh.csv``), in file order; one language or both.

    >>> len(job_titles()) >= 300
    True
    >>> next(t for t in job_titles("zh") if t.title == "外卖骑手").code
    '9621'
    """
    if lang not in (None, "en", "zh"):
        msg = f"'lang' must be 'en', 'zh' or None, got {lang!r}"
        raise ValueError(msg)
    text = files("veteran_services.codes").joinpath("data", "job_titles_zh.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    every = tuple(
        JobTitle(
            title=row["title"],
            code=row["code"],
            lang="en" if row["lang"] == "en" else "zh",
            source=row["source"],
            note=row["note"],
        )
        for row in rows
    )
    return every if lang is None else tuple(t for t in every if t.lang == lang)


def _parts(text: str, lang: Lang) -> list[str]:
    folded = unicodedata.normalize("NFKC", text[: MAX_TITLE_LENGTH * 4]).casefold()
    if lang == "en":
        tokens = [_singular(t) for t in _LATIN.findall(folded) if t not in _STOPWORDS_EN]
        return [" ".join(tokens)] if tokens else []
    return [part for part in _SEPARATORS.split(folded) if part]


def _singular(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def _key(text: str, lang: Lang) -> str:
    joiner = " " if lang == "en" else ""
    return joiner.join(_parts(text, lang))[:MAX_TITLE_LENGTH]


def _stem(key: str, lang: Lang) -> str:
    if lang == "en":
        return key
    for suffix in _SUFFIXES_ZH:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key[: -len(suffix)]
    return key


@cache
def _index(lang: Lang) -> _Index:
    names: list[_Name] = []
    for row in job_titles(lang):
        key = _key(row.title, lang)
        names.append(_Name(key, _stem(key, lang), row.code, row.title, "alias"))
    for group in occupations(level=4):
        text = group.title_in(lang)
        key = _key(text, lang)
        names.append(_Name(key, _stem(key, lang), group.code, text, "title"))
    by_key: dict[str, list[_Name]] = {}
    by_stem: dict[str, list[_Name]] = {}
    for name in names:
        by_key.setdefault(name.key, []).append(name)
        by_stem.setdefault(name.stem, []).append(name)
    return _Index(
        names=tuple(names),
        keys=tuple(name.key for name in names),
        by_key={k: tuple(v) for k, v in by_key.items()},
        by_stem={k: tuple(v) for k, v in by_stem.items()},
    )


_Scorer = Callable[..., Sequence[tuple[str, float, int]]]


@cache
def _fuzzy(lang: Lang) -> _Scorer | None:
    """rapidfuzz's ``process.extract`` bound to the scorer for *lang*, or None without it."""
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # the optional ``match`` extra is not installed
        return None
    scorer = fuzz.WRatio if lang == "en" else fuzz.ratio

    def extract(
        query: str, choices: Sequence[str], cutoff: float
    ) -> Sequence[tuple[str, float, int]]:
        return process.extract(query, choices, scorer=scorer, score_cutoff=cutoff, limit=None)

    return extract


def _similarity(part: int, whole: int) -> float:
    # The Indel similarity of a string of length *part* contained in one of length *whole*.
    return 200.0 * part / (part + whole)


def _contained(query: str, name: _Name, lang: Lang) -> float:
    """Score of a name found inside the query or the query inside the name; 0 if neither."""
    if lang == "en":
        padded_query, padded_key = f" {query} ", f" {name.key} "
        if padded_key in padded_query:
            bonus = _HEAD_BONUS if padded_query.endswith(padded_key) else 0.0
            return _similarity(len(name.key), len(query)) + bonus
        if padded_query in padded_key:
            bonus = _HEAD_BONUS if padded_key.endswith(padded_query) else 0.0
            return _similarity(len(query), len(name.key)) + bonus
        return 0.0
    for inner in (name.key, name.stem):
        if len(inner) >= 2 and inner in query:
            bonus = _HEAD_BONUS if query.endswith(inner) else 0.0
            return _similarity(len(inner), len(query)) + bonus
    if len(query) >= 2 and query in name.key:
        bonus = _HEAD_BONUS if name.key.startswith(query) else 0.0
        return _similarity(len(query), len(name.key)) + bonus
    return 0.0


def _variants(title: str, lang: Lang) -> list[tuple[str, float]]:
    """The query keys to look up, each with the penalty its score takes."""
    parts = _parts(title, lang)
    joiner = " " if lang == "en" else ""
    whole = joiner.join(parts)[:MAX_TITLE_LENGTH]
    if not whole:
        return []
    variants = [(whole, 0.0)]
    if len(parts) > 1:
        variants += [(part[:MAX_TITLE_LENGTH], _PART_PENALTY) for part in parts[:_MAX_PARTS]]
        # 司机（货车）: the bracket names the kind, which Chinese writes first (货车司机).
        variants.append(((parts[1] + parts[0])[:MAX_TITLE_LENGTH], 0.0))
    return variants


@checked
def find_occupations(
    title: str, *, lang: Lang = "zh", limit: int = 5
) -> tuple[OccupationMatch, ...]:
    """Rank the ISCO-08 unit groups whose names match a job title, best first.

    The title is compared with the job-title table and with the ISCO-08 unit-group titles of
    *lang*. Matches, best first: **exact** (score 100); **normalised** (99: equal after folding
    full-width forms, case, spaces and punctuation, e.g. ``"保安员 "``, ``"ＣＮＣ操作员"``);
    **variant** (95: equal but for a trailing 员/工/师/人员/工人/师傅 or an English plural, e.g.
    ``"仓管"`` for ``仓管员``); **contains** (at most 90: one contains the other, scored by how much
    of the longer one the shorter covers, more when it is the head noun at the end, e.g.
    ``"顺丰快递员"``); **fuzzy** (at most 90: similar spelling, e.g. ``"公交车司机"`` for
    ``公交司机``). A title written in parts (``"保安/门卫"``, ``"司机（货车）"``) is also matched
    part by part. Each unit group appears once, with its best match; candidates below 50 are
    dropped, so an unrelated title gives an empty tuple.

    Fuzzy matching needs the optional ``match`` extra (``pip install
    'veteran-services[match]'``, which installs rapidfuzz); without it the exact, normalised,
    variant and contains matches still work. The cost is bounded for any input: the title is
    cut to :data:`MAX_TITLE_LENGTH` characters and at most six forms of it are looked up, by
    dictionary and substring tests and by rapidfuzz's compiled scorers with a cut-off.

    Args:
        title: The job title as written.
        lang: ``"zh"`` (the default) searches the Chinese table and titles, ``"en"`` the
            English ones; titles in the result are in the same language.
        limit: At most this many candidates (at least 1).

    Raises:
        TypeError: *title* is not a string.
        ValueError: *lang* is not ``"zh"`` or ``"en"``, or *limit* is below 1.

    >>> [(m.code, m.score, m.matched) for m in find_occupations("顺丰快递员", limit=2)]
    [('9621', 85.0, '快递员'), ('4412', 60.0, '快递分拣员')]
    >>> [(m.code, m.method) for m in find_occupations("ＳＥＣＵＲＩＴＹ guard", lang="en")][:1]
    [('5414', 'normalised')]
    """
    written: object = title  # callers without type checking may pass anything
    if not isinstance(written, str):
        msg = f"'title' must be a string, got {title!r} that is a {type(title)!r}"
        raise TypeError(msg)
    if lang not in ("en", "zh"):
        msg = f"'lang' must be 'en' or 'zh', got {lang!r}"
        raise ValueError(msg)
    whole_number(limit, "limit", least=1)
    index = _index(lang)
    best: dict[str, tuple[float, int, int, _Name, MatchMethod]] = {}

    def offer(name: _Name, score: float, method: MatchMethod) -> None:
        score = round(max(0.0, min(score, 100.0)), 1)
        if score < _MIN_SCORE:
            return
        rank = (score, -_METHOD_RANK[method], int(name.source == "alias"))
        held = best.get(name.code)
        if held is None or rank > held[:3]:
            best[name.code] = (*rank, name, method)

    stripped = title.strip()
    for query, penalty in _variants(title, lang):
        for name in index.by_key.get(query, ()):
            exact = name.text == stripped and penalty == 0.0
            method: MatchMethod = "exact" if exact else "normalised"
            offer(name, _SCORES[method] - penalty, method)
        stem = _stem(query, lang)
        if len(stem) >= 2:
            for name in index.by_stem.get(stem, ()):
                if name.key != query:
                    offer(name, _SCORES["variant"] - penalty, "variant")
        for name in index.names:
            score = _contained(query, name, lang)
            if score:
                offer(name, min(score, _PARTIAL_CAP) - penalty, "contains")
        extract = _fuzzy(lang)
        if extract is not None:
            for _, similarity, position in extract(query, index.keys, _MIN_SCORE):
                offer(index.names[position], min(similarity, _PARTIAL_CAP) - penalty, "fuzzy")

    ranked = sorted(best.values(), key=lambda held: (-held[0], -held[1], -held[2], held[3].code))
    return tuple(
        OccupationMatch(
            code=name.code,
            title=occupation(name.code).title_in(lang),
            score=score,
            matched=name.text,
            source=name.source,
            method=method,
        )
        for score, _, _, name, method in ranked[:limit]
    )


@checked
def match_occupation(title: str, *, lang: Lang = "zh") -> str | None:
    """The unit group of a job title when the match is unambiguous, else None.

    Unambiguous means: the best candidate is an exact or normalised match and no other unit
    group matches as well; or its score is at least :data:`MATCH_MIN_SCORE` (80) and at least
    :data:`MATCH_MARGIN` (10) above the best candidate of any other unit group. A reader keeps
    the title in ``occupation_title`` either way, and reports a title without a code as a
    warning with the candidates of :func:`find_occupations`.

    >>> match_occupation("外卖员"), match_occupation("快递"), match_occupation("会计员")
    ('9621', '9621', None)
    """
    candidates = find_occupations(title, lang=lang, limit=2)
    if not candidates:
        return None
    first = candidates[0]
    second = candidates[1].score if len(candidates) > 1 else 0.0
    if first.method in ("exact", "normalised") and first.score > second:
        return first.code
    if first.score >= MATCH_MIN_SCORE and first.score - second >= MATCH_MARGIN:
        return first.code
    return None
