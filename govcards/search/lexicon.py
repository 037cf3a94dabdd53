"""The small hand-kept vocabulary of the search: question boilerplate to ignore and 申论 synonyms.

Kept short and general on purpose: every entry is a word a candidate or an exam question uses
for the same idea, not a patch for one query.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that frame a 申论 question or join a sentence but say nothing about its subject.
STOP_WORDS: frozenset[str] = _words(
    """
    结合 给定资料 给定 资料 材料 谈谈 请 请你 如何 怎样 怎么 怎么样 分析 提出 对策 建议 措施
    字以内 字数 字 以内 不超过 要求 根据 概括 归纳 总结 阐述 论述 说明 认识 理解 看法 观点
    你的 自己 我们 谈 题目 条理 条理清晰 准确 全面 简明 简洁 清晰 有条理 内容 方面 哪些
    什么 为什么 为何 原因 意义 问题 做法 经验 启示 作用 影响 进行 相关 有关 以及 及其 还是
    一些 这些 那些 可以 应该 应当 需要 能够 必须 当前 目前 现在 其中 通过 关于 对于 由于
    因为 所以 并且 而且 以上 以下 左右 篇 文章 议论文 自拟 标题 联系 实际 简要 具体
    """
)

# Groups of words that 申论 material uses interchangeably; a query word brings in the others.
SYNONYMS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "减负 松绑 减压 负担 减轻负担",
        "数字 数据 大数据 智慧 智能 互联网 信息化 数字化 科技",
        "网格 网格员 网格化",
        "群众 居民 村民 百姓 老百姓 民众",
        "议事 协商 说事 商量",
        "矛盾 纠纷 调解",
        "下沉 下放 下移",
        "党建 党组织 党员",
        "放权 赋权 赋能",
        "形式主义 官僚主义",
        "乡村 农村",
        "参与 共治",
        "融合 合一 一体",
        "防灾 减灾 救灾 灾害 防汛 抗旱 洪涝 干旱 汛期",
        "应急 突发 疫情",
    )
)


def synonyms_of(word: str) -> set[str]:
    """The other words of every group ``word`` belongs to."""
    out: set[str] = set()
    for group in SYNONYMS:
        if word in group:
            out |= group
    out.discard(word)
    return out


def lexicon_words() -> set[str]:
    """Every word the lexicon names: the segmenters must know them to find or drop them."""
    words = set(STOP_WORDS)
    for group in SYNONYMS:
        words |= group
    return words


# Question words naming the frame a 申论 question asks for (frames: docs/deck-format.md).
FRAME_CUES: dict[str, tuple[str, ...]] = {
    "对策": ("对策", "建议", "措施", "如何", "怎样", "怎么"),
    "意义": ("意义", "作用", "价值"),
    "原因": ("原因", "为什么", "为何"),
    "问题": ("问题", "不足", "短板", "难点", "困境"),
    "启示": ("启示", "经验", "借鉴"),
    "特性": ("特性", "特点", "特征"),
    "路径": ("路径", "途径"),
}


def frames_asked(text: str) -> set[str]:
    """The frames a question asks for (对策 for 如何…, 原因 for 为什么…), from its wording."""
    return {frame for frame, cues in FRAME_CUES.items() if any(c in text for c in cues)}
