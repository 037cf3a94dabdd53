"""Tests for govcards.grading: answer comparison, outline scoring, key coverage, grades."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcards import grading
from govcards.grading import (
    HEAD_THRESHOLD,
    Comparison,
    Segment,
    compare,
    key_coverage,
    normalize,
    score_outline,
    split_heads,
    suggest_grade,
)

QUOTE = "基层强则国家强，基层安则天下安"
QUOTE_NORM = "基层强则国家强基层安则天下安"
HEADS = ["建设骨干队伍", "强化监督力度", "完善党建体系"]
KEYS = ["1+10+N", "党员联户"]

HAS_OPENCC = grading._t2s() is not None  # the optional traditional→simplified folding

# Any string at all, including lone surrogates, controls and unassigned code points.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
# Text biased towards the material, so fuzzy paths (near misses, numbering) get exercised.
CJKISH_TEXT = st.text(
    alphabet=st.sampled_from(
        list("基层强则国家安天下建设骨干队伍党员联户1+0N一是第、，,;\n .（）")
    ),
    max_size=40,
)


@pytest.fixture
def no_folding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if OpenCC were not installed."""
    monkeypatch.setattr(grading, "_t2s", lambda: None)


def rebuild(segments: tuple[Segment, ...], *ops: str) -> str:
    return "".join(s.text for s in segments if s.op in ops)


# ---------------------------------------------------------------------------
# normalize / compare
# ---------------------------------------------------------------------------


def test_an_exact_quote_suggests_five() -> None:
    result = compare(QUOTE, QUOTE)
    assert result.similarity == 1.0
    assert result.suggested == 5
    assert result.segments == (Segment("equal", QUOTE_NORM),)


def test_one_wrong_character_in_a_quote_suggests_four() -> None:
    result = compare("基层强则国家墙，基层安则天下安", QUOTE)
    assert result.suggested == 4
    assert result.similarity == pytest.approx(26 / 28)
    assert Segment("missing", "强") in result.segments
    assert Segment("extra", "墙") in result.segments


def test_one_wrong_character_in_a_ten_character_answer_suggests_four() -> None:
    result = compare("打通基层治里最后一米", "打通基层治理最后一米")
    assert result.similarity == pytest.approx(0.9)
    assert result.suggested == 4


def test_two_wrong_characters_in_a_ten_character_answer_suggest_three() -> None:
    result = compare("打通基层治里最后一公", "打通基层治理最后一米")
    assert result.similarity == pytest.approx(0.8)
    assert result.suggested == 3


def test_half_of_the_quote_suggests_two() -> None:
    result = compare("基层强则国家强", QUOTE)
    assert result.similarity == pytest.approx(14 / 21)
    assert result.suggested == 2
    assert result.segments == (
        Segment("equal", "基层强则国家强"),
        Segment("missing", "基层安则天下安"),
    )


def test_full_width_and_half_width_punctuation_make_no_difference() -> None:
    typed = '"基层强则国家强,基层安则天下安"'
    expected = "“基层强则国家强，基层安则天下安”"
    result = compare(typed, expected)
    assert result.typed == result.expected == QUOTE_NORM
    assert result.suggested == 5


def test_spaces_tabs_and_ideographic_spaces_make_no_difference() -> None:
    result = compare(" 基层强则 国家强\u3000，\t基层安则\n天下安 ", QUOTE)
    assert result.similarity == 1.0
    assert result.suggested == 5


def test_full_width_letters_and_digits_fold_to_lower_case_ascii() -> None:
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("ABC") == normalize("abc") == "abc"


def test_plus_signs_survive_so_formulas_like_1_10_n_stay_intact() -> None:
    assert normalize("“1＋10＋N”制度") == "1+10+n制度"
    assert normalize("增长5%") == "增长5%"


def test_every_quote_and_bracket_style_is_dropped() -> None:
    assert normalize("“”‘’「」『』\"'《》〈〉【】（）()[]…—·！？。；：") == ""
    assert normalize("《关于加强基层治理的意见》") == "关于加强基层治理的意见"


@pytest.mark.skipif(not HAS_OPENCC, reason="traditional folding needs the optional opencc")
def test_a_traditional_variant_of_the_quote_is_exact_after_folding() -> None:
    assert normalize("基層強則國家強") == "基层强则国家强"
    result = compare("基層強則國家強，基層安則天下安", QUOTE)
    assert result.similarity == 1.0
    assert result.suggested == 5


def test_without_opencc_a_traditional_variant_is_only_a_near_miss(no_folding: None) -> None:
    result = compare("基層強則國家強", "基层强则国家强")
    assert result.typed == "基層強則國家強"
    assert result.similarity == pytest.approx(4 / 14)  # only 基 and 家 are shared
    assert result.suggested == 1
    assert Segment("extra", "層強則國") in result.segments


def test_a_blank_answer_scores_zero_with_the_whole_expected_text_missing() -> None:
    for blank in ("", "   ", "\n\t", "，。！“”"):
        result = compare(blank, QUOTE)
        assert result == Comparison("", QUOTE_NORM, 0.0, (Segment("missing", QUOTE_NORM),), 0)


def test_a_blank_answer_to_a_blank_expected_text_is_still_not_credited() -> None:
    result = compare("", "——")
    assert result.similarity == 0.0
    assert result.suggested == 0
    assert result.segments == ()


def test_a_replacement_lists_the_missing_run_before_the_extra_run() -> None:
    result = compare("党员连户", "党员联户")
    assert result.segments == (
        Segment("equal", "党员"),
        Segment("missing", "联"),
        Segment("extra", "连"),
        Segment("equal", "户"),
    )


def test_diff_segments_rebuild_both_the_typed_and_the_expected_text() -> None:
    result = compare("基层强，则国家墙基层安则天下安定", QUOTE)
    assert rebuild(result.segments, "equal", "extra") == result.typed
    assert rebuild(result.segments, "equal", "missing") == result.expected
    assert result.expected == QUOTE_NORM
    assert {s.op for s in result.segments} == {"equal", "missing", "extra"}


def test_lone_surrogates_and_control_characters_are_dropped_without_error() -> None:
    junk = "\ud800基層\x00强\u200b则\ufeff\udfff"
    assert normalize(junk) == ("基层强则" if HAS_OPENCC else "基層强则")
    assert compare(junk, "基层强则").suggested == (5 if HAS_OPENCC else 3)
    assert split_heads(junk + "\n建设骨干队伍")[-1] == "建设骨干队伍"
    assert key_coverage(junk, ["\ud800"]).share == 0.0


def test_a_long_repetitive_answer_is_still_diffed_quickly_and_completely() -> None:
    # Without the autojunk switch difflib needs minutes for this reversed periodic text.
    expected = QUOTE * 200
    result = compare(expected[::-1], expected)
    assert len(result.expected) == 2800
    assert rebuild(result.segments, "equal", "extra") == result.typed
    assert rebuild(result.segments, "equal", "missing") == result.expected
    assert result.suggested <= 1


# ---------------------------------------------------------------------------
# suggest_grade
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (1.0, 5),
        (0.9999, 4),
        (0.9, 4),
        (0.85, 4),
        (0.8499, 3),
        (0.7, 3),
        (0.6999, 2),
        (0.5, 2),
        (0.4999, 1),
        (0.2, 1),
        (0.1999, 0),
        (0.0, 0),
        (-1.0, 0),
        (math.nan, 0),
        (math.inf, 5),
    ],
)
def test_the_grade_table_maps_scores_to_the_documented_grades(score: float, grade: int) -> None:
    assert suggest_grade(score) == grade


# ---------------------------------------------------------------------------
# split_heads
# ---------------------------------------------------------------------------


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
    ],
)
def test_split_heads_strips_every_common_numbering_style(typed: str) -> None:
    assert split_heads(typed) == HEADS


def test_split_heads_keeps_numbers_that_belong_to_the_head() -> None:
    assert split_heads("1+10+N制度\n1.5倍增长\n第一书记驻村\n最后一公里") == [
        "1+10+N制度",
        "1.5倍增长",
        "第一书记驻村",
        "最后一公里",
    ]


def test_split_heads_does_not_split_on_spaces_inside_a_head() -> None:
    assert split_heads("建设 骨干队伍、强化监督力度") == ["建设 骨干队伍", "强化监督力度"]


def test_split_heads_of_blank_or_punctuation_only_text_is_empty() -> None:
    assert split_heads("") == []
    assert split_heads("\n，、；\n。。") == []


# ---------------------------------------------------------------------------
# score_outline
# ---------------------------------------------------------------------------


def test_heads_typed_in_order_one_per_line_suggest_five() -> None:
    result = score_outline("建设骨干队伍\n强化监督力度\n完善党建体系", HEADS)
    assert result.score == 1.0
    assert result.in_order
    assert result.suggested == 5
    assert result.extra == ()
    assert [m.typed_position for m in result.matches] == [0, 1, 2]
    assert all(m.ok and m.typed == m.expected for m in result.matches)


def test_heads_in_the_wrong_order_separated_by_dunhao_lose_one_grade() -> None:
    result = score_outline("完善党建体系、建设骨干队伍、强化监督力度", HEADS)
    assert result.score == 1.0
    assert not result.in_order
    assert result.suggested == 4
    assert [m.typed_position for m in result.matches] == [1, 2, 0]


def test_one_head_missing_scores_two_thirds_and_suggests_two() -> None:
    result = score_outline("建设骨干队伍\n强化监督力度", HEADS)
    assert result.score == pytest.approx(2 / 3)
    assert result.suggested == 2
    assert result.in_order
    missing = result.matches[2]
    assert (missing.expected, missing.typed, missing.ok, missing.typed_position) == (
        "完善党建体系",
        None,
        False,
        None,
    )


def test_a_head_with_one_wrong_character_still_matches_and_suggests_four() -> None:
    result = score_outline("建设骨干队伍\n强化监督力量\n完善党建体系", HEADS)
    near = result.matches[1]
    assert near.ok
    assert near.typed == "强化监督力量"
    assert near.similarity == pytest.approx(10 / 12)
    assert near.similarity >= HEAD_THRESHOLD
    assert result.score == pytest.approx((2 + 10 / 12) / 3)
    assert result.suggested == 4


def test_numbered_heads_1_2_3_score_as_if_unnumbered() -> None:
    result = score_outline("1. 建设骨干队伍\n2. 强化监督力度\n3. 完善党建体系", HEADS)
    assert result.score == 1.0
    assert result.suggested == 5
    assert result.matches[0].typed == "建设骨干队伍"


def test_heads_wrapped_in_quotes_with_full_width_semicolons_still_match() -> None:
    result = score_outline("“建设骨干队伍”；强化监督力度 ；完善党建体系。", HEADS)
    assert result.score == 1.0


def test_unexpected_typed_heads_are_reported_as_extra_and_not_penalised() -> None:
    result = score_outline("建设骨干队伍、优选党组织书记、强化监督力度、完善党建体系", HEADS)
    assert result.extra == ("优选党组织书记",)
    assert result.score == 1.0
    assert result.in_order
    assert result.matches[1].typed_position == 2


def test_a_weak_attempt_is_shown_against_its_head_as_a_near_miss() -> None:
    result = score_outline("建设骨干队伍\n监督", HEADS)
    near = result.matches[1]
    assert near.typed == "监督"
    assert not near.ok
    assert near.similarity == pytest.approx(0.5)
    assert result.extra == ()
    assert result.score == pytest.approx(1 / 3)


def test_matching_is_optimal_where_greedy_would_leave_a_head_unmatched() -> None:
    # Greedy takes the best pair first (typed 2 → head 1, 0.94) and then typed 1 fits
    # head 2 too poorly (0.57); the optimal pairing matches both heads.
    heads = ["健全基层治理体系", "健全基层治理机制"]
    result = score_outline("基层治理体系\n健全基层治理体系制", heads)
    assert [m.ok for m in result.matches] == [True, True]
    assert [m.typed_position for m in result.matches] == [0, 1]
    assert result.in_order


def test_identical_heads_typed_twice_are_never_reported_as_swapped() -> None:
    result = score_outline("建设骨干队伍\n建设骨干队伍", ["建设骨干队伍", "建设骨干队伍"])
    assert [m.typed_position for m in result.matches] == [0, 1]
    assert result.in_order
    assert result.suggested == 5


def test_a_wrong_order_penalty_never_drops_the_grade_to_zero() -> None:
    result = score_outline("乙、甲", ["甲", "乙", "丙", "丁", "戊", "己"])
    assert not result.in_order
    assert suggest_grade(result.score) == 1
    assert result.suggested == 1


def test_a_blank_outline_scores_zero() -> None:
    result = score_outline("", HEADS)
    assert result.score == 0.0
    assert result.suggested == 0
    assert all(m.typed is None for m in result.matches)


def test_an_outline_without_expected_heads_gives_no_credit() -> None:
    result = score_outline("建设骨干队伍", [])
    assert result.matches == ()
    assert result.extra == ("建设骨干队伍",)
    assert result.score == 0.0
    assert result.suggested == 0


# ---------------------------------------------------------------------------
# key_coverage
# ---------------------------------------------------------------------------


def test_both_keys_present_with_full_width_plus_signs_suggest_five() -> None:
    result = key_coverage("江阴推出党员联户“１＋１０＋ｎ”制度", KEYS)
    assert result.present == ("1+10+N", "党员联户")
    assert result.missing == ()
    assert result.share == 1.0
    assert result.suggested == 5


def test_one_of_two_keys_present_gives_half_and_suggests_two() -> None:
    result = key_coverage("推出1+10+N制度，打通最后一米", KEYS)
    assert result.present == ("1+10+N",)
    assert result.missing == ("党员联户",)
    assert result.share == 0.5
    assert result.suggested == 2


def test_a_four_character_key_with_one_wrong_character_counts_as_present() -> None:
    assert key_coverage("实行党员连户制度", ["党员联户"]).present == ("党员联户",)
    assert key_coverage("实行党员联系户制度", ["党员联户"]).present == ("党员联户",)
    assert key_coverage("实行党员户制度", ["党员联户"]).present == ("党员联户",)


def test_a_four_character_key_with_two_wrong_characters_is_missing() -> None:
    assert key_coverage("实行党圆连户制度", ["党员联户"]).missing == ("党员联户",)


def test_a_key_cut_short_at_its_start_is_not_counted() -> None:
    assert key_coverage("员联户", ["党员联户"]).missing == ("党员联户",)


def test_a_short_key_must_be_typed_exactly() -> None:
    result = key_coverage("党员在自己的责任天里精耕细作", ["责任田", "精耕细作"])
    assert result.present == ("精耕细作",)
    assert result.missing == ("责任田",)


def test_keys_that_normalise_alike_count_once_and_punctuation_keys_are_ignored() -> None:
    result = key_coverage("1+10+N", ["1+10+N", "１＋１０＋Ｎ", "——", "党员联户"])
    assert result.present == ("1+10+N",)
    assert result.missing == ("党员联户",)
    assert result.share == 0.5


def test_a_blank_answer_covers_no_keys() -> None:
    result = key_coverage("", KEYS)
    assert result.present == ()
    assert result.missing == tuple(KEYS)
    assert result.suggested == 0


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(typed=ANY_TEXT | CJKISH_TEXT, expected=ANY_TEXT | CJKISH_TEXT)
def test_compare_never_raises_and_its_diff_rebuilds_both_texts(typed: str, expected: str) -> None:
    result = compare(typed, expected)
    assert 0.0 <= result.similarity <= 1.0
    assert 0 <= result.suggested <= 5
    assert rebuild(result.segments, "equal", "extra") == result.typed == normalize(typed)
    assert rebuild(result.segments, "equal", "missing") == result.expected
    assert all(s.text for s in result.segments)
    assert all(a.op != b.op for a, b in zip(result.segments, result.segments[1:], strict=False))
    if not result.typed:
        assert result.suggested == 0


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT | CJKISH_TEXT)
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert not any(c.isspace() for c in once)


@settings(max_examples=200, deadline=None)
@given(typed=ANY_TEXT | CJKISH_TEXT, heads=st.lists(ANY_TEXT | CJKISH_TEXT, max_size=6))
def test_outline_scoring_never_raises_and_stays_in_range(typed: str, heads: list[str]) -> None:
    result = score_outline(typed, heads)
    typed_heads = split_heads(typed)
    assert len(result.matches) == len(heads)
    assert 0.0 <= result.score <= 1.0
    assert 0 <= result.suggested <= 5
    positions = [m.typed_position for m in result.matches if m.typed_position is not None]
    assert len(positions) == len(set(positions))  # one to one
    assert len(positions) + len(result.extra) == len(typed_heads)


@settings(max_examples=200, deadline=None)
@given(typed=ANY_TEXT | CJKISH_TEXT, keys=st.lists(ANY_TEXT | CJKISH_TEXT, max_size=6))
def test_key_coverage_never_raises_and_stays_in_range(typed: str, keys: list[str]) -> None:
    result = key_coverage(typed, keys)
    assert 0.0 <= result.share <= 1.0
    assert 0 <= result.suggested <= 5
    assert set(result.present) | set(result.missing) <= set(keys)


@given(score=st.floats(allow_nan=True, allow_infinity=True))
def test_suggest_grade_never_raises_and_stays_in_range(score: float) -> None:
    assert 0 <= suggest_grade(score) <= 5
