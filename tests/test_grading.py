"""govcards.grading piece by piece: folding, the diff, the grade scale, and each grader's rules.

The examiner-level expectations on bundled cards live in test_grading_table.py; here each rule
is pinned on small made-up texts so a failure points at one module.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcards import grading
from govcards.grading import (
    Segment,
    assess,
    compare,
    exact_score,
    identify_score,
    key_coverage,
    normalize,
    score_outline,
    source_score,
    split_heads,
    suggest_grade,
)
from govcards.grading.fold import units
from govcards.grading.lists import list_items
from govcards.model import CardFace

QUOTE = "基层强则国家强，基层安则天下安"
HEADS = ["建设骨干队伍", "强化监督力度", "完善党建体系"]
KEYS = ["1+10+N", "党员联户"]

HAS_OPENCC = grading._t2s() is not None

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
CJKISH_TEXT = st.text(
    alphabet=st.sampled_from(
        list("基层强则国家安天下建设骨干队伍党员联户1+0N一二十是第、，,;\n .（）“”省市区")
    ),
    max_size=40,
)


@pytest.fixture
def no_folding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if OpenCC were not installed."""
    monkeypatch.setattr("govcards.grading.fold._t2s", lambda: None)
    units.cache_clear()
    yield
    units.cache_clear()


def rebuild(segments: tuple[Segment, ...], *ops: str) -> str:
    return "".join(s.text for s in segments if s.op in ops)


# --- folding --------------------------------------------------------------------------------


def test_width_case_punctuation_and_spaces_fold_away() -> None:
    assert normalize("ＡＢＣ１２３") == normalize("abc123") == "abc123"
    assert normalize("“1＋10＋N”制度") == "1+10+n制度"
    assert normalize("增长5%") == "增长5%"
    assert normalize("“”‘’「」『』\"'《》〈〉【】（）()[]…—·！？。；： \u3000\t") == ""


@pytest.mark.parametrize(
    ("numerals", "digits"),
    [("最后一公里", "最后1公里"), ("十八届三中全会", "18届3中全会"), ("二十三", "23"),
     ("一百零五", "105"), ("第十条", "第10条")],
)  # fmt: skip
def test_chinese_numerals_equal_digits(numerals: str, digits: str) -> None:
    assert normalize(numerals) == normalize(digits)


def test_a_number_is_one_unit_that_remembers_its_original_span() -> None:
    found = units("第二十三次")
    assert [u.key for u in found] == ["第", "23", "次"]
    assert (found[1].start, found[1].end) == (1, 4)


@pytest.mark.skipif(not HAS_OPENCC, reason="OpenCC not installed")
def test_traditional_characters_fold_to_simplified() -> None:
    assert normalize("基層強則國家強") == "基层强则国家强"
    assert compare("基層強則國家強，基層安則天下安", QUOTE).similarity == 1.0


def test_without_opencc_traditional_characters_stay_as_typed(no_folding: None) -> None:
    assert normalize("基層") == "基層"


# --- the diff shows the learner's own characters ----------------------------------------------


def test_the_diff_shows_what_was_typed_not_the_folded_form() -> None:
    result = compare("最后1公里，ＡＢ", "最后一公里ab")
    assert result.similarity == 1.0
    assert result.segments == (Segment("equal", "最后1公里，ＡＢ"),)


def test_a_replacement_lists_the_deck_s_characters_then_the_learner_s() -> None:
    result = compare("基层强则国家墙", "基层强则国家强")
    assert result.segments == (
        Segment("equal", "基层强则国家"),
        Segment("missing", "强"),
        Segment("extra", "墙"),
    )
    assert result.similarity == pytest.approx(12 / 14)


def test_a_blank_answer_is_never_credited() -> None:
    assert compare("", QUOTE).suggested == 0
    assert compare("，。", "").similarity == 0.0


# --- grade scale ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [(1.0, 5), (0.9999, 4), (0.85, 4), (0.8499, 3), (0.7, 3), (0.5, 2), (0.2, 1), (0.19, 0),
     (math.nan, 0)],
)  # fmt: skip
def test_the_grade_table(score: float, grade: int) -> None:
    assert suggest_grade(score) == grade


# --- exact cards ------------------------------------------------------------------------------


def test_a_blank_with_one_changed_meaning_character_is_at_most_three() -> None:
    comparison, score = exact_score("重点和难点都在基层", "重心和难点都在基层", blank=True)
    assert comparison.suggested == 3
    assert suggest_grade(score) == 3


def test_a_blank_with_a_changed_function_character_loses_one_grade() -> None:
    comparison, _ = exact_score("制度建设与治理效能", "制度建设和治理效能", blank=True)
    assert comparison.suggested == 4


def test_a_long_recited_quote_with_one_slip_is_a_four() -> None:
    text = "加强和创新社会治理，推进社会治理体系和治理能力现代化，重心和难点都在基层。"
    typed = text.replace("推进", "推动", 1)
    assert exact_score(typed, text)[0].suggested == 4
    assert exact_score(typed.replace("重心", "重点"), text)[0].suggested == 3


def test_a_source_may_carry_a_title_or_an_occasion() -> None:
    assert source_score("习近平总书记", "习近平")[0].suggested == 5
    assert source_score("习近平在浙江考察时", "习近平")[0].suggested == 5
    assert source_score("罗先芝", "罗先芝（武汉市汉阳区夹河社区居民）")[0].suggested == 5
    assert source_score("李克强", "习近平")[0].suggested == 0


# --- outline heads ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "建设骨干队伍\n强化监督力度\n完善党建体系",
        "1. 建设骨干队伍\n2. 强化监督力度\n3. 完善党建体系",
        "1、建设骨干队伍；2、强化监督力度；3、完善党建体系",
        "（1）建设骨干队伍\n(2)强化监督力度\n【3】完善党建体系",
        "一、建设骨干队伍\n二、强化监督力度\n三、完善党建体系",
        "第一，建设骨干队伍；第二，强化监督力度；第三，完善党建体系",
        "一是建设骨干队伍，二是强化监督力度，三是完善党建体系",
        "①建设骨干队伍 \n②强化监督力度\n③完善党建体系",
        "首先，建设骨干队伍；其次，强化监督力度；最后，完善党建体系。",
        "- 建设骨干队伍\n- 强化监督力度\n\n- 完善党建体系\n",
        "建设骨干队伍 强化监督力度 完善党建体系",
    ],
)
def test_numbering_and_every_separator_are_understood(typed: str) -> None:
    assert split_heads(typed) == HEADS
    assert score_outline(typed, HEADS).suggested == 5


def test_numbers_that_belong_to_a_head_stay() -> None:
    assert split_heads("1+10+N制度\n1.5倍增长\n第一书记驻村\n最后一公里") == [
        "1+10+N制度",
        "1.5倍增长",
        "第一书记驻村",
        "最后一公里",
    ]


def test_a_head_with_a_comma_inside_is_one_head_not_an_extra() -> None:
    heads = ["注重微观创新，紧扣基层实际", "基层政府掌舵，吸引社会力量"]
    result = score_outline("注重微观创新，紧扣基层实际\n基层政府掌舵，吸引社会力量", heads)
    assert result.extra == ()
    assert result.suggested == 5
    assert result.matches[0].typed == "注重微观创新，紧扣基层实际"


def test_a_gist_in_other_words_counts() -> None:
    result = score_outline("骨干队伍建设\n监督力度强化\n党建体系完善", HEADS)
    assert [m.ok for m in result.matches] == [True, True, True]
    assert result.suggested == 5


def test_the_right_heads_in_the_wrong_order_lose_one_grade() -> None:
    result = score_outline("完善党建体系、建设骨干队伍、强化监督力度", HEADS)
    assert not result.in_order
    assert result.suggested == 4
    assert [m.typed_position for m in result.matches] == [1, 2, 0]


def test_each_missing_head_lowers_the_grade() -> None:
    grades = [
        score_outline("\n".join(HEADS[:n]), HEADS).suggested for n in range(len(HEADS), -1, -1)
    ]
    assert grades == sorted(grades, reverse=True)
    assert grades[0] == 5 and grades[-1] == 0
    assert len(set(grades)) == len(grades)


def test_unrelated_heads_score_nothing_and_are_reported() -> None:
    result = score_outline("加强宣传\n完善法律", HEADS)
    assert result.suggested == 0
    assert result.extra == ("加强宣传", "完善法律")


def test_a_word_every_head_shares_does_not_match_a_head() -> None:
    heads = ["加强基层组织", "完善基层制度", "创新基层技术"]
    assert score_outline("基层", heads).suggested == 0


# --- identify ---------------------------------------------------------------------------------

TITLE = "四川成都武侯区“社区积分银行”"
PLACE = "四川省成都市武侯区"


@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [
        ("武侯 积分银行", 4, 5),
        ("积分银行，成都", 4, 5),
        ("四川省成都市武侯区社区积分银行模式", 5, 5),
        ("成都武侯区", 1, 3),
        ("上海长宁区社区积分银行", 0, 1),
        ("社区积分银行", 2, 3),
        ("浙江温岭", 0, 1),
    ],
)
def test_identify_by_place_at_any_level_and_the_name(typed: str, low: int, high: int) -> None:
    comparison, _, score = identify_score(typed, PLACE, "社区积分银行", TITLE)
    assert low <= comparison.suggested <= high
    assert suggest_grade(score) == comparison.suggested


# --- recall -----------------------------------------------------------------------------------


def test_key_phrases_present_and_near_misses_counting_half() -> None:
    assert key_coverage("江阴推行1＋10＋N党员联户", KEYS).share == 1.0
    swapped = key_coverage("江阴推行1+10+N员党联户", KEYS)
    assert swapped.share == pytest.approx(0.75)
    assert swapped.near == ("党员联户",)
    assert key_coverage("党员连户", KEYS).share == pytest.approx(0.25)
    assert key_coverage("党联户", ["党员联户"]).share == 0.5  # one character left out inside
    assert key_coverage("员联户", ["党员联户"]).share == 0.0  # cut at its start: another word
    assert key_coverage("江阴", KEYS).share == 0.0


def test_recall_compares_with_the_line_when_the_card_has_one() -> None:
    card = CardFace("d", "n", "recall", "case", "案例", "p", "a", "很长的原文",
                    line="江阴推行党员联户制度，打通基层治理最后一米")  # fmt: skip
    assert assess(card, "江阴推行党员联户制度，打通基层治理最后一米").suggested == 5
    assert assess(card, "江阴推行党员联户制度").suggested < 5


# --- basic lists ------------------------------------------------------------------------------


def test_a_list_back_is_compared_item_by_item_in_any_order() -> None:
    assert list_items("自治、法治、德治") == ["自治", "法治", "德治"]
    assert list_items("基层是我国社会治理的基础，是国家治理的最末端") is None
    back = "自治、法治、德治"
    card = CardFace("d", "n", "front", "basic", "问答", "三治", back, back)
    for typed in ("自治 德治 法治", "法治，自治和德治", "德治、法治、自治"):
        assert assess(card, typed).suggested == 5
    assert assess(card, "自治 法治").suggested <= 3


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(typed=ANY_TEXT | CJKISH_TEXT, expected=ANY_TEXT | CJKISH_TEXT)
def test_compare_never_raises_and_its_runs_are_maximal(typed: str, expected: str) -> None:
    result = compare(typed, expected)
    assert 0.0 <= result.similarity <= 1.0
    assert all(s.text for s in result.segments)
    assert all(a.op != b.op for a, b in itertools.pairwise(result.segments))
    if not normalize(typed):
        assert result.suggested == 0


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT | CJKISH_TEXT)
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(
    typed=ANY_TEXT | CJKISH_TEXT,
    expected=ANY_TEXT | CJKISH_TEXT,
    heads=st.lists(ANY_TEXT | CJKISH_TEXT, max_size=5),
    kind_key=st.sampled_from(
        [("structure", "outline"), ("structure", "point-1"), ("case", "identify"),
         ("case", "recall"), ("quote", "blank-1"), ("quote", "recite"), ("quote", "source"),
         ("basic", "front")]
    ),
)  # fmt: skip
def test_assess_never_raises_and_its_score_and_grade_agree(
    typed: str, expected: str, heads: list[str], kind_key: tuple[str, str]
) -> None:
    kind, key = kind_key
    card = CardFace(
        "d", "n", key, kind, "x", "p", expected, expected,  # type: ignore[arg-type]
        heads=tuple(heads), keys=tuple(heads), place=expected[:4], name=expected[4:],
    )  # fmt: skip
    feedback = assess(card, typed)
    assert 0.0 <= feedback.score <= 1.0
    assert 0 <= feedback.suggested <= 5
    if not normalize(typed):
        assert feedback.suggested == 0
