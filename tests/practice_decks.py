"""Two small format 1.1 decks for the filter, drill and practice tests: themes, priorities,
a topic id used by both decks, and a question bank that uses material of both."""

from __future__ import annotations

from pathlib import Path

THEMED_DECK = """\
deck: 练习 · 党建与数字
id: lianxi
topics:
  zongshu: 综述
notes:
  - id: yl-quote
    kind: quote
    topic: zongshu
    themes: [dangjian]
    text: 基层党组织是贯彻落实党中央决策部署的“最后一公里”，不能出现“断头路”
    by: 习近平
  - id: yl-case
    kind: case
    topic: zongshu
    themes: [dangjian]
    title: 江苏江阴党员联户“1+10+N”制度
    name: 党员联户“1+10+N”制度
    line: 江阴以党员联户“1+10+N”制度把党员联系群众落到每一户
    place: 江苏省江阴市
    summary: 1名先锋党员联系10名左右党员、联系服务N户群众。
  - id: yl-duice
    kind: structure
    frame: 对策
    topic: zongshu
    themes: [dangjian]
    title: 党建引领基层治理的对策
    points:
      - head: 建强骨干队伍
      - head: 压实监督责任
      - head: 完善党建体系
  - id: yl-basic
    kind: basic
    themes: [dangjian]
    priority: extra
    front: 党员联户中的N指什么？
    back: N户群众
  - id: sz-case
    kind: case
    themes: [shuzi]
    priority: extra
    title: 浙江“最多跑一次”改革
    name: 最多跑一次
    line: 浙江以“最多跑一次”改革让数据多跑路、群众少跑腿
    place: 浙江省
    summary: 浙江推进政务服务数据共享，群众办事最多跑一次。
  - id: sz-duice
    kind: structure
    frame: 对策
    themes: [shuzi]
    title: 数字赋能基层治理的对策
    points:
      - head: 打通数据壁垒
      - head: 建好智慧平台
  - id: q-dangjian
    kind: question
    prompt: 结合给定资料，就如何以党建引领基层治理提出对策。
    frame: 对策
    themes: [dangjian]
    uses: [lianxi/yl-duice, lianxi/yl-case, lianxi/yl-quote]
  - id: q-shuzi
    kind: question
    prompt: 请就数字赋能基层治理提出对策。
    frame: 对策
    themes: [shuzi]
    uses: [lianxi/sz-duice, lianxi/sz-case]
"""

OTHER_DECK = """\
deck: 练习 · 其他
id: qita
topics:
  zongshu: 综述
notes:
  - id: qt-basic
    kind: basic
    topic: zongshu
    themes: [shuzi]
    front: 数字赋能的“数”指什么？
    back: 数据
"""


def write_decks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lianxi.yaml").write_text(THEMED_DECK, encoding="utf-8")
    (folder / "qita.yaml").write_text(OTHER_DECK, encoding="utf-8")
    return folder
