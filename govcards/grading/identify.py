"""identify cards: where was this practice, and what is it called?

The place counts at any level of its hierarchy (江阴 = 江阴市 = 江苏省江阴市 = 江苏), suffixes
optional. The name counts by its distinctive words: words every practice uses (社区, 制度,
模式, 机制, 平台 …) weigh little, so 武侯 积分银行 names 四川成都武侯区“社区积分银行”. The
right place with the name gives 4 or 5 in any order; the place alone at most 3; a place that
is not this one at most 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govcards.cards import PROVINCES, place_variants, quoted_names
from govcards.grading import words
from govcards.grading.diff import Comparison, compare
from govcards.grading.fold import keys, normalize
from govcards.grading.scale import suggest_grade

GENERIC_WORDS = (
    "社区", "制度", "模式", "机制", "体系", "工程", "计划", "改革", "试点", "建设", "平台",
    "中心", "工作法", "治理", "基层", "党建", "项目",
)  # fmt: skip
GENERIC_WEIGHT = 0.3
NAME_RIGHT = 0.75
NAME_PART = 0.4

_VAGUE = ("某", "部分", "多个", "各地")
_OTHER_PLACE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:省|市|县|区|镇)")
_NOT_PLACES = (
    "城市", "都市", "超市", "上市", "郡县", "社区", "小区", "园区", "景区", "城区", "辖区", "片区",
    "地区", "山区", "街区", "市区", "校区", "新区", "乡镇", "城镇", "村镇", "集镇", "重镇",
)  # fmt: skip


@dataclass(frozen=True)
class Identified:
    """What an identify answer got right: the place, another place, and the name's share."""

    place: bool
    wrong_place: bool
    name: float


def _places(place: str, title: str) -> set[str]:
    """Every normalised way to name the place, from the place and the title's opening."""
    opening = re.split('[“"「『‘]', title, maxsplit=1)[0]
    found = {normalize(v) for v in place_variants(place)}
    found |= {p for p in PROVINCES if p in opening or p in place}
    return {v for v in found if len(v) >= 2 and not any(w in v for w in _VAGUE)}


def _name_cover(name: str, typed: words.Keys) -> float:
    """Weighted share of the name that the typed answer covers; generic words weigh little."""
    name_keys = keys(name)
    if not name_keys:
        return 0.0
    flat = "".join(name_keys)
    weights = [1.0] * len(name_keys)
    if len(flat) == len(name_keys):  # one character per unit: mark generic words
        for word in GENERIC_WORDS:
            for match in re.finditer(re.escape(word), flat):
                for i in range(match.start(), match.end()):
                    weights[i] = GENERIC_WEIGHT
    marks = words.covered(name_keys, typed)
    return sum(m * w for m, w in zip(marks, weights, strict=True)) / sum(weights)


def identified(typed: str, place: str, name: str, title: str) -> Identified:
    typed_keys = keys(typed)
    flat = "".join(typed_keys)
    places = _places(place, title)
    hit = [v for v in places if v in flat]
    names = quoted_names(title) or ([name] if name else [])
    if not names:
        rest = title
        for variant in sorted(places, key=len, reverse=True):
            rest = rest.replace(variant, "")
        names = [rest]
    candidates = [*names, "".join(names)] if len(names) > 1 else names
    cover = max((_name_cover(n, typed_keys) for n in candidates), default=0.0)
    rest = flat
    for text in sorted([*hit, *(normalize(n) for n in names)], key=len, reverse=True):
        rest = rest.replace(text, "")
    title_flat = normalize(title)
    wrong = any(p in rest for p in PROVINCES) or any(
        m.group() not in title_flat and not m.group().endswith(_NOT_PLACES)
        for m in _OTHER_PLACE.finditer(rest)
    )
    return Identified(bool(hit), wrong, cover)


def identify_score(
    typed: str, place: str, name: str, title: str
) -> tuple[Comparison, Identified, float]:
    """The diff against the title, what was identified, and the 0..1 score."""
    found = identified(typed, place, name, title)
    if found.place and not found.wrong_place:
        if found.name >= 0.95:
            score = 1.0
        elif found.name >= NAME_RIGHT:
            score = 0.9
        elif found.name >= NAME_PART:
            score = 0.75
        else:
            score = 0.55
    elif found.place:  # the right place next to a wrong one: half sure
        score = 0.75 if found.name >= NAME_RIGHT else 0.5
    elif found.wrong_place:
        score = 0.3 if found.name >= NAME_RIGHT else 0.0
    elif found.name >= NAME_RIGHT:
        score = 0.75
    elif found.name >= NAME_PART:
        score = 0.55
    else:
        score = found.name / 2
    base = compare(typed, title)
    comparison = Comparison(
        base.typed, base.expected, base.similarity, base.segments, suggest_grade(score)
    )
    return comparison, found, score
