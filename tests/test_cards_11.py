"""Cards from the format 1.1 fields (docs/deck-format.md): identify masks every giveaway, recall
names the practice without its key phrases and compares with ``line``, source asks the occasion."""

from __future__ import annotations

import pytest

from govcards.cards import (
    MASK,
    card_keys,
    duplicate_identify_prompts,
    face,
    name_words,
    people_named,
    place_variants,
)
from govcards.model import CaseNote, Deck, QuestionNote, QuoteNote

pytestmark = pytest.mark.usefixtures("chinese")  # the prompts asserted are Chinese

JIANGYIN = CaseNote(
    id="jiangyin",
    title="江苏江阴党员联户“1+10+N”制度",
    place="江苏省江阴市",
    name="党员联户“1+10+N”制度",
    line="江阴以党员联户织密服务网，打通基层治理“最后一米”",
    summary="江苏省江阴市推出党员联户“1+10+N”制度，江阴的1名先锋党员联系10名左右党员；"
    "1+10+N让党员联户覆盖江苏全省。",
    measures=("先锋党员联系党员",),
    effects=("打通基层治理的“最后一米”",),
    keys=("织密服务网",),
)


# --- identify -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "forms"),
    [
        ("江苏省江阴市", {"江苏省", "江苏", "江阴市", "江阴"}),
        ("浙江省宁波市象山县", {"浙江", "宁波市", "宁波", "象山县", "象山"}),
        ("浙江省桐乡市高桥镇", {"桐乡市", "桐乡", "高桥镇", "高桥"}),
        ("常州市金坛区西城街道北门社区", {"常州", "金坛区", "金坛", "西城街道", "西城", "北门"}),
        ("浙江省安吉县余村", {"安吉县", "安吉", "余村"}),
        ("湖北省恩施土家族苗族自治州", {"湖北", "恩施州", "恩施"}),
        ("北京市；广东省深圳市", {"北京", "深圳市", "深圳", "广东"}),
        ("新疆乌鲁木齐", {"新疆", "乌鲁木齐"}),
    ],
)
def test_place_variants_cover_every_level_with_and_without_its_suffix(
    place: str, forms: set[str]
) -> None:
    variants = set(place_variants(place))
    assert forms <= variants
    assert all(len(v) >= 2 for v in variants)
    assert not any(v[0] in "；;、，," for v in variants)


@pytest.mark.parametrize(
    ("place", "summary", "kept"),
    [
        ("浙江省宁波市象山县", "象山县推行“村民说事”，宁波各县学习，浙江推广。", "推行"),
        ("常州市金坛区西城街道北门社区", "西城街道北门社区在金坛率先试点，常州推广。", "率先试点"),
        ("湖北省恩施土家族苗族自治州", "恩施州实行三治融合，恩施经验在湖北推广。", "三治融合"),
    ],
)  # fmt: skip
def test_identify_masks_every_form_of_the_place(place: str, summary: str, kept: str) -> None:
    note = CaseNote(id="c", title="做法", place=place, summary=summary)
    prompt = face(note, "d", "identify").prompt
    for form in place_variants(place):
        assert form not in prompt
    assert kept in prompt and MASK in prompt


def test_identify_masks_each_distinctive_word_of_the_name() -> None:
    prompt = face(JIANGYIN, "d", "identify").prompt
    for hidden in ("党员联户", "1+10+N", "江阴", "江苏"):
        assert hidden not in prompt
    assert "先锋党员联系10名左右党员" in prompt


def test_name_words_are_its_distinctive_parts_not_its_generic_ending() -> None:
    assert set(name_words("党员联户“1+10+N”制度")) == {"党员联户“1+10+N”制度", "党员联户", "1+10+N"}
    assert "街乡吹哨" in name_words("街乡吹哨，部门报到")
    assert "部门报到" in name_words("街乡吹哨，部门报到")
    words = name_words("社区“1+T”物业长效管理模式")
    assert {"1+T", "物业长效管理模式", "物业长效"} <= set(words)
    assert "社区" not in words and "模式" not in words


def test_identify_masks_the_people_a_case_names() -> None:
    note = CaseNote(
        id="li",
        title="常州金坛北门社区李富琴“1+T”物业管理",
        place="常州市金坛区西城街道北门社区",
        summary="社区主任李富琴坚持手机全天在线，创新“1+T”物业管理；居民都说李富琴是“女管家”。",
    )
    assert people_named(note) == ["李富琴"]
    prompt = face(note, "d", "identify").prompt
    assert "李富琴" not in prompt and "1+T" not in prompt
    assert "坚持手机全天在线" in prompt


def test_a_person_before_tongzhi_is_masked_too() -> None:
    note = CaseNote(
        id="w", title="老书记调解", place="浙江省诸暨市", summary="王德明同志在村里调解纠纷。"
    )
    assert "王德明" not in face(note, "d", "identify").prompt


def test_identify_expects_place_and_name_and_shows_the_title_as_reference() -> None:
    card = face(JIANGYIN, "d", "identify")
    assert (card.place, card.name) == ("江苏省江阴市", "党员联户“1+10+N”制度")
    assert card.expected == "江苏省江阴市党员联户“1+10+N”制度"
    assert "江苏江阴党员联户“1+10+N”制度" in card.answer
    assert card.prompt.endswith("这是哪里的什么做法？")


def test_a_v1_case_without_name_expects_the_names_quoted_in_its_title() -> None:
    v1 = CaseNote(id="p", title="北京平谷“街乡吹哨，部门报到”", place="北京市平谷区", summary="甲")
    assert face(v1, "d", "identify").name == "街乡吹哨，部门报到"


def test_duplicate_identify_prompts_are_found_and_distinct_ones_pass() -> None:
    def case(note_id: str, place: str, name: str) -> CaseNote:
        summary = f"{place}的“{name}”入选乡村治理典型案例。"
        return CaseNote(id=note_id, title=f"“{name}”", place=place, name=name, summary=summary)

    same = Deck(
        "d",
        "牌组",
        (
            case("a", "北京市顺义区", "村规民约推进协同治理"),
            case("b", "天津市宝坻区", "深化基层民主协商"),
            CaseNote(id="c", title="甲", place="河北省邯郸市", summary="河北省邯郸市的做法。"),
        ),
    )
    assert duplicate_identify_prompts([same]) == [["d/a", "d/b"]]
    other = Deck("e", "另一个", (case("x", "浙江省象山县", "村民说事"),))
    assert duplicate_identify_prompts([other]) == []


# --- recall -------------------------------------------------------------------------------------


def test_recall_names_the_practice_and_compares_with_the_line() -> None:
    card = face(JIANGYIN, "d", "recall")
    assert card.prompt == "【案例】党员联户“1+10+N”制度 —— 说出做法与成效"
    assert card.line == JIANGYIN.line and card.expected == JIANGYIN.line
    lines = card.answer.splitlines()
    assert lines[0] == f"【一句话】{JIANGYIN.line}"
    for part in ("江苏省江阴市", JIANGYIN.summary, "先锋党员联系党员", "打通基层治理的“最后一米”"):
        assert part in card.answer


def test_recall_masks_a_key_phrase_that_the_name_contains() -> None:
    note = CaseNote(
        id="x",
        title="象山“村民说事”",
        place="浙江省象山县",
        name="“村民说事”议事制度",
        summary="甲",
        keys=("村民说事",),
    )
    prompt = face(note, "d", "recall").prompt
    assert "村民说事" not in prompt and "议事制度" in prompt


def test_recall_names_the_place_when_masking_leaves_nothing_to_go_by() -> None:
    note = CaseNote(
        id="x", title="甲", place="浙江省象山县", name="村民说事", summary="甲", keys=("村民说事",)
    )
    assert face(note, "d", "recall").prompt == "【案例】浙江省象山县 · ＿＿ —— 说出做法与成效"


# --- source and questions -----------------------------------------------------------------------


def test_source_asks_speaker_and_occasion_and_answers_both() -> None:
    quote = QuoteNote(
        id="q",
        text="社会治理的重心必须落到城乡社区",
        by="习近平",
        cite="2014年全国两会参加上海代表团审议",
        ask_source=True,
    )
    card = face(quote, "d", "source")
    assert card.prompt == "社会治理的重心必须落到城乡社区\n—— 谁说的？在什么场合？"
    assert card.answer == "习近平\n2014年全国两会参加上海代表团审议"
    assert "习近平" in card.expected and "上海代表团" in card.expected


def test_a_question_makes_no_review_cards() -> None:
    question = QuestionNote(id="q", prompt="如何以党建引领基层治理？", uses=("d/a",))
    assert card_keys(question) == []
    with pytest.raises(KeyError):
        face(question, "d", "front")
