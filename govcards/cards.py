"""Notes → cards, with the card keys DESIGN.md section 4 pins.

Card keys, never content, identify progress: editing a note's wording keeps its cards. The
prompt/answer text is computed here, from the note, each time a card is shown.
"""

from __future__ import annotations

import re

from govcards.model import (
    KIND_LABELS,
    BasicNote,
    CardFace,
    CaseNote,
    Note,
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
_PARENS = re.compile(r"[（）()]")
_PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门",
)  # fmt: skip
_CLAUSE_END = re.compile(r"[，。；！？,;!?：:]")


def card_keys(note: Note) -> list[str]:
    """The pinned keys of a note's cards, in the order they are introduced."""
    if isinstance(note, CaseNote):
        return ["recall", "identify"] if note.place else ["recall"]
    if isinstance(note, StructureNote):
        return ["outline"] + [f"point-{i}" for i, p in enumerate(note.points, 1) if p.detail]
    if isinstance(note, QuoteNote):
        keys = [f"blank-{i}" for i in range(1, len(note.blanks) + 1)] or ["recite"]
        return keys + (["source"] if note.ask_source and note.by else [])
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
    pieces = [compact, *(p for p in _PARENS.split(compact) if p)]
    variants: set[str] = set()
    for piece in pieces:
        province = next((p for p in _PROVINCES if piece.startswith(p) and len(piece) > len(p)), "")
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
                for suffix in _SUFFIXES:
                    stem = part.removesuffix(suffix)
                    if stem != part and len(stem) >= 2:
                        variants.add(stem)
                        break
    return sorted(variants, key=len, reverse=True)


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


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _bullets(items: tuple[str, ...]) -> str:
    """Circled numbers with no space after them, so long CJK lines wrap right after the mark."""
    return "\n".join(
        f"{CIRCLED[i] if i < len(CIRCLED) else f'{i + 1}.'}{item}" for i, item in enumerate(items)
    )


def _numbered(items: list[str] | tuple[str, ...]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def _case(note: CaseNote, deck_id: str, key: str) -> CardFace:
    parts = [f"【地点】{note.place}" if note.place else "", note.summary]
    if note.measures:
        parts.append("【做法】\n" + _bullets(note.measures))
    if note.effects:
        parts.append("【成效】\n" + _bullets(note.effects))
    full = "\n".join(p for p in parts if p)
    if key == "identify":
        hidden = quoted_names(note.title) + place_variants(note.place or "")
        return CardFace(
            deck_id,
            note.id,
            key,
            "case",
            KIND_LABELS["case"],
            prompt=f"{mask(note.summary, hidden)}\n—— 这是哪里的什么做法？",
            answer=f"{note.title}\n【地点】{note.place}",
            expected=note.title,
            place=note.place or "",
            name="".join(quoted_names(note.title)),
            mode="text",
        )
    expected = "".join([note.summary, *note.measures, *note.effects])
    return CardFace(
        deck_id,
        note.id,
        key,
        "case",
        KIND_LABELS["case"],
        prompt=f"【案例】{note.title} —— 说出做法与成效",
        answer=full,
        expected=expected,
        keys=note.keys,
        mode="keys" if note.keys else "text",
    )


def _structure(note: StructureNote, deck_id: str, key: str) -> CardFace:
    heads = [p.head for p in note.points]
    if key == "outline":
        return CardFace(
            deck_id,
            note.id,
            key,
            "structure",
            note.frame,
            prompt=f"【{note.frame}】{note.title} —— 列出 {len(heads)} 条要点",
            answer=_numbered(heads),
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
        prompt=f"【{note.frame}】{note.title} · 第{index}条 {point.head} —— 展开",
        answer=_numbered(point.detail),
        expected="".join(point.detail),
        heads=point.detail,
        mode="outline",
    )


def _quote(note: QuoteNote, deck_id: str, key: str) -> CardFace:
    by = f"\n—— {note.by}" if note.by else ""
    label = KIND_LABELS["quote"]
    if key == "source":
        return CardFace(
            deck_id,
            note.id,
            key,
            "quote",
            label,
            prompt=f"{note.text}\n—— 谁说的？",
            answer=note.by or "",
            expected=note.by or "",
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
        KIND_LABELS["basic"],
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
    return _basic(note, deck_id, key)
