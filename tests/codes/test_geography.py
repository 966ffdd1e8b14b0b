"""Regions: the built-in GB/T 2260 codes, the hierarchy, and users' own regions."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veteran_services.codes import (
    REGIONS_SOURCE,
    REGIONS_VERSION,
    Region,
    RegionLevel,
    RegionRegistry,
    add_region,
    ancestors,
    default_regions,
    is_region,
    isolated_regions,
    label,
    nanjing_districts,
    region,
    regions,
)
from veteran_services.errors import InvalidRecordError, UnknownCodeError

DISTRICTS = [
    ("320102", "玄武区", "Xuanwu District"),
    ("320104", "秦淮区", "Qinhuai District"),
    ("320105", "建邺区", "Jianye District"),
    ("320106", "鼓楼区", "Gulou District"),
    ("320111", "浦口区", "Pukou District"),
    ("320113", "栖霞区", "Qixia District"),
    ("320114", "雨花台区", "Yuhuatai District"),
    ("320115", "江宁区", "Jiangning District"),
    ("320116", "六合区", "Luhe District"),
    ("320117", "溧水区", "Lishui District"),
    ("320118", "高淳区", "Gaochun District"),
]


@pytest.fixture
def registry() -> Iterator[RegionRegistry]:
    """A private default registry: what a test adds does not leak into other tests."""
    with isolated_regions() as private:
        yield private


def test_nanjing_has_eleven_districts() -> None:
    districts = nanjing_districts()
    assert [(d.code, d.name_zh, d.name_en) for d in districts] == DISTRICTS
    assert all(d.parent == "320100" and d.level is RegionLevel.DISTRICT for d in districts)


def test_built_in_hierarchy() -> None:
    assert region("CN") == Region(
        code="CN", name_en="China", name_zh="中国", level=RegionLevel.COUNTRY
    )
    jiangsu = region("320000")
    assert (jiangsu.name_zh, jiangsu.parent, jiangsu.level) == ("江苏省", "CN", "province")
    nanjing = region("320100")
    assert (nanjing.name_zh, nanjing.parent, nanjing.level) == ("南京市", "320000", "prefecture")
    assert len(regions()) == 14


def test_ancestors_walk_up_to_the_country() -> None:
    assert [r.code for r in ancestors("320115")] == ["320115", "320100", "320000", "CN"]
    assert [r.code for r in ancestors("CN")] == ["CN"]


@given(st.sampled_from([code for code, _, _ in DISTRICTS] + ["320100", "320000", "CN"]))
def test_ancestors_are_linked_and_rise_in_level(code: str) -> None:
    chain = ancestors(code)
    assert chain[0].code == code
    assert chain[-1].parent is None
    for child, parent in itertools.pairwise(chain):
        assert child.parent == parent.code
        assert child.level.depth > parent.level.depth


def test_unknown_region_suggests_siblings() -> None:
    with pytest.raises(UnknownCodeError) as info:
        region("320103")  # Baixia District, merged into Qinhuai in 2013
    error = info.value
    assert error.code_list == "regions"
    assert error.suggestions[:2] == ("320102", "320104")
    assert all(s.startswith("3201") for s in error.suggestions)


@pytest.mark.parametrize(
    ("code", "first"),
    [("南京", "320100"), ("Nanjing", "320100"), ("江宁区", "320115"), (" 320102", "320102")],
)
def test_unknown_region_suggests_a_region_by_name(code: str, first: str) -> None:
    with pytest.raises(UnknownCodeError) as info:
        region(code)
    assert info.value.suggestions[0] == first


def test_level_labels() -> None:
    assert label(RegionLevel.DISTRICT) == "District or county"
    assert label(RegionLevel.PREFECTURE, lang="zh") == "地级"


def test_add_region_infers_the_level_below_its_parent(registry: RegionRegistry) -> None:
    street = add_region("320115001", name_en="Dongshan Subdistrict", name_zh="东山街道",
                        parent="320115")  # fmt: skip
    assert street.level is RegionLevel.TOWNSHIP
    assert region("320115001") is street
    assert [r.code for r in ancestors("320115001")][1:] == ["320115", "320100", "320000", "CN"]
    assert registry.children("320115") == (street,)


def test_add_region_adds_a_new_root_country(registry: RegionRegistry) -> None:
    us = add_region("US", name_en="United States", name_zh="美国")
    assert us.level is RegionLevel.COUNTRY
    assert us.parent is None
    state = add_region("US-CA", name_en="California", name_zh="加利福尼亚州", parent="US")
    assert state.level is RegionLevel.PROVINCE


def test_add_region_is_idempotent_for_identical_details(registry: RegionRegistry) -> None:
    first = add_region("US", name_en="United States", name_zh="美国")
    assert add_region("US", name_en="United States", name_zh="美国") is first
    assert add_region("320102", name_en="Xuanwu District", name_zh="玄武区", parent="320100") == (
        region("320102")
    )


def test_add_region_rejects_a_conflicting_duplicate(registry: RegionRegistry) -> None:
    with pytest.raises(InvalidRecordError, match="already registered") as info:
        add_region("320102", name_en="Xuanwu", name_zh="玄武区", parent="320100")
    assert info.value.field == "code"
    assert region("320102").name_en == "Xuanwu District"


def test_add_region_requires_a_known_parent(registry: RegionRegistry) -> None:
    with pytest.raises(UnknownCodeError) as info:
        add_region("320199", name_en="Nowhere", name_zh="无", parent="320199x")
    assert info.value.code == "320199x"
    assert not is_region("320199")


def test_add_region_requires_a_level_below_the_parent(registry: RegionRegistry) -> None:
    with pytest.raises(InvalidRecordError, match="below the parent's level") as info:
        add_region("320100X", name_en="X", name_zh="某", parent="320100",
                   level=RegionLevel.PREFECTURE)  # fmt: skip
    assert info.value.field == "level"


def test_add_region_cannot_infer_a_level_below_a_township(registry: RegionRegistry) -> None:
    add_region("320115001", name_en="Dongshan Subdistrict", name_zh="东山街道", parent="320115")
    with pytest.raises(InvalidRecordError, match="cannot be inferred"):
        add_region("320115001001", name_en="A community", name_zh="某社区", parent="320115001")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "32 01"}, "code"),
        ({"name_en": ""}, "name_en"),
        ({"name_zh": " 某区"}, "name_zh"),
        ({"parent": "X1"}, "parent"),
        ({"level": "district"}, "level"),
    ],
)
def test_region_validates_its_fields(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "code": "X1",
        "name_en": "X",
        "name_zh": "某",
        "level": RegionLevel.DISTRICT,
        "parent": "320100",
    } | changes
    with pytest.raises(InvalidRecordError) as info:
        Region(**values)  # type: ignore[arg-type]
    assert info.value.field == field


def test_isolated_regions_keeps_additions_in_the_block() -> None:
    outer = default_regions()
    with isolated_regions() as private:
        add_region("US", name_en="United States", name_zh="美国")
        assert default_regions() is private
        assert is_region("US")
        assert "US" not in outer
    assert default_regions() is outer
    assert not is_region("US")


def test_isolated_regions_accepts_a_given_registry() -> None:
    mine = RegionRegistry([Region(code="X", name_en="X", name_zh="某", level=RegionLevel.COUNTRY)])
    with isolated_regions(mine):
        assert [r.code for r in regions()] == ["X"]
        with pytest.raises(UnknownCodeError):
            region("320100")
    assert is_region("320100")


def test_registries_are_independent() -> None:
    a = RegionRegistry.builtin()
    b = a.copy()
    a.add("US", name_en="United States", name_zh="美国")
    assert "US" in a
    assert "US" not in b
    assert "US" not in default_regions()
    assert len(b) == 14
    assert [r.code for r in b] == [r.code for r in regions()]
    assert repr(b) == "<RegionRegistry of 14 regions>"


def test_registry_requires_parents_first() -> None:
    child = Region(code="B", name_en="B", name_zh="乙", level=RegionLevel.PROVINCE, parent="A")
    parent = Region(code="A", name_en="A", name_zh="甲", level=RegionLevel.COUNTRY)
    assert [r.code for r in RegionRegistry([parent, child])] == ["A", "B"]
    with pytest.raises(UnknownCodeError):
        RegionRegistry([child, parent])


def test_nanjing_districts_ignore_user_additions(registry: RegionRegistry) -> None:
    add_region("320199", name_en="New District", name_zh="新区", parent="320100")
    assert len(nanjing_districts()) == 11
    assert len(registry.children("320100")) == 12


def test_version_and_source() -> None:
    assert "GB/T 2260" in REGIONS_VERSION
    assert "GB/T 2260" in REGIONS_SOURCE
