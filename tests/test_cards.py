"""Notes → cards: the pinned card keys of docs/deck-format.md and what each card shows."""

from __future__ import annotations

import pytest

from govcards.cards import BLANK_CHAR, MASK, card_keys, face, first_clause, place_variants
from govcards.decks import parse_deck
from govcards.model import BasicNote, CaseNote, Point, QuoteNote, StructureNote

from .conftest import SMALL_DECK

pytestmark = pytest.mark.usefixtures("chinese")  # the prompts asserted are Chinese

JIANGYIN = CaseNote(
    id="jiangyin",
    title="江苏江阴党员联户“1+10+N”制度",
    place="江苏省江阴市",
    summary="江苏省江阴市推出党员联户“1+10+N”制度，江阴的1名先锋党员联系10名左右党员，"
    "带动江苏各地联系服务N户群众。",
    measures=("先锋党员联系党员", "党员联系服务群众"),
    effects=("打通基层治理的“最后一米”",),
    keys=("1+10+N", "党员联户"),
)
DUICE = StructureNote(
    id="duice",
    title="强化基层党建的对策",
    points=(
        Point("建设骨干队伍", ("优选党组织书记", "加强村干部教育")),
        Point("强化监督力度"),
        Point("完善党建体系", ("强化基层党建责任机制", "健全基层党建共建体系")),
    ),
)
GONGLI = QuoteNote(
    id="gongli",
    text="基层党组织是贯彻落实党中央决策部署的“最后一公里”，不能出现“断头路”",
    by="习近平",
    blanks=("最后一公里", "断头路"),
)


# --- card keys ------------------------------------------------------------------------------


def test_case_with_a_place_has_recall_and_identify() -> None:
    assert card_keys(JIANGYIN) == ["recall", "identify"]


def test_case_without_a_place_has_recall_only() -> None:
    assert card_keys(CaseNote(id="c", title="“枫桥经验”", summary="小事不出村")) == ["recall"]


def test_structure_has_outline_and_a_point_card_per_head_with_detail() -> None:
    assert card_keys(DUICE) == ["outline", "point-1", "point-3"]


def test_structure_without_any_detail_has_outline_only() -> None:
    bare = StructureNote(id="s", title="意义", points=(Point("甲"), Point("乙")))
    assert card_keys(bare) == ["outline"]


def test_quote_has_a_blank_card_per_blank() -> None:
    assert card_keys(GONGLI) == ["blank-1", "blank-2"]


def test_quote_without_blanks_has_recite() -> None:
    assert card_keys(QuoteNote(id="q", text="基层强则国家强，基层安则天下安")) == ["recite"]


def test_quote_with_ask_source_adds_source() -> None:
    asked = QuoteNote(id="q", text="基层强则国家强", by="习近平", ask_source=True)
    assert card_keys(asked) == ["recite", "source"]
    both = QuoteNote(
        id="q", text="基层强则国家强", by="习近平", blanks=("国家强",), ask_source=True
    )
    assert card_keys(both) == ["blank-1", "source"]


def test_basic_has_front_and_with_reverse_back() -> None:
    assert card_keys(BasicNote(id="b", front="问", back="答")) == ["front"]
    assert card_keys(BasicNote(id="b", front="问", back="答", reverse=True)) == ["front", "back"]


def test_card_keys_of_the_small_deck() -> None:
    deck, problems = parse_deck("small.yaml", SMALL_DECK.encode())
    assert deck is not None and not problems
    assert {n.id: card_keys(n) for n in deck.notes} == {
        "jiangyin": ["recall", "identify"],
        "dangjian-duice": ["outline", "point-1", "point-3"],
        "zuihou-yigongli": ["blank-1", "blank-2", "source"],
        "santi-heyi": ["front", "back"],
    }


def test_face_refuses_a_key_the_note_does_not_have() -> None:
    with pytest.raises(KeyError):
        face(DUICE, "d", "point-2")
    with pytest.raises(KeyError):
        face(JIANGYIN, "d", "outline")


# --- case cards -----------------------------------------------------------------------------


def test_recall_of_a_v1_case_asks_with_the_title_minus_its_keys_and_answers_everything() -> None:
    card = face(JIANGYIN, "jiceng-dangjian", "recall")
    assert card.prompt == "【案例】江苏江阴＿＿“＿＿”制度 —— 说出做法与成效"
    for part in ("江苏省江阴市", JIANGYIN.summary, "先锋党员联系党员", "打通基层治理的“最后一米”"):
        assert part in card.answer
    assert card.keys == ("1+10+N", "党员联户")
    assert card.kind == "case" and card.label == "案例"
    assert (card.deck_id, card.note_id, card.key) == ("jiceng-dangjian", "jiangyin", "recall")


def test_identify_masks_the_place_its_parts_and_the_quoted_name() -> None:
    card = face(JIANGYIN, "d", "identify")
    for hidden in ("江苏省", "江阴市", "江阴", "江苏", "1+10+N"):
        assert hidden not in card.prompt
    assert MASK in card.prompt
    assert "推出党员联户" in card.prompt
    assert "先锋党员联系10名左右党员" in card.prompt
    assert card.prompt.endswith("这是哪里的什么做法？")
    assert "江苏江阴党员联户“1+10+N”制度" in card.answer
    assert "江苏省江阴市" in card.answer


def test_identify_merges_adjacent_masks_into_one() -> None:
    card = face(JIANGYIN, "d", "identify")
    assert MASK + MASK not in card.prompt
    assert card.prompt.startswith(MASK + "推出党员联户")


def test_identify_masks_city_names_that_end_in_zhou() -> None:
    case = CaseNote(
        id="sandun",
        title="杭州三墩镇“城市大脑”",
        place="浙江省杭州市三墩镇",
        summary="杭州市三墩镇打造“城市大脑”平台，三墩镇的做法在浙江推广。",
    )
    prompt = face(case, "d", "identify").prompt
    for hidden in ("杭州", "三墩", "浙江", "城市大脑"):
        assert hidden not in prompt
    assert "平台" in prompt


@pytest.mark.parametrize(
    ("place", "parts"),
    [
        ("江苏省江阴市", {"江苏省江阴市", "江苏省", "江苏", "江阴市", "江阴"}),
        ("北京市东城区", {"北京市", "北京", "东城区", "东城"}),
        ("浙江省杭州市", {"杭州市", "杭州", "浙江"}),
        ("江西省赣州市赣县区", {"赣州市", "赣州", "赣县区", "赣县"}),
        ("浙江省桐乡市高桥镇", {"桐乡市", "桐乡", "高桥镇", "高桥"}),
    ],
)
def test_place_variants_cover_each_part_and_its_stem(place: str, parts: set[str]) -> None:
    assert parts <= set(place_variants(place))


def test_identify_masks_a_name_in_ascii_quotes_too() -> None:
    case = CaseNote(
        id="pinggu",
        title='北京平谷"街乡吹哨,部门报到"',
        place="北京市平谷区",
        summary="平谷区推行街乡吹哨,部门报到，北京各区推广。",
    )
    prompt = face(case, "d", "identify").prompt
    assert "街乡吹哨" not in prompt and "平谷" not in prompt and "北京" not in prompt
    assert "各区推广" in prompt


# --- structure cards ------------------------------------------------------------------------


def test_outline_lists_the_heads_in_order() -> None:
    card = face(DUICE, "d", "outline")
    assert card.prompt == "【对策】强化基层党建的对策 —— 列出 3 条要点"
    assert card.answer == "1. 建设骨干队伍\n2. 强化监督力度\n3. 完善党建体系"
    assert card.heads == ("建设骨干队伍", "强化监督力度", "完善党建体系")
    assert card.mode == "outline"


def test_point_cards_are_numbered_by_head_position() -> None:
    third = face(DUICE, "d", "point-3")
    assert third.prompt == "【对策】强化基层党建的对策 · 第3条 完善党建体系 —— 展开"
    assert third.answer == "1. 强化基层党建责任机制\n2. 健全基层党建共建体系"
    first = face(DUICE, "d", "point-1")
    assert "第1条 建设骨干队伍" in first.prompt
    assert first.heads == ("优选党组织书记", "加强村干部教育")


def test_outline_uses_the_frame_of_the_structure() -> None:
    yiyi = StructureNote(id="y", title="强化基层党建的意义", frame="意义", points=DUICE.points)
    assert face(yiyi, "d", "outline").prompt.startswith("【意义】")
    assert face(yiyi, "d", "outline").label == "意义"


# --- quote cards ----------------------------------------------------------------------------


def test_blank_masks_one_mark_per_character_of_that_blank_only() -> None:
    first = face(GONGLI, "d", "blank-1")
    assert "“＿＿＿＿＿”" in first.prompt
    assert BLANK_CHAR * 6 not in first.prompt
    assert "最后一公里" not in first.prompt
    assert "断头路" in first.prompt
    assert first.prompt.endswith("—— 习近平")
    assert first.expected == "最后一公里"
    assert first.highlight == "最后一公里"
    assert first.answer.startswith(GONGLI.text)

    second = face(GONGLI, "d", "blank-2")
    assert "“＿＿＿”" in second.prompt
    assert "最后一公里" in second.prompt
    assert "断头路" not in second.prompt
    assert second.expected == "断头路"


def test_recite_shows_the_first_clause_and_an_ellipsis() -> None:
    quote = QuoteNote(id="q", text="基层强则国家强，基层安则天下安", by="习近平")
    card = face(quote, "d", "recite")
    assert card.prompt == "基层强则国家强……\n—— 习近平"
    assert card.expected == quote.text
    assert quote.text in card.answer


def test_recite_of_a_one_clause_quote_does_not_give_the_answer_away() -> None:
    quote = QuoteNote(id="q", text="积极打通基层治理的最后一米。")
    prompt = face(quote, "d", "recite").prompt
    assert prompt.endswith("……")
    assert "最后一米" not in prompt
    assert first_clause("积极打通基层治理的最后一米") == "积极打通"


def test_source_asks_who_said_it() -> None:
    quote = QuoteNote(id="q", text="基层强则国家强", by="习近平", ask_source=True)
    card = face(quote, "d", "source")
    assert card.prompt == "基层强则国家强\n—— 谁说的？"
    assert card.answer == "习近平"
    assert card.expected == "习近平"


# --- basic cards ----------------------------------------------------------------------------


def test_front_and_back_cards_swap_question_and_answer() -> None:
    note = BasicNote(id="b", front="“三治合一”指哪三治？", back="自治、法治、德治", reverse=True)
    front = face(note, "d", "front")
    back = face(note, "d", "back")
    assert (front.prompt, front.answer) == ("“三治合一”指哪三治？", "自治、法治、德治")
    assert (back.prompt, back.answer) == ("自治、法治、德治", "“三治合一”指哪三治？")
    assert front.label == "问答"


# --- literal text ---------------------------------------------------------------------------


def test_markup_in_card_text_stays_literal() -> None:
    note = BasicNote(id="b", front="[bold]加粗[/bold]是什么？", back="[red]不是标记[/]")
    card = face(note, "d", "front")
    assert card.prompt == "[bold]加粗[/bold]是什么？"
    assert card.answer == "[red]不是标记[/]"
    quote = QuoteNote(id="q", text="[bold]基层[/bold]强则国家强", blanks=("国家强",))
    assert face(quote, "d", "blank-1").prompt == "[bold]基层[/bold]强则＿＿＿"
    structure = StructureNote(id="s", title="[i]对策[/i]", points=(Point("[b]甲"), Point("乙")))
    outline = face(structure, "d", "outline")
    assert "[i]对策[/i]" in outline.prompt
    assert outline.answer.startswith("1. [b]甲")
