"""Notes → cards, with the card keys docs/deck-format.md pins.

Card keys, never content, identify progress: editing a note's wording keeps its cards. The
prompt/answer text is computed here, from the note, each time a card is shown. A card must not
give its answer away: an identify prompt masks every form of the place, the words of the
practice's name and the people named; a recall prompt masks the answer's key phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from govcards.i18n import N_, _
from govcards.model import (
    KIND_LABELS,
    BasicNote,
    CardFace,
    CaseNote,
    Deck,
    Note,
    QuestionNote,
    QuoteNote,
    StructureNote,
)

MASK = "＿＿"
BLANK_CHAR = "＿"
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|「([^」]+)」|『([^』]+)』|‘([^’]+)’")
_PLACE_PART = re.compile(  # 州, 县 and 乡 end a part only when no suffix follows: 杭州市, 桐乡市
    r".+?(?:特别行政区|自治区|自治州|自治县|省|市|州(?![省市区县])|盟|区|县(?![市区])|旗|镇"
    r"|乡(?![市区县镇])|街道|村|社区)"
)
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "省",
    "市",
    "州",
    "盟",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
    "街道",
    "村",
    "社区",
)
_LONGEST_SUFFIX_FIRST = sorted(_SUFFIXES, key=len, reverse=True)  # 北门社区 → 北门, not 北门社
_PARENS = re.compile(r"[（）()；;、，,\s]")  # parts in parentheses, several places in a list
_ETHNIC_AUTONOMY = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,3}?族)+自治(州|县|旗)$")
PROVINCES = (  # province-level names: a place starting with one names its province too
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门",
)  # fmt: skip
_CLAUSE_END = re.compile(r"[，。；！？,;!?：:]")
# a name splits into its distinctive parts at quotes, punctuation and spaces
_NAME_SPLIT = re.compile(r"[“”\"「」『』‘’'《》〈〉（）()【】、，,；;：:·・—\-\s/]+")
_ASCII_RUN = re.compile(r"[0-9A-Za-z][0-9A-Za-z+＋.]*[0-9A-Za-z]|[0-9A-Za-z]")
# words any practice may end with: the part before them is what names it
_GENERIC_ENDINGS = (
    "工作机制", "工作模式", "工作法", "管理模式", "治理模式", "服务模式", "制度", "模式", "机制",
    "做法", "体系", "经验", "工程", "行动", "改革", "平台", "品牌",
)  # fmt: skip
# parts too common to hide: masking them would blank half of any summary
_GENERIC_PARTS = frozenset(
    ("社区", "基层", "乡村", "农村", "城市", "党建", "治理", "服务", "管理", "群众", "党员", "村民")
)
_NOT_DISTINCTIVE = _GENERIC_PARTS | frozenset(_GENERIC_ENDINGS)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
_ROLES = (
    "书记|主任|村长|组长|镇长|乡长|县长|区长|市长|局长|所长|站长|队长|主席|委员|代表|网格员"
    "|调解员|民警|干部|党员|楼长|院长|校长|医生|教师|老师|志愿者"
)
_PERSON_AFTER_ROLE = re.compile(f"(?:{_ROLES})([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})")
_PERSON_BEFORE = re.compile(f"([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})(?=同志|等人)")


def card_keys(note: Note) -> list[str]:
    """The pinned keys of a note's cards, in the order they are introduced."""
    if isinstance(note, CaseNote):
        return ["recall", "identify"] if note.place else ["recall"]
    if isinstance(note, StructureNote):
        return ["outline"] + [f"point-{i}" for i, p in enumerate(note.points, 1) if p.detail]
    if isinstance(note, QuoteNote):
        keys = [f"blank-{i}" for i in range(1, len(note.blanks) + 1)] or ["recite"]
        return keys + (["source"] if note.ask_source and note.by else [])
    if isinstance(note, QuestionNote):
        return []  # a question is answered in `practice`, not reviewed as a card
    return ["front", "back"] if note.reverse else ["front"]


def quoted_names(title: str) -> list[str]:
    """Names written in quotes in a title (“街乡吹哨，部门报到”): what an identify card hides."""
    return [next(g for g in m.groups() if g) for m in _QUOTED.finditer(title)]


def place_variants(place: str) -> list[str]:
    """A place and the parts a text may use for it: 江苏省江阴市 → 江苏省, 江苏, 江阴市, 江阴.

    Parenthesised parts (杭州高新区（滨江）) and a leading province written without its
    suffix (新疆乌鲁木齐) are split off too, so that no part of the place leaks.
    """
    compact = place.replace(" ", "")
    parts = [p for p in _PARENS.split(compact) if p]
    listed = re.search(r"[；;、，,]", compact) is not None  # a list of places is not one place
    pieces = parts if listed else [compact, *parts]
    variants: set[str] = set()
    for piece in pieces:
        province = next((p for p in PROVINCES if piece.startswith(p) and len(piece) > len(p)), "")
        rest = piece[len(province) :]
        for suffix in ("特别行政区", "自治区", "省", "市"):
            if province and rest.startswith(suffix):
                rest = rest[len(suffix) :]
                break
        for candidate in (piece, province, rest):
            if len(candidate) < 2:
                continue
            variants.add(candidate)
            for part in _PLACE_PART.findall(candidate):
                variants.add(part)
                autonomous = _ETHNIC_AUTONOMY.match(part)
                if autonomous:  # 恩施土家族苗族自治州 is written 恩施州 and 恩施
                    variants.update((autonomous[1], autonomous[1] + autonomous[2]))
                for suffix in _LONGEST_SUFFIX_FIRST:
                    stem = part.removesuffix(suffix)
                    if stem != part and len(stem) >= 2:
                        variants.add(stem)
                        break
    return sorted(variants, key=len, reverse=True)


def name_words(name: str) -> list[str]:
    """The distinctive parts of a practice's name, each of which would give the answer away:
    党员联户“1+10+N”制度 → 党员联户“1+10+N”制度, 党员联户, 1+10+N (制度 alone names nothing).
    """
    words = {name.strip()} if len(name.strip()) >= 2 else set()
    for part in _NAME_SPLIT.split(name):
        words.update(run for run in _ASCII_RUN.findall(part) if len(run) >= 2)
        stem = part
        for ending in _GENERIC_ENDINGS:
            if stem.endswith(ending) and len(stem) > len(ending):
                stem = stem.removesuffix(ending)
                break
        for candidate in (part, stem):
            if len(candidate) >= 2 and candidate not in _NOT_DISTINCTIVE:
                words.add(candidate)
    return sorted(words, key=len, reverse=True)


def people_named(note: CaseNote) -> list[str]:
    """People a case names (社区主任李富琴, 王强同志): their names would identify the place.

    A name is 2–3 characters after a role word or before 同志; when a three-character reading
    and a two-character one both fit, the form the title uses wins, else both are hidden.
    """
    text = "\n".join([note.summary, *note.measures, *note.effects])
    found: set[str] = set()
    for match in [*_PERSON_AFTER_ROLE.finditer(text), *_PERSON_BEFORE.finditer(text)]:
        person = match.group(1)
        forms = [person] if len(person) == 2 else [person, person[:2]]
        in_title = [f for f in forms if f in note.title or f in (note.name or "")]
        found.update(in_title[:1] or forms)
    return sorted(found, key=len, reverse=True)


def giveaways(note: CaseNote) -> list[str]:
    """Everything an identify prompt must not show: the place in every form, the name's words,
    the names quoted in the title and the people named."""
    phrases = place_variants(note.place or "")
    phrases += name_words(note.name or "")
    for quoted in quoted_names(note.title):
        phrases += name_words(quoted)
    phrases += people_named(note)
    return sorted({p for p in phrases if p}, key=len, reverse=True)


def practice_name(note: CaseNote) -> str:
    """The practice's own name; for a v1 note, the names quoted in its title, else the title."""
    return note.name or "、".join(quoted_names(note.title)) or note.title


def mask(text: str, phrases: list[str]) -> str:
    """Hide every occurrence of the phrases, longest first so that parts never leak."""
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        text = text.replace(phrase, MASK)
    return re.sub(f"(?:{MASK})+", MASK, text)


def first_clause(text: str) -> str:
    """The opening clause; a third of the text when the first clause would be all of it."""
    match = _CLAUSE_END.search(text)
    if match and match.start() > 0 and any(c.isalnum() for c in text[match.end() :]):
        return text[: match.start()]
    return text[: max(1, len(text) // 3)]


KIND_NAMES = {
    "case": N_("case"),
    "structure": N_("structure"),
    "quote": N_("quote"),
    "basic": N_("basic"),
    "question": N_("question"),
}


def kind_label(kind: str) -> str:
    """A kind as the reader's language names it (KIND_LABELS holds the Chinese)."""
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else KIND_LABELS.get(kind, kind)


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _bullets(items: tuple[str, ...]) -> str:
    """Circled numbers with no space after them, so long CJK lines wrap right after the mark."""
    return "\n".join(
        f"{CIRCLED[i] if i < len(CIRCLED) else f'{i + 1}.'}{item}" for i, item in enumerate(items)
    )


def _numbered(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _case(note: CaseNote, deck_id: str, key: str) -> CardFace:
    if key == "identify":
        return _identify(note, deck_id)
    parts = [
        _("[One line] {line}").format(line=note.line) if note.line else "",
        _("[Place] {place}").format(place=note.place) if note.place else "",
        note.summary,
    ]
    if note.measures:
        parts.append(_("[Measures]") + "\n" + _bullets(note.measures))
    if note.effects:
        parts.append(_("[Effects]") + "\n" + _bullets(note.effects))
    expected = note.line or "".join([note.summary, *note.measures, *note.effects])
    return CardFace(
        deck_id,
        note.id,
        key,
        "case",
        kind_label("case"),
        prompt=_("[Case] {label} — tell the measures and their effects").format(
            label=recall_label(note)
        ),
        answer="\n".join(p for p in parts if p),
        expected=expected,
        keys=note.keys,
        line=note.line or "",
        mode="keys" if note.keys else "text",
    )


def recall_label(note: CaseNote) -> str:
    """How a recall card names its case: the name (v1: the title) with the answer's key phrases
    masked; the place goes in front when the mask leaves too little to tell which case it is."""
    label = mask(note.name or note.title, list(note.keys))
    if sum(c.isalnum() for c in label.replace(MASK, "")) < 2 and note.place:
        label = f"{note.place} · {label}"
    return label


def _identify(note: CaseNote, deck_id: str) -> CardFace:
    place, name = note.place or "", practice_name(note)
    return CardFace(
        deck_id,
        note.id,
        "identify",
        "case",
        kind_label("case"),
        prompt=f"{mask(note.summary, giveaways(note))}\n{_('— where is this, and what practice?')}",
        answer=_("[Place] {place}\n[Practice] {name}\n[Title] {title}").format(
            place=place, name=name, title=note.title
        ),
        expected=f"{place}{name}",
        place=place,
        name=name,
        mode="text",
    )


def identify_prompts(decks: Iterable[Deck]) -> dict[str, list[str]]:
    """Every identify prompt of a set of decks → the cards (DECK/NOTE) that show it."""
    prompts: dict[str, list[str]] = {}
    for deck in decks:
        for note in deck.notes:
            if isinstance(note, CaseNote) and "identify" in card_keys(note):
                prompt = face(note, deck.id, "identify").prompt
                prompts.setdefault(prompt, []).append(f"{deck.id}/{note.id}")
    return prompts


def duplicate_identify_prompts(decks: Iterable[Deck]) -> list[list[str]]:
    """Identify cards that cannot be told apart: the same prompt for different answers."""
    return [cards for cards in identify_prompts(decks).values() if len(cards) > 1]


def _structure(note: StructureNote, deck_id: str, key: str) -> CardFace:
    heads = [p.head for p in note.points]
    if key == "outline":
        return CardFace(
            deck_id,
            note.id,
            key,
            "structure",
            note.frame,
            prompt=_("[{frame}] {title} — list {count} points").format(
                frame=note.frame, title=note.title, count=len(heads)
            ),
            answer=_numbered(heads) + (_description(note.description) if note.description else ""),
            expected="".join(heads),
            heads=tuple(heads),
            mode="outline",
        )
    index = int(key.removeprefix("point-"))
    point = note.points[index - 1]
    return CardFace(
        deck_id,
        note.id,
        key,
        "structure",
        note.frame,
        prompt=_("[{frame}] {title} · point {index} {head} — expand").format(
            frame=note.frame, title=note.title, index=index, head=point.head
        ),
        answer=_numbered(point.detail),
        expected="".join(point.detail),
        heads=point.detail,
        mode="outline",
    )


def _description(description: str) -> str:
    return "\n" + _("({description})").format(description=description)


def _quote(note: QuoteNote, deck_id: str, key: str) -> CardFace:
    by = f"\n—— {note.by}" if note.by else ""
    label = kind_label("quote")
    if key == "source":
        ask = _("Who said it, and on what occasion?") if note.cite else _("Who said it?")
        return CardFace(
            deck_id,
            note.id,
            key,
            "quote",
            label,
            prompt=f"{note.text}\n—— {ask}",
            answer="\n".join(p for p in (note.by, note.cite) if p),
            expected="，".join(p for p in (note.by, note.cite) if p),
        )
    if key == "recite":
        return CardFace(
            deck_id,
            note.id,
            key,
            "quote",
            label,
            prompt=f"{first_clause(note.text)}……{by}",
            answer=note.text + by,
            expected=note.text,
        )
    blank = note.blanks[int(key.removeprefix("blank-")) - 1]
    return CardFace(
        deck_id,
        note.id,
        key,
        "quote",
        label,
        prompt=note.text.replace(blank, BLANK_CHAR * len(blank)) + by,
        answer=note.text + by,
        expected=blank,
        highlight=blank,
    )


def _basic(note: BasicNote, deck_id: str, key: str) -> CardFace:
    front, back = (note.front, note.back) if key == "front" else (note.back, note.front)
    return CardFace(
        deck_id,
        note.id,
        key,
        "basic",
        kind_label("basic"),
        prompt=front,
        answer=back,
        expected=back,
    )


def face(note: Note, deck_id: str, key: str) -> CardFace:
    """The prompt and answer of one card of a note."""
    if key not in card_keys(note):
        raise KeyError(f"note '{note.id}' has no card '{key}'")
    if isinstance(note, CaseNote):
        return _case(note, deck_id, key)
    if isinstance(note, StructureNote):
        return _structure(note, deck_id, key)
    if isinstance(note, QuoteNote):
        return _quote(note, deck_id, key)
    assert isinstance(note, BasicNote)  # a question has no cards: card_keys refused it above
    return _basic(note, deck_id, key)
