"""Regions: administrative divisions with parent links, built in for Nanjing and open to users.

Built in are China's administrative division codes (GB/T 2260, as published by the Ministry of
Civil Affairs) for Jiangsu Province (``"320000"``), Nanjing (``"320100"``) and Nanjing's 11
districts (``"320102"`` Xuanwu ... ``"320118"`` Gaochun), under the country ``"CN"``. The
country uses its ISO 3166-1 alpha-2 code because GB/T 2260 defines no code for the whole
country (the ``"100000"`` or ``"000000"`` seen in some data sets is not part of the standard),
and because a letter code cannot be mistaken for a division code. The data file
``data/regions_cn.csv`` is read on first use.

Users add their own regions (another city, a street office, another country) with
:func:`add_region`. Regions live in a :class:`RegionRegistry`; the module-level functions work on
the *default registry*, which is shared by the whole process (and every thread), so
:func:`add_region` changes what :func:`region` finds everywhere. To keep additions local, either
build your own registry (``RegionRegistry.builtin()``) and call its methods, or work inside
``with isolated_regions():``, which gives the block a private copy of the default registry.

>>> region("320115").name_zh
'江宁区'
>>> [r.code for r in ancestors("320115")]
['320115', '320100', '320000', 'CN']
>>> len(nanjing_districts())
11
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from functools import cache
from importlib.resources import files

from attrs import field, frozen

from veteran_services._checks import checked
from veteran_services.codes._labels import register_labels
from veteran_services.codes._suggest import shown_code, suggest
from veteran_services.errors import InvalidRecordError, UnknownCodeError

__all__ = [
    "REGIONS_SOURCE",
    "REGIONS_VERSION",
    "Region",
    "RegionLevel",
    "RegionRegistry",
    "add_region",
    "ancestors",
    "default_regions",
    "is_region",
    "isolated_regions",
    "nanjing_districts",
    "region",
    "regions",
]

REGIONS_VERSION = "GB/T 2260, 2023"
REGIONS_SOURCE = (
    "Ministry of Civil Affairs of the People's Republic of China, administrative division codes "
    "of the People's Republic of China (GB/T 2260), county level and above, 2023; country code "
    "from ISO 3166-1"
)

_CODE_LIST = "regions"
_NANJING = "320100"


class RegionLevel(StrEnum):
    """The level of a region in the administrative hierarchy, from the country down.

    The value is what goes on the wire. China's names for each level: 国家 (country), 省级
    (province, autonomous region, municipality), 地级 (prefecture-level city), 县级 (district,
    county, county-level city), 乡级 (township, town, street office).
    """

    COUNTRY = "country"
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    DISTRICT = "district"
    TOWNSHIP = "township"

    @property
    def depth(self) -> int:
        """0 for a country, one more for each level down (4 for a township).

        >>> RegionLevel.DISTRICT.depth
        3
        """
        return _DEPTHS[self]


_DEPTHS = {level: depth for depth, level in enumerate(RegionLevel)}

register_labels(
    RegionLevel,
    {
        RegionLevel.COUNTRY: ("Country", "国家"),
        RegionLevel.PROVINCE: ("Province", "省级"),
        RegionLevel.PREFECTURE: ("Prefecture", "地级"),
        RegionLevel.DISTRICT: ("District or county", "县级"),
        RegionLevel.TOWNSHIP: ("Township or street office", "乡级"),
    },
)


def _check_code(field_name: str, value: object) -> None:
    if not isinstance(value, str) or not value or any(ch.isspace() for ch in value):
        msg = f"{field_name!r} must be a non-empty string without whitespace, got {value!r}"
        raise InvalidRecordError(field_name, msg)


def _check_name(field_name: str, value: object) -> None:
    if not isinstance(value, str) or not value or value != value.strip():
        msg = f"{field_name!r} must be non-empty, without surrounding whitespace, got {value!r}"
        raise InvalidRecordError(field_name, msg)


@frozen(kw_only=True)
class Region:
    """One administrative division: a country, province, prefecture, district or township.

    Attributes:
        code: The region's code: a GB/T 2260 code for China's divisions (``"320102"``), an
            ISO 3166-1 code for a country (``"CN"``), or any code a user chooses; non-empty and
            without whitespace.
        name_en: The English name (``"Xuanwu District"``).
        name_zh: The Chinese name (``"玄武区"``).
        level: The region's level in the hierarchy.
        parent: The code of the enclosing region, or None for a root (usually a country).

    >>> Region(code="320102", name_en="Xuanwu District", name_zh="玄武区",
    ...        level=RegionLevel.DISTRICT, parent="320100").parent
    '320100'
    """

    code: str = field()
    name_en: str = field()
    name_zh: str = field()
    level: RegionLevel = field()
    parent: str | None = field(default=None)

    @code.validator
    def _validate_code(self, attribute: object, value: str) -> None:
        _check_code("code", value)

    @name_en.validator
    def _validate_name_en(self, attribute: object, value: str) -> None:
        _check_name("name_en", value)

    @name_zh.validator
    def _validate_name_zh(self, attribute: object, value: str) -> None:
        _check_name("name_zh", value)

    @level.validator
    def _validate_level(self, attribute: object, value: object) -> None:
        if not isinstance(value, RegionLevel):
            choices = ", ".join(repr(level.value) for level in RegionLevel)
            msg = f"'level' must be a RegionLevel ({choices}), got {value!r}"
            raise InvalidRecordError("level", msg)

    @parent.validator
    def _validate_parent(self, attribute: object, value: str | None) -> None:
        if value is None:
            return
        _check_code("parent", value)
        if value == self.code:
            msg = f"'parent' must differ from 'code' ({self.code!r}), got {value!r}"
            raise InvalidRecordError("parent", msg)


class RegionRegistry:
    """A set of regions linked by their parents, in the order they were added.

    Every region's parent is in the registry before the region itself, and every region sits
    deeper in the hierarchy than its parent, so walking up from any region ends at a root.
    A registry is mutable but only grows: regions are added, never changed or removed. It is not
    safe to add regions from several threads at once.

    >>> registry = RegionRegistry.builtin()
    >>> registry.add("320115001", name_en="Dongshan Subdistrict", name_zh="东山街道",
    ...              parent="320115").level
    <RegionLevel.TOWNSHIP: 'township'>
    >>> [r.code for r in registry.ancestors("320115001")]
    ['320115001', '320115', '320100', '320000', 'CN']
    >>> "320115001" in default_regions()
    False
    """

    __slots__ = ("_children", "_regions")

    def __init__(self, regions: Iterable[Region] = ()) -> None:
        """Build a registry from *regions*, each listed after its parent.

        Raises:
            UnknownCodeError: A region's parent is not listed before it.
            InvalidRecordError: A code is listed twice with different details, or a region is
                not deeper than its parent.
        """
        self._regions: dict[str, Region] = {}
        self._children: dict[str, list[str]] = {}
        for item in regions:
            self._insert(item)

    @classmethod
    @checked
    def builtin(cls) -> RegionRegistry:
        """A new registry of the built-in regions only (China, Jiangsu, Nanjing, its districts).

        >>> len(RegionRegistry.builtin())
        14
        """
        return cls(_builtin())

    @checked
    def copy(self) -> RegionRegistry:
        """A new registry with the same regions; adding to either leaves the other alone."""
        return RegionRegistry(self._regions.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._regions

    def __len__(self) -> int:
        return len(self._regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(tuple(self._regions.values()))

    def __repr__(self) -> str:
        return f"<RegionRegistry of {len(self._regions)} regions>"

    @checked
    def region(self, code: str) -> Region:
        """The region with *code*.

        Raises:
            UnknownCodeError: No region has *code*; ``suggestions`` holds repairs (whitespace
                removed, a region named *code*, e.g. ``"南京"`` or ``"Jiangning"``) and then the
                codes sharing the longest leading part with *code*.
        """
        try:
            return self._regions[code]
        except (KeyError, TypeError):
            given = code if isinstance(code, str) else repr(code)[:200]
            raise UnknownCodeError(shown_code(code), _CODE_LIST, self._suggest(given)) from None

    @checked
    def regions(self) -> tuple[Region, ...]:
        """Every region, in the order they were added (parents before children)."""
        return tuple(self._regions.values())

    @checked
    def children(self, code: str) -> tuple[Region, ...]:
        """The regions whose parent is *code*, in the order they were added.

        Raises:
            UnknownCodeError: No region has *code*.

        >>> [r.name_en for r in RegionRegistry.builtin().children("320000")]
        ['Nanjing']
        """
        self.region(code)
        return tuple(self._regions[child] for child in self._children.get(code, ()))

    @checked
    def ancestors(self, code: str) -> tuple[Region, ...]:
        """The region with *code* followed by its parent, its parent's parent, ... up to the root.

        Raises:
            UnknownCodeError: No region has *code*.
        """
        chain = [self.region(code)]
        while (parent := chain[-1].parent) is not None:
            chain.append(self._regions[parent])
        return tuple(chain)

    @checked
    def add(
        self,
        code: str,
        *,
        name_en: str,
        name_zh: str,
        parent: str | None = None,
        level: RegionLevel | None = None,
    ) -> Region:
        """Add a region and return it.

        Args:
            code: The new region's code (non-empty, no whitespace).
            name_en: Its English name.
            name_zh: Its Chinese name.
            parent: The code of the enclosing region, which must already be in the registry;
                None for a new root, such as another country.
            level: The region's level; by default one level below its parent's, or
                ``RegionLevel.COUNTRY`` for a root.

        Adding a region that is already there with exactly the same details does nothing and
        returns it, so setting-up code can run twice.

        Raises:
            UnknownCodeError: *parent* is not in the registry.
            InvalidRecordError: A field is invalid, *code* is already there with different
                details, *level* is not deeper than the parent's, or the parent is a township
                and no *level* can be inferred.
        """
        if level is None:
            level = self._inferred_level(parent)
        return self._insert(
            Region(code=code, name_en=name_en, name_zh=name_zh, level=level, parent=parent)
        )

    def _inferred_level(self, parent: str | None) -> RegionLevel:
        if parent is None:
            return RegionLevel.COUNTRY
        above = self.region(parent).level
        levels = list(RegionLevel)
        if above.depth + 1 >= len(levels):
            msg = (
                f"'level' cannot be inferred below {above.value!r} region {parent!r}; "
                "no level lies deeper"
            )
            raise InvalidRecordError("level", msg)
        return levels[above.depth + 1]

    def _insert(self, new: Region) -> Region:
        existing = self._regions.get(new.code)
        if existing is not None:
            if existing == new:
                return existing
            msg = (
                f"region {new.code!r} is already registered with different details "
                f"({existing!r}); choose another code"
            )
            raise InvalidRecordError("code", msg)
        if new.parent is not None:
            above = self.region(new.parent)
            if new.level.depth <= above.level.depth:
                msg = (
                    f"'level' must lie below the parent's level ({above.level.value!r} for "
                    f"{above.code!r}), got {new.level.value!r}"
                )
                raise InvalidRecordError("level", msg)
            self._children.setdefault(new.parent, []).append(new.code)
        self._regions[new.code] = new
        return new

    def _suggest(self, code: str) -> tuple[str, ...]:
        def by_name(text: str) -> Iterator[str]:
            wanted = text.strip().casefold()
            if not wanted:
                return
            for item in self._regions.values():
                names = (item.name_en.casefold(), item.name_zh.casefold())
                if wanted in names or (
                    len(wanted) >= 2 and any(name.startswith(wanted) for name in names)
                ):
                    yield item.code

        return suggest(code, self._regions.keys(), extra=by_name)


@cache
def _builtin() -> tuple[Region, ...]:
    path = files("veteran_services.codes").joinpath("data", "regions_cn.csv")
    rows = csv.DictReader(path.read_text("utf-8").splitlines())
    return tuple(
        Region(
            code=row["code"],
            name_en=row["name_en"],
            name_zh=row["name_zh"],
            level=RegionLevel(row["level"]),
            parent=row["parent"] or None,
        )
        for row in rows
    )


_override: ContextVar[RegionRegistry | None] = ContextVar("veteran_services_regions", default=None)


@cache
def _process_default() -> RegionRegistry:
    return RegionRegistry.builtin()


@checked
def default_regions() -> RegionRegistry:
    """The registry that the module-level functions use.

    The process-wide registry (built-in regions plus whatever :func:`add_region` added), or,
    inside ``with isolated_regions():``, that block's private registry.
    """
    registry = _override.get()
    return _process_default() if registry is None else registry


@checked
@contextmanager
def isolated_regions(registry: RegionRegistry | None = None) -> Iterator[RegionRegistry]:
    """Use a private default registry inside a ``with`` block (e.g. in a test).

    Args:
        registry: The registry to use; by default a copy of the current default registry.

    The block's additions stay in the block: afterwards the module-level functions see the
    previous default registry again. The switch is made with a context variable, so it applies
    to the current thread or asyncio task only.

    >>> with isolated_regions():
    ...     _ = add_region("320100-test", name_en="Test", name_zh="测试", parent="320100")
    ...     is_region("320100-test")
    True
    >>> is_region("320100-test")
    False
    """
    private = default_regions().copy() if registry is None else registry
    token = _override.set(private)
    try:
        yield private
    finally:
        _override.reset(token)


@checked
def region(code: str) -> Region:
    """The region with *code* in the default registry.

    Raises:
        UnknownCodeError: No region has *code*; ``suggestions`` lists the nearest codes (and the
            code of a region named *code*).

    >>> region("320100").name_en
    'Nanjing'
    >>> region("南京")
    Traceback (most recent call last):
    ...
    veteran_services.errors.UnknownCodeError: '南京' is not a code of regions;
    did you mean '320100'?
    """
    return default_regions().region(code)


@checked
def is_region(code: object) -> bool:
    """Whether *code* is a region of the default registry (any value may be asked: one that is
    not text is no code).

    >>> is_region("320102"), is_region("320103")
    (True, False)
    """
    return isinstance(code, str) and code in default_regions()


@checked
def regions() -> tuple[Region, ...]:
    """Every region of the default registry, parents before children."""
    return default_regions().regions()


@checked
def ancestors(code: str) -> tuple[Region, ...]:
    """The region with *code*, then its parent, and so on up to the root (default registry).

    Lookups that depend on the place (minimum wages, say) walk this chain and use the first
    region that has a value.

    Raises:
        UnknownCodeError: No region has *code*.

    >>> [r.name_en for r in ancestors("320102")]
    ['Xuanwu District', 'Nanjing', 'Jiangsu Province', 'China']
    """
    return default_regions().ancestors(code)


@checked
def add_region(
    code: str,
    *,
    name_en: str,
    name_zh: str,
    parent: str | None = None,
    level: RegionLevel | None = None,
) -> Region:
    """Add a region to the **process-wide** default registry and return it.

    The region is visible to every later lookup in the process (or, inside
    ``with isolated_regions():``, in that block only). See :meth:`RegionRegistry.add` for the
    arguments and the checks.

    Raises:
        UnknownCodeError: *parent* is not a known region.
        InvalidRecordError: A field is invalid, *code* is already there with different details,
            or *level* is not deeper than the parent's.
    """
    return default_regions().add(code, name_en=name_en, name_zh=name_zh, parent=parent, level=level)


@checked
def nanjing_districts() -> tuple[Region, ...]:
    """Nanjing's 11 districts (GB/T 2260), in code order, from the built-in data.

    Regions that users add under Nanjing are not included.

    >>> [d.name_zh for d in nanjing_districts()][:3]
    ['玄武区', '秦淮区', '建邺区']
    """
    return tuple(
        item
        for item in _builtin()
        if item.parent == _NANJING and item.level is RegionLevel.DISTRICT
    )
